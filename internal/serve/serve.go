// Package serve turns a repository's classified history into a read-only
// web view for reviewers: a versions timeline (paged, and filtered by
// document, class, language, range and words), the documents with their
// counts, a redline between any two versions, revisions or dates, and a
// per-paragraph history, as server-rendered HTML that works without
// JavaScript.
//
// The package knows nothing of git: it asks a Backend, which the command
// line implements on top of the history, classify, changes and release
// stages.
package serve

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// Backend is what the web view reads. Every method may be called from
// several requests at once.
type Backend interface {
	Changelog(ctx context.Context) (*release.Changelog, error)
	// Resolve turns a version id, revision or date into a commit hash
	// (full hex) and a label to show.
	Resolve(ctx context.Context, ref string) (hash, label string, err error)
	Compare(ctx context.Context, fromHash, toHash string) (classify.Diff, error)
	// Documents lists the tracked document paths at a revision.
	Documents(ctx context.Context, hash string) ([]string, error)
	Blame(ctx context.Context, path, hash string) ([]BlameLine, error)
}

// BlameLine is one paragraph of a page with the revisions that last
// changed it at all and in substance.
type BlameLine struct {
	Kind        string
	Lines       [2]int
	Anchor      string
	Text        string // the paragraph's Markdown
	PageURL     string // the page's public address, for the links in Text ("" when unknown)
	Changed     *BlameRev
	Substantive *BlameRev
}

// BlameRev is a revision as the history view shows it.
type BlameRev struct {
	Root    bool // the commit has no parent: nothing to compare it with
	Commit  string
	Date    time.Time
	Subject string
	Version string
}

// Options bound the work the server does. Zero values take the defaults.
type Options struct {
	// MaxConcurrent bounds the compares and blames running at once
	// (default 2); as many again may run on past their deadline until they
	// can stop, without a slot (see compute).
	MaxConcurrent int
	MaxDocuments  int   // documents a compare may span, both sides together (default 1000)
	CacheEntries  int   // compare and blame results kept (default 64)
	CacheBytes    int64 // their estimated size in memory, at most (default 256 MiB)
	// PageChanges is how many changes one compare page shows; a larger
	// compare is split into parts, each with its own address (default 1000).
	PageChanges int
	// PageEntries is how many revisions one page of the timeline, and
	// documents one page of their list, show (default 100).
	PageEntries int
	// MaxRenders bounds the pages being built and sent at once (default 16).
	MaxRenders int
	// Timeout bounds one request's work (default 60s).
	Timeout time.Duration
	// WriteTimeout is how long a client has to read one page, from its
	// first byte (default 30s).
	WriteTimeout time.Duration
	// AllowedHosts are the names (or addresses) the Host header may carry
	// besides localhost and the loopback addresses, which are always
	// accepted. Any other Host is answered 421: a page on another site that
	// rebinds its own name to this machine's address is turned away.
	AllowedHosts []string
	// Log receives the errors a visitor is not shown (default: discarded).
	Log io.Writer
}

// Defaults.
const (
	DefaultMaxConcurrent = 2
	DefaultMaxDocuments  = 1000
	DefaultCacheEntries  = 64
	DefaultCacheBytes    = 256 << 20
	DefaultPageChanges   = 1000
	DefaultMaxRenders    = 16
	DefaultTimeout       = 60 * time.Second
	DefaultWriteTimeout  = 30 * time.Second

	// maxRefLen caps a revision argument: a SHA-256 hash with a suffix fits.
	maxRefLen = 128
	// maxPathLen caps a page argument.
	maxPathLen = 1024
	// maxPart caps a part argument, far above any real compare's parts.
	maxPart = 1_000_000
	// queueWait is how long a request waits for a free compare or render
	// slot before the server answers 503.
	queueWait = 20 * time.Second
	// renderBuffer is how much of a page is kept before the first byte is
	// sent. A page that fits goes out whole, with its length, and a
	// template error is still a clean 500; a larger one is streamed, so
	// what a slow reader holds is this buffer, not the page.
	renderBuffer = 64 << 10
)

// Error is an error a visitor may read: a status, a message and a hint.
// Backends return it for what the visitor got wrong (an unknown revision,
// a version without one); any other error is logged and shown as a
// generic 500.
type Error struct {
	Status int
	Msg    string
	Hint   string
}

func (e *Error) Error() string { return e.Msg }

func errorf(status int, hint, format string, args ...any) *Error {
	return &Error{Status: status, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/style.css static/redline.js
var staticFS embed.FS

// pages is parsed when first used, not at start: most runs never write it.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"short": present.ShortHash,
		"day":   func(t time.Time) string { return t.UTC().Format("2006-01-02") },
	}).ParseFS(templateFS, "templates/*.html"))
})

// csp allows the stylesheet and the optional script from this server and
// nothing else: no inline script or style, no frames, no foreign forms.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

type server struct {
	b     Backend
	opt   Options
	hosts map[string]bool // AllowedHosts, normalised
	// slots bounds the computations running for requests; lingering, the
	// ones cut off at a deadline that have not yet reached a point where
	// they can stop (see compute).
	slots     chan struct{}
	lingering chan struct{}
	renders   chan struct{}
	cache     *lru
}

// New returns the web view's handler.
func New(b Backend, opt Options) http.Handler {
	if opt.MaxConcurrent <= 0 {
		opt.MaxConcurrent = DefaultMaxConcurrent
	}
	if opt.MaxDocuments <= 0 {
		opt.MaxDocuments = DefaultMaxDocuments
	}
	if opt.CacheEntries <= 0 {
		opt.CacheEntries = DefaultCacheEntries
	}
	if opt.CacheBytes <= 0 {
		opt.CacheBytes = DefaultCacheBytes
	}
	if opt.PageChanges <= 0 {
		opt.PageChanges = DefaultPageChanges
	}
	if opt.PageEntries <= 0 {
		opt.PageEntries = DefaultPageEntries
	}
	if opt.MaxRenders <= 0 {
		opt.MaxRenders = DefaultMaxRenders
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.WriteTimeout <= 0 {
		opt.WriteTimeout = DefaultWriteTimeout
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	s := &server{b: b, opt: opt, hosts: map[string]bool{},
		slots:     make(chan struct{}, opt.MaxConcurrent),
		lingering: make(chan struct{}, opt.MaxConcurrent),
		renders:   make(chan struct{}, opt.MaxRenders),
		cache:     newLRU(opt.CacheEntries, opt.CacheBytes),
	}
	for _, h := range opt.AllowedHosts {
		if h = normalHost(h); h != "" {
			s.hosts[h] = true
		}
	}
	return s
}

func (s *server) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	h := rw.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if !s.hostAllowed(r.Host) {
		// Plain text, and before anything else: the page asking may be
		// another site's, and gets nothing of this one.
		h.Set("Content-Type", "text/plain; charset=utf-8")
		rw.WriteHeader(http.StatusMisdirectedRequest)
		fmt.Fprintf(rw, "421 misdirected request: this server does not answer to host %q\n"+
			"hint: open it as localhost or by its address, or start it with --allowed-host NAME\n", r.Host)
		return
	}
	w := &trackingWriter{ResponseWriter: rw}
	defer s.recoverPanic(w, r)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		s.fail(w, r, errorf(http.StatusMethodNotAllowed, "this view is read-only: use GET", "method %s is not allowed", r.Method))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.Timeout)
	defer cancel()
	r = r.WithContext(ctx)
	switch r.URL.Path {
	case "/":
		s.timeline(w, r)
	case "/documents":
		s.documents(w, r)
	case "/compare":
		s.compare(w, r)
	case "/history":
		s.history(w, r)
	case "/static/style.css":
		s.static(w, "static/style.css", "text/css; charset=utf-8")
	case "/static/redline.js":
		s.static(w, "static/redline.js", "text/javascript; charset=utf-8")
	default:
		s.fail(w, r, errorf(http.StatusNotFound, "start from the versions timeline at /", "no page at %s", r.URL.Path))
	}
}

// hostAllowed reports whether a request's Host names this server. The port
// is not compared: DNS rebinding changes the name, not the port, and a
// tunnel (ssh -L 9000:localhost:8080) legitimately changes the port.
func (s *server) hostAllowed(host string) bool {
	h := normalHost(host)
	if h == "" {
		return false
	}
	if h == "localhost" || s.hosts[h] {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && ip.Unmap().IsLoopback()
}

// normalHost is a Host header's name without port and brackets, lower
// case, without a final dot; an address in its canonical form.
func normalHost(host string) string {
	h := host
	if name, _, err := net.SplitHostPort(host); err == nil {
		h = name
	}
	h = strings.TrimSuffix(strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")), ".")
	if ip, err := netip.ParseAddr(h); err == nil {
		return ip.Unmap().String()
	}
	return h
}

// trackingWriter notes whether anything of the response has gone out, so
// that a panic is answered with an error page only while one can still be
// sent.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *trackingWriter) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *trackingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's deadlines.
func (w *trackingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverPanic answers a handler's panic with a 500 page, or, when part of
// the response is out, cuts the connection so the client sees the page is
// incomplete. Either way the panic is logged with its stack.
func (s *server) recoverPanic(w *trackingWriter, r *http.Request) {
	p := recover()
	if p == nil {
		return
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	err := &panicError{val: p, stack: debug.Stack()}
	if w.wrote {
		fmt.Fprintf(s.opt.Log, "redline serve: %s %s: %v\n", r.Method, r.URL.RequestURI(), err)
		panic(http.ErrAbortHandler)
	}
	s.fail(w, r, err)
}

func (s *server) static(w http.ResponseWriter, name, ctype string) {
	data, err := staticFS.ReadFile(name)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(data)
}

// renderSlot takes a render slot for building a page's view and sending
// it, or answers 503 when none comes free in time. The slots bound how many
// views, and slow readers of them, hold memory at once.
func (s *server) renderSlot(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	release, err := s.acquire(r.Context(), s.renders, "the server is busy: %d pages are being sent")
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return release, true
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, renderBuffer); return &b }}

// render executes a page template. The first renderBuffer bytes are kept
// back, so that a page that fits is sent whole with its length and a
// template error in it becomes a clean 500; the rest of a larger page is
// streamed as it is made.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	buf := bufPool.Get().(*[]byte)
	defer func() { *buf = (*buf)[:0]; bufPool.Put(buf) }()
	pw := &pageWriter{w: w, status: status, buf: (*buf)[:0], timeout: s.opt.WriteTimeout}
	err := pages().ExecuteTemplate(pw, name, data)
	if err == nil {
		err = pw.finish()
	}
	switch {
	case err == nil:
	case pw.err != nil:
		// The client went away or did not read the page in time: there
		// is nobody to tell.
	case !pw.started:
		fmt.Fprintf(s.opt.Log, "redline serve: %s %s: template %s: %v\n", r.Method, r.URL.Path, name, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
	default:
		fmt.Fprintf(s.opt.Log, "redline serve: %s %s: template %s: %v\n", r.Method, r.URL.Path, name, err)
		// Half a page is out: end the connection without finishing the
		// response, so the client knows it is incomplete.
		panic(http.ErrAbortHandler)
	}
}

// pageWriter holds back the start of a page (up to cap(buf)), then
// streams. The write deadline is set when the first byte goes out: from
// then on the client has WriteTimeout to read the page, however slowly,
// after which the connection is closed and the page's memory let go.
type pageWriter struct {
	w       http.ResponseWriter
	status  int
	buf     []byte
	timeout time.Duration
	started bool
	err     error // the first error writing to the client
}

func (p *pageWriter) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	if !p.started {
		if len(p.buf)+len(b) <= cap(p.buf) {
			p.buf = append(p.buf, b...)
			return len(b), nil
		}
		p.start(-1)
		if len(p.buf) > 0 {
			_, p.err = p.w.Write(p.buf)
			p.buf = p.buf[:0]
			if p.err != nil {
				return 0, p.err
			}
		}
	}
	n, err := p.w.Write(b)
	if err != nil {
		p.err = err
	}
	return n, err
}

// start sends the header; length is the body's, or -1 when not known yet.
func (p *pageWriter) start(length int) {
	p.started = true
	h := p.w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	if length >= 0 {
		h.Set("Content-Length", strconv.Itoa(length))
	}
	// A recorder in tests has no deadlines: the error is of no interest.
	_ = http.NewResponseController(p.w).SetWriteDeadline(time.Now().Add(p.timeout))
	p.w.WriteHeader(p.status)
}

// finish sends what is held back, if the page was short enough to hold.
func (p *pageWriter) finish() error {
	if !p.started {
		p.start(len(p.buf))
		_, p.err = p.w.Write(p.buf)
		p.buf = p.buf[:0]
	}
	return p.err
}

type errorPage struct {
	L      *labels
	Title  string
	Keys   string
	Status int
	Msg    string
	Hint   string
}

// fail answers with an error page. Errors that are not *Error are logged
// and hidden: they may name local paths.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var e *Error
	var pe *panicError
	switch {
	case errors.As(err, &e):
	case errors.As(err, &pe):
		fmt.Fprintf(s.opt.Log, "redline serve: %s %s: %v\n", r.Method, r.URL.RequestURI(), err)
		e = errorf(http.StatusInternalServerError, "the server's log has the details; reloading the page tries again",
			"internal error: the server failed while preparing this page")
	case errors.Is(err, context.DeadlineExceeded):
		e = errorf(http.StatusServiceUnavailable, "try a narrower comparison, or again later", "the request took too long and was stopped")
	case errors.Is(err, context.Canceled):
		return // the visitor went away
	default:
		fmt.Fprintf(s.opt.Log, "redline serve: %s %s: %v\n", r.Method, r.URL.RequestURI(), err)
		e = errorf(http.StatusInternalServerError, "the server's log has the details", "internal error")
	}
	if e.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	q := r.URL.Query()
	l := labelsFor(interfaceLang(q.Get("ui"), q.Get("lang")))
	s.render(w, r, e.Status, "error.html", errorPage{L: l, Title: fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status)), Status: e.Status, Msg: e.Msg, Hint: e.Hint})
}

// acquire takes a slot of sem, waiting at most queueWait; busy says what
// is running, with a %d for how many.
func (s *server) acquire(ctx context.Context, sem chan struct{}, busy string) (release func(), err error) {
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	default:
	}
	t := time.NewTimer(queueWait)
	defer t.Stop()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-t.C:
		return nil, errorf(http.StatusServiceUnavailable, "try again in a moment", busy, cap(sem))
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// compute runs fn, a comparison or blame, with a compute slot held.
//
// The backend stops at a deadline only where it can check its context,
// between documents; a single large document runs to its end. So when ctx
// ends first, compute returns at once and fn goes on alone on its
// goroutine until it reaches such a point. It then counts against the
// lingering budget (as many as the slots) instead of its slot, which goes
// back at once for other requests; when that budget is spent, it keeps its
// slot until it stops. At most twice MaxConcurrent computations ever run.
func (s *server) compute(ctx context.Context, fn func(context.Context) (any, int64, error)) (any, int64, error) {
	release, err := s.acquire(ctx, s.slots, "the server is busy: %d comparisons are running")
	if err != nil {
		return nil, 0, err
	}
	type result struct {
		v    any
		size int64
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		var r result
		r.err = protect(func() (err error) {
			r.v, r.size, err = fn(ctx)
			return err
		})
		ch <- r
	}()
	select {
	case r := <-ch:
		release()
		return r.v, r.size, r.err
	case <-ctx.Done():
	}
	select {
	case s.lingering <- struct{}{}:
		release()
		go func() { <-ch; <-s.lingering }()
	default:
		go func() { <-ch; release() }()
	}
	return nil, 0, ctx.Err()
}
