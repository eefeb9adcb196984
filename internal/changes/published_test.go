package changes

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
)

const transferNB = `---
title: Overføring
---

## Overføring

Overføringen til USA bygger på adekvansbeslutningen av 10. juli 2023.

## Risiko

Vi mener risikoen er akseptabel.
`

// A page published is one substantive change that keeps the page's text
// and the topics of its paragraphs; a translation added beside it is still
// one editorial change; a renamed page is unaffected; a page removed is one
// substantive change with the page's old text.
func TestClassifyPagePublishedAndRemoved(t *testing.T) {
	const (
		nb      = "content/dpia/transfer/_index.nb.md"
		en      = "content/dpia/transfer/_index.en.md"
		renamed = "content/dpia/overforing/_index.nb.md"
	)
	r := newRepo(t)
	r.commit(1, "Publish the transfer page", map[string]string{nb: transferNB})
	r.commit(2, "Translate it", map[string]string{en: enV1})
	r.git("rm", "-q", nb)
	r.commit(3, "Rename it", map[string]string{renamed: transferNB})
	r.git("rm", "-q", en)
	r.commit(4, "Remove the translation", nil)

	h, err := history.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	log, err := h.Log(context.Background(), history.Options{Paths: []string{"content"}})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := Classify(context.Background(), h, log.Revisions, classify.Default(), ClassifyOptions{
		PageURL: func(p, lang string) string { return "https://docs.example.org/" + lang + "/transfer/" },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 4 {
		t.Fatalf("%d entries, want 4", len(entries))
	}
	one := func(e Entry) (classify.DocumentDiff, classify.Change) {
		t.Helper()
		if len(e.Documents) != 1 || len(e.Documents[0].Changes) != 1 {
			t.Fatalf("%q: want one document with one change, got %+v", e.Subject, e.Documents)
		}
		return e.Documents[0], e.Documents[0].Changes[0]
	}

	d, c := one(entries[3])
	if d.Status != "added" || d.TranslationOf != "" || d.Class != classify.Substantive || entries[3].Class != classify.Substantive {
		t.Errorf("published page %+v", d)
	}
	if c.Op != align.Added || c.Class != classify.Substantive || !reflect.DeepEqual(c.Reasons, []string{classify.ReasonPagePublished}) ||
		c.Explanation != "substantive: the page was published (4 paragraphs, 19 words)" ||
		c.Explanations["nb"] != "vesentlig: siden ble publisert (4 avsnitt, 19 ord)" {
		t.Errorf("published change %+v", c)
	}
	if !slices.Contains(c.Topics, "adequacy-decision") {
		t.Errorf("topics %q: the adequacy decision's topic is lost", c.Topics)
	}
	if c.New == nil || !strings.Contains(c.New.Text, "## Overføring\n\nOverføringen til USA") || !strings.Contains(c.New.Text, "akseptabel.") || c.Old != nil {
		t.Errorf("new side %+v: want the page's text", c.New)
	}
	// The link is the page's: a text fragment cannot span its paragraphs.
	if c.URL != "https://docs.example.org/nb/transfer/" || c.Significance <= 0 {
		t.Errorf("link %q, significance %v", c.URL, c.Significance)
	}

	d, c = one(entries[2])
	if d.Status != "added" || d.TranslationOf != nb || d.Class != classify.Editorial ||
		!reflect.DeepEqual(c.Reasons, []string{classify.ReasonTranslation}) {
		t.Errorf("translation %+v", d)
	}

	if d := entries[1].Documents; len(d) != 1 || d[0].Status != "renamed" || d[0].OldPath != nb || d[0].Class != classify.None || len(d[0].Changes) != 0 {
		t.Errorf("rename %+v", d)
	}

	d, c = one(entries[0])
	if d.Status != "removed" || d.Path != en || d.Class != classify.Substantive {
		t.Errorf("removed page %+v", d)
	}
	if c.Op != align.Removed || !reflect.DeepEqual(c.Reasons, []string{classify.ReasonPageRemoved}) ||
		c.Explanation != "substantive: the page was removed (4 paragraphs, 15 words)" ||
		c.Explanations["nb"] != "vesentlig: siden ble fjernet (4 avsnitt, 15 ord)" ||
		c.Old == nil || !strings.Contains(c.Old.Text, "Personal data is stored in Norway.") || c.New != nil || c.URL != "" {
		t.Errorf("removed change %+v", c)
	}
}

// document leaves the revision's cached comparison alone when it folds a
// page: another revision may use it.
func TestDocumentFoldsACopy(t *testing.T) {
	cached := classify.DocumentDiff{Path: nbPage, Class: classify.Substantive, Changes: []classify.Change{
		{Op: align.Added, Class: classify.Substantive, Topics: []string{"gdpr"}, New: &classify.Side{Text: "GDPR gjelder."}},
	}}
	d := document(cached, true, history.FileChange{Status: history.Added, NewPath: nbPage}, nil)
	if len(d.Changes) != 1 || !reflect.DeepEqual(d.Changes[0].Reasons, []string{classify.ReasonPagePublished}) {
		t.Errorf("changes %+v", d.Changes)
	}
	if len(cached.Changes) != 1 || cached.Changes[0].Reasons != nil {
		t.Errorf("the cached comparison changed: %+v", cached.Changes)
	}
	// A page modified is its paragraphs, as before.
	d = document(cached, true, modified(nbPage, [20]byte{}, [20]byte{}), nil)
	if len(d.Changes) != 1 || d.Changes[0].Reasons != nil {
		t.Errorf("modified page %+v", d.Changes)
	}
}
