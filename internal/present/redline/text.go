package redline

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
)

// The text form of a redline is the same reading as Change's HTML (the
// same overlay of the word diff, the same goldmark tree, the same walk),
// handed on as blocks of runs for the outputs that are not HTML: the
// terminal and Markdown. A reader of either sees what the page shows,
// not its Markdown: a link's text without "](…)", a heading without its
// underline, a table row as its cells, a line break where <br> was, an
// escape as the character it stands for.

// Op says what happened to a run of text.
type Op uint8

const (
	Equal  Op = iota // as it stands in both versions
	Insert           // inserted by the change
	Delete           // deleted by the change
)

// Style is how the page sets a run: a set of flags.
type Style uint8

const (
	Emphasis Style = 1 << iota
	Strong
	Code   // a code span (not a code block: see CodeBlock)
	Strike // struck through in the document itself (~~…~~), not deleted
	Link   // the text of a link; Run.URL is its address
	// Target is what redline adds after a link whose target changed,
	// " (old → new)", or after a deleted link, " (old)": the old target
	// deleted, the new inserted, the rest equal.
	Target
)

// RunKind says what a run is.
type RunKind uint8

const (
	Words RunKind = iota // text
	Break                // a line break inside the block (<br>, a hard line break)
	Cell                 // the boundary between two cells of a table row
)

// Run is a piece of a block's text with one mark and one style.
type Run struct {
	Kind  RunKind
	Op    Op
	Text  string // for Words: as the reader sees it (no Markdown, not escaped)
	Style Style
	// URL, for a Link, is its address resolved against TextOptions.Base
	// and passed by present.SafeURL; "" for an address that did not pass.
	URL string
}

// BlockKind says what a block is.
type BlockKind uint8

const (
	Para      BlockKind = iota // a paragraph (or a list item's text)
	Heading                    // Block.Level is its level
	Row                        // a table row: its cells split by Cell runs
	CodeBlock                  // lines as they are written: its text keeps its line breaks
	Rule                       // a thematic break: no runs
)

// Block is one block of the rendered change.
type Block struct {
	Kind  BlockKind
	Level int // a Heading's level, 1 to 6
	// Depth is how many list items the block sits in, its own included
	// when it opens one (Marker).
	Depth int
	// Marker, on the first block of a list item, is its bullet: "-" or
	// the item's number ("3.").
	Marker string
	Quote  int  // how many block quotes it sits in
	Header bool // a Row of a table's header
	// Tight says the block follows the one before it with no blank line:
	// an item after an item, a row after a row.
	Tight bool
	Runs  []Run
}

// TextOptions says how to read a change as text.
type TextOptions struct {
	// Base is the public address of the page the change is in, against
	// which relative links resolve; "" leaves them as written.
	Base string
}

// Text reads a change as blocks of text with its insertions and
// deletions marked in place, as Change shows it: a change the word diff
// cannot be laid onto shows the old blocks deleted and the new ones
// inserted. Text from the document is as it is (control characters
// included): each output escapes it for its medium.
func Text(c *classify.Change, opt TextOptions) []Block {
	if c == nil || c.Old == nil && c.New == nil {
		return nil
	}
	c = validChange(c)
	w := &textWriter{base: baseURL(opt.Base)}
	switch {
	case c.Op == classify.OpFrontMatter:
		w.spans(present.Spans(c))
	case c.New == nil:
		w.whole(c.Old.Text, deleted)
	case c.Old == nil:
		w.whole(c.New.Text, inserted)
	case len(c.Inline) == 0:
		w.unaligned(c.Old.Text, c.New.Text)
	default:
		ov, ok := overlayOf(c.Inline, c.Old.Text, c.New.Text)
		switch {
		case ok && !tableCut(ov):
			t, frag := inlineView(ov, w.base)
			w.walk(t, ov.newMarks, ov.dels, frag, ov)
		case allEqual(c.Inline):
			w.whole(c.New.Text, unmarked)
		default:
			w.unaligned(c.Old.Text, c.New.Text)
		}
	}
	w.endBlock()
	return w.blocks
}

// textWriter builds blocks from the walk of a side's tokens.
type textWriter struct {
	base   *url.URL
	blocks []Block
	cur    *Block // the block being written; nil between blocks
	// openMark is the mark a text with keep (a soft line break) goes on
	// with: the mark of the text before it, across the elements between,
	// so that an insertion around a link reads as one.
	openMark mark
	// effects are what each open element does to the text inside it.
	effects []effect
	style   Style
	links   []string // the addresses of the links open
	lists   []list
	quote   int
	pre     int  // inside a code block (or raw HTML shown as code)
	header  bool // inside a table's header
	inTable bool
	cellN   int // the cells opened in the row being written
	// cell says a cell of a row is open, and cellRuns how many runs the
	// row had when it opened; lines says the cell's next text starts a
	// line of its own (a paragraph or an item of an HTML table's cell,
	// which a row shows between line breaks).
	cell     bool
	cellRuns int
	lines    bool
	// marker is the bullet of a list item whose first block is to come.
	marker string
	// tight says the next block that opens a list item or a row follows
	// the last block with no blank line.
	tight bool
	// tail holds the text of the last run while runs are joined onto it
	// (growing).
	tail    strings.Builder
	growing bool
}

type effect struct {
	style   Style
	link    bool
	bracket bool // a footnote number, shown as "[1]"
	image   bool // an image's description, shown as "[▣ description]"
	mark    mark // the image's
}

type list struct {
	ordered bool
	next    int
}

func (w *textWriter) walk(t *tree, marks []mark, dels []deletion, frag func(deletion) shown, ov *overlay) {
	walk(t, marks, dels, frag, ov, w)
	w.endBlock()
	w.openMark = unmarked
}

func (w *textWriter) whole(text string, m mark) {
	text = nfc(text)
	w.walk(sideTree(text, w.base), fill(text, m), nil, nil, nil)
}

func (w *textWriter) unaligned(old, new string) {
	if sameWords(old, new) {
		w.whole(new, unmarked)
		return
	}
	w.whole(old, deleted)
	w.tight = false
	w.whole(new, inserted)
}

// spans shows spans as one paragraph of text (front matter, which is not
// Markdown).
func (w *textWriter) spans(spans []align.Span) {
	w.startBlock(Para)
	for _, sp := range spans {
		switch sp.Op {
		case align.SpanInsert:
			w.add(Run{Op: Insert, Text: sp.Text})
		case align.SpanDelete:
			w.add(Run{Op: Delete, Text: sp.Text})
		default:
			w.add(Run{Text: sp.Text})
		}
	}
	w.endBlock()
}

func opOf(m mark) Op {
	switch m {
	case inserted:
		return Insert
	case deleted:
		return Delete
	}
	return Equal
}

// startBlock ends the block being written and opens one of kind.
func (w *textWriter) startBlock(kind BlockKind) *Block {
	w.endBlock()
	b := Block{Kind: kind, Depth: len(w.lists), Quote: w.quote, Marker: w.marker}
	switch {
	case kind == Row:
		b.Header = w.header
		b.Tight = w.tight && w.inTable
	case b.Marker != "":
		b.Tight = w.tight
	}
	w.marker = ""
	w.blocks = append(w.blocks, b)
	w.cur = &w.blocks[len(w.blocks)-1]
	return w.cur
}

// endBlock ends the block being written; one with nothing in it is
// dropped (a thematic break has nothing, and stays).
func (w *textWriter) endBlock() {
	if w.cur == nil {
		return
	}
	w.settle()
	if len(w.cur.Runs) == 0 && w.cur.Kind != Rule && w.cur.Marker == "" {
		w.blocks = w.blocks[:len(w.blocks)-1]
	}
	w.tight = w.cur.Kind == Row || w.cur.Depth > 0
	w.cur = nil
}

// add appends a run to the block being written (opening a paragraph if
// none is), joined to the run before it when they match.
func (w *textWriter) add(r Run) {
	if r.Kind == Words && r.Text == "" {
		return
	}
	if w.cur == nil {
		w.startBlock(Para)
	}
	if w.lines && w.cell && r.Kind == Words {
		w.lines = false
		if len(w.cur.Runs) > w.cellRuns {
			w.add(Run{Kind: Break})
		}
	}
	rs := w.cur.Runs
	if n := len(rs); n > 0 && w.growing && r.Kind == Words && rs[n-1].Op == r.Op && rs[n-1].Style == r.Style && rs[n-1].URL == r.URL {
		// Joined in a builder, not by +=: a megabyte paragraph is
		// tens of thousands of pieces.
		w.tail.WriteString(r.Text)
		return
	}
	w.settle()
	w.cur.Runs = append(w.cur.Runs, r)
	if r.Kind == Words {
		w.growing = true
		w.tail.WriteString(r.Text)
	}
}

// settle gives the last run of the block being written the text joined
// onto it.
func (w *textWriter) settle() {
	if !w.growing {
		return
	}
	w.growing = false
	if w.cur != nil && len(w.cur.Runs) > 0 {
		w.cur.Runs[len(w.cur.Runs)-1].Text = w.tail.String()
	}
	w.tail = strings.Builder{}
}

func (w *textWriter) words(s string, m mark, style Style) {
	addr := ""
	if style&Link != 0 && len(w.links) > 0 {
		addr = w.links[len(w.links)-1]
	}
	w.add(Run{Op: opOf(m), Text: s, Style: style, URL: addr})
}

func (w *textWriter) text(s string, m mark) {
	if m == keep {
		m = w.openMark
		if w.pre == 0 {
			// A soft line break reads as a space.
			s = strings.ReplaceAll(s, "\n", " ")
		}
	} else {
		w.openMark = m
	}
	w.words(s, m, w.style)
}

func (w *textWriter) deletion(s shown) {
	if n := len(w.blocks); w.cur == nil && n > 0 && w.marker == "" && w.blocks[n-1].Kind != Rule {
		// A deletion after the last block closed (at the end of the
		// text): where it stood, at the end of that block.
		w.cur = &w.blocks[n-1]
	}
	w.text(s.text, deleted)
	for _, dest := range s.targets {
		st := w.style&^Link | Target
		w.words(" (", unmarked, st)
		w.words(dest, deleted, st)
		w.words(")", unmarked, st)
	}
}

func (w *textWriter) target(old, new string) {
	st := w.style&^Link | Target
	w.words(" (", unmarked, st)
	w.words(old, deleted, st)
	w.words(" → ", unmarked, st)
	w.words(new, inserted, st)
	w.words(")", unmarked, st)
}

// class reads the class attribute the tree gave an element.
func class(attrs string) string {
	const key = ` class="`
	i := strings.Index(attrs, key)
	if i < 0 {
		return ""
	}
	rest := attrs[i+len(key):]
	if j := strings.IndexByte(rest, '"'); j >= 0 {
		return rest[:j]
	}
	return ""
}

func (w *textWriter) open(k tok, _ string, m mark) {
	var e effect
	if w.cell && w.inCell(k, m, true) {
		w.effects = append(w.effects, e)
		return
	}
	switch k.tag {
	case "p", "dt":
		w.startBlock(Para)
	case "h1", "h2", "h3", "h4", "h5", "h6":
		w.startBlock(Heading).Level = int(k.tag[1] - '0')
	case "pre":
		w.startBlock(CodeBlock)
		w.pre++
	case "div":
		if class(k.attrs) == "rl-footnote" {
			w.startBlock(Para)
		}
	case "dd":
		w.endBlock()
		w.lists = append(w.lists, list{})
	case "blockquote":
		w.endBlock()
		w.quote++
	case "ul", "ol":
		w.endBlock()
		l := list{ordered: k.tag == "ol", next: 1}
		if i := strings.Index(k.attrs, `start="`); i >= 0 {
			s := k.attrs[i+len(`start="`):]
			if n, err := strconv.Atoi(s[:max(strings.IndexByte(s, '"'), 0)]); err == nil {
				l.next = n
			}
		}
		w.lists = append(w.lists, l)
	case "li":
		w.endBlock()
		w.marker = "-"
		if n := len(w.lists); n > 0 && w.lists[n-1].ordered {
			w.marker = strconv.Itoa(w.lists[n-1].next) + "."
			w.lists[n-1].next++
		}
	case "table":
		w.endBlock()
		w.inTable, w.tight = true, false
	case "thead":
		w.header = true
	case "tr":
		w.startBlock(Row)
		w.cellN = 0
	case "td", "th":
		if w.cur != nil && w.cur.Kind == Row && w.cellN > 0 {
			w.add(Run{Kind: Cell})
		}
		w.cellN++
		w.cell, w.lines = true, false
		if w.cur != nil {
			w.settle()
			w.cellRuns = len(w.cur.Runs)
		}
	case "em":
		e.style = Emphasis
	case "strong":
		e.style = Strong
	case "s":
		e.style = Strike
	case "code":
		if w.pre == 0 {
			e.style = Code
		}
	case "a":
		e.style, e.link = Link, true
		w.links = append(w.links, k.href)
	case "span":
		switch class(k.attrs) {
		case "rl-link":
			// A link whose address did not pass: its text, no address.
			e.style, e.link = Link, true
			w.links = append(w.links, "")
		case "rl-img":
			// An image: its description, as the HTML's style shows it,
			// marked as its markup is.
			e.image, e.mark = true, m
			w.words("[▣ ", m, w.style)
		}
	case "sup":
		e.bracket = true
		w.words("[", unmarked, w.style)
	}
	e.style &^= w.style
	w.style |= e.style
	w.effects = append(w.effects, e)
}

func (w *textWriter) close(k tok) {
	if w.cell && w.inCell(k, unmarked, false) {
		w.popEffect()
		return
	}
	switch k.tag {
	case "td", "th":
		w.cell, w.lines = false, false
	case "p", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "li":
		w.endBlock()
	case "pre":
		w.endBlock()
		w.pre = max(w.pre-1, 0)
	case "div":
		if w.cur != nil && w.cur.Kind == Para {
			w.endBlock()
		}
	case "dd":
		w.endBlock()
		if n := len(w.lists); n > 0 {
			w.lists = w.lists[:n-1]
		}
	case "blockquote":
		w.endBlock()
		w.quote = max(w.quote-1, 0)
	case "ul", "ol":
		w.endBlock()
		if n := len(w.lists); n > 0 {
			w.lists = w.lists[:n-1]
		}
		w.marker = ""
		w.tight = len(w.lists) > 0
	case "table":
		w.endBlock()
		w.inTable, w.tight = false, false
	case "thead":
		w.header = false
	case "tr":
		w.endBlock()
	}
	w.popEffect()
}

// popEffect ends what the element just closed did to the text inside it.
func (w *textWriter) popEffect() {
	n := len(w.effects)
	if n == 0 {
		return
	}
	e := w.effects[n-1]
	w.effects = w.effects[:n-1]
	if e.bracket {
		w.words("]", unmarked, w.style)
	}
	if e.image {
		w.words("]", e.mark, w.style)
	}
	w.style &^= e.style
	if e.link && len(w.links) > 0 {
		w.links = w.links[:len(w.links)-1]
	}
}

// inCell reads the block elements an HTML table's cell may hold (see
// htmlTable): a row is one line of the table, so its cell's paragraphs
// and list items are lines of the cell, split by line breaks, an item
// with its bullet. It reports whether k was one.
func (w *textWriter) inCell(k tok, m mark, opening bool) bool {
	switch k.tag {
	case "p":
		w.lines = true
	case "ul", "ol":
		if opening {
			w.lists = append(w.lists, list{ordered: k.tag == "ol", next: 1})
		} else if n := len(w.lists); n > 0 {
			w.lists = w.lists[:n-1]
		}
		w.lines = true
	case "li":
		w.lines = true
		if opening {
			marker := "- "
			if n := len(w.lists); n > 0 && w.lists[n-1].ordered {
				marker = strconv.Itoa(w.lists[n-1].next) + ". "
				w.lists[n-1].next++
			}
			w.words(marker, m, w.style)
		}
	default:
		return false
	}
	return true
}

func (w *textWriter) void(k tok) {
	switch k.tag {
	case "br":
		if w.cur != nil {
			w.add(Run{Kind: Break})
		}
	case "hr":
		w.startBlock(Rule)
		w.endBlock()
	}
}

// Reading is a block of Markdown as a reader reads it, on one line: link
// and emphasis markup gone, a table row's cells split by " | ", list
// markers kept. Text from the document is as it is: each output escapes
// it for its medium.
func Reading(text string) string {
	w := &textWriter{}
	w.whole(validText(text), unmarked)
	w.endBlock()
	var b strings.Builder
	for i, bl := range w.blocks {
		if i > 0 {
			b.WriteByte(' ')
		}
		if bl.Marker != "" {
			b.WriteString(bl.Marker + " ")
		}
		for _, r := range bl.Runs {
			switch r.Kind {
			case Words:
				b.WriteString(r.Text)
			case Break:
				b.WriteByte(' ')
			case Cell:
				b.WriteString(" | ")
			}
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
