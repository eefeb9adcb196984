package app

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
)

// A log that classifies while it walks lists what a log of the walk's
// finished list lists, whatever its options: the first revisions, those
// of an author, those of a class, a range.
func TestLogWhileWalking(t *testing.T) {
	ctx := context.Background()
	list := func(a *App, o LogOptions) string {
		t.Helper()
		var got []changes.Entry
		if err := a.Log(ctx, o, func(e changes.Entry) error {
			got = append(got, e)
			return nil
		}); err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, o := range []LogOptions{
		{},
		{Max: 2},
		{Author: "ADA"},
		{Author: "nobody"},
		{Class: classify.Substantive},
		{Class: classify.Substantive, Max: 1},
		{Class: classify.Editorial},
		{Range: "HEAD~3..HEAD~1"},
		{Paths: []string{"content/b"}},
	} {
		walking := versionRepo(t) // nothing walked: the log classifies while it walks
		if walking.repo.Reader() == nil {
			t.Fatal("a repository on disk has no Reader: the log would not classify while it walks")
		}
		listed := versionRepo(t)
		if _, err := listed.versions(ctx); err != nil { // walks the history first
			t.Fatal(err)
		}
		got, want := list(walking, o), list(listed, o)
		if o.Range == "" && len(o.Paths) == 0 && listed.reuse("", nil, false) == nil {
			t.Fatal("the walk is not reused: both logs would classify while they walk")
		}
		if o.Author != "nobody" && want == "null" {
			t.Errorf("%+v: nothing listed: the case tests nothing", o)
		}
		if got != want {
			t.Errorf("%+v: classified while walking:\n%s\nfrom the list:\n%s", o, got, want)
		}
	}
}
