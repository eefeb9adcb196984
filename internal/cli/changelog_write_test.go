package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// changelog says whether it changed anything: "wrote N of M files", or
// that the directory is up to date when every file already was.
func TestChangelogSaysWhatChanged(t *testing.T) {
	g := newGitRepo(t)
	g.write("content/dpia/_index.md", page("Risk", "Data is kept for 30 days."))
	g.commit("first")
	g.write("content/dpia/_index.md", page("Risk", "Data is kept for 60 days."))
	g.commit("second")
	out := filepath.Join(t.TempDir(), "cl")

	r := run(t, "--repo", g.dir, "changelog", "--out", out)
	m := regexp.MustCompile(`wrote (\d+) of (\d+) files`).FindStringSubmatch(r.err)
	if r.code != ExitOK || m == nil || m[1] != m[2] {
		t.Fatalf("first run: want every file written\n%s", r)
	}
	files := m[2]

	r = run(t, "--repo", g.dir, "changelog", "--out", out)
	if r.code != ExitOK || !strings.Contains(r.err, " is up to date ("+files+" files)") || strings.Contains(r.err, "wrote") {
		t.Fatalf("second run: want up to date (%s files)\n%s", files, r)
	}

	if err := os.WriteFile(filepath.Join(out, "changelog.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "--repo", g.dir, "changelog", "--out", out)
	if r.code != ExitOK || !strings.Contains(r.err, "wrote 1 of "+files+" files") {
		t.Fatalf("after one file changed: want 1 of %s written\n%s", files, r)
	}
}
