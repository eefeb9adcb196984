package classify

import (
	"os"
	"testing"
)

// FuzzCompare runs the whole diff path (parse, align, classify) on pairs
// of documents: it must never panic, a document compared with itself has
// no change, and a document's class is the highest of its changes.
func FuzzCompare(f *testing.F) {
	seed, err := os.ReadFile("../document/testdata/dpia-summary.nb.md")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed, seed)
	f.Add([]byte("## 3.3 Bruk av databehandler\n\nDigdir kan bruke underdatabehandlere.\n"),
		[]byte("## 3.4 Bruk av databehandler\n\nDigdir kun bruke underdatabehandlere.\n"))
	f.Add([]byte("---\ntitle: A\nweight: 1\n---\n\n| a | b |\n| - | - |\n| 1 | 2 |\n"),
		[]byte("+++\ntitle = \"B\"\n+++\n\n- one\n  - two\n\n> quote [^1]\n\n[^1]: note\n"))
	f.Add([]byte("{{< notice >}}\ntext\n{{< /notice >}}\n"), []byte("Para one.\n\nPara two.\n"))
	r := Default()
	f.Fuzz(func(t *testing.T, old, new []byte) {
		if len(old)+len(new) > 1<<14 {
			return // the parser's own fuzz target covers large inputs
		}
		d, err := r.Compare("old.md", old, "new.md", new)
		if err != nil {
			return // bad input gets an error, never a panic
		}
		class := None
		for _, c := range d.Changes {
			if c.Class != Editorial && c.Class != Substantive {
				t.Fatalf("change with class %q: %+v", c.Class, c)
			}
			if c.Explanation == "" || len(c.Reasons) == 0 {
				t.Fatalf("change without reasons or explanation: %+v", c)
			}
			class = Max(class, c.Class)
		}
		if d.Class != class {
			t.Fatalf("document class %q, highest change class %q", d.Class, class)
		}
		same, err := r.Compare("old.md", old, "old.md", old)
		if err != nil {
			t.Fatalf("old parsed once but not twice: %v", err)
		}
		if len(same.Changes) != 0 || same.Class != None {
			t.Fatalf("a document compared with itself has %d changes: %+v", len(same.Changes), same.Changes)
		}
	})
}
