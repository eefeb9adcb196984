package render

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// The published changelog page is a Hugo content file in HTML
// (_index.<lang>.html): Hugo puts an HTML content file's body into the
// page as it is, so insertions, deletions, folded sections and rendered
// links reach the reader on a site with Hugo's default settings, where
// raw HTML inside Markdown is dropped. Every value is escaped by
// html/template, and each change's text comes from present/redline,
// which lets no HTML of a document through. The page has no style or
// script of its own: <ins>, <del> and <details> read without CSS, and
// the classes (redline-*, rl-*) are there for a theme that wants them.

type hugoPage struct {
	L        *hugoLabels
	Versions []hugoVersion
}

type hugoLabels struct {
	Version, Updated, Changes, Substantive, Editorial, Others, PageText, Warnings, Reasons, Topics, By string
}

type hugoVersion struct {
	htmlVersion
	Name                string // the version's name in the table
	Row                 string // its summary in the table
	Released            string // "Publisert 1. mars 2024"
	Substantive         []hugoChange
	Editorial, Others   []hugoFold
	SubstantiveID, EdID string
}

// hugoFold is a page's changes folded under one summary line.
type hugoFold struct {
	Summary string
	Changes []hugoChange
}

// hugoTmpl is parsed when first used, not at start: most runs never write it.
var hugoTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("hugo").Parse(`{{define "words"}}{{range $i, $w := .}}{{if $i}}, {{end}}<span title="{{$w.Code}}">{{$w.Word}}</span>{{end}}{{end -}}
{{define "change" -}}
<div class="redline-change {{.Class}}">
<p><strong class="redline-badge">{{.Badge}}</strong> · <span lang="{{.Lang}}">{{if .Link}}<a href="{{.Link}}">{{.Where}}</a>{{else}}{{.Where}}{{end}}</span> ({{.Op}})</p>
{{- if .Text}}
{{if .Whole}}<details>
<summary>{{.WholeSummary}}</summary>
<div class="redline-text" lang="{{.Lang}}">{{.Text}}</div>
</details>{{else}}<div class="redline-text" lang="{{.Lang}}">{{.Text}}</div>{{end}}
{{- end}}
{{- if or .Explanation .Reasons .Topics}}
<p class="redline-why">{{.Explanation}}{{if .Reasons}} {{.L.Reasons}}: {{template "words" .Reasons}}.{{end}}{{if .Topics}} {{.L.Topics}}: {{template "words" .Topics}}.{{end}}</p>
{{- end}}
{{- if or .Commit .Override}}
<p class="redline-meta">{{if .Commit}}{{if .CommitURL}}<a href="{{.CommitURL}}"><code>{{.Commit}}</code></a>{{else}}<code>{{.Commit}}</code>{{end}}{{if .Author}} {{.L.By}} {{.Author}}{{end}}{{if .Date}}, {{.Date}}{{end}}{{end}}{{if and .Commit .Override}} · {{end}}{{if .Override}}<em>{{.Override}}</em>{{end}}</p>
{{- end}}
</div>
{{- end -}}
<div class="redline-changelog">
{{- if .Versions}}
<table class="redline-versions">
<thead><tr><th>{{.L.Version}}</th><th>{{.L.Updated}}</th><th>{{.L.Changes}}</th></tr></thead>
<tbody>
{{- range .Versions}}
<tr><td><a href="#{{.Anchor}}">{{.Name}}</a></td><td>{{if .Date}}<time datetime="{{.Date}}">{{.DateText}}</time>{{end}}</td><td>{{.Row}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- range .Versions}}
<h2 id="{{.Anchor}}">{{.Heading}}</h2>
{{- if .Title}}
<p><strong>{{.Title}}</strong></p>
{{- end}}
{{- if .Released}}
<p>{{.Released}}</p>
{{- end}}
{{- if .Note}}
<blockquote><p>{{.Note}}</p></blockquote>
{{- end}}
{{- if .Summary}}
<p>{{.Summary}}</p>
{{- end}}
{{- if .Substantive}}
<h3 id="{{.SubstantiveID}}">{{$.L.Substantive}}</h3>
{{- range .Substantive}}
{{template "change" .}}
{{- end}}
{{- end}}
{{- if .Editorial}}
<h3 id="{{.EdID}}">{{$.L.Editorial}}</h3>
{{- range .Editorial}}
<details class="redline-editorial">
<summary>{{.Summary}}</summary>
{{- range .Changes}}
{{template "change" .}}
{{- end}}
</details>
{{- end}}
{{- end}}
{{- if .Others}}
<h3>{{$.L.Others}}</h3>
{{- range .Others}}
<details class="redline-other-language">
<summary>{{.Summary}}</summary>
{{- range .Changes}}
{{template "change" .}}
{{- end}}
</details>
{{- end}}
{{- end}}
{{- if .Empty}}
<p>{{.Empty}}</p>
{{- end}}
{{- if .Warnings}}
<h3 id="{{.Anchor}}-warnings">{{$.L.Warnings}}</h3>
<ul>
{{- range .Warnings}}
<li><code>{{.Path}}{{if .Anchor}} #{{.Anchor}}{{end}}</code>: {{.Message}}</li>
{{- end}}
</ul>
{{- end}}
{{- end}}
</div>
`))
})

// hugoChange is a change as the page shows it, with the labels its
// template needs and whether its text is a whole page, folded.
type hugoChange struct {
	htmlChange
	L            *hugoLabels
	Whole        bool
	WholeSummary string
}

// HugoHTML returns the changelog page of one language as a Hugo content
// file in HTML (_index.<lang>.html): YAML front matter, a table of
// versions, newest first, each linking to its section, then a section per
// version. The page's own language's documents (and those without one)
// are listed in full, substantive changes first and editorial ones folded
// per page; documents in other languages follow, folded per page, so a
// reader of the translation still learns that the original changed.
func HugoHTML(cl *release.Changelog, lang string) ([]byte, error) {
	if cl == nil {
		return nil, &Error{Msg: "no changelog to render", Hint: "this is a bug in redline; please report it"}
	}
	l := labelsFor(lang)
	title := hugoTitle(cl, lang, l)
	hl := &hugoLabels{
		Version: l.version, Updated: l.updated, Changes: l.changes,
		Substantive: l.substantiveChanges, Editorial: l.editorialChanges, Others: l.otherLanguages,
		PageText: l.pageText, Warnings: l.warnings, Reasons: l.Reasons, Topics: l.Topics, By: l.by,
	}
	if len(cl.Documents) > 0 {
		return hugoDocuments(cl, lang, l, hl, title)
	}
	front, err := hugoFront(title, l.description)
	if err != nil {
		return nil, err
	}
	page := hugoPage{L: hl}
	anchors := present.VersionAnchors(cl)
	for i := range cl.Versions {
		v := &cl.Versions[i]
		page.Versions = append(page.Versions, hugoVersionOf(cl, v, l, hl, lang, anchors[v.ID], warningsOf(cl, v.ID), l.released))
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(front)
	b.WriteString("---\n")
	if err := hugoTmpl().Execute(&b, page); err != nil {
		return nil, &Error{Msg: "cannot write the Hugo page: " + err.Error(), Hint: "this is a bug in redline; please report it", Err: err}
	}
	return controlsReplaced(b.Bytes()), nil
}

// hugoVersionOf is a version as the page shows it: anchor is its
// section's id, warnings are its own, released says when it was
// published ("Published %s") or took effect.
func hugoVersionOf(cl *release.Changelog, v *release.Version, l *labels, hl *hugoLabels, lang, anchor string, warnings []release.Warning, released string) hugoVersion {
	hv := hugoVersion{
		htmlVersion:   versionHead(cl, v, l, lang, anchor, warnings),
		Name:          v.ID,
		Row:           summaryOf(cl, v, l, lang),
		SubstantiveID: anchor + "-substantive",
		EdID:          anchor + "-editorial",
	}
	if v.ID == release.UnreleasedID {
		hv.Name = l.Unreleased
	}
	if v.Date != "" {
		hv.Released = fmt.Sprintf(released, l.Date(v.Date))
	}
	own := func(r ref) bool { return r.doc.Lang == "" || r.doc.Lang == lang }
	change := func(r ref) hugoChange {
		c := hugoChange{htmlChange: htmlChangeOf(l, r), L: hl, Whole: classify.WholePage(r.ch), WholeSummary: l.pageText}
		if c.Explanation != "" {
			// A sentence; the reasons that follow are another.
			c.Explanation = strings.TrimSuffix(c.Explanation, ".") + "."
		}
		return c
	}
	var others []ref
	for _, r := range changesOf(v, "", classify.Substantive) {
		if own(r) {
			hv.Substantive = append(hv.Substantive, change(r))
		} else {
			others = append(others, r)
		}
	}
	var editorial []ref
	for _, r := range changesOf(v, "", classify.Editorial) {
		if own(r) {
			editorial = append(editorial, r)
		} else {
			others = append(others, r)
		}
	}
	for _, pg := range byPage(editorial) {
		f := hugoFold{Summary: fmt.Sprintf(l.editorialOn, pg.doc.Path) + " (" + l.ChangeCount(len(pg.refs)) + ")"}
		for _, r := range pg.refs {
			f.Changes = append(f.Changes, change(r))
		}
		hv.Editorial = append(hv.Editorial, f)
	}
	for _, pg := range byPage(others) {
		var c release.Counts
		f := hugoFold{}
		for _, r := range pg.refs {
			if r.ch.Class == classify.Substantive {
				c.Substantive++
			} else {
				c.Editorial++
			}
			f.Changes = append(f.Changes, change(r))
		}
		f.Summary = pg.doc.Path + ": " + l.counts(c)
		hv.Others = append(hv.Others, f)
	}
	if len(hv.Substantive)+len(hv.Editorial)+len(hv.Others) == 0 && !v.Historical {
		hv.Empty = l.noChanges
	}
	return hv
}

// docLabels are the words of a page grouped by document
// (versions.per_document), beside labels.
type docLabels struct {
	Document, Version, Effective, EffectiveOn, Changes, Others, Description string
}

var docLabelSets = map[string]*docLabels{
	"nb": {Document: "Dokument", Version: "Versjon", Effective: "Gjelder fra", EffectiveOn: "Gjelder fra %s", Changes: "Endringer",
		Others: "Dokumenter på andre språk", Description: "Endringer i dokumentene, dokument for dokument og versjon for versjon."},
	"en": {Document: "Document", Version: "Version", Effective: "In effect from", EffectiveOn: "In effect from %s", Changes: "Changes",
		Others: "Documents in other languages", Description: "Changes to the documents, document by document and version by version."},
}

func docLabelsFor(lang string) *docLabels {
	if l, ok := docLabelSets[lang]; ok {
		return l
	}
	return docLabelSets["en"]
}

// onPage says whether a document's versions are listed on the page of
// lang: those in its language, those in none, and on the first
// language's page those in a language the changelog has no page for.
func onPage(cl *release.Changelog, d *release.DocumentVersions, lang string) bool {
	if d.Lang == "" || d.Lang == lang {
		return true
	}
	return len(cl.Languages) > 0 && lang == cl.Languages[0] && !slices.Contains(cl.Languages, d.Lang)
}

// docName is how a document is named: its title, else its path.
func docName(d *release.DocumentVersions) string {
	if t := strings.TrimSpace(d.Title); t != "" {
		return t
	}
	return d.Path
}

// docAnchors gives each document's section an id from its path
// ("document-legal-privacy-md"), and each of its versions the document's
// id and the version's ("document-legal-privacy-md-version-3-1"), the
// same on every page and in the feeds.
func docAnchors(cl *release.Changelog) (docs map[string]string, versions map[string]map[string]string) {
	docs = map[string]string{}
	versions = map[string]map[string]string{}
	taken := map[string]bool{}
	for i := range cl.Documents {
		d := &cl.Documents[i]
		base := "document" + strings.TrimPrefix(present.VersionAnchor(d.Path), "version")
		a := base
		for n := 2; taken[a]; n++ {
			a = fmt.Sprintf("%s-%d", base, n)
		}
		taken[a] = true
		docs[d.Path] = a
		vs := map[string]string{}
		for id, va := range present.VersionAnchors(&release.Changelog{Versions: d.Versions}) {
			vs[id] = a + "-" + va
		}
		versions[d.Path] = vs
	}
	return docs, versions
}

// docWarnings are the warnings of one version of one document.
func docWarnings(cl *release.Changelog, path, id string) []release.Warning {
	var out []release.Warning
	for _, w := range cl.Warnings {
		if w.Path == path && w.Version == id && w.Kind == "version-binding" {
			out = append(out, w)
		}
	}
	return out
}

// current is a document's newest version that is not unreleased, or nil.
func current(d *release.DocumentVersions) *release.Version {
	for i := range d.Versions {
		if d.Versions[i].ID != release.UnreleasedID {
			return &d.Versions[i]
		}
	}
	return nil
}

// totals adds up the counts of a document's versions.
func totals(d *release.DocumentVersions) release.Counts {
	var c release.Counts
	for _, v := range d.Versions {
		c.Substantive += v.Counts.Substantive
		c.Editorial += v.Counts.Editorial
	}
	return c
}

type hugoDocPage struct {
	L      *hugoLabels
	D      *docLabels
	Docs   []hugoDoc
	Others []hugoDoc
}

// hugoDoc is a document as the page shows it: a row of the table, and a
// section with its versions.
type hugoDoc struct {
	Anchor, Name, Path, URL string
	Current, CurrentAnchor  string // its newest version, "" for none
	Date, DateText, Row     string
	Versions                []hugoVersion
}

// hugoDocTmpl is parsed when first used, not at start: most runs never write it.
var hugoDocTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.Must(hugoTmpl().Clone()).New("documents").Parse(`<div class="redline-changelog redline-documents">
<table class="redline-documents">
<thead><tr><th>{{.D.Document}}</th><th>{{.D.Version}}</th><th>{{.D.Effective}}</th><th>{{.D.Changes}}</th></tr></thead>
<tbody>
{{- range .Docs}}
<tr><td><a href="#{{.Anchor}}">{{.Name}}</a></td><td>{{if .Current}}<a href="#{{.CurrentAnchor}}">{{.Current}}</a>{{end}}</td><td>{{if .Date}}<time datetime="{{.Date}}">{{.DateText}}</time>{{end}}</td><td>{{.Row}}</td></tr>
{{- end}}
</tbody>
</table>
{{- range .Docs}}
<h2 id="{{.Anchor}}">{{.Name}}</h2>
<p class="redline-document-path">{{if .URL}}<a href="{{.URL}}"><code>{{.Path}}</code></a>{{else}}<code>{{.Path}}</code>{{end}}</p>
{{- range .Versions}}
<h3 id="{{.Anchor}}">{{.Heading}}</h3>
{{- if .Title}}
<p><strong>{{.Title}}</strong></p>
{{- end}}
{{- if .Released}}
<p>{{.Released}}</p>
{{- end}}
{{- if .Note}}
<blockquote><p>{{.Note}}</p></blockquote>
{{- end}}
{{- if .Summary}}
<p>{{.Summary}}</p>
{{- end}}
{{- if .Substantive}}
<h4 id="{{.SubstantiveID}}">{{$.L.Substantive}}</h4>
{{- range .Substantive}}
{{template "change" .}}
{{- end}}
{{- end}}
{{- if .Editorial}}
<h4 id="{{.EdID}}">{{$.L.Editorial}}</h4>
{{- range .Editorial}}
<details class="redline-editorial">
<summary>{{.Summary}}</summary>
{{- range .Changes}}
{{template "change" .}}
{{- end}}
</details>
{{- end}}
{{- end}}
{{- if .Empty}}
<p>{{.Empty}}</p>
{{- end}}
{{- if .Warnings}}
<h4 id="{{.Anchor}}-warnings">{{$.L.Warnings}}</h4>
<ul>
{{- range .Warnings}}
<li>{{.Message}}</li>
{{- end}}
</ul>
{{- end}}
{{- end}}
{{- end}}
{{- if .Others}}
<h2>{{.D.Others}}</h2>
<ul class="redline-other-documents">
{{- range .Others}}
<li><code>{{.Path}}</code>{{if .Current}}: {{$.D.Version}} {{.Current}}{{if .Date}}, <time datetime="{{.Date}}">{{.DateText}}</time>{{end}}{{end}} ({{.Row}})</li>
{{- end}}
</ul>
{{- end}}
</div>
`))
})

// hugoTitle is the title of the changelog page in lang: the changelog's
// own, else the label for changes.
func hugoTitle(cl *release.Changelog, lang string, l *labels) string {
	if title := present.Pick(cl.Title, lang, cl.Languages); title != "" {
		return title
	}
	return l.changes
}

// hugoFront is the YAML front matter of a changelog page (without its
// --- lines): its title, weight and description.
func hugoFront(title, description string) ([]byte, error) {
	front, err := yaml.Marshal(struct {
		Title       string `yaml:"title"`
		Weight      int    `yaml:"weight"`
		Description string `yaml:"description"`
	}{plainLine(title), hugoWeight, description})
	if err != nil {
		return nil, &Error{Msg: "cannot write the front matter: " + err.Error(), Err: err}
	}
	return front, nil
}

// hugoDocuments is the page of one language grouped by document
// (versions.per_document): a table of its documents, each with its
// current version, the date that version took effect and its count of
// changes, then a section per document with its versions, newest first,
// each with the date it takes effect and its changes. Documents in other
// languages are listed at the end, by path and version.
func hugoDocuments(cl *release.Changelog, lang string, l *labels, hl *hugoLabels, title string) ([]byte, error) {
	dl := docLabelsFor(lang)
	front, err := hugoFront(title, dl.Description)
	if err != nil {
		return nil, err
	}
	page := hugoDocPage{L: hl, D: dl}
	docs, vanchors := docAnchors(cl)
	for i := range cl.Documents {
		d := &cl.Documents[i]
		hd := hugoDoc{Anchor: docs[d.Path], Name: docName(d), Path: d.Path, URL: present.SafeURL(d.URL), Row: l.counts(totals(d))}
		if v := current(d); v != nil {
			hd.Current, hd.CurrentAnchor = v.ID, vanchors[d.Path][v.ID]
			hd.Date, hd.DateText = v.Date, l.Date(v.Date)
		}
		if !onPage(cl, d, lang) {
			page.Others = append(page.Others, hd)
			continue
		}
		for j := range d.Versions {
			v := &d.Versions[j]
			hd.Versions = append(hd.Versions, hugoVersionOf(cl, v, l, hl, lang, vanchors[d.Path][v.ID], docWarnings(cl, d.Path, v.ID), dl.EffectiveOn))
		}
		page.Docs = append(page.Docs, hd)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(front)
	b.WriteString("---\n")
	if err := hugoDocTmpl().ExecuteTemplate(&b, "documents", page); err != nil {
		return nil, &Error{Msg: "cannot write the Hugo page: " + err.Error(), Hint: "this is a bug in redline; please report it", Err: err}
	}
	return controlsReplaced(b.Bytes()), nil
}
