package release

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/digdir/redline/internal/config/yamlfile"
	"github.com/digdir/redline/internal/schematest"
)

// The JSON Schemas of the versions and overrides files and the reference
// that describes them are published in docs/; these tests hold them to
// what LoadVersions and LoadOverrides do.

const (
	versionsSchema  = "../../docs/schema/versions.schema.json"
	overridesSchema = "../../docs/schema/overrides.schema.json"
	referenceDoc    = "../../docs/configuration.md"
)

func readSchemaDoc(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

// itemSchema is the schema of one entry of the file: $defs/<name>.
func itemSchema(t *testing.T, path, name string) map[string]any {
	t.Helper()
	defs, _ := readSchemaDoc(t, path)["$defs"].(map[string]any)
	item, ok := defs[name].(map[string]any)
	if !ok {
		t.Fatalf("%s has no $defs/%s", path, name)
	}
	return item
}

func propNames(item map[string]any) []string {
	props, _ := item["properties"].(map[string]any)
	var out []string
	for k := range props {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// snake writes a field name as its key: ID is id, TagPattern would be
// tag_pattern.
func snake(name string) string {
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		plural := i+2 == len(r) && r[i+1] == 's' // URLs is urls
		if unicode.IsUpper(c) && i > 0 && (unicode.IsLower(r[i-1]) || i+1 < len(r) && unicode.IsLower(r[i+1]) && !plural) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// fieldKeys maps the keys the fields of a spec type stand for to the
// fields' names. Line is where the entry starts, not a key.
func fieldKeys(typ reflect.Type) map[string]string {
	out := map[string]string{}
	for i := range typ.NumField() {
		if name := typ.Field(i).Name; name != "Line" {
			out[snake(name)] = name
		}
	}
	return out
}

// TestSchemasHaveEveryKey holds each schema's keys to the keys the
// loader knows and to the fields of the spec it fills, both ways, and
// checks that the schema refuses other keys, as the loader does.
func TestSchemasHaveEveryKey(t *testing.T) {
	for _, c := range []struct {
		schema, def string
		known       []string
		typ         reflect.Type
	}{
		{versionsSchema, "version", versionKeys, reflect.TypeFor[VersionSpec]()},
		{overridesSchema, "override", overrideKeys, reflect.TypeFor[OverrideSpec]()},
	} {
		item := itemSchema(t, c.schema, c.def)
		got := propNames(item)
		known := slices.Sorted(slices.Values(c.known))
		if !slices.Equal(got, known) {
			t.Errorf("%s: the schema has the keys\n%v\nthe loader knows\n%v", c.schema, got, known)
		}
		if fields := slices.Sorted(maps.Keys(fieldKeys(c.typ))); !slices.Equal(got, fields) {
			t.Errorf("%s: the schema has the keys\n%v\nthe fields of %v are\n%v", c.schema, got, c.typ, fields)
		}
		if item["additionalProperties"] != false {
			t.Errorf("%s: the loader refuses unknown keys; the schema must too (additionalProperties: false)", c.schema)
		}
		props := item["properties"].(map[string]any)
		for _, k := range got {
			if d, _ := props[k].(map[string]any)["description"].(string); len(d) < 15 {
				t.Errorf("%s: %s: the description %q says too little", c.schema, k, d)
			}
		}
	}
}

// TestVersionExamplesReachTheirField parses each example the schema gives
// for a key of a version: the loader must accept it and fill the field,
// and the schema accept it too.
func TestVersionExamplesReachTheirField(t *testing.T) {
	sch := schematest.Compile(t, versionsSchema)
	props := itemSchema(t, versionsSchema, "version")["properties"].(map[string]any)
	fields := fieldKeys(reflect.TypeFor[VersionSpec]())
	n := 0
	for key, p := range props {
		examples, _ := p.(map[string]any)["examples"].([]any)
		for _, ex := range examples {
			entry := map[string]any{"id": "9.9", key: ex}
			src, err := yaml.Marshal([]any{entry})
			if err != nil {
				t.Fatal(err)
			}
			specs, err := parseVersions("versions.yaml", src)
			if err != nil {
				t.Errorf("%s: the loader refuses the schema's example:\n%s%v", key, src, err)
				continue
			}
			name, ok := fields[key]
			if !ok {
				t.Errorf("%s: no field of VersionSpec", key)
				continue
			}
			if reflect.ValueOf(specs[0]).FieldByName(name).IsZero() {
				t.Errorf("%s: the example\n%sleft VersionSpec.%s empty", key, src, name)
			}
			if err := sch.Validate(schematest.YAMLValue(t, src)); err != nil {
				t.Errorf("%s: the schema refuses its own example:\n%s%v", key, src, err)
			}
			n++
		}
	}
	if n < 5 {
		t.Errorf("only %d examples in the schema", n)
	}
}

type fileCase struct{ name, src string }

// refusedByBoth gives each case to load and the schema; both must refuse.
func refusedByBoth(t *testing.T, schema string, load func([]byte) error, cases []fileCase) {
	t.Helper()
	sch := schematest.Compile(t, schema)
	for _, c := range cases {
		lerr := load([]byte(c.src))
		var ye *yamlfile.Error
		if lerr == nil || !errors.As(lerr, &ye) {
			t.Errorf("%s: the loader accepts (or fails otherwise: %v)\n%s", c.name, lerr, c.src)
			continue
		}
		if err := sch.Validate(schematest.YAMLValue(t, []byte(c.src))); err == nil {
			t.Errorf("%s: the loader refuses it (%v) but %s accepts\n%s", c.name, lerr, filepath.Base(schema), c.src)
		}
	}
}

// acceptedByBoth gives each file to load and the schema; both must accept.
func acceptedByBoth(t *testing.T, schema string, load func([]byte) error, srcs []string) {
	t.Helper()
	sch := schematest.Compile(t, schema)
	for _, src := range srcs {
		if err := load([]byte(src)); err != nil {
			t.Errorf("the loader refuses\n%s%v", src, err)
			continue
		}
		if err := sch.Validate(schematest.YAMLValue(t, []byte(src))); err != nil {
			t.Errorf("%s refuses what the loader accepts:\n%s%v", filepath.Base(schema), src, err)
		}
	}
}

func loadVersions(data []byte) error {
	_, err := parseVersions("versions.yaml", data)
	return err
}

func loadOverrides(data []byte) error {
	_, err := parseOverrides("overrides.yaml", data)
	return err
}

func TestVersionsSchemaAgreesWithLoader(t *testing.T) {
	acceptedByBoth(t, versionsSchema, loadVersions, []string{
		"",
		"# none yet\n",
		"[]\n",
		"versions:\n",
		"versions: []\n",
		"- id: \"2.5\"\n",
		"- id: 2.10\n  date: 2022-11\n",
		"- id: \"3\"\n  revision: 1234567\n  title: Version 3\n  topics: transfers\n",
		"versions:\n  - id: \"1.0\"\n    date: 2020-02-29\n    historical: true\n    revision: \"\"\n    note: {nb: Fra PDF, en: From the PDF}\n",
		"- id: v4\n  summary: ~\n  reconstructed: false\n",
	})
	refusedByBoth(t, versionsSchema, loadVersions, []fileCase{
		{"top is text", "2.5\n"},
		{"unknown top key", "version:\n  - id: \"2.5\"\n"},
		{"versions is a mapping", "versions: {id: \"2.5\"}\n"},
		{"entry is text", "- \"2.5\"\n"},
		{"unknown key", "- id: \"2.5\"\n  tittle: Oppdatert\n"},
		{"no id", "- date: 2023-07-24\n"},
		{"blank id", "- id: \"  \"\n"},
		{"reserved id", "- id: unreleased\n"},
		{"id a list", "- id: [\"2.5\"]\n"},
		{"month 13", "- id: \"2.5\"\n  date: 2023-13-01\n"},
		{"date in words", "- id: \"2.5\"\n  date: 1 March 2024\n"},
		{"year only", "- id: \"2.5\"\n  date: 2023\n"},
		{"title a list", "- id: \"2.5\"\n  title: [a, b]\n"},
		{"title by language, a list", "- id: \"2.5\"\n  title: {nb: [a]}\n"},
		{"topics a mapping", "- id: \"2.5\"\n  topics: {a: b}\n"},
		{"historical as text", "- id: \"2.5\"\n  historical: yes please\n"},
		{"reconstructed a list", "- id: \"2.5\"\n  reconstructed: [true]\n"},
		{"historical with a revision", "- id: \"1.0\"\n  historical: true\n  revision: e0ad99e\n"},
	})
	// The loader also refuses an id declared twice, which a JSON Schema
	// cannot say of objects in a list; the schema's description says it.
	if err := loadVersions([]byte("- id: \"2.5\"\n- id: \"2.5\"\n")); err == nil {
		t.Error("the loader accepts an id declared twice; the schema's description says it refuses it")
	}
	if d, _ := readSchemaDoc(t, versionsSchema)["description"].(string); !strings.Contains(d, "once") || !strings.Contains(d, "unreleased") {
		t.Errorf("the description of %s does not say ids are declared once and unreleased is reserved", versionsSchema)
	}
}

func TestOverridesSchemaAgreesWithLoader(t *testing.T) {
	const full = "- commit: e0ad99e\n  fingerprint: 3f9a1c2b\n  class: editorial\n  reason: only the date format changed\n"
	acceptedByBoth(t, overridesSchema, loadOverrides, []string{
		"",
		"[]\n",
		"overrides:\n",
		full,
		"overrides:\n  - commit: E0AD99E\n    fingerprint: 12345678\n    class: substantive\n    reason: the retention period changed\n",
		"- commit: 1234567\n  fingerprint: abc\n  class: editorial\n  reason: x\n",
	})
	without := func(key string) string {
		var lines []string
		for _, l := range strings.SplitAfter(full, "\n") {
			if !strings.Contains(l, key+":") {
				lines = append(lines, l)
			}
		}
		s := strings.Join(lines, "")
		if !strings.HasPrefix(s, "- ") {
			s = "- " + strings.TrimPrefix(s, "  ")
		}
		return s
	}
	var cases []fileCase
	for _, k := range overrideKeys {
		cases = append(cases, fileCase{"no " + k, without(k)})
	}
	cases = append(cases, []fileCase{
		{"top is text", "e0ad99e\n"},
		{"unknown top key", "override:\n" + full},
		{"unknown key", full + "  note: x\n"},
		{"class unknown", strings.Replace(full, "editorial", "minor", 1)},
		{"commit not hex", strings.Replace(full, "e0ad99e", "HEAD~1", 1)},
		{"commit too short", strings.Replace(full, "e0ad99e", "e0a", 1)},
		{"reason blank", strings.Replace(full, "only the date format changed", "\" \"", 1)},
		{"reason a list", strings.Replace(full, "only the date format changed", "[a]", 1)},
		{"entry is text", "- e0ad99e\n"},
	}...)
	refusedByBoth(t, overridesSchema, loadOverrides, cases)
}

// TestFilesMatchSchemas validates the versions and overrides files of the
// tests and of the repository itself: those the loader accepts, the
// schema accepts; those it refuses, the schema refuses.
func TestFilesMatchSchemas(t *testing.T) {
	checked := 0
	for _, c := range []struct {
		schema string
		load   func([]byte) error
		files  []string
	}{
		{versionsSchema, loadVersions, []string{"testdata/versions.yaml", "../../changelog/versions.yaml"}},
		{overridesSchema, loadOverrides, []string{"testdata/overrides.yaml", "../../changelog/overrides.yaml"}},
	} {
		sch := schematest.Compile(t, c.schema)
		for _, f := range c.files {
			data, err := os.ReadFile(f)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			checked++
			lerr := c.load(data)
			verr := sch.Validate(schematest.YAMLValue(t, data))
			switch {
			case lerr == nil && verr != nil:
				t.Errorf("%s: the loader accepts it, %s refuses: %v", f, filepath.Base(c.schema), verr)
			case lerr != nil && verr == nil:
				t.Errorf("%s: the loader refuses it (%v), %s accepts", f, lerr, filepath.Base(c.schema))
			}
		}
	}
	if checked < 2 {
		t.Fatalf("checked %d files; want at least the test's and the repository's versions files", checked)
	}
}

// TestReferenceNamesEveryKey checks that docs/configuration.md names
// every key of a version in its section on the versions file, and every
// key of an override in its section on the overrides file.
func TestReferenceNamesEveryKey(t *testing.T) {
	data, err := os.ReadFile(referenceDoc)
	if err != nil {
		t.Fatal(err)
	}
	section := func(title string) string {
		doc := string(data)
		i := strings.Index(doc, "\n## "+title+"\n")
		if i < 0 {
			t.Fatalf("%s has no section \"## %s\"", referenceDoc, title)
		}
		rest := doc[i+len(title)+5:]
		if j := strings.Index(rest, "\n## "); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	for _, c := range []struct {
		title string
		keys  []string
	}{
		{"The versions file", versionKeys},
		{"The overrides file", overrideKeys},
	} {
		text := section(c.title)
		for _, k := range c.keys {
			if !strings.Contains(text, "`"+k+"`") {
				t.Errorf("%s: section %q does not name `%s`", referenceDoc, c.title, k)
			}
		}
	}
	for _, s := range []string{TrailerClass, SourceTag, SourceTrailer, SourceVersionsFile, UnreleasedID} {
		if !strings.Contains(string(data), s) {
			t.Errorf("%s does not mention %s", referenceDoc, s)
		}
	}
}

// TestReferenceExamplesLoad parses the examples of the versions and
// overrides files in docs/configuration.md: the loader and the schema
// must accept each.
func TestReferenceExamplesLoad(t *testing.T) {
	data, err := os.ReadFile(referenceDoc)
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string][]string{}
	var section string
	var block []string
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case !in && strings.HasPrefix(line, "## "):
			section = strings.TrimPrefix(line, "## ")
		case !in && strings.TrimSpace(line) == "```yaml":
			in, block = true, nil
		case in && strings.TrimSpace(line) == "```":
			in = false
			blocks[section] = append(blocks[section], strings.Join(block, "\n")+"\n")
		case in:
			block = append(block, line)
		}
	}
	for _, c := range []struct {
		section, schema string
		load            func([]byte) error
	}{
		{"The versions file", versionsSchema, loadVersions},
		{"The overrides file", overridesSchema, loadOverrides},
	} {
		if len(blocks[c.section]) == 0 {
			t.Errorf("%s: section %q has no YAML example", referenceDoc, c.section)
		}
		acceptedByBoth(t, c.schema, c.load, blocks[c.section])
	}
}
