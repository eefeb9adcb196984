//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/digdir/redline/internal/safefile"
)

// redline.yaml in a repository nobody has vetted: a link out of it (to a
// credentials file, to /dev/zero), a named pipe and an oversized file are
// refused with an error naming the file and a hint, promptly, and nothing
// of a file outside is repeated. A link that stays inside is followed.
func TestLoadRepoHostile(t *testing.T) {
	base := t.TempDir()
	secret := filepath.Join(base, "credentials")
	if err := os.WriteFile(secret, []byte("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		setup func(root string) error
		want  error // nil: loads
	}{
		{"link to a secret", func(root string) error { return os.Symlink(secret, filepath.Join(root, FileName)) }, safefile.ErrLeavesRoot},
		{"relative link out", func(root string) error { return os.Symlink("../credentials", filepath.Join(root, FileName)) }, safefile.ErrLeavesRoot},
		{"link to /dev/zero", func(root string) error { return os.Symlink("/dev/zero", filepath.Join(root, FileName)) }, safefile.ErrLeavesRoot},
		{"named pipe", func(root string) error { return syscall.Mkfifo(filepath.Join(root, FileName), 0o644) }, safefile.ErrNotRegular},
		{"too large", func(root string) error {
			return os.WriteFile(filepath.Join(root, FileName), []byte("# "+strings.Repeat("x", safefile.MaxConfigBytes)+"\n"), 0o644)
		}, safefile.ErrTooLarge},
		{"link inside", func(root string) error {
			if err := os.WriteFile(filepath.Join(root, "cfg.yaml"), []byte("paths: [docs]\n"), 0o644); err != nil {
				return err
			}
			return os.Symlink("cfg.yaml", filepath.Join(root, FileName))
		}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := filepath.Join(base, strings.ReplaceAll(c.name, " ", "-"), "repo")
			if err := os.MkdirAll(root, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(secret, filepath.Join(filepath.Dir(root), "credentials")); err != nil {
				t.Fatal(err)
			}
			if err := c.setup(root); err != nil {
				t.Skipf("cannot set up: %v", err)
			}
			var cfg *Config
			var err error
			done := make(chan struct{})
			go func() { defer close(done); cfg, err = LoadRepo(root) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("LoadRepo has not returned in 10 s")
			}
			if c.want == nil {
				if err != nil || cfg.Paths[0] != "docs" {
					t.Fatalf("= %+v, %v", cfg, err)
				}
				return
			}
			var h interface{ Hint() string }
			if !errors.Is(err, c.want) || !errors.As(err, &h) || h.Hint() == "" {
				t.Fatalf("err = %v, want %v with a hint", err, c.want)
			}
			if !strings.Contains(err.Error(), filepath.Join(root, FileName)) {
				t.Errorf("error %q does not name the file", err)
			}
			if strings.Contains(err.Error(), "wJalr") {
				t.Errorf("error repeats the secret: %q", err)
			}
		})
	}
}

// A file named with --config is the user's choice, links and all; still
// only a regular file is read, and an error repeats no more than a short
// excerpt of it.
func TestLoadNamedFile(t *testing.T) {
	if _, err := Load("/dev/zero"); !errors.Is(err, safefile.ErrNotRegular) {
		t.Errorf("Load(/dev/zero) = %v, want a refusal", err)
	}
	p := filepath.Join(t.TempDir(), "secret")
	line := "token_" + strings.Repeat("0123456789", 20)
	if err := os.WriteFile(p, []byte(line+"\nsecond line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p)
	if err == nil || strings.Contains(err.Error(), line[:100]) || strings.Contains(err.Error(), "second line") {
		t.Errorf("error repeats the file: %v", err)
	}
}
