package redline

import (
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
)

// flat writes blocks in a notation for tests: a block a line ("#2 "
// before a heading, its marker before a list item, "  " a depth, "> " a
// quote, "~" before a block that follows with no blank line, "code: "
// and "---"), runs with git's word-diff marks, "⏎" a line break, " | "
// between cells, "`…`" a code span, "<…>" a link's text and "{url}" its
// address.
func flat(blocks []Block) string {
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if bl.Tight {
			b.WriteByte('~')
		}
		b.WriteString(strings.Repeat("> ", bl.Quote))
		b.WriteString(strings.Repeat("  ", max(bl.Depth-1, 0)))
		switch bl.Kind {
		case Heading:
			b.WriteString("#" + string(rune('0'+bl.Level)) + " ")
		case CodeBlock:
			b.WriteString("code: ")
		case Rule:
			b.WriteString("---")
		case Row:
			if bl.Header {
				b.WriteString("th: ")
			}
		}
		if bl.Marker != "" {
			b.WriteString(bl.Marker + " ")
		}
		var style Style
		url := ""
		for _, r := range bl.Runs {
			if r.Style&Link == 0 && style&Link != 0 {
				b.WriteString(">{" + url + "}")
			}
			if r.Style&Code == 0 && style&Code != 0 {
				b.WriteString("`")
			}
			if r.Style&Code != 0 && style&Code == 0 {
				b.WriteString("`")
			}
			if r.Style&Link != 0 && (style&Link == 0 || r.URL != url) {
				b.WriteString("<")
			}
			style, url = r.Style, r.URL
			switch r.Kind {
			case Break:
				b.WriteString("⏎")
				continue
			case Cell:
				b.WriteString(" | ")
				continue
			}
			switch r.Op {
			case Insert:
				b.WriteString("{+" + r.Text + "+}")
			case Delete:
				b.WriteString("[-" + r.Text + "-]")
			default:
				b.WriteString(r.Text)
			}
		}
		if style&Code != 0 {
			b.WriteString("`")
		}
		if style&Link != 0 {
			b.WriteString(">{" + url + "}")
		}
	}
	return b.String()
}

func oneText(t *testing.T, old, new string) string {
	t.Helper()
	cs := changes(t, old, new)
	if len(cs) != 1 {
		t.Fatalf("%d changes, want 1: %+v", len(cs), cs)
	}
	return flat(Text(&cs[0], TextOptions{Base: page}))
}

func TestTextLinkTarget(t *testing.T) {
	got := oneText(t,
		"# Sammendrag\n\nSe [kapittel 1](../introduction) for bakgrunn.\n",
		"# Sammendrag\n\nSe [kapittel 1](/nb/dpia/introduction/) for bakgrunn.\n")
	// The link's text, its address resolved; the target named after it.
	want := "Se <kapittel 1>{https://docs.altinn.studio/nb/dpia/introduction/} ([-../introduction-] → {+/nb/dpia/introduction/+}) for bakgrunn."
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// A link whose text changed and whose target did not: no target.
	got = oneText(t, "Les [adekvansbeslutningen](https://www.datatilsynet.no/a) om USA.\n", "Les [den nye adekvansbeslutningen](https://www.datatilsynet.no/a) om USA.\n")
	if want := "Les <{+den nye +}adekvansbeslutningen>{https://www.datatilsynet.no/a} om USA."; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// A link whose "](target)" went with the deletion: its target named
	// where it stood.
	got = oneText(t, "Se [kapittel 1](../introduction) for bakgrunn.\n", "Se [kapittel 1 for bakgrunn.\n")
	if want := "Se [kapittel 1 ([-../introduction-]) for bakgrunn."; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestTextBlocks(t *testing.T) {
	tbl := "| Versjon | Dato | Endring |\n| --- | --- | --- |\n| 2.0 | 2023 | Første<br><br>versjon |\n| 2.5 | 2023 | %s |\n"
	for _, c := range []struct{ name, old, new, want string }{
		{"setext heading", "Risiko\n------\n\nTekst.\n", "Risikovurdering\n------\n\nTekst.\n", "#2 [-Risiko-]{+Risikovurdering+}"},
		{"atx heading with id", "## 3.3 Bruk av databehandler {#bruk}\n\nTekst.\n", "## 3.3 Bruk av underdatabehandler {#bruk}\n\nTekst.\n",
			"#2 3.3 Bruk av [-databehandler-]{+underdatabehandler+}"},
		{"nested list item", "- Første\n- Andre\n  - Loggene lagres i 30 dager\n", "- Første\n- Andre\n  - Loggene lagres i 90 dager\n",
			"- Loggene lagres i [-30-]{+90+} dager"},
		{"ordered item", "3. Tredje punkt\n", "3. Tredje punktet\n", "3. Tredje [-punkt-]{+punktet+}"},
		{"table row with line breaks", fmt.Sprintf(tbl, "Adekvans"), fmt.Sprintf(tbl, "Adekvansbeslutningen<br>er tatt inn"),
			"2.5 | 2023 | [-Adekvans-]{+Adekvansbeslutningen+}⏎{+er tatt inn+}"},
		{"table header", "| Versjon | Dato |\n| --- | --- |\n| 2.0 | 2023 |\n", "| Versjon | Oppdatert |\n| --- | --- |\n| 2.0 | 2023 |\n",
			"th: Versjon | [-Dato-]{+Oppdatert+}"},
		{"escapes", `Se \[kapittel 1\]\(../introduction) og &amp; mer.` + "\n", `Se \[kapittel 2\]\(../introduction) og &amp; mer.` + "\n",
			"Se [kapittel [-1-]{+2+}](../introduction) og & mer."},
		{"code span", "Sett `retention: 30` i filen.\n", "Sett `retention: 90` i filen.\n", "Sett `retention: [-30-]{+90+}` i filen."},
		{"emphasis", "Vi lagrer _aldri_ loggene.\n", "Vi lagrer _sjelden_ loggene.\n", "Vi lagrer [-aldri-]{+sjelden+} loggene."},
		{"hard line break", "Sist endret 13. april\\\nDenne avtalen gjelder.\n", "Sist endret 21. august\\\nDenne avtalen gjelder.\n",
			"Sist endret [-13. april-]{+21. august+}⏎Denne avtalen gjelder."},
		{"image address", "Tekst ![logo](//a/x.png) her.\n", "Tekst ![logo](//b/y.png) her.\n", "Tekst [▣ logo] ([-//a/x.png-] → {+//b/y.png+}) her."},
		{"image added", "Tekst her.\n", "Tekst ![logo](https://a/y.png) her.\n", "Tekst {+[▣ logo] +}her."},
		{"block quote", "> Vi lagrer logger\n> i 30 dager.\n", "> Vi lagrer logger\n> i 90 dager.\n", "> Vi lagrer logger i [-30-]{+90+} dager."},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := oneText(t, c.old, c.new); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestTextWholeAndUnaligned(t *testing.T) {
	// A page's blocks added: each as it reads, inserted; list items
	// follow each other with no blank line.
	c := &classify.Change{Op: align.Added, New: &classify.Side{Text: "# A\n\nFørste **ord**.\n\n1. Et [ledd](https://a/)\n2. Et til\n   - under\n\n---\n\n```\nkode  her\n```\n"}}
	want := "#1 {+A+}\n{+Første +}{+ord+}{+.+}\n1. {+Et +}<{+ledd+}>{https://a/}\n~2. {+Et til+}\n~  - {+under+}\n---\ncode: {+kode  her\n+}"
	if got := flat(Text(c, TextOptions{})); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	bs := Text(c, TextOptions{})
	if bs[1].Runs[1].Style != Strong || bs[2].Depth != 1 || bs[4].Depth != 2 || bs[4].Marker != "-" {
		t.Errorf("styles or depths lost: %+v", bs)
	}
	// Spans that do not fit: the old blocks deleted, the new inserted.
	c = &classify.Change{
		Op:     align.Modified,
		Old:    &classify.Side{Text: "Se [a](x) her."},
		New:    &classify.Side{Text: "Se **b** der."},
		Inline: []align.Span{{Op: align.SpanEqual, Text: "Noe "}, {Op: align.SpanInsert, Text: "annet"}},
	}
	if got, want := flat(Text(c, TextOptions{})), "[-Se -]<[-a-]>{x}[- her.-]\n{+Se +}{+b+}{+ der.+}"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// Reflowed: as it stands, unmarked.
	cs := changes(t, "Ett to tre\nfire fem.\n", "Ett to\ntre fire fem.\n")
	if got, want := flat(Text(&cs[0], TextOptions{})), "Ett to tre fire fem."; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// Front matter: its spans.
	cs = changes(t, "---\nweight: 30\n---\n\nTekst.\n", "---\nweight: 40\n---\n\nTekst.\n")
	if got, want := flat(Text(&cs[0], TextOptions{})), "[-weight: 30-] {+weight: 40+}"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if Text(nil, TextOptions{}) != nil || Text(&classify.Change{Op: align.Added}, TextOptions{}) != nil {
		t.Error("a change with no sides has text")
	}
}

// TestTextUnsafe: what the HTML does not let through does not become a
// link or markup in the text either: raw HTML is its text, an unsafe
// address is no address.
func TestTextUnsafe(t *testing.T) {
	cs := changes(t, "Se [her](https://a/) og <b>fet</b>.\n", "Se [her](javascript:alert(1)) og <script>alert(1)</script>.\n")
	bs := Text(&cs[0], TextOptions{Base: page})
	got := flat(bs)
	if !strings.Contains(got, "<script>alert(1)</script>") {
		t.Errorf("raw HTML is not shown as its text: %s", got)
	}
	for _, b := range bs {
		for _, r := range b.Runs {
			if r.URL != "" && present.SafeURL(r.URL) != r.URL {
				t.Errorf("unsafe address %q", r.URL)
			}
			if strings.HasPrefix(r.URL, "javascript") {
				t.Errorf("script address %q", r.URL)
			}
		}
	}
}

// TestTextSameReading: the text form and the HTML read a change alike:
// the words each marks inserted and deleted are the same.
func TestTextSameReading(t *testing.T) {
	pairs := [][2]string{
		{"Se [kapittel 1](../introduction) for bakgrunn.\n", "Se [kapittel 2](/nb/) for mer bakgrunn.\n"},
		{"| a | b<br>c |\n| --- | --- |\n| d | e |\n", "| a | b<br>x |\n| --- | --- |\n| d | f |\n"},
		{"Digdir kan bruke *underdatabehandlere* til drift.\n", "Digdir kan kun bruke **underdatabehandlere** til drift av Altinn.\n"},
		{"- a\n- b c d\n", "- a\n- b x d\n"},
	}
	tags := func(html string, tag string) string {
		var b strings.Builder
		for {
			i := strings.Index(html, "<"+tag+">")
			if i < 0 {
				return b.String()
			}
			html = html[i+len(tag)+2:]
			j := strings.Index(html, "</"+tag+">")
			b.WriteString(html[:j])
			html = html[j:]
		}
	}
	for _, p := range pairs {
		for _, c := range changes(t, p[0], p[1]) {
			h := string(Change(&c, Options{}))
			var ins, del strings.Builder
			for _, b := range Text(&c, TextOptions{}) {
				for _, r := range b.Runs {
					switch r.Op {
					case Insert:
						ins.WriteString(r.Text)
					case Delete:
						del.WriteString(r.Text)
					}
				}
			}
			norm := func(s string) string { return strings.Join(strings.Fields(html.UnescapeString(s)), "") }
			if norm(ins.String()) != norm(tags(h, "ins")) || norm(del.String()) != norm(tags(h, "del")) {
				t.Errorf("%q -> %q: text marks +%q -%q, HTML +%q -%q", p[0], p[1], ins.String(), del.String(), tags(h, "ins"), tags(h, "del"))
			}
		}
	}
}

// TestTextMegabyte: the text form of a megabyte block is linear, as the
// HTML is.
func TestTextMegabyte(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "Avsnitt %d handler om *lagring* av logger i [kapittel %d](../k%d/) og om sletting.\n", i, i%7, i%7)
	}
	old := b.String()
	new := strings.Replace(old, "Avsnitt 5000 handler", "Avsnitt 5000 handler ikke", 1)
	bs := Text(modified(old, new), TextOptions{})
	n := 0
	for _, bl := range bs {
		for _, r := range bl.Runs {
			n += len(r.Text)
			if r.Op == Insert && strings.Contains(r.Text, "ikke") {
				n -= 1 << 30
			}
		}
	}
	if n > 0 || n < -(1<<30) {
		t.Errorf("the inserted word is not marked (%d)", n)
	}
}

// TestTextHostileBlocks reads each hostile block as text, changed at its
// end: the insertion is there, whether the block was parsed or shown as
// it is written.
func TestTextHostileBlocks(t *testing.T) {
	for _, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			old := h.make(50000)
			bs := Text(modified(old, old+" slutt"), TextOptions{})
			found := false
			for _, b := range bs {
				for _, r := range b.Runs {
					found = found || r.Op == Insert && strings.Contains(r.Text, "slutt")
				}
			}
			if !found {
				t.Errorf("the insertion is lost: %d blocks", len(bs))
			}
		})
	}
}

func TestReading(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"I [kapittel 1](../introduction) skriver *vi*\nmer.", "I kapittel 1 skriver vi mer."},
		{"- en\n- **to**", "- en - to"},
		{"| a | b |\n|---|---|\n| [x](https://e.no) | y |", "a | b x | y"},
		{"Heading\n-------", "Heading"},
	} {
		if got := Reading(c.in); got != c.want {
			t.Errorf("Reading(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
