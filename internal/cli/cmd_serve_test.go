package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/serve"
	"github.com/digdir/redline/internal/serve/load"
)

const summaryNB = "content/dpia/summary/_index.nb.md"

func openServeProject(t testing.TB, repo string, stderr io.Writer) *app.App {
	t.Helper()
	g := &globalOptions{streams: &Streams{In: strings.NewReader(""), Out: io.Discard, Err: stderr}, repo: repo, noCache: true, limits: document.DefaultLimits}
	p, err := g.open()
	if err != nil {
		t.Fatalf("open %s: %v", repo, err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func fetch(t *testing.T, h http.Handler, target string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = "localhost:8080"
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// TestServeBackend runs the web view on this repository's own history: the
// DPIA summary from version 2.0 to 2.6.
func TestServeBackend(t *testing.T) {
	p := openServeProject(t, "../..", io.Discard)
	h := serve.New(app.NewBackend(p), serve.Options{})

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
	attributed := strings.Contains(body, "version 2.5") || strings.Contains(body, "versjon 2.5")
	if code != 200 || !strings.Contains(body, `class="para"`) || !attributed {
		t.Errorf("history: %d, attributes version 2.5: %v", code, attributed)
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
		done <- serveOn(ctx, &lockedWriter{w: &stderr}, ln, app.NewBackend(p), &serveOptions{timeout: time.Minute})
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

// TestServeLoadPGA loads the real backend with 50 clients for 20 s on
// compare pages of the Open Terms Archive platform terms
// (../shared/corpora/pga-versions.bundle, ODC-By 1.0; the whole history,
// four services tracked). REDLINE_LOADTEST=1 turns it on; the numbers are
// logged, never asserted.
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
	// A whole clone: the changelog refuses a shallow one.
	repo := filepath.Join(tmp, "pga")
	if out, err := exec.Command("git", "clone", "-q", bundle, repo).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	cfg := filepath.Join(tmp, "redline.yaml")
	if err := os.WriteFile(cfg, []byte("paths: [Reddit, Bluesky, Facebook, Instagram]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := &globalOptions{streams: &Streams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, repo: repo, configFile: cfg, noCache: true, limits: document.DefaultLimits}
	p, err := g.open()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	b := app.NewBackend(p)
	start := time.Now()
	cl, err := b.Changelog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("changelog: %d versions in %s", len(cl.Versions), time.Since(start).Round(time.Millisecond))

	srv := httptest.NewServer(serve.New(b, serve.Options{}))
	defer srv.Close()
	var urls []string
	for _, n := range []string{"1", "5", "20", "50", "100", "1000"} {
		urls = append(urls, srv.URL+"/compare?from=HEAD~"+n+"&to=HEAD", srv.URL+"/compare?from=HEAD~"+n+"&to=HEAD&filter=substantive&view=side")
	}
	// Each compare once first, so that the run measures serving pages,
	// not the first computation of each pair, which is logged apart.
	start = time.Now()
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", u, resp.StatusCode)
		}
	}
	t.Logf("first request of each page: %s", time.Since(start).Round(time.Millisecond))
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

// startServe runs serveOn on a loopback port until the test ends.
func startServe(t *testing.T, b serve.Backend, o *serveOptions) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, io.Discard, ln, b, o) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return ln.Addr().String()
}

// TestServeHostCheck checks that the server answers only to the names it
// serves on: a page elsewhere that rebinds its name to 127.0.0.1 is
// refused (DNS rebinding).
func TestServeHostCheck(t *testing.T) {
	p := openServeProject(t, "../..", io.Discard)
	addr := startServe(t, app.NewBackend(p), &serveOptions{allowedHosts: []string{"review.example.org"}})
	_, port, _ := net.SplitHostPort(addr)
	for host, want := range map[string]int{
		addr:                            200,
		"localhost:" + port:             200,
		"[::1]:" + port:                 200,
		"review.example.org":            200,
		"attacker.example:" + port:      421,
		"attacker.example":              421,
		"review.example.org.attacker.x": 421,
	} {
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %q: status %d, want %d", host, resp.StatusCode, want)
		}
		if want == 421 && (strings.Contains(string(body), "version-2-5") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain")) {
			t.Errorf("Host %q: the refusal is not a plain message: %q", host, body)
		}
	}
}

func TestServeOptionsCheck(t *testing.T) {
	for _, o := range []serveOptions{
		{allowedHosts: []string{"http://review.example.org/"}},
		{allowedHosts: []string{""}},
		{maxRenders: -1},
		{writeTimeout: -time.Second},
	} {
		if err := o.check(); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	if err := (&serveOptions{allowedHosts: []string{"review.example.org", "192.0.2.1"}}).check(); err != nil {
		t.Errorf("valid options refused: %v", err)
	}
}

// gitRun runs git in dir with a fixed identity.
func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// TestServeAfterRepack checks that the server follows git replacing its
// packs while it runs: after git repack -ad, objects that were loose are in
// a pack the server had not opened.
func TestServeAfterRepack(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	page := filepath.Join(dir, "content", "page.md")
	if err := os.MkdirAll(filepath.Dir(page), 0o755); err != nil {
		t.Fatal(err)
	}
	commit := func(i int) {
		text := fmt.Sprintf("# Page\n\nThe controller keeps the data for %d months.\n\nVersion %d of the page.\n", 6*i, i)
		if err := os.WriteFile(page, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		gitRun(t, dir, "add", "-A")
		gitRun(t, dir, "commit", "-q", "-m", fmt.Sprintf("version %d", i))
	}
	for i := 1; i <= 3; i++ {
		commit(i)
	}
	var stderr bytes.Buffer
	p := openServeProject(t, dir, &lockedWriter{w: &stderr})
	h := serve.New(app.NewBackend(p), serve.Options{})
	pages := []string{"/", "/compare?from=HEAD~2&to=HEAD", "/history?page=content%2Fpage.md"}
	for _, target := range pages {
		if code, _ := fetch(t, h, target); code != 200 {
			t.Fatalf("before repacking: %s: %d", target, code)
		}
	}
	commit(4)
	commit(5)
	if code, _ := fetch(t, h, "/compare?from=HEAD~1&to=HEAD"); code != 200 {
		t.Fatalf("after two commits: %d", code)
	}
	gitRun(t, dir, "repack", "-a", "-d", "-q")
	for _, target := range append(pages, "/compare?from=HEAD~4&to=HEAD~1", "/compare?from=HEAD~3&to=HEAD") {
		if code, body := fetch(t, h, target); code != 200 {
			t.Errorf("after git repack -ad: %s: %d\n%s", target, code, body)
		}
	}
	// And once more, with a commit made after the repack.
	commit(6)
	gitRun(t, dir, "repack", "-a", "-d", "-q")
	if code, _ := fetch(t, h, "/compare?from=HEAD~5&to=HEAD"); code != 200 {
		t.Errorf("after a second repack: %d", code)
	}
	if stderr.Len() > 0 {
		t.Errorf("warnings: %s", stderr.String())
	}
}

// TestServeBackendStops checks that the backend's compare and blame stop
// when their context has ended, before classifying any document, and
// say nothing about documents they skip for that reason.
func TestServeBackendStops(t *testing.T) {
	var stderr bytes.Buffer
	p := openServeProject(t, "../..", &lockedWriter{w: &stderr})
	b := app.NewBackend(p)
	from, _, err := b.Resolve(context.Background(), "2.0")
	if err != nil {
		t.Fatal(err)
	}
	to, _, err := b.Resolve(context.Background(), "2.6")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Compare(ctx, from, to); !errors.Is(err, context.Canceled) {
		t.Errorf("compare with an ended context: %v", err)
	}
	if _, err := b.Blame(ctx, summaryNB, to); !errors.Is(err, context.Canceled) {
		t.Errorf("blame with an ended context: %v", err)
	}
	if stderr.Len() > 0 {
		t.Errorf("a cancelled compare warns: %s", stderr.String())
	}
	if d, err := b.Compare(context.Background(), from, to); err != nil || len(d.Documents) == 0 {
		t.Errorf("compare 2.0 -> 2.6: %v, %d documents", err, len(d.Documents))
	}
}

// lockedWriter lets the server and the test write one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
