package classify

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/align"
)

// An added translation is one editorial change, explained in both
// languages, counting the paragraphs and words of the page (not its front
// matter), keeping the page's text, with a fingerprint that rests on the page's path alone.
func TestTranslation(t *testing.T) {
	const path, of = "content/dpia/summary/_index.en.md", "content/dpia/summary/_index.nb.md"
	in := DocumentDiff{
		Path: path, Lang: "en", Status: "added", TranslationOf: of, Class: Substantive,
		Changes: []Change{
			{Op: OpFrontMatter, Class: Substantive, New: &Side{Text: "title: Summary"}},
			{Op: align.Added, Class: Substantive, Reasons: []string{ReasonProseAdded}, New: &Side{Text: "Storage", Lines: [2]int{5, 5}}},
			{Op: align.Added, Class: Substantive, Reasons: []string{ReasonProseAdded}, New: &Side{Text: "Personal data is\nstored in Norway.", Lines: [2]int{7, 8}}},
			{Op: align.Removed, Class: Substantive, Old: &Side{Text: "not on the new page"}},
		},
		Notes: []string{"a note"},
	}
	d := Translation(in)

	if d.Path != path || d.Lang != "en" || d.Status != "added" || d.TranslationOf != of || !reflect.DeepEqual(d.Notes, in.Notes) {
		t.Errorf("the page's own fields changed: %+v", d)
	}
	if d.Class != Editorial || len(d.Changes) != 1 {
		t.Fatalf("class %s, %d changes; want one editorial change", d.Class, len(d.Changes))
	}
	c := d.Changes[0]
	if c.Op != align.Added || c.Class != Editorial || !reflect.DeepEqual(c.Reasons, []string{ReasonTranslation}) || ReasonTranslation != "translation" {
		t.Errorf("change %+v", c)
	}
	if want := "editorial: a translation of " + of + " was added (2 paragraphs, 7 words)"; c.Explanation != want {
		t.Errorf("explanation %q\nwant %q", c.Explanation, want)
	}
	if want := map[string]string{"nb": "redaksjonell: en oversettelse av " + of + " ble lagt til (2 avsnitt, 7 ord)"}; !reflect.DeepEqual(c.Explanations, want) {
		t.Errorf("explanations %q\nwant %q", c.Explanations, want)
	}
	if c.Topics == nil || len(c.Topics) != 0 || c.Section == nil || len(c.Section) != 0 || c.Anchor != "" || c.Old != nil || c.Override != nil {
		t.Errorf("change %+v: topics and section empty, not null; no old side", c)
	}
	// The new side is the page's text, for the views to show (folded).
	if c.New == nil || c.New.Text != "Storage\n\nPersonal data is\nstored in Norway." || c.New.Lines != [2]int{5, 8} || !WholePage(&c) {
		t.Errorf("new side %+v, want the page's paragraphs, lines 5-8", c.New)
	}
	want := []Proof{{Kind: ReasonTranslation, Old: of, New: path, By: "a page added beside its counterpart in another language; translation sync checks they keep in step"}}
	if !reflect.DeepEqual(c.Proofs, want) {
		t.Errorf("proofs %+v", c.Proofs)
	}

	// The fingerprint is the page's, whatever its content: an override
	// naming it keeps applying. It is the one published so far.
	sum := sha256.Sum256([]byte("translation\x00" + path))
	if c.Fingerprint != hex.EncodeToString(sum[:6]) || c.Fingerprint != "019306560d23" {
		t.Errorf("fingerprint %q", c.Fingerprint)
	}
	if other := Translation(DocumentDiff{Path: path, TranslationOf: of}); other.Changes[0].Fingerprint != c.Fingerprint {
		t.Errorf("fingerprint %q for other content, want %q", other.Changes[0].Fingerprint, c.Fingerprint)
	}
	if other := Translation(DocumentDiff{Path: of, TranslationOf: path}); other.Changes[0].Fingerprint == c.Fingerprint {
		t.Errorf("two pages share the fingerprint %q", c.Fingerprint)
	}
	if in.Changes[1].Class != Substantive || len(in.Changes) != 4 {
		t.Error("Translation changed its argument's changes")
	}
}
