package history

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-billy/v5/memfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
)

// gitRepo is a repository driven by the real git CLI, the oracle.
type gitRepo struct {
	t    testing.TB
	dir  string
	tick int
}

func needGit(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
}

func newGitRepo(t testing.TB) *gitRepo {
	t.Helper()
	needGit(t)
	g := &gitRepo{t: t, dir: t.TempDir()}
	g.git("init", "-q", "-b", "main")
	return g
}

func (g *gitRepo) env() []string {
	date := fmt.Sprintf("%d +0100", 1700000000+g.tick*3600)
	return append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ada Writer", "GIT_AUTHOR_EMAIL=ada@example.org",
		"GIT_COMMITTER_NAME=Ada Writer", "GIT_COMMITTER_EMAIL=ada@example.org",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
}

// git runs git in the repository and returns its trimmed output.
func (g *gitRepo) git(args ...string) string {
	g.t.Helper()
	return g.gitIn(g.dir, args...)
}

func (g *gitRepo) gitIn(dir string, args ...string) string {
	g.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = g.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		g.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (g *gitRepo) write(path, content string) {
	g.t.Helper()
	p := filepath.Join(g.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		g.t.Fatal(err)
	}
}

// commit stages everything and commits with the next fixed date.
func (g *gitRepo) commit(msg string) string {
	g.t.Helper()
	g.tick++
	g.git("add", "-A")
	g.git("commit", "-q", "--allow-empty", "-m", msg)
	return g.git("rev-parse", "HEAD")
}

func (g *gitRepo) merge(branch, msg string) string {
	g.t.Helper()
	g.tick++
	g.git("merge", "-q", "--no-ff", "-m", msg, branch)
	return g.git("rev-parse", "HEAD")
}

func (g *gitRepo) open() *Repo {
	g.t.Helper()
	r, err := Open(g.dir)
	if err != nil {
		g.t.Fatal(err)
	}
	g.t.Cleanup(func() { r.Close() })
	return r
}

// lines splits git output into lines.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func hashes(l *Log) []string {
	var out []string
	for _, rev := range l.Revisions {
		out = append(out, rev.Hash.String())
	}
	return out
}

func mustLog(t testing.TB, r *Repo, opt Options) *Log {
	t.Helper()
	l, err := r.Log(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// memRepo builds a repository in go-git's in-memory storage.
type memRepo struct {
	t    testing.TB
	repo *git.Repository
	st   *memory.Storage
	wt   *git.Worktree
	tick int
}

func newMemRepo(t testing.TB) *memRepo {
	t.Helper()
	st := memory.NewStorage()
	repo, err := git.Init(st, memfs.New())
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &memRepo{t: t, repo: repo, st: st, wt: wt}
}

func (m *memRepo) write(path, content string) {
	m.t.Helper()
	f, err := m.wt.Filesystem.Create(path)
	if err != nil {
		m.t.Fatal(err)
	}
	f.Write([]byte(content))
	f.Close()
	if _, err := m.wt.Add(path); err != nil {
		m.t.Fatal(err)
	}
}

func (m *memRepo) remove(path string) {
	m.t.Helper()
	if _, err := m.wt.Remove(path); err != nil {
		m.t.Fatal(err)
	}
}

func (m *memRepo) commit(msg string) Hash {
	m.t.Helper()
	m.tick++
	sig := &object.Signature{Name: "Ada Writer", Email: "ada@example.org", When: time.Unix(1700000000+int64(m.tick)*3600, 0).UTC()}
	h, err := m.wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		m.t.Fatal(err)
	}
	return h
}

func (m *memRepo) open() *Repo {
	m.t.Helper()
	r, err := OpenStorage(m.st)
	if err != nil {
		m.t.Fatal(err)
	}
	return r
}
