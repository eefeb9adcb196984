package serve

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/langpath"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/present/redline"
)

// ---- the redline: /compare ----

type compareParams struct {
	From, To, Page, Filter, View, Lang string
	Q                                  string // words each change shown has in its page's path, section or text
	UI                                 string // the interface language, when not that of Lang
	Part                               string // "" for the first part
}

func (p compareParams) values() url.Values {
	return url.Values{"from": {p.From}, "to": {p.To}, "page": {p.Page}, "filter": {p.Filter}, "view": {p.View}, "lang": {p.Lang}, "ui": {p.UI}, "part": {p.Part}, "q": {p.Q}}
}

type comparePage struct {
	L                  *labels
	Title              string
	Keys               string
	P                  compareParams
	FromLabel, ToLabel string
	FromHash, ToHash   string
	URL, PinnedURL     string
	FilterLinks        []navLink
	ViewLinks          []navLink
	LangLinks          []navLink
	UILinks            []navLink
	PageOptions        []string
	Side               bool
	Documents          []docView
	Substantive        int
	Editorial          int
	HiddenEditorial    int
	SubstantiveFirst   bool // both kinds shown: say the substantive ones lead
	Class, ClassLabel  string
	// A compare of more than PageChanges changes is split into parts.
	Parts                    int
	PartSummary              string
	PartLinks                []navLink
	PrevPartURL, NextPartURL string
	// Contents are the part's documents, each with the number of its
	// changes here; the search, if any, is shown with a way to drop it.
	Contents []navLink
	Matching string // empty: the counts in the heading say how many match
	Filters  []filterChip
	ClearURL string
}

type docView struct {
	ID, Path, OldPath, Lang    string
	Continued, ContinuesNext   bool // its changes began in the part before; go on in the next
	Status, StatusLabel        string
	Class, ClassLabel          string
	PublicURL, HistoryURL, URL string
	Notes                      []string
	Changes                    []changeView
	Hidden                     int
}

type changeView struct {
	ID                 string
	Op                 string
	Class, ClassLabel  string
	Reasons, Topics    []word
	Explanation        string
	Section            string
	Anchor             string
	PublicURL          string
	Override           string // who set the class by hand, and why
	OldLines, NewLines string
	// Significance grades a substantive change ("0.90"); Proofs say what
	// backs an editorial one.
	Significance string
	Proofs       []classify.Proof
	// Text is the change rendered as the page shows it, insertions and
	// deletions marked (inline view); Old and New are the two sides
	// (side-by-side view). Only internal/present/redline makes them.
	Text, Old, New template.HTML
	Permalink      string
}

// compareResult is what the cache keeps for a pair of revisions: the diff
// and the documents tracked on either side.
type compareResult struct {
	diff  classify.Diff
	paths []string
}

func (s *server) compare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	p := compareParams{From: q.Get("from"), To: q.Get("to"), Page: q.Get("page"), Filter: q.Get("filter"), View: q.Get("view"), Lang: q.Get("lang"), UI: q.Get("ui"), Part: q.Get("part"),
		Q: strings.Join(strings.Fields(q.Get("q")), " ")}
	part, perr := checkPart(p.Part)
	for _, err := range []error{
		checkRef("from", p.From), checkRef("to", p.To), checkPage(p.Page),
		checkChoice("filter", p.Filter, "all", "substantive"),
		checkChoice("view", p.View, "inline", "side"),
		checkChoice("lang", p.Lang, "nb", "en"), checkChoice("ui", p.UI, "nb", "en"), perr, checkQuery(q.Get("q")),
	} {
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if p.Filter == "all" {
		p.Filter = "" // one URL per view
	}
	if p.View == "inline" {
		p.View = ""
	}
	p.Part = partParam(part)
	fromHash, fromLabel, err := s.b.Resolve(ctx, p.From)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	toHash, toLabel, err := s.b.Resolve(ctx, p.To)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.compareCached(ctx, p, fromHash, toHash)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Page != "" && !slices.Contains(res.paths, p.Page) {
		s.fail(w, r, errorf(http.StatusNotFound, "pick a page from the list, or leave page= out for all pages",
			"page %q is not a tracked document at %s or %s", p.Page, p.From, p.To))
		return
	}
	done, ok := s.renderSlot(w, r)
	if !ok {
		return
	}
	defer done()
	pg, err := s.comparePage(p, part, res, fromHash, fromLabel, toHash, toLabel)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "compare.html", pg)
}

// shownDoc is a document of the diff that the page's filters keep, with
// the number of its changes shown and hidden.
type shownDoc struct {
	d             *classify.DocumentDiff
	lang          string
	changes       []*classify.Change // substantive first, else in document order
	shown, hidden int
}

// substantiveFirst orders a document's changes as a reviewer reads them:
// the substantive ones first, each group in document order. The cached
// diff is left as it is.
func substantiveFirst(cs []classify.Change) []*classify.Change {
	out := make([]*classify.Change, 0, len(cs))
	for i := range cs {
		if cs[i].Class == classify.Substantive {
			out = append(out, &cs[i])
		}
	}
	for i := range cs {
		if cs[i].Class != classify.Substantive {
			out = append(out, &cs[i])
		}
	}
	return out
}

// hasSubstance reports whether a document has a substantive change, or is
// substantive as a whole (added, deleted).
func hasSubstance(sd shownDoc) bool {
	return sd.d.Class == classify.Substantive || len(sd.changes) > 0 && sd.changes[0].Class == classify.Substantive
}

// comparePage builds the view of one part of a compare. Counts cover the
// whole compare; views are built only for the part's changes, so a page's
// memory is bounded by PageChanges, not by the size of the compare.
func (s *server) comparePage(p compareParams, part int, res *compareResult, fromHash, fromLabel, toHash, toLabel string) (*comparePage, error) {
	l := labelsFor(interfaceLang(p.UI, p.Lang))
	pg := &comparePage{
		L: l, P: p, FromLabel: l.ref(fromLabel), ToLabel: l.ref(toLabel), FromHash: fromHash, ToHash: toHash,
		Side: p.View == "side", PageOptions: res.paths, Keys: l.KeysFor(l.KeyChange),
	}
	pg.Title = l.Compare + " " + fromLabel + " → " + toLabel
	pg.URL = pageURL("/compare", p.values(), "")
	pinned := p
	pinned.From, pinned.To = fromHash, toHash
	pg.PinnedURL = pageURL("/compare", pinned.values(), "")
	// Another filter or language numbers the changes anew: back to the
	// first part. The view shows the same changes: same part.
	first := p
	first.Part = ""
	pg.FilterLinks = switchLinks(first.values(), "filter", p.Filter, []string{"", "substantive"}, []string{l.AllChanges, l.SubstantiveOnly})
	pg.ViewLinks = switchLinks(p.values(), "view", p.View, []string{"", "side"}, []string{l.Inline, l.SideBySide})
	var have []string
	for i := range res.diff.Documents {
		d := &res.diff.Documents[i]
		have = append(have, d.Lang, langpath.Lang(d.Path))
	}
	pg.LangLinks, pg.UILinks = langLinks(l, "/compare", first.values(), p.Lang, p.UI, docLangs(have, p.Lang))
	terms := searchTerms(p.Q)
	if p.Q != "" {
		all := first
		all.Q = ""
		pg.Filters = []filterChip{{Name: l.Search, Value: p.Q, RemoveURL: pageURL("/compare", all.values(), "")}}
		pg.ClearURL = pg.Filters[0].RemoveURL
	}

	var docs []shownDoc
	total := 0
	class := classify.None
	for i := range res.diff.Documents {
		d := &res.diff.Documents[i]
		if p.Page != "" && d.Path != p.Page && d.OldPath != p.Page {
			continue
		}
		dl := d.Lang
		if dl == "" {
			dl = langpath.Lang(d.Path)
		}
		if p.Lang != "" && dl != "" && dl != p.Lang {
			continue
		}
		sd := shownDoc{d: d, lang: dl, changes: substantiveFirst(d.Changes)}
		if len(terms) > 0 {
			sd.changes = slices.DeleteFunc(sd.changes, func(c *classify.Change) bool { return !changeHas(d, c, terms) })
			if len(sd.changes) == 0 {
				continue
			}
		}
		for _, c := range sd.changes {
			switch c.Class {
			case classify.Substantive:
				pg.Substantive++
			case classify.Editorial:
				pg.Editorial++
			}
			if p.Filter == "substantive" && c.Class != classify.Substantive {
				sd.hidden++
			} else {
				sd.shown++
			}
		}
		pg.HiddenEditorial += sd.hidden
		if p.Filter == "substantive" && sd.shown == 0 && d.Status == "modified" {
			continue // nothing left to show of this page
		}
		class = classify.Max(class, d.Class)
		docs = append(docs, sd)
		total += sd.shown
	}
	// Documents with a substantive change come first, each group in the
	// diff's order.
	slices.SortStableFunc(docs, func(a, b shownDoc) int {
		switch ha, hb := hasSubstance(a), hasSubstance(b); {
		case ha && !hb:
			return -1
		case hb && !ha:
			return 1
		}
		return 0
	})
	pg.SubstantiveFirst = pg.Substantive > 0 && pg.Editorial > pg.HiddenEditorial
	pg.Class, pg.ClassLabel = classOf(class), l.Class(class)

	n := s.opt.PageChanges
	pg.Parts = max(1, (total+n-1)/n)
	if part > pg.Parts {
		return nil, errorf(http.StatusNotFound, "start from the first part: leave part= out",
			"there is no part %d: this comparison has %d", part, pg.Parts)
	}
	lo, hi := (part-1)*n, part*n
	if pg.Parts > 1 {
		pg.PartSummary = fmt.Sprintf(l.PartOf, l.Num(part), l.Num(pg.Parts), l.Num(lo+1), l.Num(min(hi, total)), l.Num(total))
		pg.PartLinks, pg.PrevPartURL, pg.NextPartURL = partLinks(p, part, pg.Parts)
		pg.Title += " (" + fmt.Sprintf(l.PartN, l.Num(part), l.Num(pg.Parts)) + ")"
	}

	ids := map[string]bool{}
	at := 0 // index of the document's first shown change in the compare
	for _, sd := range docs {
		start := at
		at += sd.shown
		if sd.shown == 0 {
			// A page without a change to show (renamed, or emptied) goes
			// with the part of the change that follows it.
			if min(start/n, pg.Parts-1) != part-1 {
				continue
			}
		} else if at <= lo || start >= hi {
			continue
		}
		d := sd.d
		dv := docView{
			ID: uniqueID(ids, "page-"+slug(d.Path)), Path: d.Path, OldPath: d.OldPath, Lang: sd.lang,
			Status: d.Status, StatusLabel: l.DocStatus(d.Status), Class: classOf(d.Class), ClassLabel: l.Class(d.Class),
			PublicURL: present.SafeURL(d.URL), Notes: d.Notes, Hidden: sd.hidden,
			Continued: sd.shown > 0 && start < lo, ContinuesNext: at > hi,
		}
		page := first
		page.Page = d.Path
		dv.URL = pageURL("/compare", page.values(), "")
		dv.HistoryURL = pageURL("/history", url.Values{"page": {d.Path}, "at": {p.To}, "lang": {p.Lang}, "ui": {p.UI}}, "")
		k := start
		for _, c := range sd.changes {
			if p.Filter == "substantive" && c.Class != classify.Substantive {
				continue
			}
			if k >= lo && k < hi {
				dv.Changes = append(dv.Changes, s.changeView(l, ids, pg.URL, pg.Side, d, *c))
			}
			k++
		}
		pg.Documents = append(pg.Documents, dv)
		label := d.Path
		if len(dv.Changes) > 0 {
			label += " (" + l.ChangeCount(len(dv.Changes)) + ")"
		}
		pg.Contents = append(pg.Contents, navLink{Label: label, URL: "#" + dv.ID})
	}
	return pg, nil
}

// changeHas reports whether every term is in the change's page path, its
// section or its text, in any case.
func changeHas(d *classify.DocumentDiff, c *classify.Change, terms []string) bool {
	for _, t := range terms {
		found := containsFold(d.Path, t) || containsFold(d.OldPath, t)
		for _, sec := range c.Section {
			found = found || containsFold(sec, t)
		}
		for _, side := range []*classify.Side{c.Old, c.New} {
			found = found || side != nil && containsFold(side.Text, t)
		}
		if !found {
			return false
		}
	}
	return true
}

// partLinks are the links to the parts of a split compare (see
// pageLinks).
func partLinks(p compareParams, part, parts int) (links []navLink, prev, next string) {
	return pageLinks(part, parts, func(k int) string {
		q := p
		q.Part = partParam(k)
		return pageURL("/compare", q.values(), "")
	})
}

func partParam(k int) string {
	if k <= 1 {
		return ""
	}
	return strconv.Itoa(k)
}

func (s *server) changeView(l *labels, ids map[string]bool, base string, side bool, d *classify.DocumentDiff, c classify.Change) changeView {
	id := slug(c.Fingerprint)
	if id == "" {
		id = "change"
	}
	cv := changeView{
		ID: uniqueID(ids, id), Op: l.Op(c.Op), Class: classOf(c.Class), ClassLabel: l.Class(c.Class),
		Reasons: words(c.Reasons, l.Reason), Topics: words(c.Topics, l.Topic), Explanation: l.Explanation(&c),
		Section: present.SectionPath(c.Section), Anchor: c.Anchor, PublicURL: present.ChangeURL(d, &c), Override: l.OverrideLine(c.Override),
	}
	cv.Permalink = base + "#" + cv.ID
	if c.Significance > 0 {
		cv.Significance = fmt.Sprintf("%.2f", c.Significance)
	}
	cv.Proofs = c.Proofs
	if c.Old != nil {
		cv.OldLines = lineRange(c.Old.Lines)
	}
	if c.New != nil {
		cv.NewLines = lineRange(c.New.Lines)
	}
	opt := redline.Options{Base: d.URL, Inserted: l.Inserted, Deleted: l.Deleted}
	if side {
		cv.Old, cv.New = redline.Sides(&c, opt)
	} else {
		cv.Text = redline.Change(&c, opt)
	}
	return cv
}

// compareCached compares two revisions once per pair while the result
// stays in the cache, within the concurrency and size limits.
func (s *server) compareCached(ctx context.Context, p compareParams, fromHash, toHash string) (*compareResult, error) {
	v, err := s.cache.do(ctx, "compare\x00"+fromHash+"\x00"+toHash, s.opt.Timeout, func(ctx context.Context) (any, int64, error) {
		return s.compute(ctx, func(ctx context.Context) (any, int64, error) {
			oldPaths, err := s.b.Documents(ctx, fromHash)
			if err != nil {
				return nil, 0, err
			}
			newPaths, err := s.b.Documents(ctx, toHash)
			if err != nil {
				return nil, 0, err
			}
			paths := union(oldPaths, newPaths)
			if len(oldPaths)+len(newPaths) > s.opt.MaxDocuments {
				return nil, 0, errorf(http.StatusRequestEntityTooLarge,
					"compare on the command line (redline diff "+p.From+" "+p.To+"), or start the server with a higher --max-documents",
					"this comparison is too large for the web view: %d documents at %s and %d at %s; the limit is %d together",
					len(oldPaths), p.From, len(newPaths), p.To, s.opt.MaxDocuments)
			}
			d, err := s.b.Compare(ctx, fromHash, toHash)
			if err != nil {
				return nil, 0, err
			}
			res := &compareResult{diff: d, paths: paths}
			return res, res.size(), nil
		})
	})
	if err != nil {
		return nil, err
	}
	return v.(*compareResult), nil
}

// size estimates the memory a compare result holds: its text and a
// fixed amount per object, close enough for the cache's budget.
func (r *compareResult) size() int64 {
	n := int64(256)
	for _, p := range r.paths {
		n += int64(len(p)) + 16
	}
	strs := func(ss []string) {
		for _, s := range ss {
			n += int64(len(s)) + 16
		}
	}
	for i := range r.diff.Documents {
		d := &r.diff.Documents[i]
		n += 256 + int64(len(d.Path)+len(d.OldPath)+len(d.URL)+len(d.TranslationOf))
		strs(d.Notes)
		for j := range d.Changes {
			c := &d.Changes[j]
			n += 512 + int64(len(c.Explanation)+len(c.Anchor)+len(c.URL)+len(c.Fingerprint))
			strs(c.Reasons)
			strs(c.Topics)
			strs(c.Section)
			for _, e := range c.Explanations {
				n += int64(len(e)) + 48
			}
			for _, side := range []*classify.Side{c.Old, c.New} {
				if side != nil {
					n += int64(len(side.Text)) + 40
				}
			}
			for _, sp := range c.Inline {
				n += int64(len(sp.Text)) + 32
			}
			for _, pr := range c.Proofs {
				n += int64(len(pr.Kind)+len(pr.Old)+len(pr.New)+len(pr.By)) + 64
			}
		}
	}
	return n
}

// ---- one page's paragraphs: /history ----

type historyPage struct {
	L         *labels
	Title     string
	Keys      string
	Page, At  string
	AtLabel   string
	AtHash    string
	LangLinks []navLink
	UILinks   []navLink
	Lines     []lineView
}

type lineView struct {
	ID, Kind, Lines, Anchor string
	Text                    template.HTML // the paragraph as the page shows it (present/redline)
	Substantive, Changed    *revView
}

type revView struct {
	Commit, Short, Subject, CompareURL string
	Date, DateText                     string // ISO, and as the reader writes it
	Version                            string // "versjon 2.5", "uutgitt"; "" outside a version
}

func (s *server) history(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	page, at, lang, ui := q.Get("page"), q.Get("at"), q.Get("lang"), q.Get("ui")
	if at == "" {
		at = "HEAD"
	}
	if page == "" {
		s.fail(w, r, errorf(http.StatusBadRequest, "pick a page from the versions timeline at /", "missing page="))
		return
	}
	for _, err := range []error{checkPage(page), checkRef("at", at), checkChoice("lang", lang, "nb", "en"), checkChoice("ui", ui, "nb", "en")} {
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	l := labelsFor(interfaceLang(ui, lang))
	hash, label, err := s.b.Resolve(ctx, at)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.cache.do(ctx, "blame\x00"+hash+"\x00"+page, s.opt.Timeout, func(ctx context.Context) (any, int64, error) {
		return s.compute(ctx, func(ctx context.Context) (any, int64, error) {
			paths, err := s.b.Documents(ctx, hash)
			if err != nil {
				return nil, 0, err
			}
			if !slices.Contains(paths, page) {
				return nil, 0, errorf(http.StatusNotFound, "pick a page from the versions timeline at /",
					"page %q is not a tracked document at %s", page, at)
			}
			lines, err := s.b.Blame(ctx, page, hash)
			if err != nil {
				return nil, 0, err
			}
			size := int64(64)
			for _, bl := range lines {
				size += 256 + int64(len(bl.Kind)+len(bl.Anchor)+len(bl.Text))
				for _, r := range []*BlameRev{bl.Changed, bl.Substantive} {
					if r != nil {
						size += 128 + int64(len(r.Commit)+len(r.Subject)+len(r.Version))
					}
				}
			}
			return lines, size, nil
		})
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	done, ok := s.renderSlot(w, r)
	if !ok {
		return
	}
	defer done()
	lines := v.([]BlameLine)
	hp := historyPage{L: l, Title: l.History + ": " + page, Page: page, At: at, AtLabel: label, AtHash: hash, Keys: l.KeysFor(l.KeyParagraph)}
	// One page has no documents to filter: lang= only goes on to the
	// compare links.
	_, hp.UILinks = langLinks(l, "/history", url.Values{"page": {page}, "at": {q.Get("at")}}, lang, ui, nil)
	docID := "page-" + slug(page)
	rev := func(b *BlameRev) *revView {
		if b == nil {
			return nil
		}
		v := &revView{Commit: b.Commit, Short: present.ShortHash(b.Commit), Subject: b.Subject,
			Date: b.Date.Format(time.DateOnly), DateText: l.Day(b.Date)}
		if b.Version != "" {
			v.Version = lowerFirst(l.VersionTitle(b.Version))
		}
		if !b.Root {
			v.CompareURL = pageURL("/compare", url.Values{"from": {b.Commit + "^"}, "to": {b.Commit}, "lang": {lang}, "ui": {ui}}, docID)
		}
		return v
	}
	for i, bl := range lines {
		hp.Lines = append(hp.Lines, lineView{
			ID: "p" + strconv.Itoa(i+1), Kind: bl.Kind, Lines: lineRange(bl.Lines), Anchor: bl.Anchor,
			Text:        redline.Plain(bl.Text, redline.Options{Base: bl.PageURL}),
			Substantive: rev(bl.Substantive), Changed: rev(bl.Changed),
		})
	}
	s.render(w, r, http.StatusOK, "history.html", hp)
}

// ---- helpers ----

// pageURL builds a same-site URL with the non-empty parameters in a
// fixed (sorted) order, so the same view always has the same address.
func pageURL(path string, v url.Values, fragment string) string {
	clean := url.Values{}
	for k, vs := range v {
		for _, x := range vs {
			if x != "" {
				clean.Add(k, x)
			}
		}
	}
	u := path
	if enc := clean.Encode(); enc != "" {
		u += "?" + enc
	}
	if fragment != "" {
		u += "#" + fragment
	}
	return u
}

// switchLinks are the compare links that set one parameter to each of its values,
// keeping the others: the no-JavaScript way to flip a view.
func switchLinks(v url.Values, key, current string, values, names []string) []navLink {
	var out []navLink
	for i, val := range values {
		w := url.Values{}
		for k, vs := range v {
			w[k] = vs
		}
		w[key] = []string{val}
		out = append(out, navLink{Label: names[i], URL: pageURL("/compare", w, ""), Current: val == current})
	}
	return out
}

// interfaceLang is the language of the interface: ui= when given, else
// that of the documents shown (lang=), so that a link from before ui=
// keeps its look; labelsFor makes anything else English.
func interfaceLang(ui, lang string) string {
	if ui != "" {
		return ui
	}
	return lang
}

// langLinks are the two language switches: which documents to show
// (lang=, keeping the interface's language) and the interface's language
// (ui=, keeping the documents shown). ui= is left out where lang= alone
// gives the same interface. The first offers the languages in langs
// (docLangs); with none, it is left out.
func langLinks(l *labels, path string, v url.Values, lang, ui string, langs []string) (docs, iface []navLink) {
	with := func(lang, ui string) string {
		w := url.Values{}
		for k, vs := range v {
			w[k] = vs
		}
		if labelsFor(lang).Lang == ui {
			ui = ""
		}
		w["lang"], w["ui"] = []string{lang}, []string{ui}
		return pageURL(path, w, "")
	}
	for _, o := range langOptions(l, langs, lang) {
		docs = append(docs, navLink{Label: o.Label, URL: with(o.Value, l.Lang), Current: o.Selected})
	}
	// Each language by its own name, as a reader looks for it.
	for _, c := range []struct{ val, name string }{{"en", "English"}, {"nb", "norsk"}} {
		iface = append(iface, navLink{Label: c.name, URL: with(lang, c.val), Current: c.val == l.Lang})
	}
	return docs, iface
}

// docLangs are the documents' languages a page offers to filter by: of
// those the interface names (nb, en), the ones documents are in (have),
// and the one asked for. A history with pages in no language (have is
// empty) gets none: a switch that changes nothing would only mislead.
func docLangs(have []string, lang string) []string {
	var out []string
	for _, c := range []string{"nb", "en"} {
		if c == lang || slices.Contains(have, c) {
			out = append(out, c)
		}
	}
	return out
}

// langOptions are the choices of the documents' language: all, then each
// of langs; none without langs.
func langOptions(l *labels, langs []string, lang string) []option {
	if len(langs) == 0 {
		return nil
	}
	out := []option{{"", l.AllDocuments, lang == ""}}
	for _, c := range langs {
		name := l.EnglishDocuments
		if c == "nb" {
			name = l.NorwegianDocuments
		}
		out = append(out, option{c, name, c == lang})
	}
	return out
}

// classOf is a class as a CSS class name; anything unexpected is "none".
// word is a reason or topic as words, with its code (what filters and
// overrides name) beside it.
type word struct{ Word, Code string }

func words(codes []string, name func(string) string) []word {
	if len(codes) == 0 {
		return nil
	}
	out := make([]word, len(codes))
	for i, c := range codes {
		out[i] = word{Word: name(c), Code: c}
	}
	return out
}

func classOf(c classify.Class) string {
	switch c {
	case classify.Substantive, classify.Editorial:
		return string(c)
	}
	return "none"
}

// slug makes an id of s: letters, digits, '-' and '_' kept, other runs
// become one '-'.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// uniqueID returns id, or id-2, id-3... when already taken on the page.
func uniqueID(taken map[string]bool, id string) string {
	out := id
	for n := 2; taken[out]; n++ {
		out = id + "-" + strconv.Itoa(n)
	}
	taken[out] = true
	return out
}

func lineRange(l [2]int) string {
	if l[0] == 0 {
		return ""
	}
	if l[1] <= l[0] {
		return strconv.Itoa(l[0])
	}
	return strconv.Itoa(l[0]) + "–" + strconv.Itoa(l[1])
}

func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
