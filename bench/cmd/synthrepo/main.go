// Command synthrepo writes a deterministic synthetic history of Markdown
// documents as a git fast-import stream:
//
//	git init -q repo && go run ./bench/cmd/synthrepo -commits 5000 | git -C repo fast-import --quiet
//
// With -large-page BYTES it writes instead one page of about BYTES revised
// -commits times, a few words at a time.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/digdir/redline/internal/history/synth"
)

func main() {
	var cfg synth.Config
	flag.IntVar(&cfg.Commits, "commits", 5000, "commits on the main line")
	flag.IntVar(&cfg.Docs, "docs", 200, "documents")
	flag.IntVar(&cfg.Sections, "sections", 10, "folders under content/")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "random seed")
	flag.IntVar(&cfg.MergeEvery, "merge-every", 50, "make every n-th commit a merge (-1: none)")
	large := flag.Int("large-page", 0, "write one page of about this many bytes, revised -commits times")
	flag.Parse()
	var err error
	if *large > 0 {
		err = synth.WriteLargePage(os.Stdout, *large, cfg.Commits, cfg.Seed)
	} else {
		err = synth.Write(os.Stdout, cfg)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "synthrepo: error: %v\n", err)
		os.Exit(1)
	}
}
