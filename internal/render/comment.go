package render

import (
	"bytes"
	"fmt"
	"io"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
)

// GitHub refuses a pull-request comment longer than 65,536 characters.
// DefaultCommentChars leaves room under it for what a bot adds around the
// comment.
const (
	GitHubCommentLimit  = 65536
	DefaultCommentChars = 60000
)

// CommentOptions shape a diff as a pull-request comment.
type CommentOptions struct {
	// MaxChars is the most the comment may take, counted in bytes (never
	// fewer than GitHub's characters); 0 is DefaultCommentChars.
	MaxChars int
	// Command shows every change; the comment names it when some had to
	// be left out.
	Command string
}

// DiffComment writes a diff as a pull-request comment: a one-line summary
// of the counts, then what DiffMarkdown writes. When that would be longer
// than o.MaxChars, the changes are written substantive first, cut at a
// change, and a last line says how many were left out and which command
// shows them all.
func DiffComment(w io.Writer, d classify.Diff, o CommentOptions) error {
	max := o.MaxChars
	if max <= 0 {
		max = DefaultCommentChars
	}
	var full bytes.Buffer
	if err := DiffMarkdown(&full, d); err != nil {
		return err
	}
	docs := commentDocs(d)
	sub, ed := 0, 0
	for _, doc := range docs {
		for _, ch := range doc.Changes {
			switch ch.Class {
			case classify.Substantive:
				sub++
			case classify.Editorial:
				ed++
			}
		}
	}
	summary := commentSummary(sub, ed, len(docs))
	// DiffMarkdown's first line is its own summary: ours replaces it.
	rest := full.Bytes()
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[i+1:]
	}
	if len(summary)+1+len(rest) <= max {
		out := append([]byte(summary+"\n"), rest...)
		_, err := w.Write(out)
		return err
	}
	_, err := w.Write(cutComment(docs, summary, sub+ed, max, o.Command))
	return err
}

// commentDocs are the documents DiffMarkdown shows.
func commentDocs(d classify.Diff) []*classify.DocumentDiff {
	var docs []*classify.DocumentDiff
	for i := range d.Documents {
		doc := &d.Documents[i]
		if doc.Status == "unchanged" && len(doc.Changes) == 0 && len(doc.Notes) == 0 {
			continue
		}
		docs = append(docs, doc)
	}
	return docs
}

// commentSummary is the comment's first line.
func commentSummary(sub, ed, docs int) string {
	if docs == 0 {
		return "**redline:** no changes"
	}
	s := "**redline:** "
	switch {
	case sub+ed == 0:
		s += "no changes to the text"
	default:
		s += fmt.Sprintf("%s substantive, %s editorial %s", present.Grouped(int64(sub)), present.Grouped(int64(ed)), countWord(sub+ed, "change", "changes"))
	}
	return s + fmt.Sprintf(" in %s %s", present.Grouped(int64(docs)), countWord(docs, "document", "documents"))
}

func countWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// cutComment writes the comment within max bytes: the summary, as much of
// the table of documents as fits in a quarter of the room, the substantive
// changes document by document, then the editorial ones, stopping at the
// first change that does not fit; then the line on what was left out.
func cutComment(docs []*classify.DocumentDiff, summary string, total, max int, command string) []byte {
	l := labelsFor("en")
	piece := func(f func(m *mdWriter)) []byte {
		m := &mdWriter{b: &bytes.Buffer{}, l: l}
		f(m)
		return m.b.Bytes()
	}
	var out bytes.Buffer
	out.WriteString(summary + "\n\n")
	last := func(shown int) string {
		s := fmt.Sprintf("**%s of %s changes left out** to keep this comment under %s characters",
			present.Grouped(int64(total-shown)), present.Grouped(int64(total)), present.Grouped(int64(max)))
		if command != "" {
			s += "; see them all with: " + mdText(command)
		}
		return s + "\n"
	}
	// The room for the changes, with the closing line's at its longest.
	room := max - len(last(0)) - 1

	// The table, or as much of it as takes a quarter of the room.
	table := []byte("| Document | Status | Class |\n| --- | --- | --- |\n")
	more := func(n int) string { return fmt.Sprintf("| … and %s more | | |\n", present.Grouped(int64(n))) }
	for i, doc := range docs {
		path := mdText(doc.Path)
		if doc.OldPath != "" {
			path = mdText(doc.OldPath) + " → " + path
		}
		row := fmt.Sprintf("| %s | %s | %s |\n", path, mdText(doc.Status), mdText(string(doc.Class)))
		need := len(row)
		if i < len(docs)-1 {
			need += len(more(len(docs) - i - 1))
		}
		if len(table)+need > room/4 {
			table = append(table, more(len(docs)-i)...)
			break
		}
		table = append(table, row...)
	}
	out.Write(table)
	out.WriteString("\n")

	shown := 0
	fits := func(b []byte) bool { return out.Len()+len(b) <= room }
	cut := false
	for _, doc := range docs {
		var sub []ref
		for k := range doc.Changes {
			if doc.Changes[k].Class == classify.Substantive {
				sub = append(sub, ref{doc: doc, ch: &doc.Changes[k]})
			}
		}
		if len(sub) == 0 && len(doc.Notes) == 0 {
			continue
		}
		head := piece(func(m *mdWriter) {
			m.heading(4, mdStart(doc.Path), "")
			for _, n := range doc.Notes {
				m.p("> %s\n\n", mdStart(n))
			}
		})
		if !fits(head) {
			cut = true
			break
		}
		out.Write(head)
		for _, r := range sub {
			b := piece(func(m *mdWriter) { m.substantive(r) })
			if !fits(b) {
				cut = true
				break
			}
			out.Write(b)
			shown++
		}
		if cut {
			break
		}
	}
	for _, doc := range docs {
		if cut {
			break
		}
		var ed []ref
		for k := range doc.Changes {
			if doc.Changes[k].Class == classify.Editorial {
				ed = append(ed, ref{doc: doc, ch: &doc.Changes[k]})
			}
		}
		if len(ed) == 0 {
			continue
		}
		// The most of this document's editorial changes that fit: a
		// longer run never renders shorter.
		lo, hi := 0, len(ed)
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if fits(piece(func(m *mdWriter) { m.editorial(ed[:mid]) })) {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		out.Write(piece(func(m *mdWriter) { m.editorial(ed[:lo]) }))
		shown += lo
		cut = lo < len(ed)
	}
	b := append(bytes.TrimRight(out.Bytes(), "\n"), '\n')
	if shown < total {
		b = append(append(b, '\n'), last(shown)...)
	}
	return b
}
