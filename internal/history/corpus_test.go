package history

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/history/synth"
)

// corpusBundle returns the path of the shared corpus bundle, resolved from
// the module root as ../shared/corpora/pga-versions.bundle, or skips.
//
// The corpus is Open Terms Archive data (terms of service versions),
// licensed under the Open Data Commons Attribution License (ODC-By 1.0).
func corpusBundle(t testing.TB) string {
	t.Helper()
	needGit(t)
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "corpora", "pga-versions.bundle")
	if _, err := os.Stat(p); err != nil {
		t.Skip("../shared/corpora/pga-versions.bundle not found: ", err)
	}
	return p
}

// cloneCorpus clones the corpus bundle into a temporary directory.
func cloneCorpus(t testing.TB) *gitRepo {
	t.Helper()
	bundle := corpusBundle(t)
	g := &gitRepo{t: t, dir: filepath.Join(t.TempDir(), "corpus")}
	g.gitIn(filepath.Dir(g.dir), "clone", "-q", bundle, g.dir)
	return g
}

func TestCorpusMatchesGit(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("corpus comparison skipped in -short mode")
	}
	g := cloneCorpus(t) // Open Terms Archive data, ODC-By 1.0
	r := g.open()
	for _, path := range []string{"Facebook", "."} {
		full := mustLog(t, r, Options{Paths: []string{path}, FullHistory: true})
		if got, want := hashes(full), lines(g.git("log", "--format=%H", "--", path)); !reflect.DeepEqual(got, want) {
			t.Errorf("full history of %s: %d revisions, git has %d", path, len(got), len(want))
		}
		fp := mustLog(t, r, Options{Paths: []string{path}})
		if got, want := hashes(fp), lines(g.git("log", "--first-parent", "--format=%H", "--", path)); !reflect.DeepEqual(got, want) {
			t.Errorf("first-parent history of %s: %d revisions, git has %d", path, len(got), len(want))
		}
	}
}

// TestCorpusFoldersMatchGit compares the full history of every top-level
// folder of the corpus with git log's, with SkipEmpty (as redline log
// --full-history walks) against git log of the folder's documents.
func TestCorpusFoldersMatchGit(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("corpus comparison skipped in -short mode")
	}
	g := cloneCorpus(t) // Open Terms Archive data, ODC-By 1.0
	r := g.open()
	folders := lines(g.git("ls-tree", "-d", "--name-only", "HEAD"))
	if len(folders) == 0 {
		t.Fatal("no folders in the corpus")
	}
	for _, dir := range folders {
		full := mustLog(t, r, Options{Paths: []string{dir}, FullHistory: true})
		if got, want := hashes(full), lines(g.git("log", "--format=%H", "--", dir)); !reflect.DeepEqual(got, want) {
			t.Errorf("full history of %s: %d revisions, git has %d", dir, len(got), len(want))
		}
		skip := mustLog(t, r, Options{Paths: []string{dir}, FullHistory: true, SkipEmpty: true})
		if got, want := hashes(skip), lines(g.git("log", "--format=%H", "--", ":(glob)"+dir+"/**/*.md")); !reflect.DeepEqual(got, want) {
			t.Errorf("full history of the documents of %s: %d revisions, git has %d", dir, len(got), len(want))
		}
	}
}

// synthRepo builds a synthetic repository with git fast-import.
func synthRepo(t testing.TB, cfg synth.Config) *gitRepo {
	t.Helper()
	g := newGitRepo(t)
	var stream bytes.Buffer
	if err := synth.Write(&stream, cfg); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir, cmd.Stdin, cmd.Env = g.dir, &stream, g.env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git fast-import: %v\n%s", err, out)
	}
	return g
}

func TestSynthMatchesGit(t *testing.T) {
	t.Parallel()
	g := synthRepo(t, synth.Config{Commits: 300, Docs: 40, Sections: 4, MergeEvery: 20})
	r := g.open()
	for _, path := range []string{"content/section-01", "."} {
		for _, fullHist := range []bool{false, true} {
			args := []string{"log", "--format=%H"}
			if !fullHist {
				args = append(args, "--first-parent")
			}
			want := lines(g.git(append(args, "--", path)...))
			if got := hashes(mustLog(t, r, Options{Paths: []string{path}, FullHistory: fullHist})); !reflect.DeepEqual(got, want) {
				t.Errorf("%s full=%v: %d revisions, git has %d", path, fullHist, len(got), len(want))
			}
		}
	}
	// Renames in the synthetic history are detected as such.
	l := mustLog(t, r, Options{Paths: []string{"content"}})
	renames := 0
	for _, rev := range l.Revisions {
		for _, f := range rev.Files {
			if f.Status == Renamed {
				renames++
			}
		}
	}
	if renames == 0 {
		t.Error("no renames found in the synthetic history")
	}
}

func benchLog(b *testing.B, g *gitRepo, opt Options) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		r, err := Open(g.dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Log(context.Background(), opt); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

func BenchmarkLogSynthFolder(b *testing.B) {
	g := synthRepo(b, synth.Config{Commits: 2000})
	benchLog(b, g, Options{Paths: []string{"content/section-03"}, FullHistory: true})
}

func BenchmarkLogSynthWholeTree(b *testing.B) {
	g := synthRepo(b, synth.Config{Commits: 2000})
	benchLog(b, g, Options{FullHistory: true})
}

func BenchmarkLogSynthCached(b *testing.B) {
	g := synthRepo(b, synth.Config{Commits: 2000})
	opt := Options{FullHistory: true, CacheDir: b.TempDir()}
	r := g.open()
	mustLog(b, r, opt)
	benchLog(b, g, opt)
}

func BenchmarkLogCorpusFolder(b *testing.B) {
	g := cloneCorpus(b) // Open Terms Archive data, ODC-By 1.0
	benchLog(b, g, Options{Paths: []string{"Facebook"}, FullHistory: true})
}

func BenchmarkLogCorpusWholeTree(b *testing.B) {
	g := cloneCorpus(b) // Open Terms Archive data, ODC-By 1.0
	benchLog(b, g, Options{FullHistory: true})
}

func BenchmarkOpenCorpus(b *testing.B) {
	g := cloneCorpus(b) // Open Terms Archive data, ODC-By 1.0
	for b.Loop() {
		r, err := Open(g.dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Resolve("HEAD"); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}
