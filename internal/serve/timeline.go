package serve

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/langpath"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// ---- the versions timeline (/) and the list of documents (/documents) ----
//
// A history of thousands of revisions is read a page at a time. Every
// filter is a GET parameter, so that a filtered view has an address to
// paste and the form works without JavaScript:
//
//	page=   one document's path (as in /compare and /history)
//	class=  substantive (a revision with a substantive change) or editorial
//	        (editorial changes only)
//	lang=   the documents' language (ui= is the interface's)
//	since=, until=  a date (YYYY-MM-DD), a version id or a commit; both
//	        ends are included
//	q=      words, each found in a subject, a path or a change's text
//	part=   the page of the results, from 1 (as the parts of a compare)
//	sort=   /documents only: revisions or substantive, most first
//
// page= keeps the meaning it has everywhere else (a document), so the page
// of results is part=.

const (
	// DefaultPageEntries is how many revisions (or documents) one page of
	// the timeline (or of the list of documents) shows.
	DefaultPageEntries = 100
	// maxQueryLen caps q=; maxTerms, the words of it that are looked for.
	maxQueryLen = 200
	maxTerms    = 8
	// fewDocuments is how many documents the timeline lists at its top;
	// with more, it links to /documents.
	fewDocuments = 10
)

// timelineQuery is what the timeline and the list of documents are
// filtered and paged by.
type timelineQuery struct {
	Page, Class, Lang, UI string
	Since, Until, Q, Sort string
	Part                  int
}

func (q timelineQuery) values() url.Values {
	return url.Values{"page": {q.Page}, "class": {q.Class}, "lang": {q.Lang}, "ui": {q.UI},
		"since": {q.Since}, "until": {q.Until}, "q": {q.Q}, "sort": {q.Sort}, "part": {partParam(q.Part)}}
}

// filtered reports whether anything narrows the revisions shown.
func (q timelineQuery) filtered() bool {
	return q.Page != "" || q.Class != "" || q.Lang != "" || q.Since != "" || q.Until != "" || q.Q != ""
}

// parseTimelineQuery reads and checks the parameters; docs says whether
// for /documents (sort=, and no page= or class=). canonical is false when
// the address is not the view's own (empty fields of a submitted form,
// spaces around q=): the caller redirects to it.
func parseTimelineQuery(r *http.Request, docs bool) (q timelineQuery, canonical bool, err error) {
	v := r.URL.Query()
	q = timelineQuery{Lang: v.Get("lang"), UI: v.Get("ui"), Since: v.Get("since"), Until: v.Get("until"), Q: v.Get("q")}
	if docs {
		q.Sort = v.Get("sort")
	} else {
		q.Page, q.Class = v.Get("page"), v.Get("class")
	}
	checks := []error{
		checkPage(q.Page), checkChoice("class", q.Class, "substantive", "editorial"),
		checkChoice("lang", q.Lang, "nb", "en"), checkChoice("ui", q.UI, "nb", "en"),
		checkChoice("sort", q.Sort, "revisions", "substantive"),
		checkBound("since", q.Since), checkBound("until", q.Until), checkQuery(q.Q),
	}
	q.Part, err = checkPart(v.Get("part"))
	checks = append(checks, err)
	for _, err := range checks {
		if err != nil {
			return q, false, err
		}
	}
	canonical = true
	for _, vs := range v {
		for _, x := range vs {
			if x == "" {
				canonical = false
			}
		}
	}
	if t := strings.Join(strings.Fields(q.Q), " "); t != q.Q {
		q.Q, canonical = t, false
	}
	return q, canonical, nil
}

// checkBound validates since= or until= as checkRef does a revision.
func checkBound(name, v string) error {
	if v == "" {
		return nil
	}
	return checkRef(name, v)
}

// checkQuery bounds q=: its length, and no control characters.
func checkQuery(q string) error {
	hint := "search for a few words of a subject, a path or a change"
	if len(q) > maxQueryLen {
		return errorf(http.StatusBadRequest, hint, "q= is too long (%d bytes; at most %d)", len(q), maxQueryLen)
	}
	for _, r := range q {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return errorf(http.StatusBadRequest, hint, "q=%q holds a control character or invalid UTF-8", q)
		}
	}
	return nil
}

// timelineIndex is the changelog's revisions in the timeline's order, newest
// first, with where each version's revisions are in it.
type timelineIndex struct {
	cl      *release.Changelog
	entries []flatEntry
	spans   [][2]int // per version, its revisions' [start, end) in entries
}

type flatEntry struct {
	v int // the version's index in cl.Versions
	e *changes.Entry
}

func indexTimeline(cl *release.Changelog) *timelineIndex {
	x := &timelineIndex{cl: cl, spans: make([][2]int, len(cl.Versions))}
	for i := range cl.Versions {
		x.spans[i][0] = len(x.entries)
		for j := range cl.Versions[i].Entries {
			x.entries = append(x.entries, flatEntry{v: i, e: &cl.Versions[i].Entries[j]})
		}
		x.spans[i][1] = len(x.entries)
	}
	return x
}

// entryPred is one end of a range: whether the revision at index i is
// inside it.
type entryPred func(i int, e *changes.Entry) bool

// bound resolves since= (from) or until= to a predicate: a date compares
// with each revision's day (the committer's own), so a history whose
// dates go back and forth is still cut by date; a version or a commit by
// position in the timeline.
func (x *timelineIndex) bound(name, v string, from bool) (entryPred, error) {
	if v == "" {
		return nil, nil
	}
	if looksLikeDate(v) {
		if d, err := time.Parse(time.DateOnly, v); err != nil || d.Format(time.DateOnly) != v {
			return nil, errorf(http.StatusBadRequest, "write dates as YYYY-MM-DD", "%s=%q is not a date", name, v)
		}
		if from {
			return func(_ int, e *changes.Entry) bool { return e.Date.Format(time.DateOnly) >= v }, nil
		}
		return func(_ int, e *changes.Entry) bool { return e.Date.Format(time.DateOnly) <= v }, nil
	}
	for _, id := range []string{v, strings.TrimPrefix(v, "v")} {
		for k := range x.cl.Versions {
			if x.cl.Versions[k].ID != id {
				continue
			}
			// Newest first: from a version is up to its oldest revision;
			// until a version, from its newest.
			span := x.spans[k]
			if from {
				return func(i int, _ *changes.Entry) bool { return i < span[1] }, nil
			}
			return func(i int, _ *changes.Entry) bool { return i >= span[0] }, nil
		}
	}
	if len(v) >= 4 && isHex(v) {
		h := strings.ToLower(v)
		for at, fe := range x.entries {
			if strings.HasPrefix(fe.e.Commit, h) {
				if from {
					return func(i int, _ *changes.Entry) bool { return i <= at }, nil
				}
				return func(i int, _ *changes.Entry) bool { return i >= at }, nil
			}
		}
	}
	return nil, errorf(http.StatusBadRequest, "give a date as YYYY-MM-DD, a version id from the timeline or the hash of a revision in it",
		"%s=%q is no date, version or revision of the timeline", name, v)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// entryFilter keeps the revisions a timelineQuery asks for.
type entryFilter struct {
	page, lang, class string
	terms             []string // lower case
	since, until      entryPred
}

func newEntryFilter(x *timelineIndex, q timelineQuery) (*entryFilter, error) {
	f := &entryFilter{page: q.Page, lang: q.Lang, class: q.Class, terms: searchTerms(q.Q)}
	var err error
	if f.since, err = x.bound("since", q.Since, true); err != nil {
		return nil, err
	}
	if f.until, err = x.bound("until", q.Until, false); err != nil {
		return nil, err
	}
	return f, nil
}

// searchTerms are q='s words, lower case, at most maxTerms.
func searchTerms(q string) []string {
	terms := strings.Fields(strings.ToLower(q))
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	return terms
}

// docLang is a document's language, from the diff or its path.
func docLang(d *classify.DocumentDiff) string {
	if d.Lang != "" {
		return d.Lang
	}
	return langpath.Lang(d.Path)
}

// docOK reports whether a document of a revision passes the document and
// language filters. A document in no language passes any language, as in
// a compare.
func (f *entryFilter) docOK(d *classify.DocumentDiff) bool {
	if f.page != "" && d.Path != f.page && d.OldPath != f.page {
		return false
	}
	dl := docLang(d)
	return f.lang == "" || dl == "" || dl == f.lang
}

// match reports whether the revision at index i is kept. With a document
// or language filter, its class and the text searched are those of the
// documents kept.
func (f *entryFilter) match(i int, e *changes.Entry) bool {
	if f.since != nil && !f.since(i, e) || f.until != nil && !f.until(i, e) {
		return false
	}
	restricted := f.page != "" || f.lang != ""
	class := e.Class
	if restricted {
		class = classify.None
		kept := false
		for k := range e.Documents {
			if d := &e.Documents[k]; f.docOK(d) {
				kept = true
				class = classify.Max(class, d.Class)
			}
		}
		if !kept {
			return false
		}
	}
	if f.class != "" && string(class) != f.class {
		return false
	}
	for _, t := range f.terms {
		if !f.found(t, e, restricted) {
			return false
		}
	}
	return true
}

// found reports whether term occurs in the revision's subject, its commit
// (as a prefix), or the paths and changed text of its documents.
func (f *entryFilter) found(term string, e *changes.Entry, restricted bool) bool {
	if containsFold(e.Subject, term) || len(term) >= 4 && strings.HasPrefix(e.Commit, term) {
		return true
	}
	for k := range e.Documents {
		d := &e.Documents[k]
		if restricted && !f.docOK(d) {
			continue
		}
		if containsFold(d.Path, term) || containsFold(d.OldPath, term) {
			return true
		}
	}
	for k := range e.Documents {
		d := &e.Documents[k]
		if restricted && !f.docOK(d) {
			continue
		}
		for c := range d.Changes {
			for _, side := range []*classify.Side{d.Changes[c].Old, d.Changes[c].New} {
				if side != nil && containsFold(side.Text, term) {
					return true
				}
			}
		}
	}
	return false
}

// containsFold reports whether sub, in lower case, occurs in s in any
// case. It looks for the first letter's forms and compares from there, so
// that searching the text of thousands of changes copies none of it.
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	first, _ := utf8.DecodeRuneInString(sub)
	forms := string(first)
	for r := unicode.SimpleFold(first); r != first; r = unicode.SimpleFold(r) {
		forms += string(r)
	}
	for s != "" {
		j := strings.IndexAny(s, forms)
		if j < 0 {
			return false
		}
		s = s[j:]
		if hasPrefixFold(s, sub) {
			return true
		}
		_, n := utf8.DecodeRuneInString(s)
		s = s[n:]
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	for prefix != "" {
		if s == "" {
			return false
		}
		a, n := utf8.DecodeRuneInString(s)
		b, m := utf8.DecodeRuneInString(prefix)
		if a != b && unicode.ToLower(a) != b && unicode.ToLower(unicode.ToUpper(a)) != b {
			return false
		}
		s, prefix = s[n:], prefix[m:]
	}
	return true
}

// ---- the page ----

type timelinePage struct {
	L         *labels
	Title     string
	Keys      string
	Q         timelineQuery
	Lang, UI  string // the document filter and the interface language asked for
	LangLinks []navLink
	UILinks   []navLink
	Versions  []versionView
	Refs      []string // version ids, for the compare and filter forms
	FromValue string
	ToValue   string
	// The documents: listed at the top when few; else counted, with a
	// link to /documents. DocOptions fill the filter's choice of document.
	Documents    []docLink
	DocCount     string
	DocumentsURL string
	DocOptions   []string
	// What is shown: how many revisions match of all, the filters in use
	// (each with a link that drops it), the pages.
	Matching string
	Filters  []filterChip
	ClearURL string
	Empty    bool
	Pager    pager
	// Options of the filter form, open when in use or the list is long.
	ClassOptions, LangOptions []option
	FilterOpen                bool
}

type versionView struct {
	ID, Anchor, Title         string
	URL                       string // the timeline of this version alone
	Date, DateText            string // ISO, and as the reader writes it
	Class, ClassLabel         string
	Counts                    release.Counts
	Historical, Reconstructed bool
	Continued                 bool // its newer revisions are on the page before
	Note, Summary             string
	CompareURL                string
	Entries                   []entryView
}

type entryView struct {
	Commit, Short, Subject string
	Date, DateText         string
	Class, ClassLabel      string
	Documents              int
	Paths                  []navLink // the documents, each to the timeline of it
	MorePaths              string    // "and 3 more"
	Substantive, Editorial int
	CompareURL             string
}

type docLink struct {
	Path, Lang, HistoryURL, TimelineURL string
}

type navLink struct {
	Label, URL string
	Current    bool
	Gap        bool // links are left out before this one (a list of pages)
}

type filterChip struct {
	Name, Value, RemoveURL string
}

type option struct {
	Value, Label string
	Selected     bool
}

// pager is the way through a long list: "Page 3 of 49: revisions
// 201–300", links to the first, last and nearby pages, previous and next.
type pager struct {
	Pages                int
	Summary              string
	Links                []navLink
	Prev, Next           string
	PrevLabel, NextLabel string
}

// newPager pages n items, size a page, at page part (from 1); at makes a
// page's address. It fails when part is past the last page.
func newPager(l *labels, n, size, part int, rng [2]string, at func(k int) string) (pager, int, int, error) {
	pages := max(1, (n+size-1)/size)
	if part > pages {
		return pager{}, 0, 0, errorf(http.StatusNotFound, "start from the first page: leave part= out",
			"there is no page %d: there are %d", part, pages)
	}
	lo, hi := (part-1)*size, min(part*size, n)
	p := pager{Pages: pages, PrevLabel: l.PrevPage, NextLabel: l.NextPage}
	if pages > 1 {
		p.Summary = l.PageSummary(part, pages, lo+1, hi, rng)
		p.Links, p.Prev, p.Next = pageLinks(part, pages, at)
	}
	return p, lo, hi, nil
}

// pageLinks are the links to the pages of a long list: the first, the
// last and those near the current one, so that the list stays short
// however many pages there are.
func pageLinks(part, parts int, at func(k int) string) (links []navLink, prev, next string) {
	last := 0
	for k := 1; k <= parts; k++ {
		if k == 1 || k == parts || k >= part-3 && k <= part+3 {
			links = append(links, navLink{Label: strconv.Itoa(k), URL: at(k), Current: k == part, Gap: k > last+1})
			last = k
		}
	}
	if part > 1 {
		prev = at(part - 1)
	}
	if part < parts {
		next = at(part + 1)
	}
	return links, prev, next
}

func (s *server) timeline(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, canonical, err := parseTimelineQuery(r, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !canonical {
		http.Redirect(w, r, pageURL("/", q.values(), ""), http.StatusSeeOther)
		return
	}
	lang, ui := q.Lang, q.UI
	l := labelsFor(interfaceLang(ui, lang))
	cl, paths, x, err := s.timelineData(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := newEntryFilter(x, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	done, ok := s.renderSlot(w, r)
	if !ok {
		return
	}
	defer done()
	p := timelinePage{L: l, Q: q, Title: present.Pick(cl.Title, l.Lang, cl.Languages), Lang: lang, UI: ui, Keys: l.KeysFor(l.KeyRevision)}
	if p.Title == "" {
		p.Title = l.Timeline
	}
	// The language switches keep the other filters and go back to the
	// first page: another language matches other revisions.
	first := q
	first.Part = 0
	langs := docLangs(cl.Languages, lang)
	p.LangLinks, p.UILinks = langLinks(l, "/", first.values(), lang, ui, langs)
	p.UILinks = withPart(p.UILinks, q.Part) // the interface shows the same page

	var matches []int
	for i, fe := range x.entries {
		if f.match(i, fe.e) {
			matches = append(matches, i)
		}
	}
	at := func(k int) string { v := q; v.Part = k; return pageURL("/", v.values(), "") }
	var lo, hi int
	p.Pager, lo, hi, err = newPager(l, len(matches), s.opt.PageEntries, q.Part, l.RevisionRange, at)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	onPage := matches[lo:hi]

	comparable := func(v *release.Version) bool { return v.Revision != "" || len(v.Entries) > 0 }
	anchors := present.VersionAnchors(cl)
	for i := range cl.Versions {
		if comparable(&cl.Versions[i]) {
			p.Refs = append(p.Refs, cl.Versions[i].ID)
		}
	}
	if len(p.Refs) >= 2 {
		p.FromValue, p.ToValue = p.Refs[1], p.Refs[0]
	}
	firstMatch := map[int]int{} // version -> index of its first matching revision
	// Under a filter, a version's heading counts the changes of its
	// matching revisions (on every page), not the whole version's: the
	// counts read as those of the list beneath.
	matched := map[int]release.Counts{}
	for _, i := range matches {
		vi := x.entries[i].v
		if _, ok := firstMatch[vi]; !ok {
			firstMatch[vi] = i
		}
		if q.filtered() {
			n, m := matched[vi], entryCounts(x.entries[i].e)
			matched[vi] = release.Counts{Substantive: n.Substantive + m.Substantive, Editorial: n.Editorial + m.Editorial}
		}
	}
	k := 0 // next of onPage
	for vi := range cl.Versions {
		v := &cl.Versions[vi]
		var mine []int
		for k < len(onPage) && x.entries[onPage[k]].v == vi {
			mine = append(mine, onPage[k])
			k++
		}
		if len(mine) == 0 {
			// A version without revisions (one from before version
			// control, or none in the documents' language) stands where
			// it falls in the timeline; a filter that picks revisions
			// leaves it out.
			if q.Page != "" || q.Class != "" || q.Q != "" || q.Since != "" || q.Until != "" {
				continue
			}
			at, _ := slices.BinarySearch(matches, x.spans[vi][0])
			if min(at/s.opt.PageEntries, p.Pager.Pages-1) != q.Part-1 {
				continue
			}
		}
		vv := versionView{
			ID: v.ID, Anchor: anchors[v.ID], Title: present.Pick(v.Title, l.Lang, cl.Languages),
			Date: v.Date, DateText: l.Date(v.Date),
			Class: classOf(v.Class), ClassLabel: l.Class(v.Class), Counts: v.Counts,
			Historical: v.Historical, Reconstructed: v.Reconstructed,
			Note: present.Pick(v.Note, l.Lang, cl.Languages), Summary: present.Pick(v.Summary, l.Lang, cl.Languages),
			Continued: len(mine) > 0 && firstMatch[vi] < mine[0],
		}
		if q.filtered() {
			vv.Counts = matched[vi]
		}
		only := timelineQuery{Lang: lang, UI: ui, Since: v.ID, Until: v.ID}
		vv.URL = pageURL("/", only.values(), vv.Anchor)
		// A historical version predates version control: it has no class
		// (and is no "no change"); it says so instead.
		if v.Historical && vv.Class == "none" {
			vv.Class, vv.ClassLabel = "historical", l.Historic
		}
		// The id is what reviewers type into a compare: it leads the heading
		// (the unreleased version is named as on the published pages).
		if vv.Title == "" {
			vv.Title = l.VersionTitle(v.ID)
		} else if v.ID != release.UnreleasedID {
			vv.Title = l.VersionTitle(v.ID) + ": " + vv.Title
		}
		if comparable(v) {
			for j := vi + 1; j < len(cl.Versions); j++ {
				if comparable(&cl.Versions[j]) {
					vv.CompareURL = pageURL("/compare", url.Values{"from": {cl.Versions[j].ID}, "to": {v.ID}, "lang": {lang}, "ui": {ui}}, "")
					break
				}
			}
		}
		for _, i := range mine {
			vv.Entries = append(vv.Entries, entryViewOf(l, x.entries[i].e, q))
		}
		p.Versions = append(p.Versions, vv)
	}

	p.FilterOpen = q.filtered() || p.Pager.Pages > 1
	p.Matching = l.Matching(len(matches), len(x.entries), q.filtered())
	p.Empty = len(matches) == 0 && len(x.entries) > 0
	p.Filters = filterChips(l, q, "/")
	if len(p.Filters) > 0 {
		p.ClearURL = pageURL("/", url.Values{"ui": {ui}}, "")
	}

	// The documents: those at HEAD, and those the history names.
	all := map[string]bool{}
	for _, path := range paths {
		all[path] = true
	}
	for _, fe := range x.entries {
		for k := range fe.e.Documents {
			all[fe.e.Documents[k].Path] = true
		}
	}
	atHead := map[string]bool{}
	for _, path := range paths {
		atHead[path] = true
	}
	var shown []string
	for path := range all {
		if dl := langpath.Lang(path); lang == "" || dl == "" || dl == lang || path == q.Page {
			shown = append(shown, path)
		}
	}
	slices.Sort(shown)
	p.DocOptions = shown
	p.DocCount = l.DocumentCount(len(shown))
	p.DocumentsURL = pageURL("/documents", url.Values{"lang": {lang}, "ui": {ui}}, "")
	if len(shown) <= fewDocuments {
		for _, path := range shown {
			dl := docLink{Path: path, Lang: langpath.Lang(path),
				TimelineURL: pageURL("/", timelineQuery{Page: path, Lang: lang, UI: ui}.values(), "")}
			if atHead[path] {
				dl.HistoryURL = pageURL("/history", url.Values{"page": {path}, "lang": {lang}, "ui": {ui}}, "")
			}
			p.Documents = append(p.Documents, dl)
		}
	}
	p.ClassOptions = []option{
		{"", l.AnyClass, q.Class == ""},
		{"substantive", l.WithSubstantive, q.Class == "substantive"},
		{"editorial", l.EditorialOnly, q.Class == "editorial"},
	}
	p.LangOptions = langOptions(l, langs, lang)
	s.render(w, r, http.StatusOK, "timeline.html", p)
}

func entryViewOf(l *labels, e *changes.Entry, q timelineQuery) entryView {
	ev := entryView{
		Commit: e.Commit, Short: present.ShortHash(e.Commit), Subject: e.Subject,
		Date: e.Date.Format(time.DateOnly), DateText: l.Day(e.Date),
		Class: classOf(e.Class), ClassLabel: l.Class(e.Class), Documents: len(e.Documents),
	}
	n := entryCounts(e)
	ev.Substantive, ev.Editorial = n.Substantive, n.Editorial
	for k := range e.Documents {
		d := &e.Documents[k]
		if k < 3 {
			only := timelineQuery{Page: d.Path, Lang: q.Lang, UI: q.UI}
			ev.Paths = append(ev.Paths, navLink{Label: d.Path, URL: pageURL("/", only.values(), ""), Current: d.Path == q.Page})
		}
	}
	if n := len(e.Documents) - len(ev.Paths); n > 0 {
		ev.MorePaths = l.MoreDocuments(n)
	}
	if len(e.Parents) > 0 {
		ev.CompareURL = pageURL("/compare", url.Values{"from": {e.Parents[0]}, "to": {e.Commit}, "lang": {q.Lang}, "ui": {q.UI}}, "")
	}
	return ev
}

// timelineData is what the timeline and the documents list are made from: the
// changelog, the documents at HEAD and the changelog's revisions indexed.
func (s *server) timelineData(ctx context.Context) (*release.Changelog, []string, *timelineIndex, error) {
	cl, err := s.b.Changelog(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	head, _, err := s.b.Resolve(ctx, "HEAD")
	if err != nil {
		return nil, nil, nil, err
	}
	paths, err := s.b.Documents(ctx, head)
	if err != nil {
		return nil, nil, nil, err
	}
	return cl, paths, indexTimeline(cl), nil
}

// entryCounts counts a revision's changes by class.
func entryCounts(e *changes.Entry) release.Counts {
	var n release.Counts
	for k := range e.Documents {
		for _, c := range e.Documents[k].Changes {
			switch c.Class {
			case classify.Substantive:
				n.Substantive++
			case classify.Editorial:
				n.Editorial++
			}
		}
	}
	return n
}

// filterChips are the filters in use, each with the address of the same
// view without it (from its first page).
func filterChips(l *labels, q timelineQuery, path string) []filterChip {
	var out []filterChip
	add := func(name, value string, drop func(*timelineQuery)) {
		v := q
		v.Part = 0
		drop(&v)
		out = append(out, filterChip{Name: name, Value: value, RemoveURL: pageURL(path, v.values(), "")})
	}
	if q.Page != "" {
		add(l.Document, q.Page, func(v *timelineQuery) { v.Page = "" })
	}
	switch q.Class {
	case "substantive":
		add(l.ChangeKind, l.WithSubstantive, func(v *timelineQuery) { v.Class = "" })
	case "editorial":
		add(l.ChangeKind, l.EditorialOnly, func(v *timelineQuery) { v.Class = "" })
	}
	switch q.Lang {
	case "nb":
		add(l.DocumentLanguage, l.NorwegianDocuments, func(v *timelineQuery) { v.Lang = "" })
	case "en":
		add(l.DocumentLanguage, l.EnglishDocuments, func(v *timelineQuery) { v.Lang = "" })
	}
	if q.Since != "" {
		add(l.Since, q.Since, func(v *timelineQuery) { v.Since = "" })
	}
	if q.Until != "" {
		add(l.Until, q.Until, func(v *timelineQuery) { v.Until = "" })
	}
	if q.Q != "" {
		add(l.Search, q.Q, func(v *timelineQuery) { v.Q = "" })
	}
	return out
}

// withPart puts part= on links that show the same list otherwise.
func withPart(links []navLink, part int) []navLink {
	if part <= 1 {
		return links
	}
	out := slices.Clone(links)
	for i := range out {
		u, err := url.Parse(out[i].URL)
		if err != nil {
			continue
		}
		v := u.Query()
		v.Set("part", strconv.Itoa(part))
		out[i].URL = pageURL(u.Path, v, "")
	}
	return out
}

// ---- the documents with their counts: /documents ----

type documentsPage struct {
	L         *labels
	Title     string
	Keys      string
	Q         timelineQuery
	Lang, UI  string
	LangLinks []navLink
	UILinks   []navLink
	Refs      []string
	Rows      []docRow
	Matching  string
	Filters   []filterChip
	ClearURL  string
	Empty     bool
	Pager     pager
	// Column headings that sort, and the form's choices.
	SortLinks   []navLink
	SortOptions []option
	LangOptions []option
	TimelineURL string
	HasLang     bool // a document has a language: the column is shown
}

type docRow struct {
	Path, Lang                        string
	Revisions, Substantive, Editorial int
	LastDate, LastDateText            string
	TimelineURL, HistoryURL           string
	SubstantiveURL                    string
	Removed                           bool // not a document at HEAD
}

func (s *server) documents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, canonical, err := parseTimelineQuery(r, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !canonical {
		http.Redirect(w, r, pageURL("/documents", q.values(), ""), http.StatusSeeOther)
		return
	}
	l := labelsFor(interfaceLang(q.UI, q.Lang))
	cl, paths, x, err := s.timelineData(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The counts cover the revisions in the range; the language and the
	// words choose documents, not revisions.
	f, err := newEntryFilter(x, timelineQuery{Since: q.Since, Until: q.Until})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	done, ok := s.renderSlot(w, r)
	if !ok {
		return
	}
	defer done()
	p := documentsPage{L: l, Q: q, Title: l.DocumentsTitle, Lang: q.Lang, UI: q.UI, Keys: l.KeysFor(l.KeyDocument)}
	first := q
	first.Part = 0
	langs := docLangs(cl.Languages, q.Lang)
	p.LangLinks, p.UILinks = langLinks(l, "/documents", first.values(), q.Lang, q.UI, langs)
	p.UILinks = withPart(p.UILinks, q.Part)
	p.TimelineURL = pageURL("/", url.Values{"lang": {q.Lang}, "ui": {q.UI}}, "")
	for i := range cl.Versions {
		if v := &cl.Versions[i]; v.Revision != "" || len(v.Entries) > 0 {
			p.Refs = append(p.Refs, v.ID)
		}
	}

	rows := map[string]*docRow{}
	row := func(path string) *docRow {
		if d := rows[path]; d != nil {
			return d
		}
		d := &docRow{Path: path, Lang: langpath.Lang(path), Removed: true}
		rows[path] = d
		return d
	}
	for _, path := range paths {
		row(path).Removed = false
	}
	for i, fe := range x.entries {
		if !f.match(i, fe.e) {
			continue
		}
		for k := range fe.e.Documents {
			d := &fe.e.Documents[k]
			dr := row(d.Path)
			if dl := docLang(d); dl != "" {
				dr.Lang = dl
			}
			dr.Revisions++
			for _, c := range d.Changes {
				switch c.Class {
				case classify.Substantive:
					dr.Substantive++
				case classify.Editorial:
					dr.Editorial++
				}
			}
			if day := fe.e.Date.Format(time.DateOnly); day > dr.LastDate {
				dr.LastDate, dr.LastDateText = day, l.Day(fe.e.Date)
			}
		}
	}
	terms := searchTerms(q.Q)
	var list []*docRow
	total := 0
	for _, dr := range rows {
		if q.Lang != "" && dr.Lang != "" && dr.Lang != q.Lang {
			continue
		}
		total++
		ok := true
		for _, t := range terms {
			ok = ok && containsFold(dr.Path, t)
		}
		if ok {
			list = append(list, dr)
			p.HasLang = p.HasLang || dr.Lang != ""
		}
	}
	slices.SortFunc(list, func(a, b *docRow) int {
		switch q.Sort {
		case "revisions":
			if a.Revisions != b.Revisions {
				return b.Revisions - a.Revisions
			}
		case "substantive":
			if a.Substantive != b.Substantive {
				return b.Substantive - a.Substantive
			}
		}
		return strings.Compare(a.Path, b.Path)
	})
	at := func(k int) string { v := q; v.Part = k; return pageURL("/documents", v.values(), "") }
	var lo, hi int
	p.Pager, lo, hi, err = newPager(l, len(list), s.opt.PageEntries, q.Part, l.DocumentRange, at)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, dr := range list[lo:hi] {
		d := *dr
		tq := timelineQuery{Page: d.Path, Lang: q.Lang, UI: q.UI, Since: q.Since, Until: q.Until}
		d.TimelineURL = pageURL("/", tq.values(), "")
		tq.Class = "substantive"
		d.SubstantiveURL = pageURL("/", tq.values(), "")
		if !d.Removed {
			d.HistoryURL = pageURL("/history", url.Values{"page": {d.Path}, "lang": {q.Lang}, "ui": {q.UI}}, "")
		}
		p.Rows = append(p.Rows, d)
	}
	// Lang is the documents' language here, not a filter of revisions:
	// the count says how many documents of all.
	p.Matching = l.MatchingDocuments(len(list), total, q.Q != "" || q.Since != "" || q.Until != "")
	p.Empty = len(list) == 0 && total > 0
	p.Filters = filterChips(l, q, "/documents")
	if len(p.Filters) > 0 {
		p.ClearURL = pageURL("/documents", url.Values{"ui": {q.UI}, "sort": {q.Sort}}, "")
	}
	for _, c := range []struct{ val, name string }{{"", l.Document}, {"revisions", l.Revisions}, {"substantive", l.SubstantiveChanges}} {
		v := q
		v.Part, v.Sort = 0, c.val
		p.SortLinks = append(p.SortLinks, navLink{Label: c.name, URL: pageURL("/documents", v.values(), ""), Current: q.Sort == c.val})
		p.SortOptions = append(p.SortOptions, option{c.val, c.name, q.Sort == c.val})
	}
	p.LangOptions = langOptions(l, langs, q.Lang)
	s.render(w, r, http.StatusOK, "documents.html", p)
}
