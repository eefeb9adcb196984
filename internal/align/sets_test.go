package align

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/document"
)

// randomText mixes the synthetic words with what makes tokens differ:
// upper case, numbers, punctuation, links, non-ASCII letters and spaces,
// invalid bytes.
func randomText(r *rand.Rand, words int) string {
	extra := []string{"Data", "DATA", "Æble", "øl", "ÆBLE", "10 000", "1.5", "3.",
		"https://example.no/a_(b)", "[lenke](https://x.no)", "...", "**", ",", " ",
		"\u00a0", "\t", "\xff", "e-post", "don't", "K\u212a", "ſ", "—", "#"}
	var b strings.Builder
	for k := range words {
		if k > 0 && r.IntN(4) > 0 {
			b.WriteByte(' ')
		}
		if r.IntN(3) == 0 {
			b.WriteString(extra[r.IntN(len(extra))])
		} else {
			b.WriteString(word(r))
		}
	}
	return b.String()
}

// TestBlockSetAsWordSet checks that the word sets made from cut tokens
// (blockSet, with its marks and its sort of the known words only) are
// those of wordSet, ids included, when the sets are made in the same
// order.
func TestBlockSetAsWordSet(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	var bs []document.Block
	for range 300 {
		text := randomText(r, r.IntN(60))
		if r.IntN(10) == 0 {
			text = strings.Repeat("=", 1+r.IntN(5)) // no words
		}
		bs = append(bs, document.Block{Kind: document.Paragraph, Text: text, Norm: text})
	}
	cut := &aligner{old: bs, opt: DefaultOptions().withDefaults()}
	plain := &aligner{old: bs, opt: DefaultOptions().withDefaults()}
	cut.restOld = make([]int, len(bs))
	for i := range bs {
		cut.restOld[i] = i
	}
	cut.opOld = filled(nil, len(bs), -1)
	cut.slotOld = make([]int32, len(bs))
	for _, i := range r.Perm(len(bs)) {
		got, want := cut.oldSet(i), plain.wordSet(bs[i].Norm)
		if !slices.Equal(got, want) {
			t.Fatalf("block %d %q: blockSet %v, wordSet %v", i, bs[i].Norm, got, want)
		}
	}
	if !reflect.DeepEqual(cut.words, plain.words) {
		t.Error("the word ids differ")
	}
}

// TestProbeAsIntersect checks the probe's counts against intersect,
// with sets holding words newer than the marks.
func TestProbeAsIntersect(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	set := func(n, max int) []int32 {
		var s []int32
		for range n {
			s = append(s, int32(r.IntN(max)))
		}
		return sortedSet(s)
	}
	var pr probe
	for range 2000 {
		nwords := 1 + r.IntN(200)
		x := set(r.IntN(50), nwords)
		pr.set(x, nwords)
		for range 5 {
			y := set(r.IntN(50), nwords+r.IntN(20))
			if got, want := pr.shared(y), intersect(y, x); got != want {
				t.Fatalf("x %v y %v: probe %d, intersect %d", x, y, got, want)
			}
		}
	}
}

// TestTokenLenFastPath checks tokenLen's shortcuts for ASCII words and
// single spaces against the general path at every position of random
// texts.
func TestTokenLenFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(35, 36))
	general := func(s string, i int) int {
		if i >= 2 && s[i-2] == ']' && s[i-1] == '(' {
			if n := linkTargetLen(s, i); n > 0 {
				return n
			}
		}
		return runeTokenLen(s, i)
	}
	for range 500 {
		s := randomText(r, r.IntN(40))
		for i := range len(s) {
			if got, want := tokenLen(s, i), general(s, i); got != want {
				t.Fatalf("%q at %d: %d, want %d", s, i, got, want)
			}
		}
	}
}

// TestHasPrefixFold checks hasPrefixFold against strings.EqualFold,
// with the runes outside ASCII that fold to ASCII letters.
func TestHasPrefixFold(t *testing.T) {
	r := rand.New(rand.NewPCG(37, 38))
	parts := []string{"h", "H", "t", "T", "p", "P", "s", "S", ":", "/", "f", "F", "m", "a", "i", "l",
		"o", "w", "W", ".", "\u212a", "ſ", "\x1a", "\x0f", "\xff", "ø"}
	prefixes := []string{"http://", "https://", "ftp://", "mailto:", "www."}
	for range 20000 {
		p := prefixes[r.IntN(len(prefixes))]
		var b strings.Builder
		if r.IntN(2) == 0 {
			// Start from the prefix, some letters in upper case.
			for k := range len(p) {
				c := p[k]
				if r.IntN(3) == 0 {
					c = strings.ToUpper(p[k : k+1])[0]
				}
				b.WriteByte(c)
			}
		}
		for b.Len() < len(p)+2 {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		s := b.String()
		if got, want := hasPrefixFold(s, p), strings.EqualFold(s[:len(p)], p); got != want {
			t.Fatalf("%q, %q: %v, want %v", s, p, got, want)
		}
	}
}

// TestMovedEditedScores checks the similarity of the blocks paired across
// regions against dice over word sets made afresh, with all pairs
// compared and with MaxPairs so low that only blocks sharing a rare word
// are.
func TestMovedEditedScores(t *testing.T) {
	old, new := scatteredRewrite(120)
	for _, maxPairs := range []int{0, 3000} {
		opt := DefaultOptions()
		if maxPairs > 0 {
			opt.MaxPairs = maxPairs
		}
		moved := 0
		for _, op := range Blocks(old, new, opt) {
			if op.Kind != Moved || !op.Edited {
				continue
			}
			moved++
			a := &aligner{opt: opt}
			want := dice(a.wordSet(old[op.Old[0]].Norm), a.wordSet(new[op.New[0]].Norm))
			if op.Similarity != want {
				t.Errorf("MaxPairs %d: moved %v -> %v scores %v, want %v", maxPairs, op.Old, op.New, op.Similarity, want)
			}
		}
		if moved == 0 {
			t.Errorf("MaxPairs %d: no block moved and edited", maxPairs)
		}
	}
}

// TestNormHashClashes checks that matchEqual tells Norms apart by their
// text when they share a hash: with one hash for every Norm, and with
// three, the ops are those made with Block.NormHash, on blocks drawn from
// a few texts, so that most have equals on both sides.
func TestNormHashClashes(t *testing.T) {
	defer func(f func(*document.Block) uint64) { normHash = f }(normHash)
	clash := map[string]func(*document.Block) uint64{
		"one hash":     func(*document.Block) uint64 { return 0 },
		"three hashes": func(b *document.Block) uint64 { return uint64(len(b.Norm) % 3) },
	}
	r := rand.New(rand.NewPCG(41, 42))
	texts := make([]string, 12)
	for k := range texts {
		texts[k] = randomText(r, 3+r.IntN(8))
	}
	draw := func() []document.Block {
		bs := make([]document.Block, 1+r.IntN(20))
		for k := range bs {
			bs[k] = blk(texts[r.IntN(len(texts))])
		}
		return bs
	}
	for k := range 500 {
		old, new := draw(), draw()
		normHash = (*document.Block).NormHash
		want := Blocks(old, new, DefaultOptions())
		for name, h := range clash {
			normHash = h
			if got := Blocks(old, new, DefaultOptions()); !reflect.DeepEqual(got, want) {
				t.Fatalf("case %d, %s: got %v, want %v", k, name, opStrings(got), opStrings(want))
			}
		}
	}
}
