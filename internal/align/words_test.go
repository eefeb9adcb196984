package align

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Vi skal ikke", []string{"Vi", " ", "skal", " ", "ikke"}},
		{"artikkel 28.", []string{"artikkel", " ", "28", "."}},
		{"datert 10. juli 2023", []string{"datert", " ", "10.", " ", "juli", " ", "2023"}},
		{"1.5 og 1,5 og 3.3.1", []string{"1.5", " ", "og", " ", "1,5", " ", "og", " ", "3.3.1"}},
		{"10 000 kr", []string{"10 000", " ", "kr"}},
		{"10\u00a0000\u00a0000 kr", []string{"10\u00a0000\u00a0000", " ", "kr"}},
		{"i 2022 2023", []string{"i", " ", "2022", " ", "2023"}},
		{"e-post og don't", []string{"e-post", " ", "og", " ", "don't"}},
		{"EU/EØS", []string{"EU", "/", "EØS"}},
		{"Altinn 3-plattformen", []string{"Altinn", " ", "3-plattformen"}},
		{"**viktig**", []string{"**", "viktig", "**"}},
		{"_ord_ og `kode`", []string{"_", "ord", "_", " ", "og", " ", "`", "kode", "`"}},
		{"[kapittel 1](../introduction) skriver", []string{"[", "kapittel", " ", "1", "](", "../introduction", ")", " ", "skriver"}},
		{"[a](https://x.no/a_(b)) c", []string{"[", "a", "](", "https://x.no/a_(b)", ")", " ", "c"}},
		{"![bilde](img/a.png)", []string{"![", "bilde", "](", "img/a.png", ")"}},
		{"se https://www.digdir.no/om. Neste", []string{"se", " ", "https://www.digdir.no/om", ".", " ", "Neste"}},
		{"(www.altinn.no)", []string{"(", "www.altinn.no", ")"}},
		{`{{< figure src="a.png" >}} tekst`, []string{`{{< figure src="a.png" >}}`, " ", "tekst"}},
		{"{{% notice %}}", []string{"{{% notice %}}"}},
		{"{{ not a shortcode", []string{"{{", " ", "not", " ", "a", " ", "shortcode"}},
		{"linje<br>ny", []string{"linje", "<br>", "ny"}},
		{"a < b", []string{"a", " ", "<", " ", "b"}},
		{"Hva nå?...", []string{"Hva", " ", "nå", "?", "..."}},
		{"a \n\n b", []string{"a", " \n\n ", "b"}},
		{"## Tittel", []string{"##", " ", "Tittel"}},
		{"x\xffy", []string{"x", "\xff", "y"}},
	}
	for _, tt := range tests {
		got := Tokenize(tt.in)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tokenize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
		if j := strings.Join(got, ""); j != tt.in {
			t.Errorf("Tokenize(%q) joins to %q", tt.in, j)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []Span // the non-equal spans, in order
	}{
		{"identical", pIntro, pIntro, nil},
		{"both empty", "", "", nil},
		{"from empty", "", "Ny tekst.", []Span{{SpanInsert, "Ny tekst."}}},
		{"to empty", "Gammel tekst.", "", []Span{{SpanDelete, "Gammel tekst."}}},
		{
			"replacement groups the whole phrase",
			"Vi skal ikke overføre personopplysninger.",
			"Vi kan overføre personopplysninger.",
			[]Span{{SpanDelete, "skal ikke"}, {SpanInsert, "kan"}},
		},
		{
			"number is one token",
			"i henhold til artikkel 28 i GDPR",
			"i henhold til artikkel 26 i GDPR",
			[]Span{{SpanDelete, "28"}, {SpanInsert, "26"}},
		},
		{
			"deletion of a word",
			"Vi bruker Microsoft Azure som skyleverandør.",
			"Vi bruker Microsoft som skyleverandør.",
			[]Span{{SpanDelete, "Azure "}},
		},
		{
			"insertion starts at a word",
			"driftes i skyen og er basert",
			"driftes i skyen i Norge og er basert",
			[]Span{{SpanInsert, "i Norge "}},
		},
		{
			"URL inside a link is one token",
			"som følge av [adekvansbeslutningen](https://www.datatilsynet.no/aktuelt/2023/usa/) datert",
			"som følge av [adekvansbeslutningen](https://www.datatilsynet.no/aktuelt/2024/usa-ny/) datert",
			[]Span{{SpanDelete, "https://www.datatilsynet.no/aktuelt/2023/usa/"}, {SpanInsert, "https://www.datatilsynet.no/aktuelt/2024/usa-ny/"}},
		},
		{
			"punctuation only",
			"Altinn, som er en plattform, driftes i skyen.",
			"Altinn som er en plattform driftes i skyen.",
			[]Span{{SpanDelete, ","}, {SpanDelete, ","}},
		},
		{
			"English edit",
			"The processor stores data in Norway.",
			"The subprocessor keeps logs in Sweden.",
			[]Span{{SpanDelete, "processor stores data"}, {SpanInsert, "subprocessor keeps logs"}, {SpanDelete, "Norway"}, {SpanInsert, "Sweden"}},
		},
		{
			"one word kept between light edits",
			"We store the data in Norway.",
			"We keep the data in Sweden.",
			[]Span{{SpanDelete, "store"}, {SpanInsert, "keep"}, {SpanDelete, "Norway"}, {SpanInsert, "Sweden"}},
		},
		{
			"heavy rewrite is one replacement",
			"a b c d e f g h i",
			"v w c x y z g q r",
			[]Span{{SpanDelete, "a b c d e f g h i"}, {SpanInsert, "v w c x y z g q r"}},
		},
		{
			"whitespace only",
			"to  mellomrom",
			"to mellomrom",
			[]Span{{SpanDelete, "  "}, {SpanInsert, " "}},
		},
		{
			"markup added",
			"Dette er viktig for alle.",
			"Dette er **viktig** for alle.",
			[]Span{{SpanInsert, "**"}, {SpanInsert, "**"}},
		},
		{
			"shortcode changed",
			`Se {{< ref "a.md" >}} her.`,
			`Se {{< ref "b.md" >}} her.`,
			[]Span{{SpanDelete, `{{< ref "a.md" >}}`}, {SpanInsert, `{{< ref "b.md" >}}`}},
		},
		{
			"invalid UTF-8",
			"a\xff b",
			"a\xfe b",
			[]Span{{SpanDelete, "\xff"}, {SpanInsert, "\xfe"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := Words(tt.old, tt.new, DefaultOptions())
			if err := checkSpans(tt.old, tt.new, spans); err != nil {
				t.Fatal(err)
			}
			if got := changes(spans); !slices.Equal(got, tt.want) {
				t.Errorf("changes\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestWordsSeed diffs each seed paragraph against versions with a word
// removed, a word inserted and the sentence order swapped.
func TestWordsSeed(t *testing.T) {
	paras := seedParagraphs(t)
	if paras == nil {
		t.Skip("shared seed " + seedPath + " is absent")
	}
	for _, p := range paras {
		words := strings.Fields(p)
		variants := []string{
			strings.Join(append(slices.Clone(words[:len(words)/2]), words[len(words)/2+1:]...), " "),
			strings.Join(slices.Insert(slices.Clone(words), len(words)/3, "ikke"), " "),
			strings.Join(append(slices.Clone(words[len(words)/2:]), words[:len(words)/2]...), " "),
			"",
		}
		for _, v := range variants {
			if err := checkSpans(p, v, Words(p, v, DefaultOptions())); err != nil {
				t.Errorf("%.40q: %v", p, err)
			}
			if err := checkSpans(v, p, Words(v, p, DefaultOptions())); err != nil {
				t.Errorf("%.40q reversed: %v", p, err)
			}
		}
	}
}

// TestWordsLarge takes the bounded path (patience anchors and halving)
// that short texts never reach.
func TestWordsLarge(t *testing.T) {
	old, new := largePair(20_000, 50)
	spans := Words(old, new, DefaultOptions())
	if err := checkSpans(old, new, spans); err != nil {
		t.Fatal(err)
	}
	n := len(changes(spans))
	if n < 50 || n > 150 {
		t.Errorf("%d changed spans for 50 edits", n)
	}
	// Unrelated texts with repeated words only: no anchors at all.
	a := strings.Repeat("og i av ", 3000)
	b := strings.Repeat("på for til ", 3000)
	if err := checkSpans(a, b, Words(a, b, DefaultOptions())); err != nil {
		t.Fatal(err)
	}
	c := strings.Repeat("og i ", 3000) + strings.Repeat("av ", 3000)
	d := strings.Repeat("i og ", 2500) + strings.Repeat("av ", 3500)
	if err := checkSpans(c, d, Words(c, d, DefaultOptions())); err != nil {
		t.Fatal(err)
	}
}

// TestIsWordRune checks the Latin-1 shortcuts of isWordRune against the
// definition, letters, digits and marks, over every rune.
func TestIsWordRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		if got := isWordRune(r); got != want {
			t.Fatalf("isWordRune(%U) = %v, want %v", r, got, want)
		}
	}
}
