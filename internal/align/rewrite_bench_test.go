package align

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/document"
)

// rewrittenSection returns n paragraphs of 40 words between two equal
// headings, and the same section rewritten: every paragraph has a third
// of its words replaced, every fifth is split in two and every seventh is
// merged with the next. No block is equal, so the whole section is one
// region in which split and merge detection compares every old block
// with every new one.
func rewrittenSection(n int) (old, new []document.Block) {
	r := rand.New(rand.NewPCG(21, 22))
	old = append(old, blk("## Start"))
	new = append(new, blk("## Start"))
	paras := make([]string, n)
	for k := range paras {
		paras[k] = paragraph(r, 40)
	}
	for k := 0; k < n; k++ {
		old = append(old, blk(paras[k]))
		ws := strings.Fields(paras[k])
		for i := range ws {
			if r.IntN(3) == 0 {
				ws[i] = word(r)
			}
		}
		switch {
		case k%5 == 0:
			new = append(new, blk(strings.Join(ws[:20], " ")+"."), blk(strings.Join(ws[20:], " ")))
		case k%7 == 0 && k+1 < n:
			k++
			old = append(old, blk(paras[k]))
			new = append(new, blk(strings.Join(ws, " ")+" "+paras[k]))
		default:
			new = append(new, blk(strings.Join(ws, " ")))
		}
	}
	old = append(old, blk("## End"))
	new = append(new, blk("## End"))
	return old, new
}

// BenchmarkBlocksRewrite aligns a section of 300 paragraphs rewritten
// wholesale (see rewrittenSection).
func BenchmarkBlocksRewrite(b *testing.B) {
	old, new := rewrittenSection(300)
	b.ReportAllocs()
	for b.Loop() {
		Blocks(old, new, DefaultOptions())
	}
}

// TestWordIndexSameOps checks that split and merge detection, pairing
// and pairing across regions give the same ops with the inverted index
// of word sets as comparing the sets pair by pair, on rewritten and
// scattered sections of several sizes.
func TestWordIndexSameOps(t *testing.T) {
	defer func(n int) { indexMin = n }(indexMin)
	for _, c := range []struct {
		name string
		make func(int) ([]document.Block, []document.Block)
	}{{"rewritten", rewrittenSection}, {"scattered", scatteredRewrite}} {
		for _, n := range []int{10, 40, 120} {
			old, new := c.make(n)
			indexMin = 1 << 30
			want := Blocks(old, new, DefaultOptions())
			indexMin = 2
			got := Blocks(old, new, DefaultOptions())
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %d paragraphs: the index changes the ops", c.name, n)
			}
			kinds := map[OpKind]int{}
			for _, op := range got {
				kinds[op.Kind]++
			}
			switch {
			case c.name == "rewritten" && n >= 40 && (kinds[Split] == 0 || kinds[Merged] == 0 || kinds[Modified] == 0):
				t.Errorf("%s, %d paragraphs: want splits, merges and modified paragraphs, got %v", c.name, n, kinds)
			case c.name == "scattered" && n >= 40 && kinds[Moved] == 0:
				t.Errorf("%s, %d paragraphs: want moved paragraphs, got %v", c.name, n, kinds)
			}
		}
	}
}

// scatteredRewrite returns n paragraphs of 40 words under a heading every
// ten, and a version in which every paragraph has a third of its words
// replaced and about half were moved to another section. The headings are
// equal, so each section is a region, and the moved paragraphs are left
// for matchMovedEdited to pair across regions.
func scatteredRewrite(n int) (old, new []document.Block) {
	r := rand.New(rand.NewPCG(23, 24))
	sections := (n + 9) / 10
	moved := make([][]document.Block, sections)
	stay := make([][]document.Block, sections)
	for k := 0; k < n; k++ {
		p := paragraph(r, 40)
		old = append(old, blk(p))
		if k%10 == 9 || k == n-1 {
			old = append(old, blk(fmt.Sprintf("## Del %d", k/10)))
		}
		ws := strings.Fields(p)
		for i := range ws {
			if r.IntN(3) == 0 {
				ws[i] = word(r)
			}
		}
		b := blk(strings.Join(ws, " "))
		if r.IntN(2) == 0 {
			s := r.IntN(sections)
			moved[s] = append(moved[s], b)
		} else {
			stay[k/10] = append(stay[k/10], b)
		}
	}
	for s := range sections {
		new = append(new, stay[s]...)
		new = append(new, moved[s]...)
		new = append(new, blk(fmt.Sprintf("## Del %d", s)))
	}
	return old, new
}

// BenchmarkBlocksScattered aligns 300 paragraphs rewritten and scattered
// over 30 sections (see scatteredRewrite): the pairing across regions of
// a page rewritten wholesale.
func BenchmarkBlocksScattered(b *testing.B) {
	old, new := scatteredRewrite(300)
	b.ReportAllocs()
	for b.Loop() {
		Blocks(old, new, DefaultOptions())
	}
}
