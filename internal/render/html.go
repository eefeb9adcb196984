package render

import (
	"bytes"
	"html/template"
	"sync"
	"unicode/utf8"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/present/redline"
	"github.com/digdir/redline/internal/release"
)

// The report is one file a reviewer can mail, archive or print: styles
// inline, no external assets, no script. Hiding editorial changes is a
// checkbox whose :checked state a sibling selector reads, so it works with
// scripts off. Classes are said in words ("[substantive]") and insertions
// and deletions are underlined and struck through, so nothing depends on
// seeing colour. html/template escapes every value by context; the one
// value it passes as HTML is a change's text, which only
// internal/present/redline writes (the document's Markdown rendered, its
// raw HTML escaped, its links checked).

type htmlReport struct {
	Lang, Title string
	L           *htmlLabels
	Versions    []htmlVersion
}

type htmlLabels struct {
	Contents, HideEditorial, Warnings, Reasons, Topics, By string
}

type htmlVersion struct {
	Anchor, Heading, Title, Note, Summary, Counts string
	Date, DateText                                string // ISO, and as the reader writes it
	Empty                                         string // said when the version lists no change
	Pages                                         []htmlPage
	Warnings                                      []release.Warning
}

type htmlPage struct {
	Path, URL     string
	EditorialOnly bool
	Changes       []htmlChange
}

type htmlChange struct {
	Class, Badge, Where, Link, Anchor, Op string
	Lang                                  string // the document's, for the text taken from it
	Explanation                           string
	Reasons, Topics                       []htmlWord
	// Text is the change rendered as the page shows it, with its
	// insertions and deletions marked (internal/present/redline, the one
	// source of HTML from the documents).
	Text                            template.HTML
	Commit, CommitURL, Author, Date string
	Override                        string
}

const reportCSS = `
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, sans-serif; max-width: 62rem; margin: 0 auto; padding: 1rem 1.5rem; color: #1b1b1b; background: #fff; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-bottom: 2px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem; }
a { color: #0b4f9c; }
nav ol { padding-left: 1.2rem; }
del { text-decoration: line-through; color: #8a0b0b; background: #fde7e7; }
ins { text-decoration: underline; color: #0a5a22; background: #e3f3e7; }
.badge { font-weight: 700; font-size: .85em; white-space: nowrap; }
.badge.substantive { color: #a10e0e; }
.badge.editorial { color: #0b6363; font-weight: 400; }
.change { border-left: 4px solid #a10e0e; padding: .1rem 0 .1rem .8rem; margin: 1rem 0; }
.change.editorial { border-left: 4px dotted #0b6363; }
.change p { margin: .3rem 0; }
.diff { margin: .3rem 0; }
.diff h1, .diff h2, .diff h3, .diff h4, .diff h5, .diff h6 { font-size: 1.05em; margin: .3rem 0; padding: 0; border: 0; }
.diff table { border-collapse: collapse; margin: .3rem 0; }
.diff th, .diff td { border: 1px solid #bbb; padding: .2rem .5rem; vertical-align: top; text-align: left; }
.diff td.rl-changed, .diff th.rl-changed { border: 2px solid #7a4a00; }
.diff ul, .diff ol { margin: .3rem 0; }
.diff blockquote { margin: .3rem 0; padding-left: .8rem; border-left: 3px solid #bbb; }
.diff a ins, .diff a del { color: inherit; }
.rl-fmt { outline: 1px dashed #0a5a22; outline-offset: 1px; }
.rl-old, .rl-new { margin: .2rem 0; }
.rl-target { font-size: .85em; white-space: nowrap; }
.rl-html, .rl-plain { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .9em; }
.rl-img { font-style: italic; }
.rl-img::before { content: "[▣ "; font-style: normal; }
.rl-img::after { content: "]"; font-style: normal; }
.meta, .why { color: #444; font-size: .9em; }
.note { border-left: 3px solid #999; padding-left: .8rem; font-style: italic; }
.warnings li { color: #7a4a00; }
.toggle-label { display: inline-block; margin: .5rem 0; }
#hide-editorial:checked ~ main .editorial { display: none; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  #hide-editorial, .toggle-label, nav { display: none; }
  .change, .version > header { break-inside: avoid; }
  h2 { break-before: page; }
  del, ins { background: none; color: #000; }
  a { color: #000; }
  .change a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em; word-break: break-all; }
}
`

// reportShared defines what both forms of the report show alike: a list
// of reasons or topics ("words"), and one change ("change", given the
// labels and the change by item).
const reportShared = `{{define "words"}}{{range $i, $w := .}}{{if $i}}, {{end}}<span title="{{$w.Code}}">{{$w.Word}}</span>{{end}}{{end -}}
{{define "change"}}<article class="change {{.C.Class}}">
<p><span class="badge {{.C.Class}}">[{{.C.Badge}}]</span> <span lang="{{.C.Lang}}">{{if .C.Link}}<a href="{{.C.Link}}">{{.C.Where}}</a>{{else}}{{.C.Where}}{{end}}</span>{{if .C.Anchor}} <code>#{{.C.Anchor}}</code>{{end}} ({{.C.Op}})</p>
{{- if .C.Text}}
<div class="diff" lang="{{.C.Lang}}">{{.C.Text}}</div>
{{- end}}
{{- if .C.Explanation}}
<p>{{.C.Explanation}}</p>
{{- end}}
{{- if or .C.Reasons .C.Topics}}
<p class="why">{{if .C.Reasons}}{{.L.Reasons}}: {{template "words" .C.Reasons}}{{end}}{{if and .C.Reasons .C.Topics}} · {{end}}{{if .C.Topics}}{{.L.Topics}}: {{template "words" .C.Topics}}{{end}}</p>
{{- end}}
{{- if or .C.Commit .C.Override}}
<p class="meta">{{if .C.Commit}}{{if .C.CommitURL}}<a href="{{.C.CommitURL}}"><code>{{.C.Commit}}</code></a>{{else}}<code>{{.C.Commit}}</code>{{end}}{{if .C.Author}} {{.L.By}} {{.C.Author}}{{end}}{{if .C.Date}}, {{.C.Date}}{{end}}{{end}}{{if and .C.Commit .C.Override}} · {{end}}{{if .C.Override}}<em>{{.C.Override}}</em>{{end}}</p>
{{- end}}
</article>{{end -}}`

// reportFuncs are the report templates' functions: item pairs the labels
// with one change for the "change" template.
var reportFuncs = template.FuncMap{"item": func(l, c any) map[string]any { return map[string]any{"L": l, "C": c} }}

// reportTmpl is parsed when first used, not at start: most runs never write it.
var reportTmpl = sync.OnceValue(func() *template.Template {
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
{{- range .Versions}}
<li><a href="#{{.Anchor}}">{{.Heading}}</a>{{if .Date}} ({{.DateText}}){{end}}{{if .Counts}}: {{.Counts}}{{end}}</li>
{{- end}}
</ol>
</nav>
<main>
{{- range .Versions}}
<section class="version" id="{{.Anchor}}" aria-labelledby="{{.Anchor}}-h">
<header>
<h2 id="{{.Anchor}}-h">{{.Heading}}{{if .Title}}: {{.Title}}{{end}}</h2>
{{- if .Date}}
<p class="meta"><time datetime="{{.Date}}">{{.DateText}}</time>{{if .Counts}} · {{.Counts}}{{end}}</p>
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
{{- range .Pages}}
<section class="page{{if .EditorialOnly}} editorial{{end}}">
<h3>{{if .URL}}<a href="{{.URL}}">{{.Path}}</a>{{else}}{{.Path}}{{end}}</h3>
{{- range .Changes}}
{{template "change" (item $.L .)}}
{{- end}}
</section>
{{- end}}
{{- if .Warnings}}
<h3>{{$.L.Warnings}}</h3>
<ul class="warnings">
{{- range .Warnings}}
<li><code>{{.Path}}{{if .Anchor}}#{{.Anchor}}{{end}}</code>: {{.Message}}</li>
{{- end}}
</ul>
{{- end}}
</section>
{{- end}}
</main>
</body>
</html>
`))
})

// HTML returns the self-contained redline report of the whole changelog:
// a table of contents, then each version with the pages it changed and
// every change marked up, substantive and editorial. The interface speaks
// the changelog's first language; each page's changes carry their own
// language. With versions per document (cl.Documents), the report is
// grouped by document, then by version, as the Hugo pages are (see
// htmlDocuments).
func HTML(cl *release.Changelog) ([]byte, error) {
	if cl == nil {
		return nil, &Error{Msg: "no changelog to render", Hint: "this is a bug in redline; please report it"}
	}
	lang := "en"
	if len(cl.Languages) > 0 {
		if present.HasLabels(cl.Languages[0]) {
			lang = cl.Languages[0]
		}
	}
	l := labelsFor(lang)
	rep := htmlReport{
		Lang:  lang,
		Title: present.Pick(cl.Title, lang, cl.Languages),
		L: &htmlLabels{
			Contents: l.contents, HideEditorial: l.hideEditorial,
			Warnings: l.warnings, Reasons: l.Reasons, Topics: l.Topics, By: l.by,
		},
	}
	if rep.Title == "" {
		rep.Title = l.changes
	}
	if len(cl.Documents) > 0 {
		return htmlDocuments(cl, rep, l)
	}
	anchors := present.VersionAnchors(cl)
	for i := range cl.Versions {
		v := &cl.Versions[i]
		rep.Versions = append(rep.Versions, htmlVersionOf(cl, v, l, lang, anchors[v.ID], warningsOf(cl, v.ID)))
	}
	var b bytes.Buffer
	err := reportTmpl().Execute(&b, struct {
		htmlReport
		CSS template.CSS
	}{rep, template.CSS(reportCSS)})
	if err != nil {
		return nil, &Error{Msg: "cannot write the HTML report: " + err.Error(), Hint: "this is a bug in redline; please report it", Err: err}
	}
	return controlsReplaced(b.Bytes()), nil
}

// versionHead is what the report and the Hugo pages show above a
// version's changes: its heading, title, date, summary, warnings, and its
// note (or, for a version made from history, a note that says so).
func versionHead(cl *release.Changelog, v *release.Version, l *labels, lang, anchor string, warnings []release.Warning) htmlVersion {
	hv := htmlVersion{
		Anchor:   anchor,
		Heading:  l.VersionTitle(v.ID),
		Title:    present.Pick(v.Title, lang, cl.Languages),
		Date:     v.Date,
		DateText: l.Date(v.Date),
		Summary:  present.Pick(v.Summary, lang, cl.Languages),
		Note:     present.Pick(v.Note, lang, cl.Languages),
		Warnings: warnings,
	}
	switch {
	case hv.Note != "":
	case v.Reconstructed:
		hv.Note = l.Reconstructed
	case v.Historical:
		hv.Note = l.Historical
	}
	return hv
}

// htmlVersionOf is one version as the report shows it: its heading,
// date, counts, note and summary, then the pages it changed, each with
// its substantive and editorial changes.
func htmlVersionOf(cl *release.Changelog, v *release.Version, l *labels, lang, anchor string, warnings []release.Warning) htmlVersion {
	hv := versionHead(cl, v, l, lang, anchor, warnings)
	if !v.Historical || v.Counts != (release.Counts{}) {
		hv.Counts = l.counts(v.Counts)
	}
	refs := append(changesOf(v, "", classify.Substantive), changesOf(v, "", classify.Editorial)...)
	if len(refs) == 0 && !v.Historical {
		hv.Empty = l.noChanges
	}
	for _, pg := range byPage(refs) {
		hp := htmlPage{Path: pg.doc.Path, URL: present.SafeURL(pg.doc.URL), EditorialOnly: true}
		for _, r := range pg.refs {
			if r.ch.Class == classify.Substantive {
				hp.EditorialOnly = false
			}
			hp.Changes = append(hp.Changes, htmlChangeOf(l, r))
		}
		hv.Pages = append(hv.Pages, hp)
	}
	return hv
}

// controlsReplaced replaces the characters unsafeRune rejects with U+FFFD
// in the finished report. html/template escapes markup but passes control
// characters through, and an author name or a commit message can carry
// terminal escape sequences that would act on anyone who prints the
// report; the template itself has none, so one pass over the output is
// enough. Line breaks and tabs stay.
func controlsReplaced(b []byte) []byte {
	clean := true
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if unsafeRune(r, n) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if unsafeRune(r, n) {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out
}

func htmlChangeOf(l *labels, r ref) htmlChange {
	c := htmlChange{
		Class:       string(r.ch.Class),
		Lang:        r.doc.Lang,
		Badge:       l.Class(r.ch.Class),
		Where:       present.SectionPath(r.ch.Section),
		Link:        present.ChangeURL(r.doc, r.ch),
		Anchor:      r.ch.Anchor,
		Op:          l.Op(r.ch.Op),
		Explanation: l.Explanation(r.ch),
		Reasons:     htmlWords(r.ch.Reasons, l.Reason),
		Topics:      htmlWords(r.ch.Topics, l.Topic),
		Text:        redline.Change(r.ch, redline.Options{Base: r.doc.URL}),
		Override:    l.OverrideLine(r.ch.Override),
	}
	if c.Where == "" {
		c.Where = r.doc.Path
	}
	if e := r.entry; e != nil {
		c.Commit = present.ShortHash(e.Commit)
		c.CommitURL = present.SafeURL(e.URL)
		c.Author = e.Author
		if !e.Date.IsZero() {
			c.Date = l.Day(e.Date)
		}
	}
	return c
}

// htmlWord is a reason or topic as words, with its code (what filters
// and overrides name) kept in a title.
type htmlWord struct{ Word, Code string }

func htmlWords(codes []string, word func(string) string) []htmlWord {
	out := make([]htmlWord, len(codes))
	for i, c := range codes {
		out[i] = htmlWord{Word: word(c), Code: c}
	}
	return out
}
