package changes

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/bincodec"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
	"github.com/go-git/go-git/v5/plumbing"
)

// cacheHistory is a small history with every kind of document change: a
// page and its translation added, edits in substance and in form, a page
// removed, and a version that cannot be read (not UTF-8).
func cacheHistory() (blobs, []history.Revision) {
	b := blobs{}
	v1 := b.put(nbV1)
	v2 := b.put(strings.Replace(nbV1, "lagres i Norge.", "lagres i Norge og Sverige.", 1))
	v3 := b.put(strings.Replace(nbV1, "lagres i Norge.", "lagres  i\nNorge.", 1) + "\nEt nytt avsnitt om logger, som lagres i 90 dager.\n")
	en := b.put(enV1)
	bad := b.put("caf\xe9\n")
	revs := []history.Revision{
		rev("r5", []history.FileChange{{Status: history.Removed, OldPath: enPage, OldBlob: en}}),
		rev("r4", []history.FileChange{modified(nbPage, v2, v3), {Status: history.Added, NewPath: "content/x/_index.nb.md", NewBlob: bad}}),
		rev("r3", []history.FileChange{modified(nbPage, v1, v2)}),
		rev("r2", []history.FileChange{{Status: history.Added, NewPath: enPage, NewBlob: en, TranslationOf: nbPage}}),
		rev("r1", []history.FileChange{{Status: history.Added, NewPath: nbPage, NewBlob: v1}}),
	}
	return b, revs
}

func TestDiffCache(t *testing.T) {
	b, revs := cacheHistory()
	rules := classify.Default()
	run := func(dir string) ([]Entry, int64) {
		t.Helper()
		var reads atomic.Int64
		blob := func(h history.Hash) ([]byte, error) {
			reads.Add(1)
			return b.get(h)
		}
		var c comparer = newDocCache(rules, docCacheBytes)
		if dir != "" {
			d := newDiskComparer(c, dir)
			defer d.Close()
			c = d
		}
		entries, err := collect(func(emit func(Entry) error) error {
			return classifyWith(context.Background(), blob, revs, c, opts(), emit)
		}, len(revs))
		if err != nil {
			t.Fatal(err)
		}
		return entries, reads.Load()
	}

	want, _ := run("")
	dir := t.TempDir()
	for i, step := range []string{"cold", "warm"} {
		got, reads := run(dir)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s run with the diff cache differs from the run without:\n got %+v\nwant %+v", step, got, want)
		}
		// Warm, only the version that cannot be compared is read again:
		// a note is not a comparison, and is not stored.
		if i == 1 && reads != 1 {
			t.Errorf("warm run read %d blobs, want 1 (the unreadable one)", reads)
		}
	}

	// One pack file holds the run's comparisons, sealed.
	packs := packFiles(t, dir)
	if len(packs) != 1 {
		t.Fatalf("cache holds %d pack files, want 1 (the cold run's; the warm one stored nothing)", len(packs))
	}
	d := newDiskComparer(nil, dir)
	if len(d.index) != 5 || !d.packs[0].sealed {
		t.Errorf("the pack holds %d records (sealed: %v), want 5 and sealed", len(d.index), d.packs[0].sealed)
	}
	d.Close()

	// A damaged record is not believed: it is recomputed and stored
	// again, and the output is the same. Every seventh byte of the
	// records is tried (damage to the seal only unseals the pack).
	good, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := len(diffPackMagic); i < len(good)-sealLen; i += 7 {
		data := append([]byte(nil), good...)
		data[i] ^= 0x20
		fresh := t.TempDir()
		if err := os.WriteFile(filepath.Join(fresh, filepath.Base(packs[0])), data, 0o600); err != nil {
			t.Fatal(err)
		}
		if got, reads := run(fresh); !reflect.DeepEqual(got, want) || reads < 2 {
			t.Fatalf("with byte %d flipped: %d blobs read, entries equal: %v", i, reads, reflect.DeepEqual(got, want))
		}
		if got, reads := run(fresh); !reflect.DeepEqual(got, want) || reads != 1 {
			t.Fatalf("after byte %d was flipped and recomputed, a run read %d blobs, want 1", i, reads)
		}
	}

	// A run killed mid-write leaves a torn tail: the records before it
	// are used, the rest recomputed.
	for _, cut := range []int{len(good) - 1, len(good) - 30, len(good) / 2, len(diffPackMagic) + 3, 5} {
		fresh := t.TempDir()
		if err := os.WriteFile(filepath.Join(fresh, filepath.Base(packs[0])), good[:cut], 0o600); err != nil {
			t.Fatal(err)
		}
		d := newDiskComparer(nil, fresh)
		if d.packs[0].sealed {
			t.Errorf("pack cut at %d of %d bytes reads as sealed", cut, len(good))
		}
		d.Close()
		if got, _ := run(fresh); !reflect.DeepEqual(got, want) {
			t.Fatalf("with the pack cut at %d of %d bytes, the output differs", cut, len(good))
		}
		if got, reads := run(fresh); !reflect.DeepEqual(got, want) || reads != 1 {
			t.Fatalf("after the pack cut at %d was completed, a run read %d blobs, want 1", cut, reads)
		}
	}
	if got, reads := run(dir); !reflect.DeepEqual(got, want) || reads != 1 {
		t.Errorf("the cache changed: a run read %d blobs, want 1", reads)
	}
}

// sealLen is the length of a seal record: id, empty body, checksum.
const sealLen = idLen + 1 + 4

func packFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, packPrefix+"*"+packSuffix))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Runs at once each write their own pack; a run after them finds every
// comparison. Too many packs are merged into one by the next run, which
// leaves alone a pack another run is still writing.
func TestDiffCachePacks(t *testing.T) {
	b, revs := cacheHistory()
	rules := classify.Default()
	runWith := func(d *diskComparer, revs []history.Revision) ([]Entry, int64) {
		var reads atomic.Int64
		blob := func(h history.Hash) ([]byte, error) {
			reads.Add(1)
			return b.get(h)
		}
		defer d.Close()
		entries, err := collect(func(emit func(Entry) error) error {
			return classifyWith(context.Background(), blob, revs, d, opts(), emit)
		}, len(revs))
		if err != nil {
			t.Error(err)
		}
		return entries, reads.Load()
	}
	run := func(dir string, revs []history.Revision) ([]Entry, int64) {
		return runWith(newDiskComparer(newDocCache(rules, docCacheBytes), dir), revs)
	}
	want, _ := run(t.TempDir(), revs)

	// Four runs opened at once, all cold.
	dir := t.TempDir()
	var wg sync.WaitGroup
	var cs []*diskComparer
	for range 4 {
		cs = append(cs, newDiskComparer(newDocCache(rules, docCacheBytes), dir))
	}
	for _, d := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, _ := runWith(d, revs); !reflect.DeepEqual(got, want) {
				t.Error("a concurrent run's output differs")
			}
		}()
	}
	wg.Wait()
	if n := len(packFiles(t, dir)); n != 4 {
		t.Errorf("4 concurrent cold runs left %d packs, want 4", n)
	}
	if got, reads := run(dir, revs); !reflect.DeepEqual(got, want) || reads != 1 {
		t.Errorf("after concurrent runs, a run read %d blobs, want 1", reads)
	}

	// maxPacks+1 finished packs (copies of one), and one unsealed that
	// another run is writing.
	dir = t.TempDir()
	run(dir, revs)
	data, err := os.ReadFile(packFiles(t, dir)[0])
	if err != nil {
		t.Fatal(err)
	}
	for i := range maxPacks {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%scopy%02d%s", packPrefix, i, packSuffix)), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	busy := filepath.Join(dir, packPrefix+"busy"+packSuffix)
	if err := os.WriteFile(busy, []byte(diffPackMagic), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, reads := run(dir, revs); !reflect.DeepEqual(got, want) || reads != 1 {
		t.Errorf("the merging run read %d blobs, want 1", reads)
	}
	packs := packFiles(t, dir)
	if len(packs) != 2 || !slices.Contains(packs, busy) {
		t.Errorf("after the merge: packs %v, want the merged one and %s", packs, busy)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".tmp*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if got, reads := run(dir, revs); !reflect.DeepEqual(got, want) || reads != 1 {
		t.Errorf("after the merge, a run read %d blobs, want 1", reads)
	}
}

func TestDiffCacheCodec(t *testing.T) {
	for _, d := range []classify.DocumentDiff{
		{},
		{Path: "a.md", Changes: []classify.Change{}, Notes: []string{}},
		{Path: "a.md", OldPath: "b.md", Lang: "nb", URL: "https://x/", Status: "renamed", TranslationOf: "c.md", Class: classify.Substantive,
			Changes: []classify.Change{
				{Op: align.Modified, Class: classify.Editorial, Reasons: []string{"spelling"}, Explanation: "editorial: spelling",
					Explanations: map[string]string{"nb": "redaksjonell", "en": "editorial"}, Topics: []string{}, Section: []string{"A", "B"},
					Anchor: "b", URL: "https://x/#b", Old: &classify.Side{Text: "old", Lines: [2]int{3, 4}}, New: &classify.Side{Text: "new", Lines: [2]int{3, 5}},
					Inline:      []align.Span{{Op: align.SpanDelete, Text: "old"}, {Op: align.SpanInsert, Text: "new"}},
					Fingerprint: "abc", Override: &classify.Override{From: classify.Substantive, Source: "trailer", Reason: "why"}},
				{Op: align.Added, Class: "odd", Explanations: map[string]string{}, Inline: []align.Span{}},
			},
			Notes: []string{"a note", ""}},
	} {
		var w bincodec.Writer
		encodeDiff(&w, d)
		enc := w.Bytes()
		r := bincodec.NewReader(enc)
		got := decodeDiff(r)
		if r.Err() != nil || r.Remaining() != 0 {
			t.Fatalf("decoding %+v: err %v, %d bytes left", d, r.Err(), r.Remaining())
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("round trip:\n got %#v\nwant %#v", got, d)
		}
		// Every cut of the entry is an error, never a panic or a value.
		for n := range len(enc) {
			r := bincodec.NewReader(enc[:n])
			decodeDiff(r)
			if r.Err() == nil {
				t.Fatalf("entry cut at %d of %d bytes decoded without error", n, len(enc))
			}
		}
	}
}

func FuzzDiffCacheEntry(f *testing.F) {
	var w bincodec.Writer
	encodeDiff(&w, classify.DocumentDiff{Path: "a.md", Changes: []classify.Change{{Op: align.Added, Reasons: []string{"prose-added"}}}})
	f.Add(w.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		r := bincodec.NewReader(b)
		d := decodeDiff(r)
		if r.Err() != nil || r.Remaining() != 0 {
			return
		}
		// What decodes, encoded again, decodes the same.
		var w bincodec.Writer
		encodeDiff(&w, d)
		r2 := bincodec.NewReader(w.Bytes())
		if d2 := decodeDiff(r2); !reflect.DeepEqual(d2, d) || r2.Err() != nil || r2.Remaining() != 0 {
			t.Errorf("re-encoded entry decodes differently")
		}
	})
}

func TestPruneDiffCaches(t *testing.T) {
	base := t.TempDir()
	for _, name := range []string{"diffs-0001", "diffs-0002", "diffs-beef", "diffs-mine", "diffs-00012", "other"} {
		if err := os.MkdirAll(filepath.Join(base, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// 0002 is the most recently used of the others.
	os.Chtimes(filepath.Join(base, "diffs-0001"), mtime(1), mtime(1))
	os.Chtimes(filepath.Join(base, "diffs-0002"), mtime(2), mtime(2))
	PruneDiffCaches(filepath.Join(base, "diffs-beef"))
	var left []string
	entries, _ := os.ReadDir(base)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	// Directories of another shape are not redline's to remove.
	if want := []string{"diffs-00012", "diffs-0002", "diffs-beef", "diffs-mine", "other"}; !reflect.DeepEqual(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
}

func mtime(day int) time.Time { return time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC) }

// A page edited across a version whose object is missing (a partial
// clone), and the same pair of versions compared elsewhere in the history
// (a revert and a redo): the comparison that reaches back past the missing
// version asks for a pair whose entry the reader loaded for its own job.
// (Found in review: one warm run in four lost that job's changes.)
func TestDiffCacheReachBack(t *testing.T) {
	b := blobs{}
	x := b.put(nbV1)
	z := b.put(strings.Replace(nbV1, "lagres i Norge.", "lagres i Norge og Sverige.", 1))
	y := plumbing.ComputeHash(plumbing.BlobObject, []byte("missing"))
	revs := []history.Revision{
		rev("r5", []history.FileChange{modified(nbPage, y, z)}),
		rev("r4", []history.FileChange{modified(nbPage, x, y)}),
		rev("r3", []history.FileChange{modified(nbPage, z, x)}),
		rev("r2", []history.FileChange{modified(nbPage, x, z)}),
		rev("r1", []history.FileChange{{Status: history.Added, NewPath: nbPage, NewBlob: x}}),
	}
	rules := classify.Default()
	run := func(dir string) []Entry {
		t.Helper()
		var c comparer = newDocCache(rules, docCacheBytes)
		if dir != "" {
			d := newDiskComparer(c, dir)
			defer d.Close()
			c = d
		}
		entries, err := collect(func(emit func(Entry) error) error {
			return classifyWith(context.Background(), b.get, revs, c, opts(), emit)
		}, len(revs))
		if err != nil {
			t.Fatal(err)
		}
		return entries
	}
	want := run("")
	dir := t.TempDir()
	run(dir)
	bad := 0
	for range 200 {
		if got := run(dir); !reflect.DeepEqual(got, want) {
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of 200 warm runs differ from the run without the cache", bad)
	}
}
