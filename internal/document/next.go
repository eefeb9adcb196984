package document

import (
	"bytes"
	"encoding/binary"
	"math"
	"sort"
)

// ParseNext parses src, the content of the page at path, like Parse, and
// returns the same Document (equal field for field), reusing the blocks of
// prev, the parse of another version of the page (in a history, the one
// before): only the parts of the body that changed (found by a diff of
// the lines), each widened to block boundaries that nothing on either
// side can see across, go through goldmark again; the blocks between
// them are kept, moved by what the parts before them grew or shrank.
// Parts whose widened spans meet, or that have no boundary or little
// text between them, are parsed as one. When no boundaries can be found
// the rest of the page is parsed again; when the page holds what makes
// parsing depend on the whole page (link reference or footnote
// definitions, definition lists), src is parsed in full. Heading ids,
// sections and anchors are worked out again over the whole page when a
// part parsed again holds a heading, old or new. prev is not changed;
// the new Document may share strings, slices and the front matter map
// with it, so neither may be changed by the caller.
func ParseNext(prev *Document, path string, src []byte, lim Limits) (*Document, error) {
	if d, _ := parseNext(prev, path, src, lim); d != nil {
		return d, nil
	}
	return Parse(path, src, lim)
}

// parseNext is ParseNext without the fallback: it returns nil and why
// when it cannot reuse prev. Every error Parse would report is a reason
// to give up, so that the caller's full parse reports it exactly.
func parseNext(prev *Document, path string, src []byte, lim Limits) (*Document, string) {
	d, why, _ := parseNextCount(prev, path, src, lim)
	return d, why
}

// parseNextCount is parseNext that also tells how many bytes of the new
// body it parsed again.
func parseNextCount(prev *Document, path string, src []byte, lim Limits) (*Document, string, int) {
	if prev == nil || prev.heads == nil || len(prev.Blocks) == 0 {
		return nil, "no previous parse", 0
	}
	if lim.MaxBytes > 0 && len(src) > lim.MaxBytes {
		return nil, "too large", 0
	}
	old := prev.Source
	// prev's source is UTF-8 text without NUL bytes, and whether a
	// source is depends on each line alone: only the lines between the
	// common start and end of the two versions need a look.
	p := commonPrefix(old, src)
	s := commonSuffix(old[p:], src[p:])
	if checkEncoding(path, src[lineStart(src, p):lineEnd(src, len(src)-s)]) != nil {
		return nil, "not UTF-8 text", 0
	}
	doc := &Document{Path: path, Source: src}
	if fe := frontEnd(prev); fe > 0 && p >= fe {
		// parseFront reads nothing past fe, so it would find what it
		// found in prev; at the same path, so is the language.
		doc.FrontFormat, doc.Front, doc.BodyStart = prev.FrontFormat, prev.Front, prev.BodyStart
		doc.Lang = prev.Lang
		if path != prev.Path {
			doc.Lang = pageLang(path, doc.Front)
		}
	} else if err := parseFront(doc, newLineIndex(src), lim); err != nil {
		return nil, "front matter error", 0
	} else {
		doc.Lang = pageLang(path, doc.Front)
	}
	ob, nb := old[prev.BodyStart:], src[doc.BodyStart:]
	if blankLine(nb, false) {
		return nil, "blank body", 0
	}
	chs := changes(ob, nb)
	// What is counted and looked for below is found line by line, and
	// outside these spans the new body has the old one's lines.
	spans := changedLines(ob, nb, chs)
	doc.elements = -1
	if lim.MaxElements > 0 && 9*len(nb) > lim.MaxElements {
		n := prev.elements
		if n >= 0 {
			for _, c := range spans {
				n += allElements(nb[c.n:c.ne]) - allElements(ob[c.o:c.oe])
			}
		} else {
			n, _ = countElements(nb, lim.MaxElements)
		}
		if n > lim.MaxElements {
			return nil, "too many elements", 0
		}
		doc.elements = n
	}
	// Link reference and footnote definitions act on the whole page, and
	// a definition-list description reaches back to the list before it.
	// Both are found on one line: when the old body has none, the new
	// one has none outside the spans, nor (past here) in them.
	if prev.refs || inSpans(nb, spans, hasRefs) {
		return nil, "reference definitions", 0
	}
	if prev.descs || inSpans(nb, spans, hasDescription) {
		return nil, "definition list", 0
	}

	n := len(prev.Blocks)
	start := func(i int) int { // body offset where old block i's line starts
		if i == 0 {
			return 0
		}
		if i == n {
			return len(ob)
		}
		return prev.Blocks[i].Start - prev.BodyStart
	}
	ocodes, ncodes := shortcodes(ob), shortcodes(nb)
	fresh := func(i int) bool { // a parse of ob may start afresh at old block i
		x := start(i)
		return boundary(ob, x, ocodes) || afterBlank(ob, x, ocodes) && i > 0 && !inList(prev.Blocks[i-1].Kind)
	}
	regs := widen(chs, n, start, fresh, ob, nb, ncodes)

	// Parse the regions in order, then copy the old blocks between them,
	// into a slice of the right size. lines is how many lines the new
	// page has more than the old one before the next region (the front
	// matter may have changed).
	nl := func(d []byte) int { return bytes.Count(d, []byte{'\n'}) }
	lines := nl(src[:doc.BodyStart]) - nl(old[:prev.BodyStart])
	oldLine := func(i int) int { // file line where old block i's line starts
		if i == 0 {
			return 1 + nl(old[:prev.BodyStart])
		}
		return prev.Blocks[i].Line
	}
	type parsed struct {
		blocks []Block
		heads  []head
		lines  int // lines before the region
	}
	parts := make([]parsed, 0, len(regs))
	reparsed := 0
	for k := 0; k < len(regs); k++ {
		r := regs[k]
		na, nz := r.a+r.d, r.b+r.e // the region in the new body
		base := oldLine(r.ia) + lines
		rblocks, rheads, why := parseRegion(path, src, doc.BodyStart, na, nz, r.jb < n, ncodes, base, lim.MaxParseWork)
		if why == whyRegionEnd {
			// What the region ends with runs on (an unclosed fence, an
			// HTML block); the rest of the page must be parsed with it.
			r.jb, r.b, r.e = n, len(ob), len(nb)-len(ob)
			regs = append(regs[:k], r)
			nz = len(nb)
			rblocks, rheads, why = parseRegion(path, src, doc.BodyStart, na, nz, false, ncodes, base, lim.MaxParseWork)
		}
		if why != "" {
			return nil, why, 0
		}
		reparsed += nz - na
		parts = append(parts, parsed{rblocks, rheads, lines})
		lines += nl(nb[na:nz]) - nl(ob[r.a:r.b])
	}
	nblocks, nheads := n, len(prev.heads)
	for k, r := range regs {
		nblocks += len(parts[k].blocks) - (r.jb - r.ia)
		nheads += len(parts[k].heads)
	}
	blocks := make([]Block, 0, max(nblocks, 0))
	heads := make([]head, 0, nheads)
	next, nextHead := 0, 0 // the first old block and heading not yet placed
	// keep copies the old blocks before upto and the headings before off,
	// shifted by d bytes and lines lines.
	keep := func(upto, off, d, lines int) {
		if next < upto {
			// One copy of the run, then the positions moved in place.
			k := len(blocks)
			blocks = append(blocks, prev.Blocks[next:upto]...)
			for i := range blocks[k:] {
				blk := &blocks[k+i]
				blk.Start = doc.BodyStart + start(next+i) + d
				blk.Line += lines
				blk.EndLine += lines
			}
			next = upto
		}
		for ; nextHead < len(prev.heads) && prev.heads[nextHead].pos < off; nextHead++ {
			h := prev.heads[nextHead]
			h.pos += d
			heads = append(heads, h)
		}
	}
	// When no region holds a heading, old or new, the page has prev's
	// headings: the kept blocks keep their sections and anchors, and a
	// block of a region is in the section of the block before it.
	sameHeads := true
	for k, r := range regs {
		keep(r.ia, r.a, r.d, parts[k].lines)
		for _, blk := range parts[k].blocks {
			blk.Start += doc.BodyStart
			if len(blocks) > 0 {
				blk.Section, blk.Anchor = blocks[len(blocks)-1].Section, blocks[len(blocks)-1].Anchor
			}
			blocks = append(blocks, blk)
			sameHeads = sameHeads && blk.Kind != Heading
		}
		sameHeads = sameHeads && len(parts[k].heads) == 0
		heads = append(heads, parts[k].heads...)
		next = r.jb
		for nextHead < len(prev.heads) && prev.heads[nextHead].pos < r.b {
			nextHead++
			sameHeads = false
		}
	}
	keep(n, len(ob)+1, len(nb)-len(ob), lines)
	if len(blocks) == 0 {
		return nil, "no blocks", 0
	}
	if lim.MaxBlocks > 0 && len(blocks) > lim.MaxBlocks {
		return nil, "too many blocks", 0
	}
	blocks[0].Start = doc.BodyStart
	for i := range blocks {
		if i+1 < len(blocks) {
			blocks[i].End = blocks[i+1].Start
		} else {
			blocks[i].End = len(src)
		}
	}
	if !sameHeads && !sections(blocks, heads) {
		return nil, "headings do not match blocks", 0
	}
	doc.Blocks, doc.heads = blocks, heads
	return doc, "", reparsed
}

// changedLines widens the changes chs between the bodies old and new to
// whole lines, joining those that share a line: outside the spans it
// returns, old and new are the same lines in the same order.
func changedLines(old, new []byte, chs []change) []change {
	var out []change
	for _, c := range chs {
		oe := lineEnd(old, c.oe)
		if k := len(out) - 1; k >= 0 && out[k].oe > c.o {
			// c starts on the last line of the span before.
			out[k].oe, out[k].ne = oe, c.ne+oe-c.oe
			continue
		}
		// The text between the span before (or the start) and c is the
		// same on both sides, and so are the lines it ends and starts.
		o := lineStart(old, c.o)
		out = append(out, change{o, oe, c.n - (c.o - o), c.ne + oe - c.oe})
	}
	return out
}

// allElements counts the elements of lines, whatever their number.
func allElements(lines []byte) int {
	n, _ := countElements(lines, math.MaxInt)
	return n
}

// inSpans reports whether has is true of the new side of any span.
func inSpans(new []byte, spans []change, has func([]byte) bool) bool {
	for _, c := range spans {
		if has(new[c.n:c.ne]) {
			return true
		}
	}
	return false
}

// minGap is the least old text between two regions that ParseNext keeps
// rather than parse again with them: each parse costs a few
// microseconds beyond its bytes, what goldmark takes for a few hundred
// bytes, so that a page with thousands of small edits a line apart is
// not slower than a Parse.
var minGap = 256

// region is a run of old blocks, ia..jb-1, that ParseNext replaces by
// the parse of the new text in their place. It spans old body offsets
// [a, b); the new offset of a is a+d, that of b is b+e.
type region struct {
	ia, jb int
	a, b   int
	d, e   int
}

// widen turns the changes between the old body ob (split into n blocks,
// block i starting at start(i)) and the new body nb into regions of old
// blocks to parse again: each change is widened to the last boundary
// before it and the first after it where a parse may stop and start
// afresh on both sides, and changes whose widened spans meet are parsed
// as one region. fresh(i) says whether the old parse may start afresh
// at block i (see boundary and inList); the new one is checked where
// the region starts (see below) and by parseRegion where it ends. A
// boundary is looked for only in the equal text between changes, where
// the new page reads like the old: the old block boundary at x is then
// the new one at x plus the shift.
//
// Why the new parse of the text between two regions is the old one,
// shifted: the first region starts where the prefix is equal, at an old
// block boundary; every region ends (parseRegion checks) where the new
// text opens a block at the top of the page after a blank line, and so
// does the old text at the same place; from there on both parse the same
// equal text from the same state, up to the next region, which starts at
// an old block boundary that is a boundary of the new text too: the old
// parse opens a block at the top there after a blank line, with no list
// left open, and so does the new one, which has read the same text
// since the last region, when the boundary's line is equal too; when
// the change starts on that line, the new line must open a block at the
// top whatever came before it (boundary).
func widen(chs []change, n int, start func(int) int, fresh func(int) bool, ob, nb []byte, ncodes []span) []region {
	var regs []region
	for k := 0; k < len(chs); {
		c := chs[k]
		d := c.n - c.o
		lo := 0 // the region must not start before the last one's end
		if len(regs) > 0 {
			lo = regs[len(regs)-1].jb
		}
		ia := sort.Search(n, func(i int) bool { return start(i) > c.o }) - 1
		for ; ia > lo; ia-- {
			x := start(ia)
			if fresh(ia) && afterBlank(nb, x+d, ncodes) && (lineEnd(ob, x) <= c.o || freshLine(nb[x+d:])) {
				break
			}
		}
		if len(regs) > 0 && (ia <= lo || start(ia)-regs[len(regs)-1].b < minGap) {
			// No boundary between the last region and this change, or
			// too little between them to be worth a parse of its own:
			// they are one region.
			last := regs[len(regs)-1]
			regs = regs[:len(regs)-1]
			ia, d = last.ia, last.d
		}
		ia = max(ia, 0)

		// jb is the first old block after the changes k..last that is a
		// boundary on both sides; a change that starts before it joins
		// the region.
		last := k
		var jb int
		for {
			cl := chs[last]
			jb = sort.Search(n, func(j int) bool { return j >= ia && start(j) >= cl.oe })
			joined := false
			for ; jb < n; jb++ {
				x := start(jb)
				if last+1 < len(chs) && x >= chs[last+1].o {
					joined = true
					break
				}
				// The new text reads the same from x on: parseRegion
				// checks that its parse opens a block at the top there.
				if fresh(jb) && afterBlank(nb, x+cl.ne-cl.oe, ncodes) {
					break
				}
			}
			if !joined {
				break
			}
			last++
		}
		if jb == n {
			last = len(chs) - 1
		}
		cl := chs[last]
		regs = append(regs, region{ia: ia, jb: jb, a: start(ia), b: start(jb), d: d, e: cl.ne - cl.oe})
		k = last + 1
	}
	return regs
}

const whyRegionEnd = "region end not a top-level boundary"

// parseRegion parses src[bodyStart+a : bodyStart+end], a part of the
// new body to parse again, and returns its blocks and headings with
// offsets into the body (Start and End of the blocks are their text
// span; End is fixed by the caller). more says whether blocks follow
// end. codes are the shortcodes of the whole body, base the file line
// where the part starts, work Limits.MaxParseWork. Only the part (and the line after it) is read,
// so that parsing several parts of a page costs what their sizes add up
// to. A part of plain paragraphs, what most edits of prose leave, is
// read without goldmark (plainRegion), which costs several times more
// than the rest of ParseNext on a small page.
func parseRegion(path string, src []byte, bodyStart, a, end int, more bool, codes []span, base, work int) ([]Block, []head, string) {
	nb := src[bodyStart:]
	if a == end {
		return nil, nil, ""
	}
	limit := end
	if more {
		// Parse the first line after the region too: the region ends
		// on a block boundary only if that line opens a new block at
		// the top of the tree (a fence or HTML block left open would
		// swallow it).
		limit = lineEnd(nb, end)
	}
	part := nb[a:limit]
	blocks, ok := plainRegion(part, end-a, more, base)
	var heads []head
	if !ok {
		// A shortcode starting on the line after the region may run past
		// it; the part of it on that line is masked as in the whole page.
		var rcodes []span
		for i := sort.Search(len(codes), func(i int) bool { return codes[i].start >= a }); i < len(codes) && codes[i].start < limit; i++ {
			rcodes = append(rcodes, span{codes[i].start - a, min(codes[i].end, limit) - a})
		}
		var why string
		if blocks, heads, why = treeRegion(path, part, end-a, more, rcodes, base, work); why != "" {
			return nil, nil, why
		}
		if a > 0 && (len(blocks) == 0 || blocks[0].Start != 0) {
			return nil, nil, "region does not start with a block"
		}
	}
	for i := range blocks {
		blocks[i].Start += a
	}
	for i := range heads {
		heads[i].pos += a
	}
	return blocks, heads, ""
}

// treeRegion is parseRegion's parse of part[:end] (and, when more, of
// the line after it) with goldmark; codes are the shortcodes of part.
// Offsets are into part.
func treeRegion(path string, part []byte, end int, more bool, codes []span, base, work int) ([]Block, []head, string) {
	if checkNesting(path, part[:end], 0, newLineIndex(nil)) != nil {
		return nil, nil, "nesting"
	}
	rb := newBody(part, codes, work)
	rb.masked = mask(part, codes)
	root, problem := rb.parse(rb.masked)
	if problem != nil {
		return nil, nil, "parse limit"
	}
	if more {
		last := root.LastChild()
		if last == nil || lineStart(part, rb.pos(last)) != end {
			return nil, nil, whyRegionEnd
		}
		k := sort.Search(len(rb.leaves), func(i int) bool { return rb.leaves[i].pos >= end })
		rb.leaves = rb.leaves[:k]
		h := sort.Search(len(rb.heads), func(i int) bool { return rb.heads[i].pos >= end })
		rb.heads = rb.heads[:h]
	}
	if rb.unplaced {
		return nil, nil, "node without position"
	}
	blocks := rb.blocks(end)
	rb.fill(blocks, lineCounter(part, base))
	rb.release()
	return blocks, rb.heads, ""
}

// plainByte marks the bytes that goldmark reads as text wherever they
// stand in a line but at its start: none opens an inline element, an
// escape, an entity or a shortcode, nor ends a heading with attributes.
var plainByte = func() (t [256]bool) {
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	for _, c := range []byte(" !\"$%'()+,-./:;=?0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		t[c] = true
	}
	return t
}()

// plainRegion is parseRegion's parse of part, when part[:end] is plain
// paragraphs: lines of plain text (see plainLine) in runs separated by
// empty lines, the first line one of them. goldmark parses each run into
// a paragraph holding a Text node per line and nothing else, so each
// block's Plain is its Norm, and it has no links. When more, part[:end]
// must end with an empty line, and the line after it be neither blank
// nor a definition (of a link reference, footnote or term, which would
// take the paragraph before it): at the top of the page, after a closed
// paragraph, that line opens a block of its own, as parseRegion checks.
// It reports false when part is not such a region; the blocks' Start
// and End are offsets into part.
func plainRegion(part []byte, end int, more bool, base int) ([]Block, bool) {
	if more {
		next := part[end:]
		if end < 2 || part[end-1] != '\n' || part[end-2] != '\n' || blankLine(next, false) || hasRefs(next) || hasDescription(next) {
			return nil, false
		}
	}
	// The lines are checked before anything is allocated: most regions
	// of a page with markup are not plain.
	region := part[:end]
	n := 0
	for i := 0; i < end; {
		e := lineEnd(region, i)
		switch line := bytes.TrimSuffix(region[i:e], []byte{'\n'}); {
		case len(line) == 0 && i > 0:
		case !plainLine(line):
			return nil, false
		case i == 0 || region[i-2] == '\n':
			n++
		}
		i = e
	}
	blocks := make([]Block, 0, n)
	for i := 0; i < end; {
		e := lineEnd(region, i)
		if line := bytes.TrimSuffix(region[i:e], []byte{'\n'}); len(line) > 0 {
			if i == 0 || region[i-2] == '\n' {
				blocks = append(blocks, Block{Kind: Paragraph, Start: i})
			}
			blocks[len(blocks)-1].End = i + len(line)
		}
		i = e
	}
	line := lineCounter(part, base)
	for i := range blocks {
		blk := &blocks[i]
		blk.Text = string(part[blk.Start:blk.End])
		blk.Line, blk.EndLine = line(blk.Start), line(blk.End-1)
		blk.setNorm(normalizeString(blk.Text))
		blk.Plain = blk.Norm
	}
	return blocks, true
}

// plainLine reports whether line (without its newline) is plain text
// in a paragraph: it starts with a letter, so that it opens no block and
// interrupts no paragraph, has only plainByte bytes, no trailing space
// (a hard line break) and nothing goldmark's linkify could take for the
// start of a link (see linkMarks).
func plainLine(line []byte) bool {
	if len(line) == 0 || line[len(line)-1] == ' ' {
		return false
	}
	if c := line[0] | 0x20; c < 'a' || c > 'z' {
		if line[0] < 0x80 {
			return false
		}
	}
	for _, c := range line {
		if !plainByte[c] {
			return false
		}
	}
	return !hasURLMark(line)
}

// frontEnd returns how much of prev's source decides its front matter:
// all of it up to the body for YAML and TOML, the rest of the closing
// brace's line for JSON (the body starts after it only when it is blank),
// and the first line that is not blank when there is none (that line
// would open front matter). It returns 0 when that cannot be told.
func frontEnd(prev *Document) int {
	src := prev.Source
	switch prev.FrontFormat {
	case "yaml", "toml":
		return prev.BodyStart
	case "json":
		return lineEnd(src, prev.BodyStart)
	case "":
		i := prev.BodyStart
		for i < len(src) && isSpace(src[i]) {
			i++
		}
		if i == len(src) {
			return 0
		}
		if e := bytes.IndexByte(src[i:], '\n'); e >= 0 {
			return i + e + 1
		}
	}
	return 0
}

// boundary reports whether body offset x of body is a place where a parse
// may start afresh whatever came before: the first line of a block at
// the top of the page, after a blank line, that nothing before it can
// continue (an indented line or a list item would continue a list) and
// no shortcode spans. A fence or HTML block still open at x is ruled out
// by the caller (by the previous parse having a block start at x, or by
// parsing the line).
func boundary(body []byte, x int, codes []span) bool {
	return afterBlank(body, x, codes) && freshLine(body[x:])
}

// afterBlank reports whether body offset x of body starts a line after a
// blank one, with no shortcode spanning it.
func afterBlank(body []byte, x int, codes []span) bool {
	if x <= 0 || x >= len(body) || body[x-1] != '\n' {
		return false
	}
	for i := lineStart(body, x-1); i < x-1; i++ {
		if c := body[i]; c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	i := sort.Search(len(codes), func(i int) bool { return codes[i].end > x })
	return i == len(codes) || codes[i].start >= x
}

// inList reports whether a block of kind k may sit in a list (or a
// footnote, which a blank line does not end either). A block that starts
// after a blank line, when the block before it is none of these, is
// the first of a node at the top of the page, and starts afresh there:
// a list is the only container that runs on past a blank line, and a
// list open at the block would hold the block before it too (every list
// item is a block of kind ListItem, whatever it holds, and a fence or
// HTML block left open would have no block start after it).
func inList(k Kind) bool {
	return k == ListItem || k == Footnote
}

// freshLine reports whether line, at the start of a line after a blank
// one, opens a block at the top of the page whatever came before: it is
// not indented and is no list item, list continuation or definition.
func freshLine(line []byte) bool {
	c := line[0]
	switch {
	case c >= 0x80, c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return true
	case c >= '0' && c <= '9':
		// "2024 was" is a paragraph, "2024. Item" an ordered list item.
		i := 0
		for i < len(line) && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		return i < len(line) && line[i] != '.' && line[i] != ')' && line[i] != '\n' && line[i] != '\r'
	case c == '*' || c == '-' || c == '+':
		// "**Bold**" and "---" are no list item, "* Item" and "-" alone
		// are (as goldmark reads them: a marker followed by white space
		// or the end of the line).
		return len(line) > 1 && line[1] != ' ' && line[1] != '\t' && line[1] != '\n' && line[1] != '\r'
	}
	return bytes.IndexByte([]byte("#><|[!_`~=\\{\"'(&@$%^.,;?/"), c) >= 0
}

// hasRefs reports whether body has a "]:", which a link reference or
// footnote definition ends its label with.
func hasRefs(body []byte) bool {
	return bytes.Contains(body, []byte("]:"))
}

// hasDescription reports whether body has a line that could be a
// definition-list description: ":" first on the line, after white space
// or block-quote markers.
func hasDescription(body []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(body[i:], ':')
		if j < 0 {
			return false
		}
		j += i
		k := j - 1
		for k >= 0 && (body[k] == ' ' || body[k] == '\t' || body[k] == '>') {
			k--
		}
		if k < 0 || body[k] == '\n' || body[k] == '\r' {
			return true
		}
		i = j + 1
	}
}

// commonPrefix returns the length of the longest common prefix of x and
// y, eight bytes at a time.
func commonPrefix(x, y []byte) int {
	n := min(len(x), len(y))
	i := 0
	for i+8 <= n && binary.LittleEndian.Uint64(x[i:]) == binary.LittleEndian.Uint64(y[i:]) {
		i += 8
	}
	for i < n && x[i] == y[i] {
		i++
	}
	return i
}

// commonSuffix returns the length of the longest common suffix of x and y.
func commonSuffix(x, y []byte) int {
	n := min(len(x), len(y))
	i := 0
	for i+8 <= n && binary.LittleEndian.Uint64(x[len(x)-i-8:]) == binary.LittleEndian.Uint64(y[len(y)-i-8:]) {
		i += 8
	}
	for i < n && x[len(x)-i-1] == y[len(y)-i-1] {
		i++
	}
	return i
}
