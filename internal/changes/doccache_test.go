package changes

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/classify"
	page "github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/history"
)

// TestDocCacheAgreesWithParse runs a history through the cache of parsed
// pages (each version parsed from the other side of its comparison, and
// waiting for a side another worker is parsing) and through plain parses
// of every version, with several numbers of workers. Versions come back
// (reverts), pages are renamed into each other's paths, and one version
// is not a page at all: the results must be the same, and the run must end.
func TestDocCacheAgreesWithParse(t *testing.T) {
	b := blobs{}
	para := func(i int) string {
		return fmt.Sprintf("Avsnitt %d: personopplysninger lagres i %d dager hos databehandleren.\n", i, 30+i%5)
	}
	version := func(seed int) history.Hash {
		var s strings.Builder
		s.WriteString("---\ntitle: Side\nweight: 1\n---\n\n# Oversikt\n\n")
		for i := range 40 {
			if i%7 == seed%7 {
				s.WriteString("## Del " + fmt.Sprint(i) + "\n\n")
			}
			if (i+seed)%11 == 0 {
				continue // a paragraph taken out in this version
			}
			s.WriteString(para(i + seed/3))
			s.WriteString("\n")
		}
		return b.put(s.String())
	}
	bad := b.put("ikke utf-8: \xff\n")
	var revs []history.Revision
	prevA, prevB := version(0), version(1)
	for i := range 40 {
		// Every fifth step goes back to an earlier version of the page.
		seedA := i
		if i%5 == 4 {
			seedA = i - 3
		}
		nextA, nextB := version(seedA), version(i+100)
		files := []history.FileChange{modified(nbPage, prevA, nextA), modified(enPage, prevB, nextB)}
		if i == 20 {
			files[1] = modified(enPage, prevB, bad)
			nextB = bad
		}
		revs = append([]history.Revision{rev(fmt.Sprint("d", i), files)}, revs...)
		prevA, prevB = nextA, nextB
	}

	rules := classify.Default()
	plain := func(oldPath string, old []byte, newPath string, new []byte) (classify.DocumentDiff, error) {
		var od, nd *page.Document
		var err error
		if old != nil {
			if od, err = page.Parse(oldPath, old, rules.Limits); err != nil {
				return classify.DocumentDiff{}, oldSideError{err}
			}
		}
		if new != nil {
			if nd, err = page.Parse(newPath, new, rules.Limits); err != nil {
				return classify.DocumentDiff{}, err
			}
		}
		return rules.CompareDocuments(od, nd), nil
	}
	want, err := classifyRevisions(context.Background(), b.get, revs, plain, opts())
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 3, 8} {
		o := opts()
		o.Workers = workers
		for _, budget := range []int{docCacheBytes, 4 << 10} {
			got, err := collect(func(emit func(Entry) error) error {
				return classifyWith(context.Background(), b.get, revs, newDocCache(rules, budget), o, emit)
			}, len(revs))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d workers, budget %d: the cache of parsed pages changed the result", workers, budget)
			}
		}
	}
}

// A page's versions are numbered once each as the walk lists them, newest
// first, renames included: the old side of a comparison is the version
// the next comparison at its path makes, and is parsed once for both.
func TestDocCacheNumbersEachVersionOnce(t *testing.T) {
	b := blobs{}
	v := func(i int) history.Hash { return b.put(fmt.Sprintf("Versjon %d.\n", i)) }
	c := newDocCache(classify.Default(), docCacheBytes)
	// Newest first: enPage was nbPage until it was renamed by comparison 2.
	keys := []pairKey{
		{v(4), v(5), enPage, enPage},
		{v(3), v(4), enPage, enPage},
		{v(2), v(3), nbPage, enPage},
		{v(10), v(11), "other.md", "other.md"},
		{v(1), v(2), nbPage, nbPage},
		{history.Hash{}, v(1), "", nbPage},
	}
	for _, k := range keys {
		c.plan(k)
	}
	for i, next := range []int{1, 2, 4, -1, 5} {
		if next >= 0 && c.sides[i][0] != c.sides[next][1] {
			t.Errorf("comparison %d: the old side is numbered %d, the new side of comparison %d %d", i, c.sides[i][0], next, c.sides[next][1])
		}
	}
	if c.sides[5][0] != -1 {
		t.Errorf("an added page has an old side: %d", c.sides[5][0])
	}
	if len(c.vers) != 7 {
		t.Errorf("%d versions numbered, want 7", len(c.vers))
	}
}
