package config

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/digdir/redline/internal/config/yamlfile"
	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/langpath"
)

// hugoCandidates are where a Hugo site keeps its configuration, at the root of
// the repository, in the order Hugo looks: the first of the root files,
// then, merged over it, the first main file of config/_default/ and its
// languages file (whose top level is the languages table).
var hugoCandidates = struct{ Root, Default, Languages []string }{
	Root:      []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"},
	Default:   []string{"config/_default/hugo.toml", "config/_default/hugo.yaml", "config/_default/hugo.yml", "config/_default/hugo.json", "config/_default/config.toml", "config/_default/config.yaml", "config/_default/config.yml", "config/_default/config.json"},
	Languages: []string{"config/_default/languages.toml", "config/_default/languages.yaml", "config/_default/languages.yml", "config/_default/languages.json"},
}

// Limits on a Hugo configuration, which the repository controls: the
// decoders take memory with the nesting of TOML arrays and tables, and
// every language becomes a page and a feed of the changelog.
const (
	maxHugoNesting   = 32
	maxHugoLanguages = 100
)

// Hugo is what redline takes from a Hugo site's configuration. Fields are
// nil where the configuration says nothing.
type Hugo struct {
	// Files are the files read, in the order they were merged.
	Files []string

	BaseURL         *string
	ContentDir      *string
	DefaultLanguage *string
	// InSubdir is defaultContentLanguageInSubdir.
	InSubdir  *bool
	Languages map[string]*HugoLanguage
	// Disabled are the codes of disableLanguages.
	Disabled []string
	// Permalinks by kind ("page", "section") and section.
	Permalinks map[string]map[string]string

	hugoish bool // sets a key only Hugo's configuration has
}

// HugoLanguage is one entry of the languages table.
type HugoLanguage struct {
	ContentDir *string
	BaseURL    *string
	Weight     *int
	Disabled   *bool
}

// LoadHugo reads the site's Hugo configuration through read, which is
// given a slash-separated path from the repository root and returns an
// error satisfying fs.ErrNotExist for a file that is not there. only names
// the one file to read (site.hugo_config); "" looks where Hugo looks. It
// returns nil when there is no configuration. A root config.* that sets
// nothing Hugo's own is taken for another tool's and left alone.
func LoadHugo(read func(name string) ([]byte, error), only string) (*Hugo, error) {
	var h *Hugo
	take := func(names []string, languages, strict bool) error {
		for _, name := range names {
			data, err := read(name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return fmt.Errorf("cannot read Hugo's configuration: %w", err)
			}
			got, err := ParseHugo(name, data, languages)
			if err != nil {
				return err
			}
			if !strict && !got.hugoish && !strings.HasPrefix(name, "hugo.") {
				continue
			}
			if h == nil {
				h = &Hugo{}
			}
			h.merge(got)
			return nil
		}
		return nil
	}
	if only != "" {
		if _, err := read(only); errors.Is(err, fs.ErrNotExist) {
			return nil, &yamlfile.Error{File: FileName, Key: "site.hugo_config", Msg: fmt.Sprintf("%s is not in the repository", yamlfile.Excerpt(only)),
				Help: "name the Hugo configuration file from the repository root, or remove the key"}
		}
		err := take([]string{only}, strings.HasPrefix(path.Base(only), "languages."), true)
		return h, err
	}
	if err := take(hugoCandidates.Root, false, false); err != nil {
		return nil, err
	}
	if err := take(hugoCandidates.Default, false, true); err != nil {
		return nil, err
	}
	if err := take(hugoCandidates.Languages, true, true); err != nil {
		return nil, err
	}
	return h, nil
}

// hugoKeys are top-level keys only Hugo's configuration has: a root
// config.toml with none of them is some other tool's.
var hugoKeys = []string{"baseurl", "languagecode", "defaultcontentlanguage", "defaultcontentlanguageinsubdir", "contentdir", "languages", "theme", "module", "params", "markup", "permalinks", "taxonomies", "menus", "menu", "title", "disablekinds"}

// hugoParse is one file read.
type hugoParse struct {
	file    string
	src     []byte
	hugoish bool
}

// ParseHugo reads one Hugo configuration file, TOML, YAML or JSON by its
// extension; languages says the file is config/_default/languages.*, whose
// top level is the languages table. Errors name the file and the line.
func ParseHugo(file string, data []byte, languages bool) (*Hugo, error) {
	hp := &hugoParse{file: file, src: data}
	m, err := hp.decode()
	if err != nil {
		return nil, err
	}
	if languages {
		m = map[string]any{"languages": m}
	}
	h := &Hugo{Files: []string{file}}
	for _, k := range hugoKeys {
		if _, ok := m[k]; ok {
			hp.hugoish = true
		}
	}
	if err := hp.read(h, m); err != nil {
		return nil, err
	}
	h.hugoish = hp.hugoish || languages
	return h, nil
}

func (hp *hugoParse) decode() (map[string]any, error) {
	var m map[string]any
	switch ext := path.Ext(hp.file); ext {
	case ".toml":
		if line, ok := document.TOMLNesting(hp.src, maxHugoNesting); !ok {
			return nil, hp.errAt(line, "", "arrays or tables nested more than %d levels deep", maxHugoNesting)
		}
		if _, err := toml.Decode(string(hp.src), &m); err != nil {
			line, msg := 0, err.Error()
			var pe toml.ParseError
			if errors.As(err, &pe) {
				line, msg = pe.Position.Line, pe.Message
			}
			return nil, hp.errAt(line, "", "not valid TOML: %s", yamlfile.Excerpt(msg))
		}
	case ".yaml", ".yml":
		if err := yaml.Unmarshal(hp.src, &m); err != nil {
			msg := strings.TrimPrefix(err.Error(), "yaml: ")
			line := 0
			if n, rest, ok := strings.Cut(strings.TrimPrefix(msg, "line "), ": "); ok && strings.HasPrefix(msg, "line ") {
				line, _ = strconv.Atoi(n)
				msg = rest
			}
			return nil, hp.errAt(line, "", "not valid YAML: %s", yamlfile.Excerpt(msg))
		}
	case ".json":
		dec := json.NewDecoder(bytes.NewReader(hp.src))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			line := 0
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line = 1 + bytes.Count(hp.src[:min(int(se.Offset), len(hp.src))], []byte("\n"))
			}
			return nil, hp.errAt(line, "", "not valid JSON: %s", yamlfile.Excerpt(err.Error()))
		}
	default:
		return nil, hp.errAt(0, "", "not a TOML, YAML or JSON file")
	}
	return lowerKeys(m), nil
}

// lowerKeys lower-cases the keys of every table: Hugo's keys are
// case-insensitive (baseURL, baseurl).
func lowerKeys(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = lowerValue(v)
	}
	return out
}

func lowerValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return lowerKeys(x)
	case []map[string]any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = lowerKeys(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = lowerValue(e)
		}
		return out
	}
	return v
}

func (hp *hugoParse) read(h *Hugo, m map[string]any) error {
	var err error
	if h.BaseURL, err = hp.str(m, "baseurl"); err != nil {
		return err
	}
	if h.ContentDir, err = hp.dir(m, "contentdir"); err != nil {
		return err
	}
	if h.DefaultLanguage, err = hp.code(m, "defaultcontentlanguage"); err != nil {
		return err
	}
	if h.InSubdir, err = hp.boolean(m, "defaultcontentlanguageinsubdir"); err != nil {
		return err
	}
	if v, ok := m["disablelanguages"]; ok {
		list, ok := v.([]any)
		if !ok {
			return hp.errKey("disablelanguages", "write a list of language codes", "want a list, got %s", kind(v))
		}
		for i := range list {
			c, err := hp.code(map[string]any{"x": list[i]}, "x")
			if err != nil {
				return hp.errKey("disablelanguages", "write a list of language codes, such as [\"de\"]", "item %d is not a language code", i+1)
			}
			h.Disabled = append(h.Disabled, *c)
		}
	}
	if v, ok := m["languages"]; ok {
		langs, ok := v.(map[string]any)
		if !ok {
			return hp.errKey("languages", "write a table per language, such as [languages.en]", "want a table of languages, got %s", kind(v))
		}
		if len(langs) > maxHugoLanguages {
			return hp.errKey("languages", "redline writes a page and a feed per language; set languages: in redline.yaml to the ones to publish", "%d languages, more than the %d redline takes", len(langs), maxHugoLanguages)
		}
		h.Languages = map[string]*HugoLanguage{}
		for code, v := range langs {
			key := "languages." + code
			if !langpath.IsCode(code) {
				return hp.errKey(key, "name each language by its code, such as en or pt-br, as Hugo's file names carry it", "%s is not a language code", yamlfile.Excerpt(code))
			}
			t, ok := v.(map[string]any)
			if !ok {
				return hp.errKey(key, "write the language's settings as a table", "want a table, got %s", kind(v))
			}
			l := &HugoLanguage{}
			if l.ContentDir, err = hp.dir(t, key+".contentdir"); err != nil {
				return err
			}
			if l.BaseURL, err = hp.str(t, key+".baseurl"); err != nil {
				return err
			}
			if l.Weight, err = hp.integer(t, key+".weight"); err != nil {
				return err
			}
			if l.Disabled, err = hp.boolean(t, key+".disabled"); err != nil {
				return err
			}
			h.Languages[code] = l
		}
	}
	if err := hp.mounts(h, m); err != nil {
		return err
	}
	if v, ok := m["permalinks"]; ok {
		t, ok := v.(map[string]any)
		if !ok {
			return hp.errKey("permalinks", "write a table of section = pattern", "want a table, got %s", kind(v))
		}
		h.Permalinks = map[string]map[string]string{}
		for k, v := range t {
			if sub, ok := v.(map[string]any); ok {
				// Hugo 0.120's form: permalinks.page.<section>,
				// permalinks.section.<section>; the rest
				// (taxonomies, terms) are no pages redline tracks.
				if k != "page" && k != "section" {
					continue
				}
				for s, p := range sub {
					ps, ok := p.(string)
					if !ok {
						return hp.errKey("permalinks."+k+"."+s, "write the pattern as a string, such as \"/:sections/:filename/\"", "want a string, got %s", kind(p))
					}
					setPermalink(h, k, s, ps)
				}
				continue
			}
			ps, ok := v.(string)
			if !ok {
				return hp.errKey("permalinks."+k, "write the pattern as a string, such as \"/:sections/:filename/\"", "want a string, got %s", kind(v))
			}
			setPermalink(h, "page", k, ps) // the older form: pages of a section
		}
	}
	return nil
}

// mounts reads module.mounts that mount a folder as the content of one
// language (source = "content/nb", target = "content", lang = "nb"), the
// other way Hugo keeps a content directory per language. A language's
// contentDir in the languages table wins.
func (hp *hugoParse) mounts(h *Hugo, m map[string]any) error {
	mod, ok := m["module"].(map[string]any)
	if !ok {
		return nil
	}
	v, ok := mod["mounts"]
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		return hp.errKey("module.mounts", "write a list of tables, [[module.mounts]]", "want a list, got %s", kind(v))
	}
	for _, item := range list {
		t, ok := item.(map[string]any)
		if !ok {
			return hp.errKey("module.mounts", "write each mount as a table with source and target", "want a table, got %s", kind(item))
		}
		target, _ := t["target"].(string)
		if strings.Trim(target, "/") != "content" {
			continue
		}
		lang, err := hp.code(t, "module.mounts.lang")
		if err != nil || lang == nil {
			if err != nil {
				return err
			}
			continue
		}
		dir, err := hp.dir(t, "module.mounts.source")
		if err != nil || dir == nil {
			return err
		}
		if h.Languages == nil {
			h.Languages = map[string]*HugoLanguage{}
		}
		l := h.Languages[*lang]
		if l == nil {
			l = &HugoLanguage{}
			h.Languages[*lang] = l
		}
		if l.ContentDir == nil {
			l.ContentDir = dir
		}
	}
	return nil
}

func setPermalink(h *Hugo, kind, section, pattern string) {
	if h.Permalinks[kind] == nil {
		h.Permalinks[kind] = map[string]string{}
	}
	h.Permalinks[kind][strings.Trim(section, "/")] = pattern
}

// lookup finds the value at a dotted key ("languages.en.weight") in m,
// whose last part is in the table m is.
func lookup(m map[string]any, key string) (any, bool) {
	i := strings.LastIndexByte(key, '.')
	v, ok := m[key[i+1:]]
	return v, ok
}

func (hp *hugoParse) str(m map[string]any, key string) (*string, error) {
	v, ok := lookup(m, key)
	if !ok {
		return nil, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, hp.errKey(key, "write it as a quoted string", "want a string, got %s", kind(v))
	}
	return &s, nil
}

func (hp *hugoParse) dir(m map[string]any, key string) (*string, error) {
	s, err := hp.str(m, key)
	if err != nil || s == nil {
		return s, err
	}
	clean, problem := cleanRel(*s)
	if problem != "" {
		return nil, hp.errKey(key, "redline reads pages only inside the repository: set site.content_dir (or site.content_dirs) in redline.yaml", "%s %s", yamlfile.Excerpt(*s), problem)
	}
	return &clean, nil
}

func (hp *hugoParse) code(m map[string]any, key string) (*string, error) {
	s, err := hp.str(m, key)
	if err != nil || s == nil {
		return s, err
	}
	if !langpath.IsCode(*s) {
		return nil, hp.errKey(key, "write a language code, such as en or nb", "%s is not a language code", yamlfile.Excerpt(*s))
	}
	lower := strings.ToLower(*s)
	return &lower, nil
}

func (hp *hugoParse) boolean(m map[string]any, key string) (*bool, error) {
	v, ok := lookup(m, key)
	if !ok {
		return nil, nil
	}
	b, ok := v.(bool)
	if !ok {
		return nil, hp.errKey(key, "write true or false, without quotes", "want true or false, got %s", kind(v))
	}
	return &b, nil
}

func (hp *hugoParse) integer(m map[string]any, key string) (*int, error) {
	v, ok := lookup(m, key)
	if !ok {
		return nil, nil
	}
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case int:
		f = float64(x)
	case uint64:
		f = float64(x)
	case float64:
		f = x
	case json.Number:
		f, _ = x.Float64()
	default:
		return nil, hp.errKey(key, "write a whole number, without quotes", "want a number, got %s", kind(v))
	}
	if f != math.Trunc(f) || math.Abs(f) > 1e9 {
		return nil, hp.errKey(key, "write a whole number, such as 1 or 2", "want a whole number of at most a billion")
	}
	n := int(f)
	return &n, nil
}

func kind(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "a list"
	case string:
		return "the string " + yamlfile.Excerpt(x)
	case bool:
		return fmt.Sprint(x)
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("a %T value", v)
}

func (hp *hugoParse) errAt(line int, key, format string, args ...any) error {
	hint := "fix the file, or set site.hugo_config: false in redline.yaml to leave it unread"
	return &yamlfile.Error{File: hp.file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...), Help: hint}
}

// errKey is an error about the value at a dotted key; the line is where
// the file writes the key, as well as a plain reading of it finds.
func (hp *hugoParse) errKey(key, hint, format string, args ...any) error {
	parts := strings.Split(key, ".")
	shown := make([]string, len(parts))
	for i, p := range parts {
		shown[i] = cmp.Or(hugoNames[p], p)
	}
	return &yamlfile.Error{File: hp.file, Line: keyLine(hp.src, parts), Key: strings.Join(shown, "."),
		Msg: fmt.Sprintf(format, args...), Help: hint + " (or set site.hugo_config: false in redline.yaml to leave the file unread)"}
}

// hugoNames are the keys as Hugo's documentation writes them, for
// messages: the file may write them in any case.
var hugoNames = map[string]string{
	"baseurl": "baseURL", "contentdir": "contentDir", "defaultcontentlanguage": "defaultContentLanguage",
	"defaultcontentlanguageinsubdir": "defaultContentLanguageInSubdir", "disablelanguages": "disableLanguages",
}

// keyLine finds the line where a key path is written, for messages: each
// part, as a whole word, at or after the line of the part before, case
// ignored. It is a reading, not a parse, so it gives the line of the
// deepest part it finds; 0 when it finds none.
func keyLine(src []byte, parts []string) int {
	lines := bytes.Split(src, []byte("\n"))
	found, from := 0, 0
	for _, part := range parts {
		hit := -1
		for i := from; i < len(lines) && hit < 0; i++ {
			if hasWord(bytes.ToLower(lines[i]), strings.ToLower(part)) {
				hit = i
			}
		}
		if hit < 0 {
			break
		}
		found, from = hit+1, hit
	}
	return found
}

func hasWord(line []byte, w string) bool {
	for i := 0; ; {
		j := bytes.Index(line[i:], []byte(w))
		if j < 0 {
			return false
		}
		s, e := i+j, i+j+len(w)
		if (s == 0 || !wordByte(line[s-1])) && (e == len(line) || !wordByte(line[e])) {
			return true
		}
		i = s + 1
	}
}

func wordByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 0x80
}

// merge lays o over h: what o sets wins, language by language and key by
// key.
func (h *Hugo) merge(o *Hugo) {
	h.Files = append(h.Files, o.Files...)
	h.hugoish = h.hugoish || o.hugoish
	h.BaseURL = cmp.Or(o.BaseURL, h.BaseURL)
	h.ContentDir = cmp.Or(o.ContentDir, h.ContentDir)
	h.DefaultLanguage = cmp.Or(o.DefaultLanguage, h.DefaultLanguage)
	h.InSubdir = cmp.Or(o.InSubdir, h.InSubdir)
	if o.Disabled != nil {
		h.Disabled = o.Disabled
	}
	for code, ol := range o.Languages {
		if h.Languages == nil {
			h.Languages = map[string]*HugoLanguage{}
		}
		hl := h.Languages[code]
		if hl == nil {
			hl = &HugoLanguage{}
			h.Languages[code] = hl
		}
		hl.ContentDir = cmp.Or(ol.ContentDir, hl.ContentDir)
		hl.BaseURL = cmp.Or(ol.BaseURL, hl.BaseURL)
		hl.Weight = cmp.Or(ol.Weight, hl.Weight)
		hl.Disabled = cmp.Or(ol.Disabled, hl.Disabled)
	}
	for kind, m := range o.Permalinks {
		if h.Permalinks == nil {
			h.Permalinks = map[string]map[string]string{}
		}
		for s, p := range m {
			setPermalink(h, kind, s, p)
		}
	}
}

// SiteLanguages are the languages the site publishes, the default first,
// then by weight (0, unset, last), then by code, as Hugo orders them.
// Without a languages table, the default language alone when the
// configuration names one.
func (h *Hugo) SiteLanguages() []string {
	if h == nil {
		return nil
	}
	var langs []string
	for code, l := range h.Languages {
		if (l.Disabled == nil || !*l.Disabled) && !slices.Contains(h.Disabled, code) {
			langs = append(langs, code)
		}
	}
	if len(langs) == 0 {
		if h.DefaultLanguage != nil && len(h.Languages) == 0 {
			return []string{*h.DefaultLanguage}
		}
		return nil
	}
	weight := func(c string) int {
		if w := h.Languages[c].Weight; w != nil && *w != 0 {
			return *w
		}
		return math.MaxInt
	}
	slices.SortFunc(langs, func(a, b string) int { return cmp.Or(cmp.Compare(weight(a), weight(b)), cmp.Compare(a, b)) })
	def := "en" // Hugo's default
	if h.DefaultLanguage != nil {
		def = *h.DefaultLanguage
	}
	if i := slices.Index(langs, def); i > 0 {
		langs = slices.Insert(slices.Delete(langs, i, i+1), 0, def)
	}
	return langs
}

// ApplyHugo takes from h what redline.yaml did not set: the languages, the
// base URL (an absolute http or https address; Hugo's "/" and relative
// ones give pages no public URL) and one per language, the content
// directory and one per language, defaultContentLanguageInSubdir (false,
// Hugo's default, when h does not set it) and the permalinks.
func (c *Config) ApplyHugo(h *Hugo) {
	if h == nil {
		return
	}
	c.hugo = slices.Clone(h.Files)
	langs := h.SiteLanguages()
	if !c.set["languages"] && len(langs) > 0 {
		c.Languages = langs
	}
	if !c.set["site.base_url"] && h.BaseURL != nil {
		c.Site.BaseURL = absoluteURL(*h.BaseURL)
	}
	if !c.set["site.content_dir"] && h.ContentDir != nil {
		c.Site.ContentDir = *h.ContentDir
	}
	if !c.set["site.default_language_in_subdir"] {
		c.Site.DefaultLanguageInSubdir = h.InSubdir != nil && *h.InSubdir
	}
	dirs, bases := map[string]string{}, map[string]string{}
	explicit := false
	for _, code := range langs {
		l := h.Languages[code]
		if l == nil {
			continue
		}
		dirs[code] = c.Site.ContentDir
		if l.ContentDir != nil {
			dirs[code], explicit = *l.ContentDir, true
		}
		if l.BaseURL != nil {
			if u := absoluteURL(*l.BaseURL); u != "" {
				bases[code] = u
			}
		}
	}
	if !c.set["site.content_dirs"] && explicit {
		c.Site.ContentDirs = dirs
	}
	if !c.set["site.base_urls"] && len(bases) > 0 {
		c.Site.BaseURLs = bases
	}
	if len(h.Permalinks) > 0 {
		c.Site.permalinks = h.Permalinks
	}
}

// absoluteURL returns s without its trailing slash when it is an http or
// https address with a host, else "".
func absoluteURL(s string) string {
	if problem := checkBaseURL(s); problem != "" {
		return ""
	}
	return strings.TrimRight(s, "/")
}
