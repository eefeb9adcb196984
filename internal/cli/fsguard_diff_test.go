//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// redline diff OLD NEW on a named pipe or /dev/zero once waited for ever
// or read until memory ran out: it is an error naming the file, with a
// hint, even with no size limit.
func TestGuardDiffSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "a.md")
	if err := os.WriteFile(doc, []byte(basePage), 0o644); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "pipe.md")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	zero := filepath.Join(dir, "zero.md")
	symlink(t, "/dev/zero", zero)
	for _, c := range []struct {
		args []string
		bad  string
	}{
		{[]string{"diff", doc, pipe}, pipe},
		{[]string{"diff", pipe, doc}, pipe},
		{[]string{"diff", doc, zero}, zero},
		{[]string{"diff", "/dev/zero", doc}, "/dev/zero"},
		{[]string{"--max-document-bytes", "0", "diff", doc, zero}, zero},
	} {
		wantError(t, runWithin(t, c.args...), c.bad, "not a regular file")
	}
	big := filepath.Join(dir, "big.md")
	if err := os.WriteFile(big, []byte(paragraphs(3000, false)), 0o644); err != nil {
		t.Fatal(err)
	}
	wantError(t, runWithin(t, "--max-document-bytes", "1000", "diff", doc, big), big, "1000")
}
