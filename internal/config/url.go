package config

import (
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
)

// contentExts are the page formats whose URLs PageURL can work out.
var contentExts = []string{".md", ".markdown", ".html"}

// PageURL returns the public URL Hugo gives the page at the repository path
// p, in language lang ("" means the language the path names, else the
// default language). It returns "" when no base URL is configured, p is
// not a page under the content directory, or a permalink of its section
// takes what a path cannot tell (:title, :slug, dates).
//
//	content/dpia/summary/_index.nb.md -> <base>/nb/dpia/summary/
//	content/dpia/summary/page.en.md   -> <base>/en/dpia/summary/page/
//	content/en/dpia/page.md           -> <base>/en/dpia/page/ (content_dirs)
//	content/en/dpia/page.md           -> <en base>/dpia/page/ (base_urls)
//
// The language reads as the layout reads it (Layout): a page in a content
// directory of its language is placed by its path inside it. The default
// language gets no /<lang>/ prefix unless default_language_in_subdir, and
// a language with a base URL of its own none at all. Hugo lower-cases
// paths and turns spaces into hyphens by default; front matter `url` and
// `slug` are not seen here, so pages that set them get the URL Hugo would
// give them without.
func (c *Config) PageURL(p, lang string) string {
	if c.Site.BaseURL == "" && len(c.Site.BaseURLs) == 0 {
		return ""
	}
	parts := c.layout().Parse(p)
	rel := parts.Rest
	if dir := c.Site.ContentDir; parts.Dir == "" && dir != "" && dir != "." {
		var ok bool
		if rel, ok = strings.CutPrefix(rel, dir+"/"); !ok {
			return ""
		}
	}
	ext := path.Ext(rel)
	if !slices.Contains(contentExts, ext) {
		return ""
	}
	dir, base := path.Split(strings.TrimSuffix(rel, ext))
	if lang == "" {
		lang = parts.Lang
	}
	if lang == "" && len(c.Languages) > 0 {
		lang = c.Languages[0]
	}

	root := c.Site.BaseURL
	var segs []string
	if own, ok := c.Site.BaseURLs[lang]; ok {
		root = own
	} else if lang != "" && (c.Site.DefaultLanguageInSubdir || len(c.Languages) == 0 || lang != c.Languages[0]) {
		segs = append(segs, lang)
	}
	if root == "" {
		return ""
	}
	var dirs []string
	for _, s := range strings.Split(strings.Trim(dir, "/"), "/") {
		if s != "" {
			dirs = append(dirs, s)
		}
	}
	if link, ok := c.permalink(dirs, base); ok {
		if link == "" {
			return ""
		}
		segs = append(segs, link)
	} else {
		for _, s := range dirs {
			segs = append(segs, urlize(s))
		}
		if base != "_index" && base != "index" {
			segs = append(segs, urlize(base))
		}
	}
	u := root + "/"
	if len(segs) > 0 {
		u += strings.Join(segs, "/") + "/"
	}
	return u
}

// permalink applies the site's permalink pattern for the page dirs/base,
// when its section has one: ok is false when none applies, and the link
// "" when the pattern takes what the path cannot tell. A section's own
// page (_index) takes permalinks.section, others permalinks.page; a leaf
// bundle (index) is named by its folder. The tokens read are :section,
// :sections, :filename, :contentbasename and :slugorfilename (without
// front matter, the file name).
func (c *Config) permalink(dirs []string, base string) (link string, ok bool) {
	kind, sections, name := "page", dirs, base
	switch base {
	case "_index":
		kind, name = "section", ""
	case "index":
		if len(dirs) == 0 {
			return "", false
		}
		sections, name = dirs[:len(dirs)-1], dirs[len(dirs)-1]
	}
	if len(sections) == 0 {
		return "", false
	}
	pattern, ok := c.Site.permalinks[kind][sections[0]]
	if !ok {
		return "", false
	}
	var out []string
	for _, seg := range strings.Split(strings.Trim(pattern, "/"), "/") {
		if seg == "" {
			continue
		}
		var b strings.Builder
		for seg != "" {
			i := strings.IndexByte(seg, ':')
			if i < 0 {
				b.WriteString(urlize(seg))
				break
			}
			b.WriteString(urlize(seg[:i]))
			seg = seg[i+1:]
			j := 0
			for j < len(seg) && (seg[j] >= 'a' && seg[j] <= 'z' || seg[j] >= 'A' && seg[j] <= 'Z') {
				j++
			}
			switch strings.ToLower(seg[:j]) {
			case "section":
				b.WriteString(urlize(sections[0]))
			case "sections":
				for k, s := range sections {
					if k > 0 {
						b.WriteString("/")
					}
					b.WriteString(urlize(s))
				}
			case "filename", "contentbasename", "slugorfilename":
				b.WriteString(urlize(name))
			default:
				return "", true // :title, :slug, :year and the like
			}
			seg = seg[j:]
		}
		if s := strings.Trim(b.String(), "/"); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "/"), true
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
// configured the languages the layout finds in paths: the most common
// first (it is most likely the default language), ties in alphabetical
// order.
func (c *Config) LanguagesFor(paths []string) []string {
	if len(c.Languages) > 0 {
		return slices.Clone(c.Languages)
	}
	count := map[string]int{}
	l := c.layout()
	for _, p := range paths {
		if !slices.Contains(contentExts, path.Ext(p)) {
			continue
		}
		if lang := l.Lang(p); lang != "" {
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
	key := []string{c.Site.BaseURL, c.Site.ContentDir, fmt.Sprint(c.Site.DefaultLanguageInSubdir), strings.Join(c.Languages, ",")}
	if l := c.layout(); l != nil && (len(c.Site.ContentDirs) > 0 || len(c.LanguagePattern) > 0) {
		key = append(key, l.String())
	}
	for _, lang := range slices.Sorted(maps.Keys(c.Site.BaseURLs)) {
		key = append(key, "base:"+lang+"="+c.Site.BaseURLs[lang])
	}
	for _, kind := range slices.Sorted(maps.Keys(c.Site.permalinks)) {
		for _, s := range slices.Sorted(maps.Keys(c.Site.permalinks[kind])) {
			key = append(key, "permalink:"+kind+":"+s+"="+c.Site.permalinks[kind][s])
		}
	}
	return strings.Join(key, "\x00")
}
