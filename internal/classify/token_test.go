package classify

import (
	"strings"
	"testing"
)

// FuzzTokenize checks what the rest of the package relies on: tokens are
// spans of the text in order, keys are the slow fold of the text, and
// countWords counts the words tokenize finds.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"", "Behandlingsgrunnlaget er art. 6 (1) c.", "sub-processor's 3.2 and 1,5 at 10:30",
		"“Sitat” — «ord» ‘x’ `y` ÆØÅ", "\u00a0 \t\n", "a\xffb", "3.2 Bruk av skytjenester. Neste",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := tokenize(s)
		end := 0
		for _, tok := range toks {
			if tok.start < end || tok.end <= tok.start || s[tok.start:tok.end] != tok.text {
				t.Fatalf("token %q at [%d,%d) is not the next span of %q", tok.text, tok.start, tok.end, s)
			}
			if want := strings.Map(foldRune, strings.ToLower(tok.text)); tok.key != want {
				t.Fatalf("key of %q is %q, want %q", tok.text, tok.key, want)
			}
			end = tok.end
		}
		if got, want := countWords(s), wordCount(toks); got != want {
			t.Fatalf("countWords(%q) = %d, tokenize finds %d words", s, got, want)
		}
	})
}

func TestTokenizeInitials(t *testing.T) {
	var got []string
	for _, tok := range tokenize("3.2 Bruk av Altinn. Neste setning! Og «så» Digdir") {
		if tok.initial {
			got = append(got, tok.text)
		}
	}
	if want := []string{"3.2", "Bruk", "Neste", "Og"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("sentence-initial words: got %v, want %v", got, want)
	}
}
