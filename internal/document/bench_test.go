package document

import (
	"bytes"
	"fmt"
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
	// It has some 850,000 elements, more than DefaultLimits allow.
	lim := DefaultLimits
	lim.MaxElements = 0
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := Parse("big.md", src, lim)
		if err != nil || len(d.Blocks) != 1 {
			b.Fatal(err)
		}
	}
}

// generatedPage returns a page of about size bytes shaped like a terms
// of service page: numbered sections, paragraphs of a few sentences with
// links and emphasis, bullet lists and a table now and then.
func generatedPage(size int) []byte {
	words := strings.Fields("vi behandler personopplysninger om deg når du bruker tjenesten og dette " +
		"omfatter navn adresse kontaktinformasjon betalingsopplysninger samt opplysninger om hvordan " +
		"du bruker tjenesten vår formålet er å levere avtalt tjeneste og oppfylle rettslige forpliktelser")
	var b strings.Builder
	b.WriteString("---\ntitle: Vilkår for bruk\nweight: 10\n---\n\n# Vilkår for bruk\n\n")
	w := 0
	sentence := func(n int) {
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			word := words[w%len(words)]
			w += 7
			switch w % 23 {
			case 3:
				fmt.Fprintf(&b, "[%s](https://example.com/%s)", word, word)
			case 11:
				fmt.Fprintf(&b, "*%s*", word)
			default:
				b.WriteString(word)
			}
			if i%12 == 11 {
				b.WriteString(".\n")
			}
		}
		b.WriteString(".")
	}
	for sec := 1; b.Len() < size; sec++ {
		fmt.Fprintf(&b, "## %d. Seksjon %d\n\n", sec, sec)
		for p := 0; p < 3; p++ {
			sentence(30 + sec%20)
			b.WriteString("\n\n")
		}
		switch sec % 3 {
		case 0:
			for i := 0; i < 4; i++ {
				b.WriteString("- ")
				sentence(8)
				b.WriteByte('\n')
			}
			b.WriteByte('\n')
		case 1:
			b.WriteString("| Formål | Grunnlag |\n|---|---|\n")
			for i := 0; i < 3; i++ {
				fmt.Fprintf(&b, "| %s | %s |\n", words[(sec+i)%len(words)], words[(sec*3+i)%len(words)])
			}
			b.WriteByte('\n')
		}
	}
	return []byte(b.String())
}

// editParagraph returns src with one word changed in the paragraph that
// starts after the middle of the page.
func editParagraph(src []byte) []byte {
	return editParagraphAt(src, len(src)/2)
}

// editParagraphAt returns src with the first word changed of the first
// paragraph that starts at or after offset at.
func editParagraphAt(src []byte, at int) []byte {
	i := max(at, 2)
	for i < len(src) && !(src[i-2] == '\n' && src[i-1] == '\n' && src[i] >= 'a' && src[i] <= 'z') {
		i++
	}
	if i == len(src) {
		return src
	}
	j := i + bytes.IndexByte(src[i:], ' ')
	return append(append(append([]byte{}, src[:i]...), "endret"...), src[j:]...)
}

// twoEdits returns src with one word changed in a paragraph a fifth of
// the way down and one four fifths of the way down.
func twoEdits(src []byte) []byte {
	return editParagraphAt(editParagraphAt(src, len(src)/5), len(src)*4/5)
}

// everyOtherEdit returns src with one word changed in every other
// paragraph: as many separate changes as a page can have.
func everyOtherEdit(src []byte) []byte {
	out := src
	for at := 0; at < len(out); {
		next := editParagraphAt(out, at)
		if len(next) == len(out) && bytes.Equal(next, out) {
			break
		}
		i := commonPrefix(out, next)
		out = next
		// Skip the edited paragraph and the one after it.
		for k := 0; k < 2 && i >= 0; k++ {
			if j := bytes.Index(out[i:], []byte("\n\n")); j >= 0 {
				i += j + 2
			} else {
				i = len(out)
			}
		}
		at = i
	}
	return out
}

// BenchmarkParse and BenchmarkParseNext parse the same version of a 45
// KB page, the second from the parse of the version before it, which
// differs in one word of one paragraph.
func BenchmarkParse(b *testing.B) {
	new := editParagraph(generatedPage(45 << 10))
	b.SetBytes(int64(len(new)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("vilkar.nb.md", new, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseNext(b *testing.B) {
	benchmarkParseNext(b, editParagraph)
}

// BenchmarkParseTwoEdits and BenchmarkParseNextTwoEdits: the same page
// with one word changed in two paragraphs far apart (3/5 of the page
// between them).
func BenchmarkParseTwoEdits(b *testing.B) {
	benchmarkParse(b, twoEdits)
}

func BenchmarkParseNextTwoEdits(b *testing.B) {
	benchmarkParseNext(b, twoEdits)
}

// BenchmarkParseEveryOtherEdit and BenchmarkParseNextEveryOtherEdit: the
// same page with one word changed in every other paragraph, the worst
// case for ParseNext short of a page changed throughout.
func BenchmarkParseEveryOtherEdit(b *testing.B) {
	benchmarkParse(b, everyOtherEdit)
}

func BenchmarkParseNextEveryOtherEdit(b *testing.B) {
	benchmarkParseNext(b, everyOtherEdit)
}

func benchmarkParse(b *testing.B, edit func([]byte) []byte) {
	new := edit(generatedPage(45 << 10))
	b.SetBytes(int64(len(new)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("vilkar.nb.md", new, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkParseNext(b *testing.B, edit func([]byte) []byte) {
	old := generatedPage(45 << 10)
	new := edit(old)
	prev, err := Parse("vilkar.nb.md", old, DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	if d, why := parseNext(prev, "vilkar.nb.md", new, DefaultLimits); d == nil {
		b.Fatalf("full parse: %s", why)
	}
	b.SetBytes(int64(len(new)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseNext(prev, "vilkar.nb.md", new, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}
