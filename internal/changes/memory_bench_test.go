package changes

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/history/synth"
)

// BenchmarkClassifyHistoryMemory walks and classifies synthetic histories
// (internal/history/synth, 200 pages of 2-5 kB) of two lengths, as
// `redline log --format json --no-cache` does, and reports the largest
// live heap a collection saw. The pages are of a size at both lengths, so
// what the longer history holds more is what the run keeps per commit:
// compare the live-MB of the two, and MB/1k-commits.
func BenchmarkClassifyHistoryMemory(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git not installed")
	}
	for _, commits := range []int{2000, 8000} {
		b.Run(fmt.Sprintf("commits=%d", commits), func(b *testing.B) {
			dir := synthRepo(b, commits)
			var peak uint64
			revisions := 0
			for b.Loop() {
				runtime.GC()
				p, n := classifyPeak(b, dir)
				peak = max(peak, p)
				revisions = n
			}
			b.ReportMetric(float64(peak)/(1<<20), "live-MB")
			b.ReportMetric(float64(peak)/(1<<20)/float64(commits)*1000, "MB/1k-commits")
			b.ReportMetric(float64(revisions), "revisions")
		})
	}
}

// synthRepo writes a synthetic history of the given length into a fresh
// repository, packed with a commit-graph as git gc leaves it.
func synthRepo(b *testing.B, commits int) string {
	b.Helper()
	dir := b.TempDir()
	env := append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	run := func(stdin []byte, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		if stdin != nil {
			cmd.Stdin = bytes.NewReader(stdin)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	var stream bytes.Buffer
	if err := synth.Write(&stream, synth.Config{Commits: commits}); err != nil {
		b.Fatal(err)
	}
	run(nil, "init", "-q", "-b", "main")
	run(stream.Bytes(), "fast-import", "--quiet")
	run(nil, "gc", "-q")
	return dir
}

// classifyPeak runs the walk and the classification of the history at
// dir, handing each entry on and dropping it, and returns the largest
// live heap seen after a collection and the number of revisions.
func classifyPeak(b *testing.B, dir string) (uint64, int) {
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	repo, err := history.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer repo.Close()
	log, err := repo.Log(context.Background(), history.Options{Paths: []string{"content"}, SkipEmpty: true})
	if err != nil {
		b.Fatal(err)
	}
	// Fresh rules, as each run has: the classifier's memo of texts seen
	// would otherwise answer every later iteration.
	err = ClassifyEach(context.Background(), repo, log.Revisions, classify.Default(), ClassifyOptions{}, func(Entry) error { return nil })
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC() // the last collection sees what the run still holds
	close(done)
	<-stopped
	return peak.Load(), len(log.Revisions)
}
