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
	} {
		if got, want := normalize([]byte(s)), normalizeBytewise([]byte(s)); got != want {
			t.Errorf("normalize(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add([]byte(" Formål  er\n e\u0301 "))
	f.Fuzz(func(t *testing.T, s []byte) {
		if got, want := normalize(s), normalizeBytewise(s); got != want {
			t.Fatalf("normalize(%q) = %q, want %q", s, got, want)
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
