package align

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/digdir/redline/internal/document"
)

// Options tunes the aligner. The zero value is not useful on its own:
// Blocks and Words replace a zero MinSimilarity or MaxPairs by the default.
type Options struct {
	// Timeout is go-diff's DiffTimeout for each diff it runs. Zero means no
	// timeout, so results never depend on machine load; the work is bounded
	// by token counts instead (see seq.go), and the diffs are go-diff's as
	// package myers computes them.
	Timeout time.Duration
	// MinSimilarity is the Dice coefficient over word sets at or above
	// which an unmatched old and new block in the same region are paired
	// as Modified. Blocks paired across regions (Moved, Edited) need
	// MinSimilarity + (1-MinSimilarity)/3, because a paragraph far away
	// sharing common words is more often new text than a moved one.
	// Blocks left over in the same place between the same neighbours
	// need less (see lineUp).
	MinSimilarity float64
	// MaxPairs caps the similarity comparisons made for one document pair.
	// Regions too large for the remaining budget pair blocks by position;
	// moved-and-edited blocks are then only sought among blocks sharing a
	// rare word.
	MaxPairs int
	// MaxTokens caps the tokens (see Tokenize) a word diff takes on
	// either side. Above it Words does not diff word by word: it keeps
	// the common start and end of the two texts and reports the rest as
	// one deletion and one insertion, so the work and memory stay linear
	// in the text (a 50 MB code block with one line changed took minutes
	// and gigabytes word by word). It sits beside document.DefaultLimits:
	// a page within those limits may hold one block far above this cap.
	// Zero means DefaultMaxTokens.
	MaxTokens int
}

// DefaultMaxTokens is the default of Options.MaxTokens: about 1 MB of
// prose, far above any real paragraph (the DPIA's largest is a few
// hundred words).
const DefaultMaxTokens = 200_000

// DefaultOptions returns the settings redline uses.
func DefaultOptions() Options {
	return Options{Timeout: 0, MinSimilarity: 0.5, MaxPairs: 250_000, MaxTokens: DefaultMaxTokens}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.MinSimilarity <= 0 || o.MinSimilarity > 1 {
		o.MinSimilarity = d.MinSimilarity
	}
	if o.MaxPairs <= 0 {
		o.MaxPairs = d.MaxPairs
	}
	if o.MaxTokens <= 0 {
		o.MaxTokens = d.MaxTokens
	}
	if o.Timeout < 0 {
		o.Timeout = 0
	}
	return o
}

// Tuning constants for split and merge detection.
const (
	// A part of a split must have at least this share of its words in the
	// old block (or, for a merge, in the new one).
	partContainment = 0.6
	// Each further part must raise the similarity of the joined parts by
	// at least this much, so an unrelated neighbour is not swallowed.
	partGain = 0.02
	// Postings longer than this are ignored when looking for moved and
	// edited blocks by shared words: common words pair everything.
	maxPosting = 64
)

// Tuning constants for lining up the blocks left over in a region (see
// lineUp).
const (
	// A block of at most this many words is short: too few for word
	// overlap to tell an edit from a replacement ("Sist oppdatert: 30.
	// januar 2023" -> "Sist oppdatert: 1. mars 2024" shares two words of
	// five), so where a short old and new block stand in the same place,
	// the place decides.
	shortWords = 12
	// Long blocks in the same place need this share of MinSimilarity.
	// On the IteraTeR revisions longer than shortWords, 0.4 (with the
	// default 0.5) misses 1.9% of revisions instead of 3.1% and pairs
	// 0.06% of unrelated sentences, the same as 0.5; no two paragraphs of
	// the DPIA summary reach it (the closest score 0.37), so a paragraph
	// replaced by another on the same subject stays removed and added.
	lineUpShare = 0.8
	// A gap with more blocks than this on a side is not lined up: so long
	// a run, replaced block for block, is a rewritten passage (or another
	// document), and pairing it by position would only be a guess.
	maxLineUp = 16
)

// joinSep joins the Norm texts of a Split or Merged op before the word
// diff. Norm never holds a newline, so the inline diff shows exactly where
// the paragraph breaks were added or removed, and a renderer can cut the
// joined side back into its blocks at "\n\n".
const joinSep = "\n\n"

// Blocks aligns the blocks of two versions of a document and returns the
// operations in the new document's order; a Removed op stands where the
// block stood in the old document, after the ops of the blocks before it.
// Every old index and every new index appears in exactly one op.
//
// The steps: blocks with the same Norm are matched in order by a diff over
// one symbol per distinct Norm (Equal; Reflowed when only whitespace in the
// source changed). The Equal blocks cut both documents into regions. An
// unmatched block whose Norm also sits unmatched on the other side is
// Moved. Within a region, an old block covered by consecutive new blocks is
// Split (and the reverse Merged; a heading folded into the bold lead-in of
// the paragraph under it is one of these), then the rest pair best-first
// by similarity (Modified); pairs across regions become Moved with Edited
// set. Blocks still left that stand in the same place between the same
// neighbours are paired by place (Modified, see lineUp): a short line
// changed in place is an edit even when most of its words changed. What is
// left is Added or Removed.
func Blocks(old, new []document.Block, opt Options) []Op {
	return align(old, new, opt.withDefaults(), false)
}

// Changes is Blocks without the Equal ops that are not Reflowed: the ops
// that change something, in the same order. In a history most blocks of
// a version are the last's, so a caller that only classifies changes is
// spared an op for each of them.
func Changes(old, new []document.Block, opt Options) []Op {
	return align(old, new, opt.withDefaults(), true)
}

// alignerPool keeps aligners between runs. A history aligns one version
// after another, mostly of pages of a few blocks with one changed, where
// making the interning maps, arenas, op list and per-block slices afresh
// each time cost more than the alignment itself. An aligner whose maps,
// arenas or other buffers grew past maxScratch is not kept, so what the
// pool holds stays small.
var alignerPool = sync.Pool{New: func() any { return new(aligner) }}

const maxScratch = 1 << 15 // entries of a map, an arena or another buffer

// align runs an aligner from the pool on old and new, and gives it back.
func align(old, new []document.Block, opt Options, changesOnly bool) []Op {
	a := alignerPool.Get().(*aligner)
	a.reset(old, new, opt, changesOnly)
	ops := a.run()
	nid := 0
	if a.differ != nil {
		nid = len(a.differ.cntA)
	}
	if max(len(old), len(new), len(a.norms), len(a.normOf), len(a.words), len(a.tokID), cap(a.ends), cap(a.ids), cap(a.sets),
		cap(a.mark), cap(a.probe.mark), nid, cap(a.pairs), cap(a.wa), cap(a.wb)) <= maxScratch {
		a.release()
		alignerPool.Put(a)
	}
	return ops
}

// reset readies a for a run on old and new: every field starts as in a
// new aligner, except that the buffers of the last run are kept, emptied
// (release left the maps clear; the marks are zeroed as they grow).
func (a *aligner) reset(old, new []document.Block, opt Options, changesOnly bool) {
	*a = aligner{
		old: old, new: new, opt: opt, budget: opt.MaxPairs, changesOnly: changesOnly,
		ops:     a.ops[:0],
		opOld:   filled(a.opOld, len(old), -1),
		opNew:   filled(a.opNew, len(new), -1),
		restOld: a.restOld[:0], restNew: a.restNew[:0],
		regOld: filled(a.regOld, len(old), 0), regNew: filled(a.regNew, len(new), 0),
		inOld: a.inOld[:0], inNew: a.inNew[:0],
		seqOld: a.seqOld, seqNew: a.seqNew, ro: a.ro, rn: a.rn, pairs: a.pairs,
		norms: a.norms, normOf: a.normOf[:0], words: a.words,
		lower:   slices.Grow(a.lower[:0], 64),
		slotOld: filled(a.slotOld, len(old), 0), slotNew: filled(a.slotNew, len(new), 0),
		info:  a.info[:0],
		tokID: a.tokID, tokKind: a.tokKind[:0], tokWord: a.tokWord[:0],
		differ: a.differ, wa: a.wa, wb: a.wb,
		ends: a.ends[:0], ids: a.ids[:0], sets: a.sets[:0],
		mark: a.mark[:0], fresh: a.fresh[:0], probe: probe{mark: a.probe.mark[:0]},
	}
}

// release clears what would keep the documents of the run alive, or
// mislead the next: the maps, the Norms and the ops (which hold the word
// diffs).
func (a *aligner) release() {
	a.old, a.new = nil, nil
	clear(a.ops)
	clear(a.norms)
	clear(a.normOf)
	clear(a.words)
	clear(a.tokID)
}

type aligner struct {
	old, new []document.Block
	opt      Options
	budget   int
	// changesOnly leaves out the Equal ops that are not Reflowed (see
	// Changes).
	changesOnly bool

	ops []Op // all but the Equal ops, which order makes
	// opOld is the index in ops of the op of each old block, -1 while
	// unmatched, or equalOp + the new block's index for an Equal block.
	opOld   []int
	opNew   []int
	nequal  int
	restOld []int // blocks not Equal, in order
	restNew []int
	regOld  []int // region of each old block not in an Equal op
	regNew  []int
	nreg    int
	inOld   [][]int // blocks of each region, in order (parts of restOld)
	inNew   [][]int
	seqOld  []int32 // scratch for matchEqual's Norm ids
	seqNew  []int32
	ro, rn  []int            // scratch for unmatchedIn
	pairs   []pair           // scratch for similarPairs
	norms   map[uint64]int32 // Norm's hash -> id for matchEqual, made on first use (or kept from the last run)
	normOf  []string         // the Norm of each id
	clashes map[string]int32 // Norm -> id for a Norm whose hash another had first
	words   map[string]int32 // lower-cased word -> id, made on first use (or kept from the last run)
	lower   []byte           // scratch for wordID

	slotOld   []int32 // 1 + index in info of a block's cache, 0 for none yet
	slotNew   []int32
	info      []blockInfo
	tokID     map[string]int32 // token -> id, made on first use (or kept from the last run)
	cutting   bool             // tokID and the arenas are set up
	tokKind   []uint8          // kind of each token id
	tokWord   []int32          // word id of each token id, -1 until looked up
	byteTok   [256]int32       // 1 + the id of each one-byte token seen, so that a space skips tokID
	differ    *differ          // scratch for the diffs, made on first use (or kept from the last run)
	wa, wb    []int            // scratch for the token weights of the word diffs
	hint      int              // see vocabHint
	restBytes int
	ends      []int // arenas for the blocks' tokens
	ids       []int32
	sets      []int32 // arena for the blocks' word sets

	// Scratch for blockSet: the serial of its current call, for each word
	// id the serial of the last call that took the word, and the words
	// new in the block.
	serial int32
	mark   []int32
	fresh  []int32
	probe  probe // see wordIndex.count
}

// run aligns the blocks (see Blocks) and returns the ops.
func (a *aligner) run() []Op {
	a.matchEqual()
	a.matchMovedUnchanged()
	for r := 0; r < a.nreg; r++ {
		a.region(r)
	}
	a.matchMovedEdited()
	for r := 0; r < a.nreg; r++ {
		a.lineUpRegion(r)
	}
	for _, i := range a.restOld {
		if a.opOld[i] < 0 {
			a.add(Op{Kind: Removed, Old: []int{i}})
		}
	}
	for _, j := range a.restNew {
		if a.opNew[j] < 0 {
			a.add(Op{Kind: Added, New: []int{j}})
		}
	}
	a.inline()
	return a.order()
}

// equalOp marks an Equal block in opOld and opNew: far above any op
// index, so that a matched block is still one with an index >= 0.
const equalOp = 1 << 30

// filled returns n copies of v, in buf when it has room.
func filled[T int | int32](buf []T, n int, v T) []T {
	s := slices.Grow(buf[:0], n)[:n]
	for i := range s {
		s[i] = v
	}
	return s
}

// normID interns b's Norm for matchEqual by the hash document made of it
// at parse (see Block.NormHash), which ParseNext keeps with the blocks it
// keeps: hashing the Norms here, in every comparison, hashed most blocks
// of a history over and over. Two Norms of one hash are told apart by
// their text.
func (a *aligner) normID(b *document.Block) int32 {
	h := normHash(b)
	id, ok := a.norms[h]
	switch {
	case !ok:
		id = int32(len(a.normOf))
		a.norms[h] = id
		a.normOf = append(a.normOf, b.Norm)
	case a.normOf[id] != b.Norm:
		if id, ok = a.clashes[b.Norm]; !ok {
			if a.clashes == nil {
				a.clashes = make(map[string]int32)
			}
			id = int32(len(a.normOf))
			a.clashes[b.Norm] = id
			a.normOf = append(a.normOf, b.Norm)
		}
	}
	return id
}

// normHash is Block.NormHash, a variable for the test that makes Norms
// share hashes.
var normHash = (*document.Block).NormHash

func (a *aligner) add(op Op) {
	k := len(a.ops)
	for _, i := range op.Old {
		a.opOld[i] = k
	}
	for _, j := range op.New {
		a.opNew[j] = k
	}
	a.ops = append(a.ops, op)
}

// matchEqual diffs the two documents as sequences of Norm symbols. In a
// history most blocks of a version equal the last's, so the common start
// and end are matched by comparing Norms in place, and only the blocks
// between them get symbols (the diff trims the same start and end itself,
// so the result is the same as diffing everything).
func (a *aligner) matchEqual() {
	n, m := len(a.old), len(a.new)
	p := 0
	for p < n && p < m && a.old[p].Norm == a.new[p].Norm {
		p++
	}
	s := 0
	for s < n-p && s < m-p && a.old[n-1-s].Norm == a.new[m-1-s].Norm {
		s++
	}
	hunks := make([]hunk, 0, 8)
	if p > 0 {
		hunks = append(hunks, hunk{true, 0, p, 0, p})
	}
	switch {
	case p+s == n && p+s == m:
	case p+s == n || p+s == m:
		hunks = append(hunks, hunk{false, p, n - s, p, m - s})
	default:
		if a.norms == nil {
			a.norms = make(map[uint64]int32, n+m-2*(p+s))
		}
		seq := func(buf []int32, bs []document.Block) []int32 {
			for k := range bs {
				buf = append(buf, a.normID(&bs[k]))
			}
			return buf
		}
		a.seqOld, a.seqNew = seq(a.seqOld[:0], a.old[p:n-s]), seq(a.seqNew[:0], a.new[p:m-s])
		for _, h := range a.diffIDs(a.seqOld, a.seqNew, len(a.normOf)) {
			h.a0, h.a1, h.b0, h.b1 = h.a0+p, h.a1+p, h.b0+p, h.b1+p
			if k := len(hunks) - 1; k >= 0 && hunks[k].eq == h.eq {
				hunks[k].a1, hunks[k].b1 = h.a1, h.b1
				continue
			}
			hunks = append(hunks, h)
		}
	}
	if s > 0 {
		if k := len(hunks) - 1; k >= 0 && hunks[k].eq {
			hunks[k].a1, hunks[k].b1 = n, m
		} else {
			hunks = append(hunks, hunk{true, n - s, n, m - s, m})
		}
	}
	// The Equal ops are only made in order, in the new document's order;
	// until then opOld and opNew hold the pairs.
	// Each change hunk is a region (hunks of one kind never touch).
	for _, h := range hunks {
		if !h.eq {
			reg := len(a.inOld)
			lo, ln := len(a.restOld), len(a.restNew)
			for i := h.a0; i < h.a1; i++ {
				a.regOld[i] = reg
				a.restOld = append(a.restOld, i)
			}
			for j := h.b0; j < h.b1; j++ {
				a.regNew[j] = reg
				a.restNew = append(a.restNew, j)
			}
			a.inOld = append(a.inOld, a.restOld[lo:len(a.restOld):len(a.restOld)])
			a.inNew = append(a.inNew, a.restNew[ln:len(a.restNew):len(a.restNew)])
			continue
		}
		for k := 0; k < h.a1-h.a0; k++ {
			a.opOld[h.a0+k], a.opNew[h.b0+k] = equalOp+h.b0+k, equalOp+h.a0+k
		}
		a.nequal += h.a1 - h.a0
	}
	a.nreg = len(a.inOld)
}

// matchMovedUnchanged pairs, in document order, unmatched blocks with the
// same Norm: the block left one place and reappeared in another.
func (a *aligner) matchMovedUnchanged() {
	if len(a.restOld) == 0 || len(a.restNew) == 0 {
		return
	}
	queue := make(map[string][]int, len(a.restOld))
	for _, i := range a.restOld {
		b := &a.old[i]
		queue[b.Norm] = append(queue[b.Norm], i)
	}
	for _, j := range a.restNew {
		b := &a.new[j]
		q := queue[b.Norm]
		if len(q) == 0 {
			continue
		}
		queue[b.Norm] = q[1:]
		a.add(Op{Kind: Moved, Old: []int{q[0]}, New: []int{j}, Similarity: 1,
			Reflowed: a.old[q[0]].Text != b.Text})
	}
}

// region pairs the unmatched blocks between two Equal anchors. A region
// is compared in full when its old × new count fits in what is left of
// MaxPairs, and that count is then spent; otherwise blocks pair by position.
func (a *aligner) region(r int) {
	ro, rn := a.unmatchedIn(r)
	if len(ro) == 0 || len(rn) == 0 {
		return
	}
	if len(ro)*len(rn) > a.budget {
		a.positional(ro, rn)
		return
	}
	a.budget -= len(ro) * len(rn)
	a.splitsAndMerges(ro, rn)
	ro, rn = a.unmatchedIn(r)
	a.takePairs(a.similarPairs(ro, rn, a.opt.MinSimilarity, func(i, j int) bool {
		return compatible(a.old[i].Kind, a.new[j].Kind)
	}), Modified)
}

// similarPairs scores every pair of an old block of ro and a new block of
// rn that try allows, and returns those whose word sets are at least
// least alike, in the order tried, in a buffer that the next call reuses.
// The overlaps are counted through an index of rn's sets, and the sets are
// made in the order the pairs are tried (which gives new words their ids).
func (a *aligner) similarPairs(ro, rn []int, least float64, try func(i, j int) bool) []pair {
	cands := a.pairs[:0]
	idx := newWordIndex(rn, a.slotNew, len(ro))
	for _, i := range ro {
		counted := false // the overlaps with oldSet(i), at the first pair tried
		for p, j := range rn {
			if !try(i, j) {
				continue
			}
			x := a.oldSet(i)
			if !counted {
				idx.count(a, x)
				counted = true
			}
			y := a.newSet(j)
			if !mayReach(x, y, least) {
				continue
			}
			if s := diceOf(idx.overlap(a, p, y), len(x), len(y)); s >= least {
				cands = append(cands, pair{i, j, s})
			}
		}
	}
	a.pairs = cands
	return cands
}

// unmatchedIn lists the still unmatched blocks of region r, in buffers
// that the next call reuses.
func (a *aligner) unmatchedIn(r int) (ro, rn []int) {
	a.ro, a.rn = unmatched(a.ro[:0], a.inOld[r], a.opOld), unmatched(a.rn[:0], a.inNew[r], a.opNew)
	return a.ro, a.rn
}

// unmatched appends the blocks of bs with no op to out.
func unmatched(out, bs, op []int) []int {
	for _, i := range bs {
		if op[i] < 0 {
			out = append(out, i)
		}
	}
	return out
}

// positional is the fallback for a region too large to compare all pairs:
// the k-th old block is paired with the k-th new block when similar enough.
// Nothing else is known there, so it asks for MinSimilarity; the blocks
// it leaves are lined up by lineUpRegion with the rest, where the pairs it
// made bound the gaps.
func (a *aligner) positional(ro, rn []int) {
	for k := 0; k < len(ro) && k < len(rn); k++ {
		i, j := ro[k], rn[k]
		if !compatible(a.old[i].Kind, a.new[j].Kind) {
			continue
		}
		if s := dice(a.oldSet(i), a.newSet(j)); s >= a.opt.MinSimilarity {
			a.add(Op{Kind: Modified, Old: []int{i}, New: []int{j}, Similarity: s})
		}
	}
}

// lineUpRegion pairs the blocks left over in region r once all pairing
// by similarity is done, by their place. The region's pairs (Modified,
// Split, Merged) cut it into gaps, as the Equal blocks cut the documents
// into regions; Moved blocks are left out, as they belong elsewhere. Each
// gap is lined up on its own (see lineUp). If the pairs cross, so that the
// gaps of the two sides do not correspond, the rest of the region is left
// as it is.
func (a *aligner) lineUpRegion(r int) {
	old, new := a.inOld[r], a.inNew[r]
	// Most regions are paired in full by now: a quick look at both sides
	// skips the walk (and its look-ups of the ops) for them.
	if !slices.ContainsFunc(old, func(i int) bool { return a.opOld[i] < 0 }) ||
		!slices.ContainsFunc(new, func(j int) bool { return a.opNew[j] < 0 }) {
		return
	}
	var gapOld, gapNew []int
	x, y := 0, 0
	for {
		gapOld, gapNew = gapOld[:0], gapNew[:0]
		for ; x < len(old); x++ {
			k := a.opOld[old[x]]
			if k < 0 {
				gapOld = append(gapOld, old[x])
			} else if a.ops[k].Kind != Moved {
				break
			}
		}
		for ; y < len(new); y++ {
			k := a.opNew[new[y]]
			if k < 0 {
				gapNew = append(gapNew, new[y])
			} else if a.ops[k].Kind != Moved {
				break
			}
		}
		// The op both sides stopped at, or -1 at the region's end.
		kx, ky := -1, -1
		if x < len(old) {
			kx = a.opOld[old[x]]
		}
		if y < len(new) {
			ky = a.opNew[new[y]]
		}
		if kx != ky {
			return
		}
		a.lineUp(gapOld, gapNew)
		if kx < 0 {
			return
		}
		// The blocks of a Split or Merged op are consecutive.
		for x < len(old) && a.opOld[old[x]] == kx {
			x++
		}
		for y < len(new) && a.opNew[new[y]] == ky {
			y++
		}
	}
}

// lineUp pairs the unmatched blocks of one gap by place, as Modified: the
// k-th old block with the k-th new block. The gap must have as many
// blocks on each side (at most maxLineUp) and the same kinds in the same
// order (a heading's level may change), or nothing is paired: the places
// do not correspond. A lined-up pair is taken when both blocks are short,
// when one is short and half its words are in the other (a line that grew
// into a paragraph), or when both are long and similar to lineUpShare of
// MinSimilarity. Similarity pairing has already failed for these blocks,
// so the place is the evidence that lowers the bar; what it never does is
// make one long paragraph into another it shares a few words with.
//
// A block without words (a line of "=", a no-break space) pairs by place
// only with another such block: it is layout, and a line of text in its
// place was added, not edited from it.
func (a *aligner) lineUp(ro, rn []int) {
	if len(ro) == 0 || len(ro) != len(rn) || len(ro) > maxLineUp {
		return
	}
	for k, i := range ro {
		if a.old[i].Kind != a.new[rn[k]].Kind {
			return
		}
	}
	for k, i := range ro {
		j := rn[k]
		x, y := a.oldSet(i), a.newSet(j)
		s := dice(x, y)
		nx, ny := a.countWords(a.oldTokens(i)), a.countWords(a.newTokens(j))
		var ok bool
		switch {
		case (nx == 0) != (ny == 0):
			// Words on one side only: see above.
		case nx <= shortWords && ny <= shortWords:
			ok = true
		case nx <= shortWords:
			ok = containment(x, y) >= a.opt.MinSimilarity
		case ny <= shortWords:
			ok = containment(y, x) >= a.opt.MinSimilarity
		default:
			ok = s >= lineUpShare*a.opt.MinSimilarity
		}
		if ok {
			a.add(Op{Kind: Modified, Old: []int{i}, New: []int{j}, Similarity: s})
		}
	}
}

// countWords counts the words and numbers among a block's tokens, up to
// shortWords+1: beyond that the block is long, and the count is not
// needed. A block too large to cut into tokens counts as long.
func (a *aligner) countWords(tk tokenized, ok bool) int {
	if !ok {
		return shortWords + 1
	}
	n := 0
	for _, id := range tk.ids {
		if a.tokKind[id] == tokWord {
			if n++; n > shortWords {
				break
			}
		}
	}
	return n
}

type pair struct {
	i, j int
	sim  float64
}

// takePairs accepts pairs best first; ties go to the earlier old block,
// then the earlier new block, so the result does not depend on input order.
func (a *aligner) takePairs(cands []pair, kind OpKind) {
	slices.SortFunc(cands, func(x, y pair) int {
		if c := cmp.Compare(y.sim, x.sim); c != 0 {
			return c
		}
		if c := cmp.Compare(x.i, y.i); c != 0 {
			return c
		}
		return cmp.Compare(x.j, y.j)
	})
	for _, p := range cands {
		if a.opOld[p.i] >= 0 || a.opNew[p.j] >= 0 {
			continue
		}
		a.add(Op{Kind: kind, Old: []int{p.i}, New: []int{p.j}, Similarity: p.sim, Edited: kind == Moved})
	}
}

// group is a split or merge candidate: one block on one side, a run of
// consecutive blocks on the other.
type group struct {
	one   int
	many  []int
	sim   float64
	split bool
}

// splitsAndMerges finds old blocks covered by a run of consecutive new
// blocks (Split) and the reverse (Merged), and accepts the best first.
func (a *aligner) splitsAndMerges(ro, rn []int) {
	// A run has two blocks or more, so one old and one new block make
	// none. The old block's word set is still made first, as the search
	// would: word ids are given in the order sets are made, and
	// matchMovedEdited's order of trying pairs follows them.
	if len(ro) == 1 && len(rn) == 1 {
		a.oldSet(ro[0])
		return
	}
	var cands []group
	newIdx, oldIdx := newWordIndex(rn, a.slotNew, len(ro)), newWordIndex(ro, a.slotOld, len(rn))
	for _, i := range ro {
		one := a.oldSet(i)
		if g, ok := a.bestRun(one, &a.old[i], &newIdx, a.newSet, a.new); ok {
			g.one, g.split = i, true
			cands = append(cands, g)
		}
	}
	for _, j := range rn {
		one := a.newSet(j)
		if g, ok := a.bestRun(one, &a.new[j], &oldIdx, a.oldSet, a.old); ok {
			g.one = j
			cands = append(cands, g)
		}
	}
	slices.SortStableFunc(cands, func(x, y group) int {
		if c := cmp.Compare(y.sim, x.sim); c != 0 {
			return c
		}
		if c := cmp.Compare(x.many[0], y.many[0]); c != 0 {
			return c
		}
		return cmp.Compare(x.one, y.one)
	})
	for _, g := range cands {
		free := true
		if g.split {
			free = a.opOld[g.one] < 0
			for _, j := range g.many {
				free = free && a.opNew[j] < 0
			}
			if free {
				a.add(Op{Kind: Split, Old: []int{g.one}, New: g.many, Similarity: g.sim})
			}
			continue
		}
		free = a.opNew[g.one] < 0
		for _, i := range g.many {
			free = free && a.opOld[i] < 0
		}
		if free {
			a.add(Op{Kind: Merged, Old: g.many, New: []int{g.one}, Similarity: g.sim})
		}
	}
}

// bestRun looks for the run of consecutive blocks among others (sorted
// block indices of one region) that best covers block b, whose word set is
// one. Each part must lie mostly inside b and each added part must raise
// the similarity; the run needs two parts or more and must reach
// MinSimilarity. Since every part must raise the similarity by partGain,
// a run is at most 1/partGain long, so the work stays within a constant
// times the region's pair count.
//
// A run may also open with a heading whose words are those of the bold
// lead-in b opens with: "## Oppbevaring" and "Vi lagrer data i fem år."
// folded into "**Oppbevaring.** Vi lagrer data i fem år." are one Merged
// op (the reverse one Split), not a removed heading and a modified
// paragraph. Headings otherwise pair only with headings, so the lead-in is
// what vouches for this one; the rest of the run must then pair with the
// rest of b, so that a heading is not pulled in by its title alone.
//
// The overlaps of one with the blocks of others whose word sets are made
// are counted through idx, an inverted index of those sets, rather than
// pair by pair; the sets of the rest are made in the order the search
// reaches them, as word ids follow that order (see splitsAndMerges).
func (a *aligner) bestRun(one []int32, b *document.Block, idx *wordIndex, set func(int) []int32, blocks []document.Block) (group, bool) {
	others := idx.blocks
	idx.count(a, one)
	lead, rest, hasLead := boldLeadIn(b)
	var best group
	found := false
	for s := 0; s < len(others); s++ {
		first := others[s]
		heading := hasLead && blocks[first].Kind == document.Heading && sameWords(blocks[first].Plain, lead)
		if !heading {
			if !compatible(b.Kind, blocks[first].Kind) {
				continue
			}
			if fs := set(first); !mayContain(fs, one) || share(idx.overlap(a, s, fs), len(fs)) < partContainment {
				continue
			}
		}
		union := set(first)
		sim := diceOf(a.probe.shared(union), len(union), len(one))
		k := s + 1
		for ; k < len(others) && others[k] == others[k-1]+1; k++ {
			part := set(others[k])
			if !compatible(b.Kind, blocks[others[k]].Kind) || !mayContain(part, one) || share(idx.overlap(a, k, part), len(part)) < partContainment {
				break
			}
			u := unionSets(union, part)
			ns := diceOf(a.probe.shared(u), len(u), len(one))
			if ns < sim+partGain {
				break
			}
			union, sim = u, ns
		}
		if k-s < 2 || sim < a.opt.MinSimilarity || found && sim <= best.sim {
			continue
		}
		if heading && !a.restPairs(rest, others[s+1:k], set) {
			continue
		}
		best = group{many: slices.Clone(others[s:k]), sim: sim}
		found = true
	}
	return best, found
}

// restPairs reports whether the blocks parts, joined, reach MinSimilarity
// against rest, the text of a block after its bold lead-in.
func (a *aligner) restPairs(rest string, parts []int, set func(int) []int32) bool {
	union := set(parts[0])
	for _, p := range parts[1:] {
		union = unionSets(union, set(p))
	}
	return dice(union, a.wordSet(rest)) >= a.opt.MinSimilarity
}

// matchMovedEdited pairs leftover blocks across regions.
func (a *aligner) matchMovedEdited() {
	var uo, un []int
	for _, i := range a.restOld {
		if a.opOld[i] < 0 {
			uo = append(uo, i)
		}
	}
	for _, j := range a.restNew {
		if a.opNew[j] < 0 {
			un = append(un, j)
		}
	}
	if len(uo) == 0 || len(un) == 0 {
		return
	}
	least := a.opt.MinSimilarity + (1-a.opt.MinSimilarity)/3
	if len(uo)*len(un) <= a.budget {
		// Every pair, as in region.
		a.budget -= len(uo) * len(un)
		a.takePairs(a.similarPairs(uo, un, least, func(i, j int) bool {
			return a.regOld[i] != a.regNew[j] && compatible(a.old[i].Kind, a.new[j].Kind)
		}), Moved)
		return
	}
	var cands []pair
	// Too many for all pairs: compare only blocks that share a word few
	// blocks have. The postings are kept by word id, and each new block's
	// set is marked in the probe, which counts the overlaps of the old
	// blocks' sets with it.
	var postings [][]int
	for _, i := range uo {
		for _, w := range a.oldSet(i) {
			if int(w) >= len(postings) {
				postings = append(postings, make([][]int, len(a.words)-len(postings))...)
			}
			if p := postings[w]; len(p) <= maxPosting {
				postings[w] = append(p, i)
			}
		}
	}
	tried := filled(nil, len(a.old), -1) // the new block each old block was last tried with
	for _, j := range un {
		y := a.newSet(j)
		a.probe.set(y, len(a.words))
		for _, w := range y {
			if int(w) >= len(postings) {
				break // newer than the old sets, as are the rest of y
			}
			p := postings[w]
			if len(p) > maxPosting {
				continue
			}
			for _, i := range p {
				if tried[i] == j {
					continue
				}
				tried[i] = j
				if a.budget <= 0 {
					a.takePairs(cands, Moved)
					return
				}
				a.budget--
				if a.regOld[i] == a.regNew[j] || !compatible(a.old[i].Kind, a.new[j].Kind) {
					continue
				}
				x := a.oldSet(i)
				if !mayReach(x, y, least) {
					continue
				}
				if s := diceOf(a.probe.shared(x), len(x), len(y)); s >= least {
					cands = append(cands, pair{i, j, s})
				}
			}
		}
	}
	a.takePairs(cands, Moved)
}

// inline fills the word diffs of ops whose text changed.
func (a *aligner) inline() {
	for k := range a.ops {
		op := &a.ops[k]
		switch {
		case len(op.Old) == 1 && len(op.New) == 1 && (op.Kind == Modified || op.Kind == Moved && op.Edited):
			op.Inline = a.blockWords(op.Old[0], op.New[0])
		case op.Kind == Modified, op.Kind == Split, op.Kind == Merged, op.Kind == Moved && op.Edited:
			op.Inline = Words(joinNorms(a.old, op.Old), joinNorms(a.new, op.New), a.opt)
		}
	}
}

func joinNorms(bs []document.Block, idx []int) string {
	if len(idx) == 1 {
		return bs[idx[0]].Norm
	}
	parts := make([]string, len(idx))
	for k, i := range idx {
		parts[k] = bs[i].Norm
	}
	return strings.Join(parts, joinSep)
}

// order returns the ops sorted by the new document; a Removed op goes right
// after the op of the nearest old block before it that has a place in the
// new document in the same region (an Equal anchor, a Modified, Split or
// Merged op), and Removed ops at the same place keep their old order.
//
// Each new block starts at most one op, so the order is a bucket walk
// over the new document, not a sort: first the Removed ops before any
// placed block, then for each new block the op it starts followed by the
// Removed ops placed after it. With changesOnly, an Equal op is made only
// for a Reflowed block.
func (a *aligner) order() []Op {
	m := len(a.new)
	// after[p+1] counts, then (as prefix sums) indexes, the Removed ops
	// placed after new block p; p = -1 is before the first.
	removed := 0
	for k := range a.ops {
		if a.ops[k].Kind == Removed {
			removed++
		}
	}
	var after, byPlace []int32
	if removed > 0 {
		after = make([]int32, m+2)
		a.placeRemoved(func(k, last int) { after[last+1]++ })
		sum := int32(0)
		for p := range after {
			after[p], sum = sum, sum+after[p]
		}
		byPlace = make([]int32, removed)
		a.placeRemoved(func(k, last int) {
			byPlace[after[last+1]] = int32(k)
			after[last+1]++
		})
	}
	// after[p+1] now ends the Removed ops after p, so they run from
	// after[p] (the end of the previous place) to after[p+1].
	n := a.nequal + len(a.ops)
	if a.changesOnly {
		n = len(a.ops)
	}
	out := make([]Op, 0, n)
	// The Equal ops take their one-element index slices from one array
	// (capped, so that an append cannot run into a neighbour's).
	var idx []int
	if !a.changesOnly {
		idx = make([]int, 2*a.nequal)
	}
	e := 0
	for j := 0; ; j++ {
		// The Removed ops after new block j-1, then the op starting at j.
		if removed > 0 {
			lo := int32(0)
			if j > 0 {
				lo = after[j-1]
			}
			for _, k := range byPlace[lo:after[j]] {
				out = append(out, a.ops[k])
			}
		}
		if j == m {
			break
		}
		switch k := a.opNew[j]; {
		case k >= equalOp && a.changesOnly:
			if i := k - equalOp; a.old[i].Text != a.new[j].Text {
				out = append(out, Op{Kind: Equal, Old: []int{i}, New: []int{j}, Similarity: 1, Reflowed: true})
			}
		case k >= equalOp:
			i := k - equalOp
			idx[e], idx[e+1] = i, j
			out = append(out, Op{Kind: Equal, Old: idx[e : e+1 : e+1], New: idx[e+1 : e+2 : e+2], Similarity: 1,
				Reflowed: a.old[i].Text != a.new[j].Text})
			e += 2
		case a.ops[k].New[0] == j:
			out = append(out, a.ops[k])
		}
	}
	return out
}

// placeRemoved calls f for each Removed op k, in the old document's
// order, with the last new block of the nearest old block before it that
// has a place in the new document (-1 when there is none).
func (a *aligner) placeRemoved(f func(k, last int)) {
	last := -1
	for i := range a.old {
		k := a.opOld[i]
		if k >= equalOp {
			last = k - equalOp
			continue
		}
		switch op := &a.ops[k]; op.Kind {
		case Removed:
			f(k, last)
		case Moved:
		default:
			last = op.New[len(op.New)-1]
		}
	}
}

// compatible says whether blocks of two kinds may be paired: running text
// may change between paragraph, list item, quote and footnote; headings,
// code, tables, HTML and rules pair only with their own kind.
func compatible(x, y document.Kind) bool {
	return x == y || prose(x) && prose(y)
}

func prose(k document.Kind) bool {
	switch k {
	case document.Paragraph, document.ListItem, document.Quote, document.Footnote:
		return true
	}
	return false
}

// wordSet returns the sorted distinct ids of the lower-cased words and
// numbers of s; a text without any (a rule, a lone symbol) uses its other
// non-space tokens instead.
func (a *aligner) wordSet(s string) []int32 {
	var set, other []int32
	for i := 0; i < len(s); {
		n := tokenLen(s, i)
		t := s[i : i+n]
		i += n
		r, w := utf8.DecodeRuneInString(t)
		if r == utf8.RuneError && w <= 1 || unicode.IsSpace(r) {
			continue
		}
		word := isWordRune(r)
		if !word && len(set) > 0 {
			continue
		}
		id := a.wordID(t)
		if word {
			set = append(set, id)
		} else {
			other = append(other, id)
		}
	}
	if len(set) == 0 {
		set = other
	}
	return sortedSet(set)
}

// sortedSet sorts ids and drops repeats, in place.
func sortedSet(ids []int32) []int32 {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// wordID interns the lower-cased token t. An ASCII token is lower-cased
// into a scratch buffer, so that only a word not seen before costs an
// allocation; others go through strings.ToLower.
func (a *aligner) wordID(t string) int32 {
	if a.words == nil {
		a.words = make(map[string]int32, a.vocabHint()/2)
	}
	ascii, upper := len(t) <= cap(a.lower), false
	if ascii {
		a.lower = a.lower[:len(t)]
		for k := 0; k < len(t); k++ {
			c := t[k]
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
				upper = true
			}
			a.lower[k] = c
		}
	}
	if ascii {
		if id, ok := a.words[string(a.lower)]; ok {
			return id
		}
		id := int32(len(a.words))
		if upper {
			a.words[string(a.lower)] = id
		} else {
			a.words[t] = id // t is already lower case: no copy
		}
		return id
	}
	t = strings.ToLower(t)
	id, ok := a.words[t]
	if !ok {
		id = int32(len(a.words))
		a.words[t] = id
	}
	return id
}

// dice is the Dice coefficient of two sorted sets; 0 when both are empty.
func dice(x, y []int32) float64 { return diceOf(intersect(x, y), len(x), len(y)) }

// diceOf is dice for sets of sizes nx and ny with common words in common.
func diceOf(common, nx, ny int) float64 {
	if nx+ny == 0 {
		return 0
	}
	return 2 * float64(common) / float64(nx+ny)
}

// mayReach reports whether the sizes of two sets allow a Dice coefficient
// of least: the intersection is at most the smaller set. The bound is
// computed as dice computes its value, so a pair it rules out is one
// dice would have rejected.
func mayReach(x, y []int32, least float64) bool {
	return len(x)+len(y) > 0 && 2*float64(min(len(x), len(y)))/float64(len(x)+len(y)) >= least
}

// mayContain reports whether the sizes of x and y allow containment(x, y)
// to reach partContainment, by the same bound as mayReach.
func mayContain(x, y []int32) bool {
	return len(x) > 0 && float64(min(len(x), len(y)))/float64(len(x)) >= partContainment
}

// containment is the share of x that is also in y.
func containment(x, y []int32) float64 { return share(intersect(x, y), len(x)) }

// share is containment for a set of size n of which common words are in
// the other.
func share(common, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(common) / float64(n)
}

// wordIndex is an inverted index of the word sets of the blocks of one
// side of a region (blocks, in order): for each word id, the positions in
// blocks of the sets that hold it. It holds only sets already made (see
// bestRun); count adds those made since.
type wordIndex struct {
	blocks  []int
	slots   []int32   // the side's slots (slotOld or slotNew)
	post    [][]int32 // by word id; nil when the index is not used
	indexed []bool    // by position: the block's set is in post
	common  []int32   // by position: words shared with the set last counted
}

// indexMin is the fewest blocks, and the fewest sets to be compared with
// them, for which an index is made: below it comparing the sets pair by
// pair costs less than making one. A variable for the test that checks
// both ways give the same ops.
var indexMin = 32

// newWordIndex makes the index of blocks, for queries sets to be compared
// with them.
func newWordIndex(blocks []int, slots []int32, queries int) wordIndex {
	x := wordIndex{blocks: blocks, slots: slots}
	if len(blocks) >= indexMin && queries >= indexMin {
		x.post = make([][]int32, 0, 64)
		x.indexed = make([]bool, len(blocks))
		x.common = make([]int32, len(blocks))
	}
	return x
}

// count brings the index up to date and counts, for every indexed block,
// the words its set shares with one, for overlap; the other blocks are
// left to the aligner's probe, which it marks with one.
func (x *wordIndex) count(a *aligner, one []int32) {
	a.probe.set(one, len(a.words))
	if x.post == nil {
		return
	}
	if n := len(a.words); len(x.post) < n {
		x.post = append(x.post, make([][]int32, n-len(x.post))...)
	}
	for p, i := range x.blocks {
		if x.indexed[p] || x.slots[i] == 0 || !a.info[x.slots[i]-1].hasSet {
			continue
		}
		x.indexed[p] = true
		for _, w := range a.info[x.slots[i]-1].set {
			x.post[w] = append(x.post[w], int32(p))
		}
	}
	clear(x.common)
	for _, w := range one {
		for _, p := range x.post[w] {
			x.common[p]++
		}
	}
}

// overlap is how many words s, the set of the block at position p, shares
// with the set last counted: from the count when the block was indexed
// then, else through the probe.
func (x *wordIndex) overlap(a *aligner, p int, s []int32) int {
	if x.post != nil && x.indexed[p] {
		return int(x.common[p])
	}
	return a.probe.shared(s)
}

// probe marks the words of one set, so that the words another set shares
// with it cost one look-up each rather than a merge of the two. It
// answers as intersect does, as both count the words of two sets of
// distinct ids.
type probe struct {
	mark   []int32 // by word id: serial while the word is in the set
	serial int32
}

// set marks the words of x, of ids below nwords, as the set to compare
// with.
func (pr *probe) set(x []int32, nwords int) {
	pr.serial++
	if len(pr.mark) < nwords {
		pr.mark = append(pr.mark, make([]int32, nwords-len(pr.mark))...)
	}
	for _, w := range x {
		pr.mark[w] = pr.serial
	}
}

// shared is intersect(y, x) for x the set last marked. Words of y with
// ids above the marks are newer than x, so not in it; y is sorted, so
// they come last.
func (pr *probe) shared(y []int32) int {
	n := 0
	for _, w := range y {
		if int(w) >= len(pr.mark) {
			break
		}
		if pr.mark[w] == pr.serial {
			n++
		}
	}
	return n
}

func intersect(x, y []int32) int {
	n, i, j := 0, 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

func unionSets(x, y []int32) []int32 {
	out := make([]int32, 0, len(x)+len(y))
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			out = append(out, x[i])
			i++
		case x[i] > y[j]:
			out = append(out, y[j])
			j++
		default:
			out = append(out, x[i])
			i++
			j++
		}
	}
	out = append(out, x[i:]...)
	return append(out, y[j:]...)
}
