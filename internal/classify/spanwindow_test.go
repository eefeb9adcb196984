package classify

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// spanWindowTexts are 2n texts made of the words protected spans are
// made of: n of a few such words, and n of every entry of every list (a
// "*" given an ending), in lower case and capitalised, with numbers,
// numerals, letters, citations and punctuation between plain words.
func spanWindowTexts(r *Rules, n int) []string {
	var words []string
	for _, byLang := range r.words {
		for _, entries := range byLang {
			for _, e := range entries {
				for _, form := range strings.Split(e, "|") {
					form = strings.ReplaceAll(strings.Trim(form, "*"), "*", "")
					words = append(words, form, form+"en", form+"s", upperFirst(form))
				}
			}
		}
	}
	words = append(words, "12", "2019", "3.2", "5a", "ii", "iv", "x", "e", "A", "U.K.", "et al.", "(Smith, 2019)", "(Smith on our website, 2019)", "Devlin et al. (2019)", "[3]",
		"(", ")", "[", "]", ".", ",", ";", "§", "can't", "don't", "kann't", "skaln't", "mustn't", "the", "our", "users", "service", "information", "Policy", "website")
	plain := []string{"the", "our", "users", "service", "information", "website", "page", "about", "account"}
	rng := rand.New(rand.NewPCG(11, 12))
	var out []string
	// Texts of few words, so that edits make and break citations, names
	// and legal references.
	few := []string{"(Smith", "on", "our", "website,", "2019)", "Devlin", "et", "al.", "(2019)", "[3]", "[3,", "5]", "Microsoft", "the",
		"data", "artikkel", "6", "nr.", "1", "bokstav", "e", "30", "days", "may", ".", ",", "not", "consent", "U.K.", "Anti", "Doping"}
	for range n {
		var b []string
		for range 1 + rng.IntN(30) {
			b = append(b, few[rng.IntN(len(few))])
		}
		out = append(out, strings.Join(b, " "))
	}
	for range n {
		var b []string
		for range 1 + rng.IntN(60) {
			if rng.IntN(3) == 0 {
				b = append(b, plain[rng.IntN(len(plain))])
			} else {
				b = append(b, words[rng.IntN(len(words))])
			}
		}
		out = append(out, strings.Join(b, " "))
	}
	return out
}

func upperFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(c)) + s[n:]
}

// TestInertWindows holds mayTouchSpans's premise to tagSpans: no span of a
// whole text holds an inert token, and tagSpans of the tokens from one
// inert token to the next finds the whole text's spans there.
func TestInertWindows(t *testing.T) {
	r := Default()
	texts := spanWindowTexts(r, 2000)
	for _, p := range diffTagPairs(t) {
		texts = append(texts, p[0], p[1])
	}
	windows := 0
	for _, text := range texts {
		for _, lang := range []string{"en", "nb", "nn", ""} {
			toks := tokenize(stripMarkdown(text).text)
			full := r.tagSpans(toks, r.wordStems(toks, lang), lang, citations(toks))
			citing := citations(toks)
			sw := r.spanWordsOf(lang)
			inert := make([]bool, len(toks))
			for i, tk := range toks {
				inert[i] = sw.inert(tk, r.suffixesOf(lang))
			}
			for tg, spans := range full {
				for _, s := range spans {
					if slices.Contains(inert[s.i:s.j], true) {
						t.Fatalf("%s span %q of %q (%s) holds an inert token", tagReasons[tg], spanKey(toks, s), text, lang)
					}
				}
			}
			// The windows between consecutive inert tokens (or the ends).
			lo := 0
			for hi := range toks {
				if !inert[hi] && hi < len(toks)-1 {
					continue
				}
				win := toks[lo : hi+1]
				got := r.tagSpans(win, r.wordStems(win, lang), lang, citing[lo:hi+1])
				for tg := range full {
					var want []span
					for _, s := range full[tg] {
						if s.i >= lo && s.j <= hi+1 {
							want = append(want, span{s.i - lo, s.j - lo})
						}
					}
					if !slices.Equal(got[tg], want) {
						t.Fatalf("%s spans of %q (%s) in tokens %d-%d: %v, want %v", tagReasons[tg], text, lang, lo, hi, got[tg], want)
					}
				}
				windows++
				lo = hi
			}
		}
	}
	t.Logf("%d windows compared", windows)
}

// TestMayTouchSpans holds mayTouchSpans to touches over the whole text's
// spans: false must mean that no span of any tag is touched.
func TestMayTouchSpans(t *testing.T) {
	r := Default()
	rng := rand.New(rand.NewPCG(13, 14))
	pairs := diffTagPairs(t)
	texts := spanWindowTexts(r, 1500)
	for i := 0; i+1 < len(texts); i += 2 {
		pairs = append(pairs, [2]string{texts[i], texts[i+1]})
	}
	ruledOut, touched := 0, 0
	for _, p := range pairs {
		for _, lang := range []string{"en", "nb", ""} {
			ot, nt := tokenize(stripMarkdown(p[0]).text), tokenize(stripMarkdown(p[1]).text)
			oEq, nEq := pairedMarks(ot, nt, rng)
			for _, side := range []struct {
				toks []token
				eq   []bool
			}{{ot, oEq}, {nt, nEq}} {
				full := r.tagSpans(side.toks, r.wordStems(side.toks, lang), lang, citations(side.toks))
				want := false
				for _, spans := range full {
					want = want || touches(spans, side.eq)
				}
				if want {
					touched++
				}
				if !r.mayTouchSpans(side.toks, side.eq, lang) {
					if want {
						t.Fatalf("mayTouchSpans of %q -> %q (%s) is false; a span is touched", p[0], p[1], lang)
					}
					ruledOut++
				}
			}
		}
	}
	if ruledOut == 0 {
		t.Fatal("mayTouchSpans ruled nothing out")
	}
	t.Logf("%d sides ruled out, %d touched", ruledOut, touched)
}

// TestRespan holds respan to tagSpans of the whole new text, over
// changed paragraphs and the list-word texts edited at random.
func TestRespan(t *testing.T) {
	r := Default()
	rng := rand.New(rand.NewPCG(15, 16))
	pairs := diffTagPairs(t)
	for _, text := range spanWindowTexts(r, 2000) {
		w := strings.Fields(text)
		n := slices.Clone(w)
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(n) + 1)
			switch k := rng.IntN(3); {
			case k == 0 && i < len(n):
				n[i] = w[rng.IntN(len(w))]
			case k == 1:
				n = slices.Insert(n, i, w[rng.IntN(len(w))])
			case i < len(n):
				n = slices.Delete(n, i, i+1)
			}
		}
		pairs = append(pairs, [2]string{text, strings.Join(n, " ")})
	}
	for _, p := range pairs {
		for _, lang := range []string{"en", "nb", ""} {
			ot, nt := tokenize(stripMarkdown(p[0]).text), tokenize(stripMarkdown(p[1]).text)
			os := r.tagSpans(ot, r.wordStems(ot, lang), lang, citations(ot))
			want := r.tagSpans(nt, r.wordStems(nt, lang), lang, citations(nt))
			got := r.respan(spanned{ot, os}, nt, lang)
			for tg := range want {
				if !slices.Equal(got[tg], want[tg]) {
					t.Fatalf("respan %s of %q -> %q (%s): %v, want %v", tagReasons[tg], p[0], p[1], lang, got[tg], want[tg])
				}
			}
		}
	}
}
