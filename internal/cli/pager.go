package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
)

// The pager a command's output goes through on a terminal, chosen as git
// chooses its own: REDLINE_PAGER, then PAGER, then less, which runs with
// LESS=FRX when LESS is not set (quit at once when the output fits on one
// screen, pass colour through, leave the screen as it is).
const defaultPager = "less"

// pagerCommand is the pager to run, read from the environment through
// lookup; "" means none (the variable is set but empty, or "cat").
// configured says whether the user chose it, rather than the default.
func pagerCommand(lookup func(string) (string, bool)) (cmd string, configured bool) {
	for _, name := range []string{"REDLINE_PAGER", "PAGER"} {
		if v, ok := lookup(name); ok {
			v = strings.TrimSpace(v)
			if v == "cat" {
				v = ""
			}
			return v, true
		}
	}
	return defaultPager, false
}

// pagerEnv is the environment the pager runs in: env with LESS=FRX and
// LV=-c where they are not set, as git gives its pager.
func pagerEnv(env []string) []string {
	has := func(name string) bool {
		for _, kv := range env {
			if strings.HasPrefix(kv, name+"=") {
				return true
			}
		}
		return false
	}
	out := append([]string(nil), env...)
	if !has("LESS") {
		out = append(out, "LESS=FRX")
	}
	if !has("LV") {
		out = append(out, "LV=-c")
	}
	return out
}

// pager is a running pager: what is written goes to its input.
type pager struct {
	cmd *exec.Cmd
	in  io.WriteCloser
}

// startPager runs command with the user's shell semantics (sh -c), its
// output on out and err. A command that is one word is looked up first,
// so that a pager that is not installed is said at once rather than by
// output that goes nowhere.
func startPager(command string, out, errw io.Writer) (*pager, error) {
	if !strings.ContainsAny(command, " \t\n|&;<>()$`\\\"'*?[#~=%") {
		if _, err := exec.LookPath(command); err != nil {
			return nil, err
		}
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(sh, "-c", command)
	cmd.Stdout, cmd.Stderr = out, errw
	cmd.Env = pagerEnv(os.Environ())
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &pager{cmd: cmd, in: in}, nil
}

// wait ends the pager's input and waits for the reader to quit. How the
// pager exits is its own affair, as it is for git.
func (p *pager) wait() {
	p.in.Close()
	p.cmd.Wait()
}

// brokenPipe says whether err is a write to a pipe whose reader has gone
// (head has read its lines, the pager was quit): the output is no longer
// wanted, which is no failure.
func brokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed)
}

// eraseLine clears the progress line the reporter shows on stderr.
const eraseLine = "\r\033[K"

// screen stands between a streaming command and its stdout and stderr.
// Its output starts the pager with the first line, when one is wanted, so
// that the progress line shows on the terminal until there is something to
// page; from then on, the progress line is dropped and, when stderr is a
// terminal, messages go to the pager, as git sends its stderr there. Without
// a pager, a progress line on the terminal is erased before a line of
// output or a message is written, and the reporter draws it again below.
type screen struct {
	mu       sync.Mutex
	out, err io.Writer
	shared   bool   // out and err are one terminal
	errTTY   bool   // err is a terminal: messages go to the pager
	pagerCmd string // "" for none
	chosen   bool   // the user chose the pager: say when it cannot run
	started  bool   // the pager was tried
	pager    *pager
	progress bool // a progress line is on err
}

// newScreen wraps s's streams; pagerCmd is the pager to start with the
// first output ("" for none).
func newScreen(s *Streams, pagerCmd string, configured bool) *screen {
	return &screen{out: s.Out, err: s.Err, shared: s.OutTTY && s.ErrTTY, errTTY: s.ErrTTY, pagerCmd: pagerCmd, chosen: configured}
}

// Out is where the command writes its output.
func (sc *screen) Out() io.Writer { return writerFunc(sc.writeOut) }

// Err is where the reporter writes; a write that starts with a carriage
// return is the progress line.
func (sc *screen) Err() io.Writer { return writerFunc(sc.writeErr) }

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func (sc *screen) writeOut(p []byte) (int, error) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if !sc.started {
		sc.started = true
		if sc.pagerCmd != "" {
			sc.clearProgress()
			pg, err := startPager(sc.pagerCmd, sc.out, sc.err)
			if err != nil && sc.chosen {
				fmt.Fprintf(sc.err, "redline: warning: cannot run the pager %s: %s\nhint: set REDLINE_PAGER or PAGER to a pager that is installed, or use --no-pager\n", oneLine(sc.pagerCmd), oneLine(err.Error()))
			}
			sc.pager = pg
		}
	}
	if sc.pager != nil {
		return sc.pager.in.Write(p)
	}
	if sc.shared {
		sc.clearProgress()
	}
	return sc.out.Write(p)
}

func (sc *screen) writeErr(p []byte) (int, error) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	progress := len(p) > 0 && p[0] == '\r'
	if sc.pager != nil && sc.errTTY {
		if !progress {
			// A pager that has quit takes no more: the message is lost
			// with the output it belonged to.
			sc.pager.in.Write(p)
		}
		return len(p), nil
	}
	if !progress {
		sc.clearProgress()
	}
	n, err := sc.err.Write(p)
	if progress {
		sc.progress = len(bytes.TrimPrefix(p, []byte(eraseLine))) > 0
	}
	return n, err
}

// clearProgress erases the progress line, if one is shown; sc.mu is held.
func (sc *screen) clearProgress() {
	if sc.progress {
		io.WriteString(sc.err, eraseLine)
		sc.progress = false
	}
}

// close waits for the pager, if one runs, after the output has ended.
func (sc *screen) close() {
	sc.mu.Lock()
	pg := sc.pager
	sc.mu.Unlock()
	if pg != nil {
		pg.wait()
	}
}

// paged runs fn with the command's output going through the pager when
// stdout is a terminal (and --no-pager is not given), and the progress
// line kept out of it. A reader that goes away (the pager quits, head has
// its lines) ends the run as git's ends, quietly: with SIGPIPE caught, a
// write to it fails with EPIPE, which paged returns for the caller to
// take as it will (see logEnd), instead of the process being killed
// before its caches are saved.
func (g *globalOptions) paged(fn func(g *globalOptions) error) error {
	sigpipe := make(chan os.Signal, 1)
	signal.Notify(sigpipe, syscall.SIGPIPE)
	defer signal.Stop(sigpipe)

	pagerCmd, configured := "", false
	if g.streams.OutTTY && !g.noPager {
		pagerCmd, configured = pagerCommand(os.LookupEnv)
	}
	sc := newScreen(g.streams, pagerCmd, configured)
	defer sc.close()
	streams := *g.streams
	streams.Out, streams.Err = sc.Out(), sc.Err()
	sg := *g
	sg.streams = &streams
	return fn(&sg)
}

// quiet is err, or nil when it only says that the reader went away.
func quiet(err error) error {
	if brokenPipe(err) {
		return nil
	}
	return err
}
