package present

import (
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
)

// The ops a change can have, and the statuses a document can have
// (history's added, removed, modified, renamed; classify's unchanged).
var (
	allOps      = []align.OpKind{align.Added, align.Removed, align.Modified, align.Moved, align.Split, align.Merged, classify.OpFrontMatter}
	allStatuses = []string{"added", "removed", "modified", "renamed", "unchanged"}
)

func TestLabelsComplete(t *testing.T) {
	if len(Languages) != len(labelSets) {
		t.Errorf("Languages = %v, but labels exist for %d", Languages, len(labelSets))
	}
	for _, lang := range Languages {
		if !HasLabels(lang) {
			t.Fatalf("no labels for %s", lang)
		}
		l := LabelsFor(lang)
		if l.Lang != lang {
			t.Errorf("LabelsFor(%q).Lang = %q", lang, l.Lang)
		}
		for _, s := range []string{l.Substantive, l.Editorial, l.NoneClass, l.Reasons, l.Topics, l.Historical,
			l.Reconstructed, l.VersionN, l.Unreleased, l.OverrideN, l.SourceTrailer, l.SourceFile} {
			if s == "" {
				t.Errorf("%s: a label is empty: %+v", lang, *l)
			}
		}
		classes := map[string]bool{}
		for _, c := range []classify.Class{classify.Substantive, classify.Editorial, classify.None} {
			w := l.Class(c)
			if w == "" || classes[w] {
				t.Errorf("%s: class %q is %q", lang, c, w)
			}
			classes[w] = true
		}
		ops := map[string]bool{}
		for _, k := range allOps {
			w, ok := l.ops[k]
			if !ok || w == "" || ops[w] {
				t.Errorf("%s: op %q has no word of its own (%q)", lang, k, w)
			}
			ops[w] = true
		}
		states := map[string]bool{}
		for _, s := range allStatuses {
			w, ok := l.statuses[s]
			if !ok || w == "" || states[w] {
				t.Errorf("%s: status %q has no word of its own (%q)", lang, s, w)
			}
			states[w] = true
		}
		if got := l.VersionTitle("2.5"); !strings.Contains(got, "2.5") {
			t.Errorf("%s: VersionTitle(2.5) = %q", lang, got)
		}
		if got := l.VersionTitle("unreleased"); got != l.Unreleased {
			t.Errorf("%s: VersionTitle(unreleased) = %q", lang, got)
		}
	}
}

func TestLabelsWords(t *testing.T) {
	nb, en := LabelsFor("nb"), LabelsFor("en")
	for _, c := range []struct{ got, want string }{
		{nb.Class(classify.Substantive), "vesentlig"},
		{en.Class(classify.Editorial), "editorial"},
		{nb.Class(classify.None), "ingen endring"},
		{en.Class(""), "no change"},
		{en.Class("bogus"), "no change"},
		{nb.Op(align.Merged), "slått sammen"},
		{en.Op(classify.OpFrontMatter), "metadata"},
		{nb.Op(classify.OpFrontMatter), "metadata"},
		{en.Op(align.Equal), "equal"}, // no word: its name
		{nb.DocStatus("renamed"), "omdøpt"},
		{en.DocStatus("copied"), "copied"},
		{nb.VersionTitle("2.5_rc"), "Versjon 2.5_rc"},
		{en.VersionTitle("unreleased"), "Unreleased"},
		{nb.VersionTitle("unreleased"), "Uutgitt"},
		{nb.OverrideLine(&classify.Override{From: classify.Editorial, Source: "trailer", Reason: "ny behandling"}),
			"klasse satt manuelt (Change-Class-trailer; reglene ga redaksjonell): ny behandling"},
		{en.OverrideLine(&classify.Override{From: classify.Substantive, Source: "overrides-file", Reason: "typo"}),
			"class set by hand (overrides file; the rules said substantive): typo"},
		{en.OverrideLine(&classify.Override{From: classify.None, Source: "other", Reason: "r"}),
			"class set by hand (other; the rules said no change): r"},
		{en.OverrideLine(nil), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestLabelsFallBackToEnglish(t *testing.T) {
	for _, lang := range []string{"nn", "se", "de", "", "NB", "nb-NO"} {
		if HasLabels(lang) {
			t.Errorf("HasLabels(%q)", lang)
		}
		if l := LabelsFor(lang); l.Lang != "en" {
			t.Errorf("LabelsFor(%q) is %s, want en", lang, l.Lang)
		}
	}
}

func TestExplanation(t *testing.T) {
	c := &classify.Change{Explanation: "A sentence.", Explanations: map[string]string{"nb": "En setning."}}
	if got := LabelsFor("nb").Explanation(c); got != "En setning." {
		t.Errorf("nb: %q", got)
	}
	if got := LabelsFor("en").Explanation(c); got != "A sentence." {
		t.Errorf("en: %q", got)
	}
	c.Explanations = map[string]string{"nb": ""}
	if got := LabelsFor("nb").Explanation(c); got != "A sentence." {
		t.Errorf("nb without its sentence: %q", got)
	}
}
