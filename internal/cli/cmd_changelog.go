package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/render"
	"github.com/digdir/redline/internal/safefile"
)

type changelogOptions struct {
	out   string
	check bool
}

func (o *changelogOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "output directory (default: output.dir of the configuration, changelog)")
	cmd.Flags().BoolVar(&o.check, "check", false, "write nothing; exit 1 when the output directory is stale")
}

// parse takes the arguments: none (cobra refuses any first).
func (o *changelogOptions) parse(args []string) error { return noArgs("changelog", args) }

func newChangelogCmd(g *globalOptions) *cobra.Command {
	o := &changelogOptions{}
	cmd := &cobra.Command{
		Use:   "changelog [--out DIR] [--check]",
		Short: "Write the published changelog from history",
		Long: `Write the changelog of the tracked documents, generated from history and the
versions file: a Hugo page per language, changelog.json (the value every
other output is rendered from), an Atom feed per language and a
self-contained HTML redline report.

Output is deterministic: the same history gives byte-identical files. Each
file is written atomically. With --check nothing is written; redline exits 1
naming the files that differ from what the history produces.` + exitStatus,
		Example: `  redline changelog
  redline changelog --out /tmp/changelog
  redline changelog --check            # in CI: fail when changelog/ is stale`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.parse(args); err != nil {
				return err
			}
			return runChangelog(cmd.Context(), g, o)
		},
	}
	o.register(cmd)
	return cmd
}

func runChangelog(ctx context.Context, g *globalOptions, o *changelogOptions) error {
	return withChangelog(ctx, g, func(a *app.App, cl *release.Changelog) error {
		files, err := a.Outputs(cl)
		if err != nil {
			return usage(err)
		}
		dir, shown, err := a.OutputDir(o.out)
		if err != nil {
			return usage(err)
		}
		if o.check {
			return checkOutputs(g, dir, shown, files, cl)
		}
		// What differs is what a write changes; when nothing does, nothing
		// is written, so the files keep their times.
		stale, err := render.Stale(dir, files)
		if err != nil {
			return err
		}
		if len(stale) == 0 {
			fmt.Fprintf(g.streams.Err, "redline: %s is up to date (%s)\n", shown, plural(len(files), "file"))
			return nil
		}
		if err := render.Write(dir, files); err != nil {
			return err
		}
		s, e := totals(cl)
		fmt.Fprintf(g.streams.Err, "redline: wrote %d of %s to %s: %s, %d substantive and %d editorial %s\n",
			len(stale), plural(len(files), "file"), shown, plural(len(cl.Versions), "version"), s, e, pluralWord(s+e, "change"))
		return nil
	})
}

// checkOutputs compares the files with those in dir, which messages call
// shown (the path as the user gave it).
func checkOutputs(g *globalOptions, dir, shown string, files []render.File, cl *release.Changelog) error {
	stale, err := render.Stale(dir, files)
	if err != nil {
		return err
	}
	if len(stale) == 0 {
		fmt.Fprintf(g.streams.Err, "redline: %s is up to date (%s)\n", shown, plural(len(files), "file"))
		return nil
	}
	for _, s := range stale {
		fmt.Fprintf(g.streams.Err, "redline: stale: %s\n", filepath.Join(shown, filepath.FromSlash(s)))
	}
	if why := lexiconDifference(dir, files, cl.Lexicons); why != "" {
		fmt.Fprintf(g.streams.Err, "redline: %s\n", why)
		fmt.Fprintf(g.streams.Err, "hint: install the same lexicons (redline check lists them) or regenerate with these\n")
		return status(ExitChanges)
	}
	fmt.Fprintf(g.streams.Err, "hint: run 'redline changelog' (or 'make changelog') and commit the result\n")
	return status(ExitChanges)
}

// lexiconDifference compares the lexicons the changelog.json published in
// dir was made with against those in use now, and says how they differ;
// "" when they agree or the file cannot tell. Only a regular file is
// read, and only up to twice the size of the one made now (a published
// one from the same history is about as large): what it says is advice.
func lexiconDifference(dir string, files []render.File, now []string) string {
	i := slices.IndexFunc(files, func(f render.File) bool { return f.Path == "changelog.json" })
	if i < 0 {
		return ""
	}
	data, err := safefile.ReadFileIn(dir, "changelog.json", 2*int64(len(files[i].Data))+safefile.MaxConfigBytes)
	if err != nil {
		return ""
	}
	var old struct {
		Lexicons []string `json:"lexicons"`
	}
	if json.Unmarshal(data, &old) != nil || slices.Equal(old.Lexicons, now) {
		return ""
	}
	var gone, added []string
	for _, l := range old.Lexicons {
		if !slices.Contains(now, l) {
			gone = append(gone, l)
		}
	}
	for _, l := range now {
		if !slices.Contains(old.Lexicons, l) {
			added = append(added, l)
		}
	}
	msg := "the lexicons differ from those the published changelog was made with, which changes what can be proven editorial"
	if len(gone) > 0 {
		msg += "; missing here: " + strings.Join(gone, ", ")
	}
	if len(added) > 0 {
		msg += "; new here: " + strings.Join(added, ", ")
	}
	return msg
}

func totals(cl *release.Changelog) (substantive, editorial int) {
	for _, v := range cl.Versions {
		substantive += v.Counts.Substantive
		editorial += v.Counts.Editorial
	}
	return substantive, editorial
}

// withChangelog opens the project, builds the changelog from the whole
// history and runs fn on it: the start of every command that publishes.
func withChangelog(ctx context.Context, g *globalOptions, fn func(*app.App, *release.Changelog) error) error {
	a, err := g.open()
	if err != nil {
		return err
	}
	defer a.Close()
	cl, err := a.Changelog(ctx)
	if err != nil {
		return usage(err)
	}
	return fn(a, cl)
}
