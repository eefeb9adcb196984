package release

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
)

// rev is a revision named like the entries of build_test.go: its hash is
// hash(name), its parent hash(name+"^").
func rev(name string, files []history.FileChange, trailers ...history.Trailer) history.Revision {
	return history.Revision{
		Hash: plumbing.NewHash(hash(name)), Parents: []history.Hash{plumbing.NewHash(hash(name + "^"))},
		Author: "Ola Nordmann", Email: "ola@example.org", Subject: "subject of " + name,
		Date:     time.Date(2023, 7, 24, 12, 0, 0, 0, time.UTC),
		Trailers: trailers, Files: files,
	}
}

// lines is a page whose second and third lines changed, as changes' tests
// compare pages line by line: fingerprints "1" and "2".
func lines(path string, second, third classify.Class) classify.DocumentDiff {
	d := classify.DocumentDiff{Path: path, Status: history.Modified, Class: classify.None, Changes: []classify.Change{}}
	for i, c := range []classify.Class{second, third} {
		d.Changes = append(d.Changes, classify.Change{Op: align.Modified, Class: c, Reasons: []string{"wording"}, Anchor: "s", Fingerprint: string(rune('1' + i))})
		d.Class = classify.Max(d.Class, c)
	}
	return d
}

// Publish applies the commit's Change-Class trailer, then the overrides
// file; an override records the rules' class, not an earlier override's.
// (The engine then works out the classes of the documents and the entry
// from the changes: changes.TestClassifyPublish.)
func TestPublish(t *testing.T) {
	type commit struct {
		rev history.Revision
		doc classify.DocumentDiff
	}
	commits := []commit{
		{rev("trailer", nil,
			history.Trailer{Key: "Document-Version", Value: "2.5"},
			history.Trailer{Key: "change-class", Value: "Editorial"}),
			lines(nbPage, classify.Substantive, classify.Editorial)},
		{rev("trailer-why", nil,
			history.Trailer{Key: "Change-Class", Value: "substantive: the retention period changed"}),
			lines(enPage, classify.Substantive, classify.Editorial)},
		{rev("bad-trailer", nil,
			history.Trailer{Key: "Change-Class", Value: "cosmetic"}),
			lines(enPage, classify.Editorial, classify.Editorial)},
		{rev("file", nil), lines(nbPage, classify.Editorial, classify.Editorial)},
		{rev("none", nil, history.Trailer{Key: "Change-Class", Value: "editorial"}),
			lines(nbPage, classify.None, classify.Substantive)},
	}
	overrides := []OverrideSpec{
		// The file beats the trailer, and records the rules' class, not the trailer's.
		{Commit: hash("trailer")[:7], Fingerprint: "1", Class: classify.Substantive, Reason: "the duty is new", Line: 1},
		{Commit: hash("file")[:10], Fingerprint: "2", Class: classify.Substantive, Reason: "y is a defined term", Line: 5},
		{Commit: hash("file")[:10], Fingerprint: "9", Class: classify.Editorial, Reason: "stale", Line: 9},
	}
	var got []changes.Entry
	for _, c := range commits {
		e := changes.Entry{Commit: c.rev.Hash.String(), Subject: c.rev.Subject, Class: classify.None, Documents: []classify.DocumentDiff{c.doc}}
		Publish(&e, c.rev, overrides)
		got = append(got, e)
	}
	type view struct {
		Class    classify.Class
		Override *classify.Override
	}
	see := func(e changes.Entry) (out []view) {
		for _, c := range e.Documents[0].Changes {
			out = append(out, view{c.Class, c.Override})
		}
		return out
	}
	tests := [][]view{
		{
			{classify.Substantive, &classify.Override{From: classify.Substantive, Source: "overrides-file", Reason: "the duty is new"}},
			{classify.Editorial, &classify.Override{From: classify.Editorial, Source: "trailer", Reason: "subject of trailer"}},
		},
		{
			{classify.Substantive, &classify.Override{From: classify.Substantive, Source: "trailer", Reason: "the retention period changed"}},
			{classify.Substantive, &classify.Override{From: classify.Editorial, Source: "trailer", Reason: "the retention period changed"}},
		},
		{{classify.Editorial, nil}, {classify.Editorial, nil}},
		{
			{classify.Editorial, nil},
			{classify.Substantive, &classify.Override{From: classify.Editorial, Source: "overrides-file", Reason: "y is a defined term"}},
		},
		// A change of class none is nothing a reader would see: the
		// trailer leaves it alone.
		{
			{classify.None, nil},
			{classify.Editorial, &classify.Override{From: classify.Substantive, Source: "trailer", Reason: "subject of none"}},
		},
	}
	for i, want := range tests {
		e := got[i]
		if v := see(e); !reflect.DeepEqual(v, want) {
			b, _ := json.Marshal(v)
			w, _ := json.Marshal(want)
			t.Errorf("%s:\n got %s\nwant %s", e.Subject, b, w)
		}
	}
	if c := got[0].Documents[0].Changes[1]; !reflect.DeepEqual(c.Reasons, []string{"wording", classify.ReasonOverride}) {
		t.Errorf("reasons %q: an overridden change says so in its reasons", c.Reasons)
	}
	if c := got[0].Documents[0].Changes[0]; !reflect.DeepEqual(c.Reasons, []string{"wording", classify.ReasonOverride}) {
		t.Errorf("reasons %q: overridden twice, a change names the override once", c.Reasons)
	}
	if notes := got[2].Documents[0].Notes; len(notes) != 1 || !strings.Contains(notes[0], `Change-Class "cosmetic" is neither editorial nor substantive; ignored`) {
		t.Errorf("bad trailer notes %q", notes)
	}
	if un := UnusedOverrides(got, overrides); len(un) != 1 || un[0].Line != 9 {
		t.Errorf("unused overrides %+v, want the one at line 9", un)
	}
}

func TestParseClassTrailer(t *testing.T) {
	tests := []struct {
		in     string
		class  classify.Class
		reason string
	}{
		{"editorial", classify.Editorial, ""},
		{"Substantive", classify.Substantive, ""},
		{"editorial: typo fixes", classify.Editorial, "typo fixes"},
		{"substantive - new legal basis", classify.Substantive, "new legal basis"},
		{"editorial — språkvask", classify.Editorial, "språkvask"},
		{"editorial (language review)", classify.Editorial, "(language review)"},
		{"editorials", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		c, r := parseClassTrailer(tt.in)
		if c != tt.class || r != tt.reason {
			t.Errorf("parseClassTrailer(%q) = %q, %q; want %q, %q", tt.in, c, r, tt.class, tt.reason)
		}
	}
}

func TestTrailerVersions(t *testing.T) {
	revs := []history.Revision{
		rev("a", nil, history.Trailer{Key: "Document-Version", Value: " 2.5 "}),
		rev("b", nil, history.Trailer{Key: "Signed-off-by", Value: "x"}),
		rev("c", nil, history.Trailer{Key: "document-version", Value: "2.4"}),
	}
	got := TrailerVersions(revs, "Document-Version")
	if want := map[string]string{hash("a"): "2.5", hash("c"): "2.4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestClassifyAndBuild runs the engine with Publish as the command line
// sets it, then Build: the real classifier, versions from a trailer and
// the versions file, and the translation check. (changes.TestClassifyGit
// reads such a history from a real repository.)
func TestClassifyAndBuild(t *testing.T) {
	const (
		nb = "---\ntitle: Sammendrag\n---\n\n## Lagring\n\nPersonopplysninger lagres i Norge.\n\n## Konklusjon\n\nVi mener risikoen er akseptabel.\n"
		en = "---\ntitle: Summary\n---\n\n## Storage\n\nPersonal data is stored in Norway.\n\n## Conclusion\n\nWe find the risk acceptable.\n"
	)
	blobs := map[history.Hash][]byte{}
	put := func(s string) history.Hash {
		h := plumbing.ComputeHash(plumbing.BlobObject, []byte(s))
		blobs[h] = []byte(s)
		return h
	}
	nb1, en1 := put(nb), put(en)
	nb2 := put(strings.Replace(nb, "lagres i Norge", "lagres  i Norge", 1) + "\n")
	nb3 := put(strings.Replace(nb, "lagres i Norge.", "lagres i Norge og Sverige.", 1))
	at := func(r history.Revision, day int, subject string, parent string) history.Revision {
		r.Date = time.Date(2023, 7, day, 10, 0, 0, 0, time.FixedZone("CEST", 2*3600))
		r.Subject = subject
		r.Parents = nil
		if parent != "" {
			r.Parents = []history.Hash{plumbing.NewHash(hash(parent))}
		}
		return r
	}
	modified := func(old, new history.Hash) history.FileChange {
		return history.FileChange{Status: history.Modified, OldPath: nbPage, NewPath: nbPage, OldBlob: old, NewBlob: new}
	}
	revs := []history.Revision{
		at(rev("c3", []history.FileChange{modified(nb2, nb3)},
			history.Trailer{Key: "Change-Class", Value: "substantive: the place of storage changed"}), 12, "Data may also be stored in Sweden", "c2"),
		at(rev("c2", []history.FileChange{modified(nb1, nb2)},
			history.Trailer{Key: "Document-Version", Value: "1.0"}), 5, "Fix a typo", "c1"),
		at(rev("c1", []history.FileChange{
			{Status: history.Added, NewPath: enPage, NewBlob: en1},
			{Status: history.Added, NewPath: nbPage, NewBlob: nb1},
		}), 1, "Add the summary", ""),
	}
	var overrides []OverrideSpec
	entries, err := changes.Classify(context.Background(), nil, revs, classify.Default(), changes.ClassifyOptions{
		Publish: func(e *changes.Entry, r history.Revision) { Publish(e, r, overrides) },
		Blob: func(h history.Hash) ([]byte, error) {
			return blobs[h], nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if e := entries[2]; len(e.Documents) != 2 || e.Documents[0].Status != "added" || e.Class != classify.Substantive {
		t.Errorf("first commit: %+v", e)
	}
	// A reflow changes nothing a reader sees.
	if e := entries[1]; e.Class == classify.Substantive {
		t.Errorf("the whitespace fix is %s", e.Class)
	}
	e := entries[0]
	if e.Class != classify.Substantive || len(e.Documents) != 1 || len(e.Documents[0].Changes) == 0 {
		t.Fatalf("storage change: %+v", e)
	}
	for _, c := range e.Documents[0].Changes {
		if c.Override == nil || c.Override.Source != "trailer" || c.Override.Reason != "the place of storage changed" {
			t.Errorf("change %+v lacks the trailer's override", c)
		}
	}

	cl, err := Build(entries, []VersionSpec{{ID: "0.9", Historical: true, Line: 1}}, BuildOptions{
		Languages: []string{"nb", "en"},
		Trailers:  TrailerVersions(revs, "Document-Version"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(cl); !reflect.DeepEqual(got, []string{"unreleased", "1.0", "0.9"}) {
		t.Errorf("versions %q", got)
	}
	if v := cl.Versions[1]; v.Revision != hash("c2") || v.Source != SourceTrailer || v.Date != "2023-07-05" {
		t.Errorf("1.0: %+v", v)
	}
	// nb changed in substance after 1.0 and en did not.
	if len(cl.Warnings) != 1 || cl.Warnings[0].Version != UnreleasedID || cl.Warnings[0].Path != nbPage {
		b, _ := json.MarshalIndent(cl.Warnings, "", "  ")
		t.Errorf("warnings %s", b)
	}
}
