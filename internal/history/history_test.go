package history

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestMemoryLinear(t *testing.T) {
	t.Parallel()
	m := newMemRepo(t)
	m.write("content/a.md", "# A\n\nOne.\n")
	m.write("README.md", "readme\n")
	c1 := m.commit("Add a")
	m.write("content/a.md", "# A\n\nTwo.\n")
	m.write("content/img.png", "png")
	c2 := m.commit("Edit a\n\nWhy it changed.\n\nDocument-Version: 2.5\nChange-Class: editorial")
	m.write("content/img.png", "png2")
	c3 := m.commit("Only an image")
	m.write("README.md", "readme 2\n")
	m.commit("Outside content")

	r := m.open()
	l := mustLog(t, r, Options{Paths: []string{"content"}})
	if got, want := hashes(l), []string{c3.String(), c2.String(), c1.String()}; !reflect.DeepEqual(got, want) {
		t.Fatalf("revisions = %v, want %v", got, want)
	}
	rev := l.Revisions[1]
	if rev.Subject != "Edit a" || rev.Author != "Ada Writer" || rev.Email != "ada@example.org" {
		t.Errorf("metadata = %q %q %q", rev.Subject, rev.Author, rev.Email)
	}
	wantTr := []Trailer{{"Document-Version", "2.5"}, {"Change-Class", "editorial"}}
	if !reflect.DeepEqual(rev.Trailers, wantTr) {
		t.Errorf("trailers = %v, want %v", rev.Trailers, wantTr)
	}
	if !strings.HasPrefix(rev.Body, "Why it changed.") || !strings.HasSuffix(rev.Body, "Change-Class: editorial") {
		t.Errorf("body = %q", rev.Body)
	}
	if len(rev.Files) != 1 || rev.Files[0].Status != Modified || rev.Files[0].NewPath != "content/a.md" {
		t.Errorf("files = %+v", rev.Files)
	}
	if len(l.Revisions[0].Files) != 0 {
		t.Errorf("image-only revision has files %+v", l.Revisions[0].Files)
	}
	if l.Revisions[2].Files[0].Status != Added || l.Revisions[2].Files[0].OldPath != "" {
		t.Errorf("first revision files = %+v", l.Revisions[2].Files)
	}
	skip := mustLog(t, r, Options{Paths: []string{"content"}, SkipEmpty: true})
	if got, want := hashes(skip), []string{c2.String(), c1.String()}; !reflect.DeepEqual(got, want) {
		t.Errorf("SkipEmpty revisions = %v, want %v", got, want)
	}

	files, err := r.Files(c3, []string{"content"})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files["content/a.md"] != l.Revisions[1].Files[0].NewBlob {
		t.Errorf("Files = %v", files)
	}
	b, err := r.Blob(files["content/a.md"])
	if err != nil || string(b) != "# A\n\nTwo.\n" {
		t.Errorf("Blob = %q, %v", b, err)
	}
	// Blob's bytes are the caller's: changing them changes no later read.
	b[0] = '!'
	shared, err := r.SharedBlob(files["content/a.md"])
	if err != nil || string(shared) != "# A\n\nTwo.\n" {
		t.Errorf("SharedBlob after a Blob was changed = %q, %v", shared, err)
	}
}

// buildMerges makes a history with branches and merges of several kinds.
func buildMerges(g *gitRepo) {
	g.write("content/a.md", "a1\n")
	g.write("content/b.md", "b1\n")
	g.write("other/x.txt", "x1\n")
	g.commit("base")

	// A side branch that changes content, merged while main changed only
	// other/: the merge is TREESAME to the side branch for content.
	g.git("checkout", "-q", "-b", "side1")
	g.write("content/a.md", "a2\n")
	g.commit("side1: edit a")
	g.write("content/b.md", "b2\n")
	g.commit("side1: edit b")
	g.git("checkout", "-q", "main")
	g.write("other/x.txt", "x2\n")
	g.commit("main: edit x")
	g.merge("side1", "Merge side1")

	// Both sides change content: the merge differs from both parents.
	g.git("checkout", "-q", "-b", "side2")
	g.write("content/c.md", "c1\n")
	g.commit("side2: add c")
	g.git("checkout", "-q", "main")
	g.write("content/a.md", "a3\n")
	g.commit("main: edit a")
	g.merge("side2", "Merge side2")

	// A side branch that touches nothing tracked.
	g.git("checkout", "-q", "-b", "side3")
	g.write("other/y.txt", "y\n")
	g.commit("side3: add y")
	g.git("checkout", "-q", "main")
	g.write("content/b.md", "b3\n")
	g.commit("main: edit b")
	g.merge("side3", "Merge side3")
	g.write("content/a.md", "a4\n")
	g.commit("main: edit a again")
}

func TestMergesMatchGit(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	buildMerges(g)
	r := g.open()
	for _, path := range []string{"content", "other", ""} {
		spec := path
		if spec == "" {
			spec = "."
		}
		var paths []string
		if path != "" {
			paths = []string{path}
		}
		full := mustLog(t, r, Options{Paths: paths, FullHistory: true})
		if got, want := hashes(full), lines(g.git("log", "--format=%H", "--", spec)); !reflect.DeepEqual(got, want) {
			t.Errorf("full history of %q:\n got %v\nwant %v", spec, got, want)
		}
		fp := mustLog(t, r, Options{Paths: paths})
		if got, want := hashes(fp), lines(g.git("log", "--first-parent", "--format=%H", "--", spec)); !reflect.DeepEqual(got, want) {
			t.Errorf("first-parent history of %q:\n got %v\nwant %v", spec, got, want)
		}
	}
	// A single document, and several paths at once.
	for _, paths := range [][]string{{"content/a.md"}, {"content/b.md", "other"}} {
		want := lines(g.git(append([]string{"log", "--format=%H", "--"}, paths...)...))
		calls := 0
		l := mustLog(t, r, Options{Paths: paths, FullHistory: true, Progress: func(int) { calls++ }})
		if got := hashes(l); !reflect.DeepEqual(got, want) {
			t.Errorf("full history of %v:\n got %v\nwant %v", paths, got, want)
		}
		if calls == 0 {
			t.Error("Progress never called")
		}
	}
	// In first-parent mode a merged pull request is one revision, with the
	// branch's changes.
	fp := mustLog(t, r, Options{Paths: []string{"content"}})
	var merge *Revision
	for i := range fp.Revisions {
		if fp.Revisions[i].Subject == "Merge side1" {
			merge = &fp.Revisions[i]
		}
	}
	if merge == nil || len(merge.Files) != 2 || len(merge.Parents) != 2 {
		t.Fatalf("merge of side1 = %+v", merge)
	}
	// In full history, a merge of two changed sides lists only what
	// differs from every parent (here nothing: no conflict resolution).
	full := mustLog(t, r, Options{Paths: []string{"content"}, FullHistory: true})
	for _, rev := range full.Revisions {
		if rev.Subject == "Merge side2" && len(rev.Files) != 0 {
			t.Errorf("combined diff of Merge side2 = %+v", rev.Files)
		}
	}
}

func TestRangeMatchesGit(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	buildMerges(g)
	r := g.open()
	for _, rng := range []string{"HEAD~3..HEAD", "main~2..main", "HEAD~1", "HEAD~1^2..HEAD", "side1..main"} {
		for _, fullHist := range []bool{false, true} {
			args := []string{"log", "--format=%H"}
			if !fullHist {
				args = append(args, "--first-parent")
			}
			want := lines(g.git(append(args, rng, "--", "content")...))
			got := hashes(mustLog(t, r, Options{Paths: []string{"content"}, Range: rng, FullHistory: fullHist}))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("range %s full=%v:\n got %v\nwant %v", rng, fullHist, got, want)
			}
		}
	}
}

func TestRenames(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	long := strings.Repeat("A line of the terms that stays the same.\n", 1) +
		"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n"
	g.write("content/old.md", long)
	g.write("content/near.md", long+"extra\n")
	g.write("content/gone.md", "gone\n")
	g.commit("base")
	g.git("mv", "content/old.md", "content/new.md")
	g.git("rm", "-q", "content/near.md")
	g.write("content/moved/near.md", long+"changed\n")
	g.git("rm", "-q", "content/gone.md")
	g.write("content/fresh.md", "totally different\n")
	g.commit("move things")
	r := g.open()
	l := mustLog(t, r, Options{Paths: []string{"content"}})
	got := map[string]FileChange{}
	for _, f := range l.Revisions[0].Files {
		got[f.Path()] = f
	}
	if f := got["content/new.md"]; f.Status != Renamed || f.OldPath != "content/old.md" || f.OldBlob != f.NewBlob {
		t.Errorf("exact rename = %+v", f)
	}
	if f := got["content/moved/near.md"]; f.Status != Renamed || f.OldPath != "content/near.md" || f.OldBlob == f.NewBlob {
		t.Errorf("near rename = %+v", f)
	}
	if f := got["content/gone.md"]; f.Status != Removed || f.NewPath != "" {
		t.Errorf("removal = %+v", f)
	}
	if f := got["content/fresh.md"]; f.Status != Added {
		t.Errorf("addition = %+v", f)
	}
	var paths []string
	for _, f := range l.Revisions[0].Files {
		paths = append(paths, f.Path())
	}
	if !sortedStrings(paths) {
		t.Errorf("files not sorted: %v", paths)
	}
}

func sortedStrings(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] > s[i] {
			return false
		}
	}
	return true
}

func TestTranslation(t *testing.T) {
	t.Parallel()
	m := newMemRepo(t)
	m.write("content/om/_index.nb.md", "# Om oss\n")
	m.write("content/vilkar.md", "# Vilkår\n")
	m.commit("norsk")
	m.write("content/om/_index.en.md", "# About us\n")
	m.write("content/vilkar.en.md", "# Terms\n")
	m.write("content/ny/_index.en.md", "# New\n")
	m.commit("english")
	l := mustLog(t, m.open(), Options{Paths: []string{"content"}})
	want := map[string]string{
		"content/om/_index.en.md": "content/om/_index.nb.md",
		"content/vilkar.en.md":    "content/vilkar.md",
		"content/ny/_index.en.md": "",
	}
	for _, f := range l.Revisions[0].Files {
		if f.TranslationOf != want[f.NewPath] {
			t.Errorf("%s: TranslationOf = %q, want %q", f.NewPath, f.TranslationOf, want[f.NewPath])
		}
	}
}

func TestSubmoduleAndSymlink(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("content/a.md", "a\n")
	g.commit("base")
	if err := os.Symlink("a.md", filepath.Join(g.dir, "content", "link.md")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	base := g.git("rev-parse", "HEAD")
	g.write("content/b.md", "b\n")
	g.git("add", "-A")
	g.git("update-index", "--add", "--cacheinfo", "160000,"+base+",content/sub")
	g.tick++
	g.git("commit", "-q", "-m", "add link, submodule and b")
	r := g.open()
	l := mustLog(t, r, Options{Paths: []string{"content"}})
	rev := l.Revisions[0]
	if len(rev.Files) != 1 || rev.Files[0].NewPath != "content/b.md" {
		t.Errorf("files = %+v", rev.Files)
	}
	short := rev.Hash.String()[:12]
	wantNotes := []string{"skipped submodule content/sub in commit " + short, "skipped symlink content/link.md in commit " + short}
	if strings.Join(l.Notes, "|") != strings.Join(wantNotes, "|") && strings.Join(l.Notes, "|") != strings.Join([]string{wantNotes[1], wantNotes[0]}, "|") {
		t.Errorf("notes = %q, want %q", l.Notes, wantNotes)
	}
	files, err := r.Files(rev.Hash, []string{"content"})
	if err != nil || len(files) != 2 {
		t.Errorf("Files = %v, %v", files, err)
	}
}

func TestShallowClone(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	for i := 0; i < 4; i++ {
		g.write("content/a.md", strings.Repeat("x", i+1)+"\n")
		g.commit("edit")
	}
	dst := filepath.Join(t.TempDir(), "shallow")
	g.gitIn(g.dir, "clone", "-q", "--depth", "2", "file://"+g.dir, dst)
	r, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	l := mustLog(t, r, Options{Paths: []string{"content"}, FullHistory: true})
	if !l.Shallow {
		t.Error("Shallow = false")
	}
	want := lines(g.gitIn(dst, "log", "--format=%H", "--", "content"))
	if got := hashes(l); !reflect.DeepEqual(got, want) || len(got) != 2 {
		t.Errorf("revisions = %v, want %v", got, want)
	}
	last := l.Revisions[len(l.Revisions)-1]
	if len(last.Parents) != 0 || len(last.Files) != 1 || last.Files[0].Status != Added {
		t.Errorf("boundary revision = %+v", last)
	}
}

func TestBareAndDetached(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	buildMerges(g)
	bare := filepath.Join(t.TempDir(), "bare.git")
	g.git("clone", "-q", "--bare", g.dir, bare)
	r, err := Open(bare)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Root() != "" {
		t.Errorf("Root() = %q for a bare repository", r.Root())
	}
	if got, want := hashes(mustLog(t, r, Options{Paths: []string{"content"}, FullHistory: true})), lines(g.git("log", "--format=%H", "--", "content")); !reflect.DeepEqual(got, want) {
		t.Errorf("bare: got %v, want %v", got, want)
	}
	if _, err := r.WorkTreeFiles(nil); err == nil {
		t.Error("WorkTreeFiles in a bare repository: no error")
	}

	g.git("checkout", "-q", "--detach", "HEAD~1")
	sub := filepath.Join(g.dir, "content")
	r2, err := Open(sub) // a subdirectory of the work tree
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	if r2.Root() != g.dir {
		t.Errorf("Root() = %q, want %q", r2.Root(), g.dir)
	}
	if got, want := hashes(mustLog(t, r2, Options{Paths: []string{"content"}})), lines(g.git("log", "--first-parent", "--format=%H", "--", "content")); !reflect.DeepEqual(got, want) {
		t.Errorf("detached: got %v, want %v", got, want)
	}
	wt, err := r2.WorkTreeFiles([]string{"content"})
	if err != nil || len(wt) != 3 || string(wt["content/c.md"]) != "c1\n" {
		t.Errorf("WorkTreeFiles = %v, %v", wt, err)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	needGit(t)
	dir := t.TempDir()
	_, err := Open(dir)
	var e *Error
	if !errors.As(err, &e) || e.Msg != "not a git repository: "+dir || !strings.Contains(e.Hint, "--repo") {
		t.Errorf("not a repo: %#v", err)
	}

	g := newGitRepo(t)
	r := g.open()
	_, err = r.Log(context.Background(), Options{})
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "no commits") {
		t.Errorf("empty repo: %v", err)
	}

	g.write("content/a.md", "a\n")
	g.commit("first")
	r = g.open()
	_, err = r.Log(context.Background(), Options{Range: "nosuch"})
	if !errors.As(err, &e) || !strings.Contains(e.Msg, `unknown revision "nosuch"`) || e.Hint == "" {
		t.Errorf("unknown revision: %v", err)
	}
	_, err = r.Log(context.Background(), Options{Range: "HEAD~5..HEAD"})
	if !errors.As(err, &e) || !strings.Contains(e.Msg, `"HEAD~5"`) {
		t.Errorf("unknown range start: %v", err)
	}
	_, err = r.Blob(Hash{1, 2, 3})
	if !errors.Is(err, ErrMissingObject) || !strings.Contains(err.Error(), "0102030000") {
		t.Errorf("missing blob: %v", err)
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	buildMerges(g)
	g.git("tag", "-a", "-m", "v1", "v1.0", "HEAD~1")
	g.git("tag", "light", "HEAD~2")
	r := g.open()
	for _, rev := range []string{"HEAD", "HEAD~1", "HEAD^", "HEAD~1^2", "main", "v1.0", "light", "side1"} {
		want := g.git("rev-parse", rev+"^{commit}")
		got, err := r.Resolve(rev)
		if err != nil || got.String() != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", rev, got, err, want)
		}
	}
	full := g.git("rev-parse", "HEAD~2")
	if got, err := r.Resolve(full[:8]); err != nil || got.String() != full {
		t.Errorf("Resolve(short) = %v, %v", got, err)
	}
}

func TestTrailers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body string
		want []Trailer
	}{
		{"", nil},
		{"Just a body.", nil},
		{"Body.\n\nDocument-Version: 2.5\nChange-Class: editorial", []Trailer{{"Document-Version", "2.5"}, {"Change-Class", "editorial"}}},
		{"Signed-off-by: A <a@b>\n  continued", []Trailer{{"Signed-off-by", "A <a@b> continued"}}},
		{"Body.\n\nNot a trailer line\nKey: v", nil},
		{"Body.\n\nSee: this\n\nlast paragraph", nil},
	} {
		if got := ParseTrailers(tc.body); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseTrailers(%q) = %v, want %v", tc.body, got, tc.want)
		}
	}
}

// treeDigest hashes every file under dir, to prove it was not written.
func treeDigest(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		info, _ := d.Info()
		h.Write([]byte(p + info.Mode().String() + "\n"))
		if d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			h.Write(b)
		}
		return nil
	})
	return string(h.Sum(nil))
}

func TestReadOnly(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	buildMerges(g)
	g.git("gc", "-q") // packs and a commit-graph
	g.write("content/loose.md", "loose\n")
	g.commit("a loose commit")
	before := treeDigest(t, filepath.Join(g.dir, ".git"))
	r := g.open()
	cache := t.TempDir()
	for _, full := range []bool{false, true} {
		l := mustLog(t, r, Options{Paths: []string{"content"}, FullHistory: full, CacheDir: cache})
		files, err := r.Files(l.Revisions[0].Hash, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range files {
			if _, err := r.Blob(h); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := r.WorkTreeFiles(nil); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if after := treeDigest(t, filepath.Join(g.dir, ".git")); after != before {
		t.Error(".git changed during Log/Files/Blob")
	}
}

func TestCommitGraphMatchesObjects(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	buildMerges(g)
	r := g.open()
	want := mustLog(t, r, Options{Paths: []string{"content"}, FullHistory: true})
	g.git("commit-graph", "write", "--reachable")
	g.write("content/after.md", "after the graph\n")
	g.commit("not in the graph")
	r2 := g.open()
	if r2.graph == nil {
		t.Fatal("commit-graph not read")
	}
	got := mustLog(t, r2, Options{Paths: []string{"content"}, FullHistory: true})
	if !reflect.DeepEqual(got.Revisions[1:], want.Revisions) {
		t.Errorf("with commit-graph:\n got %v\nwant %v", hashes(got), hashes(want))
	}
}

func TestDiskCache(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	buildMerges(g)
	cache := t.TempDir()
	// check compares cached and uncached logs in both modes, twice (the
	// second run takes everything from the cache).
	check := func(step string) {
		t.Helper()
		for _, full := range []bool{false, true} {
			opt := Options{Paths: []string{"content"}, FullHistory: full}
			want := mustLog(t, g.open(), opt)
			opt.CacheDir = cache
			for run := 0; run < 2; run++ {
				if got := mustLog(t, g.open(), opt); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, full=%v, run %d: cached log differs:\n got %v\nwant %v", step, full, run, hashes(got), hashes(want))
				}
			}
		}
	}
	check("cold")
	logs, _ := filepath.Glob(filepath.Join(cache, "log-*.bin"))
	if len(logs) != 2 {
		t.Errorf("cache holds %d log files, want 2 (one per mode)", len(logs))
	}

	g.write("content/new.md", "new\n")
	g.commit("one more")
	for _, full := range []bool{false, true} {
		last := -1
		mustLog(t, g.open(), Options{Paths: []string{"content"}, FullHistory: full, CacheDir: cache, Progress: func(n int) { last = n }})
		if last > 2 {
			t.Errorf("full=%v: a cached run after one commit walked %d commits", full, last)
		}
	}
	check("after one commit")

	// A merge of a branch that forked long ago: the walk cannot take the
	// previous result as it stands.
	g.git("checkout", "-q", "-b", "late", "HEAD~4")
	g.write("content/late.md", "late\n")
	g.commit("late: add")
	g.git("checkout", "-q", "main")
	g.merge("late", "Merge late")
	check("after a merge")

	// An older tip, then back.
	g.git("checkout", "-q", "--detach", "HEAD~3")
	check("at an older commit")
	g.git("checkout", "-q", "main")
	check("back on main")

	// A corrupt cache is ignored.
	files, _ := filepath.Glob(filepath.Join(cache, "*"))
	for _, f := range files {
		os.WriteFile(f, []byte("garbage"), 0o644)
	}
	check("with a corrupt cache")
}

// TestDiskCacheJournal checks that a run after a few new commits appends
// to the journal instead of rewriting the cache file, that a journal cut
// short is ignored from the cut on, and that a long journal is folded back
// into the file.
func TestDiskCacheJournal(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	buildMerges(g)
	cache := t.TempDir()
	opt := Options{Paths: []string{"content"}, FullHistory: true}
	check := func(step string) {
		t.Helper()
		want := mustLog(t, g.open(), opt)
		cached := opt
		cached.CacheDir = cache
		for run := 0; run < 2; run++ {
			if got := mustLog(t, g.open(), cached); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, run %d: cached log differs:\n got %v\nwant %v", step, run, hashes(got), hashes(want))
			}
		}
	}
	check("cold")
	bins, _ := filepath.Glob(filepath.Join(cache, "log-*.bin"))
	if len(bins) != 1 {
		t.Fatalf("cache holds %d log files, want 1", len(bins))
	}
	bin := bins[0]
	jnl := strings.TrimSuffix(bin, ".bin") + ".jnl"
	before, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}

	for i := range 3 {
		g.write(fmt.Sprintf("content/j%d.md", i), "journal\n")
		g.commit(fmt.Sprintf("journal %d", i))
		check(fmt.Sprintf("after commit %d", i))
	}
	if after, _ := os.ReadFile(bin); !bytes.Equal(after, before) {
		t.Error("the cache file was rewritten after a few commits; want them in the journal")
	}
	j, err := os.ReadFile(jnl)
	if err != nil {
		t.Fatalf("no journal after three commits: %v", err)
	}

	// A crash in the middle of an append: the torn entry and what follows
	// are ignored, the log is still right, and the next save starts over.
	if err := os.WriteFile(jnl, j[:len(j)-3], 0o600); err != nil {
		t.Fatal(err)
	}
	g.write("content/torn.md", "torn\n")
	g.commit("after a torn journal")
	check("after a torn journal")
	if _, err := os.Stat(jnl); !os.IsNotExist(err) {
		t.Error("a torn journal was kept; want it folded into the file and removed")
	}

	// Many commits: the journal is folded into the file once it passes a
	// quarter of it (and at least 64 records).
	for i := range 80 {
		g.write("content/many.md", fmt.Sprintf("version %d\n", i))
		g.commit(fmt.Sprintf("many %d", i))
		mustLog(t, g.open(), Options{Paths: opt.Paths, FullHistory: true, CacheDir: cache})
	}
	check("after many commits")
	if after, _ := os.ReadFile(bin); bytes.Equal(after, before) {
		t.Error("the cache file was never rewritten in 80 commits")
	}
	if j, err := os.ReadFile(jnl); err == nil {
		var c diskCache
		c.loadJournal(j)
		if len(c.jnl) > 64 || c.jnlTorn {
			t.Errorf("journal holds %d records (torn: %v) after 80 commits; want at most 64", len(c.jnl), c.jnlTorn)
		}
	}
}

func TestPartialClone(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("content/a.md", "one\ntwo\nthree\n")
	g.commit("a")
	g.git("mv", "content/a.md", "content/b.md")
	g.write("content/b.md", "one\ntwo\nthree\nfour\n")
	g.commit("move")
	g.git("config", "uploadpack.allowFilter", "true")
	dst := filepath.Join(t.TempDir(), "partial")
	g.git("clone", "-q", "--no-checkout", "--filter=blob:none", "file://"+g.dir, dst)
	r, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	l := mustLog(t, r, Options{Paths: []string{"content"}})
	if len(l.Revisions) != 2 {
		t.Fatalf("revisions = %d", len(l.Revisions))
	}
	_, err = r.Blob(l.Revisions[0].Files[0].NewBlob)
	if !errors.Is(err, ErrMissingObject) || !strings.Contains(err.Error(), l.Revisions[0].Files[0].NewBlob.String()) {
		t.Errorf("missing blob error = %v", err)
	}
}

func TestTextProblem(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"ok\n": "", "a\x00b": "binary (contains NUL)", "\xff\xfe": "not valid UTF-8"} {
		if got := TextProblem([]byte(in)); got != want {
			t.Errorf("TextProblem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanPaths(t *testing.T) {
	t.Parallel()
	got := cleanPaths([]string{"content/", "./content/a", "docs", "/docs/x"})
	if want := []string{"content", "docs"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cleanPaths = %v, want %v", got, want)
	}
	if got := cleanPaths([]string{"content", "."}); got != nil {
		t.Errorf("cleanPaths with . = %v", got)
	}
}

// A tracked path that is not in the tip and that no listed revision touches
// (misspelt, or removed before the range) is an error when it is the only
// one, and a note beside the other paths' revisions; a path removed at the
// tip is listed by the revision that removed it.
func TestAbsentPath(t *testing.T) {
	t.Parallel()
	m := newMemRepo(t)
	m.write("content/a.md", "# A\n")
	m.write("old/b.md", "# B\n")
	c1 := m.commit("Add a and b")
	m.remove("old/b.md")
	c2 := m.commit("Remove b")
	m.write("content/a.md", "# A\n\nMore.\n")
	m.commit("Edit a")
	r := m.open()
	defer r.Close()

	for _, tc := range []struct {
		paths []string
		rng   string
		err   string // "" for a result
		note  string
		revs  int
	}{
		{paths: []string{"contnet"}, err: `nothing to list: "contnet" is not in HEAD (`},
		{paths: []string{"contnet", "content"}, note: `"contnet" is not in HEAD (`, revs: 2},
		{paths: []string{"old"}, revs: 2},                                                       // removed at the tip: its revisions are listed
		{paths: []string{"old"}, rng: c1.String() + "..HEAD", revs: 1},                          // removed in the range
		{paths: []string{"old"}, rng: c2.String() + "..HEAD", err: `"old" is not in revision `}, // removed before it
		{paths: []string{"content"}, rng: c1.String() + "..HEAD", revs: 1},
	} {
		l, err := r.Log(context.Background(), Options{Paths: tc.paths, Range: tc.rng, SkipEmpty: true})
		name := fmt.Sprintf("Log(%v, %q)", tc.paths, tc.rng)
		if tc.err != "" {
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Msg, tc.err) || !strings.Contains(e.Hint, "relative to the repository root") {
				t.Errorf("%s: error %v, want one saying %s with a hint", name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(l.Revisions) != tc.revs {
			t.Errorf("%s: %d revisions, want %d", name, len(l.Revisions), tc.revs)
		}
		notes := strings.Join(l.Notes, "\n")
		if tc.note == "" && notes != "" || tc.note != "" && !strings.Contains(notes, tc.note) {
			t.Errorf("%s: notes %q, want %q", name, notes, tc.note)
		}
	}
}

// A merge of branches that changed different documents differs from
// every parent, though no document differs from all of them: git log --
// PATH lists it, and so must Log with FullHistory, SkipEmpty or not.
func TestMergeJoiningBranchesMatchesGit(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("content/a.md", "a1\n")
	g.write("content/b.md", "b1\n")
	g.write("content/img.png", "png1\n")
	g.commit("base")

	// Each side changes a different document.
	g.git("checkout", "-q", "-b", "docs")
	g.write("content/a.md", "a2\n")
	g.commit("docs: edit a")
	g.git("checkout", "-q", "main")
	g.write("content/b.md", "b2\n")
	g.commit("main: edit b")
	join := g.merge("docs", "Merge docs")

	// The side changes a document and an image, main only a document.
	g.git("checkout", "-q", "-b", "mixed")
	g.write("content/a.md", "a3\n")
	g.write("content/img.png", "png2\n")
	g.commit("mixed: edit a and the image")
	g.git("checkout", "-q", "main")
	g.write("content/b.md", "b3\n")
	g.commit("main: edit b again")
	mixed := g.merge("mixed", "Merge mixed")

	// The side changes only an image, main a document: against main
	// the merge changes no document.
	g.git("checkout", "-q", "-b", "images")
	g.write("content/img.png", "png3\n")
	g.commit("images: edit the image")
	g.git("checkout", "-q", "main")
	g.write("content/a.md", "a4\n")
	g.commit("main: edit a")
	images := g.merge("images", "Merge images")

	r := g.open()
	full := mustLog(t, r, Options{Paths: []string{"content"}, FullHistory: true})
	if got, want := hashes(full), lines(g.git("log", "--format=%H", "--", "content")); !reflect.DeepEqual(got, want) {
		t.Errorf("full history:\n got %v\nwant %v", got, want)
	}
	skip := mustLog(t, r, Options{Paths: []string{"content"}, FullHistory: true, SkipEmpty: true})
	got := hashes(skip)
	if want := lines(g.git("log", "--format=%H", "--", ":(glob)content/**/*.md")); !reflect.DeepEqual(got, want) {
		t.Errorf("full history with SkipEmpty:\n got %v\nwant %v (git log of the documents)", got, want)
	}
	for _, h := range []string{join, mixed} {
		if !slices.Contains(got, h) {
			t.Errorf("merge %s joining document changes dropped by SkipEmpty", h[:12])
		}
	}
	if slices.Contains(got, images) {
		t.Errorf("merge %s bringing only an image kept by SkipEmpty", images[:12])
	}
	// The same from the disk cache, written and then read.
	cache := t.TempDir()
	for range 2 {
		if cached := hashes(mustLog(t, r, Options{Paths: []string{"content"}, FullHistory: true, SkipEmpty: true, CacheDir: cache})); !reflect.DeepEqual(cached, got) {
			t.Errorf("with the cache:\n got %v\nwant %v", cached, got)
		}
	}
	for _, rev := range skip.Revisions {
		if rev.Hash.String() == join && len(rev.Files) != 0 {
			t.Errorf("combined diff of the joining merge = %+v, want none", rev.Files)
		}
	}
}
