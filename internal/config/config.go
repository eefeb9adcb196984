// Package config turns redline.yaml, at the root of the repository, into
// the settings every command shares. Every setting has a default, so no
// file is needed to start; a file that is present is checked strictly, and
// each problem is reported with the file, the key, the line and a hint.
// The repository may be hostile (a pull request from a fork), so the file
// is read only if it is a regular file of at most 1 MiB, never through a
// link out of the repository, and an error repeats at most 80 characters
// of what the file says (yamlfile.MaxExcerpt).
//
// The whole file, with the defaults:
//
//	# Path prefixes whose Markdown files are tracked. Without the key, the
//	# site's content directories (content_dir, content_dirs, as Hugo's
//	# configuration gives them), and with no content/ folder in the
//	# repository, every Markdown file.
//	paths: [content]
//
//	# Language codes. Default: the site's languages in Hugo's configuration,
//	# else none, meaning "detect from paths" (_index.nb.md is "nb"). The
//	# first is the default language.
//	languages: [nb, en]
//
//	# Where a path names its language besides a file-name suffix
//	# (_index.nb.md) and a content directory per language: path patterns
//	# with {lang} where the code is, tried in order; "**" is any number of
//	# folders, other segments are globs. One pattern or a list. Default none.
//	language_pattern: "{lang}/**"     # en/privacy.md, de/privacy.md
//
//	# Title of the change log, per language.
//	title: {nb: Endringslogg, en: Change log}
//
//	# The site's own Hugo configuration, when the repository has one
//	# (hugo.toml, hugo.yaml, hugo.json, config.toml, config.yaml,
//	# config.json at the root, then config/_default/{hugo,config,languages}.*
//	# merged over it), gives the defaults of languages and of the site keys
//	# below: languages.<code>.contentDir, .weight, .baseURL and .disabled,
//	# module.mounts of a language's folder as content, disableLanguages,
//	# defaultContentLanguage, defaultContentLanguageInSubdir, baseURL,
//	# contentDir and simple permalinks. What this file sets wins.
//	site:
//	  # The Hugo configuration to read, from the repository root, or false
//	  # to read none. Default: look where Hugo looks.
//	  hugo_config: ""
//	  # Public address of the Hugo site; "" (the default) means pages have
//	  # no public URL and links use repository paths.
//	  base_url: ""
//	  # A public address per language, for a site that publishes each
//	  # language on a host of its own (Hugo's languages.<code>.baseURL):
//	  # its pages get no /<lang>/ prefix. Default none.
//	  base_urls: {}    # e.g. {en: https://en.example.org}
//	  # Hugo's content directory: content/<section>/<page>/_index.<lang>.md
//	  # is published at <base_url>/<lang>/<section>/<page>/.
//	  content_dir: content
//	  # A content directory per language (Hugo's languages.<code>.contentDir):
//	  # content/en/<section>/<page>.md is the English page. Default none.
//	  content_dirs: {}  # e.g. {nb: content/nb, en: content/en}
//	  # Whether the default language also gets a /<lang>/ prefix (Hugo's
//	  # defaultContentLanguageInSubdir). Default true, unlike Hugo's own
//	  # default, because multilingual documentation sites nearly always set
//	  # it; with a Hugo configuration, what that says (false when unset).
//	  default_language_in_subdir: true
//	  # Where the site publishes the generated changelog pages (copied or
//	  # mounted there), as a content path; the Atom feeds link to it.
//	  changelog_page: content/changelog
//
//	# Link to a commit; {hash} is replaced by the full hash. "" = no links.
//	commit_url: ""
//
//	versions:
//	  file: changelog/versions.yaml
//	  # Tags matching this path.Match glob (such as "v*") close versions;
//	  # the version id is the tag name without a leading "v". "" = no tags.
//	  # With per_document, {document} in it stands for a document's name:
//	  # "{document}-v*" makes tag legal/privacy-v3.1 close its version 3.1.
//	  tag_pattern: ""
//	  # Commit trailer that closes a version: "Document-Version: 2.5".
//	  trailer: Document-Version
//	  # Whether each document has versions of its own (a repository of
//	  # many policies): the changelog, the Hugo page and the feeds group
//	  # by document, then by version.
//	  per_document: false
//	  # The front matter keys that give a document's own version and its
//	  # effective date; "" reads none. A version closes at the revision
//	  # where the version key's value changes.
//	  front_matter: {version: version, date: effective_date}
//
//	# Hand-made classifications of single changes.
//	overrides: changelog/overrides.yaml
//
//	output:
//	  dir: changelog
//	  formats: [hugo, json, atom, html]
//	  # Whether the Atom feed also lists versions with editorial changes only.
//	  atom_editorial: false
//
//	classify:
//	  # Extra entries per word list, added to the built-in ones.
//	  words: {}      # e.g. {modal: [burde], negation: [aldri]}
//	  # Extra topics: topic -> words or phrases that signal it.
//	  topics: {}     # e.g. {adequacy-decision: [adekvansbeslutning]}
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/digdir/redline/internal/config/yamlfile"
	"github.com/digdir/redline/internal/langpath"
	"github.com/digdir/redline/internal/safefile"
)

// Config is the parsed redline.yaml.
type Config struct {
	// Path is the file the configuration was read from; "" for defaults.
	Path string

	Paths []string
	// PathsSet says whether the file sets paths. When it does not, Paths
	// is the default, [content], which the application may widen to the
	// whole repository where there is no content/ folder.
	PathsSet  bool
	Languages []string
	// LanguagePattern (language_pattern) are the path patterns that say
	// where a path names its language: "{lang}/**".
	LanguagePattern []string
	Title           map[string]string
	Site            Site
	// CommitURLTemplate is commit_url: a URL with {hash} in it.
	CommitURLTemplate string
	Versions          Versions
	Overrides         string
	Output            Output
	Classify          Classify

	// hugo names the files of the site's Hugo configuration that gave
	// defaults (ApplyHugo).
	hugo []string
	// set holds the dotted keys the file sets, which Hugo's configuration
	// does not override.
	set map[string]bool
}

// Site describes the Hugo site the pages are published on.
type Site struct {
	BaseURL string // without a trailing slash
	// BaseURLs are public addresses per language, without a trailing
	// slash: a language with one is published at its root.
	BaseURLs   map[string]string
	ContentDir string
	// ContentDirs maps a language to its own content directory.
	ContentDirs             map[string]string
	DefaultLanguageInSubdir bool
	// ChangelogPage is where the site publishes the generated Hugo pages,
	// as a content path: the Atom feeds link there.
	ChangelogPage string
	// HugoConfig (site.hugo_config) names the Hugo configuration file to
	// read; "" looks where Hugo looks.
	HugoConfig string

	// noHugo is site.hugo_config: false, to read no Hugo configuration.
	noHugo bool
	// permalinks are Hugo's, by kind ("page", "section") and section:
	// {page: {posts: "/:sections/:filename/"}}. No key of redline.yaml
	// sets them.
	permalinks map[string]map[string]string
}

// HugoFiles names the files of the site's Hugo configuration that gave
// defaults, in the order they were merged; none when there were none.
func (c *Config) HugoFiles() []string { return c.hugo }

// ReadsHugo says whether the site's Hugo configuration is to be read:
// site.hugo_config is not false.
func (c *Config) ReadsHugo() bool { return !c.Site.noHugo }

// Versions says where versions are declared and how commits close them.
type Versions struct {
	File       string
	TagPattern string
	Trailer    string
	// PerDocument (versions.per_document) gives each document versions
	// of its own, besides the repository's.
	PerDocument bool
	// FrontMatter names the front matter keys a document's own version
	// and effective date are read from, with PerDocument.
	FrontMatter FrontMatter
}

// FrontMatter names front matter keys (versions.front_matter); "" reads
// none.
type FrontMatter struct {
	Version string
	Date    string
}

// Output says what `redline changelog` writes, and where.
type Output struct {
	Dir           string
	Formats       []string
	AtomEditorial bool
}

// Classify extends the built-in classification rules.
type Classify struct {
	Words  map[string][]string
	Topics map[string][]string
	// Aliases (classify.aliases) are groups of names of one thing, such
	// as a product renamed: [[Firefox account, Mozilla account]]. One put
	// for another is proven editorial.
	Aliases [][]string
	// Synonyms (classify.synonyms) are groups of words or phrases of one
	// meaning by language ("*" for all), beside the thesaurus:
	// {nb: [[benytte, bruke]]}.
	Synonyms map[string][][]string
	// Lexicons (classify.lexicons) are directories searched first for
	// hunspell dictionaries, MyThes thesauri and WordNet.
	Lexicons []string
}

// Formats are the output formats `redline changelog` can write: hugo is
// the changelog page as Hugo content in HTML (_index.<lang>.html), which
// works with Hugo's default settings; hugo-markdown the same page in
// Markdown with raw HTML, for a site that allows it or a forge.
var Formats = []string{"hugo", "hugo-markdown", "json", "atom", "html"}

// defaultFormats are the formats written when the configuration names none.
var defaultFormats = []string{"hugo", "json", "atom", "html"}

// Default returns the configuration used when there is no file.
func Default() *Config {
	return &Config{
		Paths: []string{"content"},
		Title: map[string]string{"nb": "Endringslogg", "nn": "Endringslogg", "en": "Change log"},
		Site: Site{
			ContentDir:              "content",
			DefaultLanguageInSubdir: true,
			ChangelogPage:           "content/changelog",
		},
		Versions: Versions{
			File:        "changelog/versions.yaml",
			Trailer:     "Document-Version",
			FrontMatter: FrontMatter{Version: "version", Date: "effective_date"},
		},
		Overrides: "changelog/overrides.yaml",
		Output: Output{
			Dir:     "changelog",
			Formats: append([]string(nil), defaultFormats...),
		},
		Classify: Classify{Words: map[string][]string{}, Topics: map[string][]string{}},
	}
}

// FileName is the configuration file's name at the repository root.
const FileName = "redline.yaml"

// Load reads the configuration file at path, one the user named (with
// --config): a link is followed. Keys the file leaves out keep their
// defaults. Only a regular file of at most
// safefile.MaxConfigBytes (1 MiB) is read.
//
// Unlike the repository's own redline.yaml, a file named on the command
// line must exist: a typo must not silently give the defaults.
func Load(path string) (*Config, error) {
	data, err := safefile.ReadFile(path, safefile.MaxConfigBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, missingFile{path}
	}
	return load(path, func() ([]byte, error) { return data, err })
}

// LoadRepo reads redline.yaml at the root of the work tree root. The
// repository is not trusted: the file is read only if it is a regular
// file of at most safefile.MaxConfigBytes inside the repository, never
// through a link that leads out of it.
func LoadRepo(root string) (*Config, error) {
	path := filepath.Join(root, FileName)
	return load(path, func() ([]byte, error) { return safefile.ReadFileIn(root, FileName, safefile.MaxConfigBytes) })
}

// missingFile is the error for a configuration file named on the command
// line that is not there.
type missingFile struct{ path string }

func (e missingFile) Error() string { return e.path + ": no such configuration file" }
func (e missingFile) Unwrap() error { return fs.ErrNotExist }
func (e missingFile) Hint() string {
	return "check the path given to --config, or leave --config out to read redline.yaml at the repository root"
}

func load(path string, read func() ([]byte, error)) (*Config, error) {
	data, err := read()
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read configuration: %w", err)
	}
	return Parse(path, data)
}

// Parse reads a configuration from data; file names it in errors.
func Parse(file string, data []byte) (*Config, error) {
	c := Default()
	c.Path = file
	root, err := yamlfile.Parse(file, data)
	if err != nil || root == nil {
		return c, err
	}
	p := parser{file: file, c: c}
	if err := p.top(root); err != nil {
		return nil, err
	}
	return c, nil
}

type parser struct {
	file string
	c    *Config
}

func (p *parser) errorf(f yamlfile.Field, hint, format string, args ...any) error {
	return yamlfile.Errorf(p.file, f.Value, f.Path, hint, format, args...)
}

var topKeys = []string{"paths", "languages", "language_pattern", "title", "site", "commit_url", "versions", "overrides", "output", "classify"}

// Set reports whether the file sets the dotted key ("site.base_url").
func (c *Config) Set(key string) bool { return c.set[key] }

func (p *parser) mark(f yamlfile.Field) {
	if p.c.set == nil {
		p.c.set = map[string]bool{}
	}
	p.c.set[f.Path] = true
}

func (p *parser) top(root *yaml.Node) error {
	fields, err := yamlfile.Fields(p.file, root, "", topKeys)
	if err != nil {
		return err
	}
	c := p.c
	for _, f := range fields {
		switch f.Name {
		case "paths":
			c.PathsSet = true
			if c.Paths, err = p.pathspecs(f); err == nil && len(c.Paths) == 0 {
				err = p.errorf(f, "remove the key to track content/", "need at least one path")
			}
		case "languages":
			c.Languages, err = p.languages(f)
		case "language_pattern":
			c.LanguagePattern, err = p.patterns(f)
		case "title":
			c.Title, err = yamlfile.StringMap(p.file, f)
		case "site":
			err = p.site(f)
		case "commit_url":
			c.CommitURLTemplate, err = p.commitURL(f)
		case "versions":
			err = p.versions(f)
		case "overrides":
			c.Overrides, err = p.relPath(f)
		case "output":
			err = p.output(f)
		case "classify":
			err = p.classify(f)
		}
		if err != nil {
			return err
		}
		p.mark(f)
	}
	return p.checkLayout(root)
}

func (p *parser) site(parent yamlfile.Field) error {
	fields, err := yamlfile.Fields(p.file, parent.Value, parent.Path, []string{"hugo_config", "base_url", "base_urls", "content_dir", "content_dirs", "default_language_in_subdir", "changelog_page"})
	if err != nil {
		return err
	}
	for _, f := range fields {
		switch f.Name {
		case "hugo_config":
			if f.Value.Kind == yaml.ScalarNode && f.Value.Tag == "!!bool" {
				var on bool
				if on, err = yamlfile.Bool(p.file, f); err == nil && on {
					err = p.errorf(f, "name the Hugo configuration file, or write false to read none", "true is not a file")
				}
				p.c.Site.noHugo = true
				break
			}
			p.c.Site.HugoConfig, err = p.relPath(f)
		case "base_url":
			p.c.Site.BaseURL, err = p.baseURL(f)
		case "base_urls":
			p.c.Site.BaseURLs, err = p.langMap(f, p.baseURL)
		case "content_dir":
			p.c.Site.ContentDir, err = p.relPath(f)
		case "content_dirs":
			p.c.Site.ContentDirs, err = p.langMap(f, p.relPath)
		case "default_language_in_subdir":
			p.c.Site.DefaultLanguageInSubdir, err = yamlfile.Bool(p.file, f)
		case "changelog_page":
			p.c.Site.ChangelogPage, err = p.relPath(f)
		}
		if err != nil {
			return err
		}
		p.mark(f)
	}
	return nil
}

// langMap reads a mapping of language codes to values that value checks.
func (p *parser) langMap(parent yamlfile.Field, value func(yamlfile.Field) (string, error)) (map[string]string, error) {
	fields, err := yamlfile.Fields(p.file, parent.Value, parent.Path, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		if !langpath.IsCode(f.Name) || f.Name != strings.ToLower(f.Name) {
			return nil, yamlfile.Errorf(p.file, f.Key, f.Path, "use the language codes of languages:, in lower case, such as nb or en", "%q is not a language code", f.Name)
		}
		if out[f.Name], err = value(f); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// maxPatterns bounds language_pattern: each path is tried against each.
const maxPatterns = 16

// patterns reads language_pattern: one pattern or a list.
func (p *parser) patterns(f yamlfile.Field) ([]string, error) {
	var list []string
	var err error
	if f.Value.Kind == yaml.ScalarNode {
		var s string
		s, err = yamlfile.String(p.file, f)
		list = []string{s}
	} else {
		list, err = yamlfile.Strings(p.file, f)
	}
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || len(list) > maxPatterns {
		return nil, p.errorf(f, fmt.Sprintf("write one to %d patterns, such as \"{lang}/**\"", maxPatterns), "%d patterns", len(list))
	}
	for _, s := range list {
		if _, err := langpath.New(langpath.Spec{Patterns: []string{s}}); err != nil {
			var pe *langpath.PatternError
			errors.As(err, &pe)
			return nil, p.errorf(f, pe.Msg, "%q is not a language pattern", s)
		}
	}
	return list, nil
}

// checkLayout checks that the content directories name configured
// languages, and that the whole makes a layout.
func (p *parser) checkLayout(root *yaml.Node) error {
	c := p.c
	if len(c.Languages) > 0 {
		for lang := range c.Site.ContentDirs {
			if !contains(c.Languages, lang) {
				return yamlfile.Errorf(p.file, root, "site.content_dirs", "add it to languages:, or remove its directory", "%q is not one of languages: %s", lang, strings.Join(c.Languages, ", "))
			}
		}
	}
	_, err := c.Layout()
	return err
}

// Layout is the reading of languages from paths the configuration makes:
// its patterns, its content directories per language and file-name
// suffixes, with its languages only when it lists them.
func (c *Config) Layout() (*langpath.Layout, error) {
	return langpath.New(langpath.Spec{Languages: c.Languages, ContentDirs: c.Site.ContentDirs, Patterns: c.LanguagePattern})
}

// layout is Layout for reading, once the configuration has been checked.
func (c *Config) layout() *langpath.Layout {
	l, err := c.Layout()
	if err != nil {
		return nil
	}
	return l
}

func (p *parser) versions(parent yamlfile.Field) error {
	fields, err := yamlfile.Fields(p.file, parent.Value, parent.Path, []string{"file", "tag_pattern", "trailer", "per_document", "front_matter"})
	if err != nil {
		return err
	}
	for _, f := range fields {
		switch f.Name {
		case "file":
			p.c.Versions.File, err = p.relPath(f)
		case "tag_pattern":
			var s string
			if s, err = yamlfile.String(p.file, f); err == nil {
				if _, perr := path.Match(s, ""); perr != nil {
					err = p.errorf(f, `use a glob such as "v*" or "release-*"`, "%q is not a valid pattern", s)
				}
				p.c.Versions.TagPattern = s
			}
		case "trailer":
			var s string
			if s, err = yamlfile.String(p.file, f); err == nil && !trailerRE.MatchString(s) {
				err = p.errorf(f, "a trailer key is letters, digits and hyphens, such as Document-Version", "%q is not a git trailer key", s)
			}
			p.c.Versions.Trailer = s
		case "per_document":
			p.c.Versions.PerDocument, err = yamlfile.Bool(p.file, f)
		case "front_matter":
			err = p.frontMatter(f)
		}
		if err != nil {
			return err
		}
	}
	if strings.Contains(p.c.Versions.TagPattern, "{document}") && !p.c.Versions.PerDocument {
		return yamlfile.Errorf(p.file, parent.Value, parent.Path+".tag_pattern", "set versions.per_document: true, or take {document} out of the pattern",
			"%q names documents, and versions are not per document", p.c.Versions.TagPattern)
	}
	return nil
}

// frontMatter reads versions.front_matter: {version: KEY, date: KEY}.
func (p *parser) frontMatter(parent yamlfile.Field) error {
	fields, err := yamlfile.Fields(p.file, parent.Value, parent.Path, []string{"version", "date"})
	if err != nil {
		return err
	}
	for _, f := range fields {
		var s string
		if s, err = yamlfile.String(p.file, f); err != nil {
			return err
		}
		if s != "" && !frontKeyRE.MatchString(s) {
			return p.errorf(f, `name a top-level front matter key, such as version or effective_date, or "" for none`, "%q is not a front matter key", s)
		}
		switch f.Name {
		case "version":
			p.c.Versions.FrontMatter.Version = s
		case "date":
			p.c.Versions.FrontMatter.Date = s
		}
	}
	return nil
}

// frontKeyRE matches the names of front matter keys redline reads.
var frontKeyRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_-]*$`)

var trailerRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)

func (p *parser) output(parent yamlfile.Field) error {
	fields, err := yamlfile.Fields(p.file, parent.Value, parent.Path, []string{"dir", "formats", "atom_editorial"})
	if err != nil {
		return err
	}
	for _, f := range fields {
		switch f.Name {
		case "dir":
			p.c.Output.Dir, err = p.relPath(f)
		case "formats":
			p.c.Output.Formats, err = p.formats(f)
		case "atom_editorial":
			p.c.Output.AtomEditorial, err = yamlfile.Bool(p.file, f)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) formats(f yamlfile.Field) ([]string, error) {
	list, err := yamlfile.Strings(p.file, f)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, p.errorf(f, "list at least one of "+strings.Join(Formats, ", "), "no output formats")
	}
	seen := map[string]bool{}
	for _, s := range list {
		if !contains(Formats, s) {
			hint := "known formats: " + strings.Join(Formats, ", ")
			if g := yamlfile.Suggest(s, Formats); g != "" {
				hint = fmt.Sprintf("did you mean %q?", g)
			}
			return nil, p.errorf(f, hint, "unknown format %q", s)
		}
		if seen[s] {
			return nil, p.errorf(f, "list each format once", "format %q listed twice", s)
		}
		seen[s] = true
	}
	return list, nil
}

func (p *parser) classify(parent yamlfile.Field) error {
	fields, err := yamlfile.Fields(p.file, parent.Value, parent.Path, []string{"words", "topics", "aliases", "synonyms", "lexicons"})
	if err != nil {
		return err
	}
	for _, f := range fields {
		switch f.Name {
		case "words":
			p.c.Classify.Words, err = yamlfile.StringsMap(p.file, f)
		case "topics":
			p.c.Classify.Topics, err = yamlfile.StringsMap(p.file, f)
		case "aliases":
			p.c.Classify.Aliases, err = p.groups(f)
		case "synonyms":
			var langs []yamlfile.Field
			langs, err = yamlfile.Fields(p.file, f.Value, f.Path, nil)
			p.c.Classify.Synonyms = map[string][][]string{}
			for _, l := range langs {
				if err != nil {
					break
				}
				p.c.Classify.Synonyms[l.Name], err = p.groups(l)
			}
		case "lexicons":
			p.c.Classify.Lexicons, err = yamlfile.Strings(p.file, f)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// groups reads a list of lists of text: [[a, b], [c, d, e]], each of two
// or more.
func (p *parser) groups(f yamlfile.Field) ([][]string, error) {
	items, err := yamlfile.Items(p.file, f.Value, f.Path)
	if err != nil {
		return nil, err
	}
	out := make([][]string, 0, len(items))
	for i, item := range items {
		g, err := yamlfile.Strings(p.file, yamlfile.Field{Name: f.Name, Path: fmt.Sprintf("%s[%d]", f.Path, i), Value: item})
		if err != nil {
			return nil, err
		}
		if len(g) < 2 {
			return nil, yamlfile.Errorf(p.file, item, fmt.Sprintf("%s[%d]", f.Path, i), "write two or more names of one thing, as [Firefox account, Mozilla account]", "a group needs two or more entries")
		}
		out = append(out, g)
	}
	return out, nil
}

func (p *parser) languages(f yamlfile.Field) ([]string, error) {
	list, err := yamlfile.Strings(p.file, f)
	if err != nil {
		return nil, err
	}
	for i, s := range list {
		if !langpath.IsCode(s) || s != strings.ToLower(s) {
			return nil, p.errorf(f, "use the codes in the file names, in lower case, such as nb for _index.nb.md", "%q is not a language code", s)
		}
		if contains(list[:i], s) {
			return nil, p.errorf(f, "list each language once", "language %q listed twice", s)
		}
	}
	return list, nil
}

func (p *parser) baseURL(f yamlfile.Field) (string, error) {
	s, err := yamlfile.String(p.file, f)
	if err != nil || s == "" {
		return "", err
	}
	if checkBaseURL(s) != "" {
		return "", p.errorf(f, `write the site's address, such as https://docs.altinn.studio, or "" for none`, "%q is not an http or https address", s)
	}
	return strings.TrimRight(s, "/"), nil
}

// checkBaseURL says what is wrong with a site's address, "" when nothing.
func checkBaseURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "is not an http or https address"
	}
	return ""
}

func (p *parser) commitURL(f yamlfile.Field) (string, error) {
	s, err := yamlfile.String(p.file, f)
	if err != nil || s == "" {
		return "", err
	}
	if !strings.Contains(s, "{hash}") {
		return "", p.errorf(f, "put {hash} where the commit hash goes, such as https://github.com/ORG/REPO/commit/{hash}", "%q has no {hash}", s)
	}
	return s, nil
}

func (p *parser) relPaths(f yamlfile.Field) ([]string, error) {
	list, err := yamlfile.Strings(p.file, f)
	if err != nil {
		return nil, err
	}
	for i, s := range list {
		if list[i], err = p.checkRel(f, s); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func (p *parser) relPath(f yamlfile.Field) (string, error) {
	s, err := yamlfile.String(p.file, f)
	if err != nil {
		return "", err
	}
	return p.checkRel(f, s)
}

// checkRel accepts a slash-separated path inside the repository.
func (p *parser) checkRel(f yamlfile.Field, s string) (string, error) {
	const hint = "write a path relative to the repository root, with forward slashes"
	if s == "" {
		return "", p.errorf(f, hint, "empty path")
	}
	clean, problem := cleanRel(s)
	if problem != "" {
		return "", p.errorf(f, hint, "%q %s", s, problem)
	}
	return clean, nil
}

// cleanRel cleans a slash-separated path inside the repository, or says
// what keeps it from being one.
func cleanRel(s string) (clean, problem string) {
	if s == "" {
		return "", "is empty"
	}
	if strings.Contains(s, `\`) || path.IsAbs(s) {
		return "", "is not a relative path"
	}
	clean = path.Clean(s)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", "is outside the repository"
	}
	// git's own folder is no place to read documents from or write
	// output to; the folder name is matched as a case-insensitive file
	// system would.
	if first, _, _ := strings.Cut(clean, "/"); strings.EqualFold(first, ".git") {
		return "", "is inside git's own folder"
	}
	return clean, ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
