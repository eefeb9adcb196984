// Command redline turns the git history of versioned Markdown documents
// into a reviewed, published changelog.
//
// For profiling, REDLINE_CPUPROFILE=FILE writes a CPU profile of the run
// to FILE (read it with go tool pprof).
package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/digdir/redline/internal/cli"
	"github.com/digdir/redline/internal/gctune"
)

func main() {
	gctune.Tune()
	if path := os.Getenv("REDLINE_CPUPROFILE"); path != "" {
		os.Exit(profiled(path))
	}
	os.Exit(cli.Main())
}

func profiled(path string) int {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "redline: REDLINE_CPUPROFILE: %v\n", err)
		return 2
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "redline: REDLINE_CPUPROFILE: %v\n", err)
		return 2
	}
	defer pprof.StopCPUProfile()
	return cli.Main()
}
