package equiv

import (
	"math/big"
	"strconv"
	"strings"
	"sync"
)

// Number reads s as a cardinal number written with digits or words and
// returns it as a canonical decimal string ("2", "1000", "2.5", "-3"); ok is
// false when s is not wholly a number.
//
// Digits may be grouped in thousands in the language's style: "1 000" (any
// space) everywhere, "1.000" in bokmål and nynorsk, "1,000" in English; the
// decimal mark is "," in bokmål and nynorsk ("2,5") and "." in English
// ("2.5"). Leading zeros ("007") are not read as a number, and trailing
// zeros of a fraction are dropped ("2,50" is "2.5"). A number may be
// followed by a scale word ("1,5 millioner", "2 mill.", "3 billion").
//
// Number words: "null", "to", "tre", ..., "tjue", "tjuefem", "femogtjue",
// "hundre", "ett hundre og fem", "to tusen", "en million" (bokmål);
// "tjuge", "eitt hundre", "millionar" (nynorsk); "zero", "twenty-one",
// "a hundred", "one thousand and five", "two million" (English). The words
// for one that are also articles or pronouns ("en", "ei", "et", "ein",
// "eitt", "one", "a") are not a number on their own here; NumberLoose reads
// them. Inside a longer number ("en million", "tjueen") they are read.
// "ett" and "én" (bokmål) are always the numeral.
func Number(s, lang string) (string, bool) { t := Read(s); return t.Number(lang) }

// Number is the package's Number of the text.
func (t *Text) Number(lang string) (string, bool) {
	p := &t.ph
	return inLanguages(lang, func(lang string) (string, status) { return p.number(lang, false) })
}

// NumberLoose is Number that also reads the words for one that double as
// articles or pronouns ("en", "ei", "et", "ein", "eitt", "one", "a") as 1.
func NumberLoose(s, lang string) (string, bool) { t := Read(s); return t.NumberLoose(lang) }

// NumberLoose is the package's NumberLoose of the text.
func (t *Text) NumberLoose(lang string) (string, bool) {
	p := &t.ph
	return inLanguages(lang, func(lang string) (string, status) { return p.number(lang, true) })
}

// Ordinal reads s as an ordinal number and returns its value as a decimal
// string: "1." (bokmål and nynorsk), "1st", "22nd" (English, with the right
// suffix), "første", "fyrste", "tjuefemte", "hundrede", "first",
// "twenty-second", "one hundredth". Words that are also something else
// ("andre" and "annen" are also "other", "second" is also the unit of
// time) are not read on their own; OrdinalLoose reads them.
func Ordinal(s, lang string) (string, bool) { t := Read(s); return t.Ordinal(lang) }

// Ordinal is the package's Ordinal of the text.
func (t *Text) Ordinal(lang string) (string, bool) {
	p := &t.ph
	return inLanguages(lang, func(lang string) (string, status) { return p.ordinal(lang, false) })
}

// OrdinalLoose is Ordinal that also reads the ambiguous words "andre",
// "annen", "annet" (bokmål), "andre" (nynorsk) and "second" (English) as 2.
func OrdinalLoose(s, lang string) (string, bool) {
	p := newPhrase(s)
	return inLanguages(lang, func(lang string) (string, status) { return p.ordinal(lang, true) })
}

// wordKind is the grammatical role of a number word.
type wordKind uint8

const (
	wZero    wordKind = iota + 1
	wUnit             // 1-9
	wTeen             // 10-19
	wTens             // 20, 30, ..., 90
	wHundred          // 100
	wScale            // 1000, a million, ...
	wAnd              // "og", "and" between parts
)

// numWord is a number word of one language.
type numWord struct {
	v     int64
	kind  wordKind
	loose bool // also an article or pronoun: a number on its own only in NumberLoose / OrdinalLoose
	art   bool // the article "a": only as the multiplier of "hundred", "thousand", ...
	ord   bool // an ordinal ("femte", "fifth")
	bare  bool // a hundred or scale word that needs no multiplier ("hundre", "tusen")
}

func unit(v int64) numWord    { return numWord{v: v, kind: wUnit} }
func teen(v int64) numWord    { return numWord{v: v, kind: wTeen} }
func tens(v int64) numWord    { return numWord{v: v, kind: wTens} }
func ord(w numWord) numWord   { w.ord = true; return w }
func loose(w numWord) numWord { w.loose = true; return w }

var (
	hundred      = numWord{v: 100, kind: wHundred}
	bareHundred  = numWord{v: 100, kind: wHundred, bare: true}
	thousand     = numWord{v: 1000, kind: wScale}
	bareThousand = numWord{v: 1000, kind: wScale, bare: true}
	million      = numWord{v: 1e6, kind: wScale}
	milliard     = numWord{v: 1e9, kind: wScale}
	billionNo    = numWord{v: 1e12, kind: wScale} // Norwegian "billion" is the long scale
	and          = numWord{kind: wAnd}
	zero         = numWord{kind: wZero}
)

// norwegianWords are the words bokmål and nynorsk share.
func norwegianWords() map[string]numWord {
	return map[string]numWord{
		"null": zero,

		"to": unit(2), "tre": unit(3), "fire": unit(4), "fem": unit(5),
		"seks": unit(6), "sju": unit(7), "åtte": unit(8), "ni": unit(9),

		"ti": teen(10), "elleve": teen(11), "tolv": teen(12), "tretten": teen(13),
		"fjorten": teen(14), "femten": teen(15), "seksten": teen(16),
		"sytten": teen(17), "atten": teen(18), "nitten": teen(19),

		"tjue": tens(20), "tretti": tens(30), "førti": tens(40), "femti": tens(50),
		"seksti": tens(60), "sytti": tens(70), "åtti": tens(80), "nitti": tens(90),

		"hundre": bareHundred, "tusen": bareThousand,
		"million": million, "milliard": milliard, "billion": billionNo,
		"mill": million, "mrd": milliard, // "2 mill.", "3 mrd."

		"og": and,

		// Ordinals; "andre" is also "other".
		"første": ord(unit(1)), "andre": loose(ord(unit(2))), "tredje": ord(unit(3)),
		"fjerde": ord(unit(4)), "femte": ord(unit(5)), "sjette": ord(unit(6)),
		"ellevte": ord(teen(11)), "tolvte": ord(teen(12)),
	}
}

var numberWords = map[string]map[string]numWord{
	"nb": withWords(norwegianWords(), map[string]numWord{
		// One: "en", "ei" and "et" are also articles; "ett" and "én"
		// are the numeral.
		"en": loose(unit(1)), "ei": loose(unit(1)), "et": loose(unit(1)),
		"ett": unit(1), "én": unit(1), "éi": unit(1),

		"syv": unit(7), "tyve": tens(20), "tredve": tens(30),
		"millioner": million, "milliarder": milliard, "billioner": billionNo,

		// Ordinals; "annen" and "annet" are also "other".
		"annen": loose(ord(unit(2))), "annet": loose(ord(unit(2))),
		"sjuende": ord(unit(7)), "syvende": ord(unit(7)), "åttende": ord(unit(8)),
		"niende": ord(unit(9)), "tiende": ord(teen(10)),
		"trettende": ord(teen(13)), "fjortende": ord(teen(14)), "femtende": ord(teen(15)),
		"sekstende": ord(teen(16)), "syttende": ord(teen(17)), "attende": ord(teen(18)),
		"nittende": ord(teen(19)),
		"tjuende":  ord(tens(20)), "tyvende": ord(tens(20)), "trettiende": ord(tens(30)),
		"førtiende": ord(tens(40)), "femtiende": ord(tens(50)), "sekstiende": ord(tens(60)),
		"syttiende": ord(tens(70)), "åttiende": ord(tens(80)), "nittiende": ord(tens(90)),
		"hundrede": ord(bareHundred), "tusende": ord(bareThousand), "millionte": ord(million),
	}),
	"nn": withWords(norwegianWords(), map[string]numWord{
		// One: all three forms are also articles.
		"ein": loose(unit(1)), "ei": loose(unit(1)), "eitt": loose(unit(1)),

		"tjuge":     tens(20),
		"millionar": million, "milliardar": milliard, "billionar": billionNo,

		// Ordinals.
		"fyrste":  ord(unit(1)),
		"sjuande": ord(unit(7)), "åttande": ord(unit(8)), "niande": ord(unit(9)),
		"tiande":    ord(teen(10)),
		"trettande": ord(teen(13)), "fjortande": ord(teen(14)), "femtande": ord(teen(15)),
		"sekstande": ord(teen(16)), "syttande": ord(teen(17)), "attande": ord(teen(18)),
		"nittande": ord(teen(19)),
		"tjuande":  ord(tens(20)), "tjugande": ord(tens(20)), "trettiande": ord(tens(30)),
		"førtiande": ord(tens(40)), "femtiande": ord(tens(50)), "sekstiande": ord(tens(60)),
		"syttiande": ord(tens(70)), "åttiande": ord(tens(80)), "nittiande": ord(tens(90)),
		"hundrande": ord(bareHundred), "tusande": ord(bareThousand),
	}),
	"en": {
		"zero": zero,

		// One: "one" is also a pronoun, "a" an article that counts only
		// before "hundred", "thousand", ...
		"one": loose(unit(1)), "a": {v: 1, kind: wUnit, loose: true, art: true},

		"two": unit(2), "three": unit(3), "four": unit(4), "five": unit(5),
		"six": unit(6), "seven": unit(7), "eight": unit(8), "nine": unit(9),

		"ten": teen(10), "eleven": teen(11), "twelve": teen(12), "thirteen": teen(13),
		"fourteen": teen(14), "fifteen": teen(15), "sixteen": teen(16),
		"seventeen": teen(17), "eighteen": teen(18), "nineteen": teen(19),

		"twenty": tens(20), "thirty": tens(30), "forty": tens(40), "fifty": tens(50),
		"sixty": tens(60), "seventy": tens(70), "eighty": tens(80), "ninety": tens(90),

		"hundred": hundred, "thousand": thousand, "million": million, "billion": milliard,

		"and": and,

		// Ordinals; "second" is also the unit of time.
		"first": ord(unit(1)), "second": loose(ord(unit(2))), "third": ord(unit(3)),
		"fourth": ord(unit(4)), "fifth": ord(unit(5)), "sixth": ord(unit(6)),
		"seventh": ord(unit(7)), "eighth": ord(unit(8)), "ninth": ord(unit(9)),
		"tenth": ord(teen(10)), "eleventh": ord(teen(11)), "twelfth": ord(teen(12)),
		"thirteenth": ord(teen(13)), "fourteenth": ord(teen(14)), "fifteenth": ord(teen(15)),
		"sixteenth": ord(teen(16)), "seventeenth": ord(teen(17)), "eighteenth": ord(teen(18)),
		"nineteenth": ord(teen(19)),
		"twentieth":  ord(tens(20)), "thirtieth": ord(tens(30)), "fortieth": ord(tens(40)),
		"fiftieth": ord(tens(50)), "sixtieth": ord(tens(60)), "seventieth": ord(tens(70)),
		"eightieth": ord(tens(80)), "ninetieth": ord(tens(90)),
		"hundredth": ord(hundred), "thousandth": ord(thousand), "millionth": ord(million),
	},
}

func withWords(m, more map[string]numWord) map[string]numWord {
	for k, v := range more {
		m[k] = v
	}
	return m
}

// compounding reports whether lang writes numbers as closed compounds
// ("tjuefem", "tohundreogfemti").
func compounding(lang string) bool { return lang == "nb" || lang == "nn" }

// numberWordList splits s (normalized) into number words: at spaces and
// hyphens, and, in Norwegian, compounds into their parts (the fewest parts
// that are all number words). A full stop may end the abbreviations
// "mill." and "mrd.". ok is false when some part is not a number word.
func numberWordList(s, lang string) ([]numWord, bool) {
	return numberWordsOf(numberFields(s), lang)
}

// numberFields cuts a normalized text where numberWordList splits it.
func numberFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' })
}

// numberWordsOf is numberWordList on the fields numberFields made; it does
// not change them.
func numberWordsOf(fields []string, lang string) ([]numWord, bool) {
	vocab := numberWords[lang]
	var out []numWord
	for _, f := range fields {
		if f == "mill." || f == "mrd." {
			f = strings.TrimSuffix(f, ".")
		}
		if w, ok := vocab[f]; ok {
			out = append(out, w)
			continue
		}
		if !compounding(lang) {
			return nil, false
		}
		parts := segment(f, vocab, numberPrefixes()[lang])
		if parts == nil {
			return nil, false
		}
		out = append(out, parts...)
	}
	return out, len(out) > 0
}

// numberPrefixes holds, per language, every start of a word of
// numberWords (the words themselves too), made when first used.
var numberPrefixes = sync.OnceValue(func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for lang, vocab := range numberWords {
		out[lang] = map[string]bool{}
		for w := range vocab {
			for k := 1; k <= len(w); k++ {
				out[lang][w[:k]] = true
			}
		}
	}
	return out
})

// segment splits a closed compound into the fewest words of vocab, nil when
// it cannot be split. prefixes are the starts of vocab's words: a word of
// vocab at j ends no further than the longest of them at j reaches, so
// most of a word that is no number is never looked up.
func segment(s string, vocab map[string]numWord, prefixes map[string]bool) []numWord {
	if len(s) > 200 || len(s) > 0 && !prefixes[s[:1]] {
		// Too long, or no word of vocab starts as s does.
		return nil
	}
	// best[i]: the fewest words covering s[:i] (-1: none), from[i]: where
	// the last of them starts; reach[j], for j with best[j] >= 0: the
	// end of the longest start of a word of vocab at j.
	n := len(s) + 1
	// One allocation for the three tables, none for a short word (most
	// words tried are no number).
	var small [3 * 24]int
	var buf []int
	if 3*n <= len(small) {
		buf = small[:3*n]
	} else {
		buf = make([]int, 3*n)
	}
	best, from, reach := buf[:n:n], buf[n:2*n:2*n], buf[2*n:]
	reachFrom := func(j int) int {
		k := j
		for k < len(s) && prefixes[s[j:k+1]] {
			k++
		}
		return k
	}
	reach[0] = reachFrom(0)
	// furthest is the largest reach[j] of a j with best[j] >= 0: no word
	// ends past it, so once i passes it no later i is covered either.
	furthest := reach[0]
	for i := 1; i <= len(s); i++ {
		if i > furthest {
			return nil
		}
		best[i] = -1
		for j := 0; j < i; j++ {
			if best[j] < 0 || i > reach[j] {
				continue
			}
			if _, ok := vocab[s[j:i]]; ok && (best[i] < 0 || best[j]+1 < best[i]) {
				best[i], from[i] = best[j]+1, j
			}
		}
		if best[i] >= 0 && i < len(s) {
			reach[i] = reachFrom(i)
			furthest = max(furthest, reach[i])
		}
	}
	if best[len(s)] < 0 {
		return nil
	}
	parts := make([]numWord, best[len(s)])
	for i, k := len(s), len(parts)-1; i > 0; i, k = from[i], k-1 {
		parts[k] = vocab[s[from[i]:i]]
	}
	return parts
}

// phrase is a text read as a number or an ordinal in several languages:
// normalized once, and cut into number words once when some language
// needs them.
type phrase struct {
	s      string // normalized
	digit  bool   // s has an ASCII digit, without which only words are read
	fields []string
	cut    bool
	// words holds wordList's answer in nb, nn and en once given: Number
	// and Ordinal both ask for it in each language.
	words [3]phraseWords
}

// phraseWords is wordList's answer in one language.
type phraseWords struct {
	ws        []numWord
	ok, asked bool
}

func newPhrase(s string) *phrase {
	p := phraseOf(normalize(s))
	return &p
}

// phraseOf is the phrase of a normalized text.
func phraseOf(n string) phrase { return phrase{s: n, digit: hasASCIIDigit(n)} }

// wordList is numberWordList of the phrase in lang. The callers do not
// change what it returns.
func (p *phrase) wordList(lang string) ([]numWord, bool) {
	k := langIndex(lang)
	if k < 0 {
		return p.readWords(lang)
	}
	w := &p.words[k]
	if !w.asked {
		w.ws, w.ok = p.readWords(lang)
		w.asked = true
	}
	return w.ws, w.ok
}

// langIndex is the index of lang in nb, nn, en; -1 for another.
func langIndex(lang string) int {
	switch lang {
	case "nb":
		return 0
	case "nn":
		return 1
	case "en":
		return 2
	}
	return -1
}

func (p *phrase) readWords(lang string) ([]numWord, bool) {
	if !p.cut {
		// numberWordsOf fails on the first field that is no number
		// word: most phrases tried fail on their first, and need not be
		// cut into fields at all.
		if f, ok := firstNumberField(p.s); !ok || !isNumberField(f, lang) {
			return nil, false
		}
		p.fields, p.cut = numberFields(p.s), true
	}
	return numberWordsOf(p.fields, lang)
}

// firstNumberField is the first field numberFields gives (spaces and
// hyphens are ASCII, so no byte of another rune is one); false when there
// is none.
func firstNumberField(s string) (string, bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '-') {
		i++
	}
	j := i
	for j < len(s) && s[j] != ' ' && s[j] != '-' {
		j++
	}
	return s[i:j], j > i
}

// isNumberField reports whether numberWordsOf reads field f in lang.
func isNumberField(f, lang string) bool {
	vocab := numberWords[lang]
	if f == "mill." || f == "mrd." {
		f = strings.TrimSuffix(f, ".")
	}
	if _, ok := vocab[f]; ok {
		return true
	}
	return compounding(lang) && segment(f, vocab, numberPrefixes()[lang]) != nil
}

func (p *phrase) number(lang string, looseOK bool) (string, status) {
	s := p.s
	if p.digit {
		// Without a digit neither reads anything.
		if v, ok := digitNumber(s, lang); ok {
			return v, read
		}
		if v, ok := scaledNumber(s, lang); ok {
			return v, read
		}
	}
	ws, ok := p.wordList(lang)
	if !ok {
		return "", notRead
	}
	for _, w := range ws {
		if w.ord {
			return "", notRead
		}
	}
	if len(ws) == 1 && ws[0].loose && !looseOK {
		return "", notRead
	}
	if len(ws) == 1 && ws[0].art {
		return "1", read // "a", read loosely
	}
	v, ok := cardinal(ws, lang)
	if !ok {
		return "", notRead
	}
	return strconv.FormatInt(v, 10), read
}

func parseOrdinal(s, lang string, looseOK bool) (string, status) {
	return newPhrase(s).ordinal(lang, looseOK)
}

func (p *phrase) ordinal(lang string, looseOK bool) (string, status) {
	s := p.s
	if n, ok := strings.CutSuffix(s, "."); ok && lang != "en" && allDigits(n) && !leadingZero(n) && n != "0" {
		return n, read
	}
	if lang == "en" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i > 0 && i <= 18 && !leadingZero(s[:i]) && s[:i] != "0" {
			n, _ := strconv.ParseInt(s[:i], 10, 64)
			if s[i:] == ordinalSuffix(int(n%100)) {
				return s[:i], read
			}
		}
	}
	ws, ok := p.wordList(lang)
	if !ok {
		return "", notRead
	}
	last := ws[len(ws)-1]
	if !last.ord {
		return "", notRead
	}
	for _, w := range ws[:len(ws)-1] {
		if w.ord {
			return "", notRead
		}
	}
	if len(ws) == 1 {
		if last.loose && !looseOK {
			return "", notRead
		}
		if last.kind == wHundred || last.kind == wScale {
			// "hundredth", "tusende": a bare scale ordinal.
			return strconv.FormatInt(last.v, 10), read
		}
	}
	ws = append([]numWord(nil), ws...)
	ws[len(ws)-1].ord = false
	v, ok := cardinal(ws, lang)
	if !ok || v == 0 {
		return "", notRead
	}
	return strconv.FormatInt(v, 10), read
}

func leadingZero(digits string) bool { return len(digits) > 1 && digits[0] == '0' }

// cardinal evaluates number words: groups of up to three digits ("to
// hundre og femti") each followed by a falling scale word ("tusen",
// "million"), an optional "og"/"and" only before a last part below a
// hundred ("to tusen og fem", "one hundred and five").
func cardinal(ws []numWord, lang string) (int64, bool) {
	if len(ws) == 1 && ws[0].kind == wZero {
		return 0, true
	}
	for i, w := range ws {
		// The article "a" multiplies a hundred or a scale word and
		// nothing else: "a hundred", "a million".
		if w.art && (i+1 >= len(ws) || (ws[i+1].kind != wHundred && ws[i+1].kind != wScale)) {
			return 0, false
		}
	}
	var total int64
	last := int64(1) << 62 // the last scale used: scales must fall
	i := 0
	for i < len(ws) {
		joined := false
		if ws[i].kind == wAnd {
			if total == 0 {
				return 0, false
			}
			joined = true
			i++
			if i >= len(ws) {
				return 0, false
			}
		}
		var chunk int64
		j := i
		if ws[i].kind == wScale {
			if !ws[i].bare || joined {
				return 0, false
			}
			chunk = 1 // "tusen": a thousand
		} else {
			var ok bool
			chunk, j, ok = belowThousand(ws, i, lang)
			if !ok {
				return 0, false
			}
		}
		if j < len(ws) && ws[j].kind == wScale {
			sc := ws[j].v
			if sc >= last || joined {
				return 0, false
			}
			total += chunk * sc
			last = sc
			i = j + 1
			continue
		}
		if j != len(ws) || (joined && chunk >= 100) {
			return 0, false
		}
		if last < (int64(1)<<62) && chunk >= last {
			return 0, false
		}
		total += chunk
		i = j
	}
	return total, true
}

// belowThousand reads 1 to 999 at ws[i:]: "[multiplier] hundre [og] [1-99]"
// or 1 to 99. It returns the value and the index after it.
func belowThousand(ws []numWord, i int, lang string) (int64, int, bool) {
	mult, j := int64(0), i
	switch {
	case ws[i].kind == wHundred:
		if !ws[i].bare {
			return 0, 0, false
		}
		mult, j = 1, i+1
	case (ws[i].kind == wUnit || ws[i].kind == wTeen) && i+1 < len(ws) && ws[i+1].kind == wHundred:
		mult, j = ws[i].v, i+2
	default:
		return belowHundred(ws, i, lang)
	}
	v := mult * 100
	k := j
	joined := k < len(ws) && ws[k].kind == wAnd
	if joined {
		k++
	}
	if k < len(ws) && (ws[k].kind == wUnit || ws[k].kind == wTeen || ws[k].kind == wTens) {
		if ws[k].art {
			return 0, 0, false
		}
		if t, k2, ok := belowHundred(ws, k, lang); ok {
			return v + t, k2, true
		}
		return 0, 0, false
	}
	// Anything else after the hundreds (a scale word, or "og" before
	// one) is the caller's.
	return v, j, true
}

// belowHundred reads 1 to 99 at ws[i:]: a unit, a teen, tens with an
// optional unit ("tjue fem", "twenty-five"), or, in Norwegian, a unit, "og"
// and tens ("fem og tjue").
func belowHundred(ws []numWord, i int, lang string) (int64, int, bool) {
	w := ws[i]
	switch w.kind {
	case wTeen:
		return w.v, i + 1, true
	case wTens:
		if i+1 < len(ws) && ws[i+1].kind == wUnit && !ws[i+1].art {
			return w.v + ws[i+1].v, i + 2, true
		}
		return w.v, i + 1, true
	case wUnit:
		// (The article "a" gets here only before a hundred or a scale
		// word: cardinal checks that first.)
		if compounding(lang) && i+2 < len(ws) && ws[i+1].kind == wAnd && ws[i+2].kind == wTens {
			return w.v + ws[i+2].v, i + 3, true
		}
		return w.v, i + 1, true
	}
	return 0, 0, false
}

// separators returns the decimal mark and the thousands separators of lang.
func separators(lang string) (decimal byte, group string) {
	if lang == "en" {
		return '.', ", "
	}
	return ',', ". "
}

// digitNumber reads a number written with digits in lang's style.
func digitNumber(s, lang string) (string, bool) {
	neg := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, rest
	}
	dec, groups := separators(lang)
	intPart, frac, hasFrac := strings.Cut(s, string(dec))
	if hasFrac && !allDigits(frac) {
		return "", false
	}
	digits, ok := groupedDigits(intPart, groups)
	if !ok {
		return "", false
	}
	frac = strings.TrimRight(frac, "0")
	out := digits
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, true
}

// groupedDigits reads the integer part of a number: digits, optionally
// grouped in threes by one of the separators in seps; no leading zero.
func groupedDigits(s, seps string) (string, bool) {
	sep := -1
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			continue
		}
		if strings.IndexByte(seps, s[i]) < 0 || (sep >= 0 && s[i] != byte(sep)) {
			return "", false
		}
		sep = int(s[i])
	}
	parts := []string{s}
	if sep >= 0 {
		parts = strings.Split(s, string(rune(sep)))
	}
	for k, p := range parts {
		if !allDigits(p) || (k == 0 && len(p) > 3 && sep >= 0) || (k > 0 && len(p) != 3) {
			return "", false
		}
	}
	digits := strings.Join(parts, "")
	if leadingZero(digits) || (sep >= 0 && parts[0] == "0") {
		return "", false
	}
	return digits, true
}

// scaledNumber reads digits followed by a scale word: "1,5 millioner",
// "2 mill.", "3 billion".
func scaledNumber(s, lang string) (string, bool) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return "", false
	}
	num, ok := digitNumber(s[:i], lang)
	if !ok {
		return "", false
	}
	ws, ok := numberWordList(s[i+1:], lang)
	if !ok || len(ws) != 1 || ws[0].kind != wScale || ws[0].ord {
		return "", false
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return "", false
	}
	r.Mul(r, new(big.Rat).SetInt64(ws[0].v))
	if r.IsInt() {
		return r.Num().String(), true
	}
	return strings.TrimRight(r.FloatString(len(num)), "0"), true
}
