package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/config/yamlfile"
)

func TestLoadRepoWithoutFileGivesDefaults(t *testing.T) {
	c, err := LoadRepo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("LoadRepo(no redline.yaml) = %+v, want Default()", c)
	}
}

// A file named with --config that is not there is an error, not the
// defaults: a typo in the path must not pass unseen.
func TestLoadNamedMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "redlin.yaml")
	c, err := Load(p)
	var h interface{ Hint() string }
	if c != nil || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), p) || !errors.As(err, &h) || !strings.Contains(h.Hint(), "--config") {
		t.Errorf("Load(missing) = %v, %v; want an error naming the file, with a hint", c, err)
	}
}

func TestDefaults(t *testing.T) {
	c := Default()
	if !reflect.DeepEqual(c.Paths, []string{"content"}) || c.PathsSet {
		t.Errorf("Paths = %q (set %v)", c.Paths, c.PathsSet)
	}
	if c.Languages != nil {
		t.Errorf("Languages = %q, want nil (detect from file names)", c.Languages)
	}
	if c.Site.ContentDir != "content" || !c.Site.DefaultLanguageInSubdir || c.Site.BaseURL != "" {
		t.Errorf("Site = %+v", c.Site)
	}
	if c.Versions != (Versions{File: "changelog/versions.yaml", Trailer: "Document-Version", FrontMatter: FrontMatter{Version: "version", Date: "effective_date"}}) {
		t.Errorf("Versions = %+v", c.Versions)
	}
	if c.Overrides != "changelog/overrides.yaml" || c.Output.Dir != "changelog" || c.Output.AtomEditorial {
		t.Errorf("Overrides = %q, Output = %+v", c.Overrides, c.Output)
	}
	if !reflect.DeepEqual(c.Output.Formats, []string{"hugo", "json", "atom", "html"}) {
		t.Errorf("Formats = %q", c.Output.Formats)
	}
	if c.Title["nb"] != "Endringslogg" || c.Title["en"] != "Change log" {
		t.Errorf("Title = %q", c.Title)
	}
	// Default must hand out fresh values: a caller changing one must not
	// change the next.
	c.Output.Formats[0] = "x"
	if Default().Output.Formats[0] != "hugo" {
		t.Error("Default shares its slices between calls")
	}
}

func TestEmptyAndCommentOnlyFiles(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "---\n", "~\n"} {
		c, err := Parse("redline.yaml", []byte(src))
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		want := Default()
		want.Path = "redline.yaml"
		if !reflect.DeepEqual(c, want) {
			t.Errorf("Parse(%q) = %+v, want defaults", src, c)
		}
	}
}

func TestLoadFullFile(t *testing.T) {
	c, err := Load("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path:            "testdata/full.yaml",
		Paths:           []string{"content/dpia", "content/security"},
		PathsSet:        true,
		Languages:       []string{"nb", "en"},
		LanguagePattern: []string{"{lang}/**", "legal/*.{lang}.md"},
		Title:           map[string]string{"nb": "Endringer i DPIA", "en": "DPIA changes"},
		Site: Site{
			BaseURL:                 "https://docs.altinn.studio",
			BaseURLs:                map[string]string{"en": "https://en.example.org"},
			ContentDir:              "content",
			ContentDirs:             map[string]string{"nb": "content/nb", "en": "content/en"},
			DefaultLanguageInSubdir: false,
			ChangelogPage:           "content/changelog",
			HugoConfig:              "site/hugo.toml",
		},
		CommitURLTemplate: "https://github.com/digdir/altinn-studio-docs/commit/{hash}",
		Versions: Versions{File: "dpia/versions.yaml", TagPattern: "dpia-v*", Trailer: "DPIA-Version",
			PerDocument: true, FrontMatter: FrontMatter{Version: "policy_version", Date: ""}},
		Overrides: "dpia/overrides.yaml",
		Output:    Output{Dir: "static/changelog", Formats: []string{"json", "atom"}, AtomEditorial: true},
		Classify: Classify{
			Words:  map[string][]string{"modal": {"burde", "bør"}, "negation": {"aldri"}},
			Topics: map[string][]string{"adequacy-decision": {"adekvansbeslutning", "adequacy decision"}},
		},
	}
	for _, k := range []string{"languages", "language_pattern", "site.base_url", "site.content_dirs", "site.hugo_config"} {
		if !c.Set(k) {
			t.Errorf("Set(%q) = false", k)
		}
	}
	c.set = nil
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
}

func TestPartialFileKeepsOtherDefaults(t *testing.T) {
	c, err := Parse("redline.yaml", []byte("site:\n  base_url: https://example.org\npaths: content/dpia\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Site.BaseURL != "https://example.org" || c.Site.ContentDir != "content" || !c.Site.DefaultLanguageInSubdir {
		t.Errorf("Site = %+v", c.Site)
	}
	if !reflect.DeepEqual(c.Paths, []string{"content/dpia"}) || !c.PathsSet {
		t.Errorf("a single path should read as a list of one, set, got %q (set %v)", c.Paths, c.PathsSet)
	}
	if c, err := Parse("redline.yaml", []byte("commit_url: \"\"\n")); err != nil || c.PathsSet {
		t.Errorf("a file without paths: set %v, %v", c != nil && c.PathsSet, err)
	}
	if c.Versions.Trailer != "Document-Version" {
		t.Errorf("Versions = %+v", c.Versions)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		key       string
		msg       string // part of the message
		hint      string // part of the hint
	}{
		{"unknown top key", "paths: [content]\nlangauges: [nb]\n", 2, "langauges", "unknown key", `did you mean "languages"?`},
		{"unknown key, nothing close", "paths: [content]\nfrobnicate: 1\n", 2, "frobnicate", "unknown key", "known keys here: paths"},
		{"unknown nested key", "site:\n  base_url: https://x.org\n  content_dri: content\n", 3, "site.content_dri", "unknown key", `did you mean "content_dir"?`},
		{"key twice", "paths: [a]\ntitle: {en: x}\npaths: [b]\n", 3, "paths", "written twice (first at line 1)", "remove one"},
		{"syntax", // the parser names the line where the unclosed list opens
			"paths: [content\nlanguages: [nb]\n", 1, "", "not valid YAML", "indentation"},
		{"top is a list", "- paths\n", 1, "", "want a mapping", ""},
		{"site not a mapping", "site: https://x.org\n", 1, "site", "want a mapping", ""},
		{"paths empty", "paths: []\n", 1, "paths", "need at least one path", "remove the key"},
		{"path absolute", "paths:\n  - content\n  - /etc\n", 2, "paths", `"/etc" is not a relative path`, "relative to the repository root"},
		{"path outside", "overrides: ../x.yaml\n", 1, "overrides", "outside the repository", ""},
		{"path in .git", "output:\n  dir: .git/hooks\n", 2, "output.dir", "inside git's own folder", "relative to the repository root"},
		{"path in .GIT", "versions:\n  file: ./.GIT/config\n", 2, "versions.file", "inside git's own folder", ""},
		{"language code", "\nlanguages: [nb, English]\n", 2, "languages", `"English" is not a language code`, "_index.nb.md"},
		{"language twice", "languages: [nb, en, nb]\n", 1, "languages", `"nb" listed twice`, ""},
		{"languages mapping", "languages: {nb: x}\n", 1, "languages", "want a list, got a mapping", ""},
		{"title list", "title: [x]\n", 1, "title", "want a mapping", ""},
		{"title nested", "title:\n  nb: {x: y}\n", 2, "title.nb", "want text, got a mapping", ""},
		{"base url", "site:\n  base_url: docs.altinn.studio\n", 2, "site.base_url", "not an http or https address", "https://docs.altinn.studio"},
		{"bool", "site:\n  default_language_in_subdir: yes please\n", 2, "site.default_language_in_subdir", "want true or false", "write true or false"},
		{"commit url", "commit_url: https://github.com/o/r/commit/\n", 1, "commit_url", "has no {hash}", "{hash}"},
		{"tag pattern", "versions:\n  tag_pattern: \"v[\"\n", 2, "versions.tag_pattern", "not a valid pattern", "v*"},
		{"trailer", "versions:\n  trailer: \"Document Version\"\n", 2, "versions.trailer", "not a git trailer key", "Document-Version"},
		{"format", "output:\n  formats: [json, atm]\n", 2, "output.formats", `unknown format "atm"`, `did you mean "atom"?`},
		{"format twice", "output:\n  formats: [json, json]\n", 2, "output.formats", "listed twice", ""},
		{"no formats", "output:\n  formats: []\n", 2, "output.formats", "no output formats", "hugo, hugo-markdown, json, atom, html"},
		{"words not lists", "classify:\n  words:\n    modal: {a: b}\n", 3, "classify.words.modal", "want a list", ""},
		{"classify key", "classify:\n  topic: {}\n", 2, "classify.topic", "unknown key", `did you mean "topics"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("redline.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			var e *yamlfile.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not a *yamlfile.Error", err, err)
			}
			if e.File != "redline.yaml" || e.Line != tt.line || e.Key != tt.key {
				t.Errorf("at %s:%d key %q, want line %d key %q (%v)", e.File, e.Line, e.Key, tt.line, tt.key, err)
			}
			if !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("message %q does not contain %q", e.Msg, tt.msg)
			}
			if !strings.Contains(e.Hint(), tt.hint) {
				t.Errorf("hint %q does not contain %q", e.Hint(), tt.hint)
			}
			if !strings.HasPrefix(err.Error(), "redline.yaml:") {
				t.Errorf("error %q should start with the file name", err)
			}
		})
	}
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file should be cannot be read as a file.
	p := filepath.Join(dir, "redline.yaml")
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err == nil {
		t.Error("Load(directory) succeeded")
	}
}
