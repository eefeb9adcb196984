package present

import (
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digdir/redline/internal/classify"
)

// SafeURL returns u when a reader's click on it can only open a page or
// write a mail, else "". It passes
//
//   - http: and https: addresses,
//   - mailto: addresses (the scheme in any case: "MAILTO:"), since a
//     DPIA names whom to contact - the data protection officer - and a
//     mail link runs nothing; html/template passes them too,
//   - relative addresses: paths ("../a", "a/b"), fragments ("#x"),
//     queries ("?q") and network-path references ("//host/a"), which
//     name another page as https: does and run nothing,
//
// unchanged, in the published outputs and in the web view alike. Every
// other scheme fails - javascript:, vbscript:, data:, file: - in any
// case, and so does anything a browser might read otherwise than this
// check does: control characters anywhere (a browser drops tabs and
// line breaks inside an address, so "java\tscript:" would run),
// leading or trailing white space (a browser strips it, so
// " javascript:" would run), invalid UTF-8, an address Go's URL parser
// rejects, and an address that means another scheme once its HTML
// character references are decoded ("javascript&#58;..." in a Markdown
// link destination, which CommonMark decodes).
//
// Links come from configuration, heading anchors and commit metadata of
// the repository being shown; none of them should ever be able to make a
// reader's click run script.
func SafeURL(u string) string {
	if u == "" || !safeURL(u) {
		return ""
	}
	if strings.IndexByte(u, '&') >= 0 && !safeURL(html.UnescapeString(u)) {
		return ""
	}
	return u
}

func safeURL(u string) bool {
	if !utf8.ValidString(u) || strings.TrimSpace(u) != u {
		return false
	}
	for _, r := range u {
		if unicode.IsControl(r) {
			return false
		}
	}
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch p.Scheme {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

// ChangeURL is the public address of the section a change touched, or ""
// when there is none or it is not safe: the change's own link (made by
// internal/changes: the page's address, the section's anchor and a text
// fragment), else the page's address with the section's anchor.
func ChangeURL(d *classify.DocumentDiff, c *classify.Change) string {
	if c.URL != "" {
		return SafeURL(c.URL)
	}
	if d == nil || d.URL == "" {
		return ""
	}
	u := d.URL
	if c.Anchor != "" {
		u = strings.TrimRight(u, "#") + "#" + c.Anchor
	}
	return SafeURL(u)
}
