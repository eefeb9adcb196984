package history

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-git/go-git/v5/plumbing"
)

// raw reads the uncompressed content of an object of type t, checked
// against its id. The result may be shared with a cache and must not be
// modified.
func (r *Repo) raw(t plumbing.ObjectType, h Hash) ([]byte, error) {
	if r.packs != nil {
		return r.rawFrom(r.packs, t, h)
	}
	// In-memory storage (tests): go-git's objects.
	obj, err := r.st.EncodedObject(t, h)
	if err != nil {
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, r.missing(t, h)
		}
		return nil, fmt.Errorf("read %s %s: %w", t, h, err)
	}
	return r.readEncoded(obj, h)
}

// rawFrom is raw read through ps, the Repo's packs or a Reader's.
func (r *Repo) rawFrom(ps *packs, t plumbing.ObjectType, h Hash) ([]byte, error) {
	typ, b, err := ps.get(h)
	switch {
	case err == nil && typ != t:
		return nil, damaged(fmt.Errorf("object %s is a %s, not a %s", h, typ, t))
	case err == nil:
		return b, nil
	case err != errNotInPack:
		return nil, err
	}
	return nil, r.missing(t, h)
}

// missing is the error for an object the repository does not have. It
// reads only what Open set, so a Reader may call it while the Repo walks.
func (r *Repo) missing(t plumbing.ObjectType, h Hash) error {
	kind := t.String()
	if t == plumbing.AnyObject {
		kind = "object"
	}
	if r.partial {
		return &Error{
			Msg:  fmt.Sprintf("%s %s is not in %s: it is a partial clone, which fetches versions only when they are needed", kind, h, r.dir),
			Hint: "run 'git fetch --refetch' without a filter, or clone again without --filter, so that every version is here",
			Err:  errors.Join(ErrPartialClone, fmt.Errorf("%w: %s", ErrMissingObject, h)),
		}
	}
	if r.hasAlternates() {
		return &Error{
			Msg:  fmt.Sprintf("%s %s is not in %s; it may be in the object stores that objects/info/alternates names, which redline does not read", kind, h, r.dir),
			Hint: "copy those objects into the repository with git repack -a -d, or clone without --shared or --reference",
			Err:  fmt.Errorf("%w: %s", ErrMissingObject, h),
		}
	}
	return &Error{
		Msg:  fmt.Sprintf("missing %s %s in %s", kind, h, r.dir),
		Hint: "the repository may be a partial or shallow clone; fetch the object with git fetch",
		Err:  fmt.Errorf("%w: %s", ErrMissingObject, h),
	}
}

// readEncoded reads an object of go-git's in-memory storage, with the
// same caps and the same check against its id as redline's own readers.
func (r *Repo) readEncoded(obj plumbing.EncodedObject, h Hash) ([]byte, error) {
	t := obj.Type()
	limit := int64(MaxObjectBytes)
	if t == plumbing.BlobObject {
		limit = r.maxBlob
	}
	if obj.Size() > limit || obj.Size() < 0 {
		return nil, objectTooLarge(fmt.Sprintf("%s %s", t, h), obj.Size(), limit)
	}
	if r.packs != nil {
		if err := r.packs.work.spend(obj.Size(), fmt.Sprintf("%s %s", t, h)); err != nil {
			return nil, err
		}
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	b, err := readExact(rd, obj.Size())
	if err != nil {
		return nil, damaged(fmt.Errorf("%s %s: %w", t, h, err))
	}
	if got := plumbing.ComputeHash(t, b); got != h {
		return nil, damaged(fmt.Errorf("%s %s: content does not match its id (it hashes to %s)", t, h, got))
	}
	return b, nil
}

// rawAny reads an object of any type.
func (r *Repo) rawAny(h Hash) (plumbing.ObjectType, []byte, error) {
	if r.packs != nil {
		t, b, err := r.packs.get(h)
		if err != errNotInPack {
			return t, b, err
		}
		return 0, nil, r.missing(plumbing.AnyObject, h)
	}
	obj, err := r.st.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return 0, nil, r.missing(plumbing.AnyObject, h)
		}
		return 0, nil, err
	}
	b, err := r.readEncoded(obj, h)
	return obj.Type(), b, err
}

// Blob returns the content of a blob, a copy the caller owns. Results are
// cached by hash within a bounded budget. A blob the repository lacks
// gives an error wrapping ErrMissingObject that names it (and
// ErrPartialClone in a partial clone); one over the blob cap (see
// SetMaxBlobBytes) an error wrapping ErrTooLarge, before it is inflated.
func (r *Repo) Blob(h Hash) ([]byte, error) {
	b, err := r.blob(h)
	if err != nil {
		return nil, err
	}
	return append([]byte(nil), b...), nil
}

// SharedBlob is Blob without the copy: the bytes may be the repository's
// cache's own, so the caller must never change them. Reading a history,
// where every version is parsed and let go, it saves a copy of each.
func (r *Repo) SharedBlob(h Hash) ([]byte, error) { return r.blob(h) }

// blob is Blob without the copy.
func (r *Repo) blob(h Hash) ([]byte, error) {
	if b, ok := r.blobs.get(h); ok {
		return b, nil
	}
	b, err := r.raw(plumbing.BlobObject, h)
	if err != nil {
		return nil, err
	}
	r.blobs.put(h, b)
	return b, nil
}

// Reader is a second reader of a repository's objects with caches and
// buffers of its own, so that one goroutine may read blobs while another
// walks the history with the Repo. The object files (mapped packs, pack
// indexes, loose objects) are shared read-only; it is valid until the
// Repo is closed.
type Reader struct {
	r     *Repo // for the errors of missing objects, which read only what Open set
	packs *packs
	blobs *byteLRU
}

// Reader returns a new Reader of r's objects, or nil when r's storage
// cannot have one (the in-memory storage of tests): share r under one
// lock then. The Reader keeps the blob cap in force when it is made (see
// SetMaxBlobBytes) and shares r's budget of work (see WorkRatio):
// together they may inflate no more than r alone.
func (r *Repo) Reader() *Reader {
	if r.packs == nil {
		return nil
	}
	return &Reader{r: r, packs: r.packs.reader(), blobs: newByteLRU(blobCacheBytes)}
}

// SharedBlob is Repo.SharedBlob read through the Reader (the bytes may be
// its cache's own: never change them).
func (rd *Reader) SharedBlob(h Hash) ([]byte, error) {
	if b, ok := rd.blobs.get(h); ok {
		return b, nil
	}
	b, err := rd.r.rawFrom(rd.packs, plumbing.BlobObject, h)
	if err != nil {
		return nil, err
	}
	rd.blobs.put(h, b)
	return b, nil
}

// TextProblem says why content cannot be read as a Markdown document
// ("binary (contains NUL)" or "not valid UTF-8"), or "" when it can.
func TextProblem(b []byte) string {
	if bytes.IndexByte(b, 0) >= 0 {
		return "binary (contains NUL)"
	}
	if !utf8.Valid(b) {
		return "not valid UTF-8"
	}
	return ""
}

// Git tree entry modes, as octal numbers.
const (
	modeTree    = 0o40000
	modeSymlink = 0o120000
	modeGitlink = 0o160000
)

// entry is one tree entry. Its name points into the raw tree object, so
// walking a tree allocates nothing.
type entry struct {
	name []byte
	mode uint32
	hash Hash
}

func (e entry) isTree() bool { return e.mode == modeTree }

// rawTree returns a raw tree object; the zero hash gives an empty tree.
func (r *Repo) rawTree(h Hash) ([]byte, error) {
	if h.IsZero() {
		return nil, nil
	}
	// Ids are uniformly random: their first byte spreads them.
	m := &r.trees[int(h[0])%len(r.trees)]
	checked := r.packs == nil || r.packs.verifyAll
	if m.id == h && (m.checked || !checked) {
		return m.raw, nil
	}
	b, err := r.raw(plumbing.TreeObject, h)
	if err == nil && len(b) <= maxRecentTree {
		*m = recentTree{h, b, checked}
	}
	return b, err
}

// recentTrees remembers the trees last read, by id. A walk reads most
// trees two or three times in a row (a commit's root tree for its path
// key and for its diff, a folder's tree as the new side of one diff and
// the old side of the next), and finding one in the packs takes a
// search of their index and a lookup in their cache. Slots are few and
// hold trees no larger than maxRecentTree, so that little memory stays
// pinned.
type recentTrees [64]recentTree

type recentTree struct {
	id      Hash
	raw     []byte
	checked bool // read while trees were checked against their ids (see packs.verifies)
}

const maxRecentTree = 64 << 10

var errBadTree = errors.New("malformed tree object")

// nextEntry decodes the first entry of a raw tree: "MODE NAME\0" and 20
// bytes of hash. The name is checked where it becomes part of a path
// (validName), not here: most entries are passed over unchanged.
func nextEntry(b []byte) (e entry, rest []byte, err error) {
	sp := bytes.IndexByte(b, ' ')
	if sp <= 0 || sp > 7 {
		return e, nil, fmt.Errorf("%w: bad mode", errBadTree)
	}
	z := bytes.IndexByte(b[sp:], 0)
	if z < 0 || sp+z+21 > len(b) {
		return e, nil, fmt.Errorf("%w: truncated entry", errBadTree)
	}
	z += sp
	for _, c := range b[:sp] {
		if c < '0' || c > '7' {
			return e, nil, fmt.Errorf("%w: bad mode %q", errBadTree, b[:sp])
		}
		e.mode = e.mode<<3 | uint32(c-'0')
	}
	e.name = b[sp+1 : z]
	if len(e.name) == 0 {
		return e, nil, fmt.Errorf("%w: empty name", errBadTree)
	}
	copy(e.hash[:], b[z+1:z+21])
	return e, b[z+21:], nil
}

// validName reports whether a tree entry's name may be part of a path.
// git refuses to check out ".", ".." and names with a "/": joined into a
// path they could climb out of the folder they are listed in.
func validName(name string) bool {
	return name != "" && name != "." && name != ".." && strings.IndexByte(name, '/') < 0
}

// findEntry finds one entry of a raw tree by name.
func findEntry(b []byte, name string) (entry, bool, error) {
	for len(b) > 0 {
		e, rest, err := nextEntry(b)
		if err != nil {
			return entry{}, false, err
		}
		if string(e.name) == name {
			return e, true, nil
		}
		b = rest
	}
	return entry{}, false, nil
}

// commitInfo is what the walk needs of a commit. Parents and tree come from
// the commit-graph when there is one; the full object is read only for
// commits that are shown.
type commitInfo struct {
	tree    Hash
	parents []Hash
	ctime   int64 // committer time, for git's date order
	raw     []byte
	// checked says tree and parents come from (or were compared with)
	// the commit object, checked against its id (see walk.checkInfo).
	checked bool
}

func (r *Repo) commit(h Hash) (*commitInfo, error) {
	if c, ok := r.infos[h]; ok {
		return c, nil
	}
	var c *commitInfo
	if r.graph != nil {
		if pos, ok := r.graph.find(h); ok {
			c, _ = r.graph.info(pos)
		}
	}
	if c == nil {
		b, err := r.raw(plumbing.CommitObject, h)
		if err != nil {
			return nil, err
		}
		c, err = parseCommitHeader(b)
		if err != nil {
			return nil, damaged(fmt.Errorf("commit %s: %w", h, err))
		}
		c.raw = b
		c.checked = r.packs == nil || r.packs.verifyAll
	}
	if r.shallow[h] {
		c.parents = nil
	}
	r.infos[h] = c
	return c, nil
}

// forgetCommits drops what commit remembered. A walk reads every commit
// of the history once or twice; its revisions keep what they need.
func (r *Repo) forgetCommits() {
	if len(r.infos) > 0 {
		r.infos = map[Hash]*commitInfo{}
	}
}

// parseCommitHeader reads the tree, parent and committer lines. As git's
// parse_commit_buffer, it wants the tree on the first line and takes the
// parent lines right after it: a commit without a tree is damaged, not a
// commit that removes every document.
func parseCommitHeader(b []byte) (*commitInfo, error) {
	c := &commitInfo{}
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 || !bytes.HasPrefix(b, []byte("tree ")) {
		return nil, errors.New("malformed commit: no tree line")
	}
	h, ok := parseHex(b[5:nl])
	if !ok {
		return nil, errors.New("malformed commit: bad tree line")
	}
	c.tree = h
	b = b[nl+1:]
	for bytes.HasPrefix(b, []byte("parent ")) {
		nl := bytes.IndexByte(b, '\n')
		if nl < 0 {
			return nil, errors.New("malformed commit: bad parent line")
		}
		h, ok := parseHex(b[7:nl])
		if !ok {
			return nil, errors.New("malformed commit: bad parent line")
		}
		c.parents = append(c.parents, h)
		b = b[nl+1:]
	}
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		if nl <= 0 {
			break // blank line: the message starts
		}
		line := b[:nl]
		b = b[nl+1:]
		if bytes.HasPrefix(line, []byte("committer ")) {
			if gt := bytes.LastIndexByte(line, '>'); gt >= 0 {
				c.ctime = signatureTime(line[gt+1:])
			}
		}
	}
	return c, nil
}

func parseHex(b []byte) (Hash, bool) {
	var h Hash
	if len(b) != 40 {
		return h, false
	}
	for i := 0; i < 20; i++ {
		hi, ok1 := unhex(b[2*i])
		lo, ok2 := unhex(b[2*i+1])
		if !ok1 || !ok2 {
			return h, false
		}
		h[i] = hi<<4 | lo
	}
	return h, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// parseSignature splits "Name <email> 1700000000 +0100" into its parts; the
// time is seconds since the epoch and tz the offset in seconds east of UTC.
func parseSignature(b []byte) (name, email string, unix int64) {
	lt := bytes.LastIndexByte(b, '<')
	gt := bytes.LastIndexByte(b, '>')
	if lt < 0 || gt < lt {
		return string(bytes.TrimSpace(b)), "", 0
	}
	s := string(b[:gt]) // one allocation for both
	return strings.TrimSpace(s[:lt]), s[lt+1:], signatureTime(b[gt+1:])
}

// signatureTime parses the seconds after a signature's "<email>".
func signatureTime(b []byte) int64 {
	b = bytes.TrimLeft(b, " ")
	var t int64
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		t = t*10 + int64(c-'0')
	}
	return t
}

func parseTZ(b []byte) int {
	if len(b) != 5 || (b[0] != '+' && b[0] != '-') {
		return 0
	}
	h, err1 := strconv.Atoi(string(b[1:3]))
	m, err2 := strconv.Atoi(string(b[3:5]))
	if err1 != nil || err2 != nil {
		return 0
	}
	s := (h*60 + m) * 60
	if b[0] == '-' {
		s = -s
	}
	return s
}

// lru orders cached values by use, for least-recently-used eviction; its
// users bound what it holds. Its entries are linked in place and reused
// once evicted: container/list allocated two objects for every entry, and
// a walk caches nearly every object it reads.
type lru[K comparable, V any] struct {
	m    map[K]*lruEntry[K, V]
	ring lruEntry[K, V]  // ring.next is the newest entry, ring.prev the oldest
	free *lruEntry[K, V] // evicted entries, chained through next
}

type lruEntry[K comparable, V any] struct {
	k          K
	v          V
	prev, next *lruEntry[K, V]
}

func newLRU[K comparable, V any]() *lru[K, V] {
	c := &lru[K, V]{m: map[K]*lruEntry[K, V]{}}
	c.ring.prev, c.ring.next = &c.ring, &c.ring
	return c
}

// get returns the value of k, now the most recently used.
func (c *lru[K, V]) get(k K) (*V, bool) {
	e, ok := c.m[k]
	if !ok {
		return nil, false
	}
	if c.ring.next != e { // a walk often reads the same object again
		e.unlink()
		c.pushFront(e)
	}
	return &e.v, true
}

// put adds k, which the cache must not hold, as the most recently used.
func (c *lru[K, V]) put(k K, v V) {
	e := c.free
	if e != nil {
		c.free = e.next
	} else {
		e = new(lruEntry[K, V])
	}
	e.k, e.v = k, v
	c.pushFront(e)
	c.m[k] = e
}

// evict removes the least recently used value and returns it; the cache
// must not be empty.
func (c *lru[K, V]) evict() V {
	e := c.ring.prev
	e.unlink()
	delete(c.m, e.k)
	v := e.v
	*e = lruEntry[K, V]{next: c.free} // lets go of the value
	c.free = e
	return v
}

func (e *lruEntry[K, V]) unlink() {
	e.prev.next = e.next
	e.next.prev = e.prev
}

func (c *lru[K, V]) pushFront(e *lruEntry[K, V]) {
	e.prev, e.next = &c.ring, c.ring.next
	c.ring.next.prev = e
	c.ring.next = e
}

// byteLRU is an LRU of byte slices bounded by their total size.
type byteLRU struct {
	max, size int
	c         *lru[Hash, []byte]
}

func newByteLRU(max int) *byteLRU {
	return &byteLRU{max: max, c: newLRU[Hash, []byte]()}
}

func (c *byteLRU) get(k Hash) ([]byte, bool) {
	if v, ok := c.c.get(k); ok {
		return *v, true
	}
	return nil, false
}

// put caches v unless it alone would take more than half of the budget,
// evicting the least recently used to make room.
func (c *byteLRU) put(k Hash, v []byte) {
	if len(v) > c.max/2 {
		return
	}
	if _, ok := c.c.m[k]; ok {
		return
	}
	c.c.put(k, v)
	c.size += len(v)
	for c.size > c.max {
		c.size -= len(c.c.evict())
	}
}
