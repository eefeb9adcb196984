package align

import "slices"

// The leaves of a diff (see differ.leaf) are answered here rather than by
// go-diff: go-diff wants runes and answers in strings, and allocates its
// Myers arrays, every split and every merged text afresh, which made it
// most of what a word diff allocated. myers gives, over the token ids
// themselves and with its arrays kept, the very script that go-diff's
// DiffMainRunes gives with no timeout: the same steps (common ends, the
// same short cuts, the middle snake found in the same order, the same
// clean-up merge), with each piece of text held as a length. The pieces
// tile both sides in order, so where a piece's text is needed it is read
// off the ids at its place. TestMyersMatchesGoDiff and
// TestCleanupMergeMatchesGoDiff hold the two together.

type segOp uint8

const (
	segEqual segOp = iota
	segDelete
	segInsert
)

// seg is one piece of a script: n ids kept, deleted or inserted. Like
// go-diff's, a script may hold pieces of length 0.
type seg struct {
	op segOp
	n  int
}

// myers is the scratch of the leaf diffs: the two Myers arrays, used by
// one bisection at a time, and the script being built.
type myers struct {
	v    []int
	segs []seg
}

// script returns go-diff's script of x against y; it is valid until the
// next call.
func (m *myers) script(x, y []int32) []seg {
	m.segs = m.main(m.segs[:0], x, y)
	return m.segs
}

// main appends the script of x against y to ds (go-diff's diffMainRunes).
func (m *myers) main(ds []seg, x, y []int32) []seg {
	if slices.Equal(x, y) {
		if len(x) > 0 {
			ds = append(ds, seg{segEqual, len(x)})
		}
		return ds
	}
	from := len(ds)
	p := commonPrefix(x, y)
	s := commonSuffix(x[p:], y[p:])
	if p > 0 {
		ds = append(ds, seg{segEqual, p})
	}
	ds = m.compute(ds, x[p:len(x)-s], y[p:len(y)-s])
	if s > 0 {
		ds = append(ds, seg{segEqual, s})
	}
	return append(ds[:from], cleanupMerge(ds[from:], x, y)...)
}

// compute appends the script of x against y, which share no first and no
// last id (go-diff's diffCompute without its timeout-only half match).
func (m *myers) compute(ds []seg, x, y []int32) []seg {
	switch {
	case len(x) == 0:
		return append(ds, seg{segInsert, len(y)})
	case len(y) == 0:
		return append(ds, seg{segDelete, len(x)})
	}
	long, short, op := y, x, segInsert
	if len(x) > len(y) {
		long, short, op = x, y, segDelete
	}
	if i := index(long, short); i >= 0 {
		return append(ds, seg{op, i}, seg{segEqual, len(short)}, seg{op, len(long) - i - len(short)})
	}
	if len(short) == 1 {
		return append(ds, seg{segDelete, len(x)}, seg{segInsert, len(y)})
	}
	return m.bisect(ds, x, y)
}

// bisect finds the middle snake of x and y (Myers 1986) in go-diff's
// order, and appends the scripts of the two halves it splits them into.
func (m *myers) bisect(ds []seg, x, y []int32) []seg {
	n, mm := len(x), len(y)
	maxD := (n + mm + 1) / 2
	off, vlen := maxD, 2*maxD
	m.v = slices.Grow(m.v[:0], 2*vlen)[:2*vlen]
	v1, v2 := m.v[:vlen], m.v[vlen:]
	for k := range m.v {
		m.v[k] = -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - mm
	// With an odd delta the forward path meets the reverse one, else the
	// reverse path meets the forward one.
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for d := 0; d < maxD; d++ {
		for k1 := -d + k1start; k1 <= d-k1end; k1 += 2 {
			i1 := off + k1
			var x1 int
			if k1 == -d || k1 != d && v1[i1-1] < v1[i1+1] {
				x1 = v1[i1+1]
			} else {
				x1 = v1[i1-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < mm && x[x1] == y[y1] {
				x1++
				y1++
			}
			v1[i1] = x1
			switch {
			case x1 > n:
				k1end += 2
			case y1 > mm:
				k1start += 2
			case front:
				if i2 := off + delta - k1; i2 >= 0 && i2 < vlen && v2[i2] != -1 && x1 >= n-v2[i2] {
					return m.main(m.main(ds, x[:x1], y[:y1]), x[x1:], y[y1:])
				}
			}
		}
		for k2 := -d + k2start; k2 <= d-k2end; k2 += 2 {
			i2 := off + k2
			var x2 int
			if k2 == -d || k2 != d && v2[i2-1] < v2[i2+1] {
				x2 = v2[i2+1]
			} else {
				x2 = v2[i2-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < mm && x[n-x2-1] == y[mm-y2-1] {
				x2++
				y2++
			}
			v2[i2] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > mm:
				k2start += 2
			case !front:
				if i1 := off + delta - k2; i1 >= 0 && i1 < vlen && v1[i1] != -1 {
					x1 := v1[i1]
					y1 := off + x1 - i1
					if x1 >= n-x2 {
						return m.main(m.main(ds, x[:x1], y[:y1]), x[x1:], y[y1:])
					}
				}
			}
		}
	}
	return append(ds, seg{segDelete, n}, seg{segInsert, mm})
}

// cleanupMerge is go-diff's DiffCleanupMerge for a script ds of x against
// y: each run of edits between equalities becomes one deletion and one
// insertion, with their common start and end moved into the equalities,
// and a single edit between two equalities is shifted over one of them
// where its text allows, which removes that equality.
func cleanupMerge(ds []seg, x, y []int32) []seg {
	ds = append(ds, seg{segEqual, 0})
	ptr := 0
	nd, ni := 0, 0 // pieces deleted and inserted since the last equality
	ld, li := 0, 0 // their lengths, so that they are x[i-ld:i] and y[j-li:j]
	i, j := 0, 0   // where ds[ptr] starts in x and y
	for ptr < len(ds) {
		s := ds[ptr]
		switch s.op {
		case segInsert:
			ni, li, j = ni+1, li+s.n, j+s.n
			ptr++
			continue
		case segDelete:
			nd, ld, i = nd+1, ld+s.n, i+s.n
			ptr++
			continue
		}
		switch {
		case nd+ni > 1:
			if nd != 0 && ni != 0 {
				if c := commonPrefix(y[j-li:j], x[i-ld:i]); c != 0 {
					if k := ptr - nd - ni; k > 0 && ds[k-1].op == segEqual {
						ds[k-1].n += c
					} else {
						ds = slices.Insert(ds, 0, seg{segEqual, c})
						ptr++
					}
					li, ld = li-c, ld-c
				}
				if c := commonSuffix(y[j-li:j], x[i-ld:i]); c != 0 {
					ds[ptr].n += c
					li, ld, i, j = li-c, ld-c, i-c, j-c
				}
			}
			k := ptr - nd - ni
			switch {
			case nd == 0:
				ds = slices.Replace(ds, k, ptr, seg{segInsert, li})
			case ni == 0:
				ds = slices.Replace(ds, k, ptr, seg{segDelete, ld})
			default:
				ds = slices.Replace(ds, k, ptr, seg{segDelete, ld}, seg{segInsert, li})
			}
			ptr = k + min(nd, 1) + min(ni, 1) // the equality
			i, j = i+ds[ptr].n, j+ds[ptr].n
			ptr++
		case ptr != 0 && ds[ptr-1].op == segEqual:
			ds[ptr-1].n += s.n
			ds = slices.Delete(ds, ptr, ptr+1)
			i, j = i+s.n, j+s.n
		default:
			i, j = i+s.n, j+s.n
			ptr++
		}
		nd, ni, ld, li = 0, 0, 0, 0
	}
	if ds[len(ds)-1].n == 0 {
		ds = ds[:len(ds)-1]
	}

	// The shifts: A<ins>BA</ins>C becomes <ins>AB</ins>AC.
	changed := false
	i, j = 0, 0 // where ds[ptr-1] starts
	for ptr := 1; ptr < len(ds)-1; ptr++ {
		prev, e, next := ds[ptr-1], ds[ptr], ds[ptr+1]
		if prev.op == segEqual && next.op == segEqual {
			ei, ej := i+prev.n, j+prev.n
			var edit []int32
			nx := ei // where next starts in x
			if e.op == segInsert {
				edit = y[ej : ej+e.n]
			} else {
				edit, nx = x[ei:ei+e.n], ei+e.n
			}
			switch {
			case hasSuffix(edit, x[i:i+prev.n]):
				ds[ptr+1].n += prev.n
				ds = slices.Delete(ds, ptr-1, ptr)
				changed = true
			case hasPrefix(edit, x[nx:nx+next.n]):
				ds[ptr-1].n += next.n
				ds = slices.Delete(ds, ptr+1, ptr+2)
				changed = true
			}
		}
		switch s := ds[ptr-1]; s.op {
		case segEqual:
			i, j = i+s.n, j+s.n
		case segDelete:
			i += s.n
		case segInsert:
			j += s.n
		}
	}
	if changed {
		return cleanupMerge(ds, x, y)
	}
	return ds
}

func commonPrefix(x, y []int32) int {
	n := 0
	for n < len(x) && n < len(y) && x[n] == y[n] {
		n++
	}
	return n
}

func commonSuffix(x, y []int32) int {
	n := 0
	for n < len(x) && n < len(y) && x[len(x)-1-n] == y[len(y)-1-n] {
		n++
	}
	return n
}

// index is the first place where short occurs in long, or -1.
func index(long, short []int32) int {
	for i := 0; i+len(short) <= len(long); i++ {
		if slices.Equal(long[i:i+len(short)], short) {
			return i
		}
	}
	return -1
}

func hasPrefix(s, p []int32) bool { return len(s) >= len(p) && slices.Equal(s[:len(p)], p) }

func hasSuffix(s, p []int32) bool { return len(s) >= len(p) && slices.Equal(s[len(s)-len(p):], p) }
