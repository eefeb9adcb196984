package classify

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/align"
)

// A page added is one substantive change, explained in both languages,
// counting its paragraphs and words, keeping its text (to expand), the
// union of its paragraphs' topics and the highest significance, with a
// fingerprint that rests on the page's path alone.
func TestPublished(t *testing.T) {
	const path = "content/dpia/transfer/_index.nb.md"
	in := DocumentDiff{
		Path: path, Lang: "nb", Status: "added", Class: Substantive,
		Changes: []Change{
			{Op: OpFrontMatter, Class: Substantive, New: &Side{Text: "title: Overføring"}},
			{Op: align.Added, Class: Editorial, Reasons: []string{ReasonProseAdded}, Topics: []string{}, New: &Side{Text: "Overføring", Lines: [2]int{5, 5}}},
			{Op: align.Added, Class: Substantive, Reasons: []string{ReasonProseAdded}, Topics: []string{"adequacy-decision", "transfer"},
				New: &Side{Text: "Overføringen bygger på\nadekvansbeslutningen.", Lines: [2]int{7, 8}}, Significance: 0.4},
			{Op: align.Added, Class: Substantive, Reasons: []string{ReasonProseAdded}, Topics: []string{"transfer", "gdpr"},
				New: &Side{Text: "GDPR gjelder.", Lines: [2]int{10, 10}}, Significance: 0.7},
		},
		Notes: []string{"a note"},
	}
	d := Published(in)

	if d.Path != path || d.Lang != "nb" || d.Status != "added" || !reflect.DeepEqual(d.Notes, in.Notes) {
		t.Errorf("the page's own fields changed: %+v", d)
	}
	if d.Class != Substantive || len(d.Changes) != 1 {
		t.Fatalf("class %s, %d changes; want one substantive change", d.Class, len(d.Changes))
	}
	c := d.Changes[0]
	if c.Op != align.Added || c.Class != Substantive || !reflect.DeepEqual(c.Reasons, []string{ReasonPagePublished}) || ReasonPagePublished != "page-published" {
		t.Errorf("change %+v", c)
	}
	if want := "substantive: the page was published (3 paragraphs, 7 words)"; c.Explanation != want {
		t.Errorf("explanation %q\nwant %q", c.Explanation, want)
	}
	if want := map[string]string{"nb": "vesentlig: siden ble publisert (3 avsnitt, 7 ord)"}; !reflect.DeepEqual(c.Explanations, want) {
		t.Errorf("explanations %q\nwant %q", c.Explanations, want)
	}
	want := &Side{Text: "Overføring\n\nOverføringen bygger på\nadekvansbeslutningen.\n\nGDPR gjelder.", Lines: [2]int{5, 10}}
	if !reflect.DeepEqual(c.New, want) || c.Old != nil {
		t.Errorf("sides old %+v new %+v; want new %+v", c.Old, c.New, want)
	}
	if !reflect.DeepEqual(c.Topics, []string{"adequacy-decision", "transfer", "gdpr"}) {
		t.Errorf("topics %q: want the union of the paragraphs'", c.Topics)
	}
	if c.Significance != 0.7 {
		t.Errorf("significance %v, want the highest, 0.7", c.Significance)
	}
	if c.Section == nil || len(c.Section) != 0 || c.Anchor != "" || c.Override != nil || c.Proofs != nil {
		t.Errorf("change %+v: section empty, not null; no anchor, override or proofs", c)
	}

	sum := sha256.Sum256([]byte("page-published\x00" + path))
	if c.Fingerprint != hex.EncodeToString(sum[:6]) {
		t.Errorf("fingerprint %q", c.Fingerprint)
	}
	other := Published(DocumentDiff{Path: path, Changes: []Change{{Op: align.Added, New: &Side{Text: "Annet."}}}})
	if len(other.Changes) != 1 || other.Changes[0].Fingerprint != c.Fingerprint {
		t.Errorf("fingerprint %+v for other content, want %q", other.Changes, c.Fingerprint)
	}
	if e := other.Changes[0].Explanation; e != "substantive: the page was published (1 paragraph, 1 word)" {
		t.Errorf("explanation %q", e)
	}
	if in.Changes[1].Class != Editorial || len(in.Changes) != 4 {
		t.Error("Published changed its argument's changes")
	}

	// A page with no paragraphs has nothing to fold.
	empty := DocumentDiff{Path: path, Status: "added", Class: None, Changes: []Change{}}
	if got := Published(empty); !reflect.DeepEqual(got, empty) {
		t.Errorf("an empty page became %+v", got)
	}
}

// A page removed is one substantive change whose old side is the page's
// text; its fingerprint differs from the page's publication.
func TestRemoved(t *testing.T) {
	const path = "content/dpia/transfer/_index.en.md"
	in := DocumentDiff{
		Path: path, Lang: "en", Status: "removed", Class: Substantive,
		Changes: []Change{
			{Op: align.Removed, Class: Substantive, Topics: []string{"adequacy-decision"}, Old: &Side{Text: "Transfers rest on the adequacy decision.", Lines: [2]int{3, 3}}, Significance: 0.5},
			{Op: align.Removed, Class: Substantive, Topics: []string{}, Old: &Side{Text: "Risk is low.", Lines: [2]int{5, 6}}},
		},
	}
	d := Removed(in)
	if d.Class != Substantive || len(d.Changes) != 1 {
		t.Fatalf("class %s, %d changes; want one substantive change", d.Class, len(d.Changes))
	}
	c := d.Changes[0]
	if c.Op != align.Removed || c.Class != Substantive || !reflect.DeepEqual(c.Reasons, []string{ReasonPageRemoved}) || ReasonPageRemoved != "page-removed" {
		t.Errorf("change %+v", c)
	}
	if want := "substantive: the page was removed (2 paragraphs, 9 words)"; c.Explanation != want {
		t.Errorf("explanation %q\nwant %q", c.Explanation, want)
	}
	if want := map[string]string{"nb": "vesentlig: siden ble fjernet (2 avsnitt, 9 ord)"}; !reflect.DeepEqual(c.Explanations, want) {
		t.Errorf("explanations %q\nwant %q", c.Explanations, want)
	}
	want := &Side{Text: "Transfers rest on the adequacy decision.\n\nRisk is low.", Lines: [2]int{3, 6}}
	if !reflect.DeepEqual(c.Old, want) || c.New != nil {
		t.Errorf("sides old %+v new %+v; want old %+v", c.Old, c.New, want)
	}
	if !reflect.DeepEqual(c.Topics, []string{"adequacy-decision"}) || c.Significance != 0.5 {
		t.Errorf("topics %q, significance %v", c.Topics, c.Significance)
	}
	if p := Published(DocumentDiff{Path: path, Changes: []Change{{Op: align.Added, New: &Side{Text: "x"}}}}); p.Changes[0].Fingerprint == c.Fingerprint {
		t.Errorf("a page's publication and removal share the fingerprint %q", c.Fingerprint)
	}
}
