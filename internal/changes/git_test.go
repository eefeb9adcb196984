package changes

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
)

// repo is a throwaway git repository with fixed dates, so hashes and
// results are the same on every run.
type repo struct {
	t    *testing.T
	dir  string
	tick int
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed: the end-to-end test of Classify needs it")
	}
	r := &repo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	date := fmt.Sprintf("2023-07-%02dT10:00:00+02:00", r.tick)
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Kari Nordmann", "GIT_AUTHOR_EMAIL=kari@example.org",
		"GIT_COMMITTER_NAME=Kari Nordmann", "GIT_COMMITTER_EMAIL=kari@example.org",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *repo) commit(day int, msg string, files map[string]string) string {
	r.t.Helper()
	r.tick = day
	for p, s := range files {
		full := filepath.Join(r.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
	return r.git("rev-parse", "HEAD")
}

const (
	nbV1 = `---
title: Sammendrag
---

## Lagring

Personopplysninger lagres i Norge.

## Konklusjon

Vi mener risikoen er akseptabel.
`
	enV1 = `---
title: Summary
---

## Storage

Personal data is stored in Norway.

## Conclusion

We find the risk acceptable.
`
)

// TestClassifyGit runs this stage on a real repository: git history and
// the real classifier, newest first.
func TestClassifyGit(t *testing.T) {
	r := newRepo(t)
	r.commit(1, "Add the summary", map[string]string{nbPage: nbV1, enPage: enV1})
	c2 := r.commit(5, "Fix a typo\n\nDocument-Version: 1.0", map[string]string{
		nbPage: strings.Replace(nbV1, "lagres i Norge", "lagres  i Norge", 1) + "\n",
	})
	c3 := r.commit(12, "Data may also be stored in Sweden\n\nChange-Class: substantive: the place of storage changed", map[string]string{
		nbPage: strings.Replace(nbV1, "lagres i Norge.", "lagres i Norge og Sverige.", 1),
	})

	h, err := history.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	log, err := h.Log(context.Background(), history.Options{Paths: []string{"content"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(log.Revisions) != 3 {
		t.Fatalf("%d revisions, want 3", len(log.Revisions))
	}
	entries, err := Classify(context.Background(), h, log.Revisions, classify.Default(), ClassifyOptions{
		CommitURL: func(h string) string { return "https://github.com/o/r/commit/" + h },
		PageURL:   func(p, lang string) string { return "https://docs.example.org/" + lang + "/dpia/summary/" },
	})
	if err != nil {
		t.Fatal(err)
	}
	if entries[0].Commit != c3 || entries[1].Commit != c2 {
		t.Fatalf("entries out of order: %s %s", entries[0].Commit, entries[1].Commit)
	}
	if e := entries[2]; len(e.Documents) != 2 || e.Documents[0].Status != "added" || e.Class != classify.Substantive {
		t.Errorf("first commit: %+v", e)
	}
	// A reflow changes nothing a reader sees.
	if e := entries[1]; e.Class == classify.Substantive {
		t.Errorf("the whitespace fix is %s", e.Class)
	}
	e := entries[0]
	if e.Class != classify.Substantive || len(e.Documents) != 1 || e.URL != "https://github.com/o/r/commit/"+c3 {
		t.Fatalf("storage change: %+v", e)
	}
	// The trailer is release's to apply (ClassifyOptions.Publish): without
	// it the changes carry the rules' class alone.
	for _, c := range e.Documents[0].Changes {
		if c.Override != nil || !strings.HasPrefix(c.URL, "https://docs.example.org/nb/dpia/summary/#") {
			t.Errorf("change %+v", c)
		}
	}
}
