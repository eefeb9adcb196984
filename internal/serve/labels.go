package serve

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// labels are the words of the pages in one language: those the published
// outputs share (classes, operations, document states, version headings,
// overrides; see present.Labels) and the web view's own. The interface
// follows ui= when it is nb or en, else lang= (which also filters the
// documents shown), else English.
type labels struct {
	*present.Labels
	Skip                          string
	Timeline, Versions, Documents string
	Compare, History              string
	From, To, Show                string
	Page, AllPages                string
	// Language names the language switches; Documents labels the
	// filter of documents by language, Interface the switch of the
	// interface's language.
	Language, Interface                string
	AllDocuments, NorwegianDocuments   string
	EnglishDocuments                   string
	AllChanges, SubstantiveOnly        string
	Inline, SideBySide, View           string
	Before, After                      string
	Inserted, Deleted                  string
	Section, Lines                     string
	Permalink, PublicPage, PageHistory string
	CompareWithPrevious, CompareCommit string
	NoChanges                          string
	// EditorialHidden is a number of editorial changes hidden, one and
	// many (see HiddenCount).
	EditorialHidden                     [2]string
	LastSubstance, LastChanged, Unknown string
	Paragraph                           string
	Significance, Proof                 string
	Status                              string
	Pinned                              string
	Parts, PartOf, PrevPart, NextPart   string
	SubstantiveFirst                    string

	// The timeline's filters and pages, and the list of documents.
	Filter, FilterButton, ClearFilters  string
	FiltersInUse, RemoveFilter          string
	Document, ChangeKind                string
	AnyClass, WithSubstantive           string
	EditorialOnly, DocumentLanguage     string
	Since, Until, DateOrVersion, Search string
	SearchHint, PathSearchHint          string
	NoMatch, NoDocumentMatch, Continued string
	DocumentsTitle, DocumentsWithCounts string
	Revisions, SubstantiveChanges       string
	EditorialChanges, SortBy, Removed   string
	Pages, PrevPage, NextPage           string
	// PageOf is "Page %s of %s"; the ranges say which items a page
	// holds, one and many ("revision %s", "revisions %s–%s").
	PageOf                       string
	RevisionRange, DocumentRange [2]string
	// Counts of revisions and documents, one and many; MatchingN is
	// "Matching: %s of %s" (a number, then a count of all).
	RevisionForms, DocumentForms [2]string
	MatchingN, AndMore           string
	// KeysN is the keyboard hint, with the thing j and k move between.
	KeysN                               string
	KeyRevision, KeyDocument, KeyChange string
	KeyParagraph                        string
	// The compare's parts and search.
	PartN, InThisPart, ContinuedPart string
	ContinuesNext, CompareSearchHint string
}

var labelSets = map[string]*labels{
	"en": {
		Labels: present.LabelsFor("en"), Skip: "Skip to content",
		Timeline: "Versions", Versions: "Versions", Documents: "Documents",
		Compare: "Compare", History: "History",
		From: "From", To: "To", Show: "Show",
		Page: "Page", AllPages: "all pages",
		Language: "Language", Interface: "Interface language",
		AllDocuments: "all", NorwegianDocuments: "Norwegian", EnglishDocuments: "English",
		AllChanges: "All changes", SubstantiveOnly: "Substantive changes only",
		Inline: "Inline", SideBySide: "Side by side", View: "View",
		Before: "Before", After: "After",
		Inserted: "inserted", Deleted: "deleted",
		Section: "Section", Lines: "lines",
		Significance: "Significance", Proof: "Proof",
		Permalink: "Link to this change", PublicPage: "published page", PageHistory: "paragraph history",
		CompareWithPrevious: "compare with the previous version", CompareCommit: "compare",
		NoChanges: "No changes between these revisions.", EditorialHidden: [2]string{"editorial change hidden", "editorial changes hidden"},
		LastSubstance: "Last changed in substance", LastChanged: "Last changed", Unknown: "unknown",
		Paragraph: "Paragraph",
		Status:    "Status",
		Pinned:    "Permanent link (by commit hash)",
		Parts:     "Parts", PartOf: "Part %s of %s: changes %s–%s of %s", PrevPart: "previous part", NextPart: "next part",
		SubstantiveFirst: "Substantive changes are listed first: pages with one before pages with only editorial changes, and within a page before its editorial changes.",
		Filter:           "Filter revisions", FilterButton: "Filter", ClearFilters: "Clear all filters",
		FiltersInUse: "Filters", RemoveFilter: "remove this filter",
		Document: "Document", ChangeKind: "Changes",
		AnyClass: "all", WithSubstantive: "with a substantive change", EditorialOnly: "editorial only",
		DocumentLanguage: "Language of documents",
		Since:            "From", Until: "Until", DateOrVersion: "a date (2024-03-01), version or commit",
		Search: "Search", SearchHint: "words in subjects, paths and changed text", PathSearchHint: "words in the path",
		NoMatch: "No revision matches these filters.", NoDocumentMatch: "No document matches these filters.",
		Continued:      "continued from the previous page",
		DocumentsTitle: "Documents", DocumentsWithCounts: "list with counts",
		Revisions: "Revisions", SubstantiveChanges: "Substantive changes", EditorialChanges: "Editorial changes",
		SortBy: "Sort by", Removed: "not in the current version",
		Pages: "Pages", PrevPage: "previous page", NextPage: "next page",
		PageOf:        "Page %s of %s",
		RevisionRange: [2]string{"revision %s", "revisions %s–%s"}, DocumentRange: [2]string{"document %s", "documents %s–%s"},
		RevisionForms: [2]string{"revision", "revisions"}, DocumentForms: [2]string{"document", "documents"},
		MatchingN: "Matching: %s of %s", AndMore: "and %s more",
		KeysN:       "Keys: j / k next / previous %s · n / p next / previous page",
		KeyRevision: "revision", KeyDocument: "document", KeyChange: "change", KeyParagraph: "paragraph",
		PartN: "part %s of %s", InThisPart: "In this part", ContinuedPart: "continued from the previous part",
		ContinuesNext: "continues in the next part", CompareSearchHint: "words in paths, headings and changed text",
	},
	"nb": {
		Labels: present.LabelsFor("nb"), Skip: "Hopp til innholdet",
		Timeline: "Versjoner", Versions: "Versjoner", Documents: "Dokumenter",
		Compare: "Sammenlign", History: "Historikk",
		From: "Fra", To: "Til", Show: "Vis",
		Page: "Side", AllPages: "alle sider",
		Language: "Språk", Interface: "Språk i visningen",
		AllDocuments: "alle", NorwegianDocuments: "norske", EnglishDocuments: "engelske",
		AllChanges: "Alle endringer", SubstantiveOnly: "Bare vesentlige endringer",
		Inline: "I teksten", SideBySide: "Side ved side", View: "Visning",
		Before: "Før", After: "Etter",
		Inserted: "satt inn", Deleted: "slettet",
		Section: "Avsnitt", Lines: "linjer",
		Significance: "Vekt", Proof: "Bevis",
		Permalink: "Lenke til denne endringen", PublicPage: "publisert side", PageHistory: "historikk per avsnitt",
		CompareWithPrevious: "sammenlign med forrige versjon", CompareCommit: "sammenlign",
		NoChanges: "Ingen endringer mellom disse revisjonene.", EditorialHidden: [2]string{"redaksjonell endring skjult", "redaksjonelle endringer skjult"},
		LastSubstance: "Sist endret vesentlig", LastChanged: "Sist endret", Unknown: "ukjent",
		Paragraph: "Avsnitt",
		Status:    "Status",
		Pinned:    "Permanent lenke (med commit-hash)",
		Parts:     "Deler", PartOf: "Del %s av %s: endring %s–%s av %s", PrevPart: "forrige del", NextPart: "neste del",
		SubstantiveFirst: "Vesentlige endringer står først: sider med en vesentlig endring før sider med bare redaksjonelle endringer, og på hver side før de redaksjonelle.",
		Filter:           "Filtrer revisjonene", FilterButton: "Filtrer", ClearFilters: "Fjern alle filtrene",
		FiltersInUse: "Filtre", RemoveFilter: "fjern dette filteret",
		Document: "Dokument", ChangeKind: "Endringer",
		AnyClass: "alle", WithSubstantive: "med en vesentlig endring", EditorialOnly: "bare redaksjonelle",
		DocumentLanguage: "Dokumentenes språk",
		Since:            "Fra", Until: "Til og med", DateOrVersion: "en dato (2024-03-01), versjon eller commit",
		Search: "Søk", SearchHint: "ord i emnelinjer, stier og endret tekst", PathSearchHint: "ord i stien",
		NoMatch: "Ingen revisjoner passer med disse filtrene.", NoDocumentMatch: "Ingen dokumenter passer med disse filtrene.",
		Continued:      "fortsetter fra forrige side",
		DocumentsTitle: "Dokumenter", DocumentsWithCounts: "liste med antall endringer",
		Revisions: "Revisjoner", SubstantiveChanges: "Vesentlige endringer", EditorialChanges: "Redaksjonelle endringer",
		SortBy: "Sorter etter", Removed: "ikke i gjeldende versjon",
		Pages: "Sider", PrevPage: "forrige side", NextPage: "neste side",
		PageOf:        "Side %s av %s",
		RevisionRange: [2]string{"revisjon %s", "revisjonene %s–%s"}, DocumentRange: [2]string{"dokument %s", "dokumentene %s–%s"},
		RevisionForms: [2]string{"revisjon", "revisjoner"}, DocumentForms: [2]string{"dokument", "dokumenter"},
		MatchingN: "Treff: %s av %s", AndMore: "og %s til",
		KeysN:       "Taster: j / k neste / forrige %s · n / p neste / forrige side",
		KeyRevision: "revisjon", KeyDocument: "dokument", KeyChange: "endring", KeyParagraph: "avsnitt",
		PartN: "del %s av %s", InThisPart: "I denne delen", ContinuedPart: "fortsetter fra forrige del",
		ContinuesNext: "fortsetter i neste del", CompareSearchHint: "ord i stier, overskrifter og endret tekst",
	},
}

// HiddenCount says how many editorial changes a filter hides: "1
// redaksjonell endring skjult", "3 editorial changes hidden".
func (l *labels) HiddenCount(n int) string {
	return l.count(n, l.EditorialHidden)
}

// Num writes a number as the language groups its digits: "4,853" and
// "23,104"; in Norwegian "4853" and "23 104" (a space, not breaking the
// line, from five digits on).
func (l *labels) Num(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	if l.Lang != "nb" {
		return present.Grouped(int64(n))
	}
	if len(s) < 5 {
		return s
	}
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u00a0")
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// count is n with the noun in the form n asks for: "1 revisjon", "4853
// revisjoner".
func (l *labels) count(n int, forms [2]string) string {
	if n == 1 {
		return "1 " + forms[0]
	}
	return l.Num(n) + " " + forms[1]
}

// grouped writes the number a count from present starts with as the
// language groups digits: "109,154 substantive", "23 104 vesentlige".
func (l *labels) grouped(n int, s string) string {
	if rest, ok := strings.CutPrefix(s, strconv.Itoa(n)); ok {
		return l.Num(n) + rest
	}
	return s
}

// SubstantiveCount is present's, with the digits grouped.
func (l *labels) SubstantiveCount(n int) string { return l.grouped(n, l.Labels.SubstantiveCount(n)) }

// EditorialCount is present's, with the digits grouped.
func (l *labels) EditorialCount(n int) string { return l.grouped(n, l.Labels.EditorialCount(n)) }

// DocumentCount is a number of documents: "1 dokument", "134 dokumenter".
func (l *labels) DocumentCount(n int) string { return l.count(n, l.DocumentForms) }

// MoreDocuments says how many documents a list leaves out: "and 3 more".
func (l *labels) MoreDocuments(n int) string { return fmt.Sprintf(l.AndMore, l.Num(n)) }

// Matching says how many revisions a filter keeps, of how many: "Matching:
// 12 of 4,853 revisions"; unfiltered, the count alone.
func (l *labels) Matching(n, total int, filtered bool) string {
	if !filtered {
		return l.count(total, l.RevisionForms)
	}
	return fmt.Sprintf(l.MatchingN, l.Num(n), l.count(total, l.RevisionForms))
}

// MatchingDocuments is Matching for documents.
func (l *labels) MatchingDocuments(n, total int, filtered bool) string {
	if !filtered {
		return l.count(total, l.DocumentForms)
	}
	return fmt.Sprintf(l.MatchingN, l.Num(n), l.count(total, l.DocumentForms))
}

// PageSummary says where a page is in a long list: "Page 3 of 49:
// revisions 201–300"; rng is RevisionRange or DocumentRange.
func (l *labels) PageSummary(part, pages, from, to int, rng [2]string) string {
	s := fmt.Sprintf(l.PageOf, l.Num(part), l.Num(pages)) + ": "
	if from == to {
		return s + fmt.Sprintf(rng[0], l.Num(from))
	}
	return s + fmt.Sprintf(rng[1], l.Num(from), l.Num(to))
}

// KeysFor is the keyboard hint of a page whose items are what.
func (l *labels) KeysFor(what string) string { return fmt.Sprintf(l.KeysN, what) }

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

// proofByNB says in Norwegian what the classifier's proofs rest on: the
// fixed texts of internal/classify (a rule, a built-in list, the
// configuration) by their English wording.
var proofByNB = map[string]string{
	"the same words in the same section":                      "de samme ordene i samme avsnitt",
	"the same section":                                        "samme avsnitt",
	"a key that sets how the page is built, not what it says": "en nøkkel som styrer hvordan siden bygges, ikke hva den sier",
	"a link to a page taken off words that stay":              "en lenke til en side tatt bort fra ord som blir stående",
	"a link to a page put on words that were there":           "en lenke til en side lagt på ord som stod der fra før",
	"the same resource":                                       "den samme ressursen",
	"articles":                                                "artikler",
	"a page added beside its counterpart in another language; translation sync checks they keep in step": "en side lagt til ved siden av den tilsvarende siden på et annet språk; oversettelseskontrollen sjekker at de holder tritt",
	"the same words, wrapped otherwise":    "de samme ordene, brutt på andre steder",
	"the same words, formatted otherwise":  "de samme ordene, formatert på en annen måte",
	"a section number":                     "et avsnittsnummer",
	"the same characters in another style": "de samme tegnene i en annen skrivemåte",
	"a footnote label":                     "en fotnotemerking",
	"the start of a sentence":              "starten på en setning",
	"the text's case restyled as a whole":  "store og små bokstaver endret i hele teksten",
	"an abbreviation":                      "en forkortelse",
	"a name, not a word of the dictionary": "et navn, ikke et ord i ordboka",
	"date":                                 "dato",
	"legal reference":                      "lovhenvisning",
	"law":                                  "lov",
	"number":                               "tall",
	"ordinal":                              "ordenstall",
	"acronym":                              "akronym",
	"contraction":                          "sammentrekning",
	"possessive":                           "genitiv",
	"dictionary":                           "ordboka",
	"thesaurus":                            "synonymordboka",
	"redline.yaml aliases":                 "aliasene i redline.yaml",
	"redline.yaml synonyms":                "synonymene i redline.yaml",
	"redline's synonym list":               "redlines synonymliste",
}

// proofFramesNB put the texts with a variable part (a lexicon's name, a
// quoted term, a vocabulary list) into Norwegian: the English frame's
// prefix and suffix, and the Norwegian ones around the same variable part.
var proofFramesNB = []struct{ prefix, suffix, nbPrefix, nbSuffix string }{
	{"hunspell ", "", "ordboka hunspell ", ""},
	{"MyThes ", "", "synonymordboka MyThes ", ""},
	{"another name for ", "", "et annet navn for ", ""},
	{"redline's ", " vocabulary", "redlines ordliste ", ""},
}

// ProofKind names a kind of proof in the page's language, or "" when the
// reason code says it (English) or no name is known.
func (l *labels) ProofKind(kind string) string {
	if l.Lang != "nb" {
		return ""
	}
	if s := l.Reason(kind); s != kind {
		return s
	}
	return ""
}

// ProofBy says what a proof rests on in the page's language. A text not
// known falls back to the English one.
func (l *labels) ProofBy(by string) string {
	if l.Lang != "nb" || by == "" {
		return by
	}
	if s, ok := proofByNB[by]; ok {
		return s
	}
	for _, f := range proofFramesNB {
		if mid, ok := strings.CutPrefix(by, f.prefix); ok {
			if mid, ok = strings.CutSuffix(mid, f.suffix); ok && mid != "" {
				return f.nbPrefix + mid + f.nbSuffix
			}
		}
	}
	return by
}
