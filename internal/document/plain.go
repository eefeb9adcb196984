package document

import (
	"bytes"
	"unsafe"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/norm"
)

// plainer builds a block's Plain text and Links from its syntax tree,
// reading text from the original body (goldmark saw shortcodes masked).
type plainer struct {
	b      *body
	within *span
	buf    []byte
	links  []string
}

func (p *plainer) leaf(l leaf) {
	for i, n := range l.nodes {
		if i > 0 {
			p.space()
		}
		if l.kind == TableRow {
			p.row(n)
			continue
		}
		p.block(n)
	}
}

func (p *plainer) space() { p.buf = append(p.buf, ' ') }

func (p *plainer) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		p.lines(n, false)
	case *ast.HTMLBlock:
		p.lines(n, true)
		if n.HasClosure() {
			p.html(n.ClosureLine.Start, n.ClosureLine.Stop)
		}
	case *ast.ThematicBreak:
	case *east.Table:
		for r := n.FirstChild(); r != nil; r = r.NextSibling() {
			p.row(r)
			p.space()
		}
	case *ast.List, *ast.Blockquote, *ast.ListItem, *ast.Document,
		*east.DefinitionList, *east.DefinitionDescription, *east.Footnote, *east.FootnoteList:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			p.block(c)
			p.space()
		}
	default:
		// Headings, paragraphs, text blocks, definition terms: inline
		// content.
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if p.within != nil && (c.Pos() < p.within.start || c.Pos() >= p.within.end) {
				continue
			}
			p.inline(c)
		}
	}
}

// row writes a table row's cells joined with " | ".
func (p *plainer) row(r ast.Node) {
	for c := r.FirstChild(); c != nil; c = c.NextSibling() {
		if c != r.FirstChild() {
			p.buf = append(p.buf, " | "...)
		}
		p.block(c)
	}
}

func (p *plainer) lines(n ast.Node, html bool) {
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		if html {
			p.html(seg.Start, seg.Stop)
		} else {
			p.buf = append(p.buf, p.b.src[seg.Start:seg.Stop]...)
		}
		p.space()
	}
}

// inline writes the inline node n and what is inside it. It walks the
// tree with a loop, not by recursion: emphasis may nest deeply.
func (p *plainer) inline(n ast.Node) {
	root := n
	for {
		if p.visit(n) && n.FirstChild() != nil {
			n = n.FirstChild()
			continue
		}
		for n != root && n.NextSibling() == nil {
			n = n.Parent()
		}
		if n == root {
			return
		}
		n = n.NextSibling()
	}
}

// visit writes what n itself shows and reports whether what is inside
// it is to be written too.
func (p *plainer) visit(n ast.Node) bool {
	src := p.b.src
	switch n := n.(type) {
	case *ast.Text:
		p.text(n.Segment.Start, n.Segment.Stop)
		if n.SoftLineBreak() || n.HardLineBreak() {
			p.space()
		}
		return false
	case *ast.String:
		p.buf = append(p.buf, n.Value...)
		return false
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				p.buf = append(p.buf, src[t.Segment.Start:t.Segment.Stop]...)
			}
		}
		return false
	case *ast.Link:
		p.link(n.Pos(), n.Destination)
	case *ast.Image:
		p.link(n.Pos(), n.Destination)
	case *ast.AutoLink:
		p.buf = append(p.buf, n.Label(src)...)
		p.links = append(p.links, string(n.URL(src)))
		return false
	case *ast.RawHTML:
		return false
	case *east.FootnoteLink:
		p.footnoteRef(n.Pos())
		return false
	case *east.TaskCheckBox:
		if n.IsChecked {
			p.buf = append(p.buf, "[x] "...)
		} else {
			p.buf = append(p.buf, "[ ] "...)
		}
		return false
	}
	return true
}

// text writes src[start:end] as it reads on the page: backslash escapes
// and entities resolved, shortcodes verbatim.
func (p *plainer) text(start, end int) {
	src := p.b.src
	for _, c := range overlapping(p.b.codes, start, end) {
		if c.start > start {
			p.buf = append(p.buf, unescape(src[start:c.start])...)
		}
		s := max(c.start, start)
		e := min(c.end, end)
		p.buf = append(p.buf, src[s:e]...)
		start = e
	}
	if start < end {
		p.buf = append(p.buf, unescape(src[start:end])...)
	}
}

func unescape(b []byte) []byte {
	if bytes.IndexByte(b, '\\') >= 0 {
		b = util.UnescapePunctuations(b)
	}
	if bytes.IndexByte(b, '&') >= 0 {
		b = util.ResolveEntityNames(util.ResolveNumericReferences(b))
	}
	return b
}

// link records a link or image destination. goldmark read it from the
// masked body, so a destination that is a shortcode ("{{< ref x >}}")
// would come back as "xxxx": find it near the link and read the original.
func (p *plainer) link(pos int, dest []byte) {
	d := string(dest)
	// A masked shortcode is at least six x's ("{{<>}}"); a destination
	// without them is the original already.
	if len(p.b.codes) > 0 && bytes.Contains(dest, []byte("xxxxxx")) && pos >= 0 && pos < len(p.b.masked) {
		const window = 4 << 10
		end := min(len(p.b.masked), pos+window+len(dest))
		if i := bytes.Index(p.b.masked[pos:end], dest); i >= 0 {
			s := pos + i
			if len(overlapping(p.b.codes, s, s+len(dest))) > 0 {
				d = string(p.b.src[s : s+len(dest)])
			}
		}
	}
	p.links = append(p.links, d)
}

// footnoteRef writes a footnote reference as written, "[^1]": goldmark
// keeps only its number.
func (p *plainer) footnoteRef(pos int) {
	src := p.b.src
	if pos < 0 || pos >= len(src) {
		return
	}
	if src[pos] == '!' {
		pos++
	}
	const limit = 1024
	end := min(len(src), pos+limit)
	if i := bytes.IndexByte(src[pos:end], ']'); i >= 0 {
		p.buf = append(p.buf, src[pos:pos+i+1]...)
	}
}

// html writes the text of HTML source src[start:end] without its tags and
// comments; shortcodes inside are kept.
func (p *plainer) html(start, end int) {
	src := p.b.src
	var txt []byte
	for i := start; i < end; {
		if k := shortcodeAt(p.b.codes, i); k >= 0 {
			e := min(p.b.codes[k].end, end)
			p.buf = append(p.buf, unescape(txt)...)
			p.buf = append(p.buf, src[i:e]...)
			txt, i = txt[:0], e
			continue
		}
		if src[i] == '<' && i+1 < end {
			if bytes.HasPrefix(src[i:end], []byte("<!--")) {
				if j := bytes.Index(src[i+4:end], []byte("-->")); j >= 0 {
					i += 4 + j + 3
					continue
				}
				break // the comment runs on past this line
			}
			if c := src[i+1]; c == '/' || c == '!' || c == '?' || c|0x20 >= 'a' && c|0x20 <= 'z' {
				if j := bytes.IndexByte(src[i:end], '>'); j >= 0 {
					txt = append(txt, ' ')
					i += j + 1
					continue
				}
				break // a tag split over lines: drop the rest of the line
			}
		}
		txt = append(txt, src[i])
		i++
	}
	p.buf = append(p.buf, unescape(txt)...)
}

// normalize returns s in Unicode NFC with each run of white space
// collapsed to one space and none at either end. White space is what
// CommonMark counts as such (space, tab, line feed, carriage return,
// form feed, vertical tab); a no-break space and other Unicode spaces
// are text, since typing one is a deliberate edit ("10 000 kr").
func normalize(s []byte) string {
	// A copy made by append is not cleared first.
	return collapse(append([]byte(nil), s...))
}

// normalizeString is normalize of s. It returns s itself when s is
// normalized already, as a line of text often is, so that the two share
// their memory.
func normalizeString(s string) string {
	if normalized(s) {
		return s
	}
	// normalize only reads what it is given.
	return normalize(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// normalized reports whether normalize would return s unchanged.
func normalized(s string) bool {
	combining := false
	last := byte(' ') // no space at the start
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch byteClass[c] {
		case spaceClass:
			if c != ' ' || last == ' ' {
				return false
			}
		case combiningClass:
			if !punctuation(s[i:]) {
				combining = true
			}
		}
		last = c
	}
	return last != ' ' && (!combining || norm.NFC.IsNormalString(s))
}

// collapse is normalize of buf, done in buf, whose memory the string
// returned may share: the caller must not use buf again.
func collapse(buf []byte) string {
	// This runs three times per block of every version of every page:
	// words are moved down over the white space dropped before them (in
	// most text none is, and nothing moves), and text made only of
	// characters below U+0300 (ASCII and the Latin letters of bokmål and
	// English, whose UTF-8 lead bytes are below 0xCC) and punctuation is
	// NFC already, which spares the normal-form check: none of them
	// combines with a neighbour.
	w := 0 // the collapsed text so far is buf[:w]
	combining := false
	for i := 0; i < len(buf); {
		for i < len(buf) && byteClass[buf[i]] == spaceClass {
			i++
		}
		j := i
		for j < len(buf) {
			c := byteClass[buf[j]]
			if c == spaceClass {
				break
			}
			if c == combiningClass {
				if punctuation(buf[j:]) {
					j += 3
					continue
				}
				combining = true
			}
			j++
		}
		if j > i {
			if w > 0 {
				buf[w] = ' '
				w++
			}
			if w != i {
				copy(buf[w:], buf[i:j])
			}
			w += j - i
		}
		i = j
	}
	if w == 0 {
		return ""
	}
	str := unsafe.String(unsafe.SliceData(buf), w)
	if !combining || norm.NFC.IsNormalString(str) {
		return str
	}
	return norm.NFC.String(str)
}

// punctuation reports whether s starts with a character from U+2002 to
// U+20BF (Unicode spaces, dashes, curly quotes, ellipsis, currency
// signs): like those below U+0300 they are NFC and combine with nothing
// before them, and pages are full of them.
func punctuation[T string | []byte](s T) bool {
	return len(s) >= 3 && s[0] == 0xE2 && s[1] >= 0x80 && s[1] <= 0x82 && s[2] >= 0x80 && s[2] <= 0xBF && (s[1] != 0x80 || s[2] >= 0x82)
}

// byteClass sorts bytes for collapse: white space, lead bytes of
// characters from U+0300 on, and the rest.
var byteClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case spaceByte[c]:
			t[c] = spaceClass
		case c >= 0xCC:
			t[c] = combiningClass
		}
	}
	return t
}()

const (
	textClass = iota
	spaceClass
	combiningClass
)

// spaceByte is isSpace as a table, for the loops over every byte.
var spaceByte = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true}

// stripQuoteMarkers blanks up to depth block-quote markers at the start
// of each line, so that re-wrapping a quoted paragraph (which moves words
// across the "> " prefixes) does not change its Norm.
func stripQuoteMarkers(s []byte, depth int) []byte {
	out := bytes.Clone(s)
	atLine := true
	n := 0
	for i, c := range out {
		if c == '\n' {
			atLine, n = true, 0
			continue
		}
		if !atLine {
			continue
		}
		switch {
		case c == ' ' || c == '\t' || c == '\r':
		case c == '>' && n < depth:
			out[i] = ' '
			n++
		default:
			atLine = false
		}
	}
	return out
}
