package classify

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// checkPlainLine holds stripMarkdown, which takes plain lines as they are,
// to stripMarkup, which walks every text; it returns whether s was plain.
func checkPlainLine(t *testing.T, s string) bool {
	t.Helper()
	if got, want := stripMarkdown(s), stripMarkup(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("stripMarkdown(%q) = %+v, stripMarkup gives %+v", s, got, want)
	}
	return plainLine(s)
}

// On strings made of words, blanks, every ASCII punctuation byte and the
// pieces markup is written with, the fast path agrees with the walk.
func TestPlainLineGenerated(t *testing.T) {
	pieces := []string{"a", "word", "Ord", "7", "2024", "æøå", "’", " ", "  ", "\t", "\n", "# ", "1. ", "- ", "> ", "==", "---", "[x](y)", "![i](p.png)", "[^1]", "[1]: https://x", "{{< a >}}", "{: .c}", "<b>", "<https://x>", "\\*"}
	for c := byte('!'); c <= '~'; c++ {
		if !isASCIIWord(c) {
			pieces = append(pieces, string(c))
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	plain := 0
	const n = 100000
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if checkPlainLine(t, b.String()) {
			plain++
		}
	}
	if plain == 0 || plain == n {
		t.Fatalf("%d of %d strings plain: both paths must be taken", plain, n)
	}
}

// On the paragraphs of the version corpus, the fast path agrees with the
// walk.
func TestPlainLineCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus run belongs to the full test run")
	}
	plain, all := 0, 0
	for _, d := range corpusDocs(t, 32) {
		for _, b := range append(d.old.Blocks, d.new.Blocks...) {
			all++
			if checkPlainLine(t, b.Norm) {
				plain++
			}
		}
	}
	t.Logf("%d of %d paragraphs plain", plain, all)
}
