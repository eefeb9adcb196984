// Command redline turns the git history of versioned Markdown documents
// into a reviewed, published changelog.
//
// For profiling, REDLINE_CPUPROFILE=FILE writes a CPU profile of the run
// to FILE, and REDLINE_MEMPROFILE=FILE a profile of what it allocated
// (read them with go tool pprof; -sample_index=alloc_space for the bytes).
// REDLINE_TRACE=FILE writes an execution trace (go tool trace FILE), which
// shows how busy each core was over the run.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"

	"github.com/digdir/redline/internal/cli"
	"github.com/digdir/redline/internal/gctune"
)

func main() {
	gctune.Tune()
	if path := os.Getenv("REDLINE_MEMPROFILE"); path != "" {
		runtime.MemProfileRate = 64 << 10
		code := cli.Main()
		if err := writeHeapProfile(path); err != nil {
			fmt.Fprintf(os.Stderr, "redline: REDLINE_MEMPROFILE: %v\n", err)
			code = max(code, 2)
		}
		os.Exit(code)
	}
	if path := os.Getenv("REDLINE_CPUPROFILE"); path != "" {
		os.Exit(recorded("REDLINE_CPUPROFILE", path, pprof.StartCPUProfile, pprof.StopCPUProfile))
	}
	if path := os.Getenv("REDLINE_TRACE"); path != "" {
		os.Exit(recorded("REDLINE_TRACE", path, trace.Start, trace.Stop))
	}
	os.Exit(cli.Main())
}

// writeHeapProfile writes the allocations of the run so far to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// recorded runs redline with a recorder (the CPU profiler, the execution
// tracer) writing to path from start to end; env names the setting that
// asked for it, in an error.
func recorded(env, path string, start func(io.Writer) error, stop func()) int {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "redline: %s: %v\n", env, err)
		return 2
	}
	defer f.Close()
	if err := start(f); err != nil {
		fmt.Fprintf(os.Stderr, "redline: %s: %v\n", env, err)
		return 2
	}
	defer stop()
	return cli.Main()
}
