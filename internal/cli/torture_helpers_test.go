package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"
)

// result is what one in-process run of the CLI left behind.
type result struct {
	out, err string
	code     int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout (%d bytes)\n%s\n--- stderr\n%s", r.code, len(r.out), clip(r.out, 2000), clip(r.err, 4000))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("... (%d bytes more)", len(s)-n)
}

// run runs one redline command line in process. A panic anywhere in the
// pipeline is turned into a test failure with its stack, so one bad case
// does not take the whole torture suite down with it. Every run gets its
// own cache directory unless the arguments name one: the user's cache
// must not leak state between cases.
func run(t *testing.T, args ...string) (r result) {
	t.Helper()
	if !hasFlag(args, "--cache-dir") && !hasFlag(args, "--no-cache") {
		args = append([]string{"--cache-dir", filepath.Join(t.TempDir(), "cache")}, args...)
	}
	var out, errb bytes.Buffer
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("redline %s panicked: %v\n%s", strings.Join(args, " "), p, debug.Stack())
		}
	}()
	code := Run(context.Background(), args, &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, NoColor: true})
	return result{out: out.String(), err: errb.String(), code: code}
}

func hasFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == flag || strings.HasPrefix(a, flag+"=") {
			return true
		}
	}
	return false
}

var (
	errorLine = regexp.MustCompile(`(?m)^redline: error: \S.*$`)
	hintLine  = regexp.MustCompile(`(?m)^hint: \S.*$`)
)

// wantError checks that a run failed the way redline promises: exit 2, a
// `redline: error:` line naming every one of the given fragments, a
// `hint:` line, nothing on stdout and no Go runtime noise.
func wantError(t *testing.T, r result, fragments ...string) {
	t.Helper()
	if r.code != ExitUsage {
		t.Errorf("exit code %d, want %d\n%s", r.code, ExitUsage, r)
		return
	}
	msg := errorLine.FindString(r.err)
	if msg == "" {
		t.Errorf("no `redline: error:` line\n%s", r)
		return
	}
	for _, f := range fragments {
		if !strings.Contains(msg, f) {
			t.Errorf("error line %q does not name %q", msg, f)
		}
	}
	if !hintLine.MatchString(r.err) {
		t.Errorf("no `hint:` line\n%s", r)
	}
	if r.out != "" {
		t.Errorf("a failed run printed %d bytes on stdout:\n%s", len(r.out), clip(r.out, 500))
	}
	noRuntimeNoise(t, r)
}

// wantOK checks that a run succeeded (exit 0, or 1 where the command
// reports differences) without an error line.
func wantOK(t *testing.T, r result) {
	t.Helper()
	if r.code != ExitOK && r.code != ExitChanges {
		t.Fatalf("run failed\n%s", r)
	}
	if errorLine.MatchString(r.err) {
		t.Errorf("a successful run printed an error line\n%s", r)
	}
	noRuntimeNoise(t, r)
}

func noRuntimeNoise(t *testing.T, r result) {
	t.Helper()
	for _, s := range []string{"panic:", "goroutine ", "runtime error", "%!"} {
		if strings.Contains(r.err, s) || strings.Contains(r.out, s) {
			t.Errorf("output carries %q\n%s", s, r)
		}
	}
}

// gitRepo is a real repository built with the git CLI, with fixed
// identities and dates so that hashes are the same on every run.
type gitRepo struct {
	t    *testing.T
	dir  string
	home string
	n    int // commits made, for the dates
}

// haveGit skips the test when git is not installed.
func haveGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found on PATH: these cases build real repositories")
	}
}

func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	haveGit(t)
	g := &gitRepo{t: t, dir: filepath.Join(t.TempDir(), "repo"), home: t.TempDir()}
	if err := os.MkdirAll(g.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	g.git("init", "-q", "-b", "main")
	return g
}

// env is the environment of every git command: no system or user
// configuration, fixed names, and a date that moves a minute per commit.
func (g *gitRepo) env() []string {
	date := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(g.n) * time.Minute).Format(time.RFC3339)
	return append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "HOME="+g.home,
		"GIT_AUTHOR_NAME=Ada Reviewer", "GIT_AUTHOR_EMAIL=ada@example.org",
		"GIT_COMMITTER_NAME=Ada Reviewer", "GIT_COMMITTER_EMAIL=ada@example.org",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
		"GIT_TERMINAL_PROMPT=0",
	)
}

// git runs git in the repository and returns its standard output.
func (g *gitRepo) git(args ...string) string {
	g.t.Helper()
	return g.gitIn(g.dir, nil, args...)
}

func (g *gitRepo) gitIn(dir string, stdin []byte, args ...string) string {
	g.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = g.env()
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		g.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return strings.TrimSpace(out.String())
}

// write writes a file in the work tree, making its folders.
func (g *gitRepo) write(rel string, data string) {
	g.t.Helper()
	p := filepath.Join(g.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		g.t.Fatal(err)
	}
}

// commit stages everything and commits it; it returns the full hash.
func (g *gitRepo) commit(msg ...string) string {
	g.t.Helper()
	g.git("add", "-A")
	args := []string{"commit", "-q", "--allow-empty"}
	for _, m := range msg {
		args = append(args, "-m", m)
	}
	g.git(args...)
	g.n++
	return g.git("rev-parse", "HEAD")
}

// blobPath returns the loose object file of the blob at rev:path.
func (g *gitRepo) objectFile(hash string) string {
	return filepath.Join(g.dir, ".git", "objects", hash[:2], hash[2:])
}

// page returns a small Hugo page with the title and paragraphs given.
func page(title string, paras ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\n---\n\n## %s\n", title, title)
	for _, p := range paras {
		b.WriteString("\n" + p + "\n")
	}
	return b.String()
}

// snapshot hashes every file, directory and link under dir (modes and
// link targets included), leaving out the subtrees named in skip.
func snapshot(t *testing.T, dir string, skip ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, s := range skip {
			if p == s {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		sum := fmt.Sprintf("%v", info.Mode())
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			sum += " -> " + target
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h := sha256.Sum256(data)
			sum += " " + hex.EncodeToString(h[:])
		}
		out[rel] = sum
		return nil
	})
	if err != nil {
		t.Fatalf("snapshot %s: %v", dir, err)
	}
	return out
}

// diffSnapshots lists what changed between two snapshots, sorted.
func diffSnapshots(before, after map[string]string) []string {
	var out []string
	for k, v := range before {
		if w, ok := after[k]; !ok {
			out = append(out, "removed "+k)
		} else if w != v {
			out = append(out, "changed "+k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			out = append(out, "added "+k)
		}
	}
	sort.Strings(out)
	return out
}

// assertRepoUnchanged runs fn and fails when any file under dir — the
// .git folder and the work tree alike, except the subtrees in skip — was
// added, removed or changed.
func assertRepoUnchanged(t *testing.T, dir string, fn func(), skip ...string) {
	t.Helper()
	before := snapshot(t, dir, skip...)
	fn()
	if d := diffSnapshots(before, snapshot(t, dir, skip...)); len(d) > 0 {
		t.Errorf("the repository at %s was modified:\n  %s", dir, strings.Join(d, "\n  "))
	}
}

// readAll reads every regular file under dir into a map by relative path.
func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatalf("read %s: %v", dir, err)
	}
	return out
}

// sameFiles fails when two folder contents differ.
func sameFiles(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	var diffs []string
	for k, v := range want {
		if g, ok := got[k]; !ok {
			diffs = append(diffs, "missing "+k)
		} else if !bytes.Equal(g, v) {
			diffs = append(diffs, "differs "+k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, "extra "+k)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("%s:\n  %s", what, strings.Join(diffs, "\n  "))
	}
}
