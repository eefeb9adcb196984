package redline

import (
	"strings"
	"testing"
	"time"
)

// The tables below are written for these tests: a privacy notice's
// table of purposes, kept as HTML in its Markdown as pages converted
// from HTML often are.

const htmlTableOld = `# Personvernerklæring

Vi behandler personopplysninger slik tabellen viser.

<table>
  <thead>
    <tr><th>Formål</th><th>Rettslig grunnlag</th></tr>
  </thead>
  <tbody>
    <tr>
      <td>Levere <b>tjenesten</b></td>
      <td>Avtale, se <a href="https://example.no/vilkar">vilkårene</a></td>
    </tr>
    <tr>
      <td>Statistikk</td>
      <td>Samtykke</td>
    </tr>
  </tbody>
</table>

Kontakt oss ved spørsmål.
`

func TestHTMLTableChangedCell(t *testing.T) {
	new := strings.Replace(htmlTableOld, "<td>Samtykke</td>", "<td>Berettiget interesse</td>", 1)
	got := one(t, htmlTableOld, new)
	// A table, with the cells' text and the change inside its cell; no
	// markup of the document as text.
	contains(t, got,
		`<table><thead><tr><th>Formål</th><th>Rettslig grunnlag</th></tr></thead><tbody>`,
		`<tr><td>Levere <strong>tjenesten</strong></td><td>Avtale, se <a href="https://example.no/vilkar">vilkårene</a></td></tr>`,
		`<tr><td>Statistikk</td><td class="rl-changed"><del>Samtykke</del><ins>Berettiget interesse</ins></td></tr></tbody></table>`)
	lacks(t, got, "&lt;", "rl-html", "<pre")

	// The text form: a row a block, its cells split by Cell runs.
	text := oneText(t, htmlTableOld, new)
	want := "th: Formål | Rettslig grunnlag\n" +
		"~Levere tjenesten | Avtale, se <vilkårene>{https://example.no/vilkar}\n" +
		"~Statistikk | [-Samtykke-]{+Berettiget interesse+}"
	if text != want {
		t.Errorf("got  %s\nwant %s", text, want)
	}
	if got, want := Reading("<table><tr><td>Formål</td><td>Avtale &amp; <i>samtykke</i></td></tr></table>"), "Formål | Avtale & samtykke"; got != want {
		t.Errorf("Reading = %q, want %q", got, want)
	}

	// Side by side: each side a table with its own marks.
	cs := changes(t, htmlTableOld, new)
	old, nw := Sides(&cs[0], Options{})
	checkHTML(t, string(old))
	checkHTML(t, string(nw))
	contains(t, string(old), `<td class="rl-changed"><del>Samtykke</del></td>`)
	contains(t, string(nw), `<td class="rl-changed"><ins>Berettiget interesse</ins></td>`)
}

func TestHTMLTableLink(t *testing.T) {
	// A link's target changed: the new link, and its old target named
	// after it, as for a Markdown link.
	new := strings.Replace(htmlTableOld, "https://example.no/vilkar", "https://example.no/brukervilkar", 1)
	got := one(t, htmlTableOld, new)
	contains(t, got, `<td class="rl-changed">Avtale, se <a href="https://example.no/brukervilkar">vilkårene</a> <span class="rl-target">(<del>https://example.no/vilkar</del> → <ins>https://example.no/brukervilkar</ins>)</span></td>`)
	// The tag replaced is no new formatting, and no white space of it
	// shows.
	lacks(t, got, "rl-fmt", "<del> </del>")
	if text, want := oneText(t, htmlTableOld, new), "~Levere tjenesten | Avtale, se <vilkårene>{https://example.no/brukervilkar} ([-https://example.no/vilkar-] → {+https://example.no/brukervilkar+})"; !strings.Contains(text, want) {
		t.Errorf("got  %s\nwant %s", text, want)
	}

	// A relative address resolves against the page's, as a Markdown
	// link's does.
	rel := strings.Replace(htmlTableOld, "https://example.no/vilkar", "../vilkar/", 1)
	got = string(Plain(changes(t, "# Personvernerklæring\n", rel)[1].New.Text, Options{Base: page}))
	contains(t, got, `<a href="https://docs.altinn.studio/nb/dpia/vilkar/">vilkårene</a>`)
}

func TestHTMLTableHostile(t *testing.T) {
	hostile := `<table class="evil" style="color:red" onclick="alert(1)">
<tr><td onmouseover="alert(2)" style="x">Hei <script>alert(3)</script><style>td{color:red}</style><img src=x onerror=alert(4)>
<a href="javascript:alert(5)" onclick="alert(6)">lenke</a> <span class="evil">rød</span> <iframe src="https://evil/">ramme</iframe></td>
<td><a href="https://example.no/" target="_blank" rel="opener" class="evil">trygg</a></td></tr>
</table>
`
	old := "# Tittel\n\nTekst.\n\n" + strings.Replace(hostile, "Hei", "Hallo", 1)
	new := "# Tittel\n\nTekst.\n\n" + hostile
	cs := changes(t, old, new)
	if len(cs) != 1 {
		t.Fatalf("%d changes, want 1", len(cs))
	}
	outs := []string{string(Change(&cs[0], Options{Base: page})), string(Plain(cs[0].New.Text, Options{}))}
	o, n := Sides(&cs[0], Options{})
	outs = append(outs, string(o), string(n))
	for _, got := range outs {
		checkHTML(t, got)
		// The text a reader sees, in a table; the unsafe link as its
		// text alone.
		contains(t, got, "<table>", `<span class="rl-link">lenke</span>`, "rød", `<a href="https://example.no/">trygg</a>`)
		lacks(t, got, "script", "alert", "style", "onclick", "onmouseover", "onerror", "evil", "<img", "iframe", "ramme", "target=", "rel=", "javascript")
	}
	contains(t, outs[0], `<td class="rl-changed"><del>Hallo</del><ins>Hei</ins> <span class="rl-link">lenke</span> rød</td>`)
}

func TestHTMLNotTable(t *testing.T) {
	// Raw HTML that is not just a table is shown as today: as its
	// source, escaped.
	for _, s := range []string{
		"<div>\n<p>Tekst</p>\n</div>",
		"<div><table><tr><td>celle</td></tr></table></div>",
		"<table><caption>Tittel</caption><tr><td>celle</td></tr></table>",
		"<table><tr><td>celle</td></tr></table>\ntekst etter",
		"<table><tr><td>ytre<table><tr><td>indre</td></tr></table></td></tr></table>",
		"<table><tr>tekst mellom<td>celle</td></tr></table>",
	} {
		got := string(Plain(s+"\n", Options{}))
		checkHTML(t, got)
		if !strings.HasPrefix(got, `<div class="rl"><pre class="rl-html">`) {
			t.Errorf("%q: not shown as its source:\n%s", s, got)
		}
		lacks(t, got, "<table", "<td")
	}
	// A table's rows cut off from its start by a blank line are rows.
	got := string(Plain("<tr><td>rad</td></tr>\n<tr><td>to\n", Options{}))
	contains(t, got, `<table><tr><td>rad</td></tr><tr><td>to</td></tr></table>`)
}

func TestHTMLTableCellBlocks(t *testing.T) {
	// Paragraphs and lists in a cell: HTML as it is, and in the text
	// form lines of the row's cell, an item with its bullet.
	s := "<table><tr><td><p>Første</p>\n<p>Andre</p><ul><li>en<li>to</ul>etter</td><td><ol><li>a</li><li>b</li></ol></td></tr></table>\n"
	got := string(Plain(s, Options{}))
	checkHTML(t, got)
	contains(t, got, `<td><p>Første</p><p>Andre</p><ul><li>en</li><li>to</li></ul>etter</td><td><ol><li>a</li><li>b</li></ol></td>`)
	c := changes(t, "# T\n\nA.\n", "# T\n\nA.\n\n"+s)[0]
	if got, want := flat(Text(&c, TextOptions{})), "{+Første+}⏎{+Andre+}⏎{+- en+}⏎{+- to+}⏎{+etter+} | {+1. a+}⏎{+2. b+}"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got, want := Reading(s), "Første Andre - en - to etter | 1. a 2. b"; got != want {
		t.Errorf("Reading = %q, want %q", got, want)
	}
}

func TestHTMLTableRowRemoved(t *testing.T) {
	// A row removed stood in none of the new table's cells: the old
	// table deleted and the new inserted, each whole.
	new := strings.Replace(htmlTableOld, "    <tr>\n      <td>Statistikk</td>\n      <td>Samtykke</td>\n    </tr>\n", "", 1)
	got := one(t, htmlTableOld, new)
	contains(t, got, `<div class="rl-old"><table>`, `<td class="rl-changed"><del>Statistikk</del></td>`, `<div class="rl-new"><table>`)
	if text := oneText(t, htmlTableOld, new); !strings.Contains(text, "[-Statistikk-] | [-Samtykke-]") || !strings.Contains(text, "{+Levere +}") {
		t.Errorf("text form not the two tables whole:\n%s", text)
	}
	// Side by side, the old table shows the row deleted where it was.
	cs := changes(t, htmlTableOld, new)
	old, nw := Sides(&cs[0], Options{})
	contains(t, string(old), `<tr><td class="rl-changed"><del>Statistikk</del></td><td class="rl-changed"><del>Samtykke</del></td></tr>`, `<td>Levere <strong>tjenesten</strong></td>`)
	lacks(t, string(nw), "<ins>", "<del>")
	// A row added is marked where it stands.
	got = one(t, new, htmlTableOld)
	contains(t, got, `<tr><td class="rl-changed"><ins>Statistikk</ins></td><td class="rl-changed"><ins>Samtykke</ins></td></tr>`)
	lacks(t, got, "rl-old")
}

func TestHTMLTableDeep(t *testing.T) {
	// Elements nested past reason: shown as source, in linear time.
	s := "<table><tr><td>" + strings.Repeat("<em>x ", 200000) + "</td></tr></table>\n"
	start := time.Now()
	got := string(Plain(s, Options{}))
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if !strings.Contains(got, `<pre class="rl-html">`) {
		t.Errorf("deep nesting not shown as source: %s", short(got))
	}
}
