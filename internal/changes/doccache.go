package changes

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/digdir/redline/internal/classify"
	page "github.com/digdir/redline/internal/document" // changes has a func named document
	"github.com/digdir/redline/internal/history"
)

// docCacheBytes bounds the source bytes of the parsed versions a docCache
// holds at once. A parsed page takes a few times its source, and a run
// holds about one version of each page it tracks, so real sites stay far
// below; a version that does not fit is parsed again when next needed.
const docCacheBytes = 32 << 20

// docKey names one parse: the same blob parses alike at the same path
// (the path gives the language).
type docKey struct {
	blob history.Hash
	path string
}

// docCache compares versions with the classifier, parsing each version
// once: in a history every version but the first and last is the new side
// of one comparison and the old side of the next. It counts the
// comparisons left that read each version and drops a parse after its
// last, so memory follows the versions in flight rather than the history.
// It is safe for concurrent use by the workers.
//
// A version is numbered when a comparison reading it is planned, and the
// comparisons reach it by number. The walk runs far ahead of the workers,
// so thousands of versions are planned at once: a map of them all, which
// each comparison hashed its keys into a dozen times, missed the
// processor's caches. Versions are matched by the last one planned at
// their path instead: a history lists a page's versions in turn, each the
// new side of one comparison and the old side of the one planned next at
// its path. A version that comes back later (a revert) is numbered anew,
// and parsed again: the parse is the same.
type docCache struct {
	rules  *classify.Rules
	budget int

	mu    sync.Mutex
	last  map[string]int32 // by path, the version last planned there, while comparisons read it
	vers  []version        // by number; the number of a version no longer read is reused
	free  []int32          // numbers not in use
	sides [][2]int32       // by comparison: the numbers of its old and new sides, -1 for none
	held  []int32          // the versions whose parse is held or under way
	bytes int              // source bytes of the parses held
}

// version is one version comparisons not yet done read.
type version struct {
	key  docKey
	uses int     // comparisons not yet done that read it
	p    *parsed // its parse, held or under way; nil if none
	at   int     // where it is in held, when p is set
}

// parsed is one version's parse; ready is closed when doc and err are set,
// so a worker that needs a version another is parsing waits for it.
type parsed struct {
	ready chan struct{}
	doc   *page.Document
	err   error
	size  int
}

// done reports whether doc and err are set.
func (p *parsed) done() bool {
	select {
	case <-p.ready:
		return true
	default:
		return false
	}
}

func newDocCache(rules *classify.Rules, budget int) *docCache {
	return &docCache{rules: rules, budget: budget, last: map[string]int32{}}
}

func sides(k pairKey) (old, new docKey, hasOld, hasNew bool) {
	return docKey{k.oldBlob, k.oldPath}, docKey{k.newBlob, k.newPath}, !k.oldBlob.IsZero(), !k.newBlob.IsZero()
}

// plan numbers the sides of the next comparison: the comparisons are
// numbered in the order they are planned.
func (c *docCache) plan(k pairKey) {
	o, n, hasOld, hasNew := sides(k)
	c.mu.Lock()
	defer c.mu.Unlock()
	// The new side first: it is the old side of the comparison planned
	// before at its path, and the old side is then last there.
	s := [2]int32{-1, -1}
	if hasNew {
		s[1] = c.use(n)
	}
	if hasOld {
		s[0] = c.use(o)
	}
	c.sides = append(c.sides, s)
}

// use counts one more comparison reading k and returns its number.
func (c *docCache) use(k docKey) int32 {
	// A number let go may have been reused: it is k's if its version is.
	id, ok := c.last[k.path]
	if !ok || c.vers[id].key != k {
		if n := len(c.free); n > 0 {
			id, c.free = c.free[n-1], c.free[:n-1]
		} else {
			id = int32(len(c.vers))
			c.vers = append(c.vers, version{})
		}
		c.vers[id] = version{key: k}
		c.last[k.path] = id
	}
	c.vers[id].uses++
	return id
}

func (c *docCache) done(i int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range c.sides[i] {
		if id >= 0 {
			c.release(id)
		}
	}
}

func (c *docCache) release(id int32) {
	v := &c.vers[id]
	if v.uses--; v.uses > 0 {
		return
	}
	if v.p != nil {
		c.bytes -= v.p.size
		moved := c.held[len(c.held)-1]
		c.held[v.at] = moved
		c.vers[moved].at = v.at
		c.held = c.held[:len(c.held)-1]
	}
	*v = version{}
	c.free = append(c.free, id)
}

// cached reports whether a parse of a side of comparison i is held or
// under way. It stays held until the comparison has called done, since
// the comparison counts as a use.
func (c *docCache) cached(i int32, old bool) bool {
	side := 1
	if old {
		side = 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	id := c.sides[i][side]
	return id >= 0 && c.vers[id].p != nil
}

// numbers returns the numbers of the sides of k, which comparison i
// planned; a side that is not i's (a comparison reaching back past an
// unreadable version) is -1, and its parse is not kept.
func (c *docCache) numbers(i int32, k pairKey) (old, new int32) {
	o, n, _, _ := sides(k)
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.sides[i]
	if s[0] >= 0 && c.vers[s[0]].key != o {
		s[0] = -1
	}
	if s[1] >= 0 && c.vers[s[1]].key != n {
		s[1] = -1
	}
	return s[0], s[1]
}

// compare parses the sides of k, comparison i's pair or one of its sides
// with another (see numbers), old first so that an error names the same
// side as classify.Rules.Compare would, and classifies them. A side exists when it
// has a blob; its content is nil when cached said it is held.
//
// Each side is parsed from the other when it can be (document.ParseNext
// re-parses only what differs). A history runs newest first, so the new
// side is usually held from the comparison before, and the old side is
// parsed from it; otherwise the new side is parsed from the old. When the
// comparison before is still parsing the new side (it is its old side),
// the old side is parsed from another version of the page at hand
// instead of waiting: ParseNext gives the same parse from any version,
// and the two workers are not held to one page's parses in turn.
func (c *docCache) compare(i int32, k pairKey, old, new []byte) (classify.DocumentDiff, error) {
	var od, nd, from *page.Document // from: what the old side is parsed from
	var err error
	hasOld, hasNew := !k.oldBlob.IsZero(), !k.newBlob.IsZero()
	oldID, newID := c.numbers(i, k)
	newKey := docKey{k.newBlob, k.newPath}
	if hasOld && hasNew && c.holds(newID) {
		if old != nil {
			from = c.other(newID, k.oldPath, len(old))
		}
		if from == nil {
			// Held, or being parsed by the comparison before (the reader
			// may have read this one before that one started, so new may
			// be set): wait for it. A parse that failed is reported after
			// the old side's.
			if d, err := c.parse(newID, newKey, new, nil); err == nil {
				nd, from = d, d
			}
		}
	}
	if hasOld {
		if od, err = c.parse(oldID, docKey{k.oldBlob, k.oldPath}, old, from); err != nil {
			return classify.DocumentDiff{}, oldSideError{err}
		}
	}
	if hasNew && nd == nil {
		if nd, err = c.parse(newID, newKey, new, od); err != nil {
			return classify.DocumentDiff{}, err
		}
	}
	return c.rules.CompareDocuments(od, nd), nil
}

// holds reports whether the parse of version id (-1 for none) is held or
// under way.
func (c *docCache) holds(id int32) bool {
	if id < 0 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.vers[id].p != nil
}

// other returns, while the parse of version id is under way, a finished
// parse of another version at path to parse a version of size bytes from:
// the one closest in size. It returns nil when id's parse is done, or
// there is no such version.
func (c *docCache) other(id int32, path string, size int) *page.Document {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.vers[id].p; p == nil || p.done() {
		return nil
	}
	var best *version
	bestD := 0
	for _, h := range c.held {
		v := &c.vers[h]
		if v.key.path != path || !v.p.done() || v.p.err != nil {
			continue
		}
		// The closest in size; of two as close, the one of the lower id,
		// not whichever was held first.
		d := abs(v.p.size - size)
		if best == nil || d < bestD || d == bestD && bytes.Compare(v.key.blob[:], best.key.blob[:]) < 0 {
			best, bestD = v, d
		}
	}
	if best == nil {
		return nil
	}
	return best.p.doc
}

func abs(x int) int { return max(x, -x) }

// parse returns the parse of src, the content of version id (-1 for one
// no comparison planned), from the cache when another comparison parsed
// it. prev, when set, is the parse of another version of the page (the
// other side of the comparison): parsing from it costs about the part
// that differs instead of the whole page.
func (c *docCache) parse(id int32, k docKey, src []byte, prev *page.Document) (*page.Document, error) {
	c.mu.Lock()
	var p *parsed
	if id >= 0 {
		p = c.vers[id].p
	}
	ok := p != nil
	if !ok {
		p = &parsed{ready: make(chan struct{}), size: len(src)}
		// Keep it only if a later comparison reads it and it fits.
		if id >= 0 && c.vers[id].uses > 1 && c.bytes+p.size <= c.budget {
			c.vers[id].p, c.vers[id].at = p, len(c.held)
			c.held = append(c.held, id)
			c.bytes += p.size
		}
	}
	c.mu.Unlock()
	if ok {
		<-p.ready
		return p.doc, p.err
	}
	if src == nil {
		// cached said it was held, and a use of ours keeps it so: only a
		// bug gets here.
		p.err = fmt.Errorf("object %s was not read (a bug in redline's cache of parsed pages; please report it)", k.blob)
		close(p.ready)
		return nil, p.err
	}
	if prev != nil {
		p.doc, p.err = page.ParseNext(prev, k.path, src, c.rules.Limits)
	} else {
		p.doc, p.err = page.Parse(k.path, src, c.rules.Limits)
	}
	close(p.ready)
	return p.doc, p.err
}
