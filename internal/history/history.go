// Package history turns a git repository into the revisions that changed
// tracked Markdown documents.
//
// It reads repositories strictly read-only through go-git's object storage,
// but does its own walking: go-git's LogOptions.PathFilter diffs whole trees
// for every commit, which is one to two orders of magnitude slower than
// `git log -- PATH`. Instead the walk compares the tree-entry hash of each
// tracked path between a commit and its parents and only descends into
// subtrees whose hashes differ.
//
// Repositories may come from anyone (CI runs on pull requests from
// forks), so nothing read is trusted: files are opened only when they are
// regular files inside the git directory, every table of a pack index,
// pack or commit-graph is checked before use, objects, delta chains,
// trees and the work of inflating are bounded (limits.go), and what goes
// to the disk cache is checked against object ids first. A failure is an
// error naming the file, object or revision, with a hint.
package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/digdir/redline/internal/safefile"
	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
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

// blobCacheBytes bounds Repo's cache of blobs by id. It is a second
// chance only: a blob in a pack is kept by the cache of delta bases
// (which every version of a page passes through anyway), and changes
// reads each version once, so at 32 MB the two caches held most of a
// 20,000-commit history's versions twice over for no gain in time.
const blobCacheBytes = 4 << 20

// ErrPartialClone is wrapped by errors for blobs that a partial clone
// (git clone --filter) has not fetched.
var ErrPartialClone = errors.New("partial clone")

// Repo is an open repository. It is not safe for concurrent use.
type Repo struct {
	dir       string // as given to Open, for messages
	root      string // work tree root, "" for bare
	gitDir    string
	commonDir string // where objects and refs live: gitDir, or a linked work tree's common directory

	st       storage.Storer
	packs    *packs // nil for in-memory storage
	closer   func() error
	graph    *commitGraph // nil without a commit-graph file
	shallow  map[Hash]bool
	partial  bool       // a partial clone: blobs may be missing by design
	refusals *refusals  // files go-git was refused (see guardFS)
	guard    *fileGuard // files below commonDir
	gitGuard *fileGuard // files below gitDir (HEAD's reflog in a linked work tree)
	maxBlob  int64

	blobs *byteLRU
	infos map[Hash]*commitInfo
	trees recentTrees

	// subKeys remembers, for subKeySpec, what part of a folder's tree a
	// pathspec with globs or excludes tracks (see Repo.subKey).
	subKeys    map[subKeyID]Hash
	subKeySpec *Pathspec
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
		var e *Error
		if errors.As(err, &e) {
			return nil, err
		}
		return nil, &Error{
			Msg:  fmt.Sprintf("not a git repository: %s", dir),
			Hint: "run redline inside a git work tree or pass --repo DIR",
		}
	}
	return openStorage(dir, root, gitDir, commonDir)
}

func openStorage(dir, root, gitDir, commonDir string) (*Repo, error) {
	refused := &refusals{}
	var bfs billy.Filesystem = guardFS{osfs.New(gitDir, osfs.WithBoundOS()), refused}
	if commonDir != "" {
		bfs = dotgit.NewRepositoryFilesystem(bfs, guardFS{osfs.New(commonDir, osfs.WithBoundOS()), refused})
	}
	st := filesystem.NewStorageWithOptions(bfs, cache.NewObjectLRU(objectCacheSize), filesystem.Options{KeepDescriptors: true})
	r := newRepo(dir, st)
	r.refusals = refused
	r.root, r.gitDir, r.commonDir = root, gitDir, gitDir
	if commonDir != "" {
		r.commonDir = commonDir
	}
	r.closer = st.Close
	r.gitGuard = newFileGuard(gitDir)
	r.guard = r.gitGuard
	if commonDir != "" {
		r.guard = newFileGuard(commonDir)
	}
	objects := filepath.Join(r.commonDir, "objects")
	if err := r.guard.checkDir(objects); err != nil {
		st.Close()
		return nil, err
	}
	ps, err := openPacks(objects, r.guard)
	if err != nil {
		st.Close()
		var e *Error
		if errors.As(err, &e) {
			return nil, err
		}
		return nil, &Error{Msg: fmt.Sprintf("cannot read the packs of %s: %v", dir, err), Hint: "check the repository with git fsck", Err: err}
	}
	r.packs = ps
	r.packs.maxBlob = r.maxBlob

	// The commit-graph gives parents, tree and commit time without
	// decoding commit objects. It is optional: a fresh clone has none,
	// and a malformed or unknown version is ignored as git would.
	if g, err := openCommitGraph(objects, r.guard); err == nil {
		r.graph = g
	}
	shallow, err := st.Shallow()
	if err == nil {
		err = r.refused()
	}
	if err != nil {
		r.Close()
		var e *Error
		if errors.As(err, &e) {
			return nil, err
		}
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
	err = checkFormat(dir, st)
	if e := r.refused(); e != nil {
		err = e
	}
	if err != nil {
		r.Close()
		return nil, err
	}
	r.partial = isPartial(st, objects)
	return r, nil
}

// isPartial reports whether a repository is a partial clone: a remote
// marked as a promisor (git clone --filter sets remote.NAME.promisor and
// extensions.partialClone), or a pack fetched from one.
func isPartial(st storage.Storer, objects string) bool {
	if cfg, err := st.Config(); err == nil && cfg.Raw != nil {
		if cfg.Raw.Section("extensions").Option("partialclone") != "" {
			return true
		}
		for _, sub := range cfg.Raw.Section("remote").Subsections {
			if strings.EqualFold(sub.Option("promisor"), "true") || sub.Option("partialclonefilter") != "" {
				return true
			}
		}
	}
	promisor, _ := filepath.Glob(filepath.Join(objects, "pack", "pack-*.promisor"))
	return len(promisor) > 0
}

// refused returns the error for the first file go-git was refused, if
// any: go-git may have gone on without it (a loose ref falls back to an
// older packed one), so nothing it answered since can be trusted.
func (r *Repo) refused() error { return r.refusals.first() }

// Partial reports whether the repository is a partial clone (git clone
// --filter=blob:none and the like): its blobs are fetched on demand, so
// a document version may be missing by design, not by damage. Complete
// names the missing ones.
func (r *Repo) Partial() bool { return r.partial }

// Complete returns nil when every blob the revisions name is in the
// repository. Otherwise it returns an *Error naming the missing blobs
// with the fix, wrapping ErrMissingObject (and ErrPartialClone in a
// partial clone). It reads no object: it looks ids up in the pack
// indexes and the loose object folders.
func (r *Repo) Complete(revs []Revision) error {
	seen := map[Hash]bool{}
	var missing []string
	n := 0
	for _, rev := range revs {
		for _, f := range rev.Files {
			for _, h := range []Hash{f.OldBlob, f.NewBlob} {
				if h.IsZero() || seen[h] {
					continue
				}
				seen[h] = true
				if r.has(h) {
					continue
				}
				n++
				if len(missing) < 5 {
					missing = append(missing, fmt.Sprintf("%s (%q in %s)", h, f.Path(), rev.Hash.String()[:12]))
				}
			}
		}
	}
	if n == 0 {
		return nil
	}
	list := strings.Join(missing, ", ")
	if n > len(missing) {
		list += fmt.Sprintf(" and %d more", n-len(missing))
	}
	if r.partial {
		return &Error{
			Msg:  fmt.Sprintf("%s is a partial clone: %d versions of the tracked documents were not fetched: %s", r.dir, n, list),
			Hint: "run 'git fetch --refetch' without a filter, or clone again without --filter (in CI: filter: '' or a full clone), so that every version is here",
			Err:  errors.Join(ErrPartialClone, ErrMissingObject),
		}
	}
	return &Error{
		Msg:  fmt.Sprintf("%d versions of the tracked documents are missing from %s: %s", n, r.dir, list),
		Hint: "the repository is damaged: 'git fsck' names the missing objects; fetch them again (git fetch) or clone again",
		Err:  ErrMissingObject,
	}
}

// has reports whether the repository holds an object, without reading it.
func (r *Repo) has(h Hash) bool {
	if r.packs != nil {
		return r.packs.has(h)
	}
	return r.st.HasEncodedObject(h) == nil
}

// hasAlternates reports whether objects/info/alternates names other
// object stores (git clone --shared or --reference), for messages.
func (r *Repo) hasAlternates() bool {
	if r.guard == nil {
		return false
	}
	b, err := r.guard.read(filepath.Join(r.commonDir, "objects", "info", "alternates"), 1<<20)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			return true
		}
	}
	return false
}

// OpenStorage wraps an existing go-git storage (an in-memory one in tests).
// The repository has no work tree and Close does not close st.
func OpenStorage(st storage.Storer) (*Repo, error) {
	r := newRepo("(memory)", st)
	if err := checkFormat("(memory)", st); err != nil {
		return nil, err
	}
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
		maxBlob: DefaultMaxBlobBytes,
		blobs:   newByteLRU(blobCacheBytes),
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
			// A .git file ("gitdir: PATH") in linked work trees and
			// submodules: small, and never a pipe or a device, which
			// would block or never end.
			b, err := readSmallFile(dotgit, 64<<10)
			if err != nil {
				return "", "", "", err
			}
			if strings.HasPrefix(string(b), "gitdir: ") {
				g := strings.TrimSpace(strings.TrimPrefix(string(b), "gitdir: "))
				if !filepath.IsAbs(g) {
					g = filepath.Join(d, g)
				}
				if c, err := readSmallFile(filepath.Join(g, "commondir"), 64<<10); err == nil {
					cd := strings.TrimSpace(string(c))
					if !filepath.IsAbs(cd) {
						cd = filepath.Join(g, cd)
					}
					return d, g, cd, nil
				} else if !errors.Is(err, fs.ErrNotExist) {
					return "", "", "", err
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

// readSmallFile reads a file that must be a regular file of at most max
// bytes (symlinks followed: a .git file may point anywhere by design).
func readSmallFile(path string, max int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &Error{
			Msg:  fmt.Sprintf("not a git repository: %s is %s", path, describeMode(fi.Mode())),
			Hint: "git makes it a directory or a small 'gitdir: PATH' file; the repository was tampered with: clone it again",
			Err:  errNotRegular,
		}
	}
	f, err := safefile.OpenNoBlock(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if ofi, err := f.Stat(); err != nil || !ofi.Mode().IsRegular() {
		return nil, &Error{Msg: fmt.Sprintf("not a git repository: %s is not a regular file", path), Hint: "clone the repository again", Err: errNotRegular}
	}
	return readCapped(f, fi.Size(), max, path)
}

func isBare(d string) bool {
	for _, name := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(d, name)); err != nil {
			return false
		}
	}
	return true
}

func hashFromHex(b []byte) (Hash, error) {
	h, ok := parseHex(b)
	if !ok {
		return h, errors.New("bad hash")
	}
	return h, nil
}
