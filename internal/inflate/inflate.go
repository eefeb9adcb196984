// Package inflate turns a zlib stream held in memory into the bytes it
// encodes, when their number is known beforehand: the objects of a git
// pack, whose header gives the inflated size and whose compressed bytes
// are mapped. Knowing both, it decodes straight into the output, whose
// matches read the output itself (a streaming reader keeps a window and
// copies out of it), and builds Huffman tables no larger than each code
// needs, which is what a small object spends much of its time on.
//
// It accepts and refuses what compress/flate and compress/zlib do: the
// streams it reads come from repositories nobody has vetted.
package inflate

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"io"
)

// Inflater holds the tables of dynamic blocks, reused from one stream to
// the next. The zero value is ready to use; it is not safe for
// concurrent use.
type Inflater struct {
	src  []byte
	p    int    // next byte of src to load into b
	b    uint64 // bits loaded and not consumed, first in the low bits
	nb   int    // how many; negative once codes were read past src's end
	out  []byte // the output so far, or the room for it
	pos  int    // bytes of out written
	size int    // the exact length the stream must inflate to

	lit, dist, clen table
	lens            [maxLit + maxDist]uint8
}

// step bounds the first allocation of a large output, which then grows
// as data comes, so that a size that lies costs no more memory than the
// stream really inflates to.
const step = 1 << 20

var (
	errHeader     = errors.New("zlib: invalid header")
	errDictionary = errors.New("zlib: stream needs a preset dictionary")
	errChecksum   = errors.New("zlib: invalid checksum")
)

// Zlib inflates the zlib stream at the start of src, which must inflate
// to exactly size bytes; what follows the stream's checksum in src is
// ignored. The result is dst[:size] when dst has room for it (so a
// caller may reuse a buffer), else newly allocated. A stream that gives
// more or fewer bytes than size, or is damaged in any way, is an error.
func (z *Inflater) Zlib(dst, src []byte, size int) ([]byte, error) {
	if size < 0 {
		return nil, fmt.Errorf("negative size %d", size)
	}
	if len(src) < 2 {
		return nil, io.ErrUnexpectedEOF
	}
	// CM 8 is deflate, CINFO its window size (at most 32 KB) and
	// FCHECK makes the two bytes a multiple of 31 (RFC 1950).
	if src[0]&0x0f != 8 || src[0]>>4 > 7 || binary.BigEndian.Uint16(src)%31 != 0 {
		return nil, errHeader
	}
	if src[1]&0x20 != 0 {
		return nil, errDictionary
	}
	if dst != nil && size <= cap(dst) {
		z.out = dst[:size]
	} else {
		z.out = make([]byte, min(size, step))
	}
	z.src, z.p, z.b, z.nb, z.pos, z.size = src, 2, 0, 0, 0, size
	out, err := z.inflate()
	z.src, z.out = nil, nil // keep neither alive
	return out, err
}

func (z *Inflater) inflate() ([]byte, error) {
	for final := false; !final; {
		h, err := z.bits(3)
		if err != nil {
			return nil, err
		}
		final = h&1 != 0
		switch h >> 1 {
		case 0:
			err = z.stored()
		case 1:
			err = z.codes(&fixedLit, &fixedDist)
		case 2:
			if err = z.dynamic(); err == nil {
				err = z.codes(&z.lit, &z.dist)
			}
		default:
			err = errors.New("reserved block type 3")
		}
		if err != nil {
			return nil, err
		}
	}
	if z.pos < z.size {
		return nil, fmt.Errorf("data ends after %d of the %d bytes expected", z.pos, z.size)
	}
	// The checksum starts at the byte after the last bit of the stream.
	q := z.p - z.nb/8
	if len(z.src)-q < 4 {
		return nil, io.ErrUnexpectedEOF
	}
	out := z.out[:z.pos]
	if binary.BigEndian.Uint32(z.src[q:]) != adler32.Checksum(out) {
		return nil, errChecksum
	}
	return out, nil
}

// refill loads bytes of src until b holds at least 56 bits or src is
// all loaded. The bits above nb are those of the next bytes, or zeros
// past src's end.
func (z *Inflater) refill() {
	if z.p+8 <= len(z.src) {
		// The whole bytes that fit; the bits of the next one that
		// land above them are loaded again, in place, next time.
		z.b |= binary.LittleEndian.Uint64(z.src[z.p:]) << z.nb
		z.p += (63 - z.nb) >> 3
		z.nb |= 56
		return
	}
	for z.nb <= 56 && z.p < len(z.src) {
		z.b |= uint64(z.src[z.p]) << z.nb
		z.p++
		z.nb += 8
	}
}

// bits consumes n bits (at most 32).
func (z *Inflater) bits(n int) (uint32, error) {
	if z.nb < n {
		z.refill()
		if z.nb < n {
			return 0, io.ErrUnexpectedEOF
		}
	}
	v := uint32(z.b & (1<<n - 1))
	z.b >>= n
	z.nb -= n
	return v, nil
}

// stored copies a stored block: after the block header, up to the next
// byte, LEN and its complement NLEN, then LEN bytes.
func (z *Inflater) stored() error {
	z.b >>= z.nb & 7
	z.nb -= z.nb & 7
	q := z.p - z.nb/8
	z.b, z.nb = 0, 0
	if len(z.src)-q < 4 {
		return io.ErrUnexpectedEOF
	}
	n := int(binary.LittleEndian.Uint16(z.src[q:]))
	if nn := binary.LittleEndian.Uint16(z.src[q+2:]); uint16(n) != ^nn {
		return fmt.Errorf("flate: stored block length %d does not match its complement %#04x", n, nn)
	}
	q += 4
	if len(z.src)-q < n {
		return io.ErrUnexpectedEOF
	}
	if n > len(z.out)-z.pos {
		if err := z.grow(z.pos + n); err != nil {
			return err
		}
	}
	copy(z.out[z.pos:], z.src[q:q+n])
	z.pos += n
	z.p = q + n
	return nil
}

// grow makes room in out for need bytes, doubling it up to size.
func (z *Inflater) grow(need int) error {
	if need > z.size {
		return fmt.Errorf("more data than the %d bytes expected", z.size)
	}
	out := make([]byte, min(z.size, max(need, 2*len(z.out))))
	copy(out, z.out[:z.pos])
	z.out = out
	return nil
}

// The alphabets: literal/length symbols (286 and 287 appear only in
// the fixed code, and are invalid), distance symbols (30 and 31 as
// well) and code length symbols.
const (
	maxLit  = 286
	maxDist = 30
	numClen = 19
)

// clenOrder is the order in which a dynamic block gives the lengths of
// the code length code.
var clenOrder = [numClen]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamic reads the code lengths of a dynamic block and builds its
// tables, refusing what compress/flate refuses.
func (z *Inflater) dynamic() error {
	h, err := z.bits(14)
	if err != nil {
		return err
	}
	nlit, ndist, nclen := int(h&31)+257, int(h>>5&31)+1, int(h>>10)+4
	if nlit > maxLit || ndist > maxDist {
		return fmt.Errorf("flate: %d literal/length and %d distance codes, more than there are", nlit, ndist)
	}
	var clens [numClen]uint8
	for _, sym := range clenOrder[:nclen] {
		v, err := z.bits(3)
		if err != nil {
			return err
		}
		clens[sym] = uint8(v)
	}
	if err := z.clen.build(clens[:], clenInfo[:], 7); err != nil {
		return fmt.Errorf("flate: code length code: %w", err)
	}
	lens := z.lens[:nlit+ndist]
	mask := uint64(1)<<z.clen.bits - 1
	for i := 0; i < len(lens); {
		if z.nb < 7+7 { // a code and its extra bits
			z.refill()
		}
		e := z.clen.e[z.b&mask]
		n := int(e & lenMask)
		if e&flagBad != 0 {
			return errors.New("flate: invalid code length code")
		}
		if n > z.nb {
			return io.ErrUnexpectedEOF
		}
		z.b >>= n
		z.nb -= n
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var v uint8
		switch sym {
		case 16:
			if i == 0 {
				return errors.New("flate: code length 16 (repeat) with nothing to repeat")
			}
			x, err := z.bits(2)
			if err != nil {
				return err
			}
			rep, v = 3+int(x), lens[i-1]
		case 17:
			x, err := z.bits(3)
			if err != nil {
				return err
			}
			rep = 3 + int(x)
		default:
			x, err := z.bits(7)
			if err != nil {
				return err
			}
			rep = 11 + int(x)
		}
		if rep > len(lens)-i {
			return errors.New("flate: code lengths repeat past the end")
		}
		for range rep {
			lens[i] = v
			i++
		}
	}
	if err := z.lit.build(lens[:nlit], litInfo[:], litRoot); err != nil {
		return fmt.Errorf("flate: literal/length code: %w", err)
	}
	if err := z.dist.build(lens[nlit:], distInfo[:], distRoot); err != nil {
		return fmt.Errorf("flate: distance code: %w", err)
	}
	return nil
}

// codes decodes the symbols of a Huffman block up to its end. Bits are
// loaded 56 at a time, enough for a length, a distance and their extra
// bits (48 at most); near src's end, where fewer are left, codes read
// zeros past it and nb goes negative, which is caught before anything
// they decoded is used.
func (z *Inflater) codes(lt, dt *table) error {
	src, out := z.src, z.out
	b, nb, p, pos := z.b, z.nb, z.p, z.pos
	lmask, dmask := uint64(1)<<lt.bits-1, uint64(1)<<dt.bits-1
	le, de := lt.e, dt.e
	var err error
	for {
		if nb < 48 {
			if nb < 0 {
				break
			}
			if p+8 <= len(src) {
				b |= binary.LittleEndian.Uint64(src[p:]) << nb
				p += (63 - nb) >> 3
				nb |= 56
			} else {
				for nb <= 56 && p < len(src) {
					b |= uint64(src[p]) << nb
					p++
					nb += 8
				}
			}
		}
		// A literal whose code fits the first level, the common case,
		// is one lookup and one test.
		e := le[b&lmask]
		b >>= e & lenMask
		nb -= int(e & lenMask)
		if e&flagLit != 0 {
			if uint(pos) >= uint(len(out)) {
				z.pos = pos
				if err = z.grow(pos + 1); err != nil {
					break
				}
				out = z.out
			}
			out[pos] = byte(e >> 16)
			pos++
			// Literals come in runs. At least 33 bits are left of the
			// 48 (or src has ended, which nb < 0 catches): enough for
			// two more literals of 15 bits before the next refill.
			for range 2 {
				e = le[b&lmask]
				if e&flagLit == 0 || uint(pos) >= uint(len(out)) {
					break
				}
				b >>= e & lenMask
				nb -= int(e & lenMask)
				out[pos] = byte(e >> 16)
				pos++
			}
			continue
		}
		if e&flagSub != 0 {
			e = le[e>>16+uint32(b)&(1<<(e>>8&15)-1)]
			b >>= e & lenMask
			nb -= int(e & lenMask)
			if e&flagLit != 0 {
				if uint(pos) >= uint(len(out)) {
					z.pos = pos
					if err = z.grow(pos + 1); err != nil {
						break
					}
					out = z.out
				}
				out[pos] = byte(e >> 16)
				pos++
				continue
			}
		}
		if e&(flagEnd|flagBad) != 0 {
			if e&flagBad != 0 {
				err = errors.New("flate: invalid literal/length code")
			}
			break
		}
		length := int(e>>16) + int(b&(1<<(e>>8&15)-1))
		b >>= e >> 8 & 15
		nb -= int(e >> 8 & 15)

		d := de[b&dmask]
		if d&flagSub != 0 {
			b >>= d & lenMask
			nb -= int(d & lenMask)
			d = de[d>>16+uint32(b)&(1<<(d>>8&15)-1)]
		}
		b >>= d & lenMask
		nb -= int(d & lenMask)
		if d&flagBad != 0 {
			err = errors.New("flate: invalid distance code")
			break
		}
		dist := int(d>>16) + int(b&(1<<(d>>8&15)-1))
		b >>= d >> 8 & 15
		nb -= int(d >> 8 & 15)
		if dist > pos {
			err = fmt.Errorf("flate: distance %d reaches before the start of the output (at %d)", dist, pos)
			break
		}
		if length > len(out)-pos {
			z.pos = pos
			if err = z.grow(pos + length); err != nil {
				break
			}
			out = z.out
		}
		switch {
		case dist >= 8 && length <= 32 && pos+40 <= len(out):
			// Eight bytes at a time, each read before it is written
			// over: faster than copy for a short match. What it
			// writes past the match is written again after.
			for i := 0; i < length; i += 8 {
				binary.LittleEndian.PutUint64(out[pos+i:], binary.LittleEndian.Uint64(out[pos-dist+i:]))
			}
		case dist >= length:
			copy(out[pos:pos+length], out[pos-dist:])
		default:
			// The match overlaps what it writes: copy what is there,
			// then twice as much, and so on.
			for from, end := pos-dist, pos+length; pos < end; {
				pos += copy(out[pos:end], out[from:pos])
			}
			continue
		}
		pos += length
	}
	if nb < 0 {
		err = io.ErrUnexpectedEOF
	}
	z.b, z.nb, z.p, z.pos = b, nb, p, pos
	return err
}
