package align

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/digdir/redline/internal/document"
)

// tokenized is a block's Norm cut into tokens (see Tokenize) once per
// Blocks call: the word set and the word diff of the block both read it.
type tokenized struct {
	ends []int   // ends[k] is where token k starts, ends[k+1] where it ends; nil until cut
	ids  []int32 // token ids, shared by all blocks of the Blocks call
}

// Kinds of token, by their first rune, as wordSet and weights see them.
const (
	tokSpace   uint8 = iota // white space: no weight, not in word sets
	tokInvalid              // an invalid UTF-8 byte: weighs one, not in word sets
	tokWord                 // starts with a letter, digit or mark
	tokOther                // punctuation and markup
)

func tokenKind(t string) uint8 {
	r, w := utf8.DecodeRuneInString(t)
	switch {
	case r == utf8.RuneError && w <= 1:
		return tokInvalid
	case unicode.IsSpace(r):
		return tokSpace
	case isWordRune(r):
		return tokWord
	}
	return tokOther
}

// tokens cuts s into tokens and interns them. ok is false when s has more
// than MaxTokens tokens: such a block is not diffed word by word (see
// coarse), so cutting it would only cost memory.
func (a *aligner) tokens(s string) (tk tokenized, ok bool) {
	if moreTokens(s, a.opt.MaxTokens) {
		return tokenized{}, false
	}
	if !a.cutting {
		a.cutting = true
		hint := a.vocabHint()
		if a.tokID == nil {
			a.tokID = make(map[string]int32, hint)
		}
		// Prose has about one token in three bytes: words and the
		// spaces between them.
		if n := a.restBytes/3 + 16; cap(a.ends) < n {
			a.ends = make([]int, 0, n)
			a.ids = make([]int32, 0, n)
		}
		// At most every other token is a word.
		if n := a.restBytes/6 + 16; cap(a.sets) < n {
			a.sets = make([]int32, 0, n)
		}
	}
	// The blocks' tokens share two arenas: one allocation for many small
	// blocks. A block's part is capped, so nothing appends into the next.
	lo := len(a.ends)
	a.ends = tokenEnds(s, append(a.ends, 0))
	tk.ends = a.ends[lo:len(a.ends):len(a.ends)]
	lo = len(a.ids)
	a.ids = append(a.ids, make([]int32, len(tk.ends)-1)...)
	tk.ids = a.ids[lo:len(a.ids):len(a.ids)]
	for k := range tk.ids {
		t := s[tk.ends[k]:tk.ends[k+1]]
		if len(t) == 1 && a.byteTok[t[0]] > 0 {
			tk.ids[k] = a.byteTok[t[0]] - 1
			continue
		}
		id, seen := a.tokID[t]
		if !seen {
			id = int32(len(a.tokID))
			a.tokID[t] = id
			a.tokKind = append(a.tokKind, tokenKind(t))
			a.tokWord = append(a.tokWord, -1)
		}
		if len(t) == 1 {
			a.byteTok[t[0]] = id + 1
		}
		tk.ids[k] = id
	}
	return tk, true
}

// blockInfo caches what the aligner learns about one unmatched block.
// Only blocks left unmatched by matchEqual get one, so a version that
// changed little costs little.
type blockInfo struct {
	cut    bool // tokens tried: tk.ends is nil when the block has too many
	tk     tokenized
	hasSet bool
	set    []int32 // word set, see wordSet
}

func (a *aligner) infoOf(slots []int32, i int) *blockInfo {
	if slots[i] == 0 {
		if len(a.info) == 0 {
			// Only blocks not Equal get one.
			a.info = slices.Grow(a.info, len(a.restOld)+len(a.restNew))
		}
		a.info = append(a.info, blockInfo{})
		slots[i] = int32(len(a.info))
	}
	return &a.info[slots[i]-1]
}

func (a *aligner) blockTokens(slots []int32, bs []document.Block, i int) (tokenized, bool) {
	in := a.infoOf(slots, i)
	if !in.cut {
		in.tk, _ = a.tokens(bs[i].Norm)
		in.cut = true
	}
	return in.tk, in.tk.ends != nil
}

func (a *aligner) blockWordSet(slots []int32, bs []document.Block, i int) []int32 {
	if in := a.infoOf(slots, i); in.hasSet {
		return in.set
	}
	var set []int32
	if tk, ok := a.blockTokens(slots, bs, i); ok {
		set = a.blockSet(bs[i].Norm, tk)
	} else {
		set = a.wordSet(bs[i].Norm)
	}
	// Fetched again: the calls above may have grown a.info.
	in := a.infoOf(slots, i)
	in.set, in.hasSet = set, true
	return set
}

func (a *aligner) oldTokens(i int) (tokenized, bool) { return a.blockTokens(a.slotOld, a.old, i) }
func (a *aligner) newTokens(j int) (tokenized, bool) { return a.blockTokens(a.slotNew, a.new, j) }
func (a *aligner) oldSet(i int) []int32              { return a.blockWordSet(a.slotOld, a.old, i) }
func (a *aligner) newSet(j int) []int32              { return a.blockWordSet(a.slotNew, a.new, j) }

// blockSet is wordSet for a block whose tokens are cut: the same set,
// with ids given in the same order (so that the word ids, and with them
// the order in which matchMovedEdited tries pairs, stay what they were),
// but each distinct token is lower-cased and looked up once.
//
// Repeats are dropped as they come, by marking each word with the serial
// of the set that last took it, and only the words known before the block
// are sorted: a word new in the block gets the next id, so the new ones
// come in ascending order, above all the others. The set is cut from an
// arena, as the tokens are.
func (a *aligner) blockSet(s string, tk tokenized) []int32 {
	a.serial++
	base := int32(len(a.words)) // the ids from here on are new in this block
	lo := len(a.sets)
	sets, fresh := a.sets, a.fresh[:0] // the known words go to the arena
	var other []int32
	for k, id := range tk.ids {
		kind := a.tokKind[id]
		if kind == tokSpace || kind == tokInvalid || kind == tokOther && len(sets)-lo+len(fresh) > 0 {
			continue
		}
		w := a.tokWord[id]
		if w < 0 {
			w = a.wordID(s[tk.ends[k]:tk.ends[k+1]])
			a.tokWord[id] = w
		}
		if kind != tokWord {
			other = append(other, w)
			continue
		}
		if int(w) >= len(a.mark) {
			a.mark = append(a.mark, make([]int32, len(a.words)-len(a.mark))...)
		}
		if a.mark[w] == a.serial {
			continue
		}
		a.mark[w] = a.serial
		if w < base {
			sets = append(sets, w)
		} else {
			fresh = append(fresh, w)
		}
	}
	a.fresh = fresh
	if len(sets) == lo && len(fresh) == 0 {
		return sortedSet(other)
	}
	if known := sets[lo:]; int(base) <= 4*len(known) {
		// Few words are known beyond the block's: reading them off the
		// marks in id order costs less than sorting.
		sets = sets[:lo]
		for w, m := range a.mark[:min(int(base), len(a.mark))] {
			if m == a.serial {
				sets = append(sets, int32(w))
			}
		}
	} else {
		slices.Sort(known)
	}
	a.sets = append(sets, fresh...)
	return a.sets[lo:len(a.sets):len(a.sets)]
}

// tokenWeightsOf is weights for cut tokens, into buf (grown as needed).
func (a *aligner) tokenWeightsOf(buf []int, ids []int32) []int {
	ps := slices.Grow(buf[:0], len(ids)+1)[:len(ids)+1]
	ps[0] = 0
	for k, id := range ids {
		ps[k+1] = ps[k]
		if a.tokKind[id] != tokSpace {
			ps[k+1]++
		}
	}
	return ps
}

// blockWords is Words for the Norms of old block i and new block j,
// reusing their cut tokens and the aligner's differ.
func (a *aligner) blockWords(i, j int) []Span {
	old, new := a.old[i].Norm, a.new[j].Norm
	if old == new {
		return Words(old, new, a.opt)
	}
	tka, okA := a.oldTokens(i)
	tkb, okB := a.newTokens(j)
	if !okA || !okB {
		return Words(old, new, a.opt) // coarse
	}
	hs := a.diffIDs(tka.ids, tkb.ids, len(a.tokID))
	// The weights are only read while the spans are made: one pair of
	// buffers serves all of a Blocks call.
	a.wa, a.wb = a.tokenWeightsOf(a.wa, tka.ids), a.tokenWeightsOf(a.wb, tkb.ids)
	return toSpans(old, new, tka.ends, tkb.ends, tka.ids, tkb.ids, tokenWeights{wa: a.wa, wb: a.wb}, hs)
}

// vocabHint guesses how many distinct tokens the unmatched blocks hold
// (and sets restBytes, the length of their text),
// to size the maps once: a map made too large for a one-paragraph change
// costs more than the change.
func (a *aligner) vocabHint() int {
	if a.hint == 0 {
		n := 0
		for _, i := range a.restOld {
			if a.opOld[i] < 0 {
				n += len(a.old[i].Norm)
			}
		}
		for _, j := range a.restNew {
			if a.opNew[j] < 0 {
				n += len(a.new[j].Norm)
			}
		}
		a.hint = min(n/8, 1<<14) + 8
		a.restBytes = n
	}
	return a.hint
}
