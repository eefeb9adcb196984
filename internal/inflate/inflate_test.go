package inflate

import (
	"bytes"
	stdzlib "compress/zlib"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	kzlib "github.com/klauspost/compress/zlib"
)

// stdInflate is the oracle: what compress/zlib reads from src, and
// whether the stream is whole and valid. Output past limit counts as
// an error (no size under limit can be right).
func stdInflate(src []byte, limit int) ([]byte, error) {
	zr, err := stdzlib.NewReader(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	if err == nil && len(out) > limit {
		err = errors.New("longer than the limit")
	}
	return out, err
}

// klauspostInflate is the reader redline used before: Reset, then size
// bytes, then the end of the stream.
func klauspostInflate(zr io.ReadCloser, src []byte, size int) ([]byte, error) {
	if err := zr.(kzlib.Resetter).Reset(bytes.NewReader(src), nil); err != nil {
		return nil, err
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(zr, out); err != nil {
		return nil, err
	}
	var one [1]byte
	if n, err := zr.Read(one[:]); n != 0 || err != io.EOF {
		return nil, fmt.Errorf("does not end at %d bytes: %d, %v", size, n, err)
	}
	return out, nil
}

func newKlauspost(t testing.TB) io.ReadCloser {
	zr, err := kzlib.NewReader(bytes.NewReader(compress(nil, 6, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// agree holds Zlib(src, size) to compress/zlib: when either succeeds,
// so does the other, with the same bytes, and exactly size of them.
func agree(t testing.TB, z *Inflater, src []byte, size int) {
	t.Helper()
	want, werr := stdInflate(src, max(size, 1<<16))
	got, gerr := func() (out []byte, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
				t.Errorf("Zlib(%x, %d) panics: %v", src, size, r)
			}
		}()
		return z.Zlib(nil, src, size)
	}()
	switch {
	case gerr == nil && (werr != nil || !bytes.Equal(got, want)):
		t.Errorf("Zlib(%x, %d) gives %d bytes, compress/zlib %d (%v)", src, size, len(got), len(want), werr)
	case gerr != nil && werr == nil && len(want) == size:
		t.Errorf("Zlib(%x, %d): %v; compress/zlib reads it", src, size, gerr)
	}
}

// compress is data through compress/zlib at a level, or through
// klauspost's writer when kw is set.
func compress(data []byte, level int, kw *kzlib.Writer) []byte {
	var b bytes.Buffer
	if kw != nil {
		kw.Reset(&b)
		kw.Write(data)
		kw.Close()
		return b.Bytes()
	}
	w, err := stdzlib.NewWriterLevel(&b, level)
	if err != nil {
		panic(err)
	}
	w.Write(data)
	w.Close()
	return b.Bytes()
}

var vocabulary = strings.Fields(`the a of to and in that is for on with as by this be are or
agreement service user content data account terms policy provider party rights
information personal processing notice law court fees payment access license
## Section 1. **bold** _emphasis_ [link](https://example.com/terms) - * 1.`)

// generate makes n bytes of one of a few kinds: Markdown-like text,
// random bytes, long runs, and text with random bytes mixed in.
func generate(rng *rand.Rand, kind, n int) []byte {
	b := make([]byte, 0, n+16)
	for len(b) < n {
		switch kind {
		case 0:
			b = append(b, vocabulary[rng.IntN(len(vocabulary))]...)
			if rng.IntN(12) == 0 {
				b = append(b, ".\n\n"...)
			} else {
				b = append(b, ' ')
			}
		case 1:
			b = append(b, byte(rng.Uint32()))
		case 2:
			c := byte(rng.IntN(4))
			for range 1 + rng.IntN(600) {
				b = append(b, c)
			}
		default:
			if rng.IntN(3) == 0 {
				b = append(b, byte(rng.Uint32()))
			} else {
				b = append(b, vocabulary[rng.IntN(len(vocabulary))]...)
			}
		}
	}
	return b[:n]
}

// TestRoundTrip inflates what compress/zlib writes at every level (and
// klauspost's writer) over generated data of 0 to 300 KB, against both
// readers, with exact sizes, sizes one off, and a reused buffer.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, 2, 3, 4, 10, 100, 258, 259, 1000, 1500, 3000, 32767, 32768, 32769, 65543, 100_000, 300_000}
	levels := []int{stdzlib.HuffmanOnly, stdzlib.DefaultCompression, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	kw, _ := kzlib.NewWriterLevel(nil, kzlib.DefaultCompression)
	kr := newKlauspost(t)
	var z Inflater
	scratch := make([]byte, 0, 4096)
	for _, n := range sizes {
		for kind := range 4 {
			if n > 40_000 && kind != 0 && kind != 3 {
				continue
			}
			data := generate(rng, kind, n)
			streams := [][]byte{compress(data, 0, kw)}
			for _, l := range levels {
				if n <= 40_000 || l%3 == 0 {
					streams = append(streams, compress(data, l, nil))
				}
			}
			for i, src := range streams {
				name := fmt.Sprintf("%d bytes of kind %d, stream %d", n, kind, i)
				// Trailing bytes are the next object's: ignored.
				src = append(src, "trailing"...)
				got, err := z.Zlib(nil, src, n)
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("%s: %v", name, err)
				}
				if got == nil {
					t.Fatalf("%s: nil result", name)
				}
				want, err := stdInflate(src, n)
				if err != nil || !bytes.Equal(want, data) {
					t.Fatalf("%s: compress/zlib: %v", name, err)
				}
				if want, err := klauspostInflate(kr, src, n); err != nil || !bytes.Equal(want, data) {
					t.Fatalf("%s: klauspost: %v", name, err)
				}
				got, err = z.Zlib(scratch, src, n)
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("%s, into a buffer: %v", name, err)
				}
				if n <= cap(scratch) && &got[:1][0] != &scratch[:1][0] {
					t.Fatalf("%s: a buffer with room is not used", name)
				}
				if _, err := z.Zlib(nil, src, n+1); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("data ends after %d of the %d bytes", n, n+1)) {
					t.Fatalf("%s, one byte short: %v", name, err)
				}
				if n > 0 {
					if _, err := z.Zlib(scratch, src, n-1); err == nil || !strings.Contains(err.Error(), "more data than") {
						t.Fatalf("%s, one byte long: %v", name, err)
					}
				}
			}
		}
	}
}

// A size that lies costs no more memory than the data there is, and a
// large output grows to its size.
func TestLargeSizes(t *testing.T) {
	data := generate(rand.New(rand.NewPCG(3, 4)), 2, 5<<20)
	src := compress(data, 9, nil)
	var z Inflater
	if got, err := z.Zlib(nil, src, len(data)); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("5 MB: %v", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := z.Zlib(nil, compress([]byte("short"), 6, nil), 1<<30)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "data ends after 5 of the 1073741824 bytes") {
		t.Errorf("1 GB claimed: %v", err)
	}
	if a := after.TotalAlloc - before.TotalAlloc; a > 4<<20 {
		t.Errorf("1 GB claimed for 5 bytes: %d bytes allocated", a)
	}
}

// bitWriter writes deflate's bit stream: values first bit lowest,
// Huffman codes first bit highest.
type bitWriter struct {
	b []byte
	n uint
}

func (w *bitWriter) bits(v uint32, n uint) {
	for i := range n {
		if w.n%8 == 0 {
			w.b = append(w.b, 0)
		}
		w.b[len(w.b)-1] |= byte(v>>i&1) << (w.n % 8)
		w.n++
	}
}

// code writes the canonical code of sym under lengths.
func (w *bitWriter) code(lens []uint8, sym int) {
	code := 0
	for n := uint8(1); n <= 15; n++ {
		for s, l := range lens {
			if l == n {
				if s == sym {
					for i := int(n) - 1; i >= 0; i-- {
						w.bits(uint32(code>>i&1), 1)
					}
					return
				}
				code++
			}
		}
		code <<= 1
	}
	panic(fmt.Sprintf("symbol %d has no code", sym))
}

// dynamic writes a dynamic block header for the given code lengths,
// each through a code length code of 16 four-bit codes.
func (w *bitWriter) dynamic(final bool, lit, dist []uint8) {
	w.bits(boolBit(final)|2<<1, 3)
	w.bits(uint32(len(lit)-257), 5)
	w.bits(uint32(len(dist)-1), 5)
	w.bits(19-4, 4)
	clens := make([]uint8, 19)
	for i := range 16 {
		clens[i] = 4
	}
	for _, s := range clenOrder {
		w.bits(uint32(clens[s]), 3)
	}
	for _, l := range append(append([]uint8{}, lit...), dist...) {
		w.code(clens, int(l))
	}
}

func boolBit(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// zlibWrap makes a zlib stream of a deflate stream and what it should
// inflate to.
func zlibWrap(deflate, want []byte) []byte {
	s := append([]byte{0x78, 0x9c}, deflate...)
	var a [4]byte
	sum := adler(want)
	a[0], a[1], a[2], a[3] = byte(sum>>24), byte(sum>>16), byte(sum>>8), byte(sum)
	return append(s, a[:]...)
}

func adler(b []byte) uint32 {
	s1, s2 := uint32(1), uint32(0)
	for _, c := range b {
		s1 = (s1 + uint32(c)) % 65521
		s2 = (s2 + s1) % 65521
	}
	return s2<<16 | s1
}

// TestCrafted holds hand-made streams, valid and not, to compress/zlib
// and to what they must give.
func TestCrafted(t *testing.T) {
	lit := func(pairs ...int) []uint8 { // symbol, length, ...
		l := make([]uint8, 257)
		for i := 0; i < len(pairs); i += 2 {
			if pairs[i] >= len(l) {
				l = append(l, make([]uint8, pairs[i]+1-len(l))...)
			}
			l[pairs[i]] = uint8(pairs[i+1])
		}
		return l
	}
	cases := []struct {
		name string
		make func(w *bitWriter)
		want string // the output, or "error"
	}{
		{"only an end of block, one code of one bit", func(w *bitWriter) {
			l := lit(256, 1)
			w.dynamic(true, l, []uint8{0})
			w.code(l, 256)
		}, ""},
		{"one distance code of one bit", func(w *bitWriter) {
			l := lit('a', 1, 256, 2, 257, 2)
			d := []uint8{1}
			w.dynamic(true, l, d)
			w.code(l, 'a')
			w.code(l, 257) // length 3
			w.code(d, 0)   // distance 1
			w.code(l, 256)
		}, "aaaa"},
		{"the unused code of a one-code distance tree", func(w *bitWriter) {
			l := lit('a', 1, 256, 2, 257, 2)
			w.dynamic(true, l, []uint8{1})
			w.code(l, 'a')
			w.code(l, 257)
			w.bits(1, 1)
			w.code(l, 256)
		}, "error"},
		{"one code of two bits", func(w *bitWriter) {
			l := lit(256, 2)
			w.dynamic(true, l, []uint8{0})
			w.bits(0, 2)
		}, "error"},
		{"incomplete literal code", func(w *bitWriter) {
			l := lit('a', 1, 256, 2)
			w.dynamic(true, l, []uint8{0})
			w.code(l, 256)
		}, "error"},
		{"over-subscribed literal code", func(w *bitWriter) {
			l := lit('a', 1, 'b', 1, 256, 1)
			w.dynamic(true, l, []uint8{0})
			w.bits(0, 4)
		}, "error"},
		{"no distance code, but a match", func(w *bitWriter) {
			l := lit('a', 1, 256, 2, 257, 2)
			w.dynamic(true, l, []uint8{0})
			w.code(l, 'a')
			w.code(l, 257)
			w.bits(0, 8)
		}, "error"},
		{"a distance before the start", func(w *bitWriter) {
			w.bits(1|1<<1, 3)
			w.code(fixedLens(), 257)
			w.bits(0, 5)
			w.code(fixedLens(), 256)
		}, "error"},
		{"literal/length symbol 286", func(w *bitWriter) {
			w.bits(1|1<<1, 3)
			w.code(fixedLens(), 286)
		}, "error"},
		{"distance symbol 30", func(w *bitWriter) {
			w.bits(1|1<<1, 3)
			w.code(fixedLens(), 'a')
			w.code(fixedLens(), 257)
			w.bits(0b01111, 5) // 30, first bit highest
			w.code(fixedLens(), 256)
		}, "error"},
		{"reserved block type", func(w *bitWriter) {
			w.bits(1|3<<1, 3)
			w.bits(0, 13)
		}, "error"},
		{"stored block, NLEN wrong", func(w *bitWriter) {
			w.bits(1, 3)
			w.bits(0, 5)
			w.bits(2, 16)
			w.bits(0xfffc, 16)
			w.bits('h'|'i'<<8, 16)
		}, "error"},
		{"stored block", func(w *bitWriter) {
			w.bits(1, 3)
			w.bits(0, 5)
			w.bits(2, 16)
			w.bits(0xfffd, 16)
			w.bits('h'|'i'<<8, 16)
		}, "hi"},
		{"empty blocks, then a fixed one", func(w *bitWriter) {
			for range 5 {
				w.bits(0|1<<1, 3)
				w.code(fixedLens(), 256)
			}
			w.bits(0, 3) // stored, not final
			w.bits(0, (8-w.n%8)%8)
			w.bits(0, 16)
			w.bits(0xffff, 16)
			w.bits(1|1<<1, 3)
			w.code(fixedLens(), 'x')
			w.code(fixedLens(), 256)
		}, "x"},
		{"code lengths repeat past the end", func(w *bitWriter) {
			w.bits(1|2<<1, 3)
			w.bits(0, 5)
			w.bits(0, 5)
			w.bits(19-4, 4)
			clens := make([]uint8, 19)
			clens[18], clens[1] = 1, 1
			for _, s := range clenOrder {
				w.bits(uint32(clens[s]), 3)
			}
			for range 3 {
				w.code(clens, 18)
				w.bits(127, 7)
			}
		}, "error"},
		{"repeat with nothing before", func(w *bitWriter) {
			w.bits(1|2<<1, 3)
			w.bits(0, 14)
			clens := make([]uint8, 19)
			clens[16], clens[1] = 1, 1
			for _, s := range clenOrder[:4] {
				w.bits(uint32(clens[s]), 3)
			}
			w.code(clens, 16)
			w.bits(0, 2)
		}, "error"},
	}
	var z Inflater
	for _, c := range cases {
		var w bitWriter
		c.make(&w)
		want := []byte(c.want)
		src := zlibWrap(w.b, want)
		agree(t, &z, src, len(want))
		got, err := z.Zlib(nil, src, len(want))
		if c.want == "error" {
			if err == nil {
				t.Errorf("%s: no error", c.name)
			}
			continue
		}
		if err != nil || string(got) != c.want {
			t.Errorf("%s: %q, %v", c.name, got, err)
		}
		// Every prefix is cut short.
		for n := range len(src) - 4 {
			if _, err := z.Zlib(nil, src[:n], len(want)); err == nil {
				t.Errorf("%s, cut to %d bytes: no error", c.name, n)
			}
		}
	}
	// The zlib header.
	good := compress([]byte("hello"), 6, nil)
	for _, h := range [][2]byte{{0x77, 0x85}, {0x88, 0x98}, {0x78, 0x9d}, {0x78, 0xbb}} {
		src := append(h[:], good[2:]...)
		agree(t, &z, src, 5)
		if _, err := z.Zlib(nil, src, 5); err == nil {
			t.Errorf("header %x: no error", h)
		}
	}
	bad := bytes.Clone(good)
	bad[len(bad)-1]++
	if _, err := z.Zlib(nil, bad, 5); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("bad checksum: %v", err)
	}
}

func fixedLens() []uint8 {
	l := make([]uint8, 288)
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	return l
}

// TestMutations damages streams of every kind one byte at a time, and
// cuts them short: each gives an error or what compress/zlib gives.
func TestMutations(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var streams [][]byte
	text := generate(rng, 0, 1500)
	for _, l := range []int{stdzlib.HuffmanOnly, 0, 1, 6, 9} {
		streams = append(streams, compress(text, l, nil))
	}
	streams = append(streams, compress(generate(rng, 3, 700), 6, nil), compress([]byte("tiny"), 6, nil))
	var z Inflater
	for _, src := range streams {
		want, err := stdInflate(src, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		for i := range src {
			for _, x := range []byte{0x01, 0x02, 0x10, 0x80, 0xff, byte(rng.Uint32())} {
				if x == 0 {
					continue
				}
				m := bytes.Clone(src)
				m[i] ^= x
				agree(t, &z, m, len(want))
			}
			agree(t, &z, src[:i], len(want))
		}
	}
}

// FuzzZlib holds Zlib to compress/zlib on any input: it never panics,
// it reads what compress/zlib reads, at the size compress/zlib gives,
// and fails at any other size.
func FuzzZlib(f *testing.F) {
	for _, l := range []int{stdzlib.HuffmanOnly, 0, 1, 9} {
		f.Add(compress([]byte("# Terms\n\nThe user shall agree to the terms of the service, and the terms."), l, nil), uint16(3))
	}
	f.Add([]byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}, uint16(0))
	var z Inflater
	f.Fuzz(func(t *testing.T, src []byte, size uint16) {
		agree(t, &z, src, int(size))
		if want, err := stdInflate(src, 1<<20); err == nil {
			agree(t, &z, src, len(want))
		} else {
			agree(t, &z, src, len(want)) // fails, after what came out
		}
	})
}
