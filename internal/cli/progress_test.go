package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digdir/redline/internal/app"
)

// lockedBuffer is a buffer the progress line's goroutine and the command
// may write at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runTTY runs a command line with stderr a terminal (or not) and the
// progress line shown at once.
func runTTY(t *testing.T, tty bool, args ...string) (out, errs string, code int) {
	t.Helper()
	var o bytes.Buffer
	var e lockedBuffer
	s := &Streams{In: strings.NewReader(""), Out: &o, Err: &e, NoColor: true, ErrTTY: tty, progressAfter: time.Millisecond}
	code = Run(context.Background(), args, s)
	return o.String(), e.String(), code
}

func TestProgressOnlyOnTerminal(t *testing.T) {
	g := newGitRepo(t)
	for i, text := range []string{"Data is kept for 30 days.", "Data is kept for 60 days.", "Data is kept for 90 days."} {
		g.write("content/dpia/_index.md", page("Risk", text, strings.Repeat("More words here. ", i+1)))
		g.commit("edit")
	}
	for _, args := range [][]string{
		{"log"},
		{"log", "--format", "json"},
		{"changelog", "--out", t.TempDir()},
	} {
		args = append([]string{"--repo", g.dir, "--no-cache"}, args...)
		plainOut, plainErr, code := runTTY(t, false, args...)
		if code != ExitOK {
			t.Fatalf("%q: exit %d\n%s", args, code, plainErr)
		}
		if strings.ContainsAny(plainErr, "\r\033") || strings.Contains(plainErr, "walking") {
			t.Errorf("%q: progress without a terminal:\n%q", args, plainErr)
		}
		ttyOut, ttyErr, code := runTTY(t, true, args...)
		if code != ExitOK {
			t.Fatalf("%q on a terminal: exit %d\n%s", args, code, ttyErr)
		}
		if args[3] != "changelog" && ttyOut != plainOut {
			t.Errorf("%q: stdout differs on a terminal:\n%q\n---\n%q", args, ttyOut, plainOut)
		}
		if strings.ContainsAny(ttyOut, "\r\033") {
			t.Errorf("%q: progress on stdout", args)
		}
		wants := []string{"\r\033[Kredline: walking ", " commits…", "\r\033[Kredline: classifying ", "/3"}
		if args[len(args)-1] == "json" {
			// It classifies while it walks (the text log walks first
			// for the versions): the line counts the commits listed
			// so far, then all of them.
			wants = []string{"\r\033[Kredline: classifying ", " commits listed so far…", "/3"}
		}
		for _, want := range wants {
			if !strings.Contains(ttyErr, want) {
				t.Errorf("%q: stderr lacks %q:\n%q", args, want, ttyErr)
			}
		}
		// The line is erased at the end.
		last := strings.LastIndex(ttyErr, "redline: classifying ")
		if rest := ttyErr[last:]; !strings.Contains(rest, "\r\033[K") {
			t.Errorf("%q: the progress line is not erased: %q", args, rest)
		}
	}
}

func TestProgressLine(t *testing.T) {
	n := int64(345)
	p := app.Progress{What: "classifying", Unit: "commit", Total: 4857, Done: func() int64 { return n }, At: func() string { return "abc1234" }}
	if got, want := progressLine(p, 2*time.Second+875*time.Millisecond), "classifying 345/4,857 (120/s) abc1234"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	n = 1234
	p = app.Progress{What: "walking", Unit: "commit", Done: func() int64 { return n }}
	if got, want := progressLine(p, time.Second), "walking 1,234 commits…"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
