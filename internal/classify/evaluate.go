package classify

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"strings"
)

// Score counts how the substantive class fares against human labels.
type Score struct {
	N, TP, FP, FN, TN               int
	Precision, Recall, F1, Accuracy float64
}

// Report is the outcome of Evaluate: the whole corpus and its two halves.
// The calibration half (documents whose id hashes even) is where the
// content model was fitted and the rules' settings chosen; the held-out
// half was not used for either.
type Report struct {
	Score
	Calibration Score
	HeldOut     Score
	// Labels counts, for each IteraTeR label, how many revisions the
	// classifier called substantive: where its false alarms come from.
	Labels []LabelCount
}

// LabelCount is how one human label fared: of N revisions so labelled,
// Substantive were classified substantive (on each half and in all).
type LabelCount struct {
	Label                     string
	N, Substantive            int
	CalN, CalSubstantive      int
	HeldOutN, HeldSubstantive int
}

// iteraterRow is one line of an IteraTeR JSON Lines file.
type iteraterRow struct {
	Before string `json:"before_sent"`
	After  string `json:"after_sent"`
	Labels string `json:"labels"`
	DocID  string `json:"doc_id"`
}

// Evaluate classifies the sentence revisions of an IteraTeR file
// (before_sent, after_sent, labels, doc_id) with Pair in English, counting
// the label meaning-changed as substantive and every other as editorial.
func Evaluate(r io.Reader, rules *Rules) (Report, error) {
	var rep Report
	labels := map[string]*LabelCount{}
	err := readIterater(r, func(row iteraterRow) {
		c, _, _ := rules.Pair(row.Before, row.After, "en")
		want := row.Labels == "meaning-changed"
		got := c == Substantive
		rep.Score.add(want, got)
		lc := labels[row.Labels]
		if lc == nil {
			lc = &LabelCount{Label: row.Labels}
			labels[row.Labels] = lc
		}
		lc.N++
		lc.Substantive += b2i(got)
		if calibrationHalf(row.DocID) {
			rep.Calibration.add(want, got)
			lc.CalN++
			lc.CalSubstantive += b2i(got)
		} else {
			rep.HeldOut.add(want, got)
			lc.HeldOutN++
			lc.HeldSubstantive += b2i(got)
		}
	})
	for _, k := range sortedKeys(labels) {
		rep.Labels = append(rep.Labels, *labels[k])
	}
	if err != nil {
		return rep, err
	}
	if rep.N == 0 {
		return rep, fmt.Errorf("no sentence pairs found; want JSON Lines with before_sent, after_sent and labels")
	}
	rep.Score.finish()
	rep.Calibration.finish()
	rep.HeldOut.finish()
	return rep, nil
}

func readIterater(r io.Reader, f func(iteraterRow)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var row iteraterRow
		if err := json.Unmarshal([]byte(text), &row); err != nil {
			return fmt.Errorf("line %d: not a JSON object: %v", line, err)
		}
		if row.Labels == "" {
			return fmt.Errorf("line %d: no labels field", line)
		}
		f(row)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %v", line+1, err)
	}
	return nil
}

// calibrationHalf splits the corpus by document, so that revisions of one
// paper or article never sit on both sides.
func calibrationHalf(docID string) bool {
	h := fnv.New32a()
	h.Write([]byte(docID))
	return h.Sum32()%2 == 0
}

func (s *Score) add(want, got bool) {
	s.N++
	switch {
	case want && got:
		s.TP++
	case want:
		s.FN++
	case got:
		s.FP++
	default:
		s.TN++
	}
}

func (s *Score) finish() {
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	if s.N > 0 {
		s.Accuracy = float64(s.TP+s.TN) / float64(s.N)
	}
}

func (s Score) line(name string) string {
	return fmt.Sprintf("%-12s %6d %5d %5d %5d %5d   %.3f  %.3f  %.3f  %.3f\n",
		name, s.N, s.TP, s.FP, s.FN, s.TN, s.Precision, s.Recall, s.F1, s.Accuracy)
}

// String lays the report out as two small tables: the scores of each
// half, and how many revisions of each human label were called
// substantive (for meaning-changed that is the recall; for the others,
// the false alarms).
func (r Report) String() string {
	var b strings.Builder
	b.WriteString("substantive = meaning-changed\n")
	b.WriteString("split             n    tp    fp    fn    tn   prec   rec    f1     acc\n")
	b.WriteString(r.Calibration.line("calibration"))
	b.WriteString(r.HeldOut.line("held-out"))
	b.WriteString(r.Score.line("all"))
	b.WriteString("\ncalled substantive, by label\n")
	b.WriteString("label              calibration        held-out             all\n")
	for _, l := range r.Labels {
		fmt.Fprintf(&b, "%-16s %s %s %s\n", l.Label, share(l.CalSubstantive, l.CalN), share(l.HeldSubstantive, l.HeldOutN), share(l.Substantive, l.N))
	}
	return b.String()
}

func share(k, n int) string {
	p := 0.0
	if n > 0 {
		p = 100 * float64(k) / float64(n)
	}
	return fmt.Sprintf("%5d/%-5d %3.0f%%", k, n, p)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
