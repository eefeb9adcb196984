package bincodec

import (
	"bytes"
	"encoding/binary"
	"math"
	"reflect"
	"testing"
)

// A value is one thing written and read back: op says which method.
type value struct {
	op  byte
	u   uint64
	i   int64
	s   string
	b   []byte
	ss  []string
	nil bool
}

const (
	opUvarint = iota
	opVarint
	opByte
	opBool
	opUint32
	opRaw
	opBlob
	opStr
	opCount
	opNilCount
	opStrs
	opChecksum
	numOps
)

func (v *value) write(w *Writer, marks *[]int) {
	switch v.op {
	case opUvarint:
		w.Uvarint(v.u)
	case opVarint:
		w.Varint(v.i)
	case opByte:
		w.Byte(byte(v.u))
	case opBool:
		w.Bool(v.u&1 == 1)
	case opUint32:
		w.Uint32(uint32(v.u))
	case opRaw:
		w.Raw(v.b)
	case opBlob:
		w.Blob(v.b)
	case opStr:
		w.Str(v.s)
	case opCount:
		w.Count(int(v.u))
	case opNilCount:
		w.NilCount(int(v.u), v.nil)
	case opStrs:
		w.Strs(v.ss)
	case opChecksum:
		w.Checksum(v.from(*marks))
	}
	*marks = append(*marks, w.Len())
}

// from is where a checksum starts: the end of one of the last few
// values, or the start.
func (v *value) from(marks []int) int {
	if n := int(v.u % 8); n < len(marks) {
		return marks[len(marks)-1-n]
	}
	return 0
}

// read reads v back and reports whether it came back as written.
func (v *value) read(r *Reader, marks *[]int) bool {
	ok := true
	switch v.op {
	case opUvarint:
		ok = r.Uvarint() == v.u
	case opVarint:
		ok = r.Varint() == v.i
	case opByte:
		ok = r.Byte() == byte(v.u)
	case opBool:
		ok = r.Bool() == (v.u&1 == 1)
	case opUint32:
		ok = r.Uint32() == uint32(v.u)
	case opRaw:
		ok = bytes.Equal(r.Fixed(len(v.b)), v.b)
	case opBlob:
		ok = bytes.Equal(r.Blob(), v.b)
	case opStr:
		ok = r.Str() == v.s
	case opCount:
		// Counts are checked against what is left: the round trip
		// writes a count of 0 or 1 before at least one byte, or none.
		ok = r.Count(1) == int(v.u)
	case opNilCount:
		n := r.NilCount(1)
		ok = v.nil && n == -1 || !v.nil && n == int(v.u)
	case opStrs:
		ok = reflect.DeepEqual(r.Strs(), v.ss)
	case opChecksum:
		r.Checksum(v.from(*marks))
	}
	*marks = append(*marks, r.Offset())
	return ok && r.Err() == nil
}

// values makes a list of values from a fuzzer's bytes.
func values(prog []byte) []value {
	var vs []value
	take := func(n int) []byte {
		n = min(n, len(prog))
		b := prog[:n]
		prog = prog[n:]
		return b
	}
	for len(prog) > 0 {
		op := take(1)[0] % numOps
		var u [8]byte
		copy(u[:], take(int(op%8)+1))
		v := value{op: op, u: binary.LittleEndian.Uint64(u[:])}
		v.i = int64(v.u)
		v.nil = v.u&1 == 1
		switch op {
		case opRaw, opBlob, opStr:
			v.b = bytes.Clone(take(int(v.u % 17)))
			v.s = string(v.b)
		case opStrs:
			if !v.nil {
				v.ss = []string{}
				for range v.u % 5 {
					v.ss = append(v.ss, string(take(int(v.u%7))))
				}
			}
		case opCount, opNilCount:
			// A count must be backed by the bytes after it: the
			// round trip keeps it small and follows it by a byte.
			v.u %= 2
		}
		vs = append(vs, v)
		if op == opCount || op == opNilCount {
			vs = append(vs, value{op: opByte, u: 7})
		}
	}
	return vs
}

func TestRoundTrip(t *testing.T) {
	vs := []value{
		{op: opUvarint, u: 0}, {op: opUvarint, u: 127}, {op: opUvarint, u: 128}, {op: opUvarint, u: math.MaxUint64},
		{op: opVarint, i: math.MinInt64}, {op: opVarint, i: -1}, {op: opVarint, i: math.MaxInt64},
		{op: opByte, u: 255}, {op: opBool, u: 1}, {op: opBool, u: 0}, {op: opUint32, u: 0xdeadbeef},
		{op: opRaw, b: []byte("raw")}, {op: opBlob, b: []byte("blob")}, {op: opStr, s: ""}, {op: opStr, s: "héllo"},
		{op: opNilCount, nil: true}, {op: opNilCount, u: 0}, {op: opCount, u: 1}, {op: opByte},
		{op: opStrs}, {op: opStrs, ss: []string{}}, {op: opStrs, ss: []string{"", "a", "bc"}},
		{op: opChecksum, u: 0},
	}
	roundTrip(t, vs, 1)
}

// roundTrip writes vs, reads them back, and reads cuts of the encoding
// every step bytes.
func roundTrip(t *testing.T, vs []value, step int) {
	t.Helper()
	w := &Writer{}
	var marks []int
	for i := range vs {
		vs[i].write(w, &marks)
	}
	enc := w.Bytes()
	for _, r := range []*Reader{NewReader(enc), NewSharedReader(enc)} {
		var got []int
		for i := range vs {
			if !vs[i].read(r, &got) {
				t.Fatalf("value %d (%+v) read back wrong, error %v", i, vs[i], r.Err())
			}
		}
		if r.Remaining() != 0 {
			t.Fatalf("%d bytes left after reading all back", r.Remaining())
		}
	}
	// Cuts of the encoding fail somewhere, never panic.
	for n := 0; n < len(enc); n += step {
		r := NewReader(enc[:n])
		var got []int
		for i := range vs {
			vs[i].read(r, &got)
		}
		if r.Err() == nil {
			t.Fatalf("encoding cut at %d of %d bytes read back without error", n, len(enc))
		}
	}
}

func TestReaderBounds(t *testing.T) {
	// A length or a count larger than what is left is an error, and
	// no allocation follows from it.
	huge := binary.AppendUvarint(nil, math.MaxUint64)
	for name, read := range map[string]func(r *Reader){
		"Str":      func(r *Reader) { r.Str() },
		"Blob":     func(r *Reader) { r.Blob() },
		"Strs":     func(r *Reader) { r.Strs() },
		"Count":    func(r *Reader) { r.Count(1) },
		"NilCount": func(r *Reader) { r.NilCount(1) },
	} {
		r := NewReader(append(bytes.Clone(huge), "abc"...))
		allocs := testing.AllocsPerRun(10, func() {
			*r = Reader{all: r.all, b: r.all}
			read(r)
		})
		if r.Err() == nil {
			t.Errorf("%s: a huge length read without error", name)
		}
		if allocs != 0 {
			t.Errorf("%s: a huge length allocated %v times", name, allocs)
		}
	}
	// A count is checked against the smallest size of its elements.
	w := &Writer{}
	w.Count(3)
	w.Raw(make([]byte, 59))
	if r := NewReader(w.Bytes()); r.Count(20) != 0 || r.Err() == nil {
		t.Error("3 elements of 20 bytes read from 59 bytes")
	}
	w.Raw([]byte{0})
	if r := NewReader(w.Bytes()); r.Count(20) != 3 || r.Err() != nil {
		t.Error("3 elements of 20 bytes not read from 60 bytes")
	}
	// The first error sticks.
	r := NewReader([]byte{0x80})
	if r.Uvarint(); r.Err() == nil {
		t.Fatal("a cut uvarint read without error")
	}
	if r.Byte() != 0 || r.Str() != "" || r.Strs() != nil || r.NilCount(1) != -1 || r.Err() != ErrMalformed {
		t.Error("reads after an error return values")
	}
	if r := NewReader([]byte{2}); r.Bool() || r.Err() == nil {
		t.Error("a bool of 2 read without error")
	}
}

func TestShared(t *testing.T) {
	w := &Writer{}
	w.Str("shared")
	b := w.Bytes()
	s := NewSharedReader(b).Str()
	c := NewReader(b).Str()
	b[1] = 'S'
	if s != "Shared" || c != "shared" {
		t.Errorf("shared %q, copied %q", s, c)
	}
}

func TestUnseal(t *testing.T) {
	w := &Writer{}
	w.RawString("magic 1\n")
	w.Str("body")
	w.Checksum(0)
	file := w.Bytes()
	body, ok := Unseal(file, "magic 1\n")
	if r := NewReader(body); !ok || r.Str() != "body" || r.Remaining() != 0 {
		t.Fatalf("Unseal: %q, %v", body, ok)
	}
	if _, ok := Unseal(file, "magic 2\n"); ok {
		t.Error("another magic unsealed")
	}
	for i := range file {
		bad := bytes.Clone(file)
		bad[i] ^= 0x20
		if _, ok := Unseal(bad, "magic 1\n"); ok {
			t.Errorf("byte %d flipped, unsealed", i)
		}
	}
	for n := range len(file) {
		if _, ok := Unseal(file[:n], "magic 1\n"); ok {
			t.Errorf("cut at %d, unsealed", n)
		}
	}
}

func FuzzCodec(f *testing.F) {
	w := &Writer{}
	w.Str("abc")
	w.NilCount(2, false)
	w.Uvarint(300)
	w.Checksum(0)
	f.Add([]byte{opStr, opNilCount, opUvarint, opChecksum}, w.Bytes())
	f.Add([]byte{opStrs, 3, 'x', 'y', opBlob, 2, 'z', opVarint, 0xff}, []byte{0x80, 0x80, 0x01})
	f.Fuzz(func(t *testing.T, prog, data []byte) {
		// Any reads of any bytes: no panic, and nothing read is
		// larger than the input.
		for _, r := range []*Reader{NewReader(data), NewSharedReader(data)} {
			left := r.Remaining()
			for i, op := range prog {
				switch op % (numOps + 2) {
				case opUvarint:
					r.Uvarint()
				case opVarint:
					r.Varint()
				case opByte:
					r.Byte()
				case opBool:
					r.Bool()
				case opUint32:
					r.Uint32()
				case opRaw:
					r.Fixed(int(int8(prog[(i+1)%len(prog)])))
				case opBlob:
					if b := r.Blob(); len(b) > left {
						t.Fatalf("blob of %d bytes from %d", len(b), left)
					}
				case opStr:
					if s := r.Str(); len(s) > left {
						t.Fatalf("string of %d bytes from %d", len(s), left)
					}
				case opCount:
					if n := r.Count(int(op % 7)); n > left {
						t.Fatalf("count %d from %d bytes", n, left)
					}
				case opNilCount:
					if n := r.NilCount(int(op % 5)); n > left {
						t.Fatalf("count %d from %d bytes", n, left)
					}
				case opStrs:
					if ss := r.Strs(); len(ss) > left {
						t.Fatalf("%d strings from %d bytes", len(ss), left)
					}
				case opChecksum:
					// From a little before (or, failing, after) here.
					r.Checksum(r.Offset() - int(int8(prog[(i+1)%len(prog)])))
				case numOps:
					var h [20]byte
					r.Copy(h[:])
				default:
					r.Rest()
				}
				if r.Remaining() > left || r.Remaining() < 0 || r.Offset()+r.Remaining() != len(data) {
					t.Fatalf("%d bytes left after %d, of %d read", r.Remaining(), left, r.Offset())
				}
				if r.Err() != nil && r.Remaining() != 0 {
					t.Fatalf("failed reader has %d bytes left", r.Remaining())
				}
				left = r.Remaining()
			}
		}
		// Values made of the same bytes come back as written, and
		// cuts of them fail. (A kilobyte of them, cut in a few places:
		// roundTrip reads the encoding as many times.)
		vs := append(bytes.Clone(prog), data...)
		vs = vs[:min(len(vs), 1<<10)]
		roundTrip(t, values(vs), max(1, len(vs)/8))
	})
}
