package classify

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// token is one word or punctuation mark of a text.
type token struct {
	text       string // as written
	key        string // lower case, quotes and dashes folded: what the diff compares
	start, end int    // byte span in the text
	word       bool   // letters or digits (a word or a number)
	initial    bool   // first word of a sentence
}

// tokenize splits s into words and punctuation marks. A word keeps inner
// hyphens and apostrophes ("sub-processor", "don't") and, between digits,
// dots, commas and colons ("3.2", "1,5", "10:30"), so that a number or a
// compound is compared as one unit.
func tokenize(s string) []token {
	return appendTokens(nil, s)
}

// appendTokens appends the tokens of s to toks.
func appendTokens(toks []token, s string) []token {
	// About one token in five bytes of prose: one allocation for most
	// paragraphs instead of a run of growing copies.
	toks = slices.Grow(toks, len(s)/5+1)
	initial := true
	for i := 0; ; {
		start, end, word := nextToken(s, i)
		if start == len(s) {
			return toks
		}
		i = end
		text := s[start:end]
		if word {
			toks = append(toks, token{text: text, key: foldKey(text), start: start, end: end, word: true, initial: initial})
			// A leading number ("3.2 Bruk av ...") does not start the
			// sentence's words: the capitalised word after it still does.
			if !isDigits(text) {
				initial = false
			}
			continue
		}
		toks = append(toks, token{text: text, key: foldKey(text), start: start, end: end})
		switch text {
		case ".", "!", "?":
			initial = true
		}
	}
}

// tokenPool holds token slices for analyseText to cut a pair's texts
// into: the tokens do not outlive the analysis, and a history analyses
// tens of thousands of pairs.
var tokenPool sync.Pool

// maxPooledTokens bounds the slices tokenPool keeps.
const maxPooledTokens = 1 << 14

// scratchTokens is tokenize into a slice from tokenPool; releaseTokens
// gives it back.
func scratchTokens(s string) []token {
	if p, ok := tokenPool.Get().(*[]token); ok {
		return appendTokens((*p)[:0], s)
	}
	return tokenize(s)
}

func releaseTokens(toks []token) {
	if cap(toks) > maxPooledTokens {
		return
	}
	clear(toks) // the texts they point into are not kept alive
	toks = toks[:0]
	tokenPool.Put(&toks)
}

// countWords is wordCount(tokenize(s)) without making the tokens.
func countWords(s string) int {
	n := 0
	for i := 0; ; {
		start, end, word := nextToken(s, i)
		if start == len(s) {
			return n
		}
		if word {
			n++
		}
		i = end
	}
}

// nextToken finds the first token at or after byte i of s: its span, and
// whether it is a word. start is len(s) when no token is left.
func nextToken(s string, i int) (start, end int, word bool) {
	for i < len(s) {
		r, n := runeAt(s, i)
		if isSpace(r) {
			i += n
			continue
		}
		start = i
		i += n
		if !isWordRune(r) {
			return start, i, false
		}
		prevDigit := isDigit(r)
		for i < len(s) {
			// Most characters of a word are ASCII letters and digits:
			// one look-up each, without decoding or a call. An ASCII word
			// rune is a digit when it sorts before the letters.
			if c := s[i]; c < utf8.RuneSelf && asciiWord[c] {
				prevDigit = c <= '9'
				i++
				continue
			}
			r2, n2 := runeAt(s, i)
			if isWordRune(r2) {
				prevDigit = isDigit(r2)
				i += n2
				continue
			}
			if i+n2 < len(s) {
				r3, n3 := runeAt(s, i+n2)
				joins := false
				switch r2 {
				case '-', '\'', '’', '‐':
					joins = isWordRune(r3)
				case '.', ',', ':':
					joins = prevDigit && isDigit(r3)
				}
				if joins {
					i += n2 + n3
					prevDigit = isDigit(r3)
					continue
				}
			}
			break
		}
		return start, i, true
	}
	return len(s), len(s), false
}

func isWordRune(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// asciiWord is isWordRune for ASCII, looked up: tokenizing a history
// asks it of every character.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))
	}
	return t
}()

// runeAt decodes the rune at byte i of s, ASCII without a call.
func runeAt(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// isSpace and isDigit are unicode.IsSpace and unicode.IsDigit, ASCII
// looked up.
func isSpace(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return asciiSpace[r] != 0
	}
	return unicode.IsSpace(r)
}

func isDigit(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

// foldKey is the form two tokens are compared in: case and the style of
// quotes, apostrophes and dashes do not count as a change of words.
func foldKey(s string) string {
	// Most tokens are lower-case ASCII, which fold to themselves.
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c < utf8.RuneSelf && (c < 'A' || c > 'Z') && c != '`'
	}
	if plain {
		return s
	}
	return strings.Map(foldRune, strings.ToLower(s))
}

func foldRune(r rune) rune {
	switch r {
	case '“', '”', '„', '«', '»', '‟', '″':
		return '"'
	case '‘', '’', '‚', '‹', '›', '′', '`':
		return '\''
	case '–', '—', '‐', '‑', '‒', '−':
		return '-'
	case '\u00a0', '\u202f':
		return ' '
	}
	return r
}

// letters keeps only the letters and digits of s, lower-cased: two words
// spelled apart ("response generator") or hyphenated compare equal to the
// closed form.
func letters(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		for _, r := range t.key {
			if isWordRune(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func wordCount(toks []token) int {
	n := 0
	for _, t := range toks {
		if t.word {
			n++
		}
	}
	return n
}

func isDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '.' && r != ',' && r != ':' && r != '-' {
			return false
		}
	}
	return true
}
