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
// output directory. Symbolic links that lead out are caught later by
// os.Root, which refuses to follow them.
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
// symbolic link. Directories are created as needed; files not named are
// left alone. Every path is checked before anything is written.
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
	var staged []stagedFile
	defer func() {
		// After a failure, the temporary files not yet renamed go.
		for _, s := range staged {
			if !s.done {
				root.Remove(s.tmp)
			}
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

// stagedFile is a file written and synced under a temporary name, waiting
// to be renamed over its target.
type stagedFile struct {
	path, full, tmp string
	done            bool // renamed into place
}

func stageFile(root *os.Root, dir string, f File) (s stagedFile, err error) {
	s = stagedFile{path: f.Path, full: path.Join(dir, f.Path)}
	parent := path.Dir(f.Path)
	if parent != "." {
		if err := root.MkdirAll(parent, 0o755); err != nil {
			return s, writeError(s.full, err)
		}
	}
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
	if err := tf.Close(); err != nil {
		return s, writeError(s.full, err)
	}
	s.tmp = tmp
	return s, nil
}

// createTemp makes a new, exclusive temporary file beside the target,
// named so it sorts with it and is plainly not output (".name.tmp-…").
func createTemp(root *os.Root, parent, base string) (string, *os.File, error) {
	for range 10 {
		var r [6]byte
		if _, err := rand.Read(r[:]); err != nil {
			return "", nil, err
		}
		name := path.Join(parent, "."+base+".tmp-"+hex.EncodeToString(r[:]))
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return name, f, err
	}
	return "", nil, errors.New("no free temporary file name")
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
	h, err := root.Open(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer h.Close()
	fi, err := h.Stat()
	if err != nil {
		return false, err
	}
	if !fi.Mode().IsRegular() || fi.Size() != int64(len(f.Data)) {
		return false, nil
	}
	got, err := io.ReadAll(h)
	if err != nil {
		return false, err
	}
	return bytes.Equal(got, f.Data), nil
}

func readError(p string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &Error{Msg: fmt.Sprintf("cannot read %s: %s", p, msg), Hint: "check that the output directory is readable", Err: err}
}
