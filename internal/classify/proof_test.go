package classify

import (
	"slices"
	"testing"
)

func TestTypoDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"ikkej", "ikkje", 1}, // a swap of neighbours is one edit
		{"recieve", "receive", 1},
		{"form", "from", 1},
		{"more", "more12", 2},
		{"abc", "abc", 0},
		{"", "abc", 3},
		{"personvernforodningen", "personvernforordningen", 1},
	} {
		if got := typoDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("typoDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestPunctuationProofs checks which separators a punctuation edit may
// move without changing what an enumeration lists.
func TestPunctuationProofs(t *testing.T) {
	r := Default()
	for _, tc := range []struct {
		lang, old, new string
		class          Class
	}{
		{"nb", "Altinn, som er en plattform, brukes av mange.", "Altinn som er en plattform brukes av mange.", Editorial},
		{"en", "We share data with Mozilla, OneRep and HIBP.", "We share data with Mozilla, OneRep, and HIBP.", Editorial},
		{"nb", "Vi lagrer navn, adresse og telefonnummer.", "Vi lagrer navn adresse og telefonnummer.", Substantive},
		{"nb", "Vi lagrer navn adresse og telefonnummer.", "Vi lagrer navn, adresse og telefonnummer.", Substantive},
		{"en", "We use our processors, Microsoft and Zendesk.", "We use our processors, Microsoft, and Zendesk.", Substantive},
		{"nb", "Skatteetaten og NAV, og Politiet ved mistanke.", "Skatteetaten, og NAV og Politiet ved mistanke.", Substantive},
		{"en", "However, we keep logs.", "However we keep logs.", Editorial},
	} {
		if c, reasons, expl := r.Pair(tc.old, tc.new, tc.lang); c != tc.class {
			t.Errorf("%q -> %q = %s %v (%s), want %s", tc.old, tc.new, c, reasons, expl, tc.class)
		}
	}
}

func TestCells(t *testing.T) {
	for _, tc := range []struct {
		row  string
		want []string
	}{
		{"| a | b |", []string{" a ", " b "}},
		{"a | b", []string{"a ", " b"}},
		{`| a \| b | c |`, []string{` a \| b `, " c "}},
		{"| `x|y` | z |", []string{" `x|y` ", " z "}},
	} {
		if got := cells(tc.row); !slices.Equal(got, tc.want) {
			t.Errorf("cells(%q) = %q, want %q", tc.row, got, tc.want)
		}
	}
}

// TestTableCells checks that a table row is judged cell by cell: the
// evidence is the changed cell's words, not the row.
func TestTableCells(t *testing.T) {
	r := Default()
	old := "| Navn | Fødselsår | By |\n| --- | --- | --- |\n| Ola | 1980 | Oslo |\n"
	new := "| Navn | Fødselsår | By |\n| --- | --- | --- |\n| Ola | 1981 | Oslo |\n"
	dd, err := r.Compare("a.nb.md", []byte(old), "a.nb.md", []byte(new))
	if err != nil {
		t.Fatal(err)
	}
	if len(dd.Changes) != 1 {
		t.Fatalf("%d changes, want 1:\n%s", len(dd.Changes), dump(dd.Changes))
	}
	ch := dd.Changes[0]
	if ch.Class != Substantive || !slices.Equal(ch.Reasons, []string{"number"}) || ch.Explanation != "substantive: a number changed: 1980 -> 1981" {
		t.Errorf("got %s %v %q", ch.Class, ch.Reasons, ch.Explanation)
	}
	align := "| Navn | Fødselsår | By |\n| :-- | --: | :-: |\n| Ola | 1980 | Oslo |\n"
	dd, _ = r.Compare("a.nb.md", []byte(old), "a.nb.md", []byte(align))
	if dd.Class == Substantive {
		t.Errorf("table alignment changed: %s\n%s", dd.Class, dump(dd.Changes))
	}
}

func TestShortcodeKey(t *testing.T) {
	for _, tc := range []struct{ name, args, want string }{
		{"alert", `style="info"`, "alert"},
		{"hint", "warning", "hint"},
		{"include", `file="v1.md"`, "include file=v1.md"},
		{"figure", `src="a.png" caption="Flyt" class="wide"`, "figure src=a.png caption=Flyt"},
	} {
		if got := shortcodeKey(tc.name, tc.args); got != tc.want {
			t.Errorf("shortcodeKey(%q, %q) = %q, want %q", tc.name, tc.args, got, tc.want)
		}
	}
}

func TestWithoutAttrLists(t *testing.T) {
	for in, want := range map[string]string{
		"{: #dpo .contact }":        "",
		"Tittel {#anker}":           "Tittel ",
		"{{< hint >}}":              "{{< hint >}}",
		"a {b} c":                   "a {b} c",
		`Lenke {: target="_blank"}`: "Lenke ",
	} {
		if got := withoutAttrLists(in); got != want {
			t.Errorf("withoutAttrLists(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestProofsCoverEditorial checks the rule on the labelled cases: every
// reason of an editorial change is backed by a proof listed with it.
func TestProofsCoverEditorial(t *testing.T) {
	cases, err := LoadCases("testdata/eval")
	if err != nil {
		t.Fatal(err)
	}
	r := Default()
	for _, c := range cases {
		path := "content/dpia/_index." + c.Lang + ".md"
		dd, err := r.Compare(path, c.Old, path, c.New)
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range dd.Changes {
			if ch.Class != Editorial || ch.Op == OpFrontMatter {
				continue
			}
			for _, reason := range ch.Reasons {
				if reason == "translation" {
					continue
				}
				if !slices.ContainsFunc(ch.Proofs, func(p Proof) bool { return p.Kind == reason }) {
					t.Errorf("%s: editorial reason %s without a proof: %s %+v", c.File, reason, ch.Explanation, ch.Proofs)
				}
			}
			if ch.Significance != 0 {
				t.Errorf("%s: an editorial change has significance %v", c.File, ch.Significance)
			}
		}
	}
}

// TestMovedInSection checks that a paragraph moved within its section,
// or list items reordered at one depth, is editorial, and one moved into
// another section or out of the item that qualified it is not.
func TestMovedInSection(t *testing.T) {
	r := Default()
	for _, tc := range []struct {
		name, old, new string
		class          Class
		reason         string
	}{
		{"paragraphs swapped", "## A\n\nFørste avsnitt om lagring av data.\n\nAndre avsnitt om sletting av data.\n\nTredje avsnitt om deling.\n",
			"## A\n\nAndre avsnitt om sletting av data.\n\nFørste avsnitt om lagring av data.\n\nTredje avsnitt om deling.\n", Editorial, "moved"},
		{"items reordered", "## A\n\n- navn\n- adresse\n- telefon\n", "## A\n\n- telefon\n- navn\n- adresse\n", Editorial, "moved"},
		{"into another section", "## Forbudt\n\n- våpen\n- narkotika\n\n## Tillatt\n\n- kunst\n- nyheter\n",
			"## Forbudt\n\n- narkotika\n\n## Tillatt\n\n- kunst\n- nyheter\n- våpen\n", Substantive, "moved-section"},
		{"out of its parent item", "- Helseråd:\n  - alternative morsmelkerstatninger\n- Våpen\n", "- Helseråd:\n- Våpen\n- alternative morsmelkerstatninger\n", Substantive, "moved-section"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dd, err := r.Compare("a.nb.md", []byte(tc.old), "a.nb.md", []byte(tc.new))
			if err != nil {
				t.Fatal(err)
			}
			if dd.Class != tc.class {
				t.Errorf("class %s, want %s:\n%s", dd.Class, tc.class, dump(dd.Changes))
			}
			found := false
			for _, ch := range dd.Changes {
				found = found || slices.Contains(ch.Reasons, tc.reason)
			}
			if !found {
				t.Errorf("no change has reason %s:\n%s", tc.reason, dump(dd.Changes))
			}
		})
	}
}
