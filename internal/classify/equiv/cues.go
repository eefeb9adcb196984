package equiv

import (
	"strings"
	"sync"
	"unicode"
)

// Kinds is a set of the kinds of form the readers read.
type Kinds uint8

const (
	KindDate     Kinds = 1 << iota // Date
	KindLegalRef                   // LegalRef
	KindLaw                        // Law
	KindNumber                     // Number, NumberLoose and Ordinal
	KindAcronym                    // the short form of Acronym
	AllKinds     = KindDate | KindLegalRef | KindLaw | KindNumber | KindAcronym
)

// Within and Around tell, without reading s, as which kinds the texts cut
// from s or around it may read: a caller trying the phrases around a
// change learns from two calls that none of them reads as anything. A
// form of each kind shows some sign (a digit for a date, a head and a
// digit or a chapter head for a citation, two capitals for an acronym)
// and is made of its kind's words only (month names, number words, the
// words of a law's names; letters and full stops for an acronym). So a
// text t with core ⊆ t ⊆ max reads only as kinds in Around(core,
// Within(max, AllKinds)). Cut from and around mean cut where no word is
// cut: never between two characters for which InWord holds.

// Within returns those of kinds k whose sign s shows: a text cut from s
// reads as none of the others.
func Within(s string, k Kinds) Kinds {
	var buf [32]tok
	toks := appendTokens(buf[:0], normalize(s))
	digit, word := false, false
	for _, t := range toks {
		digit = digit || t.kind == 'n'
		word = word || t.kind == 'w'
	}
	if !digit {
		k &^= KindDate
	}
	if !word {
		k &^= KindLaw
	}
	if !digit && !word {
		k &^= KindNumber
	}
	if k&KindLegalRef != 0 && !citesHead(toks, digit) {
		k &^= KindLegalRef
	}
	if k&KindAcronym != 0 {
		// Acronym reads its form as it is, not normalized.
		upper := 0
		for _, r := range s {
			if unicode.IsUpper(r) {
				upper++
			}
		}
		if upper < 2 {
			k &^= KindAcronym
		}
	}
	return k
}

// citesHead reports whether toks have what a citation needs: a head and a
// digit, or the head of a chapter or an annex, which a roman numeral or
// a letter may number.
func citesHead(toks []tok, digit bool) bool {
	words := cueWords()
	for _, t := range toks {
		switch {
		case t.kind == 'w':
			if c := words[t.s]; c&cueChapter != 0 || digit && c&cueHead != 0 {
				return true
			}
		case digit && t.s == "§":
			return true
		}
	}
	return false
}

// Around returns those of kinds k whose words are all of s's words: a
// text around s reads as none of the others.
func Around(s string, k Kinds) Kinds {
	if k&KindAcronym != 0 {
		for _, r := range strings.TrimSpace(s) {
			// Acronym reads its form as it is, not normalized.
			if r != '.' && !unicode.IsLetter(r) {
				k &^= KindAcronym
				break
			}
		}
	}
	var buf [32]tok
	words := cueWords()
	for _, t := range appendTokens(buf[:0], normalize(s)) {
		if t.kind != 'w' {
			continue
		}
		c := words[t.s]
		if c&cueDate == 0 {
			k &^= KindDate
		}
		if c&cueLaw == 0 {
			k &^= KindLaw
		}
		if k&KindNumber != 0 && c&cueNumber == 0 && !numberCompound(t.s) {
			k &^= KindNumber
		}
	}
	return k
}

// numberCompound reports whether w is a closed compound of number words
// ("tjuefem") numberWordsOf reads in bokmål or nynorsk.
func numberCompound(w string) bool {
	for _, lang := range [...]string{"nb", "nn"} {
		if segment(w, numberWords[lang], numberPrefixes()[lang]) != nil {
			return true
		}
	}
	return false
}

// InWord reports whether r may stand in a word of a form: a letter, a
// mark, or a character normalize drops (which joins the letters around
// it).
func InWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || dropped(r)
}

// cue is what a word is to the readers.
type cue uint8

const (
	cueHead    cue = 1 << iota // opens a citation (refHeads, "punkt")
	cueChapter                 // opens a citation of a chapter or an annex, which a roman numeral or a letter may number
	cueDate                    // a word of a date: a month, a weekday, "den", "of", "the", an ordinal suffix
	cueLaw                     // a word of a law's name, or the "the" before it
	cueNumber                  // a number word of some language, or an ordinal suffix ("1st")
)

// cueWords holds the words of the readers' tables and what each is.
var cueWords = sync.OnceValue(func() map[string]cue {
	m := map[string]cue{"punkt": cueHead, "den": cueDate, "of": cueDate, "the": cueDate | cueLaw}
	for w, h := range refHeads {
		m[w] |= cueHead
		if h.kind == "ch" || h.kind == "annex" {
			m[w] |= cueChapter
		}
	}
	for _, tables := range []map[string]map[string]calendarWord{monthNames, weekdayNames} {
		for _, words := range tables {
			for w := range words {
				m[w] |= cueDate
			}
		}
	}
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		m[suffix] |= cueDate | cueNumber
	}
	for k := range lawIndex() {
		for _, t := range tokenize(k) {
			if t.kind == 'w' {
				m[t.s] |= cueLaw
			}
		}
	}
	for _, words := range numberWords {
		for w := range words {
			m[w] |= cueNumber
		}
	}
	return m
})
