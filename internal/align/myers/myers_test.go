package myers

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// goDiffScript is go-diff's script of x against y, with no timeout, each
// id as the rune of the same number.
func goDiffScript(x, y []int32) []Piece {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	var out []Piece
	for _, df := range dmp.DiffMainRunes(runes(x), runes(y), false) {
		out = append(out, Piece{toSegOp[df.Type], utf8.RuneCountInString(df.Text)})
	}
	return out
}

var toSegOp = map[diffmatchpatch.Operation]Op{
	diffmatchpatch.DiffEqual:  Equal,
	diffmatchpatch.DiffDelete: Delete,
	diffmatchpatch.DiffInsert: Insert,
}

func runes(ids []int32) []rune {
	rs := make([]rune, len(ids))
	for k, id := range ids {
		rs[k] = rune(id)
	}
	return rs
}

// TestMatchesGoDiff holds a Differ to go-diff piece by piece (pieces of
// length 0 included) on random sequences: few symbols give many equal
// runs, ties between paths and shifts in the clean-up, which is where a
// difference would show. One Differ serves all, as in a run of diffs.
func TestMatchesGoDiff(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var m Differ
	seq := func(n, symbols int) []int32 {
		s := make([]int32, n)
		for k := range s {
			s[k] = int32(rng.IntN(symbols))
		}
		return s
	}
	for k := 0; k < 40000; k++ {
		symbols := 2 + rng.IntN(6)
		x := seq(rng.IntN(40), symbols)
		var y []int32
		if rng.IntN(2) == 0 {
			y = seq(rng.IntN(40), symbols)
		} else {
			// An edit of x, as in a history.
			y = slices.Clone(x)
			for e := rng.IntN(5); e >= 0; e-- {
				p := rng.IntN(len(y) + 1)
				switch rng.IntN(3) {
				case 0:
					y = slices.Insert(y, p, seq(1+rng.IntN(4), symbols)...)
				case 1:
					y = y[:p+copy(y[p:], y[min(p+1+rng.IntN(4), len(y)):])]
				default:
					if p < len(y) {
						y[p] = int32(rng.IntN(symbols))
					}
				}
			}
		}
		want := goDiffScript(x, y)
		if got := m.Script(x, y); !slices.Equal(got, want) {
			t.Fatalf("%v against %v:\n got %v\nwant %v", x, y, got, want)
		}
	}
}

// TestCleanupMergeMatchesGoDiff holds cleanupMerge to go-diff's
// DiffCleanupMerge on random scripts, not minimal ones as the diffs make:
// only these reach the merging of common starts and ends.
func TestCleanupMergeMatchesGoDiff(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	dmp := diffmatchpatch.New()
	for k := 0; k < 40000; k++ {
		var ds []Piece
		var x, y []int32
		var diffs []diffmatchpatch.Diff
		for p := rng.IntN(8); p >= 0; p-- {
			s := Piece{Op(rng.IntN(3)), rng.IntN(4)}
			text := make([]int32, s.N)
			for q := range text {
				text[q] = int32('a' + rng.IntN(3))
			}
			if s.Op != Insert {
				x = append(x, text...)
			}
			if s.Op != Delete {
				y = append(y, text...)
			}
			ds = append(ds, s)
			op := [...]diffmatchpatch.Operation{diffmatchpatch.DiffEqual, diffmatchpatch.DiffDelete, diffmatchpatch.DiffInsert}[s.Op]
			diffs = append(diffs, diffmatchpatch.Diff{Type: op, Text: string(runes(text))})
		}
		var want []Piece
		for _, df := range dmp.DiffCleanupMerge(diffs) {
			want = append(want, Piece{toSegOp[df.Type], utf8.RuneCountInString(df.Text)})
		}
		if got := cleanupMerge(slices.Clone(ds), x, y); !slices.Equal(got, want) {
			t.Fatalf("%v over %v, %v:\n got %v\nwant %v", ds, x, y, got, want)
		}
	}
}
