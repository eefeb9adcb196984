package equiv

import (
	"regexp"
	"testing"
)

// The law index and the patterns are made when first used, so a law name
// given to two laws, or a pattern that does not compile, would fail in
// the middle of a run: make them all here.
func TestLazyTablesBuild(t *testing.T) {
	idx := lawIndex() // panics on a name given to two laws
	for _, l := range laws {
		if idx[lawKey(l.id)] != l.id {
			t.Errorf("law %s is not indexed under its id", l.id)
		}
	}
	if len(numberPrefixes()) == 0 {
		t.Error("no number prefixes")
	}
	for _, re := range []func() *regexp.Regexp{lovdataID, lovdataGDPRArticle, lovdataGDPRChapter, lovdataChapter, lovdataSection,
		celexNumber, eurLexAnchorRE, genericArticle, genericSection, genericOther, genericWeak, hugoShortcode} {
		re() // MustCompile panics on a pattern that does not compile
	}
}
