package langpath

import (
	"errors"
	"strings"
	"testing"
)

func mustNew(t *testing.T, s Spec) *Layout {
	t.Helper()
	l, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLayoutParse(t *testing.T) {
	suffix := mustNew(t, Spec{Languages: []string{"nb", "en"}})
	dirs := mustNew(t, Spec{Languages: []string{"nb", "en"}, ContentDirs: map[string]string{"nb": "content/nb", "en": "content/en/"}})
	nested := mustNew(t, Spec{ContentDirs: map[string]string{"nb": "content", "en": "content/en"}})
	folder := mustNew(t, Spec{Patterns: []string{"{lang}/**"}})
	folderKnown := mustNew(t, Spec{Languages: []string{"en", "de"}, Patterns: []string{"{lang}/**"}})
	stem := mustNew(t, Spec{Patterns: []string{"**/{lang}.md", "docs/*.{lang}.md"}})

	tests := []struct {
		name       string
		l          *Layout
		p          string
		lang, rest string
		dir        string
		key        string
	}{
		{"nil layout reads suffixes", nil, "content/a/_index.nb.md", "nb", "content/a/_index.md", "", "content/a/_index.md"},
		{"nil layout, any code", nil, "content/a/_index.de.md", "de", "content/a/_index.md", "", "content/a/_index.md"},
		{"no suffix", suffix, "content/a/_index.md", "", "content/a/_index.md", "", "content/a/_index.md"},
		{"suffix of a site language", suffix, "content/a/page.en.md", "en", "content/a/page.md", "", "content/a/page.md"},
		{"suffix not a site language", suffix, "content/a/page.de.md", "", "content/a/page.de.md", "", "content/a/page.de.md"},
		{"content dir", dirs, "content/nb/a/_index.md", "nb", "a/_index.md", "content/nb", "{lang}/a/_index.md"},
		{"content dir, other language", dirs, "content/en/a/_index.md", "en", "a/_index.md", "content/en", "{lang}/a/_index.md"},
		{"suffix wins in a content dir", dirs, "content/en/a/page.nb.md", "nb", "a/page.md", "content/en", "{lang}/a/page.md"},
		{"outside the content dirs", dirs, "static/x.en.md", "en", "static/x.md", "", "static/x.md"},
		{"content dir prefix is a whole folder", dirs, "content/nbx/a.md", "", "content/nbx/a.md", "", "content/nbx/a.md"},
		{"nested dirs: longest first", nested, "content/en/a.md", "en", "a.md", "content/en", "{lang}/a.md"},
		{"nested dirs: the outer one", nested, "content/a.md", "nb", "a.md", "content", "{lang}/a.md"},
		{"folder per language", folder, "en/privacy.md", "en", "privacy.md", "", "privacy.md"},
		{"folder, deeper", folder, "de/firefox/privacy.md", "de", "firefox/privacy.md", "", "firefox/privacy.md"},
		{"folder code in upper case", folder, "en-US/privacy.md", "en-us", "privacy.md", "", "privacy.md"},
		{"folder not a code", folder, "scripts/build.md", "", "scripts/build.md", "", "scripts/build.md"},
		{"root file", folder, "README.md", "", "README.md", "", "README.md"},
		{"folder, site languages only", folderKnown, "api/x.md", "", "api/x.md", "", "api/x.md"},
		{"folder, a site language", folderKnown, "de/x.md", "de", "x.md", "", "x.md"},
		{"code as the file name", stem, "firefox_privacy_notice/en-US.md", "en-us", "firefox_privacy_notice/_index.md", "", "firefox_privacy_notice/_index.md"},
		{"code in the file name, second pattern", stem, "docs/terms.de.md", "de", "docs/terms.md", "", "docs/terms.md"},
		{"no pattern matches: the suffix", stem, "docs/terms.fr.txt", "fr", "docs/terms.txt", "", "docs/terms.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.l.Parse(tt.p)
			if got.Lang != tt.lang || got.Rest != tt.rest || got.Dir != tt.dir {
				t.Errorf("Parse(%q) = lang %q, rest %q, dir %q; want %q, %q, %q", tt.p, got.Lang, got.Rest, got.Dir, tt.lang, tt.rest, tt.dir)
			}
			if k := tt.l.Key(tt.p); k != tt.key {
				t.Errorf("Key(%q) = %q, want %q", tt.p, k, tt.key)
			}
		})
	}
}

// A pattern inside a file name takes the code out with one separator
// beside it.
func TestPatternStemSeparators(t *testing.T) {
	l := mustNew(t, Spec{Patterns: []string{"legal/*.{lang}.md", "notes/{lang}-*.md"}})
	for p, want := range map[string]string{
		"legal/terms.nb.md":    "legal/terms.md",
		"notes/en-changes.md":  "notes/changes.md",
		"legal/terms.pt-br.md": "legal/terms.md",
	} {
		if got := l.Parse(p).Rest; got != want {
			t.Errorf("Parse(%q).Rest = %q, want %q", p, got, want)
		}
	}
}

func TestCounterpart(t *testing.T) {
	dirs := mustNew(t, Spec{Languages: []string{"nb", "en"}, ContentDirs: map[string]string{"nb": "content/nb", "en": "content/en"}})
	folder := mustNew(t, Spec{Patterns: []string{"{lang}/**"}})
	stem := mustNew(t, Spec{Patterns: []string{"**/{lang}.md"}})
	tests := []struct {
		l       *Layout
		p, lang string
		want    string
	}{
		{nil, "content/a/_index.nb.md", "en", "content/a/_index.en.md"},
		{nil, "content/a/_index.md", "en", ""}, // no language to replace
		{nil, "content/a/_index.nb.md", "nb", ""},
		{dirs, "content/nb/a/_index.md", "en", "content/en/a/_index.md"},
		{dirs, "content/en/a/page.md", "nb", "content/nb/a/page.md"},
		{dirs, "content/en/a/page.md", "de", ""}, // no content dir for de
		{folder, "en/legal/privacy.md", "de", "de/legal/privacy.md"},
		{stem, "notice/en-US.md", "de", "notice/de.md"},
	}
	for _, tt := range tests {
		got := tt.l.Counterpart(tt.p, tt.lang)
		if got != tt.want {
			t.Errorf("Counterpart(%q, %q) = %q, want %q", tt.p, tt.lang, got, tt.want)
			continue
		}
		if got != "" && (tt.l.Key(got) != tt.l.Key(tt.p) || tt.l.Lang(got) != tt.lang) {
			t.Errorf("Counterpart(%q, %q) = %q has key %q and language %q; want %q and %q", tt.p, tt.lang, got, tt.l.Key(got), tt.l.Lang(got), tt.l.Key(tt.p), tt.lang)
		}
	}
}

func TestPatternErrors(t *testing.T) {
	for _, p := range []string{"", "docs/**", "{lang}/{lang}/x.md", "/{lang}/**", `{lang}\x`, "a//{lang}", "../{lang}/*", "a**/{lang}", "[/{lang}", "{lang}[.md"} {
		_, err := New(Spec{Patterns: []string{p}})
		var pe *PatternError
		if !errors.As(err, &pe) || pe.Pattern != p || pe.Msg == "" {
			t.Errorf("New(pattern %q) = %v, want a PatternError", p, err)
		}
	}
}

// Many "**" against a deep path: matching remembers what failed, so it
// ends at once instead of trying every way to split the path.
func TestPatternManyStars(t *testing.T) {
	l := mustNew(t, Spec{Patterns: []string{strings.Repeat("**/", 12) + "{lang}/**/" + strings.Repeat("x/**/", 6) + "never.md"}})
	p := strings.Repeat("a/", 200) + "en/b.md"
	if got := l.Lang(p); got != "" {
		t.Errorf("Lang = %q, want none", got)
	}
}

func TestUse(t *testing.T) {
	defer Use(Current())
	Use(mustNew(t, Spec{Patterns: []string{"{lang}/**"}}))
	if Lang("de/a.md") != "de" || Key("de/a.md") != "a.md" || Counterpart("de/a.md", "en") != "en/a.md" {
		t.Errorf("with a folder layout in use: Lang %q, Key %q, Counterpart %q", Lang("de/a.md"), Key("de/a.md"), Counterpart("de/a.md", "en"))
	}
	Use(nil)
	if Lang("de/a.md") != "" || Lang("a.de.md") != "de" {
		t.Errorf("with no layout: Lang(de/a.md) %q, Lang(a.de.md) %q", Lang("de/a.md"), Lang("a.de.md"))
	}
}

func TestLayoutLanguages(t *testing.T) {
	if got := mustNew(t, Spec{ContentDirs: map[string]string{"nb": "content/nb", "en": "content/en"}}).Languages(); len(got) != 2 || got[0] != "en" || got[1] != "nb" {
		t.Errorf("Languages of content dirs = %q", got)
	}
	if got := mustNew(t, Spec{Languages: []string{"NB", "en"}}).Languages(); len(got) != 2 || got[0] != "nb" {
		t.Errorf("Languages = %q", got)
	}
	if (*Layout)(nil).Languages() != nil {
		t.Errorf("the nil layout knows languages")
	}
}

func TestLayoutString(t *testing.T) {
	a := mustNew(t, Spec{Patterns: []string{"{lang}/**"}})
	b := mustNew(t, Spec{Patterns: []string{"docs/{lang}/**"}})
	c := mustNew(t, Spec{ContentDirs: map[string]string{"nb": "content/nb", "en": "content/en"}})
	seen := map[string]bool{}
	for _, l := range []*Layout{nil, a, b, c} {
		if seen[l.String()] {
			t.Errorf("two layouts named %q", l.String())
		}
		seen[l.String()] = true
	}
}
