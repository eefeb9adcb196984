package classify

import (
	"os"
	"path/filepath"
	"testing"
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
	benchDocuments(b, Default(), docs, alignAll(docs))
}
