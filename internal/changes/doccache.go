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
type docCache struct {
	rules  *classify.Rules
	budget int

	mu    sync.Mutex
	uses  map[docKey]int // comparisons not yet done that read the version
	docs  map[docKey]*parsed
	bytes int // source bytes of docs
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
	return &docCache{rules: rules, budget: budget, uses: map[docKey]int{}, docs: map[docKey]*parsed{}}
}

func sides(k pairKey) (old, new docKey, hasOld, hasNew bool) {
	return docKey{k.oldBlob, k.oldPath}, docKey{k.newBlob, k.newPath}, !k.oldBlob.IsZero(), !k.newBlob.IsZero()
}

func (c *docCache) plan(k pairKey) {
	o, n, hasOld, hasNew := sides(k)
	c.mu.Lock()
	defer c.mu.Unlock()
	if hasOld {
		c.uses[o]++
	}
	if hasNew {
		c.uses[n]++
	}
}

func (c *docCache) done(k pairKey) {
	o, n, hasOld, hasNew := sides(k)
	c.mu.Lock()
	defer c.mu.Unlock()
	if hasOld {
		c.release(o)
	}
	if hasNew {
		c.release(n)
	}
}

func (c *docCache) release(k docKey) {
	c.uses[k]--
	if c.uses[k] > 0 {
		return
	}
	delete(c.uses, k)
	if p, ok := c.docs[k]; ok {
		c.bytes -= p.size
		delete(c.docs, k)
	}
}

// cached reports whether a parse of the version is held or under way. It
// stays held until the comparison asking has called done, since the
// comparison counts as a use.
func (c *docCache) cached(blob history.Hash, path string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.docs[docKey{blob, path}]
	return ok
}

// compare parses the sides (old first, so that an error names the same
// side as classify.Rules.Compare would) and classifies them. A side exists
// when it has a blob; its content is nil when cached said it is held.
//
// Each side is parsed from the other when it can be (document.ParseNext
// re-parses only what differs). A history runs newest first, so the new
// side is usually held from the comparison before, and the old side is
// parsed from it; otherwise the new side is parsed from the old. When the
// comparison before is still parsing the new side (it is its old side),
// the old side is parsed from another version of the page at hand
// instead of waiting: ParseNext gives the same parse from any version,
// and the two workers are not held to one page's parses in turn.
func (c *docCache) compare(k pairKey, old, new []byte) (classify.DocumentDiff, error) {
	var od, nd, from *page.Document // from: what the old side is parsed from
	var err error
	hasOld, hasNew := !k.oldBlob.IsZero(), !k.newBlob.IsZero()
	newKey := docKey{k.newBlob, k.newPath}
	if hasOld && hasNew && c.cached(k.newBlob, k.newPath) {
		if old != nil {
			from = c.other(newKey, k.oldPath, len(old))
		}
		if from == nil {
			// Held, or being parsed by the comparison before (the reader
			// may have read this one before that one started, so new may
			// be set): wait for it. A parse that failed is reported after
			// the old side's.
			if d, err := c.parse(newKey, new, nil); err == nil {
				nd, from = d, d
			}
		}
	}
	if hasOld {
		if od, err = c.parse(docKey{k.oldBlob, k.oldPath}, old, from); err != nil {
			return classify.DocumentDiff{}, oldSideError{err}
		}
	}
	if hasNew && nd == nil {
		if nd, err = c.parse(newKey, new, od); err != nil {
			return classify.DocumentDiff{}, err
		}
	}
	return c.rules.CompareDocuments(od, nd), nil
}

// other returns, while the parse of k is under way, a finished parse of
// another version at path to parse a version of size bytes from: the one
// closest in size. It returns nil when k's parse is done, or there is no
// such version.
func (c *docCache) other(k docKey, path string, size int) *page.Document {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.docs[k]; !ok || p.done() {
		return nil
	}
	var best *parsed
	var bestKey docKey
	bestD := 0
	for dk, p := range c.docs {
		if dk.path != path || !p.done() || p.err != nil {
			continue
		}
		// The closest in size; of two as close, the one of the lower id,
		// not whichever the map gives first.
		d := abs(p.size - size)
		if best == nil || d < bestD || d == bestD && bytes.Compare(dk.blob[:], bestKey.blob[:]) < 0 {
			best, bestKey, bestD = p, dk, d
		}
	}
	if best == nil {
		return nil
	}
	return best.doc
}

func abs(x int) int { return max(x, -x) }

// parse returns the parse of src, the content of k, from the cache when
// another comparison parsed it. prev, when set, is the parse of another
// version of the page (the other side of the comparison): parsing from it
// costs about the part that differs instead of the whole page.
func (c *docCache) parse(k docKey, src []byte, prev *page.Document) (*page.Document, error) {
	c.mu.Lock()
	p, ok := c.docs[k]
	if !ok {
		p = &parsed{ready: make(chan struct{}), size: len(src)}
		// Keep it only if a later comparison reads it and it fits.
		if c.uses[k] > 1 && c.bytes+p.size <= c.budget {
			c.docs[k] = p
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
