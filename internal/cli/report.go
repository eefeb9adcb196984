package cli

import (
	"fmt"
	"time"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/present"
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
// once it has taken a second (s.progressAfter, in tests): "walking 1,234
// commits…", "classifying 345/4,857 (120/s) abc1234". The returned func
// stops and clears it. Nothing is shown when stderr is not a terminal.
func (r *reporter) Progress(p app.Progress) (stop func()) {
	if !r.s.ErrTTY || p.Done == nil {
		return func() {}
	}
	after, tick := time.Second, 200*time.Millisecond
	if r.s.progressAfter > 0 {
		after, tick = r.s.progressAfter, r.s.progressAfter
	}
	start := time.Now()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(tick)
		defer t.Stop()
		shown := false
		if r.s.progressAfter > 0 {
			// Tests: the line shows at once, however short the work.
			shown = true
			fmt.Fprintf(r.s.Err, "\r\033[Kredline: %s", progressLine(p, time.Since(start)))
		}
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(r.s.Err, "\r\033[K")
				}
				return
			case <-t.C:
				if time.Since(start) < after {
					continue
				}
				shown = true
				fmt.Fprintf(r.s.Err, "\r\033[Kredline: %s", progressLine(p, time.Since(start)))
			}
		}
	}()
	return func() { close(done); <-finished }
}

// progressLine is what a progress line says after elapsed.
func progressLine(p app.Progress, elapsed time.Duration) string {
	n := p.Done()
	if p.Listed != nil {
		listed, over := p.Listed()
		if !over {
			return fmt.Sprintf("%s %s/%s %s listed so far…", p.What, present.Grouped(n), present.Grouped(listed), pluralWord(int(listed), p.Unit))
		}
		p.Total = listed
	}
	if p.Total <= 0 {
		return fmt.Sprintf("%s %s %s…", p.What, present.Grouped(n), pluralWord(int(n), p.Unit))
	}
	line := fmt.Sprintf("%s %s/%s", p.What, present.Grouped(n), present.Grouped(p.Total))
	if s := elapsed.Seconds(); s > 0 && n > 0 {
		line += fmt.Sprintf(" (%s/s)", present.Grouped(int64(float64(n)/s)))
	}
	if p.At != nil {
		if at := p.At(); at != "" {
			line += " " + oneLine(at)
		}
	}
	return line
}
