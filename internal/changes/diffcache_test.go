package changes

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
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
			c = newDiskComparer(c, dir)
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

	// A damaged entry is not believed: it is recomputed and replaced.
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	if len(files) != 5 {
		t.Fatalf("cache holds %d entries, want 5 (one per comparison)", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data[len(data)/2] ^= 0x20
		if err := os.WriteFile(f, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if got, reads := run(dir); !reflect.DeepEqual(got, want) || reads < 5 {
		t.Errorf("with damaged entries: %d blobs read, entries equal: %v", reads, reflect.DeepEqual(got, want))
	}
	if _, reads := run(dir); reads != 1 {
		t.Errorf("after the damaged entries were replaced, a run read %d blobs, want 1", reads)
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
			c = newDiskComparer(c, dir)
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
