package changes

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/bincodec"
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
// file is the magic, the comparison and a CRC-32C of both (bincodec's
// Writer.Checksum and Unseal), checked before a comparison is skipped, so
// a damaged file costs a recomputation, never a wrong result. Writing is
// best effort: a cache that cannot be written is only slower.

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
		r := bincodec.NewReader(body)
		diff := decodeDiff(r)
		if r.Err() != nil || r.Remaining() != 0 {
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
	var w bincodec.Writer
	w.RawString(diffCacheMagic)
	encodeDiff(&w, diff)
	w.Checksum(0)
	f := d.file(k)
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(f), ".tmp-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(w.Bytes())
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

// checkEntry returns the encoded comparison of a cache file whose magic
// and checksum hold.
func checkEntry(b []byte) ([]byte, bool) {
	return bincodec.Unseal(b, diffCacheMagic)
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
