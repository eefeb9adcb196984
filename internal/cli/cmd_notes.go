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
	// document names the document whose version this is (after `--`),
	// with versions.per_document; "" for the repository's.
	document string
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

// parseDocument takes the paths after `--`: none, or the one document
// whose version the notes are of.
func (o *notesOptions) parseDocument(paths []string) error {
	switch len(paths) {
	case 0:
	case 1:
		o.document = paths[0]
	default:
		return &exitError{code: ExitUsage, err: errorf("give one document after --: redline notes VERSION -- PATH",
			"notes takes one document after --, got %d", len(paths))}
	}
	return nil
}

func newNotesCmd(g *globalOptions) *cobra.Command {
	o := &notesOptions{}
	cmd := &cobra.Command{
		Use:   "notes VERSION [--lang LANG] [-- DOCUMENT]",
		Short: "Print the release notes of one version (Markdown)",
		Long: `Print the release notes of one version as Markdown on standard output:
its title and summary, then its substantive and editorial changes with deep
links to the sections they touched. VERSION is a version id from the
versions file, a tag or a trailer (2.5 or v2.5), or "unreleased".

With versions.per_document, "-- DOCUMENT" gives the notes of a version of
one document: its path, the end of its path (privacy.md) or its name
(privacy). Without it, VERSION is the repository's version, else the
version of the one document that has it; a version id that several
documents have is an error that names them.` + exitStatus,
		Example: `  redline notes 2.5
  redline notes unreleased --lang en
  redline notes 3.1 -- legal/privacy.md   # version 3.1 of one document`,
		Args: func(cmd *cobra.Command, args []string) error {
			before, _ := splitDash(args, cmd.ArgsLenAtDash())
			return cobra.ExactArgs(1)(cmd, before)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			before, after := splitDash(args, cmd.ArgsLenAtDash())
			if err := o.parse(before); err != nil {
				return err
			}
			if err := o.parseDocument(after); err != nil {
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
		var (
			v    *release.Version
			doc  *release.DocumentVersions
			also []*release.DocumentVersions
			err  error
		)
		if len(cl.Documents) == 0 && o.document == "" {
			v, err = app.FindVersion(cl, o.version)
		} else {
			v, doc, also, err = app.ResolveNotesVersion(cl, o.version, o.document)
		}
		if err != nil {
			if o.version == release.UnreleasedID && o.document == "" && len(app.DocumentsWithVersion(cl, o.version)) == 0 {
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
		var data []byte
		if doc != nil {
			if o.document == "" {
				fmt.Fprintf(g.streams.Err, "redline: version %s of %s (no version of the repository has that id)\n", v.ID, doc.Path)
			}
			data, err = render.DocumentNotes(cl, doc, v.ID, lang)
		} else {
			if len(also) > 0 {
				var paths []string
				for _, d := range also {
					paths = append(paths, d.Path)
				}
				has := "has"
				if len(also) > 1 {
					has = "have"
				}
				fmt.Fprintf(g.streams.Err, "redline: version %s of the repository; %s also %s a version %s: redline notes %s -- %s for it\n",
					v.ID, strings.Join(paths, ", "), has, o.version, o.version, paths[0])
			}
			data, err = render.Notes(cl, v.ID, lang)
		}
		if err != nil {
			return err
		}
		_, err = g.streams.Out.Write(data)
		return err
	})
}
