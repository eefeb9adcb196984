package lexicon

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// This file decides whether a word is in a hunspell dictionary and what
// its stems are, following hunspell's algorithm: the word as an entry;
// with a suffix, two suffixes (continuation classes), a prefix, or a
// prefix and a suffix; or as a compound of such forms.

// position is where a form stands: alone, or as a part of a compound.
type position uint8

const (
	whole position = iota
	begin
	middle
	end
)

// stop is the callback of the form enumerators: it gets each stem found
// and returns true to stop the search.
type stop func(stem string) bool

func anyForm(string) bool { return true }

// accept applies the flag rules to an entry with flags fs reached through
// the given affixes (each may be nil): forbidden and pseudo-roots, words
// only allowed in compounds, compound flags and where affixes may appear
// in a compound.
func (d *dictionary) accept(fs flagSet, p position, caseChanged bool, pfx, sfx, outer *affix) bool {
	if fs.has(d.forbidden) {
		return false
	}
	has := func(f flag) bool {
		return fs.has(f) || pfx != nil && pfx.cont.has(f) ||
			sfx != nil && sfx.cont.has(f) || outer != nil && outer.cont.has(f)
	}
	applied, needy := 0, 0
	for _, x := range []*affix{pfx, sfx, outer} {
		if x != nil {
			applied++
			if x.cont.has(d.needAffix) {
				needy++
			}
		}
	}
	// A pseudo-root is only a word with an affix; an affix marked
	// NEEDAFFIX needs another affix on top.
	if applied == 0 && fs.has(d.needAffix) || needy > 0 && needy == applied {
		return false
	}
	if caseChanged && has(d.keepCase) {
		return false
	}
	if p == whole {
		return !has(d.onlyInCompound)
	}
	if has(d.compoundForbid) {
		return false
	}
	ok := has(d.compoundFlag) ||
		p == begin && has(d.compoundBegin) ||
		p == middle && has(d.compoundMiddle) ||
		p == end && has(d.compoundEnd)
	if !ok {
		return false
	}
	// Inside a compound, a prefix may only start it and a suffix only
	// end it, unless the affix carries COMPOUNDPERMITFLAG.
	if pfx != nil && p != begin && !pfx.cont.has(d.compoundPermit) {
		return false
	}
	for _, x := range []*affix{sfx, outer} {
		if x != nil && p != end && !x.cont.has(d.compoundPermit) {
			return false
		}
	}
	return true
}

// forms enumerates the analyses of word as one (non-compound) form at
// position p, calling fn with each stem. Prefixes stay in the stem (see
// the package comment). It returns true if fn stopped it.
func (d *dictionary) forms(word string, p position, caseChanged bool, fn stop) bool {
	for _, id := range d.lookup(word) {
		if d.accept(d.sets[id], p, caseChanged, nil, nil, nil) && fn(word) {
			return true
		}
	}
	if d.suffixForms(word, "", p, caseChanged, nil, fn) {
		return true
	}
	for k := 0; k <= d.maxPrefix && k <= len(word); k++ {
		if k < len(word) && !utf8.RuneStart(word[k]) {
			continue
		}
		for _, pfx := range d.prefixes[word[:k]] {
			rest := word[k:]
			if rest == "" && !d.fullStrip {
				continue
			}
			root := pfx.strip + rest
			if matchStart(pfx.cond, root) {
				for _, id := range d.lookup(root) {
					fs := d.sets[id]
					if fs.has(pfx.flag) && d.accept(fs, p, caseChanged, pfx, nil, nil) && fn(word) {
						return true
					}
				}
			}
			// Prefix and suffix together.
			if d.suffixForms(root, pfx.add, p, caseChanged, pfx, fn) {
				return true
			}
		}
	}
	return false
}

// suffixForms finds word as root+suffix or root+suffix+suffix. With a
// prefix pfx already removed (word then starts with the prefix's strip),
// the root must allow both and the stem gets the prefix back.
func (d *dictionary) suffixForms(word, prefixAdd string, p position, caseChanged bool, pfx *affix, fn stop) bool {
	stem := func(root string) string {
		if pfx == nil {
			return root
		}
		return prefixAdd + strings.TrimPrefix(root, pfx.strip)
	}
	for k := 0; k <= d.maxSuffix && k <= len(word); k++ {
		start := len(word) - k
		if start < len(word) && !utf8.RuneStart(word[start]) {
			continue
		}
		for _, sfx := range d.suffixes[word[start:]] {
			if start == 0 && !d.fullStrip {
				continue
			}
			if pfx != nil && !(pfx.cross && sfx.cross || pfx.cont.has(sfx.flag) || sfx.cont.has(pfx.flag)) {
				continue
			}
			root := word[:start] + sfx.strip
			if !matchEnd(sfx.cond, root) || pfx != nil && !matchStart(pfx.cond, root) {
				continue
			}
			for _, id := range d.lookup(root) {
				fs := d.sets[id]
				if !fs.has(sfx.flag) && !(pfx != nil && pfx.cont.has(sfx.flag)) {
					continue
				}
				if pfx != nil && !fs.has(pfx.flag) && !sfx.cont.has(pfx.flag) {
					continue
				}
				if d.accept(fs, p, caseChanged, pfx, sfx, nil) && fn(stem(root)) {
					return true
				}
			}
			if pfx != nil {
				continue // prefix + two suffixes: not needed by our dictionaries
			}
			// Two-level suffixes: root is itself root2 + an inner suffix
			// whose continuation classes allow this (outer) suffix.
			for _, in := range d.innerSuffixes[sfx.flag] {
				if len(root) < len(in.add) || !strings.HasSuffix(root, in.add) || len(root) == len(in.add) && !d.fullStrip {
					continue
				}
				root2 := root[:len(root)-len(in.add)] + in.strip
				if !matchEnd(in.cond, root2) {
					continue
				}
				for _, id := range d.lookup(root2) {
					fs := d.sets[id]
					if fs.has(in.flag) && d.accept(fs, p, caseChanged, nil, in, sfx) && fn(root2) {
						return true
					}
				}
			}
		}
	}
	return false
}

// compound enumerates analyses of word as a compound by the .aff's
// compound flags, the first part standing at position p (begin, or middle
// when called recursively) and parts parts already used. The stem is the
// compound with its last part replaced by that part's stem.
func (d *dictionary) compound(word string, p position, parts int, caseChanged bool, fn stop) bool {
	if !d.compounding() || d.compoundWordMax > 0 && parts+2 > d.compoundWordMax {
		return false
	}
	for i := range word {
		if i == 0 {
			continue
		}
		head, tail := word[:i], word[i:]
		if utf8.RuneCountInString(head) < d.compoundMin {
			continue
		}
		if utf8.RuneCountInString(tail) < d.compoundMin {
			break
		}
		tails := []string{tail}
		if d.simplifiedTriple && endsDoubled(head) {
			// "trafikk" + "kork" is written "trafikkork".
			r, _ := utf8.DecodeLastRuneInString(head)
			tails = append(tails, string(r)+tail)
		}
		if d.checkTriple && tripleAt(word, i) {
			tails = tails[1:]
		}
		if len(tails) == 0 || !d.forms(head, p, caseChanged, anyForm) {
			continue
		}
		for j, t := range tails {
			glue := func(stem string) bool {
				if j == 1 { // drop the letter the spelling dropped
					_, n := utf8.DecodeRuneInString(stem)
					stem = stem[n:]
				}
				return fn(head + stem)
			}
			if d.forms(t, end, caseChanged, glue) || d.compound(t, middle, parts+1, caseChanged, glue) {
				return true
			}
		}
	}
	return false
}

// endsDoubled reports whether s ends with the same letter twice.
func endsDoubled(s string) bool {
	a, n := utf8.DecodeLastRuneInString(s)
	b, _ := utf8.DecodeLastRuneInString(s[:len(s)-n])
	return n > 0 && a == b
}

// tripleAt reports whether three equal letters meet at byte offset i.
func tripleAt(word string, i int) bool {
	before := []rune(word[:i])
	after := []rune(word[i:])
	if len(before) == 0 || len(after) == 0 {
		return false
	}
	c := after[0]
	if len(before) >= 2 && before[len(before)-1] == c && before[len(before)-2] == c {
		return true
	}
	return len(after) >= 2 && before[len(before)-1] == c && after[1] == c
}

// ruleCompound reports whether word is a compound by a COMPOUNDRULE, such
// as en_US's ordinal numbers ("21st", "112th"). Parts are bare entries.
func (d *dictionary) ruleCompound(word string) bool {
	if len(d.compoundRules) == 0 {
		return false
	}
	var parts []flagSet
	var try func(rest string) bool
	try = func(rest string) bool {
		if rest == "" {
			if len(parts) < 2 {
				return false
			}
			for _, r := range d.compoundRules {
				if matchRule(r, parts) {
					return true
				}
			}
			return false
		}
		for i := range rest {
			if i == 0 {
				continue
			}
			if d.tryRulePart(rest[:i], &parts, func() bool { return try(rest[i:]) }) {
				return true
			}
		}
		return d.tryRulePart(rest, &parts, func() bool { return try("") })
	}
	return try(word)
}

func (d *dictionary) tryRulePart(part string, parts *[]flagSet, next func() bool) bool {
	if utf8.RuneCountInString(part) < d.compoundMin {
		return false
	}
	for _, id := range d.lookup(part) {
		fs := d.sets[id]
		if fs.has(d.forbidden) || fs.has(d.needAffix) {
			continue
		}
		*parts = append(*parts, fs)
		ok := next()
		*parts = (*parts)[:len(*parts)-1]
		if ok {
			return true
		}
	}
	return false
}

// matchRule matches a COMPOUNDRULE against the flag sets of the parts.
func matchRule(r compoundRule, parts []flagSet) bool {
	if len(r) == 0 {
		return len(parts) == 0
	}
	e := r[0]
	switch e.rep {
	case '*':
		if matchRule(r[1:], parts) {
			return true
		}
		return len(parts) > 0 && parts[0].has(e.flag) && matchRule(r, parts[1:])
	case '?':
		if matchRule(r[1:], parts) {
			return true
		}
		return len(parts) > 0 && parts[0].has(e.flag) && matchRule(r[1:], parts[1:])
	}
	return len(parts) > 0 && parts[0].has(e.flag) && matchRule(r[1:], parts[1:])
}

// productiveCompound enumerates analyses of word as a Norwegian compound
// the dictionary's flags do not license: a head that is a form of its own
// (or a strict compound part), optionally followed by a linking morpheme,
// then a tail that is a word or, recursively, another such compound.
func (d *dictionary) productiveCompound(word string, parts int, fn stop) bool {
	if !d.productive || parts+2 > d.maxParts {
		return false
	}
	for i := range word {
		if i == 0 {
			continue
		}
		head, tail := word[:i], word[i:]
		if utf8.RuneCountInString(head) < d.compoundMin {
			continue
		}
		if utf8.RuneCountInString(tail) < d.compoundMin {
			break
		}
		if !d.isHead(head) {
			continue
		}
		glue := func(stem string) bool { return fn(head + stem) }
		if d.forms(tail, whole, false, glue) || d.forms(tail, end, false, glue) ||
			d.productiveCompound(tail, parts+1, glue) {
			return true
		}
	}
	return false
}

// isHead reports whether head can begin a productive compound. Inflected
// forms cannot ("personvernet" + "lov" is not a word), so a head must be an
// entry of its own or a compound part by the .aff's flags, optionally
// followed by a linking morpheme; -s- may also follow a derived noun
// ("lagring" + "s" + "tid"), which Norwegian dictionaries often list only
// as a suffix of its verb.
func (d *dictionary) isHead(head string) bool {
	if d.bareEntry(head) || d.forms(head, begin, false, anyForm) {
		return true
	}
	for _, l := range d.linking {
		h, ok := strings.CutSuffix(head, l)
		if !ok || utf8.RuneCountInString(h) < d.compoundMin {
			continue
		}
		if d.bareEntry(h) {
			return true
		}
		if l == "s" && hasAnySuffix(h, linkingSBases) && d.forms(h, whole, false, anyForm) {
			return true
		}
	}
	return false
}

// linkingSBases are noun-forming suffixes after which Norwegian compounds
// take -s-.
var linkingSBases = []string{"ing", "het", "else", "skap", "sjon", "tet", "dom"}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// bareEntry reports whether word is a dictionary entry that is a word on
// its own, without affixes.
func (d *dictionary) bareEntry(word string) bool {
	for _, id := range d.lookup(word) {
		if d.accept(d.sets[id], whole, false, nil, nil, nil) {
			return true
		}
	}
	return false
}

// normWord prepares user input for lookup: NFC (dictionaries are NFC,
// text may not be), ICONV conversions (en_US maps ’ to '), IGNORE.
func (d *dictionary) normWord(word string) string {
	word = strings.TrimSpace(norm.NFC.String(word))
	if len(d.iconv) > 0 {
		var b strings.Builder
		for i := 0; i < len(word); {
			done := false
			for _, c := range d.iconv {
				if strings.HasPrefix(word[i:], c[0]) {
					b.WriteString(c[1])
					i += len(c[0])
					done = true
					break
				}
			}
			if !done {
				_, n := utf8.DecodeRuneInString(word[i:])
				b.WriteString(word[i : i+n])
				i += n
			}
		}
		word = b.String()
	}
	return removeChars(word, d.ignore)
}

type caseVariant struct {
	word    string
	changed bool
}

// caseVariants returns the spellings hunspell looks up for word: as
// written; for a capitalised word also in lower case; for an all-caps word
// also in lower case and capitalised. Mixed case is looked up as written.
func caseVariants(word string) []caseVariant {
	upper, lower := 0, 0
	firstUpper := false
	for i, r := range word {
		switch {
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			upper++
			if i == 0 {
				firstUpper = true
			}
		case unicode.IsLower(r):
			lower++
		}
	}
	out := []caseVariant{{word, false}}
	switch {
	case upper == 0:
	case upper == 1 && firstUpper:
		out = append(out, caseVariant{strings.ToLower(word), true})
	case lower == 0:
		l := strings.ToLower(word)
		r, n := utf8.DecodeRuneInString(l)
		out = append(out, caseVariant{l, true}, caseVariant{string(unicode.ToTitle(r)) + l[n:], true})
	}
	return out
}

// isForbidden reports whether word is listed with FORBIDDENWORD, which
// overrides any other way of deriving it.
func (d *dictionary) isForbidden(word string) bool {
	if d.forbidden == 0 {
		return false
	}
	for _, id := range d.lookup(word) {
		if d.sets[id].has(d.forbidden) {
			return true
		}
	}
	return false
}

// stems calls fn with the stems of word, trying the analyses in
// hunspell's order and stopping after the first kind that succeeds for
// any spelling: a compound analysis is only tried for words that are not
// forms of an entry in any case ("Personvern" is the entry "personvern",
// not the compound "Person" + "vern").
func (d *dictionary) stems(word string, fn func(string)) bool {
	if word == "" || d.isForbidden(word) {
		return false
	}
	var vs []caseVariant
	for _, v := range caseVariants(word) {
		if !d.isForbidden(v.word) {
			vs = append(vs, v)
		}
	}
	found := false
	collect := func(s string) bool { fn(s); found = true; return false }
	for _, v := range vs {
		d.forms(v.word, whole, v.changed, collect)
	}
	if found {
		return true
	}
	for _, v := range vs {
		d.compound(v.word, begin, 0, v.changed, collect)
	}
	if found {
		return true
	}
	for _, v := range vs {
		if d.ruleCompound(v.word) {
			collect(v.word)
		}
	}
	if found {
		return true
	}
	for _, v := range vs {
		d.productiveCompound(v.word, 0, collect)
	}
	return found
}

// maxWordLen bounds the words analysed, as hunspell does (100): longer
// tokens are not words, and compound analysis of them could take long.
const maxWordLen = 100

// check reports whether word is correct.
func (d *dictionary) check(word string) bool {
	word = d.normWord(word)
	if utf8.RuneCountInString(word) > maxWordLen {
		return false
	}
	return d.checkNormed(word, 0)
}

func (d *dictionary) checkNormed(word string, depth int) bool {
	if word == "" || d.isForbidden(word) {
		return false
	}
	// Stop at the first stem: checking needs no more.
	if d.firstStem(word) {
		return true
	}
	// hunspell's BREAK: "EU-domstolen" is right if "EU" and "domstolen"
	// are.
	if depth < 5 {
		if parts := d.breakWord(word); parts != nil {
			for _, p := range parts {
				if !d.checkNormed(p, depth+1) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// firstStem is stems for checking: it stops at the first analysis.
func (d *dictionary) firstStem(word string) bool {
	var vs []caseVariant
	for _, v := range caseVariants(word) {
		if !d.isForbidden(v.word) {
			vs = append(vs, v)
		}
	}
	for _, v := range vs {
		if d.forms(v.word, whole, v.changed, anyForm) {
			return true
		}
	}
	for _, v := range vs {
		if d.compound(v.word, begin, 0, v.changed, anyForm) || d.ruleCompound(v.word) {
			return true
		}
	}
	for _, v := range vs {
		if d.productiveCompound(v.word, 0, anyForm) {
			return true
		}
	}
	return false
}

// breakWord splits word at its BREAK patterns, or returns nil.
func (d *dictionary) breakWord(word string) []string {
	for _, b := range d.breaks {
		switch {
		case strings.HasPrefix(b, "^"):
			if rest, ok := strings.CutPrefix(word, b[1:]); ok && rest != "" {
				return []string{rest}
			}
		case strings.HasSuffix(b, "$"):
			if rest, ok := strings.CutSuffix(word, b[:len(b)-1]); ok && rest != "" {
				return []string{rest}
			}
		default:
			if i := strings.Index(word, b); i > 0 && i+len(b) < len(word) {
				return []string{word[:i], word[i+len(b):]}
			}
		}
	}
	return nil
}

// lemmas returns the lower-case stems of word, sorted and deduplicated.
func (d *dictionary) lemmas(word string) []string {
	word = d.normWord(word)
	if utf8.RuneCountInString(word) > maxWordLen {
		return nil
	}
	out := d.lemmasNormed(word, 0)
	if len(out) == 0 {
		return nil
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (d *dictionary) lemmasNormed(word string, depth int) []string {
	if word == "" {
		return nil
	}
	var out []string
	d.stems(word, func(s string) { out = append(out, strings.ToLower(s)) })
	if len(out) > 0 || depth >= 5 || d.isForbidden(word) {
		return out
	}
	parts := d.breakWord(word)
	if parts == nil {
		return nil
	}
	// A broken word's stem is its last part's stem, with what comes
	// before it as written.
	last := parts[len(parts)-1]
	for _, p := range parts[:len(parts)-1] {
		if !d.checkNormed(p, depth+1) {
			return nil
		}
	}
	before := strings.ToLower(word[:len(word)-len(last)])
	for _, s := range d.lemmasNormed(last, depth+1) {
		out = append(out, before+s)
	}
	return out
}
