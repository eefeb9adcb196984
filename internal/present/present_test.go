package present

import (
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

func TestSpans(t *testing.T) {
	eq := func(s string) align.Span { return align.Span{Op: align.SpanEqual, Text: s} }
	del := func(s string) align.Span { return align.Span{Op: align.SpanDelete, Text: s} }
	ins := func(s string) align.Span { return align.Span{Op: align.SpanInsert, Text: s} }
	side := func(s string) *classify.Side { return &classify.Side{Text: s} }
	for _, c := range []struct {
		name string
		ch   classify.Change
		want []align.Span
	}{
		{"word diff wins", classify.Change{Old: side("a b"), New: side("a c"), Inline: []align.Span{eq("a "), del("b"), ins("c")}},
			[]align.Span{eq("a "), del("b"), ins("c")}},
		{"rewritten without a word diff", classify.Change{Old: side("gammel"), New: side("ny")},
			[]align.Span{del("gammel"), eq(" "), ins("ny")}},
		{"moved with its words", classify.Change{Op: align.Moved, Old: side("samme"), New: side("samme")},
			[]align.Span{eq("samme")}},
		{"added", classify.Change{Op: align.Added, New: side("ny")}, []align.Span{ins("ny")}},
		{"removed", classify.Change{Op: align.Removed, Old: side("borte")}, []align.Span{del("borte")}},
		{"no text", classify.Change{}, nil},
	} {
		if got := Spans(&c.ch); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Spans = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPick(t *testing.T) {
	langs := []string{"nb", "en"}
	for _, c := range []struct {
		name string
		t    release.Text
		lang string
		want string
	}{
		{"asked language", release.Text{"nb": "Tittel", "en": "Title"}, "en", "Title"},
		{"falls back in the changelog's order", release.Text{"nb": "Tittel", "en": "Title"}, "de", "Tittel"},
		{"empty counts as missing", release.Text{"nb": "", "en": "Title"}, "nb", "Title"},
		{"second language", release.Text{"en": "Title"}, "nb", "Title"},
		{"a language outside the changelog's, before nothing", release.Text{"se": "Namma"}, "nb", "Namma"},
		{"outside languages by sorted code", release.Text{"sv": "Titel", "de": "Titel (de)", "fi": "Otsikko"}, "nb", "Titel (de)"},
		{"no language", release.Text{"nb": "Tittel"}, "", "Tittel"},
		{"nothing", release.Text{}, "nb", ""},
		{"nil", nil, "nb", ""},
		{"only empty texts", release.Text{"nb": "", "xx": ""}, "nb", ""},
	} {
		if got := Pick(c.t, c.lang, langs); got != c.want {
			t.Errorf("%s: Pick(%v, %q) = %q, want %q", c.name, c.t, c.lang, got, c.want)
		}
	}
	// The fallback among other languages does not depend on map order.
	for range 20 {
		if got := Pick(release.Text{"sv": "a", "de": "b", "fi": "c", "da": "d"}, "nb", langs); got != "d" {
			t.Fatalf("Pick chose %q, want the text of da", got)
		}
	}
}

func TestSectionPathAndShortHash(t *testing.T) {
	if got := SectionPath([]string{"3 Risiko", "3.1 Tilgang"}); got != "3 Risiko › 3.1 Tilgang" {
		t.Errorf("SectionPath = %q", got)
	}
	if got := SectionPath(nil); got != "" {
		t.Errorf("SectionPath(nil) = %q", got)
	}
	for in, want := range map[string]string{
		"0123456789abcdef0123456789abcdef01234567": "0123456",
		"abc1234":          "abc1234",
		"unreleased":       "unreleased", // a version id, not a hash
		"2024-03-15":       "2024-03-15",
		"HEAD~2":           "HEAD~2",
		"0123456789ABCDEF": "0123456789ABCDEF",
		"":                 "",
	} {
		if got := ShortHash(in); got != want {
			t.Errorf("ShortHash(%q) = %q, want %q", in, got, want)
		}
	}
}
