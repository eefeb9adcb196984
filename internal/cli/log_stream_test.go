package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// longHistory makes a repository of n commits, each changing how long
// data is kept, with one git fast-import: n commits by way of git commit
// would take a process or three each.
func longHistory(t *testing.T, n int) *gitRepo {
	t.Helper()
	g := newGitRepo(t)
	var stream bytes.Buffer
	for i := range n {
		body := page("Risk", fmt.Sprintf("Data is kept for %d days.", 10+i), "Access is logged.")
		msg := fmt.Sprintf("Keep data for %d days", 10+i)
		fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter Ada Reviewer <ada@example.org> %d +0000\n", 1709294400+60*i)
		fmt.Fprintf(&stream, "data %d\n%s\nM 100644 inline content/dpia/_index.md\ndata %d\n%s\n", len(msg), msg, len(body), body)
	}
	g.gitIn(g.dir, stream.Bytes(), "fast-import", "--quiet")
	g.git("reset", "-q", "--hard")
	return g
}

// writeCounter counts the writes made to w: the text log writes each line
// with one.
type writeCounter struct {
	mu sync.Mutex
	w  io.Writer
	n  int
}

func (c *writeCounter) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.w.Write(p)
}

func (c *writeCounter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// TestLogStopsWhenReaderGoes is `redline log | head -3`: the reader takes
// three lines and goes, the next write fails with EPIPE, and the log stops
// there, quietly and with status 0, instead of classifying the rest of the
// history. The pipe is synchronous, so the count of writes is exact: three
// lines read, and the one that found the reader gone.
func TestLogStopsWhenReaderGoes(t *testing.T) {
	const revisions, keep = 80, 3
	g := longHistory(t, revisions)
	cache := filepath.Join(t.TempDir(), "cache")

	full := run(t, "--repo", g.dir, "--cache-dir", cache+"-full", "log")
	if full.code != ExitOK || strings.Count(full.out, "\n") != revisions {
		t.Fatalf("the whole log: want %d lines\n%s", revisions, full)
	}

	pr, pw := io.Pipe()
	out := &writeCounter{w: pw}
	var got []string
	read := make(chan struct{})
	go func() {
		defer close(read)
		br := bufio.NewReader(pr)
		for range keep {
			line, err := br.ReadString('\n')
			if err != nil {
				break
			}
			got = append(got, line)
		}
		pr.CloseWithError(syscall.EPIPE)
	}()
	var errb lockedBuffer
	code := Run(context.Background(), []string{"--repo", g.dir, "--cache-dir", cache, "log"},
		&Streams{In: strings.NewReader(""), Out: out, Err: &errb, NoColor: true})
	<-read
	if code != ExitOK || errb.String() != "" {
		t.Fatalf("log into a closed pipe: exit %d, want 0 and nothing on stderr:\n%s", code, errb.String())
	}
	if strings.Join(got, "") != strings.Join(strings.SplitAfter(full.out, "\n")[:keep], "") {
		t.Errorf("the first lines differ from the whole log's:\n%q\n%q", got, full.out)
	}
	if n := out.count(); n != keep+1 {
		t.Errorf("%d writes after the reader went at line %d, want %d: the log went on classifying", n, keep, keep+1)
	}

	// The JSON log, whose reader is gone before it starts, ends as
	// quietly.
	pr, pw = io.Pipe()
	pr.CloseWithError(syscall.EPIPE)
	errb = lockedBuffer{}
	code = Run(context.Background(), []string{"--repo", g.dir, "--cache-dir", cache, "log", "--format", "json"},
		&Streams{In: strings.NewReader(""), Out: pw, Err: &errb, NoColor: true})
	if code != ExitOK || errb.String() != "" {
		t.Errorf("json log into a closed pipe: exit %d, want 0 and nothing on stderr:\n%s", code, errb.String())
	}
}

// TestLogBrokenPipeBinary runs the real binary with its stdout a pipe
// whose reader has gone: a write to stdout then raises SIGPIPE, which
// would kill the process before its caches are saved. It must end with
// status 0 and say nothing, as git does.
func TestLogBrokenPipeBinary(t *testing.T) {
	bin, err := exec.LookPath("redline")
	if err != nil {
		t.Skip("no redline command on PATH (testscript.Main puts the test binary there)")
	}
	g := longHistory(t, 12)
	for _, format := range []string{"text", "json"} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		r.Close() // the reader is gone before the first line
		var errb bytes.Buffer
		cmd := exec.Command(bin, "--repo", g.dir, "--cache-dir", filepath.Join(t.TempDir(), "cache"), "log", "--format", format)
		cmd.Stdout, cmd.Stderr = w, &errb
		err = cmd.Run()
		w.Close()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Errorf("%s log into a closed pipe: %v (want status 0)\n%s", format, err, errb.String())
		} else if err != nil {
			t.Fatal(err)
		}
		if errb.Len() > 0 {
			t.Errorf("%s log into a closed pipe said something:\n%s", format, errb.String())
		}
	}
}
