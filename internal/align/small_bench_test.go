package align

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/document"
)

// smallDoc returns a page of ten paragraphs under a heading, the size of a
// page of the synthetic history (about 1.2 KB).
func smallDoc() []document.Block {
	r := rand.New(rand.NewPCG(21, 22))
	doc := []document.Block{blk("# doc-0077")}
	for range 10 {
		doc = append(doc, blk(paragraph(r, 5+r.IntN(30))))
	}
	return doc
}

// BenchmarkChangesSmall runs Changes on a small page with the edits of
// the synthetic history: one word replaced, or one paragraph added,
// removed or rewritten.
func BenchmarkChangesSmall(b *testing.B) {
	old := smallDoc()
	r := rand.New(rand.NewPCG(23, 24))
	word := slices.Clone(old)
	ws := strings.Fields(word[5].Text)
	ws[len(ws)/2] = "endret"
	word[5] = blk(strings.Join(ws, " "))
	added := slices.Insert(slices.Clone(old), 4, blk(paragraph(r, 15)))
	removed := slices.Delete(slices.Clone(old), 6, 7)
	rewritten := slices.Clone(old)
	rewritten[3] = blk(paragraph(r, 20))
	for _, c := range []struct {
		name string
		new  []document.Block
	}{{"word", word}, {"added", added}, {"removed", removed}, {"rewritten", rewritten}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Changes(old, c.new, DefaultOptions())
			}
		})
	}
}
