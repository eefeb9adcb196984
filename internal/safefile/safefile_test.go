//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within fails the test when fn has not returned in 10 s: a read that
// waits on a named pipe.
func within(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s has not returned in 10 s", what)
	}
}

// tree is a repository-like folder with a secret beside it, and links of
// every kind to it and to special files.
func tree(t *testing.T) (root, secret string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "repo")
	secret = filepath.Join(base, "credentials")
	must(t, os.MkdirAll(filepath.Join(root, "sub"), 0o755))
	must(t, os.WriteFile(secret, []byte("token=ghp_secret\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(root, "ok.yaml"), []byte("a: 1\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(root, "big.yaml"), make([]byte, 2000), 0o644))
	must(t, os.Symlink("ok.yaml", filepath.Join(root, "inside.yaml")))
	must(t, os.Symlink(secret, filepath.Join(root, "abs-out.yaml")))
	must(t, os.Symlink("../credentials", filepath.Join(root, "rel-out.yaml")))
	must(t, os.Symlink("..", filepath.Join(root, "up")))
	must(t, os.Symlink("/dev/zero", filepath.Join(root, "zero.yaml")))
	must(t, syscall.Mkfifo(filepath.Join(root, "fifo.yaml"), 0o644))
	must(t, os.Symlink("fifo.yaml", filepath.Join(root, "to-fifo.yaml")))
	return root, secret
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadFileIn(t *testing.T) {
	root, _ := tree(t)
	for _, c := range []struct {
		rel  string
		want string // content, or the error it wraps ("" with err: fs.ErrNotExist)
		err  error
	}{
		{rel: "ok.yaml", want: "a: 1\n"},
		{rel: "inside.yaml", want: "a: 1\n"}, // a link that stays inside
		{rel: "abs-out.yaml", err: ErrLeavesRoot},
		{rel: "rel-out.yaml", err: ErrLeavesRoot},
		{rel: "up/credentials", err: ErrLeavesRoot},
		{rel: "../credentials", err: ErrLeavesRoot},
		{rel: "zero.yaml", err: ErrLeavesRoot},
		{rel: "fifo.yaml", err: ErrNotRegular},
		{rel: "to-fifo.yaml", err: ErrNotRegular},
		{rel: "sub", err: ErrNotRegular},
		{rel: "big.yaml", err: ErrTooLarge},
		{rel: "missing.yaml", err: fs.ErrNotExist},
	} {
		t.Run(c.rel, func(t *testing.T) {
			var data []byte
			var err error
			within(t, "ReadFileIn", func() { data, err = ReadFileIn(root, c.rel, 1000) })
			if c.err == nil {
				if err != nil || string(data) != c.want {
					t.Fatalf("= %q, %v; want %q", data, err, c.want)
				}
				return
			}
			var e *Error
			if !errors.Is(err, c.err) || !errors.As(err, &e) || e.Hint() == "" {
				t.Fatalf("err = %v, want %v with a hint", err, c.err)
			}
			if want := filepath.Join(root, c.rel); !strings.HasPrefix(err.Error(), want+": ") {
				t.Errorf("error %q does not start with the path %s", err, want)
			}
			if strings.Contains(err.Error(), "ghp_secret") {
				t.Errorf("error repeats the secret: %q", err)
			}
		})
	}
}

// ReadFile follows links (the user named the path) but reads only a
// regular file, capped.
func TestReadFile(t *testing.T) {
	root, secret := tree(t)
	for _, c := range []struct {
		name string
		err  error
	}{
		{name: secret},
		{name: filepath.Join(root, "abs-out.yaml")},
		{name: "/dev/zero", err: ErrNotRegular},
		{name: filepath.Join(root, "zero.yaml"), err: ErrNotRegular},
		{name: filepath.Join(root, "fifo.yaml"), err: ErrNotRegular},
		{name: filepath.Join(root, "to-fifo.yaml"), err: ErrNotRegular},
		{name: filepath.Join(root, "big.yaml"), err: ErrTooLarge},
		{name: filepath.Join(root, "none"), err: fs.ErrNotExist},
	} {
		t.Run(filepath.Base(c.name), func(t *testing.T) {
			var err error
			within(t, "ReadFile", func() { _, err = ReadFile(c.name, 1000) })
			if !errors.Is(err, c.err) || (c.err != nil && !strings.HasPrefix(err.Error(), c.name+": ")) {
				t.Errorf("err = %v, want %v naming %s", err, c.err, c.name)
			}
		})
	}
	if data, err := ReadFile(filepath.Join(root, "big.yaml"), 0); err != nil || len(data) != 2000 {
		t.Errorf("limit 0: %d bytes, %v; want the whole file", len(data), err)
	}
}

func TestOutputDir(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "repo")
	elsewhere := filepath.Join(base, "elsewhere")
	must(t, os.MkdirAll(filepath.Join(root, "real", "deeper"), 0o755))
	must(t, os.MkdirAll(elsewhere, 0o755))
	must(t, os.Symlink("../elsewhere", filepath.Join(root, "changelog")))
	must(t, os.Symlink("real", filepath.Join(root, "inner")))
	must(t, os.WriteFile(filepath.Join(root, "file"), nil, 0o644))
	must(t, os.Symlink(root, filepath.Join(base, "repo-link")))
	must(t, os.Symlink(elsewhere, filepath.Join(base, "out-link")))

	for _, c := range []struct {
		dir, want string // want "" for a refusal
		link      string // the link the refusal names
	}{
		{dir: filepath.Join(root, "real"), want: filepath.Join(root, "real")},
		{dir: filepath.Join(root, "new", "dir"), want: filepath.Join(root, "new", "dir")},
		{dir: filepath.Join(root, "changelog"), link: filepath.Join(root, "changelog")},
		{dir: filepath.Join(root, "changelog", "sub"), link: filepath.Join(root, "changelog")},
		{dir: filepath.Join(root, "inner", "deeper"), link: filepath.Join(root, "inner")},
		{dir: filepath.Join(root, "real", "..", "changelog"), link: filepath.Join(root, "changelog")},
		// The repository reached through a link of the user's: links
		// inside it are still refused, and named as the user wrote them.
		{dir: filepath.Join(base, "repo-link", "changelog"), link: filepath.Join(base, "repo-link", "changelog")},
		{dir: filepath.Join(base, "repo-link", "real"), want: filepath.Join(root, "real")},
		// Outside the repository, the user's links are followed.
		{dir: filepath.Join(base, "out-link"), want: elsewhere},
		{dir: filepath.Join(base, "out-link", "new"), want: filepath.Join(elsewhere, "new")},
		{dir: filepath.Join(root, "file", "x"), link: ""},
	} {
		t.Run(c.dir, func(t *testing.T) {
			got, err := OutputDir(filepath.Join(base, "repo-link"), c.dir)
			if c.want != "" {
				if err != nil || got != c.want {
					t.Errorf("= %q, %v; want %q", got, err, c.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Hint() == "" {
				t.Fatalf("= %q, %v; want a refusal with a hint", got, err)
			}
			if c.link != "" && (!errors.Is(err, ErrLink) || e.Path != c.link) {
				t.Errorf("err = %v, want one naming the link %s", err, c.link)
			}
		})
	}
	if got, err := OutputDir("", "x/y"); err != nil || got != "x/y" {
		t.Errorf("bare repository: %q, %v; want the path unchecked", got, err)
	}
}

func TestNoLinks(t *testing.T) {
	root, _ := tree(t)
	must(t, os.MkdirAll(filepath.Join(root, "content", "dpia"), 0o755))
	must(t, os.Symlink("/etc", filepath.Join(root, "etc")))
	for rel, bad := range map[string]string{
		"content/dpia":     "",
		"content/missing":  "",
		"":                 "",
		"up/repo/content":  "up",
		"etc/ssl":          "etc",
		"content/dpia/../": "",
		"inside.yaml":      "inside.yaml",
	} {
		err := NoLinks(root, rel)
		switch {
		case bad == "" && err != nil:
			t.Errorf("NoLinks(%q) = %v", rel, err)
		case bad != "" && (!errors.Is(err, ErrLink) || !strings.HasPrefix(err.Error(), filepath.Join(root, bad)+": ")):
			t.Errorf("NoLinks(%q) = %v, want a refusal naming %s", rel, err, bad)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{1 << 20: "1 MiB", 16 << 20: "16 MiB", 2048: "2 KiB", 1500: "1500 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
