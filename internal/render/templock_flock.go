//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package render

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// tempLocks says that a temporary file is locked (flock) by the process
// writing it, from its creation until it is renamed into place. The
// kernel drops the lock when the process dies, however it dies, so an
// unlocked temporary file is one nobody will ever rename: it is safe to
// remove. The lock does not depend on process ids, so it holds across PID
// namespaces (containers sharing an output folder) too.
const tempLocks = true

// staleAge is how old a temporary file must be before it is taken for
// stale on a file system that cannot lock (flock failing with other than
// EWOULDBLOCK, as some network file systems do). Writing a file takes
// seconds; the margin is wide.
const staleAge = time.Hour

// lockTemp locks a temporary file just created. It returns false when
// another process holds the lock, or removed the file before the lock was
// taken: a concurrent removeIfStale took it for stale, and the caller
// needs another name. Where locking is not supported it returns true:
// removeIfStale then goes by age.
func lockTemp(f *os.File) bool {
	var lockErr error
	if err := control(f, func(fd int) { lockErr = syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB) }); err != nil {
		return true
	}
	if errors.Is(lockErr, syscall.EWOULDBLOCK) {
		return false
	}
	if lockErr != nil {
		return true
	}
	// Removed between our creating it and locking it: the name is gone.
	fi, err := f.Stat()
	if err != nil {
		return true
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || st.Nlink > 0
}

// removeIfStale removes the temporary file name if no process holds its
// lock. It takes the lock itself first, so the writer cannot take it back
// in between, and removes the name only while it is still the file
// locked.
func removeIfStale(root *os.Root, name string) {
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return
	}
	var lockErr error
	if err := control(f, func(fd int) { lockErr = syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB) }); err != nil {
		return
	}
	switch {
	case errors.Is(lockErr, syscall.EWOULDBLOCK):
		return // a live process is writing it
	case lockErr != nil && time.Since(fi.ModTime()) < staleAge:
		return // cannot tell by the lock; young enough to be in use
	}
	if now, err := root.Lstat(name); err == nil && os.SameFile(now, fi) {
		root.Remove(name)
	}
}

func control(f *os.File, fn func(fd int)) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	return rc.Control(func(fd uintptr) { fn(int(fd)) })
}
