package release

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDocumentsJSONRefersToEntries checks changelog.json's shape with
// versions per document: the changelog's versions hold every entry once,
// with all its documents, and a document's versions refer to them by
// commit and the document's path there (through a rename), instead of
// repeating them.
func TestDocumentsJSONRefersToEntries(t *testing.T) {
	entries, fronts := policyHistory()
	cl, err := Build(entries, nil, BuildOptions{
		Languages: []string{"en"}, PerDocument: true, Fronts: fronts,
		DocumentTrailers: map[string][]string{hash("p7"): {"privacy.md 2.1"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(cl)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Versions []struct {
			Entries []struct {
				Commit    string `json:"commit"`
				Documents []struct {
					Path    string            `json:"path"`
					Changes []json.RawMessage `json:"changes"`
				} `json:"documents"`
			} `json:"entries"`
		} `json:"versions"`
		Documents []struct {
			Path     string                       `json:"path"`
			Versions []map[string]json.RawMessage `json:"versions"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	subject := map[string]string{}
	for _, e := range entries {
		subject[e.Commit] = e.Subject
	}
	changes := map[EntryRef]int{} // changes by entry and document
	for _, v := range got.Versions {
		for _, e := range v.Entries {
			for _, d := range e.Documents {
				ref := EntryRef{Commit: e.Commit, Path: d.Path}
				if _, dup := changes[ref]; dup {
					t.Errorf("%+v is in the versions twice", ref)
				}
				changes[ref] = len(d.Changes)
			}
		}
	}
	refsOf := map[string][]string{}
	for _, d := range got.Documents {
		for _, v := range d.Versions {
			if _, ok := v["entries"]; ok {
				t.Errorf("%s: a document's version repeats its entries", d.Path)
			}
			var refs []EntryRef
			var counts Counts
			var id string
			for k, dst := range map[string]any{"refs": &refs, "counts": &counts, "id": &id} {
				if err := json.Unmarshal(v[k], dst); err != nil {
					t.Fatalf("%s: %s: %v", d.Path, k, err)
				}
			}
			n := 0
			var names []string
			for _, r := range refs {
				c, ok := changes[r]
				if !ok {
					t.Errorf("%s %s: ref %+v names no entry of the versions", d.Path, id, r)
				}
				n += c
				names = append(names, subject[r.Commit]+" "+r.Path)
			}
			if n != counts.Substantive+counts.Editorial {
				t.Errorf("%s %s: the refs hold %d changes, the counts say %+v", d.Path, id, n, counts)
			}
			refsOf[d.Path+" "+id] = names
		}
	}
	// The privacy notice was renamed at p2: its first version refers to
	// the entry by the path it had then.
	for key, want := range map[string]string{
		privacy + " 1.0":           "p1 legal/privacy-notice.md",
		privacy + " 2.0":           "p4 legal/privacy.md, p3 legal/privacy.md, p2 legal/privacy.md",
		privacy + " 2.1":           "p7 legal/privacy.md",
		terms + " 1.0":             "p1 legal/terms.md",
		terms + " " + UnreleasedID: "p6 legal/terms.md",
	} {
		if got := strings.Join(refsOf[key], ", "); got != want {
			t.Errorf("refs of %s: %q, want %q", key, got, want)
		}
	}
	// In memory, a document's versions keep their entries for the
	// renderers.
	if len(cl.Documents[0].Versions[0].Entries) == 0 {
		t.Error("the in-memory document versions lost their entries")
	}
}

// TestDocumentsJSONKeepsText checks that a document's members are written
// as render.JSON writes the rest of changelog.json: no HTML escaping.
func TestDocumentsJSONKeepsText(t *testing.T) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(DocumentVersions{Path: "a&b.md", Title: "<Privacy>", Versions: []Version{{ID: "1.0"}}}); err != nil {
		t.Fatal(err)
	}
	data := strings.TrimSuffix(b.String(), "\n")
	want := `{"path":"a&b.md","lang":"","title":"<Privacy>","versions":[{"id":"1.0","class":"","counts":{"substantive":0,"editorial":0},"refs":[]}]}`
	if data != want {
		t.Errorf("got  %s\nwant %s", data, want)
	}
}
