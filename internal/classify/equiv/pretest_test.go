package equiv

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The readers skip texts they cannot read by quick tests that do not
// normalize or cut them (noHead, lawStarts, normalASCII, phrase.digit).
// These tests check each against the reading it stands for, on texts made
// of the package's own words, glued and broken by the characters the
// normalization changes.

// pretestTexts returns n texts of words from the package's tables (heads,
// law names, number words, months), English prose, digits and the
// characters normalize treats specially.
func pretestTexts(n int) []string {
	var words []string
	for h := range refHeads {
		words = append(words, h, strings.ToUpper(h[:1])+h[1:])
	}
	for _, l := range laws {
		words = append(words, l.id)
		words = append(words, l.names...)
		for _, nn := range l.nouns {
			for _, e := range nn.endings {
				words = append(words, nn.base+e)
			}
		}
	}
	for _, vocab := range numberWords {
		for w := range vocab {
			words = append(words, w)
		}
	}
	for _, m := range monthNames {
		for w := range m {
			words = append(words, w)
		}
	}
	words = append(words, "punkt", "i", "fortalen", "the", "The", "of", "and", "og", "data", "we", "Processing",
		"doesn’t", "ARTICLE", "§", "§§", "nr.", "(1)", "(a)", "2016/679", "13", "1.000", "2,5", "30.", "1st", "EU")
	glue := []string{" ", " ", " ", "  ", "\t", "\n", "\u00a0", "-", "–", "—", "/", ".", ",", "(", ")", "'", "’",
		"\u00ad", "\u200b", "\ufeff", "\u02bc", "\u2010", "\u2212", "K", "\u212a", "İ", "é", "ø", "1", "0", "", "\xff"}
	rng := rand.New(rand.NewPCG(3, 4))
	slices.Sort(words) // the maps' order is not the same each run
	out := slices.Clone(words)
	for len(out) < n {
		var b strings.Builder
		if rng.IntN(4) == 0 {
			b.WriteString(glue[rng.IntN(len(glue))])
		}
		for k := range 1 + rng.IntN(6) {
			if k > 0 {
				b.WriteString(glue[rng.IntN(len(glue))])
			}
			w := words[rng.IntN(len(words))]
			switch rng.IntN(8) {
			case 0:
				w = strings.ToUpper(w)
			case 1:
				i := rng.IntN(len(w) + 1)
				w = w[:i] + glue[rng.IntN(len(glue))] + w[i:]
			}
			b.WriteString(w)
		}
		if rng.IntN(4) == 0 {
			b.WriteString(glue[rng.IntN(len(glue))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestNormalizeFastPaths(t *testing.T) {
	texts := pretestTexts(20000)
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		// ASCII of all kinds, spaces above all.
		const some = " \t\n\v\f\rAbZaz.-'"
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = some[rng.IntN(len(some))]
			if rng.IntN(4) == 0 {
				b[i] = byte(rng.IntN(128))
			}
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		for _, lower := range []bool{true, false} {
			if got, want := normalizeCase(s, lower), normalizeRunes(s, lower); got != want {
				t.Fatalf("normalizeCase(%q, %v) = %q, rune by rune %q", s, lower, got, want)
			}
		}
	}
}

// hasHead reports whether legalRef finds a head in s, as it does.
func hasHead(s string) bool {
	p := &refParser{toks: tokenize(normalizeCase(s, false))}
	for i := range p.toks {
		p.toks[i].s = strings.ToLower(p.toks[i].s)
	}
	for i := range p.toks {
		if p.isHead(i) {
			return true
		}
	}
	return false
}

func TestNoHead(t *testing.T) {
	for _, s := range pretestTexts(50000) {
		if noHead(s) && hasHead(s) {
			t.Fatalf("noHead(%q), but legalRef finds a head", s)
		}
	}
	// And it does not give up on the texts it is for.
	for _, s := range []string{"the data controller", "personopplysninger blir lagret", "doesn’t require", "we process (part) of it"} {
		if !noHead(s) {
			t.Errorf("noHead(%q) = false", s)
		}
	}
}

// lawUnfiltered is Text.Law without the test of the first word.
func lawUnfiltered(s string) (string, bool) {
	s = normalize(s)
	if !balanced(s) {
		return "", false
	}
	if id, ok := lawIndex()[lawKeyNorm(s)]; ok {
		return id, true
	}
	t := strings.TrimRight(s, " .,;:")
	if strings.HasSuffix(t, ")") {
		if i := strings.LastIndexByte(t, '('); i > 0 {
			a, okA := lawIndex()[lawKeyNorm(t[:i])]
			b, okB := lawIndex()[lawKeyNorm(t[i+1:len(t)-1])]
			if okA && okB && a == b {
				return a, true
			}
		}
	}
	return "", false
}

func TestLawStarts(t *testing.T) {
	// "X (Y)" relies on X's key, when it is one, starting with the first
	// word of the whole key: no key is empty or a lone "the", which the
	// whole key would drop.
	for k := range lawIndex() {
		if k == "" || k == "the" {
			t.Fatalf("law key %q", k)
		}
	}
	texts := pretestTexts(50000)
	for _, l := range laws {
		for _, a := range l.names {
			for _, b := range l.names {
				texts = append(texts, a+" ("+b+")", "the "+a+" ("+b+").", "The "+a+"("+b+")")
			}
		}
	}
	found := 0
	for _, s := range texts {
		got, ok := Law(s)
		want, wantOK := lawUnfiltered(s)
		if got != want || ok != wantOK {
			t.Fatalf("Law(%q) = %q, %v; unfiltered %q, %v", s, got, ok, want, wantOK)
		}
		if ok {
			found++
		}
	}
	if found < 100 {
		t.Fatalf("only %d texts name a law: the test proves little", found)
	}
}

func TestDigitsNeeded(t *testing.T) {
	for _, s := range pretestTexts(50000) {
		n := normalize(s)
		if hasASCIIDigit(n) {
			continue
		}
		for _, lang := range []string{"nb", "nn", "en"} {
			if v, ok := digitNumber(n, lang); ok {
				t.Fatalf("digitNumber(%q, %q) = %q without a digit", n, lang, v)
			}
			if v, ok := scaledNumber(n, lang); ok {
				t.Fatalf("scaledNumber(%q, %q) = %q without a digit", n, lang, v)
			}
		}
	}
}

// The words a phrase keeps for each language are those it reads afresh.
func TestPhraseWordsKept(t *testing.T) {
	for _, s := range pretestTexts(20000) {
		p := newPhrase(s)
		for _, lang := range []string{"nb", "nn", "en", "nb", "en"} {
			got, ok := p.wordList(lang)
			want, wantOK := newPhrase(s).wordList(lang)
			if ok != wantOK || !slices.Equal(got, want) {
				t.Fatalf("%q in %s: kept %v, %v; afresh %v, %v", s, lang, got, ok, want, wantOK)
			}
		}
	}
}
