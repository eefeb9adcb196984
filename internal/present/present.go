// Package present holds what the published outputs (internal/render) and
// the web view (internal/serve) both need to show a changelog: the words
// of a change's text as spans, the anchor of a version, the check that
// keeps a link from running script, the labels of classes, operations and
// document states in each language, and the choice of a text by
// language. Each lives here once, so that a version's link, a link's
// fate and a class's name are the same on a published page and in the
// web view.
package present

import (
	"strings"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

// Spans returns what to show of a change's text as word operations: the
// word diff when the aligner made one, else the whole old text deleted and
// the whole new text inserted (a rewritten paragraph, or one added or
// removed), or the text as it stands (a move that kept its words).
func Spans(c *classify.Change) []align.Span {
	if len(c.Inline) > 0 {
		return c.Inline
	}
	switch {
	case c.Old != nil && c.New != nil:
		if c.Old.Text == c.New.Text {
			return []align.Span{{Op: align.SpanEqual, Text: c.New.Text}}
		}
		return []align.Span{{Op: align.SpanDelete, Text: c.Old.Text}, {Op: align.SpanEqual, Text: " "}, {Op: align.SpanInsert, Text: c.New.Text}}
	case c.New != nil:
		return []align.Span{{Op: align.SpanInsert, Text: c.New.Text}}
	case c.Old != nil:
		return []align.Span{{Op: align.SpanDelete, Text: c.Old.Text}}
	}
	return nil
}

// Pick chooses a text in lang; failing that, in the first of langs (the
// changelog's languages, in their order) that has one; failing that, in
// any language, by the sorted order of their codes. A missing translation
// so still shows something, and always the same thing. Empty texts count
// as missing.
func Pick(t release.Text, lang string, langs []string) string {
	if s := t[lang]; s != "" {
		return s
	}
	for _, l := range langs {
		if s := t[l]; s != "" {
			return s
		}
	}
	best, found := "", false
	for k, s := range t {
		if s != "" && (!found || k < best) {
			best, found = k, true
		}
	}
	if found {
		return t[best]
	}
	return ""
}

// SectionPath joins a heading path for display: "3 Risiko › 3.1 Tilgang".
func SectionPath(s []string) string {
	return strings.Join(s, " › ")
}

// ShortHash is the seven-character form of a commit hash that git shows.
// Anything that is not a hash in git's lower-case hexadecimal - a version
// id, a tag, "HEAD~2" - is shown whole.
func ShortHash(h string) string {
	if len(h) > 7 && isHex(h) {
		return h[:7]
	}
	return h
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return s != ""
}
