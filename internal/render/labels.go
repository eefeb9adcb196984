package render

import (
	"strings"

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
	pageText                             string // "Sidens tekst", the summary of a page published or removed
	otherLanguages                       string // the heading of changes to pages in other languages
	warnings                             string
	reasonsLower                         string
	by                                   string
	noChanges                            string
	description                          string
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
		pageText:           "Sidens tekst",
		otherLanguages:     "Endringer i sider på andre språk",
		warnings:           "Advarsler",
		reasonsLower:       "grunner",
		by:                 "av",
		noChanges:          "Ingen endringer registrert.",
		description:        "Endringer i dokumentet, versjon for versjon.",
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
		pageText:           "The page's text",
		otherLanguages:     "Changes to pages in other languages",
		warnings:           "Warnings",
		reasonsLower:       "reasons",
		by:                 "by",
		noChanges:          "No recorded changes.",
		description:        "Changes to the document, version by version.",
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
	return l.SubstantiveCount(c.Substantive) + ", " + l.EditorialCount(c.Editorial)
}

// reasons are a change's reasons as words, joined: "tekst lagt til, tall".
func (l *labels) reasons(codes []string) string {
	return l.words(codes, l.Reason)
}

// topics are a change's topics as words, joined.
func (l *labels) topics(codes []string) string {
	return l.words(codes, l.Topic)
}

func (l *labels) words(codes []string, word func(string) string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = word(c)
	}
	return strings.Join(out, ", ")
}
