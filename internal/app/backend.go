package app

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/serve"
)

// Backend is serve.Backend on top of an opened App: the web view's
// engine. history.Repo is not safe for concurrent use, so every use of it
// holds mu, and goes through use, which reopens it when git has replaced
// its packs; parsing, aligning and classifying, the costly part, run
// outside it.
type Backend struct {
	a  *App
	mu sync.Mutex // guards a.repo, the packs seen and the changelog below

	packDir   string    // the repository's objects/pack
	packMod   time.Time // its modification time when last looked at
	packNames string    // the packs in it when a.repo was opened

	clHead string // the HEAD the changelog (or its error) was built at
	cl     *release.Changelog
	clErr  error
}

var _ serve.Backend = (*Backend)(nil)

// NewBackend serves a. Closing the backend closes a.
func NewBackend(a *App) *Backend {
	b := &Backend{a: a}
	if gd := a.repo.GitDir(); gd != "" {
		b.packDir = filepath.Join(objectsDir(gd), "pack")
		if fi, err := os.Stat(b.packDir); err == nil {
			b.packMod = fi.ModTime()
		}
		b.packNames = packNames(b.packDir)
	}
	return b
}

// Close closes the repository, whichever was opened last.
func (b *Backend) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.a.Close()
}

// objectsDir is where a repository keeps its objects: for a linked work
// tree, in the common directory its commondir file names.
func objectsDir(gitDir string) string {
	if c, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		dir := strings.TrimSpace(string(c))
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(gitDir, dir)
		}
		return filepath.Join(dir, "objects")
	}
	return filepath.Join(gitDir, "objects")
}

// packNames lists a pack directory's indexes, the packs the reader opens.
func packNames(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "pack-") && strings.HasSuffix(e.Name(), ".idx") {
			names = append(names, e.Name())
		}
	}
	return strings.Join(names, "\n") // ReadDir sorts them
}

// freshen reopens the repository when its packs are no longer those it
// was opened with. The pack reader knows the packs it opened: after git
// repack, gc or a fetch, objects it looks for are in packs it has never
// seen, and loose objects it could read are gone. A cheap look at the
// directory's modification time decides whether to list it, unless force
// (after an error, where a change within the time's granularity may have
// gone unseen). The caller holds mu.
func (b *Backend) freshen(force bool) (reopened bool, err error) {
	if b.packDir == "" {
		return false, nil
	}
	fi, err := os.Stat(b.packDir)
	if err != nil {
		return false, nil // no pack directory: nothing to compare
	}
	if !force && fi.ModTime().Equal(b.packMod) {
		return false, nil
	}
	b.packMod = fi.ModTime()
	names := packNames(b.packDir)
	if names == b.packNames {
		return false, nil
	}
	repo, err := history.Open(b.a.opts.Repo)
	if err != nil {
		return false, fmt.Errorf("reopening the repository after its packs changed: %w", err)
	}
	old := b.a.repo
	b.a.repo, b.packNames = repo, names
	// Nothing else holds the old repository: every use is under mu.
	old.Close()
	if b.clErr != nil {
		b.clHead = "" // perhaps a failure of the old packs: build it again
	}
	return true, nil
}

// useLocked runs fn on the repository, fresh, and runs it once more when
// it fails and the packs turn out to have changed under it. The caller
// holds mu.
func (b *Backend) useLocked(fn func(repo *history.Repo) error) error {
	if _, err := b.freshen(false); err != nil {
		return err
	}
	err := fn(b.a.repo)
	if err == nil {
		return nil
	}
	if reopened, ferr := b.freshen(true); ferr != nil || !reopened {
		return err
	}
	return fn(b.a.repo)
}

// use is useLocked, taking mu.
func (b *Backend) use(fn func(repo *history.Repo) error) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.useLocked(fn)
}

// Changelog builds the changelog once per HEAD: a commit made while the
// server runs shows up on the next page view.
func (b *Backend) Changelog(ctx context.Context) (*release.Changelog, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var head history.Hash
	if err := b.useLocked(func(repo *history.Repo) (err error) {
		head, err = repo.Resolve("HEAD")
		return err
	}); err != nil {
		return nil, err
	}
	if b.clHead == head.String() {
		return b.cl, b.clErr
	}
	var cl *release.Changelog
	err := b.useLocked(func(*history.Repo) (err error) {
		cl, err = b.a.Changelog(ctx)
		return err
	})
	if ctx.Err() != nil {
		return nil, err // cut short: try again next time
	}
	b.cl, b.clErr, b.clHead = cl, err, head.String()
	return cl, err
}

// Resolve turns a version id, revision or date into a commit hash and a
// label to show.
func (b *Backend) Resolve(ctx context.Context, ref string) (hash, label string, err error) {
	cl, err := b.Changelog(ctx)
	if err != nil {
		cl = nil // plain revisions still resolve
	}
	rev, label, ok, err := serve.ResolveVersion(cl, ref)
	if err != nil {
		return "", "", err
	}
	if !ok {
		rev = ref
	}
	var h history.Hash
	if rerr := b.use(func(repo *history.Repo) (err error) {
		h, err = repo.Resolve(rev)
		return err
	}); rerr != nil {
		return "", "", &serve.Error{Status: http.StatusNotFound,
			Msg:  fmt.Sprintf("unknown version, revision or date %q", ref),
			Hint: "give a version id from the timeline, a commit hash, branch or tag, or a date as YYYY-MM-DD"}
	}
	if label == "" {
		// A hash is shown short; a name, with the commit it stands for.
		label = h.String()[:7]
		if !strings.HasPrefix(h.String(), strings.ToLower(ref)) {
			label = ref + " (" + label + ")"
		}
	}
	return h.String(), label, nil
}

// fullHash turns a full hash from Resolve back into a history.Hash.
func fullHash(repo *history.Repo, s string) (history.Hash, error) {
	h, err := repo.Resolve(s)
	if err != nil || h.String() != s {
		return history.Hash{}, &serve.Error{Status: http.StatusNotFound, Msg: fmt.Sprintf("unknown revision %q", s)}
	}
	return h, nil
}

// Documents lists the tracked document paths at a revision.
func (b *Backend) Documents(ctx context.Context, rev string) ([]string, error) {
	var files map[string]history.Hash
	err := b.use(func(repo *history.Repo) error {
		h, err := fullHash(repo, rev)
		if err != nil {
			return err
		}
		files, err = repo.Files(h, b.a.cfg.Paths)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(files))
	for p := range files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

// Compare compares the tracked documents at two revisions by the engine
// of every command (history.Repo.Compare, then changes with release's
// Publish), so the web view shows what `redline diff` and `redline show`
// say. Each version is read through use, from whichever repository is
// open when it is read, after checking ctx: at the deadline the rest are
// not read, and the compare returns ctx's error.
func (b *Backend) Compare(ctx context.Context, fromHash, toHash string) (classify.Diff, error) {
	var rev *history.Revision
	err := b.use(func(repo *history.Repo) error {
		from, err := fullHash(repo, fromHash)
		if err != nil {
			return err
		}
		to, err := fullHash(repo, toHash)
		if err != nil {
			return err
		}
		rev, err = repo.Compare(from, to, b.a.cfg.Paths)
		return err
	})
	if err != nil {
		return classify.Diff{}, err
	}
	read := func(h history.Hash) ([]byte, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var data []byte
		err := b.use(func(repo *history.Repo) (err error) {
			data, err = repo.Blob(h)
			return err
		})
		return data, err
	}
	d, err := b.a.compare(ctx, nil, rev, read)
	if cerr := ctx.Err(); cerr != nil {
		return classify.Diff{}, cerr // documents were skipped, not compared
	}
	return d, err
}

// Blame attributes each paragraph of the page at path, as it is at hash.
func (b *Backend) Blame(ctx context.Context, path, hash string) ([]serve.BlameLine, error) {
	var index blameIndex
	if cl, err := b.Changelog(ctx); err == nil {
		index = indexChangelog(cl)
	}
	var steps []blameInput
	err := b.use(func(*history.Repo) (err error) {
		steps, err = b.blameSteps(ctx, path, hash, index)
		return err
	})
	if err != nil {
		return nil, err
	}
	lines, err := blameChain(ctx, b.a.rules, b.a.opts.Limits, steps)
	if err != nil {
		return nil, err
	}
	out := make([]serve.BlameLine, len(lines))
	rev := func(r *BlameRev) *serve.BlameRev {
		if r == nil {
			return nil
		}
		return &serve.BlameRev{Root: r.root, Commit: r.Commit, Date: r.Date, Subject: r.Subject, Version: r.Version}
	}
	url := b.a.cfg.PageURL(path, "")
	for i, l := range lines {
		out[i] = serve.BlameLine{Kind: string(l.Kind), Lines: l.Lines, Anchor: l.Anchor, Text: l.Text, PageURL: url,
			Changed: rev(l.Changed), Substantive: rev(l.Substantive)}
	}
	return out, nil
}

// blameSteps reads the revisions that changed path up to hash, following
// renames back, oldest first. The caller holds b.mu.
func (b *Backend) blameSteps(ctx context.Context, path, hash string, x blameIndex) ([]blameInput, error) {
	log, err := b.a.walk(ctx, hash, nil, false)
	if err != nil {
		return nil, err
	}
	steps, err := blameInputs(b.a.repo, log.Revisions, path, x)
	if err != nil {
		return nil, err
	}
	if len(steps) == 0 {
		return nil, &serve.Error{Status: http.StatusNotFound, Msg: fmt.Sprintf("no revision up to %s changed %s", short(hash), path),
			Hint: "pick a page from the versions timeline"}
	}
	return steps, nil
}
