package serve

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// labels are the words of the pages in one language: those the published
// outputs share (classes, operations, document states, version headings,
// overrides; see present.Labels) and the web view's own. The interface
// follows lang= when it is nb or en, else English.
type labels struct {
	*present.Labels
	Skip                                string
	Timeline, Versions, Documents       string
	Compare, History                    string
	From, To, Show                      string
	Page, AllPages                      string
	Language, AllLanguages              string
	AllChanges, SubstantiveOnly         string
	Inline, SideBySide, View            string
	Before, After                       string
	Inserted, Deleted                   string
	Section, Lines                      string
	Permalink, PublicPage, PageHistory  string
	CompareWithPrevious, CompareCommit  string
	NoChanges, EditorialHidden          string
	LastSubstance, LastChanged, Unknown string
	Paragraph                           string
	Significance, Proof                 string
	Status                              string
	Pinned                              string
	Parts, PartOf, PrevPart, NextPart   string
}

var labelSets = map[string]*labels{
	"en": {
		Labels: present.LabelsFor("en"), Skip: "Skip to content",
		Timeline: "Versions", Versions: "Versions", Documents: "Documents",
		Compare: "Compare", History: "History",
		From: "From", To: "To", Show: "Show",
		Page: "Page", AllPages: "all pages",
		Language: "Language", AllLanguages: "all",
		AllChanges: "All changes", SubstantiveOnly: "Substantive changes only",
		Inline: "Inline", SideBySide: "Side by side", View: "View",
		Before: "Before", After: "After",
		Inserted: "inserted", Deleted: "deleted",
		Section: "Section", Lines: "lines",
		Significance: "Significance", Proof: "Proof",
		Permalink: "Link to this change", PublicPage: "published page", PageHistory: "paragraph history",
		CompareWithPrevious: "compare with the previous version", CompareCommit: "compare",
		NoChanges: "No changes between these revisions.", EditorialHidden: "editorial changes hidden",
		LastSubstance: "Last changed in substance", LastChanged: "Last changed", Unknown: "unknown",
		Paragraph: "Paragraph",
		Status:    "Status",
		Pinned:    "Permanent link (by commit hash)",
		Parts:     "Parts", PartOf: "Part %d of %d: changes %d–%d of %d", PrevPart: "previous part", NextPart: "next part",
	},
	"nb": {
		Labels: present.LabelsFor("nb"), Skip: "Hopp til innholdet",
		Timeline: "Versjoner", Versions: "Versjoner", Documents: "Dokumenter",
		Compare: "Sammenlign", History: "Historikk",
		From: "Fra", To: "Til", Show: "Vis",
		Page: "Side", AllPages: "alle sider",
		Language: "Språk", AllLanguages: "alle",
		AllChanges: "Alle endringer", SubstantiveOnly: "Bare vesentlige endringer",
		Inline: "I teksten", SideBySide: "Side ved side", View: "Visning",
		Before: "Før", After: "Etter",
		Inserted: "satt inn", Deleted: "slettet",
		Section: "Avsnitt", Lines: "linjer",
		Significance: "Vekt", Proof: "Bevis",
		Permalink: "Lenke til denne endringen", PublicPage: "publisert side", PageHistory: "historikk per avsnitt",
		CompareWithPrevious: "sammenlign med forrige versjon", CompareCommit: "sammenlign",
		NoChanges: "Ingen endringer mellom disse revisjonene.", EditorialHidden: "redaksjonelle endringer skjult",
		LastSubstance: "Sist endret vesentlig", LastChanged: "Sist endret", Unknown: "ukjent",
		Paragraph: "Avsnitt",
		Status:    "Status",
		Pinned:    "Permanent lenke (med commit-hash)",
		Parts:     "Deler", PartOf: "Del %d av %d: endring %d–%d av %d", PrevPart: "forrige del", NextPart: "neste del",
	},
}

func labelsFor(lang string) *labels {
	if l, ok := labelSets[lang]; ok {
		return l
	}
	return labelSets["en"]
}

// ref puts a reference label from ResolveVersion ("version 2.5",
// "unreleased"; a commit or date stays as it is) into the page's language,
// written as it reads mid-sentence.
func (l *labels) ref(label string) string {
	if id, ok := strings.CutPrefix(label, "version "); ok {
		return lowerFirst(l.VersionTitle(id))
	}
	if label == release.UnreleasedID {
		return lowerFirst(l.Unreleased)
	}
	return label
}

// lowerFirst lower-cases a heading's first letter, for mid-sentence use.
func lowerFirst(s string) string {
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
