package render

import (
	"fmt"

	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// labels are the words a rendered page is built of, per language: those
// the web view shares (classes, operations, version headings, overrides;
// see present.Labels) and the published outputs' own. Only Norwegian
// bokmål and English exist; any other language gets English, so a page
// is never missing a heading.
type labels struct {
	*present.Labels
	version, updated, changes            string
	substantiveChanges, editorialChanges string
	editorialOn                          string // "Redaksjonelle endringer i %s"
	warnings                             string
	reasonsLower                         string
	by                                   string
	noChanges                            string
	description                          string
	countS, countE                       [2]string // one, many: "%d vesentlig", "%d vesentlige"
	contents                             string
	hideEditorial                        string
	released                             string // "Published %s"
}

var labelSets = map[string]*labels{
	"nb": {
		Labels:  present.LabelsFor("nb"),
		version: "Versjon", updated: "Oppdatert", changes: "Endringer",
		substantiveChanges: "Vesentlige endringer",
		editorialChanges:   "Redaksjonelle endringer",
		editorialOn:        "Redaksjonelle endringer i %s",
		warnings:           "Advarsler",
		reasonsLower:       "grunner",
		by:                 "av",
		noChanges:          "Ingen endringer registrert.",
		description:        "Endringer i dokumentet, versjon for versjon.",
		countS:             [2]string{"%d vesentlig", "%d vesentlige"},
		countE:             [2]string{"%d redaksjonell", "%d redaksjonelle"},
		contents:           "Innhold",
		hideEditorial:      "Skjul redaksjonelle endringer",
		released:           "Publisert %s",
	},
	"en": {
		Labels:  present.LabelsFor("en"),
		version: "Version", updated: "Updated", changes: "Changes",
		substantiveChanges: "Substantive changes",
		editorialChanges:   "Editorial changes",
		editorialOn:        "Editorial changes in %s",
		warnings:           "Warnings",
		reasonsLower:       "reasons",
		by:                 "by",
		noChanges:          "No recorded changes.",
		description:        "Changes to the document, version by version.",
		countS:             [2]string{"%d substantive", "%d substantive"},
		countE:             [2]string{"%d editorial", "%d editorial"},
		contents:           "Contents",
		hideEditorial:      "Hide editorial changes",
		released:           "Published %s",
	},
}

func labelsFor(lang string) *labels {
	if l, ok := labelSets[lang]; ok {
		return l
	}
	return labelSets["en"]
}

// counts says a version's tally in words: "1 vesentlig, 2 redaksjonelle".
func (l *labels) counts(c release.Counts) string {
	one := func(f [2]string, n int) string {
		if n == 1 {
			return fmt.Sprintf(f[0], n)
		}
		return fmt.Sprintf(f[1], n)
	}
	return one(l.countS, c.Substantive) + ", " + one(l.countE, c.Editorial)
}
