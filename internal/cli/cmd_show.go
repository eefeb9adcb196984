package cli

import (
	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/classify"
)

type showOptions struct {
	outputOptions
	rev   string
	paths []string
}

func newShowCmd(g *globalOptions) *cobra.Command {
	o := &showOptions{}
	cmd := &cobra.Command{
		Use:   "show REV [-- PATH...]",
		Short: "Show one revision's changes against its first parent",
		Long: `Show the classified changes one revision made to the tracked documents,
against its first parent, in any format of 'redline diff'.` + exitStatus,
		Example: `  redline show HEAD
  redline show HEAD~1 --format markdown`,
		RunE: func(cmd *cobra.Command, args []string) error {
			before, after := splitDash(cmd, args)
			if len(before) != 1 {
				return &exitError{code: ExitUsage, err: errorf("give one revision, such as HEAD or a commit hash", "show takes one revision, got %d", len(before))}
			}
			o.rev, o.paths = before[0], after
			if err := o.validate(); err != nil {
				return err
			}
			return runShow(cmd, g, o)
		},
	}
	o.register(cmd)
	return cmd
}

func runShow(cmd *cobra.Command, g *globalOptions, o *showOptions) error {
	p, err := g.openProject()
	if err != nil {
		return err
	}
	defer p.Close()
	h, err := p.resolve(cmd.Context(), o.rev)
	if err != nil {
		return err
	}
	// The walk from the revision lists it first when it changed a tracked
	// document; the incremental cache keeps the rest of the walk cheap.
	log, err := p.walk(cmd.Context(), h.String(), o.paths, false)
	if err != nil {
		return err
	}
	d := classify.Diff{Class: classify.None, Documents: []classify.DocumentDiff{}}
	if len(log.Revisions) > 0 && log.Revisions[0].Hash == h {
		entries, err := p.classify(cmd.Context(), log.Revisions[:1])
		if err != nil {
			return err
		}
		d.Class, d.Documents = entries[0].Class, entries[0].Documents
	}
	return o.print(g, d)
}
