// Package serve turns a repository's classified history into a read-only
// web view for reviewers: a versions timeline, a redline between any two
// versions, revisions or dates, and a per-paragraph history, as
// server-rendered HTML that works without JavaScript.
//
// The package knows nothing of git: it asks a Backend, which the command
// line implements on top of the history, classify and release stages.
package serve

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/digdir/redline/internal/classify"
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
	Text        string
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
	MaxConcurrent int // compares and blames running at once (default 2)
	MaxDocuments  int // documents a compare may span, both sides together (default 1000)
	CacheEntries  int // compare and blame results kept (default 64)
	// Timeout bounds one request's work (default 60s).
	Timeout time.Duration
	// Log receives the errors a visitor is not shown (default: discarded).
	Log io.Writer
}

// Defaults.
const (
	DefaultMaxConcurrent = 2
	DefaultMaxDocuments  = 1000
	DefaultCacheEntries  = 64
	DefaultTimeout       = 60 * time.Second

	// maxRefLen caps a revision argument: a SHA-256 hash with a suffix fits.
	maxRefLen = 128
	// maxPathLen caps a page argument.
	maxPathLen = 1024
	// queueWait is how long a request waits for a free compare slot
	// before the server answers 503.
	queueWait = 20 * time.Second
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

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"short": shortHash,
	"day":   func(t time.Time) string { return t.UTC().Format("2006-01-02") },
}).ParseFS(templateFS, "templates/*.html"))

// csp allows the stylesheet and the optional script from this server and
// nothing else: no inline script or style, no frames, no foreign forms.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

type server struct {
	b     Backend
	opt   Options
	slots chan struct{}
	cache *lru
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
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	return &server{b: b, opt: opt, slots: make(chan struct{}, opt.MaxConcurrent), cache: newLRU(opt.CacheEntries)}
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
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

// render executes a page template into a buffer first, so a template
// error becomes a clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		fmt.Fprintf(s.opt.Log, "redline serve: %s %s: template %s: %v\n", r.Method, r.URL.Path, name, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorPage struct {
	L      *labels
	Title  string
	Status int
	Msg    string
	Hint   string
}

// fail answers with an error page. Errors that are not *Error are logged
// and hidden: they may name local paths.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var e *Error
	switch {
	case errors.As(err, &e):
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
	l := labelsFor(r.URL.Query().Get("lang"))
	s.render(w, r, e.Status, "error.html", errorPage{L: l, Title: fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status)), Status: e.Status, Msg: e.Msg, Hint: e.Hint})
}

// acquire takes a compare slot, waiting at most queueWait.
func (s *server) acquire(ctx context.Context) (done func(), err error) {
	t := time.NewTimer(queueWait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, nil
	case <-t.C:
		return nil, errorf(http.StatusServiceUnavailable, "try again in a moment", "the server is busy: %d comparisons are running", cap(s.slots))
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func shortHash(h string) string {
	if len(h) > 7 && isHex(h) {
		return h[:7]
	}
	return h
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return s != ""
}

// pathLang is the language of a page from its file name (_index.nb.md ->
// "nb"), the way Hugo names translations.
func pathLang(p string) string {
	base := p[strings.LastIndex(p, "/")+1:]
	parts := strings.Split(base, ".")
	if len(parts) >= 3 {
		l := parts[len(parts)-2]
		if len(l) >= 2 && len(l) <= 3 {
			return strings.ToLower(l)
		}
	}
	return ""
}
