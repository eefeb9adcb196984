package cli

import (
	"fmt"
	"time"

	"github.com/digdir/redline/internal/app"
)

// reporter shows on stderr what the application layer has to say while it
// runs. Every message is put on one line with control characters escaped
// (oneLine): it repeats paths and texts from a repository nobody has
// vetted.
type reporter struct{ s *Streams }

// Report prints one message, and its hint on a line of its own; an aside
// only to a terminal.
func (r *reporter) Report(m app.Message) {
	if m.Aside && !r.s.ErrTTY {
		return
	}
	fmt.Fprintf(r.s.Err, "redline: %s: %s\n", m.Kind, oneLine(m.Text))
	if m.Hint != "" {
		fmt.Fprintf(r.s.Err, "hint: %s\n", oneLine(m.Hint))
	}
}

// Progress shows a line on stderr while long work runs on a terminal,
// once it has taken a second. The returned func stops and clears it.
func (r *reporter) Progress(what string, count func() int64) (stop func()) {
	if !r.s.ErrTTY {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.Now()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(r.s.Err, "\r\033[K")
				}
				return
			case <-t.C:
				if time.Since(start) < time.Second {
					continue
				}
				shown = true
				fmt.Fprintf(r.s.Err, "\r\033[Kredline: %s: %s", what, plural(int(count()), "commit"))
			}
		}
	}()
	return func() { close(done); <-finished }
}
