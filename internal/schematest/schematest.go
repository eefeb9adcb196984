// Package schematest holds what the tests of the published JSON Schemas
// (docs/schema) share: compiling a schema as an editor would, and reading
// a YAML file into the value a schema validates. Only tests import it.
package schematest

import (
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// Compile compiles the schema at path with format assertions on.
func Compile(t testing.TB, path string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	s, err := c.Compile(path)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return s
}

// YAMLValue turns a YAML document into the value the schema validates,
// as a YAML-aware editor sees it: numbers and booleans by their YAML
// type, timestamps as the text written.
func YAMLValue(t testing.TB, src []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("%v in\n%s", err, src)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	return nodeValue(t, doc.Content[0])
}

func nodeValue(t testing.TB, n *yaml.Node) any {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = nodeValue(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, nodeValue(t, c))
		}
		return l
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool", "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	return n.Value
}
