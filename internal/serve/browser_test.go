package serve

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// chromium finds a headless-capable Chromium: $REDLINE_CHROMIUM, else
// Debian's package.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	for _, c := range []string{os.Getenv("REDLINE_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	t.Skip("chromium not found: install it (apt-get install chromium) or set REDLINE_CHROMIUM to run the browser test")
	return ""
}

// artefacts is where screenshots go: $REDLINE_ARTEFACTS/serve when set
// (kept for people to look at), else the test's temporary directory.
func artefacts(t *testing.T) string {
	dir := os.Getenv("REDLINE_ARTEFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, "serve")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

type browser struct {
	t       *testing.T
	bin     string
	profile string
}

// run starts one headless Chromium for one page and returns its stdout.
// Its log goes to stderr, which is searched for CSP violations: a page
// the policy breaks would still load, only without its style or script.
func (b *browser) run(args ...string) []byte {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
		"--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + b.profile}
	cmd := exec.CommandContext(ctx, b.bin, append(base, args...)...)
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		b.t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	for _, line := range strings.Split(errb.String(), "\n") {
		if strings.Contains(line, "Content Security Policy") || strings.Contains(line, "Refused to") {
			b.t.Errorf("chromium reports a policy violation: %s", line)
		}
	}
	return out.Bytes()
}

func (b *browser) dom(u string) *html.Node {
	b.t.Helper()
	doc, err := html.Parse(bytes.NewReader(b.run("--dump-dom", u)))
	if err != nil {
		b.t.Fatalf("%s: %v", u, err)
	}
	return doc
}

func linkByText(doc *html.Node, label string) string {
	for _, a := range find(doc, byTagClass("a", "")) {
		if strings.TrimSpace(text(a)) == label {
			return attr(a, "href")
		}
	}
	return ""
}

// TestBrowser walks the reviewer's path in a real headless Chromium: the
// timeline, the redline 2.0 -> 2.5, the substantive-only switch, a deep
// link to one change; and leaves screenshots.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	srv := httptest.NewServer(New(newFake(), Options{}))
	defer srv.Close()
	b := &browser{t: t, bin: bin, profile: t.TempDir()}
	out := artefacts(t)

	timeline := b.dom(srv.URL + "/")
	if n := len(find(timeline, byTagClass("li", "version"))); n != 4 {
		t.Fatalf("the browser shows %d versions, want 4", n)
	}
	var compareHref string
	for _, v := range find(timeline, byTagClass("li", "version")) {
		if attr(v, "id") == "version-2-5" {
			if a := find(v, byTagClass("a", "compare-link")); len(a) == 1 {
				compareHref = attr(a[0], "href")
			}
		}
	}
	if compareHref != "/compare?from=2.0&to=2.5" {
		t.Fatalf("version 2.5 links to %q", compareHref)
	}

	compare := b.dom(srv.URL + compareHref)
	if n := len(find(compare, byTagClass("article", "change-editorial"))); n != 1 {
		t.Errorf("the redline 2.0 -> 2.5 shows %d editorial changes, want 1", n)
	}
	// The hostile commit's markup stays text in a real parser too.
	for _, s := range find(compare, byTagClass("script", "")) {
		if attr(s, "src") != "/static/redline.js" {
			t.Errorf("foreign script in the browser's DOM: %v", s.Attr)
		}
	}

	filtered := linkByText(compare, "Substantive changes only")
	if filtered == "" {
		t.Fatal("no substantive-only switch")
	}
	sub := b.dom(srv.URL + filtered)
	changes := find(sub, byTagClass("article", "change"))
	if len(changes) != 1 || !hasClass(changes[0], "change-substantive") {
		t.Fatalf("substantive-only view shows %d changes", len(changes))
	}

	var deep string
	for _, a := range find(sub, byTagClass("a", "permalink")) {
		deep = attr(a, "href")
	}
	u, err := url.Parse(deep)
	if err != nil || u.Fragment == "" {
		t.Fatalf("bad deep link %q", deep)
	}
	target := b.dom(srv.URL + deep)
	if n := byID(target, u.Fragment); n == nil || !hasClass(n, "change-substantive") {
		t.Errorf("deep link #%s has no substantive change to land on", u.Fragment)
	}

	for _, shot := range []struct{ name, page string }{
		{"timeline.png", "/"},
		{"compare-2.0-2.5.png", compareHref},
		{"compare-side.png", "/compare?from=2.0&to=2.6&view=side"},
		{"compare-deeplink.png", deep},
		{"history.png", "/history?page=" + url.QueryEscape(pathNB)},
	} {
		name, page := shot.name, shot.page
		file := filepath.Join(out, name)
		b.run("--screenshot="+file, "--window-size=1280,1600", "--hide-scrollbars", srv.URL+page)
		data, err := os.ReadFile(file)
		if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("no screenshot at %s: %v", file, err)
			continue
		}
		t.Logf("screenshot: %s", file)
	}
}

// TestBrowserLongTimeline pages through a long timeline in a real
// headless Chromium, sends the filter form as the browser would, and
// leaves screenshots of each step.
func TestBrowserLongTimeline(t *testing.T) {
	bin := chromium(t)
	srv := httptest.NewServer(New(newLong(250), Options{PageEntries: 100}))
	defer srv.Close()
	b := &browser{t: t, bin: bin, profile: t.TempDir()}
	out := artefacts(t)
	summary := func(doc *html.Node) string { return classText(doc, "p", "page-summary") }

	first := b.dom(srv.URL + "/")
	if got := summary(first); got != "Page 1 of 3: revisions 1–100" {
		t.Errorf("page 1 says %q", got)
	}
	// The script ran: the keyboard hint is shown.
	if keys := find(first, byTagClass("p", "keys")); len(keys) != 1 {
		t.Errorf("no keyboard hint")
	} else if _, hidden := findAttr(keys[0], "hidden"); hidden {
		t.Errorf("the keyboard hint stays hidden with the script running")
	}
	next := relLink(first, "next")
	second := b.dom(srv.URL + next)
	if got := summary(second); got != "Page 2 of 3: revisions 101–200" {
		t.Errorf("page 2 (%s) says %q", next, got)
	}
	if s := entryShorts(second); len(s) != 100 || s[0] != longCommit(149)[:7] {
		t.Errorf("page 2 lists %d revisions from %v", len(s), s[:min(1, len(s))])
	}

	// The filter form, sent from page 2: the first page of the result.
	filtered := formURL(t, second, "filter-form", map[string]string{"page": longDocs[0], "class": "substantive"})
	res := b.dom(srv.URL + filtered)
	if got := classText(res, "p", "matching"); got != "Matching: 21 of 250 revisions" {
		t.Errorf("the filtered timeline says %q", got)
	}
	for _, e := range find(res, byTagClass("li", "entry")) {
		if len(find(e, byTagClass("span", "badge-substantive"))) != 1 || !strings.Contains(text(e), longDocs[0]) {
			t.Errorf("the filter lets through %q", strings.Join(strings.Fields(text(e)), " "))
		}
	}
	if n := len(find(res, byTagClass("span", "chip"))); n != 2 {
		t.Errorf("%d filters shown, want 2", n)
	}
	empty := formURL(t, res, "filter-form", map[string]string{"q": "no such words"})
	none := b.dom(srv.URL + empty)
	if len(find(none, byTagClass("p", "empty"))) != 1 {
		t.Errorf("an empty result does not say so")
	}
	docs := b.dom(srv.URL + "/documents")
	if n := len(find(docs, byTagClass("tr", "doc-row"))); n != 4 {
		t.Errorf("the list of documents has %d rows, want 4", n)
	}

	for _, shot := range []struct{ name, page string }{
		{"long-timeline-1.png", "/"},
		{"long-timeline-2.png", next},
		{"long-timeline-filtered.png", filtered},
		{"long-timeline-empty.png", empty},
		{"long-timeline-nb.png", "/?ui=nb&part=3"},
		{"long-documents.png", "/documents?sort=substantive"},
	} {
		file := filepath.Join(out, shot.name)
		b.run("--screenshot="+file, "--window-size=1280,1600", "--hide-scrollbars", srv.URL+shot.page)
		data, err := os.ReadFile(file)
		if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("no screenshot at %s: %v", file, err)
			continue
		}
		t.Logf("screenshot: %s", file)
	}
}
