package classify

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// diffTagAll is diffTag as it was written: every span counted, each name
// searched for, and the spans no changed token touches dropped by the
// caller afterwards (touchingRef).
func diffTagAll(t tag, oldToks, newToks []token, oldSpans, newSpans []span, tagKey func(tag, []token, span) string) tagDiff {
	oldCount, newCount := map[string]int{}, map[string]int{}
	if t == tagName {
		cands := map[string][]string{}
		for _, s := range oldSpans {
			cands[spanKey(oldToks, s)] = nameKeys(oldToks[s.i:s.j])
		}
		for _, s := range newSpans {
			cands[spanKey(newToks, s)] = nameKeys(newToks[s.i:s.j])
		}
		ow, nw := nameKeys(oldToks), nameKeys(newToks)
		for k, phrase := range cands {
			oldCount[k], newCount[k] = countPhrase(ow, phrase), countPhrase(nw, phrase)
		}
	} else {
		for _, s := range oldSpans {
			oldCount[tagKey(t, oldToks, s)]++
		}
		for _, s := range newSpans {
			newCount[tagKey(t, newToks, s)]++
		}
	}
	var d tagDiff
	for _, s := range oldSpans {
		if k := tagKey(t, oldToks, s); oldCount[k] > newCount[k] {
			d.changedOld = append(d.changedOld, s)
		}
	}
	for _, s := range newSpans {
		if k := tagKey(t, newToks, s); newCount[k] > oldCount[k] {
			d.changedNew = append(d.changedNew, s)
		}
	}
	return d
}

func touchingRef(spans []span, eq []bool) []span {
	var out []span
	for _, s := range spans {
		for k := s.i; k < s.j; k++ {
			if !eq[k] {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// diffTagPairs are changed paragraphs: made up ones full of names, and,
// when the version corpus is there, those of its pages.
func diffTagPairs(t *testing.T) [][2]string {
	rng := rand.New(rand.NewPCG(5, 6))
	words := []string{"the", "U.K.", "U K", "MPs", "MP", "Microsoft", "Azure", "Microsoft Azure", "Google's", "Google", "NAV", "Skatteetaten",
		"data", "we", "store", "share", "not", "may", "must", "30 days", "2023", "1. juli 2023", "artikkel 6", "GDPR", "(GDPR)",
		"General Data Protection Regulation", "processor", "consent", ",", ".", "and", "or", "Personal Information", "personal information", "Anti Doping", "Anti-Doping"}
	var out [][2]string
	for range 3000 {
		var o []string
		for range 1 + rng.IntN(25) {
			o = append(o, words[rng.IntN(len(words))])
		}
		n := slices.Clone(o)
		for range 1 + rng.IntN(4) {
			switch i := rng.IntN(len(n)); rng.IntN(3) {
			case 0:
				n[i] = words[rng.IntN(len(words))]
			case 1:
				n = slices.Insert(n, i, words[rng.IntN(len(words))])
			default:
				n = slices.Delete(n, i, i+1)
			}
			if len(n) == 0 {
				n = []string{"x"}
			}
		}
		out = append(out, [2]string{strings.Join(o, " "), strings.Join(n, " ")})
	}
	if testing.Short() {
		return out
	}
	return append(out, corpusParagraphPairs(t, 20)...)
}

// pairedMarks marks the tokens of ot and nt that their diff pairs, and
// those of about a third of its hunks, drawn with rng, as if proven, as
// analyseText marks them.
func pairedMarks(ot, nt []token, rng *rand.Rand) (oEq, nEq []bool) {
	hunks, pairs := diffTokens(ot, nt)
	oEq, nEq = make([]bool, len(ot)), make([]bool, len(nt))
	for _, q := range pairs {
		oEq[q[0]], nEq[q[1]] = true, true
	}
	for _, h := range hunks {
		if rng.IntN(3) == 0 {
			for k := h.oi; k < h.oj; k++ {
				oEq[k] = true
			}
			for k := h.ni; k < h.nj; k++ {
				nEq[k] = true
			}
		}
	}
	return oEq, nEq
}

func TestDiffTagMatchesAll(t *testing.T) {
	r := Default()
	rng := rand.New(rand.NewPCG(7, 8))
	n := 0
	for _, p := range diffTagPairs(t) {
		for _, lang := range []string{"en", "nb"} {
			ot, nt := tokenize(stripMarkdown(p[0]).text), tokenize(stripMarkdown(p[1]).text)
			oEq, nEq := pairedMarks(ot, nt, rng)
			os := r.tagSpans(ot, r.wordStems(ot, lang), lang, citations(ot))
			ns := r.tagSpans(nt, r.wordStems(nt, lang), lang, citations(nt))
			keyOf := r.keyer(lang)
			for tg := tag(0); tg < nTags; tg++ {
				want := diffTagAll(tg, ot, nt, os[tg], ns[tg], keyOf)
				want.changedOld, want.changedNew = touchingRef(want.changedOld, oEq), touchingRef(want.changedNew, nEq)
				got := diffTag(tg, ot, nt, os[tg], ns[tg], oEq, nEq, keyOf)
				if !slices.Equal(got.changedOld, want.changedOld) || !slices.Equal(got.changedNew, want.changedNew) {
					t.Fatalf("diffTag(%s) of %q -> %q: %v, want %v", tagReasons[tg], p[0], p[1], got, want)
				}
				if want.changed() {
					n++
				}
			}
		}
	}
	t.Logf("%d changed tags compared", n)
}
