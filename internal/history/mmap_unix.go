//go:build unix

package history

import (
	"errors"
	"os"
	"syscall"
)

// mmapFile maps a file read-only.
func mmapFile(f *os.File) ([]byte, func() error, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	if size == 0 || int64(int(size)) != size {
		return nil, nil, errors.New("cannot map file")
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return b, func() error { return syscall.Munmap(b) }, nil
}

// openNoBlock opens a file for reading without blocking: opening a named
// pipe for reading otherwise waits for a writer, for ever.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
