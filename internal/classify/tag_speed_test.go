package classify

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// naiveMatchAt is matchAt trying every entry: the reference the indexes
// and the sieve must agree with.
func naiveMatchAt(wl *wordList, toks []token, i int) int {
	best := 0
	if wl.exact[toks[i].key] {
		best = 1
	}
	for _, ph := range wl.phrases {
		if len(ph) <= best || i+len(ph) > len(toks) {
			continue
		}
		ok := true
		for k, p := range ph {
			ok = ok && p.match(toks[i+k].key)
		}
		if ok {
			best = len(ph)
		}
	}
	return best
}

func naiveHas(wl *wordList, key string) bool {
	if wl.exact[key] {
		return true
	}
	for _, ph := range wl.phrases {
		if len(ph) == 1 && ph[0].match(key) {
			return true
		}
	}
	return false
}

func TestWordListAgreesWithNaive(t *testing.T) {
	r := Default()
	if err := r.Extend(Extension{Words: map[string][]string{
		"modal": {"*ål*", "x*", "*z", "kan ikke*", "*q ord", "ı", "\u212Aelvin"},
		"name":  {"İstanbul", "straße*", "*ß"},
	}}); err != nil {
		t.Fatal(err)
	}
	// Words from the lists themselves, cut and joined, beside others.
	var words []string
	for _, byLang := range r.words {
		for _, entries := range byLang {
			for _, e := range entries {
				for _, w := range strings.Fields(e) {
					w = strings.Trim(w, "*")
					words = append(words, w, w+"s", "x"+w, w+"n't", w[:len(w)/2], w[len(w)/2:])
				}
			}
		}
	}
	words = append(words, "the", "data", "2023", "7-year", "can't", "ø", "\xff", "İ", "K", "a\u0345b", "-", ".", ",")
	rnd := rand.New(rand.NewPCG(1, 2))
	var phrase strings.Builder
	for range 3000 {
		phrase.Reset()
		for range 1 + rnd.IntN(8) {
			phrase.WriteString(words[rnd.IntN(len(words))])
			phrase.WriteString([]string{" ", " ", ". ", "-", ""}[rnd.IntN(5)])
		}
		toks := tokenize(phrase.String())
		for _, byLang := range r.lists {
			for _, wl := range byLang {
				for i := range toks {
					if got, want := wl.matchAt(toks, i), naiveMatchAt(wl, toks, i); got != want {
						t.Fatalf("matchAt(%q, %d) = %d, trying every entry gives %d", phrase.String(), i, got, want)
					}
					key := toks[i].key
					if got, want := wl.has(key), naiveHas(wl, key); got != want {
						t.Fatalf("has(%q) = %v, trying every entry gives %v", key, got, want)
					}
				}
			}
		}
	}
}

// speedTexts are paragraphs to time the analyses on: the Markdown pages
// of the repository's content and, when the version corpus (Open Terms
// Archive, ODC-By 1.0, used in place) is at hand, a sample of its pages
// (run the test binary from a checkout beside ../shared for them).
func speedTexts(b *testing.B) []string {
	if cachedSpeedTexts != nil {
		return cachedSpeedTexts
	}
	var texts []string
	add := func(page string) {
		for _, p := range strings.Split(page, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				texts = append(texts, p)
			}
		}
	}
	pages, _ := filepath.Glob("../../content/*/*/*.md")
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		add(string(data))
	}
	if _, err := os.Stat(corpusBundle); err == nil {
		for _, p := range corpusPairs(b, 200) {
			add(p[2])
		}
	}
	if len(texts) == 0 {
		b.Skip("no texts")
	}
	cachedSpeedTexts = texts
	return texts
}

// cachedSpeedTexts keeps speedTexts for the next benchmark: the corpus
// takes seconds to read.
var cachedSpeedTexts []string

func BenchmarkTagSpans(b *testing.B) {
	texts := speedTexts(b)
	r := Default()
	toks := make([][]token, len(texts))
	cites := make([][]bool, len(texts))
	for i, s := range texts {
		toks[i] = tokenize(s)
		cites[i] = citations(toks[i])
	}
	b.ResetTimer()
	for range b.N {
		for i := range texts {
			r.tagSpans(toks[i], r.wordStems(toks[i], "en"), "en", cites[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
}
