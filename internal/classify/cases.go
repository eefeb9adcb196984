package classify

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/txtar"
)

// A labelled case is a pair of documents and the class a careful reviewer
// gives their comparison, written for the purpose: the measure of the
// promise that editorial changes may be skipped. Each is a txtar archive:
//
//	lang: nb
//	class: editorial
//	category: spelling
//	why: one sentence
//	-- old.md --
//	-- new.md --
//	-- redline.yaml --   (optional: classify.aliases and classify.synonyms)
//
// The page is taken to live at content/dpia/_index.<lang>.md, published
// at https://info.altinn.no/<lang>/dpia/.
type LabelledCase struct {
	File     string
	Lang     string
	Class    Class
	Category string
	Why      string
	Old, New []byte
	Ext      Extension
}

// LoadCases reads every *.txtar under dir, in name order.
func LoadCases(dir string) ([]LabelledCase, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".txtar") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no .txtar cases", dir)
	}
	var out []LabelledCase
	for _, f := range files {
		c, err := parseCase(f)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func parseCase(file string) (LabelledCase, error) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		return LabelledCase{}, err
	}
	c := LabelledCase{File: file}
	for i, line := range strings.Split(string(ar.Comment), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "lang":
			c.Lang = v
		case "class":
			c.Class = Class(v)
			if c.Class != Substantive && c.Class != Editorial && c.Class != None {
				return c, fmt.Errorf("%s:%d: class %q: want substantive, editorial or none", file, i+1, v)
			}
		case "category":
			c.Category = v
		case "why":
			c.Why = v
		}
	}
	if c.Lang == "" || c.Class == "" || c.Category == "" {
		return c, fmt.Errorf("%s: the header needs lang:, class: and category: lines", file)
	}
	var cfg struct {
		Classify struct {
			Aliases  [][]string            `yaml:"aliases"`
			Synonyms map[string][][]string `yaml:"synonyms"`
		} `yaml:"classify"`
	}
	for _, f := range ar.Files {
		switch f.Name {
		case "old.md":
			c.Old = f.Data
		case "new.md":
			c.New = f.Data
		case "redline.yaml":
			if err := yaml.Unmarshal(f.Data, &cfg); err != nil {
				return c, fmt.Errorf("%s: redline.yaml: %v", file, err)
			}
			c.Ext = Extension{Aliases: cfg.Classify.Aliases, Synonyms: cfg.Classify.Synonyms}
		}
	}
	if c.Old == nil || c.New == nil {
		return c, fmt.Errorf("%s: needs -- old.md -- and -- new.md --", file)
	}
	return c, nil
}

// CaseResult is how redline classified one labelled case.
type CaseResult struct {
	Case        LabelledCase
	Got         Class
	Reasons     []string
	Explanation string
}

// Run classifies a labelled case with a copy of r extended by the case's
// configuration.
func (c LabelledCase) Run(r *Rules) (CaseResult, error) {
	r.ready() // a copy of unready rules would make itself ready, not r
	cp := *r  // Extend and SetPageURL change the copy, never r
	rules := &cp
	if len(c.Ext.Aliases)+len(c.Ext.Synonyms) > 0 {
		if err := rules.Extend(c.Ext); err != nil {
			return CaseResult{}, fmt.Errorf("%s: %v", c.File, err)
		}
	}
	rules.SetPageURL(func(_, lang string) string { return "https://info.altinn.no/" + lang + "/dpia/" }, "labelled cases")
	path := "content/dpia/_index." + c.Lang + ".md"
	dd, err := rules.Compare(path, c.Old, path, c.New)
	if err != nil {
		return CaseResult{}, fmt.Errorf("%s: %v", c.File, err)
	}
	res := CaseResult{Case: c, Got: dd.Class}
	for _, ch := range dd.Changes {
		if ch.Class == dd.Class {
			res.Reasons = append(res.Reasons, ch.Reasons...)
			if res.Explanation == "" {
				res.Explanation = ch.Explanation
			}
		}
	}
	return res, nil
}

// CaseReport sums up labelled cases: per category, and the three figures
// the promise is measured by.
type CaseReport struct {
	Results    []CaseResult
	Categories []CategoryCount
	// SubstantiveRecall is the share of substantive cases called
	// substantive: a miss is the worst error redline can make.
	SubstantiveRecall float64
	// EditorialPrecision is the share of editorial verdicts that really
	// are editorial: what a reviewer who skips them relies on.
	EditorialPrecision float64
	Accuracy           float64
	N                  int
}

// CategoryCount is the confusion of one category: labelled class against
// the class given.
type CategoryCount struct {
	Category                    string
	Label                       Class // the labelled class of most of its cases
	N                           int
	SubAsSub, SubAsEd, EdAsEd   int
	EdAsSub, NoneOK, NoneMissed int
}

// EvaluateCases runs every case and sums the results up.
func EvaluateCases(cases []LabelledCase, r *Rules) (CaseReport, error) {
	var rep CaseReport
	cats := map[string]*CategoryCount{}
	var subN, subOK, edVerdicts, edRight, right int
	for _, c := range cases {
		res, err := c.Run(r)
		if err != nil {
			return rep, err
		}
		rep.Results = append(rep.Results, res)
		cc := cats[c.Category]
		if cc == nil {
			cc = &CategoryCount{Category: c.Category, Label: c.Class}
			cats[c.Category] = cc
		}
		cc.N++
		got := res.Got
		if got == None && c.Class != None {
			// Nothing found is a verdict that nothing needs reading.
			got = Editorial
		}
		switch {
		case c.Class == Substantive && got == Substantive:
			cc.SubAsSub++
		case c.Class == Substantive:
			cc.SubAsEd++
		case got == Substantive:
			cc.EdAsSub++
		default:
			cc.EdAsEd++
		}
		if c.Class == Substantive {
			subN++
			if got == Substantive {
				subOK++
			}
		}
		if got != Substantive {
			edVerdicts++
			if c.Class != Substantive {
				edRight++
			}
		}
		if (got == Substantive) == (c.Class == Substantive) {
			right++
		}
	}
	rep.N = len(cases)
	rep.SubstantiveRecall = ratio(subOK, subN)
	rep.EditorialPrecision = ratio(edRight, edVerdicts)
	rep.Accuracy = ratio(right, len(cases))
	for _, k := range sortedKeys(cats) {
		rep.Categories = append(rep.Categories, *cats[k])
	}
	return rep, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// String lays the report out: a confusion table per category, the cases
// that went wrong, and the three figures.
func (r CaseReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "labelled cases: %d\n", r.N)
	b.WriteString("category               label         n   sub->sub  sub->ed  ed->ed  ed->sub\n")
	for _, c := range r.Categories {
		fmt.Fprintf(&b, "%-22s %-12s %3d   %8d %8d %7d %8d\n", c.Category, c.Label, c.N, c.SubAsSub, c.SubAsEd, c.EdAsEd, c.EdAsSub)
	}
	var wrong []string
	for _, res := range r.Results {
		got := res.Got
		if got == None {
			got = Editorial
		}
		if (got == Substantive) != (res.Case.Class == Substantive) {
			wrong = append(wrong, fmt.Sprintf("  %s: labelled %s, got %s (%s)", filepath.Base(res.Case.File), res.Case.Class, res.Got, res.Explanation))
		}
	}
	if len(wrong) > 0 {
		fmt.Fprintf(&b, "\nwrong (%d):\n%s\n", len(wrong), strings.Join(wrong, "\n"))
	}
	fmt.Fprintf(&b, "\nsubstantive recall    %.3f  (target 1.000)\n", r.SubstantiveRecall)
	fmt.Fprintf(&b, "editorial precision   %.3f  (target >= 0.990)\n", r.EditorialPrecision)
	fmt.Fprintf(&b, "accuracy              %.3f  (target >= 0.950)\n", r.Accuracy)
	return b.String()
}
