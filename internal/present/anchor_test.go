package present

import (
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/digdir/redline/internal/release"
)

var anchorCases = []struct{ id, want string }{
	{"2.5", "version-2-5"},
	{"2.0", "version-2-0"},
	{"25", "version-25"}, // not the same as 2.5
	{"2.5_rc", "version-2-5-rc"},
	{"2.5 rc", "version-2-5-rc"},
	{"2.5-RC", "version-2-5-rc"},
	{"2.5+rc", "version-2-5-rc"},
	{"v2.5", "version-v2-5"},
	{"V 3", "version-v-3"},
	{"2024.1-rc.2", "version-2024-1-rc-2"},
	{"unreleased", "version-unreleased"},
	{"<x>", "version-x"},
	{`"2.5" onclick="x`, "version-2-5-onclick-x"},
	{"  2.5\t\n", "version-2-5"},
	{"-2.5-", "version-2-5"},
	{"", "version"},
	{"--", "version"},
	{"🚀", "version"},
	{"\xff2", "version-2"},
	// Letters of any script are kept, lower-cased, as Hugo keeps them in
	// the ids it makes: not turned into "-" nor dropped.
	{"første", "version-første"},
	{"Første utgave", "version-første-utgave"},
	{"ÆØÅ-2", "version-æøå-2"},
	{"版本2", "version-版本2"},
	{"١٫٢", "version-١-٢"},         // Arabic-Indic digits
	{"a\u030a", "version-a\u030a"}, // a combining ring stays on its letter
	{"\u030a1", "version-1"},       // and is dropped with none
	{"K", "version-k"},
}

func TestVersionAnchor(t *testing.T) {
	for _, c := range anchorCases {
		if got := VersionAnchor(c.id); got != c.want {
			t.Errorf("VersionAnchor(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}

// TestVersionAnchorIsAnID checks that every anchor is a valid HTML id
// made of letters, digits, marks and "-" only, and that Hugo's Markdown
// (goldmark with heading attributes, as Hugo sets it up) keeps it whole
// as a heading's explicit id, as the Hugo page writes it.
func TestVersionAnchorIsAnID(t *testing.T) {
	md := goldmark.New(goldmark.WithParserOptions(parser.WithAttribute(), parser.WithAutoHeadingID()))
	for _, c := range anchorCases {
		a := VersionAnchor(c.id)
		if a == "" || strings.ContainsAny(a, " \t\n\f\r") || strings.HasSuffix(a, "-") || strings.Contains(a, "--") {
			t.Errorf("VersionAnchor(%q) = %q: not a clean id", c.id, a)
		}
		for _, r := range a {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-') || unicode.IsUpper(r) {
				t.Errorf("VersionAnchor(%q) = %q: has %q", c.id, a, r)
			}
		}
		src := []byte("## Versjon 2.5 {#" + a + "}\n")
		doc := md.Parser().Parse(text.NewReader(src))
		h, ok := doc.FirstChild().(*ast.Heading)
		if !ok {
			t.Errorf("%q: no heading in %q", c.id, src)
			continue
		}
		id, _ := h.AttributeString("id")
		if b, _ := id.([]byte); string(b) != a {
			t.Errorf("goldmark reads the id of %q as %q, want %q", src, b, a)
		}
	}
}

func TestVersionAnchors(t *testing.T) {
	cl := func(ids ...string) *release.Changelog {
		c := &release.Changelog{}
		for _, id := range ids {
			c.Versions = append(c.Versions, release.Version{ID: id})
		}
		return c
	}
	// Newest first, as release lists them.
	got := VersionAnchors(cl("unreleased", "2.5_rc", "2.5-rc", "2.5 rc", "2.0", "1.0"))
	want := map[string]string{
		"unreleased": "version-unreleased",
		"2.5 rc":     "version-2-5-rc", // the oldest keeps the anchor
		"2.5-rc":     "version-2-5-rc-2",
		"2.5_rc":     "version-2-5-rc-3",
		"2.0":        "version-2-0",
		"1.0":        "version-1-0",
	}
	if len(got) != len(want) {
		t.Errorf("VersionAnchors = %v, want %v", got, want)
	}
	for id, a := range want {
		if got[id] != a {
			t.Errorf("VersionAnchors[%q] = %q, want %q", id, got[id], a)
		}
	}
	// A suffix never takes another version's own anchor.
	got = VersionAnchors(cl("RC", "rc", "rc-2"))
	if got["rc-2"] != "version-rc-2" || got["rc"] != "version-rc" || got["RC"] != "version-rc-3" {
		t.Errorf("VersionAnchors = %v", got)
	}
	// A newer version never moves an older one's anchor.
	before := VersionAnchors(cl("2.5-rc", "1.0"))
	after := VersionAnchors(cl("2.5_rc", "2.5-rc", "1.0"))
	for id, a := range before {
		if after[id] != a {
			t.Errorf("adding a version moved %q from %q to %q", id, a, after[id])
		}
	}
	// Without collisions every anchor is VersionAnchor's.
	for _, c := range anchorCases[:10] {
		if got := VersionAnchors(cl(c.id)); got[c.id] != c.want {
			t.Errorf("VersionAnchors(%q) = %q, want %q", c.id, got[c.id], c.want)
		}
	}
	if got := VersionAnchors(&release.Changelog{}); len(got) != 0 {
		t.Errorf("VersionAnchors of no versions = %v", got)
	}
}
