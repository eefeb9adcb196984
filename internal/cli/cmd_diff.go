package cli

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/render"
)

// outputOptions are the flags of the commands that print a diff.
type outputOptions struct {
	format          string // text, json, markdown
	exitCode        bool
	substantiveOnly bool
}

func (o *outputOptions) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "text", "output format: text, json or markdown")
	f.BoolVar(&o.exitCode, "exit-code", false, "exit 1 when there is a substantive change")
	f.BoolVar(&o.substantiveOnly, "substantive-only", false, "leave editorial changes out of the text view")
}

func (o *outputOptions) validate() error {
	switch o.format {
	case "text", "json", "markdown":
		return nil
	}
	return &exitError{code: ExitUsage, err: errorf("use --format text, json or markdown", "unknown format %q", o.format)}
}

// print writes a diff in the chosen format and turns --exit-code into a status.
func (o *outputOptions) print(g *globalOptions, d classify.Diff) error {
	var err error
	switch o.format {
	case "json":
		err = render.JSON(g.streams.Out, d)
	case "markdown":
		err = render.DiffMarkdown(g.streams.Out, d)
	default:
		color, cerr := g.useColor()
		if cerr != nil {
			return cerr
		}
		err = render.DiffText(g.streams.Out, d, render.TextOptions{Color: color, Editorial: !o.substantiveOnly})
	}
	if err != nil {
		return err
	}
	if o.exitCode && d.Class == classify.Substantive {
		return status(ExitChanges)
	}
	return nil
}

type diffOptions struct {
	outputOptions
	args    []string // before --
	paths   []string // after --
	pageURL string   // two files: the public URL of the page they are versions of
}

func newDiffCmd(g *globalOptions) *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff [flags] OLD NEW | REV-A REV-B | REV [-- PATH...]",
		Short: "Compare two documents, or the tracked documents at two revisions",
		Long: `Compare two Markdown files (no git needed), the tracked documents at two
revisions, or at one revision and the work tree. Paragraphs are aligned
(reflow ignored, moves, splits and merges detected), changed paragraphs are
diffed word by word, and every change is classified as substantive or
editorial with its reasons.` + exitStatus,
		Example: `  redline diff old.md new.md
  redline diff HEAD~3 HEAD -- content/dpia
  redline diff 2.0 2.5                    # two versions, by id
  redline diff HEAD                       # HEAD against the work tree
  redline diff --format json old.md new.md
  redline diff --page-url https://docs.altinn.studio/nb/dpia/summary/ old.md new.md
  redline diff --exit-code main HEAD      # gate a pull request on substance`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.args, o.paths = splitDash(cmd, args)
			if err := o.validate(); err != nil {
				return err
			}
			return runDiff(cmd, g, o)
		},
	}
	o.register(cmd)
	cmd.Flags().StringVar(&o.pageURL, "page-url", "", "two files: the public URL of the page, against which relative links resolve")
	return cmd
}

// splitDash separates the arguments before and after `--`.
func splitDash(cmd *cobra.Command, args []string) (before, after []string) {
	if n := cmd.ArgsLenAtDash(); n >= 0 {
		return args[:n], args[n:]
	}
	return args, nil
}

func runDiff(cmd *cobra.Command, g *globalOptions, o *diffOptions) error {
	switch len(o.args) {
	case 1, 2:
	default:
		return &exitError{code: ExitUsage, err: errorf("give two files, two revisions, or one revision to compare with the work tree",
			"diff takes one or two arguments, got %d", len(o.args))}
	}
	if len(o.args) == 2 && len(o.paths) == 0 && (looksLikeFile(o.args[0]) || looksLikeFile(o.args[1])) {
		return diffFiles(g, o)
	}
	return diffRevisions(cmd, g, o)
}

// looksLikeFile says whether an argument names a file rather than a
// revision: an existing regular file, or a Markdown file name.
func looksLikeFile(p string) bool {
	if fi, err := os.Stat(p); err == nil {
		return fi.Mode().IsRegular()
	}
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".md" || ext == ".markdown"
}

func diffFiles(g *globalOptions, o *diffOptions) error {
	cfg, err := g.loadConfig("")
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	r, err := rules(cfg)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	g.noteLexicons(r)
	if o.pageURL != "" {
		if u, err := url.Parse(o.pageURL); err != nil || !u.IsAbs() {
			return &exitError{code: ExitUsage, err: errorf("give an absolute URL, such as https://docs.altinn.studio/nb/dpia/summary/", "--page-url %q is not an absolute URL", o.pageURL)}
		}
		r.SetPageURL(func(string, string) string { return o.pageURL }, "--page-url "+o.pageURL)
	}
	read := func(p string) ([]byte, error) { return readDocument(p, g.limits.MaxBytes) }
	oldData, err := read(o.args[0])
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	newData, err := read(o.args[1])
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	r.Limits = g.limits
	dd, err := r.Compare(o.args[0], oldData, o.args[1], newData)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	dd.Status = "modified"
	if dd.Class == classify.None {
		dd.Status = "unchanged"
	}
	d := classify.Diff{Class: dd.Class, Documents: []classify.DocumentDiff{dd}}
	return o.print(g, d)
}

func diffRevisions(cmd *cobra.Command, g *globalOptions, o *diffOptions) error {
	p, err := g.openProject()
	if err != nil {
		return err
	}
	defer p.Close()
	paths := o.paths
	if len(paths) == 0 {
		paths = p.cfg.Paths
	}
	a, err := p.resolve(cmd.Context(), o.args[0])
	if err != nil {
		return err
	}
	if len(o.args) == 1 {
		return diffWorkTree(cmd, g, o, p, a, paths)
	}
	b, err := p.resolve(cmd.Context(), o.args[1])
	if err != nil {
		return err
	}
	rev, err := p.repo.Compare(a, b, paths)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	d, err := p.compare(cmd.Context(), p.repo, rev, nil)
	if err != nil {
		return err
	}
	return o.print(g, d)
}

// diffWorkTree compares revision a with the work tree, by the engine that
// compares two revisions (history.Repo.CompareWorkTree).
func diffWorkTree(cmd *cobra.Command, g *globalOptions, o *diffOptions, p *project, a history.Hash, paths []string) error {
	if p.repo.Root() == "" {
		return &exitError{code: ExitUsage, err: errorf("give two revisions to compare in a bare repository",
			"%s is a bare repository: there is no work tree to compare %s with", g.repo, o.args[0])}
	}
	rev, read, err := p.repo.CompareWorkTree(a, paths)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	d, err := p.compare(cmd.Context(), p.repo, rev, read)
	if err != nil {
		return err
	}
	return o.print(g, d)
}
