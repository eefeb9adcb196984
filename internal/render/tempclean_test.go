//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package render

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// helperEnv makes the test binary, run again, act as a writer that stops
// for good after staging its temporary file: a run about to be killed.
const helperEnv = "REDLINE_RENDER_HELPER_DIR"

// TestHelperStalledWriter is not a test: it is the process the temp-file
// tests start and kill. It stages changelog.json in the folder named by
// helperEnv, says so on stdout and waits to be killed before renaming.
func TestHelperStalledWriter(t *testing.T) {
	dir := os.Getenv(helperEnv)
	if dir == "" {
		t.Skip("helper process only")
	}
	failStep = func(step, _ string) error {
		if step == "rename" {
			os.Stdout.WriteString("staged\n")
			select {} // until killed
		}
		return nil
	}
	Write(dir, []File{{Path: "changelog.json", Data: []byte(strings.Repeat("x", 1<<20))}})
}

// startStalledWriter starts a process that has a locked temporary file for
// changelog.json in dir and will never finish.
func startStalledWriter(t *testing.T, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperStalledWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	staged := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		staged <- line == "staged\n"
	}()
	select {
	case ok := <-staged:
		if !ok {
			t.Fatal("the helper process did not stage its file")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the helper process did not stage its file in 30 s")
	}
	return cmd
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// A run killed with SIGKILL leaves its temporary file (it once stayed for
// ever, 100 MB of changelog.json at a time). The next write to the folder
// removes it, but never a temporary file a live run is writing, and
// nothing that is not one of redline's own temporaries for the files
// being written.
func TestWriteRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	// Lookalikes that are not redline's, or not for a file written now.
	keep := map[string]string{
		".changelog.json.tmp-zzzzzzzzzzzz":  "not hex",
		".changelog.json.tmp-0123456789a":   "too short",
		".changelog.json.tmp-0123456789ABC": "upper case",
		"changelog.json.tmp-0123456789ab":   "no dot",
		".notes.txt.tmp-0123456789ab":       "another file's",
		"keep.md":                           "a file of the user's",
	}
	for n := range keep {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The right shape, but a link and a folder: not files redline makes.
	if err := os.Symlink("keep.md", filepath.Join(dir, ".report.html.tmp-aaaaaaaaaaaa")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, ".report.html.tmp-bbbbbbbbbbbb"), 0o755); err != nil {
		t.Fatal(err)
	}

	live := startStalledWriter(t, dir)
	temps := func() []string {
		var out []string
		for _, n := range names(t, dir) {
			if base, ok := tempBase(n); ok && base == "changelog.json" {
				out = append(out, n)
			}
		}
		return out
	}
	if got := temps(); len(got) != 1 {
		t.Fatalf("temporary files of changelog.json: %v, want the helper's one", got)
	}
	tmp := temps()[0]

	files := []File{{Path: "changelog.json", Data: []byte("{}\n")}, {Path: "report.html", Data: []byte("<p>\n")}}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dir, tmp)); err != nil {
		t.Fatalf("the temporary file of a live writer was removed: %v", err)
	}

	// Killed with SIGKILL, it never renames or removes its file.
	if err := live.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	live.Wait()
	if _, err := os.Lstat(filepath.Join(dir, tmp)); err != nil {
		t.Fatalf("the killed writer's temporary file is not there to clean up: %v", err)
	}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dir, tmp)); !os.IsNotExist(err) {
		t.Errorf("the killed writer's temporary file %s is still there (%v)", tmp, err)
	}
	for n, why := range keep {
		if got := readFile(t, filepath.Join(dir, n)); got != "mine" {
			t.Errorf("%s (%s) was changed or removed: %q", n, why, got)
		}
	}
	for _, n := range []string{".report.html.tmp-aaaaaaaaaaaa", ".report.html.tmp-bbbbbbbbbbbb"} {
		if _, err := os.Lstat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s was removed: %v", n, err)
		}
	}
	if got := readFile(t, filepath.Join(dir, "changelog.json")); got != "{}\n" {
		t.Errorf("changelog.json = %q", got)
	}
}

// A temporary file another writer has just created but not yet locked
// looks stale; if a cleaner removes it in that moment, the writer takes
// another name rather than renaming a file that is gone.
func TestCreateTempAfterRemoval(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	f, err := root.OpenFile(".a.md.tmp-0123456789ab", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	removeIfStale(root, ".a.md.tmp-0123456789ab") // not yet locked: removed
	if lockTemp(f) {
		t.Error("lockTemp accepted a temporary file removed before it was locked")
	}
	g, err := root.OpenFile(".a.md.tmp-ba9876543210", os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if !lockTemp(g) {
		t.Fatal("lockTemp refused a fresh file")
	}
	removeIfStale(root, ".a.md.tmp-ba9876543210") // locked: kept
	if _, err := root.Lstat(".a.md.tmp-ba9876543210"); err != nil {
		t.Errorf("a locked temporary file was removed: %v", err)
	}
}
