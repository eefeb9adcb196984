package present

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/digdir/redline/internal/release"
)

// VersionAnchor is the fragment id of a version's section: "version-"
// and the id lower-cased, its letters (any script) and digits kept and
// every other run of characters - dots, spaces, "_", "-", "+", symbols -
// made one "-", with none leading or trailing: "2.5" gives "version-2-5",
// "2.5_rc", "2.5 rc" and "2.5-RC" give "version-2-5-rc", "v2.5" gives
// "version-v2-5", "første" gives "version-første". An id with no letter
// or digit gives "version". Combining marks stay with the letter they
// follow.
//
// The same id gives the same anchor in every output and language - the
// Hugo page, the HTML report, the Atom feed's links and the web view's
// timeline - so a link to "#version-2-5" made from one opens the section
// in another, and survives a change of label or of renderer.
//
// The anchor is always a valid HTML id (never empty, no white space), a
// valid explicit heading id for Hugo's Markdown ({#version-2-5}: goldmark
// takes letters, digits, non-ASCII and "-" there, and stops at other
// punctuation), and needs no escaping in a CSS selector. The Hugo page
// sets it explicitly rather than letting Hugo derive one from the
// heading: Hugo would make "versjon-25_rc" of "Versjon 2.5_rc" - another
// id in each language, with "2.5" and "25" the same.
//
// Ids that differ only in case or punctuation ("2.5-rc", "2.5_rc") give
// the same anchor; VersionAnchors tells them apart on one page.
func VersionAnchor(id string) string {
	var b strings.Builder
	b.Grow(len("version-") + len(id))
	b.WriteString("version")
	sep := true   // a "-" goes before the next letter or digit
	word := false // the last character written is a letter or digit
	for _, r := range id {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if sep {
				b.WriteByte('-')
				sep = false
			}
			b.WriteRune(unicode.ToLower(r))
			word = true
		case unicode.IsMark(r) && word:
			b.WriteRune(r)
		default:
			sep = true
			word = false
		}
	}
	return b.String()
}

// VersionAnchors gives the anchor of each of a changelog's versions, by
// id: VersionAnchor of the id, except where two ids give the same one.
// Then the older version (later in the changelog, which lists versions
// newest first) keeps it and the newer gets the smallest free suffix
// "-2", "-3", ..., so that every version's section has its own id and
// adding a version never moves an older one's anchor.
func VersionAnchors(cl *release.Changelog) map[string]string {
	out := make(map[string]string, len(cl.Versions))
	taken := make(map[string]bool, len(cl.Versions))
	for i := len(cl.Versions) - 1; i >= 0; i-- {
		id := cl.Versions[i].ID
		if _, done := out[id]; done {
			continue
		}
		base := VersionAnchor(id)
		a := base
		for n := 2; taken[a]; n++ {
			a = base + "-" + strconv.Itoa(n)
		}
		taken[a] = true
		out[id] = a
	}
	return out
}
