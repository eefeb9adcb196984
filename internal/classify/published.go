package classify

import (
	"fmt"
	"strings"

	"github.com/digdir/redline/internal/align"
)

// ReasonPagePublished is the reason of a page added that is not the
// translation of another: its paragraphs folded into one change.
const ReasonPagePublished = "page-published"

// ReasonPageRemoved is the reason of a page removed (not renamed): its
// paragraphs folded into one change.
const ReasonPageRemoved = "page-removed"

// Published folds the changes of a page added (that is not a translation,
// see Translation) into one substantive change: a reviewer reads "the page
// was published (7 paragraphs)", not seven paragraphs added one by one.
// The change keeps what is needed to expand it: its new side is the
// page's text, the paragraphs joined by blank lines, spanning their lines;
// its topics are the union of the paragraphs' topics, and its significance
// the highest of theirs. Its fingerprint rests on the page's path alone,
// so that an override naming it keeps applying.
//
// A page with no paragraphs is returned as it is.
func Published(d DocumentDiff) DocumentDiff {
	return fold(d, ReasonPagePublished, "the page was published", "siden ble publisert",
		func(c Change) *Side { return c.New })
}

// Removed folds the changes of a page removed (not renamed) into one
// substantive change, as Published does for a page added: its old side is
// the page's text as it was.
func Removed(d DocumentDiff) DocumentDiff {
	return fold(d, ReasonPageRemoved, "the page was removed", "siden ble fjernet",
		func(c Change) *Side { return c.Old })
}

// fold puts the paragraphs of a page added or removed (side picks the
// side they stand on) into one substantive change.
func fold(d DocumentDiff, reason, en, nb string, side func(Change) *Side) DocumentDiff {
	folded, paragraphs, words := pageText(d.Changes, side)
	if folded == nil {
		return d
	}
	var (
		topics       = []string{}
		seen         = map[string]bool{}
		significance float64
	)
	for _, c := range d.Changes {
		if c.Op == OpFrontMatter || side(c) == nil {
			continue
		}
		for _, t := range c.Topics {
			if !seen[t] {
				seen[t] = true
				topics = append(topics, t)
			}
		}
		significance = max(significance, c.Significance)
	}
	c := Change{
		Class:        Substantive,
		Reasons:      []string{reason},
		Explanation:  fmt.Sprintf("%s: %s (%s, %s)", Substantive, en, plural(paragraphs, "paragraph"), plural(words, "word")),
		Explanations: explanations(fmt.Sprintf("%s: %s (%d avsnitt, %s)", classNB(Substantive), nb, paragraphs, wordsNB(words))),
		Topics:       topics,
		Section:      []string{},
		Fingerprint:  fingerprint(reason, d.Path),
		Significance: significance,
	}
	if reason == ReasonPageRemoved {
		c.Op, c.Old = align.Removed, folded
	} else {
		c.Op, c.New = align.Added, folded
	}
	d.Changes = []Change{c}
	d.Class = Substantive
	return d
}

// pageText is the text of a page's paragraphs on the side side picks
// (front matter left out), joined by blank lines and spanning their
// lines, with the count of paragraphs and words; nil when there is none.
func pageText(changes []Change, side func(Change) *Side) (text *Side, paragraphs, words int) {
	var (
		texts []string
		lines [2]int
	)
	for _, c := range changes {
		s := side(c)
		if c.Op == OpFrontMatter || s == nil {
			continue
		}
		if len(texts) == 0 || s.Lines[0] > 0 && (lines[0] == 0 || s.Lines[0] < lines[0]) {
			lines[0] = s.Lines[0]
		}
		lines[1] = max(lines[1], s.Lines[1])
		texts = append(texts, s.Text)
		words += len(strings.Fields(s.Text))
	}
	if len(texts) == 0 {
		return nil, 0, 0
	}
	return &Side{Text: strings.Join(texts, "\n\n"), Lines: lines}, len(texts), words
}

// WholePage says whether a change stands for a whole page (published,
// removed, or added as a translation): its text is the page's, and views
// fold it so that the change reads as what happened to the page.
func WholePage(c *Change) bool {
	for _, r := range c.Reasons {
		if r == ReasonPagePublished || r == ReasonPageRemoved || r == ReasonTranslation {
			return true
		}
	}
	return false
}

// plural is n and the noun, with an s unless n is one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
