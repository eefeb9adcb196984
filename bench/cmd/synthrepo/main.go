// Command synthrepo writes a deterministic synthetic history of Markdown
// documents as a git fast-import stream:
//
//	git init -q repo && go run ./bench/cmd/synthrepo -commits 5000 | git -C repo fast-import --quiet
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
	flag.Parse()
	if err := synth.Write(os.Stdout, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "synthrepo: error: %v\n", err)
		os.Exit(1)
	}
}
