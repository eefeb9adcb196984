package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/render"
)

type blameOptions struct {
	file   string
	rev    string
	format string
}

// blameLine is one paragraph of the blamed page, with the revisions that
// last changed it at all and in substance.
type blameLine struct {
	Kind        document.Kind `json:"kind"`
	Lines       [2]int        `json:"lines"`
	Anchor      string        `json:"anchor"`
	Text        string        `json:"text"`
	Changed     *blameRev     `json:"changed"`
	Substantive *blameRev     `json:"substantive"`
}

type blameRev struct {
	Commit  string    `json:"commit"`
	Date    time.Time `json:"date"`
	Subject string    `json:"subject"`
	Version string    `json:"version,omitempty"`
}

func newBlameCmd(g *globalOptions) *cobra.Command {
	o := &blameOptions{}
	cmd := &cobra.Command{
		Use:   "blame FILE [--rev REV]",
		Short: "Show, per paragraph, the revision that last changed it in substance",
		Long: `For each paragraph of a tracked document, show the revision (and version) that
last changed it substantively and the one that last changed it at all.
Renames are followed; reflowed and moved paragraphs keep their history.` + exitStatus,
		Example: `  redline blame content/dpia/summary/_index.nb.md
  redline blame content/dpia/summary/_index.nb.md --rev HEAD~2 --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			if o.format != "text" && o.format != "json" {
				return &exitError{code: ExitUsage, err: errorf("use --format text or json", "unknown format %q", o.format)}
			}
			return runBlame(cmd, g, o)
		},
	}
	cmd.Flags().StringVar(&o.rev, "rev", "HEAD", "the revision to blame")
	cmd.Flags().StringVarP(&o.format, "format", "f", "text", "output format: text or json")
	return cmd
}

func runBlame(cmd *cobra.Command, g *globalOptions, o *blameOptions) error {
	p, err := g.openProject()
	if err != nil {
		return err
	}
	defer p.Close()
	path := filepath.ToSlash(o.file)
	if root := p.repo.Root(); root != "" && filepath.IsAbs(o.file) {
		if rel, err := filepath.Rel(root, o.file); err == nil {
			path = filepath.ToSlash(rel)
		}
	}
	log, err := p.walk(cmd.Context(), o.rev, nil, false)
	if err != nil {
		return err
	}
	// Follow the document back through renames to its first revision.
	var chain []history.Revision
	var changes []history.FileChange
	cur := path
	for _, rev := range log.Revisions {
		for _, fc := range rev.Files {
			if fc.NewPath != cur || fc.Status == "removed" {
				continue
			}
			chain = append(chain, rev)
			changes = append(changes, fc)
			if fc.OldPath != "" {
				cur = fc.OldPath
			}
			break
		}
	}
	if len(chain) == 0 {
		return &exitError{code: ExitUsage, err: errorf("give a Markdown file under the tracked paths ("+strings.Join(p.cfg.Paths, ", ")+")",
			"%s: no revision up to %s changed this document", path, o.rev)}
	}

	versions := map[string]string{}
	if cl, err := p.changelog(cmd.Context()); err == nil {
		for _, v := range cl.Versions {
			for _, e := range v.Entries {
				versions[e.Commit] = v.ID
			}
		}
	}

	var doc *document.Document
	var attr []blameLine
	for i := len(chain) - 1; i >= 0; i-- {
		rev, fc := chain[i], changes[i]
		data, err := p.repo.Blob(fc.NewBlob)
		if err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
		next, err := document.Parse(fc.NewPath, data, g.limits)
		if err != nil {
			return &exitError{code: ExitUsage, err: fmt.Errorf("%s at %s: %w", fc.NewPath, short(rev.Hash.String()), err)}
		}
		br := &blameRev{Commit: rev.Hash.String(), Date: rev.Date, Subject: rev.Subject, Version: versions[rev.Hash.String()]}
		attr = blameStep(p.rules, doc, next, attr, br)
		doc = next
	}
	if o.format == "json" {
		return render.JSON(g.streams.Out, attr)
	}
	tw := tabwriter.NewWriter(g.streams.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LINES\tSUBSTANCE\tCHANGED\tPARAGRAPH")
	for _, a := range attr {
		fmt.Fprintf(tw, "%d-%d\t%s\t%s\t%s\n", a.Lines[0], a.Lines[1], revLabel(a.Substantive), revLabel(a.Changed), excerpt(a.Text, 60))
	}
	return tw.Flush()
}

func revLabel(r *blameRev) string {
	if r == nil {
		return "-"
	}
	s := short(r.Commit)[:7] + " " + r.Date.UTC().Format("2006-01-02")
	if r.Version != "" {
		s += " v" + r.Version
	}
	return s
}

// blameStep carries the attribution of old's blocks over to next's blocks.
func blameStep(r *classify.Rules, old, next *document.Document, prev []blameLine, rev *blameRev) []blameLine {
	out := make([]blameLine, len(next.Blocks))
	for i, b := range next.Blocks {
		out[i] = blameLine{Kind: b.Kind, Lines: [2]int{b.Line, b.EndLine}, Anchor: b.Anchor, Text: b.Text, Changed: rev, Substantive: rev}
	}
	if old == nil {
		return out
	}
	for _, op := range align.Blocks(old.Blocks, next.Blocks, align.DefaultOptions()) {
		if len(op.New) == 0 || len(op.Old) == 0 {
			continue // added blocks keep rev; removed ones are gone
		}
		latest := prev[op.Old[0]]
		for _, o := range op.Old[1:] {
			if prev[o].Substantive.Date.After(latest.Substantive.Date) {
				latest = prev[o]
			}
		}
		changed, substantive := rev, latest.Substantive
		switch {
		case op.Kind == align.Equal && !op.Reflowed:
			changed = prev[op.Old[0]].Changed
		case op.Kind == align.Equal || (op.Kind == align.Moved && !op.Edited):
			// reflowed or moved: changed now, the substance is older
		default:
			if d := r.Document(old, next, []align.Op{op}); d.Class == classify.Substantive {
				substantive = rev
			}
		}
		for _, n := range op.New {
			out[n].Changed, out[n].Substantive = changed, substantive
		}
	}
	return out
}

// excerpt shortens a paragraph to its first words, on one line.
func excerpt(s string, n int) string {
	// Page text goes to a terminal: control characters (escape sequences,
	// bidirectional overrides) are shown as U+FFFD, never passed through.
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' || unicode.Is(unicode.Bidi_Control, r) {
			return '\uFFFD'
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
