package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/config"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/serve"
)

// project is an opened repository with its configuration and rules.
type project struct {
	g     *globalOptions
	repo  *history.Repo
	root  string // repo's work tree, "" when bare
	cfg   *config.Config
	rules *classify.Rules
	count atomic.Int64 // commits walked, for the progress line

	mu        sync.Mutex             // the web view classifies concurrently: guards what follows
	overrides []release.OverrideSpec // loaded by classify
	warnings  int                    // printed by warn, for check --strict
	resolved  *release.Changelog     // built once, for version ids in resolve
}

// warn prints a warning that does not stop the run, and counts it. It is
// put on one line with control characters escaped: it repeats paths and
// texts from a repository nobody has vetted.
func (p *project) warn(format string, args ...any) {
	p.say("warning", fmt.Sprintf(format, args...))
}

// say prints one line of a kind ("warning", "note") on stderr, escaped as
// warn's, one at a time.
func (p *project) say(kind, msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if kind == "warning" {
		p.warnings++
	}
	fmt.Fprintf(p.g.streams.Err, "redline: %s: %s\n", kind, oneLine(msg))
}

func (g *globalOptions) openProject() (*project, error) {
	repo, err := g.openRepo()
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: err}
	}
	cfg, err := g.loadConfig(repo.Root())
	if err != nil {
		repo.Close()
		return nil, &exitError{code: ExitUsage, err: err}
	}
	r, err := rules(cfg)
	if err != nil {
		repo.Close()
		return nil, &exitError{code: ExitUsage, err: err}
	}
	r.Limits = g.limits
	g.noteLexicons(r)
	return &project{g: g, repo: repo, root: repo.Root(), cfg: cfg, rules: r}, nil
}

func (p *project) Close() error { return p.repo.Close() }

// path resolves a path from the configuration against the repository root.
func (p *project) path(rel string) string {
	if rel == "" || filepath.IsAbs(rel) || p.repo.Root() == "" {
		return rel
	}
	return filepath.Join(p.repo.Root(), rel)
}

// walk lists the revisions of the tracked documents, with a progress line
// on a terminal when the walk takes more than a second.
func (p *project) walk(ctx context.Context, rangeSpec string, paths []string, full bool) (*history.Log, error) {
	if len(paths) == 0 {
		paths = p.cfg.Paths
	}
	stop := p.progress("reading history")
	defer stop()
	log, err := p.repo.Log(ctx, history.Options{
		Paths:       paths,
		Range:       rangeSpec,
		FullHistory: full,
		CacheDir:    p.g.cache(),
		Progress:    p.tick,
		SkipEmpty:   true,
	})
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: err}
	}
	if log.Shallow {
		fmt.Fprintf(p.g.streams.Err, "redline: warning: %s is a shallow clone: only the revisions present here (%d) are listed\nhint: run 'git fetch --unshallow' for the whole history\n",
			p.g.repo, len(log.Revisions))
	}
	for _, n := range log.Notes {
		fmt.Fprintf(p.g.streams.Err, "redline: note: %s\n", oneLine(n))
	}
	return log, nil
}

// classified walks and classifies the history.
func (p *project) classified(ctx context.Context, rangeSpec string, paths []string, full bool) ([]changes.Entry, *history.Log, error) {
	log, err := p.walk(ctx, rangeSpec, paths, full)
	if err != nil {
		return nil, nil, err
	}
	entries, err := p.classify(ctx, log.Revisions)
	return entries, log, err
}

// classify classifies revisions and reports the documents it had to skip.
func (p *project) classify(ctx context.Context, revs []history.Revision) ([]changes.Entry, error) {
	entries := make([]changes.Entry, 0, len(revs))
	err := p.classifyEach(ctx, revs, func(e changes.Entry) error {
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return entries, nil
}

// classifyEach classifies revisions, newest first, handing each entry to
// emit as soon as it is ready, and warns about the documents it skipped.
func (p *project) classifyEach(ctx context.Context, revs []history.Revision, emit func(changes.Entry) error) error {
	return p.classifyFrom(ctx, p.repo, revs, nil, emit)
}

// classifyFrom is classifyEach reading the versions with blob (nil: from
// repo). The web view passes a nil repo: it reads through its own lock,
// from whichever repository is open.
func (p *project) classifyFrom(ctx context.Context, repo *history.Repo, revs []history.Revision, blob func(history.Hash) ([]byte, error), emit func(changes.Entry) error) error {
	overrides, err := release.LoadOverridesIn(p.root, p.cfg.Overrides)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	p.mu.Lock()
	p.overrides = overrides
	p.mu.Unlock()
	opt := changes.ClassifyOptions{
		CommitURL: p.cfg.CommitURL,
		PageURL:   p.cfg.PageURL,
		Publish:   func(e *changes.Entry, r history.Revision) { release.Publish(e, r, overrides) },
		CacheDir:  p.diffCache(),
		Blob:      blob,
	}
	return changes.ClassifyEach(ctx, repo, revs, p.rules, opt, func(e changes.Entry) error {
		where := short(e.Commit) + " "
		if strings.Trim(e.Commit, "0") == "" {
			where = "" // a comparison of two revisions, not one commit
		}
		for _, d := range e.Documents {
			for _, n := range d.Notes {
				if ctx.Err() != nil {
					break // cut short: each document left would say only that
				}
				p.warn("%s%s: %s", where, d.Path, n)
			}
		}
		return emit(e)
	})
}

// compare classifies one comparison made by history (Repo.Compare, or
// Repo.CompareWorkTree with the work tree's contents as blob) by the
// road every command takes: the changes of `diff A B`, of `show B`, of
// `log` and of the web view's compare are one engine's. A comparison that
// is one commit's own change carries that commit's trailers and
// overrides, as its published class does.
func (p *project) compare(ctx context.Context, repo *history.Repo, rev *history.Revision, blob func(history.Hash) ([]byte, error)) (classify.Diff, error) {
	d := classify.Diff{Class: classify.None, Documents: []classify.DocumentDiff{}}
	err := p.classifyFrom(ctx, repo, []history.Revision{*rev}, blob, func(e changes.Entry) error {
		d.Class = e.Class
		d.Documents = append(d.Documents, e.Documents...)
		return nil
	})
	if err != nil {
		return classify.Diff{}, err
	}
	for _, n := range rev.Notes {
		p.say("note", n)
	}
	return d, nil
}

// diffCache returns the directory of the comparison cache for these rules
// and this build of redline, under the history cache, or "" when caching
// is off or the program cannot be identified. Caches of other rules and
// builds are pruned, but for the one used last.
func (p *project) diffCache() string {
	base := p.g.cache()
	if base == "" {
		return ""
	}
	exe := programHash()
	if exe == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(exe + "\n" + p.rules.Fingerprint()))
	dir := filepath.Join(base, "diffs-"+hex.EncodeToString(sum[:8]))
	// Entries live in subdirectories, so the directory's own time says
	// when it was last used only if we say so.
	now := time.Now()
	os.Chtimes(dir, now, now)
	changes.PruneDiffCaches(dir)
	return dir
}

// programHash is the SHA-256 of the running executable: any change to the
// code or its built-in rules gives the comparison cache a new directory.
var programHash = sync.OnceValue(func() string {
	// /proc/self/exe is the file running even when a new build has
	// replaced it at its path since; elsewhere, the path is what there is.
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		path, perr := os.Executable()
		if perr != nil {
			return ""
		}
		if f, err = os.Open(path); err != nil {
			return ""
		}
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

// changelog builds the versions from the whole history.
func (p *project) changelog(ctx context.Context) (*release.Changelog, error) {
	entries, log, err := p.classified(ctx, "", nil, false)
	if err != nil {
		return nil, err
	}
	if log.Shallow {
		// Versions are bound to commits that a shallow clone may lack, and
		// its oldest commit would read as the creation of every page.
		return nil, &exitError{code: ExitUsage, err: errorf(
			"run 'git fetch --unshallow' (in CI, clone with the full history, such as fetch-depth: 0)",
			"%s is a shallow clone: the changelog is built from the whole history, and only %d revisions are here", p.g.repo, len(log.Revisions))}
	}
	if log.Partial {
		// A clone made with --filter lacks the blobs of old versions:
		// every page of them would be skipped, and the changelog would
		// read as if nothing had changed.
		if err := p.repo.Complete(log.Revisions); err != nil {
			return nil, &exitError{code: ExitUsage, err: err}
		}
	}
	specs, err := release.LoadVersionsIn(p.repo.Root(), p.cfg.Versions.File)
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: err}
	}
	var tags map[string]string
	if p.cfg.Versions.TagPattern != "" {
		all, err := p.repo.Tags()
		if err != nil {
			return nil, &exitError{code: ExitUsage, err: err}
		}
		if tags, err = release.TagVersions(all, p.cfg.Versions.TagPattern); err != nil {
			return nil, &exitError{code: ExitUsage, err: err}
		}
	}
	var paths []string
	for _, e := range entries {
		for _, d := range e.Documents {
			paths = append(paths, d.Path)
		}
	}
	commits := make([]string, len(log.Revisions))
	for i, rev := range log.Revisions {
		commits[i] = rev.Hash.String()
	}
	cl, err := release.Build(entries, specs, release.BuildOptions{
		Title:        p.cfg.Title,
		Languages:    p.cfg.LanguagesFor(paths),
		Tags:         tags,
		Trailer:      p.cfg.Versions.Trailer,
		Trailers:     release.TrailerVersions(log.Revisions, p.cfg.Versions.Trailer),
		Commits:      commits,
		VersionsFile: p.cfg.Versions.File,
	})
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: err}
	}
	cl.Lexicons = lexiconNames(p.rules)
	for _, o := range release.UnusedOverrides(entries, p.overrides) {
		p.warn("%s:%d: override of %s %s matches no change", p.cfg.Overrides, o.Line, o.Commit, o.Fingerprint)
	}
	return cl, nil
}

// progress shows a line on stderr while long work runs on a terminal.
// Counting goes through tick; the returned func stops and clears the line.
func (p *project) progress(what string) func() {
	if !p.g.streams.ErrTTY {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.Now()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(p.g.streams.Err, "\r\033[K")
				}
				return
			case <-t.C:
				if time.Since(start) < time.Second {
					continue
				}
				shown = true
				fmt.Fprintf(p.g.streams.Err, "\r\033[Kredline: %s: %d commits", what, p.count.Load())
			}
		}
	}()
	return func() { close(done); <-finished }
}

func (p *project) tick(n int) { p.count.Store(int64(n)) }

func short(hash string) string {
	if len(hash) > 10 {
		return hash[:10]
	}
	return hash
}

// resolveRange resolves both ends of a range "A..B" (or one revision)
// with resolve, so that version ids and dates work in ranges too.
func (p *project) resolveRange(ctx context.Context, spec string) (string, error) {
	if spec == "" || strings.Contains(spec, "...") {
		return spec, nil // history explains what it does not take
	}
	from, to, isRange := strings.Cut(spec, "..")
	ends := []string{from}
	if isRange {
		ends = append(ends, to)
	}
	for i, e := range ends {
		if e == "" {
			continue
		}
		h, err := p.resolve(ctx, e)
		if err != nil {
			return "", err
		}
		ends[i] = h.String()
	}
	return strings.Join(ends, ".."), nil
}

// resolve turns a revision, a version id ("2.5", "v2.5", "unreleased") or a
// date (the last revision on or before it) into a commit. Git's names win:
// versions are looked up only when git does not know the name.
func (p *project) resolve(ctx context.Context, ref string) (history.Hash, error) {
	h, gitErr := p.repo.Resolve(ref)
	if gitErr == nil {
		return h, nil
	}
	if p.resolved == nil {
		cl, err := p.changelog(ctx)
		if err != nil {
			return history.Hash{}, &exitError{code: ExitUsage, err: gitErr}
		}
		p.resolved = cl
	}
	rev, _, ok, err := serve.ResolveVersion(p.resolved, ref)
	if !ok {
		return history.Hash{}, &exitError{code: ExitUsage, err: gitErr}
	}
	if err != nil {
		return history.Hash{}, &exitError{code: ExitUsage, err: errorf("pick a version that has a revision: redline log and the changelog list them", "%v", err)}
	}
	h, err = p.repo.Resolve(rev)
	if err != nil {
		return history.Hash{}, &exitError{code: ExitUsage, err: err}
	}
	return h, nil
}
