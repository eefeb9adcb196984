package render

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// leftovers lists temporary files Write left behind anywhere under dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestWriteCreatesAndLeavesOthersAlone(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	files := []File{
		{Path: "dpia/changelog/_index.nb.md", Data: []byte("nb\n")},
		{Path: "dpia/changelog/_index.en.md", Data: []byte("en\n")},
		{Path: "report.html", Data: []byte("<html></html>\n")},
	}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if got := readFile(t, filepath.Join(dir, filepath.FromSlash(f.Path))); got != string(f.Data) {
			t.Errorf("%s = %q, want %q", f.Path, got, f.Data)
		}
	}
	if got := readFile(t, filepath.Join(dir, "keep.txt")); got != "mine" {
		t.Errorf("a file not named was changed: %q", got)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
	// Stale agrees with what was written, and sees a change and a loss.
	if s, err := Stale(dir, files); err != nil || len(s) != 0 {
		t.Errorf("Stale after Write = %v, %v; want none", s, err)
	}
	changed := append([]File(nil), files...)
	changed[1] = File{Path: changed[1].Path, Data: []byte("en, longer\n")}
	changed[2] = File{Path: changed[2].Path, Data: []byte("<html></html>!")} // same length, other bytes
	changed = append(changed, File{Path: "missing.xml", Data: nil})
	s, err := Stale(dir, changed)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"dpia/changelog/_index.en.md", "report.html", "missing.xml"}; fmt.Sprint(s) != fmt.Sprint(want) {
		t.Errorf("Stale = %v, want %v", s, want)
	}
	if got := readFile(t, filepath.Join(dir, "report.html")); got != "<html></html>\n" {
		t.Errorf("Stale wrote to disk: %q", got)
	}
}

func TestStaleMissingDir(t *testing.T) {
	s, err := Stale(filepath.Join(t.TempDir(), "nope"), []File{{Path: "a.md"}, {Path: "b/c.md"}})
	if err != nil || fmt.Sprint(s) != "[a.md b/c.md]" {
		t.Errorf("Stale = %v, %v; want every file stale", s, err)
	}
}

func TestWriteKeepsMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	if err := os.WriteFile(p, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, []File{{Path: "a.md", Data: []byte("new")}}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", fi.Mode().Perm())
	}
}

// TestWriteAtomic fails a write at each step and checks that the old file
// is whole and no temporary file remains.
func TestWriteAtomic(t *testing.T) {
	for _, stepName := range []string{"write", "sync", "rename"} {
		t.Run(stepName, func(t *testing.T) {
			dir := t.TempDir()
			old := []byte(strings.Repeat("old version\n", 100))
			if err := os.WriteFile(filepath.Join(dir, "a.md"), old, 0o644); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("disk full")
			failStep = func(s, p string) error {
				if s == stepName && p == "b.md" {
					return boom
				}
				return nil
			}
			defer func() { failStep = nil }()
			err := Write(dir, []File{
				{Path: "a.md", Data: []byte(strings.Repeat("new version\n", 100))},
				{Path: "b.md", Data: []byte("b")},
			})
			if !errors.Is(err, boom) || !strings.Contains(err.Error(), filepath.Join(dir, "b.md")) {
				t.Fatalf("err = %v, want the injected failure naming b.md", err)
			}
			// A failure while writing b.md leaves a.md old: renames wait
			// until every file is written. A failing rename of b.md
			// comes after a.md was renamed, so a.md is new and whole.
			got := readFile(t, filepath.Join(dir, "a.md"))
			want := "old version"
			if stepName == "rename" {
				want = "new version"
			}
			if !strings.HasPrefix(got, want) || len(got) != len(old) {
				t.Errorf("a.md is not the complete %s", want)
			}
			if _, err := os.Stat(filepath.Join(dir, "b.md")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("b.md exists after a failed write: %v", err)
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
	t.Run("old file intact", func(t *testing.T) {
		dir := t.TempDir()
		old := []byte(strings.Repeat("old version\n", 100))
		p := filepath.Join(dir, "a.md")
		if err := os.WriteFile(p, old, 0o644); err != nil {
			t.Fatal(err)
		}
		failStep = func(s, _ string) error {
			if s == "write" { // half the new data is in the temporary file
				return errors.New("interrupted")
			}
			return nil
		}
		defer func() { failStep = nil }()
		if err := Write(dir, []File{{Path: "a.md", Data: []byte(strings.Repeat("new version\n", 100))}}); err == nil {
			t.Fatal("no error")
		}
		if got := readFile(t, p); got != string(old) {
			t.Errorf("old file damaged: %q…", got[:min(40, len(got))])
		}
	})
}

func TestWritePathConfinement(t *testing.T) {
	for _, p := range []string{"../../etc/x.md", "/etc/x.md", "a/../../x.md", "a/./b.md", "a//b.md", "", ".", `a\b.md`, "C:/x.md", "a/..", "x\x00.md"} {
		t.Run(fmt.Sprintf("%q", p), func(t *testing.T) {
			dir := t.TempDir()
			err := Write(dir, []File{{Path: "ok.md", Data: []byte("x")}, {Path: p, Data: []byte("x")}})
			var re *Error
			if !errors.As(err, &re) || re.Hint == "" {
				t.Fatalf("err = %v, want a render.Error with a hint", err)
			}
			if p != "" && !strings.Contains(err.Error(), fmt.Sprintf("%q", p)) {
				t.Errorf("error %q does not name the path", err)
			}
			// Paths are checked before anything is written.
			if _, err := os.Stat(filepath.Join(dir, "ok.md")); !errors.Is(err, os.ErrNotExist) {
				t.Error("a file was written before the bad path was rejected")
			}
			if _, err := Stale(dir, []File{{Path: p}}); err == nil {
				t.Error("Stale accepted the path")
			}
		})
	}
}

func TestWriteSymlinkEscape(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	err := Write(dir, []File{{Path: "link/x.md", Data: []byte("escaped")}})
	if err == nil || !strings.Contains(err.Error(), "link/x.md") {
		t.Fatalf("err = %v, want a refusal naming link/x.md", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "x.md")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a file was written outside the output directory")
	}
	if _, err := Stale(dir, []File{{Path: "link/x.md"}}); err == nil {
		t.Error("Stale read through the escaping link")
	}

	// A symbolic link to a file outside is replaced, never written through.
	target := filepath.Join(outside, "target.md")
	if err := os.WriteFile(target, []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "out.md")); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, []File{{Path: "out.md", Data: []byte("inside")}}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, target); got != "outside" {
		t.Errorf("the file outside was written: %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "out.md")); got != "inside" {
		t.Errorf("out.md = %q", got)
	}
}

// TestWriteReadOnly needs a directory the test process cannot write. As
// root, permission bits do not stop writes, so the directory is also made
// immutable with chattr when that is possible.
func TestWriteReadOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if os.Geteuid() == 0 {
		chattr, err := exec.LookPath("chattr")
		if err != nil {
			t.Skip("running as root without chattr: no way to make a directory unwritable")
		}
		if out, err := exec.Command(chattr, "+i", dir).CombinedOutput(); err != nil {
			t.Skipf("running as root and chattr +i failed (%v: %s): no way to make a directory unwritable", err, bytes.TrimSpace(out))
		}
		t.Cleanup(func() { exec.Command(chattr, "-i", dir).Run() })
	}
	err := Write(dir, []File{{Path: "sub/_index.nb.md", Data: []byte("x")}})
	if err == nil {
		t.Fatal("writing into a read-only directory succeeded")
	}
	var re *Error
	if !errors.As(err, &re) || re.Hint == "" {
		t.Fatalf("err = %#v, want a render.Error with a hint", err)
	}
	if !strings.Contains(err.Error(), filepath.Join(dir, "sub/_index.nb.md")) {
		t.Errorf("error %q does not name the file", err)
	}
	if !strings.HasPrefix(err.Error(), "cannot write ") {
		t.Errorf("error %q does not say what failed", err)
	}
}

func TestWriteOverDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "a.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := Write(dir, []File{{Path: "a.md", Data: []byte("x")}})
	if err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("err = %v, want a refusal to replace a directory", err)
	}
}

// TestWriteConcurrent runs two writers of different content over the same
// files: whatever the interleaving, each file ends as one writer's whole
// version, never a mix or a truncation.
func TestWriteConcurrent(t *testing.T) {
	dir := t.TempDir()
	version := func(tag string) []File {
		body := []byte(strings.Repeat(tag+" line of the changelog\n", 2000))
		return []File{{Path: "a/_index.nb.md", Data: body}, {Path: "a/_index.en.md", Data: body}, {Path: "feed.xml", Data: body}}
	}
	a, b := version("A"), version("B")
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for _, files := range [][]File{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if err := Write(dir, files); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := range a {
		got := readFile(t, filepath.Join(dir, a[i].Path))
		if got != string(a[i].Data) && got != string(b[i].Data) {
			t.Errorf("%s is neither version (%d bytes)", a[i].Path, len(got))
		}
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// A link inside the output folder is not followed either, even to a
// folder inside it: no folder on the way to an output file is a link.
func TestWriteLinkInsideRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	err := Write(dir, []File{{Path: "ok.md", Data: []byte("x")}, {Path: "link/x.md", Data: []byte("x")}})
	var re *Error
	if !errors.As(err, &re) || re.Hint == "" || !strings.Contains(err.Error(), filepath.Join(dir, "link")+" is a symbolic link") {
		t.Fatalf("err = %v, want a refusal naming the link, with a hint", err)
	}
	for _, p := range []string{"real/x.md", "ok.md"} {
		if _, err := os.Stat(filepath.Join(dir, p)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s was written", p)
		}
	}
	if _, err := Stale(dir, []File{{Path: "link/x.md"}}); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Stale through the link: %v, want a refusal", err)
	}
}

// Stale never opens what is not a regular file: a named pipe in place of
// an output file is stale (it once made --check wait for ever), and so is
// a link, which Write replaces.
func TestStaleSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := mkfifo(filepath.Join(dir, "pipe.md")); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "target.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("target.md", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	files := []File{{Path: "pipe.md", Data: []byte("x")}, {Path: "link.md", Data: []byte("x")}}
	done := make(chan struct{})
	var stale []string
	var err error
	go func() {
		defer close(done)
		stale, err = Stale(dir, files)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Stale is waiting on a named pipe")
	}
	if err != nil || fmt.Sprint(stale) != "[pipe.md link.md]" {
		t.Errorf("Stale = %v, %v; want both stale", stale, err)
	}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if fi, err := os.Lstat(filepath.Join(dir, f.Path)); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%s is not a regular file after Write: %v", f.Path, err)
		}
	}
	if got := readFile(t, filepath.Join(dir, "target.md")); got != "x" {
		t.Errorf("the link's target was written: %q", got)
	}
}
