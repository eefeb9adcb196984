package history

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/digdir/redline/internal/safefile"
)

// Compare lists the tracked documents that differ between revisions a and
// b, as the Files of one revision: found, renames and translations paired,
// exactly as for a commit against its parent in Log. Every command that
// compares two revisions starts here, so that `diff A B`, `show B` and the
// web view's compare cannot disagree about which documents changed or how.
//
// When a is b's first parent the comparison is b's own change, and the
// result is b's revision with its author, message and trailers. Otherwise
// it spans several commits and belongs to none: its Hash is zero and it
// carries no message, so that no commit's trailer or override is applied
// to it.
func (r *Repo) Compare(a, b Hash, paths []string) (*Revision, error) {
	ca, err := r.commit(a)
	if err != nil {
		return nil, err
	}
	cb, err := r.commit(b)
	if err != nil {
		return nil, err
	}
	spec, err := ParsePathspec(paths)
	if err != nil {
		return nil, err
	}
	files, notes, _, err := r.diffCommit(ca.tree, cb.tree, spec)
	if err != nil {
		return nil, fmt.Errorf("comparing %s with %s: %w", a.String()[:12], b.String()[:12], err)
	}
	rev := &Revision{Parents: []Hash{a}, Files: files}
	if len(cb.parents) > 0 && cb.parents[0] == a {
		raw, err := r.raw(commitType, b)
		if err != nil {
			return nil, err
		}
		rev.Hash = b
		fillMeta(rev, raw)
	}
	for _, n := range notes {
		rev.Notes = append(rev.Notes, fmt.Sprintf("skipped %s in %s", n, b.String()[:12]))
	}
	return rev, nil
}

// CompareWorkTree compares revision a with the work tree as Compare
// compares two revisions. The work tree's documents are taken as git would
// store them (see WorkTree), each under the blob id git would give it;
// read returns a version by its id, from the work tree or from the
// repository. Documents WorkTree leaves out (a filter redline would have
// to run, an encoding git refuses) are left out of both sides, so none
// reads as removed, and each is named in a note with why, as are
// WorkTree's own notes.
func (r *Repo) CompareWorkTree(a Hash, paths []string) (rev *Revision, read func(Hash) ([]byte, error), err error) {
	spec, err := ParsePathspec(paths)
	if err != nil {
		return nil, nil, err
	}
	if r.root != "" {
		// The walk below a tracked path takes no links, but the path
		// itself is opened as named: a committed link on it ("content ->
		// /etc" with content/dpia tracked) is refused before anything is
		// read.
		for _, p := range spec.roots() {
			if err := safefile.NoLinks(r.root, p); err != nil {
				return nil, nil, err
			}
		}
	}
	ca, err := r.commit(a)
	if err != nil {
		return nil, nil, err
	}
	old, err := r.files(ca.tree, spec)
	if err != nil {
		return nil, nil, err
	}
	w, err := r.workTree(spec)
	if err != nil {
		return nil, nil, err
	}
	rev = &Revision{Parents: []Hash{a}, Notes: append([]string(nil), w.Notes...)}
	skipped := map[string]bool{}
	for _, s := range w.Skipped {
		skipped[s.Path] = true
		rev.Notes = append(rev.Notes, fmt.Sprintf("%s: left out of the comparison: %s", s.Path, s.Reason))
	}
	contents := map[Hash][]byte{}
	hasher := sha1.New()
	var ch changes
	newPaths := make([]string, 0, len(w.Files))
	for p := range w.Files {
		newPaths = append(newPaths, p)
	}
	sort.Strings(newPaths)
	dirs := map[string][]byte{} // the raw trees of a's folders, for translations
	for _, p := range newPaths {
		f := w.Files[p]
		h := f.Blob
		if h.IsZero() {
			h = objectHash(hasher, plumbing.BlobObject, f.Data)
		}
		contents[h] = f.Data
		ob, ok := old[p]
		switch {
		case ok && ob == h:
		case ok:
			ch.modified = append(ch.modified, FileChange{Status: Modified, OldPath: p, NewPath: p, OldBlob: ob, NewBlob: h})
		default:
			dir, ok := dirs[path.Dir(p)]
			if !ok {
				if dir, err = r.folder(ca.tree, path.Dir(p)); err != nil {
					return nil, nil, err
				}
				dirs[path.Dir(p)] = dir
			}
			ch.added = append(ch.added, side{path: p, blob: h, dir: dir})
		}
	}
	for p, ob := range old {
		if _, ok := w.Files[p]; !ok && !skipped[p] {
			ch.removed = append(ch.removed, side{path: p, blob: ob})
		}
	}
	sort.Slice(ch.removed, func(i, j int) bool { return ch.removed[i].path < ch.removed[j].path })
	if len(ch.added) > 0 && !spec.Everything() {
		// A document moved into the tracked paths from elsewhere is a
		// rename: its source is a document of a outside them that is
		// gone from the work tree.
		all, err := r.files(ca.tree, nil)
		if err != nil {
			return nil, nil, err
		}
		for p, ob := range all {
			if spec.Match(p) {
				continue
			}
			if _, err := os.Lstat(filepath.Join(r.root, filepath.FromSlash(p))); errors.Is(err, fs.ErrNotExist) {
				ch.sources = append(ch.sources, side{path: p, blob: ob})
			}
		}
		sort.Slice(ch.sources, func(i, j int) bool { return ch.sources[i].path < ch.sources[j].path })
	}
	read = func(h Hash) ([]byte, error) {
		if b, ok := contents[h]; ok {
			return b, nil
		}
		return r.Blob(h)
	}
	if rev.Files, err = pairRenames(&ch, read); err != nil {
		return nil, nil, err
	}
	return rev, read, nil
}

// folder returns the raw tree of the folder at p ("." for the root) below
// root, or nil when there is none.
func (r *Repo) folder(root Hash, p string) ([]byte, error) {
	if p == "." || p == "" {
		return r.rawTree(root)
	}
	e, ok, err := r.lookup(root, p)
	if err != nil || !ok || !e.isTree() {
		return nil, err
	}
	return r.rawTree(e.hash)
}
