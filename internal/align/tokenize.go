package align

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokenize splits s into the units a word diff works on. Joining the tokens
// gives s back byte for byte, for any input (invalid UTF-8 bytes become
// one-byte tokens), so a diff over tokens can always be turned back into
// the exact texts.
//
// A token is one of:
//   - a run of whitespace;
//   - a word: letters, digits and marks, with inner hyphens and apostrophes
//     ("e-post", "don't") kept inside;
//   - a number: "2023", "1.5", "1,5", "10 000" (groups of three digits after
//     a space or no-break space), and "10." when it reads as a Norwegian
//     ordinal ("10. juli": dot, space, lower-case letter);
//   - a URL (http://, https://, ftp://, mailto:, www.) or a Markdown link
//     target after "](", up to the closing parenthesis;
//   - a Hugo shortcode "{{< … >}}" or "{{% … %}}" and an HTML tag "<br>";
//   - markup and punctuation: "](" and "![" as one token, any other run of
//     one repeated character ("**", "```", "...", "---") as one token.
//
// Keeping numbers, URLs and shortcodes whole is what makes "artikkel 28" ->
// "artikkel 26" or a changed link target show as one replaced token instead
// of a few changed letters.
func Tokenize(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		n := tokenLen(s, i)
		toks = append(toks, s[i:i+n])
		i += n
	}
	return toks
}

// tokenEnds appends the end offset of each token of s to ends; it is
// Tokenize without the string headers, for the hot paths. Most tokens of
// prose are a lone space or an ASCII word followed by an ASCII byte that
// cannot extend it: those are cut here, as tokenLen cuts them, and the
// rest are left to tokenLen.
func tokenEnds(s string, ends []int) []int {
	for i := 0; i < len(s); {
		n := 0
		switch c := s[i]; {
		case c == ' ':
			if i+1 == len(s) || ' ' < s[i+1] && s[i+1] < utf8.RuneSelf {
				n = 1
			}
		case 'a' <= c|0x20 && c|0x20 <= 'z':
			// Not a URL (whose schemes start with these letters) nor
			// a link target (after "](").
			if l := c | 0x20; l == 'h' || l == 'f' || l == 'm' || l == 'w' || i >= 2 && s[i-2] == ']' && s[i-1] == '(' {
				break
			}
			j := i + 1
			for j < len(s) && ('a' <= s[j]|0x20 && s[j]|0x20 <= 'z' || '0' <= s[j] && s[j] <= '9') {
				j++
			}
			// wordLen goes on past a non-ASCII rune, a hyphen or an
			// apostrophe; any other byte ends the word.
			if j == len(s) || s[j] < utf8.RuneSelf && s[j] != '-' && s[j] != '\'' {
				n = j - i
			}
		}
		if n == 0 {
			n = tokenLen(s, i)
		}
		i += n
		ends = append(ends, i)
	}
	return ends
}

// tokenLen returns the byte length (at least 1) of the token starting at i.
func tokenLen(s string, i int) int {
	// The target of a Markdown link, just after the "](" token, is one
	// token: a changed URL is one replacement, not edits inside it.
	if i >= 2 && s[i-2] == ']' && s[i-1] == '(' {
		if n := linkTargetLen(s, i); n > 0 {
			return n
		}
	}
	// The common tokens first: an ASCII word, and one space before an
	// ASCII character that is not one (the loop below would stop there).
	switch c := s[i]; {
	case 'a' <= c|0x20 && c|0x20 <= 'z':
		if n := urlLen(s, i); n > 0 {
			return n
		}
		return wordLen(s, i)
	case c == ' ' && (i+1 == len(s) || ' ' < s[i+1] && s[i+1] < utf8.RuneSelf):
		return 1
	}
	return runeTokenLen(s, i)
}

// runeTokenLen is tokenLen after the link target, going by the first
// rune of the token.
func runeTokenLen(s string, i int) int {
	r, w := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && w <= 1 {
		return 1
	}
	switch {
	case unicode.IsSpace(r):
		j := i + w
		for j < len(s) {
			r2, w2 := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r2) || (r2 == utf8.RuneError && w2 <= 1) {
				break
			}
			j += w2
		}
		return j - i
	case isDigit(r):
		return numberLen(s, i)
	case isWordRune(r):
		if n := urlLen(s, i); n > 0 {
			return n
		}
		return wordLen(s, i)
	}
	switch r {
	case ']':
		if strings.HasPrefix(s[i:], "](") {
			return 2
		}
	case '!':
		if strings.HasPrefix(s[i:], "![") {
			return 2
		}
	case '{':
		if n := shortcodeLen(s, i); n > 0 {
			return n
		}
	case '<':
		if n := tagLen(s, i); n > 0 {
			return n
		}
	}
	// A run of the same punctuation or markup character.
	j := i + w
	for j < len(s) {
		r2, w2 := utf8.DecodeRuneInString(s[j:])
		if r2 != r || (r2 == utf8.RuneError && w2 <= 1) {
			break
		}
		j += w2
	}
	return j - i
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || unicode.IsDigit(r) }

// isWordRune reports whether r is a letter, digit or mark. Latin-1 holds
// no marks, and its letters and digits are looked up in unicode's Latin-1
// table, so the common case skips the range-table search of IsMark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r|0x20 && r|0x20 <= 'z' || '0' <= r && r <= '9'
	}
	if r <= unicode.MaxLatin1 {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// wordLen scans letters, digits and marks, keeping a hyphen or apostrophe
// that sits between two word characters.
func wordLen(s string, i int) int {
	j := i
	for j < len(s) {
		if c := s[j]; 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' {
			j++ // an ASCII letter or digit, the common case
			continue
		}
		r, w := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			j += w
			continue
		}
		if r == '-' || r == '\'' || r == '’' {
			if j > i && j+w < len(s) {
				r2, _ := utf8.DecodeRuneInString(s[j+w:])
				if isWordRune(r2) {
					j += w
					continue
				}
			}
		}
		break
	}
	return j - i
}

// numberLen scans a number starting at i; a number glued to letters
// ("3a", "2fa") is a word.
func numberLen(s string, i int) int {
	j := i
	digits := func(k int) int {
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		return k
	}
	j = digits(j)
	if j == i {
		// A non-ASCII digit: treat the run as a word.
		return wordLen(s, i)
	}
	first := j - i
	// Thousands groups separated by a space or a no-break space: "10 000".
	if first <= 3 {
		for {
			sep := groupSep(s, j)
			if sep == 0 {
				break
			}
			k := digits(j + sep)
			if k-(j+sep) != 3 || (k < len(s) && isWordByte(s, k)) {
				break
			}
			j = k
		}
	}
	// Decimals and dotted numbers: "1.5", "1,5", "3.3.1".
	for j+1 < len(s) && (s[j] == '.' || s[j] == ',') && s[j+1] >= '0' && s[j+1] <= '9' {
		j = digits(j + 1)
	}
	if j < len(s) && isWordByte(s, j) || j+1 < len(s) && s[j] == '-' && isWordByte(s, j+1) {
		return wordLen(s, i)
	}
	// Norwegian ordinal: "10. juli".
	if j+2 < len(s) && s[j] == '.' && s[j+1] == ' ' {
		r, _ := utf8.DecodeRuneInString(s[j+2:])
		if unicode.IsLower(r) {
			j++
		}
	}
	return j - i
}

// groupSep returns the length of a thousands separator at j, or 0.
func groupSep(s string, j int) int {
	switch {
	case strings.HasPrefix(s[j:], " "):
		return 1
	case strings.HasPrefix(s[j:], "\u00a0"):
		return len("\u00a0")
	case strings.HasPrefix(s[j:], "\u202f"):
		return len("\u202f")
	case strings.HasPrefix(s[j:], "\u2009"):
		return len("\u2009")
	}
	return 0
}

func isWordByte(s string, k int) bool {
	r, w := utf8.DecodeRuneInString(s[k:])
	return !(r == utf8.RuneError && w <= 1) && (unicode.IsLetter(r) || unicode.IsMark(r))
}

// urlLen returns the length of a URL starting at i, or 0. Trailing
// sentence punctuation and an unbalanced closing parenthesis are left out.
func urlLen(s string, i int) int {
	rest := s[i:]
	if c := rest[0] | 0x20; c != 'h' && c != 'f' && c != 'm' && c != 'w' {
		return 0
	}
	ok := false
	for _, p := range []string{"http://", "https://", "ftp://", "mailto:", "www."} {
		if len(rest) > len(p) && hasPrefixFold(rest, p) {
			ok = true
			break
		}
	}
	if !ok {
		return 0
	}
	j, depth := i, 0
	for j < len(s) {
		c := s[j]
		if c <= ' ' || c == '<' || c == '>' || c == '"' || c == '`' {
			break
		}
		if c == '(' {
			depth++
		}
		if c == ')' {
			if depth == 0 {
				break
			}
			depth--
		}
		r, w := utf8.DecodeRuneInString(s[j:])
		if r == utf8.RuneError && w <= 1 || unicode.IsSpace(r) {
			break
		}
		j += w
	}
	for j > i && strings.IndexByte(".,;:!?'*_", s[j-1]) >= 0 {
		j--
	}
	return j - i
}

// hasPrefixFold reports whether s starts with p, an ASCII lower-case
// prefix, in any case. It answers as strings.EqualFold(s[:len(p)], p):
// a rune outside ASCII that folds to an ASCII letter (the Kelvin sign,
// the long s) takes more than one byte, so a prefix of len(p) bytes
// holding one has too few runes to match.
func hasPrefixFold(s, p string) bool {
	for k := 0; k < len(p); k++ {
		c := s[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[k] {
			return false
		}
	}
	return true
}

// linkTargetLen returns the length of a Markdown link target starting at i
// (just after "]("), up to but not including the closing parenthesis.
func linkTargetLen(s string, i int) int {
	j, depth := i, 0
	for j < len(s) {
		c := s[j]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
		if c == '(' {
			depth++
		}
		if c == ')' {
			if depth == 0 {
				break
			}
			depth--
		}
		j++
	}
	return j - i
}

// shortcodeLen returns the length of a Hugo shortcode "{{< … >}}" or
// "{{% … %}}" starting at i, or 0.
func shortcodeLen(s string, i int) int {
	rest := s[i:]
	var end string
	switch {
	case strings.HasPrefix(rest, "{{<"):
		end = ">}}"
	case strings.HasPrefix(rest, "{{%"):
		end = "%}}"
	default:
		return 0
	}
	k := strings.Index(rest[3:], end)
	if k < 0 || k > 4096 {
		return 0
	}
	return 3 + k + len(end)
}

// tagLen returns the length of an HTML tag or autolink "<…>" starting at i
// that stays on one line, or 0.
func tagLen(s string, i int) int {
	if i+1 >= len(s) {
		return 0
	}
	c := s[i+1]
	if !(c == '/' || c == '!' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return 0
	}
	for j := i + 1; j < len(s) && j-i < 512; j++ {
		switch s[j] {
		case '>':
			return j + 1 - i
		case '\n', '<':
			return 0
		}
	}
	return 0
}
