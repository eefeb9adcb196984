package align

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/document"
)

// reusePairs returns document pairs of every size and kind of edit the
// aligner meets: one-word and one-paragraph edits of a small page, pages
// with each kind of op, a rewritten and a scattered section (indexes,
// pairing across regions) and a large page (a larger vocabulary and more
// blocks than the pairs before it, so that the buffers grow).
func reusePairs() [][2][]document.Block {
	old := smallDoc()
	r := rand.New(rand.NewPCG(31, 32))
	var pairs [][2][]document.Block
	for k := 1; k < len(old); k++ {
		word := slices.Clone(old)
		ws := strings.Fields(word[k].Text)
		ws[r.IntN(len(ws))] = "Endret"
		word[k] = blk(strings.Join(ws, " "))
		rewritten := slices.Clone(old)
		rewritten[k] = blk(paragraph(r, 5+r.IntN(30)))
		pairs = append(pairs,
			[2][]document.Block{old, word},
			[2][]document.Block{old, rewritten},
			[2][]document.Block{old, slices.Insert(slices.Clone(old), k, blk(paragraph(r, 15)))},
			[2][]document.Block{old, slices.Delete(slices.Clone(old), k, k+1)},
			[2][]document.Block{word, old})
	}
	for _, n := range []int{20, 120, 600} {
		o, nw := editedDoc(n, 30, 0.05)
		pairs = append(pairs, [2][]document.Block{o, nw}, [2][]document.Block{nw, o})
	}
	o, nw := rewrittenSection(60)
	pairs = append(pairs, [2][]document.Block{o, nw})
	o, nw = scatteredRewrite(80)
	pairs = append(pairs, [2][]document.Block{o, nw})
	page, same := historyPage()
	edited := slices.Clone(same)
	edited[151] = blk(strings.Replace(same[151].Text, " ", " endret ", 1))
	return append(pairs, [2][]document.Block{page, edited}, [2][]document.Block{page, same})
}

// TestAlignerReuse holds an aligner that has run before, as the pool
// hands them out, to a new one: one aligner runs every pair, in a shuffled
// order and with the budget both ample and short, and each result must be
// the one a new aligner gives.
func TestAlignerReuse(t *testing.T) {
	pairs := reusePairs()
	short := DefaultOptions()
	short.MaxPairs = 40
	fresh := func(p [2][]document.Block, opt Options, changesOnly bool) []Op {
		a := new(aligner)
		a.reset(p[0], p[1], opt, changesOnly)
		return a.run()
	}
	reused := new(aligner)
	r := rand.New(rand.NewPCG(33, 34))
	// Every result is looked at again after the last run: what a run
	// returns must share nothing with what the aligner keeps for the next.
	type result struct {
		got, want []Op
		what      string
	}
	var results []result
	for round := range 4 {
		for _, k := range r.Perm(len(pairs)) {
			p := pairs[k]
			opt := DefaultOptions().withDefaults()
			if (k+round)%3 == 0 {
				opt = short.withDefaults()
			}
			changesOnly := (k+round)%2 == 0
			reused.reset(p[0], p[1], opt, changesOnly)
			got := reused.run()
			reused.release()
			want := fresh(p, opt, changesOnly)
			what := fmt.Sprintf("round %d, pair %d (%d and %d blocks, MaxPairs %d, changesOnly %v)", round, k, len(p[0]), len(p[1]), opt.MaxPairs, changesOnly)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: reused aligner\n%v\nnew aligner\n%v", what, opStrings(got), opStrings(want))
			}
			results = append(results, result{slices.Clone(got), want, what})
		}
	}
	for _, res := range results {
		if !reflect.DeepEqual(res.got, res.want) {
			t.Fatalf("%s: changed by the runs after it\n%v\nwant\n%v", res.what, opStrings(res.got), opStrings(res.want))
		}
	}
}
