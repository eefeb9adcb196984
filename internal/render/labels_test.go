package render

import (
	"testing"

	"github.com/digdir/redline/internal/present"
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
