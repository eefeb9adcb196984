package config

import "testing"

// BenchmarkPageURL is the deep link of one change: PageURL is asked once
// per change of a walk.
func BenchmarkPageURL(b *testing.B) {
	c := Default()
	c.Languages = []string{"nb", "en"}
	c.Site.BaseURL = "https://docs.example.org"
	c.Site.ContentDirs = map[string]string{"nb": "content/nb", "en": "content/en"}
	c.LanguagePattern = []string{"legal/{lang}/**"}
	for b.Loop() {
		_ = c.PageURL("content/en/dpia/summary/_index.md", "")
	}
}
