package align

import (
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// pageTexts returns real Markdown pages: this repository's DPIA pages and
// the document package's test pages, and the sentences of the IteraTeR
// corpus (Apache-2.0, used in place) when it is present.
func pageTexts() []string {
	var paths []string
	for _, glob := range []string{"../../content/*/*/*.md", "../document/testdata/*.md"} {
		m, _ := filepath.Glob(glob)
		paths = append(paths, m...)
	}
	var texts []string
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			texts = append(texts, string(b))
		}
	}
	if b, err := os.ReadFile(iteraterPath); err == nil {
		texts = append(texts, string(b))
	}
	return texts
}

// slowTokenEnds is tokenEnds as tokenLen defines it, token by token.
func slowTokenEnds(s string) []int {
	ends := []int{0}
	for i := 0; i < len(s); {
		i += tokenLen(s, i)
		ends = append(ends, i)
	}
	return ends
}

// trickyText strings together pieces that sit at the edges of tokenEnds'
// fast path: hyphens and apostrophes inside and after words, URLs, link
// targets, numbers, non-ASCII letters and spaces, invalid bytes.
func trickyText(r *rand.Rand) string {
	pieces := []string{"a", "Word", "ord", "x-y", "don't", "it’s", "-", "'", "’", " ", "  ", "\u00a0", "\t", "\n",
		"http://x.no/a", "https", "www.", "mailto:", "ftp://", "hm", "fw", "](", "[", ")", "(", "10", "000", "1.5", "10. juli",
		"æøå", "É", "ß", "\xff", "{{<", ">}}", "<br>", "**", ".", ",", "e", "Z", "9"}
	var b strings.Builder
	for n := r.Intn(24); n >= 0; n-- {
		b.WriteString(pieces[r.Intn(len(pieces))])
	}
	return b.String()
}

// TestTokenEndsFastPath holds tokenEnds' inlined fast path to tokenLen.
func TestTokenEndsFastPath(t *testing.T) {
	texts := pageTexts()
	r := rand.New(rand.NewSource(1))
	for range 200_000 {
		texts = append(texts, trickyText(r))
	}
	for _, s := range texts {
		if got, want := tokenEnds(s, []int{0}), slowTokenEnds(s); !slices.Equal(got, want) {
			t.Fatalf("tokenEnds(%q) = %v, want %v", s, got, want)
		}
	}
}

func BenchmarkTokenEndsPages(b *testing.B) {
	texts := pageTexts()
	if len(texts) == 0 {
		b.Skip("no pages found")
	}
	n := 0
	for _, s := range texts {
		n += len(s)
	}
	b.SetBytes(int64(n))
	var ends []int
	for b.Loop() {
		for _, s := range texts {
			ends = tokenEnds(s, ends[:0])
		}
	}
}
