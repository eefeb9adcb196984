package serve

// Regression tests for the web view's part of issue #14, "Untrusted
// repositories and clients": DNS rebinding, slow readers of large pages,
// work that outlives its deadline, and panics. They assert behaviour, never
// timings: where a request must end, it is ended by its own context.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
	"golang.org/x/net/html"
)

// guard is how long a test waits for something that must happen before it
// calls the implementation broken. It bounds a hang; it is no timing
// assertion.
const guard = 30 * time.Second

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(guard)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func getCtx(ctx context.Context, h http.Handler, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx)
	req.Host = "localhost"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHostCheck(t *testing.T) {
	f := newFake()
	h := New(f, Options{AllowedHosts: []string{"Review.Example.org", "192.0.2.7"}})
	for _, host := range []string{
		"localhost", "localhost:8080", "LOCALHOST.:8080", "127.0.0.1:8080", "127.0.0.2",
		"[::1]:8080", "[::1]", "review.example.org", "review.example.org.:443", "192.0.2.7:8080",
	} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("Host %q: status %d, want 200", host, rec.Code)
		}
	}
	// A page elsewhere that rebinds its own name to 127.0.0.1 sends that
	// name: it must learn nothing, not even the stylesheet.
	for _, host := range []string{
		"evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.nip.io",
		"review.example.org.evil.example", "", "[::2]:8080", "10.0.0.1", "192.0.2.8",
	} {
		for _, target := range []string{"/", "/compare?from=2.0&to=2.5", "/static/style.css", "/nowhere"} {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			req.Host = host
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != http.StatusMisdirectedRequest || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") ||
				!strings.Contains(body, "misdirected") {
				t.Errorf("Host %q %s: status %d, %q: %q", host, target, rec.Code, rec.Header().Get("Content-Type"), body)
			}
			if strings.Contains(body, "DPIA") || strings.Contains(body, "ins {") {
				t.Errorf("Host %q %s: the refusal shows content", host, target)
			}
		}
	}
	if n := f.compares.Load(); n != 0 {
		t.Errorf("%d compares for refused hosts", n)
	}
	// Without the option, only loopback names pass.
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Host = "review.example.org"
	rec := httptest.NewRecorder()
	New(newFake(), Options{}).ServeHTTP(rec, req)
	if rec.Code != http.StatusMisdirectedRequest {
		t.Errorf("an unlisted name: status %d, want 421", rec.Code)
	}
}

// bulkBackend's compare between any two revisions is one page with n
// changes of size bytes of text each.
type bulkBackend struct {
	*fakeBackend
	n, size int
}

func (b *bulkBackend) Compare(ctx context.Context, from, to string) (classify.Diff, error) {
	b.compares.Add(1)
	d := classify.DocumentDiff{Path: pathNB, Lang: "nb", Status: "modified", Class: classify.Substantive}
	text := strings.Repeat("ord ", b.size/4)
	for i := range b.n {
		class := classify.Substantive
		if i%3 == 0 {
			class = classify.Editorial
		}
		d.Changes = append(d.Changes, classify.Change{
			Op: align.Modified, Class: class, Reasons: []string{"wording"}, Fingerprint: fmt.Sprintf("fp-%05d", i),
			Old: &classify.Side{Text: text + "gammel", Lines: [2]int{i + 1, i + 1}},
			New: &classify.Side{Text: text + "ny", Lines: [2]int{i + 1, i + 1}},
		})
	}
	return classify.Diff{Class: classify.Substantive, Documents: []classify.DocumentDiff{d}}, nil
}

func TestCompareParts(t *testing.T) {
	b := &bulkBackend{fakeBackend: newFake(), n: 250, size: 40}
	h := New(b, Options{PageChanges: 100})
	seen := map[string]bool{}
	target := "/compare?from=2.0&to=2.5"
	parts := 0
	for target != "" {
		parts++
		r := mustGet(t, h, target)
		changes := find(r.doc, byTagClass("article", "change"))
		if want := min(100, 250-(parts-1)*100); len(changes) != want {
			t.Fatalf("%s: %d changes, want %d", target, len(changes), want)
		}
		for _, c := range changes {
			id := attr(c, "id")
			if seen[id] {
				t.Errorf("%s: change %s shown twice", target, id)
			}
			seen[id] = true
		}
		// Counts are the whole compare's, on every part.
		if body := text(r.doc); !strings.Contains(body, "166 substantive") || !strings.Contains(body, fmt.Sprintf("Part %d of 3", parts)) {
			t.Errorf("%s: counts or part summary missing", target)
		}
		// A permalink opens the part that holds the change.
		for _, a := range find(r.doc, byTagClass("a", "permalink"))[:1] {
			u, _ := url.Parse(attr(a, "href"))
			if again := mustGet(t, h, u.RequestURI()); byID(again.doc, u.Fragment) == nil {
				t.Errorf("permalink %s does not lead to its change", u)
			}
		}
		target = ""
		for _, a := range find(r.doc, byTagClass("a", "")) {
			if attr(a, "rel") == "next" {
				target = attr(a, "href")
				break
			}
		}
	}
	if parts != 3 || len(seen) != 250 {
		t.Errorf("%d parts with %d changes, want 3 with 250", parts, len(seen))
	}
	// The substantive filter numbers its own parts.
	r := mustGet(t, h, "/compare?filter=substantive&from=2.0&to=2.5&part=2")
	if n := len(find(r.doc, byTagClass("article", "change-substantive"))); n != 66 {
		t.Errorf("substantive part 2: %d changes, want 66", n)
	}
	for target, status := range map[string]int{
		"/compare?from=2.0&to=2.5&part=4":    404,
		"/compare?from=2.0&to=2.5&part=0":    400,
		"/compare?from=2.0&to=2.5&part=02":   400,
		"/compare?from=2.0&to=2.5&part=x":    400,
		"/compare?from=2.0&to=2.5&part=1e99": 400,
	} {
		if r := get(t, h, http.MethodGet, target); r.status != status {
			t.Errorf("%s: status %d, want %d", target, r.status, status)
		}
	}
	if n := b.compares.Load(); n != 1 {
		t.Errorf("%d compares for the parts of one pair, want 1", n)
	}
}

// writeRecorder records the largest single write a handler makes.
type writeRecorder struct {
	*httptest.ResponseRecorder
	maxWrite, total int
}

func (w *writeRecorder) Write(b []byte) (int, error) {
	w.maxWrite = max(w.maxWrite, len(b))
	w.total += len(b)
	return w.ResponseRecorder.Write(b)
}

// TestLargePageStreamed checks that a page larger than the render buffer
// is streamed, never held whole: what a slow reader pins is the buffer.
func TestLargePageStreamed(t *testing.T) {
	h := New(&bulkBackend{fakeBackend: newFake(), n: 2000, size: 200}, Options{PageChanges: 5000})
	rec := &writeRecorder{ResponseRecorder: httptest.NewRecorder()}
	req := httptest.NewRequest(http.MethodGet, "/compare?from=2.0&to=2.5&view=side", nil)
	req.Host = "localhost"
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.total < 8*renderBuffer {
		t.Fatalf("status %d, %d bytes; the test needs a page far over %d bytes", rec.Code, rec.total, renderBuffer)
	}
	if rec.maxWrite > renderBuffer {
		t.Errorf("a write of %d bytes: the page is held, not streamed (buffer %d)", rec.maxWrite, renderBuffer)
	}
	if rec.Header().Get("Content-Length") != "" {
		t.Errorf("a streamed page claims a length")
	}
	if n := strings.Count(rec.Body.String(), `<article class="change`); n != 2000 {
		t.Errorf("%d changes in the streamed page, want 2000", n)
	}
	// A small page goes out whole, with its length.
	small := get(t, New(newFake(), Options{}), http.MethodGet, "/compare?from=2.0&to=2.5")
	if small.header.Get("Content-Length") != fmt.Sprint(len(small.body)) {
		t.Errorf("a small page has Content-Length %q for %d bytes", small.header.Get("Content-Length"), len(small.body))
	}
}

// smallBufListener makes the server's side of each connection buffer
// little, so that a client that does not read blocks the handler soon.
type smallBufListener struct{ net.Listener }

func (l smallBufListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(8 << 10)
	}
	return c, err
}

// TestSlowReaderLetGo checks that a client that stops reading a large page
// holds its render slot only until the write deadline: with one slot, the
// next visitor is served.
func TestSlowReaderLetGo(t *testing.T) {
	h := New(&bulkBackend{fakeBackend: newFake(), n: 3000, size: 400}, Options{
		MaxRenders: 1, PageChanges: 5000, WriteTimeout: 200 * time.Millisecond,
	})
	srv := httptest.NewUnstartedServer(h)
	srv.Listener = smallBufListener{srv.Listener}
	srv.Start()
	defer srv.Close()

	slow, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	slow.(*net.TCPConn).SetReadBuffer(4 << 10)
	fmt.Fprintf(slow, "GET /compare?from=2.0&to=2.5 HTTP/1.1\r\nHost: %s\r\n\r\n", srv.Listener.Addr())
	s := h.(*server)
	waitFor(t, "the slow request to take the render slot", func() bool { return len(s.renders) == 1 })

	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("the next visitor got %d while a slow reader held the only render slot", resp.StatusCode)
	}
	// The slow reader's page was cut off, not completed.
	slow.SetReadDeadline(time.Now().Add(guard))
	body, _ := io.ReadAll(bufio.NewReader(slow))
	if strings.Contains(string(body), "</html>") {
		t.Errorf("the slow reader got the whole page (%d bytes) past the write deadline", len(body))
	}
}

// ctxBackend's Compare waits for its context to end and reports it.
type ctxBackend struct {
	*fakeBackend
	started, stopped chan struct{}
	err              atomic.Value
}

func (b *ctxBackend) Compare(ctx context.Context, from, to string) (classify.Diff, error) {
	close(b.started)
	<-ctx.Done()
	b.err.Store(ctx.Err())
	close(b.stopped)
	return classify.Diff{}, ctx.Err()
}

// TestDeadlineCancelsCompare checks that the request's deadline reaches the
// backend's work, and that the visitor hears of it.
func TestDeadlineCancelsCompare(t *testing.T) {
	b := &ctxBackend{fakeBackend: newFake(), started: make(chan struct{}), stopped: make(chan struct{})}
	h := New(b, Options{Timeout: 50 * time.Millisecond})
	r := get(t, h, http.MethodGet, "/compare?from=2.0&to=2.5")
	if r.status != http.StatusServiceUnavailable || !strings.Contains(text(r.doc), "took too long") {
		t.Errorf("status %d: %q", r.status, text(r.doc))
	}
	select {
	case <-b.stopped:
	case <-time.After(guard):
		t.Fatal("the backend's context never ended")
	}
	if err := b.err.Load(); err != context.DeadlineExceeded && err != context.Canceled {
		t.Errorf("the backend saw %v", err)
	}
}

// stubbornBackend's Compare ignores its context, like a classification
// that cannot be interrupted within a document, until gate closes.
type stubbornBackend struct {
	*fakeBackend
	gate chan struct{}
}

func (b *stubbornBackend) Compare(ctx context.Context, from, to string) (classify.Diff, error) {
	b.compares.Add(1)
	n := b.inflight.Add(1)
	defer b.inflight.Add(-1)
	b.mu.Lock()
	b.maxIn = max(b.maxIn, n)
	b.mu.Unlock()
	<-b.gate
	return classify.Diff{Class: classify.None, Documents: []classify.DocumentDiff{}}, nil
}

// TestSlotFreedAtDeadline checks that work which cannot stop at once
// gives its slot back when its visitor is gone, that such lingering work
// is bounded too, and that visitors are answered at once meanwhile.
func TestSlotFreedAtDeadline(t *testing.T) {
	b := &stubbornBackend{fakeBackend: newFake(), gate: make(chan struct{})}
	h := New(b, Options{MaxConcurrent: 1})
	s := h.(*server)
	pairs := [][2]string{{c1, c2}, {c1, c3}, {c1, c4}, {c2, c5}}
	start := func(i int) (cancel func(), done chan int) {
		ctx, cancel := context.WithCancel(context.Background())
		done = make(chan int, 1)
		go func() { done <- getCtx(ctx, h, "/compare?from="+pairs[i][0]+"&to="+pairs[i][1]).Code }()
		return cancel, done
	}
	answered := func(what string, done chan int) {
		t.Helper()
		select {
		case <-done:
		case <-time.After(guard):
			t.Fatalf("%s: no answer after its visitor left", what)
		}
	}
	// A takes the one slot; its visitor leaves; A's work lingers on.
	cancelA, doneA := start(0)
	waitFor(t, "A to compute", func() bool { return b.inflight.Load() == 1 })
	cancelA()
	answered("A", doneA)
	// B gets the slot A gave back, and lingers in turn: the lingering
	// budget (one per slot) is spent, so B keeps its slot.
	cancelB, doneB := start(1)
	waitFor(t, "B to get the slot A left", func() bool { return b.inflight.Load() == 2 })
	cancelB()
	answered("B", doneB)
	// C finds no slot and waits; it never reaches the backend.
	cancelC, doneC := start(2)
	time.Sleep(50 * time.Millisecond) // room for a broken limit to let C in
	cancelC()
	answered("C", doneC)
	if n := b.compares.Load(); n != 2 {
		t.Errorf("%d compares started, want 2: lingering work must be bounded", n)
	}
	close(b.gate)
	waitFor(t, "the lingering work to end", func() bool { return b.inflight.Load() == 0 && len(s.slots) == 0 && len(s.lingering) == 0 })
	if r := get(t, h, http.MethodGet, "/compare?from="+pairs[3][0]+"&to="+pairs[3][1]); r.status != 200 {
		t.Errorf("after the lingering work ended: status %d", r.status)
	}
	if b.maxIn > 2 {
		t.Errorf("%d compares ran at once; one slot and one lingering allow 2", b.maxIn)
	}
}

// panicBackend panics in Compare once gate closes, and in Changelog when
// asked to.
type panicBackend struct {
	*fakeBackend
	gate           chan struct{}
	panicChangelog bool
}

func (b *panicBackend) Compare(ctx context.Context, from, to string) (classify.Diff, error) {
	b.compares.Add(1)
	<-b.gate
	panic("boom in compare")
}

func (b *panicBackend) Changelog(ctx context.Context) (*release.Changelog, error) {
	if b.panicChangelog {
		panic("boom in changelog")
	}
	return b.fakeBackend.Changelog(ctx)
}

// TestPanicAnswersWaiters checks that a panic in shared work answers
// every request waiting on it with a 500 at once, that the next request
// tries again rather than waiting on work that will never end, and that
// a panic in a handler is a 500 page too.
func TestPanicAnswersWaiters(t *testing.T) {
	var log syncBuilder
	b := &panicBackend{fakeBackend: newFake(), gate: make(chan struct{})}
	h := New(b, Options{Log: &log})
	s := h.(*server)
	const target = "/compare?from=2.0&to=2.5"
	const waiters = 4
	var wg sync.WaitGroup
	codes := make(chan int, waiters)
	for range waiters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- getCtx(context.Background(), h, target).Code
		}()
	}
	waitFor(t, "the requests to share one computation", func() bool {
		s.cache.mu.Lock()
		defer s.cache.mu.Unlock()
		for _, f := range s.cache.flights {
			return f.waiters == waiters
		}
		return false
	})
	close(b.gate)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(guard):
		t.Fatal("requests sharing a computation that panicked are still waiting")
	}
	close(codes)
	for c := range codes {
		if c != http.StatusInternalServerError {
			t.Errorf("a waiter got %d, want 500", c)
		}
	}
	// The next identical request computes again, and is answered.
	r := get(t, h, http.MethodGet, target)
	if r.status != 500 || !strings.Contains(text(r.doc), "internal error") {
		t.Errorf("the next request: %d %q", r.status, text(r.doc))
	}
	if n := b.compares.Load(); n != 2 {
		t.Errorf("%d compares, want 2 (one shared, one for the next request)", n)
	}
	if !strings.Contains(log.String(), "panic: boom in compare") {
		t.Errorf("the panic is not logged: %q", log.String())
	}
	b.panicChangelog = true
	if r := get(t, h, http.MethodGet, "/"); r.status != 500 || len(find(r.doc, byTagClass("p", "error"))) != 1 {
		t.Errorf("a handler's panic: status %d, %q", r.status, r.body)
	}
}

// syncBuilder is a strings.Builder safe for the server's goroutines.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestFilterValuesEscaped sends filter values that are markup: they come
// back as text, in the form and in the list of filters, never as
// elements or attributes.
func TestFilterValuesEscaped(t *testing.T) {
	h := New(newLong(160), Options{PageEntries: 40})
	hostile := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	for _, target := range []string{
		"/?q=" + url.QueryEscape(hostile),
		"/?page=" + url.QueryEscape(hostile),
		"/?q=" + url.QueryEscape(`x' onmouseover='alert(3)`) + "&page=" + url.QueryEscape("javascript:alert(4)"),
		"/documents?q=" + url.QueryEscape(hostile),
		"/?q=script", // finds the hostile subject of revision 42
	} {
		r := mustGet(t, h, target)
		walk(r.doc, func(n *html.Node) {
			switch n.Data {
			case "script":
				if attr(n, "src") != "/static/redline.js" || n.FirstChild != nil {
					t.Errorf("%s: foreign script element %v", target, n.Attr)
				}
			case "img":
				t.Errorf("%s: markup became an element: <%s>", target, n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(strings.ToLower(a.Val), "javascript:") {
					t.Errorf("%s: <%s %s=%q>", target, n.Data, a.Key, a.Val)
				}
			}
		})
		if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<img src=x") {
			t.Errorf("%s: raw markup in the page", target)
		}
	}
	r := mustGet(t, h, "/?q="+url.QueryEscape(hostile))
	if got := classText(r.doc, "span", "chip"); !strings.Contains(got, hostile) {
		t.Errorf("the filter is not shown as text: %q", got)
	}
	if in := byID(r.doc, "f-q"); in == nil || attr(in, "value") != hostile {
		t.Errorf("the search field does not hold the value as typed")
	}
	r = mustGet(t, h, "/?q=script")
	if !strings.Contains(text(r.doc), longHostile) || len(entryShorts(r.doc)) != 1 {
		t.Errorf("the hostile subject is not found and shown as text")
	}
	// An error about a value shows it as text too.
	e := get(t, h, http.MethodGet, "/?since="+url.QueryEscape(hostile))
	if e.status != http.StatusBadRequest || strings.Contains(e.body, "<script>alert") {
		t.Errorf("since=<markup>: status %d, raw markup %v", e.status, strings.Contains(e.body, "<script>alert"))
	}
}
