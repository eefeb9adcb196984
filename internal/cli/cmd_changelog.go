package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/render"
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
				dir := o.out
				if dir == "" {
					dir = p.path(p.cfg.Output.Dir)
				}
				if o.check {
					return checkOutputs(g, dir, files, cl)
				}
				if err := render.Write(dir, files); err != nil {
					return err
				}
				s, e := totals(cl)
				fmt.Fprintf(g.streams.Err, "redline: wrote %d files to %s: %d versions, %d substantive and %d editorial changes\n",
					len(files), dir, len(cl.Versions), s, e)
				return nil
			})
		},
	}
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "output directory (default: output.dir of the configuration, changelog)")
	cmd.Flags().BoolVar(&o.check, "check", false, "write nothing; exit 1 when the output directory is stale")
	return cmd
}

func checkOutputs(g *globalOptions, dir string, files []render.File, cl *release.Changelog) error {
	stale, err := render.Stale(dir, files)
	if err != nil {
		return err
	}
	if len(stale) == 0 {
		fmt.Fprintf(g.streams.Err, "redline: %s is up to date (%d files)\n", dir, len(files))
		return nil
	}
	for _, s := range stale {
		fmt.Fprintf(g.streams.Err, "redline: stale: %s\n", filepath.Join(dir, filepath.FromSlash(s)))
	}
	if why := lexiconDifference(filepath.Join(dir, "changelog.json"), cl.Lexicons); why != "" {
		fmt.Fprintf(g.streams.Err, "redline: %s\n", why)
		fmt.Fprintf(g.streams.Err, "hint: install the same lexicons (redline check lists them) or regenerate with these\n")
		return status(ExitChanges)
	}
	fmt.Fprintf(g.streams.Err, "hint: run 'redline changelog' (or 'make changelog') and commit the result\n")
	return status(ExitChanges)
}

// lexiconDifference compares the lexicons a published changelog.json was
// made with against those in use now, and says how they differ; "" when
// they agree or the file cannot tell.
func lexiconDifference(path string, now []string) string {
	data, err := os.ReadFile(path)
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
