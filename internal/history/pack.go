package history

import (
	"bufio"
	"bytes"
	"crypto"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	gghash "github.com/go-git/go-git/v5/plumbing/hash"
	"github.com/klauspost/compress/zlib"

	"github.com/digdir/redline/internal/inflate"
)

// packs reads objects straight from pack files and loose object files.
// go-git's reader hashes every object it caches and copies it twice;
// reading commits and trees is the hot path of a walk, so this reader maps
// the packs, inflates into one buffer and caches delta bases by offset. It
// is the only reader of objects of a repository on disk: go-git's has no
// caps, so an object it cannot find is missing, not left to go-git.
//
// Every table is validated before use, every size and offset checked
// before it is followed, and objects are checked against their ids (see
// verifies), as git does: the packs of a repository nobody has vetted may
// be crafted to crash, hang, exhaust memory or lie.
type packs struct {
	dir   string // the objects directory, for loose objects
	guard *fileGuard
	list  []*pack
	bases *baseCache
	zr    io.ReadCloser    // reused zlib reader, for loose objects and packs not mapped
	br    *bufio.Reader    // for those
	zi    inflate.Inflater // for mapped packs
	hdr   [32]byte
	// deltas holds, by depth in a chain, a buffer to inflate the data of
	// a delta into: it is dropped once applied, and while a delta waits
	// for its base, those deeper in its chain are read.
	deltas [][]byte

	work      *workBudget
	maxBlob   int64
	maxMeta   int64            // MaxObjectBytes; lower in fuzz tests
	verifyAll bool             // check trees and commits against their ids too (see verifies)
	hasher    hash.Hash        // SHA-1 with collision detection, as git's
	refs      map[baseKey]bool // REF_DELTA objects being resolved, to stop cycles
}

type pack struct {
	name  string
	idx   packIndex
	data  []byte   // the mapped pack, or nil
	f     *os.File // used when data is nil
	size  int64    // of the pack file
	unmap func() error

	unmapIdx func() error
}

// The pack format's fixed parts: a 12-byte header ("PACK", version,
// object count) and a 20-byte trailing checksum.
const (
	packHeaderSize  = 12
	packTrailerSize = 20
)

// readMapped maps a file the guard accepts, or reads it where mapping fails.
func readMapped(guard *fileGuard, path string) ([]byte, func() error, error) {
	f, fi, err := guard.open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close() // a mapping outlives its descriptor
	if b, unmap, err := mmapFile(f); err == nil {
		return b, unmap, nil
	}
	b, err := readCapped(f, fi.Size(), fi.Size(), path)
	return b, nil, err
}

func openPacks(objectsDir string, guard *fileGuard) (*packs, error) {
	idxs, err := filepath.Glob(filepath.Join(objectsDir, "pack", "pack-*.idx"))
	if err != nil {
		return nil, err
	}
	ps := &packs{
		dir:     objectsDir,
		guard:   guard,
		bases:   newBaseCache(baseCacheBytes),
		work:    newWorkBudget(),
		maxBlob: DefaultMaxBlobBytes,
		maxMeta: MaxObjectBytes,
		hasher:  gghash.New(crypto.SHA1),
		refs:    map[baseKey]bool{},
	}
	for _, idxPath := range idxs {
		p, err := ps.openPack(idxPath)
		if err != nil {
			ps.close()
			return nil, err
		}
		if p != nil {
			ps.list = append(ps.list, p)
			ps.work.grant(p.size)
		}
	}
	return ps, nil
}

// reader returns a reader of the same objects with state of its own, for
// another goroutine (see Reader). What it shares is only read after
// openPacks (the guard, which locks, aside): the mapped packs and
// indexes, and the files of packs not mapped, read with ReadAt, which is
// safe for concurrent use. The work budget is shared, and locks, so
// that together they inflate no more than one reader may.
//
// Its cache of delta bases starts smaller than the Repo's (see
// readerBaseFloor) and grows in the same way with large documents.
func (ps *packs) reader() *packs {
	bases := newBaseCache(baseCacheBytes)
	bases.budget = readerBaseFloor
	return &packs{
		dir:     ps.dir,
		guard:   ps.guard,
		list:    ps.list,
		bases:   bases,
		work:    ps.work,
		maxBlob: ps.maxBlob,
		maxMeta: ps.maxMeta,
		hasher:  gghash.New(crypto.SHA1),
		refs:    map[baseKey]bool{},
	}
}

func (ps *packs) openPack(idxPath string) (*pack, error) {
	packPath := strings.TrimSuffix(idxPath, ".idx") + ".pack"
	f, fi, err := ps.guard.open(packPath)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil // an index without its pack: git ignores it too
		}
		return nil, err
	}
	ib, unmapIdx, err := readMapped(ps.guard, idxPath)
	if err != nil {
		f.Close()
		return nil, err
	}
	p := &pack{name: packPath, f: f, size: fi.Size(), unmapIdx: unmapIdx}
	fail := func(err error) (*pack, error) {
		p.close()
		return nil, err
	}
	idx, ok, err := parseIndex(ib)
	if err != nil {
		return fail(damaged(fmt.Errorf("pack index %s: %w", filepath.Base(idxPath), err)))
	}
	if !ok {
		// git has written version 2 indexes since 2007; an older one
		// would have to go to go-git's reader, which has no caps.
		return fail(&Error{
			Msg:  fmt.Sprintf("pack index %s is not a version 2 index, the only one redline reads", filepath.Base(idxPath)),
			Hint: "rewrite it with git index-pack --index-version=2 on its pack, or with git repack -a -d",
			Err:  ErrDamaged,
		})
	}
	p.idx = idx
	if err := p.checkHeader(ib); err != nil {
		return fail(damaged(fmt.Errorf("pack %s: %w", filepath.Base(packPath), err)))
	}
	if data, unmap, err := mmapFile(f); err == nil {
		p.data, p.unmap = data, unmap
	}
	return p, nil
}

// checkHeader checks the pack's header and trailer against its index, as
// git does when it opens a pack: the signature, the version, the object
// count and the checksum the index was made for.
func (p *pack) checkHeader(idx []byte) error {
	if p.size < packHeaderSize+packTrailerSize {
		return errors.New("shorter than a pack header")
	}
	var hdr [packHeaderSize]byte
	if _, err := p.readAt(hdr[:], 0); err != nil {
		return err
	}
	if string(hdr[:4]) != "PACK" {
		return errors.New("not a pack file (bad signature)")
	}
	if v := binary.BigEndian.Uint32(hdr[4:]); v != 2 && v != 3 {
		return fmt.Errorf("unsupported pack version %d", v)
	}
	if n := binary.BigEndian.Uint32(hdr[8:]); n != p.idx.n {
		return fmt.Errorf("it claims %d objects, its index %d", n, p.idx.n)
	}
	var sum [packTrailerSize]byte
	if _, err := p.readAt(sum[:], p.size-packTrailerSize); err != nil {
		return err
	}
	if !bytes.Equal(sum[:], idx[len(idx)-40:len(idx)-20]) {
		return errors.New("its trailing checksum is not the one its index was made for (the pack is cut short, or the index is another pack's)")
	}
	return nil
}

func (p *pack) close() error {
	var first error
	if p.unmapIdx != nil {
		first = p.unmapIdx()
	}
	if p.unmap != nil {
		if err := p.unmap(); err != nil && first == nil {
			first = err
		}
	}
	if p.f != nil {
		if err := p.f.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (ps *packs) close() error {
	var first error
	for _, p := range ps.list {
		if err := p.close(); err != nil && first == nil {
			first = err
		}
	}
	ps.list = nil
	return first
}

var errNotInPack = errors.New("not in a pack")

// get returns the type and content of an object from a pack or a loose
// object file, or errNotInPack. The content, checked against its id, may
// be shared with the cache: callers must not modify it.
func (ps *packs) get(h Hash) (plumbing.ObjectType, []byte, error) {
	return ps.getDepth(h, 0)
}

// getDepth is get for the base of a REF_DELTA at the given chain depth.
func (ps *packs) getDepth(h Hash, depth int) (plumbing.ObjectType, []byte, error) {
	for i, p := range ps.list {
		if off, ok := p.idx.find(h); ok {
			return ps.object(i, off, h, depth)
		}
	}
	return ps.loose(h)
}

// has reports whether an object is in a pack or loose, without reading it.
func (ps *packs) has(h Hash) bool {
	for _, p := range ps.list {
		if _, ok := p.idx.find(h); ok {
			return true
		}
	}
	hex := h.String()
	_, err := ps.guard.check(filepath.Join(ps.dir, hex[:2], hex[2:]))
	return err == nil
}

// object reads the object h at an offset of pack i and checks it.
func (ps *packs) object(i int, off int64, h Hash, depth int) (plumbing.ObjectType, []byte, error) {
	var t plumbing.ObjectType
	var b []byte
	v, cached := ps.bases.c.get(baseKey{i, off})
	if cached {
		if v.verified || !ps.verifies(v.typ) {
			return v.typ, v.data, nil
		}
		t, b = v.typ, v.data
	} else {
		var err error
		if t, b, err = ps.read(i, off, depth, h); err != nil {
			return 0, nil, err
		}
		if !ps.verifies(t) {
			return t, b, nil
		}
	}
	if got := objectHash(ps.hasher, t, b); got != h {
		return 0, nil, damaged(fmt.Errorf("%s: content does not match its id (it hashes to %s)", ps.list[i].where(off, h), got))
	}
	if cached {
		v.verified = true
	} else {
		ps.bases.markVerified(i, off)
	}
	return t, b, nil
}

// verifies reports whether objects of type t are checked against their
// ids (SHA-1 with collision detection, as git does). Without the check a
// forged object could pass for another and, through a cache keyed by ids
// (the walk's, and the comparisons of documents), poison other runs.
// Blobs are always checked: few are read, and much work is done on each.
// Trees and commits, the hot path of a walk, are checked when what is
// read goes to the disk cache (see Repo.Log): checking them costs 15-25%
// of an uncached listing, and what is not kept can mislead only the run
// that reads it, about the repository it was given.
func (ps *packs) verifies(t plumbing.ObjectType) bool {
	return ps.verifyAll || t == plumbing.BlobObject
}

// check verifies that content has the id h, when objects of its type are
// checked (see verifies).
func (ps *packs) check(t plumbing.ObjectType, b []byte, h Hash) error {
	if !ps.verifies(t) {
		return nil
	}
	if got := objectHash(ps.hasher, t, b); got != h {
		return fmt.Errorf("content does not match its id (it hashes to %s)", got)
	}
	return nil
}

// objectHash is git's object id: the SHA-1 of "TYPE SIZE\0" and content.
func objectHash(hs hash.Hash, t plumbing.ObjectType, b []byte) Hash {
	hs.Reset()
	var hdr [32]byte
	hb := append(hdr[:0], t.Bytes()...)
	hb = append(hb, ' ')
	hb = strconv.AppendInt(hb, int64(len(b)), 10)
	hb = append(hb, 0)
	hs.Write(hb)
	hs.Write(b)
	var h Hash
	hs.Sum(h[:0])
	return h
}

// limit is the largest object of type t that may be read.
func (ps *packs) limit(t plumbing.ObjectType) int64 {
	if t == plumbing.BlobObject {
		return ps.maxBlob
	}
	return ps.maxMeta
}

// maxAny is the largest any object may be.
func (ps *packs) maxAny() int64 { return max(ps.maxBlob, ps.maxMeta) }

// maxLoose bounds the compressed size of a loose object: zlib never makes
// data much larger, so a bigger file is not an object redline may read.
func (ps *packs) maxLoose() int64 {
	return ps.maxAny() + 1<<20
}

// loose reads a loose object: zlib("TYPE SIZE\0" + content). Its header
// is read first, so an object over its cap is refused before it is
// inflated, and inflating stops at the size the header gives.
func (ps *packs) loose(h Hash) (plumbing.ObjectType, []byte, error) {
	hex := h.String()
	path := filepath.Join(ps.dir, hex[:2], hex[2:])
	f, fi, err := ps.guard.open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil, errNotInPack
		}
		return 0, nil, err
	}
	defer f.Close()
	return ps.readLoose(f, fi.Size(), h)
}

// readLoose reads the loose object h from the size bytes of its file.
func (ps *packs) readLoose(f io.Reader, fileSize int64, h Hash) (plumbing.ObjectType, []byte, error) {
	hex := h.String()
	name := "loose object " + hex
	if fileSize > ps.maxLoose() {
		return 0, nil, objectTooLarge(name, fileSize, ps.maxLoose())
	}
	ps.work.grant(fileSize)
	if ps.br == nil {
		ps.br = bufio.NewReaderSize(nil, 4096)
	}
	ps.br.Reset(io.LimitReader(f, fileSize))
	if err := ps.resetZlib(ps.br); err != nil {
		return 0, nil, damaged(fmt.Errorf("%s: %w", name, err))
	}
	// The header is at most "commit 18446744073709551615\0": 28 bytes.
	var hb [32]byte
	n, z := 0, -1
	for n < len(hb) && z < 0 {
		m, err := ps.zr.Read(hb[n:])
		if m == 0 && err != nil {
			return 0, nil, damaged(fmt.Errorf("%s: %w", name, badStream(err)))
		}
		z = bytes.IndexByte(hb[n:n+m], 0)
		if z >= 0 {
			z += n
		}
		n += m
	}
	if z < 0 {
		return 0, nil, damaged(fmt.Errorf("%s: bad header", name))
	}
	typ, sz, ok := strings.Cut(string(hb[:z]), " ")
	t, err := plumbing.ParseObjectType(typ)
	size, serr := strconv.ParseInt(sz, 10, 64)
	if !ok || err != nil || serr != nil || size < 0 || sz != strconv.FormatInt(size, 10) {
		return 0, nil, damaged(fmt.Errorf("%s: bad header %q", name, hb[:z]))
	}
	if size > ps.limit(t) {
		return 0, nil, objectTooLarge(fmt.Sprintf("%s %s", t, hex), size, ps.limit(t))
	}
	if err := ps.work.spend(size, name); err != nil {
		return 0, nil, err
	}
	// What was read past the header is the start of the content.
	head := hb[z+1 : n]
	if int64(len(head)) > size {
		return 0, nil, damaged(fmt.Errorf("%s: more data than its header says", name))
	}
	out, err := readExact(io.MultiReader(bytes.NewReader(head), ps.zr), size)
	if err != nil {
		return 0, nil, damaged(fmt.Errorf("%s: %w", name, err))
	}
	if err := ps.check(t, out, h); err != nil {
		return 0, nil, damaged(fmt.Errorf("%s: %w", name, err))
	}
	return t, out, nil
}

// badStream names a stream that ended before its header.
func badStream(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// readExact reads exactly size bytes of an inflating stream and checks
// that the stream ends there, which also checks its checksum: git
// refuses an object whose data is longer or shorter than its header
// says. The buffer grows as data comes, so a header that lies costs no
// more memory than the data there is.
func readExact(r io.Reader, size int64) ([]byte, error) {
	const step = 1 << 20
	buf := make([]byte, 0, min(size, step))
	for empty := 0; int64(len(buf)) < size; {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(size, 2*int64(cap(buf))))-len(buf))
		}
		m, err := r.Read(buf[len(buf):min(int64(cap(buf)), size)])
		buf = buf[:len(buf)+m]
		if m == 0 && err == nil {
			if empty++; empty > 100 {
				return nil, errors.New("the compressed data gives nothing")
			}
		}
		if err == io.EOF && int64(len(buf)) < size {
			return nil, fmt.Errorf("data ends after %d of the %d bytes its header says", len(buf), size)
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
	}
	// The stream must end here. A reader may return nothing a few times
	// before it says so; one that never does is broken.
	var one [1]byte
	for range 100 {
		m, err := r.Read(one[:])
		if m > 0 {
			return nil, fmt.Errorf("more data than the %d bytes its header says", size)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return nil, errors.New("the compressed data does not end")
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

// where names an object of a pack for messages: by id when known, else
// (a delta base) by offset.
func (p *pack) where(off int64, id Hash) string {
	if id.IsZero() {
		return fmt.Sprintf("the object at offset %d of %s", off, filepath.Base(p.name))
	}
	return fmt.Sprintf("object %s (offset %d of %s)", id, off, filepath.Base(p.name))
}

// at reads the object at an offset of pack i, resolving deltas; id, when
// known, names it in messages. Offsets come from an index or a delta
// nobody has vetted, so each is checked against the pack's bounds.
func (ps *packs) at(i int, off int64, depth int, id Hash) (plumbing.ObjectType, []byte, error) {
	if t, b, ok := ps.bases.get(i, off); ok {
		return t, b, nil
	}
	return ps.read(i, off, depth, id)
}

// read is at for an object not in the cache of bases.
func (ps *packs) read(i int, off int64, depth int, id Hash) (plumbing.ObjectType, []byte, error) {
	p := ps.list[i]
	bad := func(format string, args ...any) error {
		return damaged(fmt.Errorf("%s: %s", p.where(off, id), fmt.Sprintf(format, args...)))
	}
	end := p.size - packTrailerSize // objects lie between header and trailer
	if off < packHeaderSize || off >= end {
		return 0, nil, bad("offset outside the pack (%d bytes)", p.size)
	}
	if depth > MaxDeltaDepth {
		return 0, nil, bad("delta chain deeper than %d", MaxDeltaDepth)
	}
	hdr := ps.hdr[:]
	if p.data != nil {
		hdr = p.data[off:min(off+int64(len(hdr)), end)] // no copy
	} else {
		n, err := p.readAt(hdr, off)
		if n == 0 {
			return 0, nil, bad("cannot read: %v", err)
		}
		hdr = hdr[:min(int64(n), end-off)]
	}
	c := hdr[0]
	typ := plumbing.ObjectType((c >> 4) & 7)
	size := int64(c & 15)
	k := 1
	for shift := 4; c&0x80 != 0; shift += 7 {
		if k >= len(hdr) || shift > 56 {
			return 0, nil, bad("bad object header")
		}
		c = hdr[k]
		k++
		size |= int64(c&0x7f) << shift
	}
	var baseOff int64
	var baseHash Hash
	switch typ {
	case plumbing.OFSDeltaObject:
		// The base's distance back, as git's get_delta_base reads it:
		// refused if it overflows or points before the pack's start.
		if k >= len(hdr) {
			return 0, nil, bad("bad delta header")
		}
		c = hdr[k]
		k++
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if k >= len(hdr) || rel >= 1<<55 {
				return 0, nil, bad("bad delta offset")
			}
			c = hdr[k]
			k++
			rel = ((rel + 1) << 7) | int64(c&0x7f)
		}
		baseOff = off - rel
		if rel <= 0 || baseOff < packHeaderSize {
			return 0, nil, bad("delta base at %d bytes back lies outside the pack", rel)
		}
	case plumbing.REFDeltaObject:
		if k+20 > len(hdr) {
			return 0, nil, bad("bad delta header")
		}
		copy(baseHash[:], hdr[k:k+20])
		k += 20
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
		// Refused before inflating: the header's size is what would be
		// allocated.
		if size > ps.limit(typ) {
			return 0, nil, objectTooLarge(fmt.Sprintf("%s %s", typ, p.where(off, id)), size, ps.limit(typ))
		}
	default:
		return 0, nil, bad("unknown object type %d", typ)
	}
	if size > ps.maxAny() { // a delta bigger than any object
		return 0, nil, objectTooLarge("the delta of "+p.where(off, id), size, ps.maxAny())
	}
	if !ps.work.take(size) { // named only on failure: reads are many
		return 0, nil, ps.work.spent("pack " + filepath.Base(p.name))
	}
	isDelta := typ == plumbing.OFSDeltaObject || typ == plumbing.REFDeltaObject
	var dst []byte
	if isDelta && depth < len(ps.deltas) {
		dst = ps.deltas[depth]
	}
	data, err := ps.inflate(p, off+int64(k), size, dst)
	if err != nil {
		return 0, nil, bad("inflate: %v", err)
	}
	if isDelta {
		ps.keepDeltaBuf(depth, data)
		// The delta says how large its result is: one larger than any
		// object may be is refused before its chain of bases is built.
		if _, n := binary.Uvarint(data); n > 0 {
			if dst, m := binary.Uvarint(data[n:]); m > 0 && dst > uint64(ps.maxAny()) {
				return 0, nil, objectTooLarge("the result of the delta of "+p.where(off, id), int64(min(dst, 1<<62)), ps.maxAny())
			}
		}
		var bt plumbing.ObjectType
		var base []byte
		if typ == plumbing.OFSDeltaObject {
			// Offsets only go back, so a chain of these cannot loop.
			bt, base, err = ps.at(i, baseOff, depth+1, Hash{})
		} else {
			// A REF_DELTA names its base by id, which may be itself or
			// lead back to it: stop a cycle before it recurses for ever.
			key := baseKey{i, off}
			if ps.refs[key] {
				return 0, nil, bad("delta chain loops back to this object (its base is %s)", baseHash)
			}
			ps.refs[key] = true
			bt, base, err = ps.getDepth(baseHash, depth+1)
			delete(ps.refs, key)
			if err == errNotInPack {
				err = damaged(fmt.Errorf("%s: delta base %s is missing", p.where(off, id), baseHash))
			}
		}
		if err != nil {
			return 0, nil, err
		}
		if data, err = applyDelta(base, data, ps.limit(bt), ps.work); err != nil {
			if errors.Is(err, ErrTooLarge) {
				return 0, nil, fmt.Errorf("%s %s: %w", bt, p.where(off, id), err)
			}
			return 0, nil, bad("%v", err)
		}
		typ = bt
	}
	// Any object may be a delta base (chains are up to 50 deep; bots'
	// commits deltify against each other), so all are kept, within bounds.
	ps.bases.put(i, off, typ, data)
	return typ, data, nil
}

// The buffers deltas inflate into are kept for chains up to
// deltaBufDepth deep (git's pack.depth is 50 by default) and deltas of up
// to deltaBufBytes (a few KB is usual: one revision's edits), so that a
// reader keeps at most 4 MB of them whatever chains a pack holds.
const (
	deltaBufDepth = 64
	deltaBufBytes = 64 << 10
)

// keepDeltaBuf keeps the buffer the data of a delta at a depth of its
// chain was inflated into, for the next delta there (see deltas).
func (ps *packs) keepDeltaBuf(depth int, data []byte) {
	if depth >= deltaBufDepth || cap(data) > deltaBufBytes {
		return
	}
	if depth >= len(ps.deltas) {
		ps.deltas = append(ps.deltas, make([][]byte, depth+1-len(ps.deltas))...)
	}
	ps.deltas[depth] = data
}

// readAt reads at an offset of the pack, as io.ReaderAt does: fewer
// bytes than asked come with an error.
func (p *pack) readAt(b []byte, off int64) (int, error) {
	if p.data != nil {
		if off < 0 || off >= int64(len(p.data)) {
			return 0, io.EOF
		}
		n := copy(b, p.data[off:])
		if n < len(b) {
			return n, io.EOF
		}
		return n, nil
	}
	return p.f.ReadAt(b, off)
}

// inflate inflates the size bytes of an object's data at off, which at
// checked lies inside the pack: into dst when it has room and the pack
// is mapped (see inflate.Inflater.Zlib).
func (ps *packs) inflate(p *pack, off int64, size int64, dst []byte) ([]byte, error) {
	end := p.size - packTrailerSize
	if off > end {
		return nil, io.ErrUnexpectedEOF
	}
	if p.data != nil {
		return ps.zi.Zlib(dst, p.data[off:end], int(size))
	}
	if ps.br == nil {
		ps.br = bufio.NewReaderSize(nil, 4096)
	}
	ps.br.Reset(io.NewSectionReader(p.f, off, end-off))
	if err := ps.resetZlib(ps.br); err != nil {
		return nil, err
	}
	return readExact(ps.zr, size)
}

// applyDelta applies a git delta to base. The result may be no larger
// than limit, and is counted against work before it is allocated; each
// instruction is checked against the size the delta declares, so a delta
// cannot write past it.
func applyDelta(base, delta []byte, limit int64, work *workBudget) ([]byte, error) {
	srcSize, n := binary.Uvarint(delta)
	if n <= 0 || srcSize != uint64(len(base)) {
		return nil, errors.New("delta base size mismatch")
	}
	delta = delta[n:]
	dstSize, n := binary.Uvarint(delta)
	if n <= 0 {
		return nil, errors.New("bad delta size")
	}
	if dstSize > uint64(limit) {
		return nil, objectTooLarge("the result of its delta", int64(min(dstSize, 1<<62)), limit)
	}
	if work != nil {
		if err := work.spend(int64(dstSize), "a delta"); err != nil {
			return nil, err
		}
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
			if uint64(len(out))+cpLen > dstSize {
				return nil, errors.New("delta writes past its declared size")
			}
			out = append(out, base[cpOff:cpOff+cpLen]...)
		case op != 0: // insert literal bytes
			if int(op) > len(delta) {
				return nil, errors.New("truncated delta")
			}
			if uint64(len(out))+uint64(op) > dstSize {
				return nil, errors.New("delta writes past its declared size")
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

// The cache of delta bases is bounded by the total size of what it
// holds. Its budget starts at baseCacheFloor: on the Open Terms Archive
// history (an 8 MB pack of deep delta chains of small documents) 64 MB
// took 60 MB more peak memory in `redline log` than 24 MB for no
// measurable gain in time. 16 MB against 24 MB: 30 MB less peak RSS on
// a 20,000-commit synthetic history for the same CPU, 2-3% more CPU on
// the corpus (8 MB: 8-12 MB less again, 5% more CPU on the corpus): a
// page's versions are read newest first, as git deltifies them, so each
// needs little more than the version read before it. Large objects
// raise the budget, up to git's own core.deltaBaseCacheLimit
// (baseCacheBytes), to room for baseCacheSpan of the largest kept: git picks a delta's base among the objects near it
// (a window of 10), so a cache holding fewer than that many versions of a
// large page rebuilds their chains, up to 50 deep, again and again.
//
// A Reader's cache starts at readerBaseFloor: it holds only blobs, read
// newest first, while the Repo's keeps the commits and trees of the walk
// beside it. Reading every version of a 20,000-commit synthetic history
// and of a 4,857-commit archive of terms of service through a Reader
// while the walk ran, 8 MB against 16 MB took 8-10 MB less peak RSS
// for the same CPU; 4 MB saved more only on the synthetic history, and
// took longer there.
const (
	baseCacheBytes  = 96 << 20
	baseCacheFloor  = 16 << 20
	baseCacheSpan   = 16
	readerBaseFloor = 8 << 20
)

// baseCache is an LRU of inflated objects keyed by pack and offset,
// bounded by their total size: the least recently used go first, however
// many it takes to make room.
type baseCache struct {
	c *lru[baseKey, baseVal]
	// size is what is held; budget what may be (raised from floor to max
	// as large objects come in); max the bound on budget.
	size, budget, max int
}

type baseKey struct {
	pack int
	off  int64
}

type baseVal struct {
	typ      plumbing.ObjectType
	data     []byte
	verified bool // checked against its id
}

// newBaseCache returns a cache that never holds more than max bytes.
func newBaseCache(max int) *baseCache {
	return &baseCache{c: newLRU[baseKey, baseVal](), max: max, budget: min(max, baseCacheFloor)}
}

func (bc *baseCache) get(pack int, off int64) (plumbing.ObjectType, []byte, bool) {
	if v, ok := bc.c.get(baseKey{pack, off}); ok {
		return v.typ, v.data, true
	}
	return 0, nil, false
}

// markVerified records that the object at (pack, off), if cached, has
// been checked against its id.
func (bc *baseCache) markVerified(pack int, off int64) {
	if e, ok := bc.c.m[baseKey{pack, off}]; ok {
		e.v.verified = true
	}
}

// put caches an object, unless it alone would take more than half of the
// cache's bound. Large objects are let in (before, nothing over 3 MB was,
// and every version of a 5.6 MB page rebuilt its whole delta chain); a
// large one raises the budget towards the bound (see baseCacheSpan).
func (bc *baseCache) put(pack int, off int64, typ plumbing.ObjectType, data []byte) {
	if len(data) > bc.max/2 {
		return
	}
	k := baseKey{pack, off}
	if _, ok := bc.c.m[k]; ok {
		return
	}
	if len(data) > bc.budget/baseCacheSpan {
		bc.budget = min(bc.max, max(bc.budget, len(data)*baseCacheSpan))
	}
	bc.c.put(k, baseVal{typ: typ, data: data})
	bc.size += len(data)
	for bc.size > bc.budget {
		bc.size -= len(bc.c.evict().data)
	}
}

// packIndex is a version 2 pack index, read in place: fan-out table,
// sorted names, CRCs, 32-bit offsets and the 64-bit offsets they point to.
type packIndex struct {
	n            uint32 // objects
	fanout       []byte
	names        []byte
	off32, off64 []byte
}

// parseIndex reads a pack index. ok is false for an index that is not
// version 2 (go-git reads those); err says what is wrong with a version 2
// index that cannot be used. Its tables are checked as git's
// check_packed_git_idx does, so lookups cannot read outside them.
func parseIndex(b []byte) (idx packIndex, ok bool, err error) {
	const head = 8 + 256*4
	if len(b) < 8 || string(b[:4]) != "\xfftOc" || binary.BigEndian.Uint32(b[4:8]) != 2 {
		return packIndex{}, false, nil
	}
	if len(b) < head+40 {
		return packIndex{}, false, errors.New("shorter than its header")
	}
	fanout := b[8:head]
	prev := uint32(0)
	for i := 0; i < 256; i++ {
		v := binary.BigEndian.Uint32(fanout[i*4:])
		if v < prev {
			return packIndex{}, false, fmt.Errorf("its fan-out table is not monotonic (entry %d)", i)
		}
		prev = v
	}
	n := int64(prev)
	if n >= 1<<31 {
		return packIndex{}, false, fmt.Errorf("it claims %d objects", n)
	}
	// Names, CRCs and 32-bit offsets, then up to n-1 64-bit offsets, then
	// two checksums.
	minSize := head + n*(20+4+4) + 40
	maxSize := minSize + max(n-1, 0)*8
	size := int64(len(b))
	if size < minSize || size > maxSize || (size-minSize)%8 != 0 {
		return packIndex{}, false, fmt.Errorf("wrong size for %d objects: %d bytes", n, size)
	}
	ni := int(n)
	return packIndex{
		n:      prev,
		fanout: fanout,
		names:  b[head : head+ni*20],
		off32:  b[head+ni*24 : head+ni*28],
		off64:  b[head+ni*28 : len(b)-40],
	}, true, nil
}

// find returns the offset of an object in the pack. The offset is checked
// against the pack by the reader.
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
				return -1, true // outside the table: the reader refuses it
			}
			v := binary.BigEndian.Uint64(x.off64[k:])
			if v > math.MaxInt64 {
				return -1, true // a negative offset: the reader refuses it
			}
			return int64(v), true
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
}
