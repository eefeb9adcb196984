package document

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Emphasis and strikethrough, matched in linear time.
//
// goldmark's ProcessDelimiters looks, for every closing delimiter, at
// every opener before it back to the start of the block, and keeps the
// openers that match nothing: a paragraph of thousands of "*a_ " or of
// "c* " after one "**" takes minutes. The parsers here scan delimiters
// exactly as goldmark's emphasis and strikethrough parsers do, but keep
// them out of goldmark's delimiter list; at the end of each block
// (CloseBlock) they are matched by the same rules, in the same order,
// with the CommonMark reference's "openers bottom": once no opener below
// a point matches a closer of some kind (character, whether it can also
// open, length modulo 3, which is all matching depends on), later
// closers of that kind stop looking there. The tree is goldmark's (text
// may be cut into Text nodes at other places).

// delim is a run of delimiter characters not yet matched, in the tree
// where goldmark would put its own *parser.Delimiter.
type delim struct {
	ast.BaseInline
	seg               text.Segment
	canOpen, canClose bool
	length, orig      int
	char              byte
	idx               int // order in its scope
	prev, next        *delim
}

var kindDelim = ast.NewNodeKind("RedlineDelimiter")

func (d *delim) Kind() ast.NodeKind            { return kindDelim }
func (d *delim) Dump(source []byte, level int) { ast.DumpHelper(d, source, level, nil, nil) }
func (d *delim) Text(source []byte) []byte     { return d.seg.Value(source) }

// scanDelim scans a delimiter run at the reader's position the way
// goldmark's emphasis and strikethrough parsers do (parser.ScanDelimiter,
// without its allocation) and records it for CloseBlock. kind is '*' for
// emphasis ("*" and "_") and '~' for strikethrough.
func scanDelim(kind byte, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	c := line[0]
	if kind == '~' && c != '~' || kind == '*' && c != '*' && c != '_' {
		return nil
	}
	j := 1
	for j < len(line) && line[j] == c {
		j++
	}
	if kind == '~' && (j > 2 || before == '~') {
		return nil
	}
	after := ' '
	if j < len(line) {
		after = util.ToRune(line, j)
	}
	beforePunct, beforeSpace := util.IsPunctRune(before), util.IsSpaceRune(before)
	afterPunct, afterSpace := util.IsPunctRune(after), util.IsSpaceRune(after)
	left := !afterSpace && (!afterPunct || beforeSpace || beforePunct)
	right := !beforeSpace && (!beforePunct || afterSpace || afterPunct)
	canOpen, canClose := left, right
	if c == '_' {
		canOpen = left && (!right || beforePunct)
		canClose = right && (!left || afterPunct)
	}
	n := &delim{
		seg:     segment.WithStop(segment.Start + j),
		canOpen: canOpen, canClose: canClose,
		length: j, orig: j, char: c,
	}
	block.Advance(j)
	g := guardOf(pc)
	g.delims = append(g.delims, n)
	return n
}

// emphasisParser replaces goldmark's emphasis parser ("*" and "_").
type emphasisParser struct{}

func (emphasisParser) Trigger() []byte { return []byte{'*', '_'} }
func (emphasisParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	return scanDelim('*', block, pc)
}

// CloseBlock matches the block's delimiters, for both parsers: scope by
// scope, where a scope is the block itself or a link or image (goldmark
// matches the delimiters inside a link's text when the link closes,
// apart from those outside it).
func (emphasisParser) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	g := guardOf(pc)
	if len(g.delims) == 0 {
		return
	}
	ds := g.delims
	g.delims = g.delims[:0]
	defer clear(ds)
	defer func() {
		// Emphasis nests as deep as its delimiter runs are long.
		total := 0
		for _, d := range ds {
			total += d.orig
		}
		if total > 2*maxInlineNesting && deeperThan(parent, maxInlineNesting) {
			g.fail(blockStart(parent), fmt.Sprintf("emphasis nested more than %d levels deep", maxInlineNesting),
				"write the emphasis with fewer * and _; redline refuses deeper nesting to keep parsing fast")
			// Nothing deep is left for a transformer to walk.
			parent.RemoveChildren(parent)
		}
	}()
	// Most blocks have one scope; the others gather theirs in order.
	one := true
	for _, d := range ds {
		if d.Parent() != ds[0].Parent() {
			one = false
			break
		}
	}
	if one {
		if ds[0].Parent() != nil {
			g.steps += matchDelims(ds)
		}
		return
	}
	var order []ast.Node
	scopes := map[ast.Node][]*delim{}
	for _, d := range ds {
		p := d.Parent()
		if p == nil {
			continue
		}
		if _, ok := scopes[p]; !ok {
			order = append(order, p)
		}
		scopes[p] = append(scopes[p], d)
	}
	for _, p := range order {
		g.steps += matchDelims(scopes[p])
	}
}

// strikeParser replaces goldmark's strikethrough parser ("~").
type strikeParser struct{}

func (strikeParser) Trigger() []byte { return []byte{'~'} }
func (strikeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	return scanDelim('~', block, pc)
}

// matchDelims turns the delimiters of one scope, siblings in order, into
// emphasis and strikethrough nodes, and what is left of them into text.
// It follows goldmark's ProcessDelimiters step for step, but starts each
// search for an opener at its kind's bottom. It returns how many openers
// it looked at, which stays under a few times len(ds).
func matchDelims(ds []*delim) int {
	steps := 0
	for i, d := range ds {
		d.idx = i
		d.prev, d.next = nil, nil
		if i > 0 {
			d.prev = ds[i-1]
			ds[i-1].next = d
		}
	}
	first, last := ds[0], ds[len(ds)-1]
	remove := func(d *delim) {
		if d.prev == nil {
			first = d.next
		} else {
			d.prev.next = d.next
		}
		if d.next == nil {
			last = d.prev
		} else {
			d.next.prev = d.prev
		}
		d.prev, d.next = nil, nil
		if p := d.Parent(); p != nil {
			if d.length > 0 {
				ast.MergeOrReplaceTextSegment(p, d, d.seg)
			} else {
				p.RemoveChild(p, d)
			}
		}
	}
	// bottom[kind] is the index at or below which no opener matches a
	// closer of that kind.
	var bottom [3][2][3]int
	for i := range bottom {
		for j := range bottom[i] {
			for k := range bottom[i][j] {
				bottom[i][j][k] = -1
			}
		}
	}
	kind := func(c *delim) *int {
		ch := 0
		switch c.char {
		case '_':
			ch = 1
		case '~':
			ch = 2
		}
		o := 0
		if c.canOpen {
			o = 1
		}
		return &bottom[ch][o][c.orig%3]
	}
	for closer := first; closer != nil; {
		if !closer.canClose {
			closer = closer.next
			continue
		}
		stop := kind(closer)
		var opener *delim
		consume := 0
		for o := closer.prev; o != nil && o.idx > *stop; o = o.prev {
			steps++
			if o.canOpen && o.char == closer.char {
				if consume = consumption(o, closer); consume > 0 {
					opener = o
					break
				}
			}
		}
		if opener == nil {
			*stop = closer.idx - 1
			next := closer.next
			if !closer.canOpen {
				remove(closer)
			}
			closer = next
			continue
		}
		opener.consume(consume)
		closer.consume(consume)
		var node ast.Node
		if closer.char == '~' {
			node = east.NewStrikethrough()
		} else {
			node = ast.NewEmphasis(consume)
		}
		node.SetPos(opener.seg.Start)
		parent := opener.Parent()
		for c := opener.NextSibling(); c != nil && c != ast.Node(closer); {
			next := c.NextSibling()
			node.AppendChild(node, c)
			c = next
		}
		parent.InsertAfter(parent, opener, node)
		for c := opener.next; c != nil && c != closer; {
			next := c.next
			remove(c)
			c = next
		}
		if opener.length == 0 {
			remove(opener)
		}
		if closer.length == 0 {
			next := closer.next
			remove(closer)
			closer = next
		}
	}
	for d := last; d != nil; {
		prev := d.prev
		remove(d)
		d = prev
	}
	return steps
}

// consumption is goldmark's Delimiter.CalcComsumption: how many
// characters opener and closer give to the node they make, 0 when the
// rule of three keeps them apart.
func consumption(opener, closer *delim) int {
	if (opener.canClose || closer.canOpen) && (opener.orig+closer.orig)%3 == 0 && closer.orig%3 != 0 {
		return 0
	}
	if opener.length >= 2 && closer.length >= 2 {
		return 2
	}
	return 1
}

func (d *delim) consume(n int) {
	d.length -= n
	d.seg = d.seg.WithStop(d.seg.Start + d.length)
}

// maxInlineNesting caps how deeply emphasis (with links and images) may
// nest: the tree is walked by recursion in places (goldmark's table
// transformer), and no page nests emphasis more than a few levels.
const maxInlineNesting = 1000

// deeperThan reports whether the tree under root is more than limit
// levels deep, walking it with a loop.
func deeperThan(root ast.Node, limit int) bool {
	n, depth := root, 0
	for {
		if c := n.FirstChild(); c != nil {
			if depth++; depth > limit {
				return true
			}
			n = c
			continue
		}
		for n != root && n.NextSibling() == nil {
			n, depth = n.Parent(), depth-1
		}
		if n == root {
			return false
		}
		n = n.NextSibling()
	}
}
