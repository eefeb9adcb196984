package history

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// restructured builds the history of a repository that moves from a
// folder per document (doc_N/en-US.md, doc_N/de.md) to a folder per
// language (en/doc_N.md, de/doc_N.md) in one commit of 64 renames, two
// of them with edits, between edits before and after.
func restructured(t *testing.T) (g *gitRepo, commits []string) {
	t.Helper()
	g = newGitRepo(t)
	const docs = 32
	for i := 1; i <= docs; i++ {
		g.write(fmt.Sprintf("doc_%d/en-US.md", i), fmt.Sprintf("# Policy %d\n\nWe collect your name and email address for policy %d.\n\nWe keep the data for %d months.\n\nYou may ask us to delete it at any time.\n\nContact privacy@example.com about policy %d.\n", i, i, i, i))
		g.write(fmt.Sprintf("doc_%d/de.md", i), fmt.Sprintf("# Richtlinie %d\n\nWir erheben Ihren Namen fuer Richtlinie %d.\n\nWir speichern die Daten %d Monate.\n\nKontakt privacy@example.com zu Richtlinie %d.\n", i, i, i, i))
	}
	commits = append(commits, g.commit("Add policies"))
	g.write("doc_3/en-US.md", strings.Replace(g.read("doc_3/en-US.md"), "for 3 months", "for 6 months", 1))
	commits = append(commits, g.commit("Policy 3: keep data longer"))
	for i := 1; i <= docs; i++ {
		g.git("mv", fmt.Sprintf("doc_%d/en-US.md", i), "--", mkdirFor(g, fmt.Sprintf("en/doc_%d.md", i)))
		g.git("mv", fmt.Sprintf("doc_%d/de.md", i), "--", mkdirFor(g, fmt.Sprintf("de/doc_%d.md", i)))
	}
	g.write("en/doc_5.md", strings.Replace(g.read("en/doc_5.md"), "any time", "any time, free of charge", 1))
	g.write("en/doc_7.md", strings.Replace(g.read("en/doc_7.md"), "Contact privacy", "Write to privacy", 1))
	commits = append(commits, g.commit("Restructure: one folder per language"))
	g.write("en/doc_3.md", strings.Replace(g.read("en/doc_3.md"), "for 6 months", "for 12 months", 1))
	commits = append(commits, g.commit("Policy 3: keep data a year"))
	return g, commits
}

func mkdirFor(g *gitRepo, p string) string {
	g.t.Helper()
	if err := os.MkdirAll(filepath.Join(g.dir, filepath.Dir(p)), 0o755); err != nil {
		g.t.Fatal(err)
	}
	return p
}

func (g *gitRepo) read(p string) string {
	g.t.Helper()
	b, err := os.ReadFile(filepath.Join(g.dir, filepath.FromSlash(p)))
	if err != nil {
		g.t.Fatal(err)
	}
	return string(b)
}

// countStatus counts a revision's files by status.
func countStatus(rev Revision) map[string]int {
	n := map[string]int{}
	for _, f := range rev.Files {
		n[f.Status]++
	}
	return n
}

// Tracking only the new folder, the history goes on past the restructure
// as git log --follow's does for one document: the move is 32 renames
// (two with edits), and the revisions before it are listed with the old
// paths.
func TestRestructureFollowed(t *testing.T) {
	t.Parallel()
	g, commits := restructured(t)
	r := g.open()
	for _, full := range []bool{false, true} {
		for _, cache := range []string{"", t.TempDir()} {
			l := mustLog(t, r, Options{Paths: []string{"en"}, FullHistory: full, CacheDir: cache, SkipEmpty: true})
			want := slices.Clone(commits)
			slices.Reverse(want)
			if got := hashes(l); !slices.Equal(got, want) {
				t.Fatalf("full %v cache %q: %d revisions, want %d", full, cache, len(got), len(want))
			}
			move := l.Revisions[1]
			if n := countStatus(move); n[Renamed] != 32 || len(move.Files) != 32 {
				t.Errorf("the restructure: %v, want 32 renames", n)
			}
			edited := 0
			for _, f := range move.Files {
				if !strings.HasPrefix(f.NewPath, "en/") || !strings.HasSuffix(f.OldPath, "/en-US.md") || strings.TrimSuffix(strings.TrimPrefix(f.NewPath, "en/"), ".md") != strings.TrimSuffix(f.OldPath, "/en-US.md") {
					t.Errorf("rename %s -> %s", f.OldPath, f.NewPath)
				}
				if f.OldBlob != f.NewBlob {
					edited++
				}
			}
			if edited != 2 {
				t.Errorf("%d renames with edits, want 2", edited)
			}
			before := l.Revisions[2]
			if len(before.Files) != 1 || before.Files[0].Path() != "doc_3/en-US.md" || before.Files[0].Status != Modified {
				t.Errorf("before the move: %+v", before.Files)
			}
			first := l.Revisions[3]
			if n := countStatus(first); n[Added] != 32 || len(first.Files) != 32 {
				t.Errorf("the first revision: %v, want the 32 English documents added", n)
			}
			// The run after, from the cache, gives the same.
			if cache != "" {
				again := mustLog(t, r, Options{Paths: []string{"en"}, FullHistory: full, CacheDir: cache, SkipEmpty: true})
				if !slices.EqualFunc(again.Revisions, l.Revisions, func(a, b Revision) bool { return slices.Equal(a.Files, b.Files) }) {
					t.Errorf("full %v: the cached walk differs", full)
				}
			}
		}
	}
	// One document: what git log --follow lists.
	want := lines(g.git("log", "--follow", "--format=%H", "--", "en/doc_3.md"))
	if got := hashes(mustLog(t, r, Options{Paths: []string{"en/doc_3.md"}})); !slices.Equal(got, want) {
		t.Errorf("en/doc_3.md: %d revisions, git log --follow: %d", len(got), len(want))
	}
	// A glob follows too.
	if l := mustLog(t, r, Options{Paths: []string{"en/*.md"}, SkipEmpty: true}); len(l.Revisions) != 4 {
		t.Errorf("en/*.md: %d revisions, want 4", len(l.Revisions))
	}
}

// Tracking everything, the restructure is 64 renames, as git finds them.
func TestRestructureWholeTree(t *testing.T) {
	t.Parallel()
	g, commits := restructured(t)
	r := g.open()
	l := mustLog(t, r, Options{})
	if len(l.Revisions) != 4 {
		t.Fatalf("%d revisions", len(l.Revisions))
	}
	if n := countStatus(l.Revisions[1]); n[Renamed] != 64 || len(l.Revisions[1].Files) != 64 {
		t.Errorf("the restructure: %v", n)
	}
	var got []string
	for _, f := range l.Revisions[1].Files {
		got = append(got, f.OldPath+"\t"+f.NewPath)
	}
	slices.Sort(got)
	var want []string
	for _, line := range lines(g.git("diff", "--name-status", "-M", commits[1], commits[2])) {
		f := strings.Split(line, "\t")
		want = append(want, f[1]+"\t"+f[2])
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("renames differ from git's:\n%v\n%v", got, want)
	}
}

// Compare and the work tree find renames into the tracked paths from
// anywhere; a document moved out of them is removed from them.
func TestRenameFromOutside(t *testing.T) {
	t.Parallel()
	g, commits := restructured(t)
	r := g.open()
	a, b := mustResolve(t, r, commits[1]), mustResolve(t, r, commits[2])
	rev, err := r.Compare(a, b, []string{"en"})
	if err != nil {
		t.Fatal(err)
	}
	if n := countStatus(*rev); n[Renamed] != 32 || len(rev.Files) != 32 {
		t.Errorf("Compare: %v", n)
	}
	// Out of the tracked paths: en/doc_1.md to archive/, en/doc_2.md
	// out of an excluded folder into en/.
	g.git("mv", "en/doc_1.md", mkdirFor(g, "archive/doc_1.md"))
	g.git("mv", "en/doc_2.md", mkdirFor(g, "en/old/doc_2.md"))
	g.commit("archive")
	g.git("mv", "en/old/doc_2.md", "en/doc_2.md")
	g.commit("back")
	l := mustLog(t, r, Options{Paths: []string{"en", ":!en/old"}, SkipEmpty: true})
	back, archive := l.Revisions[0], l.Revisions[1]
	if len(back.Files) != 1 || back.Files[0].Status != Renamed || back.Files[0].OldPath != "en/old/doc_2.md" {
		t.Errorf("back from an excluded folder: %+v", back.Files)
	}
	// en/doc_1.md left the tracked paths; en/doc_2.md is followed back
	// through the excluded folder it came from.
	if n := countStatus(archive); n[Removed] != 1 || n[Renamed] != 1 || len(archive.Files) != 2 ||
		archive.Files[0].OldPath != "en/doc_1.md" || archive.Files[1].NewPath != "en/old/doc_2.md" {
		t.Errorf("moved out of the tracked paths: %+v", archive.Files)
	}
	// The work tree: a document moved in from outside is a rename.
	head := mustResolve(t, r, "HEAD")
	if err := os.Rename(filepath.Join(g.dir, "archive/doc_1.md"), filepath.Join(g.dir, "en/doc_1.md")); err != nil {
		t.Fatal(err)
	}
	wrev, _, err := r.CompareWorkTree(head, []string{"en"})
	if err != nil {
		t.Fatal(err)
	}
	if len(wrev.Files) != 1 || wrev.Files[0].Status != Renamed || wrev.Files[0].OldPath != "archive/doc_1.md" {
		t.Errorf("work tree: %+v", wrev.Files)
	}
}

func mustResolve(t *testing.T, r *Repo, rev string) Hash {
	t.Helper()
	h, err := r.Resolve(rev)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// Exact renames prefer a source of the same file name; a pair of
// identical copies is still two renames.
func TestExactRenamePrefersName(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("a/one.md", "same\n")
	g.write("a/two.md", "same\n")
	g.commit("base")
	g.git("mv", "a/two.md", mkdirFor(g, "b/two.md"))
	g.git("mv", "a/one.md", mkdirFor(g, "b/one.md"))
	g.commit("move")
	l := mustLog(t, g.open(), Options{Paths: []string{"b"}})
	for _, f := range l.Revisions[0].Files {
		if f.Status != Renamed || filepath.Base(f.OldPath) != filepath.Base(f.NewPath) {
			t.Errorf("%+v", f)
		}
	}
}

// Rename detection is bounded as git's rename limit bounds it: exact
// renames (by blob id, no document read) are found however many there
// are; comparing contents is left out when too many documents remain,
// and a note says so.
func TestRenameLimit(t *testing.T) {
	t.Parallel()
	blob := func(i int) Hash {
		var h Hash
		h[0], h[1], h[2] = byte(i>>16), byte(i>>8), byte(i)
		return h
	}
	const n = RenameLimit + 500
	body := func(i int) []byte {
		return []byte(fmt.Sprintf("# Document %d\n\nThe same long paragraph that every version of this page keeps, word for word.\n", i))
	}
	reads := 0
	read := func(h Hash) ([]byte, error) {
		reads++
		i := int(h[0])<<16 | int(h[1])<<8 | int(h[2])
		return body(i % 1_000_000), nil
	}
	// n exact renames, and two edited ones left for the content measure.
	var ch changes
	for i := 0; i < n; i++ {
		ch.removed = append(ch.removed, side{path: fmt.Sprintf("old/%d.md", i), blob: blob(i)})
		ch.added = append(ch.added, side{path: fmt.Sprintf("new/%d.md", i), blob: blob(i)})
	}
	ch.removed = append(ch.removed, side{path: "old/x.md", blob: blob(1_000_001)}, side{path: "old/y.md", blob: blob(1_000_002)})
	ch.added = append(ch.added, side{path: "new/x.md", blob: blob(2_000_001)}, side{path: "new/y.md", blob: blob(2_000_002)})
	files, err := pairRenames(&ch, read)
	if err != nil {
		t.Fatal(err)
	}
	if c := countStatus(Revision{Files: files}); c[Renamed] != n+2 || len(files) != n+2 {
		t.Errorf("%v, want %d renames", c, n+2)
	}
	if reads != 4 || len(ch.notes) != 0 {
		t.Errorf("%d documents read, notes %q: want the 4 left after exact renames", reads, ch.notes)
	}
	// Over the limit once exact renames are paired: no document is read.
	ch, reads = changes{}, 0
	for i := 0; i < n; i++ {
		ch.removed = append(ch.removed, side{path: fmt.Sprintf("old/%d.md", i), blob: blob(i)})
		ch.added = append(ch.added, side{path: fmt.Sprintf("new/%d.md", i), blob: blob(n + i)})
	}
	if files, err = pairRenames(&ch, read); err != nil {
		t.Fatal(err)
	}
	if c := countStatus(Revision{Files: files}); c[Renamed] != 0 || reads != 0 || len(ch.notes) != 1 || !strings.Contains(ch.notes[0], "rename limit") {
		t.Errorf("%v, %d read, notes %q", c, reads, ch.notes)
	}
}
