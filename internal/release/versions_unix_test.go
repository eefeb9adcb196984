//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package release

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

// The versions and overrides files of a repository nobody has vetted: a
// link out of it (to a credentials file, to /dev/zero), a named pipe and
// an oversized file are refused promptly with an error naming the file,
// and nothing of a file outside is repeated; a link inside is followed.
func TestLoadInHostile(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "repo")
	secret := filepath.Join(base, "credentials")
	if err := os.MkdirAll(filepath.Join(root, "changelog"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(secret, []byte("- id: ghp_SECRETSECRETSECRET\n  date: nonsense\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"real-versions.yaml":  "- id: \"1.0\"\n  date: 2024-01\n  historical: true\n",
		"real-overrides.yaml": "- commit: abcd\n  fingerprint: f00d\n  class: editorial\n  reason: a typo\n",
	} {
		if err := os.WriteFile(filepath.Join(root, "changelog", name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target string) func(string) error {
		return func(p string) error { return os.Symlink(target, p) }
	}
	for _, c := range []struct {
		name  string
		setup func(p string) error
		want  error
	}{
		{"link to a secret", link(secret), safefile.ErrLeavesRoot},
		{"relative link out", link("../../credentials"), safefile.ErrLeavesRoot},
		{"link to /dev/zero", link("/dev/zero"), safefile.ErrLeavesRoot},
		{"named pipe", func(p string) error { return syscall.Mkfifo(p, 0o644) }, safefile.ErrNotRegular},
		{"too large", func(p string) error {
			return os.WriteFile(p, []byte("# "+strings.Repeat("x", safefile.MaxConfigBytes)+"\n"), 0o644)
		}, safefile.ErrTooLarge},
		{"link inside", func(p string) error { return os.Symlink("real-"+filepath.Base(p), p) }, nil},
	} {
		for _, load := range []struct {
			file string
			fn   func(root, rel string) (int, error)
		}{
			{"versions.yaml", func(root, rel string) (int, error) { v, err := LoadVersionsIn(root, rel); return len(v), err }},
			{"overrides.yaml", func(root, rel string) (int, error) { o, err := LoadOverridesIn(root, rel); return len(o), err }},
		} {
			t.Run(c.name+"/"+load.file, func(t *testing.T) {
				rel := "changelog/" + load.file
				p := filepath.Join(root, filepath.FromSlash(rel))
				os.Remove(p)
				if err := c.setup(p); err != nil {
					t.Skipf("cannot set up: %v", err)
				}
				var n int
				var err error
				done := make(chan struct{})
				go func() { defer close(done); n, err = load.fn(root, rel) }()
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					t.Fatal("loading has not returned in 10 s")
				}
				if c.want == nil {
					if err != nil || n != 1 {
						t.Errorf("= %d entries, %v; want the one of the file linked to", n, err)
					}
					return
				}
				var h interface{ Hint() string }
				if !errors.Is(err, c.want) || !errors.As(err, &h) || h.Hint() == "" {
					t.Fatalf("err = %v, want %v with a hint", err, c.want)
				}
				if !strings.Contains(err.Error(), p) || strings.Contains(err.Error(), "SECRET") {
					t.Errorf("error %q does not name %s, or repeats the secret", err, p)
				}
			})
		}
	}
}
