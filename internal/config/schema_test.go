package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/config/yamlfile"
	"github.com/digdir/redline/internal/schematest"
)

// The JSON Schema of redline.yaml and the configuration reference are
// published in docs/; these tests hold them to what Parse does.

const (
	schemaFile   = "../../docs/schema/redline.schema.json"
	referenceDoc = "../../docs/configuration.md"
)

// notKeys are the fields of Config that no key sets.
var notKeys = map[string]bool{"Path": true, "PathsSet": true}

// keyNames are the keys whose names are not the field's name in snake
// case.
var keyNames = map[string]string{"CommitURLTemplate": "commit_url"}

// snake writes a Go field name as a YAML key: BaseURL is base_url,
// DefaultLanguageInSubdir default_language_in_subdir.
func snake(name string) string {
	if k, ok := keyNames[name]; ok {
		return k
	}
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		// An upper-case letter starts a word after a lower-case one, and
		// ends an acronym before one, unless that is a plural's s (URLs).
		plural := i+2 == len(r) && r[i+1] == 's'
		if unicode.IsUpper(c) && i > 0 && (unicode.IsLower(r[i-1]) || i+1 < len(r) && unicode.IsLower(r[i+1]) && !plural) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// configKey is a key of redline.yaml found in the Config type.
type configKey struct {
	path  string // dotted: site.base_url
	index []int  // the field, for reflect.Value.FieldByIndex
	typ   reflect.Type
}

// configKeys lists the keys of t by its fields, depth first: a struct
// field is a mapping of keys of its own.
func configKeys(t reflect.Type, prefix string, index []int) []configKey {
	var out []configKey
	for i := range t.NumField() {
		f := t.Field(i)
		if notKeys[f.Name] || !f.IsExported() {
			continue
		}
		k := configKey{path: join(prefix, snake(f.Name)), index: append(slices.Clone(index), i), typ: f.Type}
		out = append(out, k)
		if f.Type.Kind() == reflect.Struct {
			out = append(out, configKeys(f.Type, k.path, k.index)...)
		}
	}
	return out
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// schemaDoc is a JSON Schema read as plain JSON, to walk its properties.
type schemaDoc = map[string]any

func readSchemaDoc(t *testing.T, path string) schemaDoc {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc schemaDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

// schemaProps lists the properties of doc, depth first, by dotted path.
func schemaProps(doc schemaDoc, prefix string) map[string]schemaDoc {
	out := map[string]schemaDoc{}
	props, _ := doc["properties"].(map[string]any)
	for name, p := range props {
		p := p.(map[string]any)
		path := join(prefix, name)
		out[path] = p
		for k, v := range schemaProps(p, path) {
			out[k] = v
		}
	}
	return out
}

// TestSchemaHasEveryKey holds the schema's properties to the fields of
// Config, both ways: a key added to the code must be published, and the
// schema must not promise a key the code does not have.
func TestSchemaHasEveryKey(t *testing.T) {
	props := schemaProps(readSchemaDoc(t, schemaFile), "")
	keys := configKeys(reflect.TypeFor[Config](), "", nil)
	if len(keys) < 20 {
		t.Fatalf("found only %d keys by reflection: %v", len(keys), keys)
	}
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k.path] = true
		p, ok := props[k.path]
		if !ok {
			t.Errorf("%s (a field of Config) is not in %s", k.path, schemaFile)
			continue
		}
		if d, _ := p["description"].(string); len(d) < 20 {
			t.Errorf("%s: the schema's description %q says too little", k.path, d)
		}
		if k.typ.Kind() == reflect.Struct && p["additionalProperties"] != false {
			t.Errorf("%s: Parse refuses unknown keys here; the schema must too (additionalProperties: false)", k.path)
		}
	}
	for path := range props {
		if !seen[path] {
			t.Errorf("%s is in %s but no field of Config", path, schemaFile)
		}
	}
	if doc := readSchemaDoc(t, schemaFile); doc["additionalProperties"] != false {
		t.Error("Parse refuses unknown keys at the top; the schema must too")
	}
}

// leaves are the keys that hold values rather than keys of their own.
func leaves(t *testing.T) []configKey {
	var out []configKey
	for _, k := range configKeys(reflect.TypeFor[Config](), "", nil) {
		if k.typ.Kind() != reflect.Struct {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		t.Fatal("no keys")
	}
	return out
}

// nest writes one key with its value as a YAML document: site.base_url
// becomes site: {base_url: value}.
func nest(t *testing.T, path string, v any) []byte {
	t.Helper()
	parts := strings.Split(path, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		v = map[string]any{parts[i]: v}
	}
	out, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// normal makes nil and empty slices and maps alike, for comparing
// values that mean the same.
func normal(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		if v.Len() == 0 {
			return nil
		}
	}
	return v.Interface()
}

// TestSchemaExamplesReachTheirField parses every example the schema gives
// for a key: Parse must accept it, set the field the key names to
// something other than its default, and the schema must accept it too.
// A key the schema made up would be refused as unknown.
func TestSchemaExamplesReachTheirField(t *testing.T) {
	props := schemaProps(readSchemaDoc(t, schemaFile), "")
	sch := schematest.Compile(t, schemaFile)
	for _, k := range leaves(t) {
		examples, _ := props[k.path]["examples"].([]any)
		if len(examples) == 0 {
			t.Errorf("%s: the schema gives no example", k.path)
			continue
		}
		for _, ex := range examples {
			src := nest(t, k.path, ex)
			c, err := Parse("redline.yaml", src)
			if err != nil {
				t.Errorf("%s: Parse refuses the schema's example:\n%s%v", k.path, src, err)
				continue
			}
			got := reflect.ValueOf(c).Elem().FieldByIndex(k.index)
			def := reflect.ValueOf(Default()).Elem().FieldByIndex(k.index)
			if reflect.DeepEqual(normal(got), normal(def)) {
				t.Errorf("%s: the example\n%sleft %v at its default", k.path, src, got)
			}
			if err := sch.Validate(schematest.YAMLValue(t, src)); err != nil {
				t.Errorf("%s: the schema refuses its own example:\n%s%v", k.path, src, err)
			}
		}
	}
}

// TestSchemaDefaultsAreDefault checks each default the schema states
// against Default: a file that sets a key to the schema's default parses
// to the default configuration.
func TestSchemaDefaultsAreDefault(t *testing.T) {
	props := schemaProps(readSchemaDoc(t, schemaFile), "")
	// These keys have no value that spells their default: without
	// languages, they are the Hugo configuration's or read from the file
	// names; without language_pattern there is none; without
	// site.hugo_config, redline looks where Hugo looks.
	noDefault := map[string]bool{"languages": true, "language_pattern": true, "site.hugo_config": true}
	for _, k := range leaves(t) {
		d, ok := props[k.path]["default"]
		if !ok {
			if !noDefault[k.path] {
				t.Errorf("%s: the schema states no default", k.path)
			}
			continue
		}
		src := nest(t, k.path, d)
		c, err := Parse("redline.yaml", src)
		if err != nil {
			t.Errorf("%s: Parse refuses the schema's default:\n%s%v", k.path, src, err)
			continue
		}
		got := reflect.ValueOf(c).Elem().FieldByIndex(k.index)
		want := reflect.ValueOf(Default()).Elem().FieldByIndex(k.index)
		if !reflect.DeepEqual(normal(got), normal(want)) {
			t.Errorf("%s: the schema's default %v parses to %#v; Default() has %#v", k.path, d, got, want)
		}
	}
}

// TestSchemaRefusesWhatParseRefuses gives both the same files, of an
// unknown key at every level, a value of the wrong kind for every key,
// and values Parse checks: each must be refused by both.
func TestSchemaRefusesWhatParseRefuses(t *testing.T) {
	type tc struct{ name, src string }
	var cases []tc
	cases = append(cases, tc{"unknown top key", "colour: red\n"})
	for _, k := range configKeys(reflect.TypeFor[Config](), "", nil) {
		switch k.typ.Kind() {
		case reflect.Struct:
			cases = append(cases, tc{k.path + ": unknown key", string(nest(t, k.path+".colour", "red"))})
			cases = append(cases, tc{k.path + ": a list", string(nest(t, k.path, []string{"a"}))})
		case reflect.Map:
			cases = append(cases, tc{k.path + ": a list", string(nest(t, k.path, []string{"a", "b"}))})
			cases = append(cases, tc{k.path + ": text", string(nest(t, k.path, "a"))})
		case reflect.Slice:
			cases = append(cases, tc{k.path + ": a mapping", string(nest(t, k.path, map[string]string{"a": "b"}))})
		case reflect.Bool:
			cases = append(cases, tc{k.path + ": text", string(nest(t, k.path, "yes please"))})
			cases = append(cases, tc{k.path + ": a list", string(nest(t, k.path, []bool{true}))})
		case reflect.String:
			cases = append(cases, tc{k.path + ": a mapping", string(nest(t, k.path, map[string]string{"a": "b"}))})
			cases = append(cases, tc{k.path + ": a list", string(nest(t, k.path, []string{"a"}))})
		default:
			t.Errorf("%s: a key of kind %v: teach this test its wrong values", k.path, k.typ.Kind())
		}
	}
	cases = append(cases, []tc{
		{"no paths", "paths: []\n"},
		{"absolute path", "paths: [content, /etc]\n"},
		{"path with backslash", `paths: ['content\dpia']` + "\n"},
		{"path outside", "overrides: ../overrides.yaml\n"},
		{"path in .git", "output: {dir: ./.Git/hooks}\n"},
		{"empty path", "versions: {file: \"\"}\n"},
		{"null path", "site: {content_dir: ~}\n"},
		{"language in capitals", "languages: [nb, EN]\n"},
		{"language name", "languages: [norsk-bokmål]\n"},
		{"language twice", "languages: [nb, en, nb]\n"},
		{"base url without scheme", "site: {base_url: docs.altinn.studio}\n"},
		{"base url ftp", "site: {base_url: \"ftp://example.org\"}\n"},
		{"base url with query", "site: {base_url: \"https://example.org/?a=b\"}\n"},
		{"commit url without hash", "commit_url: https://github.com/o/r/commit/\n"},
		{"trailer with a space", "versions: {trailer: Document Version}\n"},
		{"null trailer", "versions: {trailer: ~}\n"},
		{"unknown format", "output: {formats: [json, pdf]}\n"},
		{"format twice", "output: {formats: [json, json]}\n"},
		{"no formats", "output: {formats: []}\n"},
		{"alias group of one", "classify: {aliases: [[Firefox account]]}\n"},
		{"alias group as text", "classify: {aliases: [Firefox account]}\n"},
		{"synonyms not by language", "classify: {synonyms: [[a, b]]}\n"},
		{"synonym group of one", "classify: {synonyms: {nb: [[a]]}}\n"},
		{"title by language, a list", "title: {nb: [a]}\n"},
		{"top is a list", "- paths\n"},
		{"no language patterns", "language_pattern: []\n"},
		{"language pattern without {lang}", "language_pattern: \"docs/**\"\n"},
		{"hugo_config true", "site: {hugo_config: true}\n"},
		{"hugo_config empty", "site: {hugo_config: \"\"}\n"},
		{"base_urls by a name", "site: {base_urls: {English: \"https://en.example.org\"}}\n"},
		{"base_urls ftp", "site: {base_urls: {en: \"ftp://en.example.org\"}}\n"},
		{"content_dirs outside", "site: {content_dirs: {en: ../en}}\n"},
		{"content_dirs a list", "site: {content_dirs: [content/en]}\n"},
	}...)
	sch := schematest.Compile(t, schemaFile)
	for _, c := range cases {
		_, perr := Parse("redline.yaml", []byte(c.src))
		var ye *yamlfile.Error
		if perr == nil || !errors.As(perr, &ye) {
			t.Errorf("%s: Parse accepts (or fails otherwise: %v)\n%s", c.name, perr, c.src)
			continue
		}
		if err := sch.Validate(schematest.YAMLValue(t, []byte(c.src))); err == nil {
			t.Errorf("%s: Parse refuses it (%v) but the schema accepts\n%s", c.name, perr, c.src)
		}
	}
}

// TestSchemaAcceptsWhatParseAccepts gives both files Parse accepts,
// written in the shorter forms people use.
func TestSchemaAcceptsWhatParseAccepts(t *testing.T) {
	sch := schematest.Compile(t, schemaFile)
	for _, src := range []string{
		"",
		"# nothing yet\n",
		"~\n",
		"paths: content\n",
		"paths: [content/dpia, ./docs/]\n",
		"languages: nb\n",
		"languages: ~\n",
		"languages: [nb, pt-br]\n",
		"title: {nb: ~}\n",
		"site: {base_url: \"\", content_dir: .}\n",
		"site: {base_url: \"HTTPS://Example.org/docs/\"}\n",
		"site: {base_url: ~}\n",
		"commit_url: \"\"\n",
		"commit_url: ~\n",
		"versions: {tag_pattern: ~}\n",
		"output: {formats: json}\n",
		"classify: {words: {modal.nb: burde, stopword: ~}, topics: {my-topic: x}}\n",
		"classify: {synonyms: {\"*\": [[e-post, epost]]}, lexicons: dict}\n",
		"classify: {aliases: []}\n",
		"language_pattern: \"docs/*.{lang}.md\"\n",
		"site: {hugo_config: false}\n",
		"site: {base_urls: {en: \"\"}, content_dirs: {nb: content/nb}}\n",
	} {
		if _, err := Parse("redline.yaml", []byte(src)); err != nil {
			t.Errorf("Parse refuses %q: %v", src, err)
			continue
		}
		if err := sch.Validate(schematest.YAMLValue(t, []byte(src))); err != nil {
			t.Errorf("the schema refuses %q, which Parse accepts: %v", src, err)
		}
	}
}

// TestConfigFilesMatchSchema validates the repository's own redline.yaml
// and the test files: those Parse accepts, the schema accepts; those it
// refuses, the schema refuses.
func TestConfigFilesMatchSchema(t *testing.T) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join("..", "..", FileName))
	sch := schematest.Compile(t, schemaFile)
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		checked++
		_, perr := Parse(f, data)
		verr := sch.Validate(schematest.YAMLValue(t, data))
		switch {
		case perr == nil && verr != nil:
			t.Errorf("%s: Parse accepts it, the schema refuses: %v", f, verr)
		case perr != nil && verr == nil:
			t.Errorf("%s: Parse refuses it (%v), the schema accepts", f, perr)
		}
	}
	if checked == 0 {
		t.Fatal("no configuration file found to check")
	}
}

// TestSchemaWordListsAreBuiltIn compares the word lists the schema lets
// classify.words name with those of the built-in rules: Rules.Extend
// refuses any other.
func TestSchemaWordListsAreBuiltIn(t *testing.T) {
	words := schemaProps(readSchemaDoc(t, schemaFile), "")["classify.words"]
	pattern, _ := words["propertyNames"].(map[string]any)["pattern"].(string)
	m := regexp.MustCompile(`^\^\(([a-z|-]+)\)`).FindStringSubmatch(pattern)
	if m == nil {
		t.Fatalf("classify.words: propertyNames pattern %q does not list the word lists as ^(a|b|...)", pattern)
	}
	inSchema := strings.Split(m[1], "|")
	sort.Strings(inSchema)

	data, err := os.ReadFile("../classify/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var rules struct {
		Words map[string]any `yaml:"words"`
	}
	if err := yaml.Unmarshal(data, &rules); err != nil {
		t.Fatal(err)
	}
	var builtIn []string
	for name := range rules.Words {
		builtIn = append(builtIn, name)
	}
	sort.Strings(builtIn)
	if !slices.Equal(inSchema, builtIn) {
		t.Errorf("classify.words: the schema allows the lists\n%v\nthe built-in rules have\n%v", inSchema, builtIn)
	}
}

// TestReferenceNamesEveryKey checks that docs/configuration.md gives
// every key a heading of its own, by its dotted path in backquotes, and
// that the section of each key the schema gives a default states it.
func TestReferenceNamesEveryKey(t *testing.T) {
	data, err := os.ReadFile(referenceDoc)
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	var at string
	fenced := false
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		if !fenced && strings.HasPrefix(line, "#") {
			at = ""
			if m := regexp.MustCompile("^#+ `([a-z_.]+)`").FindStringSubmatch(line); m != nil {
				at = m[1]
			}
			continue
		}
		if at != "" {
			sections[at] += line + "\n"
		}
	}
	props := schemaProps(readSchemaDoc(t, schemaFile), "")
	for _, k := range configKeys(reflect.TypeFor[Config](), "", nil) {
		text, ok := sections[k.path]
		if !ok {
			t.Errorf("%s has no heading of its own in %s (want a line such as \"### `%s`\")", k.path, referenceDoc, k.path)
			continue
		}
		d, ok := props[k.path]["default"]
		if !ok || k.typ.Kind() == reflect.Struct {
			continue
		}
		if !strings.Contains(text, "Default") {
			t.Errorf("%s: its section in %s says nothing of its default", k.path, referenceDoc)
		}
		var want []string
		switch d := d.(type) {
		case []any:
			for _, x := range d {
				want = append(want, fmt.Sprint(x))
			}
		case map[string]any:
			for l, x := range d {
				want = append(want, l+": "+fmt.Sprint(x))
			}
		case string:
			if d == "" {
				d = `""`
			}
			want = append(want, "`"+d+"`")
		default:
			want = append(want, "`"+fmt.Sprint(d)+"`")
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: its section in %s does not give the default %s", k.path, referenceDoc, w)
			}
		}
	}
}

// yamlBlocks returns the ```yaml blocks of a Markdown document by the
// title of the "## " section they are in.
func yamlBlocks(doc string) map[string][]string {
	out := map[string][]string{}
	var section string
	var block []string
	in := false
	for _, line := range strings.Split(doc, "\n") {
		switch {
		case !in && strings.HasPrefix(line, "## "):
			section = strings.TrimPrefix(line, "## ")
		case !in && strings.TrimSpace(line) == "```yaml":
			in, block = true, nil
		case in && strings.TrimSpace(line) == "```":
			in = false
			out[section] = append(out[section], strings.Join(block, "\n")+"\n")
		case in:
			block = append(block, line)
		}
	}
	return out
}

// TestReferenceExamplesLoad parses every example of redline.yaml in
// docs/configuration.md: Parse, the classifier's rules and the schema
// must all accept it.
func TestReferenceExamplesLoad(t *testing.T) {
	data, err := os.ReadFile(referenceDoc)
	if err != nil {
		t.Fatal(err)
	}
	blocks := yamlBlocks(string(data))
	sch := schematest.Compile(t, schemaFile)
	n := 0
	for _, section := range []string{"redline.yaml", "A complete example", "JSON Schemas"} {
		for _, src := range blocks[section] {
			n++
			c, err := Parse("redline.yaml", []byte(src))
			if err != nil {
				t.Errorf("%s: an example does not parse:\n%s%v", section, src, err)
				continue
			}
			ext := classify.Extension{Words: c.Classify.Words, Topics: c.Classify.Topics, Aliases: c.Classify.Aliases, Synonyms: c.Classify.Synonyms}
			if err := classify.Default().Extend(ext); err != nil {
				t.Errorf("%s: the rules refuse an example:\n%s%v", section, src, err)
			}
			if err := sch.Validate(schematest.YAMLValue(t, []byte(src))); err != nil {
				t.Errorf("%s: the schema refuses an example:\n%s%v", section, src, err)
			}
		}
	}
	if n < 10 {
		t.Errorf("found %d examples of redline.yaml in %s; the sections were renamed?", n, referenceDoc)
	}
}
