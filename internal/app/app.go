// Package app is redline's application layer: it opens a repository with
// its configuration and rules, and runs the pipeline for each thing the
// command line and the web view ask of it (Log, Show, Diff, Blame,
// Changelog, Resolve, the serve.Backend). It decides the cache
// directories and their pruning. It prints nothing and knows no exit
// codes: warnings and notes go to the Reporter its caller supplies, and
// errors come back, with a hint where one helps (a Hint() string method).
package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/config"
	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/langpath"
	"github.com/digdir/redline/internal/release"
)

// Options are what opening a project takes: the command line's global
// flags.
type Options struct {
	Repo       string // the repository to read (work tree or bare)
	ConfigFile string // "" = redline.yaml at the repository root
	CacheDir   string // "" = redline in the user cache directory
	NoCache    bool   // read and write no cache
	Limits     document.Limits
	Reporter   Reporter // warnings, notes and progress; nil = none
	// Paths are the paths the command line names (-- PATH), if any: with
	// them, nothing is said of the tracked paths the configuration leaves
	// to their default.
	Paths []string
}

// Message is a warning or note that does not stop the run. Its texts
// repeat paths and words from a repository nobody has vetted: whoever
// shows them escapes them.
type Message struct {
	Kind string // "warning" or "note"
	Text string
	Hint string // a line that says what to do about it; "" for none
	// Aside is worth saying only to a person at a terminal.
	Aside bool
}

// Reporter receives what the work has to say while it runs. Report is
// called one message at a time.
type Reporter interface {
	Report(Message)
	// Progress is called when long work starts; the returned func is
	// called when it ends.
	Progress(p Progress) (stop func())
}

// Progress is long work under way, as a progress line shows it.
type Progress struct {
	What  string       // "walking", "classifying"
	Unit  string       // what Done counts, in the singular: "commit"
	Total int64        // how many there are to do; 0 when not known
	Done  func() int64 // how many are done so far
	// Listed, when set, counts instead of Total the work listed so far
	// while a walk lists it, and says when the walk is over.
	Listed func() (n int64, over bool)
	// At names the one at hand, such as a short commit hash; nil or ""
	// for none.
	At func() string
}

type silent struct{}

func (silent) Report(Message)                  {}
func (silent) Progress(Progress) (stop func()) { return func() {} }

// App is an opened repository with its configuration and rules.
type App struct {
	opts  Options
	repo  *history.Repo
	root  string // repo's work tree, "" when bare
	cfg   *config.Config
	rules *classify.Rules
	count atomic.Int64 // commits walked, for the progress line

	mu        sync.Mutex             // the web view classifies concurrently: guards what follows
	overrides []release.OverrideSpec // loaded by classify
	warnings  int                    // reported by warn, for check --strict
	resolved  *release.Changelog     // built once, for version ids in Resolve
	walked    *history.Log           // the whole history, as versions walked it
}

// Open opens the repository of opts with its configuration and rules.
func Open(opts Options) (*App, error) {
	if opts.Reporter == nil {
		opts.Reporter = silent{}
	}
	repo, err := history.Open(opts.Repo)
	if err != nil {
		return nil, err
	}
	cfg, err := LoadConfig(opts.ConfigFile, repo.Root())
	if err == nil {
		err = LoadHugo(cfg, repo.Root())
	}
	if err != nil {
		repo.Close()
		return nil, err
	}
	layout, err := cfg.Layout()
	if err != nil {
		repo.Close()
		return nil, err
	}
	// Every stage reads languages from paths through langpath: the
	// repository's layout is in force from here, before any page is read.
	langpath.Use(layout)
	r, err := Rules(cfg)
	if err != nil {
		repo.Close()
		return nil, err
	}
	r.Limits = opts.Limits
	noteLexicons(opts.Reporter, r)
	noteHugo(opts.Reporter, cfg)
	a := &App{opts: opts, repo: repo, root: repo.Root(), cfg: cfg, rules: r}
	a.defaultPaths()
	return a, nil
}

// contentRoots are the folders the site's pages are in: the content
// directories of its languages, and the content directory when a
// language has none of its own; none within another, "." for the whole
// repository.
func contentRoots(cfg *config.Config) []string {
	var dirs []string
	for _, d := range cfg.Site.ContentDirs {
		dirs = append(dirs, d)
	}
	own := len(dirs) > 0
	for _, lang := range cfg.Languages {
		if _, ok := cfg.Site.ContentDirs[lang]; !ok {
			own = false
		}
	}
	if !own {
		dirs = append(dirs, cfg.Site.ContentDir)
	}
	slices.Sort(dirs)
	var out []string
	for _, d := range dirs {
		if d == "." || d == "" {
			return []string{"."}
		}
		if n := len(out); n > 0 && (d == out[n-1] || strings.HasPrefix(d, out[n-1]+"/")) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// NoContentNote is said when the default paths, [content], are widened to
// the whole repository.
const NoContentNote = "no content/ folder here: tracking every Markdown file in the repository (set paths: in redline.yaml to choose)"

// defaultPaths widens the default tracked paths, [content], to the whole
// repository when it has no content/ folder (no documents there at HEAD,
// or, before the first commit, no content/ in the work tree): a
// documentation repository outside Hugo. Paths the configuration sets are
// kept; the note is left out when the command line names paths of its own.
//
// A site whose content is elsewhere (Hugo's contentDir, a content
// directory per language) tracks its content directories.
func (a *App) defaultPaths() {
	if a.cfg.PathsSet || len(a.cfg.Paths) != 1 || a.cfg.Paths[0] != "content" {
		return
	}
	if roots := contentRoots(a.cfg); !slices.Equal(roots, []string{"content"}) {
		if slices.Equal(roots, []string{"."}) {
			roots = a.everything()
		}
		a.cfg.Paths = roots
		return
	}
	if a.hasContent() {
		return
	}
	a.cfg.Paths = a.everything()
	if len(a.opts.Paths) == 0 {
		a.report(Message{Kind: "note", Text: NoContentNote})
	}
}

// everything tracks the whole repository but the changelog's output
// directory (output.dir): redline does not track what it writes.
func (a *App) everything() []string {
	dir := strings.Trim(a.cfg.Output.Dir, "/")
	if dir == "" || dir == "." || filepath.IsAbs(dir) || strings.HasPrefix(dir, "../") || dir == ".." {
		return nil // the whole tree
	}
	// The root ("") first: whoever reads the list as path prefixes
	// (blame's check of a path it is given) still finds every path
	// under it.
	return []string{"", ":(exclude,literal)" + dir}
}

// hasContent says whether the repository has Markdown documents in
// content/ at HEAD; without commits, whether its work tree has content/.
// When in doubt (HEAD cannot be read), it says yes: the commands then
// report the trouble as they always have.
func (a *App) hasContent() bool {
	head, err := a.repo.Resolve("HEAD")
	if err != nil {
		if a.root == "" {
			return true
		}
		_, err := os.Lstat(filepath.Join(a.root, "content"))
		return err == nil
	}
	files, err := a.repo.Files(head, []string{"content"})
	return err != nil || len(files) > 0
}

// Track restricts the tracked documents to paths (git pathspecs, as the
// command line's -- PATH names them: paths, globs, excludes; see
// history.Pathspec) for all that follows; none keeps those of the
// configuration.
func (a *App) Track(paths []string) {
	if len(paths) > 0 {
		a.cfg.Paths = append([]string(nil), paths...)
	}
}

// Close closes the repository.
func (a *App) Close() error { return a.repo.Close() }

// Config is the configuration in use.
func (a *App) Config() *config.Config { return a.cfg }

// Rules are the classification rules in use.
func (a *App) Rules() *classify.Rules { return a.rules }

// Warnings counts the warnings reported so far.
func (a *App) Warnings() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.warnings
}

// Path resolves a path from the configuration against the repository root.
func (a *App) Path(rel string) string {
	if rel == "" || filepath.IsAbs(rel) || a.repo.Root() == "" {
		return rel
	}
	return filepath.Join(a.repo.Root(), rel)
}

// warn reports a warning that does not stop the run, and counts it.
func (a *App) warn(format string, args ...any) {
	a.say("warning", fmt.Sprintf(format, args...))
}

// say reports one message of a kind ("warning", "note"), one at a time.
func (a *App) say(kind, msg string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if kind == "warning" {
		a.warnings++
	}
	a.opts.Reporter.Report(Message{Kind: kind, Text: msg})
}

// report passes a message on uncounted.
func (a *App) report(m Message) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.opts.Reporter.Report(m)
}

// hinted is an error with a line that says how to fix it.
type hinted struct {
	msg, hint string
	err       error
}

func (h *hinted) Error() string { return h.msg }
func (h *hinted) Hint() string  { return h.hint }
func (h *hinted) Unwrap() error { return h.err }

// errorf builds an error with a hint.
func errorf(hint, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &hinted{msg: err.Error(), hint: hint, err: errors.Unwrap(err)}
}

// plural counts n of a thing, in its singular (one) or plural (many) form:
// "1 revision is", "2 revisions are".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func short(hash string) string {
	if len(hash) > 10 {
		return hash[:10]
	}
	return hash
}
