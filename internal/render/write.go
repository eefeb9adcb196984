package render

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"syscall"

	"github.com/digdir/redline/internal/safefile"
)

// File is one output file. Path is relative to the output directory and
// slash-separated on every system.
type File struct {
	Path string
	Data []byte
}

// failStep lets tests make a write fail at a chosen step ("write", "sync",
// "rename") to check that the old file survives. It is nil outside tests.
var failStep func(step, path string) error

func step(name, p string) error {
	if failStep != nil {
		return failStep(name, p)
	}
	return nil
}

// checkPath rejects a path that is not a plain relative path inside the
// output directory. Symbolic links on the way are caught later, by
// makeParent (any link) and os.Root (a link that leads out).
func checkPath(p string) error {
	hint := `output paths are relative and slash-separated, like "dpia/changelog/_index.nb.md"`
	switch {
	case p == "":
		return &Error{Msg: "empty output path", Hint: hint}
	case strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || (len(p) > 1 && p[1] == ':'):
		return &Error{Msg: fmt.Sprintf("output path %q is absolute or not slash-separated", p), Hint: hint}
	case strings.ContainsRune(p, 0):
		return &Error{Msg: fmt.Sprintf("output path %q contains a NUL byte", p), Hint: hint}
	}
	for _, el := range strings.Split(p, "/") {
		if el == ".." {
			return &Error{Msg: fmt.Sprintf("output path %q leaves the output directory", p), Hint: hint}
		}
	}
	if path.Clean(p) != p || p == "." {
		return &Error{Msg: fmt.Sprintf("output path %q is not in clean form (want %q)", p, path.Clean(p)), Hint: hint}
	}
	return nil
}

// Write writes the files under dir. Each file is replaced atomically: the
// data goes to a temporary file in the same directory, is synced, and is
// renamed over the old one, so a reader or a crash sees the old content or
// the new, never half. The renames wait until every temporary file is
// written and synced, so a failure while writing (a full disk, a file in
// the way) leaves every old file as it was, not some old and some new.
// Paths may not leave dir, by "..", by being absolute or through a
// symbolic link, and no directory below dir on the way to a file may be a
// link at all. dir itself is taken as given: a caller writing into a
// repository checks it first (safefile.OutputDir). Directories are
// created as needed; files not named are left alone. Every path is
// checked before anything is written.
//
// Temporary files that an earlier run left behind (killed with SIGKILL, or
// on a machine that lost power) are removed from each directory written
// to, but only redline's own, for the files being written, and only those
// no live process is writing: see removeStaleTemps.
func Write(dir string, files []File) (err error) {
	for _, f := range files {
		if err := checkPath(f.Path); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return writeError(dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return writeError(dir, err)
	}
	defer root.Close()
	// Each folder is made (or checked) once, and cleared of stale
	// temporaries before new ones take disk space.
	bases := map[string]map[string]bool{}
	for _, f := range files {
		parent := path.Dir(f.Path)
		if bases[parent] == nil {
			if err := makeParent(root, dir, f.Path); err != nil {
				return err
			}
			bases[parent] = map[string]bool{}
		}
		bases[parent][path.Base(f.Path)] = true
	}
	for parent, names := range bases {
		removeStaleTemps(root, parent, names)
	}
	var staged []stagedFile
	defer func() {
		// After a failure, the temporary files not yet renamed go.
		for _, s := range staged {
			if !s.done {
				root.Remove(s.tmp)
			}
			s.release()
		}
	}()
	for _, f := range files {
		s, err := stageFile(root, dir, f)
		if err != nil {
			return err
		}
		staged = append(staged, s)
	}
	synced := map[string]bool{}
	for i := range staged {
		s := &staged[i]
		if err := step("rename", s.path); err != nil {
			return writeError(s.full, err)
		}
		if err := root.Rename(s.tmp, s.path); err != nil {
			return writeError(s.full, err)
		}
		s.done = true
		// Syncing the directory makes the rename itself durable; some
		// systems cannot sync a directory, and the file is in place anyway.
		if parent := path.Dir(s.path); !synced[parent] {
			synced[parent] = true
			if d, derr := root.Open(parent); derr == nil {
				d.Sync()
				d.Close()
			}
		}
	}
	return nil
}

// makeParent makes the folders above the file p inside root, one element
// at a time, refusing an element that is a symbolic link or not a folder.
// os.Root alone would follow a link that stays inside dir.
func makeParent(root *os.Root, dir, p string) error {
	full := path.Join(dir, p)
	parent := path.Dir(p)
	if parent == "." {
		return nil
	}
	cur := ""
	for el := range strings.SplitSeq(parent, "/") {
		cur = path.Join(cur, el)
		fi, err := root.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			err = root.Mkdir(cur, 0o755)
			if errors.Is(err, fs.ErrExist) {
				fi, err = root.Lstat(cur) // made by a concurrent run
			}
		}
		if err != nil {
			return writeError(full, err)
		}
		if err := linkInWay(fi, "write", full, path.Join(dir, cur)); err != nil {
			return err
		}
	}
	return nil
}

// linkInWay refuses a folder on the way to a file that is a link or not a
// folder; fi is nil for a folder just made. verb is "write" or "read".
func linkInWay(fi fs.FileInfo, verb, full, el string) error {
	switch {
	case fi == nil || fi.IsDir():
		return nil
	case fi.Mode()&fs.ModeSymlink != 0:
		return &Error{Msg: fmt.Sprintf("cannot %s %s: %s is a symbolic link, which redline does not follow in the output directory", verb, full, el),
			Hint: "replace the link with a folder, or write elsewhere"}
	}
	return &Error{Msg: fmt.Sprintf("cannot %s %s: %s is not a folder", verb, full, el), Hint: "remove it or choose another output path"}
}

// stagedFile is a file written and synced under a temporary name, waiting
// to be renamed over its target. Where temporaries are locked (see
// lockTemp), f stays open, holding the lock, until the rename is done.
type stagedFile struct {
	path, full, tmp string
	f               *os.File
	done            bool // renamed into place
}

func (s *stagedFile) release() {
	if s.f != nil {
		s.f.Close()
		s.f = nil
	}
}

func stageFile(root *os.Root, dir string, f File) (s stagedFile, err error) {
	s = stagedFile{path: f.Path, full: path.Join(dir, f.Path)}
	parent := path.Dir(f.Path)
	perm := fs.FileMode(0o644)
	if fi, err := root.Lstat(f.Path); err == nil {
		if fi.IsDir() {
			return s, &Error{Msg: fmt.Sprintf("cannot write %s: it is a directory", s.full), Hint: "remove the directory or choose another output path"}
		}
		if fi.Mode().IsRegular() {
			perm = fi.Mode().Perm()
		}
	}
	tmp, tf, err := createTemp(root, parent, path.Base(f.Path))
	if err != nil {
		return s, writeError(s.full, err)
	}
	defer func() {
		if err != nil {
			tf.Close()
			root.Remove(tmp)
		}
	}()
	if err := tf.Chmod(perm); err != nil {
		return s, writeError(s.full, err)
	}
	half := len(f.Data) / 2
	if _, err := tf.Write(f.Data[:half]); err != nil {
		return s, writeError(s.full, err)
	}
	if err := step("write", f.Path); err != nil {
		return s, writeError(s.full, err)
	}
	if _, err := tf.Write(f.Data[half:]); err != nil {
		return s, writeError(s.full, err)
	}
	if err := step("sync", f.Path); err != nil {
		return s, writeError(s.full, err)
	}
	if err := tf.Sync(); err != nil {
		return s, writeError(s.full, err)
	}
	s.tmp = tmp
	if tempLocks {
		s.f = tf // closed after the rename, which releases the lock
		return s, nil
	}
	if err := tf.Close(); err != nil {
		return s, writeError(s.full, err)
	}
	return s, nil
}

// createTemp makes a new, exclusive temporary file beside the target,
// named so it sorts with it and is plainly not output (".name.tmp-" and
// twelve hex digits: tempBase recognises it), and locks it where that is
// possible, so that a later run can tell it from one left by a dead one.
func createTemp(root *os.Root, parent, base string) (string, *os.File, error) {
	for range 10 {
		var r [tempRandom]byte
		if _, err := rand.Read(r[:]); err != nil {
			return "", nil, err
		}
		name := path.Join(parent, "."+base+tempMark+hex.EncodeToString(r[:]))
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", nil, err
		}
		if !lockTemp(f) {
			// A concurrent run took it for stale between our creating
			// and locking it, and removes it; take another name.
			f.Close()
			continue
		}
		return name, f, nil
	}
	return "", nil, errors.New("no free temporary file name")
}

const (
	tempMark   = ".tmp-"
	tempRandom = 6 // bytes, written as twelve hex digits
)

// tempBase returns the name of the file a temporary file of createTemp's
// stands for (".report.html.tmp-0a1b2c3d4e5f" -> "report.html"), or false
// when name is not one.
func tempBase(name string) (string, bool) {
	n := len(name) - 2*tempRandom
	if n < len(tempMark)+2 || name[0] != '.' || name[n-len(tempMark):n] != tempMark {
		return "", false
	}
	for _, c := range name[n:] {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return "", false
		}
	}
	return name[1 : n-len(tempMark)], true
}

// removeStaleTemps removes from the folder parent the temporary files of
// earlier runs for the files named in bases, if no live process is
// writing them (removeIfStale decides). Only regular files with
// createTemp's names are considered: nothing else in the folder is
// touched. Failing to remove one is no reason to fail the write.
func removeStaleTemps(root *os.Root, parent string, bases map[string]bool) {
	d, err := root.Open(parent)
	if err != nil {
		return
	}
	entries, err := d.ReadDir(-1)
	d.Close()
	if err != nil {
		return
	}
	for _, e := range entries {
		if base, ok := tempBase(e.Name()); ok && bases[base] && e.Type().IsRegular() {
			removeIfStale(root, path.Join(parent, e.Name()))
		}
	}
}

func writeError(p string, err error) error {
	hint := "check that the output directory exists and is writable"
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		hint = "free space on the disk that holds the output directory; the old files are unchanged"
	case errors.Is(err, fs.ErrPermission):
		hint = "make the output directory writable, or choose another output directory"
	case strings.Contains(msg, "escapes from parent"):
		// os.Root's refusal to follow a link out; its own words name
		// an internal step, not the problem.
		msg = "the path leads out of the output directory through a symbolic link"
		hint = "remove the link or write elsewhere"
	}
	return &Error{Msg: fmt.Sprintf("cannot write %s: %s", p, msg), Hint: hint, Err: err}
}

// Stale returns the paths of the files whose content on disk differs from
// Data or that are missing, in the order given. It writes nothing; a
// missing dir makes every file stale.
func Stale(dir string, files []File) ([]string, error) {
	for _, f := range files {
		if err := checkPath(f.Path); err != nil {
			return nil, err
		}
	}
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		var out []string
		for _, f := range files {
			out = append(out, f.Path)
		}
		return out, nil
	}
	if err != nil {
		return nil, readError(dir, err)
	}
	defer root.Close()
	var out []string
	for _, f := range files {
		if err := noLinkParents(root, dir, f.Path); err != nil {
			return nil, err
		}
		same, err := sameContent(root, f)
		if err != nil {
			return nil, readError(path.Join(dir, f.Path), err)
		}
		if !same {
			out = append(out, f.Path)
		}
	}
	return out, nil
}

func sameContent(root *os.Root, f File) (bool, error) {
	// A file that is not a regular one (a link, a pipe) is stale: Write
	// replaces it, and reading it could leave dir or wait for ever.
	fi, err := root.Lstat(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.Mode().IsRegular() || fi.Size() != int64(len(f.Data)) {
		return false, nil
	}
	h, fi, err := safefile.OpenIn(root, f.Path, f.Path)
	if err != nil {
		if errors.Is(err, safefile.ErrNotRegular) {
			return false, nil
		}
		return false, err
	}
	defer h.Close()
	if fi.Size() != int64(len(f.Data)) {
		return false, nil
	}
	got, err := io.ReadAll(io.LimitReader(h, int64(len(f.Data))+1))
	if err != nil {
		return false, err
	}
	return bytes.Equal(got, f.Data), nil
}

// noLinkParents refuses a folder on the way to the file p that is a
// symbolic link, as Write does; a missing one ends the check.
func noLinkParents(root *os.Root, dir, p string) error {
	cur := ""
	for el := range strings.SplitSeq(path.Dir(p), "/") {
		if el == "." {
			return nil
		}
		cur = path.Join(cur, el)
		fi, err := root.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return readError(path.Join(dir, cur), err)
		}
		if err := linkInWay(fi, "read", path.Join(dir, p), path.Join(dir, cur)); err != nil {
			return err
		}
	}
	return nil
}

func readError(p string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &Error{Msg: fmt.Sprintf("cannot read %s: %s", p, msg), Hint: "check that the output directory is readable", Err: err}
}
