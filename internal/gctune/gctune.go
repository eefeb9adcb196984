// Package gctune paces the garbage collector for short command-line runs.
package gctune

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// gcHeadroom is the heap growth a run may have between collections before
// Go's default rule (collect when the heap has doubled) takes over.
const gcHeadroom = 64 << 20

// Tune makes collections rarer while the live heap is small. By default
// Go collects whenever the heap doubles, from a floor of 4 MB, so a walk
// over a few thousand commits, whose heap is a few MB of live data and
// much garbage, collects dozens of times: about 8% of a listing of the
// Open Terms Archive corpus. After each collection Tune lets the heap
// grow by gcHeadroom before the next one, or by the live heap when that is
// larger (Go's default). A small run's heap stays under its live data plus
// gcHeadroom; a large run keeps Go's default and its peak memory. GOGC or
// GOMEMLIMIT in the environment turn this off.
func Tune() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var adjust func()
	arm := func() {
		// A cleanup runs after the collection that finds its object
		// unreachable: once per cycle, as long as it re-arms itself.
		p := new([16]byte)
		runtime.AddCleanup(p, func(struct{}) { adjust() }, struct{}{})
	}
	adjust = func() {
		metrics.Read(sample)
		live := int64(1 << 20)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live = max(live, int64(sample[0].Value.Uint64()))
		}
		debug.SetGCPercent(int(max(100, 100*gcHeadroom/live)))
		arm()
	}
	debug.SetGCPercent(100 * gcHeadroom / (4 << 20)) // the first collection comes at 4 MB x GOGC/100
	arm()
}
