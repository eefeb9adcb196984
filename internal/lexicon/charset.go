package lexicon

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// decoder turns the bytes of a dictionary file into UTF-8 text.
type decoder func([]byte) (string, error)

// charsets maps hunspell and MyThes encoding names, normalised by
// normCharset, to decoders. The Norwegian files are ISO8859-1, en_US is
// UTF-8; the rest are the names hunspell documents for SET.
var charsets = map[string]encoding.Encoding{
	"ISO88591":        charmap.ISO8859_1,
	"ISO88592":        charmap.ISO8859_2,
	"ISO88593":        charmap.ISO8859_3,
	"ISO88594":        charmap.ISO8859_4,
	"ISO88595":        charmap.ISO8859_5,
	"ISO88596":        charmap.ISO8859_6,
	"ISO88597":        charmap.ISO8859_7,
	"ISO88598":        charmap.ISO8859_8,
	"ISO88599":        charmap.ISO8859_9,
	"ISO885910":       charmap.ISO8859_10,
	"ISO885913":       charmap.ISO8859_13,
	"ISO885914":       charmap.ISO8859_14,
	"ISO885915":       charmap.ISO8859_15,
	"ISO885916":       charmap.ISO8859_16,
	"KOI8R":           charmap.KOI8R,
	"KOI8U":           charmap.KOI8U,
	"CP1250":          charmap.Windows1250,
	"CP1251":          charmap.Windows1251,
	"CP1252":          charmap.Windows1252,
	"WINDOWS1250":     charmap.Windows1250,
	"WINDOWS1251":     charmap.Windows1251,
	"WINDOWS1252":     charmap.Windows1252,
	"MICROSOFTCP1251": charmap.Windows1251,
	"TIS6202533":      charmap.Windows874,
}

func normCharset(name string) string {
	name = strings.ToUpper(strings.TrimSpace(name))
	return strings.NewReplacer("-", "", "_", "", " ", "").Replace(name)
}

// decoderFor returns the decoder for an encoding name; "" means UTF-8,
// hunspell's default being ISO8859-1 only for .aff files without SET,
// which the caller handles.
func decoderFor(name string) (decoder, error) {
	n := normCharset(name)
	if n == "" || n == "UTF8" {
		return decodeUTF8, nil
	}
	if n == "ISO88591" {
		return decodeLatin1, nil
	}
	enc, ok := charsets[n]
	if !ok {
		return nil, fmt.Errorf("unsupported encoding %q", name)
	}
	return func(b []byte) (string, error) {
		out, err := enc.NewDecoder().Bytes(b)
		return string(out), err
	}, nil
}

// decodeUTF8 accepts UTF-8 as is, replacing invalid bytes so that a stray
// byte in a big word list does not make the whole dictionary unusable.
func decodeUTF8(b []byte) (string, error) {
	if utf8.Valid(b) {
		return string(b), nil
	}
	return strings.ToValidUTF8(string(b), "\uFFFD"), nil
}

// decodeLatin1 is the common case for Norwegian, done by hand because it
// is a byte-to-rune identity and this way takes one allocation.
func decodeLatin1(b []byte) (string, error) {
	n := len(b)
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	out := make([]byte, 0, n)
	for _, c := range b {
		if c < 0x80 {
			out = append(out, c)
		} else {
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return string(out), nil
}
