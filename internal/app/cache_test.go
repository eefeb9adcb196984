package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestHistoryCache(t *testing.T) {
	user, err := os.UserCacheDir()
	if err != nil {
		t.Skip("no user cache directory here")
	}
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{}, filepath.Join(user, "redline")},
		{Options{CacheDir: "/tmp/c"}, "/tmp/c"},
		{Options{CacheDir: "/tmp/c", NoCache: true}, ""},
		{Options{NoCache: true}, ""},
	} {
		if got := tt.opts.HistoryCache(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.opts, got, tt.want)
		}
	}
}

// The comparison cache is named by the Go build ID read from the ELF
// note, which must be the ID `go tool buildid` reports; a file that is
// not ELF has none (and is hashed instead).
func TestElfBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	f, err := os.Open(exe)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	got := elfBuildID(f)
	if runtime.GOOS != "linux" {
		t.Skipf("%s executables are not ELF", runtime.GOOS)
	}
	want, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if got == "" || got != strings.TrimSpace(string(want)) {
		t.Errorf("elfBuildID = %q, go tool buildid says %q", got, strings.TrimSpace(string(want)))
	}
	if id := elfBuildID(strings.NewReader("#!/bin/sh\necho not elf\n")); id != "" {
		t.Errorf("a shell script has build ID %q", id)
	}
	if h := programHash(); !strings.HasPrefix(h, "go-build-id:") {
		t.Errorf("programHash() = %q, want the build ID", h)
	}
}
