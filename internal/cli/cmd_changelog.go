package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/render"
	"github.com/digdir/redline/internal/safefile"
)

type changelogOptions struct {
	out   string
	check bool
}

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
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withChangelog(cmd, g, func(p *project, cl *release.Changelog) error {
				files, err := p.outputs(cl)
				if err != nil {
					return err
				}
				shown := o.out
				if shown == "" {
					shown = p.path(p.cfg.Output.Dir)
				}
				// A committed link on the way (changelog -> ../elsewhere)
				// must not carry the output out of the repository.
				dir, err := safefile.OutputDir(p.repo.Root(), shown)
				if err != nil {
					return &exitError{code: ExitUsage, err: err}
				}
				if o.check {
					return checkOutputs(g, dir, shown, files, cl)
				}
				if err := render.Write(dir, files); err != nil {
					return err
				}
				s, e := totals(cl)
				fmt.Fprintf(g.streams.Err, "redline: wrote %d files to %s: %d versions, %d substantive and %d editorial changes\n",
					len(files), shown, len(cl.Versions), s, e)
				return nil
			})
		},
	}
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "output directory (default: output.dir of the configuration, changelog)")
	cmd.Flags().BoolVar(&o.check, "check", false, "write nothing; exit 1 when the output directory is stale")
	return cmd
}

// checkOutputs compares the files with those in dir, which messages call
// shown (the path as the user gave it).
func checkOutputs(g *globalOptions, dir, shown string, files []render.File, cl *release.Changelog) error {
	stale, err := render.Stale(dir, files)
	if err != nil {
		return err
	}
	if len(stale) == 0 {
		fmt.Fprintf(g.streams.Err, "redline: %s is up to date (%d files)\n", shown, len(files))
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

// outputs renders the changelog into the configured formats.
func (p *project) outputs(cl *release.Changelog) ([]render.File, error) {
	var files []render.File
	for _, format := range p.cfg.Output.Formats {
		switch format {
		case "json":
			var buf bytes.Buffer
			if err := render.JSON(&buf, cl); err != nil {
				return nil, err
			}
			files = append(files, render.File{Path: "changelog.json", Data: buf.Bytes()})
		case "hugo":
			for _, lang := range cl.Languages {
				data, err := render.Hugo(cl, lang)
				if err != nil {
					return nil, err
				}
				files = append(files, render.File{Path: "_index." + lang + ".md", Data: data})
			}
		case "atom":
			for _, lang := range cl.Languages {
				data, err := render.Atom(cl, lang, render.AtomOptions{
					SiteURL:          p.cfg.ChangelogURL(lang),
					IncludeEditorial: p.cfg.Output.AtomEditorial,
				})
				if err != nil {
					return nil, err
				}
				files = append(files, render.File{Path: "feed." + lang + ".xml", Data: data})
			}
		case "html":
			data, err := render.HTML(cl)
			if err != nil {
				return nil, err
			}
			files = append(files, render.File{Path: "report.html", Data: data})
		default:
			return nil, &exitError{code: ExitUsage, err: errorf("use hugo, json, atom or html in output.formats", "%s: unknown output format %q", p.cfg.Path, format)}
		}
	}
	return files, nil
}

// withChangelog opens the project, builds the changelog from the whole
// history and runs fn on it: the start of every command that publishes.
func withChangelog(cmd *cobra.Command, g *globalOptions, fn func(*project, *release.Changelog) error) error {
	p, err := g.openProject()
	if err != nil {
		return err
	}
	defer p.Close()
	cl, err := p.changelog(cmd.Context())
	if err != nil {
		return err
	}
	return fn(p, cl)
}
