package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/render"
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
		return &exitError{code: ExitUsage, err: errorf("give one revision, such as HEAD, a commit hash or a version id", "show takes one revision, got %d", len(before))}
	}
	o.rev, o.paths = before[0], after
	return o.validate()
}

func newShowCmd(g *globalOptions) *cobra.Command {
	o := &showOptions{}
	cmd := &cobra.Command{
		Use:   "show REV|VERSION [-- PATH...]",
		Short: "Show one revision's changes against its first parent, or one version's",
		Long: `Show the classified changes one revision made to the tracked documents,
against its first parent, in any format of 'redline diff'. A date
(YYYY-MM-DD) is the last revision on or before it, a version with a
publication date counting as made on that date.

A version id (from the versions file, a tag or a Document-Version trailer,
or "unreleased") shows the whole version: the changes from the version
before it (or from before the first revision) to the commit that closes
it, as one comparison, headed by the version's id, date and title. In JSON
the diff then carries a "version" object.` + exitStatus,
		Example: `  redline show HEAD
  redline show HEAD~1 --format markdown
  redline show 2.6                        # the whole of version 2.6
  redline show 2.6 --format json`,
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
	return quiet(g.paged(func(g *globalOptions) error { return runShowPaged(ctx, g, o) }))
}

func runShowPaged(ctx context.Context, g *globalOptions, o *showOptions) error {
	a, err := g.open(o.paths...)
	if err != nil {
		return err
	}
	defer a.Close()
	shown, err := a.Show(ctx, o.rev, o.paths)
	if err != nil {
		return usage(err)
	}
	if shown.Version == nil {
		return o.print(g, shown.Diff)
	}
	return o.printVersion(g, shown.Version, shown.Diff)
}

// printVersion writes the comparison of a whole version, headed by the
// version, in the chosen format, as print writes a diff.
func (o *showOptions) printVersion(g *globalOptions, head *render.VersionHead, d classify.Diff) error {
	var err error
	switch o.format {
	case "json":
		err = render.JSON(g.streams.Out, render.VersionDiff{Version: head, Diff: d})
	case "markdown":
		err = render.VersionComment(g.streams.Out, head, d, render.CommentOptions{MaxChars: o.maxComment, Command: o.command})
	default:
		color, cerr := g.useColor()
		if cerr != nil {
			return cerr
		}
		err = render.VersionText(g.streams.Out, head, d, render.TextOptions{Color: color, Editorial: !o.substantiveOnly})
	}
	if err != nil {
		return err
	}
	if o.exitCode && d.Class == classify.Substantive {
		return status(ExitChanges)
	}
	return nil
}
