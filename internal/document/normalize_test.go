package document

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// normalizeBytewise is normalize as first written, byte by byte: the
// faster normalize must give the same string for every input.
func normalizeBytewise(s []byte) string {
	var out strings.Builder
	pending := false
	for _, c := range s {
		if isSpace(c) {
			pending = out.Len() > 0
			continue
		}
		if pending {
			out.WriteByte(' ')
			pending = false
		}
		out.WriteByte(c)
	}
	str := out.String()
	if norm.NFC.IsNormalString(str) {
		return str
	}
	return norm.NFC.String(str)
}

func TestNormalize(t *testing.T) {
	for _, s := range []string{
		"", " ", " \t\r\n\f\v ", "a", " a ", "a  b\n\tc", "Formål\u00a0er", "e\u0301 \n x", "\xff a",
		"- 1. Vilkår  for\nbruk  ", "ﬁ Å", "\u212b", "a\u0308\u0301",
		"a\u2019s \u2013 10\u00a0\u20ac", "\u2000x\u2001", "\u2019\u0301", "\u20c1\u2002",
	} {
		if got, want := normalize([]byte(s)), normalizeBytewise([]byte(s)); got != want {
			t.Errorf("normalize(%q) = %q, want %q", s, got, want)
		}
		if got, want := normalizeString(s), normalizeBytewise([]byte(s)); got != want {
			t.Errorf("normalizeString(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add([]byte(" Formål  er\n e\u0301 "))
	f.Fuzz(func(t *testing.T, s []byte) {
		if got, want := normalize(s), normalizeBytewise(s); got != want {
			t.Fatalf("normalize(%q) = %q, want %q", s, got, want)
		}
		if got, want := normalizeString(string(s)), normalizeBytewise(s); got != want {
			t.Fatalf("normalizeString(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkNormalize compares normalize with the byte-by-byte version it
// replaced, on the blocks of a generated 45 KB Norwegian page.
func BenchmarkNormalize(b *testing.B) {
	d, err := Parse("vilkar.nb.md", generatedPage(45<<10), DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	var texts [][]byte
	for _, blk := range d.Blocks {
		texts = append(texts, []byte(blk.Text))
	}
	for _, impl := range []struct {
		name string
		f    func([]byte) string
	}{{"runs", normalize}, {"bytewise", normalizeBytewise}} {
		b.Run(impl.name, func(b *testing.B) {
			for b.Loop() {
				for _, t := range texts {
					impl.f(t)
				}
			}
		})
	}
}

// TestBelowCombining backs normalize's shortcut: every character below
// U+0300 starts a segment of its own in NFC (it is NFC and combines with
// nothing before it), so any text made of them is NFC.
func TestBelowCombining(t *testing.T) {
	for r := rune(0); r < 0x300; r++ {
		if !norm.NFC.PropertiesString(string(r)).BoundaryBefore() {
			t.Errorf("U+%04X may combine with what comes before it", r)
		}
	}
}

// TestPunctuation backs the same shortcut for what punctuation accepts:
// exactly U+2002 to U+20BF, each NFC and starting a segment of its own.
func TestPunctuation(t *testing.T) {
	for r := rune(0x80); r < 0x10000; r++ {
		s := string(r)
		want := r >= 0x2002 && r <= 0x20BF
		if got := punctuation([]byte(s + "x")); got != want {
			t.Errorf("punctuation(U+%04X) = %v", r, got)
		}
		if want && !(norm.NFC.PropertiesString(s).BoundaryBefore() && norm.NFC.IsNormalString(s)) {
			t.Errorf("U+%04X is not NFC or may combine with what comes before it", r)
		}
	}
}
