package history

import (
	"errors"
	"fmt"
	"sync"
)

// Caps on what reading one repository may cost. redline reads
// repositories nobody has vetted (CI on pull requests from forks), so
// every structure it reads is checked before use and every amount of
// work is bounded; hitting a cap is an error naming the object or file
// and the cap, never a crash, a hang or a silently short result.
const (
	// DefaultMaxBlobBytes is the largest blob (document version) read
	// unless SetMaxBlobBytes says otherwise.
	DefaultMaxBlobBytes = 1 << 30

	// MaxObjectBytes bounds commits, trees and tags. The largest trees
	// of the biggest public repositories are a few megabytes.
	MaxObjectBytes = 64 << 20

	// MaxDeltaDepth bounds a chain of deltas. git writes chains of at
	// most 50 (pack.depth) and accepts at most 4095 when asked for more;
	// a longer one is a crafted pack, or a cycle.
	MaxDeltaDepth = 10_000

	// MaxTreeDepth bounds how deep trees nest, as git's core.maxTreeDepth
	// (4096) does.
	MaxTreeDepth = 4096

	// MaxPathBytes bounds the length of a path in a tree: no file system
	// can check out a longer one (PATH_MAX is 4096 on Linux). With
	// MaxTreeDepth it bounds the memory of a walk down nested trees,
	// which otherwise grows with the square of their depth.
	MaxPathBytes = 4096

	// WorkBaseBytes and WorkRatio bound the bytes inflated and rebuilt
	// from deltas in the life of a Repo: WorkBaseBytes plus WorkRatio
	// times the size of its packs and of the loose objects read. A walk
	// of a real history rebuilds a small multiple of its packs (the Open
	// Terms Archive corpus: 8 MB of objects from an 8 MB pack); a
	// decompression bomb rebuilds millions of times its size.
	WorkBaseBytes = 4 << 30
	WorkRatio     = 1024
)

// ErrTooLarge is wrapped by errors for an object, file or amount of work
// over one of the caps above.
var ErrTooLarge = errors.New("over a size limit")

// SetMaxBlobBytes sets the largest blob Blob reads (0 or less: the
// default, DefaultMaxBlobBytes). Passing the document size cap makes an
// oversized document cost nothing to refuse: its size is checked before
// it is inflated.
func (r *Repo) SetMaxBlobBytes(n int64) {
	if n <= 0 {
		n = DefaultMaxBlobBytes
	}
	r.maxBlob = n
	if r.packs != nil {
		r.packs.maxBlob = n
	}
}

// objectTooLarge is the error for an object whose size is over its cap.
func objectTooLarge(what string, size, max int64) error {
	return &Error{
		Msg:  fmt.Sprintf("%s is too large: %s, over the limit of %s", what, byteSize(size), byteSize(max)),
		Hint: "redline reads documents and the trees and commits that hold them; an object this large is not a document (or is a decompression bomb): check the repository with git fsck",
		Err:  ErrTooLarge,
	}
}

// workBudget counts the bytes inflated and rebuilt from deltas against
// WorkBaseBytes + WorkRatio * (bytes of object storage read). A Repo and
// its Readers share one, from different goroutines.
type workBudget struct {
	mu    sync.Mutex
	left  int64
	total int64 // the budget granted so far, for the message
}

func newWorkBudget() *workBudget {
	return &workBudget{left: WorkBaseBytes, total: WorkBaseBytes}
}

// grant adds the allowance for n bytes of object storage.
func (w *workBudget) grant(n int64) {
	if n > 0 {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.left += n * WorkRatio
		w.total += n * WorkRatio
	}
}

// spend takes n bytes of work, or says the budget is spent.
func (w *workBudget) spend(n int64, what string) error {
	if w.take(n) {
		return nil
	}
	return w.spent(what)
}

// take takes n bytes of work if the budget has them.
func (w *workBudget) take(n int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if n <= w.left {
		w.left -= n
		return true
	}
	return false
}

// spent is the error for reading what over the budget.
func (w *workBudget) spent(what string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return &Error{
		Msg: fmt.Sprintf("reading %s would take the bytes inflated from this repository's objects over %s (%s plus %d times the size of its packs and loose objects): its objects expand far beyond their size, as a decompression bomb does",
			what, byteSize(w.total), byteSize(WorkBaseBytes), WorkRatio),
		Hint: "check the repository with git fsck and git count-objects -v; redline stops here rather than inflate without end",
		Err:  ErrTooLarge,
	}
}
