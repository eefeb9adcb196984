package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/serve"
)

type serveOptions struct {
	addr          string
	allowedHosts  []string
	maxConcurrent int
	maxDocuments  int
	maxRenders    int
	pageChanges   int
	cacheEntries  int
	cacheBytes    int64
	timeout       time.Duration
	writeTimeout  time.Duration
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
an id (its fingerprint) to link to. Pages work without JavaScript. A compare
of more than --page-changes changes is split into parts.

The server listens on the loopback interface unless told otherwise, and
stops on Ctrl-C. It answers only requests addressed to localhost, a loopback
address or the address it listens on (421 otherwise), so that a web page
elsewhere cannot reach it by rebinding its own name to this machine; give
--allowed-host for any other name it is reached by.` + exitStatus,
		Example: `  redline serve
  redline serve --addr 127.0.0.1:9000
  redline serve --addr 0.0.0.0:8080 --allowed-host review.example.org
  # then open http://127.0.0.1:8080/compare?from=2.0&to=2.5`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.check(); err != nil {
				return err
			}
			return runServe(cmd.Context(), g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	f.StringArrayVar(&o.allowedHosts, "allowed-host", nil, "another host name the server may be reached by (repeatable)")
	f.IntVar(&o.maxConcurrent, "max-concurrent", serve.DefaultMaxConcurrent, "comparisons computed at once (as many again may finish a document past their deadline)")
	f.IntVar(&o.maxDocuments, "max-documents", serve.DefaultMaxDocuments, "refuse comparisons spanning more documents than this (both sides)")
	f.IntVar(&o.maxRenders, "max-renders", serve.DefaultMaxRenders, "pages built and sent at once")
	f.IntVar(&o.pageChanges, "page-changes", serve.DefaultPageChanges, "changes shown on one compare page; larger compares are split into parts")
	f.IntVar(&o.cacheEntries, "cache-entries", serve.DefaultCacheEntries, "comparison results kept in memory")
	f.Int64Var(&o.cacheBytes, "cache-bytes", serve.DefaultCacheBytes, "estimated memory the kept results may take, in bytes")
	f.DurationVar(&o.timeout, "timeout", serve.DefaultTimeout, "stop a request's work after this long")
	f.DurationVar(&o.writeTimeout, "write-timeout", serve.DefaultWriteTimeout, "time a client has to read one page")
	return cmd
}

// check refuses limits that make no sense; 0 takes the default.
func (o *serveOptions) check() error {
	for _, v := range []struct {
		name string
		val  int64
	}{
		{"max-concurrent", int64(o.maxConcurrent)}, {"max-documents", int64(o.maxDocuments)}, {"max-renders", int64(o.maxRenders)},
		{"page-changes", int64(o.pageChanges)}, {"cache-entries", int64(o.cacheEntries)}, {"cache-bytes", o.cacheBytes},
		{"timeout", int64(o.timeout)}, {"write-timeout", int64(o.writeTimeout)},
	} {
		if v.val < 0 {
			return &exitError{code: ExitUsage, err: errorf("give a positive value, or 0 for the default", "--%s is negative", v.name)}
		}
	}
	for _, h := range o.allowedHosts {
		if h == "" || strings.ContainsAny(h, "/ \t@") {
			return &exitError{code: ExitUsage, err: errorf("give a host name as a browser sends it, such as review.example.org (no scheme or path)",
				"--allowed-host %q is not a host name", h)}
		}
	}
	return nil
}

func runServe(ctx context.Context, g *globalOptions, o *serveOptions) error {
	p, err := g.openProject()
	if err != nil {
		return err
	}
	b := newServeBackend(p)
	defer b.Close()
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
	timeout, writeTimeout := o.timeout, o.writeTimeout
	if timeout <= 0 {
		timeout = serve.DefaultTimeout
	}
	if writeTimeout <= 0 {
		writeTimeout = serve.DefaultWriteTimeout
	}
	h := serve.New(b, serve.Options{
		MaxConcurrent: o.maxConcurrent,
		MaxDocuments:  o.maxDocuments,
		MaxRenders:    o.maxRenders,
		PageChanges:   o.pageChanges,
		CacheEntries:  o.cacheEntries,
		CacheBytes:    o.cacheBytes,
		Timeout:       timeout,
		WriteTimeout:  writeTimeout,
		AllowedHosts:  append(listenHosts(ln.Addr()), o.allowedHosts...),
		Log:           stderr,
	})
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		// A backstop: pages set their own write deadline when they start
		// to send (serve.Options.WriteTimeout), and everything else is
		// answered within the request's timeout.
		WriteTimeout:   timeout + writeTimeout + 10*time.Second,
		IdleTimeout:    60 * time.Second,
		MaxHeaderBytes: 16 << 10,
		ErrorLog:       log.New(stderr, "redline: serve: ", 0),
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

// listenHosts are the addresses a browser may name the server by, besides
// localhost and loopback: the one it listens on, or, listening on all
// interfaces (0.0.0.0, ::), the addresses of every interface.
func listenHosts(a net.Addr) []string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return nil
	}
	if !tcp.IP.IsUnspecified() {
		return []string{tcp.IP.String()}
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []string
	for _, ia := range addrs {
		if n, ok := ia.(*net.IPNet); ok {
			out = append(out, n.IP.String())
		}
	}
	return out
}

// serveBackend is serve.Backend on top of an opened project. history.Repo
// is not safe for concurrent use, so every use of it holds mu, and goes
// through use, which reopens it when git has replaced its packs; parsing,
// aligning and classifying, the costly part, run outside it.
type serveBackend struct {
	p  *project
	mu sync.Mutex // guards p.repo, the packs seen and the changelog below

	packDir   string    // the repository's objects/pack
	packMod   time.Time // its modification time when last looked at
	packNames string    // the packs in it when p.repo was opened

	clHead string // the HEAD the changelog (or its error) was built at
	cl     *release.Changelog
	clErr  error
}

func newServeBackend(p *project) *serveBackend {
	b := &serveBackend{p: p}
	if gd := p.repo.GitDir(); gd != "" {
		b.packDir = filepath.Join(objectsDir(gd), "pack")
		if fi, err := os.Stat(b.packDir); err == nil {
			b.packMod = fi.ModTime()
		}
		b.packNames = packNames(b.packDir)
	}
	return b
}

// Close closes the repository, whichever was opened last.
func (b *serveBackend) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.p.Close()
}

// objectsDir is where a repository keeps its objects: for a linked work
// tree, in the common directory its commondir file names.
func objectsDir(gitDir string) string {
	if c, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		dir := strings.TrimSpace(string(c))
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(gitDir, dir)
		}
		return filepath.Join(dir, "objects")
	}
	return filepath.Join(gitDir, "objects")
}

// packNames lists a pack directory's indexes, the packs the reader opens.
func packNames(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "pack-") && strings.HasSuffix(e.Name(), ".idx") {
			names = append(names, e.Name())
		}
	}
	return strings.Join(names, "\n") // ReadDir sorts them
}

// freshen reopens the repository when its packs are no longer those it
// was opened with. The pack reader knows the packs it opened: after git
// repack, gc or a fetch, objects it looks for are in packs it has never
// seen, and loose objects it could read are gone. A cheap look at the
// directory's modification time decides whether to list it, unless force
// (after an error, where a change within the time's granularity may have
// gone unseen). The caller holds mu.
func (b *serveBackend) freshen(force bool) (reopened bool, err error) {
	if b.packDir == "" {
		return false, nil
	}
	fi, err := os.Stat(b.packDir)
	if err != nil {
		return false, nil // no pack directory: nothing to compare
	}
	if !force && fi.ModTime().Equal(b.packMod) {
		return false, nil
	}
	b.packMod = fi.ModTime()
	names := packNames(b.packDir)
	if names == b.packNames {
		return false, nil
	}
	repo, err := b.p.g.openRepo()
	if err != nil {
		return false, fmt.Errorf("reopening the repository after its packs changed: %w", err)
	}
	old := b.p.repo
	b.p.repo, b.packNames = repo, names
	// Nothing else holds the old repository: every use is under mu.
	old.Close()
	if b.clErr != nil {
		b.clHead = "" // perhaps a failure of the old packs: build it again
	}
	return true, nil
}

// useLocked runs fn on the repository, fresh, and runs it once more when
// it fails and the packs turn out to have changed under it. The caller
// holds mu.
func (b *serveBackend) useLocked(fn func(repo *history.Repo) error) error {
	if _, err := b.freshen(false); err != nil {
		return err
	}
	err := fn(b.p.repo)
	if err == nil {
		return nil
	}
	if reopened, ferr := b.freshen(true); ferr != nil || !reopened {
		return err
	}
	return fn(b.p.repo)
}

// use is useLocked, taking mu.
func (b *serveBackend) use(fn func(repo *history.Repo) error) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.useLocked(fn)
}

// Changelog builds the changelog once per HEAD: a commit made while the
// server runs shows up on the next page view.
func (b *serveBackend) Changelog(ctx context.Context) (*release.Changelog, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var head history.Hash
	if err := b.useLocked(func(repo *history.Repo) (err error) {
		head, err = repo.Resolve("HEAD")
		return err
	}); err != nil {
		return nil, err
	}
	if b.clHead == head.String() {
		return b.cl, b.clErr
	}
	var cl *release.Changelog
	err := b.useLocked(func(*history.Repo) (err error) {
		cl, err = b.p.changelog(ctx)
		return err
	})
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
	var h history.Hash
	if rerr := b.use(func(repo *history.Repo) (err error) {
		h, err = repo.Resolve(rev)
		return err
	}); rerr != nil {
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

// fullHash turns a full hash from Resolve back into a history.Hash.
func fullHash(repo *history.Repo, s string) (history.Hash, error) {
	h, err := repo.Resolve(s)
	if err != nil || h.String() != s {
		return history.Hash{}, &serve.Error{Status: http.StatusNotFound, Msg: fmt.Sprintf("unknown revision %q", s)}
	}
	return h, nil
}

func (b *serveBackend) Documents(ctx context.Context, rev string) ([]string, error) {
	var files map[string]history.Hash
	err := b.use(func(repo *history.Repo) error {
		h, err := fullHash(repo, rev)
		if err != nil {
			return err
		}
		files, err = repo.Files(h, b.p.cfg.Paths)
		return err
	})
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

// Compare compares the tracked documents at two revisions by the engine
// of every command (history.Repo.Compare, then changes with release's
// Publish), so the web view shows what `redline diff` and `redline show`
// say. Each version is read through use, from whichever repository is
// open when it is read, after checking ctx: at the deadline the rest are
// not read, and the compare returns ctx's error.
func (b *serveBackend) Compare(ctx context.Context, fromHash, toHash string) (classify.Diff, error) {
	var rev *history.Revision
	err := b.use(func(repo *history.Repo) error {
		from, err := fullHash(repo, fromHash)
		if err != nil {
			return err
		}
		to, err := fullHash(repo, toHash)
		if err != nil {
			return err
		}
		rev, err = repo.Compare(from, to, b.p.cfg.Paths)
		return err
	})
	if err != nil {
		return classify.Diff{}, err
	}
	read := func(h history.Hash) ([]byte, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var data []byte
		err := b.use(func(repo *history.Repo) (err error) {
			data, err = repo.Blob(h)
			return err
		})
		return data, err
	}
	d, err := b.p.compare(ctx, nil, rev, read)
	if cerr := ctx.Err(); cerr != nil {
		return classify.Diff{}, cerr // documents were skipped, not compared
	}
	return d, err
}

func (b *serveBackend) Blame(ctx context.Context, path, hash string) ([]serve.BlameLine, error) {
	var index blameIndex
	if cl, err := b.Changelog(ctx); err == nil {
		index = indexChangelog(cl)
	}
	var steps []blameInput
	err := b.use(func(*history.Repo) (err error) {
		steps, err = b.blameSteps(ctx, path, hash, index)
		return err
	})
	if err != nil {
		return nil, err
	}
	lines, err := blameChainUntil(ctx, b.p.rules, b.p.g.limits, steps)
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

// blameChainUntil is blameChain that stops between versions when ctx
// ends: a page with a long history is as many classifications, and a
// request's deadline has to be able to cut them short.
func blameChainUntil(ctx context.Context, r *classify.Rules, limits document.Limits, steps []blameInput) ([]blameLine, error) {
	var doc *document.Document
	var attr []blameLine
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		next, err := document.Parse(s.path, s.data, limits)
		if err != nil {
			return nil, fmt.Errorf("%s at %s: %w", s.path, short(s.rev.Commit), err)
		}
		attr = blameStep(r, doc, next, attr, s.rev)
		doc = next
	}
	return attr, nil
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
