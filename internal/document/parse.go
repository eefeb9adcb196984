package document

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Limits caps what Parse accepts, so that one hostile or broken revision
// in a long history cannot stall a run or exhaust memory. Zero means no
// limit. Apart from these, nesting is capped at maxNesting levels (block
// quotes, lists, footnotes; arrays and tables in TOML front matter) and
// maxInlineNesting (emphasis), always.
type Limits struct {
	MaxBytes  int // size of the whole file, front matter included
	MaxBlocks int // number of blocks in the body
	// MaxElements caps the Markdown elements of the body, counted from
	// above before parsing: three for each line that is not blank, for
	// each block quote or list marker that starts one and for each
	// character that may start an inline element or table cell (* _ ~ [
	// ] ! ` < | : @), nine for each "www." (linkify makes a link of it). goldmark's tree takes
	// hundreds of bytes an element, so the cap bounds the memory of a
	// parse, which the size of the page does not: 4 MB of "*a* " took
	// 1.2 GB. The largest page of the version corpus (800 KB) has 77,000.
	MaxElements int
	// MaxParseWork caps what goldmark may read to parse one block's
	// links, code spans and link reference definitions, as a multiple of
	// the block's size (plus 1 KiB): bytes it reads again for links and
	// code spans that are never closed, and lines it walks again for
	// every link of a paragraph of many lines. A page goes over it only
	// if built to: thousands of "[a](b" in one paragraph, which goldmark
	// parses in time growing with the square of their number.
	MaxParseWork int
	// MaxFrontBytes caps the front matter, which is decoded whole before
	// anything else: YAML's decoder compares each key of a map with every
	// other (20,000 keys take a second).
	MaxFrontBytes int
}

// DefaultLimits are far above any real page (the Altinn DPIA's largest
// page is well under 100 KB and a few hundred blocks, its front matter a
// few hundred bytes; the largest page of the version corpus is 800 KB and
// 77,000 elements, and every version parses) yet keep a run over a whole
// history bounded: classifying a 50 MB page with one changed block took
// a minute and 4.7 GB, so the default stops at 16 MiB; and 500,000
// elements keep one parse under some 200 MB whatever the page holds (a
// page of 170,000 headings, the worst measured). The CLI sets them with
// --max-document-bytes, --max-blocks, --max-elements, --max-parse-work
// and --max-front-matter-bytes. The word diff has a cap of its own inside
// a block (align.DefaultMaxTokens), above which the common start and end
// of a block are kept as whole lines and the rest is one deletion and
// insertion.
var DefaultLimits = Limits{
	MaxBytes:      16 << 20,
	MaxBlocks:     1_000_000,
	MaxElements:   500_000,
	MaxParseWork:  64,
	MaxFrontBytes: 64 << 10,
}

// maxNesting caps how deeply block quotes, lists and footnotes may nest
// (and arrays and tables in TOML front matter). goldmark's work per line
// grows with the number of open containers, so a few thousand levels on
// many lines would take minutes; no real document comes near this.
const maxNesting = 100

// Error is a problem with one file. Line is 1-based and 0 when the problem
// is not tied to a line; Hint says how to fix it.
type Error struct {
	Path string
	Line int
	Msg  string
	Hint string
}

func (e *Error) Error() string {
	var b []byte
	if e.Path != "" {
		b = append(b, e.Path...)
		b = append(b, ':')
	}
	if e.Line > 0 {
		b = strconv.AppendInt(b, int64(e.Line), 10)
		b = append(b, ':')
	}
	if len(b) > 0 {
		b = append(b, ' ')
	}
	return string(append(b, e.Msg...))
}

// Parse splits src, the content of the page at path, into front matter and
// blocks. path is used for the language and in errors only. Bad input
// gives a *Error; Parse never panics on any input.
func Parse(path string, src []byte, lim Limits) (*Document, error) {
	if lim.MaxBytes > 0 && len(src) > lim.MaxBytes {
		return nil, &Error{Path: path,
			Msg:  fmt.Sprintf("file is %d bytes, more than the limit of %d", len(src), lim.MaxBytes),
			Hint: "raise the limit with --max-document-bytes if the file is meant to be this large"}
	}
	if err := checkEncoding(path, src); err != nil {
		return nil, err
	}
	doc := &Document{Path: path, Source: src}
	lines := newLineIndex(src)
	if err := parseFront(doc, lines, lim); err != nil {
		return nil, err
	}
	doc.Lang = pageLang(path, doc.Front)
	if err := checkNesting(path, src, doc.BodyStart, lines); err != nil {
		return nil, err
	}
	n, err := checkElements(path, src, doc.BodyStart, lines, lim)
	if err != nil {
		return nil, err
	}
	doc.elements = n
	body := src[doc.BodyStart:]
	doc.refs, doc.descs = hasRefs(body), hasDescription(body)
	blocks, heads, err := parseBody(doc, lines, lim)
	if err != nil {
		return nil, err
	}
	doc.Blocks, doc.heads = blocks, heads
	return doc, nil
}

// checkEncoding rejects what is not UTF-8 text, naming the first bad line,
// before goldmark sees it: goldmark would accept anything and the diff of
// garbage is garbage.
func checkEncoding(path string, src []byte) error {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return &Error{Path: path, Line: 1,
			Msg:  "file is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8",
			Hint: "convert it to UTF-8, for example with iconv -f UTF-16 -t UTF-8"}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return &Error{Path: path, Line: lineOf(src, i),
			Msg:  "binary file: it contains a NUL byte",
			Hint: "redline reads Markdown text; check that the path names a page and not an image or archive"}
	}
	if utf8.Valid(src) {
		return nil
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return &Error{Path: path, Line: lineOf(src, i),
				Msg:  fmt.Sprintf("invalid UTF-8: byte 0x%02X at offset %d", src[i], i),
				Hint: "save the file as UTF-8; if it is Latin-1 or Windows-1252, convert it with iconv -f WINDOWS-1252 -t UTF-8"}
		}
		i += size
	}
	return nil
}

// checkNesting estimates, per line, how many block quotes and list items
// the line opens, and refuses the page before goldmark spends quadratic
// time on it. The estimate counts '>' markers, list markers and two
// columns of indentation per level, so it errs on the high side.
func checkNesting(path string, src []byte, from int, lines lineIndex) error {
	for i := from; i < len(src); {
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += i
		}
		if d := nestingOf(src[i:end]); d > maxNesting {
			return &Error{Path: path, Line: lines.line(i),
				Msg:  fmt.Sprintf("block quotes or lists nested more than %d levels deep", maxNesting),
				Hint: "flatten the nesting; redline refuses deeper nesting to keep parsing fast"}
		}
		i = end + 1
	}
	return nil
}

func nestingOf(line []byte) int {
	depth, cols := 0, 0
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ':
			cols++
			i++
		case c == '\t':
			cols += 4
			i++
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			depth++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				depth++
				i = j + 1
				continue
			}
			return depth + cols/2
		default:
			return depth + cols/2
		}
	}
	// A line of markers alone is a thematic break ("* * * *") or empty
	// items; only its quote markers can open containers that last.
	return bytes.Count(line, []byte{'>'})
}

// checkElements refuses a body with more elements than lim.MaxElements
// (see Limits), naming the line where the count goes over. Otherwise it
// returns the count, or -1 when the body is too small to need one.
func checkElements(path string, src []byte, from int, lines lineIndex, lim Limits) (int, error) {
	if lim.MaxElements <= 0 || 9*len(src[from:]) <= lim.MaxElements {
		return -1, nil
	}
	n, off := countElements(src[from:], lim.MaxElements)
	if n <= lim.MaxElements {
		return n, nil
	}
	return 0, &Error{Path: path, Line: lines.line(from + off),
		Msg:  fmt.Sprintf("page has more than %d Markdown elements (lines, links, emphasis, code spans, HTML tags, table cells), the limit", lim.MaxElements),
		Hint: "raise the limit with --max-elements if the page is meant to be this large"}
}

// elementByte marks the characters that may start an inline element or
// a table cell: a node, the text before it and, for emphasis, the node a
// pair makes.
var elementByte = [256]bool{'*': true, '_': true, '~': true, '[': true, ']': true, '!': true, '`': true, '<': true, '|': true, ':': true, '@': true}

// countElements counts the elements of body from above, as
// Limits.MaxElements describes, stopping once the count is over limit;
// it returns the count and the offset where it went over. The count is
// the sum of what each line counts. No byte counts for more than 9 (a
// "*" alone on its line), so a body of at most limit/9 bytes is not
// read.
func countElements(body []byte, limit int) (int, int) {
	n := 9 * bytes.Count(body, []byte("www."))
	for i := 0; i < len(body); {
		end := bytes.IndexByte(body[i:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += i + 1
		}
		line := body[i:end]
		if !blankLine(line, false) {
			n += 3 * (1 + containersOf(line))
			for _, c := range line {
				if elementByte[c] {
					n += 3
				}
			}
		}
		if n > limit {
			return n, i
		}
		i = end
	}
	return n, len(body)
}

// containersOf counts the block quote and list markers that start line.
func containersOf(line []byte) int {
	n := 0
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '>':
			n++
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t' || line[i+1] == '\n'):
			n++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') {
				n++
				i = j + 1
				continue
			}
			return n
		default:
			return n
		}
	}
	return n
}

// lineIndex maps byte offsets of a source to 1-based line numbers. It is
// asked for a line or two (errors, the front matter) and counts them;
// blocks get theirs from a lineCounter.
type lineIndex struct{ src []byte }

func newLineIndex(src []byte) lineIndex { return lineIndex{src} }

// line returns the line of off; a newline at the very end opens no line.
func (l lineIndex) line(off int) int {
	if off < 0 {
		return 0
	}
	if len(l.src) == 0 {
		return 1
	}
	return 1 + bytes.Count(l.src[:min(off, len(l.src)-1)], []byte{'\n'})
}

// lineCounter returns the line of offsets into src, asked for in
// increasing order (as body.fill does), first being the line of offset
// 0: it counts the newlines from the offset asked before.
func lineCounter(src []byte, first int) func(int) int {
	at, line := 0, first
	return func(off int) int {
		if off < at {
			at, line = 0, first
		}
		line += bytes.Count(src[at:off], []byte{'\n'})
		at = off
		return line
	}
}

func lineOf(src []byte, off int) int {
	return bytes.Count(src[:off], []byte{'\n'}) + 1
}
