package app

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/config"
	"github.com/digdir/redline/internal/langpath"
	"github.com/digdir/redline/internal/safefile"
)

func TestContentRoots(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  func(c *config.Config)
		want []string
	}{
		{"default", func(*config.Config) {}, []string{"content"}},
		{"hugo contentDir", func(c *config.Config) { c.Site.ContentDir = "docs" }, []string{"docs"}},
		{"a directory per language", func(c *config.Config) {
			c.Languages = []string{"nb", "en"}
			c.Site.ContentDirs = map[string]string{"nb": "site/nb", "en": "site/en"}
		}, []string{"site/en", "site/nb"}},
		{"a language without one uses contentDir", func(c *config.Config) {
			c.Languages = []string{"nb", "en"}
			c.Site.ContentDirs = map[string]string{"en": "content/en"}
		}, []string{"content"}},
		{"the whole repository", func(c *config.Config) {
			c.Site.ContentDirs = map[string]string{"en": ".", "de": "de"}
		}, []string{"."}},
	} {
		c := config.Default()
		tt.cfg(c)
		if got := contentRoots(c); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: contentRoots = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// Hugo's configuration is read where redline.yaml is, through the same
// guard: a link out of the repository is refused, a file named config is
// no configuration folder, and a bare repository reads none.
func TestLoadHugoGuard(t *testing.T) {
	base := t.TempDir()
	secret := filepath.Join(base, "secret.toml")
	if err := os.WriteFile(secret, []byte("baseURL = \"https://secret.example.org\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(base, "repo")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(root, "hugo.toml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	c := config.Default()
	if err := LoadHugo(c, root); !errors.Is(err, safefile.ErrLeavesRoot) {
		t.Errorf("hugo.toml linked out of the repository: %v, want it refused", err)
	}
	if c.Site.BaseURL != "" {
		t.Errorf("read through the link: %q", c.Site.BaseURL)
	}
	os.Remove(filepath.Join(root, "hugo.toml"))
	if err := os.WriteFile(filepath.Join(root, "config"), []byte("not a folder\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := LoadHugo(c, root); err != nil || len(c.HugoFiles()) != 0 {
		t.Errorf("a file named config: %v, read %q", err, c.HugoFiles())
	}
	if err := LoadHugo(c, ""); err != nil {
		t.Errorf("bare: %v", err)
	}
}

// Opening a Hugo site with a content directory per language and no
// redline.yaml: the languages, the tracked paths and the layout every
// stage reads come from hugo.toml.
func TestOpenHugoSite(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	root := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("hugo.toml", "defaultContentLanguage = \"nb\"\n[languages.nb]\ncontentDir = \"site/nb\"\n[languages.en]\ncontentDir = \"site/en\"\n")
	write("site/nb/a.md", "# A\n")
	write("site/en/a.md", "# A\n")
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.org", "GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@example.org", "GIT_CONFIG_NOSYSTEM=1", "HOME="+root)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "pages")

	defer langpath.Use(langpath.Current())
	a, err := Open(Options{Repo: root, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	cfg := a.Config()
	if !reflect.DeepEqual(cfg.Languages, []string{"nb", "en"}) || !reflect.DeepEqual(cfg.Paths, []string{"site/en", "site/nb"}) {
		t.Errorf("Languages %q, Paths %q", cfg.Languages, cfg.Paths)
	}
	if got := langpath.Lang("site/en/a.md"); got != "en" {
		t.Errorf("the layout in use reads site/en/a.md as %q", got)
	}
}
