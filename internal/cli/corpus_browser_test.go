package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digdir/redline/internal/serve/domtest"
	"golang.org/x/net/html"
)

// TestBrowserCorpus runs `redline serve` on the version corpus and pages
// through its timeline in a real headless Chromium as a reviewer would:
// page 1, the older pages behind it, the filters, the list of documents
// and one document's compare. The corpus is Open Terms Archive's history
// of platform terms (https://opentermsarchive.org), data under the Open
// Data Commons Attribution License (ODC-By 1.0), kept beside the module as
// ../shared/corpora/pga-versions.bundle; the test skips without it. The
// whole history is served, as `redline serve` in a clone of the corpus
// serves it: every Markdown page, 4,857 commits, classified cold (no
// cache) in 13-15 s on two idle cores; the Chromium runs take about as
// long again. Screenshots go to $REDLINE_ARTEFACTS/corpus when set.
func TestBrowserCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus browser test skipped in -short mode")
	}
	bundle, _ := filepath.Abs("../../../shared/corpora/pga-versions.bundle")
	if _, err := os.Stat(bundle); err != nil {
		t.Skip("../shared/corpora/pga-versions.bundle not present (the version corpus sits beside the repository in CI, not in a clone)")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	c := newChromium(t)
	out := artefactDir(t, "corpus")

	// A whole clone: the changelog refuses a shallow one.
	repo := filepath.Join(t.TempDir(), "pga")
	if o, err := exec.Command("git", "clone", "-q", bundle, repo).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, o)
	}
	git := func(args ...string) string {
		t.Helper()
		o, err := exec.Command("git", append([]string{"-C", repo}, args...)...).Output()
		if err != nil {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		return string(o)
	}
	commits := len(strings.Fields(git("rev-list", "HEAD", "--", "*.md")))

	// `redline serve` as a user starts it, on any free port; it says where
	// it listens once the history is classified.
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &lockedWriter{w: &bytes.Buffer{}}
	logged := func() string {
		stderr.mu.Lock()
		defer stderr.mu.Unlock()
		return stderr.w.(*bytes.Buffer).String()
	}
	done := make(chan int, 1)
	start := time.Now()
	go func() {
		done <- Run(ctx, []string{"-C", repo, "--no-cache", "serve", "--addr", "127.0.0.1:0"},
			&Streams{In: strings.NewReader(""), Out: io.Discard, Err: stderr, NoColor: true})
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != ExitOK {
			t.Errorf("serve ended with status %d:\n%s", code, logged())
		}
	})
	listening := regexp.MustCompile(`serving on (http://\S+)/ `)
	var base string
	for base == "" {
		select {
		case code := <-done:
			done <- code
			t.Fatalf("serve ended with status %d before serving:\n%s", code, logged())
		case <-time.After(100 * time.Millisecond):
		}
		if m := listening.FindStringSubmatch(logged()); m != nil {
			base = m[1]
		}
		if time.Since(start) > 10*time.Minute {
			t.Fatalf("serve did not start in 10 minutes:\n%s", logged())
		}
	}
	t.Logf("%d commits change a page: serving after %s (cold: walk, classify every commit)",
		commits, time.Since(start).Round(100*time.Millisecond))

	// Page 1: small, a list of revisions, and a way to the older ones.
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(body) > 150_000 {
		t.Errorf("page 1 of the timeline: status %d, %d bytes (at most 150 KB wanted)", resp.StatusCode, len(body))
	}
	shot := func(name string) string { return filepath.Join(out, name) }
	first := domOf(t, c, base+"/", shot("timeline-1.png"))
	total := revisionCount(t, domClassText(first, "p", "matching"))
	t.Logf("page 1: %d bytes, %q, %s", len(body), domClassText(first, "p", "matching"), domClassText(first, "p", "page-summary"))
	if total < 1000 || total > commits {
		t.Errorf("the timeline counts %d revisions of %d commits", total, commits)
	}

	// Pages 2 and 3 through the "next page" link, as a reader clicks it:
	// each shows other revisions, each older than every one before it.
	pages := []*html.Node{first}
	urls := []string{"/"}
	seen := map[string]bool{}
	for i := 0; ; i++ {
		list := corpusEntries(pages[i])
		if len(list) == 0 {
			t.Fatalf("page %d (%s) lists no revisions", i+1, urls[i])
		}
		for _, e := range list {
			if seen[e.commit] {
				t.Errorf("page %d lists %s again", i+1, e.commit)
			}
			seen[e.commit] = true
		}
		t.Logf("page %d: %s, %d revisions, %s (%s) to %s (%s)", i+1, domClassText(pages[i], "p", "page-summary"),
			len(list), list[0].commit[:7], list[0].date, list[len(list)-1].commit[:7], list[len(list)-1].date)
		if i > 0 {
			prev := corpusEntries(pages[i-1])
			older, newer := list[0].commit, prev[len(prev)-1].commit
			if older == newer || exec.Command("git", "-C", repo, "merge-base", "--is-ancestor", older, newer).Run() != nil {
				t.Errorf("the newest revision of page %d (%s) is not older than the oldest of page %d (%s)", i+1, older, i, newer)
			}
		}
		if i == 2 {
			break
		}
		next := domRelLink(pages[i], "next")
		if next == "" {
			t.Fatalf("page %d has no link to the next page", i+1)
		}
		urls = append(urls, next)
		pages = append(pages, domOf(t, c, base+next, shot(fmt.Sprintf("timeline-%d.png", i+2))))
	}

	// The filters, sent from the form on page 2 as the browser sends it.
	filter := func(name string, set map[string]string) (string, *html.Node, []corpusEntry) {
		t.Helper()
		u := domFormURL(t, pages[1], "filter-form", set)
		doc := domOf(t, c, base+u, shot(name))
		return u, doc, corpusEntries(doc)
	}
	subURL, sub, list := filter("timeline-substantive.png", map[string]string{"class": "substantive"})
	n := revisionCount(t, domClassText(sub, "p", "matching"))
	if len(list) == 0 || n >= total {
		t.Errorf("%s: %d of %d revisions, %d on its first page", subURL, n, total, len(list))
	}
	for _, e := range list {
		if e.class != "substantive" || e.substantive == 0 {
			t.Errorf("%s lets through %s (%s, %d substantive)", subURL, e.commit[:7], e.class, e.substantive)
		}
	}
	t.Logf("class=substantive: %q", domClassText(sub, "p", "matching"))

	// A platform's name: every revision found names it in its subject or
	// documents, or has it in the text it changes; and every commit to its
	// folder is found.
	searchURL, search, list := filter("timeline-spotify.png", map[string]string{"q": "Spotify"})
	n = revisionCount(t, domClassText(search, "p", "matching"))
	own := len(strings.Fields(git("rev-list", "HEAD", "--", "Spotify")))
	if len(list) == 0 || n < own || n >= total {
		t.Errorf("%s: %d revisions, %d commits change Spotify/", searchURL, n, own)
	}
	for _, e := range list {
		if !strings.Contains(strings.ToLower(e.text), "spotify") &&
			(e.from == "" || !strings.Contains(strings.ToLower(git("diff", e.from, e.commit)), "spotify")) {
			t.Errorf("%s lets through %s, which does not mention Spotify: %s", searchURL, e.commit[:7], e.text)
		}
	}
	t.Logf("q=Spotify: %q (%d commits change Spotify/)", domClassText(search, "p", "matching"), own)

	// The documents' language. The corpus's pages have no language in
	// their names, so the pages offer no language filter, which would
	// change nothing; asked for in the address, a language lets through
	// the pages in it and those in none.
	headDocs := strings.Split(strings.TrimSpace(git("ls-files", "--", "*.md")), "\n")
	var inLang []string
	for _, d := range headDocs {
		if langOfPath(d) != "" {
			inLang = append(inLang, d)
		}
	}
	if offered := hasFieldNamed(first, "lang"); offered != (len(inLang) > 0) {
		t.Errorf("the timeline offers a language filter: %v; pages in a language: %v", offered, inLang)
	}
	const langURL = "/?lang=en"
	lang := domOf(t, c, base+langURL, shot("timeline-lang-en.png"))
	list = corpusEntries(lang)
	if len(list) == 0 {
		t.Errorf("%s lists no revisions", langURL)
	}
	for _, e := range list {
		for _, p := range e.paths {
			if l := langOfPath(p); l != "" && l != "en" {
				t.Errorf("%s lets through %s, a page in %s", langURL, p, l)
			}
		}
	}
	t.Logf("lang=en: %q", domClassText(lang, "p", "matching"))

	// The list of documents, page by page: every page at HEAD is in it;
	// one page's timeline, and the compare of its newest revision, show
	// that page.
	listed := map[string]string{}
	docsURL := "/documents"
	for k := 1; docsURL != ""; k++ {
		name := ""
		if k == 1 {
			name = shot("documents.png")
		}
		docs := domOf(t, c, base+docsURL, name)
		rows := domFind(docs, "tr", "doc-row")
		for _, r := range rows {
			if code := domFind(r, "code", ""); len(code) > 0 {
				listed[domText(code[0])] = domAttr(domFind(r, "a", "")[0], "href")
			}
		}
		t.Logf("%s: %d rows, %s", docsURL, len(rows), domClassText(docs, "p", "page-summary"))
		if docsURL = domRelLink(docs, "next"); k == 10 {
			t.Fatalf("the list of documents goes on past 10 pages")
		}
	}
	for _, d := range headDocs {
		if strings.HasSuffix(d, ".md") && listed[d] == "" {
			t.Errorf("the list of documents lacks %s", d)
		}
	}
	t.Logf("%d documents listed, %d files at HEAD", len(listed), len(headDocs))
	const doc = "Spotify/Privacy Policy.md"
	if listed[doc] == "" {
		t.Fatalf("no %s in the list of documents", doc)
	}
	docTimeline := domOf(t, c, base+listed[doc], shot("document-timeline.png"))
	list = corpusEntries(docTimeline)
	if len(list) == 0 || list[0].compare == "" {
		t.Fatalf("the timeline of %s (%s) lists no revision to compare", doc, listed[doc])
	}
	for _, e := range list {
		if !slices.Contains(e.paths, doc) {
			t.Errorf("the timeline of %s lists %s, which changes %v", doc, e.commit[:7], e.paths)
		}
	}
	cmp := domOf(t, c, base+list[0].compare, shot("document-compare.png"))
	var sections []string
	for _, s := range domFind(cmp, "section", "doc") {
		sections = append(sections, domText(domFind(s, "code", "")[0]))
	}
	articles := domFind(cmp, "article", "change")
	if !slices.Contains(sections, doc) || len(articles) == 0 {
		t.Errorf("the compare of %s (%s) shows %v with %d changes", list[0].commit[:7], list[0].compare, sections, len(articles))
	}
	if got := len(domFind(cmp, "article", "change-substantive")); got != list[0].substantive && len(articles) < 1000 {
		t.Errorf("the compare of %s shows %d substantive changes, the timeline says %d", list[0].commit[:7], got, list[0].substantive)
	}
	t.Logf("compare %s: %d changes in %v", list[0].compare, len(articles), sections)
	t.Logf("screenshots in %s; %s in all", out, time.Since(start).Round(100*time.Millisecond))
}

// hasFieldNamed reports whether the page has a form field name=name.
func hasFieldNamed(doc *html.Node, name string) bool {
	for _, tag := range []string{"input", "select"} {
		for _, n := range domFind(doc, tag, "") {
			if domAttr(n, "name") == name {
				return true
			}
		}
	}
	return false
}

// corpusEntry is one revision as the timeline lists it.
type corpusEntry struct {
	commit, from, date, class, compare, text string
	substantive                              int
	paths                                    []string
}

// corpusEntries reads the revisions listed on a page of the timeline; the
// commit is the compare's "to" (from its "from"), else the short hash.
func corpusEntries(doc *html.Node) []corpusEntry {
	var out []corpusEntry
	for _, li := range domFind(doc, "li", "entry") {
		e := corpusEntry{text: strings.Join(strings.Fields(domText(li)), " ")}
		if code := domFind(li, "code", ""); len(code) > 0 {
			e.commit = domText(code[0])
		}
		if tm := domFind(li, "time", ""); len(tm) > 0 {
			e.date = domAttr(tm[0], "datetime")
		}
		for _, b := range domFind(li, "span", "badge") {
			for _, c := range []string{"substantive", "editorial"} {
				if domHasClass(b, "badge-"+c) {
					e.class = c
				}
			}
		}
		for _, a := range domFind(li, "a", "") {
			if h := domAttr(a, "href"); strings.HasPrefix(h, "/compare?") {
				e.compare = h
				if u, err := url.Parse(h); err == nil && u.Query().Get("to") != "" {
					e.commit, e.from = u.Query().Get("to"), u.Query().Get("from")
				}
			}
		}
		if counts := domFind(li, "span", "counts"); len(counts) > 0 {
			fmt.Sscan(strings.TrimPrefix(strings.ReplaceAll(domText(counts[0]), ",", ""), "("), &e.substantive)
		}
		for _, p := range domFind(li, "span", "paths") {
			for _, code := range domFind(p, "code", "") {
				e.paths = append(e.paths, domText(code))
			}
		}
		out = append(out, e)
	}
	return out
}

// revisionCount reads "2,138 revisions" or "Matching: 301 of 2,138
// revisions": the revisions shown.
func revisionCount(t *testing.T, s string) int {
	t.Helper()
	m := regexp.MustCompile(`([\d,]+)( of [\d,]+)? revisions?`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no count of revisions in %q", s)
	}
	n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// langOfPath is the language in a page's name (page.nb.md), if any.
func langOfPath(p string) string {
	base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		return base[i+1:]
	}
	return ""
}

// The page readers the command line's tests share with serve's.
var (
	domAttr      = domtest.Attr
	domHasClass  = domtest.HasClass
	domText      = domtest.Text
	domClassText = domtest.ClassText
	domRelLink   = domtest.RelLink
	domFormURL   = domtest.FormURL
)

// domFind returns the elements named tag with the class (any, if "")
// under n, in document order.
func domFind(n *html.Node, tag, class string) []*html.Node {
	return domtest.Find(n, domtest.ByTagClass(tag, class))
}

// domOf loads u in Chromium and parses the DOM it ends with; with a
// file name, the same run saves a screenshot there.
func domOf(t *testing.T, c *chromium, u, shot string) *html.Node {
	t.Helper()
	args := []string{"--dump-dom", u}
	if shot != "" {
		args = append([]string{"--screenshot=" + shot, "--window-size=1280,1400", "--hide-scrollbars"}, args...)
	}
	doc, err := html.Parse(bytes.NewReader(c.run(args...)))
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	if data, err := os.ReadFile(shot); shot != "" && (err != nil || !bytes.HasPrefix(data, []byte("\x89PNG"))) {
		t.Errorf("no screenshot of %s at %s: %v", u, shot, err)
	}
	return doc
}
