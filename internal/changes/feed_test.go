package changes

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
)

// revertingHistory is a history of two pages, newest first, in which one
// page goes back to earlier versions again and again: the same pair of
// versions is compared in revisions far apart.
func revertingHistory(b blobs) []history.Revision {
	version := func(page string, seed int) history.Hash {
		var s strings.Builder
		s.WriteString("---\ntitle: Side\n---\n\n# Oversikt\n\n")
		for i := range 12 {
			if (i+seed)%5 == 0 {
				continue
			}
			fmt.Fprintf(&s, "Avsnitt %d om %s: data lagres i %d dager.\n\n", i, page, 30+(i*seed)%7)
		}
		return b.put(s.String())
	}
	var revs []history.Revision
	prevA, prevB := version("a", 0), version("b", 0)
	for i := range 60 {
		seedA := i % 3 // a, b, c, a, b, c: each pair comes back every third revision
		nextA, nextB := version("a", seedA), version("b", i+1)
		files := []history.FileChange{modified(nbPage, prevA, nextA), modified(enPage, prevB, nextB)}
		revs = append([]history.Revision{rev(fmt.Sprint("v", i), files)}, revs...)
		prevA, prevB = nextA, nextB
	}
	return revs
}

// A walk that lists its revisions while they are classified gives the
// entries a list given whole gives, however far it runs behind: even
// when each revision is put only after the one before is in its entry,
// so that a pair of versions that comes back finds its first comparison
// let go and is compared again.
func TestClassifyWalkAgreesWithList(t *testing.T) {
	b := blobs{}
	revs := revertingHistory(b)
	rules := classify.Default()
	want, err := collect(func(emit func(Entry) error) error {
		return classifyWith(context.Background(), b.get, revs, newDocCache(rules, docCacheBytes), opts(), emit)
	}, len(revs))
	if err != nil {
		t.Fatal(err)
	}
	walks := map[string]func(emitted *atomic.Int64) func(put func(history.Revision) error) error{
		"slow": func(*atomic.Int64) func(put func(history.Revision) error) error {
			return func(put func(history.Revision) error) error {
				for _, r := range revs {
					time.Sleep(200 * time.Microsecond)
					if err := put(r); err != nil {
						return err
					}
				}
				return nil
			}
		},
		"behind": func(emitted *atomic.Int64) func(put func(history.Revision) error) error {
			return func(put func(history.Revision) error) error {
				for i, r := range revs {
					for emitted.Load() < int64(i) {
						time.Sleep(50 * time.Microsecond)
					}
					if err := put(r); err != nil {
						return err
					}
				}
				return nil
			}
		},
	}
	for name, walk := range walks {
		for _, workers := range []int{1, 2, 4} {
			o := opts()
			o.Workers = workers
			var emitted atomic.Int64
			c := &countingComparer{comparer: newDocCache(rules, docCacheBytes)}
			got, err := collect(func(emit func(Entry) error) error {
				return classifyFeed(context.Background(), b.get, nil, walk(&emitted), c, o, func(e Entry) error {
					emitted.Add(1)
					return emit(e)
				})
			}, len(revs))
			if err != nil {
				t.Fatalf("%s walk, %d workers: %v", name, workers, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s walk, %d workers: the entries differ from those of the whole list", name, workers)
			}
			// 60 revisions of two pages; page a has three distinct pairs.
			if n := c.calls.Load(); name == "behind" && n <= 63 {
				t.Errorf("%s walk: %d comparisons; a pair let go should be compared again", name, n)
			}
		}
	}
}

// countingComparer counts the comparisons made.
type countingComparer struct {
	comparer
	calls atomic.Int64
}

func (c *countingComparer) compare(i int32, k pairKey, old, new []byte) (classify.DocumentDiff, error) {
	c.calls.Add(1)
	return c.comparer.compare(i, k, old, new)
}

// The walk's error ends the run, after the entries of what it put.
func TestClassifyWalkError(t *testing.T) {
	b := blobs{}
	revs := revertingHistory(b)
	damaged := errors.New("commit 0123456789ab: damaged tree")
	var lc lineCompare
	var seen int
	err := classifyFeed(context.Background(), b.get, nil, func(put func(history.Revision) error) error {
		for _, r := range revs[:5] {
			if err := put(r); err != nil {
				return err
			}
		}
		return damaged
	}, funcComparer(lc.compare), opts(), func(Entry) error {
		seen++
		return nil
	})
	if !errors.Is(err, damaged) {
		t.Fatalf("got %v, want the walk's error", err)
	}
	if seen > 5 {
		t.Errorf("%d entries from 5 revisions", seen)
	}
}

// When emit stops the run, put says so and the walk is over before the
// run returns: the walk may be using the repository its caller closes.
func TestClassifyWalkStopsTheWalk(t *testing.T) {
	b := blobs{}
	revs := revertingHistory(b)
	stop := errors.New("reader went away")
	var lc lineCompare
	var walkOver atomic.Bool
	var putErr error
	err := classifyFeed(context.Background(), b.get, nil, func(put func(history.Revision) error) error {
		defer walkOver.Store(true)
		for i := 0; ; i++ {
			if err := put(revs[i%len(revs)]); err != nil {
				putErr = err
				return err
			}
			time.Sleep(20 * time.Microsecond)
		}
	}, funcComparer(lc.compare), opts(), func(Entry) error { return stop })
	if !errors.Is(err, stop) {
		t.Fatalf("got %v, want emit's error", err)
	}
	if !walkOver.Load() {
		t.Error("the run returned while its walk went on")
	}
	if !errors.Is(putErr, errStopped) {
		t.Errorf("put returned %v once the run stopped, want errStopped", putErr)
	}
}

// A version that cannot be read is reached past along the page's history
// when the walk lists that history after the comparison is asked for: the
// worker waits for the walk's end, which never waits for it.
func TestClassifyWalkAcrossUnreadable(t *testing.T) {
	b := blobs{}
	v1 := b.put("Title\nThe processor may store data.\n")
	latin1 := b.put("Bl\xe5b\xe6r\n")
	v3 := b.put("Title\nThe processor must store data.\n")
	revs := []history.Revision{
		rev("r3", []history.FileChange{modified(nbPage, latin1, v3)}),
		rev("r2", []history.FileChange{modified(nbPage, v1, latin1)}),
	}
	// Revisions of another page between r2 and r1, more than a chunk
	// of the feed holds.
	other := b.put("0\n")
	for i := range revChunk + 100 {
		next := b.put(fmt.Sprintf("%d\n", i+1))
		revs = append(revs, rev(fmt.Sprint("o", i), []history.FileChange{modified(enPage, next, other)}))
		other = next
	}
	revs = append(revs, rev("r1", []history.FileChange{{Status: history.Added, NewPath: nbPage, NewBlob: v1}}))
	var lc lineCompare
	got, err := collect(func(emit func(Entry) error) error {
		return classifyFeed(context.Background(), b.get, nil, func(put func(history.Revision) error) error {
			for _, r := range revs {
				if err := put(r); err != nil {
					return err
				}
				if r.Hash == revs[1].Hash {
					time.Sleep(5 * time.Millisecond) // the first worker asks for the lineage before r1 is put
				}
			}
			return nil
		}, funcComparer(lc.compare), opts(), emit)
	}, len(revs))
	if err != nil {
		t.Fatal(err)
	}
	d := got[0].Documents[0]
	if len(d.Changes) != 1 || d.Changes[0].New.Text != "The processor must store data." || len(d.Notes) != 1 ||
		!strings.HasPrefix(d.Notes[0], "compared with "+short(rev("r1", nil).Hash.String())) {
		t.Errorf("r3 was not compared with r1's version: %+v", d)
	}
}

// A repository that fails to give a version stops the run with its error,
// after the entries of the revisions before it, and the walk is over
// before the run returns.
func TestClassifyWalkReadError(t *testing.T) {
	b := blobs{}
	var revs []history.Revision
	for i := range 40 {
		p := fmt.Sprintf("content/p%d/_index.nb.md", i)
		revs = append(revs, rev(fmt.Sprint("e", i), []history.FileChange{modified(p, b.put(fmt.Sprint("old", i)), b.put(fmt.Sprint("new", i)))}))
	}
	broken := revs[5].Files[0].NewBlob
	blob := func(h history.Hash) ([]byte, error) {
		if h == broken {
			return nil, errors.New("pack file truncated")
		}
		return b.get(h)
	}
	var lc lineCompare
	var seen int
	var walkOver atomic.Bool
	err := classifyFeed(context.Background(), blob, nil, func(put func(history.Revision) error) error {
		defer walkOver.Store(true)
		for _, r := range revs {
			if err := put(r); err != nil {
				return err
			}
		}
		return nil
	}, funcComparer(lc.compare), opts(), func(Entry) error {
		seen++
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "cannot read object") {
		t.Fatalf("got %v, want the read error", err)
	}
	if seen != 5 {
		t.Errorf("%d entries before the unreadable revision, want 5", seen)
	}
	if !walkOver.Load() {
		t.Error("the run returned while its walk went on")
	}
}
