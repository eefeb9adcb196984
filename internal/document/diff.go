package document

import (
	"bytes"
	"hash/maphash"
	"math/bits"
	"sort"
	"sync"
)

// change is one stretch where two versions of a body differ: old[o:oe]
// became new[n:ne]. Between two changes the bodies are equal.
type change struct{ o, oe, n, ne int }

// minSplit is the smallest middle (the bytes between the common prefix
// and suffix) worth splitting into several changes: below it the lines
// are too few for two changes to fall in different blocks. It and
// minGap are variables only so that tests can lower them and have small
// pages parsed in many regions.
var minSplit = 256

// changes returns where body old became body new, in order, with equal
// text between consecutive changes; nil when they are equal. The changes
// need not be minimal (ParseNext widens each to block boundaries anyway);
// only the text between them must be equal, and it is, byte for byte.
func changes(old, new []byte) []change {
	p := commonPrefix(old, new)
	s := commonSuffix(old[p:], new[p:])
	oe, ne := len(old)-s, len(new)-s
	if p == oe && p == ne {
		return nil
	}
	if min(oe-p, ne-p) < max(minSplit, 1) {
		return []change{{p, oe, p, ne}}
	}
	var out []change
	o, n := p, p // where the text not yet matched starts
	for _, m := range matchLines(old[p:oe], new[p:ne]) {
		if m.n < minGap {
			// ParseNext would parse it again with the changes around
			// it anyway (see widen).
			continue
		}
		mo, mn := p+m.x, p+m.y
		if mo > o || mn > n {
			out = append(out, change{o, mo, n, mn})
		}
		o, n = mo+m.n, mn+m.n
	}
	if o < oe || n < ne {
		out = append(out, change{o, oe, n, ne})
	}
	return out
}

// match says that x[x:x+n] equals y[y:y+n].
type match struct{ x, y, n int }

// matchLines finds equal runs of whole lines in x and y, in order and
// without overlap, the way patience diff starts: the lines that occur
// once in x and once in y are paired, the longest chain of pairs in the
// same order on both sides is kept, and each pair grows into the equal
// lines around it. Lines that repeat (blank lines, table rule lines) are
// matched only by that growth. The work is O(L log L) in the number of
// lines whatever the input, and the result depends on nothing but x and
// y (the hash table is only looked up, never walked).
func matchLines(x, y []byte) []match {
	s := linePool.Get().(*lineScratch)
	xs, ys := lineStarts(s.xs[:0], x), lineStarts(s.ys[:0], y)
	xh, yh := lineHashes(s.xh, x, xs), lineHashes(s.yh, y, ys)
	// How often each line occurs on each side, by hash; a collision
	// only makes two lines look alike here, and every match below is
	// checked byte for byte.
	// The table is open-addressed by the hash itself (maphash spreads
	// it), at most two thirds full; it is only looked up, never walked.
	// Counts stop at 2 (only "once" matters); a slot is free while both
	// are 0, and id's callers count at once what it hands them.
	n := len(xh) + len(yh)
	counts := grow(s.counts, n+n/2+1)
	clear(counts)
	id := func(h uint64) *lineCount {
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
	pairs := s.pairs[:0]
	for i, h := range xh {
		if c := id(h); c.nx == 1 && c.ny == 1 && same(i, int(c.y)) {
			pairs = append(pairs, linePair{int32(i), c.y, -1})
		}
	}
	tails := s.tails[:0]
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
	chain := s.chain[:0]
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
	if len(counts) <= maxLineScratch {
		*s = lineScratch{xs, ys, xh, yh, counts, pairs, tails, chain}
		linePool.Put(s)
	}
	return out
}

// lineCount is matchLines' entry for the lines of one hash: how often
// they occur in x and y (up to 2), and the last in y.
type lineCount struct {
	h      uint64
	y      int32
	nx, ny uint8
}

// linePair pairs line x of x with line y of y; back is the pair before
// it in the longest chain ending with it.
type linePair struct{ x, y, back int32 }

// lineScratch is matchLines' working memory, kept for the next call:
// a table freshly allocated for each call is memory new to the process,
// and touching it the first time, at random places, took half of
// matchLines' time over the version pairs of the corpus; the tables
// were also 84 MB of the 2.4 GB that a log of the corpus allocated.
type lineScratch struct {
	xs, ys []int
	xh, yh []uint64
	counts []lineCount
	pairs  []linePair
	tails  []int32
	chain  []linePair
}

// maxLineScratch is the largest table (in entries, about 1.5 per line)
// whose scratch goes back to the pool, so that what it holds stays
// small.
const maxLineScratch = 1 << 16

var linePool = sync.Pool{New: func() any { return new(lineScratch) }}

// grow returns s with length n, reusing its memory when it can.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// lineStarts appends to out the offsets where the lines of src start,
// and len(src) last; the last line need not end with a newline.
func lineStarts(out []int, src []byte) []int {
	out = append(out, 0)
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

// seed makes the line hashes; they never leave the process.
var seed = maphash.MakeSeed()

// lineHashes returns the hash of each line of src, whose lines start at
// starts (as lineStarts gives), in out's memory when it has room.
func lineHashes(out []uint64, src []byte, starts []int) []uint64 {
	out = grow(out, len(starts)-1)
	for i := range out {
		out[i] = maphash.Bytes(seed, src[starts[i]:starts[i+1]])
	}
	return out
}
