package cli

// Torture cases that found bugs in the CLI, history and release, kept as
// regression tests: damaged repositories get a hint, a page over a limit
// is named once with the flag that raises it, blame cannot be used to
// inject terminal escapes, and negative limits are usage errors.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A broken object store is reported with a `hint:` line, like every
// other input error (it once had the error line only).
func TestRegressDamagedRepoHint(t *testing.T) {
	for _, b := range damagedRepos() {
		t.Run(b.name, func(t *testing.T) {
			dir, names := b.build(t)
			wantDamageNamed(t, run(t, "--repo", dir, "log"), true, names...)
		})
	}
}

// A page over a limit in history is skipped with a warning that names
// the flag that raises the limit, and names the path once (it once named
// the path three times and no flag).
func TestRegressHistoryLimitWarningNamesFlag(t *testing.T) {
	g := newGitRepo(t)
	g.write("content/big/_index.nb.md", page("Stor", "Liten først."))
	g.commit("Small")
	g.write("content/big/_index.nb.md", strings.Repeat("Et avsnitt med tekst.\n\n", 100_000))
	g.commit("Big")
	for _, c := range []struct{ flag, value string }{{"--max-document-bytes", "1000000"}, {"--max-blocks", "1000"}} {
		r := run(t, c.flag, c.value, "--repo", g.dir, "log")
		wantOK(t, r)
		warn := regexp.MustCompile(`(?m)^redline: warning: .*big/_index.nb.md.*$`).FindString(r.err)
		if !strings.Contains(r.err, c.flag) {
			t.Errorf("%s: no message names the flag\n%s", c.flag, r)
		}
		if n := strings.Count(warn, "content/big/_index.nb.md"); n != 1 {
			t.Errorf("%s: the warning names the path %d times: %q", c.flag, n, warn)
		}
	}
}

// blame's terminal view must not print page text with its control
// characters (it once did), or a page could retitle or clear the reader's
// terminal.
func TestRegressBlameTerminalEscapes(t *testing.T) {
	g := payloadRepo(t)
	for _, args := range [][]string{
		{"--repo", g.dir, "blame", "content/dpia/_index.nb.md"},
		{"--repo", g.dir, "--color", "always", "blame", "content/dpia/_index.nb.md"},
	} {
		r := run(t, args...)
		wantOK(t, r)
		terminalSafe(t, "blame stdout", r.out)
	}
}

// A negative limit is a usage error naming the flag (it once silently
// meant "no limit").
func TestRegressNegativeLimit(t *testing.T) {
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.md"), filepath.Join(dir, "big.md")
	os.WriteFile(small, []byte(basePage), 0o644)
	os.WriteFile(big, []byte(paragraphs(3000, false)), 0o644)
	for _, flag := range []string{"--max-blocks", "--max-document-bytes"} {
		r := run(t, flag, "-1", "diff", small, big)
		if r.code != ExitUsage || !strings.Contains(r.err, flag) {
			t.Errorf("%s -1: exit %d, want %d naming the flag\n%s", flag, r.code, ExitUsage, r)
		}
	}
}

// Warnings and notes repeat paths from the repository; a path with
// control characters in it is printed escaped, on one line (a note once
// printed the path's bytes as they were).
func TestRegressWarningPathEscaped(t *testing.T) {
	g := newGitRepo(t)
	path := "content/\x1b]0;owned\x07\x1b[2J/_index.nb.md"
	g.write(path, page("Stor", "Liten først."))
	g.commit("Small")
	g.write(path, strings.Repeat("Et avsnitt med tekst.\n\n", 100_000))
	g.commit("Big")
	r := run(t, "--max-blocks", "1000", "--repo", g.dir, "log")
	wantOK(t, r)
	if !strings.Contains(r.err, `\x1b]0;owned\a\x1b[2J/_index.nb.md`) {
		t.Errorf("the warning does not name the path escaped\n%s", r)
	}
	terminalSafe(t, "log stderr", r.err)
}
