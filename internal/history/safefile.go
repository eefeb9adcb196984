package history

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/digdir/redline/internal/safefile"
	"github.com/go-git/go-billy/v5"
)

// A repository nobody has vetted may hold, where git keeps a regular file,
// a named pipe (opening or reading it blocks for ever), a device such as
// /dev/zero (it never ends), or a symlink to a file elsewhere on the
// machine (reading it would leak that file into redline's output or
// cache). git itself never creates any of these inside .git, so redline
// refuses them, and reads what it does accept with a size cap.

// errNotRegular is wrapped by the errors of files refused for their type
// or place.
var errNotRegular = errors.New("not a regular file inside the repository")

// fileGuard opens files below one root (the git directory, or the common
// directory of a linked work tree) only when they are regular files that
// stay inside it.
type fileGuard struct {
	root string // with symlinks resolved

	mu   sync.Mutex
	dirs map[string]bool // directories known to resolve inside root
}

func newFileGuard(root string) *fileGuard {
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	return &fileGuard{root: root, dirs: map[string]bool{}}
}

// inside reports whether the real path p lies in the guard's root.
func (g *fileGuard) inside(p string) bool {
	return p == g.root || strings.HasPrefix(p, g.root+string(filepath.Separator))
}

// check returns the file's information when it may be read: a regular
// file whose real path, symlinks resolved, is inside the root. A missing
// file gives an error for which errors.Is(err, fs.ErrNotExist) holds.
func (g *fileGuard) check(path string) (os.FileInfo, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	g.mu.Lock()
	dirOK, known := g.dirs[dir]
	g.mu.Unlock()
	if !known {
		// One check per directory: a loose object's fan-out folder, the
		// pack folder, objects/info. They are few; the files are many.
		real, err := filepath.EvalSymlinks(dir)
		dirOK = err == nil && g.inside(real)
		g.mu.Lock()
		g.dirs[dir] = dirOK
		g.mu.Unlock()
	}
	if !dirOK {
		return nil, g.refuse(path, "its folder is a symlink that leads out of the repository")
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil, err
		}
		if !g.inside(real) {
			return nil, g.refuse(path, "a symlink to "+real+", outside the repository")
		}
		if fi, err = os.Stat(real); err != nil {
			return nil, err
		}
	}
	if !fi.Mode().IsRegular() {
		return nil, g.refuse(path, describeMode(fi.Mode()))
	}
	return fi, nil
}

// checkDir refuses a folder (objects/, say) that is not a directory, or
// that resolves, through symlinks, to a place outside the root. A folder
// that does not exist is left to the caller.
func (g *fileGuard) checkDir(path string) error {
	if _, err := os.Lstat(path); err != nil {
		return nil
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return g.refuse(path, "a symlink that leads nowhere")
	}
	if !g.inside(real) {
		return g.refuse(path, "a symlink to "+real+", outside the repository")
	}
	if fi, err := os.Stat(real); err != nil || !fi.IsDir() {
		why := "not a folder"
		if err == nil {
			why = describeMode(fi.Mode())
		}
		return g.refuse(path, why)
	}
	return nil
}

// open opens a file that check accepts. The open itself does not block
// even if the file was swapped for a named pipe in between, and the file
// opened is checked again.
func (g *fileGuard) open(path string) (*os.File, os.FileInfo, error) {
	fi, err := g.check(path)
	if err != nil {
		return nil, nil, err
	}
	f, err := safefile.OpenNoBlock(path)
	if err != nil {
		return nil, nil, err
	}
	if ofi, err := f.Stat(); err != nil || !ofi.Mode().IsRegular() || !os.SameFile(fi, ofi) {
		f.Close()
		return nil, nil, g.refuse(path, "it changed while being opened")
	}
	return f, fi, nil
}

// read reads a whole file that check accepts, refusing one over max bytes.
func (g *fileGuard) read(path string, max int64) ([]byte, error) {
	f, fi, err := g.open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCapped(f, fi.Size(), max, path)
}

// readCapped reads r to its end, expecting about size bytes and never
// more than max.
func readCapped(r io.Reader, size, max int64, name string) ([]byte, error) {
	if size > max {
		return nil, fileTooLarge(name, size, max)
	}
	// Sized for what the file holds, and a byte more to see its end
	// without growing: the cache files are read whole on every run.
	buf := make([]byte, 0, size+1)
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, len(buf)) // the file grew since its size was taken
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, fileTooLarge(name, int64(len(buf)), max)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func fileTooLarge(name string, size, max int64) error {
	return &Error{
		Msg:  fmt.Sprintf("%s is too large to read: %s, over the limit of %s", name, byteSize(size), byteSize(max)),
		Hint: "git keeps this file small; the repository looks tampered with: check it with git fsck or clone it again",
		Err:  ErrTooLarge,
	}
}

func (g *fileGuard) refuse(path, why string) error {
	rel := path
	if r, err := filepath.Rel(filepath.Dir(g.root), path); err == nil && !strings.HasPrefix(r, "..") {
		rel = r
	}
	return &Error{
		Msg:  fmt.Sprintf("refusing to read %s: %s", rel, why),
		Hint: "git keeps a regular file there; the repository was tampered with or damaged: clone it again (or remove the file if git does not need it)",
		Err:  errNotRegular,
	}
}

// describeMode names a file type that is not a regular file.
func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory, not a file"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO), not a regular file"
	case m&fs.ModeSocket != 0:
		return "a socket, not a regular file"
	case m&fs.ModeCharDevice != 0:
		return "a character device, not a regular file"
	case m&fs.ModeDevice != 0:
		return "a device, not a regular file"
	}
	return "not a regular file"
}

// guardFS is the file system go-git reads the repository through (refs,
// HEAD, config, the shallow file, objects redline's own readers leave to
// it). go-git's BoundOS already keeps symlinks inside the git directory;
// this refuses files that are not regular, which would block or never
// end.
//
// go-git passes over some files it cannot read (a loose ref it cannot
// open falls back to packed-refs, which may hold an older value), so each
// refusal is also recorded, and the Repo reports it at its next call
// (see Repo.refused) rather than go on with a quietly different answer.
type guardFS struct {
	billy.Filesystem
	refused *refusals
}

// refusals keeps the first file refused through a guardFS.
type refusals struct {
	mu  sync.Mutex
	err error
}

func (r *refusals) add(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
}

func (r *refusals) first() error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (g guardFS) Open(name string) (billy.File, error) {
	return g.OpenFile(name, os.O_RDONLY, 0)
}

func (g guardFS) OpenFile(name string, flag int, perm os.FileMode) (billy.File, error) {
	if fi, err := g.Filesystem.Stat(name); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		err := &Error{
			Msg:  fmt.Sprintf("refusing to read %s: %s", filepath.Join(filepath.Base(g.Root()), name), describeMode(fi.Mode())),
			Hint: "git keeps a regular file there; the repository was tampered with or damaged: clone it again",
			Err:  errNotRegular,
		}
		g.refused.add(err)
		return nil, err
	}
	return g.Filesystem.OpenFile(name, flag, perm)
}

func (g guardFS) Chroot(path string) (billy.Filesystem, error) {
	fs, err := g.Filesystem.Chroot(path)
	if err != nil {
		return nil, err
	}
	return guardFS{fs, g.refused}, nil
}

// byteSize formats a size for messages: "1 GiB", "64 MiB", "3.2 MiB".
func byteSize(n int64) string {
	const (
		kiB = 1 << 10
		miB = 1 << 20
		giB = 1 << 30
	)
	switch {
	case n >= giB && n%giB == 0:
		return fmt.Sprintf("%d GiB", n/giB)
	case n >= giB:
		return fmt.Sprintf("%.1f GiB", float64(n)/giB)
	case n >= miB && n%miB == 0:
		return fmt.Sprintf("%d MiB", n/miB)
	case n >= miB:
		return fmt.Sprintf("%.1f MiB", float64(n)/miB)
	case n >= kiB:
		return fmt.Sprintf("%.1f KiB", float64(n)/kiB)
	}
	return fmt.Sprintf("%d bytes", n)
}
