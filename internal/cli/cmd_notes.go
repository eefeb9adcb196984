package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/render"
)

type notesOptions struct {
	version string
	lang    string
}

func (o *notesOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.lang, "lang", "", "language of the notes (default: the first configured language)")
}

// parse takes the arguments: one version (cobra checks the count first,
// in the same words).
func (o *notesOptions) parse(args []string) error {
	if err := cobra.ExactArgs(1)(nil, args); err != nil {
		return err
	}
	o.version = args[0]
	return nil
}

func newNotesCmd(g *globalOptions) *cobra.Command {
	o := &notesOptions{}
	cmd := &cobra.Command{
		Use:   "notes VERSION [--lang LANG]",
		Short: "Print the release notes of one version (Markdown)",
		Long: `Print the release notes of one version as Markdown on standard output:
its title and summary, then its substantive and editorial changes with deep
links to the sections they touched. VERSION is a version id from the
versions file, a tag or a trailer (2.5 or v2.5), or "unreleased".` + exitStatus,
		Example: `  redline notes 2.5
  redline notes unreleased --lang en`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.parse(args); err != nil {
				return err
			}
			return runNotes(cmd.Context(), g, o)
		},
	}
	o.register(cmd)
	return cmd
}

func runNotes(ctx context.Context, g *globalOptions, o *notesOptions) error {
	return withChangelog(ctx, g, func(_ *app.App, cl *release.Changelog) error {
		v, err := app.FindVersion(cl, o.version)
		if err != nil {
			if o.version == release.UnreleasedID {
				fmt.Fprintln(g.streams.Err, "redline: no unreleased changes: every revision belongs to a version")
				return nil
			}
			return &exitError{code: ExitUsage, err: err}
		}
		lang := o.lang
		if lang != "" && !slices.Contains(cl.Languages, lang) {
			has := "none"
			if len(cl.Languages) > 0 {
				has = strings.Join(cl.Languages, ", ")
			}
			return &exitError{code: ExitUsage, err: errorf("use --lang with one of the changelog's languages, or leave it out for the first",
				"no language %q in the changelog (it has: %s)", lang, has)}
		}
		if lang == "" && len(cl.Languages) > 0 {
			lang = cl.Languages[0]
		}
		data, err := render.Notes(cl, v.ID, lang)
		if err != nil {
			return err
		}
		_, err = g.streams.Out.Write(data)
		return err
	})
}
