package align

import (
	"strings"
	"testing"
)

// seedCorpus adds pairs built from the seed page: each paragraph against
// the next, and against itself with a sentence dropped.
func seedCorpus(f *testing.F) {
	f.Add("Vi skal ikke overføre personopplysninger.", "Vi kan overføre personopplysninger.")
	f.Add("i henhold til artikkel 28", "i henhold til artikkel 26")
	f.Add("Microsoft Azure", "Microsoft")
	f.Add("The processor stores data in Norway.", "The subprocessor keeps logs in Sweden.")
	f.Add("[lenke](https://a.no/x)", "[lenke](https://a.no/y)")
	paras := seedParagraphs(f)
	for k, p := range paras {
		next := paras[(k+1)%len(paras)]
		f.Add(p, next)
		if s := strings.SplitAfter(p, ". "); len(s) > 1 {
			f.Add(p, strings.Join(s[1:], ""))
		}
	}
}

func FuzzWords(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, old, new string) {
		if err := checkSpans(old, new, Words(old, new, DefaultOptions())); err != nil {
			t.Fatal(err)
		}
		if got := Words(old, old, DefaultOptions()); len(changes(got)) != 0 {
			t.Fatalf("Words(x, x) has changes %q", changes(got))
		}
	})
}

// FuzzBlocks reads each line of the inputs as a block (a leading "# " makes
// a heading, "- " a list item) and checks that the alignment covers every
// block exactly once, that inline spans rebuild the joined texts, and that
// a document aligned with itself is all Equal.
func FuzzBlocks(f *testing.F) {
	seedCorpus(f)
	if paras := seedParagraphs(f); len(paras) > 3 {
		doc := strings.Join(paras, "\n")
		f.Add(doc, strings.Join([]string{paras[1], paras[0], paras[2] + " " + paras[3]}, "\n"))
		f.Add(doc, "# Sammendrag\n"+strings.Replace(doc, ". ", ".\n", 3))
	}
	// A heading folded into a bold lead-in, and a short line changed in
	// place.
	f.Add("# Oppbevaring\nVi lagrer data i fem år.\nSlutt.", "**Oppbevaring.** Vi lagrer data i fem år.\nSlutt.")
	f.Add("- **Oppbevaring:** Vi lagrer data.\nSist oppdatert: 30. januar 2023", "## Oppbevaring\n- Vi lagrer data.\nSist oppdatert: 1. mars 2024")
	f.Fuzz(func(t *testing.T, x, y string) {
		old, new := blocks(strings.Split(x, "\n")...), blocks(strings.Split(y, "\n")...)
		ops := Blocks(old, new, DefaultOptions())
		if err := checkCoverage(old, new, ops); err != nil {
			t.Fatal(err)
		}
		if err := checkChanges(ops, Changes(old, new, DefaultOptions())); err != nil {
			t.Fatal(err)
		}
		for _, op := range ops {
			if op.Inline == nil {
				continue
			}
			if err := checkSpans(joinNorms(old, op.Old), joinNorms(new, op.New), op.Inline); err != nil {
				t.Fatalf("op %s: %v", opString(op), err)
			}
		}
		self := Blocks(old, old, DefaultOptions())
		if len(self) != len(old) {
			t.Fatalf("Blocks(x, x) has %d ops for %d blocks", len(self), len(old))
		}
		for k, op := range self {
			if op.Kind != Equal || op.Old[0] != k || op.New[0] != k || op.Reflowed {
				t.Fatalf("Blocks(x, x) op %d is %s", k, opString(op))
			}
		}
	})
}
