package render

import (
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// TestLabelsCoverPresent checks that the published outputs have their own
// words in every language the shared labels have, built on those labels.
func TestLabelsCoverPresent(t *testing.T) {
	if len(labelSets) != len(present.Languages) {
		t.Errorf("render has labels in %d languages, present in %v", len(labelSets), present.Languages)
	}
	for _, lang := range present.Languages {
		l, ok := labelSets[lang]
		if !ok {
			t.Errorf("no render labels for %s", lang)
			continue
		}
		if l.Labels != present.LabelsFor(lang) {
			t.Errorf("render's %s labels are not built on present's", lang)
		}
	}
}

// Every word of every language is set: a missing one shows as a blank.
func TestEveryLabelSet(t *testing.T) {
	for lang, l := range labelSets {
		v := reflect.ValueOf(*l)
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Kind() == reflect.String && f.String() == "" {
				t.Errorf("%s: %s is empty", lang, v.Type().Field(i).Name)
			}
		}
	}
}

func TestCountsAgree(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    release.Counts
		want string
	}{
		{"nb", release.Counts{Substantive: 7, Editorial: 6}, "7 vesentlige, 6 redaksjonelle"},
		{"nb", release.Counts{Substantive: 1, Editorial: 1}, "1 vesentlig, 1 redaksjonell"},
		{"nb", release.Counts{}, "0 vesentlige, 0 redaksjonelle"},
		{"en", release.Counts{Substantive: 2, Editorial: 1}, "2 substantive, 1 editorial"},
	} {
		if got := labelsFor(c.lang).counts(c.n); got != c.want {
			t.Errorf("%s %+v: got %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	nb := labelsFor("nb")
	if got := nb.reasons([]string{"prose-added", "brand-new"}); got != "tekst lagt til, brand-new" {
		t.Errorf("reasons: %q", got)
	}
	if got := nb.topics([]string{"adequacy-decision"}); got != "adekvansbeslutning" {
		t.Errorf("topics: %q", got)
	}
}
