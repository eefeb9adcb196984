package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/serve"
)

type serveOptions struct {
	addr          string
	maxConcurrent int
	maxDocuments  int
	cacheEntries  int
	timeout       time.Duration
}

func newServeCmd(g *globalOptions) *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080]",
		Short: "Serve a read-only web view to compare any two versions",
		Long: `Serve the tracked documents' history as a read-only web view for reviewers:
a versions timeline, a redline between any two versions, revisions or dates
(inline or side by side, all changes or the substantive ones only) and, per
page, the revision that last changed each paragraph in substance.

Every view has a stable address to paste into a message; each change has
an id (its fingerprint) to link to. Pages work without JavaScript.

The server listens on the loopback interface unless told otherwise, and
stops on Ctrl-C.` + exitStatus,
		Example: `  redline serve
  redline serve --addr 127.0.0.1:9000
  # then open http://127.0.0.1:8080/compare?from=2.0&to=2.5`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	f.IntVar(&o.maxConcurrent, "max-concurrent", serve.DefaultMaxConcurrent, "comparisons computed at once")
	f.IntVar(&o.maxDocuments, "max-documents", serve.DefaultMaxDocuments, "refuse comparisons spanning more documents than this (both sides)")
	f.IntVar(&o.cacheEntries, "cache-entries", serve.DefaultCacheEntries, "comparison results kept in memory")
	f.DurationVar(&o.timeout, "timeout", serve.DefaultTimeout, "stop a request's work after this long")
	return cmd
}

func runServe(ctx context.Context, g *globalOptions, o *serveOptions) error {
	p, err := g.openProject()
	if err != nil {
		return err
	}
	defer p.Close()
	b := newServeBackend(p)
	// Read the history before listening, so that a broken versions file
	// or repository is reported at once, not on the first page view.
	if _, err := b.Changelog(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return &exitError{code: ExitUsage, err: errorf("give another --addr, such as 127.0.0.1:0 for any free port", "cannot listen on %s: %v", o.addr, err)}
	}
	return serveOn(ctx, g.streams.Err, ln, b, o)
}

// serveOn serves until ctx ends, then shuts down, letting running
// requests finish for a few seconds.
func serveOn(ctx context.Context, stderr io.Writer, ln net.Listener, b serve.Backend, o *serveOptions) error {
	h := serve.New(b, serve.Options{
		MaxConcurrent: o.maxConcurrent,
		MaxDocuments:  o.maxDocuments,
		CacheEntries:  o.cacheEntries,
		Timeout:       o.timeout,
		Log:           stderr,
	})
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      o.timeout + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          log.New(stderr, "redline: serve: ", 0),
		// Requests see the command's context: Ctrl-C stops their work too.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(stderr, "redline: warning: listening on %s, not on loopback: anyone who can reach it can read the documents' history\n", ln.Addr())
	}
	fmt.Fprintf(stderr, "redline: serving on http://%s/ (read-only)\nhint: press Ctrl-C to stop\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return &exitError{code: ExitUsage, err: err}
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	<-errc // Serve has returned ErrServerClosed
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	fmt.Fprintln(stderr, "redline: stopped")
	return nil
}

// serveBackend is serve.Backend on top of an opened project. history.Repo
// is not safe for concurrent use, so every use of it holds mu; parsing,
// aligning and classifying, the costly part, run outside it.
type serveBackend struct {
	p  *project
	mu sync.Mutex // guards p.repo and the changelog below

	clHead string // the HEAD the changelog (or its error) was built at
	cl     *release.Changelog
	clErr  error

	warn *lockedWriter // compares' warnings, one line at a time
}

func newServeBackend(p *project) *serveBackend {
	return &serveBackend{p: p, warn: &lockedWriter{w: p.g.streams.Err}}
}

// Changelog builds the changelog once per HEAD: a commit made while the
// server runs shows up on the next page view.
func (b *serveBackend) Changelog(ctx context.Context) (*release.Changelog, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	head, err := b.p.repo.Resolve("HEAD")
	if err != nil {
		return nil, err
	}
	if b.clHead == head.String() {
		return b.cl, b.clErr
	}
	cl, err := b.p.changelog(ctx)
	if ctx.Err() != nil {
		return nil, err // cut short: try again next time
	}
	b.cl, b.clErr, b.clHead = cl, err, head.String()
	return cl, err
}

func (b *serveBackend) Resolve(ctx context.Context, ref string) (hash, label string, err error) {
	cl, err := b.Changelog(ctx)
	if err != nil {
		cl = nil // plain revisions still resolve
	}
	rev, label, ok, err := serve.ResolveVersion(cl, ref)
	if err != nil {
		return "", "", err
	}
	if !ok {
		rev = ref
	}
	b.mu.Lock()
	h, rerr := b.p.repo.Resolve(rev)
	b.mu.Unlock()
	if rerr != nil {
		return "", "", &serve.Error{Status: http.StatusNotFound,
			Msg:  fmt.Sprintf("unknown version, revision or date %q", ref),
			Hint: "give a version id from the timeline, a commit hash, branch or tag, or a date as YYYY-MM-DD"}
	}
	if label == "" {
		// A hash is shown short; a name, with the commit it stands for.
		label = h.String()[:7]
		if !strings.HasPrefix(h.String(), strings.ToLower(ref)) {
			label = ref + " (" + label + ")"
		}
	}
	return h.String(), label, nil
}

func (b *serveBackend) hash(s string) (history.Hash, error) {
	h, err := b.p.repo.Resolve(s)
	if err != nil || h.String() != s {
		return history.Hash{}, &serve.Error{Status: http.StatusNotFound, Msg: fmt.Sprintf("unknown revision %q", s)}
	}
	return h, nil
}

func (b *serveBackend) Documents(ctx context.Context, hash string) ([]string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	h, err := b.hash(hash)
	if err != nil {
		return nil, err
	}
	files, err := b.p.repo.Files(h, b.p.cfg.Paths)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(files))
	for p := range files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

func (b *serveBackend) Compare(ctx context.Context, fromHash, toHash string) (classify.Diff, error) {
	b.mu.Lock()
	docs := func(s string) ([]doc, error) {
		h, err := b.hash(s)
		if err != nil {
			return nil, err
		}
		return revisionDocs(b.p.repo, h, b.p.cfg.Paths)
	}
	old, err := docs(fromHash)
	var new []doc
	if err == nil {
		new, err = docs(toHash)
	}
	b.mu.Unlock()
	if err != nil {
		return classify.Diff{}, err
	}
	for _, set := range [][]doc{old, new} {
		for i := range set {
			load := set[i].load
			set[i].load = func() ([]byte, error) {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				b.mu.Lock()
				defer b.mu.Unlock()
				return load()
			}
		}
	}
	d := compareDocs(b.p.rules, old, new, b.p.cfg.LanguagesFor(docPaths(old, new)), b.p.cfg.PageURL, b.warn)
	if err := ctx.Err(); err != nil {
		return classify.Diff{}, err // documents were skipped, not compared
	}
	return d, nil
}

func (b *serveBackend) Blame(ctx context.Context, path, hash string) ([]serve.BlameLine, error) {
	var index blameIndex
	if cl, err := b.Changelog(ctx); err == nil {
		index = indexChangelog(cl)
	}
	b.mu.Lock()
	steps, err := b.blameSteps(ctx, path, hash, index)
	b.mu.Unlock()
	if err != nil {
		return nil, err
	}
	lines, err := blameChain(b.p.rules, b.p.g.limits, steps)
	if err != nil {
		return nil, err
	}
	out := make([]serve.BlameLine, len(lines))
	rev := func(r *blameRev) *serve.BlameRev {
		if r == nil {
			return nil
		}
		return &serve.BlameRev{Root: r.root, Commit: r.Commit, Date: r.Date, Subject: r.Subject, Version: r.Version}
	}
	for i, l := range lines {
		out[i] = serve.BlameLine{Kind: string(l.Kind), Lines: l.Lines, Anchor: l.Anchor, Text: l.Text,
			Changed: rev(l.Changed), Substantive: rev(l.Substantive)}
	}
	return out, nil
}

// blameSteps reads the revisions that changed path up to hash, following
// renames back, oldest first. The caller holds b.mu.
func (b *serveBackend) blameSteps(ctx context.Context, path, hash string, x blameIndex) ([]blameInput, error) {
	log, err := b.p.walk(ctx, hash, nil, false)
	if err != nil {
		return nil, err
	}
	steps, err := blameInputs(b.p.repo, log.Revisions, path, x)
	if err != nil {
		return nil, err
	}
	if len(steps) == 0 {
		return nil, &serve.Error{Status: http.StatusNotFound, Msg: fmt.Sprintf("no revision up to %s changed %s", short(hash), path),
			Hint: "pick a page from the versions timeline"}
	}
	return steps, nil
}

// lockedWriter lets concurrent compares write warnings without
// interleaving their lines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
