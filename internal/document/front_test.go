package document

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		name, src, format string
		front             map[string]any
		body              string // text of the first block
	}{
		{"yaml", "---\ntitle: Sammendrag\nweight: 10\ndescription: \n---\nTekst\n", "yaml",
			map[string]any{"title": "Sammendrag", "weight": 10, "description": nil}, "Tekst"},
		{"yaml empty", "---\n---\nTekst\n", "yaml", map[string]any{}, "Tekst"},
		{"yaml nested", "---\nparams:\n  a: [1, 2]\n  1: x\n---\nTekst\n", "yaml",
			map[string]any{"params": map[string]any{"a": []any{1, 2}, "1": "x"}}, "Tekst"},
		{"yaml leading blank lines", "\n\n---\ntitle: x\n---\nTekst\n", "yaml", map[string]any{"title": "x"}, "Tekst"},
		{"yaml delimiter trailing space", "--- \ntitle: x\n---  \nTekst\n", "yaml", map[string]any{"title": "x"}, "Tekst"},
		{"toml", "+++\ntitle = \"Sammendrag\"\nweight = 10\n+++\nTekst\n", "toml",
			map[string]any{"title": "Sammendrag", "weight": int64(10)}, "Tekst"},
		{"json", "{\n  \"title\": \"Sammendrag\",\n  \"weight\": 10\n}\nTekst\n", "json",
			map[string]any{"title": "Sammendrag", "weight": float64(10)}, "Tekst"},
		{"none", "Tekst\n---\n", "", nil, "Tekst\n---"},
		{"shortcode first is not json", "{{< toc >}}\n\nTekst\n", "", nil, "{{< toc >}}"},
		{"closing line with more dashes", "---\ntitle: x\n-----\nTekst\n", "yaml", map[string]any{"title": "x"}, "Tekst"},
		{"indented delimiter is markdown", "  ---\ntitle: x\n---\n", "", nil, "  ---"},
		{"rule later is not front matter", "Tekst\n\n---\n\nMer\n", "", nil, "Tekst"},
	}
	for _, tt := range tests {
		d := mustParse(t, "a.md", tt.src)
		if d.FrontFormat != tt.format || !reflect.DeepEqual(d.Front, tt.front) {
			t.Errorf("%s: format %q front %#v, want %q %#v", tt.name, d.FrontFormat, d.Front, tt.format, tt.front)
		}
		if len(d.Blocks) == 0 || d.Blocks[0].Text != tt.body {
			t.Errorf("%s: blocks %+v, want first text %q", tt.name, d.Blocks, tt.body)
		}
	}
}

func TestFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg, hint string
	}{
		{"yaml unterminated", "---\ntitle: x\n\nTekst\n", 1, "never closed", "only ---"},
		{"toml unterminated", "\n+++\ntitle = 1\n", 2, "never closed", "only +++"},
		{"yaml syntax", "---\ntitle: x\n  bad: [1\nweight: 2\n---\n", 3, "not valid YAML", "fix the YAML"},
		{"yaml tab", "---\ntitle: x\n\tweight: 2\n---\n", 3, "not valid YAML", "fix the YAML"},
		{"yaml list", "---\n- a\n- b\n---\n", 2, "YAML list, not a map", "key: value"},
		{"yaml scalar", "---\nbare words\n---\n", 2, "YAML string, not a map", "key: value"},
		{"toml syntax", "+++\ntitle = \"x\"\nweight = \n+++\n", 3, "not valid TOML", "fix the TOML"},
		{"toml duplicate", "+++\na = 1\na = 2\n+++\n", 3, "not valid TOML", "fix the TOML"},
		{"json syntax", "{\n  \"title\": \"x\",\n  \"weight\": ,\n}\n", 3, "not a valid JSON object", "fix the JSON"},
		{"json unclosed", "{\n  \"title\": \"x\"\n", 2, "not a valid JSON object", "fix the JSON"},
		{"json not object", "{\"a\": 1 2}\n", 1, "not a valid JSON object", ""},
	}
	for _, tt := range tests {
		_, err := Parse("side.md", []byte(tt.src), DefaultLimits)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: got %v, want *Error", tt.name, err)
			continue
		}
		if e.Path != "side.md" || e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) || !strings.Contains(e.Hint, tt.hint) {
			t.Errorf("%s: got line %d %q hint %q, want line %d ~%q ~%q", tt.name, e.Line, e.Msg, e.Hint, tt.line, tt.msg, tt.hint)
		}
	}
}

// TestYAMLAliasBomb: a "billion laughs" document must fail (or stay
// small), not expand into gigabytes. The decoder's own guard is what
// protects us; this test fails if a dependency update drops it.
func TestYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(n + ": &" + n + " [" + strings.Repeat("*"+prev+",", 8) + "*" + prev + "]\n")
		prev = n
	}
	b.WriteString("---\nTekst\n")
	done := make(chan error, 1)
	go func() {
		_, err := Parse("bomb.md", []byte(b.String()), DefaultLimits)
		done <- err
	}()
	select {
	case err := <-done:
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, "aliasing") {
			t.Errorf("got %v, want an error about aliasing", err)
		} else if !strings.Contains(e.Hint, "aliases") {
			t.Errorf("hint %q does not say the aliases are the problem", e.Hint)
		}
	case <-time.After(time.Minute):
		// Not a timing assertion: a minute means the expansion ran away.
		t.Fatal("alias bomb still expanding after a minute")
	}
}
