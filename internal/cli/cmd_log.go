package cli

import (
	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
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
  redline log HEAD~10..HEAD -- content/dpia
  redline log 2.0..2.6                   # between two versions, by id
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
	ctx := cmd.Context()
	spec, err := p.resolveRange(ctx, o.rangeSpec)
	if err != nil {
		return err
	}
	log, err := p.walk(ctx, spec, o.paths, o.fullHistory)
	if err != nil {
		return err
	}
	// Each entry is written, or cut down to what the text log shows, as
	// it is classified: a long history's entries with their paragraph
	// text run to hundreds of megabytes, more than the output needs.
	if o.format == "json" {
		w := render.NewLogJSONWriter(g.streams.Out)
		if err := p.classifyEach(ctx, log.Revisions, func(e changes.Entry) error { return w.Write(&e) }); err != nil {
			return err
		}
		return w.Close()
	}
	// The text log pads authors to the widest name, so it needs every
	// entry before the first line; it keeps only the fields it prints.
	entries := make([]changes.Entry, 0, len(log.Revisions))
	err = p.classifyEach(ctx, log.Revisions, func(e changes.Entry) error {
		entries = append(entries, textOnly(e))
		return nil
	})
	if err != nil {
		return err
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
