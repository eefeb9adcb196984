package redline

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/norm"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
)

// A mark says what happened to a byte of a side's text.
type mark uint8

const (
	unmarked mark = iota
	inserted
	deleted
	// keep, on text without a place (a line break), leaves the mark
	// open as it is, so that a mark runs on across a soft line break.
	keep mark = 255
)

// deletion is a run of the old text that is gone: at is where it stood
// in the new text, old the bytes of the old text it was.
type deletion struct {
	at       int
	from, to int // in the old text
}

// overlay is what the word diff says about the two texts, in their own
// byte offsets: which bytes of the new text are inserted, which of the
// old are deleted, and where in the new text each deleted run stood.
type overlay struct {
	oldText, newText string
	oldMarks         []mark // deleted bytes of oldText
	newMarks         []mark // inserted bytes of newText
	dels             []deletion
}

// overlayOf lays the spans, which are over the normalised texts (see
// document.Block.Norm: white space collapsed, block-quote markers
// blanked), onto the texts themselves. It reports false when the spans
// do not fit the texts, for a caller to show the two whole.
func overlayOf(spans []align.Span, oldText, newText string) (*overlay, bool) {
	var oldNorm, newNorm strings.Builder
	for _, sp := range spans {
		switch sp.Op {
		case align.SpanEqual:
			oldNorm.WriteString(sp.Text)
			newNorm.WriteString(sp.Text)
		case align.SpanDelete:
			oldNorm.WriteString(sp.Text)
		case align.SpanInsert:
			newNorm.WriteString(sp.Text)
		default:
			return nil, false
		}
	}
	oldText, newText = nfc(oldText), nfc(newText)
	op, ok := normPositions(oldText, oldNorm.String())
	if !ok {
		return nil, false
	}
	np, ok := normPositions(newText, newNorm.String())
	if !ok {
		return nil, false
	}
	o := &overlay{oldText: oldText, newText: newText, oldMarks: make([]mark, len(oldText)), newMarks: make([]mark, len(newText))}
	i, j := 0, 0 // offsets in the old and new normalised texts
	for _, sp := range spans {
		n := len(sp.Text)
		switch sp.Op {
		case align.SpanEqual:
			i, j = i+n, j+n
		case align.SpanInsert:
			for k := np[j]; k < np[j+n]; k++ {
				o.newMarks[k] = inserted
			}
			j += n
		case align.SpanDelete:
			for k := op[i]; k < op[i+n]; k++ {
				o.oldMarks[k] = deleted
			}
			o.dels = append(o.dels, deletion{at: np[j], from: op[i], to: op[i+n]})
			i += n
		}
	}
	return o, true
}

// tableMarkup is the markup of an HTML table's rows and cells.
var tableMarkup = regexp.MustCompile(`(?i)</?(table|thead|tbody|tfoot|tr|td|th)[\s/>]`)

// tableCut reports whether the change deleted rows or cells of an HTML
// table (see htmlTable): the inline view shows a deleted run where it
// stood in the new table, and a row or cell that is gone stood in none
// of its cells, so that view shows the two tables whole instead. Side
// by side, the old table shows it where it was.
func tableCut(o *overlay) bool {
	for _, d := range o.dels {
		if tableMarkup.MatchString(o.oldText[d.from:d.to]) {
			t, ok := renderSide(o.oldText, nil)
			return ok && t.htmlTables > 0
		}
	}
	return false
}

func nfc(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// isSpace is white space as document.Block.Norm collapses it.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// normPositions maps each byte offset of nrm (the normalised form of
// text, see document.Block.Norm) to the offset of the same byte in text;
// a run of white space in nrm maps to where the white space (and the
// block-quote markers it stands for) starts in text. One pass over both.
func normPositions(text, nrm string) ([]int, bool) {
	pos := make([]int, len(nrm)+1)
	lineHasText := false
	t := 0
	// layout skips white space and, at the start of a line, the
	// block-quote markers that Norm blanks; next is the byte nrm goes on
	// with, so that a ">" that is text (a line of a code block) stays.
	layout := func(next byte) {
		for t < len(text) {
			c := text[t]
			switch {
			case c == '\n':
				lineHasText = false
			case isSpace(c):
			case c == '>' && !lineHasText && next != '>':
			default:
				return
			}
			t++
		}
	}
	first := byte(0)
	if nrm != "" {
		first = nrm[0]
	}
	layout(first)
	for n := 0; n < len(nrm); {
		if isSpace(nrm[n]) {
			start := t
			for n < len(nrm) && isSpace(nrm[n]) {
				pos[n] = start
				n++
			}
			next := byte(0)
			if n < len(nrm) {
				next = nrm[n]
			}
			layout(next)
			if t == start {
				return nil, false
			}
			continue
		}
		if t >= len(text) || text[t] != nrm[n] {
			return nil, false
		}
		pos[n] = t
		lineHasText = true
		n++
		t++
	}
	pos[len(nrm)] = t
	layout(0)
	return pos, t == len(text)
}

// prepared is a side's text made ready for goldmark: a block that reads
// differently alone than in its page is fixed up, and at maps each byte
// of src back to its offset in the text (-1 for a byte added).
type prepared struct {
	src []byte
	at  []int32
	// headless holds the offsets in src of the delimiter rows added under
	// a table row that stood alone: such a table has no header.
	headless map[int]bool
}

// prepare fixes up a block's text for rendering alone:
//
//   - a list item nested in its page ("    - x") is moved back to the
//     margin, so that it reads as a list item and not as code;
//   - table rows, which are blocks of their own and come joined by
//     blank lines, are joined into one table, and a table that starts
//     with a body row gets a delimiter row (rendered without a header).
func prepare(text string) prepared {
	p := prepared{src: make([]byte, 0, len(text)+16), at: make([]int32, 0, len(text)+16)}
	emit := func(from, to int) {
		p.src = append(p.src, text[from:to]...)
		for k := from; k < to; k++ {
			p.at = append(p.at, int32(k))
		}
	}
	add := func(s string) {
		p.src = append(p.src, s...)
		for range len(s) {
			p.at = append(p.at, -1)
		}
	}
	indent := listIndent(text)
	inTable := false
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := text[start:end]
		ls := start
		if indent > 0 {
			k := 0
			for k < indent && k < len(line) && line[k] == ' ' {
				k++
			}
			ls += k
			line = line[k:]
		}
		blank := strings.TrimSpace(line) == ""
		row := isRow(line)
		switch {
		case blank && inTable && isRow(nextLine(text, end)):
			// The blank line between two rows: left out.
			start = end + 1
			continue
		case row && !inTable:
			inTable = true
			emit(ls, end)
			if !isDelimiterRow(nextLine(text, end)) {
				add("\n")
				if p.headless == nil {
					p.headless = map[int]bool{}
				}
				p.headless[len(p.src)] = true
				add(delimiterRow(line))
				if end < len(text) {
					add("\n")
					start = end + 1
					continue
				}
			}
		case row:
			emit(ls, end)
		default:
			inTable = false
			emit(ls, end)
		}
		if end < len(text) {
			emit(end, end+1)
		}
		start = end + 1
	}
	return p
}

// listIndent is how far the text's first line is indented when it opens
// a list item, else 0.
func listIndent(text string) int {
	k := 0
	for k < len(text) && text[k] == ' ' {
		k++
	}
	if k == 0 || k == len(text) {
		return 0
	}
	rest := text[k:]
	switch rest[0] {
	case '-', '*', '+':
		if len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t' || rest[1] == '\n' {
			return k
		}
	}
	d := 0
	for d < len(rest) && d < 9 && rest[d] >= '0' && rest[d] <= '9' {
		d++
	}
	if d > 0 && d < len(rest) && (rest[d] == '.' || rest[d] == ')') {
		return k
	}
	return 0
}

func isRow(line string) bool {
	l := strings.TrimLeft(line, " ")
	return len(line)-len(l) < 4 && strings.HasPrefix(l, "|") && strings.Count(l, "|") >= 2
}

func nextLine(text string, end int) string {
	if end >= len(text) {
		return ""
	}
	rest := text[end+1:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		return rest[:i]
	}
	return rest
}

func isDelimiterRow(line string) bool {
	l := strings.TrimSpace(line)
	if !strings.Contains(l, "-") {
		return false
	}
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '|', '-', ':', ' ', '\t':
		default:
			return false
		}
	}
	return true
}

// delimiterRow is a delimiter row with as many columns as row has
// cells, counted as goldmark splits them (at pipes not escaped).
func delimiterRow(row string) string {
	l := strings.TrimSpace(row)
	l = strings.TrimPrefix(l, "|")
	if strings.HasSuffix(l, "|") && !strings.HasSuffix(l, `\|`) {
		l = l[:len(l)-1]
	}
	n := 1
	for i := 0; i < len(l); i++ {
		if l[i] == '|' && (i == 0 || l[i-1] != '\\') {
			n++
		}
	}
	return "|" + strings.Repeat(" --- |", n)
}

// Work limits. goldmark reads some text again for every unclosed link
// bracket, code span or HTML opener and for every emphasis closer that
// finds no opener; internal/document meters that for the page's own
// blocks, but the texts shown here may come from elsewhere. A block is
// given to goldmark only when an upper estimate of that work (cost) is
// within workPerByte a byte (and workFloor); any other is shown as its
// text.
const (
	workPerByte = 64
	workFloor   = 1 << 22
	maxNesting  = 100
)

func tooCostly(src []byte) bool {
	return cost(src) > workFloor+workPerByte*len(src)
}

// cost estimates from above what goldmark reads again while parsing
// src, in linear time. Inline content is parsed per paragraph, and no
// paragraph spans a blank line, so each run of lines between blank lines
// is metered on its own (see chunkCost). Lines nested deeper than
// maxNesting containers cost without limit.
func cost(src []byte) int {
	total := 0
	start := 0
	for i := 0; i <= len(src); {
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += i
		}
		line := src[i:end]
		if nestingOf(line) > maxNesting {
			return int(^uint(0) >> 1)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			total += chunkCost(src[start:i])
			start = end + 1
		}
		i = end + 1
	}
	if start < len(src) {
		total += chunkCost(src[start:])
	}
	return total
}

// nestingOf counts the container markers ("> ", "- ", "1. ") that open a
// line.
func nestingOf(line []byte) int {
	depth := 0
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '+' || c == '*') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			depth++
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				depth++
				i = j + 2
				continue
			}
			return depth
		default:
			return depth
		}
	}
	return depth
}

// chunkCost estimates what goldmark reads again in one paragraph's
// worth of text:
//
//   - for each "]", the label back to its "[" (copied out to look up a
//     reference) and the labels still open (counted);
//   - for each "](", the rest of its line (a destination and title are
//     scanned for);
//   - for each run of backticks, the text up to the next run as long,
//     or to the end when there is none;
//   - for each "<", the text up to the ">" (or "-->", "?>", "]]>") that
//     closes it, or to the end;
//   - for each emphasis closer that finds no opener of its kind, every
//     delimiter still open.
func chunkCost(c []byte) int {
	total := 0
	var labels []int
	type run struct{ pos, n int }
	var ticks []run
	var lts []int
	var m emphasisMeter
	eol := -1 // the end of the line of i, once looked for
	for i := 0; i < len(c); i++ {
		switch ch := c[i]; ch {
		case '\\':
			i++
		case '[':
			labels = append(labels, i)
		case ']':
			total += len(labels)
			if n := len(labels); n > 0 {
				total += i - labels[n-1]
				labels = labels[:n-1]
			}
			if i+1 < len(c) && c[i+1] == '(' {
				if eol < i {
					eol = len(c)
					if e := bytes.IndexByte(c[i:], '\n'); e >= 0 {
						eol = i + e
					}
				}
				total += eol - i
			}
		case '`':
			j := i
			for j < len(c) && c[j] == '`' {
				j++
			}
			ticks = append(ticks, run{i, j - i})
			i = j - 1
		case '<':
			lts = append(lts, i)
		case '*', '_', '~':
			j := i
			for j < len(c) && c[j] == ch {
				j++
			}
			before, after := byte(' '), byte(' ')
			if i > 0 {
				before = c[i-1]
			}
			if j < len(c) {
				after = c[j]
			}
			total += m.add(ch, before, after)
			i = j - 1
		}
	}
	// Backticks: each run against the next run of its length.
	next := make([]int, len(ticks))
	last := map[int]int{}
	for k := len(ticks) - 1; k >= 0; k-- {
		next[k] = -1
		if q, ok := last[ticks[k].n]; ok {
			next[k] = q
		}
		last[ticks[k].n] = k
	}
	for k := 0; k < len(ticks); {
		if q := next[k]; q >= 0 {
			total += ticks[q].pos - ticks[k].pos
			k = q + 1
			continue
		}
		total += len(c) - ticks[k].pos
		k++
	}
	// "<": up to what closes it; the closers are found by pointers that
	// only move forward.
	closers := []struct {
		open, close string
		at          int
	}{{"<!--", "-->", 0}, {"<?", "?>", 0}, {"<![CDATA[", "]]>", 0}, {"<", ">", 0}}
	for _, p := range lts {
		for k := range closers {
			cl := &closers[k]
			if !bytes.HasPrefix(c[p:], []byte(cl.open)) {
				continue
			}
			if cl.at >= 0 && cl.at <= p {
				if q := bytes.Index(c[p+1:], []byte(cl.close)); q >= 0 {
					cl.at = p + 1 + q
				} else {
					cl.at = -1
				}
			}
			if cl.at < 0 {
				total += len(c) - p
			} else {
				total += cl.at - p
			}
			break
		}
	}
	return total
}

// emphasisMeter follows the emphasis delimiters of a paragraph as
// goldmark's ProcessDelimiters does, roughly: a closer that finds an
// opener of its kind costs little (what lies between is dropped), one
// that finds none reads every delimiter still open.
type emphasisMeter struct {
	live   int
	byChar [3]int
}

func (m *emphasisMeter) add(ch, before, after byte) int {
	k := 0
	switch ch {
	case '_':
		k = 1
	case '~':
		k = 2
	}
	wsB, wsA := isSpace(before), isSpace(after)
	pB, pA := util.IsPunct(before), util.IsPunct(after)
	left := !wsA && (!pA || wsB || pB)
	right := !wsB && (!pB || wsA || pA)
	open, closes := left, right
	if ch == '_' {
		open = left && (!right || pB)
		closes = right && (!left || pA)
	}
	cost := 0
	if closes {
		if m.byChar[k] > 0 {
			m.byChar[k]--
			m.live--
			return 1
		}
		cost = m.live
	}
	if open {
		m.live++
		m.byChar[k]++
	}
	return cost + 1
}

// validChange returns c, or, when one of its texts is not valid UTF-8, a
// copy whose texts have each invalid byte replaced by U+FFFD. Every
// view, HTML and text, starts with it (or validText): markup taken out
// from between invalid bytes could otherwise join them into a character
// the page never had ("\xee*\xb6\xac" without its "*" reads
// U+EDAC). Pages are checked for UTF-8 when they are parsed, so this
// copies only what did not come from a page.
func validChange(c *classify.Change) *classify.Change {
	ok := func(s string) bool { return utf8.ValidString(s) }
	valid := (c.Old == nil || ok(c.Old.Text)) && (c.New == nil || ok(c.New.Text))
	for _, sp := range c.Inline {
		valid = valid && ok(sp.Text)
	}
	if valid {
		return c
	}
	v := *c
	if c.Old != nil {
		old := *c.Old
		old.Text = validText(old.Text)
		v.Old = &old
	}
	if c.New != nil {
		nw := *c.New
		nw.Text = validText(nw.Text)
		v.New = &nw
	}
	v.Inline = make([]align.Span, len(c.Inline))
	for i, sp := range c.Inline {
		sp.Text = validText(sp.Text)
		v.Inline[i] = sp
	}
	return &v
}

// validText replaces each byte of s that is not part of valid UTF-8 by
// U+FFFD: one for one, so that texts and the spans cut from them stay
// alike.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		b.WriteRune(r) // range gives U+FFFD for each invalid byte
	}
	return b.String()
}
