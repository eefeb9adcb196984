package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/render"
)

// outputOptions are the flags of the commands that print a diff.
type outputOptions struct {
	format          string // text, json, markdown
	exitCode        bool
	substantiveOnly bool
	maxComment      int    // --max-comment-chars
	command         string // the command line that shows every change, for the comment
}

func (o *outputOptions) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "text", "output format: text, json or markdown")
	f.BoolVar(&o.exitCode, "exit-code", false, "exit 1 when there is a substantive change")
	f.BoolVar(&o.substantiveOnly, "substantive-only", false, "leave editorial changes out of the text view")
	f.IntVar(&o.maxComment, "max-comment-chars", render.DefaultCommentChars, "markdown: cut the changes at one, with a line saying how many were left out, to keep the comment under this many characters (GitHub takes 65,536)")
}

func (o *outputOptions) validate() error {
	switch o.format {
	case "text", "json", "markdown":
		if o.maxComment < 1000 {
			return &exitError{code: ExitUsage, err: errorf("give at least 1000", "--max-comment-chars %d is too small for a comment", o.maxComment)}
		}
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
		err = render.DiffComment(g.streams.Out, d, render.CommentOptions{MaxChars: o.maxComment, Command: o.command})
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

// diffMode is what diff compares.
type diffMode int

const (
	diffRevisions diffMode = iota // two revisions
	diffWorkTree                  // one revision and the work tree
	diffFiles                     // two files, no repository
)

type diffOptions struct {
	outputOptions
	args    []string // before --
	paths   []string // after --
	pageURL string   // two files: the public URL of the page they are versions of
	mode    diffMode
}

func (o *diffOptions) register(cmd *cobra.Command) {
	o.outputOptions.register(cmd)
	cmd.Flags().StringVar(&o.pageURL, "page-url", "", "two files: the public URL of the page, against which relative links resolve")
}

// parse takes the arguments (dash: how many came before `--`, or -1) and
// decides what to compare.
func (o *diffOptions) parse(args []string, dash int) error {
	o.args, o.paths = splitDash(args, dash)
	if err := o.validate(); err != nil {
		return err
	}
	switch len(o.args) {
	case 1:
		o.mode = diffWorkTree
	case 2:
		o.mode = diffRevisions
		if len(o.paths) == 0 && (looksLikeFile(o.args[0]) || looksLikeFile(o.args[1])) {
			o.mode = diffFiles
		}
	default:
		return &exitError{code: ExitUsage, err: errorf("give two files, two revisions, or one revision to compare with the work tree",
			"diff takes one or two arguments, got %d", len(o.args))}
	}
	return nil
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
editorial with its reasons.

Wherever a revision goes, a version id goes too (2.5, v2.5 or unreleased:
the commit that closes the version), and a date YYYY-MM-DD (the last
revision on or before it, a version the versions file dates counting as
made on that date).` + exitStatus,
		Example: `  redline diff old.md new.md
  redline diff HEAD~3 HEAD -- content/dpia
  redline diff 2.0 2.5                    # two versions, by id
  redline diff HEAD                       # HEAD against the work tree
  redline diff --format json old.md new.md
  redline diff --page-url https://docs.altinn.studio/nb/dpia/summary/ old.md new.md
  redline diff --exit-code main HEAD      # gate a pull request on substance`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.parse(args, cmd.ArgsLenAtDash()); err != nil {
				return err
			}
			o.command = commandLine(cmd, o.args, o.paths)
			return runDiff(cmd.Context(), g, o)
		},
	}
	o.register(cmd)
	return cmd
}

// splitDash separates the arguments before and after `--`; dash is how
// many came before it (cobra's ArgsLenAtDash), or -1 without one.
func splitDash(args []string, dash int) (before, after []string) {
	if dash >= 0 && dash <= len(args) {
		return args[:dash], args[dash:]
	}
	return args, nil
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

func runDiff(ctx context.Context, g *globalOptions, o *diffOptions) error {
	return quiet(g.paged(func(g *globalOptions) error { return runDiffPaged(ctx, g, o) }))
}

func runDiffPaged(ctx context.Context, g *globalOptions, o *diffOptions) error {
	if o.mode == diffFiles {
		d, err := app.DiffFiles(g.appOptions(), o.args[0], o.args[1], o.pageURL)
		if err != nil {
			return usage(err)
		}
		return o.print(g, d)
	}
	a, err := g.open(o.paths...)
	if err != nil {
		return err
	}
	defer a.Close()
	var d classify.Diff
	if o.mode == diffWorkTree {
		d, err = a.DiffWorkTree(ctx, o.args[0], o.paths)
	} else {
		d, err = a.Diff(ctx, o.args[0], o.args[1], o.paths)
	}
	if err != nil {
		return usage(err)
	}
	return o.print(g, d)
}

// commandLine is the command that shows what a command line shows, in the
// terminal view: its name, the arguments and the paths after --, quoted
// for a POSIX shell where they need it.
func commandLine(cmd *cobra.Command, args, paths []string) string {
	words := []string{cmd.CommandPath()}
	if f := cmd.Flags().Lookup("repo"); f != nil && f.Changed {
		words = append(words, "-C", shellQuote(f.Value.String()))
	}
	for _, a := range args {
		words = append(words, shellQuote(a))
	}
	if len(paths) > 0 {
		words = append(words, "--")
		for _, p := range paths {
			words = append(words, shellQuote(p))
		}
	}
	return strings.Join(words, " ")
}

// shellQuote quotes s in single quotes unless it is made only of
// characters no shell treats specially.
func shellQuote(s string) string {
	if s != "" && s[0] != '~' && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./~^:@=+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
