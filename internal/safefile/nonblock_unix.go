//go:build unix

package safefile

import "syscall"

// nonblock makes opening a named pipe return at once instead of waiting
// for a writer; the file is then refused as not regular.
const nonblock = syscall.O_NONBLOCK
