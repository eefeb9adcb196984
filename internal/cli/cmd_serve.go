package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/serve"
)

type serveOptions struct {
	addr          string
	allowedHosts  []string
	maxConcurrent int
	maxDocuments  int
	maxRenders    int
	pageChanges   int
	pageEntries   int
	cacheEntries  int
	cacheBytes    int64
	timeout       time.Duration
	writeTimeout  time.Duration
	paths         []string // after --: the documents to serve
}

func newServeCmd(g *globalOptions) *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [-- PATH...]",
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
--allowed-host for any other name it is reached by.

Paths after -- restrict the view to the documents under them, as they do
for log and diff.` + exitStatus,
		Example: `  redline serve
  redline serve --addr 127.0.0.1:9000
  redline serve -- docs/handbook
  redline serve --addr 0.0.0.0:8080 --allowed-host review.example.org
  # then open http://127.0.0.1:8080/compare?from=2.0&to=2.5`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.parse(args, cmd.ArgsLenAtDash()); err != nil {
				return err
			}
			return runServe(cmd.Context(), g, o)
		},
	}
	o.register(cmd)
	return cmd
}

func (o *serveOptions) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	f.StringArrayVar(&o.allowedHosts, "allowed-host", nil, "another host name the server may be reached by (repeatable)")
	f.IntVar(&o.maxConcurrent, "max-concurrent", serve.DefaultMaxConcurrent, "comparisons computed at once (as many again may finish a document past their deadline)")
	f.IntVar(&o.maxDocuments, "max-documents", serve.DefaultMaxDocuments, "refuse comparisons spanning more documents than this (both sides)")
	f.IntVar(&o.maxRenders, "max-renders", serve.DefaultMaxRenders, "pages built and sent at once")
	f.IntVar(&o.pageChanges, "page-changes", serve.DefaultPageChanges, "changes shown on one compare page; larger compares are split into parts")
	f.IntVar(&o.pageEntries, "page-entries", serve.DefaultPageEntries, "revisions on one page of the timeline, and documents on one page of the document list")
	f.IntVar(&o.cacheEntries, "cache-entries", serve.DefaultCacheEntries, "comparison results kept in memory")
	f.Int64Var(&o.cacheBytes, "cache-bytes", serve.DefaultCacheBytes, "estimated memory the kept results may take, in bytes")
	f.DurationVar(&o.timeout, "timeout", serve.DefaultTimeout, "stop a request's work after this long")
	f.DurationVar(&o.writeTimeout, "write-timeout", serve.DefaultWriteTimeout, "time a client has to read one page")
}

// parse takes the arguments: none but the paths after `--` (dash: how
// many came before it, or -1); then the flags are checked.
func (o *serveOptions) parse(args []string, dash int) error {
	before, after := splitDash(args, dash)
	if err := noArgs("serve", before); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	o.paths = after
	return o.check()
}

// check refuses limits that make no sense; 0 takes the default.
func (o *serveOptions) check() error {
	for _, v := range []struct {
		name string
		val  int64
	}{
		{"max-concurrent", int64(o.maxConcurrent)}, {"max-documents", int64(o.maxDocuments)}, {"max-renders", int64(o.maxRenders)},
		{"page-changes", int64(o.pageChanges)}, {"page-entries", int64(o.pageEntries)}, {"cache-entries", int64(o.cacheEntries)}, {"cache-bytes", o.cacheBytes},
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
	b, err := openBackend(g, o)
	if err != nil {
		return err
	}
	defer b.Close()
	// Read the history before listening, so that a broken versions file
	// or repository is reported at once, not on the first page view.
	if _, err := b.Changelog(ctx); err != nil {
		return usage(err)
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return &exitError{code: ExitUsage, err: errorf("give another --addr, such as 127.0.0.1:0 for any free port", "cannot listen on %s: %v", o.addr, err)}
	}
	return serveOn(ctx, g.streams.Err, ln, b, o)
}

// openBackend opens the repository for the web view, restricted to the
// paths after --, if any.
func openBackend(g *globalOptions, o *serveOptions) (*app.Backend, error) {
	a, err := g.open(o.paths...)
	if err != nil {
		return nil, err
	}
	a.Track(o.paths)
	return app.NewBackend(a), nil
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
		PageEntries:   o.pageEntries,
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
