package align

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// goDiffScript is go-diff's script of x against y, with no timeout, each
// id as the rune of the same number.
func goDiffScript(x, y []int32) []seg {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	var out []seg
	for _, df := range dmp.DiffMainRunes(runes(x), runes(y), false) {
		out = append(out, seg{toSegOp[df.Type], utf8.RuneCountInString(df.Text)})
	}
	return out
}

var toSegOp = map[diffmatchpatch.Operation]segOp{
	diffmatchpatch.DiffEqual:  segEqual,
	diffmatchpatch.DiffDelete: segDelete,
	diffmatchpatch.DiffInsert: segInsert,
}

func runes(ids []int32) []rune {
	rs := make([]rune, len(ids))
	for k, id := range ids {
		rs[k] = rune(id)
	}
	return rs
}

// TestMyersMatchesGoDiff holds myers to go-diff piece by piece (pieces of
// length 0 included) on random sequences: few symbols give many equal
// runs, ties between paths and shifts in the clean-up, which is where a
// difference would show. One myers serves all, as in a differ.
func TestMyersMatchesGoDiff(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var m myers
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
		if got := m.script(x, y); !slices.Equal(got, want) {
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
		var ds []seg
		var x, y []int32
		var diffs []diffmatchpatch.Diff
		for p := rng.IntN(8); p >= 0; p-- {
			s := seg{segOp(rng.IntN(3)), rng.IntN(4)}
			text := make([]int32, s.n)
			for q := range text {
				text[q] = int32('a' + rng.IntN(3))
			}
			if s.op != segInsert {
				x = append(x, text...)
			}
			if s.op != segDelete {
				y = append(y, text...)
			}
			ds = append(ds, s)
			op := [...]diffmatchpatch.Operation{diffmatchpatch.DiffEqual, diffmatchpatch.DiffDelete, diffmatchpatch.DiffInsert}[s.op]
			diffs = append(diffs, diffmatchpatch.Diff{Type: op, Text: string(runes(text))})
		}
		var want []seg
		for _, df := range dmp.DiffCleanupMerge(diffs) {
			want = append(want, seg{toSegOp[df.Type], utf8.RuneCountInString(df.Text)})
		}
		if got := cleanupMerge(slices.Clone(ds), x, y); !slices.Equal(got, want) {
			t.Fatalf("%v over %v, %v:\n got %v\nwant %v", ds, x, y, got, want)
		}
	}
}

// TestMyersMatchesGoDiffOnText does the same for the token ids of real
// revisions.
func TestMyersMatchesGoDiffOnText(t *testing.T) {
	pairs := iteraterPairs(t)
	var m myers
	for k, p := range pairs {
		intern := map[string]int32{}
		ids := func(s string) []int32 {
			var out []int32
			for _, tok := range Tokenize(s) {
				id, ok := intern[tok]
				if !ok {
					id = int32(len(intern))
					intern[tok] = id
				}
				out = append(out, id)
			}
			return out
		}
		x, y := ids(p[0]), ids(p[1])
		if got, want := m.script(x, y), goDiffScript(x, y); !slices.Equal(got, want) {
			t.Fatalf("pair %d:\n got %v\nwant %v", k, got, want)
		}
	}
}

// TestWordsWithTimeout runs the leaves through go-diff itself, as a
// timeout asks, and checks that the spans still give back both texts.
func TestWordsWithTimeout(t *testing.T) {
	opt := DefaultOptions()
	opt.Timeout = time.Minute
	for _, p := range [][2]string{
		{pIntro, pPhase},
		{pVersion, strings.Replace(pVersion, "10. juli 2023", "1. mars 2024", 1)},
		{pRights + " " + pSec, pSec + " " + pRights},
	} {
		if err := checkSpans(p[0], p[1], Words(p[0], p[1], opt)); err != nil {
			t.Error(err)
		}
	}
}
