package classify

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/classify/equiv"
)

// readerProof returns what the readers of package equiv prove of the
// first phrase pair sameReference tries for h that they prove: with
// mayRead false, sameReference asks only the aliases, and gives what
// asking everything gives only when this finds nothing.
func (p *prover) readerProof(h hunk) (string, bool) {
	for left := 0; left <= min(3, h.eqBefore); left++ {
		for right := 0; right <= min(3, h.eqAfter); right++ {
			o := strings.TrimSpace(joinTokens(p.otext, p.ot, h.oi-left, h.oj+right))
			n := strings.TrimSpace(joinTokens(p.ntext, p.nt, h.ni-left, h.nj+right))
			if o == "" || n == "" {
				continue
			}
			if by, ok := readSame(o, n, p.lang); ok {
				return by, true
			}
			if equiv.Acronym(o, n) || equiv.Acronym(n, o) {
				return "acronym", true
			}
		}
	}
	return "", false
}

// sameRefPairs are changed paragraphs: made up ones that write a date,
// citation, law, number, ordinal, acronym or alias another way among
// prose and other edits, some with characters that join or split words,
// and, when the version corpus is there, those of its pages.
func sameRefPairs(t *testing.T) [][2]string {
	groups := [][]string{
		{"30. januar 2023", "30.01.2023", "2023-01-30", "30 January 2023", "January 30, 2023", "mandag 30. januar 2023"},
		{"art. 13", "artikkel 13", "Article 13", "art 13", "art.\u00ad 13"},
		{"§ 8", "paragraf 8", "section 8", "§8"},
		{"kapittel III", "kap. 3", "Chapter 3", "kapit\u00adtel III", "kapittel\u200b 3"},
		{"vedlegg II", "annex 2", "bilag II", "Annex II"},
		{"§ 8 i GDPR", "§ 8 in GDPR", "§ 8 of GDPR"},
		{"art. 6 (1) (f) GDPR", "artikkel 6 nr. 1 bokstav f i personvernforordningen", "Article 6(1)(f) GDPR"},
		{"GDPR", "personvernforordningen", "General Data Protection Regulation", "Regulation (EU) 2016/679", "personvern\u00adforordningen"},
		{"personopplysningsloven", "popplyl", "Personal Data Act", "personopplysningslova"},
		{"3", "tre", "three"}, {"25", "tjuefem", "twenty-five", "femogtjue", "tjue\u00adfem"},
		{"1", "en", "one", "ett", "a"}, {"1 000", "tusen", "1000", "one thousand", "1,000"},
		{"første", "1.", "first", "1st"}, {"tjuefemte", "25.", "twenty-fifth", "25th"},
		{"DPIA", "Data Protection Impact Assessment", "D.P.I.A."}, {"EU", "European Union", "E.U."},
		{"SCCs", "standard contractual clauses", "SCC"},
		{"Digdir", "Digitaliseringsdirektoratet", "Norwegian Digitalisation Agency"},
		{"NAV", "Arbeids- og velferdsetaten"}, {"personvernombud", "DPO", "Data Protection Officer", "personvernombudet"},
		{"ti\u0301", "ti", "t\u0903i"},
	}
	prose := []string{"the", "data", "we", "store", "i", "og", "for", "etter", "see", "Se", "to", "and", "of", "av",
		"a", "processor", "behandling", "(", ")", ",", ".", "til", "third", "andre", "Chapter", "mai", "den"}
	rng := rand.New(rand.NewPCG(11, 12))
	word := func() string {
		if rng.IntN(3) == 0 {
			g := groups[rng.IntN(len(groups))]
			return g[rng.IntN(len(g))]
		}
		return prose[rng.IntN(len(prose))]
	}
	var out [][2]string
	for range 4000 {
		var o []string
		for range 1 + rng.IntN(12) {
			o = append(o, word())
		}
		g := groups[rng.IntN(len(groups))]
		at := rng.IntN(len(o) + 1)
		o = slices.Insert(o, at, g[rng.IntN(len(g))])
		n := slices.Clone(o)
		n[at] = g[rng.IntN(len(g))]
		for range rng.IntN(3) {
			switch i := rng.IntN(len(n)); rng.IntN(3) {
			case 0:
				n[i] = word()
			case 1:
				n = slices.Insert(n, i, word())
			default:
				if len(n) > 1 {
					n = slices.Delete(n, i, i+1)
				}
			}
		}
		out = append(out, [2]string{strings.Join(o, " "), strings.Join(n, " ")})
	}
	if testing.Short() {
		return out
	}
	return append(out, corpusParagraphPairs(t, 8)...)
}

// proverHunks sets up a prover for the texts of pair in lang, as
// analyseText does, and lists the hunks prove may ask about: each hunk of
// their diff and each group of up to four that proveGroups tries.
func proverHunks(r *Rules, lang string, pair [2]string) (*prover, []hunk) {
	po, pn := stripMarkdown(pair[0]), stripMarkdown(pair[1])
	ot, nt := tokenize(po.text), tokenize(pn.text)
	hs, _ := diffTokens(ot, nt)
	pv := &prover{r: r, lang: lang, otext: po.text, ntext: pn.text, ot: ot, nt: nt}
	var tried []hunk
	for i := range hs {
		tried = append(tried, hs[i])
		for j := i + 1; j < len(hs) && j <= i+3; j++ {
			tried = append(tried, hunk{oi: hs[i].oi, oj: hs[j].oj, ni: hs[i].ni, nj: hs[j].nj, eqBefore: hs[i].eqBefore, eqAfter: hs[j].eqAfter})
		}
	}
	return pv, tried
}

// TestSameReferenceRuleOut holds mayRead, by which sameReference skips
// the readers, to the readers over every hunk of the pairs and every
// group of hunks proveGroups tries.
func TestSameReferenceRuleOut(t *testing.T) {
	r := Default()
	hunks, skipped, proven := 0, 0, map[string]int{}
	for _, pair := range sameRefPairs(t) {
		for _, lang := range []string{"", "en", "nb"} {
			pv, tried := proverHunks(r, lang, pair)
			for _, h := range tried {
				by, ok := pv.readerProof(h)
				may := pv.mayRead(h)
				if ok && !may {
					o, n := joinTokens(pv.otext, pv.ot, h.oi, h.oj), joinTokens(pv.ntext, pv.nt, h.ni, h.nj)
					t.Fatalf("%s: %q -> %q: mayRead rules out %q -> %q, which the readers prove (%s)", lang, pair[0], pair[1], o, n, by)
				}
				hunks++
				if !may {
					skipped++
				}
				if ok {
					proven[by]++
				}
			}
		}
	}
	t.Logf("%d hunks, %d ruled out; proven: %v", hunks, skipped, proven)
	for _, by := range []string{"date", "legal reference", "law", "number", "ordinal", "acronym"} {
		if proven[by] < 20 {
			t.Errorf("only %d hunks proven by %s: the test proves little", proven[by], by)
		}
	}
}
