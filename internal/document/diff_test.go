package document

import (
	"bytes"
	"hash/maphash"
	"math/bits"
	"math/rand"
	"reflect"
	"sort"
	"testing"
)

// TestMatchLinesOracle checks that matchLines, which keeps its working
// memory in a pool, finds what the version allocating it afresh found,
// on generated pairs of pages (lines drawn from a few, so that some
// repeat) and on the corpus.
func TestMatchLinesOracle(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	words := []string{"", "a", "b", "Text of a line", "| --- |", "- item", "# Heading", "1. one"}
	page := func(n int) []byte {
		var b []byte
		for range n {
			b = append(b, words[r.Intn(len(words))]...)
			if r.Intn(3) == 0 {
				b = append(b, byte('0'+r.Intn(10)))
			}
			b = append(b, '\n')
		}
		if len(b) > 0 && r.Intn(2) == 0 {
			b = b[:len(b)-1]
		}
		return b
	}
	check := func(x, y []byte) {
		t.Helper()
		if got, want := matchLines(x, y), oldMatchLines(x, y); !reflect.DeepEqual(got, want) {
			t.Fatalf("matchLines(%q, %q) = %v, want %v", x, y, got, want)
		}
	}
	for i := range 3000 {
		x := page(r.Intn(1 << (i % 12)))
		y := page(r.Intn(1 << (i % 12)))
		check(x, y)
		// A copy with some lines changed, as a version of a page is.
		z := bytes.Clone(x)
		for k := 0; k < len(z); k += 1 + r.Intn(200) {
			z[k] = 'x'
		}
		check(x, z)
	}
	if testing.Short() {
		return
	}
	c := openCorpus(t)
	for i, ch := range c.changes {
		if i%5 != 0 {
			continue
		}
		x, err := c.blob(ch.old)
		if err != nil {
			t.Fatal(err)
		}
		y, err := c.blob(ch.new)
		if err != nil {
			t.Fatal(err)
		}
		check(x, y)
	}
}

// BenchmarkMatchLines compares matchLines with oldMatchLines on the
// version pairs of the corpus.
func BenchmarkMatchLines(b *testing.B) {
	c := openCorpus(b)
	var xs, ys [][]byte
	for i, ch := range c.changes {
		if i%3 != 0 {
			continue
		}
		x, _ := c.blob(ch.old)
		y, _ := c.blob(ch.new)
		p := commonPrefix(x, y)
		s := commonSuffix(x[p:], y[p:])
		xs, ys = append(xs, x[p:len(x)-s]), append(ys, y[p:len(y)-s])
	}
	for _, v := range []struct {
		name string
		f    func(x, y []byte) []match
	}{{"new", matchLines}, {"old", oldMatchLines}} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				for k := range xs {
					v.f(xs[k], ys[k])
				}
			}
		})
	}
}

// oldMatchLines is matchLines as it was before it kept its memory in a
// pool, the oracle of TestMatchLinesOracle.
func oldMatchLines(x, y []byte) []match {
	xs, ys := oldLineStarts(x), oldLineStarts(y)
	xh, yh := oldLineHashes(x, xs), oldLineHashes(y, ys)
	// How often each line occurs on each side, by hash; a collision
	// only makes two lines look alike here, and every match below is
	// checked byte for byte.
	// The table is open-addressed by the hash itself (maphash spreads
	// it), at most two thirds full; it is only looked up, never walked.
	// Counts stop at 2 (only "once" matters); a slot is free while both
	// are 0, and id's callers count at once what it hands them.
	type count struct {
		h      uint64
		y      int32
		nx, ny uint8
	}
	n := len(xh) + len(yh)
	counts := make([]count, n+n/2+1)
	id := func(h uint64) *count {
		k, _ := bits.Mul64(h, uint64(len(counts))) // h scaled to the table
		for ; ; k++ {
			if k == uint64(len(counts)) {
				k = 0
			}
			c := &counts[k]
			if c.nx == 0 && c.ny == 0 {
				c.h = h
				return c
			}
			if c.h == h {
				return c
			}
		}
	}
	for _, h := range xh {
		if c := id(h); c.nx < 2 {
			c.nx++
		}
	}
	for i, h := range yh {
		c := id(h)
		if c.ny < 2 {
			c.ny++
		}
		c.y = int32(i)
	}
	same := func(i, j int) bool {
		return xh[i] == yh[j] && bytes.Equal(x[xs[i]:xs[i+1]], y[ys[j]:ys[j+1]])
	}

	// Pairs of unique lines, in x order; keep the longest chain
	// increasing in y (patience sorting: tails[k] is the pair ending the
	// best chain of length k+1 found so far).
	type pair struct{ x, y, back int32 }
	pairs := make([]pair, 0, min(len(xh), len(yh)))
	for i, h := range xh {
		if c := id(h); c.nx == 1 && c.ny == 1 && same(i, int(c.y)) {
			pairs = append(pairs, pair{int32(i), c.y, -1})
		}
	}
	var tails []int32
	for i := range pairs {
		k := sort.Search(len(tails), func(k int) bool { return pairs[tails[k]].y >= pairs[i].y })
		if k > 0 {
			pairs[i].back = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, int32(i))
		} else {
			tails[k] = int32(i)
		}
	}
	chain := make([]pair, 0, len(tails))
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = pairs[i].back {
			chain = append(chain, pairs[i])
		}
	}

	// Grow each pair of the chain (taken in order) over the equal lines
	// before and after it, not back into what is already matched. A pair
	// inside a run grown from an earlier one is already part of it: its
	// line is unique on both sides, so the growth matched it to its pair.
	var out []match
	px, py := 0, 0 // lines matched so far end here
	for k := len(chain) - 1; k >= 0; k-- {
		i, j := int(chain[k].x), int(chain[k].y)
		if i < px || j < py {
			continue
		}
		for i > px && j > py && same(i-1, j-1) {
			i, j = i-1, j-1
		}
		e, f := int(chain[k].x)+1, int(chain[k].y)+1
		for e < len(xh) && f < len(yh) && same(e, f) {
			e, f = e+1, f+1
		}
		if n := len(out); n > 0 && i == px && j == py {
			out[n-1].n = xs[e] - out[n-1].x
		} else {
			out = append(out, match{xs[i], ys[j], xs[e] - xs[i]})
		}
		px, py = e, f
	}
	return out
}

func oldLineStarts(src []byte) []int {
	out := make([]int, 1, bytes.Count(src, []byte{'\n'})+2)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 || i+j+1 == len(src) {
			break
		}
		i += j + 1
		out = append(out, i)
	}
	return append(out, len(src))
}

func oldLineHashes(src []byte, starts []int) []uint64 {
	out := make([]uint64, len(starts)-1)
	for i := range out {
		out[i] = maphash.Bytes(seed, src[starts[i]:starts[i+1]])
	}
	return out
}
