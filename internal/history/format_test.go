package history

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Extensions that change nothing redline reads open as usual (go-git's
// own check called a repository with extensions.worktreeConfig, which
// `git sparse-checkout` sets, "not a git repository"); a format redline
// cannot read is refused, naming what.
func TestRepositoryFormat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		config [][2]string // key, value set with git config
		want   string      // "" to open; else in the error
	}{
		{"plain", nil, ""},
		{"worktree config", [][2]string{{"core.repositoryFormatVersion", "1"}, {"extensions.worktreeConfig", "true"}}, ""},
		{"precious objects", [][2]string{{"core.repositoryFormatVersion", "1"}, {"extensions.preciousObjects", "true"}}, ""},
		{"partial clone", [][2]string{{"core.repositoryFormatVersion", "1"}, {"extensions.partialClone", "origin"}}, ""},
		{"sha1 named", [][2]string{{"core.repositoryFormatVersion", "1"}, {"extensions.objectFormat", "sha1"}}, ""},
		{"sha256", [][2]string{{"core.repositoryFormatVersion", "1"}, {"extensions.objectFormat", "sha256"}}, "extensions.objectformat = sha256"},
		{"reftable", [][2]string{{"core.repositoryFormatVersion", "1"}, {"extensions.refStorage", "reftable"}}, "extensions.refstorage = reftable"},
		{"unknown extension", [][2]string{{"core.repositoryFormatVersion", "1"}, {"extensions.frobnicate", "yes"}}, "extensions.frobnicate = yes"},
		{"format version 2", [][2]string{{"core.repositoryFormatVersion", "2"}}, "repository format version 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := newGitRepo(t)
			g.write("a.md", "# A\n")
			g.commit("add a")
			// Written into the file, not with git config: git itself
			// refuses to run in a repository of a format it cannot read.
			var cfg strings.Builder
			for _, kv := range tc.config {
				section, key, _ := strings.Cut(kv[0], ".")
				cfg.WriteString("[" + section + "]\n\t" + key + " = " + kv[1] + "\n")
			}
			path := filepath.Join(g.dir, ".git", "config")
			old, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, append(old, cfg.String()...), 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := Open(g.dir)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				defer r.Close()
				if l, err := r.Log(context.Background(), Options{}); err != nil || len(l.Revisions) != 1 {
					t.Fatalf("Log: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(strings.ToLower(e.Msg), tc.want) || !strings.Contains(e.Msg, g.dir) || e.Hint == "" {
				t.Fatalf("Open: %v, want an error naming %q and the repository, with a hint", err, tc.want)
			}
		})
	}
}
