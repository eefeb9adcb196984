// Package bincodec is the binary encoding of redline's disk caches: a
// Writer that appends values to a byte slice and a Reader that reads them
// back, plus the CRC-32C checksums that tell a damaged file from a good
// one.
//
// Values are written without tags: a reader must ask for what the writer
// wrote, in the same order. Lengths and counts are uvarints; a count
// written with NilCount tells a nil list from an empty one.
//
// The Reader is for bytes nobody has vetted. It never panics, and it never
// allocates from a length or a count that the bytes left cannot hold: a
// string longer than what remains, or a count of elements more than the
// remaining bytes could encode at their smallest, is an error. The first
// error sticks: every later read returns a zero value, and Err reports it.
package bincodec

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"unsafe"
)

// ErrMalformed is the error of a Reader whose bytes do not hold what was
// asked of them.
var ErrMalformed = errors.New("malformed encoding")

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Checksum returns the CRC-32C (Castagnoli) of b.
func Checksum(b []byte) uint32 { return crc32.Checksum(b, crcTable) }

// UpdateChecksum returns the CRC-32C of what crc is the checksum of,
// followed by b.
func UpdateChecksum(crc uint32, b []byte) uint32 { return crc32.Update(crc, crcTable, b) }

// Unseal returns the body of a file written as magic, body and the
// CRC-32C of both (Writer.Checksum(0) after the magic and the body), if
// the magic and the checksum hold.
func Unseal(b []byte, magic string) (body []byte, ok bool) {
	if len(b) < len(magic)+4 || string(b[:len(magic)]) != magic {
		return nil, false
	}
	n := len(b) - 4
	if Checksum(b[:n]) != binary.BigEndian.Uint32(b[n:]) {
		return nil, false
	}
	return b[len(magic):n], true
}

// A Writer appends encoded values to a byte slice. The zero Writer is
// empty and ready to use.
type Writer struct {
	b []byte
}

// NewWriter returns a Writer that appends to buf.
func NewWriter(buf []byte) *Writer { return &Writer{b: buf} }

// Bytes returns what has been written. It is the Writer's buffer, valid
// until the next write or Reset.
func (w *Writer) Bytes() []byte { return w.b }

// Len returns the number of bytes written.
func (w *Writer) Len() int { return len(w.b) }

// Reset empties the Writer, keeping its buffer.
func (w *Writer) Reset() { w.b = w.b[:0] }

// Uvarint writes x as a uvarint.
func (w *Writer) Uvarint(x uint64) { w.b = binary.AppendUvarint(w.b, x) }

// Varint writes x as a zig-zag varint.
func (w *Writer) Varint(x int64) { w.b = binary.AppendVarint(w.b, x) }

// Byte writes c.
func (w *Writer) Byte(c byte) { w.b = append(w.b, c) }

// Bool writes b as one byte, 1 or 0.
func (w *Writer) Bool(b bool) {
	var c byte
	if b {
		c = 1
	}
	w.b = append(w.b, c)
}

// Uint32 writes x as four bytes, big-endian.
func (w *Writer) Uint32(x uint32) { w.b = binary.BigEndian.AppendUint32(w.b, x) }

// Raw writes b as it is, without its length: the reader must know it
// (Reader.Fixed, Reader.Copy, Reader.Rest).
func (w *Writer) Raw(b []byte) { w.b = append(w.b, b...) }

// RawString writes s as it is, without its length.
func (w *Writer) RawString(s string) { w.b = append(w.b, s...) }

// Blob writes the length of b and b.
func (w *Writer) Blob(b []byte) { w.Uvarint(uint64(len(b))); w.b = append(w.b, b...) }

// Str writes the length of s and s.
func (w *Writer) Str(s string) { w.Uvarint(uint64(len(s))); w.b = append(w.b, s...) }

// Count writes the number of elements that follow.
func (w *Writer) Count(n int) { w.Uvarint(uint64(n)) }

// NilCount writes the number of elements that follow, telling a nil list
// from an empty one: 0 for nil, n+1 otherwise.
func (w *Writer) NilCount(n int, isNil bool) {
	if isNil {
		w.b = append(w.b, 0)
		return
	}
	w.Uvarint(uint64(n) + 1)
}

// Strs writes a list of strings, nil and empty told apart.
func (w *Writer) Strs(ss []string) {
	w.NilCount(len(ss), ss == nil)
	for _, s := range ss {
		w.Str(s)
	}
}

// Checksum writes the CRC-32C of what was written from offset from on
// (an offset the Writer has reached: Len before the first of those
// bytes), big-endian; Reader.Checksum checks it. With from 0 after a
// magic and a body, it makes what Unseal opens.
func (w *Writer) Checksum(from int) { w.Uint32(Checksum(w.b[from:])) }

// A Reader reads what a Writer wrote.
type Reader struct {
	all   []byte // the input
	b     []byte // what is left of it
	err   error
	share bool // strings share the input
}

// NewReader returns a Reader of b. Strings it reads are copies, and
// slices (Fixed, Blob, Rest) are parts of b.
func NewReader(b []byte) *Reader { return &Reader{all: b, b: b} }

// NewSharedReader returns a Reader of b whose strings share b's bytes
// instead of copying them: b must never be modified afterwards.
func NewSharedReader(b []byte) *Reader { return &Reader{all: b, b: b, share: true} }

// Err returns the first error met, or nil.
func (r *Reader) Err() error { return r.err }

// Remaining returns the number of bytes not read yet.
func (r *Reader) Remaining() int { return len(r.b) }

// Offset returns the number of bytes read.
func (r *Reader) Offset() int { return len(r.all) - len(r.b) }

// Fail sets the Reader's error, if it has none, and drops what is left:
// for the caller that finds a value it cannot accept.
func (r *Reader) Fail() {
	if r.err == nil {
		r.err = ErrMalformed
	}
	r.b = r.b[len(r.b):]
}

// Uvarint reads a uvarint.
func (r *Reader) Uvarint() uint64 {
	if b := r.b; len(b) > 0 && b[0] < 0x80 {
		r.b = b[1:]
		return uint64(b[0])
	}
	return r.uvarint()
}

func (r *Reader) uvarint() uint64 {
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.b = r.b[n:]
	return x
}

// Varint reads a zig-zag varint.
func (r *Reader) Varint() int64 {
	x, n := binary.Varint(r.b)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.b = r.b[n:]
	return x
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if len(r.b) == 0 {
		r.Fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// Bool reads a byte written by Writer.Bool: other values than 0 and 1
// are an error.
func (r *Reader) Bool() bool {
	c := r.Byte()
	if c > 1 {
		r.Fail()
	}
	return c == 1
}

// Uint32 reads four bytes, big-endian.
func (r *Reader) Uint32() uint32 {
	if len(r.b) < 4 {
		r.Fail()
		return 0
	}
	x := binary.BigEndian.Uint32(r.b)
	r.b = r.b[4:]
	return x
}

// Fixed reads n bytes, returning them as part of the input (nil for a
// negative n or fewer bytes left, which is an error).
func (r *Reader) Fixed(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.Fail()
		return nil
	}
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

// Copy reads len(dst) bytes into dst. With fewer left, it is an error,
// and dst is left as it was.
func (r *Reader) Copy(dst []byte) {
	if len(dst) > len(r.b) {
		r.Fail()
		return
	}
	copy(dst, r.b)
	r.b = r.b[len(dst):]
}

// Rest reads all that is left, as part of the input.
func (r *Reader) Rest() []byte {
	b := r.b[:len(r.b):len(r.b)]
	r.b = r.b[len(r.b):]
	return b
}

// length reads a length no greater than what is left.
func (r *Reader) length() int {
	n := r.Uvarint()
	if n > uint64(len(r.b)) {
		r.Fail()
		return 0
	}
	return int(n)
}

// Blob reads what Writer.Blob wrote, as part of the input.
func (r *Reader) Blob() []byte {
	return r.Fixed(r.length())
}

// Str reads what Writer.Str wrote.
func (r *Reader) Str() string {
	n := r.Uvarint()
	if n == 0 || n > uint64(len(r.b)) {
		if n != 0 {
			r.Fail()
		}
		return ""
	}
	var s string
	if r.share {
		s = unsafe.String(&r.b[0], n)
	} else {
		s = string(r.b[:n])
	}
	r.b = r.b[n:]
	return s
}

// Count reads what Writer.Count wrote, for elements that take at least
// minSize bytes each (at least 1): a count more than the bytes left can
// hold is an error, and 0 is returned.
func (r *Reader) Count(minSize int) int {
	n := r.Uvarint()
	if n > uint64(len(r.b)/max(minSize, 1)) {
		r.Fail()
		return 0
	}
	return int(n)
}

// NilCount reads what Writer.NilCount wrote, for elements that take at
// least minSize bytes each (at least 1): -1 for nil. A count more than
// the bytes left can hold is an error, and -1 is returned.
func (r *Reader) NilCount(minSize int) int {
	n := r.Uvarint()
	if n == 0 {
		return -1
	}
	if n-1 > uint64(len(r.b)/max(minSize, 1)) {
		r.Fail()
		return -1
	}
	return int(n - 1)
}

// Strs reads what Writer.Strs wrote.
func (r *Reader) Strs() []string {
	n := r.NilCount(1)
	if n < 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.Str()
	}
	return ss
}

// Checksum reads what Writer.Checksum(from) wrote and checks it against
// the bytes read from offset from on (before it): a mismatch, or a from
// outside them, is an error.
func (r *Reader) Checksum(from int) {
	end := r.Offset()
	sum := r.Uint32()
	if r.err != nil {
		return
	}
	if from < 0 || from > end || Checksum(r.all[from:end]) != sum {
		r.Fail()
	}
}
