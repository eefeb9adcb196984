package classify

import "strings"

// Vocabulary lists name terms rather than words: what is done with
// personal data ("lagre", "slette") and the legal bases for doing it
// ("samtykke", "avtale"). One word put for another is otherwise left to
// the content model, which on general text rightly calls most swaps
// clarity edits; these terms are the swaps a DPIA reviewer must see.
//
// An entry is one term, its forms separated by "|" ("lagre|lagring"),
// and two texts are compared by term, so that "lagrer" -> "lagres" or
// "lagre" -> "lagring" is grammar while "lagre" -> "slette" is a change.
var vocabLists = map[string]tag{"processing": tagProcessing, "legal-basis": tagLegalBasis}

// vocab is one vocabulary list compiled for one language.
type vocab struct {
	forms    map[string][]vocabForm // first word's key -> forms starting with it
	stemmed  map[string][]vocabForm // first word's stem -> forms starting with it
	maxWords int                    // words of the longest form: how far a match can reach
}

// vocabForm is one form of a term: its words (folded keys and their
// stems) and the term it belongs to.
type vocabForm struct {
	words, stems []string
	term         string
}

func (r *Rules) compileVocab(entries []string, lang string) *vocab {
	v := &vocab{forms: map[string][]vocabForm{}, stemmed: map[string][]vocabForm{}}
	for _, e := range entries {
		term := ""
		for _, form := range strings.Split(e, "|") {
			var f vocabForm
			for _, t := range tokenize(form) {
				if t.word {
					f.words = append(f.words, t.key)
					f.stems = append(f.stems, r.stem(t.key, lang))
				}
			}
			if len(f.words) == 0 {
				continue
			}
			if term == "" {
				term = strings.Join(f.words, " ")
			}
			f.term = term
			v.maxWords = max(v.maxWords, len(f.words))
			v.forms[f.words[0]] = append(v.forms[f.words[0]], f)
			if f.stems[0] != f.words[0] {
				v.stemmed[f.stems[0]] = append(v.stemmed[f.stems[0]], f)
			}
		}
	}
	return v
}

// matchWord reports whether a token is a form of a word: the word itself,
// the word with one ending ("lagres" for "lagre": its stem is the word),
// or another ending on the word's stem ("lagret", "lagrer" for "lagre").
// The bare stem alone does not count: "del" (a part) is not "dele".
func matchWord(key, keyStem, word, wordStem string) bool {
	return key == word || keyStem == word || keyStem == wordStem && key != wordStem && wordStem != word
}

// matchAt returns how many tokens from toks[i] a form covers (the
// longest) and its term, or 0. stems[k] is the stem of toks[k].key.
func (v *vocab) matchAt(toks []token, stems []string, i int) (int, string) {
	best, term := 0, ""
	try := func(cands []vocabForm) {
		for _, f := range cands {
			n, ok := 0, true
			for k := range f.words {
				if i+k >= len(toks) || !toks[i+k].word || !matchWord(toks[i+k].key, stems[i+k], f.words[k], f.stems[k]) {
					ok = false
					break
				}
				n++
			}
			if ok && n > best {
				best, term = n, f.term
			}
		}
	}
	try(v.forms[toks[i].key])
	try(v.forms[stems[i]])
	try(v.stemmed[stems[i]])
	return best, term
}

// wordStems gives the stem of each word of toks ("" for the other
// tokens), as vocabSpans reads them.
func (r *Rules) wordStems(toks []token, lang string) []string {
	stems := make([]string, len(toks))
	sufs := r.suffixesOf(lang) // looked up once, not once a word
	for k, t := range toks {
		if t.word {
			stems[k] = stemWith(t.key, sufs)
		}
	}
	return stems
}

// vocabSpans finds the terms of one vocabulary list in toks, skipping
// covered tokens (legal references, dates, durations), with the term of
// each span. stems are wordStems(toks, lang).
func (r *Rules) vocabSpans(list string, toks []token, stems []string, lang string, covered []bool) ([]span, []string) {
	v := r.vocabFor(list, lang)
	if v == nil {
		return nil, nil
	}
	var spans []span
	var terms []string
	for i := 0; i < len(toks); i++ {
		if covered[i] || !toks[i].word {
			continue
		}
		if n, term := v.matchAt(toks, stems, i); n > 0 {
			spans = append(spans, span{i, i + n})
			terms = append(terms, term)
			i += n - 1
		}
	}
	return spans, terms
}

// vocabFor returns the named vocabulary for lang, all languages merged
// when lang is not one the lists know.
func (r *Rules) vocabFor(list, lang string) *vocab {
	byLang := r.vocabs[list]
	if v, ok := byLang[lang]; ok {
		return v
	}
	return byLang[""]
}
