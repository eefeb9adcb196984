package app

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Without content/, every Markdown file is tracked but the changelog's
// output directory; globs and excludes, configured or named, reach every
// list of documents through history's one Pathspec.
func TestTrackedPathspecs(t *testing.T) {
	dir := gitRepo(t, []testCommit{{"2024-01-01", "docs", map[string]string{
		"en/privacy.md":          "# Privacy\n",
		"en/archive/old.md":      "# Old\n",
		"de/privacy.md":          "# Datenschutz\n",
		"changelog/_index.en.md": "# Changelog\n",
		"out/_index.en.md":       "# Elsewhere\n",
	}}})
	docs := func(a *App) []string {
		t.Helper()
		n := &Names{a: a}
		got, err := n.Documents("")
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	a, err := Open(Options{Repo: dir, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	want := []string{"de/privacy.md", "en/archive/old.md", "en/privacy.md", "out/_index.en.md"}
	if got := docs(a); !reflect.DeepEqual(got, want) {
		t.Errorf("without content/: %q, want %q", got, want)
	}
	a.Track([]string{"en/*.md", ":!en/archive"})
	if got := docs(a); !reflect.DeepEqual(got, []string{"en/privacy.md"}) {
		t.Errorf("en/*.md without en/archive: %q", got)
	}

	// Another output directory is the one left out.
	if err := os.WriteFile(filepath.Join(dir, "redline.yaml"), []byte("output:\n  dir: out\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Open(Options{Repo: dir, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	want = []string{"changelog/_index.en.md", "de/privacy.md", "en/archive/old.md", "en/privacy.md"}
	if got := docs(b); !reflect.DeepEqual(got, want) {
		t.Errorf("output.dir out: %q, want %q", got, want)
	}
	if b.hasContent() {
		t.Error("hasContent: yes, without content/")
	}
}
