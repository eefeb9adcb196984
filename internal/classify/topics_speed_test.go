package classify

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestTopicPairsAgreeWithRegexp checks the pair prefilter of topicBits on
// generated texts: the literals of the topics, in other cases and cut,
// between separators, marks and runes that case folding treats oddly.
func TestTopicPairsAgreeWithRegexp(t *testing.T) {
	r := Default()
	if err := r.Extend(Extension{Topics: map[string][]string{
		"lead":   {"*gram", "*ısk"},
		"trail":  {"kilo*", "straße*"},
		"both":   {"*behandl* grunn*", "*ål*"},
		"dotted": {"İstanbul", "ik"},
		"kelvin": {"\u212Aelvin*"},
	}}); err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, ps := range r.topics {
		for _, p := range ps {
			for _, w := range strings.Fields(p) {
				w = strings.Trim(w, "*")
				words = append(words, w, strings.ToUpper(w), strings.ToTitle(w), w[:len(w)/2], w[len(w)/2:],
					strings.NewReplacer("k", "\u212A", "s", "\u017F", "i", "\u0130", "I", "ı").Replace(w))
			}
		}
	}
	words = append(words, "ø", "é", "ß", "SS", "\xff", "\u0345", "İ", "i\u0307", "K", "x", "2023", "")
	seps := []string{" ", " ", "\t", "\n", "-", ".", "", "\u0345", "\u00a0", "/", ", "}
	rnd := rand.New(rand.NewPCG(3, 4))
	matched := 0
	var text strings.Builder
	for range 20000 {
		text.Reset()
		for range 1 + rnd.IntN(6) {
			text.WriteString(words[rnd.IntN(len(words))])
			text.WriteString(seps[rnd.IntN(len(seps))])
		}
		s := text.String()
		var got []string
		bits := r.topicBits(s)
		for i, tp := range r.topicKeys {
			if bits&(1<<i) != 0 {
				got = append(got, tp)
			}
		}
		want := topicsByRegexp(r, s)
		if s == "" {
			want = nil
		}
		if !slices.Equal(got, want) {
			t.Fatalf("topicBits(%q) gives %v, the regexps alone %v", s, got, want)
		}
		if len(want) > 0 {
			matched++
		}
		// The prefilter's premise: a key holding a literal has its pairs.
		key := caseFoldKey(s)
		var pairs pairSet
		pairs.addAll(key)
		for _, lits := range r.topicLits {
			for _, l := range lits {
				for _, w := range append(l.words, l) {
					if strings.Contains(key, w.key) && !pairs.mayHold(w.key) {
						t.Fatalf("%q holds %q, but its pairs rule it out", key, w.key)
					}
				}
			}
		}
	}
	// Both outcomes must be common for the check to say much.
	if matched < 2000 || matched > 18000 {
		t.Errorf("%d texts of 20000 have a topic: the texts test little", matched)
	}
}

func BenchmarkTopicBits(b *testing.B) {
	texts := speedTexts(b)
	r := Default()
	b.ResetTimer()
	for range b.N {
		for _, s := range texts {
			r.topicBits(s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
}
