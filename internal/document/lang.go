package document

import (
	"path"
	"strings"
)

// Lang returns the language code Hugo reads from a content file name:
// the last dot-separated part before the extension, when it looks like a
// language code ("_index.nb.md" -> "nb", "page.en.md" -> "en",
// "page.md" -> ""). Hugo checks the code against the site's languages;
// without the site config, anything shaped like a BCP 47 tag counts.
func Lang(p string) string {
	base := path.Base(strings.ReplaceAll(p, "\\", "/"))
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	i := strings.LastIndexByte(base, '.')
	if i < 0 {
		return ""
	}
	code := base[i+1:]
	if !isLangCode(code) {
		return ""
	}
	return strings.ToLower(code)
}

// isLangCode accepts a 2-3 letter primary tag with optional subtags of
// 2-8 letters or digits ("nb", "en", "pt-br", "zh-hans").
func isLangCode(s string) bool {
	parts := strings.Split(s, "-")
	if n := len(parts[0]); n < 2 || n > 3 || !allASCII(parts[0], false) {
		return false
	}
	for _, sub := range parts[1:] {
		if n := len(sub); n < 2 || n > 8 || !allASCII(sub, true) {
			return false
		}
	}
	return true
}

func allASCII(s string, digits bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !(c >= 'a' && c <= 'z') && !(digits && s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return true
}
