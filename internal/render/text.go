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
	"github.com/digdir/redline/internal/present/redline"
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
	pad := strings.Repeat(" ", indent)
	t.hang(pad, pad, frags)
}

// hang is para with a prefix of its own for the first line (a list
// item's bullet) and another for the lines after it, each counted in
// runes towards the width.
func (t *termWriter) hang(first, rest string, frags []frag) {
	indent := utf8.RuneCountInString(first)
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
			col = utf8.RuneCountInString(rest)
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
	for i, ln := range lines {
		var b strings.Builder
		if i == 0 {
			b.WriteString(first)
		} else {
			b.WriteString(rest)
		}
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
// kept outside the markers so that `[-old-]` hugs its words. It shows
// the spans of a change that has no text of its own to read (see
// changeText).
func (t *termWriter) wordDiff(sp []align.Span) []frag {
	var out []frag
	for _, s := range sp {
		txt := termSafe(s.Text, false)
		if s.Op == align.SpanEqual {
			out = append(out, frag{text: txt})
			continue
		}
		out = append(out, t.marked(txt, s.Op == align.SpanInsert)...)
	}
	return out
}

// marked is a changed run of text (already made safe) as fragments:
// coloured, or between git's --word-diff=plain markers, with the spaces
// at its edges outside them.
func (t *termWriter) marked(txt string, insert bool) []frag {
	core := strings.TrimSpace(txt)
	if core == "" {
		return []frag{{text: txt}}
	}
	lead := txt[:strings.Index(txt, core)]
	trail := txt[len(lead)+len(core):]
	open, shut, sgr := "[-", "-]", sgrDelete
	if insert {
		open, shut, sgr = "{+", "+}", sgrInsert
	}
	if t.color {
		return []frag{{text: lead}, {text: core, sgr: sgr}, {text: trail}}
	}
	return []frag{{text: lead}, {text: open + core + shut}, {text: trail}}
}

// changeText writes a change's text as the page shows it, with its
// insertions and deletions marked (redline.Text, the reading the HTML
// outputs are made from): each block a paragraph indented by indent,
// wrapped; a list item after its bullet; a table row as its cells
// between " | "; a line break (<br>) as a new line; a code block's lines
// as they are written. Links are their text, a changed link target is
// named after it, "(old → new)"; code spans keep their backticks.
func (t *termWriter) changeText(indent int, blocks []redline.Block) {
	pad := strings.Repeat(" ", indent)
	for i, b := range blocks {
		if i > 0 && !b.Tight {
			t.line("")
		}
		depth := b.Depth
		if b.Marker != "" {
			depth--
		}
		prefix := pad + strings.Repeat("> ", b.Quote) + strings.Repeat("  ", max(depth, 0))
		first := prefix
		if b.Marker != "" {
			first += termSafe(b.Marker, true) + " "
		}
		rest := prefix + strings.Repeat(" ", utf8.RuneCountInString(first)-utf8.RuneCountInString(prefix))
		switch b.Kind {
		case redline.Rule:
			t.line(first + "---")
		case redline.CodeBlock:
			for j, ln := range codeLines(b.Runs) {
				p := rest
				if j == 0 {
					p = first
				}
				var l strings.Builder
				l.WriteString(p)
				for _, f := range t.runFrags(ln) {
					l.WriteString(t.style(f.sgr, f.text))
				}
				t.line(strings.TrimRight(l.String(), " "))
			}
		case redline.Row:
			t.hang(first, rest, t.runFrags(b.Runs))
		default:
			p := first
			for _, ln := range splitBreaks(b.Runs) {
				t.hang(p, rest, t.runFrags(ln))
				p = rest
			}
		}
	}
}

// splitBreaks cuts a block's runs at its line breaks.
func splitBreaks(runs []redline.Run) [][]redline.Run {
	var out [][]redline.Run
	from := 0
	for i, r := range runs {
		if r.Kind == redline.Break {
			out = append(out, runs[from:i])
			from = i + 1
		}
	}
	return append(out, runs[from:])
}

// codeLines cuts a code block's runs at the line breaks in their text;
// the last line, empty after the block's final line break, goes.
func codeLines(runs []redline.Run) [][]redline.Run {
	var out [][]redline.Run
	var cur []redline.Run
	for _, r := range runs {
		for {
			i := strings.IndexByte(r.Text, '\n')
			if i < 0 {
				break
			}
			if i > 0 {
				cur = append(cur, redline.Run{Op: r.Op, Text: r.Text[:i], Style: r.Style})
			}
			out = append(out, cur)
			cur = nil
			r.Text = r.Text[i+1:]
		}
		if r.Text != "" || r.Kind != redline.Words {
			cur = append(cur, r)
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// runFrags turns runs into fragments: the text made safe (termSafe),
// runs of one mark joined across styles, changed runs marked; a code
// span between backticks, cells between " | ", a line break inside a
// table row as " / ".
func (t *termWriter) runFrags(runs []redline.Run) []frag {
	type piece struct {
		parts []string
		op    redline.Op
	}
	var ps []piece
	add := func(s string, op redline.Op) {
		if s == "" {
			return
		}
		if n := len(ps); n > 0 && ps[n-1].op == op {
			ps[n-1].parts = append(ps[n-1].parts, s)
			return
		}
		ps = append(ps, piece{[]string{s}, op})
	}
	code := false
	for i, r := range runs {
		if c := r.Style&redline.Code != 0; c != code {
			add("`", redline.Equal)
			code = c
		}
		switch r.Kind {
		case redline.Break:
			// Line breaks in a row (<br><br>) read as one.
			if i == 0 || runs[i-1].Kind != redline.Break {
				add(" / ", redline.Equal)
			}
		case redline.Cell:
			add(" | ", redline.Equal)
		default:
			add(termSafe(r.Text, false), r.Op)
		}
	}
	if code {
		add("`", redline.Equal)
	}
	var out []frag
	for _, p := range ps {
		txt := strings.Join(p.parts, "")
		if p.op == redline.Equal {
			out = append(out, frag{text: txt})
			continue
		}
		out = append(out, t.marked(txt, p.op == redline.Insert)...)
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
			if blocks := redline.Text(ch, redline.TextOptions{Base: doc.URL}); len(blocks) > 0 {
				t.line("")
				t.changeText(4, blocks)
			} else if sp := present.Spans(ch); len(sp) > 0 {
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
// lists newest first), as a LogTextWriter without a version column does.
func LogText(w io.Writer, entries []changes.Entry, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	l := NewLogTextWriter(bw, opt, false)
	for i := range entries {
		if err := l.Write(&entries[i], ""); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Widths of the log's columns. Authors are cut at a fixed width, not
// padded to the widest name, so that each line can be written as soon as
// its revision is classified; the other columns are padded, never cut (a
// wider value pushes the rest of its line).
const (
	logAuthorWidth  = 24
	logVersionWidth = len("unreleased")
	logClassWidth   = len("substantive")
	logDocsWidth    = len("99 docs")
	logCountsWidth  = len("S999/E99")
)

// LogLegend is the line that explains the log's counts, shown above the
// log on a terminal.
const LogLegend = "S = substantive changes, E = editorial changes"

// LogTextWriter writes the text log one line per entry, each line with one
// Write as soon as it is given, so that a log piped into head or a pager
// shows its first lines while later revisions are still being classified.
// Its columns: short hash, date, version (when asked for), author, class,
// documents changed, substantive/editorial change counts and subject.
type LogTextWriter struct {
	w        io.Writer
	t        termWriter // styles the line; its writer is not used
	width    int
	versions bool
	b        []byte
}

// NewLogTextWriter starts a log on w; versions adds the version column,
// whose value each Write is given.
func NewLogTextWriter(w io.Writer, opt TextOptions, versions bool) *LogTextWriter {
	return &LogTextWriter{w: w, t: termWriter{color: opt.Color}, width: opt.Width, versions: versions}
}

// Legend writes LogLegend as a line of its own.
func (l *LogTextWriter) Legend() error {
	_, err := io.WriteString(l.w, LogLegend+"\n")
	return err
}

// Write writes the line of one entry; version is the id of the version
// it belongs to ("unreleased" for one after the last version), read only
// when the writer has the version column.
func (l *LogTextWriter) Write(e *changes.Entry, version string) error {
	// Entries carry no per-class tally, so the line counts the changes it
	// lists; the classes themselves are the value's.
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
	hash := termSafe(present.ShortHash(e.Commit), true)
	date := e.Date.Format("2006-01-02")
	ver := ""
	if l.versions {
		ver = pad(termSafe(versionLabel(version), true), logVersionWidth) + " "
	}
	author := fit(termSafe(e.Author, true), logAuthorWidth)
	cls := string(e.Class)
	if cls == "" {
		cls = string(classify.None)
	}
	cls = termSafe(cls, true)
	unit := "docs"
	if docs == 1 {
		unit = "doc"
	}
	docCol := pad(fmt.Sprintf("%d %s", docs, unit), logDocsWidth)
	counts := pad(fmt.Sprintf("S%d/E%d", s, ed), logCountsWidth)
	plain := fmt.Sprintf("%s %s %s%s  %s  %s  %s  ", hash, date, ver, author, fit(cls, logClassWidth), docCol, counts)
	subject := termSafe(e.Subject, true)
	if l.width > 0 {
		subject = fit(subject, max(l.width-utf8.RuneCountInString(plain), 1))
	}
	line := fmt.Sprintf("%s %s %s%s  %s  %s  %s  %s", l.t.style(sgrHash, hash), date, ver, author,
		l.t.style(classSGR(e.Class), cls)+strings.Repeat(" ", max(0, logClassWidth-utf8.RuneCountInString(cls))), docCol, counts, subject)
	l.b = append(append(l.b[:0], strings.TrimRight(line, " ")...), '\n')
	_, err := l.w.Write(l.b)
	return err
}

// versionLabel is how the log shows a version id: "v2.5", or
// "unreleased"; an id that does not start with a digit is shown as it is.
func versionLabel(id string) string {
	if id != "" && id[0] >= '0' && id[0] <= '9' {
		return "v" + id
	}
	if id == "" {
		return "-"
	}
	return id
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

// pad pads s with spaces to n runes; a longer s is left as it is.
func pad(s string, n int) string {
	return s + strings.Repeat(" ", max(0, n-utf8.RuneCountInString(s)))
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
