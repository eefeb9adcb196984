package history

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/digdir/redline/internal/safefile"
)

// Files lists the tracked Markdown documents at a revision: path -> blob
// hash. Submodules and symlinks are left out.
// Paths are git pathspecs (see Pathspec).
func (r *Repo) Files(rev Hash, paths []string) (map[string]Hash, error) {
	spec, err := ParsePathspec(paths)
	if err != nil {
		return nil, err
	}
	c, err := r.commit(rev)
	if err != nil {
		return nil, err
	}
	return r.files(c.tree, spec)
}

// files lists the documents spec tracks in the tree root (nil: all).
func (r *Repo) files(root Hash, spec *Pathspec) (map[string]Hash, error) {
	out := map[string]Hash{}
	paths := spec.roots()
	if spec != nil && spec.simple {
		spec = nil // the roots say it all
	}
	if len(paths) == 0 {
		return out, r.collect(out, "", 0, root, spec)
	}
	for _, p := range paths {
		e, ok, err := r.lookup(root, p)
		if err != nil {
			return nil, err
		}
		switch {
		case !ok:
		case e.isTree():
			if spec.dirState(p) == stateNone {
				continue
			}
			if err := r.collect(out, p, strings.Count(p, "/")+1, e.hash, spec); err != nil {
				return nil, err
			}
		case isDoc(entry{name: []byte(p), mode: e.mode}) && spec.Match(p):
			out[p] = e.hash
		}
	}
	return out, nil
}

// collect adds the documents below tree, at prefix (depth folders deep),
// that spec tracks (nil: all).
func (r *Repo) collect(out map[string]Hash, prefix string, depth int, tree Hash, spec *Pathspec) error {
	b, err := r.rawTree(tree)
	if err != nil {
		return err
	}
	for len(b) > 0 {
		var e entry
		if e, b, err = nextEntry(b); err != nil {
			return treeError(tree, prefix, err)
		}
		p, err := subPath(tree, prefix, string(e.name), depth+1)
		if err != nil {
			return err
		}
		switch {
		case e.isTree():
			if spec.dirState(p) == stateNone {
				continue
			}
			if err := r.collect(out, p, depth+1, e.hash, spec); err != nil {
				return err
			}
		case isDoc(e) && spec.Match(p):
			out[p] = e.hash
		}
	}
	return nil
}

func isNestedRepo(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return err == nil
}

// readWorkFile reads a document of the work tree: a regular file (the
// walk skips others, and this checks the file opened is still one) of at
// most the blob cap.
func (r *Repo) readWorkFile(file string) ([]byte, error) {
	f, err := safefile.OpenNoBlock(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %s", file, describeMode(fi.Mode()))
	}
	if fi.Size() > r.maxBlob {
		return nil, &Error{
			Msg:  fmt.Sprintf("%s is too large to read as a document: %s, over the limit of %s", file, byteSize(fi.Size()), byteSize(r.maxBlob)),
			Hint: "leave it out of the tracked paths, or compare revisions instead of the work tree",
			Err:  ErrTooLarge,
		}
	}
	return readCapped(f, fi.Size(), r.maxBlob, file)
}
