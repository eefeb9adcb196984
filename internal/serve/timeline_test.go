package serve

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
	"golang.org/x/net/html"
)

// longBackend serves a long history: n revisions, one a day from 1
// January 2020, each changing one of four documents in turn (a Norwegian
// and an English page, another Norwegian one, one in no language that is
// gone at HEAD). Every third revision is substantive, the rest editorial.
// Versions: 2.0 holds the first 150 revisions, 3.0 the rest, and 1.0 comes
// from before version control, with none.
type longBackend struct {
	*fakeBackend
}

var longDocs = []string{"content/a/_index.nb.md", "content/a/_index.en.md", "content/b/_index.nb.md", "content/c.md"}

const (
	longNeedle  = "Grünerløkka-avtalen"
	longHostile = `<script>alert("subject")</script>`
)

func longCommit(i int) string { return fakeHash("long-" + strconv.Itoa(i)) }

func longEntry(i int) changes.Entry {
	doc := longDocs[i%len(longDocs)]
	class := classify.Editorial
	if i%3 == 0 {
		class = classify.Substantive
	}
	text := fmt.Sprintf("Avsnitt nummer %d.", i)
	if i == 137 {
		text = "Avtalen heter " + longNeedle + "."
	}
	subject := fmt.Sprintf("Edit %d of %s", i, doc)
	if i == 42 {
		subject = longHostile
	}
	e := changes.Entry{
		Commit: longCommit(i), Date: time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, i), Author: "A",
		Subject: subject, Class: class,
		Documents: []classify.DocumentDiff{{Path: doc, Status: "modified", Class: class, Changes: []classify.Change{{
			Op: align.Modified, Class: class, Reasons: []string{"wording"}, Fingerprint: fmt.Sprintf("fp-long-%d", i),
			Old: &classify.Side{Text: "Før.", Lines: [2]int{1, 1}}, New: &classify.Side{Text: text, Lines: [2]int{1, 1}},
		}}}},
	}
	if i > 0 {
		e.Parents = []string{longCommit(i - 1)}
	}
	return e
}

func longChangelog(n int) *release.Changelog {
	v2 := release.Version{ID: "2.0", Date: "2020-05-29", Class: classify.Substantive}
	v3 := release.Version{ID: "3.0", Class: classify.Substantive}
	for i := n - 1; i >= 0; i-- { // newest first
		if i < 150 {
			v2.Entries = append(v2.Entries, longEntry(i))
		} else {
			v3.Entries = append(v3.Entries, longEntry(i))
		}
	}
	v2.Revision = v2.Entries[0].Commit
	v3.Revision = v3.Entries[0].Commit
	return &release.Changelog{Schema: release.Schema, Languages: []string{"nb", "en"}, Versions: []release.Version{
		v3, v2, {ID: "1.0", Date: "2019-01-01", Historical: true, Class: classify.None},
	}}
}

func newLong(n int) *longBackend {
	f := newFake()
	f.cl = longChangelog(n)
	return &longBackend{fakeBackend: f}
}

// Documents at any revision: all but the one gone.
func (b *longBackend) Documents(ctx context.Context, hash string) ([]string, error) {
	return longDocs[:3], nil
}

// entryShorts are the short hashes of the revisions a timeline page lists,
// in order.
func entryShorts(doc *html.Node) []string {
	var out []string
	for _, e := range find(doc, byTagClass("li", "entry")) {
		out = append(out, strings.TrimPrefix(attr(e, "id"), "r-"))
	}
	return out
}

// walkPages follows the next links from target and returns every
// revision listed, in order, and the number of pages.
func walkPages(t *testing.T, h http.Handler, target string) (shorts []string, pages int) {
	t.Helper()
	for target != "" {
		pages++
		if pages > 100 {
			t.Fatalf("more than 100 pages from %s", target)
		}
		r := mustGet(t, h, target)
		shorts = append(shorts, entryShorts(r.doc)...)
		target = relLink(r.doc, "next")
	}
	return shorts, pages
}

func TestTimelinePaging(t *testing.T) {
	h := New(newLong(250), Options{PageEntries: 100})
	r := mustGet(t, h, "/")
	if got := classText(r.doc, "p", "page-summary"); got != "Page 1 of 3: revisions 1–100" {
		t.Errorf("page 1 says %q", got)
	}
	if got := classText(r.doc, "p", "matching"); got != "250 revisions" {
		t.Errorf("unfiltered count %q", got)
	}
	if relLink(r.doc, "prev") != "" || relLink(r.doc, "next") != "/?part=2" {
		t.Errorf("page 1: prev %q, next %q", relLink(r.doc, "prev"), relLink(r.doc, "next"))
	}
	shorts, pages := walkPages(t, h, "/")
	if pages != 3 || len(shorts) != 250 {
		t.Fatalf("%d pages, %d revisions; want 3 and 250", pages, len(shorts))
	}
	for k, s := range shorts { // newest first, each once
		if want := longCommit(249 - k)[:7]; s != want {
			t.Fatalf("revision %d on the pages is %s, want %s", k, s, want)
		}
	}

	// Page 2 is all 2.0's newest; page 3 goes on with 2.0, says so, and
	// ends with the historical 1.0.
	versionsOn := func(target string) (ids []string, continued []bool) {
		r := mustGet(t, h, target)
		for _, v := range find(r.doc, byTagClass("li", "version")) {
			ids = append(ids, attr(v, "id"))
			continued = append(continued, len(find(v, byTagClass("p", "continued"))) > 0)
		}
		return ids, continued
	}
	for _, c := range []struct {
		target    string
		ids       string
		continued string
	}{
		{"/", "version-3-0", "false"},
		{"/?part=2", "version-2-0", "false"},
		{"/?part=3", "version-2-0 version-1-0", "true false"},
	} {
		ids, cont := versionsOn(c.target)
		if got := strings.Join(ids, " "); got != c.ids {
			t.Errorf("%s: versions %q, want %q", c.target, got, c.ids)
		}
		if got := strings.Trim(fmt.Sprint(cont), "[]"); got != c.continued {
			t.Errorf("%s: continued %q, want %q", c.target, got, c.continued)
		}
	}
	r = mustGet(t, h, "/?part=3")
	if got := classText(r.doc, "p", "page-summary"); got != "Page 3 of 3: revisions 201–250" {
		t.Errorf("page 3 says %q", got)
	}
	if relLink(r.doc, "next") != "" || relLink(r.doc, "prev") != "/?part=2" {
		t.Errorf("page 3: prev %q, next %q", relLink(r.doc, "prev"), relLink(r.doc, "next"))
	}
	for target, status := range map[string]int{
		"/?part=4": 404, "/?part=0": 400, "/?part=02": 400, "/?part=-1": 400, "/?part=x": 400,
	} {
		if r := get(t, h, http.MethodGet, target); r.status != status {
			t.Errorf("%s: status %d, want %d", target, r.status, status)
		}
	}
}

func TestPager(t *testing.T) {
	en, nb := labelsFor("en"), labelsFor("nb")
	at := func(k int) string { return "/?part=" + strconv.Itoa(k) }
	for _, c := range []struct {
		l              *labels
		n, size, part  int
		pages, lo, hi  int
		summary, links string
		prev, next     string
		notFound       bool
	}{
		{l: en, n: 0, size: 100, part: 1, pages: 1},
		{l: en, n: 100, size: 100, part: 1, pages: 1, hi: 100},
		{l: en, n: 101, size: 100, part: 2, pages: 2, lo: 100, hi: 101, summary: "Page 2 of 2: revision 101", links: "1 2*", prev: "/?part=1"},
		{l: nb, n: 101, size: 100, part: 2, pages: 2, lo: 100, hi: 101, summary: "Side 2 av 2: revisjon 101", links: "1 2*", prev: "/?part=1"},
		{l: nb, n: 4853, size: 100, part: 1, pages: 49, hi: 100, summary: "Side 1 av 49: revisjonene 1–100", links: "1* 2 3 4 …49", next: "/?part=2"},
		{l: en, n: 4853, size: 100, part: 20, pages: 49, lo: 1900, hi: 2000, summary: "Page 20 of 49: revisions 1,901–2,000",
			links: "1 …17 18 19 20* 21 22 23 …49", prev: "/?part=19", next: "/?part=21"},
		{l: en, n: 4853, size: 100, part: 50, notFound: true},
		{l: en, n: 0, size: 100, part: 2, notFound: true},
	} {
		p, lo, hi, err := newPager(c.l, c.n, c.size, c.part, c.l.RevisionRange, at)
		if c.notFound {
			if e, ok := err.(*Error); !ok || e.Status != http.StatusNotFound {
				t.Errorf("n=%d part=%d: error %v, want a 404", c.n, c.part, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("n=%d part=%d: %v", c.n, c.part, err)
			continue
		}
		var links []string
		for _, l := range p.Links {
			if l.Current {
				l.Label += "*"
			}
			if l.Gap {
				l.Label = "…" + l.Label
			}
			links = append(links, l.Label)
		}
		if p.Pages != c.pages || lo != c.lo || hi != c.hi || p.Summary != c.summary || strings.Join(links, " ") != c.links || p.Prev != c.prev || p.Next != c.next {
			t.Errorf("n=%d size=%d part=%d: pages %d [%d, %d) %q links %q prev %q next %q", c.n, c.size, c.part,
				p.Pages, lo, hi, p.Summary, links, p.Prev, p.Next)
		}
	}
}

// The numbers read as each language writes them.
func TestNumbersAndCounts(t *testing.T) {
	en, nb := labelsFor("en"), labelsFor("nb")
	for _, c := range []struct{ got, want string }{
		{en.Num(4853), "4,853"}, {nb.Num(4853), "4853"}, {nb.Num(23104), "23\u00a0104"}, {en.Num(7), "7"},
		{nb.Matching(1, 1, true), "Treff: 1 av 1 revisjon"},
		{nb.Matching(12, 4853, true), "Treff: 12 av 4853 revisjoner"},
		{en.Matching(0, 4853, true), "Matching: 0 of 4,853 revisions"},
		{en.Matching(0, 1, false), "1 revision"},
		{nb.DocumentCount(1), "1 dokument"}, {nb.DocumentCount(134), "134 dokumenter"},
		{en.MoreDocuments(3), "and 3 more"}, {nb.MoreDocuments(3), "og 3 til"},
		{en.SubstantiveCount(109154), "109,154 substantive"}, {nb.EditorialCount(21638), "21\u00a0638 redaksjonelle"},
		{nb.EditorialCount(1), "1 redaksjonell"}, {nb.HiddenCount(2), "2 redaksjonelle endringer skjult"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		s, sub string
		want   bool
	}{
		{"Record new changes of TikTok Privacy Policy", "tiktok", true},
		{"Record new changes of TikTok Privacy Policy", "privacy policy", true},
		{"Avtalen om GRÜNERLØKKA", "grünerløkka", true},
		{"Avtalen om Grünerløkka", "grunerlokka", false},
		{"straße", "strasse", false},
		{"", "a", false},
		{"abc", "", true},
		{"ab", "abc", false},
		{"aaab", "aab", true},
	} {
		if got := containsFold(c.s, c.sub); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v", c.s, c.sub, got)
		}
	}
}

// TestTimelineFilters checks each filter, and filters together, against
// the revisions the generator made, on every page.
func TestTimelineFilters(t *testing.T) {
	const n = 250
	h := New(newLong(n), Options{PageEntries: 40})
	want := func(keep func(i int) bool) []string {
		var out []string
		for i := n - 1; i >= 0; i-- {
			if keep(i) {
				out = append(out, longCommit(i)[:7])
			}
		}
		return out
	}
	doc := func(i int) string { return longDocs[i%4] }
	for _, c := range []struct {
		query string
		keep  func(i int) bool
	}{
		{"page=" + url.QueryEscape(longDocs[0]), func(i int) bool { return i%4 == 0 }},
		{"class=substantive", func(i int) bool { return i%3 == 0 }},
		{"class=editorial", func(i int) bool { return i%3 != 0 }},
		// A document in no language is in every language, as in a compare.
		{"lang=en", func(i int) bool { return i%4 == 1 || i%4 == 3 }},
		{"lang=nb", func(i int) bool { return i%4 != 1 }},
		{"since=2020-01-11&until=2020-01-20", func(i int) bool { return i >= 10 && i <= 19 }},
		{"since=2.0&until=2.0", func(i int) bool { return i < 150 }},
		{"until=2.0", func(i int) bool { return i < 150 }},
		{"since=3.0", func(i int) bool { return i >= 150 }},
		{"since=1.0", func(i int) bool { return true }},
		{"since=" + longCommit(200)[:10], func(i int) bool { return i >= 200 }},
		{"until=" + strings.ToUpper(longCommit(20)[:8]), func(i int) bool { return i <= 20 }},
		{"q=" + url.QueryEscape(strings.ToUpper(longNeedle)), func(i int) bool { return i == 137 }},
		{"q=c.md", func(i int) bool { return doc(i) == "content/c.md" }},
		{"q=edit+of+_index.en", func(i int) bool { return i%4 == 1 && i != 42 }},
		{"q=" + longCommit(77)[:8], func(i int) bool { return i == 77 }},
		{"q=avsnitt+nummer+13", func(i int) bool { return strings.Contains(strconv.Itoa(i), "13") && i != 137 }},
		{"page=" + url.QueryEscape(longDocs[0]) + "&class=substantive&since=2020-02-01", func(i int) bool { return i%12 == 0 && i >= 31 }},
		{"lang=en&class=editorial&q=edit", func(i int) bool { return (i%4 == 1 || i%4 == 3) && i%3 != 0 && i != 42 }},
		{"page=nowhere.md", func(i int) bool { return false }},
	} {
		target := "/?" + c.query
		got, pages := walkPages(t, h, target)
		w := want(c.keep)
		if strings.Join(got, " ") != strings.Join(w, " ") {
			t.Errorf("%s: %d revisions listed, want %d\n got %v\nwant %v", target, len(got), len(w), got, w)
		}
		if wantPages := max(1, (len(w)+39)/40); pages != wantPages {
			t.Errorf("%s: %d pages, want %d", target, pages, wantPages)
		}
		r := mustGet(t, h, target)
		q, _ := url.ParseQuery(c.query)
		if got, want := classText(r.doc, "p", "matching"), labelsFor(q.Get("lang")).Matching(len(w), n, true); got != want {
			t.Errorf("%s: %q, want %q", target, got, want)
		}
		// Each version's heading counts the changes of its matching
		// revisions, on every page: the list beneath, not the version.
		var shown []int // versions on the first page, newest first: 3 (i >= 150), then 2
		counts := map[int]*[2]int{}
		listed := 0
		for i := n - 1; i >= 0; i-- {
			if !c.keep(i) {
				continue
			}
			v := 2
			if i >= 150 {
				v = 3
			}
			if counts[v] == nil {
				counts[v] = &[2]int{}
			}
			if i%3 == 0 {
				counts[v][0]++
			} else {
				counts[v][1]++
			}
			if listed < 40 && (len(shown) == 0 || shown[len(shown)-1] != v) {
				shown = append(shown, v)
			}
			listed++
		}
		var heads, wantHeads []string
		for _, p := range find(r.doc, byTagClass("p", "counts")) {
			heads = append(heads, strings.Join(strings.Fields(text(p)), " "))
		}
		lb := labelsFor(q.Get("lang"))
		for _, v := range shown {
			wantHeads = append(wantHeads, lb.SubstantiveCount(counts[v][0])+" · "+lb.EditorialCount(counts[v][1]))
		}
		if strings.Join(heads, "|") != strings.Join(wantHeads, "|") {
			t.Errorf("%s: version headings count %q, want %q", target, heads, wantHeads)
		}
		// An empty result says so, with the way out.
		if empty := find(r.doc, byTagClass("p", "empty")); (len(w) == 0) != (len(empty) == 1) {
			t.Errorf("%s: %d revisions and %d empty notes", target, len(w), len(empty))
		} else if len(w) == 0 && (!strings.Contains(text(empty[0]), labelsFor(q.Get("lang")).NoMatch) || linkByText(empty[0], "Clear all filters") != "/") {
			t.Errorf("%s: the empty note reads %q", target, text(empty[0]))
		}
		// Every page link keeps the filters.
		for _, a := range find(r.doc, byTagClass("nav", "pager")) {
			for _, l := range find(a, byTagClass("a", "")) {
				u, _ := url.Parse(attr(l, "href"))
				q, _ := url.ParseQuery(c.query)
				for k := range q {
					if u.Query().Get(k) != q.Get(k) {
						t.Errorf("%s: page link %s drops %s=", target, u, k)
					}
				}
			}
		}
	}
	for target, status := range map[string]int{
		"/?class=none":                    400,
		"/?since=2020-02-30":              400,
		"/?since=9.9":                     400,
		"/?until=deadbeef":                400,
		"/?since=a%20b":                   400,
		"/?q=" + strings.Repeat("x", 201): 400,
		"/?q=a%00b":                       400,
		"/?q=%ff":                         400,
		"/?page=a%0Ab":                    400,
	} {
		if r := get(t, h, http.MethodGet, target); r.status != status {
			t.Errorf("%s: status %d, want %d", target, r.status, status)
		}
	}
}

// TestTimelineFilterState checks what the page says of its filters: the
// form shows them, each has a link that drops it, one link drops all (the
// interface's language stays), and a form sent with empty fields lands on
// the view's own address.
func TestTimelineFilterState(t *testing.T) {
	h := New(newLong(250), Options{PageEntries: 10})
	target := "/?class=substantive&page=" + url.QueryEscape(longDocs[0]) + "&q=edit&ui=nb&part=2"
	r := mustGet(t, h, target)
	chips := map[string]string{}
	for _, c := range find(r.doc, byTagClass("span", "chip")) {
		a := find(c, byTagClass("a", "chip-remove"))
		chips[strings.Join(strings.Fields(text(c)), " ")] = attr(a[0], "href")
	}
	pageQ := "page=" + url.QueryEscape(longDocs[0])
	for chip, href := range map[string]string{
		"Dokument: " + longDocs[0] + " ×":       "/?class=substantive&q=edit&ui=nb",
		"Endringer: med en vesentlig endring ×": "/?" + pageQ + "&q=edit&ui=nb",
		"Søk: edit ×":                           "/?class=substantive&" + pageQ + "&ui=nb",
	} {
		if got, ok := chips[chip]; !ok || got != href {
			t.Errorf("chip %q links %q, want %q (chips %q)", chip, got, href, chips)
		}
	}
	if len(chips) != 3 {
		t.Errorf("%d filters shown, want 3: %q", len(chips), chips)
	}
	if got := linkByText(r.doc, "Fjern alle filtrene"); got != "/?ui=nb" {
		t.Errorf("clear link %q", got)
	}
	form := find(r.doc, byTagClass("form", "filter-form"))
	if len(form) != 1 || attr(form[0], "method") != "get" || attr(form[0], "action") != "/" {
		t.Fatalf("no GET filter form")
	}
	values := map[string]string{}
	for _, in := range find(form[0], byTagClass("input", "")) {
		values[attr(in, "name")] = attr(in, "value")
	}
	for _, sel := range find(form[0], byTagClass("select", "")) {
		for _, o := range find(sel, byTagClass("option", "")) {
			if _, ok := findAttr(o, "selected"); ok {
				values[attr(sel, "name")] = attr(o, "value")
			}
		}
	}
	for k, v := range map[string]string{"page": longDocs[0], "class": "substantive", "lang": "", "since": "", "until": "", "q": "edit", "ui": "nb"} {
		if got, ok := values[k]; !ok || got != v {
			t.Errorf("form field %s=%q, want %q", k, got, v)
		}
	}
	// The form as a browser sends it: every field, empty or not.
	sent := url.Values{}
	for k, v := range values {
		sent.Set(k, v)
	}
	sent.Set("q", "  edit  ")
	res := get(t, h, http.MethodGet, "/?"+sent.Encode())
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/?class=substantive&"+pageQ+"&q=edit&ui=nb" {
		t.Errorf("the form's address: %d to %q", res.status, res.header.Get("Location"))
	}
	// Language links keep the filters and go back to the first page; the
	// interface's language keeps the page too.
	_, links, _ := switches(t, h, target)
	if got := links["Dokumenter engelske"]; got != "/?class=substantive&lang=en&"+pageQ+"&q=edit&ui=nb" {
		t.Errorf("document language link %q", got)
	}
	if got := links["Språk i visningen English"]; got != "/?class=substantive&"+pageQ+"&part=2&q=edit" {
		t.Errorf("interface language link %q", got)
	}
}

func TestDocumentsList(t *testing.T) {
	h := New(newLong(250), Options{PageEntries: 2})
	rows := func(target string) []string {
		r := mustGet(t, h, target)
		var out []string
		for _, tr := range find(r.doc, byTagClass("tr", "doc-row")) {
			var cells []string
			for c := tr.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					cells = append(cells, strings.Join(strings.Fields(text(c)), " "))
				}
			}
			out = append(out, strings.Join(cells, " | "))
		}
		return out
	}
	// The counts, from the generator.
	all := append(rows("/documents"), rows("/documents?part=2")...)
	var want []string
	for k, doc := range []string{longDocs[1], longDocs[0], longDocs[2], longDocs[3]} { // by path
		var revs, sub, edi, last int
		for i := range 250 {
			if longDocs[i%4] != doc {
				continue
			}
			revs, last = revs+1, i
			if i%3 == 0 {
				sub++
			} else {
				edi++
			}
		}
		name, lang := doc+" · paragraph history", []string{"en", "nb", "nb", ""}[k]
		if k == 3 {
			name = doc + " (not in the current version)"
		}
		want = append(want, fmt.Sprintf("%s | %s | %d | %d | %d | %s", name, lang, revs, sub, edi, labelsFor("en").Day(longEntry(last).Date)))
	}
	if strings.Join(all, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents:\n%s\nwant\n%s", strings.Join(all, "\n"), strings.Join(want, "\n"))
	}
	r := mustGet(t, h, "/documents")
	if got := classText(r.doc, "p", "page-summary"); got != "Page 1 of 2: documents 1–2" {
		t.Errorf("documents page 1 says %q", got)
	}
	for _, a := range find(r.doc, byTagClass("a", "")) {
		if strings.Contains(text(a), "content/c.md") || attr(a, "href") == "/history?page=content%2Fc.md" {
			t.Errorf("a document gone at HEAD links its paragraph history")
		}
	}
	if got := rows("/documents?lang=nb&sort=revisions"); len(got) != 2 || !strings.HasPrefix(got[0], "content/a/_index.nb.md") {
		t.Errorf("nb by revisions: %q", got)
	}
	// The range counts the revisions in it: 2020-01-01..10 are i = 0..9;
	// with no document in a language, no language column.
	if got := rows("/documents?until=2020-01-10&q=c.md"); len(got) != 1 || got[0] != "content/c.md (not in the current version) | 2 | 1 | 1 | 8 January 2020" {
		t.Errorf("c.md until 10 January: %q", got)
	}
	if r := mustGet(t, h, "/documents?q=nothing"); len(find(r.doc, byTagClass("p", "empty"))) != 1 {
		t.Errorf("an empty list of documents does not say so")
	}
	// Each document links to its timeline, filtered.
	r = mustGet(t, h, "/documents?part=2")
	var tl string
	for _, a := range find(r.doc, byTagClass("a", "")) {
		if strings.Contains(text(a), "content/b/_index.nb.md") {
			tl = attr(a, "href")
		}
	}
	if tl != "/?page="+url.QueryEscape("content/b/_index.nb.md") {
		t.Errorf("document links %q", tl)
	}
	// The timeline links the list from its top, before the versions.
	r = mustGet(t, New(newLong(250), Options{}), "/")
	top := find(r.doc, byTagClass("a", "documents-link"))
	if len(top) != 1 || attr(top[0], "href") != "/documents" {
		t.Fatalf("the timeline does not link the list of documents")
	}
	if !strings.Contains(text(r.doc), "4 documents") {
		t.Errorf("the timeline does not count the documents")
	}
}

// TestCompareSearchAndContents checks the compare's search (q=), the list
// of a part's documents and what a part says of a page split across
// parts.
func TestCompareSearchAndContents(t *testing.T) {
	b := orderedBackend()
	for _, c := range []struct{ q, want string }{
		{"", "sub-1 sub-2 ed-1 ed-2 ed-only-1 ed-only-2"},
		{"ed-only", "ed-only-1 ed-only-2"},
		{"ED-2", "ed-2"},
		{"other", "ed-only-1 ed-only-2"},   // the path
		{"new+sub", "sub-1 sub-2"},         // every word
		{"nothing+here", ""},               // none
		{url.QueryEscape(`<script>x`), ""}, // markup stays text
		{"++sub-1++", "sub-1"},             // spaces do not count
	} {
		target := "/compare?from=2.0&to=2.6&q=" + c.q
		_, changes, body := changeIDs(t, target, b)
		if got := strings.Join(changes, " "); got != c.want {
			t.Errorf("%s: changes %q, want %q", target, got, c.want)
		}
		if c.want == "" && !strings.Contains(body, "No changes between these revisions.") {
			t.Errorf("%s: an empty result does not say so", target)
		}
	}
	h := New(b, Options{})
	r := mustGet(t, h, "/compare?from=2.0&to=2.6&q=ed-only&ui=nb")
	chips := find(r.doc, byTagClass("span", "chip"))
	if len(chips) != 1 || !strings.Contains(text(chips[0]), "Søk: ed-only") {
		t.Fatalf("the search is not shown as a filter")
	}
	if got := attr(find(chips[0], byTagClass("a", "chip-remove"))[0], "href"); got != "/compare?from=2.0&to=2.6&ui=nb" {
		t.Errorf("the search's remove link is %q", got)
	}
	if in := byID(r.doc, "q"); in == nil || attr(in, "value") != "ed-only" {
		t.Errorf("the compare form does not hold the search")
	}
	r = mustGet(t, h, "/compare?from=2.0&to=2.6&q="+url.QueryEscape(`"><script>alert(1)</script>`))
	if strings.Contains(r.body, "<script>alert") {
		t.Errorf("the search came back as markup")
	}
	if get(t, h, http.MethodGet, "/compare?from=2.0&to=2.6&q=a%00").status != http.StatusBadRequest {
		t.Errorf("a control character in q= is not refused")
	}

	// The list of the part's pages, each to its section.
	r = mustGet(t, h, "/compare?from=2.0&to=2.6")
	var contents []string
	for _, a := range find(r.doc, byTagClass("details", "contents")) {
		for _, l := range find(a, byTagClass("a", "")) {
			contents = append(contents, attr(l, "href")+" "+text(l))
		}
	}
	want := []string{"#page-content-dpia-summary-_index-nb-md " + pathNB + " (4 changes)",
		"#page-content-dpia-other-_index-nb-md " + pathEditorial + " (2 changes)"}
	if strings.Join(contents, "\n") != strings.Join(want, "\n") {
		t.Errorf("contents:\n%s\nwant\n%s", strings.Join(contents, "\n"), strings.Join(want, "\n"))
	}
	for _, c := range contents {
		if byID(r.doc, strings.TrimPrefix(strings.Fields(c)[0], "#")) == nil {
			t.Errorf("contents link %s leads nowhere", c)
		}
	}

	// A page split over parts says where it goes on; the title names the
	// part.
	bulk := New(&bulkBackend{fakeBackend: newFake(), n: 250, size: 40}, Options{PageChanges: 100})
	for part, want := range map[string]string{
		"":  "continues in the next part",
		"2": "continued from the previous part|continues in the next part",
		"3": "continued from the previous part",
	} {
		r := mustGet(t, bulk, "/compare?from=2.0&to=2.5&part="+part)
		var got []string
		for _, p := range find(r.doc, byTagClass("p", "continued")) {
			got = append(got, strings.Trim(text(p), "()"))
		}
		if strings.Join(got, "|") != want {
			t.Errorf("part %q: %q, want %q", part, got, want)
		}
		title := text(find(r.doc, byTagClass("title", ""))[0])
		if n := max(1, atoi(part)); !strings.Contains(title, fmt.Sprintf("(part %d of 3)", n)) {
			t.Errorf("part %q: title %q", part, title)
		}
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestKeyboardHint checks that every page names its keys, in the page's
// language, hidden until the script that makes them work shows it.
func TestKeyboardHint(t *testing.T) {
	h := New(newFake(), Options{})
	for target, want := range map[string]string{
		"/":                              "Keys: j / k next / previous revision · n / p next / previous page",
		"/?ui=nb":                        "Taster: j / k neste / forrige revisjon · n / p neste / forrige side",
		"/documents":                     "Keys: j / k next / previous document · n / p next / previous page",
		"/compare?from=2.0&to=2.6&ui=nb": "Taster: j / k neste / forrige endring · n / p neste / forrige side",
		"/history?page=" + url.QueryEscape(pathNB): "Keys: j / k next / previous paragraph · n / p next / previous page",
	} {
		r := mustGet(t, h, target)
		keys := find(r.doc, byTagClass("p", "keys"))
		if len(keys) != 1 || text(keys[0]) != want {
			t.Errorf("%s: keyboard hint %q, want %q", target, text(keys[0]), want)
			continue
		}
		if _, hidden := findAttr(keys[0], "hidden"); !hidden {
			t.Errorf("%s: the keyboard hint shows without the script", target)
		}
	}
}
