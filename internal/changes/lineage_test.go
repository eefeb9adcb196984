package changes

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
)

// A change made across an unreadable version is not lost: the version
// after it is compared with the last readable one, following renames, and
// says so; the revision that wrote the unreadable version keeps its note.
func TestClassifyAcrossUnreadable(t *testing.T) {
	b := blobs{}
	v1 := b.put("Title\nThe processor may store data.\n")
	latin1 := b.put("Bl\xe5b\xe6r\n")
	missing := plumbing.ComputeHash(plumbing.BlobObject, []byte("not fetched"))
	v4 := b.put("Title\nThe processor must store data.\n")
	moved := "content/dpia/sammendrag/_index.nb.md"
	bad := b.put("Bl\xe5\n")
	revs := []history.Revision{
		rev("r4", []history.FileChange{modified(moved, missing, v4)}),
		rev("r3", []history.FileChange{{Status: history.Renamed, OldPath: nbPage, NewPath: moved, OldBlob: latin1, NewBlob: missing}}),
		rev("r2", []history.FileChange{modified(nbPage, v1, latin1)}),
		// The page r1 adds unreadable has no readable version before
		// r1b: that keeps its note.
		rev("r1b", []history.FileChange{modified("content/b/_index.nb.md", bad, v4)}),
		rev("r1", []history.FileChange{
			{Status: history.Added, NewPath: nbPage, NewBlob: v1},
			{Status: history.Added, NewPath: "content/b/_index.nb.md", NewBlob: bad},
		}),
	}
	var lc lineCompare
	got, err := classifyRevisions(context.Background(), b.get, revs, lc.compare, opts())
	if err != nil {
		t.Fatal(err)
	}
	d := got[0].Documents[0]
	wantNote := "compared with " + short(plumbing.NewHash(hash("r1")).String()) + ", the last readable version: " +
		short(plumbing.NewHash(hash("r3")).String()) + ", " + short(plumbing.NewHash(hash("r2")).String()) + " could not be read"
	if d.Class != classify.Substantive || len(d.Changes) != 1 || d.Changes[0].New.Text != "The processor must store data." {
		t.Errorf("r4 lost the change from r1: %+v", d)
	}
	if !reflect.DeepEqual(d.Notes, []string{wantNote}) {
		t.Errorf("r4 notes %q\nwant %q", d.Notes, wantNote)
	}
	for i, name := range []string{"r3", "r2"} {
		if d := got[i+1].Documents[0]; len(d.Notes) != 1 || !strings.HasSuffix(d.Notes[0], "document skipped") || len(d.Changes) != 0 {
			t.Errorf("%s should keep its note and no changes: %+v", name, d)
		}
	}
	if d := got[3].Documents[0]; len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "not valid UTF-8; document skipped") {
		t.Errorf("a page with no readable version before should keep its note: %+v", d)
	}
}

// With no readable version before it, the unreadable old side keeps the
// note it has today, and nothing is compared.
func TestClassifyUnreadableFirstVersion(t *testing.T) {
	b := blobs{}
	latin1 := b.put("Bl\xe5b\xe6r\n")
	v2 := b.put("Title\nText.\n")
	revs := []history.Revision{
		rev("r2", []history.FileChange{modified(nbPage, latin1, v2)}),
		rev("r1", []history.FileChange{{Status: history.Added, NewPath: nbPage, NewBlob: latin1}}),
	}
	var lc lineCompare
	got, err := classifyRevisions(context.Background(), b.get, revs, lc.compare, opts())
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range got {
		if d := e.Documents[0]; len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "not valid UTF-8; document skipped") {
			t.Errorf("entry %d: %+v", i, d)
		}
	}
	if n := lc.calls.Load(); n != 0 {
		t.Errorf("compare called %d times, want 0", n)
	}
}

// TestClassifyGitAcrossBadVersion: v1 -> a v2 that cannot be used -> v3
// changing a modal verb of v1, on a real repository with the real
// classifier: v3's entry carries the substantive change.
func TestClassifyGitAcrossBadVersion(t *testing.T) {
	const v1 = "---\ntitle: Sammendrag\n---\n\n## Lagring\n\nLeverandøren kan lagre personopplysninger i Norge.\n"
	v3 := strings.Replace(v1, "kan lagre", "skal lagre", 1)
	for _, tt := range []struct{ name, v2, note string }{
		{"invalid utf-8", "---\ntitle: Sammendrag\n---\n\nBl\xe5b\xe6r\n", "not valid UTF-8"},
		{"unparseable", "---\ntitle: Sammendrag\n\nFront matter never closed.\n", "cannot compare"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			c1 := r.commit(1, "v1", map[string]string{nbPage: v1})
			c2 := r.commit(2, "v2", map[string]string{nbPage: tt.v2})
			c3 := r.commit(3, "v3", map[string]string{nbPage: v3})
			h, err := history.Open(r.dir)
			if err != nil {
				t.Fatal(err)
			}
			defer h.Close()
			log, err := h.Log(context.Background(), history.Options{Paths: []string{"content"}})
			if err != nil {
				t.Fatal(err)
			}
			entries, err := Classify(context.Background(), h, log.Revisions, classify.Default(), ClassifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 3 || entries[0].Commit != c3 || entries[1].Commit != c2 {
				t.Fatalf("got %d entries", len(entries))
			}
			d := entries[0].Documents[0]
			want := "compared with " + short(c1) + ", the last readable version: " + short(c2) + " could not be read"
			if d.Class != classify.Substantive || len(d.Changes) != 1 || !reflect.DeepEqual(d.Notes, []string{want}) {
				t.Errorf("v3: class %s, %d changes, notes %q; want substantive, 1 change, note %q", d.Class, len(d.Changes), d.Notes, want)
			}
			if d := entries[1].Documents[0]; len(d.Notes) != 1 || !strings.Contains(d.Notes[0], tt.note) || len(d.Changes) != 0 {
				t.Errorf("v2 should keep its note: %+v", d)
			}
		})
	}
}
