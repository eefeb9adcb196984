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
// result is what Parse gives. It checks the other way too, parsing the
// version before from the parse of the one after, as a history read
// newest first does.
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
	type tally struct {
		name                  string
		fast, bytes, reparsed int
		reasons               map[string]int
		time                  time.Duration
	}
	fwd := tally{name: "old to new", reasons: map[string]int{}}
	back := tally{name: "new to old", reasons: map[string]int{}}
	// next parses src from from, checks the result against want (the
	// parse of src by Parse) and counts.
	next := func(ta *tally, ch corpusChange, from *Document, src []byte, want *Document) *Document {
		t0 := time.Now()
		got, why, n := parseNextCount(from, ch.path, src, DefaultLimits)
		ta.time += time.Since(t0)
		if got == nil {
			ta.reasons[why]++
			return want
		}
		ta.fast++
		ta.bytes += len(src) - got.BodyStart
		ta.reparsed += n
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s -> %s, %s: ParseNext differs from Parse", ch.path, ch.old, ch.new, ta.name)
			reportDiff(t, got, want)
		}
		return got
	}
	var tParse time.Duration
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
		tParse += time.Since(t0)
		if werr != nil {
			t.Fatalf("%s at %s: %v", ch.path, ch.new, werr)
		}
		got := next(&fwd, ch, l.doc, src, want)
		// l.doc is the parse of the old version (by Parse, or by
		// ParseNext and found equal to it).
		next(&back, ch, want, l.doc.Source, l.doc)
		prev[ch.path] = last{ch.new, got}
	}
	for _, ta := range []tally{fwd, back} {
		var rs []string
		for r := range ta.reasons {
			rs = append(rs, r)
		}
		sort.Strings(rs)
		t.Logf("%s: %d version pairs: %d reused blocks, %d parsed in full; %.1f%% of the bodies parsed again; time in parseNext %v",
			ta.name, len(c.changes), ta.fast, len(c.changes)-ta.fast,
			100*float64(ta.reparsed)/float64(max(ta.bytes, 1)), ta.time.Round(time.Millisecond))
		for _, r := range rs {
			t.Logf("  full parse: %s: %d", r, ta.reasons[r])
		}
	}
	t.Logf("time in Parse of the new versions %v", tParse.Round(time.Millisecond))
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
