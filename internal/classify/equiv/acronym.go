package equiv

import (
	"strings"
	"unicode"
)

// functionWords may be left out of an acronym ("of" in "DPIA" is not
// there in "Data Protection Impact Assessment", but "DoD" keeps it).
var functionWords = map[string]bool{
	// bokmål and nynorsk
	"og": true, "i": true, "for": true, "av": true, "til": true, "på": true, "med": true, "om": true,
	"det": true, "den": true, "de": true, "dei": true, "en": true, "ein": true, "et": true, "eit": true,
	// English
	"and": true, "of": true, "the": true, "in": true, "on": true, "to": true, "a": true, "an": true,
	"at": true, "by": true, "with": true,
}

// Acronym reports whether short is an acronym of long: short is mostly
// capital letters (full stops between them are ignored: "E.U."), and its
// letters are the initials of long's words, compared case-insensitively.
// A hyphenated word counts as two words ("Trans-Atlantic"), function
// words (og, i, for, av, of, the, and, ...) may be skipped, and a final
// lower-case "s" of short may stand for a plural ("SCCs"). Initials are
// taken from whole words only, never from the parts of a compound, so
// "DPIA" is not an acronym of "personvernkonsekvensvurdering" nor "NAV" of
// "Arbeids- og velferdsetaten".
func Acronym(short, long string) bool {
	letters, ok := acronymLetters(short)
	if !ok {
		return false
	}
	words := acronymWords(long)
	if len(words) < 2 {
		return false
	}
	if acronymMatch(letters, words) {
		return true
	}
	// "SCCs": the plural of "SCC".
	if n := len(letters); n > 2 && letters[n-1] == 's' && lastRune(short) == 's' {
		return acronymMatch(letters[:n-1], words)
	}
	return false
}

// acronymLetters returns the lower-cased letters of short, ok false when
// short is not an acronym: at least two letters, nothing but letters and
// full stops, more than half of the letters capitals.
func acronymLetters(short string) ([]rune, bool) {
	short = strings.TrimSpace(short)
	var letters []rune
	upper := 0
	for _, r := range short {
		switch {
		case r == '.':
			continue
		case !unicode.IsLetter(r):
			return nil, false
		case unicode.IsUpper(r):
			upper++
		}
		letters = append(letters, unicode.ToLower(r))
	}
	if len(letters) < 2 || upper*2 <= len(letters) {
		return nil, false
	}
	return letters, true
}

// acronymWord is a word of a long form: its lower-cased initial and
// whether it is a function word.
type acronymWord struct {
	initial  rune
	function bool
}

// acronymWords splits long into words at spaces, hyphens, dashes and
// slashes; punctuation around a word is ignored and words with no letter
// or digit are dropped.
func acronymWords(long string) []acronymWord {
	var out []acronymWord
	for _, f := range strings.FieldsFunc(normalize(long), func(r rune) bool {
		return r == ' ' || r == '-' || r == '–' || r == '/'
	}) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" {
			continue
		}
		out = append(out, acronymWord{initial: []rune(w)[0], function: functionWords[w]})
	}
	return out
}

// acronymMatch reports whether letters are the initials of words, each
// word giving one letter except function words, which may give none.
func acronymMatch(letters []rune, words []acronymWord) bool {
	// can[i][j]: letters[i:] match words[j:].
	can := make([][]bool, len(letters)+1)
	for i := range can {
		can[i] = make([]bool, len(words)+1)
	}
	can[len(letters)][len(words)] = true
	for j := len(words) - 1; j >= 0; j-- {
		can[len(letters)][j] = words[j].function && can[len(letters)][j+1]
	}
	for i := len(letters) - 1; i >= 0; i-- {
		for j := len(words) - 1; j >= 0; j-- {
			w := words[j]
			can[i][j] = (w.initial == letters[i] && can[i+1][j+1]) || (w.function && can[i][j+1])
		}
	}
	return can[0][0]
}

func lastRune(s string) rune {
	rs := []rune(strings.TrimSpace(s))
	if len(rs) == 0 {
		return 0
	}
	return rs[len(rs)-1]
}
