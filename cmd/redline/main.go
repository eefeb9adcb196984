// Command redline turns the git history of versioned Markdown documents
// into a reviewed, published changelog.
package main

import (
	"os"

	"github.com/digdir/redline/internal/cli"
)

func main() { os.Exit(cli.Main()) }
