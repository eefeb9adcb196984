//go:build unix

package history

import "syscall"

// mkfifo makes a named pipe, for the tests of files git keeps regular.
func mkfifo(p string) error { return syscall.Mkfifo(p, 0o644) }
