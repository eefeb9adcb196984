package changes

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/digdir/redline/internal/history"
)

// A revision changing more documents than the window holds must still be
// classified: its comparisons are taken in the order they were started.
func TestClassifyWiderThanWindow(t *testing.T) {
	b := blobs{}
	var lc lineCompare
	o := opts()
	o.Workers = 1
	n := window(o.Workers)*2 + 3
	var wide, next []history.FileChange
	for i := range n {
		p := fmt.Sprintf("content/p%03d/_index.nb.md", i)
		v1, v2 := b.put(fmt.Sprintf("a %d\n", i)), b.put(fmt.Sprintf("b %d\n", i))
		wide = append(wide, modified(p, v1, v2))
		next = append(next, modified(p, v2, b.put(fmt.Sprintf("c %d\n", i))))
	}
	revs := []history.Revision{rev("new", next), rev("wide", wide), rev("again", wide[:1])}
	got, err := classifyRevisions(context.Background(), b.get, revs, lc.compare, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || len(got[0].Documents) != n || len(got[1].Documents) != n || len(got[2].Documents) != 1 {
		t.Fatalf("got %d entries, want 3 with %d, %d and 1 documents", len(got), n, n)
	}
	for i, d := range got[1].Documents {
		if want := fmt.Sprintf("content/p%03d/_index.nb.md", i); d.Path != want {
			t.Errorf("document %d is %s, want %s", i, d.Path, want)
		}
	}
	if got[2].Documents[0].Path != got[1].Documents[0].Path || len(got[2].Documents[0].Changes) != len(got[1].Documents[0].Changes) {
		t.Error("a comparison used again by an older revision lost its result")
	}
	if c := lc.calls.Load(); c != int64(2*n) {
		t.Errorf("%d comparisons, want %d (each pair once)", c, 2*n)
	}
}

// An error from emit stops the run, is returned as it is, and no entry
// follows it.
func TestClassifyEachEmitError(t *testing.T) {
	b := blobs{}
	var revs []history.Revision
	for i := range 50 {
		p := fmt.Sprintf("content/p%d/_index.nb.md", i)
		revs = append(revs, rev(fmt.Sprint(i), []history.FileChange{modified(p, b.put(fmt.Sprint("old", i)), b.put(fmt.Sprint("new", i)))}))
	}
	var lc lineCompare
	stop := errors.New("reader went away")
	var seen []string
	err := classifyWith(context.Background(), b.get, revs, funcComparer(lc.compare), opts(), func(e Entry) error {
		seen = append(seen, e.Commit)
		if len(seen) == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("got %v, want the error emit returned", err)
	}
	if len(seen) != 3 {
		t.Fatalf("emit was called %d times, want 3", len(seen))
	}
	for i, c := range seen {
		if c != revs[i].Hash.String() {
			t.Errorf("entry %d is %s, want %s (newest first)", i, c, revs[i].Hash)
		}
	}
}
