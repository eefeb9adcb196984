package changes

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
)

// A page and its copy at another path (of another language) go through
// the same versions, back and forth, so that each pair of blobs comes
// back while it is still in use at both paths: each path gets the
// comparison of its own pair and path, as when every document of every
// revision is compared alone.
func TestClassifyCopiedPages(t *testing.T) {
	b := blobs{}
	versions := []history.Hash{b.put("Tittel\nA.\n"), b.put("Tittel\nA must.\n"), b.put("Tittel\nB.\n")}
	var revs []history.Revision
	for i := range 12 {
		old, new := versions[i%3], versions[(i+1)%3]
		files := []history.FileChange{modified(enPage, old, new), modified(nbPage, old, new)}
		if i%4 == 3 {
			files = files[1:] // now and then the copy is left as it is
		}
		revs = append(revs, rev(fmt.Sprint("c", i), files))
	}
	var lc lineCompare
	got, err := classifyRevisions(context.Background(), b.get, revs, lc.compare, opts())
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range revs {
		want := Entry{}
		for _, f := range r.Files {
			one := r
			one.Files = []history.FileChange{f}
			alone, err := classifyRevisions(context.Background(), b.get, []history.Revision{one}, lc.compare, opts())
			if err != nil {
				t.Fatal(err)
			}
			docs := append(want.Documents, alone[0].Documents...)
			want = alone[0]
			want.Documents = docs
		}
		want.Class = classify.None
		for _, d := range want.Documents {
			want.Class = classify.Max(want.Class, d.Class)
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("revision %d:\n got %+v\nwant %+v", i, got[i], want)
		}
	}
}
