package classify

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// naiveMatch is matchTargets as it was written first: each old target
// against each new one.
func naiveMatch(old, new []string, base, reason string) []int {
	match := make([]int, len(old))
	taken := make([]bool, len(new))
	for i, o := range old {
		match[i] = -1
		for k, n := range new {
			if !taken[k] && (n == o || sameTarget(o, n, base, reason)) {
				match[i], taken[k] = k, true
				break
			}
		}
	}
	return match
}

// Matching targets through keys pairs them exactly as comparing each
// with each does, on targets built to be the same resource in many
// written forms, to be unparseable, and to differ only in a CDN's
// signature.
func TestMatchTargetsAsEachWithEach(t *testing.T) {
	forms := []string{
		"https://www.example.no/a", "http://example.no/a/", "https://EXAMPLE.no/a/index.html",
		"/a", "../a", "a", "./a/", "#top", "", "https://example.no/a#top",
		`{{< ref "a.md" >}}`, `{{< relref "./a" >}}`, "mailto:DPO@example.no", "mailto:dpo@example.no",
		"https://cdn.example.no/i.png?oh=1&oe=2", "https://cdn.example.no/i.png?oh=3", "https://cdn.example.no/i.png?v=2",
		"http://[::1", "%zz", "https://example.no/b", "/nb/dpia/a/", "b",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = forms[rng.IntN(len(forms))]
		}
		return out
	}
	for i := range 3000 {
		old, new := pick(rng.IntN(8)), pick(rng.IntN(8))
		for _, base := range []string{"https://example.no/nb/dpia/a/", "https://example.no/x", ""} {
			for _, reason := range []string{ReasonLinkTarget, ReasonImageTarget} {
				got, want := matchTargets(old, new, base, reason), naiveMatch(old, new, base, reason)
				if !slices.Equal(got, want) {
					t.Fatalf("case %d, base %q, %s:\nold %q\nnew %q\ngot %v, want %v", i, base, reason, old, new, got, want)
				}
			}
		}
	}
}

// 5,000 links whose targets all changed were paired each with each: 100 s.
// Through keys, the work is linear; the pairing is the same.
func TestMatchTargetsMany(t *testing.T) {
	old, new := make([]string, 5000), make([]string, 5001)
	for i := range old {
		old[i] = fmt.Sprintf("https://example.no/a%d", i)
	}
	for i := range new {
		new[i] = fmt.Sprintf("https://example.no/b%d", i)
	}
	new[4000] = "http://www.example.no/a17/"
	m := matchTargets(old, new, "https://example.no/nb/", ReasonLinkTarget)
	for i, k := range m {
		if want := map[bool]int{true: 4000, false: -1}[i == 17]; k != want {
			t.Fatalf("old %d matched %d, want %d", i, k, want)
		}
	}
}
