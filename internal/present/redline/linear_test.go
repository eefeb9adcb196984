package redline

import (
	"fmt"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
)

// modified is a change from old to new with the word diff redline's
// aligner makes of their normalised texts (white space collapsed).
func modified(old, new string) *classify.Change {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	return &classify.Change{
		Op:     align.Modified,
		Old:    &classify.Side{Text: old},
		New:    &classify.Side{Text: new},
		Inline: align.Words(norm(old), norm(new), align.DefaultOptions()),
	}
}

// TestMegabyteBlock renders a paragraph of a megabyte with links and
// emphasis through goldmark, not as text: the work estimate stays
// within its linear budget, and the output is about the input's size.
func TestMegabyteBlock(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "Avsnitt %d handler om *lagring* av logger i [kapittel %d](../k%d/) og om sletting.\n", i, i%7, i%7)
	}
	old := b.String()
	new := strings.Replace(old, "Avsnitt 5000 handler", "Avsnitt 5000 handler ikke", 1)
	new = strings.Replace(new, "Avsnitt 5001 handler om *lagring* av logger i [kapittel 3](../k3/)", "Avsnitt 5001 handler om *lagring* av logger i [kapittel 3](/nb/k3/)", 1)
	p := prepare(new)
	if c, budget := cost(p.src), workFloor+workPerByte*len(p.src); c > budget {
		t.Fatalf("cost %d over the budget %d", c, budget)
	}
	got := string(Change(modified(old, new), Options{}))
	checkHTML(t, got)
	// Over 200,000 tokens the aligner keeps the common start and end and
	// replaces the lines between: the edited lines are marked, inside
	// the rendering.
	i := strings.Index(got, "ikke")
	if i < 0 || strings.LastIndex(got[:i], "<ins>") < strings.LastIndex(got[:i], "</ins>") {
		t.Errorf("the inserted word is not marked inserted")
	}
	contains(t, got, `<a href="/nb/k3/"><ins>kapittel 3</ins></a>`, "<em>lagring</em>")
	if n := strings.Count(got, "<ins>"); n > 100 {
		t.Errorf("%d insertions for two edited lines", n)
	}
	lacks(t, got, "rl-plain", "](")
	if len(got) > 3*len(new) {
		t.Errorf("output of %d bytes for %d", len(got), len(new))
	}
}

// hostile are blocks built to make a parser read the same text again
// and again, each made from a count of its unit.
var hostile = []struct {
	name string
	make func(n int) string
}{
	{"brackets", func(n int) string { return strings.Repeat("[", n) + " x " + strings.Repeat("]", n) }},
	{"link-opens", func(n int) string { return strings.Repeat("[a](", n) }},
	{"backticks", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("`", i%50+1) + " a ")
		}
		return b.String()
	}},
	{"emphasis", func(n int) string { return strings.Repeat("*a _b ", n) }},
	{"html", func(n int) string { return strings.Repeat("<!-- <a b ", n) }},
	{"nesting", func(n int) string { return strings.Repeat("> ", n) + "x" }},
	{"list-nesting", func(n int) string { return strings.Repeat("- ", n) + "x" }},
	{"table", func(n int) string { return "| a | b |\n|---|---|\n" + strings.Repeat("| [x | `y |\n", n) }},
}

// TestHostileBlocks renders each hostile block, changed at its end: a
// block over the work budget is shown as its text, escaped and marked,
// and any other is within it.
func TestHostileBlocks(t *testing.T) {
	for _, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			old := h.make(50000)
			new := old + " slutt"
			p := prepare(new)
			c := cost(p.src)
			got := string(Change(modified(old, new), Options{}))
			checkHTML(t, got)
			if c > workFloor+workPerByte*len(p.src) {
				contains(t, got, `<p class="rl-plain">`, "slutt</ins>")
			}
			t.Logf("%d bytes: cost %.1f a byte", len(new), float64(c)/float64(len(new)))
		})
	}
}

// BenchmarkHostile renders each hostile block at a quarter of its size
// and at its size: a linear renderer takes about four times as long on
// the second, a quadratic one sixteen.
func BenchmarkHostile(b *testing.B) {
	for _, h := range hostile {
		for _, n := range []int{12500, 50000} {
			old := h.make(n)
			c := modified(old, old+" slutt")
			b.Run(fmt.Sprintf("%s/n=%d", h.name, len(old)), func(b *testing.B) {
				b.SetBytes(int64(len(old)))
				for b.Loop() {
					Change(c, Options{})
				}
			})
		}
	}
}

// BenchmarkMegabyte renders a megabyte paragraph with an edit.
func BenchmarkMegabyte(b *testing.B) {
	var s strings.Builder
	for i := 0; s.Len() < 1<<20; i++ {
		fmt.Fprintf(&s, "Avsnitt %d handler om *lagring* av logger i [kapittel %d](../k%d/).\n", i, i%7, i%7)
	}
	old := s.String()
	c := modified(old, strings.Replace(old, "Avsnitt 5000 handler", "Avsnitt 5000 handler ikke", 1))
	b.SetBytes(int64(len(old)))
	for b.Loop() {
		Change(c, Options{})
	}
}
