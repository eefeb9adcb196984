// Package cli turns command lines into runs of the redline pipeline: one
// file per command, each a newXCmd + xOptions + runX.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Streams are the command's standard streams and what we know of the
// terminal behind them. Tests inject their own.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
	OutTTY   bool // stdout is a terminal: colour may be used
	ErrTTY   bool // stderr is a terminal: progress may be shown
	NoColor  bool // NO_COLOR is set

	// progressAfter, when set, is how long work runs before its progress
	// line shows, and how often the line is updated (tests: 1s and 200ms
	// otherwise).
	progressAfter time.Duration
}

func systemStreams() *Streams {
	_, noColor := os.LookupEnv("NO_COLOR")
	return &Streams{
		In:      os.Stdin,
		Out:     os.Stdout,
		Err:     os.Stderr,
		OutTTY:  term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY:  term.IsTerminal(int(os.Stderr.Fd())),
		NoColor: noColor,
	}
}

// Main runs redline with the process's arguments and streams and returns
// the exit code.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return Run(ctx, os.Args[1:], systemStreams())
}

// Run runs one command line and returns its exit code.
func Run(ctx context.Context, args []string, s *Streams) int {
	root := newRootCmd(s)
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ex *exitError
	if errors.As(err, &ex) && ex.err == nil {
		return ex.code // a quiet status, such as differences found
	}
	printError(s.Err, err)
	if errors.As(err, &ex) {
		return ex.code
	}
	return ExitUsage
}

// exitError carries an exit code; with a nil err it is a status, not a failure.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usage marks an error as a usage or input error (ExitUsage): what the
// application layer returns, which knows no exit codes. An error that
// already carries a code keeps it.
func usage(err error) error {
	var ex *exitError
	if err == nil || errors.As(err, &ex) {
		return err
	}
	return &exitError{code: ExitUsage, err: err}
}

// plural counts n of a word whose plural takes an s: "1 warning", "2 warnings".
func plural(n int, word string) string {
	return fmt.Sprintf("%d %s", n, pluralWord(n, word))
}

// pluralWord is word, with an s unless n is 1.
func pluralWord(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// status returns a quiet exit code.
func status(code int) error { return &exitError{code: code} }

// hinted is an error with a line that says how to fix it.
type hinted struct {
	msg, hint string
	err       error
}

func (h *hinted) Error() string { return h.msg }
func (h *hinted) Hint() string  { return h.hint }
func (h *hinted) Unwrap() error { return h.err }

// errorf builds an error with a hint.
func errorf(hint, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &hinted{msg: err.Error(), hint: hint, err: errors.Unwrap(err)}
}

// printError prints an error in the form `redline: error: ...` followed by
// a `hint:` line when the error (or one it wraps) carries one.
func printError(w io.Writer, err error) {
	msg := err.Error()
	fmt.Fprintf(w, "redline: error: %s\n", oneLine(msg))
	if h := hintOf(err); h != "" {
		fmt.Fprintf(w, "hint: %s\n", oneLine(h))
	}
}

func hintOf(err error) string {
	var h interface{ Hint() string }
	if errors.As(err, &h) && h.Hint() != "" {
		return h.Hint()
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if h := fieldHint(e); h != "" {
			return h
		}
	}
	return ""
}

// oneLine puts s on one line, with every control, format (bidirectional)
// or invalid character escaped: errors repeat paths and values from a
// repository nobody has vetted, which must not drive the terminal.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, r := range s {
		if r == utf8.RuneError || r != ' ' && !strconv.IsPrint(r) {
			return escapeControls(s)
		}
	}
	return s
}

func escapeControls(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case r == ' ' || r != utf8.RuneError && strconv.IsPrint(r):
			b.WriteString(s[:n])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		s = s[n:]
	}
	return b.String()
}

func newRootCmd(s *Streams) *cobra.Command {
	g := &globalOptions{streams: s}
	root := &cobra.Command{
		Use:   "redline",
		Short: "Turn the git history of Markdown documents into a reviewed changelog",
		Long: `redline walks the git history of versioned Markdown documents, diffs each
version paragraph by paragraph (word by word inside changed paragraphs,
moves detected, reflow ignored), classifies every change as substantive or
editorial with reasons, and publishes the result as Hugo pages, JSON, Atom,
an HTML redline and a terminal view.` + exitStatus,
		Example: `  redline diff old.md new.md            compare two files
  redline log                            classified history of content/
  redline show HEAD --format markdown    one revision, for a pull request
  redline changelog                      write changelog/ from history
  redline changelog --check              exit 1 when changelog/ is stale`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.SetVersionTemplate("redline {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: ExitUsage, err: &hinted{msg: err.Error(), hint: "see '" + c.CommandPath() + " --help'"}}
	})
	g.register(root)
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return g.validate() }
	root.AddCommand(
		newDiffCmd(g),
		newLogCmd(g),
		newShowCmd(g),
		newBlameCmd(g),
		newChangelogCmd(g),
		newNotesCmd(g),
		newCheckCmd(g),
		newEvalCmd(g),
		newServeCmd(g),
		newVersionCmd(g),
	)
	root.InitDefaultCompletionCmd()
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { writeHelp(c.OutOrStdout(), c) })
	checkedArgs(root)
	addCompletion(root, g)
	return root
}
