package classify

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPrimaryReason checks primaryReason against its definition: the
// reasons of ev that reasonOrder names, in its order, the first primary;
// a reason it does not name is left out.
func TestPrimaryReason(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range reasonOrder {
		if seen[r] {
			t.Fatalf("reasonOrder names %q twice", r)
		}
		seen[r] = true
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		ev := map[string]string{}
		for range rng.IntN(6) {
			if rng.IntN(8) == 0 {
				ev["not-a-reason"] = ""
				continue
			}
			ev[reasonOrder[rng.IntN(len(reasonOrder))]] = "evidence"
		}
		var want []string
		for _, r := range reasonOrder {
			if _, ok := ev[r]; ok {
				want = append(want, r)
			}
		}
		primary, others := primaryReason(ev)
		got := others
		if primary != "" {
			got = append([]string{primary}, others...)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("primaryReason(%v) = %q, %q; want %q", ev, primary, others, want)
		}
	}
}
