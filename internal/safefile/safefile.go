// Package safefile reads files from, and checks output paths into, a
// directory tree nobody has vetted: the repository redline runs over,
// which in CI is a pull request from a fork. A committed symbolic link can
// point anywhere (a credentials file, /dev/zero, a named pipe), so every
// read here is of a regular file only, capped in size, and a read inside
// the repository never leaves it through a link.
//
// The checks are made before opening and again on the open file, so a
// named pipe is never opened for a blocking read and a link swapped in
// between cannot lead out of the repository (os.Root refuses to follow
// it). Errors name the path and carry a hint.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MaxConfigBytes caps the hand-written files redline reads from the
// repository: redline.yaml, the versions file and the overrides file. Real
// ones are a few kilobytes; the cap is there so that a file that is not
// what it claims to be costs nothing.
const MaxConfigBytes = 1 << 20

// Errors that *Error wraps, for callers that give their own hint.
var (
	ErrTooLarge   = errors.New("file is larger than the cap")
	ErrNotRegular = errors.New("not a regular file")
	ErrLeavesRoot = errors.New("path leads out of the repository through a symbolic link")
	ErrLink       = errors.New("path goes through a symbolic link inside the repository")
)

// Error is a file that could not be read or used, with a hint.
type Error struct {
	Path string // the path as the user would find it
	Msg  string // what is wrong, lower case
	Help string
	Err  error // one of the Err variables above, or the system's error
	Size int64 // with ErrTooLarge: the size found (at least the cap + 1)
}

func (e *Error) Error() string { return e.Path + ": " + e.Msg }
func (e *Error) Hint() string  { return e.Help }
func (e *Error) Unwrap() error { return e.Err }

// ReadFile reads the regular file at name, which the user named: symbolic
// links are followed, since where they lead is the user's choice. It
// refuses devices, pipes, sockets and directories, and files over limit
// bytes (limit <= 0: no cap). A missing file gives an error for which
// errors.Is(err, fs.ErrNotExist) holds.
func ReadFile(name string, limit int64) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, statError(name, err)
	}
	if err := regular(name, fi); err != nil {
		return nil, err
	}
	f, err := OpenNoBlock(name)
	if err != nil {
		return nil, statError(name, err)
	}
	defer f.Close()
	return readOpen(name, f, limit)
}

// ReadFileIn reads the regular file at rel, a slash-separated path inside
// the directory root. Symbolic links that stay inside root are followed;
// one that leads out of it is refused, as are ".." elements that leave
// it. The path in errors is root joined with rel. Otherwise as ReadFile.
func ReadFileIn(root, rel string, limit int64) ([]byte, error) {
	name := filepath.Join(root, filepath.FromSlash(rel))
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, statError(root, err)
	}
	defer r.Close()
	f, _, err := OpenIn(r, filepath.FromSlash(rel), name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpen(name, f, limit)
}

// OpenIn opens the regular file name inside r for reading, without ever
// waiting on a named pipe, and returns it with what it is; shown is the
// path errors name. Links are followed as far as r allows: not out of it.
func OpenIn(r *os.Root, name, shown string) (*os.File, fs.FileInfo, error) {
	fi, err := r.Stat(name)
	if err != nil {
		return nil, nil, statError(shown, err)
	}
	if err := regular(shown, fi); err != nil {
		return nil, nil, err
	}
	f, err := r.OpenFile(name, os.O_RDONLY|nonblock, 0)
	if err != nil {
		return nil, nil, statError(shown, err)
	}
	// It may have been replaced since the first look.
	if fi, err = f.Stat(); err != nil {
		f.Close()
		return nil, nil, statError(shown, err)
	}
	if err := regular(shown, fi); err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// readOpen checks the open file again (it may have been replaced since the
// first look) and reads at most limit bytes of it.
func readOpen(name string, f *os.File, limit int64) ([]byte, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, statError(name, err)
	}
	if err := regular(name, fi); err != nil {
		return nil, err
	}
	if limit > 0 && fi.Size() > limit {
		return nil, tooLarge(name, fi.Size(), limit)
	}
	var r io.Reader = f
	if limit > 0 {
		// The size said it fits; a file growing while read is cut here.
		r = io.LimitReader(f, limit+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, statError(name, err)
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, tooLarge(name, int64(len(data)), limit)
	}
	return data, nil
}

func tooLarge(name string, size, limit int64) error {
	return &Error{Path: name, Err: ErrTooLarge, Size: size,
		Msg:  fmt.Sprintf("larger than %s, the most redline reads of such a file", Size(limit)),
		Help: "check that this is the file you meant; it should be far smaller"}
}

func regular(name string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	return &Error{Path: name, Err: ErrNotRegular,
		Msg:  "is " + kind(fi.Mode()) + ", not a regular file",
		Help: "give a regular file: redline does not read devices, pipes, sockets or directories"}
}

// OpenNoBlock opens name for reading without waiting on a named pipe
// (on unix; elsewhere the type checks around it keep pipes out). The
// caller checks the open file's type.
func OpenNoBlock(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|nonblock, 0)
}

// kind names a file's type for messages.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// statError turns the system's error into an *Error; os.Root's refusal
// to follow a link out is named for what it is.
func statError(name string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Path: name, Msg: "no such file", Help: "check the path", Err: err}
	case strings.Contains(msg, "escapes from parent"):
		return &Error{Path: name, Err: ErrLeavesRoot,
			Msg:  "is a symbolic link that leads out of the repository (or through one)",
			Help: "redline reads nothing outside the repository through a link: commit the file itself, not a link to it"}
	case errors.Is(err, fs.ErrPermission):
		return &Error{Path: name, Msg: msg, Help: "check the file's permissions", Err: err}
	}
	return &Error{Path: name, Msg: msg, Help: "check the path and the file's permissions", Err: err}
}

// Size writes a byte count as people read it: 1 MiB, 16 MiB, 1500 bytes.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// OutputDir checks the directory dir that output is about to be written
// to, and returns the path to write to. Inside root (the repository's
// work tree) no element of the path may be a symbolic link: a committed
// "changelog -> ../elsewhere" would otherwise send the output anywhere.
// Outside root, links are followed, since the user chose the path; the
// returned path has them resolved, so that what is written is what was
// checked. Elements that do not exist yet are fine: they will be created
// as plain directories. root "" (a bare repository) checks nothing.
func OutputDir(root, dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil || root == "" {
		return dir, err
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", statError(root, err)
	}
	vol := filepath.VolumeName(abs)
	cur := vol + string(filepath.Separator)
	rest := strings.Split(strings.TrimPrefix(abs[len(vol):], string(filepath.Separator)), string(filepath.Separator))
	for i, el := range rest {
		if el == "" {
			continue
		}
		next := filepath.Join(cur, el)
		fi, err := os.Lstat(next)
		if errors.Is(err, fs.ErrNotExist) {
			return filepath.Join(append([]string{cur}, rest[i:]...)...), nil
		}
		if err != nil {
			return "", statError(next, err)
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			if !fi.IsDir() {
				return "", &Error{Path: next, Msg: "is " + kind(fi.Mode()) + ", not a directory", Err: ErrNotRegular,
					Help: "remove it or choose another output directory"}
			}
			cur = next
			continue
		}
		if Within(realRoot, cur) {
			// Named as the user wrote it, not as resolved.
			asGiven := filepath.Join(append([]string{vol + string(filepath.Separator)}, rest[:i+1]...)...)
			return "", &Error{Path: asGiven, Err: ErrLink,
				Msg:  "is a symbolic link inside the repository; redline does not write through links there",
				Help: "replace the link with a directory, or write elsewhere with --out DIR"}
		}
		if cur, err = filepath.EvalSymlinks(next); err != nil {
			return "", statError(next, err)
		}
	}
	return cur, nil
}

// Within says whether path p is dir or lies below it; both must be clean.
func Within(dir, p string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// NoLinks checks that no element of rel, a slash-separated path inside
// root, is a symbolic link; elements that do not exist end the check.
// It is for paths redline walks in the work tree, whose documents must
// come from the repository and nowhere else.
func NoLinks(root, rel string) error {
	cur := root
	for el := range strings.SplitSeq(rel, "/") {
		if el == "" || el == "." {
			continue
		}
		next := filepath.Join(cur, el)
		fi, err := os.Lstat(next)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return statError(next, err)
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return &Error{Path: next, Err: ErrLink,
				Msg:  "is a symbolic link; redline reads no document through a link in the work tree",
				Help: "replace the link with the folder or file itself, or compare two revisions"}
		}
		cur = next
	}
	return nil
}
