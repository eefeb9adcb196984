package classify

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"
)

// The IteraTeR corpus (Du et al., 2022) is distributed under Apache-2.0.
const iteraterPath = "../../../shared/corpora/iterater-train-dev.jsonl"

var featuresOut = flag.String("features", "", "write the Pair features of every IteraTeR row to this JSON Lines file (for calibration)")

func openIterater(tb testing.TB) *os.File {
	tb.Helper()
	f, err := os.Open(iteraterPath)
	if err != nil {
		tb.Skipf("IteraTeR corpus not available (%v); it lives in /work/shared/corpora", err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func TestEvaluateIterater(t *testing.T) {
	rep, err := Evaluate(openIterater(t), Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", rep)
	// Recall of meaning-changed comes first: a missed substantive change
	// is the worst error. F1 is reported, not held: IteraTeR's annotators
	// call most word swaps clarity edits, which no proof makes editorial.
	if rep.Recall < 0.90 {
		t.Errorf("recall of meaning-changed = %.3f, want >= 0.90", rep.Recall)
	}
	if rep.HeldOut.N+rep.Calibration.N != rep.N {
		t.Errorf("halves %d + %d != %d", rep.HeldOut.N, rep.Calibration.N, rep.N)
	}
	n, sub := 0, 0
	for _, l := range rep.Labels {
		n += l.N
		sub += l.Substantive
		if l.CalN+l.HeldOutN != l.N {
			t.Errorf("label %s: halves %d + %d != %d", l.Label, l.CalN, l.HeldOutN, l.N)
		}
		if !strings.Contains(rep.String(), "\n"+l.Label+" ") {
			t.Errorf("String() lacks the row of label %s", l.Label)
		}
	}
	if n != rep.N || sub != rep.TP+rep.FP {
		t.Errorf("label table counts %d rows, %d substantive; scores say %d, %d", n, sub, rep.N, rep.TP+rep.FP)
	}
}

func TestDumpFeatures(t *testing.T) {
	if *featuresOut == "" {
		t.Skip("give -features=FILE to write calibration features")
	}
	out, err := os.Create(*featuresOut)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	r := Default()
	enc := json.NewEncoder(out)
	err = readIterater(openIterater(t), func(row iteraterRow) {
		a := r.analyse(row.Before, row.After, "en", "")
		enc.Encode(map[string]any{
			"y": row.Labels == "meaning-changed", "lab": row.Labels, "cal": calibrationHalf(row.DocID),
			"class": a.class, "reasons": a.reasons, "f": a.feat,
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEvaluateErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "no sentence pairs"},
		{"not json", "{\"before_sent\": \"a\"\n", "line 1"},
		{"no labels", `{"before_sent": "a", "after_sent": "b"}`, "no labels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Evaluate(strings.NewReader(tc.in), Default())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestEvaluateCounts(t *testing.T) {
	in := `{"before_sent": "We use 5 GPUs.", "after_sent": "We use 8 GPUs.", "labels": "meaning-changed", "doc_id": "a"}
{"before_sent": "The the model works.", "after_sent": "The model works.", "labels": "fluency", "doc_id": "b"}
{"before_sent": "It works.", "after_sent": "It works well.", "labels": "meaning-changed", "doc_id": "c"}
`
	rep, err := Evaluate(strings.NewReader(in), Default())
	if err != nil {
		t.Fatal(err)
	}
	if rep.N != 3 || rep.TP+rep.FN != 2 || rep.FP+rep.TN != 1 {
		t.Fatalf("counts = %+v", rep.Score)
	}
	if rep.TP < 1 || rep.TN != 1 {
		t.Errorf("want the number change found and the doubled word editorial; got %+v", rep.Score)
	}
}

func BenchmarkPairIterater(b *testing.B) {
	var rows []iteraterRow
	if err := readIterater(openIterater(b), func(r iteraterRow) { rows = append(rows, r) }); err != nil {
		b.Fatal(err)
	}
	r := Default()
	r.memo = nil // the cost of analysing a pair: the memo would answer from the second pass on
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		row := rows[i%len(rows)]
		r.Pair(row.Before, row.After, "en")
	}
}
