package document

import (
	"reflect"
	"testing"
)

// TestParseNextLang: the language ParseNext gives a page, which it takes
// from the previous parse when the front matter and the path are the
// same, is the one Parse gives, for every pair of paths (a page moved,
// with or without a language in its name) and front matters (the same,
// or edited to give or take a language).
func TestParseNextLang(t *testing.T) {
	paths := []string{"page.md", "page.nb.md", "page.en.md", "_index.md", "_index.nn.md"}
	fronts := []string{"", "---\ntitle: a\n---\n", "---\nlang: nb\n---\n", "---\nlanguage: en\n---\n", "+++\nlang = \"nn\"\n+++\n", "{\"lang\": \"sv\"}\n"}
	body, edited := "# T\n\nA\n\nB\n", "# T\n\nA\n\nB2\n"
	for _, op := range paths {
		for _, np := range paths {
			for _, of := range fronts {
				for _, nf := range fronts {
					prev, err := Parse(op, []byte(of+body), DefaultLimits)
					if err != nil {
						t.Fatal(err)
					}
					src := []byte(nf + edited)
					want, err := Parse(np, src, DefaultLimits)
					if err != nil {
						t.Fatal(err)
					}
					got, why := parseNext(prev, np, src, DefaultLimits)
					if got == nil {
						t.Fatalf("%s %q -> %s %q: full parse: %s", op, of, np, nf, why)
					}
					if got.Lang != want.Lang || !reflect.DeepEqual(got, want) {
						t.Errorf("%s %q -> %s %q: ParseNext gives Lang %q, Parse %q", op, of, np, nf, got.Lang, want.Lang)
					}
				}
			}
		}
	}
}
