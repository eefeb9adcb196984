package cli

import (
	"context"

	"github.com/spf13/cobra"
)

type showOptions struct {
	outputOptions
	rev   string
	paths []string
}

// parse takes the arguments: one revision, then the paths after `--`
// (dash: how many came before it, or -1).
func (o *showOptions) parse(args []string, dash int) error {
	before, after := splitDash(args, dash)
	if len(before) != 1 {
		return &exitError{code: ExitUsage, err: errorf("give one revision, such as HEAD or a commit hash", "show takes one revision, got %d", len(before))}
	}
	o.rev, o.paths = before[0], after
	return o.validate()
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
			if err := o.parse(args, cmd.ArgsLenAtDash()); err != nil {
				return err
			}
			o.command = commandLine(cmd, []string{o.rev}, o.paths)
			return runShow(cmd.Context(), g, o)
		},
	}
	o.register(cmd)
	return cmd
}

func runShow(ctx context.Context, g *globalOptions, o *showOptions) error {
	a, err := g.open(o.paths...)
	if err != nil {
		return err
	}
	defer a.Close()
	d, err := a.Show(ctx, o.rev, o.paths)
	if err != nil {
		return usage(err)
	}
	return o.print(g, d)
}
