package render

import (
	"bytes"
	"encoding/xml"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/present/redline"
	"github.com/digdir/redline/internal/release"
)

// AtomOptions shape the feed.
type AtomOptions struct {
	FeedURL string // the feed's own address (rel="self")
	SiteURL string // the changelog page; entries link to its version anchors
	// IncludeEditorial lists editorial changes too, and gives a version an
	// entry when it has only editorial changes.
	IncludeEditorial bool
}

// tagDate is the date in the feed's tag: URIs (RFC 4151). It is fixed so
// that ids never change: a feed reader treats a new id as a new entry.
const tagDate = "2024"

type atomFeed struct {
	XMLName   xml.Name     `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string       `xml:"xml:lang,attr,omitempty"`
	ID        string       `xml:"id"`
	Title     atomText     `xml:"title"`
	Updated   string       `xml:"updated"`
	Links     []atomLink   `xml:"link"`
	Authors   []atomPerson `xml:"author"`
	Generator string       `xml:"generator"`
	Entries   []atomEntry  `xml:"entry"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Links      []atomLink     `xml:"link"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
	Content    atomText       `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"` // the topic in the feed's language
}

// Atom returns an Atom 1.0 feed in one language: an entry per released
// version that has substantive changes (or any change, with
// IncludeEditorial), whose content summarises the changes with links to
// the sections they touched. The changes of every language's pages are
// listed: a substantive update of the original concerns the readers of
// its translation too, even before the translation catches up. The unreleased version gets no entry: its
// content changes with every commit, and a feed announces publications.
// Every date comes from the changelog, never the clock.
func Atom(cl *release.Changelog, lang string, opt AtomOptions) ([]byte, error) {
	if cl == nil {
		return nil, &Error{Msg: "no changelog to render", Hint: "this is a bug in redline; please report it"}
	}
	l := labelsFor(lang)
	auth, spec := tagBase(opt)
	title := present.Pick(cl.Title, lang, cl.Languages)
	if title == "" {
		title = l.changes
	}
	f := atomFeed{
		Lang:      lang,
		ID:        "tag:" + auth + "," + tagDate + ":" + spec + "changelog:" + url.PathEscape(lang),
		Title:     atomText{Body: title},
		Generator: "redline",
	}
	if u := present.SafeURL(opt.FeedURL); u != "" {
		f.Links = append(f.Links, atomLink{Rel: "self", Href: u})
	}
	site := present.SafeURL(opt.SiteURL)
	if site != "" {
		f.Links = append(f.Links, atomLink{Rel: "alternate", Href: site})
	}
	var newest time.Time
	anchors := present.VersionAnchors(cl)
	// Grouped by document (versions.per_document), an entry is a version
	// of one document, of those the language's page lists.
	type item struct {
		v                  *release.Version
		id, anchor, prefix string
	}
	var items []item
	if len(cl.Documents) > 0 {
		_, vanchors := docAnchors(cl)
		for i := range cl.Documents {
			d := &cl.Documents[i]
			if !onPage(cl, d, lang) {
				continue
			}
			for j := range d.Versions {
				v := &d.Versions[j]
				items = append(items, item{v: v, id: "document:" + url.PathEscape(d.Path) + ":version:" + url.PathEscape(v.ID),
					anchor: vanchors[d.Path][v.ID], prefix: docName(d) + ": "})
			}
		}
		// Newest first across documents, as a feed reads.
		slices.SortStableFunc(items, func(a, b item) int { return versionTime(b.v).Compare(versionTime(a.v)) })
	} else {
		for i := range cl.Versions {
			v := &cl.Versions[i]
			items = append(items, item{v: v, id: "version:" + url.PathEscape(v.ID), anchor: anchors[v.ID]})
		}
	}
	for _, it := range items {
		v := it.v
		if v.ID == "unreleased" {
			continue
		}
		sub := changesOf(v, "", classify.Substantive)
		var ed []ref
		if opt.IncludeEditorial {
			ed = changesOf(v, "", classify.Editorial)
		}
		if len(sub) == 0 && len(ed) == 0 {
			continue
		}
		updated := versionTime(v)
		if updated.After(newest) {
			newest = updated
		}
		e := atomEntry{
			ID:      "tag:" + auth + "," + tagDate + ":" + spec + it.id + ":" + url.PathEscape(lang),
			Title:   atomText{Body: it.prefix + l.VersionTitle(v.ID)},
			Updated: updated.Format(time.RFC3339),
		}
		if t := present.Pick(v.Title, lang, cl.Languages); t != "" {
			e.Title.Body += ": " + t
		}
		if site != "" {
			e.Links = []atomLink{{Rel: "alternate", Href: strings.TrimRight(site, "#") + "#" + it.anchor}}
		}
		seen := map[string]bool{}
		for _, r := range append(append([]ref(nil), sub...), ed...) {
			if a := r.entry.Author; a != "" && !seen[a] {
				seen[a] = true
				e.Authors = append(e.Authors, atomPerson{Name: a})
			}
		}
		for _, t := range v.Topics {
			e.Categories = append(e.Categories, atomCategory{Term: t, Label: l.Topic(t)})
		}
		if s := present.Pick(v.Summary, lang, cl.Languages); s != "" {
			e.Summary = &atomText{Type: "text", Body: s}
		}
		content, err := atomContent(cl, v, l, lang, sub, ed)
		if err != nil {
			return nil, err
		}
		e.Content = atomText{Type: "html", Body: content}
		f.Entries = append(f.Entries, e)
	}
	for _, e := range f.Entries {
		if len(e.Authors) == 0 {
			// Atom wants an author for every entry; the document itself
			// stands in when its commits name none.
			f.Authors = []atomPerson{{Name: title}}
			break
		}
	}
	if newest.IsZero() {
		newest = newestVersionDate(cl)
	}
	f.Updated = newest.Format(time.RFC3339)
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, &Error{Msg: "cannot encode the Atom feed: " + err.Error(), Hint: "this is a bug in redline; please report it", Err: err}
	}
	b.WriteByte('\n')
	// The encoder replaces what XML forbids, but passes bidi overrides and
	// C1 controls, which a feed reader shows as they act: the same
	// characters are replaced here as in the other views.
	return controlsReplaced(b.Bytes()), nil
}

// tagBase returns the authority and the start of the specific part of the
// feed's tag: URIs, from the site's address when there is one, so that two
// documents published with redline never share ids.
func tagBase(opt AtomOptions) (authority, specific string) {
	for _, s := range []string{opt.SiteURL, opt.FeedURL} {
		u, err := url.Parse(s)
		if err != nil || u.Hostname() == "" {
			continue
		}
		p := strings.Trim(u.EscapedPath(), "/")
		if p != "" {
			p += ":"
		}
		return strings.ToLower(u.Hostname()), p
	}
	return "redline", ""
}

// versionTime is when a version was published: its date, else its newest
// revision.
func versionTime(v *release.Version) time.Time {
	if t, err := time.Parse(time.DateOnly, v.Date); err == nil {
		return t
	}
	var newest time.Time
	for _, e := range v.Entries {
		if e.Date.After(newest) {
			newest = e.Date
		}
	}
	return newest
}

func newestVersionDate(cl *release.Changelog) time.Time {
	var newest time.Time
	for i := range cl.Versions {
		if t := versionTime(&cl.Versions[i]); t.After(newest) {
			newest = t
		}
	}
	if newest.IsZero() {
		// A feed must say when it changed; with nothing dated at all the
		// epoch is at least the same on every run.
		newest = time.Unix(0, 0)
	}
	return newest.UTC()
}

// atomChange is a change as the feed's HTML shows it.
type atomChange struct {
	Where, Link, Op, Explanation string
	// Text is the change rendered with its marks (internal/present/redline).
	Text template.HTML
}

// atomTmpl is parsed when first used, not at start: most runs never write it.
var atomTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("atom").Parse(
		`{{define "change"}}<li>{{if .Link}}<a href="{{.Link}}">{{.Where}}</a>{{else}}{{.Where}}{{end}} ({{.Op}}){{if .Explanation}}: {{.Explanation}}{{end}}` +
			`{{if .Text}}{{.Text}}{{end}}</li>{{end}}` +
			`{{if .Note}}<p><em>{{.Note}}</em></p>{{end}}` +
			`{{if .Sub}}<h3>{{.L.substantiveChanges}}</h3><ul>{{range .Sub}}{{template "change" .}}{{end}}</ul>{{end}}` +
			`{{if .Ed}}<h3>{{.L.editorialChanges}}</h3><ul>{{range .Ed}}{{template "change" .}}{{end}}</ul>{{end}}`))
})

// atomContent is the HTML of an entry's content, escaped by html/template;
// encoding/xml then escapes it again as the element's text, which is what
// type="html" means.
func atomContent(cl *release.Changelog, v *release.Version, l *labels, lang string, sub, ed []ref) (string, error) {
	conv := func(refs []ref) []atomChange {
		var out []atomChange
		for _, r := range refs {
			where := present.SectionPath(r.ch.Section)
			if where == "" {
				where = r.doc.Path
			}
			out = append(out, atomChange{
				Where: where, Link: present.ChangeURL(r.doc, r.ch), Op: l.Op(r.ch.Op),
				Explanation: l.Explanation(r.ch), Text: redline.Change(r.ch, redline.Options{Base: r.doc.URL}),
			})
		}
		return out
	}
	data := map[string]any{
		"Note": present.Pick(v.Note, lang, cl.Languages),
		"Sub":  conv(sub),
		"Ed":   conv(ed),
		"L": map[string]string{
			"substantiveChanges": l.substantiveChanges,
			"editorialChanges":   l.editorialChanges,
		},
	}
	var b bytes.Buffer
	if err := atomTmpl().Execute(&b, data); err != nil {
		return "", &Error{Msg: "cannot write the feed's content: " + err.Error(), Hint: "this is a bug in redline; please report it", Err: err}
	}
	return b.String(), nil
}
