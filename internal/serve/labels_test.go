package serve

import (
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/present"
)

// TestLabelsCoverPresent checks that the web view has its own words in
// every language the shared labels have, built on those labels.
func TestLabelsCoverPresent(t *testing.T) {
	if len(labelSets) != len(present.Languages) {
		t.Errorf("serve has labels in %d languages, present in %v", len(labelSets), present.Languages)
	}
	for _, lang := range present.Languages {
		l, ok := labelSets[lang]
		if !ok {
			t.Errorf("no serve labels for %s", lang)
			continue
		}
		if l.Labels != present.LabelsFor(lang) {
			t.Errorf("serve's %s labels are not built on present's", lang)
		}
	}
}

func TestRefMidSentence(t *testing.T) {
	nb, en := labelsFor("nb"), labelsFor("en")
	for _, c := range []struct{ got, want string }{
		{nb.ref("version 2.5_rc"), "versjon 2.5_rc"},
		{en.ref("version 2.5"), "version 2.5"},
		{nb.ref("unreleased"), "uutgitt"},
		{en.ref("unreleased"), "unreleased"},
		{nb.ref("HEAD (abc1234)"), "HEAD (abc1234)"},
		{nb.ref(""), ""},
	} {
		if c.got != c.want {
			t.Errorf("ref: got %q, want %q", c.got, c.want)
		}
	}
}

// Every word of every language is set: a missing one shows as a blank.
func TestEveryLabelSet(t *testing.T) {
	for lang, l := range labelSets {
		v := reflect.ValueOf(*l)
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			empty := f.Kind() == reflect.String && f.String() == ""
			if f.Kind() == reflect.Array {
				for j := 0; j < f.Len(); j++ {
					empty = empty || f.Index(j).String() == ""
				}
			}
			if empty {
				t.Errorf("%s: %s is empty", lang, v.Type().Field(i).Name)
			}
		}
	}
}
