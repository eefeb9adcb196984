package lexicon

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file parses hunspell .aff and .dic files (see hunspell(5)). Only
// what decides whether a word is correct is kept: suggestion settings (TRY,
// REP, MAP, KEY, PHONE...) are skipped.

// flag is one hunspell flag. Depending on FLAG it is a character, a pair
// of characters (FLAG long: first<<16 | second) or a number (FLAG num).
// Zero means "not set".
type flag uint32

// flagSet is the flags of a dictionary entry or an affix's continuation
// classes; short, so a linear scan is fastest.
type flagSet []flag

func (fs flagSet) has(f flag) bool {
	return f != 0 && slices.Contains(fs, f)
}

type flagMode int

const (
	flagChar flagMode = iota // one character per flag (the default)
	flagLong                 // two characters per flag
	flagNum                  // decimal numbers separated by commas
	flagUTF8                 // one Unicode character per flag
)

// affix is one PFX or SFX rule.
type affix struct {
	flag   flag
	prefix bool
	cross  bool    // may combine with an affix of the other kind
	strip  string  // removed from the root before adding
	add    string  // the affix itself
	cond   []cond  // condition on the root (its start for prefixes, end for suffixes)
	cont   flagSet // continuation classes: flags the affixed form carries
}

// cond is one position of an affix condition: a character, a bracket
// expression ([abc] or [^abc]) or "." for any character.
type cond struct {
	any   bool
	neg   bool
	runes string
}

func (c cond) match(r rune) bool {
	if c.any {
		return true
	}
	return strings.ContainsRune(c.runes, r) != c.neg
}

func parseCond(s string) ([]cond, error) {
	if s == "" || s == "." {
		return nil, nil
	}
	var out []cond
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '.':
			out = append(out, cond{any: true})
			i += n
		case '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("unterminated condition %q", s)
			}
			body := s[i+1 : i+end]
			c := cond{}
			if strings.HasPrefix(body, "^") {
				c.neg, body = true, body[1:]
			}
			c.runes = body
			out = append(out, c)
			i += end + 1
		default:
			out = append(out, cond{runes: string(r)})
			i += n
		}
	}
	return out, nil
}

// matchEnd reports whether the condition matches the end of root.
func matchEnd(cs []cond, root string) bool {
	for i := len(cs) - 1; i >= 0; i-- {
		r, n := utf8.DecodeLastRuneInString(root)
		if n == 0 || !cs[i].match(r) {
			return false
		}
		root = root[:len(root)-n]
	}
	return true
}

// matchStart reports whether the condition matches the start of root.
func matchStart(cs []cond, root string) bool {
	for _, c := range cs {
		r, n := utf8.DecodeRuneInString(root)
		if n == 0 || !c.match(r) {
			return false
		}
		root = root[n:]
	}
	return true
}

// compoundRule is one COMPOUNDRULE: a sequence of flags, each optionally
// followed by * or ?.
type compoundRule []ruleElem

type ruleElem struct {
	flag flag
	rep  byte // 0, '*' or '?'
}

// affixRules is what the .aff file says.
type affixRules struct {
	mode    flagMode
	aliases []flagSet // AF: dictionary flags given as 1-based alias numbers

	prefixes map[string][]*affix // by affix text
	suffixes map[string][]*affix // by affix text
	// innerSuffixes[f] are the suffixes whose continuation classes hold f,
	// i.e. those a suffix with flag f can be added on top of (two-level
	// suffixes).
	innerSuffixes map[flag][]*affix
	maxPrefix     int // longest prefix text, in bytes
	maxSuffix     int

	fullStrip bool // an affix may strip the whole root

	forbidden, needAffix, onlyInCompound, keepCase flag

	compoundFlag, compoundBegin, compoundMiddle, compoundEnd flag
	compoundPermit, compoundForbid                           flag
	compoundMin                                              int // in characters
	compoundWordMax                                          int // 0: no limit
	checkTriple, simplifiedTriple                            bool
	compoundRules                                            []compoundRule

	iconv  [][2]string // input conversions, longest match first
	ignore string      // characters removed from words and affixes
	breaks []string    // BREAK patterns (^ and $ anchor them)
}

// compounding reports whether the .aff allows flag-based compounds.
func (a *affixRules) compounding() bool {
	return a.compoundFlag != 0 || a.compoundBegin != 0 || a.compoundMiddle != 0 || a.compoundEnd != 0
}

// affEncoding finds the SET line without decoding, since every supported
// encoding is ASCII-compatible. hunspell's default is ISO8859-1.
func affEncoding(data []byte) string {
	for line := range bytes.Lines(data) {
		f := bytes.Fields(line)
		if len(f) >= 2 && string(f[0]) == "SET" {
			return string(f[1])
		}
	}
	return "ISO8859-1"
}

func parseAff(data []byte) (*affixRules, decoder, error) {
	dec, err := decoderFor(affEncoding(data))
	if err != nil {
		return nil, nil, err
	}
	text, err := dec(data)
	if err != nil {
		return nil, nil, err
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	a := &affixRules{
		prefixes:      map[string][]*affix{},
		suffixes:      map[string][]*affix{},
		innerSuffixes: map[flag][]*affix{},
		compoundMin:   3, // hunspell's default
		breaks:        []string{"-", "^-", "-$"},
	}
	// FLAG decides how every other flag is read, so find it first.
	lines := strings.Split(text, "\n")
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "FLAG" {
			switch strings.ToUpper(f[1]) {
			case "LONG":
				a.mode = flagLong
			case "NUM":
				a.mode = flagNum
			case "UTF-8", "UTF8":
				a.mode = flagUTF8
			}
		}
	}
	var customBreaks []string
	sawBreak, sawAF, sawRule := false, false, false
	pending := map[string]int{} // "PFX f" -> rule lines still expected
	crosses := map[string]bool{}
	for n, line := range lines {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		one := func() flag {
			if len(f) < 2 {
				return 0
			}
			fs := a.parseFlagsRaw(f[1]) // AF aliases are for .dic and continuation flags
			if len(fs) == 0 {
				return 0
			}
			return fs[0]
		}
		switch f[0] {
		case "FORBIDDENWORD":
			a.forbidden = one()
		case "NEEDAFFIX", "PSEUDOROOT":
			a.needAffix = one()
		case "ONLYINCOMPOUND":
			a.onlyInCompound = one()
		case "KEEPCASE":
			a.keepCase = one()
		case "COMPOUNDFLAG":
			a.compoundFlag = one()
		case "COMPOUNDBEGIN":
			a.compoundBegin = one()
		case "COMPOUNDMIDDLE":
			a.compoundMiddle = one()
		case "COMPOUNDEND", "COMPOUNDLAST":
			a.compoundEnd = one()
		case "COMPOUNDPERMITFLAG":
			a.compoundPermit = one()
		case "COMPOUNDFORBIDFLAG":
			a.compoundForbid = one()
		case "COMPOUNDMIN":
			if len(f) >= 2 {
				if v, err := strconv.Atoi(f[1]); err == nil && v >= 1 {
					a.compoundMin = v
				}
			}
		case "COMPOUNDWORDMAX":
			if len(f) >= 2 {
				a.compoundWordMax, _ = strconv.Atoi(f[1])
			}
		case "CHECKCOMPOUNDTRIPLE":
			a.checkTriple = true
		case "SIMPLIFIEDTRIPLE":
			a.simplifiedTriple = true
		case "FULLSTRIP":
			a.fullStrip = true
		case "IGNORE":
			if len(f) >= 2 {
				a.ignore = f[1]
			}
		case "ICONV":
			if len(f) >= 3 {
				a.iconv = append(a.iconv, [2]string{f[1], f[2]})
			}
		case "BREAK":
			if len(f) >= 2 {
				if !sawBreak {
					sawBreak = true // the first BREAK line gives the count
					continue
				}
				customBreaks = append(customBreaks, f[1])
			}
		case "AF":
			// The first AF line gives the count, the others one alias each.
			if len(f) >= 2 {
				if !sawAF {
					sawAF = true
					continue
				}
				a.aliases = append(a.aliases, a.parseFlagsRaw(f[1]))
			}
		case "COMPOUNDRULE":
			// Likewise the first COMPOUNDRULE line gives the count.
			if len(f) >= 2 {
				if !sawRule {
					sawRule = true
					continue
				}
				if r := a.parseRule(f[1]); r != nil {
					a.compoundRules = append(a.compoundRules, r)
				}
			}
		case "PFX", "SFX":
			if len(f) < 4 {
				continue
			}
			key := f[0] + " " + f[1]
			if pending[key] == 0 {
				// Header: PFX flag cross count.
				cnt, err := strconv.Atoi(f[3])
				if err != nil {
					return nil, nil, fmt.Errorf("line %d: bad affix header %q", n+1, line)
				}
				pending[key] = cnt
				crosses[key] = f[2] == "Y"
				continue
			}
			pending[key]--
			if err := a.addAffix(f, crosses[key]); err != nil {
				return nil, nil, fmt.Errorf("line %d: %v", n+1, err)
			}
		}
	}
	if sawBreak {
		a.breaks = customBreaks
	}
	slices.SortStableFunc(a.iconv, func(x, y [2]string) int { return len(y[0]) - len(x[0]) })
	for _, list := range a.suffixes {
		for _, s := range list {
			for _, c := range s.cont {
				a.innerSuffixes[c] = append(a.innerSuffixes[c], s)
			}
		}
	}
	return a, dec, nil
}

func (a *affixRules) addAffix(f []string, cross bool) error {
	if len(f) < 4 {
		return fmt.Errorf("short affix rule")
	}
	fl := a.parseFlagsRaw(f[1])
	if len(fl) == 0 {
		return fmt.Errorf("bad affix flag %q", f[1])
	}
	x := &affix{flag: fl[0], prefix: f[0] == "PFX", cross: cross}
	if f[2] != "0" {
		x.strip = f[2]
	}
	add := f[3]
	if i := strings.IndexByte(add, '/'); i >= 0 {
		x.cont = a.parseFlags(add[i+1:])
		add = add[:i]
	}
	if add != "0" {
		x.add = removeChars(add, a.ignore)
	}
	condText := "."
	if len(f) >= 5 {
		condText = f[4]
	}
	c, err := parseCond(condText)
	if err != nil {
		return err
	}
	x.cond = c
	if x.prefix {
		a.prefixes[x.add] = append(a.prefixes[x.add], x)
		a.maxPrefix = max(a.maxPrefix, len(x.add))
	} else {
		a.suffixes[x.add] = append(a.suffixes[x.add], x)
		a.maxSuffix = max(a.maxSuffix, len(x.add))
	}
	return nil
}

// parseFlags parses the flags of a dictionary entry or a continuation
// class, resolving AF aliases.
func (a *affixRules) parseFlags(s string) flagSet {
	if len(a.aliases) > 0 {
		if i, err := strconv.Atoi(s); err == nil {
			if i >= 1 && i <= len(a.aliases) {
				return a.aliases[i-1]
			}
			return nil
		}
	}
	return a.parseFlagsRaw(s)
}

func (a *affixRules) parseFlagsRaw(s string) flagSet {
	var out flagSet
	switch a.mode {
	case flagLong:
		rs := []rune(s)
		for i := 0; i+1 < len(rs); i += 2 {
			out = append(out, flag(rs[i])<<16|flag(rs[i+1]&0xFFFF))
		}
		if len(rs)%2 == 1 { // hunspell tolerates a trailing single char
			out = append(out, flag(rs[len(rs)-1])<<16)
		}
	case flagNum:
		for _, part := range strings.Split(s, ",") {
			if v, err := strconv.Atoi(strings.TrimSpace(part)); err == nil && v > 0 {
				out = append(out, flag(v))
			}
		}
	default:
		for _, r := range s {
			out = append(out, flag(r))
		}
	}
	return out
}

// parseRule parses a COMPOUNDRULE pattern: flags (in parentheses for long
// and numeric flags), each optionally followed by * or ?.
func (a *affixRules) parseRule(s string) compoundRule {
	var r compoundRule
	for i := 0; i < len(s); {
		var fl flag
		if s[i] == '(' {
			end := strings.IndexByte(s[i:], ')')
			if end < 0 {
				return nil
			}
			fs := a.parseFlagsRaw(s[i+1 : i+end])
			if len(fs) != 1 {
				return nil
			}
			fl, i = fs[0], i+end+1
		} else {
			ch, n := utf8.DecodeRuneInString(s[i:])
			if a.mode == flagLong || a.mode == flagNum {
				return nil
			}
			fl, i = flag(ch), i+n
		}
		e := ruleElem{flag: fl}
		if i < len(s) && (s[i] == '*' || s[i] == '?') {
			e.rep, i = s[i], i+1
		}
		r = append(r, e)
	}
	return r
}

func removeChars(s, chars string) string {
	if chars == "" || !strings.ContainsAny(s, chars) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(chars, r) {
			return -1
		}
		return r
	}, s)
}

// dictionary is a loaded hunspell dictionary.
type dictionary struct {
	*affixRules

	// words maps each entry to its flag set id, or, with the high bit
	// set, to an index into homonyms (words listed more than once with
	// different flags).
	words    map[string]uint32
	homonyms [][]uint32
	sets     []flagSet
	ident    []uint32 // ident[i] == i: a one-element slice without allocating

	// Productive compounding (Norwegian): see the package comment.
	productive bool
	linking    []string
	maxParts   int
}

const homonymBit = 1 << 31

// lookup returns the flag set ids of word's entries.
func (d *dictionary) lookup(word string) []uint32 {
	v, ok := d.words[word]
	if !ok {
		return nil
	}
	if v&homonymBit != 0 {
		return d.homonyms[v&^homonymBit]
	}
	return d.ident[v : v+1 : v+1]
}

// Languages whose compounds are written as one word and which the
// dictionaries under-approve (see the package comment): linking morphemes.
var productiveLinking = map[string][]string{
	"nb": {"s", "e"},
	"nn": {"s", "e"},
}

func loadDictionary(affPath, dicPath, lang string) (*dictionary, error) {
	affData, err := readLexicon(affPath)
	if err != nil {
		return nil, err
	}
	rules, dec, err := parseAff(affData)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", affPath, err)
	}
	dicData, err := readLexicon(dicPath)
	if err != nil {
		return nil, err
	}
	d, err := parseDic(rules, dec, dicData)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", dicPath, err)
	}
	if link, ok := productiveLinking[lang]; ok && rules.compounding() {
		d.productive, d.linking, d.maxParts = true, link, 3
	}
	return d, nil
}

func parseDic(rules *affixRules, dec decoder, data []byte) (*dictionary, error) {
	text, err := dec(data)
	if err != nil {
		return nil, err
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	d := &dictionary{affixRules: rules}
	first, rest, _ := strings.Cut(text, "\n")
	size, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		// hunspell requires the count; tolerate its absence.
		size, rest = strings.Count(text, "\n"), text
	}
	d.words = make(map[string]uint32, size)
	setIDs := map[string]uint32{}
	for len(rest) > 0 {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimRight(line, "\r")
		word, flags := splitDicLine(line)
		if word == "" {
			continue
		}
		word = removeChars(word, rules.ignore)
		id, ok := setIDs[flags]
		if !ok {
			id = uint32(len(d.sets))
			setIDs[flags] = id
			d.sets = append(d.sets, rules.parseFlags(flags))
		}
		d.add(word, id)
	}
	d.ident = make([]uint32, len(d.sets))
	for i := range d.ident {
		d.ident[i] = uint32(i)
	}
	return d, nil
}

func (d *dictionary) add(word string, id uint32) {
	v, ok := d.words[word]
	switch {
	case !ok:
		d.words[word] = id
	case v&homonymBit != 0:
		h := &d.homonyms[v&^homonymBit]
		if !slices.Contains(*h, id) {
			*h = append(*h, id)
		}
	case v != id:
		d.words[word] = uint32(len(d.homonyms)) | homonymBit
		d.homonyms = append(d.homonyms, []uint32{v, id})
	}
}

// splitDicLine splits "word/flags morphology" into word and flags. A slash
// inside a word is written "\/". Morphological fields follow a tab or a
// space; no entry of the dictionaries we read contains either.
func splitDicLine(line string) (word, flags string) {
	line = strings.TrimLeft(line, " \t")
	if i := strings.IndexAny(line, "\t "); i >= 0 {
		line = line[:i]
	}
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++ // skip the escaped character
		case '/':
			if i == 0 {
				continue // a word may not start with its flags
			}
			return strings.ReplaceAll(line[:i], `\/`, "/"), line[i+1:]
		}
	}
	return strings.ReplaceAll(line, `\/`, "/"), ""
}
