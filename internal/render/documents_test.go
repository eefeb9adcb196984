package render

import (
	"regexp"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

// docFixture is a changelog grouped by document (versions.per_document):
// an English privacy notice with two versions and unreleased changes, a
// terms page with no language in its name, and a German privacy notice.
func docFixture() *release.Changelog {
	sub := func(path, lang, anchor, old, new string) classify.DocumentDiff {
		return classify.DocumentDiff{Path: path, Lang: lang, Status: "modified", Class: classify.Substantive, Changes: []classify.Change{{
			Op: align.Modified, Class: classify.Substantive, Reasons: []string{"number"}, Explanation: "a number changed",
			Section: []string{"Data we keep"}, Anchor: anchor,
			Old: &classify.Side{Text: old}, New: &classify.Side{Text: new},
			Inline: []align.Span{del(old), ins(new)}, Fingerprint: "fp" + anchor,
		}}}
	}
	ed := func(path, lang string) classify.DocumentDiff {
		return classify.DocumentDiff{Path: path, Lang: lang, Status: "modified", Class: classify.Editorial, Changes: []classify.Change{{
			Op: align.Modified, Class: classify.Editorial, Reasons: []string{"whitespace"}, Explanation: "only the line breaks changed",
			Anchor: "fees", Inline: []align.Span{eq("Fees apply.")}, Fingerprint: "fpfees",
		}}}
	}
	entry := func(commit, date string, d classify.DocumentDiff) changes.Entry {
		return changes.Entry{Commit: commit, Date: day(date), Author: "Ada", Subject: "s " + commit, Class: d.Class, Documents: []classify.DocumentDiff{d}}
	}
	version := func(id, date, source string, es ...changes.Entry) release.Version {
		v := release.Version{ID: id, Date: date, Source: source, Class: classify.None, Entries: es}
		if len(es) > 0 {
			v.Revision = es[0].Commit
		}
		for _, e := range es {
			v.Class = classify.Max(v.Class, e.Class)
			for _, d := range e.Documents {
				for _, c := range d.Changes {
					if c.Class == classify.Substantive {
						v.Counts.Substantive++
					} else {
						v.Counts.Editorial++
					}
				}
			}
		}
		if id == release.UnreleasedID {
			v.Date, v.Source, v.Revision = "", "", ""
		}
		return v
	}
	return &release.Changelog{
		Schema: release.Schema, Title: release.Text{"en": "Legal changes", "de": "Rechtliche Änderungen"}, Languages: []string{"en", "de"},
		Versions: []release.Version{},
		Documents: []release.DocumentVersions{
			{Path: "de/privacy.md", Lang: "de", Title: "Datenschutz", Versions: []release.Version{
				version("2.0", "2024-03-01", "front-matter", entry("d2", "2024-02-12T10:00:00Z", sub("de/privacy.md", "de", "daten", "30 Tage", "90 Tage"))),
			}},
			{Path: "en/privacy.md", Lang: "en", Title: "Privacy <Notice>", URL: "https://example.org/en/privacy/", Versions: []release.Version{
				version(release.UnreleasedID, "", "", entry("e3", "2024-04-02T10:00:00Z", sub("en/privacy.md", "en", "sharing", "never", "sometimes"))),
				version("2.0", "2024-03-01", "front-matter", entry("e2", "2024-02-10T10:00:00Z", sub("en/privacy.md", "en", "data-we-keep", "30 days", "90 days"))),
				version("1.0", "2024-01-15", "versions-file", entry("e1", "2024-01-10T10:00:00Z", sub("en/privacy.md", "en", "data-we-keep", "10 days", "30 days"))),
			}},
			{Path: "terms.md", Lang: "", Versions: []release.Version{
				version("1.1", "2024-05-01", "trailer", entry("f2", "2024-04-20T10:00:00Z", ed("terms.md", ""))),
			}},
		},
		Warnings: []release.Warning{{Kind: "version-binding", Version: "2.0", Path: "en/privacy.md", Message: "versions 2.0 (front-matter) and 2.0-rc (trailer) of en/privacy.md both close at commit e2; 2.0-rc ignored"}},
	}
}

// inOrder checks that each of parts is in s, after the one before.
func inOrder(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(s[at:], p)
		if i < 0 {
			t.Errorf("%s: %q not found after offset %d in\n%s", what, p, at, s)
			return
		}
		at += i + len(p)
	}
}

func TestHugoHTMLByDocument(t *testing.T) {
	out, err := HugoHTML(docFixture(), "en")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	inOrder(t, "en page", s,
		"description: Changes to the documents, document by document and version by version.",
		`<th>Document</th><th>Version</th><th>In effect from</th><th>Changes</th>`,
		`<tr><td><a href="#document-en-privacy-md">Privacy &lt;Notice&gt;</a></td><td><a href="#document-en-privacy-md-version-2-0">2.0</a></td><td><time datetime="2024-03-01">1 March 2024</time></td><td>3 substantive, 0 editorial</td></tr>`,
		`<tr><td><a href="#document-terms-md">terms.md</a></td>`,
		`<h2 id="document-en-privacy-md">Privacy &lt;Notice&gt;</h2>`,
		`<a href="https://example.org/en/privacy/"><code>en/privacy.md</code></a>`,
		`<h3 id="document-en-privacy-md-version-unreleased">Unreleased</h3>`, "sometimes",
		`<h3 id="document-en-privacy-md-version-2-0">Version 2.0</h3>`, "<p>In effect from 1 March 2024</p>",
		`<h4 id="document-en-privacy-md-version-2-0-substantive">Substantive changes</h4>`, "90 days",
		`<h4 id="document-en-privacy-md-version-2-0-warnings">Warnings</h4>`, "2.0-rc ignored",
		`<h3 id="document-en-privacy-md-version-1-0">Version 1.0</h3>`, "<p>In effect from 15 January 2024</p>",
		`<h2 id="document-terms-md">terms.md</h2>`,
		`<h3 id="document-terms-md-version-1-1">Version 1.1</h3>`, `<h4 id="document-terms-md-version-1-1-editorial">Editorial changes</h4>`,
		`<h2>Documents in other languages</h2>`,
		`<li><code>de/privacy.md</code>: Version 2.0, <time datetime="2024-03-01">1 March 2024</time> (1 substantive, 0 editorial)</li>`,
	)
	if strings.Contains(s, "<Notice>") || strings.Contains(s, "90 Tage") {
		t.Errorf("unescaped title, or another language's changes in full:\n%s", s)
	}
	// A warning of one document's version is not shown on another's.
	if strings.Count(s, "2.0-rc ignored") != 1 {
		t.Errorf("the warning is shown %d times", strings.Count(s, "2.0-rc ignored"))
	}

	de, err := HugoHTML(docFixture(), "de")
	if err != nil {
		t.Fatal(err)
	}
	// German gets the English words (no German labels), its own document
	// in full and the document without a language; the English one listed.
	inOrder(t, "de page", string(de),
		`<h2 id="document-de-privacy-md">Datenschutz</h2>`, "90 Tage",
		`<h2 id="document-terms-md">terms.md</h2>`,
		`<li><code>en/privacy.md</code>: Version 2.0`)
}

func TestHugoMarkdownByDocument(t *testing.T) {
	out, err := Hugo(docFixture(), "en")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	inOrder(t, "markdown", s,
		"| Document | Version | In effect from | Changes |",
		"| [Privacy &lt;Notice\\>](#document-en-privacy-md) | [2.0](#document-en-privacy-md-version-2-0) | 1 March 2024 | 3 substantive, 0 editorial |",
		"## Privacy &lt;Notice\\> {#document-en-privacy-md}",
		"[en/privacy.md](https://example.org/en/privacy/)",
		"### Unreleased {#document-en-privacy-md-version-unreleased}",
		"### Version 2.0 {#document-en-privacy-md-version-2-0}", "In effect from 1 March 2024",
		"#### Substantive changes {#document-en-privacy-md-version-2-0-substantive}",
		"#### Warnings {#document-en-privacy-md-version-2-0-warnings}",
		"## terms.md {#document-terms-md}",
		"## Documents in other languages",
		"- de/privacy.md: Version 2.0, 1 March 2024 (1 substantive, 0 editorial)",
	)
	if strings.Contains(s, "Published") {
		t.Errorf("a version of a document is dated as published:\n%s", s)
	}
}

func TestAtomByDocument(t *testing.T) {
	out, err := Atom(docFixture(), "en", AtomOptions{SiteURL: "https://example.org/en/changelog/", IncludeEditorial: true})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	ids := regexp.MustCompile(`<id>tag:example.org,2024:en/changelog:(document:[^<]+)</id>`).FindAllStringSubmatch(s, -1)
	var got []string
	for _, m := range ids {
		got = append(got, m[1])
	}
	// Newest first across the documents; no unreleased, no German page.
	want := []string{
		"document:terms.md:version:1.1:en",
		"document:en%2Fprivacy.md:version:2.0:en",
		"document:en%2Fprivacy.md:version:1.0:en",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("entries %q, want %q", got, want)
	}
	inOrder(t, "feed", s,
		"<title>terms.md: Version 1.1</title>",
		"<title>Privacy &lt;Notice&gt;: Version 2.0</title>",
		"<updated>2024-03-01T00:00:00Z</updated>",
		`<link rel="alternate" href="https://example.org/en/changelog/#document-en-privacy-md-version-2-0"></link>`)
	plain, err := Atom(docFixture(), "en", AtomOptions{SiteURL: "https://example.org/en/changelog/"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), "terms.md") {
		t.Error("an editorial version of a document is in the feed without IncludeEditorial")
	}
}
