// Command peakheap runs the redline command line in-process and writes a
// heap profile taken when the live heap was largest, to find what a run
// holds at its peak (go tool pprof -sample_index=inuse_space FILE):
//
//	PEAKHEAP=heap.pb.gz peakheap --repo REPO --no-cache log --format json >/dev/null
//
// It polls the live heap after each collection, so the profile is of the
// largest live heap a collection saw, not of the largest heap in use.
package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/digdir/redline/internal/cli"
	"github.com/digdir/redline/internal/gctune"
)

func main() {
	gctune.Tune() // as the redline command does
	out := os.Getenv("PEAKHEAP")
	if out == "" {
		out = "peakheap.pb.gz"
	}
	var (
		mu   sync.Mutex
		best bytes.Buffer
		peak uint64
		done = make(chan struct{})
	)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	go func() {
		var cycles uint64
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			live, n := sample[0].Value.Uint64(), sample[1].Value.Uint64()
			if n == cycles || live <= peak {
				continue
			}
			cycles = n
			mu.Lock()
			peak = live
			best.Reset()
			pprof.Lookup("heap").WriteTo(&best, 0)
			mu.Unlock()
		}
	}()
	code := cli.Main()
	close(done)
	mu.Lock()
	defer mu.Unlock()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(os.Stderr, "peakheap: largest live heap %.1f MB (heap sys %.1f MB), profile in %s\n", float64(peak)/(1<<20), float64(ms.HeapSys)/(1<<20), out)
	if err := os.WriteFile(out, best.Bytes(), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "peakheap: error: %v\n", err)
	}
	os.Exit(code)
}
