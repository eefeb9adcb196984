package changes

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
)

// BenchmarkClassifyPGA classifies the history of the Open Terms Archive
// dataset of platform terms (pga-versions.bundle, ODC-By 1.0), cloned into
// a temporary directory: the cost of `redline log` on a real history.
func BenchmarkClassifyPGA(b *testing.B) {
	bundle, _ := filepath.Abs("../../../shared/corpora/pga-versions.bundle")
	if _, err := os.Stat(bundle); err != nil {
		b.Skip("../shared/corpora/pga-versions.bundle not present")
	}
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git not installed")
	}
	dir := filepath.Join(b.TempDir(), "pga")
	if out, err := exec.Command("git", "clone", "-q", bundle, dir).CombinedOutput(); err != nil {
		b.Fatalf("git clone: %v\n%s", err, out)
	}
	repo, err := history.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer repo.Close()
	log, err := repo.Log(context.Background(), history.Options{})
	if err != nil {
		b.Fatal(err)
	}
	revs := log.Revisions
	if len(revs) > 300 {
		revs = revs[:300] // bounded: the shared machine has two cores
	}
	files := 0
	for _, r := range revs {
		files += len(r.Files)
	}
	for b.Loop() {
		// Fresh rules each time, as each run has: the classifier's memo
		// of texts seen would otherwise answer every later iteration.
		rules := classify.Default()
		if _, err := Classify(context.Background(), repo, revs, rules, ClassifyOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(revs)), "revisions")
	b.ReportMetric(float64(files), "documents")
}
