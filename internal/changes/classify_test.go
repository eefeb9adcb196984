package changes

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/langpath"
)

// hash gives a realistic, stable commit hash for a name.
func hash(name string) string {
	s := sha1.Sum([]byte(name))
	return hex.EncodeToString(s[:])
}

const (
	nbPage = "content/dpia/summary/_index.nb.md"
	enPage = "content/dpia/summary/_index.en.md"
)

// These tests drive the revision loop with a line-by-line comparison, so
// that what they check (notes, overrides, caching, order, links) does not
// depend on the classifier's judgement; TestClassifyGit runs the real one.

// lineCompare compares pages line by line: a changed line is one change,
// substantive when its new text contains "must", else editorial.
type lineCompare struct{ calls atomic.Int64 }

func (l *lineCompare) compare(oldPath string, old []byte, newPath string, new []byte) (classify.DocumentDiff, error) {
	l.calls.Add(1)
	if bytes.Contains(new, []byte("UNPARSABLE")) {
		return classify.DocumentDiff{}, errors.New("front matter is not closed")
	}
	p := newPath
	if p == "" {
		p = oldPath
	}
	d := classify.DocumentDiff{Path: p, Lang: langpath.Lang(p), Class: classify.None, Changes: []classify.Change{}}
	ol, nl := strings.Split(string(old), "\n"), strings.Split(string(new), "\n")
	for i := range max(len(ol), len(nl)) {
		var o, n string
		if i < len(ol) {
			o = ol[i]
		}
		if i < len(nl) {
			n = nl[i]
		}
		if o == n {
			continue
		}
		c := classify.Change{Op: align.Modified, Class: classify.Editorial, Reasons: []string{"wording"},
			Anchor: "s", Fingerprint: fmt.Sprintf("%x", i), New: &classify.Side{Text: n}}
		if strings.Contains(n, "must") {
			c.Class = classify.Substantive
		}
		d.Changes = append(d.Changes, c)
		d.Class = classify.Max(d.Class, c.Class)
	}
	return d, nil
}

type blobs map[history.Hash][]byte

func (b blobs) put(s string) history.Hash {
	h := plumbing.ComputeHash(plumbing.BlobObject, []byte(s))
	b[h] = []byte(s)
	return h
}

func (b blobs) get(h history.Hash) ([]byte, error) {
	c, ok := b[h]
	if !ok {
		return nil, fmt.Errorf("object %s: %w", h, history.ErrMissingObject)
	}
	return append([]byte(nil), c...), nil
}

func rev(name string, files []history.FileChange, trailers ...history.Trailer) history.Revision {
	return history.Revision{
		Hash: plumbing.NewHash(hash(name)), Parents: []history.Hash{plumbing.NewHash(hash(name + "^"))},
		Author: "Ola Nordmann", Email: "ola@example.org", Subject: "subject of " + name,
		Date:     time.Date(2023, 7, 24, 12, 0, 0, 0, time.UTC),
		Trailers: trailers, Files: files,
	}
}

func modified(p string, old, new history.Hash) history.FileChange {
	return history.FileChange{Status: history.Modified, OldPath: p, NewPath: p, OldBlob: old, NewBlob: new}
}

func opts() ClassifyOptions {
	return ClassifyOptions{
		Workers:   2,
		CommitURL: func(h string) string { return "https://example.org/commit/" + h },
		PageURL: func(p, lang string) string {
			return "https://example.org/" + lang + "/" + strings.TrimPrefix(p[:strings.LastIndexByte(p, '/')+1], "content/")
		},
	}
}

func TestClassifyRevisions(t *testing.T) {
	b := blobs{}
	v1 := b.put("Title\nThe processor may store data.\n")
	v2 := b.put("Title\nThe processor must store data in Norway.\n")
	en := b.put("Title\nSummary.\n")
	revs := []history.Revision{
		rev("r3", []history.FileChange{{Status: history.Renamed, OldPath: nbPage, NewPath: "content/dpia/sammendrag/_index.nb.md", OldBlob: v2, NewBlob: v2}}),
		rev("r2", []history.FileChange{modified(nbPage, v1, v2)}),
		rev("r1", []history.FileChange{
			{Status: history.Added, NewPath: enPage, NewBlob: en, TranslationOf: nbPage},
		}),
	}
	var lc lineCompare
	got, err := classifyRevisions(context.Background(), b.get, revs, lc.compare, opts())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Subject != "subject of r3" || got[2].Subject != "subject of r1" {
		t.Fatalf("entries %+v", got)
	}
	e := got[1]
	if e.Commit != hash("r2") || !reflect.DeepEqual(e.Parents, []string{hash("r2^")}) || e.URL != "https://example.org/commit/"+hash("r2") ||
		e.Author != "Ola Nordmann" || !e.Date.Equal(revs[1].Date) || e.Class != classify.Substantive {
		t.Errorf("entry %+v", e)
	}
	d := e.Documents[0]
	if d.Path != nbPage || d.Status != "modified" || d.Lang != "nb" || d.URL != "https://example.org/nb/dpia/summary/" || len(d.Changes) != 1 {
		t.Errorf("document %+v", d)
	}
	if u := d.Changes[0].URL; u != "https://example.org/nb/dpia/summary/#s:~:text=The%20processor%20must%20store%20data%20in" {
		t.Errorf("change link %q", u)
	}
	if d := got[0].Documents[0]; d.Status != "renamed" || d.OldPath != nbPage || d.Path != "content/dpia/sammendrag/_index.nb.md" || d.Class != classify.None || got[0].Class != classify.None {
		t.Errorf("rename %+v", d)
	}
	if d := got[2].Documents[0]; d.Status != "added" || d.TranslationOf != nbPage || d.Lang != "en" || d.Class != classify.Editorial {
		t.Errorf("added translation %+v", d)
	} else if len(d.Changes) != 1 || d.Changes[0].Class != classify.Editorial || !reflect.DeepEqual(d.Changes[0].Reasons, []string{classify.ReasonTranslation}) ||
		!strings.Contains(d.Changes[0].Explanation, "translation of "+nbPage) {
		t.Errorf("an added translation should be one editorial change, got %+v", d.Changes)
	}
}

func TestClassifyUnreadableDocuments(t *testing.T) {
	b := blobs{}
	good := b.put("Title\nText.\n")
	good2 := b.put("Title\nText must change.\n")
	binary := b.put("PNG\x00\x01")
	latin1 := b.put("Bl\xe5b\xe6r\n")
	broken := b.put("UNPARSABLE\n")
	missing := plumbing.ComputeHash(plumbing.BlobObject, []byte("not fetched"))
	revs := []history.Revision{rev("r1", []history.FileChange{
		modified("content/a/_index.nb.md", good, missing),
		modified("content/b/_index.nb.md", good, binary),
		modified("content/c/_index.nb.md", latin1, good),
		modified("content/d/_index.nb.md", good, broken),
		modified("content/e/_index.nb.md", good, good2),
	})}
	var lc lineCompare
	got, err := classifyRevisions(context.Background(), b.get, revs, lc.compare, opts())
	if err != nil {
		t.Fatalf("an unreadable document stopped the run: %v", err)
	}
	docs := got[0].Documents
	wantNotes := []string{
		"object " + missing.String() + " of content/a/_index.nb.md is missing from the repository (a partial clone?); document skipped",
		"object " + binary.String() + " of content/b/_index.nb.md is binary (contains NUL); document skipped",
		"object " + latin1.String() + " of content/c/_index.nb.md is not valid UTF-8; document skipped",
		"cannot compare: front matter is not closed; document skipped",
	}
	for i, want := range wantNotes {
		if d := docs[i]; !reflect.DeepEqual(d.Notes, []string{want}) || len(d.Changes) != 0 || d.Class != classify.None || d.Status != "modified" {
			t.Errorf("document %d: %+v\nwant note %q", i, d, want)
		}
	}
	if docs[4].Class != classify.Substantive || got[0].Class != classify.Substantive {
		t.Errorf("the readable document should still count: %+v", docs[4])
	}
	if n := lc.calls.Load(); n != 2 {
		t.Errorf("compare called %d times, want 2 (unreadable pairs are not compared)", n)
	}
}

func TestClassifyReadErrorStops(t *testing.T) {
	b := blobs{}
	h := b.put("x")
	fail := func(history.Hash) ([]byte, error) { return nil, errors.New("pack file truncated") }
	var lc lineCompare
	_, err := classifyRevisions(context.Background(), fail, []history.Revision{rev("r", []history.FileChange{modified("content/x.nb.md", h, h)})}, lc.compare, opts())
	if err == nil || !strings.Contains(err.Error(), "content/x.nb.md: cannot read object") {
		t.Errorf("got %v, want the read error naming the path", err)
	}
}

// editorialTrailer stands in for release.Publish: a commit with the
// trailer "Change-Class: editorial" has each of its changes made editorial
// by hand, as an override would.
func editorialTrailer(e *Entry, r history.Revision) {
	for _, t := range r.Trailers {
		if t.Key != "Change-Class" || t.Value != "editorial" {
			continue
		}
		for i := range e.Documents {
			for j := range e.Documents[i].Changes {
				c := &e.Documents[i].Changes[j]
				c.Override = &classify.Override{From: c.Class, Source: "trailer"}
				c.Class = classify.Editorial
				c.Reasons = append(append([]string(nil), c.Reasons...), classify.ReasonOverride)
			}
		}
	}
}

func TestClassifyCachesPairs(t *testing.T) {
	b := blobs{}
	v1, v2 := b.put("a\nb may\n"), b.put("a\nb must\n")
	// r4 reverts r3, r3 redoes r2: two distinct pairs, four comparisons asked for.
	revs := []history.Revision{
		rev("r4", []history.FileChange{modified(nbPage, v2, v1)}),
		rev("r3", []history.FileChange{modified(nbPage, v1, v2)}, history.Trailer{Key: "Change-Class", Value: "editorial"}),
		rev("r2", []history.FileChange{modified(nbPage, v2, v1)}),
		rev("r1", []history.FileChange{modified(nbPage, v1, v2)}),
	}
	o := opts()
	o.Publish = editorialTrailer
	var lc lineCompare
	got, err := classifyRevisions(context.Background(), b.get, revs, lc.compare, o)
	if err != nil {
		t.Fatal(err)
	}
	if n := lc.calls.Load(); n != 2 {
		t.Errorf("compare called %d times, want 2", n)
	}
	// The override of r3 must not leak into r1, which shares its comparison.
	if c := got[1].Documents[0].Changes[0]; c.Class != classify.Editorial || c.Override == nil {
		t.Errorf("r3 change %+v", c)
	}
	if c := got[3].Documents[0].Changes[0]; c.Class != classify.Substantive || c.Override != nil || len(c.Reasons) != 1 {
		t.Errorf("r1 change %+v: the override leaked", c)
	}
}

// Publish is called once for each revision, newest first, with the
// revision and its entry once the entry's documents are in; the classes of
// the documents and of the entry are then worked out from the changes as
// Publish left them, up or down.
func TestClassifyPublish(t *testing.T) {
	b := blobs{}
	v1, v2 := b.put("t\nx may\ny\n"), b.put("t\nx must\ny changed\n")
	revs := []history.Revision{
		rev("down", []history.FileChange{modified(nbPage, v1, v2)}),
		rev("up", []history.FileChange{modified(enPage, v2, v1)}),
		rev("as-is", []history.FileChange{modified(enPage, v2, v1)}), // shares up's comparison
	}
	o := opts()
	var seen []string
	o.Publish = func(e *Entry, r history.Revision) {
		seen = append(seen, r.Subject)
		if e.Commit != r.Hash.String() || len(e.Documents) != len(r.Files) || e.Class != classify.None {
			t.Errorf("%s: Publish got entry %+v", r.Subject, e)
		}
		for i := range e.Documents {
			for j := range e.Documents[i].Changes {
				c := &e.Documents[i].Changes[j]
				switch r.Subject {
				case "subject of down":
					c.Class = classify.Editorial
				case "subject of up":
					if j == 1 {
						c.Class = classify.Substantive
					}
				}
			}
		}
	}
	var lc lineCompare
	got, err := classifyRevisions(context.Background(), b.get, revs, lc.compare, o)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"subject of down", "subject of up", "subject of as-is"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("Publish saw %q, want %q", seen, want)
	}
	for i, want := range []classify.Class{classify.Editorial, classify.Substantive, classify.Editorial} {
		if e := got[i]; e.Class != want || e.Documents[0].Class != want {
			t.Errorf("%s: entry %s, document %s; want %s", e.Subject, e.Class, e.Documents[0].Class, want)
		}
	}
	// Without Publish the rules' classes stand.
	got, err = classifyRevisions(context.Background(), b.get, revs, lc.compare, opts())
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []classify.Class{classify.Substantive, classify.Editorial, classify.Editorial} {
		if e := got[i]; e.Class != want || e.Documents[0].Class != want {
			t.Errorf("without Publish, %s: entry %s, document %s; want %s", e.Subject, e.Class, e.Documents[0].Class, want)
		}
	}
}

func TestClassifyWorkersAgree(t *testing.T) {
	b := blobs{}
	var revs []history.Revision
	prev := b.put("start\n")
	for i := range 30 {
		next := b.put(fmt.Sprintf("start\nline %d must\nline %d\n", i, i*7))
		revs = append([]history.Revision{rev(fmt.Sprint("w", i), []history.FileChange{
			modified(nbPage, prev, next), modified(enPage, next, prev),
		})}, revs...)
		prev = next
	}
	var out [][]byte
	for _, w := range []int{1, 3, 0} {
		o := opts()
		o.Workers = w
		var lc lineCompare
		got, err := classifyRevisions(context.Background(), b.get, revs, lc.compare, o)
		if err != nil {
			t.Fatal(err)
		}
		j, _ := json.Marshal(got)
		out = append(out, j)
	}
	if !bytes.Equal(out[0], out[1]) || !bytes.Equal(out[0], out[2]) {
		t.Error("the number of workers changed the result")
	}
}

func TestClassifyCancelled(t *testing.T) {
	b := blobs{}
	h := b.put("x")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var lc lineCompare
	_, err := classifyRevisions(ctx, b.get, []history.Revision{rev("r", []history.FileChange{modified(nbPage, h, h)})}, lc.compare, opts())
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestLeadingWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The processor must store data in Norway.", "The processor must store data in"},
		{"- Data is stored in Norway", "Data is stored in Norway"},
		{"## 3.3 Bruk av databehandler", "3.3 Bruk av databehandler"},
		{"1. First item here", "First item here"},
		// A browser matches rendered text: links read as their text,
		// emphasis and code marks vanish.
		{"Data is **always** encrypted", "Data is always encrypted"},
		{"[Kapittel 1](../intro) beskriver", "Kapittel 1 beskriver"},
		{"I [kapittel 1](/nb/dpia/introduction/) skriver vi mer om Altinn", "I kapittel 1 skriver vi mer"},
		{"Se ![figur](a.png) og `kode` her nå", "Se figur og kode her nå"},
		{"Ett <br> ord", ""},
		{"Word", ""},
	}
	for _, tt := range tests {
		if got := leadingWords(tt.in, 6); got != tt.want {
			t.Errorf("leadingWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got, want := fragmentEscape("EU-US, nå & da"), "EU%2DUS%2C%20n%C3%A5%20%26%20da"; got != want {
		t.Errorf("fragmentEscape = %q, want %q", got, want)
	}
}
