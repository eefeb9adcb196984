package serve

import (
	"container/list"
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
)

// lru keeps the results of the latest compares and blames, within a count
// and an estimate of their size in bytes. Concurrent requests for the same
// key share one computation, so fifty reviewers opening the same link cost
// one compare.
type lru struct {
	mu       sync.Mutex
	max      int
	maxBytes int64
	bytes    int64
	order    *list.List // front = most recently used; values are *lruItem
	items    map[string]*list.Element
	flights  map[string]*flight
}

type lruItem struct {
	key  string
	val  any
	size int64
}

// flight is a computation under way. Its callers wait on done; the last
// to give up cancels it.
type flight struct {
	done    chan struct{}
	val     any
	err     error
	waiters int
	cancel  context.CancelFunc
}

func newLRU(max int, maxBytes int64) *lru {
	return &lru{max: max, maxBytes: maxBytes, order: list.New(), items: map[string]*list.Element{}, flights: map[string]*flight{}}
}

func (c *lru) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*lruItem).val, true
	}
	return nil, false
}

func (c *lru) put(key string, val any, size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(key, val, size)
}

// putLocked keeps val, evicting the least recently used entries until the
// count and the bytes fit. A value larger than the whole byte budget is not
// kept: it would only push out everything else.
func (c *lru) putLocked(key string, val any, size int64) {
	if e, ok := c.items[key]; ok {
		c.bytes -= e.Value.(*lruItem).size
		c.order.Remove(e)
		delete(c.items, key)
	}
	if size > c.maxBytes {
		return
	}
	c.items[key] = c.order.PushFront(&lruItem{key, val, size})
	c.bytes += size
	for c.order.Len() > c.max || c.bytes > c.maxBytes {
		last := c.order.Back()
		it := last.Value.(*lruItem)
		c.order.Remove(last)
		delete(c.items, it.key)
		c.bytes -= it.size
	}
}

func (c *lru) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// do returns the cached value for key, or computes it once however many
// callers ask at the same time.
//
// The computation runs on its own goroutine under its own context, so
// every caller stops waiting at its own deadline and answers at once, even
// when the work cannot be interrupted. That context ends after timeout, or
// when the last caller waiting has gone: nobody is left to read the result.
// compute returns the value and its size in bytes for the budget. Errors,
// and panics turned into errors, reach every caller waiting and are not
// cached, so the next request tries again.
func (c *lru) do(ctx context.Context, key string, timeout time.Duration, compute func(context.Context) (any, int64, error)) (any, error) {
	c.mu.Lock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		c.mu.Unlock()
		return e.Value.(*lruItem).val, nil
	}
	f, running := c.flights[key]
	if !running {
		// Detached from the first caller: the others may outlive it.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
		f = &flight{done: make(chan struct{}), cancel: cancel}
		c.flights[key] = f
		go c.run(fctx, key, f, compute)
	}
	f.waiters++
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		c.mu.Lock()
		f.waiters--
		if f.waiters == 0 && c.flights[key] == f {
			// Abandoned: a later request starts afresh rather than
			// joining work that is being cancelled.
			delete(c.flights, key)
			f.cancel()
		}
		c.mu.Unlock()
		return nil, ctx.Err()
	}
}

func (c *lru) run(ctx context.Context, key string, f *flight, compute func(context.Context) (any, int64, error)) {
	defer f.cancel()
	var size int64
	err := protect(func() (err error) {
		f.val, size, err = compute(ctx)
		return err
	})
	if err != nil {
		f.val, f.err = nil, err
	}
	c.mu.Lock()
	if c.flights[key] == f {
		delete(c.flights, key)
	}
	if f.err == nil {
		c.putLocked(key, f.val, size)
	}
	c.mu.Unlock()
	close(f.done)
}

// panicError is a panic recovered from a computation or a handler, with
// the stack where it happened, for the log.
type panicError struct {
	val   any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v\n%s", e.val, e.stack) }

// protect runs fn and turns a panic into a *panicError. Computations run
// on goroutines of their own, where a panic would otherwise end the whole
// server, and would leave the callers waiting on them to their deadline.
func protect(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{val: p, stack: debug.Stack()}
		}
	}()
	return fn()
}
