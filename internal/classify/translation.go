package classify

import (
	"fmt"

	"github.com/digdir/redline/internal/align"
)

// ReasonTranslation is the reason of a page added as the translation of
// another.
const ReasonTranslation = "translation"

// Translation folds a page added beside its counterpart in another language
// into one editorial change: the page carries the same assessment in
// another language, and a paragraph-by-paragraph "added" list of it would
// read as dozens of substantive changes. Whether the two languages stay in
// step afterwards is the translation-sync check's business (release).
//
// d is the comparison of the added page with nothing, with TranslationOf
// set. The change's new side is the page's text (its paragraphs joined by
// blank lines), as Published keeps it, so that a reviewer can read the
// translation where it is shown; the change is explained in English and
// in bokmål, as every other change is, and its fingerprint rests on the
// page's path alone.
func Translation(d DocumentDiff) DocumentDiff {
	text, paragraphs, words := pageText(d.Changes, func(c Change) *Side { return c.New })
	d.Changes = []Change{{
		Op:           align.Added,
		New:          text,
		Class:        Editorial,
		Reasons:      []string{ReasonTranslation},
		Explanation:  fmt.Sprintf("%s: a translation of %s was added (%d paragraphs, %d words)", Editorial, d.TranslationOf, paragraphs, words),
		Explanations: explanations(fmt.Sprintf("%s: en oversettelse av %s ble lagt til (%d avsnitt, %s)", classNB(Editorial), d.TranslationOf, paragraphs, wordsNB(words))),
		Topics:       []string{},
		Section:      []string{},
		Fingerprint:  fingerprint(ReasonTranslation, d.Path),
		Proofs:       []Proof{{Kind: ReasonTranslation, Old: d.TranslationOf, New: d.Path, By: "a page added beside its counterpart in another language; translation sync checks they keep in step"}},
	}}
	d.Class = Editorial
	return d
}
