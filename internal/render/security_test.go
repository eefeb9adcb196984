package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

// evil carries what a document, a commit or an author could use to break
// out of its place in each format: HTML, a table cell, a link, CDATA, a
// terminal escape (7-bit and C1), a line break that starts a heading or a
// list, a Hugo shortcode and a bidi override.
const evil = "<script>alert(1)</script> | pipe | injection [x](javascript:alert(1)) ]]> \x1b[31mred\x1b]0;title\x07 \u009b31m" +
	"\n# heading\n- item\n1. one\n{{< shortcode >}} {{% sc %}} `code` *em* <img src=x onerror=alert(1)> &amp; \u202egnp.exe"

const evilURL = "javascript:alert(1)//"

// evilChangelog is the fixture with every text field carrying evil, and
// every URL a script URL.
func evilChangelog() *release.Changelog {
	cl := fixture()
	cl.Title = release.Text{"nb": evil, "en": evil}
	for i := range cl.Versions {
		v := &cl.Versions[i]
		v.Title = release.Text{"nb": evil, "en": evil}
		v.Summary = release.Text{"nb": evil, "en": evil}
		v.Note = release.Text{"nb": evil}
		v.Topics = []string{evil}
		for j := range v.Entries {
			e := &v.Entries[j]
			e.Subject, e.Author, e.URL = evil, evil, evilURL
			for k := range e.Documents {
				d := &e.Documents[k]
				d.URL = evilURL
				d.Notes = []string{evil}
				for c := range d.Changes {
					ch := &d.Changes[c]
					ch.Explanation, ch.Reasons, ch.Topics = evil, []string{evil}, []string{evil}
					ch.Section = []string{evil, evil}
					ch.Anchor = `x"><script>alert(1)</script>`
					if ch.Old != nil {
						ch.Old.Text = evil
					}
					if ch.New != nil {
						ch.New.Text = evil
					}
					ch.Inline = []align.Span{eq(evil), del(evil), ins(evil)}
					if ch.Override != nil {
						ch.Override.Reason = evil
					}
				}
			}
		}
	}
	cl.Warnings[0].Message = evil
	cl.Warnings[0].Path = evil
	return cl
}

func evilDiff() classify.Diff {
	var d classify.Diff
	for _, e := range evilChangelog().Versions[2].Entries {
		d.Documents = append(d.Documents, e.Documents...)
	}
	for i := range d.Documents {
		d.Documents[i].Path = evil
	}
	d.Class = classify.Substantive
	return d
}

// htmlTree parses an HTML document or fragment and reports what an
// attacker would want to have got through: a script, an image, an event
// handler, a script URL.
type htmlTree struct {
	scripts, imgs, handlers, jsLinks int
	rows                             [][]string // tag names of each <tr>'s cells
	headings                         map[string]int
	text                             strings.Builder
}

func parseHTML(t *testing.T, src []byte) *htmlTree {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		t.Fatalf("output does not parse as HTML: %v", err)
	}
	h := &htmlTree{headings: map[string]int{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			h.text.WriteString(n.Data)
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				h.scripts++
			case "img":
				h.imgs++
			case "h1", "h2", "h3", "h4", "h5", "h6":
				h.headings[n.Data]++
			case "tr":
				var cells []string
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode {
						cells = append(cells, c.Data)
					}
				}
				h.rows = append(h.rows, cells)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					h.handlers++
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					h.jsLinks++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return h
}

func (h *htmlTree) assertClean(t *testing.T) {
	t.Helper()
	if h.scripts+h.imgs+h.handlers+h.jsLinks > 0 {
		t.Errorf("injected markup got through: %d script, %d img, %d on* attributes, %d javascript: links", h.scripts, h.imgs, h.handlers, h.jsLinks)
	}
	// The payload must still be there, as text: escaped, not dropped.
	if !strings.Contains(h.text.String(), "<script>alert(1)</script>") {
		t.Errorf("the document text was dropped instead of escaped")
	}
}

// hugoLike renders Markdown as the test site does: goldmark with GFM,
// definition lists, footnotes, typographer, heading attributes and raw HTML
// allowed (markup.goldmark.renderer.unsafe = true).
func hugoLike(t *testing.T, md []byte) []byte {
	t.Helper()
	if bytes.HasPrefix(md, []byte("---\n")) {
		end := bytes.Index(md[4:], []byte("\n---\n"))
		if end < 0 {
			t.Fatal("front matter not closed")
		}
		md = md[4+end+5:]
	}
	gm := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.DefinitionList, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAttribute(), parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(ghtml.WithUnsafe()),
	)
	var b bytes.Buffer
	if err := gm.Convert(md, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestMarkdownInjection(t *testing.T) {
	cl := evilChangelog()
	cases := []struct {
		name     string
		render   func() ([]byte, error)
		rows     int // table rows, header included
		h2, h1   int
		hasTable bool
	}{
		{"hugo nb", func() ([]byte, error) { return Hugo(cl, "nb") }, len(cl.Versions) + 1, len(cl.Versions), 0, true},
		{"hugo en", func() ([]byte, error) { return Hugo(cl, "en") }, len(cl.Versions) + 1, len(cl.Versions), 0, true},
		{"notes", func() ([]byte, error) { return Notes(cl, "2.5", "nb") }, 0, 3, 1, false},
		{"diff", func() ([]byte, error) {
			var b bytes.Buffer
			err := DiffMarkdown(&b, evilDiff())
			return b.Bytes(), err
		}, len(evilDiff().Documents) + 1, 0, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md, err := c.render()
			if err != nil {
				t.Fatal(err)
			}
			body := md
			if bytes.HasPrefix(md, []byte("---\n")) {
				end := bytes.Index(md[4:], []byte("\n---\n"))
				var front map[string]any
				if err := yaml.Unmarshal(md[4:4+end], &front); err != nil {
					t.Fatalf("front matter is not YAML: %v", err)
				}
				if len(front) != 3 || strings.ContainsAny(front["title"].(string), "\n\x1b\u202e") {
					t.Errorf("front matter was broken into: %v", front)
				}
				body = md[4+end+5:]
			}
			low := strings.ToLower(string(body))
			for _, bad := range []string{"](javascript:", "{{<", "{{%", "<script", "<img", "\x1b", "\u009b", "\u202e"} {
				if strings.Contains(low, bad) {
					t.Errorf("raw Markdown carries %q", bad)
				}
			}
			h := parseHTML(t, hugoLike(t, md))
			h.assertClean(t)
			if c.hasTable {
				if len(h.rows) != c.rows {
					t.Errorf("table has %d rows, want %d", len(h.rows), c.rows)
				}
				for i, r := range h.rows {
					if len(r) != 3 {
						t.Errorf("table row %d has %d cells, want 3", i, len(r))
					}
				}
			}
			if h.headings["h2"] != c.h2 || h.headings["h1"] != c.h1 {
				t.Errorf("headings h1=%d h2=%d, want h1=%d h2=%d: document text made headings", h.headings["h1"], h.headings["h2"], c.h1, c.h2)
			}
		})
	}
}

func TestHTMLInjection(t *testing.T) {
	out, err := HTML(evilChangelog())
	if err != nil {
		t.Fatal(err)
	}
	h := parseHTML(t, out)
	h.assertClean(t)
	// The report's only script-free guarantee is html/template's; check
	// there is really no <script> anywhere in the bytes.
	if bytes.Contains(bytes.ToLower(out), []byte("<script")) {
		t.Error("raw <script in the report")
	}
}

func TestAtomInjection(t *testing.T) {
	for _, editorial := range []bool{false, true} {
		out, err := Atom(evilChangelog(), "nb", AtomOptions{FeedURL: evilURL, SiteURL: evilURL, IncludeEditorial: editorial})
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(bytes.ToLower(out), []byte("<script")) || bytes.Contains(out, []byte("\x1b")) {
			t.Error("raw <script or ESC in the feed")
		}
		var f atomFeed
		if err := xml.Unmarshal(out, &f); err != nil {
			t.Fatalf("feed is not well-formed XML: %v", err)
		}
		if len(f.Entries) == 0 {
			t.Fatal("no entries")
		}
		for _, l := range f.Links {
			if strings.HasPrefix(l.Href, "javascript:") {
				t.Errorf("feed link %q", l.Href)
			}
		}
		for _, e := range f.Entries {
			if !strings.Contains(e.Title.Body, "<script>alert(1)</script>") {
				t.Errorf("entry title lost its text: %q", e.Title.Body)
			}
			h := parseHTML(t, []byte(e.Content.Body))
			h.assertClean(t)
		}
	}
}

// stripOurs removes the SGR sequences the terminal views may write.
func stripOurs(s string) string {
	for _, sgr := range []string{sgrReset, sgrBold, sgrSubstantive, sgrEditorial, sgrDelete, sgrInsert, sgrHash} {
		s = strings.ReplaceAll(s, sgr, "")
	}
	return s
}

func TestTerminalInjection(t *testing.T) {
	entries := evilChangelog().Versions[2].Entries
	for _, color := range []bool{false, true} {
		var diff, log bytes.Buffer
		if err := DiffText(&diff, evilDiff(), TextOptions{Color: color, Width: 60, Editorial: true}); err != nil {
			t.Fatal(err)
		}
		if err := LogText(&log, entries, TextOptions{Color: color}); err != nil {
			t.Fatal(err)
		}
		for name, out := range map[string]string{"diff": diff.String(), "log": log.String()} {
			if !color && strings.ContainsRune(out, 0x1b) {
				t.Errorf("%s without colour contains ESC", name)
			}
			if color && strings.ContainsRune(stripOurs(out), 0x1b) {
				t.Errorf("%s with colour contains an escape sequence that is not ours", name)
			}
			for _, r := range []rune{0x07, 0x9b, 0x202e} {
				if strings.ContainsRune(out, r) {
					t.Errorf("%s contains control %U", name, r)
				}
			}
			if !strings.Contains(out, `\x1b[31mred`) {
				t.Errorf("%s does not show the escape visibly", name)
			}
		}
		if n := strings.Count(log.String(), "\n"); n != len(entries) {
			t.Errorf("log has %d lines for %d entries: a newline in the data made a line", n, len(entries))
		}
	}
}

func TestJSONInjection(t *testing.T) {
	var b bytes.Buffer
	cl := evilChangelog()
	if err := JSON(&b, cl); err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(b.Bytes(), 0x1b) || bytes.Contains(b.Bytes(), []byte("\n# heading")) {
		t.Error("raw control character or line break in JSON")
	}
	var back release.Changelog
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, cl) {
		t.Error("JSON does not round-trip the changelog")
	}
}
