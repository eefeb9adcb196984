package app

import (
	"strings"
	"testing"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

// docChangelog has a repository version 2.0 and unreleased changes, and
// three documents: legal/privacy.md (3.1, 2.0, 1.0; renamed from
// legal/privacy-notice.md), legal/terms.md (3.1, 1.0) and other/privacy.md
// (1.0).
func docChangelog() *release.Changelog {
	v := func(id string, paths ...string) release.Version {
		out := release.Version{ID: id}
		for _, p := range paths {
			out.Entries = append(out.Entries, changes.Entry{Commit: "c" + id, Documents: []classify.DocumentDiff{{Path: p}}})
		}
		return out
	}
	return &release.Changelog{
		Versions: []release.Version{v(release.UnreleasedID), v("2.0")},
		Documents: []release.DocumentVersions{
			{Path: "legal/privacy.md", Versions: []release.Version{v(release.UnreleasedID, "legal/privacy.md"), v("3.1", "legal/privacy.md"), v("2.0", "legal/privacy.md"), v("1.0", "legal/privacy-notice.md")}},
			{Path: "legal/terms.md", Versions: []release.Version{v("3.1", "legal/terms.md"), v("1.0", "legal/terms.md")}},
			{Path: "other/privacy.md", Versions: []release.Version{v("1.0", "other/privacy.md")}},
		},
	}
}

func TestFindDocument(t *testing.T) {
	cl := docChangelog()
	for name, want := range map[string]string{
		"legal/privacy.md":        "legal/privacy.md",
		"./legal/privacy.md":      "legal/privacy.md",
		"terms.md":                "legal/terms.md",
		"terms":                   "legal/terms.md",
		"legal/terms":             "legal/terms.md",
		"privacy-notice.md":       "legal/privacy.md", // its path before a rename
		"other/privacy":           "other/privacy.md",
		"privacy.md":              `"privacy.md" names 2 documents`,
		"privacy":                 `"privacy" names 2 documents`,
		"nope.md":                 `no document "nope.md" has versions`,
		"legal/privacy.md.backup": `no document "legal/privacy.md.backup" has versions`,
	} {
		d, err := FindDocument(cl, name)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = d.Path
		}
		if got != want {
			t.Errorf("FindDocument(%q) = %q, want %q", name, got, want)
		}
	}
	if _, err := FindDocument(&release.Changelog{}, "a.md"); err == nil || !strings.Contains(err.Error(), "versions.per_document is not set") {
		t.Errorf("without documents: %v", err)
	}
}

func TestResolveNotesVersion(t *testing.T) {
	cl := docChangelog()
	for _, tt := range []struct {
		id, doc string
		want    string // "repo ID", "PATH ID" or the error
		also    string
	}{
		{id: "3.1", doc: "terms.md", want: "legal/terms.md 3.1"},
		{id: "v3.1", doc: "legal/privacy.md", want: "legal/privacy.md 3.1"},
		{id: "unreleased", doc: "legal/privacy.md", want: "legal/privacy.md unreleased"},
		{id: "3.1", want: `version 3.1 is ambiguous: 2 documents have it (legal/privacy.md, legal/terms.md)`},
		{id: "1.0", want: `version 1.0 is ambiguous: 3 documents have it (legal/privacy.md, legal/terms.md, other/privacy.md)`},
		// The repository's version first, and the documents that have
		// the id named beside it.
		{id: "2.0", want: "repo 2.0", also: "legal/privacy.md"},
		{id: "unreleased", want: "repo unreleased"},
		{id: "9.9", want: `no version "9.9" in the history`},
		{id: "9.9", doc: "terms", want: `no version "9.9" of legal/terms.md`},
		{id: "unreleased", doc: "terms", want: `nothing of legal/terms.md is unreleased: every change to it belongs to a version`},
		{id: "1.0", doc: "privacy", want: `"privacy" names 2 documents`},
	} {
		v, d, also, err := ResolveNotesVersion(cl, tt.id, tt.doc)
		var got string
		switch {
		case err != nil:
			got = err.Error()
		case d != nil:
			got = d.Path + " " + v.ID
		default:
			got = "repo " + v.ID
		}
		var alsoPaths []string
		for _, a := range also {
			alsoPaths = append(alsoPaths, a.Path)
		}
		if got != tt.want || strings.Join(alsoPaths, ", ") != tt.also {
			t.Errorf("ResolveNotesVersion(%q, %q) = %q, also %v; want %q, also %q", tt.id, tt.doc, got, alsoPaths, tt.want, tt.also)
		}
	}
	// One document has the id, and the repository not: that document's.
	cl.Documents = cl.Documents[:1]
	if v, d, _, err := ResolveNotesVersion(cl, "3.1", ""); err != nil || d == nil || d.Path != "legal/privacy.md" || v.ID != "3.1" {
		t.Errorf("3.1 of one document: %v %v %v", v, d, err)
	}
	if _, _, _, err := ResolveNotesVersion(cl, "3.2", ""); err == nil || !strings.Contains(hintOf(err, ""), "redline notes VERSION -- PATH") {
		t.Errorf("an unknown id's hint names -- PATH: %v (hint %q)", err, hintOf(err, ""))
	}
}
