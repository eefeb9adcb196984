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
	"github.com/digdir/redline/internal/release"
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

	root bool // no parent

	// classes are the revision's changes' classes as published, by
	// fingerprint: with Change-Class trailers and overrides applied.
	classes map[string]classify.Class
}

// blameIndex is what the classified history knows of each revision: the
// version it belongs to and the published class of each of its changes.
type blameIndex struct {
	versions map[string]string
	classes  map[string]map[string]classify.Class
}

func indexChangelog(cl *release.Changelog) blameIndex {
	x := blameIndex{versions: map[string]string{}, classes: map[string]map[string]classify.Class{}}
	for _, v := range cl.Versions {
		for _, e := range v.Entries {
			x.versions[e.Commit] = v.ID
			byFP := map[string]classify.Class{}
			for _, d := range e.Documents {
				for _, c := range d.Changes {
					byFP[c.Fingerprint] = c.Class
				}
			}
			x.classes[e.Commit] = byFP
		}
	}
	return x
}

// blameInput is one revision of a document, oldest first in a chain.
type blameInput struct {
	path string
	data []byte
	rev  *blameRev
}

// blameInputs reads the revisions (newest first, as walked) that changed
// path, following renames back, and returns them oldest first; none when
// no revision changed it.
func blameInputs(repo *history.Repo, revs []history.Revision, path string, x blameIndex) ([]blameInput, error) {
	var steps []blameInput
	cur := path
	for _, rev := range revs {
		for _, fc := range rev.Files {
			if fc.NewPath != cur || fc.Status == history.Removed {
				continue
			}
			data, err := repo.Blob(fc.NewBlob)
			if err != nil {
				return nil, err
			}
			h := rev.Hash.String()
			steps = append(steps, blameInput{path: fc.NewPath, data: data,
				rev: &blameRev{Commit: h, Date: rev.Date, Subject: rev.Subject, Version: x.versions[h], classes: x.classes[h], root: len(rev.Parents) == 0}})
			if fc.OldPath != "" {
				cur = fc.OldPath
			}
			break
		}
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return steps, nil
}

// blameChain attributes the paragraphs of the last document of a chain
// (oldest first) with blameStep.
func blameChain(r *classify.Rules, limits document.Limits, steps []blameInput) ([]blameLine, error) {
	var doc *document.Document
	var attr []blameLine
	for _, s := range steps {
		next, err := document.Parse(s.path, s.data, limits)
		if err != nil {
			return nil, fmt.Errorf("%s at %s: %w", s.path, short(s.rev.Commit), err)
		}
		attr = blameStep(r, doc, next, attr, s.rev)
		doc = next
	}
	return attr, nil
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
	var index blameIndex
	if cl, err := p.changelog(cmd.Context()); err == nil {
		index = indexChangelog(cl)
	}
	steps, err := blameInputs(p.repo, log.Revisions, path, index)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	if len(steps) == 0 {
		return &exitError{code: ExitUsage, err: errorf("give a Markdown file under the tracked paths ("+strings.Join(p.cfg.Paths, ", ")+")",
			"%s: no revision up to %s changed this document", path, o.rev)}
	}
	attr, err := blameChain(p.rules, g.limits, steps)
	if err != nil {
		return &exitError{code: ExitUsage, err: err}
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
			d := r.Document(old, next, []align.Op{op})
			class := d.Class
			for _, c := range d.Changes {
				if published, ok := rev.classes[c.Fingerprint]; ok {
					class = published // set by hand in the commit or the overrides file
				}
			}
			if class == classify.Substantive {
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
