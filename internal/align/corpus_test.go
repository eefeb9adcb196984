package align

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// iteraterPath is the IteraTeR corpus of sentence revisions from arXiv,
// Wikipedia and Wikinews drafts (Apache-2.0), used in place.
const iteraterPath = "../../../shared/corpora/iterater-train-dev.jsonl"

func iteraterPairs(t *testing.T) [][2]string {
	f, err := os.Open(iteraterPath)
	if err != nil {
		t.Skip("IteraTeR corpus " + iteraterPath + " is absent")
	}
	defer f.Close()
	var pairs [][2]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var r struct {
			Before string `json:"before_sent"`
			After  string `json:"after_sent"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", iteraterPath, err)
		}
		pairs = append(pairs, [2]string{r.Before, r.After})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", iteraterPath, err)
	}
	return pairs
}

// TestIteraTeR checks the default pairing threshold against real
// revisions: a revised sentence should score at or above MinSimilarity
// against its earlier version, and a sentence from elsewhere in the corpus
// should not. With 0.5 about 5% of revisions (mostly rewrites, additions
// and deletions) fall below and under 0.1% of unrelated pairs rise above;
// 0.4 would catch 1.5% more revisions but double the false pairs.
func TestIteraTeR(t *testing.T) {
	pairs := iteraterPairs(t)
	least := DefaultOptions().MinSimilarity
	a := &aligner{words: map[string]int32{}}
	missed, unrelated := 0, 0
	for k, p := range pairs {
		if dice(a.wordSet(p[0]), a.wordSet(p[1])) < least {
			missed++
		}
		other := pairs[(k*7919+13)%len(pairs)][1]
		if dice(a.wordSet(p[0]), a.wordSet(other)) >= least {
			unrelated++
		}
		if err := checkSpans(p[0], p[1], Words(p[0], p[1], DefaultOptions())); err != nil {
			t.Errorf("pair %d: %v", k, err)
		}
	}
	if rate := float64(missed) / float64(len(pairs)); rate > 0.07 {
		t.Errorf("%.1f%% of revisions score below %v", 100*rate, least)
	}
	if rate := float64(unrelated) / float64(len(pairs)); rate > 0.005 {
		t.Errorf("%.2f%% of unrelated pairs score %v or more", 100*rate, least)
	}
}
