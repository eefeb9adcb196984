package document

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Anchorize returns the id Hugo derives from a heading's text with its
// default autoHeadingIDType "github" (and what Hugo's anchorize function
// returns): surrounding white space dropped, each space and hyphen
// becomes "-", letters (any script) and digits are kept and lower-cased,
// "_" is kept, and everything else - punctuation, symbols, emoji, tabs,
// combining marks - is dropped. "3.3 Bruk av databehandler" gives
// "33-bruk-av-databehandler"; "Formål" keeps its "å". The text is not
// normalised first, as Hugo does not: a decomposed "å" loses its ring.
func Anchorize(title string) string {
	var b strings.Builder
	b.Grow(len(title))
	for _, r := range strings.TrimSpace(title) {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// headingIDs hands out heading ids the way Hugo's goldmark id factory
// does within one page: an empty id becomes "heading", and an id already
// taken, automatic or explicit, gets the smallest free suffix "-1",
// "-2", ... appended.
type headingIDs struct {
	taken map[string]bool
	// next remembers where the suffix search for an id ended. Ids are
	// only ever added, so the smallest free suffix never goes down, and
	// resuming there keeps a page of a thousand "## Merknad" linear.
	next map[string]int
}

// newHeadingIDs returns the ids of a page with about n headings.
func newHeadingIDs(n int) *headingIDs {
	return &headingIDs{taken: make(map[string]bool, n), next: map[string]int{}}
}

// autoID is the id of a heading whose last source line is text, before
// de-duplication.
func autoID(text string) string {
	if id := Anchorize(text); id != "" {
		return id
	}
	return "heading"
}

// unique returns id, or id with the smallest free suffix when id is
// taken, and takes it.
func (ids *headingIDs) unique(id string) string {
	// Most ids are free: take id and see whether the map grew, one
	// look-up instead of two.
	n := len(ids.taken)
	if ids.taken[id] = true; len(ids.taken) > n {
		return id
	}
	i := max(ids.next[id], 1)
	for ids.taken[id+"-"+strconv.Itoa(i)] {
		i++
	}
	ids.next[id] = i
	id += "-" + strconv.Itoa(i)
	ids.taken[id] = true
	return id
}

// explicit records an id given with {#id}; Hugo keeps it as written even
// when it repeats an earlier id.
func (ids *headingIDs) explicit(id string) string {
	ids.taken[id] = true
	return id
}

// pyAttrList matches a Python-Markdown (and Kramdown) attribute list,
// "{: #id .class key=value }", at the end of a heading's or a block's
// text. goldmark (so Hugo) reads only the form without the colon; with
// it, the list stays in the text, yet the page is written for a site
// built with Python-Markdown (MkDocs), where it is markup: an id, classes
// or attributes, never words. The attributes are those classify's
// attrLists takes for markup. It and pyAttrItem are compiled on first
// use: compiling them at start-up cost every run of redline a fraction
// of a millisecond, pages with a "{:" or not.
var pyAttrList = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[ \t]+)\{:[ \t]*(` + pyAttr + `(?:[ \t]+` + pyAttr + `)*)[ \t]*\}[ \t]*$`)
})

const pyAttr = `(?:[#.][\p{L}\p{N}_-]+|[\p{L}\p{N}_-]+=(?:"[^"]*"|'[^']*'|[^\s}"']+))`

var pyAttrItem = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pyAttr) })

// cutAttrList returns text without a trailing Python-Markdown attribute
// list, the id the list gives (the last "#id" in it, as Python-Markdown
// keeps the last), and whether there was a list.
func cutAttrList(text string) (rest, id string, ok bool) {
	// A list ends the text with "}" (white space after it aside) and
	// opens with "{:": without both the regexp, which would scan the
	// whole text, cannot match.
	if !strings.HasSuffix(strings.TrimRight(text, " \t"), "}") || !strings.Contains(text, "{:") {
		return text, "", false
	}
	m := pyAttrList().FindStringSubmatchIndex(text)
	if m == nil {
		return text, "", false
	}
	for _, a := range pyAttrItem().FindAllString(text[m[2]:m[3]], -1) {
		if strings.HasPrefix(a, "#") {
			id = a[1:]
		}
	}
	return text[:m[0]], id, true
}
