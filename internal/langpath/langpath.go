// Package langpath reads the language of a content file from its path: from
// its name, the way Hugo names translations ("_index.nb.md" is the
// Norwegian Bokmål page, "_index.md" the page of the site's default
// language), from the content directory of its language
// (content/en/privacy.md, Hugo's languages.en.contentDir), or from a path
// pattern ("{lang}/**" for en/privacy.md). It is the one place every stage
// asks, so that history's pairing of translations, the document's language,
// the page's public URL, translation sync and the web view agree. Split
// reads a file name alone; a Layout reads whole paths, and Lang, Key and
// Counterpart read them with the layout of the repository at hand (Use).
package langpath

import (
	"path"
	"strings"
)

// Split splits a slash-separated path into its directory (with its
// trailing slash), the file name's stem, language code and extension:
// "content/a/_index.pt-br.md" -> "content/a/", "_index", "pt-br", ".md".
// lang is "" when the part before the extension is not shaped like a
// language code ("notes.v2.md", "page.md"), and the stem then keeps it.
// The code is returned in lower case, as Hugo keys languages.
func Split(p string) (dir, stem, lang, ext string) {
	dir, name := path.Split(strings.ReplaceAll(p, `\`, "/"))
	ext = path.Ext(name)
	if ext == name {
		ext = "" // ".md" alone is a hidden file's name, not an extension
	}
	stem = strings.TrimSuffix(name, ext)
	i := strings.LastIndexByte(stem, '.')
	if i <= 0 || !IsCode(stem[i+1:]) {
		return dir, stem, "", ext
	}
	return dir, stem[:i], strings.ToLower(stem[i+1:]), ext
}

// Lang returns the language of the content file at the slash-separated
// path p, as the layout in use reads it (Use; by default the suffix of its
// name), or "".
func Lang(p string) string { return Current().Lang(p) }

// IsCode reports whether s is shaped like a BCP 47 language tag as Hugo
// uses them: a primary tag of two or three letters, then any number of
// subtags of two to eight letters or digits ("nb", "en", "pt-br",
// "zh-Hant", "es-419"). Without the site's configuration this is all a
// name can say.
func IsCode(s string) bool {
	parts := strings.Split(s, "-")
	if n := len(parts[0]); n < 2 || n > 3 || !alnum(parts[0], false) {
		return false
	}
	for _, sub := range parts[1:] {
		if n := len(sub); n < 2 || n > 8 || !alnum(sub, true) {
			return false
		}
	}
	return true
}

func alnum(s string, digits bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !(c >= 'a' && c <= 'z') && !(digits && s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return true
}
