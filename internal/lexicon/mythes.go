package lexicon

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file reads MyThes thesauri (the .idx/.dat pair LibreOffice uses).
// The .dat file starts with its encoding, then has one block per entry:
//
//	entry|number of senses
//	pos|item|item|...        (one line per sense)
//
// The .idx file starts with the encoding and the number of entries, then
// has "entry|byte offset of the block in .dat" lines. Items may carry a
// parenthesised note: in English thesauri a relation ("(antonym)",
// "(generic term)", "(related term)", "(similar term)"), in the Norwegian
// one a register ("(muntlig mening)", "(vulgær)", "(terminologisk)") or
// optional words ("begrenset (til)", "(for)herde", "prins(esse)").

// mythes is a loaded thesaurus. The .dat file stays in memory as raw bytes
// (2.3 MB for bokmål) and an entry's senses are parsed when asked for.
type mythes struct {
	dat   []byte
	dec   decoder
	index map[string][]int // lower-case entry -> offsets of its blocks
}

func loadMyThes(idxPath, datPath string) (*mythes, error) {
	idx, err := readLexicon(idxPath)
	if err != nil {
		return nil, err
	}
	dat, err := readLexicon(datPath)
	if err != nil {
		return nil, err
	}
	enc, rest, _ := bytes.Cut(idx, []byte("\n"))
	dec, err := decoderFor(string(bytes.TrimSpace(enc)))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", idxPath, err)
	}
	text, err := dec(rest)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", idxPath, err)
	}
	t := &mythes{dat: dat, dec: dec, index: map[string][]int{}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		word, off, ok := cutLast(line, "|")
		if !ok {
			if n == 0 || line == "" {
				continue // the entry count, or the final newline
			}
			return nil, fmt.Errorf("%s: line %d: no offset", idxPath, n+2)
		}
		o, err := strconv.Atoi(off)
		if err != nil || o < 0 || o >= len(dat) {
			return nil, fmt.Errorf("%s: line %d: bad offset %q", idxPath, n+2, off)
		}
		// Entries have optional parts too: "(ene og) alene".
		for _, key := range parseItem(word).forms {
			if !slices.Contains(t.index[key], o) {
				t.index[key] = append(t.index[key], o)
			}
		}
	}
	return t, nil
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// normPhrase lower-cases a word or phrase and collapses its white space,
// the form thesaurus entries and items are compared in.
func normPhrase(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// marker classifies an item's parenthesised note.
type marker uint8

const (
	plain    marker = iota
	register        // another register or a special sense: not a safe substitute
	relation        // generic, related or similar term: not a synonym
	antonym         // an opposite; wins over the others
)

// markers are the notes that say what an item is. Those seen in the data:
// "muntlig mening", "vulgær" and "terminologisk" in th_nb_NO_v2 7.5.0;
// "antonym", "generic term", "related term" and "similar term" in the
// English OpenOffice thesauri. The rest are their likely Norwegian
// counterparts, so that a future version marking relations is read right.
var markers = map[string]marker{
	"antonym":         antonym,
	"antonymer":       antonym,
	"motsetning":      antonym,
	"motsatt":         antonym,
	"generic term":    relation,
	"related term":    relation,
	"similar term":    relation,
	"hypernym":        relation,
	"hyponym":         relation,
	"overbegrep":      relation,
	"underbegrep":     relation,
	"beslektet":       relation,
	"beslektet term":  relation,
	"muntlig mening":  register,
	"muntlig":         register,
	"vulgær":          register,
	"terminologisk":   register,
	"slang":           register,
	"foreldet":        register,
	"nedsettende":     register,
	"spøkefullt":      register,
	"figurativt":      register,
	"overført":        register,
	"overført mening": register,
}

// item is one word or phrase of a sense.
type item struct {
	mark  marker
	forms []string // normalised spellings: optional parts left out and kept
}

// parseItem reads an item, expanding optional parenthesised parts:
// "begrenset (til)" gives "begrenset" and "begrenset til", "prins(esse)"
// gives "prins" and "prinsesse".
func parseItem(s string) item {
	it := item{}
	for {
		open := strings.IndexByte(s, '(')
		if open < 0 {
			break
		}
		cls := strings.IndexByte(s[open:], ')')
		if cls < 0 {
			break
		}
		note := normPhrase(s[open+1 : open+cls])
		if m, ok := markers[note]; ok {
			it.mark = max(it.mark, m)
			s = s[:open] + s[open+cls+1:]
			continue
		}
		// An optional part: record both readings, then go on with the
		// reading without it (the other is added below).
		with := s[:open] + s[open+1:open+cls] + s[open+cls+1:]
		s = s[:open] + s[open+cls+1:]
		it.forms = append(it.forms, normPhrase(strings.NewReplacer("(", "", ")", "").Replace(with)))
	}
	it.forms = append(it.forms, normPhrase(s))
	return it
}

// senses returns the senses of every entry spelled like word.
func (t *mythes) senses(word string) [][]item {
	var out [][]item
	for _, off := range t.index[word] {
		out = append(out, t.block(off)...)
	}
	return out
}

// block parses the entry at offset off of the .dat file.
func (t *mythes) block(off int) [][]item {
	data := t.dat[off:]
	head, data, _ := bytes.Cut(data, []byte("\n"))
	_, count, ok := cutLast(string(head), "|")
	if !ok {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(count))
	if err != nil || n < 0 {
		return nil
	}
	var out [][]item
	for range n {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		text, err := t.dec(bytes.TrimRight(line, "\r"))
		if err != nil {
			return out
		}
		fields := strings.Split(text, "|")
		if len(fields) < 2 {
			continue
		}
		var sense []item
		for _, f := range fields[1:] { // fields[0] is the part of speech
			if f = strings.TrimSpace(f); f != "" {
				sense = append(sense, parseItem(f))
			}
		}
		out = append(out, sense)
	}
	return out
}

// headForms returns word's spellings that have entries: the word itself,
// or else its lemmas, or for a phrase the phrase with its first or last
// word lemmatised ("gjorde slutt på" -> "gjøre slutt på").
func (t *mythes) headForms(word string, lemmas func(string) []string) []string {
	w := normPhrase(word)
	if _, ok := t.index[w]; ok {
		return []string{w}
	}
	var out []string
	for _, f := range variants(w, lemmas) {
		if _, ok := t.index[f]; ok {
			out = append(out, f)
		}
	}
	return out
}

// variants returns w and its lemmatised spellings, as in headForms.
func variants(w string, lemmas func(string) []string) []string {
	out := []string{w}
	words := strings.Fields(w)
	if len(words) == 0 {
		return nil
	}
	if len(words) == 1 {
		return append(out, lemmas(w)...)
	}
	first, last := words[0], words[len(words)-1]
	for _, l := range lemmas(first) {
		out = append(out, strings.Join(append([]string{l}, words[1:]...), " "))
	}
	for _, l := range lemmas(last) {
		out = append(out, strings.Join(append(words[:len(words)-1:len(words)-1], l), " "))
	}
	return out
}

// synonyms reports whether an entry of a lists b as an unmarked item and
// b's entry (if it has one) lists a back, in a cluster that is not a
// semantic field (see isField).
func (t *mythes) synonyms(a, b string, lemmas func(string) []string) bool {
	bForms := variants(normPhrase(b), lemmas)
	for _, fa := range t.headForms(a, lemmas) {
		for _, sense := range t.senses(fa) {
			if isField(fa, sense) {
				continue
			}
			for _, it := range sense {
				if it.mark != plain {
					continue
				}
				fb, ok := it.matches(bForms)
				if !ok {
					continue
				}
				if _, has := t.index[fb]; has && !t.lists(fb, fa, plain) {
					continue
				}
				return true
			}
		}
	}
	return false
}

// antonyms reports whether an entry of a lists b as an item marked
// antonym.
func (t *mythes) antonyms(a, b string, lemmas func(string) []string) bool {
	bForms := variants(normPhrase(b), lemmas)
	for _, fa := range t.headForms(a, lemmas) {
		for _, sense := range t.senses(fa) {
			for _, it := range sense {
				if _, ok := it.matches(bForms); ok && it.mark == antonym {
					return true
				}
			}
		}
	}
	return false
}

// lists reports whether entry lists word as an item with the mark; for
// plain items, only in senses that are not semantic fields, so that both
// sides of a synonym pair pass the same test.
func (t *mythes) lists(entry, word string, mark marker) bool {
	for _, sense := range t.senses(entry) {
		if mark == plain && isField(entry, sense) {
			continue
		}
		for _, it := range sense {
			if _, ok := it.matches([]string{word}); ok && it.mark == mark {
				return true
			}
		}
	}
	return false
}

// matches returns the first of forms the item can be spelled as.
func (it item) matches(forms []string) (string, bool) {
	for _, f := range forms {
		for _, g := range it.forms {
			if f == g {
				return f, true
			}
		}
	}
	return "", false
}

// isField reports whether a cluster (an entry and one of its senses) holds
// a word together with a compound built on it, such as "avis" with
// "dagsavis" and "norsk avis", or "hest" with "araberhest". Such a cluster
// is a semantic field, a generic term with its kinds, and its members are
// co-hyponyms rather than synonyms: "Aftenposten" and "Dagbladet" share
// the "avis" cluster. In version 7.5.0 of the bokmål thesaurus this rules
// out 426 of its 1465 clusters.
func isField(entry string, sense []item) bool {
	// Compare forms of different items only: an item's own readings
	// ("(for)herde": "herde", "forherde") are one word, not a field.
	groups := [][]string{{entry}}
	for _, it := range sense {
		groups = append(groups, it.forms)
	}
	for i, gi := range groups {
		for j, gj := range groups {
			if i == j {
				continue
			}
			for _, long := range gi {
				for _, short := range gj {
					if compoundOf(long, short) {
						return true
					}
				}
			}
		}
	}
	return false
}

// compoundOf reports whether long is a compound (or phrase) whose head is
// short: "tabloidpresse" and "norsk avis" are kinds of "presse" and
// "avis", so short is their generic term, not a synonym.
func compoundOf(long, short string) bool {
	if len(long) <= len(short) || utf8.RuneCountInString(short) < 3 || !strings.HasSuffix(long, short) {
		return false
	}
	rest := []rune(long[:len(long)-len(short)])
	last := rest[len(rest)-1]
	if len(rest) == 1 && last != ' ' && last != '-' {
		return false // "full" is not a kind of "ull": one letter is no compound
	}
	return unicode.IsLetter(last) || last == ' ' || last == '-'
}
