package align

import (
	"slices"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/digdir/redline/internal/align/myers"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// hunk is a run of an edit script over two id sequences: equal (a and b
// ranges of the same length and content) or a change (a range deleted, b
// range inserted; either may be empty). Hunks tile both sequences in order.
type hunk struct {
	eq     bool
	a0, a1 int
	b0, b1 int
}

// Leaf sizes for go-diff. Myers' algorithm costs up to (n+m)² steps when
// the texts differ a lot, so a sub-problem goes to go-diff only when n+m is
// at most leafSize; larger ones are first cut at tokens unique to both
// sides (patience anchors). When no anchor exists the problem is halved by
// position, and the halves use the smaller leaf so that the worst case stays
// near linear. These bounds count tokens, not time, so the result never
// depends on machine load.
const (
	leafSize     = 1024
	fallbackLeaf = 256
	maxDepth     = 64
)

// differ computes an edit script between two id sequences with bounded
// work. Ids are dense (0..nid-1), so per-id scratch lives in slices.
type differ struct {
	a, b    []int32
	timeout time.Duration
	out     []hunk

	cntA, cntB []int32 // occurrences in the current sub-problem
	posB       []int32 // last position in b of each id
	local      []int32 // id -> rune in the current go-diff leaf, -1 if none
	touched    []int32
	runes      []rune // the two sides of a leaf, for go-diff (which copies what it keeps)
	dmp        *diffmatchpatch.DiffMatchPatch
	myers      myers.Differ // the leaves without a timeout
}

func newDiffer(a, b []int32, nid int, timeout time.Duration) *differ {
	d := &differ{a: a, b: b, timeout: timeout}
	d.cntA = make([]int32, nid)
	d.cntB = make([]int32, nid)
	d.posB = make([]int32, nid)
	d.local = make([]int32, nid)
	for i := range d.local {
		d.local[i] = -1
	}
	return d
}

// diffIDs returns hunks tiling a and b. nid bounds the ids in a and b.
func diffIDs(a, b []int32, nid int, timeout time.Duration) []hunk {
	d := newDiffer(a, b, nid, timeout)
	d.diff(0, len(a), 0, len(b), 0, false)
	return d.out
}

// diffIDs is diffIDs with the aligner's differ: its scratch, sized by
// the ids, serves every diff of the aligner and, through the scratch
// pool, of the next. The hunks are valid until the next diff.
func (a *aligner) diffIDs(x, y []int32, nid int) []hunk {
	if a.differ == nil {
		a.differ = newDiffer(nil, nil, nid, a.opt.Timeout)
	}
	return a.differ.rerun(x, y, nid, a.opt.Timeout)
}

// rerun diffs a and b with the scratch of an earlier run, grown to nid
// ids (the runs leave it clean), and go-diff's timeout set to timeout.
// The hunks returned are d's, valid until the next run.
func (d *differ) rerun(a, b []int32, nid int, timeout time.Duration) []hunk {
	d.timeout = timeout
	if d.dmp != nil {
		d.dmp.DiffTimeout = timeout
	}
	for len(d.cntA) < nid {
		d.cntA = append(d.cntA, 0)
		d.cntB = append(d.cntB, 0)
		d.posB = append(d.posB, 0)
		d.local = append(d.local, -1)
	}
	d.a, d.b, d.out = a, b, d.out[:0]
	d.diff(0, len(a), 0, len(b), 0, false)
	return d.out
}

func (d *differ) emit(eq bool, a0, a1, b0, b1 int) {
	if a0 == a1 && b0 == b1 {
		return
	}
	if n := len(d.out); n > 0 && d.out[n-1].eq == eq {
		d.out[n-1].a1, d.out[n-1].b1 = a1, b1
		return
	}
	d.out = append(d.out, hunk{eq, a0, a1, b0, b1})
}

func (d *differ) diff(a0, a1, b0, b1, depth int, fallback bool) {
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		d.emit(true, a0, a0+1, b0, b0+1)
		a0++
		b0++
	}
	sa, sb := a1, b1
	for a0 < sa && b0 < sb && d.a[sa-1] == d.b[sb-1] {
		sa--
		sb--
	}
	d.middle(a0, sa, b0, sb, depth, fallback)
	d.emit(true, sa, a1, sb, b1)
}

func (d *differ) middle(a0, a1, b0, b1, depth int, fallback bool) {
	n, m := a1-a0, b1-b0
	if n == 0 || m == 0 {
		d.emit(false, a0, a1, b0, b1)
		return
	}
	limit := leafSize
	if fallback {
		limit = fallbackLeaf
	}
	if n+m <= limit {
		d.leaf(a0, a1, b0, b1)
		return
	}
	anchors, common := d.anchors(a0, a1, b0, b1)
	if !common {
		d.emit(false, a0, a1, b0, b1)
		return
	}
	if len(anchors) > 0 && depth < maxDepth && !fallback {
		pa, pb := a0, b0
		for _, an := range anchors {
			d.diff(pa, an[0], pb, an[1], depth+1, false)
			d.emit(true, an[0], an[0]+1, an[1], an[1]+1)
			pa, pb = an[0]+1, an[1]+1
		}
		d.diff(pa, a1, pb, b1, depth+1, false)
		return
	}
	am, bm := a0+n/2, b0+m/2
	d.diff(a0, am, b0, bm, depth+1, true)
	d.diff(am, a1, bm, b1, depth+1, true)
}

// anchors returns the patience anchors of a sub-problem: ids that occur
// exactly once on each side, in the longest run that keeps both orders.
// common reports whether the two sides share any id at all.
func (d *differ) anchors(a0, a1, b0, b1 int) (anchors [][2]int, common bool) {
	for i := a0; i < a1; i++ {
		id := d.a[i]
		if d.cntA[id] == 0 && d.cntB[id] == 0 {
			d.touched = append(d.touched, id)
		}
		d.cntA[id]++
	}
	for j := b0; j < b1; j++ {
		id := d.b[j]
		if d.cntA[id] == 0 && d.cntB[id] == 0 {
			d.touched = append(d.touched, id)
		}
		d.cntB[id]++
		d.posB[id] = int32(j)
	}
	var cand [][2]int
	for i := a0; i < a1; i++ {
		id := d.a[i]
		if d.cntB[id] > 0 {
			common = true
		}
		if d.cntA[id] == 1 && d.cntB[id] == 1 {
			cand = append(cand, [2]int{i, int(d.posB[id])})
		}
	}
	for _, id := range d.touched {
		d.cntA[id], d.cntB[id] = 0, 0
	}
	d.touched = d.touched[:0]
	return longestIncreasing(cand), common
}

// longestIncreasing returns the longest subsequence of pairs (already
// increasing in [0]) that also increases in [1], by patience sorting.
func longestIncreasing(p [][2]int) [][2]int {
	if len(p) == 0 {
		return nil
	}
	tails := []int{} // index into p of the smallest tail of each length
	prev := make([]int, len(p))
	for i, x := range p {
		k := sort.Search(len(tails), func(k int) bool { return p[tails[k]][1] >= x[1] })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make([][2]int, len(tails))
	for i, k := tails[len(tails)-1], len(tails)-1; k >= 0; i, k = prev[i], k-1 {
		out[k] = p[i]
	}
	return out
}

// leaf diffs a small sub-problem as go-diff would (see package myers); with a
// timeout, go-diff itself runs it, as only go-diff keeps to one.
func (d *differ) leaf(a0, a1, b0, b1 int) {
	if d.timeout > 0 {
		d.goDiff(a0, a1, b0, b1)
		return
	}
	i, j := a0, b0
	for _, p := range d.myers.Script(d.a[a0:a1], d.b[b0:b1]) {
		switch p.Op {
		case myers.Equal:
			d.emit(true, i, i+p.N, j, j+p.N)
			i, j = i+p.N, j+p.N
		case myers.Delete:
			d.emit(false, i, i+p.N, j, j)
			i += p.N
		case myers.Insert:
			d.emit(false, i, i, j, j+p.N)
			j += p.N
		}
	}
}

// goDiff runs go-diff on a small sub-problem. Each distinct id becomes one
// rune (skipping the surrogate range, which does not survive a round trip
// through string), so go-diff's character diff is a token diff.
func (d *differ) goDiff(a0, a1, b0, b1 int) {
	next := int32(0)
	d.runes = slices.Grow(d.runes[:0], a1-a0+b1-b0)
	enc := func(ids []int32) []rune {
		lo := len(d.runes)
		d.runes = d.runes[:lo+len(ids)]
		rs := d.runes[lo:len(d.runes):len(d.runes)]
		for k, id := range ids {
			if d.local[id] < 0 {
				if next == 0xD800 {
					next = 0xE000
				}
				d.local[id] = next
				d.touched = append(d.touched, id)
				next++
			}
			rs[k] = rune(d.local[id])
		}
		return rs
	}
	ra, rb := enc(d.a[a0:a1]), enc(d.b[b0:b1])
	for _, id := range d.touched {
		d.local[id] = -1
	}
	d.touched = d.touched[:0]

	if d.dmp == nil {
		d.dmp = diffmatchpatch.New()
		d.dmp.DiffTimeout = d.timeout
	}
	i, j := a0, b0
	for _, df := range d.dmp.DiffMainRunes(ra, rb, false) {
		k := utf8.RuneCountInString(df.Text)
		switch df.Type {
		case diffmatchpatch.DiffEqual:
			d.emit(true, i, i+k, j, j+k)
			i, j = i+k, j+k
		case diffmatchpatch.DiffDelete:
			d.emit(false, i, i+k, j, j)
			i += k
		case diffmatchpatch.DiffInsert:
			d.emit(false, i, i, j, j+k)
			j += k
		}
	}
	// go-diff covers both inputs; if it ever did not, say the rest changed
	// rather than lose text.
	if i < a1 || j < b1 {
		d.emit(false, i, a1, j, b1)
	}
}
