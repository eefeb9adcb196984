package cli

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/render"
	"github.com/digdir/redline/internal/serve"
)

// The argument parsing of each command, on its own: a command line is
// parsed with the command's flags as cobra parses it, then by the
// options' parse, and nothing runs.

// parseLine parses line (words split on spaces) with the flags register
// adds, then hands the positional arguments and the count before `--`
// to parse.
func parseLine(t *testing.T, register func(*cobra.Command), parse func(args []string, dash int) error, line string) error {
	t.Helper()
	cmd := &cobra.Command{Use: "t"}
	register(cmd)
	if err := cmd.ParseFlags(strings.Fields(line)); err != nil {
		t.Fatalf("%q: flags: %v", line, err)
	}
	return parse(cmd.Flags().Args(), cmd.ArgsLenAtDash())
}

// noDash adapts a parse that takes no count of arguments before `--`.
func noDash(parse func([]string) error) func([]string, int) error {
	return func(args []string, _ int) error { return parse(args) }
}

// checkErr checks that err is nil when want is "", and otherwise an
// error containing want that Run maps to ExitUsage.
func checkErr(t *testing.T, line string, err error, want string) bool {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Errorf("%q: %v", line, err)
			return false
		}
		return true
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%q: error %v, want one saying %q", line, err, want)
		return false
	}
	var ex *exitError
	if errors.As(err, &ex) && ex.code != ExitUsage {
		t.Errorf("%q: exit code %d, want %d", line, ex.code, ExitUsage)
	}
	return false
}

func TestDiffArgs(t *testing.T) {
	for _, tt := range []struct {
		line  string
		want  diffOptions
		error string
	}{
		{line: "old.md new.md", want: diffOptions{args: []string{"old.md", "new.md"}, mode: diffFiles}},
		{line: "OLD.MARKDOWN HEAD", want: diffOptions{args: []string{"OLD.MARKDOWN", "HEAD"}, mode: diffFiles}},
		{line: "HEAD~3 HEAD", want: diffOptions{args: []string{"HEAD~3", "HEAD"}, mode: diffRevisions}},
		{line: "2.0 2.5 -- content/dpia", want: diffOptions{args: []string{"2.0", "2.5"}, paths: []string{"content/dpia"}, mode: diffRevisions}},
		// Paths after -- make two names revisions, even Markdown-like ones.
		{line: "a.md b.md -- content", want: diffOptions{args: []string{"a.md", "b.md"}, paths: []string{"content"}, mode: diffRevisions}},
		{line: "HEAD", want: diffOptions{args: []string{"HEAD"}, mode: diffWorkTree}},
		{line: "HEAD -- content/a.md content/b.md", want: diffOptions{args: []string{"HEAD"}, paths: []string{"content/a.md", "content/b.md"}, mode: diffWorkTree}},
		{line: "--format json --exit-code --substantive-only --page-url https://example.org/p/ old.md new.md",
			want: diffOptions{outputOptions: outputOptions{format: "json", exitCode: true, substantiveOnly: true}, pageURL: "https://example.org/p/", args: []string{"old.md", "new.md"}, mode: diffFiles}},
		{line: "-f markdown HEAD", want: diffOptions{outputOptions: outputOptions{format: "markdown"}, args: []string{"HEAD"}, mode: diffWorkTree}},
		{line: "-f markdown --max-comment-chars 5000 HEAD", want: diffOptions{outputOptions: outputOptions{format: "markdown", maxComment: 5000}, args: []string{"HEAD"}, mode: diffWorkTree}},
		{line: "--max-comment-chars 10 HEAD", error: "--max-comment-chars 10 is too small"},
		{line: "", error: "diff takes one or two arguments, got 0"},
		{line: "a b c", error: "diff takes one or two arguments, got 3"},
		{line: "-- content", error: "diff takes one or two arguments, got 0"},
		// The format is checked before the count.
		{line: "--format yaml", error: `unknown format "yaml"`},
	} {
		o := &diffOptions{}
		err := parseLine(t, o.register, o.parse, tt.line)
		if !checkErr(t, tt.line, err, tt.error) {
			continue
		}
		want := tt.want
		if want.format == "" {
			want.format = "text"
		}
		if want.maxComment == 0 {
			want.maxComment = render.DefaultCommentChars
		}
		if !reflect.DeepEqual(*o, want) {
			t.Errorf("%q: %+v, want %+v", tt.line, *o, want)
		}
	}
}

func TestShowArgs(t *testing.T) {
	for _, tt := range []struct {
		line   string
		rev    string
		paths  []string
		format string
		error  string
	}{
		{line: "HEAD", rev: "HEAD", format: "text"},
		{line: "2.5 -- content/dpia", rev: "2.5", paths: []string{"content/dpia"}, format: "text"},
		{line: "--format markdown HEAD~1", rev: "HEAD~1", format: "markdown"},
		{line: "", error: "show takes one revision, got 0"},
		{line: "HEAD~1 HEAD", error: "show takes one revision, got 2"},
		{line: "-- HEAD", error: "show takes one revision, got 0"},
		{line: "-f xml HEAD", error: `unknown format "xml"`},
	} {
		o := &showOptions{}
		err := parseLine(t, o.register, o.parse, tt.line)
		if !checkErr(t, tt.line, err, tt.error) {
			continue
		}
		if o.rev != tt.rev || !reflect.DeepEqual(o.paths, tt.paths) || o.format != tt.format {
			t.Errorf("%q: rev %q, paths %q, format %q", tt.line, o.rev, o.paths, o.format)
		}
	}
}

func TestLogArgs(t *testing.T) {
	for _, tt := range []struct {
		line  string
		want  logOptions
		error string
	}{
		{line: "", want: logOptions{format: "text"}},
		{line: "HEAD~10..HEAD", want: logOptions{format: "text", rangeSpec: "HEAD~10..HEAD"}},
		{line: "2.0..2.6 -- content/dpia", want: logOptions{format: "text", rangeSpec: "2.0..2.6", paths: []string{"content/dpia"}}},
		{line: "-- content", want: logOptions{format: "text", paths: []string{"content"}}},
		{line: "--format json --full-history main", want: logOptions{format: "json", fullHistory: true, rangeSpec: "main"}},
		{line: "HEAD~2 HEAD", error: "log takes at most one revision range, got 2"},
		{line: "--format yaml", error: `unknown format "yaml"`},
		{line: "-n 3", want: logOptions{format: "text", maxCount: 3}},
		{line: "--max-count 2 --class editorial --author ola", want: logOptions{format: "text", maxCount: 2, class: "editorial", author: "ola"}},
		{line: "--since 2024-01-01 --until 2.6", want: logOptions{format: "text", since: "2024-01-01", until: "2.6"}},
		{line: "-n -1", error: "--max-count -1: a count cannot be negative"},
		{line: "--class cosmetic", error: `unknown class "cosmetic"`},
	} {
		o := &logOptions{}
		err := parseLine(t, o.register, o.parse, tt.line)
		if !checkErr(t, tt.line, err, tt.error) {
			continue
		}
		if !reflect.DeepEqual(*o, tt.want) {
			t.Errorf("%q: %+v, want %+v", tt.line, *o, tt.want)
		}
	}
}

func TestBlameArgs(t *testing.T) {
	for _, tt := range []struct {
		line  string
		want  blameOptions
		error string
	}{
		{line: "content/a.md", want: blameOptions{file: "content/a.md", rev: "HEAD", format: "text"}},
		{line: "content/a.md --rev HEAD~2 -f json", want: blameOptions{file: "content/a.md", rev: "HEAD~2", format: "json"}},
		{line: "", error: "accepts 1 arg(s), received 0"},
		{line: "a.md b.md", error: "accepts 1 arg(s), received 2"},
		{line: "--format markdown a.md", error: `unknown format "markdown"`},
	} {
		o := &blameOptions{}
		err := parseLine(t, o.register, noDash(o.parse), tt.line)
		if !checkErr(t, tt.line, err, tt.error) {
			continue
		}
		if *o != tt.want {
			t.Errorf("%q: %+v, want %+v", tt.line, *o, tt.want)
		}
	}
}

func TestNotesArgs(t *testing.T) {
	for _, tt := range []struct {
		line  string
		want  notesOptions
		error string
	}{
		{line: "2.5", want: notesOptions{version: "2.5"}},
		{line: "unreleased --lang en", want: notesOptions{version: "unreleased", lang: "en"}},
		{line: "", error: "accepts 1 arg(s), received 0"},
		{line: "2.5 2.6", error: "accepts 1 arg(s), received 2"},
	} {
		o := &notesOptions{}
		err := parseLine(t, o.register, noDash(o.parse), tt.line)
		if !checkErr(t, tt.line, err, tt.error) {
			continue
		}
		if *o != tt.want {
			t.Errorf("%q: %+v, want %+v", tt.line, *o, tt.want)
		}
	}
}

func TestChangelogArgs(t *testing.T) {
	for _, tt := range []struct {
		line  string
		want  changelogOptions
		error string
	}{
		{line: "", want: changelogOptions{}},
		{line: "--check", want: changelogOptions{check: true}},
		{line: "--out /tmp/changelog --check", want: changelogOptions{out: "/tmp/changelog", check: true}},
		{line: "-o site/changelog", want: changelogOptions{out: "site/changelog"}},
		{line: "extra", error: `changelog takes no arguments, got "extra"`},
	} {
		o := &changelogOptions{}
		err := parseLine(t, o.register, noDash(o.parse), tt.line)
		if !checkErr(t, tt.line, err, tt.error) {
			continue
		}
		if *o != tt.want {
			t.Errorf("%q: %+v, want %+v", tt.line, *o, tt.want)
		}
	}
}

func TestCheckArgs(t *testing.T) {
	for _, tt := range []struct {
		line  string
		want  checkOptions
		error string
	}{
		{line: "", want: checkOptions{}},
		{line: "--strict", want: checkOptions{strict: true}},
		{line: "content", error: `check takes no arguments, got "content"`},
	} {
		o := &checkOptions{}
		err := parseLine(t, o.register, noDash(o.parse), tt.line)
		if !checkErr(t, tt.line, err, tt.error) {
			continue
		}
		if *o != tt.want {
			t.Errorf("%q: %+v, want %+v", tt.line, *o, tt.want)
		}
	}
}

func TestEvalArgs(t *testing.T) {
	for _, tt := range []struct {
		line  string
		want  evalOptions
		error string
	}{
		{line: "--cases testdata/eval", want: evalOptions{cases: "testdata/eval"}},
		{line: "iterater.jsonl", want: evalOptions{iterater: "iterater.jsonl"}},
		{line: "--cases c iterater.jsonl", want: evalOptions{cases: "c", iterater: "iterater.jsonl"}},
		{line: "", error: "nothing to measure"},
		{line: "a.jsonl b.jsonl", error: "accepts at most 1 arg(s), received 2"},
	} {
		o := &evalOptions{}
		err := parseLine(t, o.register, noDash(o.parse), tt.line)
		if !checkErr(t, tt.line, err, tt.error) {
			continue
		}
		if *o != tt.want {
			t.Errorf("%q: %+v, want %+v", tt.line, *o, tt.want)
		}
	}
}

func TestServeArgs(t *testing.T) {
	defaults := serveOptions{
		addr:          "127.0.0.1:8080",
		maxConcurrent: serve.DefaultMaxConcurrent,
		maxDocuments:  serve.DefaultMaxDocuments,
		maxRenders:    serve.DefaultMaxRenders,
		pageChanges:   serve.DefaultPageChanges,
		pageEntries:   serve.DefaultPageEntries,
		cacheEntries:  serve.DefaultCacheEntries,
		cacheBytes:    serve.DefaultCacheBytes,
		timeout:       serve.DefaultTimeout,
		writeTimeout:  serve.DefaultWriteTimeout,
	}
	custom := defaults
	custom.addr = "0.0.0.0:9000"
	custom.allowedHosts = []string{"review.example.org", "192.0.2.1"}
	custom.timeout = 5 * time.Second
	custom.pageChanges = 0 // 0 takes the default
	for _, tt := range []struct {
		line  string
		want  serveOptions
		error string
	}{
		{line: "", want: defaults},
		{line: "--addr 0.0.0.0:9000 --allowed-host review.example.org --allowed-host 192.0.2.1 --timeout 5s --page-changes 0", want: custom},
		{line: "--max-renders -1", error: "--max-renders is negative"},
		{line: "--cache-bytes -1", error: "--cache-bytes is negative"},
		{line: "--write-timeout -1s", error: "--write-timeout is negative"},
		{line: "--allowed-host http://review.example.org/", error: "is not a host name"},
		{line: "--allowed-host user@host", error: "is not a host name"},
		{line: "8080", error: `serve takes no arguments, got "8080"`},
		{line: "8080 -- docs", error: `serve takes no arguments, got "8080"`},
		{line: "-- docs guides/a.md", want: withPaths(defaults, "docs", "guides/a.md")},
	} {
		o := &serveOptions{}
		err := parseLine(t, o.register, o.parse, tt.line)
		if !checkErr(t, tt.line, err, tt.error) {
			continue
		}
		if !reflect.DeepEqual(*o, tt.want) {
			t.Errorf("%q: %+v, want %+v", tt.line, *o, tt.want)
		}
	}
}

func withPaths(o serveOptions, paths ...string) serveOptions {
	o.paths = paths
	return o
}

// TestArgsInCobraWords checks that the arity errors parse gives are
// those cobra gives for the same command line, which checks it first.
func TestArgsInCobraWords(t *testing.T) {
	for _, line := range []string{"blame", "blame a b", "notes", "eval a b", "changelog x", "check x", "serve x"} {
		var stderr strings.Builder
		code := Run(t.Context(), strings.Fields(line), &Streams{In: strings.NewReader(""), Out: &strings.Builder{}, Err: &stderr})
		words := strings.Fields(line)
		var err error
		switch words[0] {
		case "blame":
			err = (&blameOptions{format: "text"}).parse(words[1:])
		case "notes":
			err = (&notesOptions{}).parse(words[1:])
		case "eval":
			err = (&evalOptions{}).parse(words[1:])
		case "changelog":
			err = (&changelogOptions{}).parse(words[1:])
		case "check":
			err = (&checkOptions{}).parse(words[1:])
		case "serve":
			err = (&serveOptions{}).parse(words[1:], -1)
		}
		if code != ExitUsage || err == nil || !strings.Contains(stderr.String(), argMessage(words[0], err.Error())) {
			t.Errorf("%q: exit %d, %q; parse says %v", line, code, stderr.String(), err)
		}
	}
}
