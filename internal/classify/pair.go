package classify

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/digdir/redline/internal/align/myers"
	"github.com/digdir/redline/internal/classify/equiv"
)

// Reasons. Editorial ones say what kind of edit leaves the meaning alone;
// substantive ones name what changed. They are stable: renderers, overrides
// and users filter on them.
const (
	ReasonWhitespace        = "whitespace"
	ReasonMarkup            = "markup"
	ReasonLinkTarget        = "link-target"
	ReasonImageTarget       = "image-target"
	ReasonCapitalisation    = "capitalisation"
	ReasonPunctuation       = "punctuation"
	ReasonSpelling          = "spelling"
	ReasonTypography        = "typography"
	ReasonDoubledWord       = "doubled-word"
	ReasonHeadingRenumbered = "heading-renumbered"
	ReasonMoved             = "moved"
	ReasonFootnote          = "footnote"
	ReasonFrontMatter       = "front-matter"
	ReasonFunctionWords     = "function-words" // only articles put in, taken out or changed
	ReasonRephrased         = "rephrased"      // no longer given: no proof rests on "no new content words"
	ReasonInflection        = "inflection"     // another form of the same word, by the dictionary
	ReasonSynonym           = "synonym"        // a synonym, by the thesaurus or the configuration
	ReasonSameReference     = "same-reference" // the same date, number, provision, law, acronym or alias written another way

	ReasonNumber         = "number"
	ReasonDate           = "date"
	ReasonDuration       = "duration"
	ReasonNegation       = "negation"
	ReasonModal          = "modal"
	ReasonLegalReference = "legal-reference"
	ReasonRole           = "role"
	ReasonLegalBasis     = "legal-basis" // a legal basis for processing (consent, contract, ...) added, removed or replaced
	ReasonProcessing     = "processing"  // what is done with personal data (store, delete, share, ...) changed
	ReasonName           = "name"
	ReasonProseAdded     = "prose-added"
	ReasonProseRemoved   = "prose-removed"
	ReasonWording        = "wording"
	ReasonAntonym        = "antonym"          // a word replaced by its opposite
	ReasonLinkDest       = "link-destination" // a link or image now points to another resource
	ReasonShortcode      = "shortcode"        // a shortcode's arguments (other than its looks) changed
	ReasonMovedSection   = "moved-section"    // moved unchanged to another section or depth
	ReasonTermCase       = "term-capitalised" // a word's capital changed mid-sentence: a defined term may be meant
	ReasonTableColumns   = "table-columns"    // a table row's cells changed in number: values moved between columns

	ReasonOverride = "override" // set by release when a person overrides the class
)

// reasonOrder is the precedence of reasons when one sentence explains a
// change: what matters most to a reviewer first.
var reasonOrder = []string{
	ReasonLegalReference, ReasonNegation, ReasonModal, ReasonRole, ReasonLegalBasis, ReasonProcessing, ReasonDate, ReasonDuration, ReasonNumber, ReasonName,
	ReasonAntonym, ReasonLinkDest, ReasonShortcode, ReasonMovedSection, ReasonTableColumns, ReasonTermCase, ReasonProseAdded, ReasonProseRemoved, ReasonWording,
	ReasonHeadingRenumbered, ReasonMoved, ReasonSameReference, ReasonSynonym, ReasonInflection, ReasonSpelling, ReasonDoubledWord, ReasonRephrased, ReasonFunctionWords,
	ReasonPunctuation, ReasonCapitalisation, ReasonTypography, ReasonLinkTarget, ReasonImageTarget, ReasonFootnote,
	ReasonFrontMatter, ReasonMarkup, ReasonWhitespace, ReasonOverride,
}

var substantiveReasons = map[string]bool{
	ReasonNumber: true, ReasonDate: true, ReasonDuration: true, ReasonNegation: true, ReasonModal: true,
	ReasonLegalReference: true, ReasonRole: true, ReasonLegalBasis: true, ReasonProcessing: true, ReasonName: true, ReasonProseAdded: true,
	ReasonProseRemoved: true, ReasonWording: true, ReasonAntonym: true, ReasonLinkDest: true, ReasonShortcode: true,
	ReasonMovedSection: true, ReasonTermCase: true, ReasonTableColumns: true,
}

// Pair classifies one text change and explains it. old and new are the
// block texts (normalised Markdown or plain text); lang picks the word
// lists ("nb", "nn", "en"; anything else uses them all).
func (r *Rules) Pair(old, new string, lang string) (Class, []string, string) {
	r.ready()
	a := r.analyse(old, new, lang, "")
	return a.class, a.reasons, a.explanation
}

// analysis is the outcome of Pair with the measurements behind it, which
// calibration reads.
type analysis struct {
	class       Class
	reasons     []string
	explanation string
	nb          string // the explanation in bokmål
	feat        features
	proofs      []Proof
	ev          map[string]string // reason -> evidence, as finish got them
	// significance grades a substantive change (0..1); 0 for the rest.
	significance float64
}

// features are what the content model decides on: counts over the content
// hunks (those no editorial rule explains), and what the rules found.
type features struct {
	Tags           [nTags]bool // protected changes that decided the class
	Hunks          int         // runs of changed tokens
	ContentHunks   int         // hunks not explained by an editorial rule
	EditorialHunks int
	InsWords       int // words inserted in content hunks
	DelWords       int
	InsContent     int // inserted words that are not function words
	DelContent     int
	NovelIns       int // inserted content words whose stem is not in the old text
	NovelDel       int // deleted content words whose stem is not in the new text
	MaxInsRun      int // longest run of inserted words in one hunk
	MaxDelRun      int
	OldWords       int
	NewWords       int
	NewContent     int     // content words of the new text
	Swaps          int     // hunks replacing one content word by another without a shared stem
	SwapSim        float64 // mean letter similarity of those words
	NameAdded      bool    // a name the old text lacks
	NameRemoved    bool    // an alias of a kept name was dropped
	Connective     bool    // inserted words hold a clause connective
	Rewritten      int     // protected tokens only a rewritten passage touched
	// Decided says a rule, not the model, set the class; Prob is the
	// model's probability when it was asked.
	Decided bool
	Prob    float64
}

// hunk is a run of changed tokens between two equal runs.
type hunk struct {
	oi, oj, ni, nj int // old tokens [oi,oj) became new tokens [ni,nj)
	eqBefore       int // length of the equal run before it
	eqAfter        int
}

// headingNumber matches a section number at the start of a heading: "3",
// "3.2", "3.2." or a letter with its dot, "A." or "B.1". A letter without
// a dot is a word: "A Guide", "X Privacy Policy".
var headingNumber = &lazyRegexp{src: `^\s*(\d+(?:\.\d+)*\.?|[A-Z]\.(?:\d+(?:\.\d+)*\.?)?)\s+`}

func (r *Rules) analyse(old, new, lang, base string) analysis {
	return r.analyseIn(old, new, pairContext{lang: lang, base: base})
}

// pairContext is what a comparison of two texts depends on beside them.
type pairContext struct {
	lang string
	base string // the public URL of the page, against which link targets resolve
	// list says one side is list items and the other running text: the
	// separators and conjunctions that join items in a sentence are
	// layout there.
	list bool
}

func (r *Rules) analyseIn(old, new string, ctx pairContext) analysis {
	if r.memo == nil {
		return r.analyseText(old, new, ctx)
	}
	k := r.memo.key(ctx.lang, ctx.base, strconv.FormatBool(ctx.list), old, new)
	if a, ok := r.memo.analysis(k); ok {
		return a
	}
	a := r.analyseText(old, new, ctx)
	r.memo.putAnalysis(k, a)
	return a
}

// analyseText classifies one pair of texts.
func (r *Rules) analyseText(old, new string, ctx pairContext) analysis {
	lang, base := ctx.lang, ctx.base
	var a analysis
	if old == new {
		a.class, a.explanation, a.nb = None, "none: no change", explainNB(None, nil)
		return a
	}
	if sameWords(old, new) {
		return r.finish(a, map[string]string{ReasonWhitespace: ""})
	}
	if blank(old) || blank(new) {
		return r.wholeProse(a, old, new, lang)
	}
	po, pn := stripMarkdown(old), stripMarkdown(new)
	ev := map[string]string{} // reason -> evidence

	if po.heading != "" && pn.heading != "" {
		mo, mn := headingNumber.get().FindStringSubmatch(po.text), headingNumber.get().FindStringSubmatch(pn.text)
		if mo != nil || mn != nil {
			no, nn := "", ""
			if mo != nil {
				no, po.text = mo[1], po.text[len(mo[0]):]
			}
			if mn != nil {
				nn, pn.text = mn[1], pn.text[len(mn[0]):]
			}
			if strings.TrimSuffix(no, ".") != strings.TrimSuffix(nn, ".") {
				ev[ReasonHeadingRenumbered] = quote(no) + " -> " + quote(nn)
			}
		}
	}
	a.proofs = append(a.proofs, r.targets(po.links, pn.links, po.linkTexts, pn.linkTexts, base, ReasonLinkTarget, ev)...)
	a.proofs = append(a.proofs, r.targets(po.images, pn.images, nil, nil, base, ReasonImageTarget, ev)...)
	if !slices.Equal(po.shortcodes, pn.shortcodes) {
		ev[ReasonShortcode] = listChange(po.shortcodes, pn.shortcodes)
	}
	if !slices.Equal(po.footnotes, pn.footnotes) {
		// A footnote's text is its own block; here only its label moved.
		ev[ReasonFootnote] = listChange(footnoteLabels(po.footnotes), footnoteLabels(pn.footnotes))
	}

	ot, nt := scratchTokens(po.text), scratchTokens(pn.text)
	defer releaseTokens(ot)
	defer releaseTokens(nt)
	a.feat.OldWords, a.feat.NewWords = wordCount(ot), wordCount(nt)
	hunks, equalPairs := diffTokens(ot, nt)
	recased := 0
	for _, p := range equalPairs {
		if o, n := ot[p[0]], nt[p[1]]; o.word && o.text != n.text && strings.EqualFold(o.text, n.text) {
			recased++
		}
	}
	// A heading restyled, or a text taken out of capitals, changes the
	// case of most of its words: style. One word capitalised mid-sentence
	// may be a defined term ("personal information" -> "Personal
	// Information"), which covers something else.
	restyled := 2*recased >= max(a.feat.OldWords, 1)
	for _, p := range equalPairs {
		o, n := ot[p[0]], nt[p[1]]
		if o.text == n.text {
			continue
		}
		if strings.EqualFold(o.text, n.text) {
			if besideDoubled(ot, hunks, p[0]) {
				// "The the agency" -> "The agency": the diff may keep
				// either copy; the edit is the doubled word.
				continue
			}
			if by, ok := r.recaseProof(o, n, restyled, lang); ok {
				if _, seen := ev[ReasonCapitalisation]; !seen {
					a.proofs = append(a.proofs, Proof{Kind: ReasonCapitalisation, Old: o.text, New: n.text, By: by})
				}
				setPairOnce(ev, ReasonCapitalisation, o.text, n.text)
			} else {
				setPairOnce(ev, ReasonTermCase, o.text, n.text)
			}
		} else {
			setPairOnce(ev, ReasonTypography, o.text, n.text)
		}
	}
	if len(hunks) == 0 {
		if len(ev) == 0 {
			ev[ReasonMarkup] = ""
		}
		return r.finish(a, ev)
	}
	a.feat.Hunks = len(hunks)

	// Prove what can be proven: a run that writes the same thing another
	// way is no change of any protected token it touches.
	pv := prover{r: r, lang: lang, list: ctx.list, otext: po.text, ntext: pn.text, ot: ot, nt: nt}
	proven := make([][]Proof, len(hunks))
	r.proveGroups(&pv, hunks, proven)
	for i, h := range hunks {
		if proven[i] != nil {
			continue
		}
		if ps, ok := pv.prove(h); ok {
			proven[i] = ps
		}
	}

	unproveRegrouping(ot, nt, hunks, proven)

	// Protected tokens: compared as multisets over the whole text, and
	// then kept only where an unproven changed token carries them, so that
	// a name found by its capital in one text and not the other is no
	// change.
	oEq, nEq := make([]bool, len(ot)), make([]bool, len(nt))
	for _, p := range equalPairs {
		oEq[p[0]], nEq[p[1]] = true, true
	}
	for i, h := range hunks {
		if proven[i] == nil {
			continue
		}
		for k := h.oi; k < h.oj; k++ {
			oEq[k] = true
		}
		for k := h.ni; k < h.nj; k++ {
			nEq[k] = true
		}
	}
	var protOld, protNew []span
	// Most edits change no protected token, and then neither text need
	// be tagged. The new text's spans are found from the old's. The old
	// text's stems, when made for its spans, serve the content hunks too.
	var oStems []string
	if r.mayTouchSpans(ot, oEq, lang) || r.mayTouchSpans(nt, nEq, lang) {
		var oSpans [nTags][]span
		oSpans, oStems = r.spansOf(po.text, ot, lang, nil)
		nSpans, _ := r.spansOf(pn.text, nt, lang, &spanned{ot, oSpans})
		nToO := make([]int, len(nt))
		for j := range nToO {
			nToO[j] = -1
		}
		for _, p := range equalPairs {
			nToO[p[1]] = p[0]
		}
		keyOf := r.keyer(lang)
		for t := tag(0); t < nTags; t++ {
			d := diffTag(t, ot, nt, oSpans[t], nSpans[t], oEq, nEq, keyOf)
			if t == tagName {
				d = r.decisiveNames(d, ot, nt, hunks, oSpans[tagName], nToO, lang, &a.feat)
			}
			if !d.changed() {
				continue
			}
			a.feat.Tags[t] = true
			protOld = append(protOld, d.changedOld...)
			protNew = append(protNew, d.changedNew...)
			ev[tagReasons[t]] = spanEvidence(po.text, pn.text, ot, nt, hunks, proven, d)
		}
	}

	stop := r.list("stopword", lang)
	var content []hunk
	for i, h := range hunks {
		switch {
		case proven[i] != nil:
			a.feat.EditorialHunks++
			for _, pr := range proven[i] {
				a.proofs = append(a.proofs, pr)
				if has(ev, pr.Kind) {
					// Only the first evidence of a kind is kept.
					continue
				}
				if pr.Kind == ReasonPunctuation || pr.Kind == ReasonDoubledWord {
					// Quote the word before, so that ", -> (nothing)" reads
					// "Altinn, -> Altinn" and "vil -> (nothing)" "vil vil -> vil".
					ctx := []span{{h.oi - 1, h.oj}}
					if h.eqBefore == 0 {
						ctx = []span{{h.oi, h.oj + 1}}
					}
					ev[pr.Kind] = quoteHunk(po.text, pn.text, ot, nt, h, ctx, nil)
				} else {
					ev[pr.Kind] = quote(pr.Old) + " -> " + quote(pr.New)
				}
			}
		case overlaps(protOld, h.oi, h.oj) || overlaps(protNew, h.ni, h.nj):
			// Its reason is the protected token's.
		default:
			content = append(content, h)
		}
	}

	// What no proof covers is substantive, with the most specific reason
	// that applies. The stems are looked up for content hunks only.
	sufs := r.suffixesOf(lang)
	oldStems := stemIndex{toks: ot, stems: oStems, stop: stop, sufs: sufs}
	newStems := stemIndex{toks: nt, stop: stop, sufs: sufs}
	if s, n, ok := r.wholeSentence(po.text, ot, nt, content, false, &newStems, stop, lang); ok {
		ev[ReasonProseRemoved] = fmt.Sprintf("%s (%s)", quote(s), words(n))
	}
	if s, n, ok := r.wholeSentence(pn.text, nt, ot, content, true, &oldStems, stop, lang); ok {
		ev[ReasonProseAdded] = fmt.Sprintf("%s (%s)", quote(s), words(n))
	}
	r.measure(&a.feat, ot, nt, content, stop, &oldStems, &newStems, lang)
	for _, h := range content {
		del, ins := wordsOf(ot[h.oi:h.oj]), wordsOf(nt[h.ni:h.nj])
		reason := ReasonWording
		switch {
		case len(del) == 1 && len(ins) == 1 && r.lex != nil && r.lex.Antonyms(lang, del[0].key, ins[0].key):
			reason = ReasonAntonym
		case len(del) == 0 && len(ins) >= r.thresholds.ProseWords:
			reason = ReasonProseAdded
		case len(ins) == 0 && len(del) >= r.thresholds.ProseWords:
			reason = ReasonProseRemoved
		}
		if _, ok := ev[reason]; ok {
			continue
		}
		switch reason {
		case ReasonProseAdded:
			ev[reason] = fmt.Sprintf("%s (%s)", quote(joinTokens(pn.text, nt, h.ni, h.nj)), words(len(ins)))
		case ReasonProseRemoved:
			ev[reason] = fmt.Sprintf("%s (%s)", quote(joinTokens(po.text, ot, h.oi, h.oj)), words(len(del)))
		default:
			ev[reason] = quoteHunk(po.text, pn.text, ot, nt, h, nil, nil)
		}
	}
	a = r.finish(a, ev)
	if a.class == Substantive {
		a.feat.Prob = r.model.prob(a.feat)
		a.significance = r.significance(a.feat, a.reasons)
	}
	return a
}

// recaseProof proves a word whose case alone changed: at the start of a
// sentence, in a heading or a text restyled as a whole, or a word the
// dictionary does not know in lower case (a name: "altinn" -> "Altinn").
func (r *Rules) recaseProof(o, n token, restyled bool, lang string) (string, bool) {
	switch {
	case o.initial || n.initial:
		return "the start of a sentence", true
	case restyled:
		return "the text's case restyled as a whole", true
	case isAcronym(o.text) || isAcronym(n.text):
		return "an abbreviation", true
	}
	if r.lex != nil {
		if known, ok := r.lex.IsWord(lang, strings.ToLower(o.text)); ok && !known {
			return "a name, not a word of the dictionary", true
		}
	}
	return "", false
}

// unproveRegrouping takes back the punctuation proofs of a separator
// moved: one taken out and another put in ("Skatteetaten og NAV, og
// Politiet" -> "Skatteetaten, og NAV og Politiet") regroups the items of
// an enumeration, though each edit alone looks like a comma's style.
func unproveRegrouping(ot, nt []token, hunks []hunk, proven [][]Proof) {
	sep := func(toks []token) bool {
		for _, t := range toks {
			switch t.key {
			case ",", ";", "/":
				return true
			}
		}
		return false
	}
	var out, in []int
	for i, h := range hunks {
		if len(proven[i]) != 1 || proven[i][0].Kind != ReasonPunctuation {
			continue
		}
		if sep(ot[h.oi:h.oj]) {
			out = append(out, i)
		}
		if sep(nt[h.ni:h.nj]) {
			in = append(in, i)
		}
	}
	if len(out) > 0 && len(in) > 0 {
		for _, i := range append(out, in...) {
			proven[i] = nil
		}
	}
}

// proveGroups proves runs of nearby hunks together where one reference
// spans them: "art. 13 GDPR" -> "artikkel 13 i personvernforordningen"
// changes two runs with "13" between them, and neither run alone is a
// reference.
func (r *Rules) proveGroups(pv *prover, hunks []hunk, proven [][]Proof) {
	for i := range hunks {
		for j := i + 1; j < len(hunks) && j <= i+3; j++ {
			if hunks[j].oi-hunks[j-1].oj > 2 || hunks[j].ni-hunks[j-1].nj > 2 {
				break
			}
			g := hunk{oi: hunks[i].oi, oj: hunks[j].oj, ni: hunks[i].ni, nj: hunks[j].nj, eqBefore: hunks[i].eqBefore, eqAfter: hunks[j].eqAfter}
			if wordCount(pv.ot[g.oi:g.oj]) > maxProofWords || wordCount(pv.nt[g.ni:g.nj]) > maxProofWords {
				break
			}
			if pr, ok := pv.wrapped(hunks[i], hunks[j]); ok && j == i+1 {
				proven[i], proven[j] = []Proof{pr}, []Proof{}
				break
			}
			if g.oi == g.oj || g.ni == g.nj {
				continue
			}
			if pr, ok := pv.sameReference(g); ok {
				for k := i; k <= j; k++ {
					proven[k] = []Proof{}
				}
				proven[i] = []Proof{pr}
				break
			}
		}
	}
}

// significance grades a substantive change: the content model's
// probability that the meaning changed, raised for the protected tokens a
// reviewer must never miss.
func (r *Rules) significance(f features, reasons []string) float64 {
	s := f.Prob
	for _, reason := range reasons {
		switch reason {
		case ReasonLegalReference, ReasonNegation, ReasonModal, ReasonAntonym:
			s = max(s, 0.9)
		case ReasonRole, ReasonLegalBasis, ReasonProcessing, ReasonDate, ReasonDuration, ReasonNumber:
			s = max(s, 0.8)
		case ReasonName, ReasonLinkDest:
			s = max(s, 0.6)
		}
	}
	return max(round2(s), 0.01)
}

// targets compares the link (or image) targets of two texts. A target
// written another way that resolves to the same resource from the page's
// URL is proven (reason, editorial); one that now points at another
// provision of a law is a legal reference changed; any other new
// destination is substantive. A link put on or taken off words that stay
// is formatting.
func (r *Rules) targets(old, new, oldTexts, newTexts []string, base, reason string, ev map[string]string) []Proof {
	if slices.Equal(old, new) {
		return nil
	}
	var proofs []Proof
	if len(old) != len(new) {
		var gone, goneTexts, rest, restTexts []string
		match := matchTargets(old, new, base, reason)
		taken := make([]bool, len(new))
		for i, o := range old {
			if k := match[i]; k >= 0 {
				taken[k] = true
				continue
			}
			gone = append(gone, o)
			goneTexts = append(goneTexts, at(oldTexts, i))
		}
		for k, n := range new {
			if !taken[k] {
				rest = append(rest, n)
				if k < len(newTexts) {
					restTexts = append(restTexts, newTexts[k])
				}
			}
		}
		if len(gone) > 0 && len(rest) > 0 {
			// Some link both went and came: compare them in order.
			old, new = gone, rest
		} else {
			// A link put on or taken off words that stay is formatting
			// when the words name what it points to: a whole page. One
			// that points into a page (a fragment), at a provision of a
			// law, or from words that name nothing ("les mer", "here")
			// is itself what the text refers to.
			known := oldTexts != nil || newTexts != nil // images and definitions have no link words
			for i, t := range gone {
				if why := linkCarries(t, at(goneTexts, i), known); why != "" {
					setPairOnce(ev, ReasonLinkDest, t, "")
					continue
				}
				proofs = append(proofs, Proof{Kind: ReasonMarkup, Old: t, By: "a link to a page taken off words that stay"})
				setPairOnce(ev, ReasonMarkup, t, "")
			}
			for i, t := range rest {
				if why := linkCarries(t, at(restTexts, i), known); why != "" {
					setPairOnce(ev, ReasonLinkDest, "", t)
					continue
				}
				proofs = append(proofs, Proof{Kind: ReasonMarkup, New: t, By: "a link to a page put on words that were there"})
				setPairOnce(ev, ReasonMarkup, "", t)
			}
			return proofs
		}
	}
	for i := range min(len(old), len(new)) {
		o, n := old[i], new[i]
		if o == n {
			continue
		}
		if sameTarget(o, n, base, reason) {
			proofs = append(proofs, Proof{Kind: reason, Old: o, New: n, By: "the same resource"})
			setPairOnce(ev, reason, o, n)
			continue
		}
		// What follows only sets a reason not yet set: with both set it
		// does nothing (Provision only reads), so it is not done.
		if has(ev, ReasonLegalReference) && has(ev, ReasonLinkDest) {
			continue
		}
		if mayBeProvision(o) || mayBeProvision(n) {
			oi, op, ook := equiv.Provision(o)
			ni, np, nok := equiv.Provision(n)
			if (ook || nok) && (oi != ni || op != np) {
				setPairOnce(ev, ReasonLegalReference, o, n)
				continue
			}
		}
		setPairOnce(ev, ReasonLinkDest, o, n)
	}
	// The targets beyond the shorter list: each would set the same reason
	// once, so the first alone counts.
	if i := min(len(old), len(new)); i < max(len(old), len(new)) {
		var o, n string
		if i < len(old) {
			o = old[i]
		}
		if i < len(new) {
			n = new[i]
		}
		setPairOnce(ev, ReasonLinkDest, o, n)
	}
	return proofs
}

// matchTargets pairs each old target, in order, with the first new target
// not yet taken that is the same string or names the same resource
// (sameTarget): match[i] is its index in new, or -1. With the page's URL
// known, sameTarget is an equality of keys, so the pairing takes time
// linear in the targets (each with each took 100 s for 5,000 links whose
// targets all changed); without it, each is compared with each.
func matchTargets(old, new []string, base, reason string) []int {
	match := make([]int, len(old))
	taken := make([]bool, len(new))
	if _, ok := equiv.URLKey("", base); !ok {
		for i, o := range old {
			match[i] = -1
			for k, n := range new {
				if !taken[k] && (n == o || sameTarget(o, n, base, reason)) {
					match[i], taken[k] = k, true
					break
				}
			}
		}
		return match
	}
	keys := func(s string) (byURL, byImage string) {
		byURL, _ = equiv.URLKey(s, base)
		if reason == ReasonImageTarget {
			byImage = imageKey(s)
		}
		return byURL, byImage
	}
	type queues map[string][]int // key -> indices in new, in order
	exact, urls, images := queues{}, queues{}, queues{}
	for k, n := range new {
		exact[n] = append(exact[n], k)
		u, img := keys(n)
		if u != "" {
			urls[u] = append(urls[u], k)
		}
		if img != "" {
			images[img] = append(images[img], k)
		}
	}
	// first returns the first index under key not yet taken, or -1.
	first := func(q queues, key string) int {
		l := q[key]
		for len(l) > 0 && taken[l[0]] {
			l = l[1:]
		}
		q[key] = l
		if len(l) == 0 {
			return -1
		}
		return l[0]
	}
	for i, o := range old {
		u, img := keys(o)
		best := first(exact, o)
		for _, c := range [...]struct {
			q   queues
			key string
		}{{urls, u}, {images, img}} {
			if c.key == "" {
				continue
			}
			if k := first(c.q, c.key); k >= 0 && (best < 0 || k < best) {
				best = k
			}
		}
		match[i] = best
		if best >= 0 {
			taken[best] = true
		}
	}
	return match
}

// imageKey is what sameTarget compares of an image's address beyond
// SameURL: host, path and the parameters that are not a CDN's signature;
// "" when it has no path to compare.
func imageKey(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Path == "" || u.Path == "/" {
		return ""
	}
	q := url.Values{}
	for k, v := range u.Query() {
		if !signatureParam(k) {
			q[k] = v
		}
	}
	return u.Host + "\x00" + u.Path + "\x00" + q.Encode()
}

// sameTarget reports whether two targets name the same resource. An
// image's address may also differ in the signature a CDN adds to it
// ("oh=...&oe=..."): the same file, fetched with another key. A
// parameter that names a revision or a file is not one of those.
func sameTarget(o, n, base, reason string) bool {
	if equiv.SameURL(o, n, base) {
		return true
	}
	if reason != ReasonImageTarget {
		return false
	}
	uo, err1 := url.Parse(o)
	un, err2 := url.Parse(n)
	if err1 != nil || err2 != nil || uo.Host != un.Host || uo.Path != un.Path || uo.Path == "" || uo.Path == "/" {
		return false
	}
	strip := func(q url.Values) url.Values {
		out := url.Values{}
		for k, v := range q {
			if !signatureParam(k) {
				out[k] = v
			}
		}
		return out
	}
	return strip(uo.Query()).Encode() == strip(un.Query()).Encode()
}

// signatureParam reports whether a query parameter only signs or expires
// a fetch of a file, as CDNs add them.
func signatureParam(k string) bool {
	k = strings.ToLower(k)
	switch k {
	case "oh", "oe", "ccb", "stp", "sig", "signature", "token", "expires", "se", "sp", "sv", "sr":
		return true
	}
	return strings.HasPrefix(k, "_nc_") || strings.HasPrefix(k, "x-amz-")
}

// mayBeProvision is false only for a target equiv.Provision reads as no
// provision: every provision it reads (a Lovdata id "2018-06-15-38", a
// CELEX number, an ELI year, "art-17", "§8", "a17", "recital-26",
// "no-26") holds an ASCII digit of the path, fragment or query, and
// those are the target's own bytes or, percent-decoded, its escapes. A
// target with neither a digit nor a '%' holds none. (The roman chapters,
// "cpt_III", "kapittel_gdpr-iii", are read only beside a CELEX number or
// a Lovdata id.)
func mayBeProvision(target string) bool {
	return strings.ContainsAny(target, "0123456789%")
}

// linkCarries says why a link carries meaning of its own, or "" when it
// only makes words that name a page clickable.
func linkCarries(target, text string, textKnown bool) string {
	if mayBeProvision(target) {
		if _, _, ok := equiv.Provision(target); ok {
			return "a provision of a law"
		}
	}
	if strings.HasPrefix(target, "#") {
		// An anchor within the page: navigation.
		return ""
	}
	if i := strings.IndexByte(target, '#'); i >= 0 && i+1 < len(target) {
		return "a place in a page"
	}
	if !textKnown {
		return ""
	}
	if phraseKey(text) == "" {
		return "a link with no words to name it"
	}
	if genericLinkText[phraseKey(text)] {
		return "words that name nothing"
	}
	return ""
}

// genericLinkText are link words that say nothing of where they lead.
var genericLinkText = map[string]bool{
	"here": true, "click here": true, "read more": true, "learn more": true, "more": true, "this": true, "link": true, "this link": true, "see more": true, "more information": true, "details": true,
	"her": true, "klikk her": true, "les mer": true, "mer": true, "lenke": true, "denne lenken": true, "mer informasjon": true, "sjå meir": true, "les meir": true, "meir informasjon": true,
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// spanEvidence quotes the protected tokens that changed: the old and new
// spans of the first unproven hunk that carries one, each widened to the
// whole span ("artikkel 28 -> artikkel 26"), or the spans alone when no
// single hunk holds both.
func spanEvidence(oldText, newText string, ot, nt []token, hunks []hunk, proven [][]Proof, d tagDiff) string {
	for i, h := range hunks {
		if proven[i] != nil {
			continue
		}
		if (overlaps(d.changedOld, h.oi, h.oj) || overlaps(d.changedNew, h.ni, h.nj)) && wordCount(ot[h.oi:h.oj]) <= 6 && wordCount(nt[h.ni:h.nj]) <= 6 {
			return quoteHunk(oldText, newText, ot, nt, h, d.changedOld, d.changedNew)
		}
	}
	return spanList(oldText, ot, d.changedOld) + " -> " + spanList(newText, nt, d.changedNew)
}

// measure fills the content model's features from the content hunks.
func (r *Rules) measure(f *features, ot, nt []token, content []hunk, stop *wordList, oldStems, newStems *stemIndex, lang string) {
	f.ContentHunks = len(content)
	for _, t := range nt {
		if t.word && !stop.has(t.key) {
			f.NewContent++
		}
	}
	conn := r.list("connective", lang)
	var sim float64
	for _, h := range content {
		ins, del := nt[h.ni:h.nj], ot[h.oi:h.oj]
		iw, dw := wordCount(ins), wordCount(del)
		f.InsWords += iw
		f.DelWords += dw
		f.MaxInsRun = max(f.MaxInsRun, iw)
		f.MaxDelRun = max(f.MaxDelRun, dw)
		for k, t := range ins {
			if t.word && conn.matchAt(ins, k) > 0 {
				f.Connective = true
			}
			if parenAcronym(nt, h.ni+k) {
				// "(NLP)" after its expansion names nothing new.
				f.NameAdded = true
				continue
			}
			if t.word && !stop.has(t.key) {
				f.InsContent++
				if !oldStems.has(r.stem(t.key, lang)) {
					f.NovelIns++
				}
			}
		}
		for _, t := range del {
			if t.word && !stop.has(t.key) {
				f.DelContent++
				if !newStems.has(r.stem(t.key, lang)) {
					f.NovelDel++
				}
			}
		}
		if r.isSwap(ot, nt, h, stop, lang) {
			f.Swaps++
			a, b := letters(del), letters(ins)
			sim += 1 - float64(editDistance(a, b))/float64(max(len([]rune(a)), len([]rune(b))))
		}
	}
	if f.Swaps > 0 {
		f.SwapSim = sim / float64(f.Swaps)
	}
}

// parenAcronym reports whether toks[k] is an acronym in parentheses.
func parenAcronym(toks []token, k int) bool {
	return k > 0 && k+1 < len(toks) && toks[k-1].key == "(" && toks[k+1].key == ")" && isAcronym(toks[k].text)
}

// isSwap reports whether a hunk replaces one content word by another,
// function words around them aside ("samtykke fra" -> "avtale med"), or
// one word by another where either is a content word ("hvert" ->
// "annethvert"), with no stem shared.
func (r *Rules) isSwap(ot, nt []token, h hunk, stop *wordList, lang string) bool {
	var o, n, oc, nc []string
	for _, t := range ot[h.oi:h.oj] {
		if t.word {
			o = append(o, t.key)
			if !stop.has(t.key) {
				oc = append(oc, t.key)
			}
		}
	}
	for _, t := range nt[h.ni:h.nj] {
		if t.word {
			n = append(n, t.key)
			if !stop.has(t.key) {
				nc = append(nc, t.key)
			}
		}
	}
	if len(oc) == 1 && len(nc) == 1 {
		o, n = oc, nc
	} else if len(o) != 1 || len(n) != 1 || len(oc)+len(nc) == 0 {
		return false
	}
	return !startsWithDigit(o[0]) && !startsWithDigit(n[0]) && !r.sharedStem(o[0], n[0], lang)
}

// sharedStem reports whether two words are forms of one word: the same
// stem once an ending is removed, or a long common beginning
// ("problemstillingene", "problemstillinger"; "analyse", "analysed").
func (r *Rules) sharedStem(a, b, lang string) bool {
	if r.stem(a, lang) == r.stem(b, lang) {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	return p >= 5 && float64(p) >= 0.7*float64(min(len(ra), len(rb)))
}

// wholeSentence finds a sentence of toks (at least prose-words words, one
// of them new content) whose words all changed while the rest of the
// paragraph stayed: a statement added (ins) or removed. other is the
// stems of the other text. It returns the sentence and its word count.
func (r *Rules) wholeSentence(text string, toks, other []token, content []hunk, ins bool, otherStems *stemIndex, stop *wordList, lang string) (string, int, bool) {
	changed := make([]bool, len(toks))
	for _, h := range content {
		i, j := h.oi, h.oj
		if ins {
			i, j = h.ni, h.nj
		}
		for k := i; k < j; k++ {
			changed[k] = true
		}
	}
	type sentence struct{ i, j int }
	var sents []sentence
	start := 0
	for k, t := range toks {
		if t.key == "." || t.key == "!" || t.key == "?" || k == len(toks)-1 {
			if wordCount(toks[start:k+1]) > 0 {
				sents = append(sents, sentence{start, k + 1})
			}
			start = k + 1
		}
	}
	if len(sents) < 2 || wordCount(other) == 0 {
		return "", 0, false
	}
	for _, s := range sents {
		n, all, novel := 0, true, false
		for k := s.i; k < s.j; k++ {
			t := toks[k]
			if !t.word {
				continue
			}
			n++
			if !changed[k] {
				all = false
				break
			}
			if !stop.has(t.key) && !otherStems.has(r.stem(t.key, lang)) {
				novel = true
			}
		}
		if all && novel && n >= r.thresholds.ProseWords {
			return joinTokens(text, toks, s.i, s.j), n, true
		}
	}
	return "", 0, false
}

// touched reports whether span s has a token the diff did not pair (eq
// marks the paired ones): only such a span can have changed.
func touched(s span, eq []bool) bool {
	return slices.Contains(eq[s.i:s.j], false)
}

// touches reports whether some span is touched.
func touches(spans []span, eq []bool) bool {
	return slices.ContainsFunc(spans, func(s span) bool { return touched(s, eq) })
}

func keySet(toks []token) map[string]bool {
	m := make(map[string]bool, wordCount(toks))
	for _, k := range nameKeys(toks) {
		m[k] = true
	}
	for _, t := range toks {
		if t.word {
			m[t.key] = true
		}
	}
	return m
}

// decisiveNames keeps the name changes a reviewer must see: a known name
// (the name list) removed or changed ("Microsoft Azure" -> "Microsoft"),
// one name put for another, and in languages listed in name-capitals any
// name removed. Left to the content model, as features: a name added
// where none stood, an acronym or expansion dropped beside the name it
// restates, a name respelled ("Anti Doping" -> "Anti-Doping") or replaced
// by a pronoun ("Johnson" -> "he"), and in other languages a capitalised
// word removed.
func (r *Rules) decisiveNames(d tagDiff, ot, nt []token, hunks []hunk, oldNames []span, nToO []int, lang string, f *features) tagDiff {
	stop := r.list("stopword", lang)
	// minor reports whether every hunk touching the span is a respelling
	// or a pronoun standing in for the name.
	minor := func(s span, old bool) bool {
		touched := false
		for _, h := range hunks {
			i, j := h.ni, h.nj
			if old {
				i, j = h.oi, h.oj
			}
			if !(s.i < j && s.j > i) {
				continue
			}
			touched = true
			del, ins := ot[h.oi:h.oj], nt[h.ni:h.nj]
			if r.respelled(del, ins, lang) || abbreviates(del, ins, stop) || abbreviates(ins, del, stop) {
				continue
			}
			if old && wordCount(ins) > 0 && onlyStopwords(ins, stop) {
				continue
			}
			return false
		}
		return touched
	}
	inOldName := func(i int) bool {
		for _, s := range oldNames {
			if s.i <= i && i < s.j {
				return true
			}
		}
		return false
	}
	// Where a capital mid-sentence marks a name (Norwegian), removing one
	// decides; elsewhere (English capitalises terms and titles) only a
	// known name or one name put for another does.
	capitals := slices.Contains(r.thresholds.NameCapitals, lang)
	known := r.list("name", lang)
	knownIn := func(toks []token, s span) bool {
		for k := s.i; k < s.j; k++ {
			if known.matchAt(toks, k) > 0 {
				return true
			}
		}
		return false
	}
	// swapped reports whether a hunk touching s puts a changed name on
	// the other side: one name replaced by another.
	swapped := func(s span, old bool) bool {
		for _, h := range hunks {
			i, j, oi, oj, other := h.ni, h.nj, h.oi, h.oj, d.changedOld
			if old {
				i, j, oi, oj, other = h.oi, h.oj, h.ni, h.nj, d.changedNew
			}
			if s.i < j && s.j > i && overlaps(other, oi, oj) {
				return true
			}
		}
		return false
	}
	// The words of the other text, for aliases, are only needed for a
	// name of two words or more that changed, which few pairs hold.
	oKeys := sync.OnceValue(func() map[string]bool { return keySet(ot) })
	nKeys := sync.OnceValue(func() map[string]bool { return keySet(nt) })
	var old, new []span
	for _, s := range d.changedOld {
		if !isAlias(ot, s, nKeys) && !minor(s, true) && (capitals || knownIn(ot, s) || swapped(s, true)) {
			old = append(old, s)
		} else {
			f.NameRemoved = true
		}
	}
	for _, s := range d.changedNew {
		kept := false
		for k := s.i; k < s.j; k++ {
			kept = kept || nToO[k] >= 0 && nt[k].word && inOldName(nToO[k])
		}
		if !isAlias(nt, s, oKeys) && !minor(s, false) && (kept && (capitals || knownIn(nt, s)) || swapped(s, false)) {
			new = append(new, s)
		} else {
			f.NameAdded = true
		}
	}
	return tagDiff{changedOld: old, changedNew: new}
}

// respelled reports whether a changed run writes the same words another
// way: the same letters ("Anti Doping" -> "Anti-Doping"), a small edit
// ("Seceratry" -> "Secretary") or another form of one word ("Spain's" ->
// "Spanish").
func (r *Rules) respelled(del, ins []token, lang string) bool {
	dw, iw := wordCount(del), wordCount(ins)
	if dw == 0 || iw == 0 {
		return false
	}
	lo, ln := letters(del), letters(ins)
	if lo == ln {
		return true
	}
	if dw <= 2 && iw <= 2 {
		d := editDistance(lo, ln)
		if float64(d) <= r.thresholds.SpellingRatio*float64(max(len([]rune(lo)), len([]rune(ln)))) {
			return true
		}
	}
	return dw == 1 && iw == 1 && r.sharedStem(wordKeys(del)[0], wordKeys(ins)[0], lang)
}

// abbreviates reports whether short is one word in capitals whose letters
// are the initials of long's words ("EU" for "European Union", "EØS" for
// "Det europeiske økonomiske samarbeidsområdet"), counting either every
// word or only those that are not stopwords: the same name, written out or
// shortened.
func abbreviates(short, long []token, stop *wordList) bool {
	// It runs for every hunk beside a changed name: it counts and
	// compares in place rather than make the lists of words and letters.
	var w token
	words := 0
	for _, t := range short {
		if t.word {
			w, words = t, words+1
		}
	}
	if words != 1 || wordCount(long) < 2 {
		return false
	}
	n := utf8.RuneCountInString(w.text)
	if n < 2 || n > 8 || strings.ToUpper(w.text) != w.text || strings.ToLower(w.text) == w.text {
		return false
	}
	// The first letters of all the long side's words, or of its content
	// words, spell the short word's key.
	all, content := 0, 0 // bytes of w.key matched so far; -1 when one failed
	next := func(at int, first rune) int {
		if at < 0 || at >= len(w.key) {
			return -1
		}
		if r, size := utf8.DecodeRuneInString(w.key[at:]); r == first {
			return at + size
		}
		return -1
	}
	for _, t := range long {
		if !t.word {
			continue
		}
		first, _ := utf8.DecodeRuneInString(t.key)
		all = next(all, first)
		if !stop.has(t.key) {
			content = next(content, first)
		}
	}
	return all == len(w.key) || content == len(w.key)
}

func onlyStopwords(toks []token, stop *wordList) bool {
	for _, t := range toks {
		if t.word && !stop.has(t.key) {
			return false
		}
	}
	return true
}

// isDoubled reports whether the words a hunk deletes repeat the words just
// before or just after it ("the the" -> "the").
func isDoubled(ot []token, h hunk) bool {
	var del []string
	for _, t := range ot[h.oi:h.oj] {
		if t.word {
			del = append(del, t.key)
		}
	}
	if len(del) == 0 {
		return false
	}
	var before []string
	for i := h.oi - 1; i >= 0 && len(before) < len(del); i-- {
		if ot[i].word {
			before = append([]string{ot[i].key}, before...)
		}
	}
	var after []string
	for i := h.oj; i < len(ot) && len(after) < len(del); i++ {
		if ot[i].word {
			after = append(after, ot[i].key)
		}
	}
	return slices.Equal(before, del) || slices.Equal(after, del)
}

// stemIndex tells whether the words of toks that are not stop words
// have a stem: those of the other text, for the words of content hunks.
// Most pairs ask about a word or two, for which looking through the words
// that begin with the stem (a stem is a beginning of its word) is cheaper
// than stemming every word into a set; the set is made once a pair has
// asked more.
type stemIndex struct {
	toks  []token
	stems []string // wordStems(toks, lang) when known, else nil
	stop  *wordList
	sufs  []string // lang's endings
	set   map[string]bool
	asked int
}

// stemScans is how many questions stemIndex answers by looking through
// the words before it makes the set.
const stemScans = 8

func (x *stemIndex) has(stem string) bool {
	if x.set == nil && x.asked < stemScans {
		x.asked++
		for k, t := range x.toks {
			if t.word && strings.HasPrefix(t.key, stem) && x.stemAt(k) == stem && !x.stop.has(t.key) {
				return true
			}
		}
		return false
	}
	if x.set == nil {
		// Sized for the words, which are about half the tokens: the size
		// only spares the map its growing.
		x.set = make(map[string]bool, len(x.toks)/2)
		for k, t := range x.toks {
			if t.word && !x.stop.has(t.key) {
				x.set[x.stemAt(k)] = true
			}
		}
	}
	return x.set[stem]
}

func (x *stemIndex) stemAt(k int) string {
	if x.stems != nil {
		return x.stems[k]
	}
	return stemWith(x.toks[k].key, x.sufs)
}

// stem strips one inflectional ending, so that "databehandleren" and
// "databehandler", or "models" and "model", count as the same word.
func (r *Rules) stem(key, lang string) string { return stemWith(key, r.suffixesOf(lang)) }

// suffixesOf is the endings stem strips in lang.
func (r *Rules) suffixesOf(lang string) []string {
	sufs := r.suffixes[lang]
	if sufs == nil {
		sufs = r.suffixes["en"]
	}
	return sufs
}

// stemWith is stem with lang's endings looked up.
func stemWith(key string, sufs []string) string {
	n := -1 // runes of key, counted when a suffix fits
	for _, s := range sufs {
		if !strings.HasSuffix(key, s) {
			continue
		}
		if n < 0 {
			n = utf8.RuneCountInString(key)
		}
		if n-utf8.RuneCountInString(s) >= 3 {
			return key[:len(key)-len(s)]
		}
	}
	return key
}

// wholeProse explains a block that appears or disappears as a whole.
func (r *Rules) wholeProse(a analysis, old, new, lang string) analysis {
	ev := map[string]string{}
	a.feat.Decided = true
	// The words of both sides, as proseSignificance counts them; the
	// side quoted is counted once.
	nOld, nNew := plainWords(old), plainWords(new)
	if strings.TrimSpace(old) == "" {
		ev[ReasonProseAdded] = "a paragraph was added (" + words(nNew) + ")"
	} else {
		ev[ReasonProseRemoved] = "a paragraph was removed (" + words(nOld) + ")"
	}
	a = r.finish(a, ev)
	a.significance = proseSignificanceOf(nOld + nNew)
	return a
}

// wholeProseVerdict is wholeProse for callers that write their own
// sentence: the same class, reason, grade and (no) proofs, without the
// evidence and the two explanations they would throw away.
func wholeProseVerdict(old, new string) analysis {
	reason := ReasonProseRemoved
	if strings.TrimSpace(old) == "" {
		reason = ReasonProseAdded
	}
	a := analysis{reasons: []string{reason}, significance: proseSignificanceOf(plainWords(old) + plainWords(new))}
	a.class = classOf(a.reasons)
	a.feat.Decided = true
	return a
}

// plainWords counts the words of s with its Markdown stripped.
func plainWords(s string) int {
	if blank(s) {
		return 0 // stripping adds no words
	}
	return countWords(stripMarkdown(s).text)
}

// layoutProofs are the editorial reasons that rest on no lexicon, and
// what each rests on.
var layoutProofs = map[string]string{
	ReasonWhitespace:        "the same words, wrapped otherwise",
	ReasonMarkup:            "the same words, formatted otherwise",
	ReasonHeadingRenumbered: "a section number",
	ReasonTypography:        "the same characters in another style",
	ReasonFootnote:          "a footnote label",
	ReasonMoved:             "the same words in the same section",
}

// unquoteEvidence undoes quote's "(nothing)".
func unquoteEvidence(s string) string {
	if s == "(nothing)" {
		return ""
	}
	return s
}

// evidence is what finish was given for a reason.
func (a analysis) evidence(reason string) string { return a.ev[reason] }

// proseSignificanceOf grades a paragraph added or removed whole, of n
// words on both sides together: a longer one carries more.
func proseSignificanceOf(n int) float64 {
	return round2(0.5 + 0.4*min(1, float64(n)/40))
}

// finish sets the class from the reasons and writes the sentence.
func (r *Rules) finish(a analysis, ev map[string]string) analysis {
	a.reasons = sortedKeys(ev)
	a.class = classOf(a.reasons)
	a.ev = ev
	// Layout needs no lexicon: the words are the same. It is listed as a
	// proof all the same, so that every editorial reason has one.
	for _, reason := range a.reasons {
		by, ok := layoutProofs[reason]
		if !ok || slices.ContainsFunc(a.proofs, func(p Proof) bool { return p.Kind == reason }) {
			continue
		}
		pr := Proof{Kind: reason, By: by}
		if o, n, ok := strings.Cut(ev[reason], " -> "); ok {
			n, _, _ = cutWordCount(n)
			pr.Old, pr.New = unquoteEvidence(o), unquoteEvidence(n)
		}
		a.proofs = append(a.proofs, pr)
	}
	a.explanation = explain(a.class, ev)
	a.nb = explainNB(a.class, ev)
	return a
}

// classOf is the class reasons give: substantive when one is, editorial
// when there are others, none without any.
func classOf(reasons []string) Class {
	c := None
	for _, reason := range reasons {
		if substantiveReasons[reason] {
			return Substantive
		}
		c = Editorial
	}
	return c
}

var reasonPhrases = map[string]string{
	ReasonProseAdded:        "prose was added",
	ReasonProseRemoved:      "prose was removed",
	ReasonWording:           "the wording changed",
	ReasonHeadingRenumbered: "the heading was renumbered",
	ReasonMoved:             "moved unchanged",
	ReasonSpelling:          "spelling corrected",
	ReasonDoubledWord:       "a doubled word was removed",
	ReasonRephrased:         "rephrased without new content",
	ReasonFunctionWords:     "only an article changed",
	ReasonInflection:        "another form of the same word",
	ReasonSynonym:           "a word was replaced by a synonym",
	ReasonSameReference:     "the same reference, written another way",
	ReasonAntonym:           "a word was replaced by its opposite",
	ReasonLinkDest:          "a link now points to another resource",
	ReasonShortcode:         "a shortcode's arguments changed",
	ReasonMovedSection:      "moved to another section",
	ReasonTermCase:          "a word's capital changed mid-sentence, as a defined term's would",
	ReasonTableColumns:      "the table row's columns changed",
	ReasonPunctuation:       "punctuation changed",
	ReasonCapitalisation:    "capitalisation changed",
	ReasonTypography:        "quote or dash style changed",
	ReasonLinkTarget:        "the link target is written another way",
	ReasonImageTarget:       "the image target is written another way",
	ReasonFootnote:          "a footnote or citation changed",
	ReasonFrontMatter:       "front matter changed",
	ReasonMarkup:            "only the formatting changed",
	ReasonWhitespace:        "reflowed; the words are unchanged",
}

func init() {
	for t := tag(0); t < nTags; t++ {
		reasonPhrases[tagReasons[t]] = tagPhrases[t]
	}
}

// explain writes "<class>: <what>: <evidence>", naming the most important
// reason and listing the others after "also".
func explain(c Class, ev map[string]string) string {
	if len(ev) == 0 {
		return string(c) + ": no change"
	}
	primary, others := primaryReason(ev)
	phrase := reasonPhrases[primary]
	if len(others) == 0 {
		switch primary {
		case ReasonLinkTarget:
			phrase = "only the link target changed, to the same resource"
		case ReasonImageTarget:
			phrase = "only the image target changed, to the same resource"
		case ReasonFootnote:
			phrase = "only a footnote reference changed"
		}
	}
	s := string(c) + ": " + phrase
	if strings.HasPrefix(ev[primary], "a paragraph was") {
		s = string(c) + ": " + ev[primary]
	} else if ev[primary] != "" {
		s += ": " + ev[primary]
	}
	if len(others) > 0 {
		phrases := make([]string, len(others))
		for i, o := range others {
			phrases[i] = reasonPhrases[o]
		}
		s += "; also: " + strings.Join(phrases, "; ")
	}
	return s
}

// primaryReason picks the reason a sentence names, by reasonOrder, and
// the others in that order.
func primaryReason(ev map[string]string) (primary string, others []string) {
	// ev holds a reason or three; reasonOrder some forty: rank what ev
	// holds rather than look every reason up in it.
	var buf [8]int
	ranks := buf[:0]
	for reason := range ev {
		if k, ok := reasonRank[reason]; ok {
			ranks = append(ranks, k)
		}
	}
	if len(ranks) == 0 {
		return "", nil
	}
	slices.Sort(ranks)
	for _, k := range ranks[1:] {
		others = append(others, reasonOrder[k])
	}
	return reasonOrder[ranks[0]], others
}

// reasonRank is each reason's place in reasonOrder.
var reasonRank = func() map[string]int {
	m := make(map[string]int, len(reasonOrder))
	for k, reason := range reasonOrder {
		m[reason] = k
	}
	return m
}()

// diffScratch is what diffTokens encodes and diffs two token lists with,
// kept in diffPool for the next call.
type diffScratch struct {
	ids  map[string]int32
	a, b []int32
	m    myers.Differ
}

var diffPool sync.Pool

// diffTokens aligns two token lists on their folded keys and returns the
// changed runs and the pairs of equal tokens.
func diffTokens(ot, nt []token) ([]hunk, [][2]int) {
	// Most pairs differ in a few tokens, or in none (a link or the markup
	// changed): the common prefix and suffix are found by key first.
	pre := 0
	for pre < len(ot) && pre < len(nt) && ot[pre].key == nt[pre].key {
		pre++
	}
	if pre == len(ot) && pre == len(nt) {
		pairs := make([][2]int, len(ot))
		for i := range pairs {
			pairs[i] = [2]int{i, i}
		}
		return nil, pairs
	}
	suf := 0
	for suf < len(ot)-pre && suf < len(nt)-pre && ot[len(ot)-1-suf].key == nt[len(nt)-1-suf].key {
		suf++
	}
	sc, _ := diffPool.Get().(*diffScratch)
	if sc == nil {
		sc = &diffScratch{ids: make(map[string]int32)}
	}
	ids := sc.ids
	a := slices.Grow(sc.a[:0], len(ot))[:len(ot)]
	b := slices.Grow(sc.b[:0], len(nt))[:len(nt)]
	next := int32(0)
	enc := func(out []int32, toks []token) {
		for i := pre; i < len(toks)-suf; i++ {
			id, ok := ids[toks[i].key]
			if !ok {
				id, next = next, next+1
				ids[toks[i].key] = id
			}
			out[i] = id
		}
	}
	enc(a, ot)
	enc(b, nt)
	// The prefix and suffix take one id for both sides at each place,
	// without filling the map: the diff compares them only with the
	// changed runs (the common ends and the shifts of an edit across
	// them), whose keys are all in the map. A key the changed runs lack
	// can equal none of them, so an id of its own place serves.
	shared := func(key string) int32 {
		if id, ok := ids[key]; ok {
			return id
		}
		next++
		return next - 1
	}
	for i := range pre {
		a[i] = shared(ot[i].key)
		b[i] = a[i]
	}
	for k := 1; k <= suf; k++ {
		a[len(a)-k] = shared(ot[len(ot)-k].key)
		b[len(b)-k] = a[len(a)-k]
	}
	sc.a, sc.b = a, b
	hunks, pairs := hunksOf(sc.m.Script(a, b), min(len(ot), len(nt)))
	// Only a scratch that served small lists goes back (its map and
	// arrays are as large as the largest lists it served).
	if len(ot)+len(nt) <= maxPooledTokens {
		clear(ids)
		diffPool.Put(sc)
	}
	return hunks, pairs
}

// hunksOf reads the changed runs and the pairs of equal tokens off a diff
// of two token lists, the shorter of which has short tokens.
func hunksOf(script []myers.Piece, short int) ([]hunk, [][2]int) {
	var hunks []hunk
	pairs := make([][2]int, 0, short)
	i, j := 0, 0
	var cur *hunk
	lastEqual := 0
	for _, p := range script {
		n := p.N
		switch p.Op {
		case myers.Equal:
			if cur != nil {
				cur.oj, cur.nj, cur.eqAfter = i, j, n
				hunks = append(hunks, *cur)
				cur = nil
			}
			for k := 0; k < n; k++ {
				pairs = append(pairs, [2]int{i + k, j + k})
			}
			i, j, lastEqual = i+n, j+n, n
		case myers.Delete:
			if cur == nil {
				cur = &hunk{oi: i, ni: j, eqBefore: lastEqual}
			}
			i += n
		case myers.Insert:
			if cur == nil {
				cur = &hunk{oi: i, ni: j, eqBefore: lastEqual}
			}
			j += n
		}
	}
	if cur != nil {
		cur.oj, cur.nj = i, j
		hunks = append(hunks, *cur)
	}
	return hunks, pairs
}

// overlaps reports whether any span touches tokens [i, j); an empty range
// counts when it falls strictly inside a span (an insertion into a name).
func overlaps(spans []span, i, j int) bool {
	for _, s := range spans {
		if i == j {
			if s.i < i && s.j > i {
				return true
			}
		} else if s.i < j && s.j > i {
			return true
		}
	}
	return false
}

// quoteHunk quotes both sides of a hunk, widened to whole protected spans
// so that "28 -> 26" reads "artikkel 28 -> artikkel 26".
func quoteHunk(oldText, newText string, ot, nt []token, h hunk, so, sn []span) string {
	left, right := 0, 0
	widen := func(spans []span, i, j int) {
		for _, s := range spans {
			if (i == j && s.i < i && s.j > i) || (i != j && s.i < j && s.j > i) {
				left = max(left, i-s.i)
				right = max(right, s.j-j)
			}
		}
	}
	widen(so, h.oi, h.oj)
	widen(sn, h.ni, h.nj)
	left, right = min(left, h.eqBefore), min(right, h.eqAfter)
	o := joinTokens(oldText, ot, h.oi-left, h.oj+right)
	n := joinTokens(newText, nt, h.ni-left, h.nj+right)
	return quote(o) + " -> " + quote(n)
}

func joinTokens(text string, toks []token, i, j int) string {
	i, j = max(i, 0), min(j, len(toks))
	if i >= j {
		return ""
	}
	return text[toks[i].start:toks[j-1].end]
}

// spanList quotes the distinct texts of spans, each as the text has it,
// joined by " … ": "may … must".
func spanList(text string, toks []token, spans []span) string {
	var parts []string
	for _, s := range spans {
		if p := collapseSpace(joinTokens(text, toks, s.i, s.j)); !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	return quote(strings.Join(parts, " … "))
}

// quote shows evidence verbatim, shortened at a word boundary when long,
// and "(nothing)" when a side is empty.
func quote(s string) string {
	s = collapseSpace(s)
	if s == "" {
		return "(nothing)"
	}
	const maxLen = 80
	if len(s) > maxLen {
		cut := strings.LastIndexByte(s[:maxLen], ' ')
		if cut < maxLen/2 {
			cut = maxLen
			for cut > 0 && !utf8RuneStart(s[cut]) {
				cut--
			}
		}
		s = s[:cut] + " …"
	}
	return s
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func listChange(old, new []string) string {
	// Name the first target that differs, the common case being one link.
	for i := 0; i < max(len(old), len(new)); i++ {
		var o, n string
		if i < len(old) {
			o = old[i]
		}
		if i < len(new) {
			n = new[i]
		}
		if o != n {
			return quote(o) + " -> " + quote(n)
		}
	}
	return ""
}

func footnoteLabels(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = "[^" + id + "]"
	}
	return out
}

func setOnce(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// has reports whether m holds k.
func has(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

// setPairOnce is setOnce(m, k, quote(o)+" -> "+quote(n)), which quotes
// only when k is not yet set.
func setPairOnce(m map[string]string, k, o, n string) {
	if _, ok := m[k]; !ok {
		m[k] = quote(o) + " -> " + quote(n)
	}
}

// sameWords reports whether a and b hold the same words between their
// white space: collapseSpace(a) == collapseSpace(b), without building
// either.
func sameWords(a, b string) bool {
	for {
		var fa, fb string
		fa, a = nextField(a)
		fb, b = nextField(b)
		if fa != fb {
			return false
		}
		if fa == "" {
			return true
		}
	}
}

// nextField returns the first run of s without white space (as
// strings.Fields splits) and what follows it; "" when there is none.
func nextField(s string) (field, rest string) {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace[c] == 0 {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	j := i
	for j < len(s) {
		if c := s[j]; c < utf8.RuneSelf {
			if asciiSpace[c] != 0 {
				break
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(r) {
			break
		}
		j += n
	}
	return s[i:j], s[j:]
}

var asciiSpace = [utf8.RuneSelf]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}

// blank reports whether s holds only white space.
func blank(s string) bool {
	return strings.TrimFunc(s, unicode.IsSpace) == ""
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// besideDoubled reports whether old token i sits next to a hunk that
// removes a repeat of it.
func besideDoubled(ot []token, hunks []hunk, i int) bool {
	for _, h := range hunks {
		if h.ni == h.nj && (h.oi == i+1 || h.oj == i) && isDoubled(ot, h) {
			return true
		}
	}
	return false
}

func words(n int) string {
	if n == 1 {
		return "1 word"
	}
	return strconv.Itoa(n) + " words"
}
