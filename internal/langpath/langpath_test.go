package langpath

import "testing"

func TestSplit(t *testing.T) {
	for _, c := range []struct{ p, dir, stem, lang, ext string }{
		{"content/a/_index.nb.md", "content/a/", "_index", "nb", ".md"},
		{"content/a/_index.md", "content/a/", "_index", "", ".md"},
		{"page.pt-br.md", "", "page", "pt-br", ".md"},
		{"page.zh-Hant.markdown", "", "page", "zh-hant", ".markdown"},
		{"page.es-419.md", "", "page", "es-419", ".md"},
		{"page.EN.md", "", "page", "en", ".md"},
		{"notes.v2.md", "", "notes.v2", "", ".md"},
		{"release.2024.md", "", "release.2024", "", ".md"},
		{"a.b-c.md", "", "a.b-c", "", ".md"},   // a one-letter primary tag
		{"a.nbno.md", "", "a.nbno", "", ".md"}, // four letters
		{"a.nb-x.md", "", "a.nb-x", "", ".md"}, // a one-character subtag
		{".nb.md", "", ".nb", "", ".md"},       // no stem before the code
		{".md", "", ".md", "", ""},             // a hidden file
		{"README", "", "README", "", ""},
		{`win\dir\p.nn.md`, "win/dir/", "p", "nn", ".md"},
		{"Privacy Policy.md", "", "Privacy Policy", "", ".md"},
	} {
		dir, stem, lang, ext := Split(c.p)
		if dir != c.dir || stem != c.stem || lang != c.lang || ext != c.ext {
			t.Errorf("Split(%q) = %q, %q, %q, %q; want %q, %q, %q, %q", c.p, dir, stem, lang, ext, c.dir, c.stem, c.lang, c.ext)
		}
		if got := Lang(c.p); got != c.lang {
			t.Errorf("Lang(%q) = %q, want %q", c.p, got, c.lang)
		}
	}
}

func TestIsCode(t *testing.T) {
	for s, want := range map[string]bool{
		"nb": true, "nn": true, "en": true, "sma": true, "pt-br": true, "zh-Hant": true, "es-419": true, "sr-Latn-RS": true,
		"": false, "n": false, "norw": false, "v2": false, "2024": false, "pt-": false, "pt_br": false, "nb-toolongtag": false, "æø": false,
	} {
		if got := IsCode(s); got != want {
			t.Errorf("IsCode(%q) = %v, want %v", s, got, want)
		}
	}
}
