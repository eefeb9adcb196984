package document

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func mustParse(t testing.TB, path, src string) *Document {
	t.Helper()
	d, err := Parse(path, []byte(src), DefaultLimits)
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	checkTiling(t, d)
	return d
}

// checkTiling asserts the contract of Block spans: joined after the front
// matter they reproduce the source, and Text lies inside its span.
func checkTiling(t testing.TB, d *Document) {
	t.Helper()
	var b bytes.Buffer
	b.Write(d.Source[:d.BodyStart])
	for i, blk := range d.Blocks {
		if blk.Start > blk.End || blk.End > len(d.Source) {
			t.Fatalf("block %d: bad span [%d,%d) in %d bytes", i, blk.Start, blk.End, len(d.Source))
		}
		b.Write(d.Source[blk.Start:blk.End])
		if !strings.Contains(string(d.Source[blk.Start:blk.End]), blk.Text) || blk.Text == "" {
			t.Fatalf("block %d: text %q not in its span %q", i, blk.Text, d.Source[blk.Start:blk.End])
		}
		if blk.Line < 1 || blk.EndLine < blk.Line {
			t.Fatalf("block %d: lines %d-%d", i, blk.Line, blk.EndLine)
		}
	}
	if len(d.Blocks) == 0 {
		if !blankLine(d.Source[d.BodyStart:], false) {
			t.Fatalf("no blocks for a body with text: %q", d.Source[d.BodyStart:])
		}
		return
	}
	if !bytes.Equal(b.Bytes(), d.Source) {
		t.Fatalf("spans do not tile the source:\n got %q\nwant %q", b.Bytes(), d.Source)
	}
}

type blockSummary struct {
	Kind   Kind
	Level  int
	Line   int
	Anchor string
	Plain  string
}

func summarize(d *Document) []blockSummary {
	var out []blockSummary
	for _, b := range d.Blocks {
		out = append(out, blockSummary{b.Kind, b.Level, b.Line, b.Anchor, b.Plain})
	}
	return out
}

func TestRealisticPage(t *testing.T) {
	src, err := os.ReadFile("testdata/realistic.nb.md")
	if err != nil {
		t.Fatal(err)
	}
	d := mustParse(t, "content/dpia/_index.nb.md", string(src))
	if d.Lang != "nb" || d.FrontFormat != "yaml" || d.Front["title"] != "Behandlingsgrunnlag" || d.Front["weight"] != 20 {
		t.Errorf("lang %q format %q front %v", d.Lang, d.FrontFormat, d.Front)
	}
	const sec1, sec2 = "formål-og-behandlingsgrunnlag", "33-bruk-av-databehandler"
	want := []blockSummary{
		{Paragraph, 0, 7, "", "Innledende avsnitt før første overskrift."},
		{Heading, 2, 9, sec1, "Formål og behandlingsgrunnlag"},
		{Paragraph, 0, 11, sec1, "Altinn behandler personopplysninger[^1] på vegne av tjenesteeierne. Se kapittel 3."},
		{ListItem, 1, 14, sec1, "Tjenesteeiere er behandlingsansvarlige"},
		{ListItem, 2, 15, sec1, "Digdir er databehandler"},
		{ListItem, 2, 16, sec1, "Underleverandører:"},
		{ListItem, 3, 17, sec1, "Microsoft"},
		{ListItem, 3, 18, sec1, "Andre"},
		{ListItem, 1, 19, sec1, "[x] Avtale inngått"},
		{Shortcode, 0, 21, sec1, `{{< figure src="altinn.png" alt="Altinn-arkitektur" >}}`},
		{Heading, 2, 23, sec2, "3.3 Bruk av databehandler"},
		{TableRow, 0, 25, sec2, "Rolle | Ansvar"},
		{TableRow, 0, 27, sec2, "Digdir | Databehandler"},
		{TableRow, 0, 28, sec2, "Tjenesteeier | Behandlingsansvarlig"},
		{Quote, 1, 30, sec2, "Personvernet skal respekteres."},
		{Quote, 2, 33, sec2, "Sitat i sitat."},
		{Code, 0, 35, sec2, "# ikke en overskrift key: value"},
		{HTML, 0, 40, sec2, "Mer Skjult tekst."},
		{Shortcode, 0, 45, sec2, "{{% notice info %}}"},
		{Paragraph, 0, 46, sec2, "Merknad med vekt."},
		{Shortcode, 0, 47, sec2, "{{% /notice %}}"},
		{Rule, 0, 49, sec2, ""},
		{Heading, 2, 51, sec2 + "-1", "3.3 Bruk av databehandler"},
		{Heading, 2, 53, "egen-id", "Egendefinert"},
		{Footnote, 0, 55, "egen-id", "Se personvernforordningen artikkel 28."},
	}
	if got := summarize(d); !reflect.DeepEqual(got, want) {
		for i := range max(len(got), len(want)) {
			var g, w blockSummary
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("block %d:\n got %+v\nwant %+v", i, g, w)
			}
		}
	}
	// Spot checks on fields the summary leaves out.
	byLine := map[int]Block{}
	for _, b := range d.Blocks {
		byLine[b.Line] = b
	}
	if b := byLine[11]; !reflect.DeepEqual(b.Links, []string{"../about-use-of-cloud/"}) || b.EndLine != 12 {
		t.Errorf("paragraph: links %q end line %d", b.Links, b.EndLine)
	}
	if b := byLine[25]; b.Text != "| Rolle | Ansvar |\n|-------|--------|" {
		t.Errorf("header row text %q, want the delimiter row with it", b.Text)
	}
	if b := byLine[35]; b.Text != "```yaml\n# ikke en overskrift\nkey: value\n```" {
		t.Errorf("code text %q", b.Text)
	}
	if b := byLine[15]; b.Text != "  - Digdir er databehandler" || b.Norm != "- Digdir er databehandler" {
		t.Errorf("nested item text %q norm %q", b.Text, b.Norm)
	}
	if b := byLine[17]; !reflect.DeepEqual(b.Section, []string{"Formål og behandlingsgrunnlag"}) {
		t.Errorf("section %q", b.Section)
	}
	if b := byLine[53]; !reflect.DeepEqual(b.Section, []string{"Egendefinert"}) {
		t.Errorf("section of a heading %q, want its own title last", b.Section)
	}
}

func TestSeedPage(t *testing.T) {
	src, err := os.ReadFile("testdata/dpia-summary.nb.md")
	if err != nil {
		t.Fatal(err)
	}
	d := mustParse(t, "dpia-summary.nb.md", string(src))
	if d.Lang != "nb" || d.Front["title"] != "Sammendrag" {
		t.Errorf("lang %q front %v", d.Lang, d.Front)
	}
	if len(d.Blocks) != 8 {
		t.Fatalf("got %d blocks, want the page's 8 paragraphs", len(d.Blocks))
	}
	wantLines := []int{7, 11, 18, 22, 26, 31, 36, 40}
	for i, b := range d.Blocks {
		if b.Kind != Paragraph || b.Line != wantLines[i] || b.Anchor != "" || b.Section != nil {
			t.Errorf("block %d: %s line %d anchor %q section %q", i, b.Kind, b.Line, b.Anchor, b.Section)
		}
		if strings.Contains(b.Norm, "\n") || strings.Contains(b.Norm, "  ") {
			t.Errorf("block %d: norm not collapsed: %q", i, b.Norm)
		}
	}
	last := d.Blocks[7]
	if last.EndLine != 43 || !strings.HasSuffix(last.Text, "redaksjonelle endringer.") {
		t.Errorf("last block ends on line %d with %q", last.EndLine, last.Text[len(last.Text)-20:])
	}
	wantLinks := []string{"https://www.datatilsynet.no/aktuelt/aktuelle-nyheter-2023/nye-regler-for-overforing-av-personopplysninger-til-usa/"}
	if !reflect.DeepEqual(last.Links, wantLinks) || !strings.HasPrefix(last.Plain, "Denne versjonen er oppdatert som følge av adekvansbeslutningen datert") {
		t.Errorf("last block links %q plain %q", last.Links, last.Plain)
	}
	if got := d.Blocks[1].Links; !reflect.DeepEqual(got, []string{"../introduction", "../processing-and-purpose"}) {
		t.Errorf("links %q", got)
	}
}

// TestReflow: the same words broken into lines differently, in any
// container, give the same Norm and Plain; different words do not.
func TestReflow(t *testing.T) {
	pairs := []struct{ name, a, b string }{
		{"paragraph", "Altinn er i en\novergangsfase fra eksisterende løsning.", "Altinn er i en overgangsfase\nfra   eksisterende\tløsning."},
		{"quote", "> Altinn er i en\n> overgangsfase fra løsning.", "> Altinn er i en overgangsfase\n> fra løsning."},
		{"lazy quote", "> Altinn er i en\novergangsfase.", "> Altinn er i en overgangsfase."},
		{"nested quote", "> > Altinn er\n> > i en fase.", "> > Altinn er i\n> > en fase."},
		{"list item", "- Altinn er i en\n  overgangsfase.", "- Altinn er i en overgangsfase."},
		{"CRLF", "Altinn er i en\r\novergangsfase.\r\n", "Altinn er i en\novergangsfase.\n"},
		{"trailing spaces", "Altinn er i en   \novergangsfase.", "Altinn er i en\novergangsfase."},
		{"NFD", "Forma\u030al.", "Form\u00e5l."},
	}
	for _, p := range pairs {
		a, b := mustParse(t, "a.md", p.a), mustParse(t, "b.md", p.b)
		if len(a.Blocks) != 1 || len(b.Blocks) != 1 {
			t.Fatalf("%s: %d and %d blocks, want 1", p.name, len(a.Blocks), len(b.Blocks))
		}
		if a.Blocks[0].Norm != b.Blocks[0].Norm || a.Blocks[0].Plain != b.Blocks[0].Plain {
			t.Errorf("%s: norm %q != %q or plain %q != %q", p.name, a.Blocks[0].Norm, b.Blocks[0].Norm, a.Blocks[0].Plain, b.Blocks[0].Plain)
		}
		if strings.ContainsAny(a.Blocks[0].Norm, "\r\n\t>") && p.name != "CRLF" {
			t.Errorf("%s: norm %q keeps line structure", p.name, a.Blocks[0].Norm)
		}
	}
	different := []struct{ name, a, b string }{
		{"word", "Altinn er i en fase.", "Altinn er i en ny fase."},
		{"marker kept", "- punkt", "* punkt"},
		{"numbering kept", "1. punkt", "2. punkt"},
		{"emphasis is text change in Norm", "Altinn *er* her.", "Altinn er her."},
		{"no-break space is kept", "10\u00a0000 kr", "10 000 kr"},
	}
	for _, p := range different {
		a, b := mustParse(t, "a.md", p.a), mustParse(t, "b.md", p.b)
		if a.Blocks[0].Norm == b.Blocks[0].Norm {
			t.Errorf("%s: norm %q equal for different text", p.name, a.Blocks[0].Norm)
		}
	}
}

func TestCRLFPage(t *testing.T) {
	src, err := os.ReadFile("testdata/realistic.nb.md")
	if err != nil {
		t.Fatal(err)
	}
	lf := mustParse(t, "a.md", string(src))
	crlf := mustParse(t, "a.md", strings.ReplaceAll(string(src), "\n", "\r\n"))
	if !reflect.DeepEqual(lf.Front, crlf.Front) {
		t.Errorf("front matter %v != %v", crlf.Front, lf.Front)
	}
	if got, want := summarize(crlf), summarize(lf); !reflect.DeepEqual(got, want) {
		t.Errorf("CRLF page blocks differ:\n got %+v\nwant %+v", got, want)
	}
	for i, b := range crlf.Blocks {
		if b.Norm != lf.Blocks[i].Norm || strings.Contains(b.Norm, "\r") || strings.HasSuffix(b.Text, "\r") {
			t.Errorf("block %d: norm %q text %q", i, b.Norm, b.Text)
		}
	}
}

func TestPlainAndLinks(t *testing.T) {
	tests := []struct {
		src, plain string
		links      []string
	}{
		{"Tekst med **fet**, *kursiv*, ~~slettet~~ og `kode`.", "Tekst med fet, kursiv, slettet og kode.", nil},
		{"Se [kapittel 1](../introduction) og ![Figur *1*](fig.png \"tittel\").", "Se kapittel 1 og Figur 1.", []string{"../introduction", "fig.png"}},
		{"Lenke <https://digdir.no> og www.altinn.no her.", "Lenke https://digdir.no og www.altinn.no her.", []string{"https://digdir.no", "http://www.altinn.no"}},
		{"Tekst med <span class=\"x\">HTML</span> inni.", "Tekst med HTML inni.", nil},
		{"Escapes \\*ikke kursiv\\* &amp; &#230;.", "Escapes *ikke kursiv* & æ.", nil},
		{"Se {{< ref \"side.md\" >}} og [her]({{< relref \"a.md#b\" >}}).", "Se {{< ref \"side.md\" >}} og her.", []string{`{{< relref "a.md#b" >}}`}},
		{"Kode med {{< x >}}: `{{< y >}}`.", "Kode med {{< x >}}: {{< y >}}.", nil},
		{"[ref-lenke][a]\n\n[a]: https://example.org/a", "ref-lenke", []string{"https://example.org/a"}},
		{"## Tittel med [lenke](https://a.no) {#id}", "Tittel med lenke", []string{"https://a.no"}},
		{"| **a** | [b](u) |\n|---|---|", "a | b", []string{"u"}},
		{"<div>\n<p>Hei &amp; hå</p> <!-- skjult -->\n</div>", "Hei & hå", nil},
		{"Avsnitt med fotnote[^n].\n\n[^n]: Fotnoten.", "Avsnitt med fotnote[^n].", nil},
	}
	for _, tt := range tests {
		d := mustParse(t, "a.md", tt.src)
		if len(d.Blocks) == 0 {
			t.Fatalf("%q: no blocks", tt.src)
		}
		b := d.Blocks[0]
		if b.Plain != tt.plain || !reflect.DeepEqual(b.Links, tt.links) {
			t.Errorf("%q:\n plain %q links %q\n want %q links %q", tt.src, b.Plain, b.Links, tt.plain, tt.links)
		}
	}
}

func TestShortcodeSurvives(t *testing.T) {
	// Markdown-looking text inside a shortcode is not Markdown, and a
	// shortcode spanning lines stays one token in one block.
	src := "Før\n\n{{< figure\n  src=\"a.png\"\n# not a heading\n- not a list\n>}}\n\nEtter {{% x *y* %}} slutt.\n"
	d := mustParse(t, "a.md", src)
	var kinds []Kind
	for _, b := range d.Blocks {
		kinds = append(kinds, b.Kind)
	}
	if !reflect.DeepEqual(kinds, []Kind{Paragraph, Shortcode, Paragraph}) {
		t.Fatalf("kinds %v", kinds)
	}
	if got := d.Blocks[1].Plain; got != `{{< figure src="a.png" # not a heading - not a list >}}` {
		t.Errorf("shortcode plain %q", got)
	}
	if got := d.Blocks[2].Plain; got != "Etter {{% x *y* %}} slutt." {
		t.Errorf("inline shortcode plain %q", got)
	}
}

func TestEmptyAndBlank(t *testing.T) {
	for _, src := range []string{"", "\n\n  \n", "\ufeff", "---\ntitle: x\n---\n", "---\ntitle: x\n---\n\n\n"} {
		d := mustParse(t, "a.md", src)
		if len(d.Blocks) != 0 {
			t.Errorf("%q: %d blocks, want none", src, len(d.Blocks))
		}
	}
}

func TestBOM(t *testing.T) {
	d := mustParse(t, "a.md", "\ufeff---\ntitle: Hei\n---\nTekst.\n")
	if d.Front["title"] != "Hei" || len(d.Blocks) != 1 || d.Blocks[0].Text != "Tekst." || d.Blocks[0].Line != 4 {
		t.Errorf("front %v blocks %+v", d.Front, d.Blocks)
	}
	d = mustParse(t, "a.md", "\ufeff# Tittel\n")
	if d.BodyStart != 3 || d.Blocks[0].Anchor != "tittel" {
		t.Errorf("body start %d anchor %q", d.BodyStart, d.Blocks[0].Anchor)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, src string
		lim       Limits
		line      int
		msg, hint string
	}{
		{"latin-1", "linje en\nlinje to med \xe5\n", DefaultLimits, 2, "invalid UTF-8", "UTF-8"},
		{"utf-16", "\xff\xfe#\x00 \x00", DefaultLimits, 1, "UTF-16", "convert it to UTF-8"},
		{"nul", "tekst\n\x00\x01\x02", DefaultLimits, 2, "binary file", ""},
		{"too big", "abcdef", Limits{MaxBytes: 5}, 0, "more than the limit of 5", "--max-document-bytes"},
		{"too many blocks", "a\n\nb\n\nc\n", Limits{MaxBlocks: 2}, 0, "3 blocks, more than the limit of 2", "--max-blocks"},
		{"deep quote", strings.Repeat("> ", 10000) + "x\n", DefaultLimits, 1, "nested more than", "flatten"},
		{"deep list", "tekst\n" + strings.Repeat("- ", 10000) + "x\n", DefaultLimits, 2, "nested more than", "flatten"},
		{"deep indent", func() string {
			var b strings.Builder
			for i := range 1000 {
				b.WriteString(strings.Repeat(" ", 2*i) + "- x\n")
			}
			return b.String()
		}(), DefaultLimits, 101, "nested more than", "flatten"},
	}
	for _, tt := range tests {
		_, err := Parse("content/side.md", []byte(tt.src), tt.lim)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: got %v, want *Error", tt.name, err)
			continue
		}
		if e.Path != "content/side.md" || e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) || !strings.Contains(e.Hint, tt.hint) {
			t.Errorf("%s: got %+v, want line %d, msg ~%q, hint ~%q", tt.name, e, tt.line, tt.msg, tt.hint)
		}
	}
}

// TestModerateNesting: nesting well within the cap parses, with the
// right depths.
func TestModerateNesting(t *testing.T) {
	d := mustParse(t, "a.md", strings.Repeat("> ", 30)+"dypt\n")
	if len(d.Blocks) != 1 || d.Blocks[0].Kind != Quote || d.Blocks[0].Level != 30 || d.Blocks[0].Norm != "dypt" {
		t.Errorf("blocks %+v", d.Blocks)
	}
	var b strings.Builder
	for i := range 20 {
		b.WriteString(strings.Repeat("  ", i) + "- punkt\n")
	}
	d = mustParse(t, "a.md", b.String())
	if len(d.Blocks) != 20 || d.Blocks[19].Level != 20 {
		t.Errorf("%d blocks, last level %d", len(d.Blocks), d.Blocks[len(d.Blocks)-1].Level)
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{Path: "a.md", Line: 3, Msg: "bad"}, "a.md:3: bad"},
		{Error{Path: "a.md", Msg: "bad"}, "a.md: bad"},
		{Error{Msg: "bad"}, "bad"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.e, got, tt.want)
		}
	}
}

func TestLang(t *testing.T) {
	tests := map[string]string{
		"content/dpia/_index.nb.md": "nb",
		"page.en.md":                "en",
		"page.md":                   "",
		"_index.md":                 "",
		"page.pt-BR.md":             "pt-br",
		"v1.2.md":                   "",
		"notes.draft.md":            "",
		"dir.nb/page.md":            "",
		`content\side.nn.md`:        "nn",
	}
	for path, want := range tests {
		if got := mustParse(t, path, "Text\n").Lang; got != want {
			t.Errorf("Parse(%q).Lang = %q, want %q", path, got, want)
		}
	}
	d := mustParse(t, "side.md", "---\nlanguage: en\n---\nText\n")
	if d.Lang != "en" {
		t.Errorf("front matter language: %q", d.Lang)
	}
	d = mustParse(t, "side.nb.md", "---\nlang: en\n---\nText\n")
	if d.Lang != "nb" {
		t.Errorf("file name should win over front matter: %q", d.Lang)
	}
}

// TestParseConcurrent: the goldmark parser is shared; parses running at
// once must not disturb each other (run with -race to make this bite).
func TestParseConcurrent(t *testing.T) {
	src, err := os.ReadFile("testdata/realistic.nb.md")
	if err != nil {
		t.Fatal(err)
	}
	want := summarize(mustParse(t, "a.md", string(src)))
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			d, err := Parse("a.md", src, DefaultLimits)
			if err != nil || !reflect.DeepEqual(summarize(d), want) {
				errs <- "concurrent parse differs"
				return
			}
			errs <- ""
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

// A body with no block in goldmark's tree (an empty block quote, a lone
// reference definition) is one paragraph holding its text, even when its
// first line is indented. Found by FuzzParse.
func TestParseNoBlocksIndented(t *testing.T) {
	for src, want := range map[string]string{
		"  >\n ":          "  >",
		" >\n":            " >",
		"\n\n >\n":        " >",
		"[a]: http://x\n": "[a]: http://x",
		"\n  [a]: /x \n":  "  [a]: /x",
	} {
		d := mustParse(t, "a.md", src)
		if len(d.Blocks) != 1 || d.Blocks[0].Text != want {
			t.Errorf("Parse(%q): blocks %+v, want one with text %q", src, d.Blocks, want)
		}
	}
}

// TestReleaseClears: the memory a parse gives back to the pool holds
// nothing of its tree, though release clears only as many leaves as the
// parse used, after a larger parse in the same memory too.
func TestReleaseClears(t *testing.T) {
	s := new(bodyScratch)
	pages := []string{string(generatedPage(20 << 10)), "# A\n\n{{% notice %}}\nB\n{{% /notice %}}\n\n- c\n- d\n", string(generatedPage(5 << 10))}
	for _, page := range pages {
		src := []byte(page)
		b := &body{src: src, codes: shortcodes(src), work: DefaultLimits.MaxParseWork, leaves: s.leaves[:0], plain: s.plain[:0], scratch: s}
		b.masked = mask(src, b.codes)
		if _, p := b.parse(b.masked); p != nil {
			t.Fatal(p.msg)
		}
		b.fill(b.blocks(len(src)), lineCounter(src, 1))
		b.release()
		for i, l := range s.leaves[:cap(s.leaves)] {
			if !reflect.DeepEqual(l, leaf{}) {
				t.Fatalf("after a page of %d bytes, leaf %d of %d is left: %+v", len(src), i, cap(s.leaves), l)
			}
		}
	}
}

// TestNormHash checks that Parse stores with each block the hash that
// NormHash makes for a block with the same Norm made some other way, so
// that readers may group blocks of both kinds by it.
func TestNormHash(t *testing.T) {
	src, err := os.ReadFile("testdata/realistic.nb.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range mustParse(t, "content/dpia/_index.nb.md", string(src)).Blocks {
		other := Block{Norm: b.Norm}
		if b.normHash == 0 || b.NormHash() != other.NormHash() {
			t.Errorf("block at line %d: stored hash %x, hash of its Norm %x", b.Line, b.normHash, other.NormHash())
		}
	}
}
