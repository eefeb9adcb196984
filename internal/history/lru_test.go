package history

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// lru keeps the order of use a list does, over random operations.
func TestLRUOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	c := newLRU[int, int]()
	var model []int // most recent first
	for step := range 20000 {
		k := int(rng.UintN(64))
		switch i := slices.Index(model, k); {
		case rng.UintN(4) == 0 && len(model) > 0:
			old := model[len(model)-1]
			model = model[:len(model)-1]
			if v := c.evict(); v != old*10 {
				t.Fatalf("step %d: evicted %d, want %d", step, v, old*10)
			}
		case i >= 0:
			model = append([]int{k}, slices.Delete(model, i, i+1)...)
			if v, ok := c.get(k); !ok || *v != k*10 {
				t.Fatalf("step %d: get(%d) = %v, %v", step, k, v, ok)
			}
		default:
			if _, ok := c.get(k); ok {
				t.Fatalf("step %d: get(%d) found an evicted key", step, k)
			}
			model = append([]int{k}, model...)
			c.put(k, k*10)
		}
		if len(c.m) != len(model) {
			t.Fatalf("step %d: holds %d, want %d", step, len(c.m), len(model))
		}
	}
	// Evicted entries are reused: no more are made than were ever held
	// at once.
	made := len(c.m)
	for e := c.free; e != nil; e = e.next {
		made++
	}
	if made > 64 {
		t.Errorf("%d entries for at most 64 keys", made)
	}
}
