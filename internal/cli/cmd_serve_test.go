package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/serve"
	"github.com/digdir/redline/internal/serve/load"
)

const summaryNB = "content/dpia/summary/_index.nb.md"

func openServeProject(t testing.TB, repo string, stderr io.Writer) *project {
	t.Helper()
	g := &globalOptions{streams: &Streams{In: strings.NewReader(""), Out: io.Discard, Err: stderr}, repo: repo, noCache: true, limits: document.DefaultLimits}
	p, err := g.openProject()
	if err != nil {
		t.Fatalf("open %s: %v", repo, err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func fetch(t *testing.T, h http.Handler, target string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Code, rec.Body.String()
}

// TestServeBackend runs the web view on this repository's own history: the
// DPIA summary from version 2.0 to 2.6.
func TestServeBackend(t *testing.T) {
	p := openServeProject(t, "../..", io.Discard)
	h := serve.New(newServeBackend(p), serve.Options{})

	code, body := fetch(t, h, "/")
	if code != 200 || !strings.Contains(body, `id="version-2-5"`) || !strings.Contains(body, summaryNB) {
		t.Fatalf("timeline: %d\n%s", code, body)
	}
	code, body = fetch(t, h, "/compare?from=2.0&to=2.5&page="+url.QueryEscape(summaryNB))
	if code != 200 || !strings.Contains(body, `class="change change-substantive"`) {
		t.Fatalf("compare 2.0 -> 2.5: %d, substantive change shown: %v", code, strings.Contains(body, "change-substantive"))
	}
	if !strings.Contains(body, "<ins>") {
		t.Errorf("compare 2.0 -> 2.5 shows no insertion")
	}
	// In Norwegian the explanation is Norwegian too.
	if _, nb := fetch(t, h, "/compare?from=2.0&to=2.5&lang=nb"); !strings.Contains(nb, "vesentlig: et avsnitt ble lagt til") {
		t.Errorf("the Norwegian compare page does not explain the change in Norwegian")
	}
	code, body = fetch(t, h, "/compare?from=2.0&to=2.5&filter=substantive")
	if code != 200 || strings.Contains(body, `class="change change-editorial"`) {
		t.Errorf("substantive-only compare: %d, editorial shown: %v", code, strings.Contains(body, "change-editorial"))
	}
	// A date resolves to the last revision on or before it: here the
	// English translation, the newest commit to touch content/.
	_, byDate := fetch(t, h, "/compare?from=2.0&to=2099-12-31")
	if !strings.Contains(byDate, "2099-12-31 (1607c82)") {
		t.Errorf("to=2099-12-31 did not resolve to 1607c82")
	}
	code, body = fetch(t, h, "/history?page="+url.QueryEscape(summaryNB))
	if code != 200 || !strings.Contains(body, `class="para"`) || !strings.Contains(body, "v2.5") {
		t.Errorf("history: %d, attributes version 2.5: %v", code, strings.Contains(body, "v2.5"))
	}
	// The first commit has no parent: its paragraphs link to no compare
	// that would answer 404.
	if root := "776a0dc5b75ff17a111b731d2d6fb616c813da88"; !strings.Contains(body, root[:7]) || strings.Contains(body, root+"%5E") {
		t.Errorf("history: the root commit is missing, or linked to a compare with its nonexistent parent")
	}
	for _, tt := range []struct {
		target string
		code   int
	}{
		{"/compare?from=no-such-rev&to=2.5", 404},
		{"/compare?from=2000-01-01&to=2.5", 404},
		{"/compare?from=2.0&to=2.5&page=redline.yaml", 404},
		{"/history?page=go.mod", 404},
		{"/compare?from=HEAD%3A&to=2.5", 400},
	} {
		if code, _ := fetch(t, h, tt.target); code != tt.code {
			t.Errorf("%s: %d, want %d", tt.target, code, tt.code)
		}
	}
}

// TestServeStops checks that cancelling the command's context (Ctrl-C)
// shuts the server down and returns.
func TestServeStops(t *testing.T) {
	p := openServeProject(t, "../..", io.Discard)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- serveOn(ctx, &lockedWriter{w: &stderr}, ln, newServeBackend(p), &serveOptions{timeout: time.Minute})
	}()
	resp, err := http.Get("http://" + ln.Addr().String() + "/compare?from=2.0&to=2.5")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("status %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Errorf("still answering after shutdown")
	}
}

// TestServeLoadPGA loads the real backend with 50 clients for 20 s on a
// shallow clone (300 commits) of the Open Terms Archive platform terms
// (../shared/corpora/pga-versions.bundle, ODC-By 1.0). REDLINE_LOADTEST=1
// turns it on; the numbers are logged, never asserted.
func TestServeLoadPGA(t *testing.T) {
	if os.Getenv("REDLINE_LOADTEST") == "" {
		t.Skip("load test: set REDLINE_LOADTEST=1 to run it")
	}
	bundle, _ := filepath.Abs("../../../shared/corpora/pga-versions.bundle")
	if _, err := os.Stat(bundle); err != nil {
		t.Skip("../shared/corpora/pga-versions.bundle not present")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	tmp := t.TempDir()
	full, shallow := filepath.Join(tmp, "full"), filepath.Join(tmp, "pga")
	for _, args := range [][]string{
		{"clone", "-q", bundle, full},
		{"clone", "-q", "--depth", "300", "file://" + full, shallow},
	} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	cfg := filepath.Join(tmp, "redline.yaml")
	if err := os.WriteFile(cfg, []byte("paths: [Reddit, Bluesky, Facebook, Instagram]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := &globalOptions{streams: &Streams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, repo: shallow, configFile: cfg, noCache: true, limits: document.DefaultLimits}
	p, err := g.openProject()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	b := newServeBackend(p)
	start := time.Now()
	cl, err := b.Changelog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("changelog of 300 commits: %d versions in %s", len(cl.Versions), time.Since(start).Round(time.Millisecond))

	srv := httptest.NewServer(serve.New(b, serve.Options{}))
	defer srv.Close()
	urls := []string{srv.URL + "/", srv.URL + "/history?page=" + url.QueryEscape("Reddit/Privacy Policy.md")}
	for _, n := range []string{"1", "5", "20", "50", "100"} {
		urls = append(urls, srv.URL+"/compare?from=HEAD~"+n+"&to=HEAD", srv.URL+"/compare?from=HEAD~"+n+"&to=HEAD&filter=substantive&view=side")
	}
	rep, err := load.Run(context.Background(), load.Config{URLs: urls, Clients: 50, Duration: 20 * time.Second, MaxRequests: 2_000_000})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("real backend, pga: %s", rep)
	if rep.Requests == 0 {
		t.Errorf("no request answered")
	}
	for code, n := range rep.Status {
		if code != 200 {
			t.Errorf("%d responses with status %d", n, code)
		}
	}
}
