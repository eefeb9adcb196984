//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package render

import (
	"os"
	"time"
)

// tempLocks is false where flock is not available: a temporary file is
// closed before its rename, and a stale one is told by its age alone.
const tempLocks = false

// staleAge is how old a temporary file must be before it is taken for
// stale. Writing a file takes seconds; the margin is wide.
const staleAge = time.Hour

func lockTemp(*os.File) bool { return true }

// removeIfStale removes the temporary file name when it has not been
// written for staleAge. On Windows a file still open in a live process
// cannot be removed, which guards the rest.
func removeIfStale(root *os.Root, name string) {
	fi, err := root.Lstat(name)
	if err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) >= staleAge {
		root.Remove(name)
	}
}
