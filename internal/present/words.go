package present

import (
	"strconv"
	"time"
)

// Count says how many of a thing there are, with the noun or adjective in
// the form the number asks for: one for exactly 1, many for any other
// number (0 included: "0 vesentlige", "0 changes"). It holds for both
// Norwegian bokmål and English.
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// SubstantiveCount is a number of substantive changes: "1 vesentlig",
// "7 vesentlige".
func (l *Labels) SubstantiveCount(n int) string {
	return Count(n, l.Substantive, l.substantiveMany)
}

// EditorialCount is a number of editorial changes: "1 redaksjonell",
// "6 redaksjonelle".
func (l *Labels) EditorialCount(n int) string {
	return Count(n, l.Editorial, l.editorialMany)
}

// ChangeCount is a number of changes: "1 endring", "2 endringer".
func (l *Labels) ChangeCount(n int) string {
	return Count(n, l.change, l.changes)
}

// Day is a date as a reader of the language writes it: "1. mars 2024",
// "1 March 2024". The zero time is "".
func (l *Labels) Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if l.Lang == "nb" {
		return strconv.Itoa(t.Day()) + ". " + monthsNB[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return strconv.Itoa(t.Day()) + " " + t.Month().String() + " " + strconv.Itoa(t.Year())
}

// Date is an ISO date ("2024-03-01") as a reader of the language writes it
// (see Day). Anything that is not an ISO date is returned as it is, so a
// changelog's free-form date still shows.
func (l *Labels) Date(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return l.Day(t)
}

var monthsNB = [12]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}

// Reason is a reason code (classify.Reason*) as words; a code without
// words (a new one, or one from elsewhere) is shown as it is.
func (l *Labels) Reason(code string) string {
	if s := l.reasons[code]; s != "" {
		return s
	}
	return code
}

// Topic is a topic (the keys of topics: in classify's rules.yaml) as
// words; a topic without words (one a project's configuration adds) is
// shown as it is.
func (l *Labels) Topic(code string) string {
	if s := l.topics[code]; s != "" {
		return s
	}
	return code
}

// Reasons and topics as words, per language. Every reason constant in
// internal/classify and every topic in its rules.yaml has both; a test
// checks it.
var (
	reasonsNB = map[string]string{
		"whitespace":         "mellomrom og linjeskift",
		"markup":             "formatering",
		"link-target":        "lenkemål",
		"image-target":       "bildemål",
		"capitalisation":     "store og små bokstaver",
		"punctuation":        "tegnsetting",
		"spelling":           "rettskriving",
		"typography":         "typografi",
		"doubled-word":       "dobbelt ord",
		"heading-renumbered": "overskrift nummerert på nytt",
		"moved":              "flyttet",
		"footnote":           "fotnote",
		"front-matter":       "sideoppsett (front matter)",
		"function-words":     "artikler",
		"rephrased":          "omformulert",
		"inflection":         "bøyningsform",
		"synonym":            "synonym",
		"same-reference":     "samme referanse",
		"translation":        "oversettelse",
		"number":             "tall",
		"date":               "dato",
		"duration":           "varighet",
		"negation":           "nektelse",
		"modal":              "modalverb",
		"legal-reference":    "lovhenvisning",
		"role":               "rolle",
		"legal-basis":        "behandlingsgrunnlag",
		"processing":         "behandling av personopplysninger",
		"name":               "navn",
		"prose-added":        "tekst lagt til",
		"prose-removed":      "tekst fjernet",
		"wording":            "ordlyd",
		"antonym":            "motsatt ord",
		"link-destination":   "ny lenkeadresse",
		"shortcode":          "kortkode",
		"moved-section":      "flyttet til et annet avsnitt",
		"term-capitalised":   "begrep med stor forbokstav",
		"table-columns":      "tabellkolonner",
		"override":           "satt manuelt",
		"page-published":     "side publisert",
		"page-removed":       "side fjernet",
	}
	reasonsEN = map[string]string{
		"whitespace":         "whitespace and line breaks",
		"markup":             "formatting",
		"link-target":        "link target",
		"image-target":       "image target",
		"capitalisation":     "capitalisation",
		"punctuation":        "punctuation",
		"spelling":           "spelling",
		"typography":         "typography",
		"doubled-word":       "doubled word",
		"heading-renumbered": "heading renumbered",
		"moved":              "moved",
		"footnote":           "footnote",
		"front-matter":       "front matter",
		"function-words":     "articles",
		"rephrased":          "rephrased",
		"inflection":         "inflection",
		"synonym":            "synonym",
		"same-reference":     "same reference",
		"translation":        "translation",
		"number":             "number",
		"date":               "date",
		"duration":           "duration",
		"negation":           "negation",
		"modal":              "modal verb",
		"legal-reference":    "legal reference",
		"role":               "role",
		"legal-basis":        "legal basis",
		"processing":         "processing of personal data",
		"name":               "name",
		"prose-added":        "text added",
		"prose-removed":      "text removed",
		"wording":            "wording",
		"antonym":            "opposite word",
		"link-destination":   "new link destination",
		"shortcode":          "shortcode",
		"moved-section":      "moved to another section",
		"term-capitalised":   "term capitalised",
		"table-columns":      "table columns",
		"override":           "set by hand",
		"page-published":     "page published",
		"page-removed":       "page removed",
	}
	topicsNB = map[string]string{
		"adequacy-decision": "adekvansbeslutning",
		"schrems-ii":        "Schrems II",
		"subprocessors":     "underdatabehandlere",
		"legal-basis":       "behandlingsgrunnlag",
		"transfers":         "overføring av personopplysninger",
	}
	topicsEN = map[string]string{
		"adequacy-decision": "adequacy decision",
		"schrems-ii":        "Schrems II",
		"subprocessors":     "subprocessors",
		"legal-basis":       "legal basis",
		"transfers":         "transfers of personal data",
	}
)

// Grouped writes n with commas between groups of three digits
// ("4,857"), as English progress lines and comments show counts.
func Grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return s
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}
