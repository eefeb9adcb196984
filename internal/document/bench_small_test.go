package document

import (
	"fmt"
	"strings"
	"testing"
)

// smallPage returns a page like those of a synthetic history: front
// matter, a heading and ten paragraphs, some 1.2 KB.
func smallPage(seed int) []byte {
	words := strings.Fields("party of payment transfer an are information cookie from user each provider at " +
		"security those days section shall data law must personal consent these the account rights")
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: doc-%04d\n---\n\n# doc-%04d\n", seed, seed)
	w := seed
	for p := 0; p < 10; p++ {
		b.WriteString("\n")
		for i := 0; i < 12+p%5*3; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[w%len(words)])
			w += 7
		}
		b.WriteString(".\n")
	}
	return []byte(b.String())
}

// BenchmarkParseNextSmall parses a small page from the parse of the
// version before it, which differs in one word of one paragraph: the
// fixed cost of a ParseNext.
func BenchmarkParseNextSmall(b *testing.B) {
	old := smallPage(3)
	new := editParagraph(old)
	prev, err := Parse("doc.md", old, DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	if d, why := parseNext(prev, "doc.md", new, DefaultLimits); d == nil {
		b.Fatalf("full parse: %s", why)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseNext(prev, "doc.md", new, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}
