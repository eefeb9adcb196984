package align

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words diffs two texts token by token (see Tokenize) and returns the spans
// of the result. Joining the equal and deleted spans gives old exactly;
// joining the equal and inserted spans gives new exactly. Within a change
// the deleted span comes before the inserted one, and no two neighbouring
// spans have the same op.
//
// After the token diff, short equal runs caught between two larger changes
// are folded into them, so "Vi skal ikke overføre" -> "Vi kan overføre"
// reads as "skal ikke" replaced by "kan" and not as two edits with a space
// kept in between; a pure insertion or deletion is slid, where the text
// allows, to start at a word.
//
// A side with more than opt.MaxTokens tokens is not diffed word by word:
// see Options.MaxTokens and coarse.
func Words(old, new string, opt Options) []Span {
	if old == new {
		if old == "" {
			return nil
		}
		return []Span{{Op: SpanEqual, Text: old}}
	}
	limit := opt.MaxTokens
	if limit <= 0 {
		limit = DefaultMaxTokens
	}
	if moreTokens(old, limit) || moreTokens(new, limit) {
		return coarse(old, new)
	}
	// ends[k] is where token k starts, ends[k+1] where it ends.
	endsA := tokenEnds(old, make([]int, 1, len(old)/4+2))
	endsB := tokenEnds(new, make([]int, 1, len(new)/4+2))

	intern := make(map[string]int32)
	ids := func(s string, ends []int) []int32 {
		out := make([]int32, len(ends)-1)
		for k := range out {
			t := s[ends[k]:ends[k+1]]
			id, ok := intern[t]
			if !ok {
				id = int32(len(intern))
				intern[t] = id
			}
			out[k] = id
		}
		return out
	}
	a, b := ids(old, endsA), ids(new, endsB)
	hs := diffIDs(a, b, len(intern), opt.Timeout)
	w := tokenWeights{wa: weights(old, endsA), wb: weights(new, endsB)}
	return toSpans(old, new, endsA, endsB, a, b, w, hs)
}

// toSpans tidies the token diff hs of old and new (tokens ending at endsA
// and endsB, with ids a and b and weights w) and turns it into spans.
func toSpans(old, new string, endsA, endsB []int, a, b []int32, w tokenWeights, hs []hunk) []Span {
	hs = w.foldEqualities(hs)
	hs = factorChanges(hs, a, b)
	hs = w.slide(hs, a, b)

	spans := make([]Span, 0, 2*len(hs)) // at most a deletion and an insertion a hunk
	add := func(op SpanOp, text string) {
		if text == "" {
			return
		}
		if n := len(spans); n > 0 && spans[n-1].Op == op {
			spans[n-1].Text += text
			return
		}
		spans = append(spans, Span{Op: op, Text: text})
	}
	for _, h := range hs {
		if h.eq {
			add(SpanEqual, old[endsA[h.a0]:endsA[h.a1]])
			continue
		}
		add(SpanDelete, old[endsA[h.a0]:endsA[h.a1]])
		add(SpanInsert, new[endsB[h.b0]:endsB[h.b1]])
	}
	return spans
}

// weights returns prefix sums of token weights: whitespace weighs nothing,
// any other token one.
func weights(s string, ends []int) []int {
	ps := make([]int, len(ends))
	for k := 1; k < len(ends); k++ {
		ps[k] = ps[k-1]
		if !isSpaceToken(s[ends[k-1]:ends[k]]) {
			ps[k]++
		}
	}
	return ps
}

func isSpaceToken(t string) bool {
	r, w := utf8.DecodeRuneInString(t)
	return !(r == utf8.RuneError && w <= 1) && unicode.IsSpace(r)
}

type tokenWeights struct{ wa, wb []int }

func (w tokenWeights) size(h hunk) int {
	return max(w.wa[h.a1]-w.wa[h.a0], w.wb[h.b1]-w.wb[h.b0])
}

// foldEqualities folds an equal run into the changes on both sides of it
// when it holds no words (only whitespace) or fewer than either change.
// One word kept between two one-word replacements stays, so light edits
// keep their context; a heavily rewritten sentence becomes one replacement.
func (w tokenWeights) foldEqualities(hs []hunk) []hunk {
	out := hs[:0] // in place: each hunk read adds at most one
	for _, h := range hs {
		if h.eq {
			out = append(out, h)
			continue
		}
		cur := h
		for n := len(out); n >= 2 && out[n-1].eq && !out[n-2].eq; n = len(out) {
			e, c := out[n-1], out[n-2]
			we := w.wa[e.a1] - w.wa[e.a0]
			if we != 0 && (we >= w.size(c) || we >= w.size(cur)) {
				break
			}
			cur = hunk{false, c.a0, cur.a1, c.b0, cur.b1}
			out = out[:n-2]
		}
		out = append(out, cur)
	}
	return out
}

// factorChanges moves tokens common to the start or the end of both sides
// of a change out into the neighbouring equal runs, so a replacement never
// claims to delete and re-insert the same space.
func factorChanges(hs []hunk, a, b []int32) []hunk {
	out := make([]hunk, 0, len(hs))
	emit := func(eq bool, a0, a1, b0, b1 int) {
		if a0 == a1 && b0 == b1 {
			return
		}
		if n := len(out); n > 0 && out[n-1].eq == eq {
			out[n-1].a1, out[n-1].b1 = a1, b1
			return
		}
		out = append(out, hunk{eq, a0, a1, b0, b1})
	}
	for _, h := range hs {
		if h.eq {
			emit(true, h.a0, h.a1, h.b0, h.b1)
			continue
		}
		a0, a1, b0, b1 := h.a0, h.a1, h.b0, h.b1
		p := 0
		for a0+p < a1 && b0+p < b1 && a[a0+p] == b[b0+p] {
			p++
		}
		emit(true, a0, a0+p, b0, b0+p)
		a0, b0 = a0+p, b0+p
		s := 0
		for a1-s > a0 && b1-s > b0 && a[a1-s-1] == b[b1-s-1] {
			s++
		}
		emit(false, a0, a1-s, b0, b1-s)
		emit(true, a1-s, a1, b1-s, b1)
	}
	return out
}

// slide moves each pure insertion or deletion along the equal text around
// it (where the same tokens repeat, several places give the same texts) to
// the place where it starts with a word after a space: "a [foo ]b" rather
// than "a[ foo] b". It never empties a neighbouring equal run.
func (w tokenWeights) slide(hs []hunk, a, b []int32) []hunk {
	const reach = 16
	for k := 1; k+1 < len(hs); k++ {
		h := hs[k]
		if h.eq || (h.a0 != h.a1 && h.b0 != h.b1) {
			continue
		}
		prev, next := hs[k-1], hs[k+1]
		// x is the side that holds the edited tokens.
		x, s, e, ws := b, h.b0, h.b1, w.wb
		if h.b0 == h.b1 {
			x, s, e, ws = a, h.a0, h.a1, w.wa
		}
		score := func(s int) int {
			sc := 0
			if ws[s+1] > ws[s] { // starts with a non-space token
				sc += 2
			}
			if s == 0 || ws[s] == ws[s-1] { // after a space or at the start
				sc++
			}
			return sc
		}
		best, bestScore := 0, score(s)
		for d := 1; d <= reach && d < prev.a1-prev.a0 && x[s-d] == x[e-d]; d++ {
			if sc := score(s - d); sc > bestScore {
				best, bestScore = -d, sc
			}
		}
		for d := 1; d <= reach && d < next.a1-next.a0 && x[s+d-1] == x[e+d-1]; d++ {
			if sc := score(s + d); sc > bestScore || (sc == bestScore && best != 0 && d < -best) {
				best, bestScore = d, sc
			}
		}
		if best == 0 {
			continue
		}
		hs[k-1].a1 += best
		hs[k-1].b1 += best
		hs[k].a0 += best
		hs[k].a1 += best
		hs[k].b0 += best
		hs[k].b1 += best
		hs[k+1].a0 += best
		hs[k+1].b0 += best
	}
	return hs
}

// moreTokens reports whether s has more than limit tokens, scanning no
// further than the token after the limit.
func moreTokens(s string, limit int) bool {
	if len(s) <= limit {
		return false // a token takes at least a byte
	}
	n := 0
	for i := 0; i < len(s); i += tokenLen(s, i) {
		if n++; n > limit {
			return true
		}
	}
	return false
}

// coarse is the word diff of texts too large to diff token by token: the
// longest common start and end, cut back to whole lines (or, in texts
// without a newline, such as a block's Norm, to whitespace), are equal,
// and what lies between is one deletion and one insertion. It reads each
// text once and allocates only the spans, so the caller sees one bounded
// edit however large the texts.
func coarse(old, new string) []Span {
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	if p < len(old) || p < len(new) {
		p = cutBack(old[:p])
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	if s < len(old)-p || s < len(new)-p {
		s = cutForward(old[len(old)-s:])
	}
	var spans []Span
	for _, sp := range []Span{
		{SpanEqual, old[:p]},
		{SpanDelete, old[p : len(old)-s]},
		{SpanInsert, new[p : len(new)-s]},
		{SpanEqual, old[len(old)-s:]},
	} {
		if sp.Text != "" {
			spans = append(spans, sp)
		}
	}
	return spans
}

// cutBack returns the length of the longest start of the common prefix
// pre that ends after a newline or, when pre holds none, after a space or
// tab. The bytes cut on are ASCII, so no rune is split.
func cutBack(pre string) int {
	if i := strings.LastIndexByte(pre, '\n'); i >= 0 {
		return i + 1
	}
	return strings.LastIndexAny(pre, " \t") + 1
}

// cutForward returns the length of the longest end of the common suffix
// suf that starts at a newline or, when suf holds none, at a space or tab.
func cutForward(suf string) int {
	if i := strings.IndexByte(suf, '\n'); i >= 0 {
		return len(suf) - i
	}
	if i := strings.IndexAny(suf, " \t"); i >= 0 {
		return len(suf) - i
	}
	return 0
}
