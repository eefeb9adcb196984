package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
)

// TextOptions shape the terminal views.
type TextOptions struct {
	// Color turns on ANSI colours. The CLI decides (a terminal, and no
	// NO_COLOR); without it the output is plain text with git's
	// --word-diff markers, safe to pipe and to paste.
	Color bool
	// Width wraps the explanations and word diffs to this many columns
	// when > 0.
	Width int
	// Editorial shows editorial changes. The CLI's default is true; the
	// zero value hides them, so callers set it on purpose.
	Editorial bool
}

// The only escape sequences the terminal views ever write. Everything that
// comes from a document, a commit or an author passes through termSafe, so
// a test can check that no other sequence reaches the terminal.
const (
	sgrReset       = "\x1b[0m"
	sgrBold        = "\x1b[1m"
	sgrSubstantive = "\x1b[1;31m" // red, bold
	sgrEditorial   = "\x1b[2;36m" // dim cyan
	sgrDelete      = "\x1b[9;31m" // red, struck through
	sgrInsert      = "\x1b[32m"   // green
	sgrHash        = "\x1b[33m"   // yellow, as git log colours hashes
)

// termSafe makes text from outside printable without letting it drive the
// terminal: C0 and C1 controls, DEL and the bidirectional overrides that
// can reorder what a reader sees are shown as visible escapes (`\x1b`,
// `\u202e`), and invalid UTF-8 becomes U+FFFD. In running text (oneLine
// false) tabs and line breaks become spaces, since the view reflows text;
// in one-line fields they are shown as escapes, so a crafted author name or
// subject cannot fake a line of its own.
func termSafe(s string, oneLine bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case (r == '\n' || r == '\r' || r == '\t') && !oneLine:
			b.WriteByte(' ')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// frag is a run of text in one style: "" plain, else one of the sgr
// constants.
type frag struct {
	text, sgr string
}

// termWriter writes the terminal views, remembering the first error so
// that the layout code reads straight.
type termWriter struct {
	w     *bufio.Writer
	color bool
	width int
}

func (t *termWriter) style(sgr, s string) string {
	if !t.color || sgr == "" || s == "" {
		return s
	}
	return sgr + s + sgrReset
}

func (t *termWriter) line(s string) {
	t.w.WriteString(s)
	t.w.WriteByte('\n')
}

// para lays out styled fragments as a paragraph indented by indent spaces
// and wrapped to the width. Words are never broken: a word longer than
// the line gets a line to itself.
func (t *termWriter) para(indent int, frags []frag) {
	type part struct{ text, sgr string }
	type word struct {
		parts    []part
		width    int
		spaceSGR string // style of the space before the word
	}
	var words []word
	var cur *word
	spaceSGR := ""
	// Words are cut out of the fragments as substrings, never grown a rune
	// at a time: a single 5 MB paragraph would otherwise take quadratic
	// time. Parts of one style are joined when the lines are built.
	for _, f := range frags {
		for s := f.text; s != ""; {
			if s[0] == ' ' {
				cur = nil
				spaceSGR = f.sgr
				s = s[1:]
				continue
			}
			n := strings.IndexByte(s, ' ')
			if n < 0 {
				n = len(s)
			}
			if cur == nil {
				words = append(words, word{spaceSGR: spaceSGR})
				cur = &words[len(words)-1]
				spaceSGR = ""
			}
			cur.parts = append(cur.parts, part{s[:n], f.sgr})
			cur.width += utf8.RuneCountInString(s[:n])
			s = s[n:]
		}
	}
	if len(words) == 0 {
		return
	}
	// Lines are built as styled pieces, then runs of one style are joined
	// so that each run opens and resets its colour once, and no colour
	// runs over a line break into the next line's indentation.
	var lines [][]part
	var cur2 []part
	col := 0
	for i, w := range words {
		switch {
		case i == 0:
			col = indent
		case t.width > 0 && col+1+w.width > t.width:
			lines = append(lines, cur2)
			cur2 = nil
			col = indent
		default:
			// A space inside a deletion or insertion keeps its style, so
			// a struck-through phrase reads as one.
			cur2 = append(cur2, part{" ", w.spaceSGR})
			col++
		}
		cur2 = append(cur2, w.parts...)
		col += w.width
	}
	lines = append(lines, cur2)
	pad := strings.Repeat(" ", indent)
	for _, ln := range lines {
		var b strings.Builder
		b.WriteString(pad)
		for i := 0; i < len(ln); {
			var run strings.Builder
			j := i
			for ; j < len(ln) && ln[j].sgr == ln[i].sgr; j++ {
				run.WriteString(ln[j].text)
			}
			b.WriteString(t.style(ln[i].sgr, run.String()))
			i = j
		}
		t.line(b.String())
	}
}

// wordDiff turns word operations into fragments: coloured, or marked as
// git --word-diff=plain does. Spaces at the edges of a changed run are
// kept outside the markers so that `[-old-]` hugs its words.
func (t *termWriter) wordDiff(sp []align.Span) []frag {
	var out []frag
	for _, s := range sp {
		txt := termSafe(s.Text, false)
		if s.Op == align.SpanEqual || strings.TrimSpace(txt) == "" {
			out = append(out, frag{text: txt})
			continue
		}
		core := strings.TrimSpace(txt)
		lead := txt[:strings.Index(txt, core)]
		trail := txt[len(lead)+len(core):]
		open, shut, sgr := "{+", "+}", sgrInsert
		if s.Op == align.SpanDelete {
			open, shut, sgr = "[-", "-]", sgrDelete
		}
		out = append(out, frag{text: lead})
		if t.color {
			out = append(out, frag{text: core, sgr: sgr})
		} else {
			out = append(out, frag{text: open + core + shut})
		}
		out = append(out, frag{text: trail})
	}
	return out
}

func (t *termWriter) badge(c classify.Class) string {
	sgr := ""
	switch c {
	case classify.Substantive:
		sgr = sgrSubstantive
	case classify.Editorial:
		sgr = sgrEditorial
	}
	return t.style(sgr, "["+termSafe(string(c), true)+"]")
}

// DiffText writes the terminal view of a diff: each document headed by its
// path and class, each change by its class, section, anchor, operation,
// reasons and explanation, then its word diff.
func DiffText(w io.Writer, d classify.Diff, opt TextOptions) error {
	t := &termWriter{w: bufio.NewWriter(w), color: opt.Color, width: opt.Width}
	shown := 0
	for i := range d.Documents {
		doc := &d.Documents[i]
		if doc.Status == "unchanged" && len(doc.Changes) == 0 && len(doc.Notes) == 0 {
			continue
		}
		if shown > 0 {
			t.line("")
		}
		shown++
		head := t.style(sgrBold, termSafe(doc.Path, true)) + "  " + t.badge(doc.Class) + "  " + termSafe(doc.Status, true)
		t.line(head)
		if doc.OldPath != "" {
			t.line("  renamed from " + termSafe(doc.OldPath, true))
		}
		if doc.TranslationOf != "" {
			t.line("  translation of " + termSafe(doc.TranslationOf, true))
		}
		for _, n := range doc.Notes {
			t.para(2, []frag{{text: "note: " + termSafe(n, false)}})
		}
		hidden := false
		for j := range doc.Changes {
			ch := &doc.Changes[j]
			if ch.Class == classify.Editorial && !opt.Editorial {
				hidden = true
				continue
			}
			t.line("")
			head := "  " + t.badge(ch.Class)
			if len(ch.Section) > 0 {
				head += " " + termSafe(present.SectionPath(ch.Section), true)
			}
			if ch.Anchor != "" {
				head += "  #" + termSafe(ch.Anchor, true)
			}
			head += "  (" + termSafe(string(ch.Op), true) + ")"
			t.line(head)
			if len(ch.Reasons) > 0 {
				t.para(4, []frag{{text: "reasons: " + termSafe(strings.Join(ch.Reasons, ", "), false)}})
			}
			if len(ch.Topics) > 0 {
				t.para(4, []frag{{text: "topics: " + termSafe(strings.Join(ch.Topics, ", "), false)}})
			}
			if ch.Override != nil {
				t.para(4, []frag{{text: termSafe(labelsFor("en").OverrideLine(ch.Override), false)}})
			}
			if ch.Explanation != "" {
				t.para(4, []frag{{text: termSafe(ch.Explanation, false)}})
			}
			if ch.Significance > 0 {
				t.para(4, []frag{{text: fmt.Sprintf("significance: %.2f", ch.Significance)}})
			}
			for _, p := range ch.Proofs {
				t.para(4, []frag{{text: termSafe(proofLine(p), false)}})
			}
			if sp := present.Spans(ch); len(sp) > 0 {
				t.line("")
				t.para(4, t.wordDiff(sp))
			}
		}
		if hidden {
			t.line("")
			t.line("  " + t.style(sgrEditorial, "(editorial changes hidden)"))
		}
	}
	if shown == 0 {
		t.line("no changes")
	}
	return t.w.Flush()
}

// LogText writes one line per entry, in the order given (the history stage
// lists newest first): short hash, date, author, class, documents changed,
// substantive/editorial change counts and subject.
func LogText(w io.Writer, entries []changes.Entry, opt TextOptions) error {
	t := &termWriter{w: bufio.NewWriter(w), color: opt.Color, width: opt.Width}
	// Authors are padded to the widest name (at most authorMax) so the
	// classes line up; longer names are cut with an ellipsis.
	const authorMax = 24
	authorW := 0
	for i := range entries {
		authorW = max(authorW, min(authorMax, utf8.RuneCountInString(termSafe(entries[i].Author, true))))
	}
	for i := range entries {
		e := &entries[i]
		// Entries carry no per-class tally, so the line counts the
		// changes it lists; the classes themselves are the value's.
		docs, s, ed := 0, 0, 0
		for _, d := range e.Documents {
			if d.Status != "unchanged" || len(d.Changes) > 0 {
				docs++
			}
			for _, c := range d.Changes {
				switch c.Class {
				case classify.Substantive:
					s++
				case classify.Editorial:
					ed++
				}
			}
		}
		author := fit(termSafe(e.Author, true), authorW)
		cls := string(e.Class)
		if cls == "" {
			cls = string(classify.None)
		}
		cls = termSafe(cls, true)
		hash := termSafe(present.ShortHash(e.Commit), true)
		date := e.Date.Format("2006-01-02")
		unit := "docs"
		if docs == 1 {
			unit = "doc"
		}
		docCol := fit(fmt.Sprintf("%d %s", docs, unit), 7)
		counts := fmt.Sprintf("S%d/E%d", s, ed)
		plain := fmt.Sprintf("%s %s %s  %s  %s  %s  ", hash, date, author, fit(cls, 11), docCol, counts)
		subject := termSafe(e.Subject, true)
		if opt.Width > 0 {
			subject = fit(subject, max(opt.Width-utf8.RuneCountInString(plain), 1))
		}
		prefix := fmt.Sprintf("%s %s %s  %s  %s  %s  ", t.style(sgrHash, hash), date, author,
			t.style(classSGR(e.Class), cls)+strings.Repeat(" ", max(0, 11-utf8.RuneCountInString(cls))), docCol, counts)
		t.line(strings.TrimRight(prefix+subject, " "))
	}
	return t.w.Flush()
}

func classSGR(c classify.Class) string {
	switch c {
	case classify.Substantive:
		return sgrSubstantive
	case classify.Editorial:
		return sgrEditorial
	}
	return ""
}

// fit pads s with spaces to n runes, or cuts it to n-1 runes and an
// ellipsis.
func fit(s string, n int) string {
	c := utf8.RuneCountInString(s)
	if c <= n {
		return s + strings.Repeat(" ", n-c)
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// proofLine says what one proof covers and what it rests on:
// "proof: spelling: personopplysingner -> personopplysninger (hunspell nb_NO)".
func proofLine(p classify.Proof) string {
	side := func(s string) string {
		if s == "" {
			return "(nothing)"
		}
		if r := []rune(s); len(r) > 60 {
			return string(r[:60]) + "…"
		}
		return s
	}
	line := "proof: " + p.Kind + ": " + side(p.Old) + " -> " + side(p.New)
	if p.By != "" {
		line += " (" + p.By + ")"
	}
	return line
}
