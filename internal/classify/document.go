package classify

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/document"
)

// Document classifies the ops between two parsed versions of a page. Either
// side may be nil: an added or a removed page. Changes come front matter
// first (by key), then in the order of ops.
func (r *Rules) Document(old, new *document.Document, ops []align.Op) DocumentDiff {
	r.ready()
	dd := DocumentDiff{Class: None}
	switch {
	case new != nil:
		dd.Path, dd.Lang = new.Path, new.Lang
	case old != nil:
		dd.Path, dd.Lang = old.Path, old.Lang
	}
	if dd.Lang == "" && old != nil {
		dd.Lang = old.Lang
	}
	var oldBlocks, newBlocks []document.Block
	if old != nil {
		oldBlocks = old.Blocks
	}
	if new != nil {
		newBlocks = new.Blocks
	}
	base := ""
	if r.PageURL != nil && dd.Path != "" {
		base = r.PageURL(dd.Path, dd.Lang)
	}
	if base == "" && dd.Path != "" {
		// No public URL: relative targets still resolve against the
		// page's own place, so "../a" and "../a/" compare.
		base = "https://page.invalid/" + strings.TrimSuffix(dd.Path, path.Ext(dd.Path)) + "/"
	}
	var front []Change
	if old != nil && new != nil {
		// An added or removed page is its paragraphs; listing each of its
		// front matter keys as a change of its own would only be noise.
		front = r.frontMatter(old, new, dd.Lang)
	}
	// Every op makes a change but an Equal one that is not Reflowed.
	n := len(front)
	for _, op := range ops {
		if op.Kind != align.Equal || op.Reflowed {
			n++
		}
	}
	dd.Changes = append(make([]Change, 0, n), front...)
	for _, op := range ops {
		if ch, ok := r.change(op, oldBlocks, newBlocks, dd.Lang, base); ok {
			dd.Changes = append(dd.Changes, ch)
		}
	}
	for _, ch := range dd.Changes {
		dd.Class = Max(dd.Class, ch.Class)
	}
	switch {
	case old == nil && new != nil:
		dd.Status = "added"
	case new == nil && old != nil:
		dd.Status = "removed"
	case len(dd.Changes) > 0:
		dd.Status = "modified"
	default:
		dd.Status = "unchanged"
	}
	return dd
}

// change classifies one op; ok is false for ops that change nothing.
func (r *Rules) change(op align.Op, oldBlocks, newBlocks []document.Block, lang, base string) (Change, bool) {
	if op.Kind == align.Equal && !op.Reflowed {
		return Change{}, false
	}
	olds, news := pick(oldBlocks, op.Old), pick(newBlocks, op.New)
	ch := Change{Op: op.Kind, Inline: op.Inline, Section: []string{}, Topics: []string{}}
	if op.Kind == align.Equal {
		// Reflowed: the words are the same, so the change reads as the
		// paragraph, unmarked, rather than all of it deleted and inserted.
		ch.Op = align.Modified
	}
	if len(news) > 0 {
		ch.Section, ch.Anchor = clone(news[0].Section), news[0].Anchor
	} else if len(olds) > 0 {
		ch.Section, ch.Anchor = clone(olds[0].Section), olds[0].Anchor
	}
	ch.Old, ch.New = side(olds), side(news)
	oldNorm, newNorm := joinField(olds, func(b document.Block) string { return b.Norm }), joinField(news, func(b document.Block) string { return b.Norm })
	ch.Fingerprint = fingerprint(oldNorm, newNorm)
	ch.Topics = nonNil(r.topicsOf(
		joinField(olds, func(b document.Block) string { return b.Plain }),
		joinField(news, func(b document.Block) string { return b.Plain })))

	var a analysis
	footnote := anyKind(olds, document.Footnote) || anyKind(news, document.Footnote)
	switch {
	case op.Kind == align.Equal: // reflowed
		if from, to, ok := sameContext(olds, news); ok {
			a = r.finish(a, map[string]string{ReasonWhitespace: ""})
		} else {
			// Re-indented into another item's list or out of it: what
			// qualifies it changed.
			a = r.finish(a, map[string]string{ReasonMovedSection: quote(from) + " → " + quote(to)})
			a.significance = r.significance(a.feat, a.reasons)
		}
		ch.Inline = []align.Span{{Op: align.SpanEqual, Text: newNorm}}
	case op.Kind == align.Moved && !op.Edited:
		// Moved unchanged is layout only where it stays in its section
		// and at its depth: a rule moved from one policy's list to
		// another's, or out of the item that qualified it, now says
		// something else.
		if from, to, ok := sameContext(olds, news); ok {
			a = r.finish(a, map[string]string{ReasonMoved: ""})
			a.proofs = []Proof{{Kind: ReasonMoved, Old: quote(stripMarkdown(oldNorm).text), New: quote(stripMarkdown(newNorm).text), By: "the same words in the same section"}}
		} else {
			// The evidence names sections, not the page's text: an
			// arrow of its own keeps it apart from quoted text.
			a = r.finish(a, map[string]string{ReasonMovedSection: quote(from) + " → " + quote(to)})
			a.significance = r.significance(a.feat, a.reasons)
		}
	case !hasWords(olds) && !hasWords(news):
		// A thematic break or an empty HTML block: layout only.
		ev := map[string]string{ReasonMarkup: ""}
		// A link reference definition shows no words either, but its
		// target is where the reader's link goes.
		po, pn := stripMarkdown(oldNorm), stripMarkdown(newNorm)
		if !slices.Equal(po.links, pn.links) || !slices.Equal(po.images, pn.images) {
			ev = map[string]string{}
			a.proofs = r.targets(po.links, pn.links, po.linkTexts, pn.linkTexts, base, ReasonLinkTarget, ev)
			a.proofs = append(a.proofs, r.targets(po.images, pn.images, nil, nil, base, ReasonImageTarget, ev)...)
			if len(ev) == 0 {
				ev[ReasonMarkup] = ""
			}
		}
		a = r.finish(a, ev)
		if a.class == Substantive {
			a.significance = r.significance(a.feat, a.reasons)
		}
	case footnote && (len(olds) == 0 || len(news) == 0):
		// A footnote put in or taken out says something or stops saying
		// it, like any paragraph.
		verb, text := "added", newNorm
		if len(news) == 0 {
			verb, text = "removed", oldNorm
			a = wholeProseVerdict(oldNorm, "")
		} else {
			a = wholeProseVerdict("", newNorm)
		}
		plain := stripMarkdown(text).text
		a.explanation = fmt.Sprintf("%s: a footnote was %s: %s", a.class, verb, quote(plain))
		a.nb = fmt.Sprintf("%s: en fotnote ble %s: %s", classNB(a.class), verbNB(verb), quoteNB(plain))
	case len(olds) == 0 || len(news) == 0:
		if blank(oldNorm) != blank(newNorm) {
			// What analyse finds of one blank side (wholeProse), less
			// the sentences written below: no pair to hash, remember
			// or explain.
			a = wholeProseVerdict(oldNorm, newNorm)
		} else {
			a = r.analyse(oldNorm, newNorm, lang, base)
		}
		b, verb := news, "added"
		if len(news) == 0 {
			b, verb = olds, "removed"
		}
		// Most changes are these: the sentences are joined, not formatted.
		if b[0].Kind == document.Heading {
			a.explanation = string(a.class) + ": a heading was " + verb + ": " + quote(b[0].Plain)
			a.nb = classNB(a.class) + ": en overskrift ble " + verbNB(verb) + ": " + quoteNB(b[0].Plain)
		} else {
			n := countWords(joinField(b, func(b document.Block) string { return b.Plain }))
			a.explanation = string(a.class) + ": " + blockNoun(b[0].Kind) + " was " + verb + " (" + words(n) + ")"
			a.nb = classNB(a.class) + ": " + blockNounNB(blockNoun(b[0].Kind)) + " ble " + verbNB(verb) + " (" + wordsNB(n) + ")"
		}
	case (op.Kind == align.Merged || op.Kind == align.Split) && anyKind(olds, document.ListItem) != anyKind(news, document.ListItem):
		// A list written as running text, or the other way: the
		// separators and conjunctions between items are layout there,
		// and every word must still be proven.
		a = r.analyseIn(oldNorm, newNorm, pairContext{lang: lang, base: base, list: true})
	case len(olds) == 1 && len(news) == 1 && olds[0].Kind == document.TableRow && news[0].Kind == document.TableRow:
		a = r.tableRow(oldNorm, newNorm, lang, base)
	default:
		a = r.analyse(oldNorm, newNorm, lang, base)
		if op.Kind == align.Moved {
			if from, to, ok := sameContext(olds, news); !ok {
				// Moved and edited into another section: the move itself
				// is a change of what the paragraph belongs to.
				a = r.withReason(a, ReasonMovedSection, quote(from)+" → "+quote(to))
			} else {
				a.reasons = addReason(a.reasons, ReasonMoved)
				a.class = Max(a.class, Editorial)
				a.proofs = append(a.proofs, Proof{Kind: ReasonMoved, By: "the same section"})
			}
			a.explanation += " (moved)"
			a.nb += " (flyttet)"
		}
	}
	ch.Class, ch.Reasons, ch.Explanation = a.class, nonNil(a.reasons), a.explanation
	ch.Explanations = explanations(a.nb)
	ch.Proofs = a.proofs
	if ch.Class == Substantive {
		ch.Significance = a.significance
	}
	return ch, true
}

// withReason adds a substantive reason and its evidence to an analysis
// already made, keeping its proofs, and grades it again.
func (r *Rules) withReason(a analysis, reason, evidence string) analysis {
	ev := maps.Clone(a.ev)
	if ev == nil {
		ev = map[string]string{}
	}
	ev[reason] = evidence
	proofs, sig := a.proofs, a.significance
	a = r.finish(analysis{feat: a.feat}, ev)
	a.proofs, a.significance = proofs, max(sig, r.significance(a.feat, a.reasons))
	return a
}

// sameContext reports whether moved blocks keep their section (the
// heading path above them, a heading's own title aside) and their depth in
// a list or quote; from and to name the contexts when they do not.
func sameContext(olds, news []document.Block) (from, to string, ok bool) {
	if len(olds) == 0 || len(news) == 0 {
		return "", "", true
	}
	o, n := olds[0], news[0]
	path := func(b document.Block) []string {
		if b.Kind == document.Heading && len(b.Section) > 0 {
			return b.Section[:len(b.Section)-1]
		}
		return b.Section
	}
	po, pn := path(o), path(n)
	// Headings compare by their words: a heading restyled ("HOW WE USE
	// COOKIES" -> "How we use cookies") is the same section.
	same := len(po) == len(pn)
	for i := 0; same && i < len(po); i++ {
		same = phraseKey(po[i]) == phraseKey(pn[i])
	}
	if same && (o.Kind == document.Heading || o.Level == n.Level) {
		return "", "", true
	}
	name := func(p []string, b document.Block) string {
		s := strings.Join(p, " › ")
		if s == "" {
			s = "the start of the page"
		}
		if b.Kind != document.Heading && b.Level > 1 {
			s += fmt.Sprintf(" (depth %d)", b.Level)
		}
		return s
	}
	return name(po, o), name(pn, n), false
}

// tableRow compares two table rows cell by cell, so that a changed value
// is judged, and quoted, in its own cell and not as a run across the
// row. Rows with another number of cells (a column added or removed) are
// compared whole.
func (r *Rules) tableRow(old, new, lang, base string) analysis {
	oc, nc := cells(old), cells(new)
	if len(oc) != len(nc) {
		// Cells put in or taken out: unless only empty ones at the end
		// went, values now stand under other column headings.
		trim := func(cs []string) []string {
			for len(cs) > 0 && strings.TrimSpace(cs[len(cs)-1]) == "" {
				cs = cs[:len(cs)-1]
			}
			return cs
		}
		a := r.analyse(old, new, lang, base)
		if to, tn := trim(oc), trim(nc); len(to) == len(tn) {
			return a
		}
		return r.withReason(a, ReasonTableColumns, quote(stripMarkdown(old).text)+" -> "+quote(stripMarkdown(new).text))
	}
	if len(oc) < 2 {
		return r.analyse(old, new, lang, base)
	}
	var out analysis
	ev := map[string]string{}
	for i := range oc {
		if oc[i] == nc[i] {
			continue
		}
		if strings.TrimSpace(oc[i]) == strings.TrimSpace(nc[i]) {
			setOnce(ev, ReasonWhitespace, "")
			continue
		}
		var a analysis
		switch {
		case strings.TrimSpace(oc[i]) == "" || strings.TrimSpace(nc[i]) == "":
			a = r.wholeProse(analysis{}, oc[i], nc[i], lang)
			reason := a.reasons[0]
			n := countWords(stripMarkdown(oc[i] + " " + nc[i]).text)
			a.reasons = []string{reason}
			e := fmt.Sprintf("%s -> %s (cell %d, %s)", quote(stripMarkdown(oc[i]).text), quote(stripMarkdown(nc[i]).text), i+1, words(n))
			setOnce(ev, reason, e)
		default:
			a = r.analyse(oc[i], nc[i], lang, base)
		}
		out.proofs = append(out.proofs, a.proofs...)
		out.significance = max(out.significance, a.significance)
		out.feat.Prob = max(out.feat.Prob, a.feat.Prob)
		for _, reason := range a.reasons {
			if _, ok := ev[reason]; !ok {
				ev[reason] = a.evidence(reason)
			}
		}
	}
	sig := out.significance
	out = r.finish(out, ev)
	out.significance = sig
	return out
}

// cells splits a table row's Markdown into its cells, at the pipes that
// are not escaped and not inside code.
func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, "\\|") {
		row = row[:len(row)-1]
	}
	var out []string
	var b strings.Builder
	code := false
	for i := 0; i < len(row); i++ {
		c := row[i]
		switch {
		case c == '\\' && i+1 < len(row) && row[i+1] == '|':
			b.WriteString("\\|")
			i++
			continue
		case c == '`':
			code = !code
		case c == '|' && !code:
			out = append(out, b.String())
			b.Reset()
			continue
		}
		b.WriteByte(c)
	}
	return append(out, b.String())
}

// frontMatter gives one change per front matter key whose value differs.
func (r *Rules) frontMatter(old, new *document.Document, lang string) []Change {
	var of, nf map[string]any
	if old != nil {
		of = old.Front
	}
	if new != nil {
		nf = new.Front
	}
	keys := map[string]bool{}
	for k := range of {
		keys[k] = true
	}
	for k := range nf {
		keys[k] = true
	}
	editorial := r.list("front-matter-editorial", lang)
	var out []Change
	for _, k := range sortedKeys(keys) {
		ov, oOK := of[k]
		nv, nOK := nf[k]
		if oOK == nOK && reflect.DeepEqual(ov, nv) {
			continue
		}
		oStr, nStr := fmValue(ov, oOK), fmValue(nv, nOK)
		if oOK == nOK && oStr == nStr {
			continue
		}
		ch := Change{Op: OpFrontMatter, Section: []string{}, Topics: nonNil(r.topicsOf(oStr, nStr))}
		if oOK {
			ch.Old = &Side{Text: k + ": " + oStr, Lines: fmLines(old, k)}
		}
		if nOK {
			ch.New = &Side{Text: k + ": " + nStr, Lines: fmLines(new, k)}
		}
		ch.Fingerprint = fingerprint(k+": "+oStr, k+": "+nStr)
		if editorial.has(strings.ToLower(k)) {
			ch.Class, ch.Reasons = Editorial, []string{ReasonFrontMatter}
			ch.Proofs = []Proof{{Kind: ReasonFrontMatter, Old: oStr, New: nStr, By: "a key that sets how the page is built, not what it says"}}
			ch.Explanation = fmt.Sprintf("editorial: front matter %s changed: %s -> %s", k, quote(oStr), quote(nStr))
			ch.Explanations = explanations(fmt.Sprintf("redaksjonell: metadatafeltet %s ble endret: %s -> %s", k, quoteNB(oStr), quoteNB(nStr)))
		} else {
			var a analysis
			switch {
			case !oOK:
				a = r.finish(a, map[string]string{ReasonProseAdded: ""})
			case !nOK:
				a = r.finish(a, map[string]string{ReasonProseRemoved: ""})
			default:
				a = r.analyse(oStr, nStr, lang, "")
			}
			ch.Class, ch.Reasons = a.class, nonNil(a.reasons)
			ch.Explanation = fmt.Sprintf("%s: front matter %s changed: %s -> %s (%s)", a.class, k, quote(oStr), quote(nStr), strings.Join(a.reasons, ", "))
			ch.Explanations = explanations(fmt.Sprintf("%s: metadatafeltet %s ble endret: %s -> %s (%s)", classNB(a.class), k, quoteNB(oStr), quoteNB(nStr), strings.Join(a.reasons, ", ")))
		}
		out = append(out, ch)
	}
	return out
}

// fmValue renders a front matter value for quoting and comparing: strings
// as they are, anything else as JSON (which sorts map keys).
func fmValue(v any, ok bool) string {
	if !ok || v == nil {
		return "" // an empty YAML value, such as "description:", is nothing to quote
	}
	if s, isStr := v.(string); isStr {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// fmLines finds the line of a front matter key, for linking; [0, 0] when
// it cannot be found (JSON front matter, nested keys).
func fmLines(d *document.Document, key string) [2]int {
	if d == nil || d.BodyStart > len(d.Source) {
		return [2]int{}
	}
	for i, line := range strings.Split(string(d.Source[:d.BodyStart]), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, key) {
			rest := strings.TrimSpace(t[len(key):])
			if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "=") {
				return [2]int{i + 1, i + 1}
			}
		}
	}
	return [2]int{}
}

func pick(blocks []document.Block, idx []int) []document.Block {
	// Most ops take one block, or a run of them: the blocks themselves
	// then serve, uncopied (they are only read).
	if len(idx) > 0 && idx[0] >= 0 && idx[len(idx)-1] < len(blocks) {
		run := true
		for k := 1; k < len(idx) && run; k++ {
			run = idx[k] == idx[k-1]+1
		}
		if run {
			return blocks[idx[0] : idx[0]+len(idx) : idx[0]+len(idx)]
		}
	}
	var out []document.Block
	for _, i := range idx {
		if i >= 0 && i < len(blocks) {
			out = append(out, blocks[i])
		}
	}
	return out
}

func side(blocks []document.Block) *Side {
	if len(blocks) == 0 {
		return nil
	}
	return &Side{
		Text:  joinField(blocks, func(b document.Block) string { return b.Text }),
		Lines: [2]int{blocks[0].Line, blocks[len(blocks)-1].EndLine},
	}
}

func joinField(blocks []document.Block, f func(document.Block) string) string {
	if len(blocks) == 1 {
		return f(blocks[0])
	}
	parts := make([]string, len(blocks))
	for i, b := range blocks {
		parts[i] = f(b)
	}
	return strings.Join(parts, "\n\n")
}

func anyKind(blocks []document.Block, k document.Kind) bool {
	for _, b := range blocks {
		if b.Kind == k {
			return true
		}
	}
	return false
}

func hasWords(blocks []document.Block) bool {
	for _, b := range blocks {
		// tokenize makes a word of every letter or digit and of nothing
		// else, so finding one is enough (and allocates nothing).
		if strings.IndexFunc(withoutAttrLists(b.Plain), isWordRune) >= 0 {
			return true
		}
	}
	return false
}

// fingerprint names a change stably across runs: the first 12 hex digits
// of the SHA-256 of the old and new normalised text.
func fingerprint(oldNorm, newNorm string) string {
	// Most pairs are joined on the stack; longer ones are hashed as they
	// are rather than copied.
	var sum [sha256.Size]byte
	var stack [1024]byte
	if len(oldNorm)+1+len(newNorm) <= len(stack) {
		sum = sha256.Sum256(append(append(append(stack[:0], oldNorm...), 0), newNorm...))
	} else {
		// Through the stack buffer: the hash would copy a string it is
		// given whole.
		h := sha256.New()
		buf := stack[:0]
		for _, part := range [...]string{oldNorm, "\x00", newNorm} {
			for part != "" {
				if len(buf) == cap(buf) {
					h.Write(buf)
					buf = buf[:0]
				}
				n := copy(buf[len(buf):cap(buf)], part)
				buf, part = buf[:len(buf)+n], part[n:]
			}
		}
		h.Write(buf)
		h.Sum(sum[:0])
	}
	var digits [12]byte
	hex.Encode(digits[:], sum[:6])
	return string(digits[:])
}

func addReason(reasons []string, r string) []string {
	for _, x := range reasons {
		if x == r {
			return reasons
		}
	}
	out := append(clone(reasons), r)
	sortStrings(out)
	return out
}

func clone(s []string) []string {
	out := make([]string, len(s))
	copy(out, s)
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sortStrings(s []string) { sort.Strings(s) }

func blockNoun(k document.Kind) string {
	switch k {
	case document.ListItem:
		return "a list item"
	case document.TableRow:
		return "a table row"
	case document.Code:
		return "a code block"
	case document.Quote:
		return "a quoted paragraph"
	case document.HTML:
		return "an HTML block"
	}
	return "a paragraph"
}
