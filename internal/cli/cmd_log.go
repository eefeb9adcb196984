package cli

import (
	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/render"
)

type logOptions struct {
	format      string
	fullHistory bool
	rangeSpec   string
	paths       []string
}

func newLogCmd(g *globalOptions) *cobra.Command {
	o := &logOptions{}
	cmd := &cobra.Command{
		Use:   "log [REV-RANGE] [-- PATH...]",
		Short: "List the revisions that changed tracked documents, classified",
		Long: `List the revisions that changed tracked Markdown documents, newest first:
short hash, date, author, class, the documents changed, the counts of
substantive and editorial changes, and the subject.

History is followed along first parents by default, so a merged pull
request is one entry; --full-history lists what 'git log -- PATH' lists.
With --format json, each revision is an object whose documents are those of
'redline diff --format json'.` + exitStatus,
		Example: `  redline log
  redline log v2.0..HEAD -- content/dpia
  redline log --format json > history.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			before, after := splitDash(cmd, args)
			if len(before) > 1 {
				return &exitError{code: ExitUsage, err: errorf("give one revision or range, such as HEAD~10..HEAD", "log takes at most one revision range, got %d", len(before))}
			}
			if len(before) == 1 {
				o.rangeSpec = before[0]
			}
			o.paths = after
			return runLog(cmd, g, o)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "text", "output format: text or json")
	cmd.Flags().BoolVar(&o.fullHistory, "full-history", false, "follow all parents, as 'git log -- PATH' does")
	return cmd
}

func runLog(cmd *cobra.Command, g *globalOptions, o *logOptions) error {
	if o.format != "text" && o.format != "json" {
		return &exitError{code: ExitUsage, err: errorf("use --format text or json", "unknown format %q", o.format)}
	}
	p, err := g.openProject()
	if err != nil {
		return err
	}
	defer p.Close()
	entries, _, err := p.classified(cmd.Context(), o.rangeSpec, o.paths, o.fullHistory)
	if err != nil {
		return err
	}
	if o.format == "json" {
		return render.JSON(g.streams.Out, entries)
	}
	color, err := g.useColor()
	if err != nil {
		return err
	}
	return render.LogText(g.streams.Out, entries, render.TextOptions{Color: color})
}
