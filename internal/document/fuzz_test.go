package document

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: Parse never panics, fails only with *Error, and on success
// the spans tile the source and Norm and Plain are collapsed.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		"", "\ufeff", "---\n", "+++\na = 1\n+++\n", "{\"a\": 1}\nx", "- - - x", "> - > - x",
		"| a |\n|---|\n| b |", "[^1]: x\n\n[^1]", "{{< a\n\n>}}", "{{% a %}}\n# b\n{{% /a %}}",
		"a\r\nb\r\n\r\n> c\r\n", "```\n{{< x\n```\n>}}", "-\n  - a\n- b\n\n  c", "Term\n: def\n: def2",
		"<!--\n\n-->", "[a]: http://x\n", "# {#}\n# {#a b}", "\t-\tx\n\t\t-\ty",
	} {
		f.Add([]byte(s))
	}
	lim := DefaultLimits
	lim.MaxBytes = 1 << 20
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Parse("fuzz.md", src, lim)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *Error", err)
			}
			return
		}
		checkTiling(t, d)
		for i, b := range d.Blocks {
			for _, s := range []string{b.Norm, b.Plain} {
				if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") || strings.ContainsAny(s, "\r\n\t") {
					t.Fatalf("block %d: not collapsed: %q", i, s)
				}
			}
			if b.Norm == "" {
				t.Fatalf("block %d: empty Norm for text %q", i, b.Text)
			}
		}
	})
}
