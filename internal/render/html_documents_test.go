package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestHTMLByDocument checks the report grouped by document: the contents
// list each document with its current version and its versions, then a
// section per document with its versions, newest first, each with the
// date it takes effect, the ids those of the Hugo pages.
func TestHTMLByDocument(t *testing.T) {
	out, err := HTML(docFixture())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "report-documents.html.golden", out)
	s := string(out)
	inOrder(t, "contents", s,
		`<h2 id="toc">Contents</h2>`,
		`<li><a href="#document-de-privacy-md" lang="de">Datenschutz</a>: Version 2.0 (In effect from 1 March 2024); 1 substantive, 0 editorial`,
		`<li><a href="#document-en-privacy-md" lang="en">Privacy &lt;Notice&gt;</a>: Version 2.0 (In effect from 1 March 2024); 3 substantive, 0 editorial`,
		`<li><a href="#document-en-privacy-md-version-unreleased">Unreleased</a>: 1 substantive, 0 editorial</li>`,
		`<li><a href="#document-en-privacy-md-version-2-0">Version 2.0</a> (1 March 2024): 1 substantive, 0 editorial</li>`,
		`<li><a href="#document-terms-md">terms.md</a>: Version 1.1`,
		`</nav>`)
	inOrder(t, "sections", s,
		`<section class="document" id="document-de-privacy-md" aria-labelledby="document-de-privacy-md-h">`,
		`<h2 id="document-de-privacy-md-h" lang="de">Datenschutz</h2>`,
		`<div class="diff" lang="de">`,
		`<section class="document" id="document-en-privacy-md"`,
		`<p class="meta"><a href="https://example.org/en/privacy/"><code>en/privacy.md</code></a></p>`,
		`<h3 id="document-en-privacy-md-version-unreleased-h">Unreleased</h3>`,
		`<h3 id="document-en-privacy-md-version-2-0-h">Version 2.0</h3>`,
		`<p class="meta"><time datetime="2024-03-01">In effect from 1 March 2024</time> · 1 substantive, 0 editorial</p>`,
		`30 days`, `90 days`,
		`<h4>Warnings</h4>`, `2.0-rc ignored`,
		`<h3 id="document-en-privacy-md-version-1-0-h">Version 1.0</h3>`,
		`<section class="document" id="document-terms-md"`,
		`<section class="page editorial">`, `[editorial]`)
	// The anchors are those of the Hugo page, so a link works in both.
	hugo, err := HugoHTML(docFixture(), "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"document-en-privacy-md", "document-en-privacy-md-version-2-0", "document-terms-md-version-1-1"} {
		if !strings.Contains(string(hugo), `id="`+id+`"`) || !strings.Contains(s, `id="`+id+`"`) {
			t.Errorf("id %q is not on both the Hugo page and the report", id)
		}
	}
	// A page is named only when the document had another path then.
	if strings.Contains(s, "<h4>en/privacy.md") || strings.Contains(s, `<section class="version" id="version-`) {
		t.Errorf("the report grouped by document names its own pages or has the repository's versions:\n%s", s)
	}
}

// TestHTMLByDocumentRenamed names the page of a version whose changes were
// made under a path the document no longer has.
func TestHTMLByDocumentRenamed(t *testing.T) {
	cl := docFixture()
	d := &cl.Documents[1]
	e := &d.Versions[2].Entries[0]
	e.Documents[0].Path = "en/privacy-notice.md"
	out, err := HTML(cl)
	if err != nil {
		t.Fatal(err)
	}
	inOrder(t, "renamed", string(out), `<h3 id="document-en-privacy-md-version-1-0-h">Version 1.0</h3>`, `<h4>en/privacy-notice.md</h4>`, `10 days`)
}

// TestDocumentNotes checks the release notes of a version of one
// document.
func TestDocumentNotes(t *testing.T) {
	cl := docFixture()
	d := &cl.Documents[1]
	out, err := DocumentNotes(cl, d, "2.0", "en")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "notes-document-2.0.en.md.golden", out)
	inOrder(t, "notes", string(out),
		"# Privacy &lt;Notice\\>: Version 2.0\n",
		"[en/privacy.md](https://example.org/en/privacy/)",
		"In effect from 1 March 2024",
		"## Substantive changes", "30 days", "90 days",
		"## Warnings", "2.0-rc ignored")
	if strings.Contains(string(out), "10 days") || strings.Contains(string(out), "sometimes") {
		t.Errorf("the notes of 2.0 have changes of other versions:\n%s", out)
	}
	if _, err := DocumentNotes(cl, d, "3.0", "en"); err == nil || err.Error() != `no version "3.0" of en/privacy.md in the changelog` {
		t.Errorf("an unknown version: %v", err)
	}
}

// TestJSONByDocument checks changelog.json with versions per document:
// a document's versions refer to the entries, not repeat them, and its
// text is written as the rest is.
func TestJSONByDocument(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, docFixture()); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Documents []struct {
			Title    string                       `json:"title"`
			Versions []map[string]json.RawMessage `json:"versions"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Documents) != 3 {
		t.Fatalf("documents: %d", len(v.Documents))
	}
	for _, d := range v.Documents {
		for _, dv := range d.Versions {
			if _, ok := dv["entries"]; ok {
				t.Errorf("%s: a document's version repeats its entries", d.Title)
			}
			if _, ok := dv["refs"]; !ok {
				t.Errorf("%s: a document's version has no refs", d.Title)
			}
		}
	}
	inOrder(t, "json", b.String(),
		`"title": "Privacy <Notice>"`,
		`"id": "2.0",`,
		"\"refs\": [\n            {\n              \"commit\": \"e2\",\n              \"path\": \"en/privacy.md\"\n            }\n          ]")
}
