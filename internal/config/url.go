package config

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/digdir/redline/internal/langpath"
)

// contentExts are the page formats whose URLs PageURL can work out.
var contentExts = []string{".md", ".markdown", ".html"}

// PageURL returns the public URL Hugo gives the page at the repository path
// p, in language lang ("" means the language in the file name, else the
// default language). It returns "" when no base URL is configured or p is
// not a page under the content directory.
//
//	content/dpia/summary/_index.nb.md -> <base>/nb/dpia/summary/
//	content/dpia/summary/page.en.md   -> <base>/en/dpia/summary/page/
//
// Hugo lower-cases paths and turns spaces into hyphens by default; front
// matter `url` and `slug` are not seen here, so pages that set them get
// the URL Hugo would give them without.
func (c *Config) PageURL(p, lang string) string {
	if c.Site.BaseURL == "" {
		return ""
	}
	rel := p
	if dir := c.Site.ContentDir; dir != "" && dir != "." {
		var ok bool
		if rel, ok = strings.CutPrefix(p, dir+"/"); !ok {
			return ""
		}
	}
	ext := path.Ext(rel)
	if !slices.Contains(contentExts, ext) {
		return ""
	}
	dir, name := path.Split(strings.TrimSuffix(rel, ext))
	base, fileLang := c.splitLang(name)
	if lang == "" {
		lang = fileLang
	}
	if lang == "" && len(c.Languages) > 0 {
		lang = c.Languages[0]
	}

	var segs []string
	if lang != "" && (c.Site.DefaultLanguageInSubdir || len(c.Languages) == 0 || lang != c.Languages[0]) {
		segs = append(segs, lang)
	}
	for _, s := range strings.Split(strings.Trim(dir, "/"), "/") {
		if s != "" {
			segs = append(segs, urlize(s))
		}
	}
	if base != "_index" && base != "index" {
		segs = append(segs, urlize(base))
	}
	u := c.Site.BaseURL + "/"
	if len(segs) > 0 {
		u += strings.Join(segs, "/") + "/"
	}
	return u
}

// splitLang splits "page.nb" into "page" and "nb". With languages
// configured only those count, as in Hugo; without, any code-like suffix.
func (c *Config) splitLang(name string) (base, lang string) {
	_, stem, lang, _ := langpath.Split(name + ".md")
	if lang == "" || len(c.Languages) > 0 && !slices.Contains(c.Languages, lang) {
		return name, ""
	}
	return stem, lang
}

// urlize does what Hugo does to a path segment by default: lower case,
// spaces to hyphens; then escapes it so the result is a valid URL.
func urlize(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), "-"))
	return url.PathEscape(s)
}

// CommitURL returns the link to a commit, or "" when commit_url is unset.
func (c *Config) CommitURL(hash string) string {
	if c.CommitURLTemplate == "" || hash == "" {
		return ""
	}
	return strings.ReplaceAll(c.CommitURLTemplate, "{hash}", hash)
}

// LanguagesFor returns the configured languages, or when none are
// configured the language suffixes found in paths: the most common first
// (it is most likely the default language), ties in alphabetical order.
func (c *Config) LanguagesFor(paths []string) []string {
	if len(c.Languages) > 0 {
		return slices.Clone(c.Languages)
	}
	count := map[string]int{}
	for _, p := range paths {
		name := path.Base(p)
		ext := path.Ext(name)
		if !slices.Contains(contentExts, ext) {
			continue
		}
		if _, lang := c.splitLang(strings.TrimSuffix(name, ext)); lang != "" {
			count[lang]++
		}
	}
	langs := make([]string, 0, len(count))
	for l := range count {
		langs = append(langs, l)
	}
	slices.SortFunc(langs, func(a, b string) int {
		if d := cmp.Compare(count[b], count[a]); d != 0 {
			return d
		}
		return cmp.Compare(a, b)
	})
	return langs
}

// ChangelogURL is the public address of the changelog page in a language,
// "" when the site has no base URL.
func (c *Config) ChangelogURL(lang string) string {
	if c.Site.ChangelogPage == "" {
		return ""
	}
	return c.PageURL(path.Join(c.Site.ChangelogPage, "_index."+lang+".md"), lang)
}

// URLKey names what PageURL depends on, so that results computed with one
// mapping of paths to URLs are never taken for another's.
func (c *Config) URLKey() string {
	return strings.Join([]string{c.Site.BaseURL, c.Site.ContentDir, fmt.Sprint(c.Site.DefaultLanguageInSubdir), strings.Join(c.Languages, ",")}, "\x00")
}
