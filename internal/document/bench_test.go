package document

import (
	"os"
	"strings"
	"testing"
)

func BenchmarkParseDPIA(b *testing.B) {
	src, err := os.ReadFile("testdata/dpia-summary.nb.md")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("dpia-summary.nb.md", src, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseRealistic(b *testing.B) {
	src, err := os.ReadFile("testdata/realistic.nb.md")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("realistic.nb.md", src, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse5MBParagraph: one paragraph of 5 MB, wrapped like the
// DPIA pages, with some emphasis and links to give goldmark's inline
// parser work.
func BenchmarkParse5MBParagraph(b *testing.B) {
	line := "Altinn er i en *overgangsfase* fra [eksisterende løsning](../a/) til en ny versjon i skyen,\n"
	src := []byte(strings.Repeat(line, 5<<20/len(line)))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := Parse("big.md", src, DefaultLimits)
		if err != nil || len(d.Blocks) != 1 {
			b.Fatal(err)
		}
	}
}
