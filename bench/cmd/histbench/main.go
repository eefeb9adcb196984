//go:build unix

// Command histbench runs history.Log on a repository and prints the
// revision hashes (-hashes) or one line of measurements, for
// bench/history.sh.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/digdir/redline/internal/gctune"
	"github.com/digdir/redline/internal/history"
)

func main() {
	gctune.Tune() // as the redline command does
	repo := flag.String("repo", ".", "repository directory")
	paths := flag.String("paths", "", "comma-separated tracked paths (empty: whole tree)")
	full := flag.Bool("full", false, "full history (git log -- PATH semantics)")
	cacheDir := flag.String("cache", "", "cache directory (empty: no cache)")
	hashes := flag.Bool("hashes", false, "print revision hashes, newest first")
	files := flag.Bool("files", false, "print revisions with their changed files")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile")
	count := flag.Int("n", 1, "repeat the walk n times (for profiling)")
	restore := flag.String("restore", "", "copy this directory's files into the cache directory before each walk (profiling incremental runs)")
	flag.Parse()

	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fail(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	var ps []string
	if *paths != "" {
		ps = strings.Split(*paths, ",")
	}
	var log *history.Log
	for i := 0; i < *count; i++ {
		if *restore != "" {
			os.RemoveAll(*cacheDir)
			os.MkdirAll(*cacheDir, 0o755)
			files, _ := os.ReadDir(*restore)
			for _, f := range files {
				b, _ := os.ReadFile(filepath.Join(*restore, f.Name()))
				os.WriteFile(filepath.Join(*cacheDir, f.Name()), b, 0o600)
			}
		}
		r, err := history.Open(*repo)
		if err != nil {
			fail(err)
		}
		log, err = r.Log(context.Background(), history.Options{Paths: ps, FullHistory: *full, CacheDir: *cacheDir})
		if err != nil {
			fail(err)
		}
		r.Close()
	}
	elapsed := time.Since(start)
	out := bufio.NewWriter(os.Stdout) // git buffers its output too
	defer out.Flush()
	switch {
	case *hashes:
		for _, rev := range log.Revisions {
			fmt.Fprintln(out, rev.Hash)
		}
	case *files:
		for _, rev := range log.Revisions {
			fmt.Fprintf(out, "%s %s\n", rev.Hash.String()[:10], rev.Subject)
			for _, f := range rev.Files {
				fmt.Fprintf(out, "  %-8s %s %s %s\n", f.Status, f.OldPath, f.NewPath, f.TranslationOf)
			}
			for _, n := range rev.Notes {
				fmt.Fprintf(out, "  note: %s\n", n)
			}
		}
	default:
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		fmt.Fprintf(out, "revisions=%d seconds=%.3f maxrss_mb=%.1f\n", len(log.Revisions), elapsed.Seconds()/float64(*count), float64(ru.Maxrss)/1024)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "histbench: error: %v\n", err)
	if e, ok := err.(*history.Error); ok && e.Hint != "" {
		fmt.Fprintf(os.Stderr, "hint: %s\n", e.Hint)
	}
	os.Exit(1)
}
