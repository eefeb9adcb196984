package document

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Limits caps what Parse accepts, so that one hostile or broken revision
// in a long history cannot stall a run or exhaust memory. Zero means no
// limit.
type Limits struct {
	MaxBytes  int // size of the whole file, front matter included
	MaxBlocks int // number of blocks in the body
}

// DefaultLimits are far above any real page (the Altinn DPIA's largest
// page is well under 100 KB and a few hundred blocks) yet keep a run over
// a whole history bounded: classifying a 50 MB page with one changed
// block took a minute and 4.7 GB, so the default stops at 16 MiB. The CLI raises them with --max-document-bytes
// and --max-blocks. The word diff has a cap of its own inside a block
// (align.DefaultMaxTokens), above which the common start and end of a
// block are kept as whole lines and the rest is one deletion and insertion.
var DefaultLimits = Limits{MaxBytes: 16 << 20, MaxBlocks: 1_000_000}

// maxNesting caps how deeply block quotes and lists may nest. goldmark's
// work per line grows with the square of the number of open containers,
// so a few thousand levels on many lines would take minutes; no real
// document comes near this.
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
	doc := &Document{Path: path, Lang: Lang(path), Source: src}
	lines := newLineIndex(src)
	if err := parseFront(doc, lines); err != nil {
		return nil, err
	}
	if doc.Lang == "" {
		doc.Lang = frontLang(doc.Front)
	}
	if err := checkNesting(path, src, doc.BodyStart, lines); err != nil {
		return nil, err
	}
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

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int // offsets where lines start

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(off int) int {
	lo, hi := 0, len(l)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if l[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func lineOf(src []byte, off int) int {
	return bytes.Count(src[:off], []byte{'\n'}) + 1
}
