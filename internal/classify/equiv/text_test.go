package equiv

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestNormalizeIdempotent checks that normalize leaves a normalized text
// as it is, rune by rune (its spaces are collapsed and trimmed already):
// lawKey, given normalized text by Text.Law, relies on it.
func TestNormalizeIdempotent(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		for _, s := range []string{string(r), "a " + string(r) + "  b", string(r) + "\t" + string(r)} {
			once := normalize(s)
			if twice := normalize(once); twice != once {
				t.Fatalf("normalize(%q) = %q, normalized again %q", s, once, twice)
			}
		}
	}
}

// TestLawKeyOfNormalizedParts checks that lawKeyNorm gives lawKey's key
// for any part of a normalized text, as Text.Law uses it.
func TestLawKeyOfNormalizedParts(t *testing.T) {
	for _, s := range []string{
		"Forordning (EU) 2016/679 (personvernforordningen)",
		"the  General Data\u00a0Protection Regulation ( GDPR )",
		"Lov om behandling av personopplysninger / 2018 \u2013 x/y",
		" a /b c/ d\u00ad-e ",
	} {
		n := normalize(s)
		for i := range n {
			for j := i; j <= len(n); j++ {
				if !utf8.ValidString(n[i:j]) {
					continue
				}
				if got, want := lawKeyNorm(n[i:j]), lawKey(n[i:j]); got != want {
					t.Fatalf("lawKeyNorm(%q) = %q, lawKey gives %q", n[i:j], got, want)
				}
			}
		}
	}
}
