package cli

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestTortureChangeAcrossBadRevision: v1 -> a v2 that cannot be read ->
// v3, where v3 changes a modal verb of v1. The change v1 -> v3 must show
// on v3's entry, with a note naming the version compared with, and the
// bad revision keeps its own note.
func TestTortureChangeAcrossBadRevision(t *testing.T) {
	const p = "content/dpia/_index.nb.md"
	v1 := page("Lagring", "Leverandøren kan lagre personopplysninger i Norge.")
	v3 := page("Lagring", "Leverandøren skal lagre personopplysninger i Norge.")
	for _, tt := range []struct {
		name string
		v2   string
		// spoil damages the repository after the commits; nil for none.
		spoil func(g *gitRepo, c2 string)
		note  string // in v2's note
	}{
		{name: "invalid-utf8", v2: page("Lagring", "Bl\xe5b\xe6r."), note: "not valid UTF-8"},
		{name: "unparseable", v2: "---\ntitle: Lagring\n\nFront matter never closed.\n", note: "cannot compare"},
		{name: "missing-blob", v2: page("Lagring", "Et mellomutkast."), note: "missing from the repository",
			spoil: func(g *gitRepo, c2 string) {
				if err := os.Remove(g.objectFile(g.git("rev-parse", c2+":"+p))); err != nil {
					t.Fatal(err)
				}
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := newGitRepo(t)
			g.write(p, v1)
			c1 := g.commit("Version 1")
			g.write(p, tt.v2)
			c2 := g.commit("Version 2")
			g.write(p, v3)
			g.commit("Version 3")
			if tt.spoil != nil {
				tt.spoil(g, c2)
			}
			l, r := logJSON(t, g.dir)
			if got := subjects(l); got != "Version 3|Version 2|Version 1" {
				t.Fatalf("log lists %q, want all three commits\n%s", got, r)
			}
			d := l[0].Documents[0]
			want := []string{"compared with " + c1[:12] + ", the last readable version: " + c2[:12] + " could not be read"}
			if l[0].Class != "substantive" || len(d.Changes) != 1 || d.Changes[0].New == nil ||
				!strings.Contains(d.Changes[0].New.Text, "skal lagre") {
				t.Errorf("Version 3 lost the change from Version 1: class %s, %+v\n%s", l[0].Class, d.Changes, r)
			}
			if !reflect.DeepEqual(d.Notes, want) {
				t.Errorf("Version 3 notes %q, want %q", d.Notes, want)
			}
			if d := l[1].Documents[0]; len(d.Notes) != 1 || !strings.Contains(d.Notes[0], tt.note) || len(d.Changes) != 0 {
				t.Errorf("Version 2 should keep its note (%q) and list no change: %+v", tt.note, d)
			}
		})
	}
}
