package history

// Builders of crafted repository files for the tests of hostile input:
// packs, pack indexes, loose objects and commit-graph edits, made byte by
// byte in test code (no committed binaries).

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Pack object types, as numbered in the pack format.
const (
	pkCommit   = 1
	pkTree     = 2
	pkBlob     = 3
	pkOfsDelta = 6
	pkRefDelta = 7
)

// packEntry is one object of a crafted pack.
type packEntry struct {
	typ  int
	data []byte // content, or delta instructions, uncompressed
	// size is the size the entry header declares; 0 means len(data).
	size int64
	// For pkOfsDelta: the entry whose offset is the base (base >= 0), or
	// rel, a raw distance back, when base < 0.
	base int
	rel  int64
	ref  Hash // for pkRefDelta
	// id is the id the index lists it under; zero means the real id of
	// a whole object (deltas need one set).
	id Hash
}

// gitID is the id of content of a git type ("blob", "tree", "commit").
func gitID(typ string, content []byte) Hash {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", typ, len(content))
	h.Write(content)
	var id Hash
	copy(id[:], h.Sum(nil))
	return id
}

var pkNames = map[int]string{pkCommit: "commit", pkTree: "tree", pkBlob: "blob"}

// zlibWriters keeps compressors: making one costs more than compressing
// a small object, and a test packs tens of thousands.
var zlibWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return zw
}}

func zlibBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := zlibWriters.Get().(*zlib.Writer)
	zw.Reset(&buf)
	zw.Write(b)
	zw.Close()
	zlibWriters.Put(zw)
	return buf.Bytes()
}

// buildPack encodes entries into a version 2 pack and returns it with
// each entry's offset and id.
func buildPack(entries []packEntry) (pack []byte, offs []int64, ids []Hash) {
	var b bytes.Buffer
	b.WriteString("PACK")
	binary.Write(&b, binary.BigEndian, uint32(2))
	binary.Write(&b, binary.BigEndian, uint32(len(entries)))
	for _, e := range entries {
		off := int64(b.Len())
		offs = append(offs, off)
		size := e.size
		if size == 0 {
			size = int64(len(e.data))
		}
		c := byte(e.typ<<4) | byte(size&15)
		size >>= 4
		for size > 0 {
			b.WriteByte(c | 0x80)
			c = byte(size & 0x7f)
			size >>= 7
		}
		b.WriteByte(c)
		switch e.typ {
		case pkOfsDelta:
			rel := e.rel
			if e.base >= 0 {
				rel = off - offs[e.base]
			}
			b.Write(encodeOfs(rel))
		case pkRefDelta:
			b.Write(e.ref[:])
		}
		b.Write(zlibBytes(e.data))
		id := e.id
		if id.IsZero() {
			id = gitID(pkNames[e.typ], e.data)
		}
		ids = append(ids, id)
	}
	sum := sha1.Sum(b.Bytes())
	b.Write(sum[:])
	return b.Bytes(), offs, ids
}

// encodeOfs writes an OFS_DELTA distance as git does.
func encodeOfs(rel int64) []byte {
	var buf [16]byte
	i := len(buf) - 1
	buf[i] = byte(rel & 0x7f)
	for rel >>= 7; rel > 0; rel >>= 7 {
		rel--
		i--
		buf[i] = 0x80 | byte(rel&0x7f)
	}
	return buf[i:]
}

// buildIndex writes a version 2 index for a pack. Offsets listed in
// big64 go to the 64-bit table with the given value instead.
func buildIndex(pack []byte, offs []int64, ids []Hash, big64 map[int]uint64) []byte {
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return bytes.Compare(ids[order[a]][:], ids[order[b]][:]) < 0 })
	var b bytes.Buffer
	b.WriteString("\xfftOc")
	binary.Write(&b, binary.BigEndian, uint32(2))
	var fan [256]uint32
	for _, id := range ids {
		for k := int(id[0]); k < 256; k++ {
			fan[k]++
		}
	}
	binary.Write(&b, binary.BigEndian, fan[:])
	for _, i := range order {
		b.Write(ids[i][:])
	}
	for _, i := range order {
		end := int64(len(pack) - 20)
		if i+1 < len(offs) {
			end = offs[i+1]
		}
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(pack[offs[i]:end]))
	}
	var off64 []uint64
	for _, i := range order {
		if v, ok := big64[i]; ok {
			binary.Write(&b, binary.BigEndian, uint32(0x80000000|len(off64)))
			off64 = append(off64, v)
			continue
		}
		binary.Write(&b, binary.BigEndian, uint32(offs[i]))
	}
	for _, v := range off64 {
		binary.Write(&b, binary.BigEndian, v)
	}
	b.Write(pack[len(pack)-20:])
	sum := sha1.Sum(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

// craftRepo is an empty repository made by git init, into which tests
// write crafted objects.
type craftRepo struct {
	*gitRepo
	gitDir string
}

func newCraftRepo(t testing.TB) *craftRepo {
	g := newGitRepo(t)
	return &craftRepo{gitRepo: g, gitDir: filepath.Join(g.dir, ".git")}
}

// installPack writes a pack and its index into the repository.
func (c *craftRepo) installPack(pack, idx []byte) (packPath, idxPath string) {
	c.t.Helper()
	name := fmt.Sprintf("pack-%x", pack[len(pack)-20:])
	dir := filepath.Join(c.gitDir, "objects", "pack")
	os.MkdirAll(dir, 0o755)
	packPath, idxPath = filepath.Join(dir, name+".pack"), filepath.Join(dir, name+".idx")
	if err := os.WriteFile(packPath, pack, 0o444); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(idxPath, idx, 0o444); err != nil {
		c.t.Fatal(err)
	}
	return packPath, idxPath
}

// setHead points main (HEAD's branch) at a commit.
func (c *craftRepo) setHead(h Hash) {
	c.t.Helper()
	p := filepath.Join(c.gitDir, "refs", "heads", "main")
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(h.String()+"\n"), 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// looseObject writes a loose object file with the given raw bytes (the
// zlib stream), returning its path.
func (c *craftRepo) looseFile(id Hash, raw []byte) string {
	c.t.Helper()
	return writeLoose(c.t, c.gitDir, id, raw)
}

func writeLoose(t testing.TB, gitDir string, id Hash, raw []byte) string {
	t.Helper()
	hex := id.String()
	p := filepath.Join(gitDir, "objects", hex[:2], hex[2:])
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.Chmod(p, 0o644)
	os.Remove(p)
	if err := os.WriteFile(p, raw, 0o444); err != nil {
		t.Fatal(err)
	}
	return p
}

// loose encodes a loose object of a git type.
func loose(typ string, content []byte) []byte {
	return zlibBytes(append([]byte(typ+" "+strconv.Itoa(len(content))+"\x00"), content...))
}

// treeBytes encodes tree entries "MODE NAME" -> id, sorted as given.
func treeBytes(entries ...any) []byte {
	var b bytes.Buffer
	for i := 0; i+1 < len(entries); i += 2 {
		b.WriteString(entries[i].(string))
		b.WriteByte(0)
		id := entries[i+1].(Hash)
		b.Write(id[:])
	}
	return b.Bytes()
}

// commitBytes encodes a commit.
func commitBytes(tree Hash, msg string, parents ...Hash) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "tree %s\n", tree)
	for _, p := range parents {
		fmt.Fprintf(&b, "parent %s\n", p)
	}
	b.WriteString("author Ada Writer <ada@example.org> 1700000000 +0000\n")
	b.WriteString("committer Ada Writer <ada@example.org> 1700000000 +0000\n\n")
	b.WriteString(msg + "\n")
	return []byte(b.String())
}

// deltaOps encodes a delta from a base of srcLen bytes to dstLen bytes
// with the given instructions.
func deltaOps(srcLen, dstLen uint64, ops ...[]byte) []byte {
	b := binary.AppendUvarint(nil, srcLen)
	b = binary.AppendUvarint(b, dstLen)
	for _, op := range ops {
		b = append(b, op...)
	}
	return b
}

// copyOp copies n bytes (n < 2^24) at off (< 2^32) of the base.
func copyOp(off, n uint32) []byte {
	op := []byte{0x80}
	for i := 0; i < 4; i++ {
		if v := byte(off >> (8 * i)); v != 0 {
			op[0] |= 1 << i
			op = append(op, v)
		}
	}
	for i := 0; i < 3; i++ {
		if v := byte(n >> (8 * i)); v != 0 {
			op[0] |= 0x10 << i
			op = append(op, v)
		}
	}
	return op
}

// within runs f and fails the test if it takes longer than d: the
// hostile inputs once hung, and a hang must fail, not stall the suite.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		buf := make([]byte, 1<<16)
		n := runtime.Stack(buf, true)
		t.Fatalf("did not finish in %v\n%s", d, buf[:n])
	}
}

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// wantError checks that err is an *Error (or wraps one) whose message
// contains every one of the given parts and that carries a hint.
func wantError(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one saying %q", parts)
	}
	msg := err.Error()
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("error %q does not say %q", msg, p)
		}
	}
	if hintOf(err) == "" {
		t.Errorf("error %q has no hint", msg)
	}
}

// hintOf finds the hint of an error, as the command line does.
func hintOf(err error) string {
	var h interface{ Hint() string }
	if errors.As(err, &h) && h.Hint() != "" {
		return h.Hint()
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Hint
	}
	return ""
}

// logErr runs Log and returns its error.
func logErr(r *Repo, opt Options) error {
	_, err := r.Log(context.Background(), opt)
	return err
}
