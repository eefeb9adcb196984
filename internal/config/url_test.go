package config

import (
	"reflect"
	"testing"
)

func TestPageURL(t *testing.T) {
	altinn := Default()
	altinn.Languages = []string{"nb", "en"}
	altinn.Site.BaseURL = "https://docs.altinn.studio"

	rootLang := Default()
	rootLang.Languages = []string{"nb", "en"}
	rootLang.Site.BaseURL = "https://docs.altinn.studio"
	rootLang.Site.DefaultLanguageInSubdir = false

	detect := Default() // languages detected: any code-like suffix counts
	detect.Site.BaseURL = "https://example.org"

	noBase := Default()
	noBase.Languages = []string{"nb", "en"}

	tests := []struct {
		c          *Config
		path, lang string
		want       string
	}{
		{altinn, "content/dpia/summary/_index.nb.md", "", "https://docs.altinn.studio/nb/dpia/summary/"},
		{altinn, "content/dpia/summary/_index.en.md", "", "https://docs.altinn.studio/en/dpia/summary/"},
		{altinn, "content/dpia/summary/page.en.md", "", "https://docs.altinn.studio/en/dpia/summary/page/"},
		{altinn, "content/dpia/summary/index.nb.md", "", "https://docs.altinn.studio/nb/dpia/summary/"},
		{altinn, "content/_index.nb.md", "", "https://docs.altinn.studio/nb/"},
		{altinn, "content/dpia/summary/_index.md", "", "https://docs.altinn.studio/nb/dpia/summary/"}, // no suffix: default language
		{altinn, "content/dpia/summary/_index.md", "en", "https://docs.altinn.studio/en/dpia/summary/"},
		{altinn, "content/dpia/Risk Matrix.en.md", "", "https://docs.altinn.studio/en/dpia/risk-matrix/"},
		{altinn, "content/dpia/v1.2.en.md", "", "https://docs.altinn.studio/en/dpia/v1.2/"},
		{altinn, "content/dpia/page.de.md", "", "https://docs.altinn.studio/nb/dpia/page.de/"}, // de is not a site language
		{altinn, "content/dpia/personvern/æøå.nb.md", "", "https://docs.altinn.studio/nb/dpia/personvern/%C3%A6%C3%B8%C3%A5/"},
		{altinn, "static/dpia.pdf", "", ""},
		{altinn, "content/dpia/diagram.svg", "", ""},
		{altinn, "contented/x.nb.md", "", ""},
		{rootLang, "content/dpia/summary/_index.nb.md", "", "https://docs.altinn.studio/dpia/summary/"},
		{rootLang, "content/dpia/summary/_index.en.md", "", "https://docs.altinn.studio/en/dpia/summary/"},
		{detect, "content/a/_index.de.md", "", "https://example.org/de/a/"},
		{detect, "content/a/_index.md", "", "https://example.org/a/"},
		{noBase, "content/dpia/summary/_index.nb.md", "", ""},
	}
	for _, tt := range tests {
		if got := tt.c.PageURL(tt.path, tt.lang); got != tt.want {
			t.Errorf("PageURL(%q, %q) = %q, want %q", tt.path, tt.lang, got, tt.want)
		}
	}
}

func TestPageURLContentDirDot(t *testing.T) {
	c := Default()
	c.Site.BaseURL = "https://example.org"
	c.Site.ContentDir = "."
	if got, want := c.PageURL("guide/_index.en.md", ""), "https://example.org/en/guide/"; got != want {
		t.Errorf("PageURL = %q, want %q", got, want)
	}
}

func TestCommitURL(t *testing.T) {
	c := Default()
	if got := c.CommitURL("e0ad99e"); got != "" {
		t.Errorf("with no commit_url: %q, want empty", got)
	}
	c.CommitURLTemplate = "https://github.com/digdir/altinn-studio-docs/commit/{hash}"
	if got, want := c.CommitURL("e0ad99e1"), "https://github.com/digdir/altinn-studio-docs/commit/e0ad99e1"; got != want {
		t.Errorf("CommitURL = %q, want %q", got, want)
	}
	if got := c.CommitURL(""); got != "" {
		t.Errorf("CommitURL(\"\") = %q, want empty", got)
	}
}

func TestLanguagesFor(t *testing.T) {
	paths := []string{
		"content/a/_index.nb.md", "content/b/_index.nb.md", "content/a/_index.en.md",
		"content/c/_index.de.md", "content/c/_index.md", "content/x.pdf",
	}
	c := Default()
	if got, want := c.LanguagesFor(paths), []string{"nb", "de", "en"}; !reflect.DeepEqual(got, want) {
		t.Errorf("detected %q, want %q (most pages first, ties alphabetical)", got, want)
	}
	c.Languages = []string{"en", "nb"}
	if got := c.LanguagesFor(paths); !reflect.DeepEqual(got, c.Languages) {
		t.Errorf("configured languages should win, got %q", got)
	}
}

func TestChangelogURL(t *testing.T) {
	c := Default()
	c.Site.BaseURL = "https://docs.altinn.studio"
	c.Languages = []string{"nb", "en"}
	if got, want := c.ChangelogURL("en"), "https://docs.altinn.studio/en/changelog/"; got != want {
		t.Errorf("ChangelogURL(en) = %q, want %q", got, want)
	}
	c.Site.ChangelogPage = "content/dpia/endringslogg"
	if got, want := c.ChangelogURL("nb"), "https://docs.altinn.studio/nb/dpia/endringslogg/"; got != want {
		t.Errorf("ChangelogURL(nb) = %q, want %q", got, want)
	}
	c.Site.BaseURL = ""
	if got := c.ChangelogURL("nb"); got != "" {
		t.Errorf("without a base URL: %q, want none", got)
	}
}
