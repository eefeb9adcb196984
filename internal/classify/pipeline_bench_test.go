package classify

import (
	"syscall"
	"testing"
	"time"

	"github.com/digdir/redline/internal/align"
)

// BenchmarkCorpusPipeline aligns and classifies every eighth modification
// of a page in the version corpus, parsed beforehand, with fresh rules
// (an empty memo) each iteration, as a cold run does: "align" is
// align.Blocks alone, "classify" Rules.Document on ops aligned
// beforehand, "both" CompareDocuments. It skips when the corpus is
// absent. Beside the wall time it reports cpu-ns/op, the process's user
// and system time per iteration, which a machine shared with other work
// inflates less.
func BenchmarkCorpusPipeline(b *testing.B) {
	docs := corpusDocs(b, 8)
	ops := alignAll(docs)
	base := Default()
	b.Run("align", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			for _, d := range docs {
				align.Blocks(d.old.Blocks, d.new.Blocks, align.DefaultOptions())
			}
		}
	})
	b.Run("classify", func(b *testing.B) { benchDocuments(b, base, docs, ops) })
	b.Run("both", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			r := *base
			r.forget()
			for _, d := range docs {
				r.CompareDocuments(d.old, d.new)
			}
		}
	})
}

// alignAll aligns the blocks of each pair of docs.
func alignAll(docs []corpusDoc) [][]align.Op {
	ops := make([][]align.Op, len(docs))
	for i, d := range docs {
		ops[i] = align.Blocks(d.old.Blocks, d.new.Blocks, align.DefaultOptions())
	}
	return ops
}

// benchDocuments classifies docs, aligned as ops, with fresh rules made
// from base (an empty memo) each iteration, as a cold run does.
func benchDocuments(b *testing.B, base *Rules, docs []corpusDoc, ops [][]align.Op) {
	defer reportCPU(b)()
	for b.Loop() {
		r := *base
		r.forget()
		for i, d := range docs {
			r.Document(d.old, d.new, ops[i])
		}
	}
}

// reportCPU reports the process's CPU time per iteration from its call to
// the call of the function it returns.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
