package release

import (
	"encoding/json"
	"errors"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
)

const (
	privacy = "legal/privacy.md"
	terms   = "legal/terms.md"
)

// policyHistory is a repository of two policies, newest first:
//
//	p7  privacy: substantive                 Document-Version: privacy.md 2.1
//	p6  terms: editorial                     (terms unreleased)
//	p5  terms: substantive, version 1.1, effective 2024-04-01
//	p4  privacy: version 2.0, effective 2024-03-01
//	p3  privacy: substantive                 (no version change)
//	p2  privacy renamed from legal/privacy-notice.md, editorial
//	p1  both added, version 1.0
func policyHistory() ([]changes.Entry, map[string]map[string]Front) {
	renamed := doc(privacy, "renamed", change(classify.Editorial, "intro"))
	renamed.OldPath = "legal/privacy-notice.md"
	entries := []changes.Entry{
		entry("p7", 20, doc(privacy, "modified", change(classify.Substantive, "processor"))),
		entry("p6", 18, doc(terms, "modified", change(classify.Editorial, "fees"))),
		entry("p5", 15, doc(terms, "modified", change(classify.Substantive, "fees"))),
		entry("p4", 10, doc(privacy, "modified", change(classify.Substantive, "front-matter"))),
		entry("p3", 8, doc(privacy, "modified", change(classify.Substantive, "retention"))),
		entry("p2", 5, renamed),
		entry("p1", 1,
			doc("legal/privacy-notice.md", "added", change(classify.Substantive, "all")),
			doc(terms, "added", change(classify.Substantive, "all"))),
	}
	fronts := map[string]map[string]Front{
		hash("p1"): {"legal/privacy-notice.md": {Version: "1.0", Date: "2024-01-15", Title: "Privacy"}, terms: {Version: "1.0", Title: "Terms"}},
		hash("p2"): {privacy: {Version: "1.0", Date: "2024-01-15", Title: "Privacy Notice"}},
		hash("p3"): {privacy: {Version: "1.0", Date: "2024-01-15", Title: "Privacy Notice"}},
		hash("p4"): {privacy: {Version: "2.0", Date: "2024-03-01", Title: "Privacy Notice"}},
		hash("p5"): {terms: {Version: "1.1", Date: "2024-04-01", Title: "Terms"}},
		hash("p6"): {terms: {Version: "1.1", Date: "2024-04-01", Title: "Terms"}},
		hash("p7"): {privacy: {Version: "2.0", Date: "2024-03-01", Title: "Privacy Notice"}},
	}
	return entries, fronts
}

// shape is a document's versions as id, date, source and the subjects
// of their entries, for comparing.
func shape(d DocumentVersions) []string {
	var out []string
	for _, v := range d.Versions {
		s := v.ID + " " + v.Date + " " + v.Source + ":"
		for _, e := range v.Entries {
			s += " " + e.Subject
		}
		out = append(out, s)
	}
	return out
}

func TestBuildDocuments(t *testing.T) {
	entries, fronts := policyHistory()
	specs := []VersionSpec{{ID: "2.0", Document: privacy, Title: Text{"": "Longer retention"}, Line: 1}}
	cl, err := Build(entries, specs, BuildOptions{
		Languages: []string{"en"}, PerDocument: true, Fronts: fronts,
		Trailers:         map[string]string{hash("p7"): "privacy.md 2.1"},
		DocumentTrailers: map[string][]string{hash("p7"): {"privacy.md 2.1"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The repository's versions are as without per_document: the
	// trailer naming a document is no version of the repository, and
	// the versions file's entry for a document none either.
	if len(cl.Versions) != 1 || cl.Versions[0].ID != UnreleasedID || len(cl.Versions[0].Entries) != len(entries) {
		t.Fatalf("repository versions: %+v", cl.Versions)
	}
	if len(cl.Documents) != 2 {
		t.Fatalf("documents: %+v", cl.Documents)
	}
	p, tm := cl.Documents[0], cl.Documents[1]
	if p.Path != privacy || p.Title != "Privacy Notice" || tm.Path != terms || tm.Title != "Terms" {
		t.Errorf("documents: %s %q, %s %q", p.Path, p.Title, tm.Path, tm.Title)
	}
	// The rename is followed: the privacy notice's history starts at p1,
	// and its version key keeps its value across the rename, so 1.0
	// closes at p1 and the rename is part of 2.0. Dates are UTC days.
	want := []string{
		"2.1 2023-07-20 trailer: p7",
		"2.0 2024-03-01 front-matter: p4 p3 p2",
		"1.0 2024-01-15 front-matter: p1",
	}
	if got := shape(p); !reflect.DeepEqual(got, want) {
		t.Errorf("privacy versions:\n%q\nwant\n%q", got, want)
	}
	if got := p.Versions[1].Title; got["en"] != "Longer retention" {
		t.Errorf("2.0 takes its title from the versions file: %q", got)
	}
	if c := p.Versions[1].Counts; c.Substantive != 2 || c.Editorial != 1 {
		t.Errorf("2.0 counts %+v", c)
	}
	// No date in the front matter at 1.0: the closing commit's date.
	want = []string{
		"unreleased  : p6",
		"1.1 2024-04-01 front-matter: p5",
		"1.0 2023-07-01 front-matter: p1",
	}
	if got := shape(tm); !reflect.DeepEqual(got, want) {
		t.Errorf("terms versions:\n%q\nwant\n%q", shape(tm), want)
	}
	if e := tm.Versions[0].Entries; len(e) != 1 || e[0].Subject != "p6" || e[0].Class != classify.Editorial {
		t.Errorf("terms unreleased: %+v", e)
	}
	// A version's entries are this document's only, each classed by it.
	for _, d := range cl.Documents {
		for _, v := range d.Versions {
			for _, e := range v.Entries {
				if len(e.Documents) != 1 || e.Class != e.Documents[0].Class {
					t.Errorf("%s %s: entry %s has %d documents, class %s", d.Path, v.ID, e.Subject, len(e.Documents), e.Class)
				}
			}
		}
	}
}

func TestBuildDocumentsVersionsFileWins(t *testing.T) {
	entries, fronts := policyHistory()
	specs := []VersionSpec{
		{ID: "2.0", Document: privacy, Revision: hash("p3")[:8], Date: "2024-02-29", Line: 3},
		{ID: "0.9", Document: terms, Historical: true, Line: 9},
	}
	cl, err := Build(entries, specs, BuildOptions{Languages: []string{"en"}, PerDocument: true, Fronts: fronts})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"unreleased  : p7 p4",
		"2.0 2024-02-29 versions-file: p3 p2",
		"1.0 2024-01-15 front-matter: p1",
	}
	got := shape(cl.Documents[0])
	// p4 sets 2.0 in the front matter, which the versions file already
	// bound to p3: the front matter does not move it.
	if !reflect.DeepEqual(got, want) {
		t.Errorf("privacy versions:\n%q\nwant\n%q", got, want)
	}
	last := cl.Documents[1].Versions[len(cl.Documents[1].Versions)-1]
	if last.ID != "0.9" || !last.Historical {
		t.Errorf("terms: historical version last, got %+v", last)
	}
}

func TestBuildDocumentsNewestCommitWins(t *testing.T) {
	entries, fronts := policyHistory()
	// p7 goes back to 1.0 (a bump undone): the newest revision closes it.
	fronts[hash("p7")] = map[string]Front{privacy: {Version: "1.0"}}
	cl, err := Build(entries, nil, BuildOptions{PerDocument: true, Fronts: fronts})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1.0 2023-07-20 front-matter: p7",
		"2.0 2024-03-01 front-matter: p4 p3 p2 p1",
	}
	if got := shape(cl.Documents[0]); !reflect.DeepEqual(got, want) {
		t.Errorf("privacy versions:\n%q\nwant\n%q", got, want)
	}
}

func TestBuildDocumentsOneCommitOneVersion(t *testing.T) {
	entries, fronts := policyHistory()
	cl, err := Build(entries, nil, BuildOptions{PerDocument: true, Fronts: fronts,
		DocumentTrailers: map[string][]string{hash("p4"): {"legal/privacy.md 2.0-rc"}}})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, w := range cl.Warnings {
		if w.Kind == "version-binding" && w.Path == privacy && strings.Contains(w.Message, "2.0-rc ignored") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning for two versions at one commit: %+v", cl.Warnings)
	}
	for _, v := range cl.Documents[0].Versions {
		if v.ID == "2.0-rc" {
			t.Errorf("the trailer's version is kept beside the front matter's at one commit")
		}
	}
}

func TestBuildDocumentsErrors(t *testing.T) {
	entries, fronts := policyHistory()
	for _, c := range []struct {
		name  string
		specs []VersionSpec
		want  string
	}{
		{"unknown document", []VersionSpec{{ID: "1.0", Document: "legal/nope.md", Line: 4}}, "versions.yaml:4: version 1.0 names document legal/nope.md"},
		{"unbound", []VersionSpec{{ID: "3.0", Document: terms, Line: 7}}, "versions.yaml:7: version 3.0 of legal/terms.md is not bound to a commit"},
		{"bad revision", []VersionSpec{{ID: "3.0", Document: terms, Revision: "abcdef0", Line: 2}}, "versions.yaml:2: version 3.0 of legal/terms.md: revision"},
	} {
		_, err := Build(entries, c.specs, BuildOptions{PerDocument: true, Fronts: fronts, VersionsFile: "versions.yaml"})
		var re *Error
		if err == nil || !errors.As(err, &re) || !strings.Contains(err.Error(), c.want) || re.Hint() == "" {
			t.Errorf("%s: got %v, want %q with a hint", c.name, err, c.want)
		}
	}
}

// Without per_document nothing changes: no documents in the changelog,
// and a versions file entry for one document is ignored with a warning.
func TestBuildDocumentsOff(t *testing.T) {
	entries, fronts := policyHistory()
	specs := []VersionSpec{{ID: "2.0", Document: privacy, Line: 1}}
	cl, err := Build(entries, specs, BuildOptions{Fronts: fronts, VersionsFile: "versions.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if cl.Documents != nil {
		t.Errorf("documents without per_document: %+v", cl.Documents)
	}
	if len(cl.Warnings) != 1 || !strings.Contains(cl.Warnings[0].Message, "versions.yaml:1: version 2.0 of legal/privacy.md is ignored") {
		t.Errorf("warnings: %+v", cl.Warnings)
	}
	plain, err := Build(entries, nil, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	if _, ok := top["documents"]; ok {
		t.Errorf("changelog.json gains a member without per_document: %s", top["documents"])
	}
}

func TestDocumentTrailers(t *testing.T) {
	for _, c := range []struct{ v, doc, id string }{
		{"privacy.md 3.1", "privacy.md", "3.1"},
		{"legal/privacy.md\t3.1", "legal/privacy.md", "3.1"},
		{"Privacy Policy.md 2", "Privacy Policy.md", "2"},
		{"2.5", "", ""},
	} {
		doc, id, ok := docTrailer(c.v)
		if doc != c.doc || id != c.id || ok != (c.id != "") {
			t.Errorf("docTrailer(%q) = %q, %q, %v", c.v, doc, id, ok)
		}
	}
	docs := []*docHistory{
		{path: "a/privacy.md", paths: map[string]bool{"a/privacy.md": true}},
		{path: "b/privacy.md", paths: map[string]bool{"b/privacy.md": true}, revs: []docRev{{entry: &changes.Entry{Commit: "c1"}}}},
		{path: "terms.md", paths: map[string]bool{"terms.md": true}},
	}
	for _, c := range []struct{ name, commit, want string }{
		{"terms.md", "c0", "terms.md"},
		{"a/privacy.md", "c1", "a/privacy.md"},
		{"privacy.md", "c1", "b/privacy.md"}, // the one the commit changed
		{"privacy.md", "c0", ""},             // two, neither changed
		{"nope.md", "c1", ""},
	} {
		got := ""
		if h := trailerDocument(docs, c.name, c.commit); h != nil {
			got = h.path
		}
		if got != c.want {
			t.Errorf("trailerDocument(%q, %s) = %q, want %q", c.name, c.commit, got, c.want)
		}
	}
}

func TestBuildDocumentsTags(t *testing.T) {
	entries, fronts := policyHistory()
	tags := map[string]string{
		"terms-v1.2":         hash("p6"), // the file name, when one document has it
		"legal/privacy-v2.2": hash("p7"), // the path without its extension
		"privacy-notice-v0":  hash("p1"), // a former name
		"release-3":          hash("p7"), // not the pattern
		"terms-v":            hash("p5"), // no id
		"terms-v9":           "0123abcd", // not in the history
	}
	cl, err := Build(entries, nil, BuildOptions{PerDocument: true, Fronts: fronts, DocumentTags: tags, DocumentTagPattern: "{document}-v*"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		privacy: {"2.2 2023-07-20 tag: p7", "2.0 2024-03-01 front-matter: p4 p3 p2", "1.0 2024-01-15 front-matter: p1"},
		terms:   {"1.2 2023-07-18 tag: p6", "1.1 2024-04-01 front-matter: p5", "1.0 2023-07-01 front-matter: p1"},
	}
	for _, d := range cl.Documents {
		if got := shape(d); !reflect.DeepEqual(got, want[d.Path]) {
			t.Errorf("%s:\n%q\nwant\n%q", d.Path, got, want[d.Path])
		}
	}
	var warned bool
	for _, w := range cl.Warnings {
		warned = warned || strings.Contains(w.Message, "tag terms-v9 names commit 0123abcd")
	}
	if !warned {
		t.Errorf("no warning for a tag outside the history: %+v", cl.Warnings)
	}
	// p1's tag names version 0 by the former name: 1.0 in the front
	// matter closes there already, and one commit closes one version.
	for _, v := range cl.Documents[0].Versions {
		if v.ID == "0" {
			t.Errorf("version 0 bound beside 1.0 at one commit")
		}
	}
}

func TestGlobEscape(t *testing.T) {
	for _, name := range []string{"Privacy Policy", "a[1]", "what?", "x*y"} {
		if ok, err := path.Match(globEscape(name)+"-v*", name+"-v2"); err != nil || !ok {
			t.Errorf("%q: %v %v", name, ok, err)
		}
	}
}

// A trailer naming a document is never a version of the repository, with
// per_document or without (then with a warning): a log's version column
// would otherwise read "privacy.md 2.1".
func TestDocumentTrailersAreNoRepositoryVersions(t *testing.T) {
	entries, _ := policyHistory()
	trailers := map[string]string{hash("p7"): "privacy.md 2.1", hash("p5"): "2.0", hash("p3"): "2.0 draft"}
	cl, err := Build(entries, nil, BuildOptions{Trailers: trailers})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range cl.Versions {
		ids = append(ids, v.ID)
	}
	if strings.Join(ids, ",") != "unreleased,2.0,2.0 draft" {
		t.Errorf("versions %q", ids)
	}
	if len(cl.Warnings) != 1 || !strings.Contains(cl.Warnings[0].Message, `Document-Version "privacy.md 2.1" on commit`) {
		t.Errorf("warnings %+v", cl.Warnings)
	}
}
