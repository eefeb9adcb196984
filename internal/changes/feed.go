package changes

import (
	"sync"

	"github.com/digdir/redline/internal/history"
)

// feed holds the revisions of a run as the walk lists them, numbered into
// comparisons, for the three that read it while it grows: the workers
// take comparisons in the order of their numbers, the emitter puts
// revisions into entries in order, and the lineage, needed only when a
// version cannot be read, waits for the whole history.
//
// A put never waits for the classification: the revisions listed are held,
// as a walk's list of them always was, and the walk is never stalled
// behind a worker that waits for the walk's end (see lineage).
type feed struct {
	mu      sync.Mutex
	grew    sync.Cond // broadcast when the feed grows, ends or stops
	revs    chunked[history.Revision]
	at      []int32 // the comparison of each file of each revision, in order
	keys    chunked[pairKey]
	left    []int32 // revisions put and not yet taken that use each comparison
	index   map[pairKey]int32
	handed  int   // comparisons handed out by next
	ended   bool  // the walk has put its last revision
	err     error // why the walk ended early, if it did
	stopped bool  // the run stopped: nothing waits any more

	plan func(pairKey) // the comparer's, told of each comparison before it is handed out
}

func newFeed(plan func(pairKey)) *feed {
	f := &feed{index: map[pairKey]int32{}, plan: plan}
	f.grew.L = &f.mu
	return f
}

// put numbers the files of r into comparisons and adds r. A pair of
// versions that comes back (after a revert, a cherry-pick) takes the
// comparison already made while a revision yet to be put into an entry
// uses it; a comparison already let go is made again, with a new number,
// as a comparison made anew gives the same result.
func (f *feed) put(r history.Revision) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return errStopped
	}
	for _, fc := range r.Files {
		k := keyOf(fc)
		i, ok := f.index[k]
		if !ok || f.left[i] == 0 {
			i = int32(f.keys.len())
			f.index[k] = i
			f.keys.add(k)
			f.left = append(f.left, 0)
			f.plan(k)
		}
		f.left[i]++
		f.at = append(f.at, i)
	}
	f.revs.add(r)
	f.grew.Broadcast()
	return nil
}

// end says the walk is over, with the error that ended it early, if any.
func (f *feed) end(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ended, f.err = true, err
	f.index = nil // nothing is put any more
	f.grew.Broadcast()
}

// stop wakes whoever waits: the run is over.
func (f *feed) stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopped = true
	f.grew.Broadcast()
}

// next hands out the next comparison, in the order of their numbers,
// waiting until the walk has put it; false when there is none (the walk
// is over) or the run has stopped.
func (f *feed) next() (int32, pairKey, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.handed >= f.keys.len() && !f.ended && !f.stopped {
		f.grew.Wait()
	}
	if f.handed >= f.keys.len() || f.stopped {
		return 0, pairKey{}, false
	}
	i := f.handed
	f.handed++
	return int32(i), *f.keys.at(i), true
}

// revision returns revision n and the comparisons of its files (at from
// position next), waiting until the walk has put it. It returns false
// when there is no revision n or the run stopped, with the walk's error
// when the walk failed.
func (f *feed) revision(n, next int) (history.Revision, []int32, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for n >= f.revs.len() && !f.ended && !f.stopped && f.err == nil {
		f.grew.Wait()
	}
	if f.err != nil {
		return history.Revision{}, nil, false, f.err
	}
	if n >= f.revs.len() || f.stopped {
		return history.Revision{}, nil, false, nil
	}
	r := *f.revs.at(n)
	return r, f.at[next : next+len(r.Files)], true, nil
}

// take counts one use of comparison i done, and reports whether another
// revision put so far uses it too.
func (f *feed) take(i int32) (shared bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.left[i]--
	return f.left[i] > 0
}

// whole waits for the end of the walk and returns what it listed: the
// revisions, the comparison of each file, and the comparisons. ok is
// false when the run stopped or the walk failed first.
func (f *feed) whole() (revs *chunked[history.Revision], at []int32, keys *chunked[pairKey], ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for !f.ended && !f.stopped {
		f.grew.Wait()
	}
	if f.stopped || f.err != nil {
		return nil, nil, nil, false
	}
	return &f.revs, f.at, &f.keys, true
}

// chunked is a list that grows by chunks of revChunk, so that what it
// holds is never copied: a history's revisions and comparisons are large
// elements, held to the end of the run.
type chunked[T any] struct {
	chunks [][]T
	n      int
}

func (c *chunked[T]) add(v T) {
	if c.n%revChunk == 0 {
		c.chunks = append(c.chunks, make([]T, 0, revChunk))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, v)
	c.n++
}

func (c *chunked[T]) len() int { return c.n }

// at returns element i; it stays where it is as the list grows.
func (c *chunked[T]) at(i int) *T { return &c.chunks[i/revChunk][i%revChunk] }

// revChunk is how many elements a chunk of a chunked list holds.
const revChunk = 1024
