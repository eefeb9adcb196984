package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/present/redline"
	"github.com/digdir/redline/internal/render"
)

type blameOptions struct {
	file   string
	rev    string
	format string
}

func (o *blameOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.rev, "rev", "HEAD", "the revision to blame: a commit, a version id (2.5) or a date YYYY-MM-DD")
	cmd.Flags().StringVarP(&o.format, "format", "f", "text", "output format: text or json")
}

// parse takes the arguments: one file (cobra checks the count first, in
// the same words).
func (o *blameOptions) parse(args []string) error {
	if err := cobra.ExactArgs(1)(nil, args); err != nil {
		return err
	}
	o.file = args[0]
	if o.format != "text" && o.format != "json" {
		return &exitError{code: ExitUsage, err: errorf("use --format text or json", "unknown format %q", o.format)}
	}
	return nil
}

func newBlameCmd(g *globalOptions) *cobra.Command {
	o := &blameOptions{}
	cmd := &cobra.Command{
		Use:   "blame FILE [--rev REV]",
		Short: "Show, per paragraph, the revision that last changed it in substance",
		Long: `For each paragraph of a tracked document, show the revision (and version) that
last changed it substantively and the one that last changed it at all.
Renames are followed; reflowed and moved paragraphs keep their history.
--rev takes a revision, a version id or a date, as diff does.` + exitStatus,
		Example: `  redline blame content/dpia/summary/_index.nb.md
  redline blame content/dpia/summary/_index.nb.md --rev HEAD~2 --format json
  redline blame content/dpia/summary/_index.nb.md --rev 2.5`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.parse(args); err != nil {
				return err
			}
			return runBlame(cmd.Context(), g, o)
		},
	}
	o.register(cmd)
	return cmd
}

func runBlame(ctx context.Context, g *globalOptions, o *blameOptions) error {
	return quiet(g.paged(func(g *globalOptions) error { return runBlamePaged(ctx, g, o) }))
}

func runBlamePaged(ctx context.Context, g *globalOptions, o *blameOptions) error {
	a, err := g.open()
	if err != nil {
		return err
	}
	defer a.Close()
	attr, err := a.Blame(ctx, o.file, o.rev)
	if err != nil {
		return usage(err)
	}
	if o.format == "json" {
		return render.JSON(g.streams.Out, attr)
	}
	tw := tabwriter.NewWriter(g.streams.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LINES\tSUBSTANCE\tCHANGED\tPARAGRAPH")
	for _, l := range attr {
		fmt.Fprintf(tw, "%d-%d\t%s\t%s\t%s\n", l.Lines[0], l.Lines[1], revLabel(l.Substantive), revLabel(l.Changed), excerpt(redline.Reading(l.Text), 60))
	}
	return tw.Flush()
}

func revLabel(r *app.BlameRev) string {
	if r == nil {
		return "-"
	}
	s := short(r.Commit)[:7] + " " + r.Date.UTC().Format("2006-01-02")
	if r.Version != "" {
		s += " v" + r.Version
	}
	return s
}

func short(hash string) string {
	if len(hash) > 10 {
		return hash[:10]
	}
	return hash
}

// excerpt shortens a paragraph to its first words, on one line.
func excerpt(s string, n int) string {
	// Page text goes to a terminal: control characters (escape sequences,
	// bidirectional overrides) are shown as U+FFFD, never passed through.
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' || unicode.Is(unicode.Bidi_Control, r) {
			return '\uFFFD'
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
