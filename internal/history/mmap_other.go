//go:build !unix

package history

import (
	"errors"
	"os"
)

func mmapFile(f *os.File) ([]byte, func() error, error) {
	return nil, nil, errors.New("mmap not supported")
}
