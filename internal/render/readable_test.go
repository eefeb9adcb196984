package render

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present/redline"
)

// readablePage is two versions of a page with what the Markdown
// outputs used to show as source: a link whose target changed, escaped
// brackets, a setext heading, a table row with <br>, a list item, code
// and emphasis.
var readablePage = [2]string{
	`# Sammendrag

I [kapittel 1](../introduction) skriver vi mer om Altinn.

Se \[vedlegg A\] for detaljer.

Risiko
------

| Versjon | Dato | Endring |
| --- | --- | --- |
| 2.5 | 2023 | Første<br><br>versjon |

- Første punkt
- Loggene lagres i 30 dager

Sett ` + "`retention: 30`" + ` i *filen*.
`,
	`# Sammendrag

I [kapittel 1](/nb/dpia/introduction/) skriver vi mer om Altinn.

Se \[vedlegg B\] for detaljer.

Risikovurdering
------

| Versjon | Dato | Endring |
| --- | --- | --- |
| 2.5 | 2024 | Første<br><br>versjon |

- Første punkt
- Loggene lagres i 90 dager

Sett ` + "`retention: 90`" + ` i *filen*.
`,
}

func readableDiff(t *testing.T) classify.Diff {
	t.Helper()
	dd, err := classify.Default().Compare("content/dpia/_index.nb.md", []byte(readablePage[0]), "content/dpia/_index.nb.md", []byte(readablePage[1]))
	if err != nil {
		t.Fatal(err)
	}
	dd.URL = siteNB + "summary/"
	dd.Status = "modified"
	// Every change shown in full, whatever the rules made of it.
	for i := range dd.Changes {
		dd.Changes[i].Class = classify.Substantive
	}
	dd.Class = classify.Substantive
	return classify.Diff{Class: classify.Substantive, Documents: []classify.DocumentDiff{dd}}
}

func has(t *testing.T, name, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", name, w, got)
		}
	}
}

func hasNot(t *testing.T, name, got string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(got, b) {
			t.Errorf("%s has %q:\n%s", name, b, got)
		}
	}
}

// The terminal shows what the page shows, with git's word-diff marks.
func TestDiffTextReadable(t *testing.T) {
	var b bytes.Buffer
	if err := DiffText(&b, readableDiff(t), TextOptions{Editorial: true}); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	has(t, "terminal view", got,
		"    I kapittel 1 ([-../introduction-] → {+/nb/dpia/introduction/+}) skriver vi mer om Altinn.\n",
		"    Se [vedlegg [-A-]{+B+}] for detaljer.\n",
		"    [-Risiko-]{+Risikovurdering+}\n",
		"    2.5 | [-2023-]{+2024+} | Første / versjon\n",
		"    - Loggene lagres i [-30-]{+90+} dager\n",
		"    Sett `retention: [-30-]{+90+}` i filen.\n",
	)
	hasNot(t, "terminal view", got, "](", `\[`, "<br>", "------", "*filen*")
}

// Colour marks the same runs, and nothing but redline's own escape
// sequences reaches the terminal.
func TestDiffTextReadableColour(t *testing.T) {
	var b bytes.Buffer
	if err := DiffText(&b, readableDiff(t), TextOptions{Color: true, Editorial: true}); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	has(t, "colour view", got, "I kapittel 1 ("+sgrDelete+"../introduction"+sgrReset+" → "+sgrInsert+"/nb/dpia/introduction/"+sgrReset+")")
	hasNot(t, "colour view", got, "[-", "{+")
}

// The Markdown outputs keep real links and real lists, mark with
// <ins>/<del>, and show no Markdown source of the document.
func TestDiffMarkdownReadable(t *testing.T) {
	var b bytes.Buffer
	if err := DiffMarkdown(&b, readableDiff(t)); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	has(t, "Markdown", md,
		"  I [kapittel 1](https://docs.altinn.studio/nb/dpia/introduction/) (<del>../introduction</del> → <ins>/nb/dpia/introduction/</ins>) skriver vi mer om Altinn.\n",
		"  **<del>Risiko</del><ins>Risikovurdering</ins>**\n",
		"  2\\.5 \\| <del>2023</del><ins>2024</ins> \\| Første / versjon\n",
		"  - Loggene lagres i <del>30</del><ins>90</ins> dager\n",
		"  Sett `retention: `<del>`30`</del><ins>`90`</ins> i *filen*.\n",
	)
	hasNot(t, "Markdown", md, `\]\(`, "<br>", "------")
	out := string(hugoLike(t, []byte(md)))
	has(t, "rendered Markdown", out,
		`I <a href="https://docs.altinn.studio/nb/dpia/introduction/">kapittel 1</a> (<del>../introduction</del> → <ins>/nb/dpia/introduction/</ins>)`,
		`Se [vedlegg <del>A</del><ins>B</ins>] for detaljer.`,
		`<strong><del>Risiko</del><ins>Risikovurdering</ins></strong>`,
		`2.5 | <del>2023</del><ins>2024</ins> | Første / versjon`,
		"<li>Loggene lagres i <del>30</del><ins>90</ins> dager</li>",
		`Sett <code>retention: </code><del><code>30</code></del><ins><code>90</code></ins> i <em>filen</em>.`,
	)
	h := parseHTML(t, []byte(out))
	if len(h.rows) != 2 || h.headings["h4"] != 1 || len(h.headings) != 1 {
		t.Errorf("the document's table row or heading became structure: %d rows, headings %v", len(h.rows), h.headings)
	}
}

// The marks nest with redline's own links and emphasis as the text
// needs: an inserted paragraph is one insertion around its link, a link
// whose words changed holds its marks.
func TestMdChangeNesting(t *testing.T) {
	added := &classify.Change{Op: align.Added, New: &classify.Side{Text: "Denne versjonen følger [adekvansbeslutningen](https://www.datatilsynet.no/a) av 10. juli."}}
	got, line := mdChange(added, "", "  ")
	want := "<ins>Denne versjonen følger [adekvansbeslutningen](https://www.datatilsynet.no/a) av 10. juli.</ins>"
	if got != want || line != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	ch := modifiedChange("Les [den gamle beslutningen](https://a.no/x) nå.", "Les [den nye beslutningen](https://a.no/x) nå.")
	if got, _ := mdChange(ch, "", "  "); got != "Les [den <del>gamle</del><ins>nye</ins> beslutningen](https://a.no/x) nå." {
		t.Errorf("got %s", got)
	}
	// A relative link with no page to resolve it against is its text: a
	// pull-request comment would resolve it against the wrong page.
	ch = modifiedChange("Se [kapittel 1](../a) nå.", "Se [kapittel 2](../a) nå.")
	if got, _ := mdChange(ch, "", "  "); got != "Se kapittel <del>1</del><ins>2</ins> nå." {
		t.Errorf("got %s", got)
	}
	if got, _ := mdChange(ch, "https://x.no/nb/side/", "  "); got != "Se [kapittel <del>1</del><ins>2</ins>](https://x.no/nb/a) nå." {
		t.Errorf("got %s", got)
	}
	// Several blocks: no one-line form; later lines indented.
	ch = modifiedChange("Første.\n\n- a\n- b", "Første.\n\n- a\n- c")
	got, line = mdChange(ch, "", "  ")
	if line != "" || !strings.Contains(got, "\n  - ") {
		t.Errorf("several blocks: %q, one line %q", got, line)
	}
}

// modifiedChange is a change from old to new with the aligner's word
// diff of their normalised texts, as classify makes it.
func modifiedChange(old, new string) *classify.Change {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	return &classify.Change{
		Op: align.Modified, Old: &classify.Side{Text: old}, New: &classify.Side{Text: new},
		Inline: align.Words(norm(old), norm(new), align.DefaultOptions()),
	}
}

// FuzzMdChange renders the change between two arbitrary blocks as the
// Markdown outputs do, inside a list item, and as Hugo would: nothing of
// the document becomes HTML, a script link, a heading, a table or a
// shortcode, and the one-line form is one line.
func FuzzMdChange(f *testing.F) {
	for _, s := range [][2]string{
		{"Se [kapittel 1](../introduction) for bakgrunn.", "Se [kapittel 1](/nb/dpia/introduction/) for bakgrunn."},
		{"| a | b<br><br>c |", "| a | b<br>d |"},
		{"Risiko\n------", "Risikovurdering\n------"},
		{"  - nested *item* one", "  - nested **item** two"},
		{`Se \[kapittel 1\] <script>alert(1)</script> {{< x >}}`, `Se \[kapittel 2\] <script>alert(2)</script> {{< y >}}`},
		{"Sett `{{< x >}}` og `<b>` i `a|b`", "Sett `{{% y %}}` og `<i>` i `a|c`"},
		{"a\\\n# b\\\n- c\\\n---", "a\\\n# d\\\n- c\\\n==="},
		{"[x](javascript:alert(1)) *a*b*", "[y](javascript:alert(1)) **a**b*"},
		{"> sitat\n> linje to", "> sitat\n> linje tre"},
		{"```\n<script>\n```", "```\n<script> x\n```"},
		{"1. a\n2. b", "1. a\n2. c"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, old, new string) {
		if len(old) > 2048 || len(new) > 2048 {
			return
		}
		ch := modifiedChange(old, new)
		text, line := mdChange(ch, "https://x.no/nb/side/", "  ")
		if strings.Contains(line, "\n") {
			t.Fatalf("one-line form has a line break: %q", line)
		}
		low := strings.ToLower(text)
		for _, bad := range []string{"](javascript:", "{{<", "{{%", "<script", "<img"} {
			if strings.Contains(low, bad) {
				t.Fatalf("Markdown carries %q: %s", bad, text)
			}
		}
		md := "#### p\n\n- where\n\n  " + text + "\n\n  why\n"
		h := parseHTML(t, hugoLike(t, []byte(md)))
		if h.scripts+h.imgs+h.handlers+h.jsLinks > 0 || len(h.rows) > 0 || h.headings["h4"] != 1 || len(h.headings) != 1 {
			t.Fatalf("structure from the document: %+v in\n%s", h, md)
		}
		// The text form never panics on what the HTML renders.
		_ = redline.Text(ch, redline.TextOptions{})
	})
}

// Wrapped to a width, a list item's later lines hang under its text.
func TestDiffTextListWraps(t *testing.T) {
	ch := modifiedChange("- Loggene lagres i 30 dager og slettes deretter automatisk", "- Loggene lagres i 90 dager og slettes deretter automatisk")
	var b bytes.Buffer
	tw := &termWriter{w: bufio.NewWriter(&b), width: 32}
	tw.changeText(4, redline.Text(ch, redline.TextOptions{}))
	tw.w.Flush()
	want := "    - Loggene lagres i\n      [-30-]{+90+} dager og\n      slettes deretter\n      automatisk\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
