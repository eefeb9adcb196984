//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package cli

// The file system of a repository nobody has vetted (issue #14): redline
// runs in CI on pull requests from forks, so a committed symbolic link,
// a named pipe or an oversized file must not make it write outside the
// repository, read a file outside it, echo such a file, hang or take
// every byte of memory. Each case builds its repository with git, asserts
// a clear error (naming the path, with a hint) or a complete result, and
// that the repository is byte-identical afterwards.

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/digdir/redline/internal/app"
)

// secret is what a credentials file outside the repository holds; no
// output of redline may carry any of it.
const secret = "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

// runWithin runs a command line like run, failing the test when it has
// not finished in 30 s (a read waiting on a named pipe).
func runWithin(t *testing.T, args ...string) result {
	t.Helper()
	done := make(chan result, 1)
	go func() { done <- run(t, args...) }()
	select {
	case r := <-done:
		return r
	case <-time.After(30 * time.Second):
		t.Fatalf("redline %s has not finished in 30 s", strings.Join(args, " "))
	}
	return result{}
}

// noSecret fails when a run's output repeats the secret file.
func noSecret(t *testing.T, r result) {
	t.Helper()
	for _, part := range []string{"wJalr", "aws_secret"} {
		if strings.Contains(r.out, part) || strings.Contains(r.err, part) {
			t.Errorf("the output repeats a file outside the repository\n%s", r)
		}
	}
}

// outside makes a folder beside the repository with the secret in it.
func outside(t *testing.T, g *gitRepo) (dir, secretFile string) {
	t.Helper()
	dir = filepath.Join(filepath.Dir(g.dir), "somewhere")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	secretFile = filepath.Join(dir, "credentials")
	if err := os.WriteFile(secretFile, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, secretFile
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// A committed "changelog -> ../somewhere" once sent report.html and every
// other output there. No directory on the way to the output, inside the
// repository, may be a link: the run is refused, naming the link, and
// nothing is written anywhere. A directory outside the repository given
// with --out is the user's choice, links and all.
func TestGuardOutputLinkOut(t *testing.T) {
	g := newGitRepo(t)
	threeCommits(g)
	elsewhere, _ := outside(t, g)
	symlink(t, "../somewhere", filepath.Join(g.dir, "changelog"))
	symlink(t, "../somewhere", filepath.Join(g.dir, "site", "out"))
	g.commit("Link the changelog out")
	sandbox := filepath.Dir(g.dir)
	// Versions and overrides files elsewhere, so that the output is what
	// is refused (the default ones are under changelog/ too, and are
	// refused first: no read leaves the repository either).
	meta := "versions: {file: v.yaml}\noverrides: o.yaml\n"
	for _, c := range []struct {
		name string
		args []string
		link string // the link the error names
	}{
		{"default", []string{"changelog"}, "changelog"},
		{"check", []string{"changelog", "--check"}, "changelog"},
		{"output.dir", []string{"--config", writeConfig(t, meta), "changelog"}, "changelog"},
		{"output.dir check", []string{"--config", writeConfig(t, meta), "changelog", "--check"}, "changelog"},
		{"output.dir below", []string{"--config", writeConfig(t, meta+"output: {dir: site/out/changelog}\n"), "changelog"}, "site/out"},
		{"--out inside", []string{"--config", writeConfig(t, meta), "changelog", "--out", filepath.Join(g.dir, "site", "out", "x")}, "site/out"},
	} {
		t.Run(c.name, func(t *testing.T) {
			assertRepoUnchanged(t, sandbox, func() {
				r := runWithin(t, append([]string{"--repo", g.dir}, c.args...)...)
				wantError(t, r, filepath.Join(g.dir, c.link), "symbolic link")
			})
		})
	}

	// Outside the repository, a link of the user's is followed.
	t.Run("--out outside", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "out-link")
		symlink(t, elsewhere, link)
		assertRepoUnchanged(t, g.dir, func() {
			r := runWithin(t, "--repo", g.dir, "--config", writeConfig(t, meta), "changelog", "--out", link)
			wantOK(t, r)
		})
		if _, err := os.Stat(filepath.Join(elsewhere, "report.html")); err != nil {
			t.Errorf("--out through the user's link: %v", err)
		}
	})
}

// writeConfig writes a configuration file outside the repository, for
// --config.
func writeConfig(t *testing.T, yaml string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "redline.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Committed links from redline.yaml, the versions file or the overrides
// file to a credentials file outside the repository once printed its
// first line in the parse error; to /dev/zero or a named pipe they read
// for ever. Each is refused, naming the file, with a hint, and without a
// word of the file outside.
func TestGuardConfigFiles(t *testing.T) {
	for _, file := range []string{"redline.yaml", "changelog/versions.yaml", "changelog/overrides.yaml"} {
		for _, kind := range []string{"secret", "relative", "dev-zero", "fifo", "fifo-link", "too-large"} {
			t.Run(file+"/"+kind, func(t *testing.T) {
				g := newGitRepo(t)
				threeCommits(g)
				_, secretFile := outside(t, g)
				p := filepath.Join(g.dir, filepath.FromSlash(file))
				want := "symbolic link that leads out of the repository"
				var pipe string // made after the commit: git keeps no named pipes
				switch kind {
				case "secret":
					symlink(t, secretFile, p)
				case "relative":
					symlink(t, strings.Repeat("../", strings.Count(file, "/")+1)+"somewhere/credentials", p)
				case "dev-zero":
					symlink(t, "/dev/zero", p)
				case "fifo":
					pipe = p
					want = "is a named pipe, not a regular file"
				case "fifo-link":
					pipe = filepath.Join(filepath.Dir(p), "pipe")
					symlink(t, "pipe", p)
					want = "is a named pipe, not a regular file"
				case "too-large":
					g.write(file, "# "+strings.Repeat("x", 1<<20)+"\n")
					want = "larger than 1 MiB"
				}
				g.commit("Hostile " + file)
				if pipe != "" {
					os.MkdirAll(filepath.Dir(pipe), 0o755)
					if err := syscall.Mkfifo(pipe, 0o644); err != nil {
						t.Skipf("cannot make a named pipe: %v", err)
					}
				}
				assertRepoUnchanged(t, filepath.Dir(g.dir), func() {
					r := runWithin(t, "--repo", g.dir, "changelog", "--out", filepath.Join(t.TempDir(), "out"))
					wantError(t, r, p, want)
					noSecret(t, r)
				})
			})
		}
	}
}

// A link that stays inside the repository is followed for the
// configuration: nothing is read from outside.
func TestGuardConfigLinkInside(t *testing.T) {
	g := newGitRepo(t)
	threeCommits(g)
	g.write("meta/redline.yaml", "title: {nb: Logg}\n")
	symlink(t, "meta/redline.yaml", filepath.Join(g.dir, "redline.yaml"))
	g.commit("Config by link")
	out := filepath.Join(t.TempDir(), "out")
	assertRepoUnchanged(t, g.dir, func() {
		wantOK(t, runWithin(t, "--repo", g.dir, "changelog", "--out", out))
	})
	if data, err := os.ReadFile(filepath.Join(out, "_index.nb.html")); err != nil || !strings.Contains(string(data), "Logg") {
		t.Errorf("the configuration behind the link was not used: %v\n%s", err, data)
	}
}

// An error repeats at most a short excerpt of a line of a configuration
// file, with control characters escaped.
func TestGuardConfigExcerpt(t *testing.T) {
	g := newGitRepo(t)
	threeCommits(g)
	long := "token_" + strings.Repeat("0123456789", 30)
	// YAML's own escapes put control characters into the values.
	g.write("redline.yaml", `"\e]0;pwned\a`+long+"\"\n")
	g.write("changelog/versions.yaml", "- id: \""+long+"\"\n  date: \""+long+`\e[2J"`+"\n")
	g.commit("Long lines")
	r := runWithin(t, "--repo", g.dir, "log")
	wantError(t, r, "redline.yaml")
	os.Remove(filepath.Join(g.dir, "redline.yaml"))
	r2 := runWithin(t, "--repo", g.dir, "changelog", "--out", filepath.Join(t.TempDir(), "out"))
	wantError(t, r2, "versions.yaml", "is not a date")
	for _, r := range []result{r, r2} {
		if strings.Contains(r.err, long[:81]) || strings.Contains(r.err, "second line") {
			t.Errorf("the error repeats more than 80 characters of a line\n%s", r)
		}
		terminalSafe(t, "stderr", r.err)
	}
}

// A run killed with SIGKILL left .changelog.json.tmp-* in the output
// folder for ever. The next run removes it (and only it: the lock that
// tells a live writer's file is tested in internal/render).
func TestGuardStaleTemporaryFiles(t *testing.T) {
	g := newGitRepo(t)
	threeCommits(g)
	wantOK(t, runWithin(t, "--repo", g.dir, "changelog"))
	g.commit("Changelog")
	g.write("content/dpia/_index.nb.md", page("Lagring", "Data skal aldri lagres i Norge."))
	g.commit("Edit")
	dir := filepath.Join(g.dir, "changelog")
	stale := filepath.Join(dir, ".changelog.json.tmp-0123456789ab")
	if err := os.WriteFile(stale, make([]byte, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	lookalike := filepath.Join(dir, ".notes.md.tmp-0123456789ab")
	if err := os.WriteFile(lookalike, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	assertRepoUnchanged(t, g.dir, func() {
		wantOK(t, runWithin(t, "--repo", g.dir, "changelog"))
	}, dir)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale temporary file is still there: %v", err)
	}
	if _, err := os.Stat(lookalike); err != nil {
		t.Errorf("a file that is not redline's temporary was removed: %v", err)
	}
	wantOK(t, runWithin(t, "--repo", g.dir, "changelog", "--check"))
}

// redline diff REV reads the work tree: a tracked path through a committed
// link is refused before anything is read, and a named pipe among the
// documents is passed over, not waited on.
func TestGuardWorkTreeDiff(t *testing.T) {
	g := newGitRepo(t)
	threeCommits(g)
	elsewhere, _ := outside(t, g)
	if err := os.MkdirAll(filepath.Join(elsewhere, "dpia"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(elsewhere, "dpia", "_index.nb.md"), []byte(page("Hemmelig", secret)), 0o644); err != nil {
		t.Fatal(err)
	}
	symlink(t, "../somewhere", filepath.Join(g.dir, "docs"))
	g.write("redline.yaml", "paths: [content, docs/dpia]\n")
	g.commit("Link docs out")
	sandbox := filepath.Dir(g.dir)
	assertRepoUnchanged(t, sandbox, func() {
		r := runWithin(t, "--repo", g.dir, "diff", "HEAD")
		wantError(t, r, filepath.Join(g.dir, "docs"), "symbolic link")
		noSecret(t, r)
		r = runWithin(t, "--repo", g.dir, "diff", "HEAD", "--", "docs/dpia")
		wantError(t, r, filepath.Join(g.dir, "docs"), "symbolic link")
		noSecret(t, r)
	})

	// Without the link: a named pipe beside the documents.
	g.write("redline.yaml", "paths: [content]\n")
	g.commit("Unlink")
	if err := syscall.Mkfifo(filepath.Join(g.dir, "content", "dpia", "pipe.md"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	g.write("content/dpia/_index.nb.md", page("Lagring", "Data skal aldri lagres i Norge."))
	assertRepoUnchanged(t, g.dir, func() {
		r := runWithin(t, "--repo", g.dir, "diff", "--format", "json", "HEAD")
		wantOK(t, r)
		if !strings.Contains(r.out, "aldri") {
			t.Errorf("diff HEAD misses the work-tree edit\n%s", r)
		}
	})
}

// A document named on the command line is read only if it is a regular
// file, and no more of it than --max-document-bytes: a named pipe or
// /dev/zero is an error naming it, not a hang or all of memory.
func TestGuardReadDocument(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "pipe.md")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	zero := filepath.Join(dir, "zero.md")
	symlink(t, "/dev/zero", zero)
	big := filepath.Join(dir, "big.md")
	if err := os.WriteFile(big, []byte(strings.Repeat("x", 2000)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, want, hint string
	}{
		{pipe, "is a named pipe, not a regular file", "regular file"},
		{"/dev/zero", "is a device, not a regular file", "regular file"},
		{zero, "is a device, not a regular file", "regular file"},
		{big, "file is 2000 bytes, more than the limit of 1000", "--max-document-bytes"},
		{dir, "is a directory", "name it after --"},
		{filepath.Join(dir, "none.md"), "no such file", "check the path"},
	} {
		done := make(chan error, 1)
		go func() { _, err := app.ReadDocument(c.path, 1000); done <- err }()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("reading %s has not returned in 10 s", c.path)
		}
		if err == nil || !strings.Contains(err.Error(), c.path) || !strings.Contains(err.Error(), c.want) || !strings.Contains(hintOf(err), c.hint) {
			t.Errorf("app.ReadDocument(%s) = %v (hint %q), want %q with a hint naming %q", c.path, err, hintOf(err), c.want, c.hint)
		}
	}
	if data, err := app.ReadDocument(big, 0); err != nil || len(data) != 2000 {
		t.Errorf("--max-document-bytes 0: %d bytes, %v; want the whole file", len(data), err)
	}
}
