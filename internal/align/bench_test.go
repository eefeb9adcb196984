package align

import (
	"fmt"
	"math/rand/v2"
	"slices"
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

// historyPage returns a page of about 45 KB in 300 blocks, the size of a
// typical page of the Open Terms Archive history, and a copy of it whose
// strings are separate allocations, as two parses of two versions are.
func historyPage() (old, same []document.Block) {
	r := rand.New(rand.NewPCG(11, 12))
	old = make([]document.Block, 300)
	for k := range old {
		if k%20 == 0 {
			old[k] = blk(fmt.Sprintf("## %d %s", k/20, paragraph(r, 3)))
			continue
		}
		old[k] = blk(paragraph(r, 20))
	}
	same = make([]document.Block, len(old))
	for k, b := range old {
		same[k] = blk(strings.Clone(b.Text))
	}
	return old, same
}

// BenchmarkBlocksHistory aligns two consecutive versions of a page in a
// history: the common case, where all blocks but one are unchanged.
// "edited" has one word of one paragraph replaced, "moved" one paragraph
// moved from near the start to near the end, "same" nothing changed.
func BenchmarkBlocksHistory(b *testing.B) {
	old, same := historyPage()
	edited := slices.Clone(same)
	edited[151] = blk(strings.Replace(same[151].Text, " ", " endret ", 1))
	moved := slices.Concat(same[:40], same[41:260], same[40:41], same[260:])
	for _, c := range []struct {
		name string
		new  []document.Block
	}{{"edited", edited}, {"moved", moved}, {"same", same}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Blocks(old, c.new, DefaultOptions())
			}
		})
	}
}
