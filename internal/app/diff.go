package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/render"
	"github.com/digdir/redline/internal/safefile"
)

// Shown is what Show returns: the classified comparison, and the version
// when the revision named one.
type Shown struct {
	classify.Diff
	Version *render.VersionHead // nil unless rev is a version id
}

// Show classifies the changes one revision (or date) made to the tracked
// documents (paths, or the configured ones) against its first parent.
// A version id shows the whole version: the comparison from the version
// before it (or from before the document's first revision) to the commit
// that closes it.
func (a *App) Show(ctx context.Context, rev string, paths []string) (Shown, error) {
	r, err := a.ref(ctx, rev)
	if err != nil {
		return Shown{}, err
	}
	if r.Version != nil {
		return a.showVersion(ctx, r, paths)
	}
	h := r.Hash
	if len(paths) > 0 {
		sides := []history.Hash{h}
		if p, err := a.repo.Resolve(h.String() + "^"); err == nil {
			sides = append(sides, p)
		}
		if err := a.absent("show", sides, paths); err != nil {
			return Shown{}, err
		}
	}
	// The walk from the revision lists it first when it changed a tracked
	// document; the incremental cache keeps the rest of the walk cheap.
	log, err := a.walk(ctx, h.String(), paths, false)
	if err != nil {
		return Shown{}, err
	}
	d := classify.Diff{Class: classify.None, Documents: []classify.DocumentDiff{}}
	if len(log.Revisions) > 0 && log.Revisions[0].Hash == h {
		var entries []changes.Entry
		err := a.classifyEach(ctx, log.Revisions[:1], func(e changes.Entry) error {
			entries = append(entries, e)
			return nil
		})
		if err != nil {
			return Shown{}, err
		}
		d.Class, d.Documents = entries[0].Class, entries[0].Documents
	} else {
		// Say why there is nothing: a commit to the site's code, or a
		// document outside the tracked paths, is easily shown by mistake.
		if len(paths) == 0 {
			paths = a.cfg.Paths
		}
		a.say("note", fmt.Sprintf("%s changes no tracked document (tracked: %s)", short(h.String()), trackedList(paths)))
	}
	return Shown{Diff: d}, nil
}

// showVersion classifies version r.Version as one comparison, by the road
// diff takes: from the commit that closes the version before it to the
// one that closes it.
func (a *App) showVersion(ctx context.Context, r Ref, paths []string) (Shown, error) {
	v := r.Version
	head := &render.VersionHead{ID: v.ID, Date: v.Date, Title: v.Title, To: r.Hash.String(), Revisions: len(v.Entries)}
	from, prev, err := a.versionStart(v)
	if err != nil {
		return Shown{}, err
	}
	if len(paths) == 0 {
		paths = a.cfg.Paths
	} else {
		sides := []history.Hash{r.Hash}
		if from != nil {
			sides = append(sides, *from)
		}
		if err := a.absent("show", sides, paths); err != nil {
			return Shown{}, err
		}
	}
	var rev *history.Revision
	if from != nil {
		head.From, head.Previous = from.String(), prev
		rev, err = a.repo.Compare(*from, r.Hash, paths)
	} else {
		rev, err = a.fromStart(ctx, r.Hash, paths)
	}
	if err != nil {
		return Shown{}, err
	}
	d, err := a.compare(ctx, a.repo, rev, nil)
	if err != nil {
		return Shown{}, err
	}
	return Shown{Diff: d, Version: head}, nil
}

// versionStart is where version v's comparison starts: the commit that
// closes the nearest older version that has one (prev is its id), else
// the first parent of v's oldest revision; nil when that revision is the
// first of the history.
func (a *App) versionStart(v *release.Version) (from *history.Hash, prev string, err error) {
	cl := a.resolved
	i := 0
	for i < len(cl.Versions) && &cl.Versions[i] != v {
		i++
	}
	for j := i + 1; j < len(cl.Versions); j++ {
		if c := versionCommit(&cl.Versions[j]); c != "" {
			h, err := a.repo.Resolve(c)
			if err != nil {
				return nil, "", err
			}
			return &h, cl.Versions[j].ID, nil
		}
	}
	if len(v.Entries) == 0 {
		return nil, "", nil
	}
	oldest := v.Entries[len(v.Entries)-1]
	if len(oldest.Parents) == 0 {
		return nil, "", nil
	}
	h, err := a.repo.Resolve(oldest.Parents[0])
	if err != nil {
		return nil, "", err
	}
	return &h, "", nil
}

// fromStart is the comparison of nothing with the tracked documents at
// to: every one of them added. When the history up to to is one
// revision, it is that revision's own change, with its message and
// trailers, so that show VERSION and show REV agree on it.
func (a *App) fromStart(ctx context.Context, to history.Hash, paths []string) (*history.Revision, error) {
	log, err := a.walk(ctx, to.String(), paths, false)
	if err != nil {
		return nil, err
	}
	if len(log.Revisions) == 1 && log.Revisions[0].Hash == to {
		return &log.Revisions[0], nil
	}
	files, err := a.repo.Files(to, paths)
	if err != nil {
		return nil, err
	}
	rev := &history.Revision{Files: make([]history.FileChange, 0, len(files))}
	for p, blob := range files {
		rev.Files = append(rev.Files, history.FileChange{Status: history.Added, NewPath: p, NewBlob: blob})
	}
	sort.Slice(rev.Files, func(i, j int) bool { return rev.Files[i].Path() < rev.Files[j].Path() })
	return rev, nil
}

// includes are the paths that are not excludes.
func includes(paths []string) []string {
	var out []string
	for _, p := range paths {
		if spec, err := history.ParsePathspec([]string{p}); err != nil || len(spec.Includes()) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// trackedList names the tracked paths, a folder with a trailing slash.
func trackedList(paths []string) string {
	shown := make([]string, len(paths))
	for i, p := range paths {
		shown[i] = p
		if p == "" || p == "." {
			shown[i] = "."
			continue
		}
		if strings.HasPrefix(p, ":") || strings.ContainsAny(p, "*?[") {
			continue // a pathspec with magic or a glob reads as written
		}
		if ext := strings.ToLower(path.Ext(p)); ext != ".md" && ext != ".markdown" && !strings.HasSuffix(p, "/") {
			shown[i] += "/"
		}
	}
	return strings.Join(shown, ", ")
}

// Diff compares the tracked documents (paths, or the configured ones) at
// two revisions, version ids or dates.
func (a *App) Diff(ctx context.Context, from, to string, paths []string) (classify.Diff, error) {
	named := len(paths) > 0
	if !named {
		paths = a.cfg.Paths
	}
	fh, err := a.Resolve(ctx, from)
	if err != nil {
		return classify.Diff{}, err
	}
	th, err := a.Resolve(ctx, to)
	if err != nil {
		return classify.Diff{}, err
	}
	if named {
		if err := a.absent("compare", []history.Hash{fh, th}, paths); err != nil {
			return classify.Diff{}, err
		}
	}
	rev, err := a.repo.Compare(fh, th, paths)
	if err != nil {
		return classify.Diff{}, err
	}
	return a.compare(ctx, a.repo, rev, nil)
}

// absent refuses paths named after -- of which none of the revisions
// (sides) has a document, in the words of history.Log for a path no
// revision touches; beside a path that is there, such a path is a note.
// verb is what the command does: "compare", "show".
func (a *App) absent(verb string, sides []history.Hash, paths []string) error {
	var missing []string
	for _, p := range paths {
		if spec, err := history.ParsePathspec([]string{p}); err != nil {
			return err
		} else if len(spec.Includes()) == 0 {
			continue // an exclude names what not to track: it need not be there
		}
		there := false
		for _, h := range sides {
			files, err := a.repo.Files(h, []string{p})
			if err != nil {
				return err
			}
			there = there || len(files) > 0
		}
		if !there {
			missing = append(missing, strconv.Quote(p))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	in := short(sides[0].String())
	for _, h := range sides[1:] {
		in += " or " + short(h.String())
	}
	what := fmt.Sprintf("%s is not in %s: there is no document there to %s", strings.Join(missing, ", "), in, verb)
	if len(missing) < len(includes(paths)) {
		a.say("note", what+" (the other paths are "+map[string]string{"show": "shown", "compare": "compared"}[verb]+")")
		return nil
	}
	return errorf("tracked paths (after -- or under paths: in redline.yaml) are relative to the repository root; check the spelling, or list what is there with git ls-tree -r --name-only HEAD",
		"nothing to %s: %s", verb, what)
}

// DiffWorkTree compares the tracked documents (paths, or the configured
// ones) at a revision with the work tree, by the engine that compares two
// revisions (history.Repo.CompareWorkTree).
func (a *App) DiffWorkTree(ctx context.Context, from string, paths []string) (classify.Diff, error) {
	if len(paths) == 0 {
		paths = a.cfg.Paths
	}
	fh, err := a.Resolve(ctx, from)
	if err != nil {
		return classify.Diff{}, err
	}
	if a.repo.Root() == "" {
		return classify.Diff{}, errorf("give two revisions to compare in a bare repository",
			"%s is a bare repository: there is no work tree to compare %s with", a.opts.Repo, from)
	}
	rev, read, err := a.repo.CompareWorkTree(fh, paths)
	if err != nil {
		return classify.Diff{}, err
	}
	return a.compare(ctx, a.repo, rev, read)
}

// DiffFiles compares two Markdown files, no repository needed, with the
// rules of opts.ConfigFile (or the defaults). With pageURL, relative
// links resolve against it: the public URL of the page the files are
// versions of.
func DiffFiles(opts Options, oldPath, newPath, pageURL string) (classify.Diff, error) {
	if opts.Reporter == nil {
		opts.Reporter = silent{}
	}
	cfg, err := LoadConfig(opts.ConfigFile, "")
	if err != nil {
		return classify.Diff{}, err
	}
	r, err := Rules(cfg)
	if err != nil {
		return classify.Diff{}, err
	}
	noteLexicons(opts.Reporter, r)
	if pageURL != "" {
		if u, err := url.Parse(pageURL); err != nil || !u.IsAbs() {
			return classify.Diff{}, errorf("give an absolute URL, such as https://docs.altinn.studio/nb/dpia/summary/", "--page-url %q is not an absolute URL", pageURL)
		}
		r.SetPageURL(func(string, string) string { return pageURL }, "--page-url "+pageURL)
	}
	oldData, err := ReadDocument(oldPath, opts.Limits.MaxBytes)
	if err != nil {
		return classify.Diff{}, err
	}
	newData, err := ReadDocument(newPath, opts.Limits.MaxBytes)
	if err != nil {
		return classify.Diff{}, err
	}
	r.Limits = opts.Limits
	dd, err := r.Compare(oldPath, oldData, newPath, newData)
	if err != nil {
		return classify.Diff{}, err
	}
	dd.Status = "modified"
	if dd.Class == classify.None {
		dd.Status = "unchanged"
	}
	return classify.Diff{Class: dd.Class, Documents: []classify.DocumentDiff{dd}}, nil
}

// ReadDocument reads a document named on the command line (redline diff
// OLD NEW). Only a regular file is read, and no more of it than limit
// bytes (--max-document-bytes; 0 for no limit), so that a named pipe or
// /dev/zero given by mistake, or by a link that leads there, is an error
// instead of a hang or every byte of memory.
func ReadDocument(p string, limit int) ([]byte, error) {
	data, err := safefile.ReadFile(p, int64(limit))
	if err == nil {
		return data, nil
	}
	if fi, serr := os.Stat(p); serr == nil && fi.IsDir() {
		return nil, errorf("give a Markdown file; to compare the documents under a folder between revisions, name it after --",
			"%s is a directory", p)
	}
	var big *safefile.Error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, errorf("check the path; to compare a revision with the work tree, name the paths after --: redline diff REV -- PATH",
			"%s: no such file", p)
	case errors.As(err, &big) && errors.Is(err, safefile.ErrTooLarge):
		// In the words the document stage uses for the same limit.
		return nil, &hinted{msg: fmt.Sprintf("%s: file is %s, more than the limit of %d", p, plural(int(big.Size), "byte", "bytes"), limit),
			hint: "raise the limit with --max-document-bytes if the file is meant to be this large", err: err}
	}
	return nil, err
}
