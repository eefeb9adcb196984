package app

import (
	"fmt"
	"sync"
	"testing"

	"github.com/digdir/redline/internal/config"
)

// The rules' page URLs, remembered per page and language, are the
// configuration's, asked by several workers at once and again and again:
// with and without a base URL, for pages in and out of the content
// directories, in every language and none.
func TestRulesPageURL(t *testing.T) {
	var paths []string
	for _, dir := range []string{"content", "content/nb", "content/en", "content/nb/dpia", "docs", ""} {
		for _, name := range []string{"_index.md", "_index.en.md", "page.nb.md", "Page Two.md", "index.md", "notes.txt"} {
			paths = append(paths, dir+"/"+name)
		}
	}
	langs := []string{"", "nb", "en", "de"}
	for _, base := range []string{"https://docs.example.org", ""} {
		cfg := config.Default()
		cfg.Languages = []string{"nb", "en"}
		cfg.Site.BaseURL = base
		cfg.Site.ContentDirs = map[string]string{"nb": "content/nb", "en": "content/en"}
		r, err := Rules(cfg)
		if err != nil {
			t.Fatal(err)
		}
		site := *cfg
		if base == "" {
			site.Site.BaseURL = "https://site.invalid"
		}
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for round := range 3 {
					for i, p := range paths {
						lang := langs[(i+w+round)%len(langs)]
						if got, want := r.PageURL(p, lang), site.PageURL(p, lang); got != want {
							t.Errorf("base %q: PageURL(%q, %q) = %q, want %q", base, p, lang, got, want)
						}
					}
				}
			})
		}
		wg.Wait()
	}
}

// perPage works a page's URL out once per page and language.
func TestPerPage(t *testing.T) {
	calls := map[string]int{}
	url := perPage(func(p, lang string) string {
		calls[p+" "+lang]++
		return fmt.Sprintf("https://example.org/%s/%s/", lang, p)
	})
	for range 3 {
		for _, p := range []string{"a.md", "b.md"} {
			for _, lang := range []string{"", "nb"} {
				if got, want := url(p, lang), fmt.Sprintf("https://example.org/%s/%s/", lang, p); got != want {
					t.Errorf("url(%q, %q) = %q, want %q", p, lang, got, want)
				}
			}
		}
	}
	if len(calls) != 4 {
		t.Errorf("%d pages and languages asked, want 4", len(calls))
	}
	for k, n := range calls {
		if n != 1 {
			t.Errorf("%s: worked out %d times, want once", k, n)
		}
	}
}
