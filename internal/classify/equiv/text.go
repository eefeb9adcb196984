package equiv

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// languages returns the languages to try for lang: "nb", "nn" or "en" (a
// region or script after "-" or "_" is ignored: "en-GB", "nb_NO"), both
// Norwegian standards for "no", and all three for anything else.
// The slices are shared: callers only read them.
func languages(lang string) []string {
	switch lang { // the usual tags, without trimming or lower-casing
	case "nb":
		return langsNB
	case "nn":
		return langsNN
	case "en":
		return langsEN
	}
	l := strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	switch l {
	case "nb", "nob":
		return langsNB
	case "nn", "nno":
		return langsNN
	case "no", "nor":
		return langsNO
	case "en", "eng":
		return langsEN
	}
	return langsAll
}

var (
	langsNB  = []string{"nb"}
	langsNN  = []string{"nn"}
	langsNO  = []string{"nb", "nn"}
	langsEN  = []string{"en"}
	langsAll = []string{"nb", "nn", "en"}
)

// status is the outcome of reading a form in one language.
type status uint8

const (
	notRead   status = iota // not a form of the kind asked for
	read                    // read with certainty
	ambiguous               // a form of the kind, but with more than one reading
)

// inLanguages reads a text in every language of lang with parse and
// returns the reading when it is the same in all languages that read it and
// no language finds it ambiguous. What parse reads does not depend on the
// language (the normalized text, its tokens), so the callers make it once,
// not once per language.
func inLanguages(lang string, parse func(lang string) (string, status)) (string, bool) {
	out, found := "", false
	for _, l := range languages(lang) {
		v, st := parse(l)
		switch st {
		case ambiguous:
			return "", false
		case read:
			if found && v != out {
				return "", false
			}
			out, found = v, true
		}
	}
	return out, found
}

// Text is a form read once for each of Date, LegalRef, Law, Number,
// NumberLoose and Ordinal, which otherwise each normalize it: a caller
// asking whether two forms name the same thing, of whichever kind, reads
// each form once. Its methods give what the functions of the same names
// give for the form.
type Text struct {
	raw  string // as given
	norm string // normalize(raw)
	ph   phrase // norm cut into number words once for Number, NumberLoose and Ordinal
}

// Read prepares s for the methods of Text.
func Read(s string) Text {
	n := normalize(s)
	return Text{raw: s, norm: n, ph: phraseOf(n)}
}

// normalize lower-cases s, turns every kind of space into one ASCII space
// (collapsing runs and trimming the ends), drops soft hyphens and zero-width
// characters, turns the hyphen look-alikes into "-", the minus sign into
// "-", en and em dashes into "–", and typographic apostrophes into "'".
func normalize(s string) string { return normalizeCase(s, true) }

// normalizeCase is normalize that lower-cases only when lower is true.
func normalizeCase(s string, lower bool) string {
	ascii, same := normalASCII(s, lower)
	if same {
		return s
	}
	if ascii {
		// Byte by byte: of what is changed, ASCII has only the spaces
		// and the capitals.
		var b strings.Builder
		b.Grow(len(s))
		space := false
		for i := 0; i < len(s); i++ {
			c := s[i]
			if asciiSpace(c) {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			if lower && 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
		return b.String()
	}
	return normalizeRunes(s, lower)
}

// normalizeRunes is normalizeCase of any text, rune by rune.
func normalizeRunes(s string, lower bool) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case dropped(r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		switch r {
		case '\u2010', '\u2011', '\u2212':
			r = '-'
		case '\u2012', '\u2013', '\u2014', '\u2015':
			r = '–'
		case '\u2018', '\u2019', '\u02bc':
			r = '\''
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if lower {
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dropped reports whether normalize drops r: a soft hyphen or a
// zero-width character.
func dropped(r rune) bool {
	return r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff'
}

// normalASCII reports whether s is ASCII and, if so, whether
// normalizeCase leaves it as it is: no space but single ' ' between other
// bytes and, when lower, no capital. The other characters normalizeCase
// changes are not ASCII. Most phrases tried are ASCII.
func normalASCII(s string, lower bool) (ascii, same bool) {
	same = true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return false, false
		case c == ' ':
			same = same && i > 0 && i < len(s)-1 && s[i+1] != ' '
		case asciiSpace(c):
			same = false
		case lower && 'A' <= c && c <= 'Z':
			same = false
		}
	}
	return true, same
}

// asciiSpace reports whether c is an ASCII byte unicode.IsSpace holds a
// space.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// tok is a word, a run of ASCII digits or one other character of a
// normalized string.
type tok struct {
	s          string // the text
	kind       byte   // 'w' word (letters), 'n' number (ASCII digits), 'p' anything else
	sp         bool   // preceded by a space (false for the first token)
	start, end int    // byte span in the normalized string
}

// tokenize splits a normalized string into tokens.
func tokenize(s string) []tok {
	// A token has a byte or more, and most are words with a space after:
	// one allocation for most phrases instead of a run of growing copies.
	return appendTokens(make([]tok, 0, len(s)/4+2), s)
}

// appendTokens appends the tokens of a normalized string to toks.
func appendTokens(toks []tok, s string) []tok {
	first := len(toks)
	sp := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == ' ' {
			sp = true
			i += n
			continue
		}
		start := i
		var kind byte
		switch {
		case r >= '0' && r <= '9':
			kind = 'n'
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
		case unicode.IsLetter(r) || unicode.IsMark(r):
			kind = 'w'
			for i < len(s) {
				// Most letters are ASCII, and no other ASCII is a letter
				// or a mark.
				if c := s[i]; c < utf8.RuneSelf {
					if !asciiLetter(c) {
						break
					}
					i++
					continue
				}
				r, n := utf8.DecodeRuneInString(s[i:])
				if !unicode.IsLetter(r) && !unicode.IsMark(r) {
					break
				}
				i += n
			}
		default:
			kind = 'p'
			i += n
		}
		toks = append(toks, tok{s: s[start:i], kind: kind, sp: sp && len(toks) > first, start: start, end: i})
		sp = false
	}
	return toks
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi converts a short run of ASCII digits; -1 when s is not one or is too
// long to be a day, month, year or provision number.
func atoi(s string) int {
	if !allDigits(s) || len(s) > 9 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// roman converts a lower-case roman numeral made of i, v and x (1 to 39,
// in the usual subtractive notation) to its value; 0 when s is not one.
func roman(s string) int {
	if s == "" || len(s) > 8 {
		return 0
	}
	val := func(c byte) int {
		switch c {
		case 'i':
			return 1
		case 'v':
			return 5
		case 'x':
			return 10
		}
		return 0
	}
	n := 0
	for i := 0; i < len(s); i++ {
		v := val(s[i])
		if v == 0 {
			return 0
		}
		if i+1 < len(s) && val(s[i+1]) > v {
			n -= v
		} else {
			n += v
		}
	}
	if n <= 0 || n > 39 || toRoman(n) != s {
		return 0
	}
	return n
}

// toRoman writes 1 to 39 as a lower-case roman numeral.
func toRoman(n int) string {
	var b strings.Builder
	for ; n >= 10; n -= 10 {
		b.WriteByte('x')
	}
	units := [...]string{"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"}
	b.WriteString(units[n])
	return b.String()
}
