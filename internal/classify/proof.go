package classify

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digdir/redline/internal/classify/equiv"
)

// Editorial is a claim that the meaning did not change, and redline makes
// it only with a proof: each run of changed tokens must be covered by one
// of the proofs below, or the change is substantive. A proof rests on
// something a reviewer can check: a dictionary, a thesaurus, a rule about
// how the same date, number, law or provision is written, or the
// configuration.

// prover proves the changed runs (hunks) of one pair of texts.
type prover struct {
	r            *Rules
	lang         string
	list         bool // one side is a list, the other running text
	otext, ntext string
	ot, nt       []token
}

// maxProofWords bounds the runs a lexicon is asked about: a rewrite of a
// dozen words is no synonym, and asking would only cost time.
const maxProofWords = 8

// prove returns the proofs that cover hunk h, or false when some part of
// it is not proven.
func (p *prover) prove(h hunk) ([]Proof, bool) {
	del, ins := p.ot[h.oi:h.oj], p.nt[h.ni:h.nj]
	dw, iw := wordCount(del), wordCount(ins)
	oldS, newS := joinTokens(p.otext, p.ot, h.oi, h.oj), joinTokens(p.ntext, p.nt, h.ni, h.nj)
	one := func(kind, by string) ([]Proof, bool) {
		return []Proof{{Kind: kind, Old: oldS, New: newS, By: by}}, true
	}
	if dw == 0 && iw == 0 {
		if p.signsNumber(h) {
			return nil, false
		}
		if p.list {
			return one(ReasonMarkup, "items of a list written in a sentence")
		}
		if p.joinsItems(h) {
			return nil, false
		}
		return one(ReasonPunctuation, "no word changed")
	}
	if p.list && onlyConjunctions(del) && onlyConjunctions(ins) {
		return one(ReasonMarkup, "items of a list written in a sentence")
	}
	if iw == 0 && isDoubled(p.ot, h) {
		return one(ReasonDoubledWord, "the word stands beside it")
	}
	if letters(del) == letters(ins) && apostrophes(del) == apostrophes(ins) && !joinsBlocks(oldS) && !joinsBlocks(newS) && !camelJoin(del, ins) && !camelJoin(ins, del) {
		// "e-post" -> "epost", "response generator" -> "responsegenerator".
		return one(ReasonSpelling, "same letters")
	}
	if dw > maxProofWords || iw > maxProofWords {
		return nil, false
	}
	if pr, ok := p.sameReference(h); ok {
		return []Proof{pr}, true
	}
	if pr, ok := p.parenthetical(h); ok {
		return []Proof{pr}, true
	}
	if onlyArticles(del, p.lang) && onlyArticles(ins, p.lang) && !listLetter(p.ot, h.oi, h.oj) && !listLetter(p.nt, h.ni, h.nj) && p.beforeName(h) {
		return one(ReasonFunctionWords, "an article before a name")
	}
	if by, ok := p.r.contraction(oldS, newS, p.lang); ok {
		return one(ReasonSpelling, by)
	}
	return p.wordByWord(h)
}

// apostrophes keeps the apostrophes of toks and where they stand among
// the letters: "Service's" and "Services'" have the same letters but name
// one service and several.
func apostrophes(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		for _, c := range t.key {
			if c == '\'' {
				b.WriteRune(c)
			} else if isWordRune(c) {
				b.WriteByte('.')
			}
		}
	}
	return b.String()
}

// signsNumber reports whether a punctuation run touches a number with a
// sign or unit that is part of its value: "+91" -> "91", "-3" -> "--3",
// "5%" -> "5".
func (p *prover) signsNumber(h hunk) bool {
	check := func(toks []token, i, j int) bool {
		for k := i; k < j; k++ {
			switch toks[k].key {
			case "+", "-", "−", "%", "‰", "$", "€", "£", "§":
			default:
				continue
			}
			if k > 0 && startsWithDigit(toks[k-1].key) || k+1 < len(toks) && startsWithDigit(toks[k+1].key) {
				return true
			}
		}
		return false
	}
	return check(p.ot, h.oi, h.oj) || check(p.nt, h.ni, h.nj)
}

// beforeName reports whether an article put in, taken out or changed
// stands before a name or an acronym ("the GDPR", "a Microsoft
// service"): there it names nothing new. "a processor" -> "the processor"
// says which one, and is not proven.
func (p *prover) beforeName(h hunk) bool {
	if h.oi < h.oj && h.ni < h.nj {
		// One article for another: "a" -> "an" is spelling; any other
		// swap says more or less than before.
		o, n := wordsOf(p.ot[h.oi:h.oj]), wordsOf(p.nt[h.ni:h.nj])
		return len(o) == 1 && len(n) == 1 && (o[0].key+n[0].key == "aan" || o[0].key+n[0].key == "ana")
	}
	toks, i, j := p.nt, h.ni, h.nj
	if h.ni == h.nj {
		toks, i, j = p.ot, h.oi, h.oj
	}
	// Only "the": "a" before a name modifies a noun after it ("a
	// Microsoft service").
	for _, t := range wordsOf(toks[i:j]) {
		if t.key != "the" {
			return false
		}
	}
	return j < len(toks) && toks[j].word && (capitalised(toks[j].text) || isAcronym(toks[j].text))
}

// joinsBlocks reports whether a run crosses a paragraph break (merged or
// split blocks are joined by a blank line): "disclaimers" and "Australia"
// from two blocks are two words, whatever their letters.
func joinsBlocks(s string) bool { return strings.Contains(s, "\n\n") }

// camelJoin reports whether several words became one with a capital
// inside it ("disclaimers Australia" -> "disclaimersAustralia"): two
// words run together, not one word spelled closed.
func camelJoin(split, joined []token) bool {
	if wordCount(split) < 2 || wordCount(joined) != 1 {
		return false
	}
	for _, t := range joined {
		if !t.word {
			continue
		}
		prevLower := false
		for _, c := range t.text {
			if prevLower && unicode.IsUpper(c) {
				return true
			}
			prevLower = unicode.IsLower(c)
		}
	}
	return false
}

// listLetter reports whether the article-like tokens in [i, j) are the
// letters of a list or section ("A.", "a)"), not articles.
func listLetter(toks []token, i, j int) bool {
	for k := i; k < j; k++ {
		if toks[k].word && k+1 < len(toks) && (toks[k+1].key == "." || toks[k+1].key == ")") {
			return true
		}
	}
	return false
}

// joinsItems reports whether a punctuation-only hunk adds or removes a
// separator between two content words: "navn, adresse" -> "navn adresse"
// joins two items of an enumeration into one, which is no typo fix. A
// comma before a conjunction (the Oxford comma) separates nothing new.
func (p *prover) joinsItems(h hunk) bool {
	stop := p.r.list("stopword", p.lang)
	check := func(toks []token, i, j int) bool {
		for k := i; k < j; k++ {
			switch toks[k].key {
			case ",", ";", "/", "·", "•":
			default:
				continue
			}
			prev, next := k-1, k+1
			for prev >= 0 && !toks[prev].word && prev >= i {
				prev--
			}
			for next < len(toks) && !toks[next].word && next < j {
				next++
			}
			if prev < 0 || next >= len(toks) || !toks[prev].word || !toks[next].word {
				continue
			}
			if isConjunction(toks[next].key) {
				// An Oxford comma, unless the enumeration is a category
				// and its members ("our processors, Microsoft and
				// Zendesk"): there the comma makes the category an item.
				if apposition(toks, k) {
					return true
				}
				continue
			}
			if stop.has(toks[prev].key) || stop.has(toks[next].key) {
				continue
			}
			// An enumeration goes on to a conjunction or another
			// separator before its sentence ends: "navn, adresse og
			// telefon". A comma closing a clause ("plattform, brukes")
			// does not.
			for m := next + 1; m < len(toks) && m <= next+8; m++ {
				key := toks[m].key
				if key == "." || key == "!" || key == "?" || key == ":" {
					break
				}
				if isConjunction(key) || key == "," || key == ";" || key == "/" {
					return true
				}
			}
		}
		return false
	}
	return check(p.ot, h.oi, h.oj) || check(p.nt, h.ni, h.nj)
}

func onlyConjunctions(toks []token) bool {
	for _, t := range toks {
		if t.word && !isConjunction(t.key) {
			return false
		}
	}
	return true
}

// apposition reports whether the enumeration around the separator at k
// opens with a word in lower case and goes on with names only: "our
// processors, Microsoft and Zendesk" names the processors, where
// "Microsoft, Google and Zendesk" lists three.
func apposition(toks []token, k int) bool {
	start := k
	for start > 0 && toks[start-1].key != "." && toks[start-1].key != ":" && toks[start-1].key != ";" {
		start--
	}
	// The first item is what stands before the first comma.
	first := -1
	for i := start; i < len(toks); i++ {
		if toks[i].key == "," {
			first = i
			break
		}
	}
	if first <= start || first > k {
		return false
	}
	if head := toks[first-1]; !head.word || capitalised(head.text) {
		return false
	}
	for i := first + 1; i < len(toks) && toks[i].key != "." && toks[i].key != ";"; i++ {
		t := toks[i]
		if t.word && !isConjunction(t.key) && !capitalised(t.text) {
			return false
		}
	}
	return true
}

func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isConjunction(key string) bool {
	switch key {
	case "and", "or", "nor", "og", "eller", "samt", "&":
		return true
	}
	return false
}

// sameReference proves a hunk that writes one date, number, legal
// provision, law, acronym or configured alias another way. The equal words
// around the hunk may belong to the reference ("art. 13" -> "artikkel 13"
// changes one token of two), so up to three on each side are tried too.
func (p *prover) sameReference(h hunk) (Proof, bool) {
	read, alias := p.mayRead(h), p.mayAlias(h)
	if !read && !alias {
		return Proof{}, false
	}
	for left := 0; left <= min(3, h.eqBefore); left++ {
		for right := 0; right <= min(3, h.eqAfter); right++ {
			o := joinTokens(p.otext, p.ot, h.oi-left, h.oj+right)
			n := joinTokens(p.ntext, p.nt, h.ni-left, h.nj+right)
			if o == "" || n == "" {
				continue
			}
			if by, ok := p.r.sameRefRead(o, n, p.lang, read, alias); ok {
				return Proof{Kind: ReasonSameReference, Old: o, New: n, By: by}, true
			}
		}
	}
	return Proof{}, false
}

// mayRead reports whether the readers of package equiv may prove some
// pair of phrases sameReference tries for h. Most hunks change words no
// date, citation, law, number or acronym is made of, and asking the
// readers about each of their phrases is a good part of a run's time.
func (p *prover) mayRead(h hunk) bool {
	left, right := min(3, h.eqBefore), min(3, h.eqAfter)
	o := readKinds(p.otext, p.ot, h.oi, h.oj, left, right, equiv.AllKinds)
	// sameRef proves a date, citation, law or number only when both
	// phrases read as one; an acronym when one phrase is one.
	if o&equiv.KindAcronym != 0 {
		return true
	}
	return readKinds(p.ntext, p.nt, h.ni, h.nj, left, right, o|equiv.KindAcronym) != 0
}

// mayAlias reports whether the aliases may prove some pair of phrases
// sameReference tries for h. Each word of a phrase whose form a group
// holds is a word of an alias (the last by its stem or a lemma: a form
// phraseForms gives), and each phrase tried holds the words of h: one
// that is no word of an alias, in any form, rules them all out. Most
// hunks change such a word, and one look-up spares asking the aliases
// about each phrase.
func (p *prover) mayAlias(h hunk) bool {
	for _, t := range p.ot[h.oi:h.oj] {
		if t.word && !p.r.aliasWord(t.key, p.lang) {
			return false
		}
	}
	for _, t := range p.nt[h.ni:h.nj] {
		if t.word && !p.r.aliasWord(t.key, p.lang) {
			return false
		}
	}
	return true
}

// aliasWord reports whether some form of the word k is a word of an
// alias.
func (r *Rules) aliasWord(k, lang string) bool {
	return r.aliasWords[k] || slices.ContainsFunc(r.phraseForms(k, lang), func(f string) bool { return r.aliasWords[f] })
}

// readKinds bounds those of kinds k the phrases sameReference tries on
// one side of a hunk may read as: each holds the hunk's tokens [i, j)
// and is within the widest, with left tokens before them and right
// after, so equiv.Within the one and equiv.Around the other bound them
// all, as long as no phrase is cut from a word in equiv's reading.
func readKinds(text string, toks []token, i, j, left, right int, k equiv.Kinds) equiv.Kinds {
	lo, hi := max(i-left, 0), min(j+right, len(toks))
	for _, t := range toks[lo:hi] {
		// A phrase ends at a token's edge, which is inside a word of
		// equiv's only beside a token of one character equiv joins to
		// the letters around it (a soft hyphen, a spacing mark).
		if r, _ := utf8.DecodeRuneInString(t.text); !t.word && equiv.InWord(r) {
			return equiv.AllKinds
		}
	}
	k = equiv.Within(joinTokens(text, toks, lo, hi), k)
	if i < j && k != 0 {
		k = equiv.Around(joinTokens(text, toks, i, j), k)
	}
	return k
}

// sameRef reports whether two phrases name the same thing, and by which
// rule.
func (r *Rules) sameRef(o, n, lang string) (string, bool) {
	return r.sameRefRead(o, n, lang, true, true)
}

// sameRefRead is sameRef that asks the readers of package equiv only
// when read is true and the aliases only when alias is: when mayRead or
// mayAlias says they prove nothing.
func (r *Rules) sameRefRead(o, n, lang string, read, alias bool) (string, bool) {
	o, n = strings.TrimSpace(o), strings.TrimSpace(n)
	if o == "" || n == "" {
		return "", false
	}
	if read {
		if by, ok := readSame(o, n, lang); ok {
			return by, true
		}
	}
	if alias && r.aliased(o, n, lang) {
		return "redline.yaml aliases", true
	}
	if read && (equiv.Acronym(o, n) || equiv.Acronym(n, o)) {
		return "acronym", true
	}
	return "", false
}

// readSame reports whether two phrases read as the same date, citation,
// law, number or ordinal, and as which.
func readSame(o, n, lang string) (string, bool) {
	// o is read once for every kind; n only once o reads as one, which
	// most phrases tried do not.
	ot := equiv.Read(o)
	var nt equiv.Text
	nRead := false
	newText := func() *equiv.Text {
		if !nRead {
			nt, nRead = equiv.Read(n), true
		}
		return &nt
	}
	if a, ok := ot.Date(lang); ok {
		if b, ok := newText().Date(lang); ok && a == b {
			return "date", true
		}
	}
	if a, ok := ot.LegalRef(lang); ok {
		if b, ok := newText().LegalRef(lang); ok && a == b {
			return "legal reference", true
		}
	}
	if a, ok := ot.Law(); ok {
		if b, ok := newText().Law(); ok && a == b {
			return "law", true
		}
	}
	if a, ok := ot.Number(lang); ok {
		if b, ok := newText().Number(lang); ok && a == b {
			return "number", true
		}
		// "en dag" -> "1 dag": an article-like word counts as one only
		// against digits.
	}
	if isDigits(n) {
		if a, ok := ot.NumberLoose(lang); ok && a == n {
			return "number", true
		}
	}
	if isDigits(o) {
		if b, ok := newText().NumberLoose(lang); ok && b == o {
			return "number", true
		}
	}
	if a, ok := ot.Ordinal(lang); ok {
		if b, ok := newText().Ordinal(lang); ok && a == b {
			return "ordinal", true
		}
	}
	return "", false
}

// parenthetical proves a hunk that only puts in or takes out, in
// parentheses, another name for the words just before it: "Data
// Protection Impact Assessment (DPIA)", "GDPR (personvernforordningen)".
func (p *prover) parenthetical(h hunk) (Proof, bool) {
	toks, text, i, j := p.nt, p.ntext, h.ni, h.nj
	oldS, newS := "", ""
	inserted := true
	switch {
	case h.oi == h.oj && h.ni < h.nj:
	case h.ni == h.nj && h.oi < h.oj:
		toks, text, i, j, inserted = p.ot, p.otext, h.oi, h.oj, false
	default:
		return Proof{}, false
	}
	if j-i < 3 || toks[i].key != "(" || toks[j-1].key != ")" {
		return Proof{}, false
	}
	inner := joinTokens(text, toks, i+1, j-1)
	if wordCount(toks[i+1:j-1]) == 0 {
		return Proof{}, false
	}
	// The words before it, from one to eight.
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		if !toks[k].word {
			continue
		}
		before := joinTokens(text, toks, k, i)
		if _, ok := p.r.sameRef(before, inner, p.lang); ok || p.r.synonym(before, inner, p.lang) != "" {
			piece := joinTokens(text, toks, i, j)
			if inserted {
				newS = piece
			} else {
				oldS = piece
			}
			return Proof{Kind: ReasonSameReference, Old: oldS, New: newS, By: "another name for " + quote(before)}, true
		}
	}
	return Proof{}, false
}

// wrapped proves two runs that put a name around a term and the term in
// parentheses, or take them away: "DPIA" -> "Data Protection Impact
// Assessment (DPIA)", "Digdir" -> "Digitaliseringsdirektoratet (Digdir)".
// a ends with "(" before the term; b is ")" after it.
func (p *prover) wrapped(a, b hunk) (Proof, bool) {
	toks, text, ai, aj, bi, bj := p.nt, p.ntext, a.ni, a.nj, b.ni, b.nj
	inserted := true
	switch {
	case a.oi == a.oj && b.oi == b.oj && a.ni < a.nj && b.ni < b.nj:
	case a.ni == a.nj && b.ni == b.nj && a.oi < a.oj && b.oi < b.oj:
		toks, text, ai, aj, bi, bj, inserted = p.ot, p.otext, a.oi, a.oj, b.oi, b.oj, false
	default:
		return Proof{}, false
	}
	if aj-ai < 2 || toks[aj-1].key != "(" || bj-bi != 1 || toks[bi].key != ")" || wordCount(toks[aj:bi]) == 0 || bi-aj > 8 {
		return Proof{}, false
	}
	name, term := joinTokens(text, toks, ai, aj-1), joinTokens(text, toks, aj, bi)
	if _, ok := p.r.sameRef(name, term, p.lang); !ok && p.r.synonym(name, term, p.lang) == "" {
		return Proof{}, false
	}
	pr := Proof{Kind: ReasonSameReference, By: "another name for " + quote(term)}
	if inserted {
		pr.New = joinTokens(text, toks, ai, bj)
	} else {
		pr.Old = joinTokens(text, toks, ai, bj)
	}
	return pr, true
}

// wordByWord proves a hunk whose words can be paired one to one, each
// pair a spelling correction, another form of the word or a synonym; or,
// failing that, whose two sides are synonymous phrases.
func (p *prover) wordByWord(h hunk) ([]Proof, bool) {
	del, ins := p.ot[h.oi:h.oj], p.nt[h.ni:h.nj]
	oldS, newS := joinTokens(p.otext, p.ot, h.oi, h.oj), joinTokens(p.ntext, p.nt, h.ni, h.nj)
	if p.joinsItems(h) {
		return nil, false
	}
	if ps, ok := p.pairs(del, ins, oldS, newS); ok {
		return ps, true
	}
	// Failing word by word, the two sides may be synonymous phrases
	// ("take part" -> "participate"). Of one word each, pairs has asked
	// that of the two words (wordProof, unless one is a number), whose
	// keys are the phrases'.
	if a, b := soleWord(del), soleWord(ins); a != nil && b != nil && !startsWithDigit(a.key) && !startsWithDigit(b.key) {
		return nil, false
	}
	if by := p.r.synonym(oldS, newS, p.lang); by != "" {
		return []Proof{{Kind: ReasonSynonym, Old: oldS, New: newS, By: by}}, true
	}
	return nil, false
}

// pairs proves a hunk word by word.
func (p *prover) pairs(del, ins []token, oldS, newS string) ([]Proof, bool) {
	// prove asks of no more words than these: the words live on the
	// stack.
	var dbuf, ibuf [maxProofWords]token
	dw, iw := appendWords(dbuf[:0], del), appendWords(ibuf[:0], ins)
	if len(dw) != len(iw) {
		// An article put in or taken out beside the pair ("the processor"
		// -> "processors"), or an auxiliary verb in another form of the
		// same verb ("lagres" -> "blir lagret", "stored" -> "is stored").
		article := func(t token) bool { return isArticle(t.key, p.lang) }
		dw, iw = slices.DeleteFunc(dw, article), slices.DeleteFunc(iw, article)
		if len(dw) != len(iw) {
			aux := auxiliaries[p.lang]
			auxiliary := func(t token) bool { return aux[t.key] }
			dw, iw = slices.DeleteFunc(dw, auxiliary), slices.DeleteFunc(iw, auxiliary)
		}
		if len(dw) != len(iw) || len(dw) == 0 {
			return nil, false
		}
	}
	var out []Proof
	for k := range dw {
		a, b := dw[k], iw[k]
		if a.key == b.key {
			continue
		}
		kind, by := p.r.wordProof(a.text, b.text, p.lang)
		if kind == "" {
			return nil, false
		}
		out = append(out, Proof{Kind: kind, Old: a.text, New: b.text, By: by})
	}
	if len(out) == 0 {
		// Only articles or the words' case changed.
		return []Proof{{Kind: ReasonFunctionWords, Old: oldS, New: newS, By: "articles"}}, true
	}
	return out, true
}

// wordProof proves one word put for another: a misspelling corrected, the
// same lemma, a synonym. It returns the kind of proof and what it rests
// on, or "" when there is none.
func (r *Rules) wordProof(a, b, lang string) (kind, by string) {
	ka, kb := foldKey(a), foldKey(b)
	if startsWithDigit(ka) || startsWithDigit(kb) {
		return "", ""
	}
	if r.lex != nil {
		if r.inflection(ka, kb, lang) {
			return ReasonInflection, r.lexName(lang, "dictionary")
		}
		if lang == "en" && (ka == kb+"'s" || kb == ka+"'s" || ka == kb+"’s" || kb == ka+"’s") {
			return ReasonInflection, "possessive"
		}
		if r.misspelling(ka, kb, lang) {
			return ReasonSpelling, r.lexName(lang, "dictionary")
		}
	}
	if s := r.synonym(a, b, lang); s != "" {
		return ReasonSynonym, s
	}
	if list := r.sameTerm(ka, kb, lang); list != "" && !strings.HasPrefix(ka, r.stem(kb, lang)) && !strings.HasPrefix(kb, r.stem(ka, lang)) {
		// Two words the list names as one term ("deletion", "erasure").
		// One built on the other ("process", "processing") is left to
		// the dictionary: "legal process" is a court order, not
		// "legal processing".
		return ReasonSynonym, "redline's " + list + " vocabulary"
	}
	return "", ""
}

// sameTerm reports in which vocabulary list two words are forms of one
// term ("deletion", "erasure"); "" when none.
func (r *Rules) sameTerm(a, b, lang string) string {
	for _, list := range []string{"processing", "legal-basis"} {
		v := r.vocabFor(list, lang)
		if v == nil {
			continue
		}
		term := func(k string) string {
			toks := []token{{text: k, key: k, word: true}}
			_, t := v.matchAt(toks, []string{r.stem(k, lang)}, 0)
			return t
		}
		if ta := term(a); ta != "" && ta == term(b) {
			return list
		}
	}
	return ""
}

// inflection reports whether a and b are forms of one lemma by the
// dictionary. Two words that are each a headword of their own
// ("veileder", "veiledning") share a stem only by derivation, which makes
// another word, not another form of it.
func (r *Rules) inflection(a, b, lang string) bool {
	if !r.lex.SameLemma(lang, a, b) {
		return false
	}
	return !(slices.Contains(r.lex.Lemmas(lang, a), a) && slices.Contains(r.lex.Lemmas(lang, b), b))
}

// misspelling reports whether a is not a word of lang and b is, and b is
// a small edit of a: a typo corrected. "more" -> "more12" is not one (the
// new form is no word), nor "form" -> "from" (both are words).
func (r *Rules) misspelling(a, b, lang string) bool {
	if !hasLetter(a) || !hasLetter(b) {
		return false
	}
	knownA, ok := r.lex.IsWord(lang, a)
	if !ok {
		return false
	}
	if knownB, _ := r.lex.IsWord(lang, b); !knownB {
		return false
	}
	d := typoDistance(a, b)
	longest := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	if knownA {
		// A word that only splits into two others ("sletingen": "slet"
		// + "ingen") is a misspelling of a listed word one keystroke
		// away; one the dictionary lists itself is a word.
		listedA, _ := r.lex.IsWordHunspell(lang, a)
		listedB, _ := r.lex.IsWordHunspell(lang, b)
		return !listedA && listedB && d == 1
	}
	return d <= 3 && float64(d) <= r.thresholds.SpellingRatio*float64(longest)
}

// typoDistance is the edit distance between a and b in runes, counting a
// swap of two neighbouring letters ("ikkej" -> "ikkje") as one edit, as a
// typist makes it (optimal string alignment).
func typoDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// synonym reports by what a and b are synonyms: the configuration's
// pairs or the language's thesaurus; "" when they are not. Opposites are
// never synonyms, whatever a thesaurus lists.
func (r *Rules) synonym(a, b, lang string) string {
	ka, kb := phraseKey(a), phraseKey(b)
	if ka == "" || kb == "" || ka == kb {
		return ""
	}
	fa, fb := r.phraseForms(ka, lang), r.phraseForms(kb, lang)
	if inOneGroup(r.synonyms[lang], fa, fb) || inOneGroup(r.synonyms["*"], fa, fb) {
		return "redline.yaml synonyms"
	}
	if r.lex != nil && r.lex.Antonyms(lang, ka, kb) {
		return ""
	}
	if inOneGroup(r.builtinSynonyms[lang], fa, fb) {
		return "redline's synonym list"
	}
	if r.lex == nil || !slices.Contains(r.thresholds.ThesaurusProof, lang) {
		return ""
	}
	if r.lex.Synonyms(lang, ka, kb) {
		return r.lexName(lang, "thesaurus")
	}
	return ""
}

// lexName names the lexicon of a kind in use for lang.
func (r *Rules) lexName(lang, kind string) string {
	if r.lex != nil {
		for _, in := range r.lex.Found() {
			if in.Lang == lang && string(in.Kind) == kind {
				return in.Name
			}
		}
	}
	return kind
}

// phraseKey folds a phrase for lookup: words only, lower case, single
// spaces.
func phraseKey(s string) string {
	// The words' keys joined by spaces, without making the tokens.
	var b strings.Builder
	first := true
	for i := 0; ; {
		start, end, word := nextToken(s, i)
		if start == len(s) {
			return b.String()
		}
		i = end
		if word {
			if !first {
				b.WriteByte(' ')
			}
			first = false
			b.WriteString(foldKey(s[start:end]))
		}
	}
}

// contraction proves "don't" -> "do not", "can't" -> "cannot", "we're"
// -> "we are": English contractions written out or in.
func (r *Rules) contraction(o, n, lang string) (string, bool) {
	if lang != "en" && lang != "" {
		return "", false
	}
	expand := func(s string) string {
		s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
		for _, c := range [][2]string{{"can't", "cannot"}, {"won't", "will not"}, {"shan't", "shall not"}, {"cannot", "can not"}, {"n't", " not"}, {"'re", " are"}, {"'ll", " will"}, {"'ve", " have"}, {"'m", " am"}} {
			s = strings.ReplaceAll(s, c[0], c[1])
		}
		return strings.Join(strings.Fields(s), " ")
	}
	if expand(o) == expand(n) {
		return "contraction", true
	}
	return "", false
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func wordsOf(toks []token) []token { return appendWords(nil, toks) }

// appendWords appends the words of toks to out.
func appendWords(out, toks []token) []token {
	for _, t := range toks {
		if t.word {
			out = append(out, t)
		}
	}
	return out
}

// soleWord is the one word of toks, or nil when it has none or several.
func soleWord(toks []token) *token {
	var w *token
	for i := range toks {
		if toks[i].word {
			if w != nil {
				return nil
			}
			w = &toks[i]
		}
	}
	return w
}

// articles are the words whose presence or form changes no statement:
// "the" GDPR, "a" processor. Prepositions and pronouns are not among them:
// "to" -> "from" turns a data flow around.
var articles = map[string]map[string]bool{
	"en": {"a": true, "an": true, "the": true},
	"nb": {"en": true, "ei": true, "et": true},
	"nn": {"ein": true, "ei": true, "eit": true},
}

func isArticle(key, lang string) bool {
	if m, ok := articles[lang]; ok {
		return m[key]
	}
	for _, m := range articles {
		if m[key] {
			return true
		}
	}
	return false
}

func onlyArticles(toks []token, lang string) bool {
	for _, t := range toks {
		if t.word && !isArticle(t.key, lang) {
			return false
		}
	}
	return true
}

// auxiliaries are the verbs that make another form of a main verb
// (passive, perfect), not a statement of their own. Modal verbs are not
// among them: they are protected tokens.
var auxiliaries = map[string]map[string]bool{
	"en": {"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "being": true, "has": true, "have": true, "had": true},
	"nb": {"blir": true, "ble": true, "bli": true, "blitt": true, "er": true, "var": true, "vært": true, "har": true, "hadde": true},
	"nn": {"blir": true, "vert": true, "vart": true, "vorte": true, "blitt": true, "er": true, "var": true, "vore": true, "har": true, "hadde": true},
}

// aliased reports whether two phrases are names of one thing by the
// configuration's aliases (a rebrand: "Firefox account" -> "Mozilla
// account").
func (r *Rules) aliased(o, n, lang string) bool {
	// Most phrases tried are in no group: the new phrase is only read
	// when some group holds a form of the old one.
	if !r.mayStartAlias(o) {
		return false
	}
	ko := phraseKey(o)
	if ko == "" || !r.mayBeAlias(ko) {
		return false
	}
	fo := r.phraseForms(ko, lang)
	if !slices.ContainsFunc(r.aliases, func(g map[string]bool) bool {
		return slices.ContainsFunc(fo, func(k string) bool { return g[k] })
	}) {
		return false
	}
	kn := phraseKey(n)
	if ko == kn {
		return false
	}
	return inOneGroup(r.aliases, fo, r.phraseForms(kn, lang))
}

// mayBeAlias reports whether some name in the aliases starts with the
// words of k before its last: every form phraseForms gives k does, so
// without one no form of k is in a group, and its lemmas need not be
// looked up.
func (r *Rules) mayBeAlias(k string) bool {
	i := strings.LastIndexByte(k, ' ')
	if i < 0 {
		return len(r.aliases) > 0
	}
	return r.aliasHeads[k[:i+1]]
}

// mayStartAlias is mayBeAlias's test of a phrase of more than one word
// made from its first word alone, without its key: every start of
// phraseKey(s) that ends at a space begins with the first word's key and a
// space, and aliasHeads holds every start of an alias that ends at one.
// Most phrases tried are of more than one word and fail here.
func (r *Rules) mayStartAlias(s string) bool {
	first := ""
	for i := 0; ; {
		start, end, word := nextToken(s, i)
		if start == len(s) {
			return true // one word or none: phraseKey and mayBeAlias tell
		}
		i = end
		if !word {
			continue
		}
		if first != "" {
			return r.aliasHead(first)
		}
		first = s[start:end]
	}
}

// aliasHead reports whether aliasHeads holds foldKey(w) and a space. Of
// ASCII, foldKey only lower-cases the letters and turns a backquote into
// an apostrophe, done here without a string of its own.
func (r *Rules) aliasHead(w string) bool {
	var buf [32]byte
	if len(w) >= len(buf) {
		return r.aliasHeads[foldKey(w)+" "]
	}
	b := buf[:0]
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= utf8.RuneSelf:
			return r.aliasHeads[foldKey(w)+" "]
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == '`':
			c = '\''
		}
		b = append(b, c)
	}
	return r.aliasHeads[string(append(b, ' '))]
}

// phraseForms are the keys a phrase may stand under in a configured
// group: as written, and with its last word's inflection taken off
// ("innboksen" under "innboks"), by the dictionary's lemmas or by the
// language's endings.
func (r *Rules) phraseForms(k, lang string) []string {
	forms := []string{k}
	head, last := "", k
	if i := strings.LastIndexByte(k, ' '); i >= 0 {
		head, last = k[:i+1], k[i+1:]
	}
	if s := r.stem(last, lang); s != last {
		forms = append(forms, head+s)
	}
	if r.lex != nil {
		for _, l := range r.lex.Lemmas(lang, last) {
			forms = append(forms, head+l)
		}
	}
	return forms
}

// inOneGroup reports whether some group holds a form of a and a form of b.
func inOneGroup(groups []map[string]bool, a, b []string) bool {
	for _, g := range groups {
		if slices.ContainsFunc(a, func(k string) bool { return g[k] }) && slices.ContainsFunc(b, func(k string) bool { return g[k] }) {
			return true
		}
	}
	return false
}

// round2 keeps two decimals, so that scores print the same everywhere.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
