package cli

import (
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/document"
)

// noContentRepo is a documentation repository outside Hugo: docs/a.md and
// README.md, no content/ folder, two revisions of each.
func noContentRepo(t *testing.T) *gitRepo {
	t.Helper()
	g := newGitRepo(t)
	g.write("docs/a.md", "# Guide\n\nThe service stores data for one year.\n")
	g.write("README.md", "# Project\n\nRead the guide in docs.\n")
	g.commit("First guide and readme")
	g.write("docs/a.md", "# Guide\n\nThe service stores data for two years.\n")
	g.commit("Keep data longer")
	g.write("README.md", "# Project\n\nRead the guide in the docs folder.\n")
	g.commit("Reword the readme")
	return g
}

// TestNoContentTracksAllMarkdown: without content/ and without paths in
// redline.yaml, every Markdown file is tracked, and a note says so; paths
// from the file or after -- are kept, without the note.
func TestNoContentTracksAllMarkdown(t *testing.T) {
	g := noContentRepo(t)
	note := "redline: note: " + app.NoContentNote + "\n"

	r := run(t, "--repo", g.dir, "log", "--format", "json")
	if r.code != 0 || !strings.Contains(r.out, "docs/a.md") || !strings.Contains(r.out, "README.md") ||
		!strings.Contains(r.out, "Reword the readme") || !strings.Contains(r.out, "Keep data longer") {
		t.Fatalf("log without content/:\n%s", r)
	}
	if strings.Count(r.err, note) != 1 {
		t.Errorf("log without content/: want the note once on stderr:\n%s", r)
	}

	r = run(t, "--repo", g.dir, "log", "--format", "json", "--", "docs")
	if r.code != 0 || !strings.Contains(r.out, "docs/a.md") || strings.Contains(r.out, "README.md") || strings.Contains(r.err, "note:") {
		t.Errorf("log -- docs:\n%s", r)
	}

	for _, args := range [][]string{{"show", "HEAD"}, {"diff", "HEAD~2", "HEAD"}} {
		r = run(t, append([]string{"--repo", g.dir}, args...)...)
		if r.code != 0 || !strings.Contains(r.out, "README.md") || strings.Count(r.err, note) != 1 {
			t.Errorf("%v without content/:\n%s", args, r)
		}
	}

	g.write("redline.yaml", "paths: [docs]\n")
	g.commit("Track docs")
	r = run(t, "--repo", g.dir, "log", "--format", "json")
	if r.code != 0 || !strings.Contains(r.out, "docs/a.md") || strings.Contains(r.out, "README.md") || strings.Contains(r.err, "note:") {
		t.Errorf("log with paths: [docs]:\n%s", r)
	}
}

// TestNoContentBeforeFirstCommit: before the first commit, the work tree
// decides; its Markdown files are compared with nothing.
func TestNoContentBeforeFirstCommit(t *testing.T) {
	g := newGitRepo(t)
	g.write("docs/a.md", "# Guide\n\nThe service stores data for one year.\n")
	r := run(t, "--repo", g.dir, "log")
	if strings.Count(r.err, "redline: note: "+app.NoContentNote) != 1 {
		t.Errorf("log before the first commit without content/:\n%s", r)
	}
	g.write("content/x.md", "# X\n")
	r = run(t, "--repo", g.dir, "log")
	if strings.Contains(r.err, "note: no content/") {
		t.Errorf("log before the first commit with content/:\n%s", r)
	}
}

// TestServePaths: `serve -- docs` serves the documents under docs/ alone;
// without paths, every Markdown file of a repository without content/.
func TestServePaths(t *testing.T) {
	g := noContentRepo(t)
	head := g.git("rev-parse", "HEAD")
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"README.md", "docs/a.md"}},
		{[]string{"--", "docs"}, []string{"docs/a.md"}},
	} {
		o := &serveOptions{}
		if err := parseLine(t, o.register, o.parse, strings.Join(tt.args, " ")); err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		gopts := &globalOptions{streams: &Streams{In: strings.NewReader(""), Out: io.Discard, Err: &stderr}, repo: g.dir, noCache: true, limits: document.DefaultLimits}
		b, err := openBackend(gopts, o)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := b.Documents(t.Context(), head)
		b.Close()
		if err != nil || !reflect.DeepEqual(docs, tt.want) {
			t.Errorf("serve %v: documents %q, %v; want %q", tt.args, docs, err, tt.want)
		}
		if noted := strings.Contains(stderr.String(), app.NoContentNote); noted != (len(tt.args) == 0) {
			t.Errorf("serve %v: stderr %q", tt.args, stderr.String())
		}
	}
}
