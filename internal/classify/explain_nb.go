package classify

import (
	"strconv"
	"strings"
)

// The bokmål explanation is written from the same reasons and evidence as
// the English one, so the two never disagree: only the words around the
// evidence change. Evidence (quoted text, link targets) stays verbatim,
// since it is the document's own text.

// classWordsNB are the class names as bokmål words, as the nb labels of
// the rendered pages spell them.
var classWordsNB = map[Class]string{
	None:        "ingen",
	Editorial:   "redaksjonell",
	Substantive: "vesentlig",
}

func classNB(c Class) string {
	if w, ok := classWordsNB[c]; ok {
		return w
	}
	return string(c)
}

// reasonPhrasesNB mirrors reasonPhrases; tagPhrasesNB is added by init.
var reasonPhrasesNB = map[string]string{
	ReasonProseAdded:        "tekst ble lagt til",
	ReasonProseRemoved:      "tekst ble fjernet",
	ReasonWording:           "ordlyden ble endret",
	ReasonHeadingRenumbered: "overskriften fikk nytt nummer",
	ReasonMoved:             "flyttet uendret",
	ReasonSpelling:          "stavemåten ble rettet",
	ReasonDoubledWord:       "et dobbelt ord ble fjernet",
	ReasonRephrased:         "omformulert uten nytt innhold",
	ReasonFunctionWords:     "bare en artikkel ble endret",
	ReasonInflection:        "en annen bøyningsform av samme ord",
	ReasonSynonym:           "et ord ble byttet med et synonym",
	ReasonSameReference:     "samme henvisning, skrevet på en annen måte",
	ReasonAntonym:           "et ord ble byttet med det motsatte",
	ReasonLinkDest:          "en lenke peker nå til en annen ressurs",
	ReasonShortcode:         "argumentene til en kortkode ble endret",
	ReasonMovedSection:      "flyttet til et annet avsnitt",
	ReasonTermCase:          "stor eller liten forbokstav ble endret midt i en setning, slik et definert begrep ville",
	ReasonTableColumns:      "kolonnene i tabellraden ble endret",
	ReasonPunctuation:       "tegnsettingen ble endret",
	ReasonCapitalisation:    "store og små bokstaver ble endret",
	ReasonTypography:        "stilen på anførselstegn eller tankestrek ble endret",
	ReasonLinkTarget:        "lenkemålet er skrevet på en annen måte",
	ReasonImageTarget:       "bildemålet er skrevet på en annen måte",
	ReasonFootnote:          "en fotnote eller kildehenvisning ble endret",
	ReasonFrontMatter:       "metadata ble endret",
	ReasonMarkup:            "bare formateringen ble endret",
	ReasonWhitespace:        "linjene er brutt om; ordene er uendret",
	// No English sentence names an override (release adds the reason after
	// the sentence is written); the phrase is here so every reason has one.
	ReasonOverride: "klassen ble satt for hånd",
}

var tagPhrasesNB = [nTags]string{
	"lovhenvisningen ble endret",
	"en nektelse ble endret",
	"modalverbet ble endret",
	"rollen ble endret",
	"behandlingsgrunnlaget ble endret",
	"behandlingsaktiviteten ble endret",
	"en dato ble endret",
	"en varighet ble endret",
	"et tall ble endret",
	"et navn ble endret",
}

func init() {
	for t := tag(0); t < nTags; t++ {
		reasonPhrasesNB[tagReasons[t]] = tagPhrasesNB[t]
	}
}

// explainNB is explain in bokmål: "<klasse>: <hva>: <bevis>", the other
// reasons in words after "også".
func explainNB(c Class, ev map[string]string) string {
	if len(ev) == 0 {
		return classNB(c) + ": ingen endring"
	}
	primary, others := primaryReason(ev)
	phrase := reasonPhrasesNB[primary]
	if len(others) == 0 {
		switch primary {
		case ReasonLinkTarget:
			phrase = "bare lenkemålet ble endret, til samme ressurs"
		case ReasonImageTarget:
			phrase = "bare bildemålet ble endret, til samme ressurs"
		case ReasonFootnote:
			phrase = "bare en fotnotehenvisning ble endret"
		}
	}
	s := classNB(c) + ": " + phrase
	if strings.HasPrefix(ev[primary], "a paragraph was") {
		s = classNB(c) + ": " + evidenceNB(ev[primary])
	} else if ev[primary] != "" {
		s += ": " + evidenceNB(ev[primary])
	}
	if len(others) > 0 {
		phrases := make([]string, len(others))
		for i, o := range others {
			phrases[i] = reasonPhrasesNB[o]
		}
		s += "; også: " + strings.Join(phrases, "; ")
	}
	return s
}

// cutWordCount cuts a trailing " (N word)" or " (N words)" off s, which
// every explanation is read for: s without it, and N.
func cutWordCount(s string) (rest, n string, ok bool) {
	t, ok := strings.CutSuffix(s, " word)")
	if !ok {
		if t, ok = strings.CutSuffix(s, " words)"); !ok {
			return s, "", false
		}
	}
	i := len(t)
	for i > 0 && t[i-1] >= '0' && t[i-1] <= '9' {
		i--
	}
	if i == len(t) || !strings.HasSuffix(t[:i], " (") {
		return s, "", false
	}
	return t[:i-2], t[i:], true
}

// evidenceNB translates the words redline itself puts into evidence — a
// word count, "(nothing)" for an empty side, the sentence of a whole
// paragraph — and leaves the quoted text alone. Only the end of the string
// is read for the count, where the evidence builders put it.
func evidenceNB(ev string) string {
	if rest, n, ok := cutWordCount(ev); ok {
		if verb, isPara := strings.CutPrefix(rest, "a paragraph was "); isPara && (verb == "added" || verb == "removed") {
			nb := "lagt til"
			if verb == "removed" {
				nb = "fjernet"
			}
			return "et avsnitt ble " + nb + " (" + n + " ord)"
		}
		ev = rest + " (" + n + " ord)"
	}
	if rest, ok := strings.CutPrefix(ev, "(nothing) -> "); ok {
		ev = "(ingenting) -> " + rest
	}
	if rest, ok := strings.CutSuffix(ev, " -> (nothing)"); ok {
		ev = rest + " -> (ingenting)"
	}
	return ev
}

// blockNounNB is blockNoun in bokmål, with its article.
func blockNounNB(noun string) string {
	switch noun {
	case "a list item":
		return "et listepunkt"
	case "a table row":
		return "en tabellrad"
	case "a code block":
		return "en kodeblokk"
	case "a quoted paragraph":
		return "et sitert avsnitt"
	case "an HTML block":
		return "en HTML-blokk"
	}
	return "et avsnitt"
}

// verbNB is the participle of "added" and "removed".
func verbNB(verb string) string {
	if verb == "removed" {
		return "fjernet"
	}
	return "lagt til"
}

func wordsNB(n int) string { return strconv.Itoa(n) + " ord" }

// explanations is the Change.Explanations value for a bokmål sentence.
func explanations(nb string) map[string]string {
	if nb == "" {
		return nil
	}
	return map[string]string{"nb": nb}
}

// quoteNB is quote with "(ingenting)" for an empty side.
func quoteNB(s string) string {
	if collapseSpace(s) == "" {
		return "(ingenting)"
	}
	return quote(s)
}
