package changes

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/bincodec"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/safefile"
)

// The diff cache keeps the comparison of each pair of versions on disk, so
// that a run after one new commit classifies one pair instead of the whole
// history. A comparison is a pure function of the two blobs, their paths,
// the rules and the program, so an entry never goes stale: the caller
// names a directory per rules-and-program fingerprint (see
// ClassifyOptions.CacheDir), and entries are named by the pair.
//
// Entries live in append-only pack files, pack-<random>.log: each run
// that compares anything creates one and appends what it compares
// (through a buffer: thousands of entries cost one file, not thousands),
// so concurrent runs never write the same file and need no lock. A
// record is the pair's id, the encoded comparison and a CRC-32C of both
// (bincodec's Blob and Checksum); a finished pack ends in a seal record.
// Opening the cache indexes the records of every pack by their headers
// alone; a lookup reads its record by offset and checks its id and
// checksum before a comparison is skipped, so a damaged record, or the
// torn tail of a killed run, costs a recomputation, never a wrong result.
// A pack that cannot be opened, or is removed meanwhile, is a miss.
// When there are more than maxPacks packs, closing merges the finished
// ones into one (written whole and renamed into place) and removes them.
// Writing is best effort: a cache that cannot be written is only slower.

const (
	diffPackMagic = "redline-diffpack 1\n"
	packPrefix    = "pack-"
	packSuffix    = ".log"
	// maxPacks is how many packs may pile up before a run merges them.
	maxPacks = 16
	// maxPackBytes caps a pack: a longer one is read no further, and a
	// run stops adding to its own beyond it.
	maxPackBytes = 1 << 32
	// maxRecordBytes caps one comparison: a longer record is not read.
	maxRecordBytes = 1 << 28
	// abandoned is how long an unsealed pack (a run killed, or still
	// running) is left alone by the merge.
	abandoned = time.Hour
)

// idLen is the length of a pair's id, the start of a record.
const idLen = 16

type pairID [idLen]byte

// sealID is the id of the record that ends a finished pack.
var sealID = pairID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// A pack is one pack file as this run found or wrote it.
type pack struct {
	path   string
	f      *os.File // nil: could not be opened
	sealed bool     // ends in a seal record: its writer is done with it
	mod    time.Time
}

// A recordRef says where a record lies.
type recordRef struct {
	pack   int   // index in diskComparer.packs
	off, n int64 // the whole record: id, body and checksum
}

// diskComparer serves comparisons from the diff cache and stores those its
// inner comparer makes.
type diskComparer struct {
	comparer
	dir string

	packs []*pack              // read only after open, but for own
	index map[pairID]recordRef // the records of the packs found at open
	// more holds the other records of ids found more than once (two
	// runs comparing the same pair, a damaged record recomputed), tried
	// when the first does not check.
	more map[pairID][]recordRef

	mu     sync.Mutex
	loaded map[pairKey][]byte // entries read by has, decoded by compare
	// This run's pack, created on the first store.
	own     *pack
	ownW    *bufio.Writer
	ownOff  int64
	ownRecs []recordRef
	ownIDs  []pairID
	ownFail bool // creating or writing it failed, or closed: store nothing more
	rec     bincodec.Writer
}

func newDiskComparer(inner comparer, dir string) *diskComparer {
	d := &diskComparer{comparer: inner, dir: dir, loaded: map[pairKey][]byte{}, index: map[pairID]recordRef{}}
	d.open()
	return d
}

func pairIDOf(k pairKey) pairID {
	h := sha256.New()
	h.Write(k.oldBlob[:])
	h.Write(k.newBlob[:])
	h.Write([]byte(k.oldPath + "\x00" + k.newPath))
	var id pairID
	copy(id[:], h.Sum(nil))
	return id
}

// open indexes the records of the packs in the directory.
func (d *diskComparer) open() {
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, packPrefix) || !strings.HasSuffix(name, packSuffix) {
			continue
		}
		p := &pack{path: filepath.Join(d.dir, name)}
		d.packs = append(d.packs, p)
		f, err := safefile.OpenNoBlock(p.path)
		if err != nil {
			continue
		}
		fi, err := f.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			f.Close()
			continue
		}
		p.f, p.mod = f, fi.ModTime()
		p.sealed = scanPack(f, min(fi.Size(), maxPackBytes), func(id pairID, off, n int64) {
			d.add(id, recordRef{pack: len(d.packs) - 1, off: off, n: n})
		})
	}
}

func (d *diskComparer) add(id pairID, ref recordRef) {
	if _, dup := d.index[id]; !dup {
		d.index[id] = ref
		return
	}
	if d.more == nil {
		d.more = map[pairID][]recordRef{}
	}
	d.more[id] = append(d.more[id], ref)
}

// lookup returns the body of a record of id that checks.
func (d *diskComparer) lookup(id pairID) ([]byte, bool) {
	ref, ok := d.index[id]
	if !ok {
		return nil, false
	}
	if body, ok := d.readRecord(ref, id); ok {
		return body, true
	}
	for _, ref := range d.more[id] {
		if body, ok := d.readRecord(ref, id); ok {
			return body, true
		}
	}
	return nil, false
}

// scanPack reads the record headers of a pack of size bytes, handing each
// record's id and place to add, and reports whether the pack is sealed.
// It stops at the first header that does not fit: a torn tail, or damage
// that leaves the rest of the file unreadable. Records are checked when
// they are read, not here.
func scanPack(f *os.File, size int64, add func(id pairID, off, n int64)) (sealed bool) {
	var head [idLen + binary.MaxVarintLen64]byte
	m, _ := f.ReadAt(head[:len(diffPackMagic)], 0)
	if m != len(diffPackMagic) || string(head[:m]) != diffPackMagic {
		return false
	}
	off := int64(len(diffPackMagic))
	for off < size {
		m, _ := f.ReadAt(head[:], off)
		if m <= idLen {
			return false
		}
		var id pairID
		copy(id[:], head[:idLen])
		bodyLen, w := binary.Uvarint(head[idLen:m])
		if w <= 0 || bodyLen > maxRecordBytes {
			return false
		}
		n := int64(idLen+w) + int64(bodyLen) + 4
		if off+n > size {
			return false // torn
		}
		if id == sealID {
			if off+n != size || bodyLen != 0 {
				return false
			}
			rec := make([]byte, n)
			if _, err := f.ReadAt(rec, off); err != nil {
				return false
			}
			_, ok := checkRecord(rec, sealID)
			return ok
		}
		add(id, off, n)
		off += n
	}
	return false
}

// readRecord returns the body of the record at ref, if its id is id and
// its checksum holds.
func (d *diskComparer) readRecord(ref recordRef, id pairID) ([]byte, bool) {
	p := d.packs[ref.pack]
	if p.f == nil || ref.n > maxRecordBytes+idLen+binary.MaxVarintLen64+4 {
		return nil, false
	}
	rec := make([]byte, ref.n)
	if _, err := p.f.ReadAt(rec, ref.off); err != nil {
		return nil, false
	}
	return checkRecord(rec, id)
}

// checkRecord returns the body of a record, if its id is id, it holds
// nothing more and its checksum holds.
func checkRecord(rec []byte, id pairID) ([]byte, bool) {
	r := bincodec.NewSharedReader(rec)
	got := r.Fixed(idLen)
	body := r.Blob()
	r.Checksum(0)
	if r.Err() != nil || r.Remaining() != 0 || string(got) != string(id[:]) {
		return nil, false
	}
	return body, true
}

// has reports whether the comparison is in the cache, holding its bytes
// for compare: then the blobs need not be read. It runs on the reader, so
// it only reads and checks the record; workers decode.
func (d *diskComparer) has(k pairKey) bool {
	if len(d.index) == 0 {
		return false
	}
	body, ok := d.lookup(pairIDOf(k))
	if !ok {
		return false
	}
	d.mu.Lock()
	d.loaded[k] = body
	d.mu.Unlock()
	return true
}

func (d *diskComparer) compare(i int32, k pairKey, old, new []byte) (classify.DocumentDiff, error) {
	// The job has loaded its entry when it comes without content; a
	// comparison reaching back past an unreadable version may ask for the
	// same pair with content, and must leave the entry to the job.
	d.mu.Lock()
	body, ok := d.loaded[k]
	if old == nil && new == nil {
		delete(d.loaded, k)
	}
	d.mu.Unlock()
	if ok {
		r := bincodec.NewReader(body)
		diff := decodeDiff(r)
		if r.Err() != nil || r.Remaining() != 0 {
			// The checksum matched, so only a bug in the codec gets here.
			return classify.DocumentDiff{}, errors.New("unreadable entry in the diff cache (run with --no-cache, and please report it)")
		}
		return diff, nil
	}
	diff, err := d.comparer.compare(i, k, old, new)
	if err == nil {
		d.store(k, diff)
	}
	return diff, err
}

// appendRecord appends the record of id and body to w's bytes.
func appendRecord(w *bincodec.Writer, id pairID, body []byte) {
	start := w.Len()
	w.Raw(id[:])
	w.Blob(body)
	w.Checksum(start)
}

func (d *diskComparer) store(k pairKey, diff classify.DocumentDiff) {
	var body bincodec.Writer
	encodeDiff(&body, diff)
	id := pairIDOf(k)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ownFail || body.Len() > maxRecordBytes {
		return
	}
	if d.own == nil {
		p, f, err := createPack(d.dir, packPrefix+"*"+packSuffix)
		if err != nil {
			d.ownFail = true
			return
		}
		d.own = p
		d.ownW = bufio.NewWriterSize(f, 1<<20)
		if _, err := d.ownW.WriteString(diffPackMagic); err != nil {
			d.failOwn()
			return
		}
		d.ownOff = int64(len(diffPackMagic))
	}
	d.rec.Reset()
	appendRecord(&d.rec, id, body.Bytes())
	n := int64(d.rec.Len())
	if d.ownOff+n > maxPackBytes {
		return
	}
	if _, err := d.ownW.Write(d.rec.Bytes()); err != nil {
		d.failOwn()
		return
	}
	d.ownRecs = append(d.ownRecs, recordRef{off: d.ownOff, n: n})
	d.ownIDs = append(d.ownIDs, id)
	d.ownOff += n
}

// failOwn gives up on this run's pack; what reached the file stays, as
// a torn tail at worst.
func (d *diskComparer) failOwn() {
	d.ownFail = true
	d.own.f.Close()
	d.own.f = nil
	d.ownRecs, d.ownIDs = nil, nil
}

// createPack creates a new pack file in dir, named by pattern, opened for
// reading and writing.
func createPack(dir, pattern string) (*pack, *os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, nil, err
	}
	return &pack{path: f.Name(), f: f}, f, nil
}

// Close finishes this run's pack (seals it and syncs it to disk), merges
// the packs when there are too many, and closes the files. Best effort.
func (d *diskComparer) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.own != nil && !d.ownFail {
		d.rec.Reset()
		appendRecord(&d.rec, sealID, nil)
		_, err := d.ownW.Write(d.rec.Bytes())
		if err == nil {
			err = d.ownW.Flush()
		}
		if err == nil {
			err = d.own.f.Sync()
		}
		if err != nil {
			d.failOwn()
		} else {
			d.own.sealed = true
			d.packs = append(d.packs, d.own)
			d.own = nil // closed with the others
			for i, ref := range d.ownRecs {
				ref.pack = len(d.packs) - 1
				d.add(d.ownIDs[i], ref)
			}
		}
	}
	if len(d.packs) > maxPacks {
		d.merge()
	}
	for _, p := range d.packs {
		if p.f != nil {
			p.f.Close()
		}
	}
	if d.own != nil && d.own.f != nil {
		d.own.f.Close()
	}
	d.packs, d.index, d.more, d.ownFail = nil, nil, nil, true
}

// merge writes the records of the finished packs (sealed, or left
// unsealed long ago by a killed run) into one new pack, checking each,
// and removes those packs once the new one is in place. A pack another
// run is still writing is not finished, and is left alone.
func (d *diskComparer) merge() {
	now := time.Now()
	done := make([]bool, len(d.packs))
	n := 0
	for i, p := range d.packs {
		if p.f != nil && (p.sealed || now.Sub(p.mod) > abandoned) {
			done[i] = true
			n++
		}
	}
	if n < 2 {
		return
	}
	ids := make([]pairID, 0, len(d.index))
	for id, ref := range d.index {
		if done[ref.pack] {
			ids = append(ids, id)
			continue
		}
		for _, ref := range d.more[id] {
			if done[ref.pack] {
				ids = append(ids, id)
				break
			}
		}
	}
	sort.Slice(ids, func(i, j int) bool { return string(ids[i][:]) < string(ids[j][:]) })
	p, f, err := createPack(d.dir, ".tmp-pack-*")
	if err != nil {
		return
	}
	w := bufio.NewWriterSize(f, 1<<20)
	_, err = w.WriteString(diffPackMagic)
	size := int64(len(diffPackMagic))
	var rec bincodec.Writer
	for _, id := range ids {
		if err != nil {
			break
		}
		body, ok := d.lookup(id)
		if !ok {
			continue
		}
		rec.Reset()
		appendRecord(&rec, id, body)
		if size+int64(rec.Len()) > maxPackBytes {
			break
		}
		size += int64(rec.Len())
		_, err = w.Write(rec.Bytes())
	}
	if err == nil {
		rec.Reset()
		appendRecord(&rec, sealID, nil)
		_, err = w.Write(rec.Bytes())
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if e := f.Close(); err == nil {
		err = e
	}
	if err == nil {
		var name string
		name, err = packName()
		if err == nil {
			err = os.Rename(p.path, filepath.Join(d.dir, name))
		}
	}
	if err != nil {
		os.Remove(p.path)
		return
	}
	for i, q := range d.packs {
		if done[i] {
			os.Remove(q.path)
		}
	}
	// Merges killed before the rename leave temporary files behind.
	if old, _ := filepath.Glob(filepath.Join(d.dir, ".tmp-pack-*")); len(old) > 0 {
		for _, o := range old {
			if fi, err := os.Stat(o); err == nil && now.Sub(fi.ModTime()) > abandoned {
				os.Remove(o)
			}
		}
	}
}

// packName returns a new pack's name, random.
func packName() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return packPrefix + hex.EncodeToString(b[:]) + packSuffix, nil
}

// PruneDiffCaches removes the directories beside keep whose names start
// like keep's up to its last '-' (the caches of other rules or other
// builds of redline), except the most recently used one besides keep, so
// that switching between two builds stays fast. Best effort.
func PruneDiffCaches(keep string) {
	parent, base := filepath.Split(keep)
	prefix := base[:strings.LastIndexByte(base, '-')+1]
	if prefix == "" {
		return
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	type old struct {
		path string
		mod  int64
	}
	var others []old
	for _, e := range entries {
		if !e.IsDir() || e.Name() == base || !sameShape(e.Name(), base, len(prefix)) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		others = append(others, old{filepath.Join(parent, e.Name()), info.ModTime().UnixNano()})
	}
	sort.Slice(others, func(i, j int) bool { return others[i].mod > others[j].mod })
	for i, o := range others {
		if i > 0 {
			os.RemoveAll(o.path)
		}
	}
}

// sameShape reports whether name is keep with other hex digits after its
// first n bytes: a cache directory of redline's, not something else that
// lives beside it.
func sameShape(name, keep string, n int) bool {
	if len(name) != len(keep) || name[:n] != keep[:n] {
		return false
	}
	for _, c := range name[n:] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// The codec writes every field, and tells a nil slice or map from an
// empty one (bincodec's NilCount), so that a comparison read back renders
// byte for byte as the one computed.

func encodeSide(w *bincodec.Writer, s *classify.Side) {
	w.Bool(s != nil)
	if s == nil {
		return
	}
	w.Str(s.Text)
	w.Uvarint(uint64(s.Lines[0]))
	w.Uvarint(uint64(s.Lines[1]))
}

func encodeDiff(w *bincodec.Writer, d classify.DocumentDiff) {
	for _, s := range []string{d.Path, d.OldPath, d.Lang, d.URL, d.Status, d.TranslationOf, string(d.Class)} {
		w.Str(s)
	}
	w.NilCount(len(d.Changes), d.Changes == nil)
	for i := range d.Changes {
		encodeChange(w, &d.Changes[i])
	}
	w.Strs(d.Notes)
}

func encodeChange(w *bincodec.Writer, c *classify.Change) {
	w.Str(string(c.Op))
	w.Str(string(c.Class))
	w.Strs(c.Reasons)
	w.Str(c.Explanation)
	w.NilCount(len(c.Explanations), c.Explanations == nil)
	keys := make([]string, 0, len(c.Explanations))
	for k := range c.Explanations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.Str(k)
		w.Str(c.Explanations[k])
	}
	w.Strs(c.Topics)
	w.Strs(c.Section)
	w.Str(c.Anchor)
	w.Str(c.URL)
	encodeSide(w, c.Old)
	encodeSide(w, c.New)
	w.NilCount(len(c.Inline), c.Inline == nil)
	for _, s := range c.Inline {
		w.Str(string(s.Op))
		w.Str(s.Text)
	}
	w.Str(c.Fingerprint)
	w.Bool(c.Override != nil)
	if c.Override != nil {
		w.Str(string(c.Override.From))
		w.Str(c.Override.Source)
		w.Str(c.Override.Reason)
	}
	w.NilCount(len(c.Proofs), c.Proofs == nil)
	for _, p := range c.Proofs {
		w.Str(p.Kind)
		w.Str(p.Old)
		w.Str(p.New)
		w.Str(p.By)
	}
	// Significance has two decimals: stored in hundredths.
	w.Uvarint(uint64(math.Round(c.Significance * 100)))
}

// The smallest encodings of the elements of lists, which bound what a
// count can make the reader allocate: each string takes at least a byte,
// a side or a flag a byte, a number a byte.
const (
	minChange = 16 // 12 strings and lists, 2 sides, a flag, a number
	minPair   = 2  // an explanation or a span: two strings
	minProof  = 4  // four strings
)

func decodeSide(r *bincodec.Reader) *classify.Side {
	if !r.Bool() {
		return nil
	}
	s := &classify.Side{Text: r.Str()}
	s.Lines[0], s.Lines[1] = int(r.Uvarint()), int(r.Uvarint())
	return s
}

func decodeDiff(r *bincodec.Reader) classify.DocumentDiff {
	d := classify.DocumentDiff{Path: r.Str(), OldPath: r.Str(), Lang: r.Str(), URL: r.Str(), Status: r.Str(), TranslationOf: r.Str()}
	d.Class = internClass(r.Str())
	if n := r.NilCount(minChange); n >= 0 {
		d.Changes = make([]classify.Change, n)
		for i := range d.Changes {
			decodeChange(r, &d.Changes[i])
		}
	}
	d.Notes = r.Strs()
	return d
}

func decodeChange(r *bincodec.Reader, c *classify.Change) {
	c.Op = align.OpKind(r.Str())
	c.Class = internClass(r.Str())
	c.Reasons = r.Strs()
	c.Explanation = r.Str()
	if n := r.NilCount(minPair); n >= 0 {
		c.Explanations = make(map[string]string, n)
		for range n {
			k := r.Str()
			c.Explanations[k] = r.Str()
		}
	}
	c.Topics = r.Strs()
	c.Section = r.Strs()
	c.Anchor = r.Str()
	c.URL = r.Str()
	c.Old = decodeSide(r)
	c.New = decodeSide(r)
	if n := r.NilCount(minPair); n >= 0 {
		c.Inline = make([]align.Span, n)
		for i := range c.Inline {
			c.Inline[i] = align.Span{Op: align.SpanOp(r.Str()), Text: r.Str()}
		}
	}
	c.Fingerprint = r.Str()
	if r.Bool() {
		c.Override = &classify.Override{From: internClass(r.Str()), Source: r.Str(), Reason: r.Str()}
	}
	if n := r.NilCount(minProof); n >= 0 {
		c.Proofs = make([]classify.Proof, n)
		for i := range c.Proofs {
			c.Proofs[i] = classify.Proof{Kind: r.Str(), Old: r.Str(), New: r.Str(), By: r.Str()}
		}
	}
	c.Significance = float64(r.Uvarint()) / 100
}

func internClass(s string) classify.Class {
	for _, c := range []classify.Class{classify.None, classify.Editorial, classify.Substantive} {
		if string(c) == s {
			return c
		}
	}
	return classify.Class(s)
}
