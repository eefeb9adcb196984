package equiv

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// refHead is a word that opens a citation of a provision.
type refHead struct {
	kind   string // "art", "par", "ch", "rec" or "annex"
	plural bool
	abbr   bool // may carry a full stop ("art.", "kap.")
}

var refHeads = map[string]refHead{
	// Articles.
	"art": {"art", false, true}, "arts": {"art", true, true},
	"artikkel": {"art", false, false}, "artikkelen": {"art", false, false},
	"artikler": {"art", true, false}, "artiklene": {"art", true, false},
	"artiklar": {"art", true, false}, "artiklane": {"art", true, false},
	"article": {"art", false, false}, "articles": {"art", true, false},

	// Sections (§). Every head must be followed by a number, so "the
	// next section" is no citation.
	"paragraf": {"par", false, false}, "paragrafen": {"par", false, false},
	"paragrafer": {"par", true, false}, "paragrafene": {"par", true, false},
	"paragrafar": {"par", true, false}, "paragrafane": {"par", true, false},
	"section": {"par", false, false}, "sections": {"par", true, false},
	"sec": {"par", false, true},

	// Chapters.
	"kapittel": {"ch", false, false}, "kapitlet": {"ch", false, false},
	"kapittelet": {"ch", false, false}, "kapitler": {"ch", true, false},
	"kapitlene": {"ch", true, false}, "kapitla": {"ch", true, false},
	"kap": {"ch", false, true}, "ch": {"ch", false, true},
	"chapter": {"ch", false, false}, "chapters": {"ch", true, false},

	// Recitals.
	"fortalepunkt": {"rec", false, false}, "fortalepunktet": {"rec", false, false},
	"fortalepunkter": {"rec", true, false}, "fortalepunktene": {"rec", true, false},
	"fortalepunkta": {"rec", true, false},
	"betraktning":   {"rec", false, false}, "betraktningen": {"rec", false, false},
	"betraktninger": {"rec", true, false}, "betraktningene": {"rec", true, false},
	"recital": {"rec", false, false}, "recitals": {"rec", true, false},

	// Annexes.
	"vedlegg": {"annex", false, false}, "vedlegget": {"annex", false, false},
	"vedleggene": {"annex", true, false}, "vedlegga": {"annex", true, false},
	"bilag": {"annex", false, false}, "bilaget": {"annex", false, false},
	"annex": {"annex", false, false}, "annexes": {"annex", true, false},
}

// refConnectors join a provision to the instrument it belongs to:
// "artikkel 6 i personvernforordningen", "Article 6 of the GDPR".
var refConnectors = map[string]bool{"i": true, "in": true, "of": true, "av": true, "til": true}

// lawSuffixes end the name of an instrument LegalRef does not know but
// accepts right before or after a provision without a connector
// ("arbeidsmiljøloven § 14-9").
var lawSuffixes = []string{
	"loven", "lova", "forskriften", "forskrifta", "forordningen", "forordninga",
	"direktivet", "traktaten", "konvensjonen", "avtalen", "avtala",
}

// lawWords end an English instrument's name of more than one word
// ("Data Protection Act").
var lawWords = map[string]bool{
	"act": true, "regulation": true, "directive": true, "treaty": true, "convention": true, "charter": true,
	"agreement": true, "protocol": true, "code": true, "statute": true, "constitution": true,
}

// Levels below a provision, in the order they nest.
const (
	slotPara     = iota // paragraph ("nr. 1", "(1)"), ledd
	slotPoint           // point ("bokstav a", "(a)"), or numbered item of a ledd ("nr. 2")
	slotSubpoint        // subpoint ("(ii)")
	slotSentence        // sentence ("andre punktum", "first sentence")
	slots
)

// LegalRef reads s as a citation of a legal provision and returns a
// canonical key, ok false when s is not wholly one.
//
// The key is a kind, the provision numbers and the levels below, and
// "@" with the instrument when one is named:
//
//	art:13            art. 13, art 13, artikkel 13, Article 13
//	art:13:1:a        Art. 13(1)(a), artikkel 13 nr. 1 bokstav a, Article 13(1), point (a)
//	art:13::a         artikkel 13 bokstav a (no paragraph named)
//	art:6:1:f@gdpr    artikkel 6 nr. 1 bokstav f i personvernforordningen, art. 6 (1) (f) GDPR
//	art:13,14         art. 13 og 14, Articles 13 and 14, artikkel 13-14
//	par:8             § 8, §8, paragraf 8, section 8
//	par:8:1:s2        § 8 første ledd andre punktum
//	par:8:1:2         § 8 første ledd nr. 2 (in a Norwegian law "nr." numbers items of a ledd)
//	par:8,9           §§ 8 og 9, §§ 8-9, §§ 8–9
//	par:8-9           § 8-9 (a single § before a hyphenated number is a section "8-9")
//	par:8a            § 8 a, § 8a
//	par:8@popplyl     personopplysningsloven § 8, § 8 i personopplysningsloven
//	ch:3              kapittel 3, kap. 3, Chapter III
//	rec:26            fortalepunkt 26, betraktning 26, recital 26, punkt 26 i fortalen
//	annex:2           vedlegg II, annex II, bilag 2
//
// Roman numerals of chapters and annexes become digits; lists are sorted
// and ranges written out (a range of at most 200). "eller"/"or" lists and
// levels under a list ("art. 13(1)(a) og (b)") are not read.
//
// The instrument is Law's id when Law knows it. Otherwise it is its words
// lower-cased, for a name that ends like a law's ("par:14-9@arbeidsmiljøloven"
// for "arbeidsmiljøloven § 14-9" or "§ 14-9 i arbeidsmiljøloven") or, after
// "i", "in", "of", "av" or "til", a proper name ("art:5@data processing
// agreement" for "Article 5 of the Data Processing Agreement"); other text
// makes s no citation ("§ 8 i dag").
//
// lang selects the ordinal words of levels ("første ledd", "first
// sentence"); the other words are read in all three languages.
func LegalRef(s, lang string) (string, bool) { return legalRef(s, lang) }

// LegalRef is the package's LegalRef of the text (which reads the form
// with its case, not normalized).
func (t *Text) LegalRef(lang string) (string, bool) { return legalRef(t.raw, lang) }

func legalRef(s, lang string) (string, bool) {
	if noHead(s) {
		return "", false
	}
	// The tokens are matched lower-cased; the instrument's name is read
	// from n with its case, which tells a proper name.
	n := normalizeCase(s, false)
	p := &refParser{toks: tokenize(n), langs: languages(lang)}
	for i := range p.toks {
		p.toks[i].s = strings.ToLower(p.toks[i].s)
	}
	head := -1
	for i := range p.toks {
		if p.isHead(i) {
			head = i
			break
		}
	}
	if head < 0 {
		return "", false
	}
	prefix := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(n[:p.toks[head].start]), ","))
	p.i = head
	kind, plural := p.head()
	items, ok := p.items(kind, plural)
	if !ok {
		return "", false
	}
	var levels [slots]string
	if len(items) == 1 {
		if levels, ok = p.levels(kind); !ok {
			return "", false
		}
	}
	instrument := ""
	if p.i < len(p.toks) {
		if p.toks[p.i].s == "," {
			p.i++
		}
		connector := p.i < len(p.toks) && p.toks[p.i].kind == 'w' && refConnectors[p.toks[p.i].s]
		if connector {
			p.i++
		}
		if p.i >= len(p.toks) {
			return "", false
		}
		if instrument, ok = refInstrument(n[p.toks[p.i].start:], connector); !ok {
			return "", false
		}
	}
	if prefix != "" {
		if instrument != "" {
			return "", false
		}
		if instrument, ok = refInstrument(prefix, false); !ok {
			return "", false
		}
	}
	var b strings.Builder
	b.WriteString(kind)
	b.WriteByte(':')
	b.WriteString(strings.Join(items, ","))
	last := -1
	for k, v := range levels[:slotSentence] {
		if v != "" {
			last = k
		}
	}
	for _, v := range levels[:last+1] {
		b.WriteByte(':')
		b.WriteString(v)
	}
	if v := levels[slotSentence]; v != "" {
		// "s2" cannot be a paragraph, point or subpoint: no empty
		// levels are needed before it.
		b.WriteString(":s")
		b.WriteString(v)
	}
	if instrument != "" {
		b.WriteByte('@')
		b.WriteString(instrument)
	}
	return b.String(), true
}

// refParser reads a citation token by token.
type refParser struct {
	toks     []tok
	i        int
	langs    []string
	preamble bool // the head was "punkt" of "punkt 26 i fortalen"
}

func (p *refParser) at(k int) tok {
	if k < len(p.toks) {
		return p.toks[k]
	}
	return tok{}
}

func (p *refParser) cur() tok { return p.at(p.i) }

// attached reports whether the token at k follows its predecessor with no
// space.
func (p *refParser) attached(k int) bool { return k < len(p.toks) && k > 0 && !p.toks[k].sp }

// isHead reports whether a citation starts at token i: a head word, "§",
// or "punkt" in "punkt 26 i fortalen".
func (p *refParser) isHead(i int) bool {
	t := p.toks[i]
	if t.s == "§" {
		return true
	}
	if t.kind != 'w' {
		return false
	}
	if _, ok := refHeads[t.s]; ok {
		return true
	}
	return t.s == "punkt" && p.at(i+1).kind == 'n' && p.at(i+2).s == "i" &&
		(p.at(i+3).s == "fortalen" || p.at(i+3).s == "fortala")
}

// head reads the head at p.i and returns the kind of provision and whether
// the head is plural ("§§", "artiklene").
func (p *refParser) head() (string, bool) {
	t := p.cur()
	p.i++
	switch {
	case t.s == "§":
		plural := p.cur().s == "§" && p.attached(p.i)
		if plural {
			p.i++
		}
		return "par", plural
	case t.s == "punkt":
		// "punkt 26 i fortalen": items skips "i fortalen".
		p.preamble = true
		return "rec", false
	}
	h := refHeads[t.s]
	if h.abbr && p.cur().s == "." && p.attached(p.i) {
		p.i++
	}
	return h.kind, h.plural
}

// items reads one provision number, a list ("13, 14 og 15") or a range
// ("15 til 22", "13–14"), and returns the numbers sorted and without
// repeats.
func (p *refParser) items(kind string, plural bool) ([]string, bool) {
	first, ok := p.item(kind)
	if !ok {
		return nil, false
	}
	if p.preamble {
		p.i += 2 // "i fortalen" after "punkt 26"
	}
	items := []string{first}
	// A range: "–", "til", "to", "through", or "-" between plain numbers
	// (for §, "8-9" is itself a section number and is a range only after
	// "§§").
	if t := p.cur(); t.s == "–" || t.s == "til" || t.s == "to" || t.s == "through" || (t.s == "-" && kind != "par") {
		save := p.i
		p.i++
		last, ok := p.item(kind)
		if !ok {
			p.i = save
			return items, true
		}
		return expandRange(first, last)
	}
	if kind == "par" && plural {
		if a, b, ok := strings.Cut(first, "-"); ok && allDigits(a) && allDigits(b) {
			if r, ok := expandRange(a, b); ok && !p.listFollows(kind) {
				return r, true
			}
		}
	}
	for p.listFollows(kind) {
		if p.cur().s == "," {
			p.i++
		}
		if t := p.cur(); t.s == "og" || t.s == "and" || t.s == "&" {
			p.i++
		}
		next, ok := p.item(kind)
		if !ok {
			return nil, false
		}
		items = append(items, next)
	}
	slices.SortFunc(items, compareProvisionNumbers)
	return slices.Compact(items), true
}

// listFollows reports whether another number of a list follows: "," or
// "og"/"and"/"&" (or ", og"), then a provision number.
func (p *refParser) listFollows(kind string) bool {
	save := p.i
	defer func() { p.i = save }()
	if p.cur().s == "," {
		p.i++
	}
	if s := p.cur().s; s == "og" || s == "and" || s == "&" {
		p.i++
	}
	if p.i == save {
		return false
	}
	_, ok := p.item(kind)
	return ok
}

// item reads one provision number: digits with an optional letter ("4a";
// for § also "8 a" and hyphenated "8-1"), or, for chapters and annexes, a
// roman numeral (made a number) or a letter (annexes).
func (p *refParser) item(kind string) (string, bool) {
	t := p.cur()
	if kind == "rec" && t.s == "(" {
		// "recital (26)"
		if n := p.at(p.i + 1); n.kind == 'n' && p.at(p.i+2).s == ")" && !leadingZero(n.s) {
			p.i += 3
			return n.s, true
		}
		return "", false
	}
	if t.kind == 'w' && (kind == "ch" || kind == "annex") {
		if r := roman(t.s); r > 0 {
			p.i++
			return strconv.Itoa(r), true
		}
		if kind == "annex" && len(t.s) == 1 && t.s[0] >= 'a' && t.s[0] <= 'z' {
			p.i++
			return t.s, true
		}
		return "", false
	}
	if t.kind != 'n' || leadingZero(t.s) || t.s == "0" || len(t.s) > 6 {
		return "", false
	}
	id := t.s
	p.i++
	if kind == "par" {
		// Norwegian sections "8-1", "2-3 a".
		for p.cur().s == "-" && p.attached(p.i) && p.at(p.i+1).kind == 'n' && p.attached(p.i+1) && !leadingZero(p.at(p.i+1).s) {
			id += "-" + p.at(p.i+1).s
			p.i += 2
		}
	}
	if c := p.cur(); c.kind == 'w' && len(c.s) == 1 && c.s[0] >= 'a' && c.s[0] <= 'z' {
		switch {
		case p.attached(p.i) && kind != "ch" && kind != "annex":
			// "4a"
			id += c.s
			p.i++
		case kind == "par" && c.s[0] <= 'h':
			// "§ 8 a": an inserted section (never "i", which joins the
			// instrument).
			id += c.s
			p.i++
		}
	}
	return id, true
}

// expandRange writes out the range a to b of plain numbers (at most 200).
func expandRange(a, b string) ([]string, bool) {
	x, y := atoi(a), atoi(b)
	if x <= 0 || y <= x || y-x > 200 || !allDigits(a) || !allDigits(b) {
		return nil, false
	}
	out := make([]string, 0, y-x+1)
	for k := x; k <= y; k++ {
		out = append(out, strconv.Itoa(k))
	}
	return out, true
}

// compareProvisionNumbers orders "2" before "10" and "8" before "8a"
// before "8-1".
func compareProvisionNumbers(a, b string) int {
	num := func(s string) (int, string) {
		k := 0
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		return atoi(s[:k]), s[k:]
	}
	na, ra := num(a)
	nb, rb := num(b)
	if c := cmp.Compare(na, nb); c != 0 {
		return c
	}
	return strings.Compare(ra, rb)
}

// levels reads the levels below a provision number: paragraphs, points,
// subpoints and sentences, each deeper than the one before.
func (p *refParser) levels(kind string) ([slots]string, bool) {
	var lv [slots]string
	last := -1
	set := func(slot int, v string) bool {
		if slot <= last || v == "" {
			return false
		}
		lv[slot], last = v, slot
		return true
	}
	for p.i < len(p.toks) {
		save := p.i
		if p.cur().s == "," {
			p.i++
		}
		slot, v, ok := p.level(kind, last)
		if !ok {
			p.i = save
			break
		}
		if !set(slot, v) {
			return lv, false
		}
	}
	return lv, true
}

// level reads one level at p.i, given the deepest level so far (-1: none),
// and returns its slot and value; ok false (and p.i unchanged) when no
// level starts there.
func (p *refParser) level(kind string, last int) (int, string, bool) {
	start := p.i
	fail := func() (int, string, bool) { p.i = start; return 0, "", false }
	t := p.cur()
	number := func() (string, bool) {
		if n := p.cur(); n.kind == 'n' && !leadingZero(n.s) && n.s != "0" && len(n.s) <= 4 {
			p.i++
			return n.s, true
		}
		return "", false
	}
	letter := func() (string, bool) {
		// "a", "(a)", "a)"
		paren := p.cur().s == "("
		if paren {
			p.i++
		}
		w := p.cur()
		if w.kind != 'w' || !pointLetter(w.s) {
			return "", false
		}
		p.i++
		if p.cur().s == ")" {
			p.i++
		} else if paren {
			return "", false
		}
		return w.s, true
	}
	skipDot := func() {
		if p.cur().s == "." && p.attached(p.i) {
			p.i++
		}
	}
	switch {
	case t.s == "(":
		p.i++
		in := p.cur()
		if p.at(p.i+1).s != ")" {
			return fail()
		}
		p.i += 2
		switch {
		case in.kind == 'n' && !leadingZero(in.s) && in.s != "0" && len(in.s) <= 4:
			return slotPara, in.s, true
		case in.kind == 'w' && pointLetter(in.s):
			if last < slotPoint {
				return slotPoint, in.s, true
			}
			if last == slotPoint && roman(in.s) > 0 {
				return slotSubpoint, in.s, true
			}
		}
		return fail()
	case t.s == "." && p.attached(p.i) && kind == "art" && last < slotPoint:
		// "6.1", "6.1.f"
		p.i++
		if n := p.cur(); n.kind == 'n' && p.attached(p.i) {
			if v, ok := number(); ok && last < slotPara {
				return slotPara, v, true
			}
			return fail()
		}
		if w := p.cur(); w.kind == 'w' && len(w.s) == 1 && p.attached(p.i) && last == slotPara {
			p.i++
			return slotPoint, w.s, true
		}
		return fail()
	case t.kind == 'w' && (t.s == "nr" || t.s == "paragraph" || t.s == "para" || t.s == "ledd" || t.s == "no"):
		if t.s == "no" && !(p.at(p.i+1).s == "." && p.attached(p.i+1)) {
			return fail()
		}
		p.i++
		skipDot()
		v, ok := number()
		if !ok {
			return fail()
		}
		if t.s == "nr" && kind == "par" {
			// In a Norwegian law, "nr." numbers the items of a ledd.
			return slotPoint, v, true
		}
		return slotPara, v, true
	case t.kind == 'w' && (t.s == "bokstav" || t.s == "litra" || t.s == "lit" || t.s == "point" || t.s == "letter"):
		p.i++
		skipDot()
		v, ok := letter()
		if !ok || last >= slotPoint {
			return fail()
		}
		return slotPoint, v, true
	case t.kind == 'w' && len(t.s) == 1 && t.s != "i" && kind == "art" && last == slotPara && t.s[0] >= 'a' && t.s[0] <= 'z':
		// "art. 6 nr. 1 f", "6(1) f"
		v, ok := letter()
		if !ok {
			return fail()
		}
		return slotPoint, v, true
	}
	// An ordinal, then "ledd", "paragraph", "punktum" or "sentence":
	// "første ledd", "1. ledd", "andre punktum", "first sentence".
	n, ok := "", false
	if t.kind == 'n' && p.at(p.i+1).s == "." && p.attached(p.i+1) {
		if v, ok2 := number(); ok2 {
			n, ok = v, true
			p.i++
		}
	} else if t.kind == 'w' {
		for _, l := range p.langs {
			if v, st := parseOrdinal(t.s, l, true); st == read {
				n, ok = v, true
				break
			}
		}
		if ok {
			p.i++
		}
	}
	if !ok {
		return fail()
	}
	switch p.cur().s {
	case "ledd", "paragraph":
		p.i++
		return slotPara, n, true
	case "punktum", "sentence":
		p.i++
		return slotSentence, n, true
	}
	return fail()
}

// pointLetter reports whether s can name a point or subpoint: one letter
// a-z or a roman numeral ("iv").
func pointLetter(s string) bool {
	return (len(s) == 1 && s[0] >= 'a' && s[0] <= 'z') || roman(s) > 0
}

// refInstrument names the instrument in text: Law's id, else, for a name
// ending like a law's or, after a connector, a proper name (a capital
// letter or a digit first: "Article 5 of the Data Processing Agreement"),
// its words lower-cased. Ordinary words ("§ 8 i dag") are no instrument.
func refInstrument(text string, connector bool) (string, bool) {
	text = strings.TrimSpace(text)
	if id, ok := Law(text); ok {
		return id, true
	}
	// A genitive before the provision: "GDPRs artikkel 6",
	// "personopplysningslovens § 8", "the GDPR's Article 6".
	for _, g := range []string{"'s", "s"} {
		if base, ok := strings.CutSuffix(text, g); ok && base != "" {
			if id, ok := Law(base); ok {
				return id, true
			}
		}
	}
	k := lawKey(text)
	if k == "" || !balanced(text) {
		return "", false
	}
	if connector {
		t := strings.TrimSpace(text)
		for _, the := range []string{"the ", "The ", "THE "} {
			t = strings.TrimPrefix(t, the)
		}
		if r, _ := utf8.DecodeRuneInString(t); unicode.IsUpper(r) || unicode.IsDigit(r) {
			return k, true
		}
	}
	words := strings.Fields(k)
	w := words[len(words)-1]
	if lawWords[w] && len(words) > 1 {
		return k, true
	}
	for _, suf := range lawSuffixes {
		if strings.HasSuffix(w, suf) {
			return k, true
		}
		if strings.HasSuffix(w, suf+"s") {
			// A genitive: "arbeidsmiljølovens § 8".
			return strings.TrimSuffix(k, "s"), true
		}
	}
	return "", false
}

// balanced reports whether the parentheses of s pair up.
func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// noHead reports, without normalizing or cutting s, that s has no word
// that could open a citation: no "§" (which is not a letter), no word of
// refHeads and no "punkt". The words legalRef reads are the runs of letters
// and marks of normalizeCase(s, false), lower-cased rune by rune: normalizing
// drops soft hyphens and zero-width characters (so the letters around one
// are a word), turns the modifier letter apostrophe into "'" (no letter),
// and turns no other letter or mark into anything else. Most phrases tried
// have no head.
func noHead(s string) bool {
	var buf [16]byte // longer than any head
	w, long := buf[:0], false
	// head reports whether the word just ended is a head, and starts the
	// next.
	head := func() bool {
		h := false
		if !long && len(w) > 0 {
			_, h = refHeads[string(w)]
			h = h || string(w) == "punkt"
		}
		w, long = buf[:0], false
		return h
	}
	add := func(r rune) {
		if long || len(w)+utf8.RuneLen(r) > len(buf) {
			long = true
			return
		}
		w = utf8.AppendRune(w, r)
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			i++
			if asciiLetter(c) {
				add(rune(c | 0x20)) // lower case
			} else if len(w) > 0 && head() {
				return false
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '§':
			return false
		case dropped(r):
			// Dropped: the word goes on.
		case r != '\u02bc' && (unicode.IsLetter(r) || unicode.IsMark(r)):
			add(unicode.ToLower(r))
		default:
			if head() {
				return false
			}
		}
	}
	return !head()
}

func asciiLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
