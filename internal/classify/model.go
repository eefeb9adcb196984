package classify

import (
	_ "embed"
	"fmt"
	"math"

	"go.yaml.in/yaml/v3"
)

// The content model grades substantive changes: how likely the content
// words that changed bring in information, which is the significance a
// reviewer sorts by. It never makes a change editorial: only a proof
// does (proof.go). It is a
// logistic regression over counts and ratios that every language yields
// alike (no word of any language is a feature), fitted on the calibration
// half of the IteraTeR corpus by fit_test.go, which writes model.yaml:
//
//	go test ./internal/classify -run TestFitModel -fit
//
//go:embed model.yaml
var builtinModel []byte

// model holds the fitted weights, by feature name so that the file reads
// on its own and a feature added later cannot shift the others.
type model struct {
	Bias      float64            `yaml:"bias"`
	Threshold float64            `yaml:"threshold"`
	Weights   map[string]float64 `yaml:"weights"`
	w         []float64          // Weights in featureNames order
}

// featureNames are the model's inputs, in the order vector fills them.
var featureNames = []string{
	"ins-words",       // log(1 + words inserted in content hunks)
	"del-words",       // log(1 + words deleted)
	"ins-content",     // log(1 + inserted words that are not function words)
	"del-content",     // log(1 + deleted content words)
	"novel-ins",       // log(1 + inserted content words whose stem is nowhere in the old text)
	"novel-del",       // log(1 + deleted content words whose stem is nowhere in the new text)
	"novel-net",       // signed log of novel-ins minus novel-del counts
	"novel-share",     // novel inserted content words / content words of the new text
	"changed-share",   // words inserted and deleted / words of both texts
	"length-change",   // (new words - old words) / old words, clipped to [-1, 1]
	"content-hunks",   // log(1 + runs of content words changed)
	"editorial-hunks", // log(1 + runs explained by an editorial rule)
	"pure-insert",     // 1 when nothing was deleted
	"pure-delete",     // 1 when nothing was inserted
	"swaps",           // log(1 + one content word replaced by another, no shared stem)
	"swap-similarity", // mean letter similarity of the swapped words (0 when none)
	"max-ins-run",     // log(1 + longest run of inserted words)
	"max-del-run",     // log(1 + longest run of deleted words)
	"name-added",      // 1 when a name appears that the old text lacks
	"name-removed",    // 1 when a name alias (acronym, expansion) was dropped
	"connective",      // 1 when inserted words hold a clause connective
	"old-words",       // log(1 + words of the old text)
	"rewritten",       // log(1 + names and numbers changed inside a rewritten passage)
}

func parseModel(data []byte) (model, error) {
	var m model
	if err := yaml.Unmarshal(data, &m); err != nil {
		return m, err
	}
	m.w = make([]float64, len(featureNames))
	known := map[string]bool{}
	for i, name := range featureNames {
		known[name] = true
		m.w[i] = m.Weights[name]
	}
	for _, name := range sortedKeys(m.Weights) {
		if !known[name] {
			return m, fmt.Errorf("weight for unknown feature %q", name)
		}
	}
	if m.Threshold <= 0 || m.Threshold >= 1 {
		return m, fmt.Errorf("threshold %v is not between 0 and 1", m.Threshold)
	}
	return m, nil
}

// prob is the model's probability that a change with these features is
// substantive.
func (m *model) prob(f features) float64 {
	z := m.Bias
	for i, x := range f.vector() {
		z += m.w[i] * x
	}
	return 1 / (1 + math.Exp(-z))
}

// vector lays the features out in featureNames order.
func (f features) vector() []float64 {
	l := func(n int) float64 { return math.Log1p(float64(n)) }
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	ratio := func(a, b int) float64 {
		if b <= 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	net := float64(f.NovelIns - f.NovelDel)
	lengthChange := math.Max(-1, math.Min(1, ratio(f.NewWords-f.OldWords, max(f.OldWords, 1))))
	return []float64{
		l(f.InsWords), l(f.DelWords), l(f.InsContent), l(f.DelContent),
		l(f.NovelIns), l(f.NovelDel), math.Copysign(math.Log1p(math.Abs(net)), net),
		ratio(f.NovelIns, f.NewContent),
		ratio(f.InsWords+f.DelWords, f.OldWords+f.NewWords),
		lengthChange,
		l(f.ContentHunks), l(f.EditorialHunks),
		b(f.DelWords == 0), b(f.InsWords == 0),
		l(f.Swaps), f.SwapSim,
		l(f.MaxInsRun), l(f.MaxDelRun),
		b(f.NameAdded), b(f.NameRemoved), b(f.Connective),
		l(f.OldWords), l(f.Rewritten),
	}
}
