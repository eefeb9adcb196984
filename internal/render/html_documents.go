package render

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"

	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// The report grouped by document (versions.per_document): what the Hugo
// pages show, in the one file a reviewer can mail, with the same ids, so
// that a link to a document's version works in both.

type htmlDocReport struct {
	htmlReport
	D    *docLabels
	Docs []htmlDoc
}

// htmlDoc is a document as the report shows it: an item of the contents
// and a section with its versions.
type htmlDoc struct {
	Anchor, Name, Path, URL, Lang string
	Current, CurrentAnchor        string // its newest version, "" for none
	Date, DateText, Counts        string
	Versions                      []htmlDocVersion
}

type htmlDocVersion struct {
	htmlVersion
	Effective string // "In effect from 1 March 2024", "" without a date
	// Renamed is set when a page of the version is under a path the
	// document no longer has; the pages are then named.
	Renamed bool
}

// reportDocTmpl is parsed when first used, not at start: most runs never write it.
var reportDocTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(reportFuncs).Parse(reportShared + `
<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="redline">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<h1>{{.Title}}</h1>
<input type="checkbox" id="hide-editorial">
<label class="toggle-label" for="hide-editorial">{{.L.HideEditorial}}</label>
<nav aria-labelledby="toc">
<h2 id="toc">{{.L.Contents}}</h2>
<ol>
{{- range .Docs}}
<li><a href="#{{.Anchor}}"{{if .Lang}} lang="{{.Lang}}"{{end}}>{{.Name}}</a>{{if .Current}}: {{$.D.Version}} {{.Current}}{{if .Date}} ({{$.D.Effective}} {{.DateText}}){{end}}{{end}}{{if .Counts}}; {{.Counts}}{{end}}
<ol>
{{- range .Versions}}
<li><a href="#{{.Anchor}}">{{.Heading}}</a>{{if .Date}} ({{.DateText}}){{end}}{{if .Counts}}: {{.Counts}}{{end}}</li>
{{- end}}
</ol>
</li>
{{- end}}
</ol>
</nav>
<main>
{{- range .Docs}}
<section class="document" id="{{.Anchor}}" aria-labelledby="{{.Anchor}}-h">
<h2 id="{{.Anchor}}-h"{{if .Lang}} lang="{{.Lang}}"{{end}}>{{.Name}}</h2>
<p class="meta">{{if .URL}}<a href="{{.URL}}"><code>{{.Path}}</code></a>{{else}}<code>{{.Path}}</code>{{end}}</p>
{{- range .Versions}}
<section class="version" id="{{.Anchor}}" aria-labelledby="{{.Anchor}}-h">
<header>
<h3 id="{{.Anchor}}-h">{{.Heading}}{{if .Title}}: {{.Title}}{{end}}</h3>
{{- if .Date}}
<p class="meta"><time datetime="{{.Date}}">{{.Effective}}</time>{{if .Counts}} · {{.Counts}}{{end}}</p>
{{- else if .Counts}}
<p class="meta">{{.Counts}}</p>
{{- end}}
{{- if .Note}}
<p class="note">{{.Note}}</p>
{{- end}}
{{- if .Summary}}
<p>{{.Summary}}</p>
{{- end}}
</header>
{{- if .Empty}}
<p>{{.Empty}}</p>
{{- end}}
{{- $renamed := .Renamed}}
{{- range .Pages}}
<section class="page{{if .EditorialOnly}} editorial{{end}}">
{{- if $renamed}}
<h4>{{if .URL}}<a href="{{.URL}}">{{.Path}}</a>{{else}}{{.Path}}{{end}}</h4>
{{- end}}
{{- range .Changes}}
{{template "change" (item $.L .)}}
{{- end}}
</section>
{{- end}}
{{- if .Warnings}}
<h4>{{$.L.Warnings}}</h4>
<ul class="warnings">
{{- range .Warnings}}
<li><code>{{.Path}}{{if .Anchor}}#{{.Anchor}}{{end}}</code>: {{.Message}}</li>
{{- end}}
</ul>
{{- end}}
</section>
{{- end}}
</section>
{{- end}}
</main>
</body>
</html>
`))
})

// htmlDocuments is the report grouped by document (versions.per_document):
// the contents list each document with its current version and the date
// it took effect, and its versions; then a section per document with its
// versions, newest first, each with the date it takes effect and its
// changes marked up. Every document is in the report, whatever its
// language, as the report lists every page; the ids are those of the Hugo
// pages and the feeds.
func htmlDocuments(cl *release.Changelog, rep htmlReport, l *labels) ([]byte, error) {
	dl := docLabelsFor(rep.Lang)
	out := htmlDocReport{htmlReport: rep, D: dl}
	docs, vanchors := docAnchors(cl)
	for i := range cl.Documents {
		d := &cl.Documents[i]
		hd := htmlDoc{Anchor: docs[d.Path], Name: docName(d), Path: d.Path, URL: present.SafeURL(d.URL), Lang: d.Lang}
		if c := totals(d); c != (release.Counts{}) {
			hd.Counts = l.counts(c)
		}
		if v := current(d); v != nil {
			hd.Current, hd.CurrentAnchor = v.ID, vanchors[d.Path][v.ID]
			hd.Date, hd.DateText = v.Date, l.Date(v.Date)
		}
		for j := range d.Versions {
			v := &d.Versions[j]
			hv := htmlDocVersion{htmlVersion: htmlVersionOf(cl, v, l, rep.Lang, vanchors[d.Path][v.ID], docWarnings(cl, d.Path, v.ID))}
			if hv.Title == hv.Heading {
				hv.Title = "" // unreleased, titled Unreleased
			}
			if v.Date != "" {
				hv.Effective = fmt.Sprintf(dl.EffectiveOn, hv.DateText)
			}
			for _, p := range hv.Pages {
				if p.Path != d.Path {
					hv.Renamed = true
				}
			}
			hd.Versions = append(hd.Versions, hv)
		}
		out.Docs = append(out.Docs, hd)
	}
	var b bytes.Buffer
	err := reportDocTmpl().Execute(&b, struct {
		htmlDocReport
		CSS template.CSS
	}{out, template.CSS(reportCSS)})
	if err != nil {
		return nil, &Error{Msg: "cannot write the HTML report: " + err.Error(), Hint: "this is a bug in redline; please report it", Err: err}
	}
	return controlsReplaced(b.Bytes()), nil
}
