package classify

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// nextTokenCalls is nextToken as it was before the ASCII fast path of
// its inner loop, which BenchmarkNextToken measures against.
func nextTokenCalls(s string, i int) (start, end int, word bool) {
	for i < len(s) {
		r, n := runeAt(s, i)
		if isSpace(r) {
			i += n
			continue
		}
		start = i
		i += n
		if !isWordRune(r) {
			return start, i, false
		}
		prevDigit := isDigit(r)
		for i < len(s) {
			r2, n2 := runeAt(s, i)
			if isWordRune(r2) {
				prevDigit = isDigit(r2)
				i += n2
				continue
			}
			if i+n2 < len(s) {
				r3, n3 := runeAt(s, i+n2)
				joins := false
				switch r2 {
				case '-', '\'', '’', '‐':
					joins = isWordRune(r3)
				case '.', ',', ':':
					joins = prevDigit && isDigit(r3)
				}
				if joins {
					i += n2 + n3
					prevDigit = isDigit(r3)
					continue
				}
			}
			break
		}
		return start, i, true
	}
	return len(s), len(s), false
}

// tokenTexts are texts to cut: made up ones of every kind of character
// the tokenizer tells apart, and, when the version corpus is there, its
// pages.
func tokenTexts(t testing.TB) []string {
	pieces := []string{"a", "Z", "0", "9", "42", "3.2", "1,5", "10:30", "é", "ø", "٣", "\u0301", "-", "'", "’", "‐", ".", ",", ":", " ", "\t", "\n",
		"\u00a0", "\u2003", "/", "(", ")", "*", "_", "`", "§", "€", "—", "\xff", "\xc3", "data", "GDPR", "sub-processor", "don't", "COVID-19", "日本"}
	rng := rand.New(rand.NewPCG(7, 8))
	var out []string
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(16) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	if testing.Short() {
		return out
	}
	for _, p := range corpusPairs(t, 20) {
		out = append(out, p[1], p[2])
	}
	return out
}

// TestNextTokenCorpus holds nextToken to nextTokenRef, the unicode
// functions alone, on the corpus pages besides made up texts.
func TestNextTokenCorpus(t *testing.T) {
	for _, s := range tokenTexts(t) {
		sameCut(t, s)
	}
}

// sameCut holds nextToken to nextTokenRef at every token of s.
func sameCut(t *testing.T, s string) {
	t.Helper()
	for i := 0; ; {
		start, end, word := nextToken(s, i)
		rs, re, rw := nextTokenRef(s, i)
		if start != rs || end != re || word != rw {
			t.Fatalf("nextToken(%q, %d) = %d, %d, %v; want %d, %d, %v", s, i, start, end, word, rs, re, rw)
		}
		if start == len(s) {
			return
		}
		i = end
	}
}

// BenchmarkNextToken cuts the texts with the fast path ("new") and
// without it ("old").
func BenchmarkNextToken(b *testing.B) {
	texts := tokenTexts(b)
	for _, c := range []struct {
		name string
		next func(string, int) (int, int, bool)
	}{{"new", nextToken}, {"old", nextTokenCalls}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, s := range texts {
					for i := 0; ; {
						start, end, _ := c.next(s, i)
						if start == len(s) {
							break
						}
						i = end
					}
				}
			}
		})
	}
}
