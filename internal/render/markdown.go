package render

// Markdown output is read by Hugo (goldmark), by GitHub and by people in an
// editor. Insertions and deletions are marked with inline <ins>/<del> and
// editorial changes are folded into <details>: both are raw HTML, which
// Hugo renders only with markup.goldmark.renderer.unsafe = true (GitHub
// allows both tags). We chose HTML over ~~struck~~/**bold** because bold
// text cannot be told apart from bold in the document, and <ins>/<del> say
// what they mean to screen readers and to the HTML report's styles. A
// change's text is shown as the page reads (mdChange: links, emphasis and
// lists are redline's own Markdown, made from internal/present/redline's
// reading of the document), never as its Markdown source. All text that
// comes from documents, commits or configuration goes through mdText (or
// mdEscape), which escapes it so that the unsafe setting can never let
// document text become HTML, a link, a table cell or a shortcode.

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/present/redline"
	"github.com/digdir/redline/internal/release"
)

// hugoWeight places the changelog after the document's chapters in Hugo's
// menus, whose weights count in tens.
const hugoWeight = 1000

// mdText escapes s as Markdown inline text: whitespace runs (line breaks
// included) become one space so text cannot start a block of its own,
// markup characters are backslash-escaped, `<`, `>` and `&` become
// entities, and braces are escaped so no Hugo shortcode ({{< >}}) can
// form. Control characters and invalid UTF-8 become U+FFFD.
func mdText(s string) string { return mdEscape(s, false) }

// mdStart is mdText for text that begins a line, where `#`, `-`, `>`-like
// characters or "1." would open a heading, list or other block: the
// first such character is escaped too.
func mdStart(s string) string { return mdEscape(s, true) }

func mdEscape(s string, start bool) string {
	var b strings.Builder
	space := false
	wordStart := 0 // where the current run of non-space text began
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			wordStart = i
			continue
		}
		space = false
		if unsafeRune(r, n) {
			b.WriteRune(utf8.RuneError)
			start = false
			continue
		}
		// Blocks open at the first character after indentation.
		if start {
			start = false
			switch r {
			case '#', '-', '+', '=', ':':
				b.WriteByte('\\')
				b.WriteRune(r)
				continue
			}
			if r >= '0' && r <= '9' {
				// "2. foo" or "2) foo" would open an ordered list.
				j := i
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				b.WriteString(s[i-n : j])
				i = j
				if i < len(s) && (s[i] == '.' || s[i] == ')') {
					b.WriteByte('\\')
					b.WriteByte(s[i])
					i++
				}
				continue
			}
		}
		switch r {
		case '\\', '`', '*', '_', '[', ']', '{', '}', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '(':
			// "](" is escaped too, so that no reader, however naive,
			// takes escaped text for a link.
			if strings.HasSuffix(b.String(), `\]`) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '<':
			// "&lt;" where a tag could start, so that not even a naive
			// reader finds "<script" in the Markdown; elsewhere, and in
			// a bare web address, a backslash: linkify keeps an entity
			// there as its four characters, so "http://x#<0" would read
			// "http://x#&lt;0" (found by FuzzMdText). An escaped "<"
			// never opens HTML.
			if i < len(s) && tagStart(s[i]) && !inWebAddress(s[wordStart:i-n]) {
				b.WriteString("&lt;")
			} else {
				b.WriteString(`\<`)
			}
		case '>':
			b.WriteString(`\>`)
		case '&':
			// Only "&name;", "&#123;" and "&#x7b;" are entity references.
			// A bare "&" stays as it is: goldmark's linkify keeps
			// "&amp;" in a bare web address as those five characters, so
			// "?a&b" escaped as "?a&amp;b" would show "&amp;" (found by
			// FuzzMdText). A backslash keeps an entity-like "&" literal
			// in text and in an address alike.
			if entityAt(s[i:]) {
				b.WriteByte('\\')
			}
			b.WriteByte('&')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// inWebAddress reports whether a run of text without spaces holds a web
// address that goldmark's linkify would make a link of.
func inWebAddress(word string) bool {
	return strings.Contains(word, "://") || strings.Contains(strings.ToLower(word), "www.")
}

// tagStart reports whether c, after a "<", may begin an HTML tag, comment,
// declaration or processing instruction.
func tagStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

// entityAt reports whether s, the text after an "&", makes it an entity
// or numeric character reference in CommonMark: letters and digits (or "#"
// and digits, or "#x" and hex digits), then ";".
func entityAt(s string) bool {
	i := 0
	if i < len(s) && s[i] == '#' {
		i++
		if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
			i++
		}
	}
	start := i
	for i < len(s) && i-start <= 32 && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
		i++
	}
	return i > start && i < len(s) && s[i] == ';'
}

// mdDest makes a link destination safe to put between parentheses: "" for
// a scheme that could run script, and the characters that would end the
// destination, split a table cell or open a shortcode percent-encoded.
func mdDest(u string) string {
	u = present.SafeURL(u)
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		switch c := u[i]; c {
		case ' ', '<', '>', '(', ')', '"', '\'', '\\', '`', '|', '{', '}', '[', ']':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mdLink is a link when the address is safe, else the escaped text alone.
func mdLink(label, u string) string {
	if d := mdDest(u); d != "" {
		return "[" + mdText(label) + "](" + d + ")"
	}
	return mdText(label)
}

// mdDiff marks a word diff with <del> and <ins>, keeping the spaces at the
// edges of a changed run outside the tags.
func mdDiff(sp []align.Span) string {
	var b strings.Builder
	for _, s := range sp {
		t := mdEscape(s.Text, b.Len() == 0)
		core := strings.TrimSpace(t)
		if s.Op == align.SpanEqual || core == "" {
			b.WriteString(t)
			continue
		}
		lead := t[:strings.Index(t, core)]
		trail := t[len(lead)+len(core):]
		tag := "ins"
		if s.Op == align.SpanDelete {
			tag = "del"
		}
		b.WriteString(lead + "<" + tag + ">" + core + "</" + tag + ">" + trail)
	}
	return strings.TrimSpace(b.String())
}

// mdChange is a change's text as Markdown, read as the page shows it
// (redline.Text, the reading the HTML outputs are made from), with its
// insertions and deletions marked <ins>/<del>: links are links (to a
// safe, absolute address: a relative one resolved against the page's
// base, else their text), a changed link target is named after the
// link, "(old → new)", emphasis is Markdown emphasis, a heading is a
// bold line, list items are list items, a table row is its cells
// between " | ", a line break is a hard line break. Every text from the
// document passes mdEscape, so the only Markdown and HTML in the result
// are redline's own. oneLine is the text as one line, for an editorial
// change's line: "" when it does not fit on one (several blocks, a line
// break, a code block). indent starts each line after the first. A
// change with no text of its own shows its spans (mdDiff).
func mdChange(ch *classify.Change, base, indent string) (text, oneLine string) {
	blocks := redline.Text(ch, redline.TextOptions{Base: base})
	if len(blocks) == 0 {
		d := mdDiff(present.Spans(ch))
		return d, d
	}
	if len(blocks) == 1 && blocks[0].Kind != redline.CodeBlock && blocks[0].Kind != redline.Rule && !hasBreak(blocks[0].Runs) {
		b := blocks[0]
		var w mdInline
		w.start = true
		if b.Marker != "" {
			w.raw(mdText(b.Marker) + " ")
		}
		w.runs(b.Runs, b.Kind)
		oneLine = w.end()
	}
	return mdBlocks(blocks, indent), oneLine
}

func hasBreak(runs []redline.Run) bool {
	for _, r := range runs {
		if r.Kind == redline.Break {
			return true
		}
	}
	return false
}

// mdBlocks writes blocks as Markdown, a blank line between them (none
// between the items of a list or the rows of a table), each line after
// the first starting with indent.
func mdBlocks(blocks []redline.Block, indent string) string {
	var b strings.Builder
	// widths[d] is the width of the bullet of the list item open at
	// depth d+1, which its later blocks and sublists are indented by.
	var widths []int
	for i, bl := range blocks {
		if i > 0 {
			if !bl.Tight {
				b.WriteByte('\n')
			}
			b.WriteString("\n" + indent)
		}
		depth := bl.Depth
		if bl.Marker != "" {
			depth--
		}
		depth = max(depth, 0)
		for len(widths) < depth {
			widths = append(widths, 2)
		}
		pad := 0
		for _, w := range widths[:depth] {
			pad += w
		}
		prefix := strings.Repeat("> ", bl.Quote) + strings.Repeat(" ", pad)
		first := prefix
		if bl.Marker != "" {
			// The bullet is redline's own list: "-", or a number.
			marker := "-"
			if n := strings.TrimSuffix(bl.Marker, "."); n != bl.Marker && n != "" && strings.Trim(n, "0123456789") == "" && len(n) <= 9 {
				marker = n + "."
			}
			first += marker + " "
			widths = append(widths[:depth], len(marker)+1)
		}
		rest := prefix + strings.Repeat(" ", len(first)-len(prefix))
		b.WriteString(first)
		switch bl.Kind {
		case redline.Rule:
			b.WriteString("---")
			continue
		case redline.CodeBlock:
			// Lines as they are written, each escaped, joined by hard
			// line breaks (white space in them collapses).
			lines := codeLines(bl.Runs)
			for j, ln := range lines {
				if j > 0 {
					b.WriteString("\\\n" + indent + rest)
				}
				var w mdInline
				w.start = true
				w.runs(ln, redline.Para)
				b.WriteString(w.end())
			}
			continue
		}
		lines := splitBreaks(bl.Runs)
		if bl.Kind == redline.Row {
			lines = [][]redline.Run{bl.Runs}
		}
		j := 0
		for _, ln := range lines {
			var w mdInline
			w.start = true
			w.runs(ln, bl.Kind)
			s := w.end()
			if s == "" {
				// An empty line (<br><br>): one line break.
				continue
			}
			if j > 0 {
				b.WriteString("\\\n" + indent + rest)
			}
			b.WriteString(s)
			j++
		}
	}
	return b.String()
}

// mdConstruct is a piece of redline's own inline Markdown or HTML that
// encloses text: a link (with its address), emphasis or a mark.
type mdConstruct struct {
	open, close string
}

var (
	mdIns = mdConstruct{"<ins>", "</ins>"}
	mdDel = mdConstruct{"<del>", "</del>"}
)

// mdInline writes runs as one line of inline Markdown. Redline's own
// constructs (links, emphasis, marks) nest as the text needs: a link or
// emphasis whose text is all inserted (or all deleted, or all as it
// stands) sits inside the mark, one whose words changed in part holds
// the marks. White space at their edges is kept outside them, since
// "* a*" is no emphasis and `[-old-]` hugs its words.
type mdInline struct {
	b     strings.Builder
	start bool   // nothing written yet on the line: text is escaped as a line's start
	pend  string // white space held until the next text
	open  []mdConstruct
	want  []mdConstruct
}

// sync closes the constructs open that the next text is not in, writes
// the white space held, and opens the ones it is in.
func (w *mdInline) sync() {
	k := 0
	for k < len(w.open) && k < len(w.want) && w.open[k] == w.want[k] {
		k++
	}
	for i := len(w.open) - 1; i >= k; i-- {
		w.b.WriteString(w.open[i].close)
	}
	w.b.WriteString(w.pend)
	w.pend = ""
	for _, c := range w.want[k:] {
		w.b.WriteString(c.open)
	}
	w.open = append(w.open[:k], w.want[k:]...)
}

// raw writes redline's own Markdown s.
func (w *mdInline) raw(s string) {
	w.sync()
	w.b.WriteString(s)
}

// text writes a document's text, escaped.
func (w *mdInline) text(s string) {
	t := mdEscape(s, w.start)
	core := strings.TrimLeft(t, " ")
	if core == "" {
		if t != "" {
			w.pend = " "
		}
		return
	}
	if core != t {
		w.pend = " "
	}
	trimmed := strings.TrimRight(core, " ")
	w.sync()
	w.b.WriteString(trimmed)
	w.start = false
	if trimmed != core {
		w.pend = " "
	}
}

// mdKinds are the constructs a run's style asks for, outermost first.
var mdKinds = []struct {
	style  redline.Style
	marker string
}{{redline.Link, ""}, {redline.Strong, "**"}, {redline.Emphasis, "*"}, {redline.Strike, "~~"}}

// runs writes a line's runs. A heading is a bold line.
func (w *mdInline) runs(runs []redline.Run, kind redline.BlockKind) {
	style := func(r redline.Run) redline.Style {
		st := r.Style
		if kind == redline.Heading && r.Kind == redline.Words {
			st |= redline.Strong
		}
		if st&redline.Link != 0 && (mdDest(r.URL) == "" || !absoluteURL(r.URL)) {
			st &^= redline.Link
		}
		return st
	}
	// uniform[k][i]: the construct of kind k that run i is in has one
	// mark throughout, and so sits inside it.
	uniform := make([][]bool, len(mdKinds))
	for k, mk := range mdKinds {
		uniform[k] = make([]bool, len(runs))
		for i := 0; i < len(runs); {
			if style(runs[i])&mk.style == 0 {
				i++
				continue
			}
			j, one := i+1, true
			for j < len(runs) && style(runs[j])&mk.style != 0 && (mk.style != redline.Link || runs[j].URL == runs[i].URL) {
				one = one && runs[j].Op == runs[i].Op
				j++
			}
			for ; i < j; i++ {
				uniform[k][i] = one
			}
		}
	}
	// codeOK[i]: the code span run i is in can be written as code spans.
	codeOK := make([]bool, len(runs))
	inCode := func(r redline.Run) bool { return r.Kind == redline.Words && r.Style&redline.Code != 0 }
	for i := 0; i < len(runs); {
		if !inCode(runs[i]) {
			i++
			continue
		}
		j, ok := i, true
		for ; j < len(runs) && inCode(runs[j]); j++ {
			ok = ok && codeSafe(runs[j].Text)
		}
		for ; i < j; i++ {
			codeOK[i] = ok
		}
	}
	for i := 0; i < len(runs); i++ {
		r := runs[i]
		st := style(r)
		w.want = w.want[:0]
		construct := func(k int) mdConstruct {
			if mdKinds[k].style == redline.Link {
				return mdConstruct{"[", "](" + mdDest(r.URL) + ")"}
			}
			return mdConstruct{mdKinds[k].marker, mdKinds[k].marker}
		}
		for k, mk := range mdKinds {
			if st&mk.style != 0 && !uniform[k][i] {
				w.want = append(w.want, construct(k))
			}
		}
		switch r.Op {
		case redline.Insert:
			w.want = append(w.want, mdIns)
		case redline.Delete:
			w.want = append(w.want, mdDel)
		}
		for k, mk := range mdKinds {
			if st&mk.style != 0 && uniform[k][i] {
				w.want = append(w.want, construct(k))
			}
		}
		switch {
		case r.Kind == redline.Cell:
			w.pend = " "
			w.raw(`\|`)
			w.pend = " "
		case r.Kind == redline.Break:
			// Within a table row: the cell's lines on one line, a run
			// of line breaks (<br><br>) as one.
			if i == 0 || runs[i-1].Kind != redline.Break {
				w.pend = " "
				w.raw("/")
				w.pend = " "
			}
		case inCode(r):
			// A code span: as a code span when its text can be one
			// safely, else between escaped backticks.
			safe := codeOK[i]
			first := i == 0 || !inCode(runs[i-1])
			last := i+1 == len(runs) || !inCode(runs[i+1])
			switch {
			case safe:
				w.code(r.Text)
			case first && last:
				w.raw("\\`")
				w.text(r.Text)
				w.raw("\\`")
			case first:
				w.raw("\\`")
				w.text(r.Text)
			case last:
				w.text(r.Text)
				w.raw("\\`")
			default:
				w.text(r.Text)
			}
		default:
			w.text(r.Text)
		}
	}
}

// code writes a piece of a code span as a code span of its own.
func (w *mdInline) code(s string) {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return ' '
		}
		return r
	}, s)
	if s == "" {
		return
	}
	if s[0] == ' ' && s[len(s)-1] == ' ' && strings.Trim(s, " ") != "" {
		// Markdown strips one space from each end of such a span.
		s = " " + s + " "
	}
	w.sync()
	w.b.WriteString("`" + s + "`")
	w.start = false
}

// codeSafe reports whether s can stand in a code span as it is: nothing
// that would end it, make HTML or a Hugo shortcode of it for a naive
// reader, or reach a reader unescaped (controls, bidi overrides).
func codeSafe(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\n' || r == '\t' || r == '\r':
		case unsafeRune(r, n):
			return false
		case strings.ContainsRune("`<>{}&\\|", r):
			return false
		}
	}
	return true
}

// absoluteURL reports whether u names its scheme: a relative address
// read from a pull-request comment or a changelog page would resolve
// against the wrong page.
func absoluteURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && p.Scheme != ""
}

// end closes what is open and returns the line, without the white space
// held at its end.
func (w *mdInline) end() string {
	w.want = w.want[:0]
	w.pend = ""
	w.sync()
	return w.b.String()
}

// htmlLine escapes text for a line of raw HTML in Markdown (a <summary>),
// where Markdown escapes do not apply; braces become entities because Hugo
// looks for shortcodes before it reads Markdown or HTML.
func htmlLine(s string) string {
	s = html.EscapeString(plainLine(s))
	return strings.NewReplacer("{", "&#123;", "}", "&#125;", "[", "&#91;", "]", "&#93;").Replace(s)
}

// plainLine is s on one line, with whitespace runs collapsed and control
// and bidi-override characters replaced by U+FFFD.
// Only ASCII whitespace collapses, as in mdText: a no-break space is the
// author's choice ("10 000") and stays.
func plainLine(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unsafeRune(r, n):
			r = utf8.RuneError
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " ")
}

// unsafeRune says whether a decoded rune should not reach a reader as is:
// invalid UTF-8, a control character other than whitespace, or a
// bidirectional override that can make text read differently from what it
// is.
func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// mdWriter writes the Markdown of changes in one language.
type mdWriter struct {
	b *bytes.Buffer
	l *labels
	// allDocs lists the changes of pages in every language, not only in
	// the language of the labels.
	allDocs bool
	// anchors are the versions' anchors by id, where headings get ids.
	anchors map[string]string
	// doc is the path of the document whose versions are written, when
	// the changelog groups by document: a version's date is then when
	// it takes effect, and its warnings are the document's.
	doc string
}

func (m *mdWriter) p(format string, args ...any) {
	fmt.Fprintf(m.b, format, args...)
}

// where names the section a change touched: a deep link when the page has
// a public URL, else the section and the file path as text.
func (m *mdWriter) where(r ref) string {
	label := present.SectionPath(r.ch.Section)
	if u := present.ChangeURL(r.doc, r.ch); u != "" {
		if label == "" {
			label = r.doc.Path
		}
		return mdLink(label, u)
	}
	if label == "" {
		return mdStart(r.doc.Path)
	}
	return mdStart(label) + " (" + mdText(r.doc.Path) + ")"
}

// commit says where a change comes from: the commit, linked when the
// changelog has a commit URL, its author and date.
func (m *mdWriter) commit(e *changes.Entry) string {
	if e == nil {
		return ""
	}
	s := mdText(present.ShortHash(e.Commit))
	if u := mdDest(e.URL); u != "" {
		s = "[" + s + "](" + u + ")"
	}
	if e.Author != "" {
		s += " " + m.l.by + " " + mdText(e.Author)
	}
	if !e.Date.IsZero() {
		s += ", " + mdText(m.l.Day(e.Date))
	}
	return s
}

// substantive writes a change in full, as a list item of paragraphs: where,
// the marked text, the explanation with reasons and topics, and origin.
func (m *mdWriter) substantive(r ref) {
	m.p("- %s (%s)\n", m.where(r), mdText(m.l.Op(r.ch.Op)))
	// A page published or removed is one change whose text is the whole
	// page: folded, so the version reads as what happened to it.
	if d, _ := mdChange(r.ch, r.doc.URL, "  "); d != "" {
		if classify.WholePage(r.ch) {
			m.p("\n  <details>\n  <summary>%s</summary>\n\n  %s\n\n  </details>\n", htmlLine(m.l.pageText), d)
		} else {
			m.p("\n  %s\n", d)
		}
	}
	var why []string
	if e := m.l.Explanation(r.ch); e != "" {
		// The explanation is a sentence; the reasons that follow are another.
		why = append(why, mdStart(strings.TrimSuffix(e, ".")+"."))
	}
	if len(r.ch.Reasons) > 0 {
		why = append(why, m.l.Reasons+": "+mdText(m.l.reasons(r.ch.Reasons))+".")
	}
	if len(r.ch.Topics) > 0 {
		why = append(why, m.l.Topics+": "+mdText(m.l.topics(r.ch.Topics))+".")
	}
	if len(why) > 0 {
		m.p("\n  %s\n", strings.Join(why, " "))
	}
	var origin []string
	if c := m.commit(r.entry); c != "" {
		origin = append(origin, c)
	}
	if o := m.l.OverrideLine(r.ch.Override); o != "" {
		origin = append(origin, "*"+mdText(o)+"*")
	}
	if len(origin) > 0 {
		m.p("\n  %s\n", strings.Join(origin, " · "))
	}
	m.p("\n")
}

// editorial writes editorial changes folded per page: one line each.
func (m *mdWriter) editorial(refs []ref) {
	for _, pg := range byPage(refs) {
		m.p("<details>\n<summary>%s</summary>\n\n", htmlLine(fmt.Sprintf(m.l.editorialOn, pg.doc.Path)))
		for _, r := range pg.refs {
			line := m.where(r) + " (" + mdText(m.l.Op(r.ch.Op)) + ")"
			if e := m.l.Explanation(r.ch); e != "" {
				line += ": " + mdText(e)
			}
			if len(r.ch.Reasons) > 0 {
				line += " (" + m.l.reasonsLower + ": " + mdText(m.l.reasons(r.ch.Reasons)) + ")"
			}
			d, oneLine := mdChange(r.ch, r.doc.URL, "  ")
			if oneLine != "" && !classify.WholePage(r.ch) {
				line += " — " + oneLine
			}
			if c := m.commit(r.entry); c != "" {
				line += " — " + c
			}
			if o := m.l.OverrideLine(r.ch.Override); o != "" {
				line += " — *" + mdText(o) + "*"
			}
			m.p("- %s\n", line)
			switch {
			case d != "" && classify.WholePage(r.ch):
				// A page added as a translation: its text folded.
				m.p("\n  <details>\n  <summary>%s</summary>\n\n  %s\n\n  </details>\n\n", htmlLine(m.l.pageText), d)
			case oneLine == "" && d != "":
				// A text of several blocks or lines: under the line, in
				// the item.
				m.p("\n  %s\n\n", d)
			}
		}
		m.p("\n</details>\n\n")
	}
}

// heading writes a heading, with an explicit id when the target reads
// Hugo's heading attributes (on by default) and none where it would show
// as text (GitHub).
func (m *mdWriter) heading(level int, text, id string) {
	m.p("%s %s", strings.Repeat("#", level), text)
	if id != "" {
		m.p(" {#%s}", id)
	}
	m.p("\n\n")
}

// version writes a version's section body. level is the level of the
// version's own heading; attrs says whether headings get explicit ids.
func (m *mdWriter) version(cl *release.Changelog, v *release.Version, lang string, level int, attrs bool) {
	id := func(suffix string) string {
		if !attrs {
			return ""
		}
		return m.anchors[v.ID] + suffix
	}
	if t := strings.TrimSpace(present.Pick(v.Title, lang, cl.Languages)); t != "" {
		m.p("**%s**\n\n", mdText(t))
	}
	if v.Date != "" {
		released := m.l.released
		if m.doc != "" {
			released = docLabelsFor(lang).EffectiveOn
		}
		m.p("%s\n\n", mdText(fmt.Sprintf(released, m.l.Date(v.Date))))
	}
	note := present.Pick(v.Note, lang, cl.Languages)
	switch {
	case note != "":
	case v.Reconstructed:
		note = m.l.Reconstructed
	case v.Historical:
		note = m.l.Historical
	}
	if note != "" {
		m.p("> %s\n\n", mdStart(note))
	}
	if s := present.Pick(v.Summary, lang, cl.Languages); s != "" {
		m.p("%s\n\n", mdStart(s))
	}
	docLang := lang
	if m.allDocs {
		docLang = ""
	}
	sub := changesOf(v, docLang, classify.Substantive)
	ed := changesOf(v, docLang, classify.Editorial)
	if len(sub) > 0 {
		m.heading(level+1, m.l.substantiveChanges, id("-substantive"))
		for _, r := range sub {
			m.substantive(r)
		}
	}
	if len(ed) > 0 {
		m.heading(level+1, m.l.editorialChanges, id("-editorial"))
		m.editorial(ed)
	}
	if len(sub) == 0 && len(ed) == 0 && !v.Historical {
		m.p("%s\n\n", m.l.noChanges)
	}
	ws := warningsOf(cl, v.ID)
	if m.doc != "" {
		ws = docWarnings(cl, m.doc, v.ID)
	}
	if len(ws) > 0 {
		m.heading(level+1, m.l.warnings, id("-warnings"))
		for _, w := range ws {
			where := mdStart(w.Path)
			if w.Anchor != "" {
				where += " #" + mdText(w.Anchor)
			}
			m.p("- %s: %s\n", where, mdText(w.Message))
		}
		m.p("\n")
	}
}

// summaryOf is a version's summary in a language, or its counts when the
// versions file gave none.
func summaryOf(cl *release.Changelog, v *release.Version, l *labels, lang string) string {
	if s := present.Pick(v.Summary, lang, cl.Languages); s != "" {
		return s
	}
	if v.Historical {
		return present.Pick(v.Title, lang, cl.Languages)
	}
	return l.counts(v.Counts)
}

// Hugo returns the changelog page of one language (_index.<lang>.md): YAML
// front matter, a table of versions, newest first, each linking to its
// section, then a section per version with its substantive changes in full
// and its editorial changes folded. Every language's page lists the changes
// of every page, each named by its path, so that a version's counts and its
// list agree and a reader of the translation learns when the original
// changed in substance.
func Hugo(cl *release.Changelog, lang string) ([]byte, error) {
	if cl == nil {
		return nil, &Error{Msg: "no changelog to render", Hint: "this is a bug in redline; please report it"}
	}
	l := labelsFor(lang)
	title := hugoTitle(cl, lang, l)
	if len(cl.Documents) > 0 {
		return hugoDocumentsMarkdown(cl, lang, l, title)
	}
	front, err := hugoFront(title, l.description)
	if err != nil {
		return nil, err
	}
	m := &mdWriter{b: &bytes.Buffer{}, l: l, allDocs: true, anchors: present.VersionAnchors(cl)}
	m.p("---\n%s---\n\n", front)
	if len(cl.Versions) > 0 {
		m.p("| %s | %s | %s |\n| --- | --- | --- |\n", l.version, l.updated, l.changes)
		for i := range cl.Versions {
			v := &cl.Versions[i]
			name := v.ID
			if v.ID == "unreleased" {
				name = l.Unreleased
			}
			m.p("| %s | %s | %s |\n", mdLink(name, "#"+m.anchors[v.ID]), mdText(l.Date(v.Date)), mdText(summaryOf(cl, v, l, lang)))
		}
		m.p("\n")
	}
	for i := range cl.Versions {
		v := &cl.Versions[i]
		m.heading(2, mdText(l.VersionTitle(v.ID)), m.anchors[v.ID])
		m.version(cl, v, lang, 2, true)
	}
	return append(bytes.TrimRight(m.b.Bytes(), "\n"), '\n'), nil
}

// hugoDocumentsMarkdown is Hugo's page grouped by document
// (versions.per_document), as hugoDocuments is HugoHTML's: a table of the
// documents, a section per document with its versions, newest first, then
// the documents in other languages by path and version.
func hugoDocumentsMarkdown(cl *release.Changelog, lang string, l *labels, title string) ([]byte, error) {
	dl := docLabelsFor(lang)
	front, err := hugoFront(title, dl.Description)
	if err != nil {
		return nil, err
	}
	m := &mdWriter{b: &bytes.Buffer{}, l: l, allDocs: true}
	m.p("---\n%s---\n\n", front)
	docs, vanchors := docAnchors(cl)
	var own, others []*release.DocumentVersions
	for i := range cl.Documents {
		if d := &cl.Documents[i]; onPage(cl, d, lang) {
			own = append(own, d)
		} else {
			others = append(others, d)
		}
	}
	row := func(d *release.DocumentVersions) (version, date string) {
		if v := current(d); v != nil {
			return v.ID, l.Date(v.Date)
		}
		return "", ""
	}
	if len(own) > 0 {
		m.p("| %s | %s | %s | %s |\n| --- | --- | --- | --- |\n", dl.Document, dl.Version, dl.Effective, dl.Changes)
		for _, d := range own {
			id, date := row(d)
			version := ""
			if id != "" {
				version = mdLink(id, "#"+vanchors[d.Path][id])
			}
			m.p("| %s | %s | %s | %s |\n", mdLink(docName(d), "#"+docs[d.Path]), version, mdText(date), mdText(l.counts(totals(d))))
		}
		m.p("\n")
	}
	for _, d := range own {
		m.heading(2, mdText(docName(d)), docs[d.Path])
		if mdDest(d.URL) != "" {
			m.p("%s\n\n", mdLink(d.Path, d.URL))
		} else {
			m.p("%s\n\n", mdStart(d.Path))
		}
		m.doc, m.anchors = d.Path, vanchors[d.Path]
		for j := range d.Versions {
			v := &d.Versions[j]
			m.heading(3, mdText(l.VersionTitle(v.ID)), m.anchors[v.ID])
			m.version(cl, v, lang, 3, true)
		}
	}
	if len(others) > 0 {
		m.heading(2, mdText(dl.Others), "")
		for _, d := range others {
			line := mdStart(d.Path)
			if id, date := row(d); id != "" {
				line += ": " + mdText(dl.Version+" "+id)
				if date != "" {
					line += ", " + mdText(date)
				}
			}
			m.p("- %s (%s)\n", line, mdText(l.counts(totals(d))))
		}
	}
	return append(bytes.TrimRight(m.b.Bytes(), "\n"), '\n'), nil
}

// Notes returns the release notes of one version in Markdown, for a
// release page or a pull request: no front matter and no heading ids.
func Notes(cl *release.Changelog, versionID, lang string) ([]byte, error) {
	if cl == nil {
		return nil, &Error{Msg: "no changelog to render", Hint: "this is a bug in redline; please report it"}
	}
	v, err := findVersion(cl, versionID)
	if err != nil {
		return nil, err
	}
	l := labelsFor(lang)
	// Release notes go to maintainers, not to one language's readers: they
	// list the changes of every page, in the language asked for.
	m := &mdWriter{b: &bytes.Buffer{}, l: l, allDocs: true}
	m.heading(1, mdText(l.VersionTitle(v.ID)), "")
	m.version(cl, v, lang, 1, false)
	return append(bytes.TrimRight(m.b.Bytes(), "\n"), '\n'), nil
}

// DiffMarkdown writes a diff for a pull-request comment: a table of the
// documents, then each document's substantive changes in full and its
// editorial changes folded.
func DiffMarkdown(w io.Writer, d classify.Diff) error {
	l := labelsFor("en")
	m := &mdWriter{b: &bytes.Buffer{}, l: l}
	var docs []*classify.DocumentDiff
	for i := range d.Documents {
		doc := &d.Documents[i]
		if doc.Status == "unchanged" && len(doc.Changes) == 0 && len(doc.Notes) == 0 {
			continue
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 {
		m.p("**redline**: no changes\n")
		_, err := w.Write(m.b.Bytes())
		return err
	}
	m.p("**redline**: %s\n\n", mdText(string(d.Class)))
	m.p("| Document | Status | Class |\n| --- | --- | --- |\n")
	for _, doc := range docs {
		path := mdText(doc.Path)
		if doc.OldPath != "" {
			path = mdText(doc.OldPath) + " → " + path
		}
		m.p("| %s | %s | %s |\n", path, mdText(doc.Status), mdText(string(doc.Class)))
	}
	m.p("\n")
	for _, doc := range docs {
		m.heading(4, mdStart(doc.Path), "")
		for _, n := range doc.Notes {
			m.p("> %s\n\n", mdStart(n))
		}
		var sub, ed []ref
		for k := range doc.Changes {
			r := ref{doc: doc, ch: &doc.Changes[k]}
			switch r.ch.Class {
			case classify.Substantive:
				sub = append(sub, r)
			case classify.Editorial:
				ed = append(ed, r)
			}
		}
		for _, r := range sub {
			m.substantive(r)
		}
		m.editorial(ed)
	}
	_, err := w.Write(append(bytes.TrimRight(m.b.Bytes(), "\n"), '\n'))
	return err
}
