package document

import (
	"reflect"
	"testing"
)

func TestAnchorize(t *testing.T) {
	tests := []struct{ title, want string }{
		{"3.3 Bruk av databehandler", "33-bruk-av-databehandler"},
		{"Formål og behandlingsgrunnlag", "formål-og-behandlingsgrunnlag"},
		{"Æ, Ø og Å", "æ-ø-og-å"},
		{"  Trimmed  ", "trimmed"},
		{"A & B", "a--b"},
		{"Hva er DPIA?", "hva-er-dpia"},
		{"snake_case og kebab-case", "snake_case-og-kebab-case"},
		{"Tab\there", "tabhere"},
		{"Emoji 🚀 rakett", "emoji--rakett"},
		{"*Vekt* og `kode`", "vekt-og-kode"},
		{"[Lenke](https://a.no)", "lenkehttpsano"},
		{"Ünïcödé Ελληνικά 日本語", "ünïcödé-ελληνικά-日本語"},
		{"Tall ①②", "tall-"},       // circled digits are not Nd
		{"Forma\u030al", "formal"}, // a decomposed å loses its ring, as in Hugo
		{"---", "---"},
		{"", ""},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := Anchorize(tt.title); got != tt.want {
			t.Errorf("Anchorize(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

// TestHeadingAnchors checks the ids Parse gives headings, as Hugo would
// render them on one page.
func TestHeadingAnchors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // anchors of the heading blocks, in order
	}{
		{"duplicates", "# Innledning\n## Innledning\n### Innledning\n", []string{"innledning", "innledning-1", "innledning-2"}},
		{"explicit id", "## Tittel {#min-id}\n## Tittel\n", []string{"min-id", "tittel"}},
		{"explicit id taken later", "## Tittel\n## Annen {#tittel}\n## Tittel\n", []string{"tittel", "tittel", "tittel-1"}},
		{"suffix collides", "# A-1\n# A\n# A\n", []string{"a-1", "a", "a-2"}},
		{"empty heading", "#\n## !!!\n", []string{"heading", "heading-1"}},
		{"class attribute only", "## Tittel {.klasse}\n", []string{"tittel"}},
		{"python-markdown id", "## Title {: #custom }\n## Title\n", []string{"custom", "title"}},
		{"python-markdown class", "## Title {: .cls }\n## Title\n", []string{"title", "title-1"}},
		{"python-markdown id among attributes", "## Title {: .cls #first lang=nb #custom }\n", []string{"custom"}},
		{"python-markdown list with a closing hash", "## Title ## {: #custom }\n", []string{"custom"}},
		{"not an attribute list", "## Sett {: dette }\n", []string{"sett--dette-"}},
		{"closing hashes", "## Tittel ##\n", []string{"tittel"}},
		{"setext", "Tittel\n======\n\nUnder\n-----\n", []string{"tittel", "under"}},
		{"setext uses last line", "Første linje\nandre linje\n===\n", []string{"andre-linje"}},
		{"markup kept in source", "## Bruk av *sky*\n## [Lenke](u)\n", []string{"bruk-av-sky", "lenkeu"}},
		{"heading in list item counts", "- # Navn\n\n# Navn\n", []string{"navn-1"}},
		{"heading in quote", "> ## Sitat\n", []string{"sitat"}},
		{"code is not a heading", "```\n# Kode\n```\n# Kode\n", []string{"kode"}},
		{"emoji", "## 🚀 Oppskyting\n", []string{"-oppskyting"}},
	}
	for _, tt := range tests {
		d := mustParse(t, "a.md", tt.src)
		var got []string
		for _, b := range d.Blocks {
			if b.Kind == Heading {
				got = append(got, b.Anchor)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: anchors %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSections(t *testing.T) {
	src := "Før.\n# A\na\n## B\nb\n### C\nc\n## D\nd\n# E\ne\n"
	d := mustParse(t, "a.md", src)
	want := map[string]struct {
		section []string
		anchor  string
	}{
		"Før.": {nil, ""},
		"a":    {[]string{"A"}, "a"},
		"b":    {[]string{"A", "B"}, "b"},
		"c":    {[]string{"A", "B", "C"}, "c"},
		"d":    {[]string{"A", "D"}, "d"},
		"e":    {[]string{"E"}, "e"},
	}
	n := 0
	for _, b := range d.Blocks {
		w, ok := want[b.Text]
		if !ok {
			continue
		}
		n++
		if !reflect.DeepEqual(b.Section, w.section) || b.Anchor != w.anchor {
			t.Errorf("%q: section %q anchor %q, want %q %q", b.Text, b.Section, b.Anchor, w.section, w.anchor)
		}
	}
	if n != len(want) {
		t.Errorf("found %d of %d paragraphs", n, len(want))
	}
}

// TestAttrListPlain checks that a Python-Markdown attribute list is not
// taken into a block's words.
func TestAttrListPlain(t *testing.T) {
	tests := []struct{ src, plain, anchor string }{
		{"## Title {: #custom }\n", "Title", "custom"},
		{"## Title {: .cls }\n", "Title", "title"},
		{"## Tittel\n\nTekst her.\n{: .note }\n", "Tekst her.", "tittel"},
		{"## Tittel\n\nTekst her. {: .note title=\"Merk\" }\n", "Tekst her.", "tittel"},
		{"> Sitat. {: .note }\n", "Sitat.", ""},
		{"Mengden {: ikke attributter }\n", "Mengden {: ikke attributter }", ""},
		{"Tekst.\n\n{: .note }\n", "{: .note }", ""}, // nothing else: kept
	}
	for _, tt := range tests {
		d := mustParse(t, "a.md", tt.src)
		last := d.Blocks[len(d.Blocks)-1]
		if last.Plain != tt.plain || last.Anchor != tt.anchor {
			t.Errorf("%q: plain %q anchor %q, want %q %q", tt.src, last.Plain, last.Anchor, tt.plain, tt.anchor)
		}
	}
}
