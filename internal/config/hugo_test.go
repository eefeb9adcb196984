package config

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/config/yamlfile"
)

// files is a repository's files for LoadHugo.
type files map[string]string

func (f files) read(name string) ([]byte, error) {
	s, ok := f[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return []byte(s), nil
}

const hugoTOML = `baseURL = "https://docs.example.org/"
title = "Docs"
defaultContentLanguage = "nb"
defaultContentLanguageInSubdir = true

[languages]
  [languages.en]
    contentDir = "content/en"
    weight = 2
  [languages.nb]
    contentDir = "content/nb"
    weight = 1
  [languages.de]
    contentDir = "content/de"
    weight = 3
    disabled = true
`

func TestLoadHugoFormats(t *testing.T) {
	yamlSrc := "baseURL: https://docs.example.org/\ndefaultContentLanguage: nb\ndefaultContentLanguageInSubdir: true\nlanguages:\n  en: {contentDir: content/en, weight: 2}\n  nb: {contentDir: content/nb, weight: 1}\n"
	jsonSrc := `{"baseURL": "https://docs.example.org/", "defaultContentLanguage": "nb", "defaultContentLanguageInSubdir": true,
	"languages": {"en": {"contentDir": "content/en", "weight": 2}, "nb": {"contentDir": "content/nb", "weight": 1}}}`
	for name, repo := range map[string]files{
		"hugo.toml":   {"hugo.toml": hugoTOML},
		"hugo.yaml":   {"hugo.yaml": yamlSrc},
		"hugo.json":   {"hugo.json": jsonSrc},
		"config.toml": {"config.toml": hugoTOML},
		"config dir": {
			"config/_default/hugo.toml":      "baseURL = \"https://docs.example.org\"\ndefaultContentLanguage = \"nb\"\ndefaultContentLanguageInSubdir = true\n",
			"config/_default/languages.toml": "[en]\ncontentDir = \"content/en\"\nweight = 2\n[nb]\ncontentDir = \"content/nb\"\nweight = 1\n",
		},
	} {
		t.Run(name, func(t *testing.T) {
			h, err := LoadHugo(repo.read, "")
			if err != nil {
				t.Fatal(err)
			}
			c := Default()
			c.ApplyHugo(h)
			if !reflect.DeepEqual(c.Languages, []string{"nb", "en"}) {
				t.Errorf("Languages = %q, want [nb en] (the default first, then by weight; disabled left out)", c.Languages)
			}
			if c.Site.BaseURL != "https://docs.example.org" || !c.Site.DefaultLanguageInSubdir {
				t.Errorf("Site = %+v", c.Site)
			}
			if want := map[string]string{"nb": "content/nb", "en": "content/en"}; !reflect.DeepEqual(c.Site.ContentDirs, want) {
				t.Errorf("ContentDirs = %q, want %q", c.Site.ContentDirs, want)
			}
			if len(c.HugoFiles()) == 0 {
				t.Errorf("HugoFiles() is empty")
			}
			if got, want := c.PageURL("content/en/dpia/summary/_index.md", ""), "https://docs.example.org/en/dpia/summary/"; got != want {
				t.Errorf("PageURL = %q, want %q", got, want)
			}
		})
	}
}

// What redline.yaml sets wins over Hugo's configuration, key by key.
func TestApplyHugoRedlineWins(t *testing.T) {
	c, err := Parse("redline.yaml", []byte("languages: [en, nb]\nsite:\n  base_url: https://other.example.org\n  content_dirs: {nb: norsk, en: english}\n"))
	if err != nil {
		t.Fatal(err)
	}
	h, err := ParseHugo("hugo.toml", []byte(hugoTOML), false)
	if err != nil {
		t.Fatal(err)
	}
	c.ApplyHugo(h)
	if !reflect.DeepEqual(c.Languages, []string{"en", "nb"}) || c.Site.BaseURL != "https://other.example.org" {
		t.Errorf("Languages %q, BaseURL %q: redline.yaml's should win", c.Languages, c.Site.BaseURL)
	}
	if c.Site.ContentDirs["nb"] != "norsk" {
		t.Errorf("ContentDirs = %q", c.Site.ContentDirs)
	}
	if !c.Site.DefaultLanguageInSubdir {
		t.Errorf("defaultContentLanguageInSubdir, which redline.yaml leaves out, should come from Hugo's")
	}
}

func TestApplyHugoDefaults(t *testing.T) {
	// Hugo's defaults: no subdir for the default language, and no
	// languages when the configuration names none.
	h, err := ParseHugo("hugo.toml", []byte("baseURL = \"/\"\ntitle = \"x\"\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	c := Default()
	c.ApplyHugo(h)
	if c.Site.DefaultLanguageInSubdir || c.Languages != nil || c.Site.BaseURL != "" {
		t.Errorf("Site %+v, Languages %q: want Hugo's defaults, and a relative baseURL giving no public URLs", c.Site, c.Languages)
	}
	// A monolingual site that names its language.
	h, _ = ParseHugo("hugo.toml", []byte("defaultContentLanguage = \"nb\"\ncontentDir = \"docs\"\n"), false)
	c = Default()
	c.ApplyHugo(h)
	if !reflect.DeepEqual(c.Languages, []string{"nb"}) || c.Site.ContentDir != "docs" {
		t.Errorf("Languages %q, ContentDir %q", c.Languages, c.Site.ContentDir)
	}
	// Languages in one content directory, told apart by suffix: no
	// content directories per language. Without defaultContentLanguage,
	// Hugo's default, en, comes first whatever its weight.
	h, _ = ParseHugo("hugo.toml", []byte("[languages.nb]\nweight = 1\n[languages.en]\nweight = 2\n[languages.de]\n"), false)
	c = Default()
	c.ApplyHugo(h)
	if c.Site.ContentDirs != nil || !reflect.DeepEqual(c.Languages, []string{"en", "nb", "de"}) {
		t.Errorf("ContentDirs %q, Languages %q", c.Site.ContentDirs, c.Languages)
	}
}

// A root config.toml that sets nothing of Hugo's belongs to another tool:
// it is left alone. hugo.toml is Hugo's whatever it holds.
func TestLoadHugoOtherTool(t *testing.T) {
	h, err := LoadHugo(files{"config.yaml": "languages: [en, de]\nretries: 3\n"}.read, "")
	if err == nil || h != nil {
		// languages as a list is no Hugo configuration, but the key is
		// Hugo's: it is read, and refused with the line.
		var ye *yamlfile.Error
		if !errors.As(err, &ye) || ye.Line != 1 || ye.File != "config.yaml" {
			t.Errorf("config.yaml with a list of languages: %v", err)
		}
	}
	h, err = LoadHugo(files{"config.toml": "retries = 3\n[server]\nport = 8080\n"}.read, "")
	if err != nil || h != nil {
		t.Errorf("another tool's config.toml: %+v, %v; want none read", h, err)
	}
	h, err = LoadHugo(files{"hugo.toml": "retries = 3\n"}.read, "")
	if err != nil || h == nil {
		t.Errorf("hugo.toml: %+v, %v; want it read", h, err)
	}
	if h, err := LoadHugo(files{}.read, ""); h != nil || err != nil {
		t.Errorf("no configuration: %+v, %v", h, err)
	}
}

func TestLoadHugoOnly(t *testing.T) {
	repo := files{"hugo.toml": hugoTOML, "site/hugo.toml": "defaultContentLanguage = \"en\"\n[languages.en]\n[languages.fr]\n"}
	h, err := LoadHugo(repo.read, "site/hugo.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got := h.SiteLanguages(); !reflect.DeepEqual(got, []string{"en", "fr"}) {
		t.Errorf("SiteLanguages = %q", got)
	}
	if _, err := LoadHugo(repo.read, "missing.toml"); err == nil || !strings.Contains(err.Error(), "site.hugo_config") {
		t.Errorf("a missing site.hugo_config: %v", err)
	}
}

func TestParseHugoErrors(t *testing.T) {
	tests := []struct {
		file, src string
		line      int
		want      string
	}{
		{"hugo.toml", "baseURL = \"x\"\ntitle = \"y\" z\n", 2, "not valid TOML"},
		{"hugo.toml", "title = \"x\"\n[languages.en]\nweight = \"two\"\n", 3, "languages.en.weight: want a number"},
		{"hugo.toml", "[languages.en]\ncontentDir = \"../elsewhere\"\n", 2, "outside the repository"},
		{"hugo.toml", "[languages.en]\ncontentDir = \"/abs\"\n", 2, "not a relative path"},
		{"hugo.toml", "[languages.english]\nweight = 1\n", 1, "not a language code"},
		{"hugo.toml", "defaultContentLanguageInSubdir = \"yes\"\n", 1, "want true or false"},
		{"hugo.toml", "languages = 3\n", 1, "want a table of languages"},
		{"hugo.toml", "x = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n", 1, "nested more than"},
		{"hugo.yaml", "baseURL: x\nlanguages:\n  en:\n    weight: 1.5\n", 4, "whole number"},
		{"hugo.yaml", "a: b\n  c: d\n", 2, "not valid YAML"},
		{"hugo.json", "{\n\"baseURL\": \n}", 3, "not valid JSON"},
		{"hugo.json", `{"permalinks": {"posts": 3}}`, 1, "permalinks.posts: want a string"},
		{"hugo.ini", "x", 0, "not a TOML, YAML or JSON file"},
	}
	for _, tt := range tests {
		_, err := ParseHugo(tt.file, []byte(tt.src), false)
		var ye *yamlfile.Error
		if !errors.As(err, &ye) {
			t.Errorf("%s %q: %v, want an error", tt.file, tt.src, err)
			continue
		}
		if ye.File != tt.file || ye.Line != tt.line || !strings.Contains(err.Error(), tt.want) || ye.Hint() == "" {
			t.Errorf("%s %q: %v (line %d, hint %q); want line %d and %q", tt.file, tt.src, err, ye.Line, ye.Hint(), tt.line, tt.want)
		}
	}
}

func TestParseHugoTooManyLanguages(t *testing.T) {
	var b strings.Builder
	for i := range maxHugoLanguages + 1 {
		b.WriteString("[languages.l" + string(rune('a'+i/26%26)) + string(rune('a'+i%26)) + "]\n")
	}
	if _, err := ParseHugo("hugo.toml", []byte(b.String()), false); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("%d languages: %v", maxHugoLanguages+1, err)
	}
}

// Hugo's other way to give each language its folder: module mounts.
func TestHugoMounts(t *testing.T) {
	src := `defaultContentLanguage = "nb"
[languages.nb]
  weight = 1
[languages.en]
  weight = 2
  contentDir = "english"
[[module.mounts]]
  source = "content/nb"
  target = "content"
  lang = "nb"
[[module.mounts]]
  source = "content/en"
  target = "content"
  lang = "en"
[[module.mounts]]
  source = "static"
  target = "static"
`
	h, err := ParseHugo("hugo.toml", []byte(src), false)
	if err != nil {
		t.Fatal(err)
	}
	c := Default()
	c.ApplyHugo(h)
	if want := map[string]string{"nb": "content/nb", "en": "english"}; !reflect.DeepEqual(c.Site.ContentDirs, want) {
		t.Errorf("ContentDirs = %q, want %q (the languages table wins)", c.Site.ContentDirs, want)
	}
	if _, err := ParseHugo("hugo.toml", []byte("[[module.mounts]]\nsource = \"../x\"\ntarget = \"content\"\nlang = \"en\"\n"), false); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("a mount from outside the repository: %v", err)
	}
}

func TestHugoPermalinksAndHosts(t *testing.T) {
	src := `baseURL = "https://example.org"
defaultContentLanguage = "en"
[permalinks]
  posts = "/blog/:filename/"
  dated = "/:year/:filename/"
[permalinks.section]
  docs = "/manual/:sections/"
[languages.en]
  weight = 1
[languages.de]
  weight = 2
  baseURL = "https://example.de/"
`
	h, err := ParseHugo("hugo.toml", []byte(src), false)
	if err != nil {
		t.Fatal(err)
	}
	c := Default()
	c.ApplyHugo(h)
	for _, tt := range []struct{ p, want string }{
		{"content/posts/2024/hello.md", "https://example.org/blog/hello/"},
		{"content/posts/my-post/index.md", "https://example.org/blog/my-post/"},
		{"content/posts/_index.md", "https://example.org/posts/"},
		{"content/dated/x.md", ""}, // :year needs the page's date
		{"content/docs/guide/_index.md", "https://example.org/manual/docs/guide/"},
		{"content/other/page.md", "https://example.org/other/page/"},
		{"content/other/page.de.md", "https://example.de/other/page/"}, // its own host, no /de/
	} {
		if got := c.PageURL(tt.p, ""); got != tt.want {
			t.Errorf("PageURL(%q) = %q, want %q", tt.p, got, tt.want)
		}
	}
	k := c.URLKey()
	c.Site.permalinks = nil
	if c.URLKey() == k {
		t.Errorf("URLKey does not change with the permalinks")
	}
}

func TestLanguagePatternKey(t *testing.T) {
	c, err := Parse("redline.yaml", []byte("language_pattern: \"{lang}/**\"\nsite:\n  base_url: https://example.org\n  content_dir: .\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.PageURL("de/legal/privacy.md", ""), "https://example.org/de/legal/privacy/"; got != want {
		t.Errorf("PageURL = %q, want %q", got, want)
	}
	if got, want := c.LanguagesFor([]string{"de/a.md", "en/a.md", "en/b.md", "README.md"}), []string{"en", "de"}; !reflect.DeepEqual(got, want) {
		t.Errorf("LanguagesFor = %q, want %q", got, want)
	}
	for _, bad := range []struct{ src, want string }{
		{"language_pattern: \"docs/**\"\n", "is not a language pattern"},
		{"language_pattern: []\n", "0 patterns"},
		{"language_pattern: {a: b}\n", "want a list"},
		{"languages: [nb]\nsite:\n  content_dirs: {en: content/en}\n", `"en" is not one of languages`},
		{"site:\n  content_dirs: {English: content/en}\n", "not a language code"},
		{"site:\n  content_dirs: {en: ../x}\n", "outside the repository"},
		{"site:\n  base_urls: {en: ftp://x}\n", "not an http or https address"},
		{"site:\n  hugo_config: true\n", "true is not a file"},
	} {
		_, err := Parse("redline.yaml", []byte(bad.src))
		var ye *yamlfile.Error
		if !errors.As(err, &ye) || ye.Line == 0 || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: %v, want %q with a line", bad.src, err, bad.want)
		}
	}
	c, err = Parse("redline.yaml", []byte("site:\n  hugo_config: false\n"))
	if err != nil || c.ReadsHugo() {
		t.Errorf("hugo_config: false: %v, reads %v", err, c.ReadsHugo())
	}
}
