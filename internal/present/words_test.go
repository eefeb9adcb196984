package present

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestCount(t *testing.T) {
	nb, en := LabelsFor("nb"), LabelsFor("en")
	for _, c := range []struct{ got, want string }{
		{nb.SubstantiveCount(0), "0 vesentlige"},
		{nb.SubstantiveCount(1), "1 vesentlig"},
		{nb.SubstantiveCount(7), "7 vesentlige"},
		{nb.EditorialCount(1), "1 redaksjonell"},
		{nb.EditorialCount(6), "6 redaksjonelle"},
		{nb.ChangeCount(1), "1 endring"},
		{nb.ChangeCount(2), "2 endringer"},
		{en.SubstantiveCount(7), "7 substantive"},
		{en.EditorialCount(1), "1 editorial"},
		{en.ChangeCount(1), "1 change"},
		{en.ChangeCount(2), "2 changes"},
		{en.ChangeCount(0), "0 changes"},
		{Count(21, "side", "sider"), "21 sider"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestDate(t *testing.T) {
	nb, en := LabelsFor("nb"), LabelsFor("en")
	for _, c := range []struct{ got, want string }{
		{nb.Date("2024-03-01"), "1. mars 2024"},
		{nb.Date("2023-12-31"), "31. desember 2023"},
		{en.Date("2024-03-01"), "1 March 2024"},
		{LabelsFor("de").Date("2024-01-09"), "9 January 2024"},
		{nb.Date("spring 2019"), "spring 2019"},
		{nb.Date(""), ""},
		{nb.Day(time.Date(2024, 5, 17, 23, 0, 0, 0, time.UTC)), "17. mai 2024"},
		{en.Day(time.Time{}), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// reasonCodes are the values of the Reason* constants in internal/classify,
// read from its source so that a new reason without words fails here.
func reasonCodes(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("../classify/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no classify sources: %v", err)
	}
	var codes []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !strings.HasPrefix(n.Name, "Reason") || len(n.Name) == len("Reason") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, err := strconv.Unquote(lit.Value)
						if err != nil {
							t.Fatal(err)
						}
						codes = append(codes, v)
					}
				}
			}
		}
	}
	if len(codes) < 30 {
		t.Fatalf("found only %d reason constants: %v", len(codes), codes)
	}
	sort.Strings(codes)
	return codes
}

func topicCodes(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../classify/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Topics map[string][]string `yaml:"topics"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Topics) == 0 {
		t.Fatal("rules.yaml has no topics")
	}
	var codes []string
	for k := range f.Topics {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	return codes
}

// Every reason and every topic has words in every language, and the
// words are not the code itself written as code.
func TestEveryReasonAndTopicHasLabels(t *testing.T) {
	check := func(kind string, codes []string, word func(*Labels, string) string) {
		for _, lang := range Languages {
			l := LabelsFor(lang)
			for _, c := range codes {
				w := word(l, c)
				if w == c && strings.Contains(c, "-") || w == "" {
					t.Errorf("%s %q has no %s label (got %q)", kind, c, lang, w)
				}
			}
		}
	}
	check("reason", reasonCodes(t), (*Labels).Reason)
	check("topic", topicCodes(t), (*Labels).Topic)
	// The lists hold nothing that is neither.
	for _, m := range []map[string]string{reasonsNB, reasonsEN} {
		codes := reasonCodes(t)
		for k := range m {
			if i := sort.SearchStrings(codes, k); i == len(codes) || codes[i] != k {
				t.Errorf("reason label for %q, which is no reason", k)
			}
		}
	}
	for _, m := range []map[string]string{topicsNB, topicsEN} {
		codes := topicCodes(t)
		for k := range m {
			if i := sort.SearchStrings(codes, k); i == len(codes) || codes[i] != k {
				t.Errorf("topic label for %q, which is no topic in rules.yaml", k)
			}
		}
	}
	if got := LabelsFor("nb").Reason("brand-new"); got != "brand-new" {
		t.Errorf("unknown reason shows %q", got)
	}
}

// Every label in every language is set: a missing word shows as a blank
// on a page.
func TestEveryLabelSet(t *testing.T) {
	for _, lang := range Languages {
		l := LabelsFor(lang)
		for name, s := range map[string]string{
			"Substantive": l.Substantive, "Editorial": l.Editorial, "NoneClass": l.NoneClass, "Historic": l.Historic,
			"Reasons": l.Reasons, "Topics": l.Topics, "Historical": l.Historical, "Reconstructed": l.Reconstructed,
			"VersionN": l.VersionN, "Unreleased": l.Unreleased, "OverrideN": l.OverrideN,
			"substantiveMany": l.substantiveMany, "editorialMany": l.editorialMany, "change": l.change, "changes": l.changes,
		} {
			if s == "" {
				t.Errorf("%s: %s is empty", lang, name)
			}
		}
	}
}

func TestGrouped(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 4857: "4,857", 1234567: "1,234,567", -1200: "-1200"} {
		if got := Grouped(n); got != want {
			t.Errorf("Grouped(%d) = %q, want %q", n, got, want)
		}
	}
}
