package serve

import (
	"strings"
	"testing"
)

// TestNoLanguageSwitchWithoutLanguages checks that a history whose pages
// have no language (the version corpus: "Spotify/Privacy Policy.md") is
// offered no switch of the documents' language, which would change
// nothing there; a language asked for in the address is still shown, so
// that it can be cleared, and a history in languages keeps its switch.
func TestNoLanguageSwitchWithoutLanguages(t *testing.T) {
	bare := newFake()
	bare.cl.Languages = nil
	for _, tt := range []struct {
		name   string
		b      *fakeBackend
		target string
		want   bool
	}{
		{"no languages", bare, "/", false},
		{"no languages", bare, "/documents", false},
		{"no languages, lang= asked", bare, "/?lang=nb", true},
		{"nb and en", newFake(), "/", true},
		{"nb and en", newFake(), "/documents", true},
	} {
		r := mustGet(t, New(tt.b, Options{}), tt.target)
		sel, bar := byID(r.doc, "f-lang") != nil, strings.Contains(r.body, "?lang=")
		if sel != tt.want || bar != tt.want {
			t.Errorf("%s, %s: language select %v, switch %v, want %v", tt.name, tt.target, sel, bar, tt.want)
		}
	}
}
