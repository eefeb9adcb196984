//go:build !unix

package safefile

// nonblock is unix's O_NONBLOCK; elsewhere the type checks before and
// after opening are what keep pipes out.
const nonblock = 0
