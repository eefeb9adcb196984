package classify

import (
	"strings"
)

// plainText is a paragraph with its Markdown taken apart: the words a
// reader sees and, separately, what only changes where things point or how
// they look.
type plainText struct {
	text      string   // the visible words
	links     []string // link targets (and ref/relref shortcode targets)
	linkTexts []string // the words of each link, beside links ("" when it shows none)
	images    []string // image targets
	footnotes []string // footnote references and definition labels
	// shortcodes are the Hugo shortcodes opened, each its name and the
	// arguments that are not about looks ("include file=x.md"): what a
	// shortcode shows can hang on them.
	shortcodes []string
	heading    string // "#", "##", ... when the text is a heading ("=" or "-" for a setext one)
}

// htmlTag and shortcodeTag run only on the window in which their match
// must end (see htmlTagAt and shortcodeAt); attribute lists are matched
// by hand (see attrLists).
var (
	lineMarker   = &lazyRegexp{src: `^(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+)`}
	headingID    = &lazyRegexp{src: `[ \t]*\{#[^}]*\}[ \t]*$`}
	htmlTag      = &lazyRegexp{src: `^</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`}
	shortcodeTag = &lazyRegexp{src: `^\{\{[<%]\s*(/?)\s*([A-Za-z0-9_./-]*)\s*(.*?)\s*[>%]\}\}`}
	closingHash  = &lazyRegexp{src: `[ \t]+#+[ \t]*$`}
)

// withoutAttrLists takes the attribute lists out of s.
func withoutAttrLists(s string) string {
	out, _ := withoutAttrListsWork(s)
	return out
}

// withoutAttrListsWork is withoutAttrLists, also counting its work in
// bytes examined, for the tests that hold it linear.
func withoutAttrListsWork(s string) (string, int) {
	if !strings.Contains(s, "{") {
		return s, len(s)
	}
	a := &attrLists{s: s}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '{' && (i+1 < len(s) && s[i+1] != '{') && (i == 0 || s[i-1] != '{') {
			if end := a.end(i, len(s)); end >= 0 {
				i = end - 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String(), len(s) + a.work
}

// refDefinition matches a link reference definition, at the start of a
// line or (in normalised text, where lines are joined) after a space.
var refDefinition = &lazyRegexp{src: `(?:^|\s)\[([^\]^\s][^\]]*)\]:\s*(<[^>\s]*>|\S+)(?:\s+"[^"]*")?`}

// stripMarkdown takes a block's Markdown source apart. It is deliberately
// small: the document parser has already split blocks, so only inline
// markup and the block's own marker remain.
func stripMarkdown(s string) plainText {
	if plainLine(s) {
		return plainText{text: s}
	}
	return stripMarkup(s)
}

// markupBytes are the bytes at which stripMarkup may take a line apart:
// a new line, and those stripInline acts on ('!' and "]:" only beside a
// '['). It copies every other byte as it is.
const markupBytes = "\n\\[{<*`|~_"

// plainLine reports whether stripMarkup(s) is s and nothing else found:
// one line without markup bytes, line marker or setext underline, as
// most paragraphs are. It spares them the copy and the byte-by-byte walk.
func plainLine(s string) bool {
	if strings.ContainsAny(s, markupBytes) || lineMarkerOf(s) != "" {
		return false
	}
	_, heading := cutSetextUnderline(s)
	return heading == ""
}

// stripMarkup is stripMarkdown for any text.
func stripMarkup(s string) plainText {
	var p plainText
	var b strings.Builder
	b.Grow(len(s)) // the plain text is about as long as the source
	s, p.heading = cutSetextUnderline(s)
	for li, next := 0, s; ; li++ {
		line, more, cut := strings.Cut(next, "\n")
		next = more
		if li > 0 {
			b.WriteByte('\n')
		}
		if m := lineMarkerOf(line); m != "" {
			rest := line[len(m):]
			if strings.HasPrefix(m, "#") {
				p.heading = strings.TrimRight(m, " \t")
				// Strip the closing hashes after the marker, not from the
				// whole line: in "# #" the marker's space also opens the
				// closing sequence, and the line would end up shorter than
				// its marker.
				rest = cutHeadingAttrList(headingID.get().ReplaceAllString(rest, ""))
				if closed := closingHash.get().ReplaceAllString(" "+rest, ""); closed != " "+rest {
					rest = strings.TrimPrefix(closed, " ")
				}
			}
			line = rest
		}
		// A link reference definition ("[1]: https://...") shows nothing on
		// the page: its target is a link target like an inline link's.
		// Nearly no line holds a definition; the cheap test keeps the
		// backtracking regexp off the hot path of a whole history.
		if strings.Contains(line, "]:") {
			for _, m := range refDefinition.get().FindAllStringSubmatch(line, -1) {
				p.links = append(p.links, strings.Trim(m[2], "<>"))
				p.linkTexts = append(p.linkTexts, "")
			}
			line = refDefinition.get().ReplaceAllString(line, "")
		}
		if strings.HasPrefix(line, "[^") {
			if end := strings.Index(line, "]:"); end > 2 {
				p.footnotes = append(p.footnotes, line[2:end])
				line = line[end+2:]
			}
		}
		stripInline(line, &b, &p)
		if !cut {
			break
		}
	}
	p.text = b.String()
	return p
}

// lineMarkerOf is lineMarker's match at the start of line. Most lines
// start with none of the characters a marker starts with, and need not
// run the regexp.
func lineMarkerOf(line string) string {
	if line == "" {
		return ""
	}
	switch c := line[0]; {
	case c == '#', c == '>', c == '-', c == '*', c == '+', '0' <= c && c <= '9':
		return lineMarker.get().FindString(line)
	}
	return ""
}

// cutHeadingAttrList takes a trailing Python-Markdown attribute list
// ("## Title ## {: #id .class }") off a heading's text, so that closing
// hashes before it are found as such.
func cutHeadingAttrList(rest string) string {
	t := strings.TrimRight(rest, " \t")
	if !strings.HasSuffix(t, "}") {
		return rest
	}
	i := strings.LastIndex(t, "{:")
	if i < 0 || (i > 0 && t[i-1] == '{') {
		return rest
	}
	a := &attrLists{s: t}
	if a.end(i, len(t)) != len(t) {
		return rest
	}
	return strings.TrimRight(t[:i], " \t")
}

// cutSetextUnderline takes the underline off a setext heading ("Title" on
// one line, "=====" or "-----" on the next; one line "Title =====" in
// normalised text) and says which it was. Its length is layout: a title
// made bold lengthens it by four, and that is no punctuation changed. Three
// characters at least, so that prose ending in " --" is left alone.
func cutSetextUnderline(s string) (rest, heading string) {
	t := strings.TrimRight(s, " \t\n")
	if t == "" {
		return s, ""
	}
	c := t[len(t)-1]
	if c != '=' && c != '-' {
		return s, ""
	}
	end := len(t)
	for end > 0 && t[end-1] == c {
		end--
	}
	title := strings.TrimRight(t[:end], " \t\n")
	gap := t[len(title):end]
	switch {
	case len(t)-end < 3, gap == "", strings.TrimSpace(title) == "":
		return s, "" // short, part of a word ("a---"), or an underline alone
	case strings.Count(gap, "\n") > 1:
		return s, "" // after a blank line: a thematic break
	}
	return title, string(c)
}

// stripInline takes the inline markup out of one line (a line: it holds
// no '\n') and returns its work in bytes examined, for the tests that
// hold it linear.
//
// Every scan is linear in the line: hostile text ("{{< x " or "[" a
// hundred thousand times) made the old scans, which looked for a closing
// "}}", "]" or ")" from every opener, take minutes. What a scan looks for
// is now found in tables built once per line (where the next ')' is,
// which ']' closes each '['), and the regexps run only on the window in
// which their match must end. The results are those of the old scans,
// on every input: markup_linear_test.go holds them side by side.
func stripInline(s string, b *strings.Builder, p *plainText) int {
	x := newInline(s)
	x.run(b, p, 0, len(s))
	return x.work
}

// scanAhead is how many bytes, for each byte of a line, the lookups may
// scan directly before they build the line's tables: most lines have few
// openers, and for them a scan is cheaper than a table. Once the line's
// length has been scanned, what is left is found in the tables. (The
// tests set it to 0, to hold the tables to the old scans too.)
var scanAhead = 1

func newInline(s string) inline {
	return inline{s: s, direct: scanAhead * len(s)}
}

// inline is one line being taken apart. A link's words are taken apart
// by a recursive run on their span of the same line: s[lo:hi] is what
// the old code saw as its whole string, and every lookup is cut at hi.
// Its tables hold indices as int32: a line is far below 2 GiB.
type inline struct {
	s      string
	work   int
	direct int // bytes the lookups may still scan before tables are built

	next  [nextKinds][]int32 // built on first use, see nextAt
	close []int32            // the ']' that closes each '[', see closing
	attrs *attrLists
}

// nextKind is a byte (or a few bytes) whose next occurrence is looked up.
type nextKind int

const (
	nextRBrack nextKind = iota // ']'
	nextRParen                 // ')'
	nextGT                     // '>'
	nextLT                     // '<'
	nextSpace                  // ' '
	nextCloser                 // ">}}" or "%}}", at its first byte
	nextKinds
)

// nextByte is the byte of each kind but nextCloser.
var nextByte = [nextKinds]byte{nextRBrack: ']', nextRParen: ')', nextGT: '>', nextLT: '<', nextSpace: ' '}

// nextAt returns the first index at or after p where k stands, if it is
// before hi; -1 if not.
func (x *inline) nextAt(k nextKind, p, hi int) int {
	x.work++
	if p >= hi || p >= len(x.s) {
		return -1
	}
	t := x.next[k]
	if t == nil {
		if x.direct > 0 {
			if j, ok := x.scanNext(k, p, hi); ok {
				return j
			}
		}
		t = x.buildNext(k)
	}
	if j := int(t[p]); j < hi {
		return j
	}
	return -1
}

// isCloser says whether ">}}" or "%}}" starts at p.
func isCloser(s string, p int) bool {
	return (s[p] == '>' || s[p] == '%') && p+2 < len(s) && s[p+1] == '}' && s[p+2] == '}'
}

// scanNext looks for k from p up to hi directly, through at most
// x.direct bytes; ok is false when those ran out first.
func (x *inline) scanNext(k nextKind, p, hi int) (j int, ok bool) {
	s := x.s
	hi = min(hi, len(s))
	lim := min(hi, p+x.direct)
	j = -1
	if k == nextCloser {
		for q := p; q < lim && j < 0; q++ {
			if isCloser(s, q) {
				j = q
			}
		}
	} else if j = strings.IndexByte(s[p:lim], nextByte[k]); j >= 0 {
		j += p
	}
	scanned := lim - p
	if j >= 0 {
		scanned = j + 1 - p
	}
	x.direct -= scanned
	x.work += scanned
	return j, j >= 0 || lim == hi
}

func (x *inline) buildNext(k nextKind) []int32 {
	s := x.s
	n := len(s)
	t := make([]int32, n+1)
	t[n] = int32(n)
	c := nextByte[k]
	for p := n - 1; p >= 0; p-- {
		if k == nextCloser && isCloser(s, p) || k != nextCloser && s[p] == c {
			t[p] = int32(p)
		} else {
			t[p] = t[p+1]
		}
	}
	x.next[k] = t
	x.work += n
	return t
}

// closing returns the index of the ']' that closes the '[' at a, as the
// old linkAt counted: from a, a backslash hides the byte after it, '['
// opens and ']' closes, and the first ']' back at depth zero closes. It
// is -1 when none does. That ']' is where the running depth of the line
// (over the brackets no backslash hides) first falls below its value
// after a, so one pass with a stack finds it for every '[' at once; a
// '[' that a backslash hides (which the old code counted too, if it was
// handed one) is done the same way.
//
// It returns -1 as well when that ']' is not before hi.
func (x *inline) closing(a, hi int) int {
	if x.close == nil && x.direct > 0 {
		// The old scan, through at most x.direct bytes.
		s := x.s
		lim := min(hi, a+x.direct)
		depth, c := 0, -1
		i := a
	scan:
		for ; i < lim; i++ {
			switch s[i] {
			case '\\':
				i++
			case '[':
				depth++
			case ']':
				if depth--; depth == 0 {
					c = i
					break scan
				}
			}
		}
		scanned := min(i+1, lim) - a
		x.direct -= scanned
		x.work += scanned
		if c >= 0 || lim == hi {
			return c
		}
	}
	if x.close == nil {
		x.buildClose()
	}
	x.work++
	if c := int(x.close[a]); c < hi {
		return c
	}
	return -1
}

func (x *inline) buildClose() {
	s := x.s
	x.close = make([]int32, len(s))
	x.work += len(s)
	type open struct{ at, below int32 }
	var stack []open
	depth := int32(0)
	slashes := 0 // backslashes just before p
	for p := 0; p < len(s); p++ {
		hidden := slashes%2 == 1
		switch s[p] {
		case '[':
			x.close[p] = -1
			if !hidden {
				depth++
			}
			// Each open waits for the depth to fall to below. All that
			// wait wait for less than the depth now, this one for one
			// less: the stack stays sorted, the next to close on top.
			stack = append(stack, open{int32(p), depth - 1})
		case ']':
			if !hidden {
				depth--
				for len(stack) > 0 && stack[len(stack)-1].below == depth {
					x.close[stack[len(stack)-1].at] = int32(p)
					stack = stack[:len(stack)-1]
				}
			}
		}
		if s[p] == '\\' {
			slashes++
		} else {
			slashes = 0
		}
	}
}

// link reads an inline link "[text](target "title")" or a reference link
// "[text][ref]" at the '[' at a, the line cut at hi, and returns the span
// of its text, its target and the index after it.
func (x *inline) link(a, hi int) (t0, t1 int, target string, end int, ok bool) {
	s := x.s
	c := x.closing(a, hi)
	if c < 0 || c+1 >= hi {
		return 0, 0, "", 0, false
	}
	switch s[c+1] {
	case '(':
		e := x.nextAt(nextRParen, c+1, hi)
		if e < 0 {
			return 0, 0, "", 0, false
		}
		x.work += e - c
		inner := strings.TrimSpace(s[c+2 : e])
		inner = strings.TrimPrefix(inner, "<")
		if sp := strings.IndexAny(inner, " \t"); sp >= 0 {
			inner = inner[:sp]
		}
		return a + 1, c, strings.TrimSuffix(inner, ">"), e + 1, true
	case '[':
		e := x.nextAt(nextRBrack, c+1, hi)
		if e < 0 {
			return 0, 0, "", 0, false
		}
		x.work += e - c
		ref := s[c+2 : e]
		if ref == "" {
			ref = s[a+1 : c]
		}
		return a + 1, c, "[" + ref + "]", e + 1, true
	}
	return 0, 0, "", 0, false
}

// shortcodeAt matches shortcodeTag at the "{{" at i, the line cut at hi.
// Its match ends at the first ">}}" or "%}}" after the "{{<": of what
// comes before the closer only the lazy (.*?) can hold a '>' or '%', so a
// match that ran past the first closer would hold it in (.*?), and the
// same match stopped there comes first in the regexp's order. So the
// regexp runs on the window up to that closer and gives what it gave on
// the whole rest of the line. In a line (no '\n') it always matches there
// and the window is passed over: the windows do not overlap.
func (x *inline) shortcodeAt(i, hi int) []string {
	s := x.s
	if i+2 >= hi || s[i+2] != '<' && s[i+2] != '%' {
		return nil
	}
	j := x.nextAt(nextCloser, i+3, hi-2)
	if j < 0 {
		return nil
	}
	x.work += j + 3 - i
	return shortcodeTag.get().FindStringSubmatch(s[i : j+3])
}

// htmlTagAt returns the end of the HTML tag at the '<' at i, the line cut
// at hi, or -1. A tag holds no '<' or '>' but its own, so its match ends
// at the first '>' and the regexp runs on that window, only when no '<'
// comes first: the windows do not overlap.
func (x *inline) htmlTagAt(i, hi int) int {
	g := x.nextAt(nextGT, i+1, hi)
	if g < 0 || x.nextAt(nextLT, i+1, g) >= 0 {
		return -1
	}
	x.work += g + 1 - i
	if m := htmlTag.get().FindString(x.s[i : g+1]); m != "" {
		return i + len(m)
	}
	return -1
}

// run takes apart s[lo:hi], writing its words to b.
func (x *inline) run(b *strings.Builder, p *plainText, lo, hi int) {
	s := x.s
	for i := lo; i < hi; {
		x.work++
		c := s[i]
		switch {
		case c == '\\' && i+1 < hi && strings.IndexByte("\\`*_{}[]()#+-.!|<>~\"'", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '!' && i+1 < hi && s[i+1] == '[':
			if t0, t1, target, end, ok := x.link(i+1, hi); ok {
				p.images = append(p.images, target)
				x.run(b, p, t0, t1)
				i = end
				continue
			}
		case c == '[':
			if i+1 < hi && s[i+1] == '^' {
				if end := x.nextAt(nextRBrack, i, hi); end-i > 2 {
					x.work += end - i
					p.footnotes = append(p.footnotes, s[i+2:end])
					i = end + 1
					continue
				}
			}
			if t0, t1, target, end, ok := x.link(i, hi); ok {
				p.links = append(p.links, target)
				p.linkTexts = append(p.linkTexts, s[t0:t1])
				x.run(b, p, t0, t1)
				i = end
				continue
			}
		case c == '{' && !(i+1 < hi && s[i+1] == '{'):
			if x.attrs == nil {
				x.attrs = &attrLists{s: s}
			}
			work := x.attrs.work
			end := x.attrs.end(i, hi)
			x.work += x.attrs.work - work
			if end >= 0 {
				i = end
				continue
			}
		case c == '{':
			if m := x.shortcodeAt(i, hi); m != nil {
				switch {
				case m[1] != "":
				case m[2] == "ref" || m[2] == "relref":
					p.links = append(p.links, strings.Trim(m[3], `"' `))
					p.linkTexts = append(p.linkTexts, "")
				default:
					// A shortcode with no argument but its looks is a box
					// or a style around the words: layout.
					if k := shortcodeKey(m[2], m[3]); k != m[2] {
						p.shortcodes = append(p.shortcodes, k)
					}
				}
				i += len(m[0])
				continue
			}
		case c == '<':
			if end := x.htmlTagAt(i, hi); end >= 0 {
				i = end
				continue
			}
			// An autolink "<https://...>": up to the first '>', with no
			// space or '<' in it, so these windows do not overlap either.
			if end := x.nextAt(nextGT, i+1, hi); end > i+1 && x.nextAt(nextLT, i+1, end) < 0 && x.nextAt(nextSpace, i+1, end) < 0 {
				x.work += end - i
				if strings.Contains(s[i:end], "://") {
					p.links = append(p.links, s[i+1:end])
					p.linkTexts = append(p.linkTexts, s[i+1:end])
					b.WriteString(s[i+1 : end])
					i = end + 1
					continue
				}
			}
		case c == '*' || c == '`' || c == '|':
			if c == '|' {
				b.WriteByte(' ')
			}
			i++
			continue
		case c == '~' && i+1 < hi && s[i+1] == '~':
			i += 2
			continue
		case c == '_':
			// Emphasis underscores sit at the edge of a word; snake_case
			// keeps its underscore.
			prevWord := i > lo && isASCIIWord(s[i-1])
			nextWord := i+1 < hi && isASCIIWord(s[i+1])
			if !(prevWord && nextWord) {
				i++
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
}

// shortcodeArg is one argument of a shortcode: key="value", key=value,
// or a positional "value".
var shortcodeArg = &lazyRegexp{src: `(?:([A-Za-z0-9_-]+)\s*=\s*)?("[^"]*"|'[^']*'|` + "`[^`]*`" + `|[^\s"'=]+)`}

// looksArgs are shortcode arguments that set how a box looks, not what it
// says: a callout turned from "info" to "warning" is layout.
var looksArgs = map[string]bool{"style": true, "type": true, "class": true, "icon": true, "color": true, "colour": true, "variant": true, "theme": true, "size": true, "width": true, "height": true, "align": true}

// looksValues are the positional arguments of callout shortcodes that
// name a style: {{< hint info >}}.
var looksValues = map[string]bool{"info": true, "warning": true, "danger": true, "note": true, "tip": true, "success": true, "error": true, "caution": true, "important": true, "primary": true, "secondary": true, "notice": true}

// shortcodeKey names a shortcode by what can change what it shows.
func shortcodeKey(name, args string) string {
	var b strings.Builder
	b.WriteString(name)
	for _, m := range shortcodeArg.get().FindAllStringSubmatch(args, -1) {
		if looksArgs[strings.ToLower(m[1])] || m[1] == "" && looksValues[strings.ToLower(strings.Trim(m[2], "\"'`"))] {
			continue
		}
		b.WriteByte(' ')
		if m[1] != "" {
			b.WriteString(m[1] + "=")
		}
		b.WriteString(strings.Trim(m[2], "\"'`"))
	}
	return b.String()
}

func isASCIIWord(c byte) bool {
	return c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// attrLists finds attribute lists, Kramdown's and Python-Markdown's
// "{: #id .class }" or Hugo's "{#id .class}": markup, never words. An
// attribute list is what this regexp matches at a '{':
//
//	^\{:?[ \t]*ATTR(?:[ \t]+ATTR)*[ \t]*\}
//	ATTR = [#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+)
//
// Run at every '{', the regexp was quadratic ("{a=" repeated: each value
// runs to the end). Matched by hand, every run in it is maximal (what
// follows an attribute is a blank or '}', which no run holds), so the
// only choice is at a value that opens with a quote: quoted first, as a
// bare word second. The states (after an attribute at q, an attribute at
// r, a value at v) do not depend on which '{' they were reached from, so
// one backward pass over the string gives, for every state, the end of
// the match the regexp picks (the first in its order) and the least end
// of any match. A string cut at hi (a link's words) keeps exactly the
// matches that end by hi, so the regexp's pick there is the first of
// those: found by walking down the choices, taking the quoted branch when
// it has a match that ends by hi. That walk passes over what the match
// covers, and the match is then passed over.
type attrLists struct {
	s    string
	work int
	// By position, -1 for none: gA/mA the first and the least end after
	// an attribute; gT/mT for an attribute that starts there; q1 the
	// index after the closing quote of a value opening with one there,
	// vb the index after a bare value starting there.
	gA, mA, gT, mT, q1, vb []int32
}

// end returns the end of the attribute list at the '{' at i in s cut at
// hi, or -1.
func (a *attrLists) end(i, hi int) int {
	s := a.s
	r := i + 1
	if r < len(s) && s[r] == ':' {
		r++
	}
	for r < len(s) && (s[r] == ' ' || s[r] == '\t') {
		r++
	}
	a.work += r - i
	if r >= hi || !attrStart(s[r]) {
		return -1
	}
	if a.gA == nil {
		a.build()
	}
	return a.walk(stateAttr, r, hi)
}

const (
	stateAfter = iota // after an attribute: a blank and another, or '}'
	stateAttr         // an attribute
	stateValue        // a value, after "name="
)

func (a *attrLists) walk(state, q, hi int) int {
	s := a.s
	for {
		a.work++
		var g, m int
		switch state {
		case stateAfter:
			g, m = int(a.gA[q]), int(a.mA[q])
		case stateAttr:
			g, m = int(a.gT[q]), int(a.mT[q])
		default:
			g, m = a.value(q)
		}
		switch {
		case g < 0 || m > hi:
			return -1
		case g <= hi:
			return g
		}
		// The regexp's pick ends after hi, another match ends by hi: go
		// down. (After an attribute, the end at a '}' has g == m.)
		switch state {
		case stateAfter:
			r := q
			for s[r] == ' ' || s[r] == '\t' {
				r++
			}
			a.work += r - q
			state, q = stateAttr, r
		case stateAttr:
			t := q
			if s[q] == '#' || s[q] == '.' {
				t++
			}
			for t < len(s) && isWordDash(s[t]) {
				t++
			}
			a.work += t - q
			if s[q] == '#' || s[q] == '.' {
				state, q = stateAfter, t
			} else {
				state, q = stateValue, t+1
			}
		default:
			if o := int(a.q1[q]); o >= 0 && a.gA[o] >= 0 && int(a.mA[o]) <= hi {
				state, q = stateAfter, o
			} else {
				state, q = stateAfter, int(a.vb[q])
			}
		}
	}
}

// value gives the first and the least end of the matches from a value at
// v: its quoted reading first, then its bare one.
func (a *attrLists) value(v int) (g, m int) {
	g, m = -1, -1
	if o := a.q1[v]; o >= 0 && a.gA[o] >= 0 {
		g, m = int(a.gA[o]), int(a.mA[o])
	}
	if o := a.vb[v]; o >= 0 && a.gA[o] >= 0 {
		if g < 0 {
			g = int(a.gA[o])
		}
		if m < 0 || int(a.mA[o]) < m {
			m = int(a.mA[o])
		}
	}
	return g, m
}

func (a *attrLists) build() {
	s := a.s
	n := len(s)
	a.work += n
	buf := make([]int32, 6*(n+1))
	a.gA, a.mA, a.gT, a.mT, a.q1, a.vb = buf[0:n+1], buf[n+1:2*(n+1)], buf[2*(n+1):3*(n+1)], buf[3*(n+1):4*(n+1)], buf[4*(n+1):5*(n+1)], buf[5*(n+1):]
	blanks := n // end of the run of ' ' and '\t' from q
	bare := n   // first \s or '}' at or after q
	word := n   // end of the run of [\w-] from q+1, then from q
	dq, sq := n, n
	for q := n; q >= 0; q-- {
		var c byte
		in := q < n
		if in {
			c = s[q]
		}
		if !in || c != ' ' && c != '\t' {
			blanks = q
		}
		if !in || regexpSpace(c) || c == '}' {
			bare = q
		}
		wordAfter := word // from q+1
		if !in || !isWordDash(c) {
			word = q
		}
		// A value at q.
		o1, ob := -1, -1
		switch {
		case in && c == '"' && dq < n:
			o1 = dq + 1
		case in && c == '\'' && sq < n:
			o1 = sq + 1
		}
		if bare > q {
			ob = bare
		}
		a.q1[q], a.vb[q] = int32(o1), int32(ob)
		// An attribute at q.
		g, m := -1, -1
		switch {
		case in && (c == '#' || c == '.'):
			if wordAfter > q+1 {
				g, m = int(a.gA[wordAfter]), int(a.mA[wordAfter])
			}
		case in && isWordDash(c):
			if word < n && s[word] == '=' {
				g, m = a.value(word + 1)
			}
		}
		a.gT[q], a.mT[q] = int32(g), int32(m)
		// After an attribute at q.
		g, m = -1, -1
		switch {
		case blanks < n && blanks > q && attrStart(s[blanks]):
			g, m = int(a.gT[blanks]), int(a.mT[blanks])
		case blanks < n && s[blanks] == '}':
			g, m = blanks+1, blanks+1
		}
		a.gA[q], a.mA[q] = int32(g), int32(m)
		if c == '"' && in {
			dq = q
		}
		if c == '\'' && in {
			sq = q
		}
	}
}

// isWordDash is [\w-].
func isWordDash(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// attrStart is what an attribute starts with: [#.] or [\w-].
func attrStart(c byte) bool { return c == '#' || c == '.' || isWordDash(c) }

// regexpSpace is \s in a Go regexp: [\t\n\f\r ].
func regexpSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
