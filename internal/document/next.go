package document

import (
	"bytes"
	"encoding/binary"
	"sort"
)

// ParseNext parses src, the content of the page at path, like Parse, and
// returns the same Document (equal field for field), reusing the blocks of
// prev, the parse of another version of the page (in a history, the one
// before): only the part of the body between the first and the last
// change, widened to block boundaries that nothing on either side can
// see across, goes through goldmark again. When such boundaries cannot
// be found, or the page holds what makes parsing depend on the whole
// page (link reference or footnote definitions, definition lists), it
// parses src in full. prev is not changed; the new Document may share
// strings, slices and the front matter map with it, so neither may be
// changed by the caller.
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
	if prev == nil || prev.heads == nil || len(prev.Blocks) == 0 {
		return nil, "no previous parse"
	}
	if lim.MaxBytes > 0 && len(src) > lim.MaxBytes {
		return nil, "too large"
	}
	if checkEncoding(path, src) != nil {
		return nil, "not UTF-8 text"
	}
	old := prev.Source
	doc := &Document{Path: path, Lang: Lang(path), Source: src}
	if fe := frontEnd(prev); fe > 0 && commonPrefix(old, src) >= fe {
		// parseFront reads nothing past fe, so it would find what it
		// found in prev.
		doc.FrontFormat, doc.Front, doc.BodyStart = prev.FrontFormat, prev.Front, prev.BodyStart
	} else if err := parseFront(doc, newLineIndex(src)); err != nil {
		return nil, "front matter error"
	}
	if doc.Lang == "" {
		doc.Lang = frontLang(doc.Front)
	}
	ob, nb := old[prev.BodyStart:], src[doc.BodyStart:]
	if blankLine(nb, false) {
		return nil, "blank body"
	}
	// Link reference and footnote definitions act on the whole page, and
	// a definition-list description reaches back to the list before it.
	if bytes.Contains(ob, []byte("]:")) || bytes.Contains(nb, []byte("]:")) {
		return nil, "reference definitions"
	}
	if hasDescription(ob) || hasDescription(nb) {
		return nil, "definition list"
	}

	// The change: ob[p:oe] became nb[p:ne].
	p := commonPrefix(ob, nb)
	s := commonSuffix(ob[p:], nb[p:])
	oe := len(ob) - s
	grow := len(nb) - len(ob)

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

	// ia is the first old block to parse again, a where it starts: the
	// last boundary at or before the change that is safe on both sides.
	// jb is the first old block kept after the change, b where it
	// starts. Blocks ia..jb-1 are replaced by the parse of nb[a:b+grow].
	var ia, jb int
	if oe == p && grow == 0 { // the bodies are equal
		ia, jb = n, n
	} else {
		ia = sort.Search(n, func(i int) bool { return start(i) > p }) - 1
		for ; ia > 0; ia-- {
			x := start(ia)
			if boundary(ob, x, ocodes) && boundary(nb, x, ncodes) {
				break
			}
		}
		ia = max(ia, 0)
		jb = sort.Search(n, func(j int) bool { return start(j) >= oe && j >= ia })
		for ; jb < n; jb++ {
			x := start(jb)
			if boundary(ob, x, ocodes) && boundary(nb, x+grow, ncodes) {
				break
			}
		}
	}
	a, b := start(ia), start(jb)
	rblocks, rheads, why := parseRegion(path, src, doc.BodyStart, a, b+grow, jb < n, ncodes)
	if why == whyRegionEnd {
		// What the region ends with runs on (an unclosed fence, an HTML
		// block); the rest of the page must be parsed with it.
		jb, b = n, len(ob)
		rblocks, rheads, why = parseRegion(path, src, doc.BodyStart, a, len(nb), false, ncodes)
	}
	if why != "" {
		return nil, why
	}
	nbEnd := b + grow // where the kept tail starts in nb

	total := ia + len(rblocks) + n - jb
	if total == 0 {
		return nil, "no blocks"
	}
	if lim.MaxBlocks > 0 && total > lim.MaxBlocks {
		return nil, "too many blocks"
	}
	nl := func(d []byte, off int) int { return bytes.Count(d[:off], []byte{'\n'}) }
	headShift := nl(src, doc.BodyStart) - nl(old, prev.BodyStart)
	tailShift := nl(src, doc.BodyStart+nbEnd) - nl(old, prev.BodyStart+b)

	blocks := make([]Block, 0, total)
	for i := 0; i < ia; i++ {
		blk := prev.Blocks[i]
		blk.Start = doc.BodyStart + start(i)
		blk.Line += headShift
		blk.EndLine += headShift
		blocks = append(blocks, blk)
	}
	for _, blk := range rblocks {
		blk.Start += doc.BodyStart
		blocks = append(blocks, blk)
	}
	for j := jb; j < n; j++ {
		blk := prev.Blocks[j]
		blk.Start = doc.BodyStart + start(j) + grow
		blk.Line += tailShift
		blk.EndLine += tailShift
		blocks = append(blocks, blk)
	}
	blocks[0].Start = doc.BodyStart
	for i := range blocks {
		if i+1 < len(blocks) {
			blocks[i].End = blocks[i+1].Start
		} else {
			blocks[i].End = len(src)
		}
	}

	heads := make([]head, 0, len(prev.heads)+len(rheads))
	for _, h := range prev.heads {
		if h.pos < a {
			heads = append(heads, h)
		}
	}
	heads = append(heads, rheads...)
	for _, h := range prev.heads {
		if h.pos >= b && jb < n {
			h.pos += grow
			heads = append(heads, h)
		}
	}
	if !sections(blocks, heads) {
		return nil, "headings do not match blocks"
	}
	doc.Blocks, doc.heads = blocks, heads
	return doc, ""
}

const whyRegionEnd = "region end not a top-level boundary"

// parseRegion parses src[bodyStart+a : bodyStart+end], the part of the
// new body to parse again, and returns its blocks and headings with
// offsets into the body (Start and End of the blocks are their text
// span; End is fixed by the caller). more says whether blocks follow
// end. codes are the shortcodes of the whole body.
func parseRegion(path string, src []byte, bodyStart, a, end int, more bool, codes []span) ([]Block, []head, string) {
	nb := src[bodyStart:]
	if a == end {
		return nil, nil, ""
	}
	if checkNesting(path, src[:bodyStart+end], bodyStart+a, newLineIndex(nil)) != nil {
		return nil, nil, "nesting"
	}
	tail := nb[a:]
	var rcodes []span
	for _, c := range codes {
		if c.start >= a {
			rcodes = append(rcodes, span{c.start - a, c.end - a})
		}
	}
	rb := &body{src: tail, codes: rcodes}
	rb.masked = mask(tail, rcodes)
	end -= a
	limit := end
	if more {
		// Parse the first line after the region too: the region ends
		// on a block boundary only if that line opens a new block at
		// the top of the tree (a fence or HTML block left open would
		// swallow it).
		limit = lineEnd(tail, end)
	}
	root := rb.parse(rb.masked[:limit])
	if more {
		last := root.LastChild()
		if last == nil || lineStart(tail, rb.pos(last)) != end {
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
	if a > 0 && (len(blocks) == 0 || blocks[0].Start != 0) {
		return nil, nil, "region does not start with a block"
	}
	base := 1 + bytes.Count(src[:bodyStart+a], []byte{'\n'})
	lines := newLineIndex(tail[:limit])
	rb.fill(blocks, func(off int) int { return base - 1 + lines.line(off) })
	for i := range blocks {
		blocks[i].Start += a
	}
	for i := range rb.heads {
		rb.heads[i].pos += a
	}
	return blocks, rb.heads, ""
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
// may start afresh: the first line of a block at the top of the page,
// after a blank line, that nothing before it can continue (an indented
// line or a list item would continue a list) and no shortcode spans. A
// fence or HTML block still open at x is ruled out by the caller (by the
// previous parse having a block start at x, or by parsing the line).
func boundary(body []byte, x int, codes []span) bool {
	if x <= 0 || x >= len(body) || body[x-1] != '\n' {
		return false
	}
	for i := lineStart(body, x-1); i < x-1; i++ {
		if c := body[i]; c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	if !freshLine(body[x:]) {
		return false
	}
	i := sort.Search(len(codes), func(i int) bool { return codes[i].end > x })
	return i == len(codes) || codes[i].start >= x
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
	}
	return bytes.IndexByte([]byte("#><|[!_`~=\\{\"'(&@$%^.,;?/"), c) >= 0
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
