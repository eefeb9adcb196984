package history

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// packs reads objects straight from pack files. go-git's reader hashes
// every object it caches (SHA-1 with collision detection) and copies it
// twice; reading commits and trees is the hot path of a walk, so this
// reader maps the packs, inflates into one buffer and caches delta bases by
// offset. Anything it does not find (loose objects, alternates) falls back
// to go-git's storage.
type packs struct {
	dir   string // the objects directory, for loose objects
	list  []*pack
	bases *baseCache
	zr    io.ReadCloser // reused zlib reader
	br    *bufio.Reader // for packs read without mmap
	hdr   [32]byte
}

type pack struct {
	name  string
	idx   packIndex
	data  []byte   // the mapped pack, or nil
	f     *os.File // used when data is nil
	unmap func() error

	unmapIdx func() error
}

// readMapped maps a file, or reads it where mapping fails.
func readMapped(path string) ([]byte, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close() // a mapping outlives its descriptor
	if b, unmap, err := mmapFile(f); err == nil {
		return b, unmap, nil
	}
	b, err := io.ReadAll(f)
	return b, nil, err
}

func openPacks(objectsDir string) (*packs, error) {
	idxs, err := filepath.Glob(filepath.Join(objectsDir, "pack", "pack-*.idx"))
	if err != nil {
		return nil, err
	}
	// 24 MB of bases: on the Open Terms Archive history (an 8 MB pack of
	// deep delta chains) 64 MB took 60 MB more peak memory in `redline
	// log` for no measurable gain in time.
	ps := &packs{dir: objectsDir, bases: newBaseCache(24 << 20)}
	for _, idxPath := range idxs {
		p, err := openPack(idxPath)
		if err != nil {
			ps.close()
			return nil, err
		}
		if p != nil {
			ps.list = append(ps.list, p)
		}
	}
	return ps, nil
}

func openPack(idxPath string) (*pack, error) {
	packPath := strings.TrimSuffix(idxPath, ".idx") + ".pack"
	f, err := os.Open(packPath)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil // an index without its pack: git ignores it too
		}
		return nil, err
	}
	ib, unmapIdx, err := readMapped(idxPath)
	if err != nil {
		f.Close()
		return nil, err
	}
	idx, ok := parseIndex(ib)
	if !ok {
		f.Close()
		if unmapIdx != nil {
			unmapIdx()
		}
		return nil, nil // not a version 2 index: leave the pack to go-git
	}
	p := &pack{name: packPath, idx: idx, f: f, unmapIdx: unmapIdx}
	if data, unmap, err := mmapFile(f); err == nil {
		p.data, p.unmap = data, unmap
	}
	return p, nil
}

func (ps *packs) close() error {
	var first error
	for _, p := range ps.list {
		if p.unmapIdx != nil {
			if err := p.unmapIdx(); err != nil && first == nil {
				first = err
			}
		}
		if p.unmap != nil {
			if err := p.unmap(); err != nil && first == nil {
				first = err
			}
		}
		if err := p.f.Close(); err != nil && first == nil {
			first = err
		}
	}
	ps.list = nil
	return first
}

var errNotInPack = errors.New("not in a pack")

// get returns the type and content of an object from a pack or a loose
// object file, or errNotInPack. The content may be shared with the cache:
// callers must not modify it.
func (ps *packs) get(h Hash) (plumbing.ObjectType, []byte, error) {
	for i, p := range ps.list {
		if off, ok := p.idx.find(h); ok {
			return ps.at(i, off, 0)
		}
	}
	return ps.loose(h)
}

// loose reads a loose object: zlib("TYPE SIZE\0" + content).
func (ps *packs) loose(h Hash) (plumbing.ObjectType, []byte, error) {
	hex := h.String()
	b, err := os.ReadFile(filepath.Join(ps.dir, hex[:2], hex[2:]))
	if err != nil {
		return 0, nil, errNotInPack // perhaps in an alternate: go-git looks
	}
	if err := ps.resetZlib(bytes.NewReader(b)); err != nil {
		return 0, nil, damaged(fmt.Errorf("loose object %s: %w", hex, err))
	}
	out, err := io.ReadAll(ps.zr)
	if err != nil {
		return 0, nil, damaged(fmt.Errorf("loose object %s: %w", hex, err))
	}
	z := bytes.IndexByte(out, 0)
	if z < 0 {
		return 0, nil, damaged(fmt.Errorf("loose object %s: bad header", hex))
	}
	typ, size, ok := strings.Cut(string(out[:z]), " ")
	t, err := plumbing.ParseObjectType(typ)
	if !ok || err != nil || size != strconv.Itoa(len(out)-z-1) {
		return 0, nil, damaged(fmt.Errorf("loose object %s: bad header", hex))
	}
	return t, out[z+1:], nil
}

func (ps *packs) resetZlib(src io.Reader) error {
	if ps.zr == nil {
		zr, err := zlib.NewReader(src)
		if err != nil {
			return err
		}
		ps.zr = zr
		return nil
	}
	return ps.zr.(zlib.Resetter).Reset(src, nil)
}

const maxDeltaDepth = 10000

// at reads the object at an offset of pack i, resolving deltas.
func (ps *packs) at(i int, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	if t, b, ok := ps.bases.get(i, off); ok {
		return t, b, nil
	}
	if depth > maxDeltaDepth {
		return 0, nil, errors.New("delta chain too long")
	}
	p := ps.list[i]
	hdr := ps.hdr[:]
	n, err := p.readAt(hdr, off)
	if n == 0 {
		return 0, nil, fmt.Errorf("read %s at %d: %w", p.name, off, err)
	}
	hdr = hdr[:n]
	c := hdr[0]
	typ := plumbing.ObjectType((c >> 4) & 7)
	size := uint64(c & 15)
	k := 1
	for shift := 4; c&0x80 != 0; shift += 7 {
		if k >= len(hdr) {
			return 0, nil, fmt.Errorf("%s: bad object header at %d", p.name, off)
		}
		c = hdr[k]
		k++
		size |= uint64(c&0x7f) << shift
	}
	var baseOff int64
	var baseHash Hash
	switch typ {
	case plumbing.OFSDeltaObject:
		if k >= len(hdr) {
			return 0, nil, fmt.Errorf("%s: bad delta header at %d", p.name, off)
		}
		c = hdr[k]
		k++
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if k >= len(hdr) {
				return 0, nil, fmt.Errorf("%s: bad delta offset at %d", p.name, off)
			}
			c = hdr[k]
			k++
			rel = ((rel + 1) << 7) | int64(c&0x7f)
		}
		baseOff = off - rel
	case plumbing.REFDeltaObject:
		if k+20 > len(hdr) {
			return 0, nil, fmt.Errorf("%s: bad delta header at %d", p.name, off)
		}
		copy(baseHash[:], hdr[k:k+20])
		k += 20
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
	default:
		return 0, nil, damaged(fmt.Errorf("%s: unknown object type %d at %d", p.name, typ, off))
	}
	data, err := ps.inflate(p, off+int64(k), size)
	if err != nil {
		return 0, nil, damaged(fmt.Errorf("%s: inflate object at %d: %w", p.name, off, err))
	}
	if typ == plumbing.OFSDeltaObject || typ == plumbing.REFDeltaObject {
		var bt plumbing.ObjectType
		var base []byte
		if typ == plumbing.OFSDeltaObject {
			bt, base, err = ps.at(i, baseOff, depth+1)
		} else {
			bt, base, err = ps.get(baseHash)
		}
		if err != nil {
			return 0, nil, err
		}
		if data, err = applyDelta(base, data); err != nil {
			return 0, nil, fmt.Errorf("%s: object at %d: %w", p.name, off, err)
		}
		typ = bt
	}
	// Any object may be a delta base (chains are up to 50 deep; bots'
	// commits deltify against each other), so all are kept, within bounds.
	ps.bases.put(i, off, typ, data)
	return typ, data, nil
}

func (p *pack) readAt(b []byte, off int64) (int, error) {
	if p.data != nil {
		if off >= int64(len(p.data)) {
			return 0, io.EOF
		}
		return copy(b, p.data[off:]), nil
	}
	return p.f.ReadAt(b, off)
}

func (ps *packs) inflate(p *pack, off int64, size uint64) ([]byte, error) {
	if size > 1<<32 {
		return nil, errors.New("object too large")
	}
	var src io.Reader
	if p.data != nil {
		if off > int64(len(p.data)) {
			return nil, io.ErrUnexpectedEOF
		}
		src = bytes.NewReader(p.data[off:])
	} else {
		if ps.br == nil {
			ps.br = bufio.NewReaderSize(nil, 4096)
		}
		ps.br.Reset(io.NewSectionReader(p.f, off, 1<<62))
		src = ps.br
	}
	if err := ps.resetZlib(src); err != nil {
		return nil, err
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(ps.zr, out); err != nil {
		return nil, err
	}
	return out, nil
}

// applyDelta applies a git delta to base.
func applyDelta(base, delta []byte) ([]byte, error) {
	srcSize, n := binary.Uvarint(delta)
	if n <= 0 || srcSize != uint64(len(base)) {
		return nil, errors.New("delta base size mismatch")
	}
	delta = delta[n:]
	dstSize, n := binary.Uvarint(delta)
	if n <= 0 || dstSize > 1<<32 {
		return nil, errors.New("bad delta size")
	}
	delta = delta[n:]
	out := make([]byte, 0, dstSize)
	for len(delta) > 0 {
		op := delta[0]
		delta = delta[1:]
		switch {
		case op&0x80 != 0: // copy from base
			var cpOff, cpLen uint64
			for bit := 0; bit < 4; bit++ {
				if op&(1<<bit) != 0 {
					if len(delta) == 0 {
						return nil, errors.New("truncated delta")
					}
					cpOff |= uint64(delta[0]) << (8 * bit)
					delta = delta[1:]
				}
			}
			for bit := 0; bit < 3; bit++ {
				if op&(0x10<<bit) != 0 {
					if len(delta) == 0 {
						return nil, errors.New("truncated delta")
					}
					cpLen |= uint64(delta[0]) << (8 * bit)
					delta = delta[1:]
				}
			}
			if cpLen == 0 {
				cpLen = 0x10000
			}
			if cpOff+cpLen > uint64(len(base)) {
				return nil, errors.New("delta copy out of range")
			}
			out = append(out, base[cpOff:cpOff+cpLen]...)
		case op != 0: // insert literal bytes
			if int(op) > len(delta) {
				return nil, errors.New("truncated delta")
			}
			out = append(out, delta[:op]...)
			delta = delta[op:]
		default:
			return nil, errors.New("bad delta opcode")
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, errors.New("delta result size mismatch")
	}
	return out, nil
}

// baseCache is an LRU of inflated objects keyed by pack and offset,
// bounded by their total size.
type baseCache struct {
	c         *lru[baseKey, baseVal]
	size, max int
}

type baseKey struct {
	pack int
	off  int64
}

type baseVal struct {
	typ  plumbing.ObjectType
	data []byte
}

func newBaseCache(max int) *baseCache {
	bc := &baseCache{max: max}
	bc.c = newLRU[baseKey, baseVal](1 << 30)
	return bc
}

func (bc *baseCache) get(pack int, off int64) (plumbing.ObjectType, []byte, bool) {
	v, ok := bc.c.get(baseKey{pack, off})
	return v.typ, v.data, ok
}

func (bc *baseCache) put(pack int, off int64, typ plumbing.ObjectType, data []byte) {
	if len(data) > bc.max/8 {
		return
	}
	k := baseKey{pack, off}
	if _, ok := bc.c.m[k]; ok {
		return
	}
	bc.c.put(k, baseVal{typ, data})
	bc.size += len(data)
	for bc.size > bc.max {
		old := bc.c.ll.Back()
		it := old.Value.(*lruItem[baseKey, baseVal])
		bc.c.ll.Remove(old)
		delete(bc.c.m, it.k)
		bc.size -= len(it.v.data)
	}
}

// packIndex is a version 2 pack index, read in place: fan-out table,
// sorted names, CRCs, 32-bit offsets and the 64-bit offsets they point to.
type packIndex struct {
	fanout       []byte
	names        []byte
	off32, off64 []byte
}

func parseIndex(b []byte) (packIndex, bool) {
	const head = 8 + 256*4
	if len(b) < head || string(b[:4]) != "\xfftOc" || binary.BigEndian.Uint32(b[4:8]) != 2 {
		return packIndex{}, false
	}
	fanout := b[8:head]
	n := int(binary.BigEndian.Uint32(fanout[255*4:]))
	if len(b) < head+n*(20+4+4)+40 {
		return packIndex{}, false
	}
	names := b[head : head+n*20]
	off32 := b[head+n*24 : head+n*28]
	off64 := b[head+n*28 : len(b)-40]
	return packIndex{fanout: fanout, names: names, off32: off32, off64: off64}, true
}

func (x packIndex) find(h Hash) (int64, bool) {
	lo := 0
	if h[0] > 0 {
		lo = int(binary.BigEndian.Uint32(x.fanout[(int(h[0])-1)*4:]))
	}
	hi := int(binary.BigEndian.Uint32(x.fanout[int(h[0])*4:]))
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch c := bytes.Compare(x.names[mid*20:mid*20+20], h[:]); {
		case c == 0:
			o := binary.BigEndian.Uint32(x.off32[mid*4:])
			if o&0x80000000 == 0 {
				return int64(o), true
			}
			k := int(o&0x7fffffff) * 8
			if k+8 > len(x.off64) {
				return 0, false
			}
			return int64(binary.BigEndian.Uint64(x.off64[k:])), true
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
}
