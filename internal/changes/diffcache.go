package changes

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
)

// The diff cache keeps the comparison of each pair of versions on disk, so
// that a run after one new commit classifies one pair instead of the whole
// history. A comparison is a pure function of the two blobs, their paths,
// the rules and the program, so an entry never goes stale: the caller
// names a directory per rules-and-program fingerprint (see
// ClassifyOptions.CacheDir), and entries are named by the pair.
//
// One file per pair, written to a temporary name and renamed into place:
// concurrent runs and crashes leave either the whole entry or none. Each
// file carries a CRC-32 of its content, checked before a comparison is
// skipped, so a damaged file costs a recomputation, never a wrong result.
// Writing is best effort: a cache that cannot be written is only slower.

const diffCacheMagic = "redline-diff 2\n"

// diskComparer serves comparisons from the diff cache and stores those its
// inner comparer makes.
type diskComparer struct {
	comparer
	dir string

	mu     sync.Mutex
	loaded map[pairKey][]byte // entries read by has, decoded by compare
}

func newDiskComparer(inner comparer, dir string) *diskComparer {
	return &diskComparer{comparer: inner, dir: dir, loaded: map[pairKey][]byte{}}
}

func (d *diskComparer) file(k pairKey) string {
	h := sha256.New()
	h.Write(k.oldBlob[:])
	h.Write(k.newBlob[:])
	h.Write([]byte(k.oldPath + "\x00" + k.newPath))
	name := hex.EncodeToString(h.Sum(nil)[:16])
	return filepath.Join(d.dir, name[:2], name[2:])
}

// has reports whether the comparison is in the cache, holding its bytes
// for compare: then the blobs need not be read. It runs on the reader, so
// it only reads and checks the file; workers decode.
func (d *diskComparer) has(k pairKey) bool {
	b, err := os.ReadFile(d.file(k))
	if err != nil {
		return false
	}
	body, ok := checkEntry(b)
	if !ok {
		return false
	}
	d.mu.Lock()
	d.loaded[k] = body
	d.mu.Unlock()
	return true
}

func (d *diskComparer) compare(k pairKey, old, new []byte) (classify.DocumentDiff, error) {
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
		r := &entryReader{b: body}
		diff := r.documentDiff()
		if r.err != nil || len(r.b) != 0 {
			// The checksum matched, so only a bug in the codec gets here.
			return classify.DocumentDiff{}, errors.New("unreadable entry in the diff cache (run with --no-cache, and please report it)")
		}
		return diff, nil
	}
	diff, err := d.comparer.compare(k, old, new)
	if err == nil {
		d.store(k, diff)
	}
	return diff, err
}

func (d *diskComparer) store(k pairKey, diff classify.DocumentDiff) {
	w := &entryWriter{}
	w.b = append(w.b, diffCacheMagic...)
	w.documentDiff(diff)
	w.b = binary.BigEndian.AppendUint32(w.b, crc32.Checksum(w.b, crcTable))
	f := d.file(k)
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(f), ".tmp-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(w.b)
	if e := tmp.Close(); err == nil {
		err = e
	}
	if err == nil {
		err = os.Rename(tmp.Name(), f)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// checkEntry returns the encoded comparison of a cache file whose magic
// and checksum hold.
func checkEntry(b []byte) ([]byte, bool) {
	if len(b) < len(diffCacheMagic)+4 || !bytes.HasPrefix(b, []byte(diffCacheMagic)) {
		return nil, false
	}
	n := len(b) - 4
	if crc32.Checksum(b[:n], crcTable) != binary.BigEndian.Uint32(b[n:]) {
		return nil, false
	}
	return b[len(diffCacheMagic):n], true
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
// empty one, so that a comparison read back renders byte for byte as the
// one computed.

type entryWriter struct{ b []byte }

func (w *entryWriter) uvarint(x uint64) { w.b = binary.AppendUvarint(w.b, x) }
func (w *entryWriter) str(s string)     { w.uvarint(uint64(len(s))); w.b = append(w.b, s...) }

// count writes a length, 0 for nil and n+1 otherwise.
func (w *entryWriter) count(n int, isNil bool) {
	if isNil {
		w.uvarint(0)
		return
	}
	w.uvarint(uint64(n) + 1)
}

func (w *entryWriter) strs(ss []string) {
	w.count(len(ss), ss == nil)
	for _, s := range ss {
		w.str(s)
	}
}

func (w *entryWriter) side(s *classify.Side) {
	if s == nil {
		w.b = append(w.b, 0)
		return
	}
	w.b = append(w.b, 1)
	w.str(s.Text)
	w.uvarint(uint64(s.Lines[0]))
	w.uvarint(uint64(s.Lines[1]))
}

func (w *entryWriter) documentDiff(d classify.DocumentDiff) {
	for _, s := range []string{d.Path, d.OldPath, d.Lang, d.URL, d.Status, d.TranslationOf, string(d.Class)} {
		w.str(s)
	}
	w.count(len(d.Changes), d.Changes == nil)
	for i := range d.Changes {
		w.change(&d.Changes[i])
	}
	w.strs(d.Notes)
}

func (w *entryWriter) change(c *classify.Change) {
	w.str(string(c.Op))
	w.str(string(c.Class))
	w.strs(c.Reasons)
	w.str(c.Explanation)
	w.count(len(c.Explanations), c.Explanations == nil)
	keys := make([]string, 0, len(c.Explanations))
	for k := range c.Explanations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.str(k)
		w.str(c.Explanations[k])
	}
	w.strs(c.Topics)
	w.strs(c.Section)
	w.str(c.Anchor)
	w.str(c.URL)
	w.side(c.Old)
	w.side(c.New)
	w.count(len(c.Inline), c.Inline == nil)
	for _, s := range c.Inline {
		w.str(string(s.Op))
		w.str(s.Text)
	}
	w.str(c.Fingerprint)
	if c.Override == nil {
		w.b = append(w.b, 0)
	} else {
		w.b = append(w.b, 1)
		w.str(string(c.Override.From))
		w.str(c.Override.Source)
		w.str(c.Override.Reason)
	}
	w.count(len(c.Proofs), c.Proofs == nil)
	for _, p := range c.Proofs {
		w.str(p.Kind)
		w.str(p.Old)
		w.str(p.New)
		w.str(p.By)
	}
	// Significance has two decimals: stored in hundredths.
	w.uvarint(uint64(math.Round(c.Significance * 100)))
}

type entryReader struct {
	b   []byte
	err error
}

var errEntry = errors.New("damaged diff cache entry")

func (r *entryReader) fail() {
	r.err, r.b = errEntry, nil
}

func (r *entryReader) uvarint() uint64 {
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return x
}

func (r *entryReader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *entryReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// count reads a length written by entryWriter.count: -1 for nil. Each
// element takes at least one byte, which bounds what a damaged entry can
// make us allocate.
func (r *entryReader) count() int {
	n := r.uvarint()
	if n == 0 {
		return -1
	}
	if n-1 > uint64(len(r.b)) {
		r.fail()
		return -1
	}
	return int(n - 1)
}

func (r *entryReader) strs() []string {
	n := r.count()
	if n < 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.str()
	}
	return ss
}

func (r *entryReader) side() *classify.Side {
	if r.byte() == 0 {
		return nil
	}
	s := &classify.Side{Text: r.str()}
	s.Lines[0], s.Lines[1] = int(r.uvarint()), int(r.uvarint())
	return s
}

func (r *entryReader) documentDiff() classify.DocumentDiff {
	d := classify.DocumentDiff{Path: r.str(), OldPath: r.str(), Lang: r.str(), URL: r.str(), Status: r.str(), TranslationOf: r.str()}
	d.Class = internClass(r.str())
	if n := r.count(); n >= 0 {
		d.Changes = make([]classify.Change, n)
		for i := range d.Changes {
			r.change(&d.Changes[i])
		}
	}
	d.Notes = r.strs()
	return d
}

func (r *entryReader) change(c *classify.Change) {
	c.Op = align.OpKind(r.str())
	c.Class = internClass(r.str())
	c.Reasons = r.strs()
	c.Explanation = r.str()
	if n := r.count(); n >= 0 {
		c.Explanations = make(map[string]string, n)
		for range n {
			k := r.str()
			c.Explanations[k] = r.str()
		}
	}
	c.Topics = r.strs()
	c.Section = r.strs()
	c.Anchor = r.str()
	c.URL = r.str()
	c.Old = r.side()
	c.New = r.side()
	if n := r.count(); n >= 0 {
		c.Inline = make([]align.Span, n)
		for i := range c.Inline {
			c.Inline[i] = align.Span{Op: align.SpanOp(r.str()), Text: r.str()}
		}
	}
	c.Fingerprint = r.str()
	if r.byte() == 1 {
		c.Override = &classify.Override{From: internClass(r.str()), Source: r.str(), Reason: r.str()}
	}
	if n := r.count(); n >= 0 {
		c.Proofs = make([]classify.Proof, n)
		for i := range c.Proofs {
			c.Proofs[i] = classify.Proof{Kind: r.str(), Old: r.str(), New: r.str(), By: r.str()}
		}
	}
	c.Significance = float64(r.uvarint()) / 100
}

func internClass(s string) classify.Class {
	for _, c := range []classify.Class{classify.None, classify.Editorial, classify.Substantive} {
		if string(c) == s {
			return c
		}
	}
	return classify.Class(s)
}
