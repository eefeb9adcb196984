package render

import (
	"bytes"
	"encoding/json"
	"io"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
)

// JSON writes v as the machine-readable contract: indented two spaces,
// ending in a newline, with `<`, `>` and `&` left as they are (the output
// is data, not HTML, and escaping them would make document text harder to
// read and diff). encoding/json sorts map keys, so the bytes depend only
// on the value.
//
// A log ([]changes.Entry, hundreds of megabytes for a long history) is
// written entry by entry with an encoder of its own that gives the same
// bytes, so memory does not grow with the output; see writeEntries.
func JSON(w io.Writer, v any) error {
	if entries, ok := v.([]changes.Entry); ok {
		return writeEntries(w, entries)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return jsonError(err)
	}
	// Encoding into a buffer first means a failing value writes nothing,
	// rather than half a document.
	_, err := w.Write(b.Bytes())
	return err
}

func jsonError(err error) error {
	return &Error{Msg: "cannot encode the output as JSON: " + err.Error(), Hint: "this is a bug in redline; please report it", Err: err}
}

// jsonChunk is how much of a log is kept before it is written. An output
// smaller than this is written whole or, when an entry cannot be encoded,
// not at all, as JSON does for other values; a larger one is written as
// it goes, between changes, so a failure there leaves a truncated
// (invalid) document.
const jsonChunk = 1 << 20

// jsonStart is the room a log starts with; it grows to about jsonChunk
// only for a log that long (a short one need not touch 2 MB).
const jsonStart = 64 << 10

// writeEntries writes a log exactly as JSON would with encoding/json (the
// tests compare the two), without reflection or an indenting pass.
func writeEntries(w io.Writer, entries []changes.Entry) error {
	if entries == nil {
		_, err := w.Write([]byte("null\n"))
		return err
	}
	a := &jsonAppender{b: make([]byte, 0, jsonStart), w: w}
	a.open('[')
	for i := range entries {
		a.next()
		if err := a.entry(&entries[i]); err != nil {
			return jsonError(err)
		}
		if a.spill(); a.err != nil {
			return a.err
		}
	}
	a.close(']')
	a.b = append(a.b, '\n')
	_, err := w.Write(a.b)
	return err
}

// jsonAppender appends indented JSON: open and close a container, next
// before each element, key before each member.
type jsonAppender struct {
	b     []byte
	count []int     // members written in each open container
	keys  []string  // a map's keys, sorted; kept to save allocating
	w     io.Writer // where spill writes b
	err   error     // the first error from w; nothing is written after it
}

// spill writes b to w once it holds jsonChunk bytes. It is called between
// the changes of an entry, not only between entries, so that b stays near
// jsonChunk however large a commit is: growing it to hold a whole large
// entry copies it, and touches fresh pages, again and again.
func (a *jsonAppender) spill() {
	if len(a.b) < jsonChunk || a.err != nil {
		return
	}
	_, a.err = a.w.Write(a.b)
	a.b = a.b[:0]
}

func (a *jsonAppender) open(c byte) {
	a.b = append(a.b, c)
	a.count = append(a.count, 0)
}

func (a *jsonAppender) close(c byte) {
	n := a.count[len(a.count)-1]
	a.count = a.count[:len(a.count)-1]
	if n > 0 {
		a.lineBreak(false)
	}
	a.b = append(a.b, c)
}

// jsonBreak is a comma, a newline and the indentation of 16 levels (a
// log nests 8 deep), so that ending a line is one append.
const jsonBreak = ",\n" + "                                "

func (a *jsonAppender) next() {
	top := len(a.count) - 1
	a.lineBreak(a.count[top] > 0)
	a.count[top]++
}

// lineBreak starts a line indented for the open containers, after a comma
// when one is wanted.
func (a *jsonAppender) lineBreak(comma bool) {
	from := 1
	if comma {
		from = 0
	}
	if end := 2 + 2*len(a.count); end <= len(jsonBreak) {
		a.b = append(a.b, jsonBreak[from:end]...)
		return
	}
	a.b = append(a.b, jsonBreak[from:2]...)
	for range a.count {
		a.b = append(a.b, ' ', ' ')
	}
}

// key starts a member; names are plain ASCII, written as they are.
func (a *jsonAppender) key(name string) {
	a.next()
	a.b = append(a.b, '"')
	a.b = append(a.b, name...)
	a.b = append(a.b, '"', ':', ' ')
}

func (a *jsonAppender) str(name, v string) {
	a.key(name)
	a.b = appendJSONString(a.b, v)
}

func (a *jsonAppender) strs(name string, v []string) {
	a.key(name)
	if v == nil {
		a.b = append(a.b, "null"...)
		return
	}
	a.open('[')
	for _, s := range v {
		a.next()
		a.b = appendJSONString(a.b, s)
	}
	a.close(']')
}

func (a *jsonAppender) entry(e *changes.Entry) error {
	// The date is the one value that can fail (a year outside 0-9999):
	// encode it before writing anything of the entry.
	date, err := e.Date.MarshalJSON()
	if err != nil {
		return err
	}
	a.open('{')
	a.str("commit", e.Commit)
	a.strs("parents", e.Parents)
	a.key("date")
	a.b = append(a.b, date...)
	a.str("author", e.Author)
	a.str("subject", e.Subject)
	if e.URL != "" {
		a.str("url", e.URL)
	}
	a.str("class", string(e.Class))
	a.key("documents")
	if e.Documents == nil {
		a.b = append(a.b, "null"...)
	} else {
		a.open('[')
		for i := range e.Documents {
			a.next()
			a.document(&e.Documents[i])
		}
		a.close(']')
	}
	a.close('}')
	return nil
}

func (a *jsonAppender) document(d *classify.DocumentDiff) {
	a.open('{')
	a.str("path", d.Path)
	if d.OldPath != "" {
		a.str("old_path", d.OldPath)
	}
	a.str("lang", d.Lang)
	if d.URL != "" {
		a.str("url", d.URL)
	}
	a.str("status", d.Status)
	if d.TranslationOf != "" {
		a.str("translation_of", d.TranslationOf)
	}
	a.str("class", string(d.Class))
	a.key("changes")
	if d.Changes == nil {
		a.b = append(a.b, "null"...)
	} else {
		a.open('[')
		for i := range d.Changes {
			a.next()
			a.change(&d.Changes[i])
			a.spill()
		}
		a.close(']')
	}
	if len(d.Notes) > 0 {
		a.strs("notes", d.Notes)
	}
	a.close('}')
}

func (a *jsonAppender) change(c *classify.Change) {
	a.open('{')
	a.str("op", string(c.Op))
	a.str("class", string(c.Class))
	a.strs("reasons", c.Reasons)
	a.str("explanation", c.Explanation)
	if len(c.Explanations) > 0 {
		// encoding/json writes a map's keys sorted, escaped like strings.
		a.key("explanations")
		a.open('{')
		a.keys = a.keys[:0]
		for lang := range c.Explanations {
			a.keys = append(a.keys, lang)
		}
		slices.Sort(a.keys)
		for _, lang := range a.keys {
			a.next()
			a.b = appendJSONString(a.b, lang)
			a.b = append(a.b, ':', ' ')
			a.b = appendJSONString(a.b, c.Explanations[lang])
		}
		a.close('}')
	}
	a.strs("topics", c.Topics)
	a.strs("section", c.Section)
	a.str("anchor", c.Anchor)
	if c.URL != "" {
		a.str("url", c.URL)
	}
	if c.Old != nil {
		a.side("old", c.Old)
	}
	if c.New != nil {
		a.side("new", c.New)
	}
	if len(c.Inline) > 0 {
		a.key("inline")
		a.open('[')
		for _, s := range c.Inline {
			a.next()
			a.span(s)
		}
		a.close(']')
	}
	a.str("fingerprint", c.Fingerprint)
	if o := c.Override; o != nil {
		a.key("override")
		a.open('{')
		a.str("from", string(o.From))
		a.str("source", o.Source)
		a.str("reason", o.Reason)
		a.close('}')
	}
	if len(c.Proofs) > 0 {
		a.key("proofs")
		a.open('[')
		for _, p := range c.Proofs {
			a.next()
			a.open('{')
			a.str("kind", p.Kind)
			a.str("old", p.Old)
			a.str("new", p.New)
			if p.By != "" {
				a.str("by", p.By)
			}
			a.close('}')
		}
		a.close(']')
	}
	if c.Significance != 0 {
		// As encoding/json writes a float64 of this size.
		a.key("significance")
		a.b = strconv.AppendFloat(a.b, c.Significance, 'f', -1, 64)
	}
	a.close('}')
}

func (a *jsonAppender) side(name string, s *classify.Side) {
	a.key(name)
	a.open('{')
	a.str("text", s.Text)
	a.key("lines")
	a.open('[')
	for _, n := range s.Lines {
		a.next()
		a.b = strconv.AppendInt(a.b, int64(n), 10)
	}
	a.close(']')
	a.close('}')
}

func (a *jsonAppender) span(s align.Span) {
	a.open('{')
	a.str("op", string(s.Op))
	a.str("text", s.Text)
	a.close('}')
}

// jsonPlain tells which bytes a JSON string holds as they are: ASCII but
// for control characters, `"` and `\`. Bytes from 0x80 on are UTF-8,
// checked a sequence at a time.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// jsonOnes has a one in every byte, for looking at eight bytes at once.
const jsonOnes = 0x0101010101010101

// plainEnd returns where the run of plain bytes (see jsonPlain) of s
// from i ends: most text is long runs of them, tested eight at a time.
func plainEnd(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		// The top bit of a byte of m is set where the byte is below 0x20
		// (subtracting 0x20 borrows), is `"` or `\` (x^c is zero there and
		// subtracting one borrows) or is not ASCII. A borrow can set it
		// wrongly only above the first such byte, so the lowest one set
		// is exact.
		m := (x - 0x20*jsonOnes) | ((x ^ '"'*jsonOnes) - jsonOnes) | ((x ^ '\\'*jsonOnes) - jsonOnes) | x
		if m &= 0x80 * jsonOnes; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(s) && jsonPlain[s[i]] {
		i++
	}
	return i
}

// appendJSONString appends s quoted as encoding/json quotes a string with
// HTML escaping off: `"` and `\` escaped, control characters as \b \f \n
// \r \t or \u00XX, invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped
// (they end a line in JavaScript), everything else as it is.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; ; {
		if i = plainEnd(s, i); i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
