package redline

import (
	"bytes"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/digdir/redline/internal/present"
)

// markdown is goldmark as Hugo sets it up by default: GFM (tables,
// strikethrough, linkify, task lists), footnotes, definition lists and
// {#id} attributes. Typographer is left out: its curly quotes would be
// text with no place in the source to mark. Only the parser is used;
// the HTML is written here (tokens), so that nothing of the document's
// own HTML passes and every text keeps its place in the source.
var markdown = sync.OnceValue(func() parser.Parser {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAttribute()),
	).Parser()
})

type tokKind uint8

const (
	tText  tokKind = iota
	tOpen          // an element opens: tag and attrs
	tClose         // an element closes: tag
	tVoid          // an element with no content: <br>, <hr>
	tFlush         // a leaf block without an element ends (a tight list item)
)

// tok is one piece of the HTML a side renders to. Text keeps its place
// in the side's text, so that the marks of the word diff can be laid on
// it after goldmark has parsed the Markdown.
type tok struct {
	kind  tokKind
	tag   string
	attrs string // escaped, each with a leading space
	text  string // for tText, as the reader sees it (not escaped)
	// pos is the offset in the side's text of the text's first byte, -1
	// for text that has none (a line break, a check box); end is past its
	// last. A verbatim text is the bytes of the source from pos to end;
	// any other is one unit there (an escape, an entity).
	pos, end int
	verbatim bool
	force    mark // the mark of a text without a place
	// limit, on the close of a leaf block (or a tFlush), is the offset
	// in the side's text up to which deletions belong inside it; -1 none.
	limit int
	// syntax, on the open of an inline element (emphasis, code, a link),
	// is the offset of its opening markup in the side's text, and first
	// that of its first text; -1 when unknown. An element whose markup
	// was inserted around text that was not is new formatting.
	syntax, first int
	// href, on the open of a link, is its address (what attrs carries,
	// not escaped).
	href string
	// html says the element is from an HTML table's cell (htmlTable),
	// whose start tag the word diff takes as one word.
	html bool
}

// tree renders one side's Markdown to tokens.
type tree struct {
	p    prepared
	s    string // p.src, whose substrings the texts are
	base *url.URL
	toks []tok
	// lastSrc is the offset in p.src just past the last text emitted.
	lastSrc int
	// links records the links whose target may have changed: the index of
	// the token after the link's close, and the target's place in the text.
	links []linkAt
	// waiting are the inline elements opened whose first text is to come.
	waiting []int
	// htmlTables counts the HTML blocks shown as tables (htmlTable), and
	// htmlRanges are where they are in the side's text.
	htmlTables int
	htmlRanges [][2]int
}

type linkAt struct {
	tok      int // index of the link's tClose
	from, to int // the destination, in the side's text
	dest     string
	// tag says from and to are an HTML link's whole start tag (see
	// htmlTable), whose address is read from it.
	tag bool
}

func parse(p prepared) ast.Node {
	return markdown().Parse(text.NewReader(p.src))
}

func (t *tree) at(off int) int {
	if off < 0 || off >= len(t.p.at) {
		return -1
	}
	return int(t.p.at[off])
}

// textAt emits source bytes [from, to) of p.src as text: verbatim runs
// and, when unescape is set, backslash escapes and character references
// resolved as goldmark does.
func (t *tree) textAt(from, to int, unescape bool) {
	t.textRefs(from, to, unescape, unescape)
}

// textRefs is textAt with its two kinds of escape apart: HTML knows
// character references but no backslash escapes.
func (t *tree) textRefs(from, to int, escapes, refs bool) {
	src := t.p.src
	run := from
	flushRun := func(end int) {
		for run < end {
			// A verbatim text must be contiguous in the side's text too.
			k := run + 1
			base := t.at(run)
			for k < end && base >= 0 && t.at(k) == base+(k-run) {
				k++
			}
			if base < 0 {
				t.toks = append(t.toks, tok{kind: tText, text: t.s[run:k], pos: -1, end: -1})
			} else {
				t.placed(base)
				t.toks = append(t.toks, tok{kind: tText, text: t.s[run:k], pos: base, end: base + (k - run), verbatim: true})
			}
			run = k
		}
	}
	for i := from; i < to; i++ {
		c := src[i]
		if c == '\\' && escapes && i+1 < to && util.IsPunct(src[i+1]) {
			flushRun(i)
			t.placed(t.at(i + 1))
			t.toks = append(t.toks, tok{kind: tText, text: t.s[i+1 : i+2], pos: t.at(i + 1), end: t.at(i+1) + 1})
			i++
			run = i + 1
			continue
		}
		if c == '&' && refs {
			if n, s := entity(src[i:to]); n > 0 {
				flushRun(i)
				t.placed(t.at(i))
				t.toks = append(t.toks, tok{kind: tText, text: s, pos: t.at(i), end: t.at(i) + n})
				i += n - 1
				run = i + 1
			}
		}
	}
	flushRun(to)
	t.lastSrc = max(t.lastSrc, to)
}

// entity reads a character reference at the start of b ("&amp;",
// "&#58;", "&#x3A;"): its length and what it stands for, or 0.
func entity(b []byte) (int, string) {
	end := bytes.IndexByte(b[:min(len(b), 40)], ';')
	if end < 2 {
		return 0, ""
	}
	name := b[1:end]
	if name[0] == '#' {
		var v uint64
		var err error
		if len(name) > 1 && (name[1] == 'x' || name[1] == 'X') {
			if len(name) < 3 || len(name) > 8 {
				return 0, ""
			}
			v, err = strconv.ParseUint(string(name[2:]), 16, 32)
		} else {
			if len(name) < 2 || len(name) > 8 {
				return 0, ""
			}
			v, err = strconv.ParseUint(string(name[1:]), 10, 32)
		}
		if err != nil {
			return 0, ""
		}
		r := rune(v)
		if r == 0 || r > 0x10FFFF || r >= 0xD800 && r <= 0xDFFF {
			r = '\uFFFD'
		}
		return end + 1, string(r)
	}
	for _, c := range name {
		if !util.IsAlphaNumeric(c) {
			return 0, ""
		}
	}
	e, ok := util.LookUpHTML5EntityByName(string(name))
	if !ok {
		return 0, ""
	}
	return end + 1, string(e.Characters)
}

func (t *tree) open(tag, attrs string) {
	t.toks = append(t.toks, tok{kind: tOpen, tag: tag, attrs: attrs, syntax: -1, first: -1})
}

// openInline opens an inline element whose markup starts at src offset
// at; its first text is filled in when it comes (placed).
func (t *tree) openInline(tag, attrs string, at int) {
	t.toks = append(t.toks, tok{kind: tOpen, tag: tag, attrs: attrs, syntax: t.at(at), first: -1})
	t.waiting = append(t.waiting, len(t.toks)-1)
}

// placed gives the elements waiting for their first text the offset pos.
func (t *tree) placed(pos int) {
	if pos < 0 {
		return
	}
	for _, k := range t.waiting {
		t.toks[k].first = pos
	}
	t.waiting = t.waiting[:0]
}

func (t *tree) close(tag string, limit int) {
	t.toks = append(t.toks, tok{kind: tClose, tag: tag, limit: limit})
}
func (t *tree) void(tag, attrs string) {
	t.toks = append(t.toks, tok{kind: tVoid, tag: tag, attrs: attrs})
}
func (t *tree) word(s string) { t.toks = append(t.toks, tok{kind: tText, text: s, pos: -1, end: -1}) }

// blockEnd is the offset in the side's text where a leaf block's lines
// end, -1 when it has none.
func (t *tree) blockEnd(n ast.Node) int {
	lines := n.Lines()
	if lines == nil || lines.Len() == 0 {
		return -1
	}
	s := lines.At(lines.Len() - 1)
	for k := s.Stop - 1; k >= s.Start; k-- {
		if a := t.at(k); a >= 0 {
			return a + 1
		}
	}
	return -1
}

func (t *tree) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t.node(c)
	}
}

var brTag = regexp.MustCompile(`(?i)^<br\s*/?>$`)

func (t *tree) node(n ast.Node) {
	src := t.p.src
	switch n := n.(type) {
	case *ast.Document:
		t.children(n)
	case *ast.Paragraph:
		t.open("p", "")
		t.children(n)
		t.close("p", t.blockEnd(n))
	case *ast.TextBlock:
		t.children(n)
		t.toks = append(t.toks, tok{kind: tFlush, limit: t.blockEnd(n)})
	case *ast.Heading:
		tag := "h" + strconv.Itoa(min(max(n.Level, 1), 6))
		t.open(tag, "")
		t.children(n)
		t.close(tag, t.blockEnd(n))
	case *ast.ThematicBreak:
		t.void("hr", "")
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		t.open("pre", "")
		t.open("code", "")
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			s := lines.At(i)
			t.textAt(s.Start, s.Stop, false)
		}
		t.close("code", -1)
		t.close("pre", t.blockEnd(n))
	case *ast.HTMLBlock:
		if t.htmlTable(n) {
			return
		}
		// Raw HTML is shown as what it is written as, never passed on.
		t.open("pre", ` class="rl-html"`)
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			s := lines.At(i)
			t.textAt(s.Start, s.Stop, false)
		}
		if n.HasClosure() {
			s := n.ClosureLine
			t.textAt(s.Start, s.Stop, false)
		}
		t.close("pre", t.blockEnd(n))
	case *ast.Blockquote:
		t.open("blockquote", "")
		t.children(n)
		t.close("blockquote", -1)
	case *ast.List:
		tag, attrs := "ul", ""
		if n.IsOrdered() {
			tag = "ol"
			if n.Start != 1 {
				attrs = ` start="` + strconv.Itoa(n.Start) + `"`
			}
		}
		t.open(tag, attrs)
		t.children(n)
		t.close(tag, -1)
	case *ast.ListItem:
		t.open("li", "")
		t.children(n)
		t.close("li", -1)
	case *east.Table:
		t.table(n)
	case *east.TableRow:
		t.open("tr", "")
		t.cells(n, "td")
		t.close("tr", -1)
	case *east.TaskCheckBox:
		if n.IsChecked {
			t.word("☑ ")
		} else {
			t.word("☐ ")
		}
	case *east.Strikethrough:
		t.openInline("s", "", n.Pos())
		t.children(n)
		t.close("s", -1)
	case *east.FootnoteLink:
		t.open("sup", ` class="rl-fnref"`)
		t.word(strconv.Itoa(n.Index))
		t.close("sup", -1)
	case *east.FootnoteBacklink:
	case *east.FootnoteList:
		t.children(n)
	case *east.Footnote:
		t.open("div", ` class="rl-footnote"`)
		t.open("sup", "")
		t.word(string(n.Ref))
		t.close("sup", -1)
		t.word(" ")
		t.children(n)
		t.close("div", -1)
	case *east.DefinitionList:
		t.open("dl", "")
		t.children(n)
		t.close("dl", -1)
	case *east.DefinitionTerm:
		t.open("dt", "")
		t.children(n)
		t.close("dt", t.blockEnd(n))
	case *east.DefinitionDescription:
		t.open("dd", "")
		t.children(n)
		t.close("dd", -1)
	case *ast.Text:
		s := n.Segment
		t.textAt(s.Start, s.Stop, true)
		switch {
		case n.HardLineBreak():
			t.void("br", "")
		case n.SoftLineBreak():
			t.toks = append(t.toks, tok{kind: tText, text: "\n", pos: -1, end: -1, force: keep})
		}
	case *ast.String:
		t.word(string(n.Value))
	case *ast.CodeSpan:
		t.openInline("code", "", n.Pos())
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if tx, ok := c.(*ast.Text); ok {
				s := tx.Segment
				// A line break inside a code span reads as a space.
				from := len(t.toks)
				t.textAt(s.Start, s.Stop, false)
				for k := from; k < len(t.toks); k++ {
					t.toks[k].text = strings.ReplaceAll(t.toks[k].text, "\n", " ")
				}
			} else if st, ok := c.(*ast.String); ok {
				t.word(string(st.Value))
			}
		}
		t.close("code", -1)
	case *ast.Emphasis:
		tag := "em"
		if n.Level >= 2 {
			tag = "strong"
		}
		t.openInline(tag, "", n.Pos())
		t.children(n)
		t.close(tag, -1)
	case *ast.Link:
		t.link(n)
	case *ast.Image:
		// No image is fetched: the reader sees its description, and
		// the change of its address as a link's.
		t.openInline("span", ` class="rl-img"`, n.Pos())
		t.children(n)
		t.close("span", -1)
		if n.Reference == nil {
			t.destination(n.Destination)
		}
	case *ast.AutoLink:
		t.autoLink(n)
	case *ast.RawHTML:
		segs := n.Segments
		if segs.Len() == 1 {
			s := segs.At(0)
			if brTag.Match(src[s.Start:s.Stop]) {
				t.void("br", "")
				t.lastSrc = max(t.lastSrc, s.Stop)
				return
			}
		}
		for i := 0; i < segs.Len(); i++ {
			s := segs.At(i)
			t.textAt(s.Start, s.Stop, false)
		}
	default:
		t.children(n)
	}
}

func (t *tree) table(n *east.Table) {
	t.open("table", "")
	body := false
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		if h, ok := r.(*east.TableHeader); ok && !t.headless(h) {
			t.open("thead", "")
			t.open("tr", "")
			t.cells(h, "th")
			t.close("tr", -1)
			t.close("thead", -1)
			continue
		}
		if !body {
			t.open("tbody", "")
			body = true
		}
		t.open("tr", "")
		t.cells(r, "td")
		t.close("tr", -1)
	}
	if body {
		t.close("tbody", -1)
	}
	t.close("table", -1)
}

// headless reports whether the delimiter row under a table's header was
// added by prepare: the "header" is a body row shown alone.
func (t *tree) headless(h *east.TableHeader) bool {
	if len(t.p.headless) == 0 {
		return false
	}
	src := t.p.src
	p := h.Pos()
	if p < 0 || p >= len(src) {
		return false
	}
	nl := bytes.IndexByte(src[p:], '\n')
	return nl >= 0 && t.p.headless[p+nl+1]
}

// cells renders a row's cells; a cell's deletions are those up to the
// pipe after it.
func (t *tree) cells(row ast.Node, tag string) {
	src := t.p.src
	for c := row.FirstChild(); c != nil; c = c.NextSibling() {
		limit := -1
		if lines := c.Lines(); lines != nil && lines.Len() > 0 {
			e := lines.At(lines.Len() - 1).Stop
			for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
				e++
			}
			limit = t.at(e)
			if limit < 0 {
				limit = t.blockEnd(c)
			}
		}
		t.open(tag, "")
		t.children(c)
		t.close(tag, limit)
	}
}

func (t *tree) link(n *ast.Link) {
	href := t.href(n.Destination)
	if href != "" {
		t.openInline("a", ` href="`+escape(href)+`"`, n.Pos())
		t.toks[len(t.toks)-1].href = href
	} else {
		t.open("span", ` class="rl-link"`)
	}
	t.children(n)
	if href != "" {
		t.close("a", -1)
	} else {
		t.close("span", -1)
	}
	// A reference link's destination is elsewhere.
	if n.Reference == nil {
		t.destination(n.Destination)
	}
}

// destination records where the destination of the link (or image)
// just closed is in the text: after its text, in "](dest)".
func (t *tree) destination(dest []byte) {
	if len(dest) == 0 {
		return
	}
	src := t.p.src
	from := t.lastSrc
	window := src[from:min(len(src), from+64+len(dest))]
	k := bytes.Index(window, []byte("]("))
	if k < 0 {
		return
	}
	d := bytes.Index(window[k:], dest)
	if d < 0 {
		return
	}
	start := from + k + d
	end := start + len(dest)
	a, b := t.at(start), t.at(end-1)
	if a < 0 || b < 0 || b-a != end-1-start {
		return
	}
	t.links = append(t.links, linkAt{tok: len(t.toks) - 1, from: a, to: b + 1, dest: string(dest)})
	t.lastSrc = max(t.lastSrc, end)
}

func (t *tree) autoLink(n *ast.AutoLink) {
	label := n.Label(t.p.src)
	href := t.href(n.URL(t.p.src))
	if href != "" {
		t.open("a", ` href="`+escape(href)+`"`)
		t.toks[len(t.toks)-1].href = href
	} else {
		t.open("span", ` class="rl-link"`)
	}
	p := n.Pos()
	src := t.p.src
	switch {
	case p >= 0 && bytes.HasPrefix(src[p:], label):
		t.textAt(p, p+len(label), false)
	case p >= 0 && p+1 < len(src) && bytes.HasPrefix(src[p+1:], label):
		t.textAt(p+1, p+1+len(label), false)
	default:
		t.word(string(label))
	}
	if href != "" {
		t.close("a", -1)
	} else {
		t.close("span", -1)
	}
}

// href is a link's destination as the reader's browser gets it: resolved
// as goldmark resolves it, against the page's public address, and only
// when present.SafeURL passes it.
func (t *tree) href(dest []byte) string {
	d := string(util.URLEscape(dest, true))
	if d == "" {
		return ""
	}
	if t.base != nil {
		if u, err := url.Parse(d); err == nil && !u.IsAbs() {
			d = t.base.ResolveReference(u).String()
		}
	}
	return present.SafeURL(d)
}

// renderSide parses a side's text and returns its tokens; it reports
// false for a text too costly to parse (see cost).
func renderSide(text string, base *url.URL) (*tree, bool) {
	p := prepare(text)
	if tooCostly(p.src) {
		return nil, false
	}
	t := &tree{p: p, s: string(p.src), base: base, toks: make([]tok, 0, len(p.src)/8+8)}
	t.node(parse(p))
	return t, true
}

// textPieces are a side's text tokens that have a place, by place.
func (t *tree) textPieces() []tok {
	var out []tok
	for _, k := range t.toks {
		if k.kind == tText && k.pos >= 0 {
			out = append(out, k)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}
