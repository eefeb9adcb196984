//go:build unix

// Command runbest runs a command several times with its output discarded
// and prints the best wall time, the best CPU time (user+system) in
// milliseconds, and the largest peak RSS in MB: "WALL CPU RSS". CPU time
// is what to compare on a machine shared with other work. With -setup, a
// shell command runs before each run, untimed (to restore a cache, say).
//
//	runbest -n 9 git log --format=%H -- content
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	n := flag.Int("n", 5, "runs")
	setup := flag.String("setup", "", "shell command to run, untimed, before each run")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: runbest [-n N] COMMAND [ARG...]")
		os.Exit(2)
	}
	wall, cpu, rss := math.MaxFloat64, math.MaxFloat64, 0.0
	for i := 0; i < *n; i++ {
		if *setup != "" {
			prep := exec.Command("sh", "-c", *setup)
			prep.Stdout, prep.Stderr = os.Stderr, os.Stderr
			if err := prep.Run(); err != nil {
				fmt.Fprintf(os.Stderr, "runbest: setup: %v\n", err)
				os.Exit(1)
			}
		}
		cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "runbest: error: %v\n", err)
			os.Exit(1)
		}
		wall = min(wall, float64(time.Since(start).Microseconds())/1000)
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		c := float64(ru.Utime.Sec*1e6+ru.Utime.Usec+ru.Stime.Sec*1e6+ru.Stime.Usec) / 1000
		cpu = min(cpu, c)
		rss = max(rss, float64(ru.Maxrss)/1024)
	}
	fmt.Printf("%.1f %.1f %.0f\n", wall, cpu, rss)
}
