package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

// The JSON Schema of changelog.json is published in docs/; these tests
// hold it to the types JSON writes and to what it writes for the
// fixture.

const changelogSchema = "../../docs/schema/changelog.schema.json"

func readChangelogSchema(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(changelogSchema)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", changelogSchema, err)
	}
	return doc
}

// closeObjects sets additionalProperties: false on every object schema
// with properties that does not say otherwise. The published schema
// leaves objects open, since fields are only ever added within a schema
// number; the tests close them, so that a field the code writes and the
// schema does not describe is found.
func closeObjects(v any) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["properties"]; ok {
			if _, set := v["additionalProperties"]; !set {
				v["additionalProperties"] = false
			}
		}
		for _, x := range v {
			closeObjects(x)
		}
	case []any:
		for _, x := range v {
			closeObjects(x)
		}
	}
}

// strictSchemas compiles the changelog schema, closed, and the schemas
// of the diff and the log in its $defs.
func strictSchemas(t *testing.T) (changelog, diff, log *jsonschema.Schema) {
	t.Helper()
	doc := readChangelogSchema(t)
	closeObjects(doc)
	id, _ := doc["$id"].(string)
	if id == "" {
		t.Fatalf("%s has no $id", changelogSchema)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	var out [3]*jsonschema.Schema
	for i, loc := range []string{id, id + "#/$defs/diff", id + "#/$defs/log"} {
		s, err := c.Compile(loc)
		if err != nil {
			t.Fatalf("compile %s: %v", loc, err)
		}
		out[i] = s
	}
	return out[0], out[1], out[2]
}

func encode(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := JSON(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func instance(t *testing.T, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// builtChangelog is a changelog as release.Build makes it from the
// fixture's entries: an unreleased version, versions bound by the
// versions file, a tag and a trailer, and a historical version dated by
// month only, as a versions file may give it.
func builtChangelog(t *testing.T) *release.Changelog {
	t.Helper()
	specs := []release.VersionSpec{
		{ID: "2.6", Revision: "1a2b3c4", Title: release.Text{"": "Risk assessment"}, Summary: release.Text{"en": "Access control."}},
		{ID: "2.0", Date: "2022-06-20", Revision: "0011223", Reconstructed: true, Note: release.Text{"nb": "Rekonstruert."}},
		{ID: "1.0", Date: "2021-11", Historical: true, Topics: []string{"first"}},
	}
	cl, err := release.Build(fixtureEntries(), specs, release.BuildOptions{
		Title:     release.Text{"nb": "Endringslogg", "en": "Change log"},
		Languages: []string{"nb", "en"},
		Tags:      map[string]string{"5e6f708192a3b4c5d6e7f8091a2b3c4d1a2b3c4d": "2.5"},
		Trailers:  map[string]string{"77aa88bb99cc00dd11ee22ff33aa44bb55cc66dd": "2.5.1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, v := range cl.Versions {
		found[v.ID+" "+v.Source+" "+v.Date] = true
	}
	for _, want := range []string{"unreleased  ", "2.6 versions-file 2024-03-14", "2.5 tag 2023-08-31", "2.5.1 trailer 2024-03-10", "2.0 versions-file 2022-06-20", "1.0  2021-11"} {
		if !found[want] {
			t.Fatalf("release.Build gave the versions %v; the test wants %q among them", found, want)
		}
	}
	return cl
}

// TestJSONOutputsValidate validates every JSON output of the fixture, a
// changelog release.Build made and the repository's own published
// changelog.json against the schema, closed.
func TestJSONOutputsValidate(t *testing.T) {
	changelog, diff, log := strictSchemas(t)
	cases := []struct {
		name   string
		schema *jsonschema.Schema
		data   []byte
	}{
		{"changelog of the fixture", changelog, encode(t, fixture())},
		{"changelog grouped by document", changelog, encode(t, docFixture())},
		{"changelog release.Build made", changelog, encode(t, builtChangelog(t))},
		{"diff of the fixture", diff, encode(t, fixtureDiff())},
		{"log of the fixture", log, encode(t, fixtureEntries())},
		{"empty log", log, encode(t, []changes.Entry(nil))},
		{"empty diff", diff, encode(t, classify.Diff{Class: classify.None})},
	}
	if data, err := os.ReadFile("../../changelog/changelog.json"); err == nil {
		cases = append(cases, struct {
			name   string
			schema *jsonschema.Schema
			data   []byte
		}{"the repository's changelog/changelog.json", changelog, data})
	} else if !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	for _, c := range cases {
		if err := c.schema.Validate(instance(t, c.data)); err != nil {
			t.Errorf("%s does not validate: %v", c.name, err)
		}
	}
}

// TestSchemaRefusesBrokenChangelogs breaks the fixture's changelog.json
// in ways a reader would notice; the schema must refuse each.
func TestSchemaRefusesBrokenChangelogs(t *testing.T) {
	changelog, _, _ := strictSchemas(t)
	change := func(v map[string]any) map[string]any {
		version := v["versions"].([]any)[2].(map[string]any)
		entry := version["entries"].([]any)[0].(map[string]any)
		document := entry["documents"].([]any)[0].(map[string]any)
		return document["changes"].([]any)[0].(map[string]any)
	}
	for name, breakIt := range map[string]func(v map[string]any){
		"schema 3":                 func(v map[string]any) { v["schema"] = 3 },
		"no versions":              func(v map[string]any) { delete(v, "versions") },
		"a change without a class": func(v map[string]any) { delete(change(v), "class") },
		"a class unknown":          func(v map[string]any) { change(v)["class"] = "major" },
		"a field unknown":          func(v map[string]any) { change(v)["colour"] = "red" },
		"significance over 1":      func(v map[string]any) { change(v)["significance"] = 1.5 },
		"one line of a side":       func(v map[string]any) { change(v)["old"].(map[string]any)["lines"] = []any{37} },
		"a date not RFC 3339": func(v map[string]any) {
			v["versions"].([]any)[2].(map[string]any)["entries"].([]any)[0].(map[string]any)["date"] = "31 August 2023"
		},
		"a version date in words": func(v map[string]any) { v["versions"].([]any)[2].(map[string]any)["date"] = "1 Sep 2023" },
		"a source unknown":        func(v map[string]any) { v["versions"].([]any)[2].(map[string]any)["source"] = "guess" },
		"counts negative": func(v map[string]any) {
			v["versions"].([]any)[2].(map[string]any)["counts"].(map[string]any)["editorial"] = -1
		},
	} {
		var v map[string]any
		if err := json.Unmarshal(encode(t, fixture()), &v); err != nil {
			t.Fatal(err)
		}
		breakIt(v)
		if err := changelog.Validate(v); err == nil {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
}

// defs maps each type JSON writes to its definition in the schema ("" is
// the schema's root).
var defs = map[reflect.Type]string{
	reflect.TypeFor[release.Changelog]():        "",
	reflect.TypeFor[release.Version]():          "version",
	reflect.TypeFor[release.Counts]():           "counts",
	reflect.TypeFor[release.Warning]():          "warning",
	reflect.TypeFor[release.DocumentVersions](): "documentVersions",
	reflect.TypeFor[classify.Diff]():            "diff",
	reflect.TypeFor[changes.Entry]():            "entry",
	reflect.TypeFor[classify.DocumentDiff]():    "document",
	reflect.TypeFor[classify.Change]():          "change",
	reflect.TypeFor[classify.Side]():            "side",
	reflect.TypeFor[align.Span]():               "span",
	reflect.TypeFor[classify.Override]():        "override",
	reflect.TypeFor[classify.Proof]():           "proof",
}

type jsonField struct {
	name      string
	omitempty bool
	typ       reflect.Type
}

func jsonFields(typ reflect.Type) []jsonField {
	var out []jsonField
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name: name, omitempty: slices.Contains(strings.Split(opts, ","), "omitempty"), typ: f.Type})
	}
	return out
}

// structsIn lists the struct types a value of typ holds, through
// pointers, slices, arrays and maps.
func structsIn(typ reflect.Type) []reflect.Type {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || typ == reflect.TypeFor[time.Time]() {
		return nil
	}
	return []reflect.Type{typ}
}

// TestSchemaDescribesEveryField holds each definition to its Go type:
// the same members (by json tag), those without omitempty required,
// those that may be null allowed to be, and every struct type reachable
// from the changelog and the diff has a definition.
func TestSchemaDescribesEveryField(t *testing.T) {
	doc := readChangelogSchema(t)
	schemaDefs := doc["$defs"].(map[string]any)
	def := func(name string) map[string]any {
		if name == "" {
			return doc
		}
		d, ok := schemaDefs[name].(map[string]any)
		if !ok {
			t.Fatalf("%s has no $defs/%s", changelogSchema, name)
		}
		return d
	}
	// Every struct reachable from what JSON writes has a definition.
	seen := map[reflect.Type]bool{}
	queue := []reflect.Type{reflect.TypeFor[release.Changelog](), reflect.TypeFor[classify.Diff]()}
	for len(queue) > 0 {
		typ := queue[0]
		queue = queue[1:]
		if seen[typ] {
			continue
		}
		seen[typ] = true
		if _, ok := defs[typ]; !ok {
			t.Errorf("%v is written to JSON but has no definition in the schema (add it here and to %s)", typ, changelogSchema)
		}
		for _, f := range jsonFields(typ) {
			queue = append(queue, structsIn(f.typ)...)
		}
	}
	for typ, name := range defs {
		d := def(name)
		props, _ := d["properties"].(map[string]any)
		var want, required []string
		for _, f := range jsonFields(typ) {
			want = append(want, f.name)
			if !f.omitempty {
				required = append(required, f.name)
			}
			p, ok := props[f.name].(map[string]any)
			if !ok {
				continue
			}
			nilable := f.typ.Kind() == reflect.Slice || f.typ.Kind() == reflect.Map || f.typ.Kind() == reflect.Pointer
			if nilable && !f.omitempty && !allowsNull(p, schemaDefs) {
				t.Errorf("%s.%s may be written as null (%v without omitempty); the schema must allow it", typ, f.name, f.typ)
			}
			if _, ok := p["description"]; !ok && p["$ref"] == nil {
				t.Errorf("%s.%s: the schema does not describe it", typ, f.name)
			}
		}
		var got []string
		for k := range props {
			got = append(got, k)
		}
		var gotRequired []string
		for _, r := range asList(d["required"]) {
			gotRequired = append(gotRequired, r.(string))
		}
		for _, l := range [][]string{want, got, required, gotRequired} {
			sort.Strings(l)
		}
		if !slices.Equal(got, want) {
			t.Errorf("$defs/%s has the members\n%v\n%v writes\n%v", name, got, typ, want)
		}
		if !slices.Equal(gotRequired, required) {
			t.Errorf("$defs/%s requires\n%v\n%v always writes\n%v", name, gotRequired, typ, required)
		}
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// allowsNull says whether a property's schema allows null, by its type
// or the type of the definition it refers to.
func allowsNull(p map[string]any, schemaDefs map[string]any) bool {
	if ref, ok := p["$ref"].(string); ok {
		if d, ok := schemaDefs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any); ok {
			return allowsNull(d, schemaDefs)
		}
	}
	switch typ := p["type"].(type) {
	case string:
		return typ == "null"
	case []any:
		return slices.Contains(typ, any("null"))
	}
	return false
}

// TestSchemaEnumsAreTheCodes checks that the closed sets of values the schema
// names are the constants the code writes.
func TestSchemaEnumsAreTheCodes(t *testing.T) {
	doc := readChangelogSchema(t)
	schemaDefs := doc["$defs"].(map[string]any)
	enum := func(path ...string) []string {
		var v any = schemaDefs
		for _, p := range path {
			v = v.(map[string]any)[p]
		}
		var out []string
		for _, x := range asList(v.(map[string]any)["enum"]) {
			out = append(out, x.(string))
		}
		sort.Strings(out)
		return out
	}
	strs := func(v ...string) []string { sort.Strings(v); return v }
	for _, c := range []struct {
		name      string
		got, want []string
	}{
		{"class", enum("class"), strs(string(classify.None), string(classify.Editorial), string(classify.Substantive))},
		{"change.op", enum("change", "properties", "op"), strs(string(align.Added), string(align.Removed), string(align.Modified),
			string(align.Moved), string(align.Split), string(align.Merged), string(classify.OpFrontMatter))},
		{"span.op", enum("span", "properties", "op"), strs(string(align.SpanEqual), string(align.SpanInsert), string(align.SpanDelete))},
		{"version.source", enum("version", "properties", "source"), strs(release.SourceVersionsFile, release.SourceTag, release.SourceTrailer, release.SourceFrontMatter)},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: the schema allows %v; the code writes %v", c.name, c.got, c.want)
		}
	}
	if got, _ := doc["properties"].(map[string]any)["schema"].(map[string]any)["const"].(float64); int(got) != release.Schema {
		t.Errorf("the schema describes schema %v; release.Schema is %d", got, release.Schema)
	}
	// The published schema leaves objects open: readers must ignore
	// fields added within a schema number.
	var open func(path string, v any)
	open = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["additionalProperties"] == false {
				t.Errorf("%s: additionalProperties is false; a reader validating with it would refuse a later changelog of the same schema", path)
			}
			for k, x := range v {
				open(path+"/"+k, x)
			}
		case []any:
			for _, x := range v {
				open(path, x)
			}
		}
	}
	open("#", doc)
}
