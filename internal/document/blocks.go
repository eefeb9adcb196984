package document

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
)

// leaf is a block found in the syntax tree, before spans are assigned.
type leaf struct {
	kind  Kind
	level int
	pos   int // a body offset on the block's first line
	quote int // depth of block quotes around the block
	nodes []ast.Node
	// within, when set, restricts a paragraph's inline content to a
	// range: a paragraph split around shortcode lines.
	within *span
}

// body holds what one parse of a body needs. ParseNext parses a tail of
// a body (from a block boundary on) the same way; offsets are then into
// that tail.
type body struct {
	src    []byte // the original body
	masked []byte // what goldmark parsed
	codes  []span // shortcodes in src
	heads  []head
	leaves []leaf
	// held is how many leaves the parse put in the memory of leaves,
	// the most it held: release clears those, the rest is clear.
	held int
	// nodeHead maps a heading node to its index in heads.
	nodeHead map[ast.Node]int
	// unplaced is set when a node had no position of its own or of its
	// lines or children: it is placed at 0, which is only right when the
	// parse starts at the top of the body.
	unplaced bool
	// work is Limits.MaxParseWork.
	work int
	// plain is fill's buffer for the visible text of a block.
	plain []byte
	// scratch is where leaves and plain came from and go back to.
	scratch *bodyScratch
}

// bodyScratch is the memory a parse of a body works in and leaves
// behind when done: its leaves and fill's buffer. It goes back to a
// pool, so that the next parse reuses it instead of growing its own
// (appending leaf by leaf allocated twice what the leaves take).
type bodyScratch struct {
	leaves []leaf
	plain  []byte
}

// maxLeafScratch and maxPlainScratch are the largest leaves (in leaves)
// and buffer (in bytes) that go back to the pool, so that what it holds
// stays small.
const (
	maxLeafScratch  = 1 << 14
	maxPlainScratch = 1 << 20
)

var bodyPool = sync.Pool{New: func() any { return new(bodyScratch) }}

// newBody returns a body for src, with memory from the pool.
func newBody(src []byte, codes []span, work int) *body {
	s := bodyPool.Get().(*bodyScratch)
	return &body{src: src, codes: codes, work: work, leaves: s.leaves[:0], plain: s.plain[:0], scratch: s}
}

// release gives b's leaves and buffer back to the pool, the leaves
// cleared so that the pool keeps no tree alive. b is not used again.
func (b *body) release() {
	if cap(b.leaves) > maxLeafScratch || cap(b.plain) > maxPlainScratch {
		return
	}
	clear(b.leaves[:min(b.held, cap(b.leaves))])
	*b.scratch = bodyScratch{b.leaves[:0], b.plain[:0]}
	bodyPool.Put(b.scratch)
}

// head is one heading of the page, in source order, with what its id is
// made from. A page's headings are kept with its blocks because the
// "-1" suffixes make each id depend on every heading before it, and some
// headings (inside list items and footnotes) are not blocks.
type head struct {
	pos      int    // body offset of the heading
	id       string // the explicit {#id}, or the automatic id before de-duplication
	explicit bool
	block    bool // the heading is a Heading block (not inside a list item or footnote)
}

func parseBody(doc *Document, lines lineIndex, lim Limits) ([]Block, []head, error) {
	src := doc.Source[doc.BodyStart:]
	if blankLine(src, false) {
		return nil, []head{}, nil
	}
	b := newBody(src, shortcodes(src), lim.MaxParseWork)
	b.masked = mask(src, b.codes)
	if _, p := b.parse(b.masked); p != nil {
		return nil, nil, &Error{Path: doc.Path, Line: lines.line(doc.BodyStart + p.off), Msg: p.msg, Hint: p.hint}
	}
	blocks := b.blocks(len(src))
	if len(blocks) == 0 {
		// Only link reference definitions or the like: no block in the
		// tree, but text all the same.
		start := 0
		for start < len(src) && blankLine(src[start:lineEnd(src, start)], false) {
			start = lineEnd(src, start)
		}
		blocks = []Block{{Kind: Paragraph, Start: start, End: textEnd(src, start, len(src), false)}}
		b.leaves = []leaf{{kind: Paragraph}}
	}
	if lim.MaxBlocks > 0 && len(blocks) > lim.MaxBlocks {
		return nil, nil, &Error{Path: doc.Path,
			Msg:  fmt.Sprintf("page has %d blocks, more than the limit of %d", len(blocks), lim.MaxBlocks),
			Hint: "raise the limit with --max-blocks if the page is meant to be this large"}
	}
	b.fill(blocks, lineCounter(src, lines.line(doc.BodyStart)))
	b.release()
	for i := range blocks {
		blk := &blocks[i]
		blk.Start, blk.End = doc.BodyStart+blk.Start, len(doc.Source)
		if i == 0 {
			blk.Start = doc.BodyStart
		}
		if i > 0 {
			blocks[i-1].End = blk.Start
		}
	}
	sections(blocks, b.heads)
	return blocks, b.heads, nil
}

// parse runs goldmark over masked (b.masked or a prefix of it) and
// records the page's headings and leaf blocks in source order. It
// returns the problem instead when the page hits a limit of the parser
// (see markdown).
func (b *body) parse(masked []byte) (ast.Node, *parseProblem) {
	root, problem := b.tree(masked)
	if problem != nil {
		return nil, problem
	}
	b.headingIDs(root)
	b.collect(root, 0, 0)
	b.splitShortcodes()
	b.held = len(b.leaves) // leaves are only dropped from here on
	sort.SliceStable(b.leaves, func(i, j int) bool { return b.leaves[i].pos < b.leaves[j].pos })
	return root, nil
}

// parserOverride, when set, is the parser to use: tests set it to
// compare with goldmark's own set-up.
var parserOverride parser.Parser

// blocks turns the leaves into blocks whose Start and End are the body
// offsets of their text; end is where the text of the last one must
// stop (the start of whatever follows). The leaves kept are left in
// b.leaves, one per block, and the headings that are blocks are marked.
func (b *body) blocks(end int) []Block {
	src := b.src
	blocks := make([]Block, 0, len(b.leaves))
	starts := make([]int, 0, len(b.leaves))
	kept := b.leaves[:0]
	for _, l := range b.leaves {
		start := lineStart(src, l.pos)
		// Two blocks on one line ("- - item" opens a list in a list item)
		// cannot both own the line; the first found keeps it.
		if n := len(starts); n > 0 && starts[n-1] == start {
			continue
		}
		starts = append(starts, start)
		kept = append(kept, l)
		blocks = append(blocks, Block{Kind: l.kind, Level: l.level})
	}
	b.leaves = kept

	// Text runs from the block's first line to the last non-blank line
	// before the next block; blocks whose text is blank (none known, but
	// goldmark may grow some) are dropped, their span joining the one
	// before.
	out := blocks[:0]
	outLeaves := b.leaves[:0]
	for i := range blocks {
		e := end
		if i+1 < len(starts) {
			e = starts[i+1]
		}
		te := textEnd(src, starts[i], e, b.leaves[i].quote > 0)
		if te <= starts[i] {
			continue
		}
		blk := blocks[i]
		blk.Start, blk.End = starts[i], te
		out = append(out, blk)
		outLeaves = append(outLeaves, b.leaves[i])
	}
	b.leaves = outLeaves
	for _, l := range b.leaves {
		if h, ok := firstHeading(l); ok {
			if k, ok := b.nodeHead[h]; ok && k < len(b.heads) {
				b.heads[k].block = true
			}
		}
	}
	return out
}

// fill sets each block's text fields from its text span [Start, End) in
// b.src; line gives the file line of a body offset.
func (b *body) fill(blocks []Block, line func(int) int) {
	src := b.src
	for i := range blocks {
		blk, l := &blocks[i], b.leaves[i]
		ts, te := blk.Start, blk.End
		blk.Text = string(src[ts:te])
		blk.Line = line(ts)
		blk.EndLine = line(te - 1)
		if l.quote > 0 {
			blk.setNorm(collapse(stripQuoteMarkers(src[ts:te], l.quote)))
		} else {
			blk.setNorm(normalizeString(blk.Text))
		}
		if l.kind == Shortcode {
			blk.Plain = blk.Norm
		} else {
			// The visible text is built in a buffer kept from block to
			// block; collapse's string shares it, so it is replaced by
			// Norm when the two are equal (in a block without markup)
			// and copied out otherwise.
			p := plainer{b: b, within: l.within, buf: b.plain[:0]}
			p.leaf(l)
			b.plain = p.buf
			blk.Plain, blk.Links = collapse(p.buf), p.links
			if blk.Plain == blk.Norm {
				blk.Plain = blk.Norm
			} else {
				blk.Plain = strings.Clone(blk.Plain)
			}
			if l.kind == Heading || l.kind == Paragraph || l.kind == Quote {
				// A trailing "{: .class }" is markup (see cutAttrList).
				if rest, _, ok := cutAttrList(blk.Plain); ok && rest != "" {
					blk.Plain = rest
				}
			}
		}
	}
}

// sections sets every block's Section and Anchor from the headings
// before it. It reports false when heads does not have one heading
// marked as a block for each Heading block.
func sections(blocks []Block, heads []head) bool {
	ids := newHeadingIDs(len(heads))
	anchors := make([]string, 0, len(heads))
	for _, h := range heads {
		var id string
		if h.explicit {
			id = ids.explicit(h.id)
		} else {
			id = ids.unique(h.id)
		}
		if h.block {
			anchors = append(anchors, id)
		}
	}
	var section []string
	var levels []int
	anchor := ""
	ok := true
	for i := range blocks {
		blk := &blocks[i]
		if blk.Kind == Heading {
			if len(anchors) == 0 {
				ok, anchor = false, ""
			} else {
				anchor, anchors = anchors[0], anchors[1:]
			}
			for len(levels) > 0 && levels[len(levels)-1] >= blk.Level {
				levels, section = levels[:len(levels)-1], section[:len(section)-1]
			}
			// A fresh slice per heading: blocks share it, nobody appends.
			section = append(section[:len(section):len(section)], blk.Plain)
			levels = append(levels, blk.Level)
		}
		blk.Section, blk.Anchor = section, anchor
	}
	return ok && len(anchors) == 0
}

func firstHeading(l leaf) (ast.Node, bool) {
	if l.kind != Heading || len(l.nodes) == 0 {
		return nil, false
	}
	return l.nodes[0], true
}

// headingIDs records every heading in the page in source order with what
// its id is made from, as goldmark sees them while parsing: headings
// inside list items and footnotes are not blocks of their own here, but
// their ids still count for the "-1" suffixes.
func (b *body) headingIDs(root ast.Node) {
	// Headings are blocks: the walk skips inline content, which may
	// nest deeply (emphasis in emphasis) where blocks cannot.
	var hs []*ast.Heading
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if h, ok := c.(*ast.Heading); ok {
				hs = append(hs, h)
			} else if c.Type() == ast.TypeBlock {
				walk(c)
			}
		}
	}
	walk(root)
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Pos() < hs[j].Pos() })
	b.heads = make([]head, 0, len(hs))
	b.nodeHead = make(map[ast.Node]int, len(hs))
	for _, h := range hs {
		if h.Pos() < 0 {
			b.unplaced = true
		}
		b.nodeHead[h] = len(b.heads)
		if v, ok := h.AttributeString("id"); ok {
			switch v := v.(type) {
			case []byte:
				b.heads = append(b.heads, head{pos: h.Pos(), id: string(v), explicit: true})
				continue
			case string:
				b.heads = append(b.heads, head{pos: h.Pos(), id: v, explicit: true})
				continue
			}
		}
		// goldmark hands Hugo the raw source of the heading's last line
		// (markup and all, {#id} and closing #s removed); so do we.
		var last []byte
		if n := h.Lines().Len(); n > 0 {
			seg := h.Lines().At(n - 1)
			last = b.src[seg.Start:seg.Stop]
		}
		// A Python-Markdown attribute list "{: #id .class }" gives the
		// id, or is left out of the automatic one.
		text, id, ok := cutAttrList(string(last))
		if ok && id != "" {
			b.heads = append(b.heads, head{pos: h.Pos(), id: id, explicit: true})
			continue
		}
		b.heads = append(b.heads, head{pos: h.Pos(), id: autoID(text)})
	}
}

// collect walks the tree and records the leaf blocks. list and quote are
// the list and block-quote depths around n.
func (b *body) collect(n ast.Node, list, quote int) {
	add := func(kind Kind, level int, pos int, nodes ...ast.Node) {
		b.leaves = append(b.leaves, leaf{kind: kind, level: level, pos: pos, quote: quote, nodes: nodes})
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Heading:
			add(Heading, c.Level, b.pos(c), c)
		case *ast.Paragraph, *ast.TextBlock:
			if quote > 0 {
				add(Quote, quote, b.pos(c), c)
			} else {
				add(Paragraph, 0, b.pos(c), c)
			}
		case *ast.Blockquote:
			b.collect(c, list, quote+1)
		case *ast.List:
			for it := c.FirstChild(); it != nil; it = it.NextSibling() {
				b.item(it, list+1, quote)
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			add(Code, 0, b.pos(c), c)
		case *ast.HTMLBlock:
			add(HTML, 0, b.pos(c), c)
		case *ast.ThematicBreak:
			add(Rule, 0, b.pos(c), c)
		case *east.Table:
			for r := c.FirstChild(); r != nil; r = r.NextSibling() {
				add(TableRow, 0, b.pos(r), r)
			}
		case *east.FootnoteList:
			b.collect(c, list, quote)
		case *east.Footnote:
			add(Footnote, 0, b.pos(c), children(c)...)
		case *east.DefinitionList:
			b.collect(c, list, quote)
		case *east.DefinitionTerm:
			add(Paragraph, 0, b.pos(c), c)
		case *east.DefinitionDescription:
			b.item(c, list+1, quote)
		default:
			if c.Type() == ast.TypeBlock && c.HasChildren() && c.FirstChild().Type() == ast.TypeBlock {
				b.collect(c, list, quote)
			} else if c.Type() == ast.TypeBlock {
				add(Paragraph, 0, b.pos(c), c)
			}
		}
	}
}

// item records a list item: its own content, up to a nested list, is one
// block; each nested list's items are blocks of their own, one level
// deeper; content after a nested list (a paragraph continuing the item)
// is one more block at the item's level.
func (b *body) item(it ast.Node, depth, quote int) {
	var run []ast.Node
	runPos := b.pos(it)
	flush := func() {
		if len(run) > 0 {
			b.leaves = append(b.leaves, leaf{kind: ListItem, level: depth, pos: runPos, quote: quote, nodes: run})
		}
		run = nil
	}
	first := true
	for c := it.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.List); ok {
			// An item whose marker line is before its nested list (an
			// empty "-" line) is still a block, with nothing inside.
			if first && lineStart(b.src, runPos) != lineStart(b.src, b.pos(l)) {
				b.leaves = append(b.leaves, leaf{kind: ListItem, level: depth, pos: runPos, quote: quote})
			} else {
				flush()
			}
			for n := l.FirstChild(); n != nil; n = n.NextSibling() {
				b.item(n, depth+1, quote)
			}
			first = false
			runPos = -1
			continue
		}
		if runPos < 0 {
			runPos = b.pos(c)
		}
		run = append(run, c)
		first = false
	}
	if first { // an empty item: "-" alone
		b.leaves = append(b.leaves, leaf{kind: ListItem, level: depth, pos: runPos, quote: quote})
		return
	}
	flush()
}

// pos is the body offset where goldmark says n starts, falling back to
// its first line or first child for nodes without a position.
func (b *body) pos(n ast.Node) int {
	for ; n != nil; n = n.FirstChild() {
		if p := n.Pos(); p >= 0 && p <= len(b.src) {
			return p
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
	}
	b.unplaced = true
	return 0
}

func children(n ast.Node) []ast.Node {
	var out []ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, c)
	}
	return out
}

// splitShortcodes gives lines holding only shortcodes their own blocks:
// a paragraph "{{% notice %}}\nText\n{{% /notice %}}" becomes three
// blocks, so that editing the text does not look like editing the
// notice.
func (b *body) splitShortcodes() {
	if len(b.codes) == 0 {
		return
	}
	var out []leaf
	for _, l := range b.leaves {
		if l.kind != Paragraph || len(l.nodes) != 1 {
			out = append(out, l)
			continue
		}
		p, ok := l.nodes[0].(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			out = append(out, l)
			continue
		}
		type group struct {
			start, end int
			code       bool
		}
		var groups []group
		for i := 0; i < p.Lines().Len(); i++ {
			seg := p.Lines().At(i)
			code := b.onlyShortcodes(seg.Start, seg.Stop)
			if n := len(groups); n > 0 && groups[n-1].code == code {
				groups[n-1].end = seg.Stop
				continue
			}
			groups = append(groups, group{seg.Start, seg.Stop, code})
		}
		if len(groups) == 1 && !groups[0].code {
			out = append(out, l)
			continue
		}
		for i, g := range groups {
			nl := l
			nl.pos = g.start
			if i == 0 {
				nl.pos = l.pos
			}
			if g.code {
				nl.kind = Shortcode
			} else {
				nl.within = &span{g.start, g.end}
			}
			out = append(out, nl)
		}
	}
	b.leaves = out
}

// onlyShortcodes reports whether src[start:end] is shortcodes and white
// space only.
func (b *body) onlyShortcodes(start, end int) bool {
	i, any := start, false
	for i < end {
		switch {
		case isSpace(b.src[i]):
			i++
		default:
			k := shortcodeAt(b.codes, i)
			if k < 0 {
				return false
			}
			i, any = b.codes[k].end, true
		}
	}
	return any
}

func lineStart(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

func lineEnd(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// textEnd returns where a block's text ends in src[start:end]: after the
// last line that is not blank, without trailing white space. In a block
// quote a line holding only ">" markers is blank too.
func textEnd(src []byte, start, end int, quoted bool) int {
	e := end
	for e > start {
		ls := lineStart(src, e-1)
		if ls < start {
			ls = start
		}
		if !blankLine(src[ls:e], quoted) {
			break
		}
		e = ls
	}
	for e > start && isSpace(src[e-1]) {
		e--
	}
	return e
}

func blankLine(line []byte, quoted bool) bool {
	for _, c := range line {
		if !isSpace(c) && !(quoted && c == '>') {
			return false
		}
	}
	return true
}
