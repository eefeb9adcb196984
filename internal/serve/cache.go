package serve

import (
	"container/list"
	"context"
	"errors"
	"sync"
)

// lru keeps the results of the latest compares and blames. Concurrent
// requests for the same key share one computation, so fifty reviewers
// opening the same link cost one compare.
type lru struct {
	mu      sync.Mutex
	max     int
	order   *list.List // front = most recently used; values are *lruItem
	items   map[string]*list.Element
	flights map[string]*flight
}

type lruItem struct {
	key string
	val any
}

type flight struct {
	done chan struct{}
	val  any
	err  error
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: map[string]*list.Element{}, flights: map[string]*flight{}}
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

func (c *lru) put(key string, val any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		e.Value.(*lruItem).val = val
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&lruItem{key, val})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*lruItem).key)
	}
}

func (c *lru) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// do returns the cached value for key, or computes it once however many
// callers ask at the same time. Errors are not cached. A caller whose
// context ends stops waiting; the computation goes on for the others.
func (c *lru) do(ctx context.Context, key string, compute func() (any, error)) (any, error) {
	c.mu.Lock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		c.mu.Unlock()
		return e.Value.(*lruItem).val, nil
	}
	f, running := c.flights[key]
	if !running {
		f = &flight{done: make(chan struct{})}
		c.flights[key] = f
	}
	c.mu.Unlock()
	if !running {
		f.val, f.err = compute()
		if f.err == nil {
			c.put(key, f.val)
		}
		c.mu.Lock()
		delete(c.flights, key)
		c.mu.Unlock()
		close(f.done)
		return f.val, f.err
	}
	select {
	case <-f.done:
		if f.err != nil && ctx.Err() == nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) {
			// The computing caller gave up, not us: try again.
			return c.do(ctx, key, compute)
		}
		return f.val, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
