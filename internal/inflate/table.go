package inflate

import (
	"errors"
	"math/bits"
)

// A table decodes a Huffman code: its first level is indexed by the
// next bits of the stream (first bit lowest), up to the longest code or
// the root bits; longer codes go on to a second level, one sub-table for
// each first-level prefix, as deep as its longest code. An entry holds:
//
//	bits 0-3   the bits to consume: the code's length, or the root bits
//	           of an entry that leads to a sub-table (whose own entries
//	           hold the rest of the length)
//	bits 4-7   flags: literal, end of block, sub-table, invalid
//	bits 8-11  the extra bits that follow a length or distance code, or
//	           the bits indexing a sub-table
//	bits 16-31 the literal, the base length or distance, the code length
//	           symbol, or where the sub-table starts
type table struct {
	e    []uint32
	bits uint // of the first level
}

const (
	lenMask = 15
	flagLit = 1 << 4
	flagEnd = 1 << 5
	flagSub = 1 << 6
	flagBad = 1 << 7
)

// The root bits: codes up to that long are decoded by one lookup, and a
// dynamic block builds a first level of up to 2^root entries.
const (
	litRoot  = 9
	distRoot = 8
)

// What each symbol decodes to, but for the code's length.
var litInfo, distInfo, clenInfo = symbolInfo()

func symbolInfo() (lit [maxLit + 2]uint32, dist [32]uint32, clen [numClen]uint32) {
	for i := range 256 {
		lit[i] = uint32(i)<<16 | flagLit
	}
	lit[256] = flagEnd
	// Lengths 3-10 take no extra bits, then each extra bit covers four
	// codes, but for 285: 258.
	base := 3
	for i := 257; i < 285; i++ {
		extra := max(0, (i-261)/4)
		lit[i] = uint32(base)<<16 | uint32(extra)<<8
		base += 1 << extra
	}
	lit[285] = 258 << 16
	lit[286], lit[287] = flagBad, flagBad
	// Distances 1-4 take no extra bits, then each extra bit covers two
	// codes.
	base = 1
	for i := range maxDist {
		extra := max(0, i/2-1)
		dist[i] = uint32(base)<<16 | uint32(extra)<<8
		base += 1 << extra
	}
	dist[30], dist[31] = flagBad, flagBad
	for i := range clen {
		clen[i] = uint32(i) << 16
	}
	return
}

// The tables of fixed-Huffman blocks (RFC 1951, 3.2.6), built once.
var fixedLit, fixedDist = fixedTables()

func fixedTables() (lit, dist table) {
	var lens [maxLit + 2]uint8
	for i := range lens {
		switch {
		case i < 144:
			lens[i] = 8
		case i < 256:
			lens[i] = 9
		case i < 280:
			lens[i] = 7
		default:
			lens[i] = 8
		}
	}
	var dlens [32]uint8
	for i := range dlens {
		dlens[i] = 5
	}
	if lit.build(lens[:], litInfo[:], litRoot) != nil || dist.build(dlens[:], distInfo[:], distRoot) != nil {
		panic("inflate: fixed Huffman codes do not build")
	}
	return lit, dist
}

// build makes t decode the canonical code with the given lengths (0 for
// a symbol not used), whose symbols decode to info. As compress/flate,
// it refuses a code that is over-subscribed or incomplete, but for one
// code of one bit (zlib writes those) and for no code at all (which
// fails if used).
func (t *table) build(lens []uint8, info []uint32, root uint) error {
	// Four counts, summed after, so that a run of one length (zeros,
	// mostly) is not a chain of increments of one counter.
	var counts [4][16]uint16
	i := 0
	for ; i+4 <= len(lens); i += 4 {
		counts[0][lens[i]&15]++
		counts[1][lens[i+1]&15]++
		counts[2][lens[i+2]&15]++
		counts[3][lens[i+3]&15]++
	}
	for ; i < len(lens); i++ {
		counts[0][lens[i]&15]++
	}
	var count [16]uint16
	for n := 1; n < 16; n++ {
		count[n] = counts[0][n] + counts[1][n] + counts[2][n] + counts[3][n]
	}
	maxLen := uint(15)
	for maxLen > 0 && count[maxLen] == 0 {
		maxLen--
	}
	minLen := uint(1)
	for minLen < maxLen && count[minLen] == 0 {
		minLen++
	}
	t.bits = min(maxLen, root)
	if cap(t.e) < 1<<t.bits {
		t.e = make([]uint32, 1<<t.bits, 1<<root+1<<root/2)
	}
	t.e = t.e[:1<<t.bits]
	if maxLen == 0 {
		t.e[0] = flagBad
		return nil
	}
	left := 1
	for n := uint(1); n <= maxLen; n++ {
		left = left<<1 - int(count[n])
		if left < 0 {
			return errors.New("over-subscribed Huffman code")
		}
	}
	if left > 0 {
		if maxLen != 1 || count[1] != 1 {
			return errors.New("incomplete Huffman code")
		}
		t.e[1] = flagBad // the one code is 0
	}

	// The symbols by length, then by value: the order of their codes.
	var offs [16]uint16
	for n := minLen; n < maxLen; n++ {
		offs[n+1] = offs[n] + count[n]
	}
	var sorted [maxLit + 2]uint16
	for sym, n := range lens {
		if n != 0 {
			sorted[offs[n]] = uint16(sym)
			offs[n]++
		}
	}

	// The first level, length by length: the table for codes up to n
	// bits is that for n-1 bits twice over (a code's entries repeat
	// whatever follows it) with the n-bit codes written in.
	code, k := 0, 0
	for n := minLen; n <= t.bits; n++ {
		if n > minLen {
			copy(t.e[1<<(n-1):1<<n], t.e[:1<<(n-1)])
		}
		for range count[n] {
			t.e[reverse(code, n)] = info[sorted[k]] | uint32(n)
			code++
			k++
		}
		code <<= 1
	}
	if maxLen <= t.bits {
		return nil
	}

	// Longer codes: those that share their first bits are consecutive.
	mask := 1<<t.bits - 1
	prefix, sub, subBits := -1, 0, uint(0)
	for n := t.bits + 1; n <= maxLen; n++ {
		for range count[n] {
			r := reverse(code, n)
			if r&mask != prefix {
				prefix = r & mask
				// Deep enough for the codes this prefix starts,
				// which fill its share of the code space.
				subBits = n - t.bits
				for room := 1 << subBits; subBits+t.bits < maxLen; {
					if room -= int(count[subBits+t.bits]); room <= 0 {
						break
					}
					subBits++
					room <<= 1
				}
				sub = len(t.e)
				t.e = append(t.e, make([]uint32, 1<<subBits)...)
				t.e[prefix] = uint32(sub)<<16 | uint32(subBits)<<8 | flagSub | uint32(t.bits)
			}
			e := info[sorted[k]] | uint32(n-t.bits)
			for j := r >> t.bits; j < 1<<subBits; j += 1 << (n - t.bits) {
				t.e[sub+j] = e
			}
			count[n]--
			code++
			k++
		}
		code <<= 1
	}
	return nil
}

// reverse is the n-bit code c with its bits reversed: codes are packed
// first bit highest, and read from the stream first bit lowest.
func reverse(c int, n uint) int {
	return int(bits.Reverse16(uint16(c)) >> (16 - n))
}
