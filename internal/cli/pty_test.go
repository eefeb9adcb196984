//go:build linux

package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	"golang.org/x/term"

	"github.com/digdir/redline/internal/render"
)

// openPTY opens a pseudo-terminal of 24 rows and 200 columns: master is
// the terminal's side, slave the program's.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("ptsname: %v", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: 200}); err != nil {
		t.Fatal(err)
	}
	return master, slave
}

// readTerminal reads what the terminal shows until every program side is
// closed (Linux then fails the read with EIO).
func readTerminal(master *os.File) <-chan []byte {
	done := make(chan []byte, 1)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, master)
		done <- b.Bytes()
	}()
	return done
}

// screenLines is what a terminal shows of raw output, line by line, for
// the sequences redline writes: a carriage return and erase-line start a
// line over, so a progress line that was not erased before a line of
// output stays glued to it.
func screenLines(raw []byte) []string {
	s := strings.ReplaceAll(string(raw), "\r\n", "\n") // the terminal's own newline translation
	var lines []string
	for _, seg := range strings.Split(s, "\n") {
		if i := strings.LastIndexByte(seg, '\r'); i >= 0 {
			seg = seg[i+1:]
		}
		lines = append(lines, strings.TrimPrefix(seg, "\x1b[K"))
	}
	return withoutLexiconNote(lines)
}

// withoutLexiconNote drops the note a terminal gets when lexicons are
// missing (and its hint): the suite runs on machines without them.
func withoutLexiconNote(lines []string) []string {
	out := lines[:0:0]
	for i := 0; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "redline: note: no ") && strings.Contains(lines[i], "called substantive") {
			if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "hint: apt-get install") {
				i++
			}
			continue
		}
		out = append(out, lines[i])
	}
	return out
}

var sgrSeq = regexp.MustCompile("\x1b\\[[0-9;]*m")

// logLine matches a line of the text log without colour, with or without
// the version column.
var logLine = regexp.MustCompile(`^[0-9a-f]{7} 2024-03-01 (?:(?:v\S+|unreleased|-) +)?Ada Reviewer +(substantive|editorial|none) +1 doc +S\d+/E\d+ +\S`)

// TestLogOnTerminal runs the real binary with stdout and stderr on a
// pseudo-terminal: the log is coloured, opens with the legend, and goes
// through the pager unless told not to.
func TestLogOnTerminal(t *testing.T) {
	bin, err := exec.LookPath("redline")
	if err != nil {
		t.Skip("no redline command on PATH (testscript.Main puts the test binary there)")
	}
	if _, err := exec.LookPath("sed"); err != nil {
		t.Skip("no sed to page with")
	}
	g := longHistory(t, 5)
	env := func(pager string) []string {
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "NO_COLOR=") && !strings.HasPrefix(kv, "PAGER=") && !strings.HasPrefix(kv, "REDLINE_PAGER=") {
				env = append(env, kv)
			}
		}
		return append(env, "REDLINE_PAGER="+pager)
	}
	for _, c := range []struct {
		name   string
		pager  string
		args   []string
		prefix string
	}{
		{"paged", "sed -e 's/^/paged:/'", nil, "paged:"},
		{"--no-pager", "sed -e 's/^/paged:/'", []string{"--no-pager"}, ""},
		{"cat", "cat", nil, ""},
	} {
		master, slave := openPTY(t)
		out := readTerminal(master)
		cmd := exec.Command(bin, append([]string{"--repo", g.dir, "--no-cache", "log"}, c.args...)...)
		cmd.Stdout, cmd.Stderr, cmd.Env = slave, slave, env(c.pager)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		slave.Close()
		err := cmd.Wait()
		raw := <-out
		if err != nil {
			t.Fatalf("%s: %v\n%q", c.name, err, raw)
		}
		if !bytes.Contains(raw, []byte("\x1b[33m")) {
			t.Errorf("%s: no colour on a terminal: %q", c.name, raw)
		}
		lines := screenLines(raw)
		if len(lines) != 7 || lines[6] != "" {
			t.Fatalf("%s: want the legend, five lines and nothing left on the last line, got %q", c.name, lines)
		}
		if lines[0] != c.prefix+render.LogLegend {
			t.Errorf("%s: first line %q, want the legend", c.name, lines[0])
		}
		for _, l := range lines[1:6] {
			if !strings.HasPrefix(l, c.prefix) || !logLine.MatchString(sgrSeq.ReplaceAllString(strings.TrimPrefix(l, c.prefix), "")) {
				t.Errorf("%s: %q is not a log line", c.name, l)
			}
		}
	}
}

// TestLogProgressOnTerminal shows the progress line on a real terminal
// while the log streams to the same terminal: each line of the log is
// written on a line of its own (the progress line erased first), and
// nothing of the progress line is left at the end. It runs in process, so
// that the progress line shows at once (Streams.progressAfter), and
// decides what is a terminal as the binary does.
func TestLogProgressOnTerminal(t *testing.T) {
	g := longHistory(t, 40)
	master, slave := openPTY(t)
	out := readTerminal(master)
	tty := term.IsTerminal(int(slave.Fd()))
	if !tty {
		t.Fatal("the pseudo-terminal is not a terminal")
	}
	s := &Streams{In: strings.NewReader(""), Out: slave, Err: slave, OutTTY: tty, ErrTTY: tty, NoColor: true, progressAfter: time.Millisecond}
	code := Run(context.Background(), []string{"--repo", g.dir, "--no-cache", "log", "--no-pager"}, s)
	slave.Close()
	raw := <-out
	if code != ExitOK {
		t.Fatalf("exit %d\n%q", code, raw)
	}
	for _, want := range []string{"\r\x1b[Kredline: walking ", "\r\x1b[Kredline: classifying "} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("no progress line %q on the terminal:\n%q", want, raw)
		}
	}
	lines := screenLines(raw)
	if len(lines) != 42 || lines[0] != render.LogLegend || lines[41] != "" {
		t.Fatalf("want the legend, 40 lines and nothing left of the progress line, got %d lines:\n%q", len(lines), lines)
	}
	for _, l := range lines[1:41] {
		if !logLine.MatchString(l) {
			t.Errorf("%q is not a log line: the progress line was not erased first", l)
		}
	}
}
