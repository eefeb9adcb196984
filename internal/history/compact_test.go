package history

import (
	"testing"
	"unsafe"
)

// A walk keeps what its revisions need and no more: the commits it read
// on the way are dropped when it returns, and the paths, authors and
// emails that recur across its revisions are one string each, however
// many revisions name them.
func TestLogKeepsRevisionsCompact(t *testing.T) {
	t.Parallel()
	m := newMemRepo(t)
	m.write("content/a.md", "# A\n\nOne.\n")
	m.write("content/b.md", "# B\n\nOne.\n")
	m.commit("Add a and b")
	for _, v := range []string{"Two", "Three", "Four"} {
		m.write("content/a.md", "# A\n\n"+v+".\n")
		m.write("content/b.md", "# B\n\n"+v+".\n")
		m.commit("Edit a and b: " + v)
	}
	r := m.open()
	l := mustLog(t, r, Options{Paths: []string{"content"}})
	if len(l.Revisions) != 4 {
		t.Fatalf("%d revisions, want 4", len(l.Revisions))
	}
	if n := len(r.infos); n != 0 {
		t.Errorf("the repository still holds %d commits the walk read", n)
	}
	same := func(what, a, b string) {
		t.Helper()
		if a != b {
			t.Fatalf("%s: %q and %q differ", what, a, b)
		}
		if unsafe.StringData(a) != unsafe.StringData(b) {
			t.Errorf("%s %q is held twice", what, a)
		}
	}
	first := l.Revisions[0]
	for _, rev := range l.Revisions[1:] {
		same("author", first.Author, rev.Author)
		same("email", first.Email, rev.Email)
		if len(rev.Files) != 2 || cap(rev.Files) != 2 {
			t.Fatalf("files %+v (capacity %d), want a and b", rev.Files, cap(rev.Files))
		}
		for i, f := range rev.Files {
			same("path", first.Files[i].NewPath, f.NewPath)
			if f.OldPath != "" {
				same("old path", f.NewPath, f.OldPath)
			}
		}
	}
	if first.Date.Location() != l.Revisions[1].Date.Location() {
		t.Error("revisions in one time zone hold a location each")
	}
	// The commits are read again when asked for.
	if _, err := r.Compare(l.Revisions[1].Hash, first.Hash, []string{"content"}); err != nil {
		t.Fatal(err)
	}
}
