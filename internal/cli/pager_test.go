package cli

import (
	"bytes"
	"context"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/render"
)

func TestPagerCommand(t *testing.T) {
	for _, c := range []struct {
		env        map[string]string
		want       string
		configured bool
	}{
		{nil, "less", false},
		{map[string]string{"PAGER": "more"}, "more", true},
		{map[string]string{"PAGER": "more", "REDLINE_PAGER": "less -S"}, "less -S", true},
		{map[string]string{"PAGER": "more", "REDLINE_PAGER": ""}, "", true}, // set and empty: none
		{map[string]string{"PAGER": "cat"}, "", true},
		{map[string]string{"REDLINE_PAGER": " cat "}, "", true},
		{map[string]string{"PAGER": "  "}, "", true},
	} {
		got, configured := pagerCommand(func(k string) (string, bool) { v, ok := c.env[k]; return v, ok })
		if got != c.want || configured != c.configured {
			t.Errorf("%v: %q, %v; want %q, %v", c.env, got, configured, c.want, c.configured)
		}
	}
}

func TestPagerEnv(t *testing.T) {
	got := pagerEnv([]string{"HOME=/h"})
	if !slices.Contains(got, "LESS=FRX") || !slices.Contains(got, "LV=-c") {
		t.Errorf("LESS and LV not set: %q", got)
	}
	got = pagerEnv([]string{"LESS=-S", "LV="})
	if slices.Contains(got, "LESS=FRX") || slices.Contains(got, "LV=-c") {
		t.Errorf("the user's LESS or LV replaced: %q", got)
	}
}

// TestScreen follows what reaches a terminal: the progress line is erased
// before a line of output or a message, and once the pager runs, the
// progress line is dropped and messages go to the pager with the output.
func TestScreen(t *testing.T) {
	var out, errb bytes.Buffer
	sc := newScreen(&Streams{Out: &out, Err: &errb, OutTTY: true, ErrTTY: true}, "", false)
	e, o := sc.Err(), sc.Out()
	e.Write([]byte(eraseLine + "redline: classifying 1/9"))
	o.Write([]byte("line 1\n"))
	e.Write([]byte(eraseLine + "redline: classifying 2/9"))
	e.Write([]byte("redline: warning: something\n"))
	e.Write([]byte(eraseLine + "redline: classifying 3/9"))
	e.Write([]byte(eraseLine))
	o.Write([]byte("line 2\n")) // nothing to erase
	if want := eraseLine + "redline: classifying 1/9" + eraseLine +
		eraseLine + "redline: classifying 2/9" + eraseLine + "redline: warning: something\n" +
		eraseLine + "redline: classifying 3/9" + eraseLine; errb.String() != want {
		t.Errorf("stderr:\n%q\nwant\n%q", errb.String(), want)
	}
	if out.String() != "line 1\nline 2\n" {
		t.Errorf("stdout: %q", out.String())
	}

	// Output that is not the terminal: stderr's progress line is left
	// alone by output.
	out.Reset()
	errb.Reset()
	sc = newScreen(&Streams{Out: &out, Err: &errb, OutTTY: false, ErrTTY: true}, "", false)
	sc.Err().Write([]byte(eraseLine + "redline: walking"))
	sc.Out().Write([]byte("line\n"))
	if errb.String() != eraseLine+"redline: walking" {
		t.Errorf("stderr: %q", errb.String())
	}

	if _, err := exec.LookPath("sed"); err != nil {
		t.Skip("no sed to page with")
	}
	// The pager's stdout and stderr are copied by exec on goroutines of
	// their own: buffers that take writes from several.
	var pout, perr lockedBuffer
	sc = newScreen(&Streams{Out: &pout, Err: &perr, OutTTY: true, ErrTTY: true}, "sed -e 's/^/paged: /'", true)
	sc.Err().Write([]byte(eraseLine + "redline: classifying 1/9"))
	sc.Out().Write([]byte("line 1\n"))
	sc.Err().Write([]byte(eraseLine + "redline: classifying 2/9"))
	sc.Err().Write([]byte("redline: warning: something\n"))
	sc.Out().Write([]byte("line 2\n"))
	sc.close()
	if want := "paged: line 1\npaged: redline: warning: something\npaged: line 2\n"; pout.String() != want {
		t.Errorf("paged:\n%q\nwant\n%q", pout.String(), want)
	}
	// The progress line shown before the pager started is erased, and
	// none is shown after.
	if want := eraseLine + "redline: classifying 1/9" + eraseLine; perr.String() != want {
		t.Errorf("stderr around the pager: %q, want %q", perr.String(), want)
	}

	// stderr that is not the terminal keeps its messages. It is also the
	// pager's stderr, which exec copies on a goroutine of its own: the
	// buffer must take writes from both.
	pout, perr = lockedBuffer{}, lockedBuffer{}
	sc = newScreen(&Streams{Out: &pout, Err: &perr, OutTTY: true}, "sed -e 's/^/paged: /'", true)
	sc.Out().Write([]byte("line 1\n"))
	sc.Err().Write([]byte("redline: warning: something\n"))
	sc.close()
	if pout.String() != "paged: line 1\n" || perr.String() != "redline: warning: something\n" {
		t.Errorf("stderr redirected: stdout %q, stderr %q", pout.String(), perr.String())
	}
}

// runTerminal runs a command line in process as if stdout and stderr were
// a terminal: the pager's output lands in the buffer.
func runTerminal(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb lockedBuffer
	code := Run(context.Background(), args, &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, OutTTY: true, ErrTTY: true, NoColor: true})
	// The note on missing lexicons is left out: the suite runs on machines
	// without them.
	errText := strings.Join(withoutLexiconNote(strings.SplitAfter(errb.String(), "\n")), "")
	return result{out: out.String(), err: errText, code: code}
}

func TestLogPager(t *testing.T) {
	if _, err := exec.LookPath("sed"); err != nil {
		t.Skip("no sed to page with")
	}
	g := newGitRepo(t)
	for _, days := range []int{30, 60, 90} {
		g.write("content/dpia/_index.md", page("Risk", "Data is kept for "+strings.Repeat("many ", days/30)+"days."))
		g.commit("keep data longer")
	}
	base := []string{"--repo", g.dir, "--no-cache", "log"}
	lines := func(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

	t.Setenv("PAGER", "sed -e 's/^/pager: /'")
	t.Setenv("REDLINE_PAGER", "sed -e 's/^/paged: /'")
	r := runTerminal(t, base...)
	got := lines(r.out)
	if r.code != ExitOK || r.err != "" || len(got) != 4 {
		t.Fatalf("paged log: want the legend and three lines\n%s", r)
	}
	if got[0] != "paged: "+render.LogLegend {
		t.Errorf("first line %q, want the legend", got[0])
	}
	for _, l := range got[1:] {
		if !strings.HasPrefix(l, "paged: ") || !strings.Contains(l, "keep data longer") {
			t.Errorf("not through REDLINE_PAGER: %q", l)
		}
	}

	r = runTerminal(t, append(base, "--no-pager")...)
	if got := lines(r.out); r.code != ExitOK || len(got) != 4 || got[0] != render.LogLegend || strings.Contains(r.out, "paged") {
		t.Errorf("--no-pager: want the legend and three lines, unpaged\n%s", r)
	}

	for _, none := range []string{"", "cat"} {
		t.Setenv("REDLINE_PAGER", none)
		if r := runTerminal(t, base...); r.code != ExitOK || strings.Contains(r.out, "pager: ") || strings.Count(r.out, "\n") != 4 {
			t.Errorf("REDLINE_PAGER=%q: want no pager\n%s", none, r)
		}
	}

	// A pager that is not installed: said once, and the log is written
	// to the terminal.
	t.Setenv("REDLINE_PAGER", "no-such-pager-for-redline")
	r = runTerminal(t, base...)
	if r.code != ExitOK || strings.Count(r.out, "\n") != 4 || !strings.Contains(r.err, "cannot run the pager no-such-pager-for-redline") ||
		strings.Count(r.err, "hint:") != 1 {
		t.Errorf("a missing pager: want a warning and the log\n%s", r)
	}

	// A pager that quits early ends the log as quietly as head does.
	t.Setenv("REDLINE_PAGER", "head -n 2")
	r = runTerminal(t, base...)
	if got := lines(r.out); r.code != ExitOK || r.err != "" || len(got) != 2 || got[0] != render.LogLegend {
		t.Errorf("a pager that quits: want two lines, status 0 and nothing said\n%s", r)
	}

	// JSON on a terminal goes through the pager too, without a legend.
	t.Setenv("REDLINE_PAGER", "sed -e 's/^/paged: /'")
	r = runTerminal(t, append(base, "--format", "json")...)
	if r.code != ExitOK || !strings.HasPrefix(r.out, "paged: [\n") || strings.Contains(r.out, render.LogLegend) {
		t.Errorf("json on a terminal: want it paged, without the legend\n%s", r)
	}
}
