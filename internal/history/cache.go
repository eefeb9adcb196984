package history

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/digdir/redline/internal/bincodec"
	"github.com/digdir/redline/internal/safefile"
)

// DefaultCacheDir returns the cache directory for this repository:
// os.UserCacheDir()/redline/<repo-id>, where the id is derived from the
// absolute git directory. The cache never lives inside the repository.
func (r *Repo) DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	id := sha256.Sum256([]byte(r.gitDir))
	return filepath.Join(base, "redline", hex.EncodeToString(id[:8])), nil
}

// The disk cache keeps, per commit, what the walk computed for it: parents,
// tree, commit time, the path key and (for shown commits) the revision with
// its document changes. All of it is a pure function of the commit hash,
// the tracked paths and the mode, which name the file, so entries never go
// stale. One file holds all commits for a (paths, mode) pair: one read and
// one atomic write per run, instead of a file per commit.
//
// Layout: magic, count, an index of (hash, offset, length, checksum)
// sorted by hash, then the records. Records are decoded only when the walk
// asks for them, so a run that needs a few of them does not pay for all.
// Each record's checksum (CRC-32C of its commit hash and its bytes) is
// checked when it is read: a record that fails is computed again, never
// used, and not copied when the file is next written.
//
// The file is named for the repository too (its git directory, symlinks
// resolved): the cache directory is shared, and what one repository's
// objects say must not be read as another's. Only what redline checked
// goes in: objects are checked against their ids as they are read, and
// what the commit-graph says against the commit objects (walk.checkInfo).
//
// All of it is written with bincodec, and read back with its Reader,
// which checks every length and count against the bytes left.

const cacheMagic = "redline-history-cache 5\n"

const indexEntry = 20 + 4 + 4 + 4

type cacheRecord struct {
	info commitInfo
	key  Hash
	rev  *Revision // nil when the commit was not shown or not yet decoded
	// The encoded revision as read from the file, decoded on first use;
	// the strings of the revision share its bytes.
	revRaw []byte
	// stored says the record is in the file exactly as revRaw holds it,
	// so saving copies its bytes instead of encoding it again.
	stored bool
}

// revision returns the record's revision, decoding it if need be.
func (rec *cacheRecord) revision(h Hash) *Revision {
	if rec.rev == nil && rec.revRaw != nil {
		r := bincodec.NewSharedReader(rec.revRaw)
		rev := decodeRevision(r, h, rec.info.parents)
		if r.Err() != nil {
			rec.revRaw = nil // treat as not cached
			return nil
		}
		rec.rev = rev
	}
	return rec.rev
}

type diskCache struct {
	file  string
	data  []byte // the file as read, never modified: strings share it
	index []byte // sorted (hash, offset, length, checksum) entries
	body  int    // where the records start in data
	recs  map[Hash]*cacheRecord
	added []Hash // records put by this run, to encode on save
	dirty bool

	// The journal holds records added since the file was last written
	// whole: a run after one new commit appends a few records instead of
	// rewriting them all. Its records take precedence over the file's.
	jnl      map[Hash][]byte // record bytes, sharing the journal as read
	jnlBytes int             // length of the journal's valid entries
	jnlTorn  bool            // the journal ends in a partial entry (a crash)
}

// cacheID names the repository in the names of its cache files: its
// common git directory (where its objects are), symlinks resolved.
func (r *Repo) cacheID() string {
	dir := r.commonDir
	if dir == "" {
		return r.dir
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return dir
}

func openDiskCache(dir, repo string, paths []string, full bool) *diskCache {
	mode := "first-parent"
	if full {
		mode = "full-history"
	}
	sum := sha256.Sum256([]byte(cacheMagic + mode + "\n" + repo + "\n" + strings.Join(paths, "\n")))
	c := &diskCache{
		file: filepath.Join(dir, "log-"+hex.EncodeToString(sum[:12])+".bin"),
		recs: map[Hash]*cacheRecord{},
	}
	if b, err := readCacheFile(c.file); err == nil {
		c.load(b)
	}
	if b, err := readCacheFile(c.journalFile()); err == nil {
		c.loadJournal(b)
	}
	return c
}

// readCacheFile reads a file of the cache: a regular file (not a pipe or
// a device left there), no larger than the format allows.
func readCacheFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	f, err := safefile.OpenNoBlock(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCapped(f, fi.Size(), math.MaxUint32+1<<20, path)
}

func (c *diskCache) journalFile() string {
	return strings.TrimSuffix(c.file, ".bin") + ".jnl"
}

const journalMagic = "redline-history-journal 1\n"

// A journal entry is the commit hash, the record's length as a uvarint,
// the record, and a CRC-32C of all of that (bincodec's Checksum): an entry
// cut short by a crash, or mixed with another process's append, fails the
// check, and it and everything after it are ignored.
func (c *diskCache) loadJournal(b []byte) {
	if !bytes.HasPrefix(b, []byte(journalMagic)) {
		c.jnlTorn = len(b) > 0
		return
	}
	c.jnl = map[Hash][]byte{}
	r := bincodec.NewReader(b[len(journalMagic):])
	pos := 0
	for r.Remaining() > 0 {
		h := readHash(r)
		rec := r.Blob()
		r.Checksum(pos)
		if r.Err() != nil {
			break
		}
		c.jnl[h] = rec
		pos = r.Offset()
	}
	c.jnlBytes = len(journalMagic) + pos
	c.jnlTorn = c.jnlBytes < len(b)
}

// load checks the header and index of a cache file; a file that does not
// fit is ignored (and replaced on save).
func (c *diskCache) load(b []byte) {
	if !bytes.HasPrefix(b, []byte(cacheMagic)) {
		return
	}
	r := bincodec.NewReader(b[len(cacheMagic):])
	n := r.Count(indexEntry)
	index := r.Fixed(n * indexEntry)
	if r.Err() != nil {
		return
	}
	c.data, c.index, c.body = b, index, len(cacheMagic)+r.Offset()
	// A run after one new commit decodes nearly every record: sized
	// once, the map never grows on the way.
	c.recs = make(map[Hash]*cacheRecord, n+16)
}

// find returns where the record of h lies in the file, if it is there
// and its checksum holds.
func (c *diskCache) find(h Hash) (off, n int, ok bool) {
	lo, hi := 0, len(c.index)/indexEntry
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		e := c.index[mid*indexEntry:]
		switch cmp := bytes.Compare(e[:20], h[:]); {
		case cmp == 0:
			r := bincodec.NewReader(e[20:indexEntry])
			off, n, sum := c.body+int(r.Uint32()), int(r.Uint32()), r.Uint32()
			if off < c.body || off+n > len(c.data) || recordCRC(h, c.data[off:off+n]) != sum {
				return 0, 0, false
			}
			return off, n, true
		case cmp < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, 0, false
}

func (c *diskCache) get(h Hash) (*cacheRecord, bool) {
	if rec, ok := c.recs[h]; ok {
		return rec, true
	}
	var r *bincodec.Reader
	if raw, ok := c.jnl[h]; ok {
		r = bincodec.NewSharedReader(raw)
	} else if off, n, ok := c.find(h); ok {
		r = bincodec.NewSharedReader(c.data[off : off+n])
	} else {
		return nil, false
	}
	rec := decodeRecord(r)
	if r.Err() != nil {
		return nil, false
	}
	rec.stored = true
	c.recs[h] = rec
	return rec, true
}

func (c *diskCache) put(h Hash, rec *cacheRecord) {
	if prev, ok := c.recs[h]; !ok || prev.stored {
		c.added = append(c.added, h)
	}
	rec.stored = false
	c.recs[h] = rec
	c.dirty = true
}

// recordCRC is the checksum of a record in the cache file: CRC-32C of the
// commit hash and the record, so that a record cannot pass for another's.
func recordCRC(h Hash, rec []byte) uint32 {
	return bincodec.UpdateChecksum(bincodec.Checksum(h[:]), rec)
}

// save appends this run's records to the journal, or, when the journal
// has grown to a quarter of the file (or is damaged, or there is no file
// yet), writes the file whole, atomically (a temporary file renamed into
// place), and removes the journal.
func (c *diskCache) save() error {
	if !c.dirty {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.file), 0o755); err != nil {
		return err
	}
	records := len(c.index) / indexEntry
	if c.data != nil && !c.jnlTorn && len(c.jnl)+len(c.added) <= max(64, records/4) {
		if err := c.appendJournal(); err == nil {
			c.dirty = false
			return nil
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.file), ".tmp-log-*")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(tmp, 1<<16)
	err = c.encode(bw)
	if e := bw.Flush(); err == nil {
		err = e
	}
	if e := tmp.Close(); err == nil {
		err = e
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.file)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	// The file now holds the journal's records: a journal left behind by
	// a crash here repeats them, which is harmless (records are facts
	// about commits, the same whenever computed).
	os.Remove(c.journalFile())
	c.dirty = false
	return nil
}

// appendJournal writes this run's records to the end of the journal in
// one write, creating it if need be.
func (c *diskCache) appendJournal() error {
	var w, rec bincodec.Writer
	if c.jnl == nil {
		w.RawString(journalMagic)
	}
	for _, h := range c.added {
		rec.Reset()
		encodeRecord(&rec, c.recs[h])
		start := w.Len()
		w.Raw(h[:])
		w.Blob(rec.Bytes())
		w.Checksum(start)
	}
	flags := os.O_WRONLY | os.O_APPEND | os.O_CREATE
	if c.jnl == nil {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(c.journalFile(), flags, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(w.Bytes())
	if e := f.Close(); err == nil {
		err = e
	}
	return err
}

// encode writes every record: those read from the file copied as they
// were, those put by this run encoded.
func (c *diskCache) encode(bw *bufio.Writer) error {
	fresh := make(map[Hash]bool, len(c.added))
	for _, h := range c.added {
		fresh[h] = true
	}
	hs := make([]Hash, 0, len(c.index)/indexEntry+len(c.jnl)+len(c.added))
	for i := 0; i+indexEntry <= len(c.index); i += indexEntry {
		var h Hash
		copy(h[:], c.index[i:])
		if _, inJournal := c.jnl[h]; !fresh[h] && !inJournal {
			hs = append(hs, h)
		}
	}
	for h := range c.jnl {
		if !fresh[h] {
			hs = append(hs, h)
		}
	}
	for h := range fresh {
		hs = append(hs, h)
	}
	sort.Slice(hs, func(i, j int) bool { return bytes.Compare(hs[i][:], hs[j][:]) < 0 })

	body := bincodec.NewWriter(make([]byte, 0, len(c.data)))
	index := bincodec.NewWriter(make([]byte, 0, len(hs)*indexEntry))
	count := 0
	for _, h := range hs {
		start := body.Len()
		if rec, ok := c.recs[h]; ok && fresh[h] {
			encodeRecord(body, rec)
		} else if raw, ok := c.jnl[h]; ok {
			body.Raw(raw)
		} else if off, n, ok := c.find(h); ok {
			body.Raw(c.data[off : off+n])
		} else {
			continue // a record whose checksum fails is dropped
		}
		if body.Len() > math.MaxUint32 {
			return errors.New("cache too large")
		}
		index.Raw(h[:])
		index.Uint32(uint32(start))
		index.Uint32(uint32(body.Len() - start))
		index.Uint32(recordCRC(h, body.Bytes()[start:]))
		count++
	}
	var head bincodec.Writer
	head.RawString(cacheMagic)
	head.Count(count)
	bw.Write(head.Bytes())
	bw.Write(index.Bytes())
	_, err := bw.Write(body.Bytes())
	return err
}

func readHash(r *bincodec.Reader) (h Hash) {
	r.Copy(h[:])
	return h
}

func encodeRecord(w *bincodec.Writer, rec *cacheRecord) {
	w.Raw(rec.info.tree[:])
	w.Raw(rec.key[:])
	w.Varint(rec.info.ctime)
	w.Count(len(rec.info.parents))
	for _, p := range rec.info.parents {
		w.Raw(p[:])
	}
	switch {
	case rec.rev != nil:
		w.Bool(true)
		encodeRevision(w, rec.rev)
	case rec.revRaw != nil:
		w.Bool(true)
		w.Raw(rec.revRaw)
	default:
		w.Bool(false)
	}
}

// decodeRecord reads a record from a shared reader: the revision it holds
// stays encoded, in the record's bytes, until it is asked for.
func decodeRecord(r *bincodec.Reader) *cacheRecord {
	rec := &cacheRecord{info: commitInfo{tree: readHash(r)}, key: readHash(r)}
	rec.info.ctime = r.Varint()
	if np := r.Count(len(Hash{})); np > 0 {
		rec.info.parents = make([]Hash, np)
		for j := range rec.info.parents {
			rec.info.parents[j] = readHash(r)
		}
	}
	if r.Bool() && r.Err() == nil {
		rec.revRaw = r.Rest()
	}
	return rec
}

func encodeRevision(w *bincodec.Writer, rev *Revision) {
	w.Str(rev.Author)
	w.Str(rev.Email)
	w.Varint(rev.Date.Unix())
	_, off := rev.Date.Zone()
	w.Varint(int64(off))
	w.Str(rev.Subject)
	w.Str(rev.Body)
	w.Count(len(rev.Trailers))
	for _, t := range rev.Trailers {
		w.Str(t.Key)
		w.Str(t.Value)
	}
	w.Count(len(rev.Files))
	for _, f := range rev.Files {
		w.Str(f.Status)
		w.Str(f.OldPath)
		same := f.NewPath == f.OldPath
		w.Bool(same)
		if !same {
			w.Str(f.NewPath)
		}
		w.Raw(f.OldBlob[:])
		w.Raw(f.NewBlob[:])
		w.Str(f.TranslationOf)
	}
	w.Count(len(rev.Notes))
	for _, n := range rev.Notes {
		w.Str(n)
	}
}

// zones shares one Location per UTC offset among decoded dates: a history
// has a handful of offsets and thousands of dates.
var zones sync.Map // int -> *time.Location

func zoneAt(off int) *time.Location {
	if z, ok := zones.Load(off); ok {
		return z.(*time.Location)
	}
	z, _ := zones.LoadOrStore(off, time.FixedZone("", off))
	return z.(*time.Location)
}

// decodeRevision reads what encodeRevision wrote. Counts are checked
// against the smallest encoding of their elements: a trailer is two
// strings, a file two strings, a flag, two hashes and a string.
func decodeRevision(r *bincodec.Reader, h Hash, parents []Hash) *Revision {
	rev := &Revision{Hash: h, Parents: parents}
	rev.Author = r.Str()
	rev.Email = r.Str()
	unix, off := r.Varint(), r.Varint()
	rev.Date = time.Unix(unix, 0).In(zoneAt(int(off)))
	rev.Subject = r.Str()
	rev.Body = r.Str()
	if nt := r.Count(2); nt > 0 {
		rev.Trailers = make([]Trailer, nt)
		for j := range rev.Trailers {
			rev.Trailers[j] = Trailer{Key: r.Str(), Value: r.Str()}
		}
	}
	if nf := r.Count(4 + 2*len(Hash{})); nf > 0 {
		rev.Files = make([]FileChange, nf)
		for j := range rev.Files {
			f := &rev.Files[j]
			f.Status, f.OldPath = internStatus(r.Str()), r.Str()
			if r.Bool() {
				f.NewPath = f.OldPath
			} else {
				f.NewPath = r.Str()
			}
			f.OldBlob, f.NewBlob = readHash(r), readHash(r)
			f.TranslationOf = r.Str()
		}
	}
	for nn := r.Count(1); nn > 0; nn-- {
		rev.Notes = append(rev.Notes, r.Str())
	}
	return rev
}

func internStatus(s string) string {
	for _, k := range []string{Added, Removed, Modified, Renamed} {
		if s == k {
			return k
		}
	}
	return s
}

// A tipRecord is the result of the last walk without a range: its tip,
// the commits it showed and (sorted) the commits it processed. A walk that
// reaches that tip with nothing else queued, having processed none of those
// commits, ends the same way, so it takes the rest from here and a run
// after one new commit walks one commit.
type tipRecord struct {
	tip     Hash
	shown   []Hash
	visited []Hash // sorted
}

func (t *tipRecord) overlaps(hs []Hash) bool {
	for _, h := range hs {
		i := sort.Search(len(t.visited), func(i int) bool { return bytes.Compare(t.visited[i][:], h[:]) >= 0 })
		if i < len(t.visited) && t.visited[i] == h {
			return true
		}
	}
	return false
}

// newTip makes the tipRecord of a finished walk.
func (w *walk) newTip(tip Hash, shown []Hash) *tipRecord {
	v := append([]Hash(nil), w.visited...)
	less := func(a, b Hash) int { return bytes.Compare(a[:], b[:]) }
	slices.SortFunc(v, less)
	if w.usedPrev {
		// The previous walk's list is sorted already: a run after one
		// commit merges one hash into it instead of sorting thousands.
		v = mergeSorted(v, w.prev.visited, less)
	}
	return &tipRecord{tip: tip, shown: shown, visited: v}
}

// mergeSorted merges two sorted lists.
func mergeSorted(a, b []Hash, cmp func(a, b Hash) int) []Hash {
	out := make([]Hash, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if cmp(a[0], b[0]) <= 0 {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// The tip file is the magic, the tip, the shown and the visited hashes,
// and a CRC-32C of all of that: a flipped byte there would otherwise
// change which revisions a run lists.
const tipMagic = "redline-history-tip 2\n"

func (c *diskCache) tipFile() string {
	return strings.TrimSuffix(c.file, ".bin") + ".tip"
}

func (c *diskCache) loadTip() *tipRecord {
	b, err := readCacheFile(c.tipFile())
	if err != nil {
		return nil
	}
	return c.parseTip(b)
}

// parseTip reads a tip file's bytes.
func (c *diskCache) parseTip(b []byte) *tipRecord {
	body, ok := bincodec.Unseal(b, tipMagic)
	if !ok {
		return nil
	}
	r := bincodec.NewReader(body)
	t := &tipRecord{tip: readHash(r)}
	t.shown = make([]Hash, r.Count(len(Hash{})))
	for i := range t.shown {
		t.shown[i] = readHash(r)
	}
	t.visited = make([]Hash, r.Count(len(Hash{})))
	for i := range t.visited {
		t.visited[i] = readHash(r)
	}
	if r.Err() != nil || r.Remaining() != 0 {
		return nil
	}
	// Every shown and visited commit must have its record, or the walk
	// would have to read objects after all.
	if _, ok := c.get(t.tip); !ok {
		return nil
	}
	return t
}

func (c *diskCache) saveTip(t *tipRecord) error {
	w := bincodec.NewWriter(make([]byte, 0, len(tipMagic)+(1+len(t.shown)+len(t.visited))*len(Hash{})+24))
	w.RawString(tipMagic)
	w.Raw(t.tip[:])
	w.Count(len(t.shown))
	for _, h := range t.shown {
		w.Raw(h[:])
	}
	w.Count(len(t.visited))
	for _, h := range t.visited {
		w.Raw(h[:])
	}
	w.Checksum(0)
	tmp, err := os.CreateTemp(filepath.Dir(c.file), ".tmp-tip-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(w.Bytes())
	if e := tmp.Close(); err == nil {
		err = e
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.tipFile())
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
