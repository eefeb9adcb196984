package classify

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tag is a class of protected tokens: a change to one makes the change
// substantive however small it is. The order is the order of precedence
// when one sentence explains a change with several.
type tag int

const (
	tagLegal tag = iota
	tagNegation
	tagModal
	tagRole
	tagLegalBasis
	tagProcessing
	tagDate
	tagDuration
	tagNumber
	tagName
	nTags
)

var tagReasons = [nTags]string{"legal-reference", "negation", "modal", "role", "legal-basis", "processing", "date", "duration", "number", "name"}

var tagPhrases = [nTags]string{
	"the legal reference changed",
	"a negation changed",
	"the modal verb changed",
	"the role changed",
	"the legal basis changed",
	"the processing operation changed",
	"a date changed",
	"a duration changed",
	"a number changed",
	"a name changed",
}

type span struct{ i, j int } // tokens [i, j)

var numericDate = &lazyRegexp{src: `^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$`}

// spansOf is tagSpans of toks, the tokens of text, remembered by text: a
// text is often on one side of one comparison and the other side of the
// next. The spans are shared: callers must not modify them. Their
// citations and stems are made only when the spans are not remembered;
// the stems, wordStems(toks, lang), are returned when made and nil
// otherwise. from, when not nil, is another version of the text, from
// whose spans respan finds these.
func (r *Rules) spansOf(text string, toks []token, lang string, from *spanned) ([nTags][]span, []string) {
	find := func() ([nTags][]span, []string) {
		if from != nil {
			return r.respan(*from, toks, lang), nil
		}
		stems := r.wordStems(toks, lang)
		return r.tagSpans(toks, stems, lang, citations(toks)), stems
	}
	if r.memo == nil {
		return find()
	}
	k := r.memo.key("spans", lang, text)
	if s, ok := r.memo.spans(k); ok {
		return s, nil
	}
	s, stems := find()
	r.memo.putSpans(k, s)
	return s, stems
}

// spanned is a text's tokens and their spans, tagSpans of them.
type spanned struct {
	toks  []token
	spans [nTags][]span
}

// respan is tagSpans of toks, an edit of from.toks. The tokens the two
// share at the start and at the end keep their spans, and only the
// tokens between, widened to the nearest inert tokens, are tagged. A
// token is shared when it is the same to tagSpans, its citation mark
// included (a citation is found in the whole text).
func (r *Rules) respan(from spanned, toks []token, lang string) [nTags][]span {
	ot := from.toks
	oc, nc := citations(ot), citations(toks)
	same := func(i, j int) bool {
		a, b := ot[i], toks[j]
		return a.key == b.key && a.text == b.text && a.word == b.word && a.initial == b.initial && oc[i] == nc[j]
	}
	p := 0
	for p < len(ot) && p < len(toks) && same(p, p) {
		p++
	}
	s := 0
	for s < len(ot)-p && s < len(toks)-p && same(len(ot)-1-s, len(toks)-1-s) {
		s++
	}
	// toks[lo] is the last inert token shared at the start and toks[hi]
	// the first shared at the end, or the text's first and last token.
	sw, sufs := r.spanWordsOf(lang), r.suffixesOf(lang)
	lo, hi := max(p-1, 0), len(toks)-s
	for lo > 0 && !sw.inert(toks[lo], sufs) {
		lo--
	}
	for hi < len(toks)-1 && !sw.inert(toks[hi], sufs) {
		hi++
	}
	hi = min(hi, len(toks)-1)
	win := toks[lo : hi+1]
	mid := r.tagSpans(win, r.wordStems(win, lang), lang, nc[lo:hi+1])
	d := len(toks) - len(ot) // how far the shared end moved
	var out [nTags][]span
	for t := range out {
		for _, sp := range from.spans[t] {
			if sp.j <= lo {
				out[t] = append(out[t], sp)
			}
		}
		for _, sp := range mid[t] {
			out[t] = append(out[t], span{sp.i + lo, sp.j + lo})
		}
		for _, sp := range from.spans[t] {
			if sp.i > hi-d {
				out[t] = append(out[t], span{sp.i + d, sp.j + d})
			}
		}
	}
	return out
}

// spanLists are the word lists whose entries tagSpans puts in protected
// spans (the stop words and not-names only keep a word out of a name).
var spanLists = []string{"legal", "legal-cite", "month", "number-word", "duration-unit", "frequency", "negation", "modal", "role", "name"}

// spanWords is, for one language, every word a protected span can be
// made of: the entries of spanLists (lits, and wild for those with a
// "*") and the words and stems of the vocabulary forms (stems).
type spanWords struct {
	lits  map[string]bool
	wild  []wordPattern
	stems map[string]bool
}

func (r *Rules) compileSpanWords(lang string) *spanWords {
	sw := &spanWords{lits: map[string]bool{}, stems: map[string]bool{}}
	for _, name := range spanLists {
		wl := r.list(name, lang)
		for k := range wl.exact {
			sw.lits[k] = true
		}
		for _, ph := range wl.phrases {
			for _, p := range ph {
				if p.prefix || p.suff {
					sw.wild = append(sw.wild, p)
				} else {
					sw.lits[p.lit] = true
				}
			}
		}
	}
	for list := range vocabLists {
		v := r.vocabFor(list, lang)
		for _, forms := range v.forms {
			for _, f := range forms {
				for k := range f.words {
					sw.lits[f.words[k]] = true
					sw.stems[f.words[k]] = true
					sw.stems[f.stems[k]] = true
				}
			}
		}
	}
	return sw
}

// spanWordsOf is the spanWords of lang, of all languages when lang is not
// one the lists know.
func (r *Rules) spanWordsOf(lang string) *spanWords {
	if sw, ok := r.spanWords[lang]; ok {
		return sw
	}
	return r.spanWords[""]
}

// inert reports whether tagSpans can neither put t in a span nor read it
// to decide a span beside it: a word of two letters or more, without a
// digit, that cites no provision ("ii"), has no capital to start a name
// with (a sentence's first word aside) and is none of the span words
// (by its stem, for the vocabularies). Every scan of tagSpans stands at
// an inert token with nothing carried over, so tagSpans of the tokens
// from one inert token to the next is tagSpans of the whole text there.
func (sw *spanWords) inert(t token, sufs []string) bool {
	k := t.key
	if !t.word || isCiteNumber(k) || utf8.RuneCountInString(k) < 2 || utf8.RuneCountInString(t.text) < 2 || strings.HasSuffix(k, "n't") {
		return false
	}
	if c, _ := utf8.DecodeRuneInString(t.text); !t.initial && unicode.IsUpper(c) {
		return false
	}
	if sw.lits[k] || sw.stems[stemWith(k, sufs)] {
		return false
	}
	for _, p := range sw.wild {
		if p.match(k) {
			return false
		}
	}
	return true
}

// mayTouchSpans reports whether a protected span of toks (of tagSpans of
// all of them) may hold a token eq leaves unpaired: false proves that
// diffTag finds no tag changed on this side. Most edits change no
// protected word, and it tags only the tokens around each unpaired one
// up to the nearest inert tokens; a change with none around it is
// reported as maybe.
func (r *Rules) mayTouchSpans(toks []token, eq []bool, lang string) bool {
	sw, sufs := r.spanWordsOf(lang), r.suffixesOf(lang)
	var citing []bool
	for i := 0; i < len(toks); i++ {
		if eq[i] || sw.inert(toks[i], sufs) {
			continue
		}
		lo, hi := i-1, i+1 // the inert tokens around i, if any
		for lo >= 0 && !sw.inert(toks[lo], sufs) {
			lo--
		}
		for hi < len(toks) && !sw.inert(toks[hi], sufs) {
			hi++
		}
		if lo < 0 && hi == len(toks) {
			return true
		}
		lo, hi = max(lo, 0), min(hi+1, len(toks))
		if citing == nil {
			// A citation may reach past an inert word: it is found in
			// the whole text.
			citing = citations(toks)
		}
		win := toks[lo:hi]
		for _, spans := range r.tagSpans(win, r.wordStems(win, lang), lang, citing[lo:hi]) {
			if touches(spans, eq[lo:hi]) {
				return true
			}
		}
		i = hi - 1
	}
	return false
}

// tagSpans finds the protected spans of a token list, whose stems are
// wordStems(toks, lang). Tokens inside a citation (citing) are neither
// numbers nor names: "(Devlin et al., 2019)" and "[12]" point to a
// source, like a footnote.
func (r *Rules) tagSpans(toks []token, stems []string, lang string, citing []bool) [nTags][]span {
	var out [nTags][]span
	covered := make([]bool, len(toks)) // by a legal, date or duration span
	numberWords := r.list("number-word", lang)
	isNumber := func(i int) bool {
		// A number starts with a digit ("28", "7-year", "5a"); a digit
		// inside an identifier ("COVID-19", "GPT-2") makes a name instead.
		return i >= 0 && i < len(toks) && toks[i].word && (startsWithDigit(toks[i].key) || numberWords.has(toks[i].key))
	}
	months := r.list("month", lang)
	isMonth := func(i int) bool { return i >= 0 && i < len(toks) && toks[i].word && months.has(toks[i].key) }

	// Legal references: named instruments and "artikkel 28"-style citations.
	legal, cite := r.list("legal", lang), r.list("legal-cite", lang)
	for i := 0; i < len(toks); i++ {
		n, m := legal.matchAt(toks, i), 0
		if n == 0 {
			m = cite.matchAt(toks, i)
		}
		if m > 0 {
			j := i + m
			if j < len(toks) && toks[j].key == "." { // "art. 28"
				j++
			}
			if isNumber(j) || j < len(toks) && isCiteNumber(toks[j].key) {
				n = j + 1 - i
				// Follow the citation down: "artikkel 6 nr. 1 bokstav e".
				for k := i + n; k < len(toks); {
					m := cite.matchAt(toks, k)
					if m == 0 {
						break
					}
					at := k + m
					if at < len(toks) && toks[at].key == "." {
						at++
					}
					if at >= len(toks) || !(isNumber(at) || isCiteNumber(toks[at].key) || utf8.RuneCountInString(toks[at].key) == 1 && toks[at].word) {
						break
					}
					n = at + 1 - i
					k = at + 1
				}
			}
		}
		if n > 0 {
			out[tagLegal] = append(out[tagLegal], span{i, i + n})
			for k := i; k < i+n; k++ {
				covered[k] = true
			}
			i += n - 1
		}
	}

	// Dates: "10. juli 2023", "July 10, 2023", "2023-07-10", a lone month.
	for i := 0; i < len(toks); i++ {
		if covered[i] || !toks[i].word {
			continue
		}
		switch {
		case startsWithDigit(toks[i].key) && numericDate.get().MatchString(toks[i].key):
			out[tagDate] = append(out[tagDate], span{i, i + 1})
			covered[i] = true
		case isMonth(i):
			start, end := i, i+1
			if isNumber(i - 1) {
				start = i - 1
			} else if i >= 2 && toks[i-1].key == "." && isNumber(i-2) {
				start = i - 2
			}
			if isNumber(end) {
				end++
			} else if end+1 < len(toks) && toks[end].key == "," && isNumber(end+1) {
				end += 2
			}
			if end < len(toks) && toks[end].key == "," && isNumber(end+1) {
				end += 2
			}
			alone := start == i && end == i+1
			if alone && !unambiguousMonth(toks[i].key) {
				continue
			}
			out[tagDate] = append(out[tagDate], span{start, end})
			for k := start; k < end; k++ {
				covered[k] = true
			}
			i = end - 1
		}
	}

	// Durations: a number and a unit of time, and intervals: a frequency
	// word and a unit ("hvert år" -> "annethvert år" halves how often).
	units, freq := r.list("duration-unit", lang), r.list("frequency", lang)
	for i := 0; i+1 < len(toks); i++ {
		if covered[i] || covered[i+1] || !toks[i].word {
			continue
		}
		m := freq.matchAt(toks, i)
		if m == 0 && isNumber(i) {
			m = 1
		}
		if m == 0 || i+m >= len(toks) {
			continue
		}
		if n := units.matchAt(toks, i+m); n > 0 {
			out[tagDuration] = append(out[tagDuration], span{i, i + m + n})
			for k := i; k < i+m+n; k++ {
				covered[k] = true
			}
			i += m + n - 1
		}
	}

	for i := range toks {
		if !covered[i] && !citing[i] && isNumber(i) {
			out[tagNumber] = append(out[tagNumber], span{i, i + 1})
		}
	}

	for _, tg := range []struct {
		t    tag
		list string
	}{{tagNegation, "negation"}, {tagModal, "modal"}, {tagRole, "role"}} {
		wl := r.list(tg.list, lang)
		for i := 0; i < len(toks); i++ {
			if covered[i] || !toks[i].word {
				continue
			}
			n := wl.matchAt(toks, i)
			// matchAt takes every word has would: only a stem before
			// "n't" is left to ask about.
			if k := toks[i].key; n == 0 && tg.t == tagModal && strings.HasSuffix(k, "n't") && wl.has(k[:len(k)-3]) {
				n = 1 // "can't", "mustn't"
			}
			if n > 0 {
				out[tg.t] = append(out[tg.t], span{i, i + n})
				i += n - 1
			}
		}
	}
	for list, t := range vocabLists {
		out[t], _ = r.vocabSpans(list, toks, stems, lang, covered)
	}
	nameCovered := slices.Clone(covered)
	for i := range nameCovered {
		nameCovered[i] = nameCovered[i] || citing[i]
	}
	out[tagName] = r.nameSpans(toks, lang, nameCovered)
	return out
}

// nameSpans finds names: known names in any case, and runs of capitalised
// words that do not start a sentence (Norwegian capitalises little else).
func (r *Rules) nameSpans(toks []token, lang string, covered []bool) []span {
	known, notName, stop := r.list("name", lang), r.list("not-name", lang), r.list("stopword", lang)
	roles := r.list("role", lang)
	var out []span
	// The capital letter goes first: most words lack one, and the lists
	// need not be asked about them.
	capital := func(i int) bool {
		t := toks[i]
		if !t.word || t.initial || covered[i] || startsWithDigit(t.key) {
			return false
		}
		c, _ := utf8.DecodeRuneInString(t.text)
		return unicode.IsUpper(c) && !notName.has(t.key) && !stop.has(t.key) && roles.matchAt(toks, i) == 0
	}
	for i := 0; i < len(toks); i++ {
		n := known.matchAt(toks, i)
		if n == 0 && capital(i) {
			n = 1
		}
		if n == 0 {
			continue
		}
		j := i + n
		for j < len(toks) {
			if abbrevDot(toks, j) {
				j += 2
			} else if k := known.matchAt(toks, j); k > 0 {
				j += k
			} else if capital(j) {
				j++
			} else {
				break
			}
		}
		out = append(out, span{i, j})
		i = j - 1
	}
	return out
}

func unambiguousMonth(key string) bool {
	return utf8.RuneCountInString(key) >= 5 && key != "march"
}

func isCiteNumber(key string) bool {
	// "28", "5a", "ii", "iv": numbers and roman numerals cite provisions.
	if hasDigit(key) {
		return true
	}
	return key != "" && strings.Trim(key, "ivxl") == "" && len(key) <= 4
}

func startsWithDigit(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

func hasDigit(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return true
		}
	}
	return false
}

// spanKey is how protected spans are compared: their words, folded.
func spanKey(toks []token, s span) string {
	var parts []string
	for _, t := range toks[s.i:s.j] {
		if t.word || t.key == "§" {
			parts = append(parts, t.key)
		}
	}
	return strings.Join(parts, " ")
}

// tagKey is spanKey as one tag compares: a number by its value ("7-year"
// and "7-year-old" are both 7), a negation by being one ("can't", "cannot"
// and "not" all deny), a modal by its verb ("cannot" is "can"). So that
// "can not" -> "cannot" or "don't" -> "do not" is typography, not a change.
func tagKey(t tag, toks []token, s span) string {
	k := spanKey(toks, s)
	switch t {
	case tagNumber:
		end := 0
		for end < len(k) && (k[end] >= '0' && k[end] <= '9' || strings.IndexByte(".,:", k[end]) >= 0 && end+1 < len(k) && k[end+1] >= '0' && k[end+1] <= '9') {
			end++
		}
		if end > 0 {
			return k[:end]
		}
	case tagNegation:
		if k == "cannot" || strings.HasSuffix(k, "n't") {
			return "not"
		}
	case tagModal:
		if k == "cannot" {
			return "can"
		}
		if k == "can't" {
			return "can"
		}
		return strings.TrimSuffix(k, "n't")
	}
	return k
}

// keyer returns how diffTag compares the spans of tags for lang: by
// term for the vocabulary lists ("lagres" and "lagring" are one term),
// by tagKey for the rest.
func (r *Rules) keyer(lang string) func(tag, []token, span) string {
	return func(t tag, toks []token, s span) string {
		for list, vt := range vocabLists {
			if t != vt {
				continue
			}
			// No form reaches past maxWords tokens, so only those need a
			// stem: stemming the rest of the paragraph for every span
			// made this quadratic.
			v := r.vocabFor(list, lang)
			win := toks[s.i:min(len(toks), s.i+max(v.maxWords, 1))]
			stems := make([]string, len(win))
			for k, tok := range win {
				stems[k] = r.stem(tok.key, lang)
			}
			if _, term := v.matchAt(win, stems, 0); term != "" {
				return term
			}
		}
		return tagKey(t, toks, s)
	}
}

// tagDiff is how one class of protected tokens differs between two texts.
type tagDiff struct {
	changedOld, changedNew []span // spans whose text has no counterpart on the other side
}

func (d tagDiff) changed() bool { return len(d.changedOld)+len(d.changedNew) > 0 }

// diffTag compares the protected spans of one tag as multisets, so that a
// protected word that only moves within the paragraph is not a change.
// Names are counted wherever their words occur, because capitalisation
// (and so detection) depends on the place in the sentence. Only a span
// with a token the diff did not pair (oldEq and newEq mark the paired
// ones) can have changed: the others are left out of the result, and the
// words of both texts are searched for the names of those alone.
func diffTag(t tag, oldToks, newToks []token, oldSpans, newSpans []span, oldEq, newEq []bool, tagKey func(tag, []token, span) string) tagDiff {
	var d tagDiff
	if !touches(oldSpans, oldEq) && !touches(newSpans, newEq) {
		return d
	}
	oldKeys, newKeys := spanKeys(t, oldToks, oldSpans, tagKey), spanKeys(t, newToks, newSpans, tagKey)
	oldCount, newCount := map[string]int{}, map[string]int{}
	if t == tagName {
		// A name is searched for as the words of the last span with its
		// key, old spans before new ones.
		type named struct {
			toks []token
			s    span
		}
		last := map[string]named{}
		for _, s := range oldSpans {
			last[spanKey(oldToks, s)] = named{oldToks, s}
		}
		for _, s := range newSpans {
			last[spanKey(newToks, s)] = named{newToks, s}
		}
		var ow, nw []string
		count := func(k string) {
			c, ok := last[k]
			if _, done := oldCount[k]; done || !ok {
				return
			}
			if ow == nil {
				ow, nw = nameKeys(oldToks), nameKeys(newToks)
			}
			phrase := nameKeys(c.toks[c.s.i:c.s.j])
			oldCount[k], newCount[k] = countPhrase(ow, phrase), countPhrase(nw, phrase)
		}
		for i, s := range oldSpans {
			if touched(s, oldEq) {
				count(oldKeys[i])
			}
		}
		for i, s := range newSpans {
			if touched(s, newEq) {
				count(newKeys[i])
			}
		}
	} else {
		for _, k := range oldKeys {
			oldCount[k]++
		}
		for _, k := range newKeys {
			newCount[k]++
		}
	}
	for i, s := range oldSpans {
		if k := oldKeys[i]; oldCount[k] > newCount[k] && touched(s, oldEq) {
			d.changedOld = append(d.changedOld, s)
		}
	}
	for i, s := range newSpans {
		if k := newKeys[i]; newCount[k] > oldCount[k] && touched(s, newEq) {
			d.changedNew = append(d.changedNew, s)
		}
	}
	return d
}

// spanKeys is tagKey of each span.
func spanKeys(t tag, toks []token, spans []span, tagKey func(tag, []token, span) string) []string {
	keys := make([]string, len(spans))
	for i, s := range spans {
		keys[i] = tagKey(t, toks, s)
	}
	return keys
}

func wordKeys(toks []token) []string {
	var out []string
	for _, t := range toks {
		if t.word {
			out = append(out, t.key)
		}
	}
	return out
}

func countPhrase(words, phrase []string) int {
	if len(phrase) == 0 {
		return 0
	}
	n := 0
	for i := 0; i+len(phrase) <= len(words); i++ {
		ok := true
		for k := range phrase {
			if words[i+k] != phrase[k] {
				ok = false
				break
			}
		}
		if ok {
			n++
		}
	}
	return n
}

// nameKeys are the words of a text as names are compared: a plural or
// possessive ending and the dots of an abbreviation do not make another
// name ("MPs" is "MP", "U.K." is "UK").
func nameKeys(toks []token) []string {
	out := make([]string, 0, wordCount(toks))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.word {
			continue
		}
		k := t.key
		if utf8.RuneCountInString(k) == 1 {
			for i+2 < len(toks) && toks[i+1].key == "." && toks[i+2].word && utf8.RuneCountInString(toks[i+2].key) == 1 {
				k += toks[i+2].key
				i += 2
			}
		}
		k = strings.TrimSuffix(strings.TrimSuffix(k, "’s"), "'s")
		if utf8.RuneCountInString(k) > 2 && strings.HasSuffix(k, "s") && !strings.HasSuffix(k, "ss") {
			k = strings.TrimSuffix(k, "s")
		}
		out = append(out, k)
	}
	return out
}

// abbrevDot reports whether toks[i] is the dot inside an abbreviation
// such as "U.K.": a dot between two single capital letters.
func abbrevDot(toks []token, i int) bool {
	return i > 0 && i+1 < len(toks) && toks[i].key == "." && toks[i-1].word && toks[i+1].word &&
		utf8.RuneCountInString(toks[i-1].text) == 1 && utf8.RuneCountInString(toks[i+1].text) == 1 &&
		unicode.IsUpper([]rune(toks[i+1].text)[0])
}

// citations marks the tokens of bibliographic citations: a bracket of
// numbers ("[12]", "[3, 5-7]"), a parenthesis holding a year and a name or
// "et al." ("(Devlin et al., 2019)", "(Smith and Lee 2020; Wu, 2021)"),
// and the "Name et al." before a parenthesised year ("Devlin et al.
// (2019)"). A citation names a source rather than saying something, so
// its edits are editorial, like a footnote's.
func citations(toks []token) []bool {
	cite := make([]bool, len(toks))
	for i := 0; i < len(toks); i++ {
		open := toks[i].key
		if open != "(" && open != "[" {
			continue
		}
		closer := map[string]string{"(": ")", "[": "]"}[open]
		j := i + 1
		for j < len(toks) && j-i <= 40 && toks[j].key != closer && toks[j].key != open {
			j++
		}
		if j >= len(toks) || toks[j].key != closer || j == i+1 {
			continue
		}
		inner := toks[i+1 : j]
		if !isCitation(open, inner) {
			continue
		}
		for k := i; k <= j; k++ {
			cite[k] = true
		}
		// "Devlin et al. (2019)": the authors before the year.
		k := i - 1
		if k >= 0 && toks[k].key == "." {
			k--
		}
		if k >= 1 && toks[k].key == "al" && toks[k-1].key == "et" {
			for m := k - 1; m <= i; m++ {
				cite[m] = true
			}
			if m := k - 2; m >= 0 && toks[m].word {
				cite[m] = true
			}
		}
		i = j
	}
	return cite
}

func isCitation(open string, inner []token) bool {
	if open == "[" {
		for _, t := range inner {
			if t.word && !startsWithDigit(t.key) || !t.word && !strings.Contains(",;-–", t.key) {
				return false
			}
		}
		return true
	}
	year, etAl, name := false, false, false
	for i, t := range inner {
		switch {
		case t.key == "et" && i+1 < len(inner) && inner[i+1].key == "al":
			etAl = true
		case isYear(t.key):
			year = true
		case t.word:
			if c, _ := utf8.DecodeRuneInString(t.text); unicode.IsUpper(c) {
				name = true
			}
		}
	}
	return year && (etAl || name) || year && len(inner) == 1
}

// isYear matches "2019" and "2019a" (a second paper of the year).
func isYear(key string) bool {
	if len(key) < 4 || len(key) > 5 || !(strings.HasPrefix(key, "19") || strings.HasPrefix(key, "20")) {
		return false
	}
	for i, r := range key {
		if i < 4 && (r < '0' || r > '9') || i == 4 && (r < 'a' || r > 'z') {
			return false
		}
	}
	return true
}

// isAlias reports whether a name span only restates a name the other text
// keeps: a parenthesised acronym ("(NLP)") or the words an acronym of the
// other text stands for ("Natural Language Processing" beside "NLP").
// otherKeys gives keySet of the other text; it is asked only for a span of
// two words or more.
func isAlias(toks []token, s span, otherKeys func() map[string]bool) bool {
	if s.j-s.i == 1 && s.i > 0 && s.j < len(toks) && toks[s.i-1].key == "(" && toks[s.j].key == ")" && isAcronym(toks[s.i].text) {
		return true
	}
	var initials strings.Builder
	n := 0
	for _, t := range toks[s.i:s.j] {
		if t.word {
			r, _ := utf8.DecodeRuneInString(t.key)
			initials.WriteRune(r)
			n++
		}
	}
	if n < 2 {
		return false
	}
	keys := otherKeys()
	return keys[initials.String()] || keys[initials.String()+"s"]
}

// isAcronym: two or more letters, all capitals (digits and a plural "s"
// allowed), as in "NLP", "GPUs", "BERT".
func isAcronym(s string) bool {
	s = strings.TrimSuffix(s, "s")
	upper := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsDigit(r) || r == '-':
		default:
			return false
		}
	}
	return upper >= 2
}
