package app

import (
	"errors"
	"slices"
	"sort"

	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
)

// Candidate is a word shell completion may offer, with a few words on
// what it names ("" for none). Both come from the repository: whoever
// shows them escapes them.
type Candidate struct {
	Word, About string
}

// Names answers shell completion from a repository: its refs, the
// versions its versions file and tags declare, and the documents of one
// tree. It reads no history (no walk, no classification, no trailer), so
// that a completion comes back at once, and says nothing: there is no
// one to say it to.
type Names struct {
	a *App
}

// OpenNames opens the repository and configuration of opts for
// completion: as Open, without the rules and their lexicons, and with
// nothing reported.
func OpenNames(opts Options) (*Names, error) {
	opts.Reporter = silent{}
	repo, err := history.Open(opts.Repo)
	if err != nil {
		return nil, err
	}
	cfg, err := LoadConfig(opts.ConfigFile, repo.Root())
	if err != nil {
		repo.Close()
		return nil, err
	}
	a := &App{opts: opts, repo: repo, root: repo.Root(), cfg: cfg}
	a.defaultPaths()
	return &Names{a: a}, nil
}

// Close closes the repository.
func (n *Names) Close() error { return n.a.Close() }

// Refs are the revisions by name: HEAD when there is a commit, then the
// branches, remote-tracking branches and tags.
func (n *Names) Refs() ([]Candidate, error) {
	var out []Candidate
	if _, err := n.a.repo.Resolve("HEAD"); err == nil {
		out = append(out, Candidate{Word: "HEAD", About: "the current commit"})
	}
	refs, err := n.a.repo.Refs()
	if err != nil {
		return out, err
	}
	for _, r := range refs {
		out = append(out, Candidate{Word: r.Name, About: r.Kind})
	}
	return out, nil
}

// Versions are the version ids of the versions file (newest first, as it
// lists them) and of the tags versions.tag_pattern matches, which Resolve
// and --since read. Versions named only by a commit's trailer are not
// among them: finding those takes a walk of the history. historical
// keeps the versions that predate the history, which have a date but no
// revision.
func (n *Names) Versions(historical bool) ([]Candidate, error) {
	cfg := n.a.cfg
	var out []Candidate
	seen := map[string]bool{}
	specs, err := release.LoadVersionsIn(n.a.root, cfg.Versions.File)
	for _, s := range specs {
		if seen[s.ID] || s.Historical && !historical {
			continue
		}
		seen[s.ID] = true
		about := "version"
		if s.Date != "" {
			about += " of " + s.Date
		}
		if t := textIn(s.Title, cfg.Languages); t != "" {
			about += ": " + t
		}
		out = append(out, Candidate{Word: s.ID, About: about})
	}
	if cfg.Versions.TagPattern == "" {
		return out, err
	}
	tags, tagErr := n.a.repo.Tags()
	if tagErr != nil {
		return out, errors.Join(err, tagErr)
	}
	byCommit, tagErr := release.TagVersions(tags, cfg.Versions.TagPattern)
	if tagErr != nil {
		return out, errors.Join(err, tagErr)
	}
	var ids []string
	for _, id := range byCommit {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		out = append(out, Candidate{Word: id, About: "version, by its tag"})
	}
	return out, err // what the versions file gave, and why it gave no more
}

// textIn picks a text of the versions file in the first language that has
// one: the configured languages in order, then the text for all, then any.
func textIn(t release.Text, langs []string) string {
	for _, l := range append(slices.Clone(langs), "") {
		if s := t[l]; s != "" {
			return s
		}
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if t[k] != "" {
			return t[k]
		}
	}
	return ""
}

// Documents lists the paths of the tracked documents at rev (a name git
// resolves, not a version id; "" for HEAD), sorted.
func (n *Names) Documents(rev string) ([]string, error) {
	if rev == "" {
		rev = "HEAD"
	}
	h, err := n.a.repo.Resolve(rev)
	if err != nil {
		return nil, err
	}
	files, err := n.a.repo.Files(h, n.a.cfg.Paths)
	if err != nil {
		return nil, err
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, nil
}

// Languages are the languages a changelog is written in: the configured
// ones, else those of the documents at HEAD, as Changelog finds them.
func (n *Names) Languages() ([]string, error) {
	if len(n.a.cfg.Languages) > 0 {
		return slices.Clone(n.a.cfg.Languages), nil
	}
	docs, err := n.Documents("")
	if err != nil {
		return nil, err
	}
	return n.a.cfg.LanguagesFor(docs), nil
}
