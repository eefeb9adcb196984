package document

import (
	"reflect"
	"sort"
	"testing"
	"time"
)

// TestParseNextCorpus parses every version in the Open Terms Archive
// corpus (ODC-By 1.0) that follows another version of the same page with
// ParseNext, from the parse of the version before, and checks that the
// result is what Parse gives.
func TestParseNextCorpus(t *testing.T) {
	c := openCorpus(t)
	if testing.Short() {
		// Every fourth change, still every page.
		var some []corpusChange
		for i, ch := range c.changes {
			if i%4 == 0 {
				some = append(some, ch)
			}
		}
		c.changes = some
	}
	type last struct {
		blob string
		doc  *Document
	}
	prev := map[string]last{}
	reasons := map[string]int{}
	fast := 0
	var tNext, tParse time.Duration
	for _, ch := range c.changes {
		l, ok := prev[ch.path]
		if !ok || l.blob != ch.old {
			src, err := c.blob(ch.old)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Parse(ch.path, src, DefaultLimits)
			if err != nil {
				t.Fatalf("%s at %s: %v", ch.path, ch.old, err)
			}
			l = last{ch.old, d}
		}
		src, err := c.blob(ch.new)
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		want, werr := Parse(ch.path, src, DefaultLimits)
		t1 := time.Now()
		got, why := parseNext(l.doc, ch.path, src, DefaultLimits)
		tParse += t1.Sub(t0)
		tNext += time.Since(t1)
		if werr != nil {
			t.Fatalf("%s at %s: %v", ch.path, ch.new, werr)
		}
		if got == nil {
			reasons[why]++
			got = want
		} else {
			fast++
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s -> %s: ParseNext differs from Parse", ch.path, ch.old, ch.new)
				reportDiff(t, got, want)
			}
		}
		prev[ch.path] = last{ch.new, got}
	}
	var rs []string
	for r := range reasons {
		rs = append(rs, r)
	}
	sort.Strings(rs)
	t.Logf("%d version pairs: %d reused blocks, %d parsed in full", len(c.changes), fast, len(c.changes)-fast)
	for _, r := range rs {
		t.Logf("  full parse: %s: %d", r, reasons[r])
	}
	t.Logf("time in Parse %v, in parseNext %v", tParse.Round(time.Millisecond), tNext.Round(time.Millisecond))
}

// reportDiff logs the first differences between two Documents.
func reportDiff(t *testing.T, got, want *Document) {
	t.Helper()
	if got.BodyStart != want.BodyStart || got.FrontFormat != want.FrontFormat || !reflect.DeepEqual(got.Front, want.Front) || got.Lang != want.Lang {
		t.Logf("front: got %q %d %v, want %q %d %v", got.FrontFormat, got.BodyStart, got.Front, want.FrontFormat, want.BodyStart, want.Front)
	}
	if !reflect.DeepEqual(got.heads, want.heads) {
		t.Logf("heads: got %+v\nwant %+v", got.heads, want.heads)
	}
	n := max(len(got.Blocks), len(want.Blocks))
	shown := 0
	for i := 0; i < n && shown < 3; i++ {
		var g, w Block
		if i < len(got.Blocks) {
			g = got.Blocks[i]
		}
		if i < len(want.Blocks) {
			w = want.Blocks[i]
		}
		if !reflect.DeepEqual(g, w) {
			t.Logf("block %d:\n got %+v\nwant %+v", i, g, w)
			shown++
		}
	}
}
