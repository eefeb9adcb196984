package classify

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/digdir/redline/internal/align/myers"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// diffTokensWhole is diffTokens as it was: every token of both lists
// encoded through one map of keys, and diffed by go-diff itself.
func diffTokensWhole(ot, nt []token) ([]hunk, [][2]int) {
	ids := map[string]rune{}
	enc := func(toks []token) []rune {
		out := make([]rune, len(toks))
		for i, t := range toks {
			id, ok := ids[t.key]
			if !ok {
				id = rune(0xF0000 + len(ids))
				ids[t.key] = id
			}
			out[i] = id
		}
		return out
	}
	a, b := enc(ot), enc(nt)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	var script []myers.Piece
	for _, d := range dmp.DiffMainRunes(a, b, false) {
		op := map[diffmatchpatch.Operation]myers.Op{diffmatchpatch.DiffEqual: myers.Equal, diffmatchpatch.DiffDelete: myers.Delete, diffmatchpatch.DiffInsert: myers.Insert}[d.Type]
		script = append(script, myers.Piece{Op: op, N: utf8.RuneCountInString(d.Text)})
	}
	return hunksOf(script, min(len(ot), len(nt)))
}

// TestDiffTokensMatchesWhole holds diffTokens to the diff of the whole
// lists, on lists of few distinct words, where an edit often repeats the
// words around it and the diff shifts it across them ("x y" -> "x z x
// y"), and on the changed paragraphs of the version corpus.
func TestDiffTokensMatchesWhole(t *testing.T) {
	check := func(ot, nt []token) {
		t.Helper()
		gh, gp := diffTokens(ot, nt)
		wh, wp := diffTokensWhole(ot, nt)
		if !reflect.DeepEqual(gh, wh) || len(gp) != len(wp) || len(gp) > 0 && !reflect.DeepEqual(gp, wp) {
			t.Fatalf("diffTokens(%q, %q) = %v %v, want %v %v", keysOf(ot), keysOf(nt), gh, gp, wh, wp)
		}
	}
	rng := rand.New(rand.NewPCG(3, 5))
	words := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	list := func(n, alphabet int) []token {
		toks := make([]token, n)
		for i := range toks {
			toks[i].key = words[rng.IntN(alphabet)]
		}
		return toks
	}
	for range 200_000 {
		alphabet := 1 + rng.IntN(len(words))
		ot := list(rng.IntN(12), alphabet)
		// The new list is the old one with a few runs put in, taken out
		// or replaced, as edits are; now and then another list whole.
		nt := append([]token(nil), ot...)
		if rng.IntN(8) == 0 {
			nt = list(rng.IntN(12), alphabet)
		}
		for range rng.IntN(3) {
			i := rng.IntN(len(nt) + 1)
			j := min(len(nt), i+rng.IntN(3))
			nt = append(append(append([]token(nil), nt[:i]...), list(rng.IntN(4), alphabet)...), nt[j:]...)
		}
		check(ot, nt)
	}
	for _, p := range diffTagPairs(t) {
		check(tokenize(stripMarkdown(p[0]).text), tokenize(stripMarkdown(p[1]).text))
	}
}

func keysOf(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.key
	}
	return out
}
