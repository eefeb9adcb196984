package history

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// The conversions git applies to a work-tree file to store it (its
// convert_to_git), in git's order: a filter driver, the working-tree
// encoding, line endings, ident. redline applies them to the files that
// differ from the index, except a filter, which is a command: it never
// runs one.

// crlfAction is git's convert_crlf_action, for storing.
type crlfAction uint8

const (
	crlfUndefined crlfAction = iota
	crlfBinary               // -text: no conversion
	crlfText                 // text, text with eol: CRLF to LF
	crlfAuto                 // text=auto, core.autocrlf: CRLF to LF in text that has none in the index
)

// checkin is what git would do to a file to store it.
type checkin struct {
	filter   string // the filter driver's name; "" for none
	encoding string // working-tree-encoding; "" for UTF-8
	crlf     crlfAction
	ident    bool
}

// checkinFor reads a file's attributes as git's convert_attrs does,
// with core.autocrlf ("true", "input" or "false").
func checkinFor(attrs map[string]attrAssign, autocrlf string) (checkin, error) {
	var c checkin
	if a := attrs["filter"]; a.state == attrValue && a.value != "" {
		c.filter = a.value
	}
	c.ident = attrs["ident"].state == attrSet
	c.crlf = crlfAttr(attrs["text"])
	if c.crlf == crlfUndefined {
		c.crlf = crlfAttr(attrs["crlf"])
	}
	if e := attrs["eol"]; c.crlf == crlfUndefined && e.state == attrValue && (e.value == "lf" || e.value == "crlf") {
		c.crlf = crlfText // eol makes a file text, unless text says otherwise
	}
	if c.crlf == crlfUndefined && (autocrlf == "true" || autocrlf == "input") {
		c.crlf = crlfAuto
	}
	switch a := attrs["working-tree-encoding"]; a.state {
	case attrSet, attrUnset:
		return c, fmt.Errorf("working-tree-encoding is set without a name")
	case attrValue:
		if v := a.value; v != "" && !isUTF8Name(v) {
			c.encoding = v
		}
	}
	return c, nil
}

// crlfAttr is git's git_path_check_crlf, of "text" or "crlf".
func crlfAttr(a attrAssign) crlfAction {
	switch {
	case a.state == attrSet:
		return crlfText
	case a.state == attrUnset:
		return crlfBinary
	case a.state == attrValue && a.value == "input":
		return crlfText
	case a.state == attrValue && a.value == "auto":
		return crlfAuto
	}
	return crlfUndefined
}

func isUTF8Name(s string) bool { return strings.EqualFold(s, "UTF-8") || strings.EqualFold(s, "UTF8") }

// errUnknownEncoding: a working-tree-encoding redline cannot decode.
type errUnknownEncoding struct{ name string }

func (e errUnknownEncoding) Error() string {
	return fmt.Sprintf("working-tree-encoding=%s names an encoding redline does not know", e.name)
}

// decodeWorkTree decodes data from the working-tree encoding enc to
// UTF-8 as git's encode_to_git does, with git's checks of byte order
// marks: required in UTF-16 and UTF-32 (and then read, and dropped),
// refused in their BE and LE forms.
func decodeWorkTree(data []byte, enc string) ([]byte, error) {
	if len(data) == 0 {
		return data, nil
	}
	e, form, err := lookupEncoding(enc)
	if err != nil {
		return nil, err
	}
	if form != "" {
		var be, le []byte
		if strings.HasPrefix(form, "16") {
			be, le = []byte{0xfe, 0xff}, []byte{0xff, 0xfe}
		} else {
			be, le = []byte{0, 0, 0xfe, 0xff}, []byte{0xff, 0xfe, 0, 0}
		}
		hasBE, hasLE := bytes.HasPrefix(data, be), bytes.HasPrefix(data, le)
		switch {
		case (form == "16" || form == "32") && !hasBE && !hasLE:
			return nil, fmt.Errorf("working-tree-encoding=%s: it has no byte order mark (BOM), which git requires in UTF-%s; git add would refuse it: name the byte order (UTF-%sBE or UTF-%sLE)", enc, form, form, form)
		case form == "16" || form == "32":
			// The BOM says the byte order; iconv drops it.
			order := "LE"
			if hasBE {
				order = "BE"
			}
			if e, _, err = lookupEncoding("UTF-" + form + order); err != nil {
				return nil, err
			}
			data = data[len(be):]
		case hasBE || hasLE:
			return nil, fmt.Errorf("working-tree-encoding=%s: it starts with a byte order mark (BOM), which git refuses in UTF-%s; git add would refuse it: use UTF-%s", enc, form, form[:2])
		}
	}
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("working-tree-encoding=%s: it is not valid %s: %v", enc, enc, err)
	}
	// Decoders replace what they cannot read with U+FFFD, where git
	// (iconv) fails: a file with one is checked by encoding it back.
	if bytes.ContainsRune(out, utf8.RuneError) {
		if back, err := e.NewEncoder().Bytes(out); err != nil || !bytes.Equal(back, data) {
			return nil, fmt.Errorf("working-tree-encoding=%s: it is not valid %s; git add would refuse it", enc, enc)
		}
	}
	return out, nil
}

// lookupEncoding finds an encoding by the name git passes to iconv: the
// UTF-16 and UTF-32 forms as git checks them (form says which: "16",
// "16LE", "32BE"...; "" for others), then IANA's names and aliases, then
// the WHATWG's labels ("latin1", "sjis").
func lookupEncoding(name string) (encoding.Encoding, string, error) {
	if rest, ok := cutPrefixFold(name, "UTF"); ok {
		rest = strings.ToUpper(strings.TrimPrefix(rest, "-"))
		switch rest {
		case "16":
			return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), rest, nil
		case "16BE":
			return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), rest, nil
		case "16LE":
			return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), rest, nil
		case "32":
			return utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM), rest, nil
		case "32BE":
			return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), rest, nil
		case "32LE":
			return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), rest, nil
		}
	}
	for _, n := range []string{name, strings.ReplaceAll(name, "-", "_"), strings.ReplaceAll(name, "_", "-")} {
		if e, err := ianaindex.IANA.Encoding(n); err == nil && e != nil {
			return e, "", nil
		}
		if e, err := htmlindex.Get(n); err == nil && e != nil {
			return e, "", nil
		}
	}
	return nil, "", errUnknownEncoding{name}
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// textStats are git's counts for telling text from binary.
type textStats struct {
	nul, loneCR, loneLF, crlf, printable, nonPrintable int
}

// gatherStats is git's gather_stats.
func gatherStats(b []byte) textStats {
	var s textStats
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				s.crlf++
				i++
			} else {
				s.loneCR++
			}
		case c == '\n':
			s.loneLF++
		case c == 127:
			s.nonPrintable++
		case c < 32:
			switch c {
			case '\b', '\t', '\033', '\014':
				s.printable++
			case 0:
				s.nul++
				s.nonPrintable++
			default:
				s.nonPrintable++
			}
		default:
			s.printable++
		}
	}
	// A final ^Z (DOS end of file) does not count.
	if len(b) > 0 && b[len(b)-1] == '\032' {
		s.nonPrintable--
	}
	return s
}

// isBinary is git's convert_is_binary.
func (s textStats) isBinary() bool {
	return s.loneCR > 0 || s.nul > 0 || s.printable>>7 < s.nonPrintable
}

// crlfToGit is git's crlf_to_git: CRLF becomes LF in a file git stores
// as text. With auto, a file that looks binary, or whose version in the
// index has CRLF itself, is left as it is; staged is that version (nil
// when there is none).
func crlfToGit(data []byte, action crlfAction, staged func() []byte) []byte {
	if action != crlfText && action != crlfAuto || len(data) == 0 {
		return data
	}
	s := gatherStats(data)
	if s.crlf == 0 {
		return data
	}
	if action == crlfAuto {
		if s.isBinary() {
			return data
		}
		if old := staged(); bytes.IndexByte(old, '\r') >= 0 {
			if os := gatherStats(old); !os.isBinary() && os.crlf > 0 {
				return data
			}
		}
		// No lone CR (it would be binary): every CR goes.
		return bytes.ReplaceAll(data, []byte("\r"), nil)
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
}

// identToGit is git's ident_to_git: "$Id: anything $" becomes "$Id$",
// unless a line ends before the closing dollar.
func identToGit(data []byte) []byte {
	if !bytes.Contains(data, []byte("$Id")) {
		return data
	}
	out := make([]byte, 0, len(data))
	src := data
	for {
		d := bytes.IndexByte(src, '$')
		if d < 0 {
			break
		}
		out = append(out, src[:d+1]...)
		src = src[d+1:]
		if len(src) > 3 && string(src[:3]) == "Id:" {
			end := bytes.IndexByte(src[3:], '$')
			if end < 0 {
				break
			}
			if bytes.IndexByte(src[3:3+end], '\n') >= 0 {
				continue // a line break before the next dollar
			}
			out = append(out, "Id$"...)
			src = src[3+end+1:]
		}
	}
	return append(out, src...)
}
