package align

import (
	"reflect"
	"strings"
	"testing"
)

// TestWordsOverTokenCap: above MaxTokens, Words keeps the common start
// and end at line (or, without newlines, whitespace) granularity and
// reports the rest as one deletion and one insertion.
func TestWordsOverTokenCap(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []Span
	}{
		{"one line changed", "a = 1\nb = 2\nc = 3\n", "a = 1\nb = 5\nc = 3\n",
			[]Span{{SpanEqual, "a = 1\n"}, {SpanDelete, "b = 2"}, {SpanInsert, "b = 5"}, {SpanEqual, "\nc = 3\n"}}},
		{"no newline: cut at spaces", "Vi kan lagre data i Norge", "Vi skal lagre data i Norge",
			[]Span{{SpanEqual, "Vi "}, {SpanDelete, "kan"}, {SpanInsert, "skal"}, {SpanEqual, " lagre data i Norge"}}},
		{"line appended", "x\ny\n", "x\ny\nz\n",
			[]Span{{SpanEqual, "x\ny\n"}, {SpanInsert, "z\n"}}},
		{"start removed", "x\ny\nz", "y\nz",
			[]Span{{SpanDelete, "x\ny"}, {SpanInsert, "y"}, {SpanEqual, "\nz"}}},
		{"nothing in common", "abc def", "xyz",
			[]Span{{SpanDelete, "abc def"}, {SpanInsert, "xyz"}}},
		{"to empty", "a b c", "", []Span{{SpanDelete, "a b c"}}},
		{"multibyte kept whole", "blå bær\nære", "blå bær\nøre",
			[]Span{{SpanEqual, "blå bær\n"}, {SpanDelete, "ære"}, {SpanInsert, "øre"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Words(tt.old, tt.new, Options{MaxTokens: 2})
			if err := checkSpans(tt.old, tt.new, got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestWordsTokenCapBoundary: a text of exactly MaxTokens tokens is still
// diffed word by word; one more token and it is not.
func TestWordsTokenCapBoundary(t *testing.T) {
	old, new := "a b c", "a x c" // five tokens each
	fine := []Span{{SpanEqual, "a "}, {SpanDelete, "b"}, {SpanInsert, "x"}, {SpanEqual, " c"}}
	if got := Words(old, new, Options{MaxTokens: 5}); !reflect.DeepEqual(got, fine) {
		t.Errorf("at the cap: %q", got)
	}
	// The word diff folds the lone "c" kept between two edits; the coarse
	// one cannot, and shows one replacement from the first difference.
	old, new = "a b c d e", "a x c y e"
	if got := Words(old, new, Options{MaxTokens: 8}); len(changes(got)) != 2 {
		t.Errorf("over the cap, want one deletion and one insertion: %q", got)
	}
	if got := Words(old, new, Options{MaxTokens: 9}); len(changes(got)) != 4 {
		t.Errorf("at the cap, want word by word: %q", got)
	}
}

// TestWordsHugeBlock: a block far above the default cap with one line
// changed comes back as one bounded edit around that line.
func TestWordsHugeBlock(t *testing.T) {
	var b strings.Builder
	for i := range 60_000 {
		b.WriteString("x = compute(i, j) // step ")
		b.WriteString(strings.Repeat("y", i%7))
		b.WriteByte('\n')
	}
	old := b.String()
	mid := strings.Index(old[len(old)/2:], "\n") + len(old)/2 + 1
	end := mid + strings.IndexByte(old[mid:], '\n')
	new := old[:mid] + "x = changed()" + old[end:]
	got := Words(old, new, DefaultOptions())
	if err := checkSpans(old, new, got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[1].Text != old[mid:end] || got[2].Text != "x = changed()" {
		t.Errorf("want equal, the one line deleted and inserted, equal; got %d spans, changes %q", len(got), changes(got))
	}
}

func FuzzWordsCoarse(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, old, new string) {
		if err := checkSpans(old, new, Words(old, new, Options{MaxTokens: 1})); err != nil {
			t.Fatal(err)
		}
	})
}
