// Package myers diffs two sequences of ids, giving the very script that
// go-diff's DiffMainRunes gives for them with no timeout. go-diff wants
// runes and answers in strings, and allocates its Myers arrays, every
// split and every merged text afresh; a Differ works on the ids
// themselves and keeps its arrays. It takes go-diff's steps (common ends,
// the same short cuts, the middle snake found in the same order, the same
// clean-up merge), with each piece of text held as a length: the pieces
// tile both sides in order, so where a piece's text is needed it is read
// off the ids at its place. The tests hold the two together.
package myers

import "slices"

// Op is what a piece of a script does with its ids.
type Op uint8

const (
	Equal Op = iota
	Delete
	Insert
)

// Piece is one piece of a script: N ids kept, deleted or inserted. Like
// go-diff's, a script may hold pieces of length 0.
type Piece struct {
	Op Op
	N  int
}

// Differ is the scratch of a run of diffs: the two Myers arrays, used by
// one bisection at a time, and the script being built. The zero Differ
// is ready; it is not safe for concurrent use.
type Differ struct {
	v      []int
	pieces []Piece
}

// Script returns go-diff's script of x against y; it is valid until the
// next call.
func (m *Differ) Script(x, y []int32) []Piece {
	m.pieces = m.main(m.pieces[:0], x, y)
	return m.pieces
}

// main appends the script of x against y to ds (go-diff's diffMainRunes).
func (m *Differ) main(ds []Piece, x, y []int32) []Piece {
	if slices.Equal(x, y) {
		if len(x) > 0 {
			ds = append(ds, Piece{Equal, len(x)})
		}
		return ds
	}
	from := len(ds)
	p := commonPrefix(x, y)
	s := commonSuffix(x[p:], y[p:])
	if p > 0 {
		ds = append(ds, Piece{Equal, p})
	}
	ds = m.compute(ds, x[p:len(x)-s], y[p:len(y)-s])
	if s > 0 {
		ds = append(ds, Piece{Equal, s})
	}
	// Room for the piece cleanupMerge appends, so that it grows ds, which
	// Script keeps, and not a copy it would drop.
	ds = slices.Grow(ds, 1)
	return append(ds[:from], cleanupMerge(ds[from:], x, y)...)
}

// compute appends the script of x against y, which share no first and no
// last id (go-diff's diffCompute without its timeout-only half match).
func (m *Differ) compute(ds []Piece, x, y []int32) []Piece {
	switch {
	case len(x) == 0:
		return append(ds, Piece{Insert, len(y)})
	case len(y) == 0:
		return append(ds, Piece{Delete, len(x)})
	}
	long, short, op := y, x, Insert
	if len(x) > len(y) {
		long, short, op = x, y, Delete
	}
	if i := index(long, short); i >= 0 {
		return append(ds, Piece{op, i}, Piece{Equal, len(short)}, Piece{op, len(long) - i - len(short)})
	}
	if len(short) == 1 {
		return append(ds, Piece{Delete, len(x)}, Piece{Insert, len(y)})
	}
	return m.bisect(ds, x, y)
}

// bisect finds the middle snake of x and y (Myers 1986) in go-diff's
// order, and appends the scripts of the two halves it splits them into.
func (m *Differ) bisect(ds []Piece, x, y []int32) []Piece {
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
	return append(ds, Piece{Delete, n}, Piece{Insert, mm})
}

// cleanupMerge is go-diff's DiffCleanupMerge for a script ds of x against
// y: each run of edits between equalities becomes one deletion and one
// insertion, with their common start and end moved into the equalities,
// and a single edit between two equalities is shifted over one of them
// where its text allows, which removes that equality.
func cleanupMerge(ds []Piece, x, y []int32) []Piece {
	ds = append(ds, Piece{Equal, 0})
	ptr := 0
	nd, ni := 0, 0 // pieces deleted and inserted since the last equality
	ld, li := 0, 0 // their lengths, so that they are x[i-ld:i] and y[j-li:j]
	i, j := 0, 0   // where ds[ptr] starts in x and y
	for ptr < len(ds) {
		s := ds[ptr]
		switch s.Op {
		case Insert:
			ni, li, j = ni+1, li+s.N, j+s.N
			ptr++
			continue
		case Delete:
			nd, ld, i = nd+1, ld+s.N, i+s.N
			ptr++
			continue
		}
		switch {
		case nd+ni > 1:
			if nd != 0 && ni != 0 {
				if c := commonPrefix(y[j-li:j], x[i-ld:i]); c != 0 {
					if k := ptr - nd - ni; k > 0 && ds[k-1].Op == Equal {
						ds[k-1].N += c
					} else {
						ds = slices.Insert(ds, 0, Piece{Equal, c})
						ptr++
					}
					li, ld = li-c, ld-c
				}
				if c := commonSuffix(y[j-li:j], x[i-ld:i]); c != 0 {
					ds[ptr].N += c
					li, ld, i, j = li-c, ld-c, i-c, j-c
				}
			}
			k := ptr - nd - ni
			switch {
			case nd == 0:
				ds = slices.Replace(ds, k, ptr, Piece{Insert, li})
			case ni == 0:
				ds = slices.Replace(ds, k, ptr, Piece{Delete, ld})
			default:
				ds = slices.Replace(ds, k, ptr, Piece{Delete, ld}, Piece{Insert, li})
			}
			ptr = k + min(nd, 1) + min(ni, 1) // the equality
			i, j = i+ds[ptr].N, j+ds[ptr].N
			ptr++
		case ptr != 0 && ds[ptr-1].Op == Equal:
			ds[ptr-1].N += s.N
			ds = slices.Delete(ds, ptr, ptr+1)
			i, j = i+s.N, j+s.N
		default:
			i, j = i+s.N, j+s.N
			ptr++
		}
		nd, ni, ld, li = 0, 0, 0, 0
	}
	if ds[len(ds)-1].N == 0 {
		ds = ds[:len(ds)-1]
	}

	// The shifts: A<ins>BA</ins>C becomes <ins>AB</ins>AC.
	changed := false
	i, j = 0, 0 // where ds[ptr-1] starts
	for ptr := 1; ptr < len(ds)-1; ptr++ {
		prev, e, next := ds[ptr-1], ds[ptr], ds[ptr+1]
		if prev.Op == Equal && next.Op == Equal {
			ei, ej := i+prev.N, j+prev.N
			var edit []int32
			nx := ei // where next starts in x
			if e.Op == Insert {
				edit = y[ej : ej+e.N]
			} else {
				edit, nx = x[ei:ei+e.N], ei+e.N
			}
			switch {
			case hasSuffix(edit, x[i:i+prev.N]):
				ds[ptr+1].N += prev.N
				ds = slices.Delete(ds, ptr-1, ptr)
				changed = true
			case hasPrefix(edit, x[nx:nx+next.N]):
				ds[ptr-1].N += next.N
				ds = slices.Delete(ds, ptr+1, ptr+2)
				changed = true
			}
		}
		switch s := ds[ptr-1]; s.Op {
		case Equal:
			i, j = i+s.N, j+s.N
		case Delete:
			i += s.N
		case Insert:
			j += s.N
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
