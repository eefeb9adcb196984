package align

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/document"
)

// syllables make a synthetic Norwegian-looking vocabulary, so large inputs
// have the mix of rare and common words of real text.
var syllables = []string{"be", "hand", "ling", "per", "son", "opp", "lys", "ning", "er", "sky", "tje", "nes", "te", "le", "ve", "ran", "dør", "vur", "de", "ring", "sik", "ker", "het", "alt", "inn", "data", "til", "syn"}

var common = []string{"og", "i", "av", "for", "som", "er", "det", "vi", "på", "til", "med", "en", "at"}

func word(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return common[r.IntN(len(common))]
	}
	var b strings.Builder
	for range 2 + r.IntN(3) {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	return b.String()
}

// largePair returns a text of n words and a copy with edits words
// replaced at evenly spaced places.
func largePair(n, edits int) (string, string) {
	r := rand.New(rand.NewPCG(1, 2))
	ws := make([]string, n)
	for k := range ws {
		ws[k] = word(r)
		if k%15 == 14 {
			ws[k] += "."
		}
	}
	old := strings.Join(ws, " ")
	for e := range edits {
		k := (e*n)/edits + n/(2*edits)
		ws[k] = fmt.Sprintf("endret%d", e)
	}
	return old, strings.Join(ws, " ")
}

func paragraph(r *rand.Rand, words int) string {
	ws := make([]string, words)
	for k := range ws {
		ws[k] = word(r)
	}
	return strings.Join(ws, " ") + "."
}

// editedDoc returns an old document of n blocks and a new one with about
// rate of its blocks each modified, removed, added, moved and split.
func editedDoc(n int, words int, rate float64) ([]document.Block, []document.Block) {
	r := rand.New(rand.NewPCG(3, 4))
	old := make([]document.Block, n)
	for k := range old {
		if k%20 == 0 {
			old[k] = blk(fmt.Sprintf("## %d %s", k/20, paragraph(r, 3)))
			continue
		}
		old[k] = blk(paragraph(r, words))
	}
	var new []document.Block
	var moved []document.Block
	for _, b := range old {
		x := r.Float64()
		switch {
		case x < rate: // modified
			ws := strings.Fields(b.Text)
			ws[r.IntN(len(ws))] = "endret"
			new = append(new, blk(strings.Join(ws, " ")))
		case x < 2*rate: // removed
		case x < 3*rate: // added after
			new = append(new, b, blk(paragraph(r, words)))
		case x < 4*rate: // moved further down
			moved = append(moved, b)
		case x < 5*rate && b.Kind == document.Paragraph: // split
			ws := strings.Fields(b.Text)
			h := len(ws) / 2
			new = append(new, blk(strings.Join(ws[:h], " ")+"."), blk(strings.Join(ws[h:], " ")))
		default:
			new = append(new, b)
		}
		if len(moved) > 0 && r.IntN(50) == 0 {
			new = append(new, moved[0])
			moved = moved[1:]
		}
	}
	return old, append(new, moved...)
}

func TestBenchInputs(t *testing.T) {
	old, new := editedDoc(600, 60, 0.02)
	ops := Blocks(old, new, DefaultOptions())
	if err := checkCoverage(old, new, ops); err != nil {
		t.Fatal(err)
	}
	kinds := map[OpKind]int{}
	for _, op := range ops {
		kinds[op.Kind]++
	}
	for _, k := range []OpKind{Equal, Modified, Removed, Added, Moved, Split} {
		if kinds[k] == 0 {
			t.Errorf("no %s op in the DPIA-size benchmark input: %v", k, kinds)
		}
	}
}

// BenchmarkBlocksDPIA aligns two versions of a document the size of the
// Altinn DPIA (about 600 blocks) with a few percent of each kind of edit.
func BenchmarkBlocksDPIA(b *testing.B) {
	old, new := editedDoc(600, 60, 0.02)
	b.ReportAllocs()
	for b.Loop() {
		Blocks(old, new, DefaultOptions())
	}
}

// BenchmarkBlocks100kParagraphs aligns documents of 100 000 short
// paragraphs: "similar" with one percent of each edit, "unrelated" with no
// paragraph in common (the worst case for pairing, held by MaxPairs).
func BenchmarkBlocks100kParagraphs(b *testing.B) {
	b.Run("similar", func(b *testing.B) {
		old, new := editedDoc(100_000, 6, 0.01)
		b.ReportAllocs()
		for b.Loop() {
			Blocks(old, new, DefaultOptions())
		}
	})
	b.Run("unrelated", func(b *testing.B) {
		old, _ := editedDoc(100_000, 6, 0)
		r := rand.New(rand.NewPCG(5, 6))
		new := make([]document.Block, len(old))
		for k := range new {
			new[k] = blk(paragraph(r, 6))
		}
		b.ReportAllocs()
		for b.Loop() {
			Blocks(old, new, DefaultOptions())
		}
	})
}

// BenchmarkWords5MB diffs one 5 MB paragraph: "similar" against a copy with
// 500 words replaced, "unrelated" against a different text of the same
// vocabulary (the worst case, held by the patience and halving bounds).
func BenchmarkWords5MB(b *testing.B) {
	const n = 650_000 // about 5 MB of synthetic words
	old, new := largePair(n, 500)
	b.Run("similar", func(b *testing.B) {
		b.SetBytes(int64(len(old)))
		b.ReportAllocs()
		for b.Loop() {
			Words(old, new, DefaultOptions())
		}
	})
	b.Run("unrelated", func(b *testing.B) {
		r := rand.New(rand.NewPCG(7, 8))
		ws := make([]string, n)
		for k := range ws {
			ws[k] = word(r)
		}
		other := strings.Join(ws, " ")
		b.SetBytes(int64(len(old)))
		b.ReportAllocs()
		for b.Loop() {
			Words(old, other, DefaultOptions())
		}
	})
}
