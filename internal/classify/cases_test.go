package classify

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want.json files of testdata/*.txtar from the current output")

// TestCases runs the txtar cases: old.md and new.md are compared and the
// changes checked against want.json. want.json lists the changes in
// order with a subset of their fields (op, class, reasons, topics,
// anchor); only the fields it gives are compared. The archive's comment
// may say "lang: en" (default nb); a case without old.md is an added page.
func TestCases(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in testdata: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			lang := "nb"
			for _, line := range strings.Split(string(ar.Comment), "\n") {
				if v, ok := strings.CutPrefix(line, "lang:"); ok {
					lang = strings.TrimSpace(v)
				}
			}
			var old, new, want []byte
			wantAt := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "old.md":
					old = f.Data
				case "new.md":
					new = f.Data
				case "want.json":
					want, wantAt = f.Data, i
				}
			}
			path := "content/dpia/summary/_index." + lang + ".md"
			var oldPath string
			if old != nil {
				oldPath = path
			}
			r := Default()
			// The DPIA summary's public URL, as this repository's
			// configuration gives it: relative links resolve against it.
			r.SetPageURL(func(_, lang string) string { return "https://docs.altinn.studio/" + lang + "/dpia/summary/" }, "cases")
			dd, err := r.Compare(oldPath, old, path, new)
			if err != nil {
				t.Fatal(err)
			}
			got := projectChanges(dd.Changes)
			if *update {
				data, _ := json.MarshalIndent(got, "", "  ")
				data = append(data, '\n')
				if wantAt < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "want.json"})
					wantAt = len(ar.Files) - 1
				}
				ar.Files[wantAt].Data = data
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			var wantList []map[string]any
			if err := json.Unmarshal(want, &wantList); err != nil {
				t.Fatalf("want.json: %v", err)
			}
			// Without the lexicons a proof rests on, what they prove is
			// substantive: such a case is skipped, but never one that
			// calls editorial what the case calls substantive.
			lex := r.Lexicons()
			lexMissing := lex == nil || len(lex.Missing()) > 0
			if len(got) != len(wantList) {
				if lexMissing {
					t.Skipf("%d changes, want %d, and lexicons are missing (apt-get install hunspell-no hunspell-en-us mythes-no wordnet-base)", len(got), len(wantList))
				}
				t.Fatalf("%d changes, want %d:\n%s", len(got), len(wantList), dump(dd.Changes))
			}
			var diffs []string
			for i, w := range wantList {
				if lexMissing && got[i]["class"] == "editorial" && w["class"] == "substantive" {
					t.Errorf("change %d: editorial without lexicons, the case says substantive\n%s", i, dump(dd.Changes[i:i+1]))
				}
				for k, wv := range w {
					if !reflect.DeepEqual(got[i][k], wv) {
						diffs = append(diffs, fmt.Sprintf("change %d: %s = %v, want %v\n%s", i, k, got[i][k], wv, dump(dd.Changes[i:i+1])))
					}
				}
			}
			if len(diffs) > 0 && lexMissing && !t.Failed() {
				t.Skipf("lexicons are missing (apt-get install hunspell-no hunspell-en-us mythes-no wordnet-base):\n%s", strings.Join(diffs, ""))
			}
			for _, d := range diffs {
				t.Error(d)
			}
		})
	}
}

// projectChanges keeps the fields want.json compares, in JSON form.
func projectChanges(chs []Change) []map[string]any {
	out := []map[string]any{}
	for _, ch := range chs {
		data, _ := json.Marshal(ch)
		var m map[string]any
		json.Unmarshal(data, &m)
		p := map[string]any{}
		for _, k := range []string{"op", "class", "reasons", "topics", "anchor"} {
			p[k] = m[k]
		}
		out = append(out, p)
	}
	return out
}

func dump(chs []Change) string {
	var b bytes.Buffer
	for _, ch := range chs {
		b.WriteString(string(ch.Op) + " " + string(ch.Class) + " " + strings.Join(ch.Reasons, ",") + " | " + ch.Explanation + "\n")
	}
	return b.String()
}
