package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/render"
)

// globalOptions are the flags every command takes.
type globalOptions struct {
	streams *Streams

	repo       string // --repo
	configFile string // --config
	cacheDir   string // --cache-dir
	noCache    bool   // --no-cache
	color      string // --color auto|always|never
	noPager    bool   // --no-pager
	limits     document.Limits
}

func (g *globalOptions) register(root *cobra.Command) {
	f := root.PersistentFlags()
	f.StringVarP(&g.repo, "repo", "C", ".", "the git repository to read (work tree or bare)")
	f.StringVar(&g.configFile, "config", "", "configuration file (default: redline.yaml at the repository root)")
	f.StringVar(&g.cacheDir, "cache-dir", "", "directory for the caches of walked commits and classified comparisons (default: redline in the user cache directory)")
	f.BoolVar(&g.noCache, "no-cache", false, "do not read or write the caches (every run walks and classifies from scratch)")
	f.StringVar(&g.color, "color", "auto", "colour the terminal view: auto, always or never")
	f.BoolVarP(&g.noPager, "no-pager", "P", false, "write to the terminal, not through a pager (REDLINE_PAGER, PAGER, else less)")
	g.limits = document.DefaultLimits
	f.IntVar(&g.limits.MaxBytes, "max-document-bytes", document.DefaultLimits.MaxBytes, "refuse documents larger than this many bytes")
	f.IntVar(&g.limits.MaxBlocks, "max-blocks", document.DefaultLimits.MaxBlocks, "refuse documents with more blocks than this")
	f.IntVar(&g.limits.MaxElements, "max-elements", document.DefaultLimits.MaxElements, "refuse documents with more Markdown elements (lines, links, emphasis, code spans, tags, cells) than this")
	f.IntVar(&g.limits.MaxParseWork, "max-parse-work", document.DefaultLimits.MaxParseWork, "refuse a block whose links and code spans take more than this many times its size to parse")
	f.IntVar(&g.limits.MaxFrontBytes, "max-front-matter-bytes", document.DefaultLimits.MaxFrontBytes, "refuse front matter larger than this many bytes")
}

// validate checks the global flags before any command runs.
func (g *globalOptions) validate() error {
	for _, l := range []struct {
		flag  string
		value int
	}{
		{"--max-document-bytes", g.limits.MaxBytes},
		{"--max-blocks", g.limits.MaxBlocks},
		{"--max-elements", g.limits.MaxElements},
		{"--max-parse-work", g.limits.MaxParseWork},
		{"--max-front-matter-bytes", g.limits.MaxFrontBytes},
	} {
		if l.value < 0 {
			return &exitError{code: ExitUsage, err: errorf("give a positive number, or 0 for no limit", "%s %d: a limit cannot be negative", l.flag, l.value)}
		}
	}
	return nil
}

// useColor says whether the terminal view may be coloured.
func (g *globalOptions) useColor() (bool, error) {
	switch g.color {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		return g.streams.OutTTY && !g.streams.NoColor, nil
	}
	return false, errorf("use --color auto, always or never", "unknown colour mode %q", g.color)
}

// appOptions are the global flags as the application layer takes them,
// with what it has to say shown on stderr.
func (g *globalOptions) appOptions() app.Options {
	return app.Options{
		Repo:       g.repo,
		ConfigFile: g.configFile,
		CacheDir:   g.cacheDir,
		NoCache:    g.noCache,
		Limits:     g.limits,
		Reporter:   &reporter{s: g.streams},
	}
}

// open opens the repository named by --repo with its configuration and
// rules; paths are those the command line names after --, if any.
func (g *globalOptions) open(paths ...string) (*app.App, error) {
	opts := g.appOptions()
	opts.Paths = paths
	a, err := app.Open(opts)
	if err != nil {
		return nil, usage(err)
	}
	return a, nil
}

// version reports the module version the binary was built from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	// A build from a checkout: name the commit it was built from.
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "+modified"
	}
	return "devel-" + rev
}

func newVersionCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print redline's version",
		Long:  "Print the version of redline and of the Go toolchain it was built with." + exitStatus,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			goVersion := "unknown"
			if info, ok := debug.ReadBuildInfo(); ok {
				goVersion = info.GoVersion
			}
			_, err := fmt.Fprintf(g.streams.Out, "redline %s (%s)\n", version(), goVersion)
			return err
		},
	}
}

// fieldHint reads the hint of the stages' own error types.
func fieldHint(e error) string {
	switch v := e.(type) {
	case *document.Error:
		return v.Hint
	case *history.Error:
		return v.Hint
	case *render.Error:
		return v.Hint
	}
	return ""
}
