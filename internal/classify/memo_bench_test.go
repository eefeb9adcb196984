package classify

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/document"
)

// pageHistory makes n versions of a 60-paragraph page the way a history
// has them: each version edits two paragraphs (a number, a word), and
// every fifth version reverts the one before it, as pages that flip
// between two states do.
func pageHistory(n int) []*document.Document {
	rng := rand.New(rand.NewPCG(3, 4))
	paras := make([]string, 60)
	for i := range paras {
		paras[i] = fmt.Sprintf("Section %d: the processor keeps personal data for %d days and shares it with %s only where the controller has agreed in writing.", i, 30+i, []string{"Microsoft", "Amazon", "Google"}[i%3])
	}
	var versions []*document.Document
	var prev []string
	for v := range n {
		cur := append([]string(nil), paras...)
		if v%5 == 4 && prev != nil {
			cur = prev // a revert
		} else {
			for range 2 {
				i := rng.IntN(len(cur))
				cur[i] = strings.Replace(cur[i], "days", fmt.Sprintf("days (%d)", rng.IntN(9)), 1)
				if rng.IntN(2) == 0 {
					cur[i] = strings.Replace(cur[i], "only", "also", 1)
				}
			}
		}
		prev, paras = paras, cur
		d, err := document.Parse("page.en.md", []byte("# Terms\n\n"+strings.Join(cur, "\n\n")+"\n"), document.DefaultLimits)
		if err != nil {
			panic(err)
		}
		versions = append(versions, d)
	}
	return versions
}

// BenchmarkHistoryMemo classifies each version of a page history against
// the one before, as one run does, with the memo and without it: the
// ratio of the two is what the memo saves on a history that repeats
// itself. Each iteration starts from fresh rules, as a run does.
func BenchmarkHistoryMemo(b *testing.B) {
	versions := pageHistory(100)
	for _, memo := range []bool{true, false} {
		name := "memo"
		if !memo {
			name = "no-memo"
		}
		b.Run(name, func(b *testing.B) {
			base := Default()
			for b.Loop() {
				r := *base // a copy: Default parses its YAML, which is not what is measured
				r.memo = nil
				if memo {
					r.forget()
				}
				for i := 1; i < len(versions); i++ {
					r.CompareDocuments(versions[i-1], versions[i])
				}
			}
		})
	}
}
