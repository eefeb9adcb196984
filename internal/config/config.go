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
//	# Path prefixes whose Markdown files are tracked. Without the key, and
//	# with no content/ folder in the repository, every Markdown file is.
//	paths: [content]
//
//	# Language codes. Default: none, meaning "detect from file names"
//	# (_index.nb.md is "nb"). The first is the default language.
//	languages: [nb, en]
//
//	# Title of the change log, per language.
//	title: {nb: Endringslogg, en: Change log}
//
//	site:
//	  # Public address of the Hugo site; "" (the default) means pages have
//	  # no public URL and links use repository paths.
//	  base_url: ""
//	  # Hugo's content directory: content/<section>/<page>/_index.<lang>.md
//	  # is published at <base_url>/<lang>/<section>/<page>/.
//	  content_dir: content
//	  # Whether the default language also gets a /<lang>/ prefix (Hugo's
//	  # defaultContentLanguageInSubdir). Default true, unlike Hugo's own
//	  # default, because multilingual documentation sites nearly always set it.
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
//	  tag_pattern: ""
//	  # Commit trailer that closes a version: "Document-Version: 2.5".
//	  trailer: Document-Version
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
	Title     map[string]string
	Site      Site
	// CommitURLTemplate is commit_url: a URL with {hash} in it.
	CommitURLTemplate string
	Versions          Versions
	Overrides         string
	Output            Output
	Classify          Classify
}

// Site describes the Hugo site the pages are published on.
type Site struct {
	BaseURL                 string // without a trailing slash
	ContentDir              string
	DefaultLanguageInSubdir bool
	// ChangelogPage is where the site publishes the generated Hugo pages,
	// as a content path: the Atom feeds link there.
	ChangelogPage string
}

// Versions says where versions are declared and how commits close them.
type Versions struct {
	File       string
	TagPattern string
	Trailer    string
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

// Formats are the output formats `redline changelog` can write.
var Formats = []string{"hugo", "json", "atom", "html"}

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
			File:    "changelog/versions.yaml",
			Trailer: "Document-Version",
		},
		Overrides: "changelog/overrides.yaml",
		Output: Output{
			Dir:     "changelog",
			Formats: append([]string(nil), Formats...),
		},
		Classify: Classify{Words: map[string][]string{}, Topics: map[string][]string{}},
	}
}

// FileName is the configuration file's name at the repository root.
const FileName = "redline.yaml"

// Load reads the configuration file at path, one the user named (with
// --config): a link is followed. A missing file gives the defaults; keys
// the file leaves out keep their defaults. Only a regular file of at most
// safefile.MaxConfigBytes (1 MiB) is read.
func Load(path string) (*Config, error) {
	return load(path, func() ([]byte, error) { return safefile.ReadFile(path, safefile.MaxConfigBytes) })
}

// LoadRepo reads redline.yaml at the root of the work tree root. The
// repository is not trusted: the file is read only if it is a regular
// file of at most safefile.MaxConfigBytes inside the repository, never
// through a link that leads out of it.
func LoadRepo(root string) (*Config, error) {
	path := filepath.Join(root, FileName)
	return load(path, func() ([]byte, error) { return safefile.ReadFileIn(root, FileName, safefile.MaxConfigBytes) })
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

var topKeys = []string{"paths", "languages", "title", "site", "commit_url", "versions", "overrides", "output", "classify"}

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
			if c.Paths, err = p.relPaths(f); err == nil && len(c.Paths) == 0 {
				err = p.errorf(f, "remove the key to track content/", "need at least one path")
			}
		case "languages":
			c.Languages, err = p.languages(f)
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
	}
	return nil
}

func (p *parser) site(parent yamlfile.Field) error {
	fields, err := yamlfile.Fields(p.file, parent.Value, parent.Path, []string{"base_url", "content_dir", "default_language_in_subdir", "changelog_page"})
	if err != nil {
		return err
	}
	for _, f := range fields {
		switch f.Name {
		case "base_url":
			p.c.Site.BaseURL, err = p.baseURL(f)
		case "content_dir":
			p.c.Site.ContentDir, err = p.relPath(f)
		case "default_language_in_subdir":
			p.c.Site.DefaultLanguageInSubdir, err = yamlfile.Bool(p.file, f)
		case "changelog_page":
			p.c.Site.ChangelogPage, err = p.relPath(f)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) versions(parent yamlfile.Field) error {
	fields, err := yamlfile.Fields(p.file, parent.Value, parent.Path, []string{"file", "tag_pattern", "trailer"})
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
		}
		if err != nil {
			return err
		}
	}
	return nil
}

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
	u, perr := url.Parse(s)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", p.errorf(f, `write the site's address, such as https://docs.altinn.studio, or "" for none`, "%q is not an http or https address", s)
	}
	return strings.TrimRight(s, "/"), nil
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
	if strings.Contains(s, `\`) || path.IsAbs(s) {
		return "", p.errorf(f, hint, "%q is not a relative path", s)
	}
	clean := path.Clean(s)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", p.errorf(f, hint, "%q is outside the repository", s)
	}
	// git's own folder is no place to read documents from or write
	// output to; the folder name is matched as a case-insensitive file
	// system would.
	if first, _, _ := strings.Cut(clean, "/"); strings.EqualFold(first, ".git") {
		return "", p.errorf(f, hint, "%q is inside git's own folder", s)
	}
	return clean, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
