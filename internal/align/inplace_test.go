package align

import (
	"slices"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/document"
)

// parse returns the blocks document.Parse makes of a Markdown page.
func parse(t *testing.T, md string) []document.Block {
	t.Helper()
	doc, err := document.Parse("page.md", []byte(md), document.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Blocks
}

// Long paragraphs for the tests below: pLongA and pLongB share no word,
// pLongC shares only function words with pLongA ("the", "and", "of", ...).
const (
	pLongA = "The controller processes personal data about applicants, employees and contractors in order to administer recruitment, " +
		"payroll, access control and working hours, and keeps that data only as long as the purpose requires, after which " +
		"it is deleted or anonymised according to the retention schedule approved by management and reviewed every year."
	pLongB = "Visitors who browse our website anonymously receive no cookies apart from strictly necessary ones; analytics scripts " +
		"load solely after explicit opt-in consent, which can be withdrawn at any moment through a banner shown at the bottom " +
		"of every page, while server logs record IP addresses for security monitoring during thirty days."
	pLongC = "Suppliers must report any security incident to us within twenty-four hours of discovery, describe the nature of " +
		"the breach and the categories of records concerned, and cooperate fully with our investigation, providing logs, " +
		"system documentation and access to staff as the investigation may require until it is closed."
	pKeep = "Spørsmål om behandlingen kan rettes til personvernombudet i Digitaliseringsdirektoratet, som svarer innen tretti dager."
)

// TestBlocksInPlace covers blocks changed in place so thoroughly that
// their words no longer reach MinSimilarity: lined up between the same
// neighbours they are still one Modified op, unless they are long and
// unrelated.
func TestBlocksInPlace(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{
			"effective date",
			"# Privacy policy\n\nEffective date: 1 January 2023\n\n" + pLongA + "\n",
			"# Privacy policy\n\nEffective date: 15 March 2024\n\n" + pLongA + "\n",
			[]string{"equal 0>0", "modified 1>1", "equal 2>2"},
		},
		{
			"sist oppdatert",
			"# Personvernerklæring\n\nSist oppdatert: 30. januar 2023\n\n" + pKeep + "\n",
			"# Personvernerklæring\n\nSist oppdatert: 1. mars 2024\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "modified 1>1", "equal 2>2"},
		},
		{
			"status line, most words changed",
			"# Policy\n\nStatus: Draft, under review by the legal team.\n\n" + pLongA + "\n",
			"# Policy\n\nStatus: Approved by the board on 3 May 2024.\n\n" + pLongA + "\n",
			[]string{"equal 0>0", "modified 1>1", "equal 2>2"},
		},
		{
			"short line, no word shared",
			"# Vedtak\n\nUtkast.\n\n" + pKeep + "\n",
			"# Vedtak\n\nVedtatt av styret 3. mai 2024.\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "modified 1>1", "equal 2>2"},
		},
		{
			"at the start of the page",
			"Sist oppdatert: 30. januar 2023\n\n" + pKeep + "\n",
			"Sist oppdatert: 1. mars 2024\n\n" + pKeep + "\n",
			[]string{"modified 0>0", "equal 1>1"},
		},
		{
			"heading renamed, level changed",
			"# Policy\n\n## Contact\n\n" + pLongA + "\n",
			"# Policy\n\n### Get in touch\n\n" + pLongA + "\n",
			[]string{"equal 0>0", "modified 1>1", "equal 2>2"},
		},
		{
			"list item",
			"# Kontakt\n\n- Telefon: 22 45 10 00\n- " + pKeep + "\n",
			"# Kontakt\n\n- E-post: post@digdir.no\n- " + pKeep + "\n",
			[]string{"equal 0>0", "modified 1>1", "equal 2>2"},
		},
		{
			"table rows, all changed",
			"# Gebyr\n\n| År | Sum |\n|---|---|\n| 2022 | 100 |\n| 2023 | 110 |\n\n" + pKeep + "\n",
			"# Gebyr\n\n| År | Sum |\n|---|---|\n| 2024 | 125 |\n| 2025 | 140 |\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "equal 1>1", "modified 2>2", "modified 3>3", "equal 4>4"},
		},
		{
			"short line grown into a paragraph",
			"# Contact\n\nWrite to us by email.\n\n" + pLongB + "\n",
			"# Contact\n\nWrite to us by email or by post, or call our switchboard between eight and four on weekdays; " +
				"urgent matters about a data breach go to the duty officer at any hour.\n\n" + pLongB + "\n",
			[]string{"equal 0>0", "modified 1>1", "equal 2>2"},
		},
		{
			"long paragraph replaced",
			"# Policy\n\n" + pLongA + "\n\n" + pKeep + "\n",
			"# Policy\n\n" + pLongB + "\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "removed 1>", "added >1", "equal 2>2"},
		},
		{
			"long paragraph replaced, function words shared",
			"# Policy\n\n" + pLongA + "\n\n" + pKeep + "\n",
			"# Policy\n\n" + pLongC + "\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "removed 1>", "added >1", "equal 2>2"},
		},
		{
			"short line replaced by an unrelated paragraph",
			"# Policy\n\nDraft.\n\n" + pKeep + "\n",
			"# Policy\n\n" + pLongB + "\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "removed 1>", "added >1", "equal 2>2"},
		},
		{
			"a line without words replaced by text",
			"# Policy\n\n—\n\n" + pKeep + "\n",
			"# Policy\n\nUpdated: May 2024\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "removed 1>", "added >1", "equal 2>2"},
		},
		{
			"a line without words changed",
			"# Policy\n\n—\n\n" + pKeep + "\n",
			"# Policy\n\n– –\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "modified 1>1", "equal 2>2"},
		},
		{
			"kinds do not line up",
			"# Kontakt\n\nTelefon: 22 45 10 00\n\n- Hverdager 8-16\n\n" + pKeep + "\n",
			"# Kontakt\n\n- E-post: post@digdir.no\n\nSvar innen to dager\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "removed 1>", "removed 2>", "added >1", "added >2", "equal 3>3"},
		},
		{
			"heading does not line up with a paragraph",
			"# Policy\n\n## Contact\n\n" + pLongA + "\n",
			"# Policy\n\nGet in touch\n\n" + pLongA + "\n",
			[]string{"equal 0>0", "removed 1>", "added >1", "equal 2>2"},
		},
		{
			"more old blocks than new",
			"# Policy\n\nDraft.\n\nVersion 1.\n\n" + pKeep + "\n",
			"# Policy\n\nApproved 2024.\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "removed 1>", "removed 2>", "added >1", "equal 3>2"},
		},
		{
			// The short line reappears edited further down, similar enough
			// to be Moved: that pairing comes first, and what is left in
			// its old place is added, not paired with it.
			"a better pairing elsewhere",
			"# Kontakt\n\nKontakt oss på e-post i dag.\n\n" + pKeep + "\n\n## Tider\n\n" + pLongA + "\n",
			"# Kontakt\n\nRing oss.\n\n" + pKeep + "\n\n## Tider\n\nKontakt oss på e-post i morgen.\n\n" + pLongA + "\n",
			[]string{"equal 0>0", "added >1", "equal 2>2", "equal 3>3", "moved* 1>4", "equal 4>5"},
		},
		{
			// The pair found by similarity bounds the gaps: the date line
			// before it lines up, the list item after it too.
			"gaps around a modified pair",
			"# Policy\n\nValid from 1 January 2023\n\n" + pLongA + "\n\n- Owner: legal\n\n" + pKeep + "\n",
			"# Policy\n\nValid from 15 March 2024\n\n" + strings.Replace(pLongA, "every year", "every second year", 1) +
				"\n\n- Contact: dpo@digdir.no\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "modified 1>1", "modified 2>2", "modified 3>3", "equal 4>4"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, new := parse(t, tt.old), parse(t, tt.new)
			ops := Blocks(old, new, DefaultOptions())
			if err := checkCoverage(old, new, ops); err != nil {
				t.Fatal(err)
			}
			if got := opStrings(ops); !slices.Equal(got, tt.want) {
				t.Errorf("ops:\n got %q\nwant %q", got, tt.want)
			}
			for _, op := range ops {
				if op.Kind == Modified {
					if err := checkSpans(joinNorms(old, op.Old), joinNorms(new, op.New), op.Inline); err != nil {
						t.Errorf("op %s: %v", opString(op), err)
					}
				}
			}
		})
	}
}

// TestBlocksInPlaceInline checks the word diff of a lined-up pair: the
// unchanged words stay equal.
func TestBlocksInPlaceInline(t *testing.T) {
	old := parse(t, "# Personvernerklæring\n\nSist oppdatert: 30. januar 2023\n\n"+pKeep+"\n")
	new := parse(t, "# Personvernerklæring\n\nSist oppdatert: 1. mars 2024\n\n"+pKeep+"\n")
	ops := Blocks(old, new, DefaultOptions())
	if len(ops) != 3 || ops[1].Kind != Modified {
		t.Fatalf("ops %q, want a modified op in the middle", opStrings(ops))
	}
	want := []Span{{SpanEqual, "Sist oppdatert: "}, {SpanDelete, "30. januar 2023"}, {SpanInsert, "1. mars 2024"}}
	if got := ops[1].Inline; !slices.Equal(got, want) {
		t.Errorf("inline %q, want %q", got, want)
	}
}

// TestBlocksInPlaceLongSimilar: two long paragraphs in the same place
// whose words score between lineUpShare·MinSimilarity and MinSimilarity
// are paired by their place; the same pair with another paragraph added
// beside it, so that the places no longer correspond, is not.
func TestBlocksInPlaceLongSimilar(t *testing.T) {
	const (
		before = "The controller processes personal data about applicants, employees and contractors in order to administer " +
			"recruitment, payroll and access control, and deletes that data when the purpose has been fulfilled."
		after = "The controller handles information about applicants, staff and contractors to run hiring, payroll and " +
			"building access, and erases that information once those tasks are done."
	)
	a := &aligner{words: map[string]int32{}}
	opt := DefaultOptions()
	if s := dice(a.wordSet(before), a.wordSet(after)); s < lineUpShare*opt.MinSimilarity || s >= opt.MinSimilarity {
		t.Fatalf("similarity %.3f, want within [%.2f, %.2f): fix the test texts", s, lineUpShare*opt.MinSimilarity, opt.MinSimilarity)
	}
	old := parse(t, "# Policy\n\n"+before+"\n\n"+pKeep+"\n")
	new := parse(t, "# Policy\n\n"+after+"\n\n"+pKeep+"\n")
	want := []string{"equal 0>0", "modified 1>1", "equal 2>2"}
	if got := opStrings(Blocks(old, new, opt)); !slices.Equal(got, want) {
		t.Errorf("in place:\n got %q\nwant %q", got, want)
	}
	new = parse(t, "# Policy\n\n"+after+"\n\n"+pLongB+"\n\n"+pKeep+"\n")
	want = []string{"equal 0>0", "removed 1>", "added >1", "added >2", "equal 2>3"}
	if got := opStrings(Blocks(old, new, opt)); !slices.Equal(got, want) {
		t.Errorf("with a paragraph added:\n got %q\nwant %q", got, want)
	}
}

// TestBlocksLineUpCap: a run of short blocks longer than maxLineUp,
// replaced block for block, stays removed and added.
func TestBlocksLineUpCap(t *testing.T) {
	var old, new strings.Builder
	old.WriteString("# Liste\n\n")
	new.WriteString("# Liste\n\n")
	for k := range maxLineUp + 1 {
		old.WriteString("- gammel " + ints([]int{k}) + "\n")
		new.WriteString("- ny " + ints([]int{k + 100}) + "\n")
	}
	ops := Blocks(parse(t, old.String()), parse(t, new.String()), DefaultOptions())
	for _, op := range ops[1:] {
		if op.Kind != Removed && op.Kind != Added {
			t.Fatalf("op %s, want only removed and added after the heading", opString(op))
		}
	}
}

// TestBlocksLeadIn covers a heading folded into the bold lead-in of the
// paragraph under it, and the reverse.
func TestBlocksLeadIn(t *testing.T) {
	const rest = "Vi lagrer data i fem år."
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{
			"heading folded into a lead-in",
			"# Personvern\n\n## Oppbevaring\n\n" + rest + "\n\n" + pKeep + "\n",
			"# Personvern\n\n**Oppbevaring.** " + rest + "\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "merged 1,2>1", "equal 3>2"},
		},
		{
			"lead-in promoted to a heading",
			"# Personvern\n\n**Oppbevaring.** " + rest + "\n\n" + pKeep + "\n",
			"# Personvern\n\n## Oppbevaring\n\n" + rest + "\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "split 1>1,2", "equal 2>3"},
		},
		{
			"english, colon after the bold",
			"# Privacy\n\n### Retention\n\nWe keep personal data for five years.\n\n" + pLongA + "\n",
			"# Privacy\n\n__Retention__: We keep personal data for five years.\n\n" + pLongA + "\n",
			[]string{"equal 0>0", "merged 1,2>1", "equal 3>2"},
		},
		{
			"english, lead-in promoted, paragraph edited",
			"# Privacy\n\n**Data retention:** We keep personal data for five years.\n\n" + pLongA + "\n",
			"# Privacy\n\n## Data retention\n\nWe keep personal data for six years.\n\n" + pLongA + "\n",
			[]string{"equal 0>0", "split 1>1,2", "equal 2>3"},
		},
		{
			"numbered heading, case differs",
			"# Personvern\n\n## 3.2 Oppbevaring av data\n\n" + rest + "\n",
			"# Personvern\n\n**3.2 oppbevaring av data:** " + rest + "\n",
			[]string{"equal 0>0", "merged 1,2>1"},
		},
		{
			"heading and two paragraphs folded into one",
			"# Personvern\n\n## Oppbevaring\n\n" + rest + "\n\nDeretter sletter vi dem for godt.\n\n" + pKeep + "\n",
			"# Personvern\n\n**Oppbevaring.** " + rest + " Deretter sletter vi dem for godt.\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "merged 1,2,3>1", "equal 4>2"},
		},
		{
			"list item with a lead-in",
			"# Personvern\n\n## Oppbevaring\n\n" + rest + "\n\n" + pKeep + "\n",
			"# Personvern\n\n- **Oppbevaring:** " + rest + "\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "merged 1,2>1", "equal 3>2"},
		},
		{
			// The lead-in is not the heading: the heading goes, the
			// paragraph is modified, as before.
			"lead-in differs from the heading",
			"# Personvern\n\n## Oppbevaring\n\n" + rest + "\n\n" + pKeep + "\n",
			"# Personvern\n\n**Lagring.** " + rest + "\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "removed 1>", "modified 2>1", "equal 3>2"},
		},
		{
			// The lead-in is the heading but the text after it is new:
			// nothing to fold.
			"lead-in over another paragraph",
			"# Personvern\n\n## Oppbevaring\n\n" + rest + "\n\n" + pKeep + "\n",
			"# Personvern\n\n**Oppbevaring.** Alle logger slettes etter tretti dager uten unntak.\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "removed 1>", "removed 2>", "added >1", "equal 3>2"},
		},
		{
			// Italic is not a lead-in.
			"emphasis is not a lead-in",
			"# Personvern\n\n## Oppbevaring\n\n" + rest + "\n\n" + pKeep + "\n",
			"# Personvern\n\n*Oppbevaring.* " + rest + "\n\n" + pKeep + "\n",
			[]string{"equal 0>0", "removed 1>", "modified 2>1", "equal 3>2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, new := parse(t, tt.old), parse(t, tt.new)
			ops := Blocks(old, new, DefaultOptions())
			if err := checkCoverage(old, new, ops); err != nil {
				t.Fatal(err)
			}
			if got := opStrings(ops); !slices.Equal(got, tt.want) {
				t.Errorf("ops:\n got %q\nwant %q", got, tt.want)
			}
			for _, op := range ops {
				if op.Kind == Merged || op.Kind == Split || op.Kind == Modified {
					if err := checkSpans(joinNorms(old, op.Old), joinNorms(new, op.New), op.Inline); err != nil {
						t.Errorf("op %s: %v", opString(op), err)
					}
				}
			}
		})
	}
}

// TestBlocksLeadInInline checks the word diff of a folded heading: the
// heading line gives way to the lead-in, the paragraph's text stays.
func TestBlocksLeadInInline(t *testing.T) {
	old := parse(t, "# Personvern\n\n## Oppbevaring\n\nVi lagrer data i fem år.\n")
	new := parse(t, "# Personvern\n\n**Oppbevaring.** Vi lagrer data i fem år.\n")
	ops := Blocks(old, new, DefaultOptions())
	if len(ops) != 2 || ops[1].Kind != Merged {
		t.Fatalf("ops %q, want equal and merged", opStrings(ops))
	}
	op := ops[1]
	if op.Similarity != 1 {
		t.Errorf("similarity %v, want 1: the same words", op.Similarity)
	}
	if err := checkSpans("## Oppbevaring"+joinSep+"Vi lagrer data i fem år.", new[1].Norm, op.Inline); err != nil {
		t.Fatal(err)
	}
	want := []Span{{SpanDelete, "## Oppbevaring\n\n"}, {SpanInsert, "**Oppbevaring.** "}, {SpanEqual, "Vi lagrer data i fem år."}}
	if !slices.Equal(op.Inline, want) {
		t.Errorf("inline %q, want %q", op.Inline, want)
	}
}

func TestBoldLeadIn(t *testing.T) {
	tests := []struct {
		kind        document.Kind
		norm        string
		inner, rest string
		ok          bool
	}{
		{document.Paragraph, "**Oppbevaring.** Vi lagrer data.", "Oppbevaring.", " Vi lagrer data.", true},
		{document.Paragraph, "__Retention__: We keep data.", "Retention", ": We keep data.", true},
		{document.ListItem, "- **Punkt:** tekst", "Punkt:", " tekst", true},
		{document.ListItem, "12) **Punkt** tekst", "Punkt", " tekst", true},
		{document.ListItem, "- [x] **Gjort** tekst", "Gjort", " tekst", true},
		{document.Quote, "**Merk:** tekst", "Merk:", " tekst", true},
		{document.Paragraph, "*Oppbevaring.* Vi lagrer data.", "", "", false},
		{document.Paragraph, "**Oppbevaring. Vi lagrer data.", "", "", false},
		{document.Paragraph, "****", "", "", false},
		{document.Heading, "## **Oppbevaring**", "", "", false},
		{document.Code, "**x** y", "", "", false},
	}
	for _, tt := range tests {
		inner, rest, ok := boldLeadIn(&document.Block{Kind: tt.kind, Norm: tt.norm})
		if inner != tt.inner || rest != tt.rest || ok != tt.ok {
			t.Errorf("boldLeadIn(%s %q) = %q, %q, %v; want %q, %q, %v", tt.kind, tt.norm, inner, rest, ok, tt.inner, tt.rest, tt.ok)
		}
	}
}

func TestSameWords(t *testing.T) {
	tests := []struct {
		x, y string
		want bool
	}{
		{"Oppbevaring", "Oppbevaring.", true},
		{"3.2 Oppbevaring av data", "3.2 oppbevaring av data:", true},
		{"3. Oppbevaring", "3. oppbevaring", true},
		{"Data retention", "*Data* retention", true},
		{"Data retention", "Data", false},
		{"Data", "Data retention", false},
		{"Oppbevaring", "Lagring", false},
		{"", "", false},
		{"...", ":", false},
	}
	for _, tt := range tests {
		if got := sameWords(tt.x, tt.y); got != tt.want {
			t.Errorf("sameWords(%q, %q) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
}
