package gctune

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// gcPercent reads the current GOGC setting.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// waitPercent collects until the setting satisfies ok, for at most a few
// seconds: the setting changes in a cleanup that runs after a collection.
func waitPercent(t *testing.T, what string, ok func(int) bool) int {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		if p := gcPercent(); ok(p) {
			return p
		} else if time.Now().After(deadline) {
			t.Fatalf("%s: GOGC is %d", what, p)
		}
	}
}

func TestTune(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	// The environment wins.
	t.Setenv("GOGC", "150")
	debug.SetGCPercent(150)
	Tune()
	if p := gcPercent(); p != 150 {
		t.Fatalf("with GOGC=150 in the environment Tune set GOGC to %d", p)
	}

	t.Setenv("GOGC", "")
	Tune()
	if p := gcPercent(); p != 1600 {
		t.Fatalf("before the first collection GOGC is %d, want 1600 (4 MB x 16 = 64 MB)", p)
	}
	// A small live heap: the next collection comes gcHeadroom later.
	small := waitPercent(t, "small heap", func(p int) bool { return p != 1600 })
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	liveBytes := max(1<<20, int(live[0].Value.Uint64())) // Tune counts at least 1 MB
	if headroom := liveBytes / 100 * small; headroom < gcHeadroom/2 || headroom > 2*gcHeadroom {
		t.Errorf("live heap %d bytes, GOGC %d: the heap may grow by %d MB, not about %d MB", liveBytes, small, headroom>>20, gcHeadroom>>20)
	}
	// A live heap over gcHeadroom: Go's default.
	big := make([]byte, 2*gcHeadroom)
	for i := range big {
		big[i] = byte(i)
	}
	waitPercent(t, "large heap", func(p int) bool { return p == 100 })
	runtime.KeepAlive(big)
	big = nil
	// And back when it is small again.
	waitPercent(t, "heap small again", func(p int) bool { return p > 100 })
}
