// Package history turns a git repository into the revisions that changed
// tracked Markdown documents.
//
// It reads repositories strictly read-only through go-git's object storage,
// but does its own walking: go-git's LogOptions.PathFilter diffs whole trees
// for every commit, which is one to two orders of magnitude slower than
// `git log -- PATH`. Instead the walk compares the tree-entry hash of each
// tracked path between a commit and its parents and only descends into
// subtrees whose hashes differ.
package history

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// Hash names a git object.
type Hash = plumbing.Hash

// Error is an error meant for the person running redline: Msg says what went
// wrong (lower case, naming the repository, revision or path) and Hint how
// to fix it. Err, when set, is the underlying cause for errors.Is.
type Error struct {
	Msg, Hint string
	Err       error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// ErrMissingObject is wrapped by errors for objects the repository does not
// have, as in a partial clone; callers warn and skip.
var ErrMissingObject = errors.New("missing object")

// ErrDamaged is wrapped by errors for objects that are there but cannot be
// read: a corrupt loose object, a truncated pack.
var ErrDamaged = errors.New("damaged object")

// damagedError keeps the message of what went wrong and answers to
// errors.Is(err, ErrDamaged).
type damagedError struct{ err error }

func (e *damagedError) Error() string   { return e.err.Error() }
func (e *damagedError) Unwrap() []error { return []error{e.err, ErrDamaged} }
func (e *damagedError) Hint() string {
	return "the repository is damaged: 'git fsck' names the broken objects; restore them from another clone (git fetch) or clone again"
}
func damaged(err error) error { return &damagedError{err} }

// objectCacheSize bounds go-git's decoded-object cache. go-git reads only
// what our own pack reader leaves to it (alternates, short hashes), so
// it can be small.
const objectCacheSize = 32 * cache.MiByte

// Repo is an open repository. It is not safe for concurrent use.
type Repo struct {
	dir    string // as given to Open, for messages
	root   string // work tree root, "" for bare
	gitDir string

	st      storage.Storer
	packs   *packs // nil for in-memory storage
	closer  func() error
	graph   *commitGraph // nil without a commit-graph file
	shallow map[Hash]bool
	git     *git.Repository // for revision parsing only

	blobs *byteLRU
	infos map[Hash]*commitInfo
}

// Open opens the repository at dir: a work tree (or any directory inside
// one) or a bare repository. Nothing in the repository is ever written.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return nil, &Error{
			Msg:  fmt.Sprintf("not a directory: %s", dir),
			Hint: "pass --repo DIR with the directory of a git repository",
			Err:  err,
		}
	}
	root, gitDir, commonDir, err := findGitDir(abs)
	if err != nil {
		return nil, &Error{
			Msg:  fmt.Sprintf("not a git repository: %s", dir),
			Hint: "run redline inside a git work tree or pass --repo DIR",
		}
	}
	return openStorage(dir, root, gitDir, commonDir)
}

func openStorage(dir, root, gitDir, commonDir string) (*Repo, error) {
	var fs billy.Filesystem = osfs.New(gitDir, osfs.WithBoundOS())
	if commonDir != "" {
		fs = dotgit.NewRepositoryFilesystem(fs, osfs.New(commonDir, osfs.WithBoundOS()))
	}
	st := filesystem.NewStorageWithOptions(fs, cache.NewObjectLRU(objectCacheSize), filesystem.Options{KeepDescriptors: true})
	r := newRepo(dir, st)
	r.root, r.gitDir = root, gitDir
	r.closer = st.Close
	objects := filepath.Join(gitDir, "objects")
	if commonDir != "" {
		objects = filepath.Join(commonDir, "objects")
	}
	ps, err := openPacks(objects)
	if err != nil {
		st.Close()
		return nil, &Error{Msg: fmt.Sprintf("cannot read the packs of %s: %v", dir, err), Hint: "check the repository with git fsck", Err: err}
	}
	r.packs = ps

	// The commit-graph gives parents, tree and commit time without
	// decoding commit objects. It is optional: a fresh clone has none,
	// and a malformed or unknown version is ignored as git would.
	if g, err := openCommitGraph(objects); err == nil {
		r.graph = g
	}
	shallow, err := st.Shallow()
	if err != nil {
		r.Close()
		return nil, &Error{Msg: fmt.Sprintf("cannot read the shallow file of %s: %v", dir, err), Hint: "check the repository with git fsck", Err: err}
	}
	for _, h := range shallow {
		r.shallow[h] = true
	}
	if len(shallow) > 0 {
		// git ignores the commit-graph in shallow repositories, and so do
		// we: its parents may name commits that are not there.
		if r.graph != nil {
			r.graph.close()
			r.graph = nil
		}
	}
	g, err := git.Open(st, nil)
	if err != nil {
		r.Close()
		return nil, &Error{
			Msg:  fmt.Sprintf("not a git repository: %s", dir),
			Hint: "run redline inside a git work tree or pass --repo DIR",
			Err:  err,
		}
	}
	r.git = g
	return r, nil
}

// OpenStorage wraps an existing go-git storage (an in-memory one in tests).
// The repository has no work tree and Close does not close st.
func OpenStorage(st storage.Storer) (*Repo, error) {
	r := newRepo("(memory)", st)
	g, err := git.Open(st, nil)
	if err != nil {
		return nil, &Error{Msg: "not a git repository: (memory)", Hint: "initialise the storage with git.Init", Err: err}
	}
	r.git = g
	if shallow, err := st.Shallow(); err == nil {
		for _, h := range shallow {
			r.shallow[h] = true
		}
	}
	return r, nil
}

func newRepo(dir string, st storage.Storer) *Repo {
	return &Repo{
		dir:     dir,
		st:      st,
		shallow: map[Hash]bool{},
		blobs:   newByteLRU(32 << 20),
		infos:   map[Hash]*commitInfo{},
	}
}

// Close releases the open pack files.
func (r *Repo) Close() error {
	var err error
	if r.graph != nil {
		r.graph.close()
		r.graph = nil
	}
	if r.packs != nil {
		if e := r.packs.close(); err == nil {
			err = e
		}
		r.packs = nil
	}
	if r.closer != nil {
		if e := r.closer(); err == nil {
			err = e
		}
		r.closer = nil
	}
	return err
}

// Root returns the work tree root, or "" for a bare repository.
func (r *Repo) Root() string { return r.root }

// GitDir returns the repository's git directory ("" for in-memory storage).
func (r *Repo) GitDir() string { return r.gitDir }

// findGitDir walks up from dir to the work tree root and git directory, as
// git does. commonDir is set for linked work trees.
func findGitDir(dir string) (root, gitDir, commonDir string, err error) {
	for d := dir; ; {
		dotgit := filepath.Join(d, ".git")
		if fi, err := os.Stat(dotgit); err == nil {
			if fi.IsDir() {
				return d, dotgit, "", nil
			}
			// A .git file ("gitdir: PATH") in linked work trees and submodules.
			b, err := os.ReadFile(dotgit)
			if err == nil && strings.HasPrefix(string(b), "gitdir: ") {
				g := strings.TrimSpace(strings.TrimPrefix(string(b), "gitdir: "))
				if !filepath.IsAbs(g) {
					g = filepath.Join(d, g)
				}
				if c, err := os.ReadFile(filepath.Join(g, "commondir")); err == nil {
					cd := strings.TrimSpace(string(c))
					if !filepath.IsAbs(cd) {
						cd = filepath.Join(g, cd)
					}
					return d, g, cd, nil
				}
				return d, g, "", nil
			}
		}
		if isBare(d) {
			return "", d, "", nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", "", errors.New("no git directory")
		}
		d = parent
	}
}

func isBare(d string) bool {
	for _, name := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(d, name)); err != nil {
			return false
		}
	}
	return true
}

// Resolve turns a revision (a full or short hash, a branch or tag, HEAD,
// REV~N, REV^ or REV^N) into the hash of a commit.
func (r *Repo) Resolve(rev string) (Hash, error) {
	if rev == "" || rev == "HEAD" {
		ref, err := r.st.Reference(plumbing.HEAD)
		if err == nil && ref.Type() == plumbing.SymbolicReference {
			if _, err := r.st.Reference(ref.Target()); err != nil {
				return Hash{}, &Error{
					Msg:  fmt.Sprintf("repository has no commits yet: %s", r.dir),
					Hint: "commit a document first, or pass --repo with another repository",
					Err:  err,
				}
			}
		}
		rev = "HEAD"
	}
	if h, ok := r.resolveFast(rev); ok {
		return h, nil
	}
	// Anything else (short hashes, @{...}, ^{...}) is go-git's. It loads
	// every pack index through its own reader, so it is the slow path.
	h, err := r.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil || h == nil || h.IsZero() {
		return Hash{}, &Error{
			Msg:  fmt.Sprintf("unknown revision %q in %s", rev, r.dir),
			Hint: "use a commit hash, branch or tag that exists there (see git log --oneline)",
			Err:  err,
		}
	}
	return *h, nil
}

// resolveFast resolves NAME followed by ~N, ^N, ~ and ^ suffixes, where
// NAME is HEAD, a full hash or a ref, as git rev-parse does.
func (r *Repo) resolveFast(rev string) (Hash, bool) {
	i := strings.IndexAny(rev, "~^")
	if i < 0 {
		i = len(rev)
	}
	h, ok := r.resolveName(rev[:i])
	if !ok {
		return Hash{}, false
	}
	for ops := rev[i:]; ops != ""; {
		op := ops[0]
		j := 1
		for j < len(ops) && '0' <= ops[j] && ops[j] <= '9' {
			j++
		}
		n := 1
		if j > 1 {
			var err error
			if n, err = strconv.Atoi(ops[1:j]); err != nil {
				return Hash{}, false
			}
		}
		ops = ops[j:]
		c, err := r.commit(h)
		if err != nil {
			return Hash{}, false
		}
		switch {
		case op == '^' && n == 0:
		case op == '^':
			if n > len(c.parents) {
				return Hash{}, false
			}
			h = c.parents[n-1]
		default: // ~n: n first parents back
			for ; n > 0; n-- {
				if c, err = r.commit(h); err != nil || len(c.parents) == 0 {
					return Hash{}, false
				}
				h = c.parents[0]
			}
		}
	}
	return h, true
}

// resolveName resolves HEAD, a full hash or a ref name to a commit,
// peeling annotated tags.
func (r *Repo) resolveName(name string) (Hash, bool) {
	var h Hash
	switch {
	case name == "HEAD" || name == "@":
		ref, err := storer.ResolveReference(r.st, plumbing.HEAD)
		if err != nil {
			return Hash{}, false
		}
		h = ref.Hash()
	case len(name) == 40:
		var ok bool
		if h, ok = parseHex([]byte(name)); !ok {
			return Hash{}, false
		}
	default:
		found := false
		for _, full := range []string{name, "refs/" + name, "refs/tags/" + name, "refs/heads/" + name, "refs/remotes/" + name, "refs/remotes/" + name + "/HEAD"} {
			if !strings.HasPrefix(full, "refs/") {
				continue
			}
			if ref, err := storer.ResolveReference(r.st, plumbing.ReferenceName(full)); err == nil {
				h, found = ref.Hash(), true
				break
			}
		}
		if !found {
			return Hash{}, false
		}
	}
	for depth := 0; depth < 10; depth++ { // peel tags
		t, b, err := r.rawAny(h)
		if err != nil {
			return Hash{}, false
		}
		switch t {
		case plumbing.CommitObject:
			return h, true
		case plumbing.TagObject:
			if !bytes.HasPrefix(b, []byte("object ")) || len(b) < 47 {
				return Hash{}, false
			}
			if h, err = hashFromHex(b[7:47]); err != nil {
				return Hash{}, false
			}
		default:
			return Hash{}, false
		}
	}
	return Hash{}, false
}

func hashFromHex(b []byte) (Hash, error) {
	h, ok := parseHex(b)
	if !ok {
		return h, errors.New("bad hash")
	}
	return h, nil
}
