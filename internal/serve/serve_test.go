package serve

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digdir/redline/internal/serve/domtest"
	"golang.org/x/net/html"
)

type response struct {
	status int
	header http.Header
	body   string
	doc    *html.Node
}

func get(t *testing.T, h http.Handler, method, target string) response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	req.Host = "127.0.0.1:8080" // as a browser on this machine sends it
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Body)
	r := response{status: rec.Code, header: rec.Header(), body: string(body)}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		doc, err := html.Parse(strings.NewReader(r.body))
		if err != nil {
			t.Fatalf("%s %s: unparsable HTML: %v", method, target, err)
		}
		r.doc = doc
	}
	return r
}

func mustGet(t *testing.T, h http.Handler, target string) response {
	t.Helper()
	r := get(t, h, http.MethodGet, target)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200\n%s", target, r.status, text(r.doc))
	}
	return r
}

// The page readers serve's tests share with the command line's.
var (
	walk       = domtest.Walk
	attr       = domtest.Attr
	findAttr   = domtest.LookupAttr
	hasClass   = domtest.HasClass
	find       = domtest.Find
	byTagClass = domtest.ByTagClass
	text       = domtest.Text
	classText  = domtest.ClassText
	relLink    = domtest.RelLink
	formURL    = domtest.FormURL
)

func byID(doc *html.Node, id string) *html.Node {
	if n := find(doc, func(n *html.Node) bool { return attr(n, "id") == id }); len(n) == 1 {
		return n[0]
	}
	return nil
}

func ids(doc *html.Node) map[string]bool {
	out := map[string]bool{}
	walk(doc, func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			out[id] = true
		}
	})
	return out
}

func TestTimeline(t *testing.T) {
	h := New(newFake(), Options{})
	r := mustGet(t, h, "/")
	body := text(r.doc)
	for _, want := range []string{"DPIA changelog", "2.6", "Version 2.5", "2.0", "1.0",
		"Historical version", "reconstructed", "Updated following the adequacy decision",
		"DPIA summary: updated following the EU adequacy decision of 10 July 2023", pathNB, pathEN} {
		if !strings.Contains(body, want) {
			t.Errorf("timeline lacks %q", want)
		}
	}
	versions := find(r.doc, byTagClass("li", "version"))
	if len(versions) != 4 {
		t.Fatalf("%d versions listed, want 4", len(versions))
	}
	if id := attr(versions[1], "id"); id != "version-2-5" {
		t.Errorf("version 2.5 has id %q", id)
	}
	// Badges carry the class as a word, not only a colour.
	badges := find(versions[1], byTagClass("span", "badge-substantive"))
	if len(badges) == 0 || text(badges[0]) != "substantive" {
		t.Errorf("version 2.5 lacks a substantive badge")
	}
	links := map[string]bool{}
	walk(r.doc, func(n *html.Node) {
		if n.Data == "a" {
			links[attr(n, "href")] = true
		}
	})
	for _, want := range []string{
		"/compare?from=2.0&to=2.5", "/compare?from=2.5&to=2.6",
		"/compare?from=" + c2 + "&to=" + c3,
		"/history?page=" + url.QueryEscape(pathNB),
	} {
		if !links[want] {
			t.Errorf("timeline lacks link %s", want)
		}
	}
	// 2.0 is the oldest version with a revision: no compare link of its own;
	// 1.0 has no revision at all.
	for _, v := range versions[2:] {
		if n := find(v, byTagClass("a", "compare-link")); len(n) != 0 {
			t.Errorf("version %s has a compare link", attr(v, "id"))
		}
	}
}

func TestTimelineLanguage(t *testing.T) {
	h := New(newFake(), Options{})
	r := mustGet(t, h, "/?lang=nb")
	body := text(r.doc)
	if !strings.Contains(body, "Endringslogg for DPIA") || !strings.Contains(body, "Versjon 2.5") {
		t.Errorf("Norwegian timeline lacks Norwegian titles")
	}
	if strings.Contains(body, pathEN) {
		t.Errorf("Norwegian timeline lists the English page")
	}
	if attr(find(r.doc, byTagClass("html", ""))[0], "lang") != "nb" {
		t.Errorf("html lang is not nb")
	}
}

func TestCompareVersions(t *testing.T) {
	h := New(newFake(), Options{})
	r := mustGet(t, h, "/compare?from=2.0&to=2.5")
	body := text(r.doc)
	for _, want := range []string{
		"version 2.0", "version 2.5", "adequacy-decision", "legal-basis-changed",
		"The transfer basis changed from standard contractual clauses to the adequacy decision.",
		"Only formatting changed.", "Sammendrag › Overføring til tredjeland",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("compare 2.0 -> 2.5 lacks %q", want)
		}
	}
	changes := find(r.doc, byTagClass("article", "change"))
	if len(changes) != 2 {
		t.Fatalf("%d changes, want 2 (the adequacy update and the editorial one)", len(changes))
	}
	adequacy := byID(r.doc, "fp-adequacy-1")
	if adequacy == nil || adequacy.Data != "article" {
		t.Fatalf("no change block with the fingerprint as its id")
	}
	ins := find(adequacy, byTagClass("ins", ""))
	del := find(adequacy, byTagClass("del", ""))
	if len(ins) != 1 || len(del) != 1 {
		t.Fatalf("adequacy change has %d ins and %d del, want 1 and 1", len(ins), len(del))
	}
	// Readers without colour, and screen readers, get the operation in words.
	if got := text(ins[0]); got != "[inserted: adekvansbeslutningen av 10. juli 2023.]" {
		t.Errorf("ins reads %q", got)
	}
	if got := text(del[0]); got != "[deleted: standard personvernbestemmelser.]" {
		t.Errorf("del reads %q", got)
	}
	// 2.6's link edits are outside the range.
	if strings.Contains(body, "link-target") {
		t.Errorf("compare 2.0 -> 2.5 shows a change from 2.6")
	}
}

func TestCompareSideBySide(t *testing.T) {
	h := New(newFake(), Options{})
	r := mustGet(t, h, "/compare?from=2.0&to=2.5&view=side")
	sides := find(r.doc, byTagClass("div", "side"))
	if len(sides) != 2 {
		t.Fatalf("%d side-by-side blocks, want 2", len(sides))
	}
	side := find(byID(r.doc, "fp-adequacy-1"), byTagClass("div", "side"))[0]
	old := find(side, byTagClass("div", "old"))[0]
	nw := find(side, byTagClass("div", "new"))[0]
	if len(find(old, byTagClass("ins", ""))) != 0 || len(find(old, byTagClass("del", ""))) != 1 {
		t.Errorf("old side must hold deletions only")
	}
	if len(find(nw, byTagClass("del", ""))) != 0 || len(find(nw, byTagClass("ins", ""))) != 1 {
		t.Errorf("new side must hold insertions only")
	}
	if !strings.Contains(text(old), "Overføring til USA skjer på grunnlag av") || !strings.Contains(text(nw), "Overføring til USA skjer på grunnlag av") {
		t.Errorf("equal text missing from a side")
	}
}

func TestCompareSubstantiveFilter(t *testing.T) {
	h := New(newFake(), Options{})
	all := mustGet(t, h, "/compare?from=2.0&to=2.6")
	if n := len(find(all.doc, byTagClass("article", "change-editorial"))); n != 3 {
		t.Fatalf("unfiltered 2.0 -> 2.6 shows %d editorial changes, want 3", n)
	}
	// Follow the switch link, as a reader without JavaScript would.
	var href string
	walk(all.doc, func(n *html.Node) {
		if n.Data == "a" && text(n) == "Substantive changes only" {
			href = attr(n, "href")
		}
	})
	if href != "/compare?filter=substantive&from=2.0&to=2.6" {
		t.Fatalf("filter link is %q", href)
	}
	r := mustGet(t, h, href)
	changes := find(r.doc, byTagClass("article", "change"))
	if len(changes) != 2 {
		t.Fatalf("substantive-only shows %d changes, want 2", len(changes))
	}
	for _, c := range changes {
		if !hasClass(c, "change-substantive") {
			t.Errorf("substantive-only shows change %s of class %q", attr(c, "id"), attr(c, "class"))
		}
		if strings.Contains(text(c), "editorial") {
			t.Errorf("substantive-only change %s reads as editorial", attr(c, "id"))
		}
	}
	if !strings.Contains(text(r.doc), "3 editorial changes hidden") {
		t.Errorf("the hidden editorial changes are not counted")
	}
	// The current choice is marked for assistive technology.
	var current []string
	walk(r.doc, func(n *html.Node) {
		if n.Data == "a" && attr(n, "aria-current") == "true" {
			current = append(current, text(n))
		}
	})
	if len(current) == 0 || current[0] != "Substantive changes only" {
		t.Errorf("current switches %q", current)
	}
}

func TestCompareLanguageAndPage(t *testing.T) {
	h := New(newFake(), Options{})
	count := func(target string) (nb, en int) {
		r := mustGet(t, h, target)
		for _, s := range find(r.doc, byTagClass("section", "doc")) {
			switch attr(s, "id") {
			case "page-" + slug(pathNB):
				nb++
			case "page-" + slug(pathEN):
				en++
			default:
				t.Errorf("%s: unexpected page section %q", target, attr(s, "id"))
			}
		}
		return nb, en
	}
	for _, tt := range []struct {
		target string
		nb, en int
	}{
		{"/compare?from=2.0&to=2.6", 1, 1},
		{"/compare?from=2.0&to=2.6&lang=nb", 1, 0},
		{"/compare?from=2.0&to=2.6&lang=en", 0, 1},
		{"/compare?from=2.0&to=2.6&page=" + url.QueryEscape(pathEN), 0, 1},
		{"/compare?from=2.0&to=2.6&page=" + url.QueryEscape(pathNB) + "&lang=en", 0, 0},
	} {
		nb, en := count(tt.target)
		if nb != tt.nb || en != tt.en {
			t.Errorf("%s: %d nb and %d en pages, want %d and %d", tt.target, nb, en, tt.nb, tt.en)
		}
	}
	r := mustGet(t, h, "/compare?from=2.0&to=2.6&lang=nb")
	if !strings.Contains(text(r.doc), "Sammenlign") {
		t.Errorf("lang=nb does not switch the interface to Norwegian")
	}
	if h1 := text(r.doc); !strings.Contains(h1, "versjon 2.0 → versjon 2.6") {
		t.Errorf("lang=nb: the heading does not name the versions in Norwegian")
	}
	if r := mustGet(t, h, "/compare?from=2.0&to=2.6"); !strings.Contains(text(r.doc), "version 2.0 → version 2.6") {
		t.Errorf("the heading does not name the versions")
	}
}

func TestCompareDates(t *testing.T) {
	h := New(newFake(), Options{})
	// 2023-07-23 is the day before the adequacy update: the last revision
	// on or before it is c2; 2023-07-24 takes c3.
	r := mustGet(t, h, "/compare?from=2023-07-23&to=2023-07-24")
	changes := find(r.doc, byTagClass("article", "change"))
	if len(changes) != 1 || attr(changes[0], "id") != "fp-adequacy-1" {
		t.Fatalf("date compare shows %d changes, want the adequacy update alone", len(changes))
	}
	if !strings.Contains(text(r.doc), "2023-07-23 ("+c2[:7]+")") {
		t.Errorf("date label missing")
	}
}

func TestDeepLinks(t *testing.T) {
	h := New(newFake(), Options{})
	r := mustGet(t, h, "/compare?from=2.0&to=2.6&view=side")
	present := ids(r.doc)
	n := 0
	walk(r.doc, func(a *html.Node) {
		if a.Data != "a" || !hasClass(a, "permalink") {
			return
		}
		n++
		u, err := url.Parse(attr(a, "href"))
		if err != nil {
			t.Fatalf("bad permalink: %v", err)
		}
		if u.Query().Get("from") != "2.0" || u.Query().Get("to") != "2.6" || u.Query().Get("view") != "side" {
			t.Errorf("permalink %s loses the view's parameters", u)
		}
		if !present[u.Fragment] {
			t.Errorf("permalink %s points at no element", u)
		}
		// Pasted into a message and opened again, the target is there.
		again := mustGet(t, h, u.RequestURI())
		if !ids(again.doc)[u.Fragment] {
			t.Errorf("reopened %s lacks #%s", u.RequestURI(), u.Fragment)
		}
	})
	if n != 5 {
		t.Errorf("%d permalinks, want one per change (5)", n)
	}
	for _, fp := range []string{"fp-adequacy-1", "fp-hostile-2", "fp-link-3", "fp-link-4", "fp-en-added"} {
		if !present[fp] {
			t.Errorf("no element with id %s", fp)
		}
	}
}

func TestHistory(t *testing.T) {
	h := New(newFake(), Options{})
	r := mustGet(t, h, "/history?page="+url.QueryEscape(pathNB))
	paras := find(r.doc, byTagClass("li", "para"))
	if len(paras) != 4 {
		t.Fatalf("%d paragraphs, want 4", len(paras))
	}
	p := paras[1]
	if !strings.Contains(text(p), "24 July 2023 · version 2.5") {
		t.Errorf("adequacy paragraph does not name its substantive change: %q", text(p))
	}
	var href string
	walk(p, func(n *html.Node) {
		if n.Data == "a" && href == "" && strings.HasPrefix(attr(n, "href"), "/compare") {
			href = attr(n, "href")
		}
	})
	want := "/compare?from=" + c3 + "%5E&to=" + c3 + "#page-" + slug(pathNB)
	if href != want {
		t.Fatalf("history links to %q, want %q", href, want)
	}
	u, _ := url.Parse(href)
	c := mustGet(t, h, u.RequestURI())
	if !ids(c.doc)["fp-adequacy-1"] || !ids(c.doc)[u.Fragment] {
		t.Errorf("the linked compare lacks the change or the page anchor")
	}
	// The editorial link fix changed paragraph 4 last, its substance is 2.0's.
	if got := text(paras[3]); !strings.Contains(got, "1 November 2022 · version 2.0") || !strings.Contains(got, "15 January 2024 · version 2.6") {
		t.Errorf("link paragraph attribution: %q", got)
	}
	// Each paragraph reads as the page does: its link a link, no Markdown.
	var link bool
	walk(paras[3], func(n *html.Node) {
		if n.Data == "a" && attr(n, "href") == "/nb/dpia/3/" && text(n) == "kapittel 3" {
			link = true
		}
	})
	if !link || strings.Contains(text(paras[3]), "](") || strings.Contains(text(paras[0]), "##") {
		t.Errorf("the paragraphs are shown as Markdown, not as the page reads:\n%q\n%q", text(paras[0]), text(paras[3]))
	}
}

func TestEscaping(t *testing.T) {
	h := New(newFake(), Options{})
	for _, target := range []string{
		"/", "/?lang=nb",
		"/compare?from=2.0&to=2.6", "/compare?from=2.0&to=2.6&view=side",
		"/history?page=" + url.QueryEscape(pathNB),
		"/compare?from=" + c1 + "&to=" + c2,
	} {
		r := mustGet(t, h, target)
		walk(r.doc, func(n *html.Node) {
			switch n.Data {
			case "script":
				if attr(n, "src") != "/static/redline.js" || n.FirstChild != nil {
					t.Errorf("%s: foreign script element %v", target, n.Attr)
				}
			case "img", "iframe", "object", "embed", "b":
				t.Errorf("%s: document markup became an element: <%s>", target, n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || strings.Contains(strings.ToLower(a.Val), "javascript:") {
					t.Errorf("%s: <%s %s=%q>", target, n.Data, a.Key, a.Val)
				}
			}
		})
		if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<img src=x") {
			t.Errorf("%s: raw markup in the page", target)
		}
	}
	// The hostile text is shown, as text.
	tl := mustGet(t, h, "/")
	if !strings.Contains(text(tl.doc), hostileSubject) {
		t.Errorf("the commit subject is not shown as text")
	}
	c := mustGet(t, h, "/compare?from="+c1+"&to="+c2)
	if !strings.Contains(text(c.doc), "<script>alert(2)</script>") {
		t.Errorf("the document text is not shown as text")
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := New(newFake(), Options{})
	for _, target := range []string{"/", "/compare?from=2.0&to=2.5", "/history?page=" + url.QueryEscape(pathNB),
		"/static/style.css", "/nowhere", "/compare?from=a%20b&to=2.5"} {
		r := get(t, h, http.MethodGet, target)
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "style-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", target, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows inline code: %q", target, csp)
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", target, r.header)
		}
	}
	// No inline style or script anywhere: the CSP would block them.
	r := mustGet(t, h, "/compare?from=2.0&to=2.6&view=side")
	walk(r.doc, func(n *html.Node) {
		if n.Data == "style" || attr(n, "style") != "" {
			t.Errorf("inline style on <%s>", n.Data)
		}
	})
	css := get(t, h, http.MethodGet, "/static/style.css")
	if css.status != 200 || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") || !strings.Contains(css.body, "ins {") {
		t.Errorf("stylesheet: %d %q", css.status, css.header.Get("Content-Type"))
	}
	js := get(t, h, http.MethodGet, "/static/redline.js")
	if js.status != 200 || !strings.HasPrefix(js.header.Get("Content-Type"), "text/javascript") {
		t.Errorf("script: %d %q", js.status, js.header.Get("Content-Type"))
	}
}

func TestMethods(t *testing.T) {
	h := New(newFake(), Options{})
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		r := get(t, h, m, "/compare?from=2.0&to=2.5")
		if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q", m, r.status, r.header.Get("Allow"))
		}
	}
	if r := get(t, h, http.MethodHead, "/"); r.status != http.StatusOK {
		t.Errorf("HEAD /: %d", r.status)
	}
}

func TestBadRequests(t *testing.T) {
	h := New(newFake(), Options{})
	long := strings.Repeat("a", 200)
	for _, tt := range []struct {
		target string
		status int
		msg    string
	}{
		{"/compare?from=a%20b&to=2.5", 400, `character ' ' is not allowed`},
		{"/compare?from=2.0&to=HEAD@%7B1%7D", 400, `character '@' is not allowed`},
		{"/compare?from=2.0&to=x%3Brm", 400, `character ';' is not allowed`},
		{"/compare?from=2.0..2.5&to=2.5", 400, "is not a single revision"},
		{"/compare?from=--output%3D/tmp/x&to=2.5", 400, "not allowed"},
		{"/compare?from=" + long + "&to=2.5", 400, "too long"},
		{"/compare?to=2.5", 400, "missing from="},
		{"/compare?from=2.0&to=2.5&filter=none", 400, `unknown filter="none"`},
		{"/compare?from=2.0&to=2.5&view=3d", 400, `unknown view="3d"`},
		{"/compare?from=2.0&to=2.5&lang=de", 400, `unknown lang="de"`},
		{"/compare?from=2023-02-30&to=2.5", 400, "is not a date"},
		{"/compare?from=deadbeef&to=2.5", 404, "unknown version, revision or date"},
		{"/compare?from=1.0&to=2.5", 422, "version 1.0 predates the history"},
		{"/compare?from=2019-01-01&to=2.5", 404, "no revision on or before 2019-01-01"},
		{"/compare?from=2.0&to=2.5&page=content/secret.md", 404, "is not a tracked document"},
		{"/compare?from=2.0&to=2.5&page=../../../../etc/passwd", 404, "is not a tracked document"},
		{"/compare?from=2.0&to=2.5&page=a%00b", 400, "control character"},
		{"/history", 400, "missing page="},
		{"/history?page=../../etc/passwd", 404, "is not a tracked document"},
		{"/history?page=" + url.QueryEscape(pathNB) + "&at=a%27b", 400, "not allowed"},
		{"/nowhere", 404, "no page at /nowhere"},
		{"/static/../serve.go", 404, "no page at"},
	} {
		r := get(t, h, http.MethodGet, tt.target)
		if r.status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.target, r.status, tt.status)
			continue
		}
		msg := find(r.doc, byTagClass("p", "error"))
		if len(msg) != 1 || !strings.Contains(text(msg[0]), tt.msg) {
			t.Errorf("%s: message %q, want one with %q", tt.target, text(r.doc), tt.msg)
		}
		if hint := find(r.doc, byTagClass("p", "hint")); len(hint) != 1 {
			t.Errorf("%s: no hint", tt.target)
		}
	}
}

func TestHugeCompare(t *testing.T) {
	f := newFake()
	f.extra = 5000
	h := New(f, Options{})
	r := get(t, h, http.MethodGet, "/compare?from=2.0&to=2.6")
	if r.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", r.status)
	}
	msg := text(find(r.doc, byTagClass("p", "error"))[0])
	if !strings.Contains(msg, "too large for the web view: 5001 documents at 2.0 and 5002 at 2.6; the limit is 1000") {
		t.Errorf("message %q", msg)
	}
	if f.compares.Load() != 0 {
		t.Errorf("the backend compared anyway")
	}
}

func TestCompareCached(t *testing.T) {
	f := newFake()
	h := New(f, Options{CacheEntries: 2})
	for i := 0; i < 3; i++ {
		mustGet(t, h, "/compare?from=2.0&to=2.5")
		mustGet(t, h, "/compare?from="+c1+"&to="+c3+"&filter=substantive") // the same pair of hashes
	}
	if n := f.compares.Load(); n != 1 {
		t.Errorf("%d backend compares for one pair of revisions, want 1", n)
	}
	mustGet(t, h, "/compare?from=2.0&to=2.6")
	mustGet(t, h, "/compare?from=2.5&to=2.6") // evicts 2.0..2.5
	mustGet(t, h, "/compare?from=2.0&to=2.5")
	if n := f.compares.Load(); n != 4 {
		t.Errorf("%d backend compares, want 4 (the cache holds 2)", n)
	}
}

func TestConcurrencyLimit(t *testing.T) {
	f := newFake()
	f.gate = make(chan struct{})
	h := New(f, Options{MaxConcurrent: 2})
	pairs := [][2]string{{c1, c2}, {c1, c3}, {c1, c4}, {c1, c5}, {c2, c3}, {c2, c4}, {c2, c5}, {c3, c5}}
	var wg sync.WaitGroup
	statuses := make([]int, len(pairs))
	for i, p := range pairs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = get(t, h, http.MethodGet, "/compare?from="+p[0]+"&to="+p[1]).status
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for f.inflight.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // room for a broken limit to let more in
	close(f.gate)
	wg.Wait()
	if f.maxIn > 2 {
		t.Errorf("%d compares ran at once, limit 2", f.maxIn)
	}
	for i, s := range statuses {
		if s != 200 {
			t.Errorf("request %d: status %d", i, s)
		}
	}
}

func TestLRU(t *testing.T) {
	c := newLRU(2, 100)
	c.put("a", 1, 10)
	c.put("b", 2, 10)
	c.get("a") // a is now newer than b
	c.put("c", 3, 10)
	if _, ok := c.get("b"); ok {
		t.Errorf("b survived; the least recently used should go")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s was evicted", k)
		}
	}
	if c.len() != 2 {
		t.Errorf("len %d", c.len())
	}
	// The byte budget evicts too, and keeps nothing larger than itself.
	c.put("big", 4, 85) // 105 bytes with a and c: a, the older, goes
	if _, ok := c.get("a"); ok || c.len() != 2 {
		t.Errorf("after an 85-byte entry in a 100-byte budget: %d entries, a kept: %v", c.len(), ok)
	}
	c.put("huge", 5, 101)
	if _, ok := c.get("huge"); ok {
		t.Errorf("an entry over the whole budget was kept")
	}
	// A failed computation is not cached.
	calls := 0
	fail := func(context.Context) (any, int64, error) { calls++; return nil, 0, context.DeadlineExceeded }
	c.do(context.Background(), "x", time.Minute, fail)
	c.do(context.Background(), "x", time.Minute, fail)
	if calls != 2 {
		t.Errorf("failed result reused: %d calls", calls)
	}
}

func TestResolveVersion(t *testing.T) {
	cl := dpiaChangelog()
	for _, tt := range []struct {
		ref, rev, label string
		ok              bool
		status          int
	}{
		{"2.5", c3, "version 2.5", true, 0},
		{"v2.5", c3, "version 2.5", true, 0},
		{"2.0", c1, "version 2.0", true, 0},
		{"1.0", "", "", true, 422},
		{"2024-01-15", c4, "2024-01-15 (" + c4[:7] + ")", true, 0},
		{"2024-12-31", c5, "2024-12-31 (" + c5[:7] + ")", true, 0},
		{"2022-10-31", "", "", true, 404},
		{"2022-13-01", "", "", true, 400},
		{"HEAD", "", "", false, 0},
		{c2[:10], "", "", false, 0},
	} {
		rev, label, ok, err := ResolveVersion(cl, tt.ref)
		status := 0
		if e, isE := err.(*Error); isE {
			status = e.Status
		} else if err != nil {
			t.Errorf("%s: %v", tt.ref, err)
		}
		if rev != tt.rev || label != tt.label || ok != tt.ok || status != tt.status {
			t.Errorf("ResolveVersion(%q) = %q, %q, %v, status %d; want %q, %q, %v, %d", tt.ref, rev, label, ok, status, tt.rev, tt.label, tt.ok, tt.status)
		}
	}
}

func TestHiddenBackendErrors(t *testing.T) {
	var log strings.Builder
	h := New(errBackend{newFake()}, Options{Log: &log})
	r := get(t, h, http.MethodGet, "/")
	if r.status != 500 || strings.Contains(r.body, "/home/secret") {
		t.Errorf("status %d; body leaks the backend error: %v", r.status, strings.Contains(r.body, "/home/secret"))
	}
	if !strings.Contains(log.String(), "/home/secret/repo") {
		t.Errorf("the error is not logged: %q", log.String())
	}
}

type errBackend struct{ *fakeBackend }

func (errBackend) Documents(context.Context, string) ([]string, error) {
	return nil, &url.Error{Op: "open", URL: "/home/secret/repo", Err: io.ErrUnexpectedEOF}
}
