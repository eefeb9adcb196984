// Package redline turns a classified change into the HTML a reviewer
// reads: the changed block's Markdown rendered as Hugo renders it (links
// stay links, emphasis stays, tables are tables and lists are lists),
// with the words the change inserted and deleted marked inside the
// rendered text, as in a word processor's tracked changes.
//
// The word diff (classify.Change.Inline) is over the blocks' normalised
// Markdown; it is laid back onto each side's source text, each side is
// parsed with goldmark, and the HTML is written here from goldmark's
// tree, so that every piece of text keeps its place in the source and
// takes the mark of its bytes: inserted text is marked where it stands
// in the new block, deleted text is shown, as the old block renders it,
// where it stood. Markup that changed shows as what a reader sees: the
// new formatting, with no Markdown. A link whose target changed keeps
// the new target and names the old one beside it.
//
// Text is the same reading as blocks of marked runs, for the outputs
// that are not HTML (the terminal and Markdown, internal/render): both
// come from the one walk of the one tree, so they mark the same words.
//
// Documents are untrusted: no HTML of theirs passes. Raw HTML is shown
// as text (only a line break, <br>, is kept; an HTML block that is a
// table is built again from a few elements, see htmlTable), links pass
// present.SafeURL, images are their descriptions, and a block that
// would cost goldmark more than linear time (see cost) is shown as its
// text. The output is always well formed: marks are closed and opened
// again at element boundaries.
package redline

import (
	"html"
	"html/template"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
)

// Options says how to show a change.
type Options struct {
	// Base is the public address of the page the change is in, against
	// which relative links resolve; "" leaves them as written.
	Base string
	// Inserted and Deleted, when set, are said before each mark to a
	// screen reader, in a span of class "sr": "[Inserted: …]".
	Inserted, Deleted string
}

// Change renders a change as one redline: the new text with insertions
// and deletions marked in place. A change the word diff cannot be laid
// onto (a rewritten block) shows the old block struck through and the new
// one inserted, each rendered whole.
func Change(c *classify.Change, opt Options) template.HTML {
	if c == nil || c.Old == nil && c.New == nil {
		return ""
	}
	c = validChange(c)
	w := newWriter(opt)
	w.b.WriteString(`<div class="rl">`)
	switch {
	case c.Op == classify.OpFrontMatter:
		w.plainSpans(present.Spans(c), false, false)
	case c.New == nil:
		w.whole(c.Old.Text, deleted)
	case c.Old == nil:
		w.whole(c.New.Text, inserted)
	case len(c.Inline) == 0:
		w.unaligned(c.Old.Text, c.New.Text)
	default:
		ov, ok := overlayOf(c.Inline, c.Old.Text, c.New.Text)
		switch {
		case ok && !tableCut(ov):
			w.inline(ov)
		case allEqual(c.Inline):
			// Spans that do not fit the texts but change no word: the
			// text as it stands.
			w.whole(c.New.Text, unmarked)
		default:
			w.unaligned(c.Old.Text, c.New.Text)
		}
	}
	w.b.WriteString(`</div>`)
	return w.html()
}

// Plain renders one block of Markdown as the page shows it, with no
// marks: a paragraph as it stands, for a view that lists them (the
// paragraph history).
func Plain(text string, opt Options) template.HTML {
	w := newWriter(opt)
	w.b.WriteString(`<div class="rl">`)
	w.whole(validText(text), unmarked)
	w.b.WriteString(`</div>`)
	return w.html()
}

// Sides renders a change side by side: the old text with its deletions
// marked, and the new text with its insertions. A side the change does
// not have is "".
func Sides(c *classify.Change, opt Options) (old, new template.HTML) {
	if c == nil {
		return "", ""
	}
	c = validChange(c)
	side := func(f func(w *writer)) template.HTML {
		w := newWriter(opt)
		w.b.WriteString(`<div class="rl">`)
		f(w)
		w.b.WriteString(`</div>`)
		return w.html()
	}
	switch {
	case c.Op == classify.OpFrontMatter:
		sp := present.Spans(c)
		if c.Old != nil {
			old = side(func(w *writer) { w.plainSpans(sp, false, true) })
		}
		if c.New != nil {
			new = side(func(w *writer) { w.plainSpans(sp, true, false) })
		}
		return old, new
	case c.Old == nil && c.New == nil:
		return "", ""
	case c.New == nil:
		return side(func(w *writer) { w.side(c.Old.Text, fill(c.Old.Text, deleted), nil) }), ""
	case c.Old == nil:
		return "", side(func(w *writer) { w.side(c.New.Text, fill(c.New.Text, inserted), nil) })
	}
	var ov *overlay
	ok := false
	if len(c.Inline) > 0 {
		ov, ok = overlayOf(c.Inline, c.Old.Text, c.New.Text)
	}
	if !ok {
		om, nm := deleted, inserted
		if len(c.Inline) == 0 && sameWords(c.Old.Text, c.New.Text) || len(c.Inline) > 0 && allEqual(c.Inline) {
			om, nm = unmarked, unmarked
		}
		return side(func(w *writer) { w.side(c.Old.Text, fill(c.Old.Text, om), nil) }),
			side(func(w *writer) { w.side(c.New.Text, fill(c.New.Text, nm), nil) })
	}
	return side(func(w *writer) { w.side(ov.oldText, ov.oldMarks, nil) }),
		side(func(w *writer) { w.side(ov.newText, ov.newMarks, ov) })
}

func allEqual(spans []align.Span) bool {
	for _, sp := range spans {
		if sp.Op != align.SpanEqual {
			return false
		}
	}
	return true
}

func fill(s string, m mark) []mark {
	out := make([]mark, len(s))
	if m != unmarked {
		for i := range out {
			out[i] = m
		}
	}
	return out
}

// sameWords reports whether two texts differ only in white space (a
// block moved or re-wrapped).
func sameWords(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}

type writer struct {
	b        strings.Builder
	opt      Options
	base     *url.URL
	openMark mark
}

func newWriter(opt Options) *writer {
	return &writer{opt: opt, base: baseURL(opt.Base)}
}

// baseURL is the address relative links resolve against: base when it is
// an absolute address that passes present.SafeURL, else nil (links are
// left as written).
func baseURL(base string) *url.URL {
	if base == "" || present.SafeURL(base) == "" {
		return nil
	}
	if u, err := url.Parse(base); err == nil && u.IsAbs() {
		return u
	}
	return nil
}

// html is the finished HTML: valid UTF-8 throughout.
func (w *writer) html() template.HTML {
	return template.HTML(strings.ToValidUTF8(w.b.String(), "\uFFFD"))
}

// unaligned shows a block the word diff was not laid onto: unmarked
// when only its layout changed, else the old struck through and the new
// inserted.
func (w *writer) unaligned(old, new string) {
	if sameWords(old, new) {
		w.whole(new, unmarked)
		return
	}
	w.b.WriteString(`<div class="rl-old">`)
	w.whole(old, deleted)
	w.b.WriteString(`</div><div class="rl-new">`)
	w.whole(new, inserted)
	w.b.WriteString(`</div>`)
}

func (w *writer) whole(text string, m mark) {
	text = nfc(text)
	w.side(text, fill(text, m), nil)
}

// side renders one side's text with its marks; ov, on the new side,
// names the link targets that changed.
func (w *writer) side(text string, marks []mark, ov *overlay) {
	w.tokens(sideTree(text, w.base), marks, nil, nil, ov)
}

// sideTree is a side's text rendered, or, for a text too costly to
// parse, shown as it is written (plainTree).
func sideTree(text string, base *url.URL) *tree {
	if t, ok := renderSide(text, base); ok {
		return t
	}
	return plainTree(text)
}

// inline renders the new side with its insertions marked and the old
// side's deletions shown where they stood.
func (w *writer) inline(ov *overlay) {
	t, frag := inlineView(ov, w.base)
	w.tokens(t, ov.newMarks, ov.dels, frag, ov)
}

// inlineView is the new side's tree, and what a reader saw of each of
// the old side's deleted runs (frag).
func inlineView(ov *overlay, base *url.URL) (*tree, func(deletion) shown) {
	var pieces []tok
	var links []linkAt
	var ot *tree
	oldOK := false
	if len(ov.dels) > 0 {
		if t, ok := renderSide(ov.oldText, nil); ok {
			ot, pieces, links, oldOK = t, t.textPieces(), t.links, true
		}
	}
	frag := func(d deletion) shown {
		if !oldOK {
			return shown{text: collapse(ov.oldText[d.from:d.to])}
		}
		s := shown{text: fragment(pieces, ov.oldText, d)}
		if strings.TrimSpace(s.text) == "" && ot.inHTML(d.from) {
			// White space in an HTML table that is no text of it is
			// inside markup (a start tag whose address changed).
			i := sort.Search(len(pieces), func(i int) bool { return pieces[i].end > d.from })
			if i == len(pieces) || pieces[i].pos >= d.to {
				s.text = ""
			}
		}
		// A link whose "](target)" went with the deletion is gone: its
		// target is named where it stood.
		// So is an HTML link whose start tag went with it.
		i := sort.Search(len(links), func(i int) bool { return links[i].from >= d.from })
		for ; i < len(links) && links[i].to < d.to; i++ {
			l := links[i]
			if l.tag || l.from-2 >= d.from && ov.oldText[l.from-2:l.from] == "](" && ov.oldText[l.to] == ')' {
				s.targets = append(s.targets, l.dest)
			}
		}
		return s
	}
	return sideTree(ov.newText, base), frag
}

// collapse is a text's white space collapsed, keeping a space at either
// end where it had white space.
func collapse(s string) string {
	f := strings.Join(strings.Fields(s), " ")
	if f == "" {
		if s != "" {
			return " "
		}
		return ""
	}
	if isSpace(s[0]) {
		f = " " + f
	}
	if isSpace(s[len(s)-1]) {
		f += " "
	}
	return f
}

// fragment is what a reader saw of the old text from d.from to d.to:
// the text of the old block's rendering there, without its markup.
func fragment(pieces []tok, oldText string, d deletion) string {
	i := sort.Search(len(pieces), func(i int) bool { return pieces[i].end > d.from })
	var b strings.Builder
	prev := d.from
	for ; i < len(pieces) && pieces[i].pos < d.to; i++ {
		p := pieces[i]
		if p.pos > prev && strings.IndexFunc(oldText[prev:p.pos], func(r rune) bool { return r < utf8.RuneSelf && isSpace(byte(r)) }) >= 0 {
			b.WriteByte(' ')
		}
		if p.verbatim {
			from, to := max(p.pos, d.from), min(p.end, d.to)
			if from < to {
				b.WriteString(p.text[from-p.pos : to-p.pos])
			}
		} else if p.pos >= d.from {
			b.WriteString(p.text)
		}
		prev = max(prev, p.end)
	}
	if prev < d.to && strings.IndexFunc(oldText[prev:d.to], func(r rune) bool { return r < utf8.RuneSelf && isSpace(byte(r)) }) >= 0 {
		b.WriteByte(' ')
	}
	return b.String()
}

// shown is what a reader saw of a deleted run: its text, and the
// targets of the links that went with it.
type shown struct {
	text    string
	targets []string
}

// plainTree shows a text as it is written, for a block too costly to
// parse.
func plainTree(text string) *tree {
	return &tree{toks: []tok{
		{kind: tOpen, tag: "p", attrs: ` class="rl-plain"`, syntax: -1, first: -1},
		{kind: tText, text: text, pos: 0, end: len(text), verbatim: true},
		{kind: tClose, tag: "p", limit: len(text)},
	}}
}

// plainSpans shows spans as text (front matter, which is not Markdown);
// noDel and noIns leave out the deleted or inserted spans.
func (w *writer) plainSpans(spans []align.Span, noDel, noIns bool) {
	w.b.WriteString(`<p class="rl-plain">`)
	for _, sp := range spans {
		switch sp.Op {
		case align.SpanInsert:
			if noIns {
				continue
			}
			w.text(sp.Text, inserted)
		case align.SpanDelete:
			if noDel {
				continue
			}
			w.text(sp.Text, deleted)
		default:
			w.text(sp.Text, unmarked)
		}
	}
	w.setMark(unmarked)
	w.b.WriteString(`</p>`)
}

func (w *writer) setMark(m mark) {
	if m == w.openMark {
		return
	}
	switch w.openMark {
	case inserted:
		if w.opt.Inserted != "" {
			w.b.WriteString(`<span class="sr">]</span>`)
		}
		w.b.WriteString(`</ins>`)
	case deleted:
		if w.opt.Deleted != "" {
			w.b.WriteString(`<span class="sr">]</span>`)
		}
		w.b.WriteString(`</del>`)
	}
	switch m {
	case inserted:
		w.b.WriteString(`<ins>`)
		if w.opt.Inserted != "" {
			w.b.WriteString(`<span class="sr">[` + escape(w.opt.Inserted) + `: </span>`)
		}
	case deleted:
		w.b.WriteString(`<del>`)
		if w.opt.Deleted != "" {
			w.b.WriteString(`<span class="sr">[` + escape(w.opt.Deleted) + `: </span>`)
		}
	}
	w.openMark = m
}

// text writes s with mark m, escaped; characters a browser or terminal
// would act on (C0 and C1 controls other than line breaks and tabs) are
// replaced.
func (w *writer) text(s string, m mark) {
	if s == "" {
		return
	}
	if m != keep {
		w.setMark(m)
	}
	w.b.WriteString(escape(s))
}

func escape(s string) string {
	s = html.EscapeString(s)
	if strings.IndexFunc(s, control) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if control(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

func control(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r < 0xa0 || r == 0x2028 || r == 0x2029 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// tokens writes a side's tokens with the marks of their text.
func (w *writer) tokens(t *tree, marks []mark, dels []deletion, frag func(deletion) shown, ov *overlay) {
	walk(t, marks, dels, frag, ov, w)
	w.setMark(unmarked)
}

// visitor is what walk hands a side's rendering to, piece by piece: the
// HTML writer here and the text form (text.go) are both built from the
// one walk, so that they cannot disagree on what changed where.
type visitor interface {
	// text is a piece of text with its mark; keep leaves the mark open.
	text(s string, m mark)
	// deletion is a run of the old text, shown where it stood.
	deletion(s shown)
	// open, close and void are the elements of the rendering; class, on
	// open, is "rl-changed" (a table cell that changed), "rl-fmt" (new
	// formatting on text that was there) or "", and m the mark of the
	// element's opening markup (unmarked when it has no place).
	open(k tok, class string, m mark)
	close(k tok)
	void(k tok)
	// target follows the close of a link whose target changed: the old
	// target and the new, as written in the Markdown.
	target(old, new string)
}

// walk visits a side's tokens with the marks of their text; dels (new
// side of the inline view) are the old side's deleted runs, shown as
// frag gives them where they stood; ov names the link targets that
// changed.
func walk(t *tree, marks []mark, dels []deletion, frag func(deletion) shown, ov *overlay, v visitor) {
	// cum[i] counts the marked bytes before i, to tell which cells changed.
	cum := make([]int32, len(marks)+1)
	for i, m := range marks {
		cum[i+1] = cum[i]
		if m != unmarked {
			cum[i+1]++
		}
	}
	changed := changedCells(t.toks, cum, dels)
	targets := map[int]linkAt{}
	if ov != nil {
		for _, l := range t.links {
			targets[l.tok] = l
		}
	}
	next := 0
	flush := func(upto int) {
		for next < len(dels) && dels[next].at <= upto {
			v.deletion(frag(dels[next]))
			next++
		}
	}
	for i, k := range t.toks {
		switch k.kind {
		case tText:
			switch {
			case k.pos < 0:
				v.text(k.text, k.force)
			case !k.verbatim:
				flush(k.pos)
				v.text(k.text, marks[k.pos])
			default:
				for j := 0; j < len(k.text); {
					p := k.pos + j
					flush(p)
					m := marks[p]
					e := j + 1
					stop := len(k.text)
					if next < len(dels) && dels[next].at-k.pos < stop {
						stop = max(dels[next].at-k.pos, e)
					}
					for e < stop && marks[k.pos+e] == m {
						e++
					}
					v.text(k.text[j:e], m)
					j = e
				}
			}
		case tOpen:
			class := ""
			switch {
			case changed[i]:
				class = "rl-changed"
			case k.syntax >= 0 && k.first >= 0 && k.syntax < len(marks) && k.first < len(marks) &&
				marks[k.syntax] == inserted && marks[k.first] != inserted && !(k.html && replaced(dels, k.syntax)):
				// Formatting put on text that was there: the reader sees
				// the new formatting, marked as such.
				class = "rl-fmt"
			}
			m := unmarked
			if k.syntax >= 0 && k.syntax < len(marks) {
				m = marks[k.syntax]
			}
			v.open(k, class, m)
		case tClose:
			if k.limit >= 0 {
				flush(k.limit)
			}
			v.close(k)
			if l, ok := targets[i]; ok {
				if old, ok := oldTarget(l, ov); ok {
					v.target(old, l.dest)
				}
			}
		case tVoid:
			v.void(k)
		case tFlush:
			if k.limit >= 0 {
				flush(k.limit)
			}
		}
	}
	flush(int(^uint(0) >> 1))
}

// replaced reports whether a deleted run stood at offset i of the new
// text: an HTML start tag there replaced another (a link's address
// changed), and is not new formatting.
func replaced(dels []deletion, i int) bool {
	j := sort.Search(len(dels), func(j int) bool { return dels[j].at >= i })
	return j < len(dels) && dels[j].at == i
}

func (w *writer) deletion(s shown) {
	w.text(s.text, deleted)
	for _, dest := range s.targets {
		w.setMark(unmarked)
		w.b.WriteString(` <span class="rl-target">(`)
		w.text(dest, deleted)
		w.setMark(unmarked)
		w.b.WriteString(`)</span>`)
	}
}

func (w *writer) open(k tok, class string, _ mark) {
	w.setMark(unmarked)
	w.b.WriteString("<" + k.tag + k.attrs)
	if class != "" {
		w.b.WriteString(` class="` + class + `"`)
	}
	w.b.WriteString(">")
}

func (w *writer) close(k tok) {
	w.setMark(unmarked)
	w.b.WriteString("</" + k.tag + ">")
}

func (w *writer) void(k tok) {
	w.setMark(unmarked)
	w.b.WriteString("<" + k.tag + k.attrs + ">")
}

// oldTarget is the old target of a link whose target changed, as written
// in the Markdown; false when it did not change.
func oldTarget(l linkAt, ov *overlay) (string, bool) {
	marks := ov.newMarks
	i := sort.Search(len(ov.dels), func(i int) bool { return ov.dels[i].at >= l.from })
	var old strings.Builder
	edited := false
	for k := l.from; k < l.to; k++ {
		for ; i < len(ov.dels) && ov.dels[i].at == k; i++ {
			old.WriteString(ov.oldText[ov.dels[i].from:ov.dels[i].to])
			edited = true
		}
		if marks[k] == inserted {
			edited = true
			continue
		}
		old.WriteByte(ov.newText[k])
	}
	if edited {
		for ; i < len(ov.dels) && ov.dels[i].at == l.to; i++ {
			old.WriteString(ov.oldText[ov.dels[i].from:ov.dels[i].to])
		}
	}
	o := strings.TrimSpace(old.String())
	if l.tag {
		o = hrefOf(o)
	}
	if !edited || o == "" || o == l.dest {
		return "", false
	}
	return o, true
}

// target names the old target of a link whose target changed, after it:
// "(old → new)", as written in the Markdown.
func (w *writer) target(old, new string) {
	w.b.WriteString(` <span class="rl-target">(`)
	w.text(old, deleted)
	w.setMark(unmarked)
	w.b.WriteString(" → ")
	w.text(new, inserted)
	w.setMark(unmarked)
	w.b.WriteString(`)</span>`)
}

// changedCells marks the table cells (the index of their tOpen) that
// hold a mark or a deletion.
func changedCells(toks []tok, cum []int32, dels []deletion) map[int]bool {
	out := map[int]bool{}
	open := -1
	lo := -1   // the first text offset in the open cell
	prev := -1 // the limit of the row's previous cell
	for i, k := range toks {
		switch {
		case k.kind == tOpen && k.tag == "tr":
			prev = -1
		case k.kind == tOpen && (k.tag == "td" || k.tag == "th"):
			open, lo = i, -1
		case open >= 0 && k.kind == tText:
			if k.pos >= 0 && k.end <= len(cum)-1 && k.pos < k.end {
				if lo < 0 {
					lo = k.pos
				}
				if cum[k.end]-cum[k.pos] > 0 {
					out[open] = true
				}
			}
			if k.pos < 0 && k.force != unmarked && k.force != keep {
				out[open] = true
			}
		case open >= 0 && k.kind == tClose && (k.tag == "td" || k.tag == "th"):
			from := prev + 1
			if prev < 0 {
				from = lo
			}
			if from >= 0 && k.limit >= from {
				j := sort.Search(len(dels), func(j int) bool { return dels[j].at >= from })
				if j < len(dels) && dels[j].at <= k.limit {
					out[open] = true
				}
			}
			prev = k.limit
			open = -1
		}
	}
	return out
}
