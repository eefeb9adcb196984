package document

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is goldmark set up as Hugo sets it up by default (GFM tables,
// strikethrough, linkify and task lists, footnotes, definition lists,
// {#id} attributes on headings), except that footnote definitions stay
// where they are written instead of moving to the end of the document,
// and unreferenced ones are kept: redline needs every block at its place.
// Typographer is left out: it changes rendering, not structure.
//
// The parsers are goldmark's own, assembled here rather than by
// goldmark.New so that a hostile page cannot make the parse slower than
// linear, with changes that leave every tree as goldmark builds it
// (TestParserMatchesGoldmark compares them):
//
//   - the block parsers are wrapped (blockGuard) to stop containers
//     (block quotes, lists, footnotes, definition descriptions) nesting
//     past maxNesting levels, which the line-by-line estimate of
//     checkNesting misses when footnotes open them;
//   - emphasis and strikethrough delimiters are matched by emphasis.go,
//     in linear time, instead of by goldmark's ProcessDelimiters, which
//     looks at every unmatched opener for every closer;
//   - meters (linkGuard, codeGuard, refDefGuard) count what goldmark
//     reads again and again for links, code spans and link reference
//     definitions, and stop a block that would cost more than its
//     workBudget;
//   - linkify's parser, which goldmark calls at every space, is skipped
//     (linkifyGuard) where it can only return nil, and so is the link
//     reference definition transformer (refDefs), called for every
//     paragraph.
//
// A parse that hits one of these records a problem in its guard, builds
// nothing more of the page, and returns a tree only good for throwing
// away.
var markdown = sync.OnceValue(func() parser.Parser { return newMarkdown(true) })

// markdownNoLinkify is markdown without goldmark's linkify parser, for
// text where it would make no link (see body.tree).
var markdownNoLinkify = sync.OnceValue(func() parser.Parser { return newMarkdown(false) })

func newMarkdown(linkify bool) parser.Parser {
	inline := []util.PrioritizedValue{
		util.Prioritized(extension.NewTaskCheckBoxParser(), 0),
		util.Prioritized(codeGuard{}, 99),
		util.Prioritized(parser.NewCodeSpanParser(), 100),
		util.Prioritized(extension.NewFootnoteParser(), 101),
		util.Prioritized(linkGuard{}, 150),
		util.Prioritized(strikeParser{}, 198),
		util.Prioritized(emphasisParser{}, 199),
		util.Prioritized(parser.NewLinkParser(), 200),
		util.Prioritized(parser.NewAutoLinkParser(), 300),
		util.Prioritized(parser.NewRawHTMLParser(), 400),
	}
	if linkify {
		inline = append(inline, util.Prioritized(linkifyGuard{extension.NewLinkifyParser()}, 999))
	}
	leaf := func(bp parser.BlockParser) parser.BlockParser { return blockGuard{BlockParser: bp} }
	container := func(bp parser.BlockParser, weight int) parser.BlockParser {
		return blockGuard{BlockParser: bp, weight: weight}
	}
	return parser.NewParser(
		parser.WithBlockParsers(
			util.Prioritized(leaf(parser.NewSetextHeadingParser()), 100),
			util.Prioritized(container(extension.NewDefinitionListParser(), 0), 101),
			util.Prioritized(container(extension.NewDefinitionDescriptionParser(), 1), 102),
			util.Prioritized(leaf(parser.NewThematicBreakParser()), 200),
			util.Prioritized(container(parser.NewListParser(), 0), 300),
			util.Prioritized(container(parser.NewListItemParser(), 1), 400),
			util.Prioritized(leaf(parser.NewCodeBlockParser()), 500),
			util.Prioritized(leaf(parser.NewATXHeadingParser()), 600),
			util.Prioritized(leaf(parser.NewFencedCodeBlockParser()), 700),
			util.Prioritized(container(parser.NewBlockquoteParser(), 1), 800),
			util.Prioritized(leaf(parser.NewHTMLBlockParser()), 900),
			util.Prioritized(container(extension.NewFootnoteBlockParser(), 1), 999),
			util.Prioritized(leaf(parser.NewParagraphParser()), 1000),
		),
		parser.WithInlineParsers(inline...),
		parser.WithParagraphTransformers(
			util.Prioritized(refDefGuard{}, 50),
			util.Prioritized(refDefs{parser.LinkReferenceParagraphTransformer}, 100),
			util.Prioritized(extension.NewTableParagraphTransformer(), 200),
		),
		parser.WithASTTransformers(
			util.Prioritized(extension.NewTableASTTransformer(), 0),
		),
		parser.WithAttribute(),
	)
}

// workBudget is how much goldmark may read, in bytes and lines, to parse
// the inline content of one block (or the link reference definitions of
// one paragraph) of size bytes: work (Limits.MaxParseWork) times the
// block and 1 KiB more, so that a short block is never refused. Links and
// code spans that close cost about their own length; only text that
// goldmark reads again for every one of thousands of unclosed openers,
// or lines it walks again for every link of a paragraph of thousands of
// lines, come near it. The budget is per block, so that a block's fate
// depends on the block alone (and ParseNext, which parses only some
// blocks again, agrees with Parse); across a page of n bytes the work
// stays under a few hundred times n.
func workBudget(work, size int) int { return work * (size + 1<<10) }

// guardKey holds a parse's *guard in its parser.Context.
var guardKey = parser.NewContextKey()

// guard is the state of one parse that the wrappers and meters share.
type guard struct {
	problem *parseProblem
	work    int // Limits.MaxParseWork; 0 turns the meters off

	// The inline meter, for the block being parsed.
	block  ast.Node
	lines  int // lines of the block
	size   int // bytes of the block
	spent  int
	budget int
	labels []labelOpen // "[" and "![" that goldmark has open, innermost last

	// Emphasis and strikethrough delimiters of the block, in order, and
	// how many openers matching them has looked at, in all blocks.
	delims []*delim
	steps  int

	// linkify remembers, for the block linkifyGuard last saw, whether
	// goldmark's linkify parser could find anything in it.
	linkify               ast.Node
	linkifyAt, linkifyURL bool
}

// parseProblem is a limit hit while parsing: off is an offset into the
// text given to goldmark.
type parseProblem struct {
	off       int
	msg, hint string
}

// guardOf returns the guard of the parse, making one if the caller did
// not give one.
func guardOf(pc parser.Context) *guard {
	g, _ := pc.Get(guardKey).(*guard)
	if g == nil {
		g = &guard{}
		pc.Set(guardKey, g)
	}
	return g
}

// fail records the first problem of the parse.
func (g *guard) fail(off int, msg, hint string) {
	if g.problem == nil {
		g.problem = &parseProblem{off: off, msg: msg, hint: hint}
	}
}

// blockGuard wraps each of goldmark's block parsers. For containers it
// stops the nesting past maxNesting levels (weight is how many levels
// the container adds: one for a block quote, list item, footnote or
// definition description, none for the list around items); and once the
// parse has a problem, it makes the rest of the page one inert block, so
// that nothing more is built.
type blockGuard struct {
	parser.BlockParser
	weight int
}

func (p blockGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	g := guardOf(pc)
	if g.problem != nil {
		return swallow(reader)
	}
	_, at := reader.Position()
	n, st := p.BlockParser.Open(parent, reader, pc)
	if n == nil {
		return n, st
	}
	if p.weight > 0 && st&parser.HasChildren != 0 && nesting(parent)+p.weight > maxNesting {
		g.fail(at.Start, fmt.Sprintf("block quotes, lists or footnotes nested more than %d levels deep", maxNesting), nestingHint)
		st = st&^parser.HasChildren | parser.NoChildren
	}
	return n, st
}

func (p blockGuard) Continue(n ast.Node, reader text.Reader, pc parser.Context) parser.State {
	if _, ok := n.(*inert); ok {
		return swallowLine(reader)
	}
	g := guardOf(pc)
	if g.problem != nil {
		return parser.Close
	}
	return p.BlockParser.Continue(n, reader, pc)
}

func (p blockGuard) Close(n ast.Node, reader text.Reader, pc parser.Context) {
	if _, ok := n.(*inert); !ok {
		p.BlockParser.Close(n, reader, pc)
	}
}

// SetOption passes parser options on to the wrapped parser.
func (p blockGuard) SetOption(name parser.OptionName, value any) {
	if so, ok := p.BlockParser.(parser.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

// inert is the block that takes the rest of a page after a problem.
type inert struct{ ast.BaseBlock }

var kindInert = ast.NewNodeKind("RedlineInert")

func (*inert) Kind() ast.NodeKind              { return kindInert }
func (n *inert) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }
func (*inert) IsRaw() bool                     { return true }

func swallow(reader text.Reader) (ast.Node, parser.State) {
	swallowLine(reader)
	return &inert{}, parser.NoChildren
}

func swallowLine(reader text.Reader) parser.State {
	if line, _ := reader.PeekLine(); len(line) > 1 {
		reader.Advance(len(line) - 1)
	}
	return parser.Continue | parser.NoChildren
}

const nestingHint = "flatten the nesting; redline refuses deeper nesting to keep parsing fast"

// nesting counts the block quotes, list items, footnotes and definition
// descriptions n sits in (n included), up to one more than maxNesting.
func nesting(n ast.Node) int {
	d := 0
	for ; n != nil && d <= maxNesting; n = n.Parent() {
		switch n.(type) {
		case *ast.Blockquote, *ast.ListItem, *east.Footnote, *east.DefinitionDescription:
			d++
		}
	}
	return d
}

// linkifyGuard runs goldmark's linkify parser only where it could make
// a link. That parser is called at every space, line start and "*",
// "_", "~" and "(" of the inline content; it skips that one character
// (at a line start, none) and makes a link only where the text after
// it starts with "http:", "https:", "ftp:" or "www.", or holds an "@"
// (an email address), and changes nothing when it returns nil. What it
// reads (the block reader's line) is source text of the block's lines,
// padded with spaces at most. So in a block none of whose lines holds
// "@" it can only link where the text after that character starts with
// "h", "f" or "w", and in a block that holds none of "http", "ftp:" and
// "www." either, nowhere: there linkifyGuard returns its nil without
// calling it.
type linkifyGuard struct{ parser.InlineParser }

func (p linkifyGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	g := guardOf(pc)
	if g.linkify != parent {
		g.linkify = parent
		g.linkifyAt, g.linkifyURL = mayLinkify(block.Source(), parent.Lines())
	}
	if !g.linkifyAt {
		if !g.linkifyURL {
			return nil
		}
		line, _ := block.PeekLine()
		if len(line) > 0 {
			switch line[0] {
			case ' ', '*', '_', '~', '(':
				line = line[1:]
			}
		}
		if len(line) == 0 || line[0] != 'h' && line[0] != 'f' && line[0] != 'w' {
			return nil
		}
	}
	return p.InlineParser.Parse(parent, block, pc)
}

// SetOption passes parser options on to the wrapped parser.
func (p linkifyGuard) SetOption(name parser.OptionName, value any) {
	if so, ok := p.InlineParser.(parser.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

// tree runs goldmark over masked for b and returns the tree, or the
// problem when the page hits a limit of the parser.
//
// goldmark's linkify parser, called at every space of the inline
// content, costs about a quarter of the parse, and it makes a link only
// where the text after the space (or "(", "*", "_", "~", a line start or
// an inline element) is an e-mail address or starts with "http:",
// "https:", "ftp:" or "www.". So the text is parsed without it first:
// up to the first place where it would make a link, that parse is the
// same (its text cut into fewer Text nodes, which nothing here tells
// apart), and linkifiable finds that place in it. Only when there is
// one, or may be one before a limit stopped the parse, is the text
// parsed again with linkify.
func (b *body) tree(masked []byte) (ast.Node, *parseProblem) {
	if parserOverride != nil {
		return b.run(parserOverride, masked)
	}
	marks := linkMarks(masked)
	root, problem := b.run(markdownNoLinkify(), masked)
	if len(marks) == 0 || problem == nil && !linkifiable(root, masked, marks) {
		return root, problem
	}
	return b.run(markdown(), masked)
}

// run parses masked with p.
func (b *body) run(p parser.Parser, masked []byte) (ast.Node, *parseProblem) {
	pc := parser.NewContext()
	g := guardOf(pc)
	g.work = b.work
	root := p.Parse(text.NewReader(masked), parser.WithContext(pc))
	return root, g.problem
}

// linkMarks returns the offsets in src of every "@", "http", "www." and
// "ftp:", in order.
func linkMarks(src []byte) []int {
	var marks []int
	for _, m := range linkStarts {
		for i := 0; ; {
			j := bytes.Index(src[i:], m)
			if j < 0 {
				break
			}
			marks = append(marks, i+j)
			i += j + len(m)
		}
	}
	sort.Ints(marks)
	return marks
}

// linkifiable reports whether goldmark's linkify parser could make a
// link in the tree under root, parsed from src without it: whether one
// of marks is where a link would start. That is in a Text node (neither
// "http", "www." and "ftp:" nor an address's characters up to its "@"
// open an element that could take them in, but a code span, whose text
// is Text nodes too), outside the labels of links and images (where
// linkify makes none). linkify looks for "http", "www." and "ftp:"
// right after white space, "(", "*", "_", "~", a line start or an
// element, so not after a letter, digit or "/.=%:?&#-+", with which no
// element ends ("https://www."), unless at the start of the Text node
// (which may have taken in what an element left as text). An address's
// "@" never follows white space or "(".
func linkifiable(root ast.Node, src []byte, marks []int) bool {
	for n := root; ; {
		inside := true
		switch n := n.(type) {
		case *ast.Text:
			seg := n.Segment
			for i := sort.SearchInts(marks, seg.Start); i < len(marks) && marks[i] < seg.Stop; i++ {
				m := marks[i]
				if m == seg.Start {
					return true
				}
				c := src[m-1]
				if src[m] == '@' && !isSpace(c) && c != '(' ||
					src[m] != '@' && !util.IsAlphaNumeric(c) && strings.IndexByte("/.=%:?&#-+", c) < 0 {
					return true
				}
			}
		case *ast.Link, *ast.Image:
			inside = false
		}
		if c := n.FirstChild(); inside && c != nil {
			n = c
			continue
		}
		for n != root && n.NextSibling() == nil {
			n = n.Parent()
		}
		if n == root {
			return false
		}
		n = n.NextSibling()
	}
}

// mayLinkify reports whether the text of lines in src, or the text
// between them, holds an "@", and whether it holds "http", "ftp:" or
// "www.", what goldmark's linkify parser starts a link with.
func mayLinkify(src []byte, lines *text.Segments) (at, url bool) {
	if lines.Len() == 0 {
		return false, false
	}
	lo, hi := len(src), 0
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		lo, hi = min(lo, s.Start), max(hi, s.Stop)
	}
	hi = min(hi, len(src))
	if lo >= hi {
		return false, false
	}
	t := src[lo:hi]
	return bytes.IndexByte(t, '@') >= 0, hasURLMark(t)
}

// urlMarks are what goldmark's linkify parser starts a link other than
// an address with.
var urlMarks = [][]byte{[]byte("http"), []byte("www."), []byte("ftp:")}

// linkStarts are urlMarks and the "@" of an address.
var linkStarts = append([][]byte{[]byte("@")}, urlMarks...)

// hasURLMark reports whether b holds one of urlMarks.
func hasURLMark(b []byte) bool {
	for _, m := range urlMarks {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return false
}

// labelOpen is a "[" or "![" goldmark's link parser holds open.
type labelOpen struct {
	off  int // offset of the "["
	line int // its line within the block
}

// meter returns the guard of pc with its inline meter set to parent,
// the block whose inline content goldmark is parsing.
func meter(parent ast.Node, pc parser.Context) *guard {
	g := guardOf(pc)
	if g.block == parent {
		return g
	}
	g.block, g.spent, g.labels = parent, 0, g.labels[:0]
	lines := parent.Lines()
	g.lines = lines.Len()
	size := 0
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		size += s.Stop - s.Start
	}
	g.size, g.budget = size, workBudget(g.work, size)
	return g
}

// charge adds work to the block; it reports false, and records the
// problem at the block's first line, when the block goes over its
// budget.
func (g *guard) charge(work int, what, hint string) bool {
	g.spent += work
	if g.spent <= g.budget {
		return true
	}
	g.fail(blockStart(g.block),
		fmt.Sprintf("parsing the %s of this paragraph of %d bytes would read more than %d bytes, %d times its size", what, g.size, g.budget, g.work), hint)
	return false
}

// blockStart returns the offset of the first line of a block.
func blockStart(n ast.Node) int {
	if n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return max(n.Pos(), 0)
}

// skipBlock moves reader past the rest of the block and returns an empty
// text for the inline parser loop to append: once a block is over its
// budget, nothing more in it is parsed.
func skipBlock(reader text.Reader) ast.Node {
	for {
		if line, _ := reader.PeekLine(); line == nil {
			break
		}
		reader.AdvanceLine()
	}
	return ast.NewText()
}

const linkHint = `split the paragraph with blank lines, close the brackets and parentheses of its links or escape those that are text as \[, \] and \(, or raise the limit with --max-parse-work`

// linkGuard runs just before goldmark's link parser, on the same
// characters, keeps the "[" and "![" that parser holds open, and charges
// at each "]" what the link parser is about to read: a destination to
// the end of its line and a title to its closing quote when they are
// never closed (and again for the next "](" after them), and for every
// label or title it copies out, the block's lines from there to the end
// (blockReader.Value walks them).
type linkGuard struct{}

func (linkGuard) Trigger() []byte { return []byte{'[', ']', '!'} }

func (linkGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	g := meter(parent, pc)
	if g.work == 0 {
		return nil
	}
	if g.problem != nil {
		return skipBlock(block)
	}
	line, seg := block.PeekLine()
	l, _ := block.Position()
	switch line[0] {
	case '!':
		if len(line) > 1 && line[1] == '[' {
			g.labels = append(g.labels, labelOpen{off: seg.Start + 1, line: l})
		}
		return nil
	case '[':
		g.labels = append(g.labels, labelOpen{off: seg.Start, line: l})
		return nil
	}
	n := len(g.labels)
	if n == 0 {
		return nil
	}
	open := g.labels[n-1]
	g.labels = g.labels[:n-1]
	// Without a link after the label, goldmark copies the label out to
	// look it up as a shortcut reference.
	work, shortcut := 0, true
	if len(line) > 1 {
		switch line[1] {
		case '(':
			work, shortcut = inlineLinkWork(block, g.lines-l)
			shortcut = !shortcut
		case '[':
			work, shortcut = closureWork(block, 2, '[', ']', g.lines-l)
			shortcut = !shortcut || len(line) > 2 && line[2] == ']'
		}
	}
	if shortcut {
		work += g.lines - open.line + seg.Start - open.off
	}
	if !g.charge(work, "links", linkHint) {
		return skipBlock(block)
	}
	return nil
}

// inlineLinkWork is what goldmark's parseLink reads for the "](" at the
// reader's position, and whether it makes a link: the destination (to a
// space or unbalanced ")" on its line, or for "<", to ">"), then a title
// to its closing quote or parenthesis, across lines; left is how many
// lines of the block are left from here. It leaves the reader where it
// was.
func inlineLinkWork(block text.Reader, left int) (int, bool) {
	l, pos := block.Position()
	defer block.SetPosition(l, pos)
	block.Advance(2) // "]("
	block.SkipSpaces()
	if block.Peek() == ')' {
		return 0, true
	}
	line, _ := block.PeekLine()
	if line == nil {
		return 0, false
	}
	i := 0
	if line[0] == '<' {
		for i = 1; i < len(line) && line[i] != '>'; i++ {
			if line[i] == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]) {
				i++
			}
		}
		if i >= len(line) {
			return i, false
		}
		i++
	} else {
		opened := 0
	scan:
		for ; i < len(line); i++ {
			switch c := line[i]; {
			case c == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]):
				i++
			case c == '(':
				opened++
			case c == ')':
				opened--
				if opened < 0 {
					break scan
				}
			case util.IsSpace(c):
				break scan
			}
		}
		if i == 0 {
			return 0, false
		}
		i = min(i, len(line))
	}
	block.Advance(i)
	block.SkipSpaces()
	work := i
	var closer byte
	switch c := block.Peek(); c {
	case ')':
		return work, true
	case '"', '\'':
		closer = c
	case '(':
		closer = ')'
	default:
		return work, false
	}
	w, ok := closureWork(block, 1, block.Peek(), closer, left)
	if !ok {
		return work + w, false
	}
	block.Advance(1)
	block.SkipSpaces()
	return work + w, block.Peek() == ')'
}

// closureWork is what text.Reader.FindClosure reads, with goldmark's
// link options, for an opener at the reader's position plus skip: the
// bytes up to the closer (or to another opener, where it gives up),
// across lines; and whether it finds the closer. When it does, goldmark
// copies out each line of what is between with blockReader.Value, which
// walks the left lines of the block each time. It leaves the reader
// just past the closer, or where it was when there is none.
func closureWork(block text.Reader, skip int, opener, closer byte, left int) (int, bool) {
	l, pos := block.Position()
	block.Advance(skip)
	work, spanned := 0, 1
	for {
		line, _ := block.PeekLine()
		if line == nil {
			block.SetPosition(l, pos)
			return work, false
		}
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]) {
				i++
				continue
			}
			if c == closer {
				block.Advance(i)
				return work + i + spanned*left, true
			}
			if c == opener {
				block.SetPosition(l, pos)
				return work + i, false
			}
		}
		work += len(line)
		spanned++
		block.AdvanceLine()
	}
}

const codeHint = "close each code span with as many backticks as open it or escape backticks that are text as \\`, or raise the limit with --max-parse-work"

// codeGuard runs just before goldmark's code span parser and charges what
// it is about to read: everything up to a run of as many backticks as
// open the span, or to the end of the block when there is none (and
// then again for the next run of another length).
type codeGuard struct{}

func (codeGuard) Trigger() []byte { return []byte{'`'} }

func (codeGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	g := meter(parent, pc)
	if g.work == 0 {
		return nil
	}
	if g.problem != nil {
		return skipBlock(block)
	}
	if !g.charge(codeSpanWork(block, g.budget-g.spent+1), "code spans", codeHint) {
		return skipBlock(block)
	}
	return nil
}

// codeSpanWork is what goldmark's code span parser reads for the run of
// backticks at the reader's position, counted up to limit. It leaves
// the reader where it was.
func codeSpanWork(block text.Reader, limit int) int {
	l, pos := block.Position()
	defer block.SetPosition(l, pos)
	line, _ := block.PeekLine()
	opener := 0
	for opener < len(line) && line[opener] == '`' {
		opener++
	}
	block.Advance(opener)
	work := opener
	for work < limit {
		line, _ := block.PeekLine()
		if line == nil {
			return work
		}
		for i := 0; i < len(line); i++ {
			if line[i] != '`' {
				continue
			}
			j := i
			for j < len(line) && line[j] == '`' {
				j++
			}
			if j-i == opener {
				return work + j
			}
			i = j - 1
		}
		work += len(line)
		block.AdvanceLine()
	}
	return work
}

// refDefGuard runs before goldmark's link reference definition
// transformer, which copies the rest of a paragraph's lines once for
// every definition it takes off the paragraph's start, and stops a
// paragraph whose definitions would cost more than its budget. It counts
// the lines that open a definition ("[label]:", at most three spaces in)
// up to the first line that opens a bracket but no definition, where
// goldmark stops too.
type refDefGuard struct{}

func (refDefGuard) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	g := guardOf(pc)
	lines := node.Lines()
	if lines.Len() == 0 || g.work == 0 && g.problem == nil {
		return
	}
	src := reader.Source()
	defs, size, counting := 0, 0, true
	for i := 0; i < lines.Len() && g.problem == nil; i++ {
		s := lines.At(i)
		size += s.Stop - s.Start
		if !counting {
			continue
		}
		j := s.Start
		for j < s.Stop && j-s.Start < 3 && src[j] == ' ' {
			j++
		}
		switch {
		case j < s.Stop && src[j] == '[' && opensDefinition(src, lines, i, j+1):
			defs++
		case i == 0 || j < s.Stop && src[j] == '[':
			counting = false
		}
	}
	if g.problem == nil && defs*lines.Len() <= workBudget(g.work, size) {
		return
	}
	g.fail(lines.At(0).Start, fmt.Sprintf("this paragraph holds %d link reference definitions in %d lines, too many to parse in one paragraph", defs, lines.Len()),
		"put a blank line between groups of link reference definitions, or raise the limit with --max-parse-work")
	// Nothing more of the paragraph is parsed.
	node.SetLines(text.NewSegments())
}

// refDefs runs goldmark's link reference definition transformer only on
// paragraphs whose first line starts with "[" after white space: on any
// other it stops at the first character that is not white space and
// changes nothing, but allocates a block reader first, for every
// paragraph of the page.
type refDefs struct{ parser.ParagraphTransformer }

func (t refDefs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if lines := node.Lines(); lines.Len() > 0 {
		s := lines.At(0)
		line := reader.Source()[s.Start:s.Stop]
		if i := util.TrimLeftSpaceLength(line); i < len(line) && line[i] != '[' {
			return
		}
	}
	t.ParagraphTransformer.Transform(node, reader, pc)
}

// opensDefinition reports whether the label starting at src[j], on line
// i of lines, closes within a link label's 999 characters with "]:".
func opensDefinition(src []byte, lines *text.Segments, i, j int) bool {
	n := 0
	for ; i < lines.Len(); i++ {
		s := lines.At(i)
		if j < s.Start {
			j = s.Start
		}
		for ; j < s.Stop; j++ {
			if n++; n > 1000 {
				return false
			}
			switch src[j] {
			case '\\':
				j++
			case '[':
				return false
			case ']':
				return j+1 < s.Stop && src[j+1] == ':'
			}
		}
	}
	return false
}
