package classify

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/digdir/redline/internal/align"
)

// BenchmarkHistoryClassify is BenchmarkCorpusPipeline's "classify" over
// the modifications of another history, a git repository named by
// REDLINE_BENCH_REPO (a synthetic one, say, of many small commits), in
// the order they were made. It skips when the variable is unset.
func BenchmarkHistoryClassify(b *testing.B) {
	dir := os.Getenv("REDLINE_BENCH_REPO")
	if dir == "" {
		b.Skip("REDLINE_BENCH_REPO is unset")
	}
	git, err := filepath.Abs(filepath.Join(dir, ".git"))
	if err != nil {
		b.Fatal(err)
	}
	docs := parsePairs(gitPairs(b, git, 1))
	ops := make([][]align.Op, len(docs))
	for i, d := range docs {
		ops[i] = align.Blocks(d.old.Blocks, d.new.Blocks, align.DefaultOptions())
	}
	base := Default()
	defer reportCPU(b)()
	for b.Loop() {
		r := *base
		r.forget()
		for i, d := range docs {
			r.Document(d.old, d.new, ops[i])
		}
	}
}
