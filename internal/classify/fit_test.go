package classify

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

var fit = flag.Bool("fit", false, "refit the content model on the calibration half of IteraTeR and rewrite model.yaml")

// fitRow is one IteraTeR revision as the fitter sees it.
type fitRow struct {
	cal, want bool
	ruled     Class     // the class when a rule decided, else ""
	x         []float64 // model features, when the model is asked
	label     string
}

// fitRows classifies every revision with the rules alone.
func fitRows(tb testing.TB, r *Rules) []fitRow {
	var rows []fitRow
	err := readIterater(openIterater(tb), func(row iteraterRow) {
		a := r.analyse(row.Before, row.After, "en", "")
		fr := fitRow{cal: calibrationHalf(row.DocID), want: row.Labels == "meaning-changed", label: row.Labels}
		switch {
		case a.feat.Decided:
			fr.ruled = Substantive
		case a.feat.ContentHunks == 0:
			fr.ruled = a.class
		default:
			fr.x = a.feat.vector()
		}
		rows = append(rows, fr)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

// fitModel fits a logistic regression on the calibration rows the model
// decides, then picks the threshold that gives the best F1 over the whole
// calibration half (rule-decided rows included). The held-out half is not
// read. Features are standardised for the fit (so that one L2 penalty
// suits them all) and the weights turned back to the raw scale.
func fitModel(rows []fitRow) model {
	var xs [][]float64
	var ys []float64
	for _, r := range rows {
		if r.cal && r.x != nil {
			xs = append(xs, r.x)
			ys = append(ys, b2f(r.want))
		}
	}
	k := len(featureNames)
	mean, sd := make([]float64, k), make([]float64, k)
	for _, x := range xs {
		for j := range k {
			mean[j] += x[j] / float64(len(xs))
		}
	}
	for _, x := range xs {
		for j := range k {
			sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / float64(len(xs))
		}
	}
	for j := range k {
		if sd[j] = math.Sqrt(sd[j]); sd[j] == 0 {
			sd[j] = 1
		}
	}
	z := make([][]float64, len(xs))
	for i, x := range xs {
		z[i] = make([]float64, k+1)
		z[i][0] = 1
		for j := range k {
			z[i][j+1] = (x[j] - mean[j]) / sd[j]
		}
	}
	beta := irls(z, ys, 1.0)
	m := model{Bias: beta[0], Weights: map[string]float64{}, w: make([]float64, k)}
	for j := range k {
		m.w[j] = beta[j+1] / sd[j]
		m.Bias -= m.w[j] * mean[j]
	}
	// Round what is stored, then choose the threshold with the rounded
	// weights, so that the file reproduces the figures exactly.
	m.Bias = round4(m.Bias)
	for j, name := range featureNames {
		m.w[j] = round4(m.w[j])
		m.Weights[name] = m.w[j]
	}
	best := -1.0
	for t := 0.05; t < 0.951; t += 0.01 {
		var s Score
		for _, r := range rows {
			if r.cal {
				s.add(r.want, predict(m, r, t))
			}
		}
		s.finish()
		if s.F1 > best+1e-9 {
			best, m.Threshold = s.F1, round4(t)
		}
	}
	return m
}

func predict(m model, r fitRow, threshold float64) bool {
	if r.x == nil {
		return r.ruled == Substantive
	}
	zz := m.Bias
	for j, v := range r.x {
		zz += m.w[j] * v
	}
	return 1/(1+math.Exp(-zz)) >= threshold
}

// irls fits logistic regression by Newton's method with an L2 penalty
// lambda on every weight but the intercept (z[i][0] = 1).
func irls(z [][]float64, y []float64, lambda float64) []float64 {
	k := len(z[0])
	beta := make([]float64, k)
	for iter := 0; iter < 50; iter++ {
		grad := make([]float64, k)
		hess := make([][]float64, k)
		for a := range hess {
			hess[a] = make([]float64, k)
		}
		for i, x := range z {
			eta := 0.0
			for j := range k {
				eta += beta[j] * x[j]
			}
			p := 1 / (1 + math.Exp(-eta))
			w := p * (1 - p)
			for a := range k {
				grad[a] += (y[i] - p) * x[a]
				for b := range k {
					hess[a][b] += w * x[a] * x[b]
				}
			}
		}
		for a := 1; a < k; a++ {
			grad[a] -= lambda * beta[a]
			hess[a][a] += lambda
		}
		step := solve(hess, grad)
		change := 0.0
		for j := range k {
			beta[j] += step[j]
			change = math.Max(change, math.Abs(step[j]))
		}
		if change < 1e-10 {
			break
		}
	}
	return beta
}

// solve returns x with a x = b by Gaussian elimination with partial
// pivoting; a is symmetric positive definite here.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	m := make([][]float64, n)
	for i := range m {
		m[i] = append(append([]float64{}, a[i]...), b[i])
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := m[r][n]
		for k := r + 1; k < n; k++ {
			s -= m[r][k] * x[k]
		}
		x[r] = s / m[r][r]
	}
	return x
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// formatModel writes model.yaml: weights in feature order, one a line.
func formatModel(m model, cal Score) string {
	var b strings.Builder
	b.WriteString("# The content model (see model.go): logistic regression weights on the raw\n")
	b.WriteString("# features, fitted on the calibration half of IteraTeR (Apache-2.0) by\n")
	b.WriteString("#   go test ./internal/classify -run TestFitModel -fit\n")
	b.WriteString("# Do not edit by hand; refit. The model grades substantive changes (their\n")
	b.WriteString("# significance); it never makes one editorial. Threshold: the probability\n")
	fmt.Fprintf(&b, "# that best separates meaning changes on the calibration half (F1 %.3f).\n", cal.F1)
	fmt.Fprintf(&b, "bias: %.4f\nthreshold: %.4f\nweights:\n", m.Bias, m.Threshold)
	for j, name := range featureNames {
		fmt.Fprintf(&b, "  %s: %.4f\n", name, m.w[j])
	}
	return b.String()
}

// TestFitModel refits the model and checks that model.yaml is what the
// fit gives, so the published figures can be reproduced; with -fit it
// rewrites model.yaml instead.
func TestFitModel(t *testing.T) {
	r := Default()
	if lex := r.Lexicons(); !*fit && (lex == nil || len(lex.Missing()) > 0) {
		t.Skip("the model is fitted with the lexicons installed, and they are missing (apt-get install hunspell-no hunspell-en-us mythes-no wordnet-base)")
	}
	rows := fitRows(t, r)
	m := fitModel(rows)
	var cal Score
	for _, row := range rows {
		if row.cal {
			cal.add(row.want, predict(m, row, m.Threshold))
		}
	}
	cal.finish()
	text := formatModel(m, cal)
	if *fit {
		if err := os.WriteFile("model.yaml", []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote model.yaml (calibration F1 %.3f)\n%s", cal.F1, text)
		return
	}
	if text != string(builtinModel) {
		t.Errorf("model.yaml is not what the fit gives; run with -fit and review the diff. The fit gives:\n%s", text)
	}
}
