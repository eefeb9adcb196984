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
		Parts:     "Parts", PartOf: "Part %d of %d: changes %d–%d of %d", PrevPart: "previous part", NextPart: "next part",
		SubstantiveFirst: "Substantive changes are listed first: pages with one before pages with only editorial changes, and within a page before its editorial changes.",
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
		Parts:     "Deler", PartOf: "Del %d av %d: endring %d–%d av %d", PrevPart: "forrige del", NextPart: "neste del",
		SubstantiveFirst: "Vesentlige endringer står først: sider med en vesentlig endring før sider med bare redaksjonelle endringer, og på hver side før de redaksjonelle.",
	},
}

// HiddenCount says how many editorial changes a filter hides: "1
// redaksjonell endring skjult", "3 editorial changes hidden".
func (l *labels) HiddenCount(n int) string {
	return present.Count(n, l.EditorialHidden[0], l.EditorialHidden[1])
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
