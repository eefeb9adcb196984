package equiv

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// segmentAll is segment without the prefix bound: every split is looked
// up. segment must give the same parts.
func segmentAll(s string, vocab map[string]numWord) []numWord {
	if len(s) > 200 {
		return nil
	}
	best := make([]int, len(s)+1)
	from := make([]int, len(s)+1)
	for i := 1; i <= len(s); i++ {
		best[i] = -1
		for j := 0; j < i; j++ {
			if best[j] < 0 {
				continue
			}
			if _, ok := vocab[s[j:i]]; ok && (best[i] < 0 || best[j]+1 < best[i]) {
				best[i], from[i] = best[j]+1, j
			}
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

func TestSegmentBoundedByPrefixes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, lang := range []string{"nb", "nn", "en"} {
		vocab := numberWords[lang]
		words := make([]string, 0, len(vocab))
		for w := range vocab {
			words = append(words, w)
		}
		sort.Strings(words)
		for range 20000 {
			// Number words glued together, with now and then a letter
			// or a word's start put in or a byte cut off.
			var s string
			for range 1 + rng.IntN(4) {
				w := words[rng.IntN(len(words))]
				switch rng.IntN(6) {
				case 0:
					w = w[:rng.IntN(len(w)+1)]
				case 1:
					w += string(rune('a' + rng.IntN(26)))
				case 2:
					w = "ø" + w
				}
				s += w
			}
			got, want := segment(s, vocab, numberPrefixes()[lang]), segmentAll(s, vocab)
			if !slices.Equal(got, want) {
				t.Fatalf("%s: segment(%q) = %v, every split looked up gives %v", lang, s, got, want)
			}
		}
	}
}
