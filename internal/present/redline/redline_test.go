package redline

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
)

const page = "https://docs.altinn.studio/nb/dpia/summary/"

// changes compares two versions of a page as redline does and returns
// its changes.
func changes(t testing.TB, old, new string) []classify.Change {
	t.Helper()
	d, err := classify.Default().Compare("a.nb.md", []byte(old), "a.nb.md", []byte(new))
	if err != nil {
		t.Fatal(err)
	}
	return d.Changes
}

// one compares two versions of a page that differ in one block and
// renders that change.
func one(t *testing.T, old, new string) string {
	t.Helper()
	cs := changes(t, old, new)
	if len(cs) != 1 {
		t.Fatalf("%d changes, want 1: %+v", len(cs), cs)
	}
	out := string(Change(&cs[0], Options{Base: page}))
	checkHTML(t, out)
	return out
}

func contains(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, short(got))
		}
	}
}

func lacks(t *testing.T, got string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if i := strings.Index(got, b); i >= 0 {
			t.Errorf("output has %q: %s", b, short(got[max(0, i-200):]))
		}
	}
}

// short is the start of a long output, for messages.
func short(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// allowed are the elements and attributes the renderer may write.
var allowed = map[string]map[string]bool{
	"div": {"class": true}, "p": {"class": true}, "span": {"class": true},
	"h1": {}, "h2": {}, "h3": {}, "h4": {}, "h5": {}, "h6": {},
	"ul": {}, "ol": {"start": true}, "li": {}, "dl": {}, "dt": {}, "dd": {},
	"table": {}, "thead": {}, "tbody": {}, "tr": {}, "th": {"class": true}, "td": {"class": true},
	"a": {"href": true, "class": true}, "em": {"class": true}, "strong": {"class": true}, "code": {"class": true}, "pre": {"class": true}, "s": {"class": true},
	"sup": {"class": true}, "blockquote": {}, "ins": {}, "del": {}, "br": {}, "hr": {},
}

var void = map[string]bool{"br": true, "hr": true}

// privateUse reports whether r is in the Basic Multilingual Plane's
// private use area, where renderers of this kind hide their markers.
func privateUse(r rune) bool { return r >= 0xE000 && r <= 0xF8FF }

// wellFormed says what is wrong with out as the renderer's HTML, or "":
// every tag closed in order, only the renderer's own elements and
// attributes, only safe links, no mark inside a mark, valid UTF-8.
func wellFormed(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	z := html.NewTokenizer(strings.NewReader(out))
	var stack []string
	marks := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return z.Err().Error()
			}
			if len(stack) > 0 {
				return fmt.Sprintf("unclosed %v", stack)
			}
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tk := z.Token()
			attrs, ok := allowed[tk.Data]
			if !ok {
				return "element " + tk.Data
			}
			for _, a := range tk.Attr {
				if !attrs[a.Key] {
					return "attribute " + a.Key + " on " + tk.Data
				}
				if a.Key == "href" && present.SafeURL(a.Val) != a.Val {
					return "unsafe link " + a.Val
				}
			}
			if void[tk.Data] {
				continue
			}
			if tt == html.SelfClosingTagToken {
				return "self-closing " + tk.Data
			}
			if tk.Data == "ins" || tk.Data == "del" {
				if marks > 0 {
					return "a mark inside a mark"
				}
				marks++
			}
			stack = append(stack, tk.Data)
		case html.EndTagToken:
			tk := z.Token()
			if len(stack) == 0 || stack[len(stack)-1] != tk.Data {
				return fmt.Sprintf("</%s> closes %v", tk.Data, stack)
			}
			if tk.Data == "ins" || tk.Data == "del" {
				marks--
			}
			stack = stack[:len(stack)-1]
		case html.CommentToken, html.DoctypeToken:
			return "comment or doctype"
		}
	}
}

func checkHTML(t testing.TB, out string) {
	t.Helper()
	if strings.ContainsFunc(out, privateUse) {
		t.Fatalf("a private-use character in\n%s", short(out))
	}
	if msg := wellFormed(out); msg != "" {
		t.Fatalf("not well formed: %s\n%s", msg, out)
	}
}

func TestLinkTargetChanged(t *testing.T) {
	got := one(t,
		"# Sammendrag\n\nSe [kapittel 1](../introduction) for bakgrunn.\n",
		"# Sammendrag\n\nSe [kapittel 1](/nb/dpia/introduction/) for bakgrunn.\n")
	contains(t, got,
		`<a href="https://docs.altinn.studio/nb/dpia/introduction/">kapittel 1</a>`,
		`<span class="rl-target">(<del>../introduction</del> → <ins>/nb/dpia/introduction/</ins>)</span>`,
		`for bakgrunn.`)
	lacks(t, got, "](", "[kapittel")
}

func TestLinkTextChanged(t *testing.T) {
	got := one(t,
		"Les [adekvansbeslutningen](https://www.datatilsynet.no/a) om USA.\n",
		"Les [den nye adekvansbeslutningen](https://www.datatilsynet.no/a) om USA.\n")
	contains(t, got, `<a href="https://www.datatilsynet.no/a"><ins>den nye </ins>adekvansbeslutningen</a>`)
	lacks(t, got, "rl-target", "](")
}

func TestLinkAdded(t *testing.T) {
	got := one(t,
		"Se kapittel 1 for bakgrunn.\n",
		"Se [kapittel 1](https://example.org/k1) for bakgrunn.\n")
	// The reader sees the words, now a link (new formatting); no Markdown.
	contains(t, got, `<a href="https://example.org/k1" class="rl-fmt">kapittel 1</a>`)
	lacks(t, got, "[", "](", "rl-target")
}

func TestEmphasis(t *testing.T) {
	got := one(t,
		"Digdir kan bruke *underdatabehandlere* til drift.\n",
		"Digdir kan kun bruke **underdatabehandlere** til drift av Altinn.\n")
	// Emphasis made strong: the reader sees it strong, marked as new
	// formatting.
	contains(t, got, `<ins>kun </ins>`, `<strong class="rl-fmt">underdatabehandlere</strong>`, `<ins> av Altinn</ins>`)
	lacks(t, got, "*")
	got = one(t, "Vi lagrer _aldri_ loggene.\n", "Vi lagrer _sjelden_ loggene.\n")
	contains(t, got, `<em><del>aldri</del><ins>sjelden</ins></em>`)
	lacks(t, got, "_")
}

func TestCodeSpan(t *testing.T) {
	got := one(t, "Sett `retention: 30` i filen.\n", "Sett `retention: 90` i filen.\n")
	contains(t, got, `<code>retention: <del>30</del><ins>90</ins></code>`)
	lacks(t, got, "`")
}

func TestHeadings(t *testing.T) {
	got := one(t, "Risiko\n------\n\nTekst.\n", "Risikovurdering\n------\n\nTekst.\n")
	contains(t, got, `<h2><del>Risiko</del><ins>Risikovurdering</ins></h2>`)
	lacks(t, got, "---")
	got = one(t, "## 3.3 Bruk av databehandler {#bruk}\n\nTekst.\n", "## 3.3 Bruk av underdatabehandler {#bruk}\n\nTekst.\n")
	contains(t, got, `<h2>3.3 Bruk av <del>databehandler</del><ins>underdatabehandler</ins></h2>`)
	lacks(t, got, "#", "{")
}

func TestLists(t *testing.T) {
	got := one(t,
		"- Første\n- Andre\n  - Loggene lagres i 30 dager\n",
		"- Første\n- Andre\n  - Loggene lagres i 90 dager\n")
	contains(t, got, `<ul><li>Loggene lagres i <del>30</del><ins>90</ins> dager</li></ul>`)
	lacks(t, got, "<pre>", "- ")
	// Deeper than code indentation in its page: still a list item.
	got = one(t,
		"1. a\n   - b\n     - c\n       - Vi lagrer logger\n",
		"1. a\n   - b\n     - c\n       - Vi lagrer aldri logger\n")
	contains(t, got, `<ul><li>Vi lagrer <ins>aldri </ins>logger</li></ul>`)
	lacks(t, got, "<pre>", "<code>")
	got = one(t, "3. Tredje punkt\n", "3. Tredje punktet\n")
	contains(t, got, `<ol start="3"><li>Tredje <del>punkt</del><ins>punktet</ins></li></ol>`)
}

func TestTableCell(t *testing.T) {
	tbl := "| Versjon | Dato | Endring |\n| --- | --- | --- |\n| 2.0 | 2023 | Første<br><br>versjon |\n| 2.5 | 2023 | %s |\n"
	got := one(t, fmt.Sprintf(tbl, "Adekvans"), fmt.Sprintf(tbl, "Adekvansbeslutningen<br>er tatt inn"))
	contains(t, got, `<table><tbody><tr><td>2.5</td><td>2023</td><td class="rl-changed">`, `<br>`, `</td></tr></tbody></table>`)
	if n := strings.Count(got, "rl-changed"); n != 1 {
		t.Errorf("%d changed cells, want 1:\n%s", n, got)
	}
	lacks(t, got, "&lt;br", "|")
	// A line break in a cell that did not change stays a line break.
	got = one(t, fmt.Sprintf(tbl, "x"), strings.Replace(fmt.Sprintf(tbl, "x"), "| 2023 | Første", "| 2024 | Første", 1))
	contains(t, got, `<td class="rl-changed"><del>2023</del><ins>2024</ins></td><td>Første<br><br>versjon</td>`)
}

func TestTableHeader(t *testing.T) {
	got := one(t, "| Versjon | Dato |\n| --- | --- |\n| 2.0 | 2023 |\n", "| Versjon | Oppdatert |\n| --- | --- |\n| 2.0 | 2023 |\n")
	contains(t, got, `<thead><tr><th>Versjon</th><th class="rl-changed"><del>Dato</del><ins>Oppdatert</ins></th></tr></thead>`)
	lacks(t, got, "---")
}

func TestEscapes(t *testing.T) {
	got := one(t, `Se \[kapittel 1\]\(../introduction) og &amp; mer.`+"\n", `Se \[kapittel 2\]\(../introduction) og &amp; mer.`+"\n")
	contains(t, got, `Se [kapittel <del>1</del><ins>2</ins>](../introduction) og &amp; mer.`)
	lacks(t, got, `\`, "&amp;amp;")
}

func TestShortcode(t *testing.T) {
	got := one(t, "Se {{< ref \"a\" >}} og {{<figure src=\"x\">}} her.\n", "Se {{< ref \"b\" >}} og {{<figure src=\"x\">}} her.\n")
	contains(t, got, `{{&lt; ref &#34;`, `{{&lt;figure src=&#34;x&#34;&gt;}}`)
	lacks(t, got, "<figure")
}

func TestRawHTMLEscaped(t *testing.T) {
	for _, c := range []struct{ old, new string }{
		{"Tekst <b>fet</b> her.\n", "Tekst <script>alert(1)</script> her.\n"},
		{"Tekst.\n", "<script>alert(1)</script>\n"},
		{"<div>a</div>\n", "<div onclick=\"x()\">b</div>\n"},
		{"Bilde ![logo](https://x/a.png) her.\n", "Bilde ![logo](javascript:alert(1)) her.\n"},
		{"Se [her](https://a/).\n", "Se [her](javascript:alert(1)).\n"},
		{"Se <https://a/>.\n", "Se <javascript:alert(1)>.\n"},
		{"Tekst <img src=x onerror=alert(1)>.\n", "Tekst <img src=y onerror=alert(1)>.\n"},
	} {
		for _, c := range changes(t, c.old, c.new) {
			got := string(Change(&c, Options{Base: page}))
			checkHTML(t, got)
			// Shown as text, never as markup or a link.
			lacks(t, got, "<script", "<b>", "<div onclick", "<img", `href="javascript:`, "<a href=\"javascript")
			old, new := Sides(&c, Options{})
			checkHTML(t, string(old))
			checkHTML(t, string(new))
		}
	}
}

func TestBrokenLinkSyntax(t *testing.T) {
	// Deleting the "[" leaves what the new page shows: the words and
	// the rest of the Markdown as text, with no link and nothing
	// unbalanced.
	got := one(t, "Se [kapittel 1](../introduction) for bakgrunn.\n", "Se kapittel 1](../introduction) for bakgrunn.\n")
	contains(t, got, `<p>Se kapittel 1](../introduction) for bakgrunn.</p>`)
	lacks(t, got, "<a ")
	// A link whose closing was deleted with words around it.
	got = one(t, "Se [kapittel 1](../introduction) for bakgrunn.\n", "Se [kapittel 1 for bakgrunn.\n")
	lacks(t, got, "<a ")
	// The link is gone: its old target is named where it stood.
	contains(t, got, `<p>Se [kapittel 1 <span class="rl-target">(<del>../introduction</del>)</span> for bakgrunn.</p>`)
}

func TestUnalignedFallback(t *testing.T) {
	// Spans that do not fit the texts: the two blocks, whole.
	c := &classify.Change{
		Op:     align.Modified,
		Old:    &classify.Side{Text: "Se [a](x) her."},
		New:    &classify.Side{Text: "Se **b** der."},
		Inline: []align.Span{{Op: align.SpanEqual, Text: "Noe "}, {Op: align.SpanInsert, Text: "annet"}},
	}
	got := string(Change(c, Options{}))
	checkHTML(t, got)
	contains(t, got, `<div class="rl-old"><p><del>Se </del><a href="x"><del>a</del></a><del> her.</del></p></div>`,
		`<div class="rl-new"><p><ins>Se </ins><strong><ins>b</ins></strong><ins> der.</ins></p></div>`)
	// A rewritten block (no word diff) shows the same way.
	c.Inline = nil
	if got2 := string(Change(c, Options{})); got2 != got {
		t.Errorf("without spans:\n%s\nwant\n%s", got2, got)
	}
}

func TestAddedRemovedMoved(t *testing.T) {
	cs := changes(t, "# A\n\nFørste.\n", "# A\n\nFørste.\n\nEt **nytt** avsnitt med [lenke](https://a/).\n")
	got := string(Change(&cs[0], Options{}))
	checkHTML(t, got)
	contains(t, got, `<p><ins>Et </ins><strong><ins>nytt</ins></strong><ins> avsnitt med </ins><a href="https://a/"><ins>lenke</ins></a><ins>.</ins></p>`)
	cs = changes(t, "# A\n\nFørste.\n\nBorte nå.\n", "# A\n\nFørste.\n")
	got = string(Change(&cs[0], Options{}))
	contains(t, got, `<p><del>Borte nå.</del></p>`)
	// Reflowed: the text as it stands, unmarked.
	cs = changes(t, "Ett to tre\nfire fem.\n", "Ett to\ntre fire fem.\n")
	got = string(Change(&cs[0], Options{}))
	contains(t, got, `<p>Ett to`)
	lacks(t, got, "<ins>", "<del>")
}

func TestFrontMatter(t *testing.T) {
	cs := changes(t, "---\nweight: 30\n---\n\nTekst.\n", "---\nweight: 40\n---\n\nTekst.\n")
	got := string(Change(&cs[0], Options{}))
	checkHTML(t, got)
	contains(t, got, `<p class="rl-plain"><del>weight: 30</del> <ins>weight: 40</ins></p>`)
}

func TestSides(t *testing.T) {
	cs := changes(t, "Se [kapittel 1](../a) og *les* mer.\n", "Se [kapittel 2](../b) og *les* mindre.\n")
	old, new := Sides(&cs[0], Options{})
	checkHTML(t, string(old))
	checkHTML(t, string(new))
	contains(t, string(old), `<a href="../a">kapittel <del>1</del></a>`, `<em>les</em> <del>mer</del>.`)
	lacks(t, string(old), "<ins>")
	contains(t, string(new), `<a href="../b">kapittel <ins>2</ins></a> <span class="rl-target">(<del>../a</del> → <ins>../b</ins>)</span>`, `<ins>mindre</ins>.`)
	lacks(t, string(new), "<del>mer")
}

func TestScreenReaderLabels(t *testing.T) {
	cs := changes(t, "Vi lagrer loggene i 30 dager.\n", "Vi lagrer loggene i 90 dager.\n")
	got := string(Change(&cs[0], Options{Inserted: "satt inn", Deleted: "slettet"}))
	checkHTML(t, got)
	contains(t, got, `<del><span class="sr">[slettet: </span>30<span class="sr">]</span></del><ins><span class="sr">[satt inn: </span>90<span class="sr">]</span></ins>`)
}

func TestSplitMerged(t *testing.T) {
	cs := changes(t, "# A\n\nFørste setning om lagring. Andre setning om sletting av data.\n",
		"# A\n\nFørste setning om lagring.\n\nAndre setning om sletting av data.\n")
	for _, c := range cs {
		got := string(Change(&c, Options{}))
		checkHTML(t, got)
		if c.Op == align.Split {
			if n := strings.Count(got, "<p>"); n != 2 {
				t.Errorf("split into %d paragraphs:\n%s", n, got)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	cs := changes(t, "| a | b |\n|---|---|\n| [x](../y) | *z* |\n", "| a | b |\n|---|---|\n| [x](../w) | **z** q |\n")
	for _, c := range cs {
		a := Change(&c, Options{Base: page})
		for range 5 {
			if b := Change(&c, Options{Base: page}); b != a {
				t.Fatalf("two runs differ:\n%s\n%s", a, b)
			}
		}
	}
}

func TestNilAndEmpty(t *testing.T) {
	if got := Change(nil, Options{}); got != "" {
		t.Errorf("nil change = %q", got)
	}
	if got := Change(&classify.Change{Op: align.Added}, Options{}); got != "" {
		t.Errorf("change with no sides = %q", got)
	}
	var _ template.HTML = Change(nil, Options{})
}

func TestNormPositions(t *testing.T) {
	for _, c := range []struct {
		text, norm string
		ok         bool
	}{
		{"a  b\nc", "a b c", true},
		{"> a\n> b", "a b", true},
		{"> > a\n> > b", "a b", true},
		{"```\n> x\n```", "``` > x ```", true},
		{"  - a\n    b", "- a b", true},
		{"ab", "a b", false},
		{"a b", "ab", false},
		{"a\n\nb", "a\n\nb", true},
	} {
		pos, ok := normPositions(c.text, c.norm)
		if ok != c.ok {
			t.Errorf("normPositions(%q, %q) ok = %v", c.text, c.norm, ok)
			continue
		}
		if !ok {
			continue
		}
		for i := 0; i < len(c.norm); i++ {
			if !isSpace(c.norm[i]) && c.text[pos[i]] != c.norm[i] {
				t.Errorf("normPositions(%q, %q): byte %d at %d", c.text, c.norm, i, pos[i])
			}
		}
	}
}

// TestImageAddress: an image's address that changed is named after its
// description, as a link's target is.
func TestImageAddress(t *testing.T) {
	got := one(t, "Tekst ![logo](//a/x.png) her.\n", "Tekst ![logo](//b/y.png) her.\n")
	contains(t, got, `<span class="rl-img">logo</span> <span class="rl-target">(<del>//a/x.png</del> → <ins>//b/y.png</ins>)</span> her.`)
	lacks(t, got, "<img")
}

// A block shown as it stands: rendered, unmarked, its link a link.
func TestPlain(t *testing.T) {
	got := string(Plain("I [kapittel 1](../introduction) skriver vi\nmer om *Altinn*.", Options{Base: "https://docs.example.org/nb/dpia/summary/"}))
	for _, want := range []string{`<a href="https://docs.example.org/nb/dpia/introduction">kapittel 1</a>`, "<em>Altinn</em>"} {
		if !strings.Contains(got, want) {
			t.Errorf("Plain: %s\nlacks %s", got, want)
		}
	}
	if strings.Contains(got, "<ins") || strings.Contains(got, "<del") || strings.Contains(got, "](") {
		t.Errorf("Plain marks or shows source: %s", got)
	}
	if Plain("<script>alert(1)</script>", Options{}) == "" || strings.Contains(string(Plain("<script>alert(1)</script>", Options{})), "<script") {
		t.Errorf("raw HTML passed through a block")
	}
}

// TestInvalidUTF8JoinsNothing: markup taken out from between invalid
// bytes must not join them into a character the text never had, in any
// view ("\xee*\xb6\xac" without its "*" would read U+EDAC).
func TestInvalidUTF8JoinsNothing(t *testing.T) {
	old, new := "*\xee*\xb6\xac", "0"
	c := modified(old, new)
	views := map[string]string{
		"Change":  string(Change(c, Options{})),
		"Plain":   string(Plain(old, Options{})),
		"Reading": Reading(old),
	}
	o, n := Sides(c, Options{})
	views["Sides"] = string(o) + string(n)
	for _, b := range Text(c, TextOptions{}) {
		for _, r := range b.Runs {
			views["Text"] += r.Text
		}
	}
	for name, out := range views {
		if strings.ContainsFunc(out, privateUse) {
			t.Errorf("%s: a private-use character the text did not have: %+q", name, out)
		}
		if !strings.ContainsRune(out, '\uFFFD') {
			t.Errorf("%s: the invalid bytes are not shown as U+FFFD: %+q", name, out)
		}
	}
}
