package classify

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// memoPairs makes text pairs by editing sentences the way revisions do
// (a number, a negation, a modal, a reordered or dropped word, a name),
// each pair several times so that the memo answers most of them.
func memoPairs() [][3]string {
	base := []string{
		"Vi lagrer personopplysninger i 30 dager etter at saken er avsluttet.",
		"Microsoft Ireland Operations Ltd er databehandler for Altinn 3.",
		"The processor must delete the data within 90 days of termination.",
		"Behandlingsgrunnlaget er GDPR artikkel 6 nr. 1 bokstav e.",
		"Data is transferred to the United States under the EU-US Data Privacy Framework.",
		"**Logger** lagres i [Azure](https://azure.microsoft.com) i Norge.",
	}
	edits := []func(string, *rand.Rand) string{
		func(s string, r *rand.Rand) string { return strings.Replace(s, "30", fmt.Sprint(r.IntN(99)), 1) },
		func(s string, _ *rand.Rand) string { return strings.Replace(s, " er ", " er ikke ", 1) },
		func(s string, _ *rand.Rand) string { return strings.Replace(s, "must", "may", 1) },
		func(s string, _ *rand.Rand) string { return strings.ToLower(s[:1]) + s[1:] },
		func(s string, r *rand.Rand) string {
			w := strings.Fields(s)
			i := r.IntN(len(w))
			return strings.Join(slices.Delete(w, i, i+1), " ")
		},
		func(s string, _ *rand.Rand) string { return strings.ReplaceAll(s, "Microsoft", "Amazon") },
		func(s string, _ *rand.Rand) string { return "" },
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var out [][3]string
	for round := 0; round < 3; round++ {
		for _, s := range base {
			for _, e := range edits {
				n := e(s, rng)
				for _, lang := range []string{"nb", "en"} {
					out = append(out, [3]string{s, n, lang}, [3]string{n, s, lang})
				}
			}
		}
	}
	return out
}

// With the memo, analyse and topicsOf answer what they answer without it,
// the first time and every time after.
func TestMemoAgrees(t *testing.T) {
	r, plain := Default(), Default()
	plain.memo = nil
	for i, p := range memoPairs() {
		got, want := r.analyse(p[0], p[1], p[2], ""), plain.analyse(p[0], p[1], p[2], "")
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("pair %d %q -> %q (%s): memo gives %+v, plain %+v", i, p[0], p[1], p[2], got, want)
		}
		if got, want := r.topicsOf(p[0], p[1]), plain.topicsOf(p[0], p[1]); !slices.Equal(got, want) {
			t.Fatalf("topics of pair %d: memo %v, plain %v", i, got, want)
		}
	}
}

// The reasons handed out are the caller's to change.
func TestMemoReasonsCopied(t *testing.T) {
	r := Default()
	old, new := "Data is kept for 30 days.", "Data is not kept for 90 days."
	a := r.analyse(old, new, "en", "")
	if len(a.reasons) == 0 {
		t.Fatal("no reasons")
	}
	want := slices.Clone(a.reasons)
	for i := range 3 {
		a.reasons[0] = "changed by the caller"
		_ = append(a.reasons[:1], "appended by the caller")
		a = r.analyse(old, new, "en", "")
		if !slices.Equal(a.reasons, want) {
			t.Fatalf("analysis %d has reasons %v, want %v", i+2, a.reasons, want)
		}
	}
}

// The memo holds at most two generations per shard, however many texts go
// through it, and still answers for the newest.
func TestMemoBounded(t *testing.T) {
	m := newMemo()
	const n = 40 * memoShards * memoGeneration
	for i := range n {
		m.putAnalysis(m.key("en", fmt.Sprint(i), "x"), analysis{class: Editorial})
		m.putTopicSet(m.key(fmt.Sprint(i)), uint64(i))
		m.putSpans(m.key("spans", fmt.Sprint(i)), [nTags][]span{{{i, i + 1}}})
	}
	for i := range m.shards {
		s := &m.shards[i]
		for kind, g := range map[string]func() (int, int){"analyses": s.pairs.size, "topic sets": s.topics.size, "span sets": s.spans.size} {
			if cur, prev := g(); cur > memoGeneration || prev > memoGeneration {
				t.Fatalf("shard %d holds %d+%d %s; the bound is %d a generation", i, cur, prev, kind, memoGeneration)
			}
		}
	}
	if _, ok := m.analysis(m.key("en", fmt.Sprint(n-1), "x")); !ok {
		t.Error("the newest analysis is gone")
	}
	if set, ok := m.topicSet(m.key(fmt.Sprint(n - 1))); !ok || set != n-1 {
		t.Errorf("the newest topic set: %d, %v", set, ok)
	}
	if _, ok := m.analysis(m.key("en", "0", "x")); ok {
		t.Error("the oldest analysis is still held")
	}
	// The key separates its parts.
	if m.key("ab", "c") == m.key("a", "bc") {
		t.Error(`key("ab", "c") == key("a", "bc")`)
	}
}

// Extending the rules forgets what the memo held: a text seen before gets
// the topic added after.
func TestMemoForgottenOnExtend(t *testing.T) {
	r := Default()
	text := "Loggene lagres i 30 dager."
	if got := r.topicsOf(text); len(got) != 0 {
		t.Fatalf("topics before Extend = %v", got)
	}
	if _, ok := r.memo.topicSet(r.memo.key(text)); !ok {
		t.Fatal("the memo does not hold the topics of a text just seen")
	}
	if err := r.Extend(Extension{Topics: map[string][]string{"logging": {"logg*"}}}); err != nil {
		t.Fatal(err)
	}
	if got := r.topicsOf(text); !slices.Equal(got, []string{"logging"}) {
		t.Errorf("topics after Extend = %v, want [logging]", got)
	}
	before := r.analyse("Vi trenger å lagre data.", "Vi ønsker å lagre data.", "nb", "")
	if err := r.Extend(Extension{Words: map[string][]string{"modal.nb": {"trenger"}}}); err != nil {
		t.Fatal(err)
	}
	after := r.analyse("Vi trenger å lagre data.", "Vi ønsker å lagre data.", "nb", "")
	if slices.Contains(before.reasons, ReasonModal) || !slices.Contains(after.reasons, ReasonModal) {
		t.Errorf("modal reason before Extend %v, after %v; want only after", before.reasons, after.reasons)
	}
}
