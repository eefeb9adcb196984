//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package render

import "errors"

func mkfifo(string) error { return errors.New("no named pipes on this system") }
