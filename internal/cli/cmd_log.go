package cli

import (
	"context"

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
		Long: `List the revisions that changed tracked Markdown documents, newest first:
short hash, date, author, class, the documents changed, the counts of
substantive and editorial changes, and the subject.

History is followed along first parents by default, so a merged pull
request is one entry; --full-history lists what 'git log -- PATH' lists.
--author, --class, --since and --until keep the revisions that match all
of them; -n then lists at most that many of those, the newest.
With --format json, each revision is an object whose documents are those of
'redline diff --format json'.` + exitStatus,
		Example: `  redline log
  redline log HEAD~10..HEAD -- content/dpia
  redline log 2.0..2.6                   # between two versions, by id
  redline log -n 5 --class substantive   # the last five substantive revisions
  redline log --author ola --since 2024-01-01 --until 2.6
  redline log --format json > history.json`,
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
	a, err := g.open(o.paths...)
	if err != nil {
		return err
	}
	defer a.Close()
	lo := app.LogOptions{Range: o.rangeSpec, Paths: o.paths, FullHistory: o.fullHistory,
		Max: o.maxCount, Author: o.author, Class: classify.Class(o.class), Since: o.since, Until: o.until}
	// Each entry is written, or cut down to what the text log shows, as
	// it is classified: a long history's entries with their paragraph
	// text run to hundreds of megabytes, more than the output needs.
	if o.format == "json" {
		w := render.NewLogJSONWriter(g.streams.Out)
		if err := a.Log(ctx, lo, func(e changes.Entry) error { return w.Write(&e) }); err != nil {
			return usage(err)
		}
		return w.Close()
	}
	// The text log pads authors to the widest name, so it needs every
	// entry before the first line; it keeps only the fields it prints.
	var entries []changes.Entry
	err = a.Log(ctx, lo, func(e changes.Entry) error {
		entries = append(entries, textOnly(e))
		return nil
	})
	if err != nil {
		return usage(err)
	}
	color, err := g.useColor()
	if err != nil {
		return err
	}
	return render.LogText(g.streams.Out, entries, render.TextOptions{Color: color})
}

// textOnly keeps of an entry what render.LogText prints: the commit line
// and, per document, its status and the class of each change.
func textOnly(e changes.Entry) changes.Entry {
	slim := changes.Entry{Commit: e.Commit, Date: e.Date, Author: e.Author, Subject: e.Subject, Class: e.Class,
		Documents: make([]classify.DocumentDiff, len(e.Documents))}
	for i, d := range e.Documents {
		changes := make([]classify.Change, len(d.Changes))
		for j, c := range d.Changes {
			changes[j].Class = c.Class
		}
		slim.Documents[i] = classify.DocumentDiff{Status: d.Status, Changes: changes}
	}
	return slim
}
