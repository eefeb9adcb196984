package synth

import (
	"bytes"
	"strings"
	"testing"
)

// WriteLargePage is deterministic, writes the commits asked for, and its
// page is about the size asked for, revised a few words at a time.
func TestWriteLargePage(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteLargePage(&a, 200_000, 5, 3); err != nil {
		t.Fatal(err)
	}
	if err := WriteLargePage(&b, 200_000, 5, 3); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs with one seed differ")
	}
	s := a.String()
	if n := strings.Count(s, "commit refs/heads/main\n"); n != 5 {
		t.Fatalf("%d commits, want 5", n)
	}
	pages := strings.Split(s, "M 100644 inline content/large.md\n")[1:]
	if len(pages) != 5 {
		t.Fatalf("%d versions of the page, want 5", len(pages))
	}
	if n := len(pages[0]); n < 200_000 || n > 220_000 {
		t.Errorf("page of %d bytes, want about 200,000", n)
	}
	if pages[0] == pages[1] {
		t.Error("the second revision does not change the page")
	}
	if d := len(pages[1]) - len(pages[0]); d < -300 || d > 300 {
		t.Errorf("a revision changes the size by %d bytes: not a small edit", d)
	}
}
