package classify

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestWholeProseVerdict holds wholeProseVerdict, which change uses in place
// of analyse when one side is blank, to what analyse and wholeProse give:
// the same analysis but for the sentences and evidence it leaves out.
func TestWholeProseVerdict(t *testing.T) {
	r := Default()
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	texts := []string{"x", "**bold** only", "# Heading 2", "- an item\n- another", "[a link](https://example.com)", "`code`", "![image](a.png)", "[^1]: A footnote."}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range strings.Split(string(b), "\n\n") {
			if !blank(p) {
				texts = append(texts, strings.TrimSpace(p))
			}
		}
	}
	blanks := []string{"", " ", "\n\t"}
	bare := func(a analysis) analysis {
		a.explanation, a.nb, a.ev = "", "", nil
		return a
	}
	n := 0
	for _, text := range texts {
		for _, b := range blanks {
			for _, p := range [][2]string{{b, text}, {text, b}} {
				got := wholeProseVerdict(p[0], p[1])
				if want := bare(r.analyseText(p[0], p[1], pairContext{lang: "nb"})); !reflect.DeepEqual(got, want) {
					t.Fatalf("%q -> %q: wholeProseVerdict %+v, analyseText %+v", p[0], p[1], got, want)
				}
				if want := bare(r.wholeProse(analysis{}, p[0], p[1], "nb")); !reflect.DeepEqual(got, want) {
					t.Fatalf("%q -> %q: wholeProseVerdict %+v, wholeProse %+v", p[0], p[1], got, want)
				}
				n++
			}
		}
	}
	t.Logf("%d pairs", n)
}
