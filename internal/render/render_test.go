package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	stdhtml "html"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
)

func TestMdText(t *testing.T) {
	for _, c := range []struct{ in, want, start string }{
		{"plain tekst", "plain tekst", "plain tekst"},
		{"a | b", `a \| b`, `a \| b`},
		{"[x](javascript:alert(1))", `\[x\]\(javascript:alert(1))`, `\[x\]\(javascript:alert(1))`},
		{"<b>&amp;</b>", `&lt;b\>\&amp;&lt;/b\>`, `&lt;b\>\&amp;&lt;/b\>`},
		{"http://0.a#<0 a < b", `http://0.a#\<0 a \< b`, `http://0.a#\<0 a \< b`},
		{"http://0.a#<A <A", `http://0.a#\<A &lt;A`, `http://0.a#\<A &lt;A`},
		{"&#169; &#xA9; &copy;", `\&#169; \&#xA9; \&copy;`, `\&#169; \&#xA9; \&copy;`},
		{"AT&T & co; ?a&b", "AT&T & co; ?a&b", "AT&T & co; ?a&b"}, // no entity: a bare & is literal, and linkify keeps it
		{"&;", "&;", "&;"},
		{"line\n# heading", "line # heading", "line # heading"},
		{"# heading", "# heading", `\# heading`},
		{"2. ledd", "2. ledd", `2\. ledd`},
		{"10) punkt", "10) punkt", `10\) punkt`},
		{"2023 er året", "2023 er året", "2023 er året"},
		{"- punkt", "- punkt", `\- punkt`},
		{"{{< sc >}}", `\{\{\< sc \>\}\}`, `\{\{\< sc \>\}\}`},
		{"*em* _u_ `c` ~s~", `\*em\* \_u\_ \` + "`" + `c\` + "`" + ` \~s\~`, `\*em\* \_u\_ \` + "`" + `c\` + "`" + ` \~s\~`},
		{"esc\x1b[31m", "esc\uFFFD\\[31m", "esc\uFFFD\\[31m"},
		{"bidi\u202e", "bidi\uFFFD", "bidi\uFFFD"},
		{"bad\xffutf8", "bad\uFFFDutf8", "bad\uFFFDutf8"},
		{"  a \t\r\n b  ", " a b ", " a b "},
	} {
		if got := mdText(c.in); got != c.want {
			t.Errorf("mdText(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := mdStart(c.in); got != c.start {
			t.Errorf("mdStart(%q) = %q, want %q", c.in, got, c.start)
		}
	}
}

// FuzzMdText checks that escaped text, rendered by goldmark as Hugo would,
// is one paragraph whose text is the input (whitespace collapsed, unsafe
// characters replaced) and nothing else: no element can be smuggled in.
func FuzzMdText(f *testing.F) {
	for _, s := range []string{
		"Digdir har valgt å gjennomføre en DPIA.", "[lenke](../x) **fet** _kursiv_", "<script>alert(1)</script>",
		"# h\n- l\n1. o\n> q", "a | b", "{{< ref >}}", "https://example.com <http://x>", "\\*\\", "&amp; &#123;", "x\n===",
		"2023. oktober", "![bilde](x.png)", "`kode`", "~~slett~~", "a  \nb", ": definisjon", "[^1]", "*a **b** c*",
	} {
		f.Add(s)
	}
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList, extension.Footnote))
	f.Fuzz(func(t *testing.T, s string) {
		var out bytes.Buffer
		if err := gm.Convert([]byte(mdStart(s)), &out); err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(&out)
		if err != nil {
			t.Fatal(err)
		}
		want := plainLine(s)
		var text strings.Builder
		var bad []string
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			switch n.Type {
			case html.TextNode:
				text.WriteString(n.Data)
			case html.ElementNode:
				switch n.Data {
				case "html", "head", "body", "p":
				case "a":
					// Linkify makes bare web addresses links; that is
					// Hugo's behaviour too, and the text stays the same.
					if !strings.HasPrefix(n.Attr[0].Val, "http") && !strings.HasPrefix(n.Attr[0].Val, "mailto:") {
						bad = append(bad, "a href="+n.Attr[0].Val)
					}
				default:
					bad = append(bad, n.Data)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if len(bad) > 0 {
			t.Fatalf("mdStart(%q) renders elements %v", s, bad)
		}
		got := strings.TrimSpace(text.String())
		if got != strings.TrimSpace(want) {
			t.Fatalf("mdStart(%q) renders as %q, want %q", s, got, want)
		}
	})
}

func TestTermSafe(t *testing.T) {
	for _, c := range []struct {
		in      string
		oneLine bool
		want    string
	}{
		{"Kari Nordmann", true, "Kari Nordmann"},
		{"a\x1b[31mb", false, `a\x1b[31mb`},
		{"a\u009bb", false, `a\u009bb`},
		{"a\x9bb", false, "a\uFFFDb"}, // a lone C1 byte is not UTF-8
		{"bell\x07", true, `bell\x07`},
		{"two\nlines", true, `two\nlines`},
		{"two\nlines\ttab", false, "two lines tab"},
		{"rtl\u202eexe", true, `rtl\u202eexe`},
		{"bad\xff", true, "bad\uFFFD"},
		{"del\x7f", true, `del\x7f`},
	} {
		if got := termSafe(c.in, c.oneLine); got != c.want {
			t.Errorf("termSafe(%q, %v) = %q, want %q", c.in, c.oneLine, got, c.want)
		}
	}
}

func TestWrap(t *testing.T) {
	var b bytes.Buffer
	d := classify.Diff{Class: classify.Substantive, Documents: []classify.DocumentDiff{{
		Path: "a.md", Status: "modified", Class: classify.Substantive,
		Changes: []classify.Change{{
			Op: align.Modified, Class: classify.Substantive,
			Explanation: strings.Repeat("ord ", 30),
			Inline:      []align.Span{eq("her er "), del("noen gamle ord som går ut"), ins("nye ord som kommer inn i stedet"), eq(" og resten står" + strings.Repeat(" likt", 10))},
		}},
	}}}
	for _, color := range []bool{false, true} {
		b.Reset()
		if err := DiffText(&b, d, TextOptions{Width: 30, Color: color}); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			if n := utf8.RuneCountInString(stripOurs(line)); n > 30 {
				t.Errorf("color=%v: line of %d columns: %q", color, n, line)
			}
			// A style never runs past the end of its line.
			if color && strings.Contains(line, "\x1b[") && !strings.HasSuffix(line, sgrReset) && strings.Count(line, "\x1b[") != 2*strings.Count(line, sgrReset) {
				t.Errorf("unbalanced colour on line %q", line)
			}
		}
		// Wrapping moves words, never changes them.
		plain := strings.Join(strings.Fields(stripOurs(b.String())), " ")
		if !strings.Contains(plain, "her er") || !strings.Contains(plain, "i stedet") {
			t.Errorf("words lost in wrapping: %q", plain)
		}
	}
	// A word longer than the line is not broken.
	b.Reset()
	d.Documents[0].Changes[0].Inline = []align.Span{eq(strings.Repeat("x", 50))}
	d.Documents[0].Changes[0].Explanation = ""
	if err := DiffText(&b, d, TextOptions{Width: 30}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "    "+strings.Repeat("x", 50)+"\n") {
		t.Errorf("long word broken:\n%s", b.String())
	}
}

func TestDiffTextEmptyAndHidden(t *testing.T) {
	var b bytes.Buffer
	if err := DiffText(&b, classify.Diff{Class: classify.None}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "no changes\n" {
		t.Errorf("empty diff: %q", b.String())
	}
	b.Reset()
	if err := DiffText(&b, fixtureDiff(), TextOptions{Editorial: false}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "[editorial]") || !strings.Contains(b.String(), "editorial changes hidden") {
		t.Errorf("editorial changes shown, or their hiding not said:\n%s", b.String())
	}
	b.Reset()
	if err := DiffMarkdown(&b, classify.Diff{}); err != nil || !strings.Contains(b.String(), "no changes") {
		t.Errorf("empty Markdown diff: %q, %v", b.String(), err)
	}
}

func TestNotesUnknownVersion(t *testing.T) {
	_, err := Notes(fixture(), "9.9", "nb")
	var re *Error
	if !errors.As(err, &re) || !strings.Contains(re.Msg, `"9.9"`) || !strings.Contains(re.Hint, "2.5") {
		t.Errorf("err = %v, want a message naming 9.9 and a hint listing the versions", err)
	}
}

func TestNilChangelog(t *testing.T) {
	if _, err := Hugo(nil, "nb"); err == nil {
		t.Error("Hugo(nil) gave no error")
	}
	if _, err := HTML(nil); err == nil {
		t.Error("HTML(nil) gave no error")
	}
	if _, err := Atom(nil, "nb", AtomOptions{}); err == nil {
		t.Error("Atom(nil) gave no error")
	}
	if _, err := Notes(nil, "2.5", "nb"); err == nil {
		t.Error("Notes(nil) gave no error")
	}
}

// TestHugoLanguages checks that each language's page shows its own
// documents and labels, and falls back to English labels for others.
func TestHugoLanguages(t *testing.T) {
	nb, _ := Hugo(fixture(), "nb")
	en, _ := Hugo(fixture(), "en")
	if !bytes.Contains(nb, []byte("| Versjon | Oppdatert | Endringer |")) || !bytes.Contains(en, []byte("| Version | Updated | Changes |")) {
		t.Error("table header not in the page's language")
	}
	// Each page lists every language's changes, so its counts and its
	// list agree: the English change is on the Norwegian page too.
	for name, page := range map[string][]byte{"nb": nb, "en": en} {
		if !bytes.Contains(page, []byte("docs.altinn.studio/dpia/#summary")) {
			t.Errorf("the %s page misses the change to the English document", name)
		}
	}
	de, _ := Hugo(fixture(), "de")
	if !bytes.Contains(de, []byte("| Version | Updated | Changes |")) {
		t.Error("an unknown language did not fall back to English labels")
	}
}

// TestExplanationInPageLanguage: a language's pages show a change's
// explanation in that language when it has one, the English sentence
// otherwise; the diff views stay English.
func TestExplanationInPageLanguage(t *testing.T) {
	const en, nb = "Only the link target changed; the text is the same.", "Bare lenkemålet i den engelske teksten er endret."
	cl := fixture()
	feedNB, err := Atom(cl, "nb", AtomOptions{IncludeEditorial: true})
	if err != nil {
		t.Fatal(err)
	}
	feedEN, err := Atom(cl, "en", AtomOptions{IncludeEditorial: true})
	if err != nil {
		t.Fatal(err)
	}
	hugoNB, _ := Hugo(cl, "nb")
	hugoEN, _ := Hugo(cl, "en")
	hugoDE, _ := Hugo(cl, "de")
	for _, tc := range []struct {
		name      string
		page      []byte
		want, not string
	}{
		{"hugo nb", hugoNB, nb, en},
		{"hugo en", hugoEN, en, nb},
		{"hugo de (no German sentence)", hugoDE, en, nb},
		{"atom nb", feedNB, nb, en},
		{"atom en", feedEN, en, nb},
	} {
		if !bytes.Contains(tc.page, []byte(tc.want)) {
			t.Errorf("%s: explanation %q missing", tc.name, tc.want)
		}
		if bytes.Contains(tc.page, []byte(tc.not)) {
			t.Errorf("%s: shows %q, the other language's explanation", tc.name, tc.not)
		}
	}
}

func TestAtomSkipsVersions(t *testing.T) {
	// Make 2.6 editorial only, in every language.
	cl := fixture()
	for i := range cl.Versions {
		if cl.Versions[i].ID != "2.6" {
			continue
		}
		for j := range cl.Versions[i].Entries {
			for k := range cl.Versions[i].Entries[j].Documents {
				d := &cl.Versions[i].Entries[j].Documents[k]
				for c := range d.Changes {
					d.Changes[c].Class = classify.Editorial
				}
			}
		}
	}
	sub, _ := Atom(cl, "en", AtomOptions{})
	all, _ := Atom(cl, "en", AtomOptions{IncludeEditorial: true})
	if bytes.Contains(sub, []byte(":version:2.6:en")) || !bytes.Contains(all, []byte(":version:2.6:en")) {
		t.Error("2.6 (editorial only) must appear only with IncludeEditorial")
	}
	// Unreleased never gets an entry, historical 1.0 has no change.
	for _, out := range [][]byte{sub, all} {
		if bytes.Contains(out, []byte("unreleased")) || bytes.Contains(out, []byte(":version:1.0:")) {
			t.Error("unreleased or historical version in the feed")
		}
		if !bytes.Contains(out, []byte("<id>tag:redline,2024:version:2.5:en</id>")) {
			t.Errorf("entry id without URLs is not the stable tag: URI:\n%s", out)
		}
	}
}

// TestAtomListsEveryLanguagesChanges: a substantive change to the
// Norwegian page is news for the English feed's readers too.
func TestAtomListsEveryLanguagesChanges(t *testing.T) {
	cl := fixture()
	var nbOnly string
	for _, v := range cl.Versions {
		for _, e := range v.Entries {
			for _, d := range e.Documents {
				for _, c := range d.Changes {
					if d.Lang == "nb" && c.Class == classify.Substantive && c.New != nil && nbOnly == "" {
						nbOnly = c.Explanation
					}
				}
			}
		}
	}
	if nbOnly == "" {
		t.Fatal("the fixture has no substantive change to a Norwegian page")
	}
	en, err := Atom(cl, "en", AtomOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(en, []byte(stdhtml.EscapeString(stdhtml.EscapeString(nbOnly)))) && !bytes.Contains(en, []byte(stdhtml.EscapeString(nbOnly))) {
		t.Errorf("the English feed leaves out the Norwegian page's substantive change %q", nbOnly)
	}
}

// TestReportSelfContained checks the report's promises: nothing loaded
// from elsewhere, no script, and a hide switch that works by CSS alone
// (the checkbox is an earlier sibling of <main>, whose editorial changes
// the :checked rule hides).
func TestReportSelfContained(t *testing.T) {
	out, err := HTML(fixture())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<link", " src=", "url(", "@import"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("report contains %q", bad)
		}
	}
	if !bytes.Contains(out, []byte("#hide-editorial:checked ~ main .editorial { display: none; }")) {
		t.Error("the CSS rule of the hide switch is missing")
	}
	if !bytes.Contains(out, []byte("@media print")) {
		t.Error("no print styles")
	}
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var find func(n *html.Node, match func(*html.Node) bool) []*html.Node
	find = func(n *html.Node, match func(*html.Node) bool) []*html.Node {
		var out []*html.Node
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			out = append(out, find(c, match)...)
		}
		return out
	}
	attr := func(n *html.Node, key string) string {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val
			}
		}
		return ""
	}
	inputs := find(doc, func(n *html.Node) bool { return n.Data == "input" && attr(n, "id") == "hide-editorial" })
	mains := find(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "main" })
	if len(inputs) != 1 || len(mains) != 1 || inputs[0].Parent != mains[0].Parent {
		t.Fatal("the checkbox is not a sibling of <main>")
	}
	before := false
	for s := inputs[0].NextSibling; s != nil; s = s.NextSibling {
		if s == mains[0] {
			before = true
		}
	}
	if !before {
		t.Error("the checkbox does not come before <main>")
	}
	// Every editorial change carries the class the rule hides, with its
	// class said in words too.
	articles := find(doc, func(n *html.Node) bool { return n.Data == "article" })
	editorial := 0
	for _, a := range articles {
		if strings.Contains(attr(a, "class"), "editorial") {
			editorial++
			badge := find(a, func(n *html.Node) bool { return n.Type == html.TextNode && n.Data == "[redaksjonell]" })
			if len(badge) != 1 {
				t.Error("an editorial change without its class in words")
			}
		}
	}
	// The fixture has nine changes over all languages, four editorial.
	if editorial != 4 || len(articles) != 9 {
		t.Errorf("%d changes, %d editorial; want 9 and 4", len(articles), editorial)
	}
	if h := find(doc, func(n *html.Node) bool { return n.Data == "html" && attr(n, "lang") == "nb" }); len(h) != 1 {
		t.Error("<html> has no lang")
	}
	if d := find(doc, func(n *html.Node) bool { return attr(n, "class") == "diff" && attr(n, "lang") == "en" }); len(d) == 0 {
		t.Error("English document text is not marked lang=en")
	}
}

func TestAtomWellFormed(t *testing.T) {
	out, err := Atom(fixture(), "nb", AtomOptions{FeedURL: siteNB + "changelog/index.xml", SiteURL: siteNB + "changelog/"})
	if err != nil {
		t.Fatal(err)
	}
	var f atomFeed
	if err := xml.Unmarshal(out, &f); err != nil {
		t.Fatal(err)
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.ID == "" || f.Title.Body == "" {
		t.Errorf("feed lacks namespace, id or title: %+v", f.XMLName)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated %q: %v", f.Updated, err)
	}
	ids := map[string]bool{}
	for _, e := range f.Entries {
		if ids[e.ID] {
			t.Errorf("duplicate id %s", e.ID)
		}
		ids[e.ID] = true
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry updated %q: %v", e.Updated, err)
		}
		if len(e.Authors) == 0 && len(f.Authors) == 0 {
			t.Errorf("entry %s has no author and the feed none either", e.ID)
		}
		// 2.0's page had no public URL yet; the others link their sections.
		if e.Content.Type != "html" || (!strings.HasSuffix(e.ID, ":2.0:nb") && !strings.Contains(e.Content.Body, `<a href="https://docs.altinn.studio/nb/dpia/`)) {
			t.Errorf("entry %s content lacks deep links: %q", e.ID, e.Content.Body)
		}
	}
	if got := len(f.Entries); got != 3 {
		t.Errorf("%d entries, want 3 (2.6, 2.5, 2.0)", got)
	}
	if f.Updated != "2024-03-15T00:00:00Z" {
		t.Errorf("feed updated %s, want the newest version's date", f.Updated)
	}
}

// TestHugoRenders renders the page as the test site does and checks the
// structure the Markdown relies on: version headings with their ids, the
// folded editorial lists parsed as lists inside <details>, and the marks.
func TestHugoRenders(t *testing.T) {
	md, err := Hugo(fixture(), "nb")
	if err != nil {
		t.Fatal(err)
	}
	out := string(hugoLike(t, md))
	for _, want := range []string{
		`<h2 id="version-2-5">Versjon 2.5</h2>`,
		`<h3 id="version-2-5-substantive">Vesentlige endringer</h3>`,
		`<a href="#version-2-6">2.6</a>`,
		"<details>\n<summary>Redaksjonelle endringer i content/dpia/_index.nb.md</summary>\n<ul>\n<li><a href=\"https://docs.altinn.studio/nb/dpia/#sammendrag\">Sammendrag</a>",
		"<del>does not address</del><ins>is updated following the adequacy decision of 10 July 2023 on</ins>",
		`<blockquote>
<p>Teksten er rekonstruert`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	if strings.Contains(out, "raw HTML omitted") {
		t.Error("raw HTML was dropped")
	}
}
