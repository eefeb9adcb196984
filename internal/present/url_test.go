package present

import (
	"testing"

	"github.com/digdir/redline/internal/classify"
)

func TestSafeURL(t *testing.T) {
	for _, c := range []struct {
		in   string
		pass bool
	}{
		// Web addresses.
		{"https://docs.altinn.studio/dpia/#summary", true},
		{"http://example.org/a?b=1&c=2", true},
		{"HTTPS://EXAMPLE.ORG/", true},
		{"https://example.org/side#formål:~:text=Vi%20behandler", true},
		{"https://example.org/a?x=1&amp;y=2", true}, // a character reference that stays https
		// Mail: the data protection officer's address is a link.
		{"mailto:personvernombud@digdir.no", true},
		{"MAILTO:personvernombud@digdir.no", true},
		{"mailto:a@x.no?subject=DPIA%202.5", true},
		// Relative addresses, alike in every output.
		{"../privacy-assessments/", true},
		{"privacy/dpia.md", true},
		{"/dpia/", true},
		{"#version-2-5", true},
		{"#version-første", true},
		{"?lang=nb", true},
		{"//evil.example", true}, // another host, as https://evil.example: no script
		{"//evil.example/path?q#f", true},
		// Script and other schemes, in any case.
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{"JAVASCRIPT:alert(1)", false},
		{"vbscript:msgbox(1)", false},
		{"VBScript:x", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"DATA:image/svg+xml;base64,PHN2Zz4=", false},
		{"file:///etc/passwd", false},
		{"ftp://example.org/", false},
		{"tel:+4712345678", false},
		// What a browser would read as javascript: though a parser might not.
		{" javascript:alert(1)", false},
		{"   javascript:alert(1)", false},
		{"\tjavascript:alert(1)", false},
		{"\x00javascript:alert(1)", false},
		{"\x01javascript:alert(1)", false},
		{"\u0085javascript:alert(1)", false}, // C1 control
		{"java\tscript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{"java\rscript:alert(1)", false},
		{"javascript\x7f:alert(1)", false},
		{"javascript&#58;alert(1)", false},
		{"javascript&colon;alert(1)", false},
		{"&#106;avascript:alert(1)", false},
		{"java&#9;script:alert(1)", false},
		{"jav&NewLine;ascript:alert(1)", false},
		{"\u00a0javascript:alert(1)", false},
		{"javascript\\:alert(1)", false},
		// Control characters, white space at the ends, bad UTF-8.
		{"https://x/\nfoo", false},
		{"https://x/\x1bfoo", false},
		{"https://example.org/ ", false},
		{" /dpia/", false},
		{"https://example.org/\xff", false},
		{"https://exa mple.org/", false},
		{"https://example.org/%zz", false},
		{"", false},
	} {
		want := ""
		if c.pass {
			want = c.in
		}
		if got := SafeURL(c.in); got != want {
			t.Errorf("SafeURL(%q) = %q, want %q", c.in, got, want)
		}
	}
}

func TestChangeURL(t *testing.T) {
	d := &classify.DocumentDiff{URL: "https://example.org/dpia/#"}
	for _, c := range []struct {
		name string
		d    *classify.DocumentDiff
		ch   classify.Change
		want string
	}{
		{"the change's own link", d, classify.Change{URL: "https://example.org/dpia/#formål:~:text=Vi%20behandler", Anchor: "formål"},
			"https://example.org/dpia/#formål:~:text=Vi%20behandler"},
		{"page and anchor", d, classify.Change{Anchor: "formål"}, "https://example.org/dpia/#formål"},
		{"page alone", &classify.DocumentDiff{URL: "https://example.org/dpia/"}, classify.Change{}, "https://example.org/dpia/"},
		{"no page address", &classify.DocumentDiff{}, classify.Change{Anchor: "formål"}, ""},
		{"no document", nil, classify.Change{Anchor: "formål"}, ""},
		{"an unsafe change link is not replaced", d, classify.Change{URL: "javascript:alert(1)", Anchor: "x"}, ""},
		{"an unsafe page", &classify.DocumentDiff{URL: "javascript:alert(1)//"}, classify.Change{Anchor: "x"}, ""},
	} {
		if got := ChangeURL(c.d, &c.ch); got != c.want {
			t.Errorf("%s: ChangeURL = %q, want %q", c.name, got, c.want)
		}
	}
}
