package serve

import (
	"fmt"
	"strings"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
)

// labels are the words of the pages in one language. The interface
// follows lang= when it is nb or en, else English.
type labels struct {
	Lang                                string
	Skip                                string
	Timeline, Versions, Documents       string
	Compare, History                    string
	From, To, Show                      string
	Page, AllPages                      string
	Language, AllLanguages              string
	AllChanges, SubstantiveOnly         string
	Inline, SideBySide, View            string
	Substantive, Editorial, NoneClass   string
	Before, After                       string
	Inserted, Deleted                   string
	Reasons, Topics, Section, Lines     string
	Permalink, PublicPage, PageHistory  string
	CompareWithPrevious, CompareCommit  string
	Historical, Reconstructed           string
	NoChanges, EditorialHidden          string
	LastSubstance, LastChanged, Unknown string
	Paragraph                           string
	ClassSetByHand                      string
	Significance, Proof                 string
	Status                              string
	VersionN, Pinned                    string
	Unreleased                          string
	Parts, PartOf, PrevPart, NextPart   string
	ops                                 map[align.OpKind]string
	statuses                            map[string]string
}

var labelSets = map[string]*labels{
	"en": {
		Lang: "en", Skip: "Skip to content",
		Timeline: "Versions", Versions: "Versions", Documents: "Documents",
		Compare: "Compare", History: "History",
		From: "From", To: "To", Show: "Show",
		Page: "Page", AllPages: "all pages",
		Language: "Language", AllLanguages: "all",
		AllChanges: "All changes", SubstantiveOnly: "Substantive changes only",
		Inline: "Inline", SideBySide: "Side by side", View: "View",
		Substantive: "substantive", Editorial: "editorial", NoneClass: "no change",
		Before: "Before", After: "After",
		Inserted: "inserted", Deleted: "deleted",
		Reasons: "Reasons", Topics: "Topics", Section: "Section", Lines: "lines",
		Significance: "Significance", Proof: "Proof",
		Permalink: "Link to this change", PublicPage: "published page", PageHistory: "paragraph history",
		CompareWithPrevious: "compare with the previous version", CompareCommit: "compare",
		Historical:    "Historical version, from before the document was under version control.",
		Reconstructed: "The text of this version is reconstructed.",
		NoChanges:     "No changes between these revisions.", EditorialHidden: "editorial changes hidden",
		LastSubstance: "Last changed in substance", LastChanged: "Last changed", Unknown: "unknown",
		Paragraph:      "Paragraph",
		ClassSetByHand: "class set by hand",
		Status:         "Status",
		VersionN:       "Version %s", Pinned: "Permanent link (by commit hash)",
		Unreleased: "unreleased",
		Parts:      "Parts", PartOf: "Part %d of %d: changes %d–%d of %d", PrevPart: "previous part", NextPart: "next part",
		ops: map[align.OpKind]string{
			align.Added: "added", align.Removed: "removed", align.Modified: "modified",
			align.Moved: "moved", align.Split: "split", align.Merged: "merged",
			classify.OpFrontMatter: "metadata",
		},
		statuses: map[string]string{"added": "added", "removed": "removed", "modified": "modified", "renamed": "renamed", "unchanged": "unchanged"},
	},
	"nb": {
		Lang: "nb", Skip: "Hopp til innholdet",
		Timeline: "Versjoner", Versions: "Versjoner", Documents: "Dokumenter",
		Compare: "Sammenlign", History: "Historikk",
		From: "Fra", To: "Til", Show: "Vis",
		Page: "Side", AllPages: "alle sider",
		Language: "Språk", AllLanguages: "alle",
		AllChanges: "Alle endringer", SubstantiveOnly: "Bare vesentlige endringer",
		Inline: "I teksten", SideBySide: "Side ved side", View: "Visning",
		Substantive: "vesentlig", Editorial: "redaksjonell", NoneClass: "ingen endring",
		Before: "Før", After: "Etter",
		Inserted: "satt inn", Deleted: "slettet",
		Reasons: "Grunner", Topics: "Emner", Section: "Avsnitt", Lines: "linjer",
		Significance: "Vekt", Proof: "Bevis",
		Permalink: "Lenke til denne endringen", PublicPage: "publisert side", PageHistory: "historikk per avsnitt",
		CompareWithPrevious: "sammenlign med forrige versjon", CompareCommit: "sammenlign",
		Historical:    "Historisk versjon, fra før dokumentet kom under versjonskontroll.",
		Reconstructed: "Teksten i denne versjonen er rekonstruert.",
		NoChanges:     "Ingen endringer mellom disse revisjonene.", EditorialHidden: "redaksjonelle endringer skjult",
		LastSubstance: "Sist endret vesentlig", LastChanged: "Sist endret", Unknown: "ukjent",
		Paragraph:      "Avsnitt",
		ClassSetByHand: "klasse satt manuelt",
		Status:         "Status",
		VersionN:       "Versjon %s", Pinned: "Permanent lenke (med commit-hash)",
		Unreleased: "ikke utgitt",
		Parts:      "Deler", PartOf: "Del %d av %d: endring %d–%d av %d", PrevPart: "forrige del", NextPart: "neste del",
		ops: map[align.OpKind]string{
			align.Added: "lagt til", align.Removed: "fjernet", align.Modified: "endret",
			align.Moved: "flyttet", align.Split: "delt", align.Merged: "slått sammen",
			classify.OpFrontMatter: "metadata",
		},
		statuses: map[string]string{"added": "lagt til", "removed": "fjernet", "modified": "endret", "renamed": "omdøpt", "unchanged": "uendret"},
	},
}

func labelsFor(lang string) *labels {
	if l, ok := labelSets[lang]; ok {
		return l
	}
	return labelSets["en"]
}

// Class is a class as a word.
func (l *labels) Class(c classify.Class) string {
	switch c {
	case classify.Substantive:
		return l.Substantive
	case classify.Editorial:
		return l.Editorial
	}
	return l.NoneClass
}

// Op is an operation as a word.
func (l *labels) Op(k align.OpKind) string {
	if s, ok := l.ops[k]; ok {
		return s
	}
	return string(k)
}

// DocStatus is a document status as a word.
func (l *labels) DocStatus(s string) string {
	if w, ok := l.statuses[s]; ok {
		return w
	}
	return s
}

// ref puts a reference label from ResolveVersion ("version 2.5",
// "unreleased"; a commit or date stays as it is) into the page's language,
// written as it reads mid-sentence.
func (l *labels) ref(label string) string {
	if id, ok := strings.CutPrefix(label, "version "); ok {
		v := fmt.Sprintf(l.VersionN, id)
		return strings.ToLower(v[:1]) + v[1:]
	}
	if label == "unreleased" {
		return l.Unreleased
	}
	return label
}
