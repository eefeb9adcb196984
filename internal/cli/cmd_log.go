package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/render"
)

type logOptions struct {
	format      string
	fullHistory bool
	rangeSpec   string
	paths       []string
	maxCount    int
	author      string
	class       string
	since       string
	until       string
}

func (o *logOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.format, "format", "f", "text", "output format: text or json")
	cmd.Flags().BoolVar(&o.fullHistory, "full-history", false, "follow all parents, as 'git log -- PATH' does")
	cmd.Flags().IntVarP(&o.maxCount, "max-count", "n", 0, "list at most `N` revisions, the newest (0: no limit)")
	cmd.Flags().StringVar(&o.author, "author", "", "only revisions whose author's name or email contains `PATTERN` (any case)")
	cmd.Flags().StringVar(&o.class, "class", "", "only revisions of this `CLASS`: substantive or editorial")
	cmd.Flags().StringVar(&o.since, "since", "", "only revisions authored on or after `WHEN`: a date YYYY-MM-DD, a version id (its publication date, else its commit's date) or a revision (its commit's date)")
	cmd.Flags().StringVar(&o.until, "until", "", "only revisions authored on or before `WHEN`, read as --since reads it")
}

// parse takes the arguments: at most one revision or range, then the
// paths after `--` (dash: how many came before it, or -1).
func (o *logOptions) parse(args []string, dash int) error {
	before, after := splitDash(args, dash)
	if len(before) > 1 {
		return &exitError{code: ExitUsage, err: errorf("give one revision or range, such as HEAD~10..HEAD", "log takes at most one revision range, got %d", len(before))}
	}
	if len(before) == 1 {
		o.rangeSpec = before[0]
	}
	o.paths = after
	if o.maxCount < 0 {
		return &exitError{code: ExitUsage, err: errorf("give a positive number, or 0 for no limit", "--max-count %d: a count cannot be negative", o.maxCount)}
	}
	switch classify.Class(o.class) {
	case "", classify.Substantive, classify.Editorial:
	default:
		return &exitError{code: ExitUsage, err: errorf("use --class substantive or editorial", "unknown class %q", o.class)}
	}
	if o.format != "text" && o.format != "json" {
		return &exitError{code: ExitUsage, err: errorf("use --format text or json", "unknown format %q", o.format)}
	}
	return nil
}

func newLogCmd(g *globalOptions) *cobra.Command {
	o := &logOptions{}
	cmd := &cobra.Command{
		Use:   "log [REV-RANGE] [-- PATH...]",
		Short: "List the revisions that changed tracked documents, classified",
		Long: `List the revisions that changed tracked Markdown documents, newest first,
one line each as it is classified: short hash, date, the version the
revision belongs to (v2.5, or unreleased after the last version; shown when
the versions are known), author (cut at 24 characters), class, the
documents changed, the counts of changes, S substantive and E editorial
(S1/E3: one substantive change, three editorial), and the subject. On a
terminal a line above the log says what S and E count.

History is followed along first parents by default, so a merged pull
request is one entry; --full-history lists what 'git log -- PATH' lists.
--author, --class, --since and --until keep the revisions that match all
of them; -n then lists at most that many of those, the newest.
With --format json, each revision is an object whose documents are those of
'redline diff --format json'.

On a terminal the log goes through a pager, as git's does: REDLINE_PAGER,
else PAGER, else less (run with LESS=FRX when LESS is not set, so that a
log that fits on the screen is just printed, in colour). An empty value,
"cat" or --no-pager writes to the terminal. When the reader of the output
goes away (the pager is quit, 'redline log | head' has its lines), the log
stops classifying and exits with status 0.` + exitStatus,
		Example: `  redline log
  redline log HEAD~10..HEAD -- content/dpia
  redline log 2.0..2.6                   # between two versions, by id
  redline log -n 5 --class substantive   # the last five substantive revisions
  redline log --author ola --since 2024-01-01 --until 2.6
  redline log --format json > history.json
  redline log | head -3                  # stops after the third line`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.parse(args, cmd.ArgsLenAtDash()); err != nil {
				return err
			}
			return runLog(cmd.Context(), g, o)
		},
	}
	o.register(cmd)
	return cmd
}

func runLog(ctx context.Context, g *globalOptions, o *logOptions) error {
	return logEnd(g.paged(func(g *globalOptions) error { return runLogPaged(ctx, g, o) }))
}

func runLogPaged(ctx context.Context, g *globalOptions, o *logOptions) error {
	color, err := g.useColor()
	if err != nil {
		return err
	}
	streams := g.streams
	a, err := g.open(o.paths...)
	if err != nil {
		return err
	}
	defer a.Close()
	lo := app.LogOptions{Range: o.rangeSpec, Paths: o.paths, FullHistory: o.fullHistory,
		Max: o.maxCount, Author: o.author, Class: classify.Class(o.class), Since: o.since, Until: o.until}
	// Each entry is written as it is classified, newest first, and
	// dropped: a long history's entries with their paragraph text run to
	// hundreds of megabytes, and the first lines show at once.
	if o.format == "json" {
		w := render.NewLogJSONWriter(streams.Out)
		err := a.Log(ctx, lo, func(e changes.Entry) error { return w.Write(&e) })
		if err == nil {
			err = w.Close()
		}
		return err
	}
	// A version column that cannot be had is said after the log, and only
	// when the log itself ran: a repository the log cannot read says so
	// once, as the log's error.
	versionOf, verr := a.LogVersions(ctx)
	if verr != nil {
		versionOf = nil
	}
	w := render.NewLogTextWriter(streams.Out, render.TextOptions{Color: color}, versionOf != nil)
	legend := streams.OutTTY
	err = a.Log(ctx, lo, func(e changes.Entry) error {
		if legend {
			legend = false
			if err := w.Legend(); err != nil {
				return err
			}
		}
		v := ""
		if versionOf != nil {
			v = versionOf(e.Commit)
		}
		return w.Write(&e, v)
	})
	if err == nil && verr != nil {
		printWarning(streams.Err, verr)
	}
	return err
}

// logEnd is how a log that stopped with err ends: a reader that went away
// (the pager quit, head has its lines) ends it as git's ends, quietly,
// with status 0; any other error is the run's.
func logEnd(err error) error {
	if brokenPipe(err) {
		return nil
	}
	return usage(err)
}

// printWarning shows err as a warning, with its hint, in the form
// printError gives an error.
func printWarning(w io.Writer, err error) {
	fmt.Fprintf(w, "redline: warning: the version column is left out: %s\n", oneLine(err.Error()))
	if h := hintOf(err); h != "" {
		fmt.Fprintf(w, "hint: %s\n", oneLine(h))
	}
}
