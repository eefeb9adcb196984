package classify

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/lexicon"
)

//go:embed rules.yaml
var builtinRules []byte

// Rules are the word lists, protected patterns, topics and thresholds the
// classifier applies. Default loads the built-in set; Extend adds to it.
// A Rules value is not changed by classifying, so it may be shared.
type Rules struct {
	// Limits caps the documents Compare parses; Default sets
	// document.DefaultLimits, and the CLI's flags raise or lower them.
	Limits document.Limits

	// words[list][lang] holds the raw entries; "*" applies to every language.
	words      map[string]map[string][]string
	langs      []string // languages the built-in lists know
	suffixes   map[string][]string
	topics     map[string][]string
	thresholds thresholds
	model      model // the content model, from model.yaml

	// compiled, rebuilt by compile after loading and after each Extend
	lists     map[string]map[string]*wordList // list -> lang ("" = all) -> entries
	vocabs    map[string]map[string]*vocab    // vocabulary lists (vocab.go), likewise
	spanWords map[string]*spanWords           // lang ("" = all) -> what tagSpans can match (tag.go)
	// topicRe[t] matches any pattern of topic t; each is compiled when
	// first needed (most runs read their comparisons from the cache and
	// never match a topic), its patterns checked by Extend.
	topicRe   map[string]*lazyRegexp
	topicKeys []string
	// topicLits[t] holds, per pattern of topic t, the longest literal the
	// pattern cannot match without (folded by caseFoldKey), with the word
	// boundaries it needs: a text holding none of them so bounded cannot
	// match t, which spares most texts the regexp. nil when some pattern
	// has no literal, and the regexp always runs.
	topicLits map[string][]topicLit
	// topicPats[t][k] is pattern k of topic t alone, with topicRe's
	// word boundaries, for the topics topicLits holds: topicBits runs
	// only the patterns whose literal the text holds, not topicRe's
	// every alternative. Each is compiled when first needed.
	topicPats map[string][]*lazyRegexp
	// aliasHeads holds each start of an alias that ends at a space
	// ("the norwegian " of "the norwegian data protection authority"),
	// see mayBeAlias.
	aliasHeads map[string]bool
	// aliasWords holds each word of an alias, see mayAlias.
	aliasWords map[string]bool

	// lex holds the dictionaries and thesauri proofs rest on; nil proves
	// nothing by them.
	lex *lexicon.Set
	// aliases are the configured groups of names of one thing (folded
	// phrases); synonyms the configured groups of words of one meaning,
	// by language ("*" for all).
	aliases         []map[string]bool
	synonyms        map[string][]map[string]bool
	builtinSynonyms map[string][]map[string]bool // rules.yaml's own list
	// PageURL gives the public URL of the page at a repository path in a
	// language, against which link targets resolve; nil when unknown.
	// urlKey names the mapping in the fingerprint.
	PageURL func(path, lang string) string
	urlKey  string

	// lazy, when not nil, parses and compiles the rules on first use
	// (see New and ready); exts are the extensions applied, in order,
	// which with the built-in files name the rules in Fingerprint.
	lazy *lazyRules
	exts []Extension

	// memo holds analyses and topics already made with these rules
	// (memo.go); compile starts a new one. Code that changes thresholds or
	// model after use must call forget.
	memo *memo
}

// forget drops what the memo holds.
func (r *Rules) forget() { r.memo = newMemo() }

type thresholds struct {
	SpellingRatio float64 `yaml:"spelling-ratio"`
	ProseWords    int     `yaml:"prose-words"`
	// ThesaurusProof are the languages whose installed thesaurus proves
	// a synonym by itself.
	ThesaurusProof []string `yaml:"thesaurus-proof"`
	// NameCapitals are the languages in which a capital letter
	// mid-sentence reliably marks a name, so removing one decides.
	NameCapitals []string `yaml:"name-capitals"`
}

type rulesFile struct {
	Words      map[string]map[string][]string `yaml:"words"`
	Aliases    [][]string                     `yaml:"aliases"`
	Synonyms   map[string][][]string          `yaml:"synonyms"`
	Suffixes   map[string][]string            `yaml:"suffixes"`
	Topics     map[string][]string            `yaml:"topics"`
	Thresholds thresholds                     `yaml:"thresholds"`
}

// Extension is what the configuration file adds to the rules: word list
// name ("modal", or "modal.nb" for one language) -> extra entries, and
// topic -> patterns (a new topic or more patterns for a known one).
type Extension struct {
	Words  map[string][]string
	Topics map[string][]string
	// Aliases are groups of names of one thing ("Firefox account",
	// "Mozilla account"): one put for another is proven editorial.
	Aliases [][]string
	// Synonyms are groups of words or phrases of one meaning, by language
	// ("*" for every language), beside the thesaurus.
	Synonyms map[string][][]string
}

// Default returns the built-in rules, ready to classify. Each call
// returns a fresh value that the caller may extend.
func Default() *Rules {
	r, err := New(Extension{})
	if err != nil {
		// The file is embedded and tested; failing here is a build defect.
		panic("classify: built-in rules.yaml: " + err.Error())
	}
	r.ready()
	return r
}

// New returns the built-in rules with e added. It fails as Extend does.
// Rules that add no word list are parsed and compiled when they first
// classify, not here: a run whose comparisons all come from a cache
// (named by Fingerprint, which needs neither) never pays for them.
func New(e Extension) (*Rules, error) {
	r := &Rules{Limits: document.DefaultLimits, lex: defaultLexicons(), exts: []Extension{e}}
	if len(e.Words) > 0 {
		// A word list is checked against the built-in ones by name.
		if err := r.build(e); err != nil {
			return nil, err
		}
		return r, nil
	}
	if _, err := (&Rules{}).extended(e); err != nil { // checks all but list names
		return nil, err
	}
	r.lazy = &lazyRules{ext: e, owner: r}
	r.forget()
	return r, nil
}

// lazyRules is what Rules from New need to make themselves ready.
type lazyRules struct {
	once  sync.Once
	built atomic.Bool // set once the owner is ready
	ext   Extension
	owner *Rules // the Rules New made: a copy made before ready is not it
}

// ready parses and compiles rules made by New on first use; every
// exported method that reads the rules calls it first. It sets only the
// fields that parsing and compiling make, which nothing reads before.
func (r *Rules) ready() {
	if r.lazy == nil || r.lazy.built.Load() {
		return // a copy of ready rules is ready too
	}
	if r.lazy.owner != r {
		// Copied before it was ready: the copy would make itself ready
		// and leave the original unready for good. Call ready first.
		panic("classify: Rules copied before use")
	}
	r.lazy.once.Do(func() {
		if err := r.build(r.lazy.ext); err != nil {
			// New checked the extension, and the built-in rules are tested.
			panic("classify: " + err.Error())
		}
		r.lazy.built.Store(true)
	})
}

// build parses the built-in rules into r, adds e and compiles them.
func (r *Rules) build(e Extension) error {
	p, err := parseRules(builtinRules)
	if err != nil {
		return fmt.Errorf("built-in rules.yaml: %v", err)
	}
	if p, err = p.extended(e); err != nil {
		return err
	}
	if err := p.compile(); err != nil {
		return err
	}
	r.words, r.langs, r.suffixes, r.topics, r.thresholds, r.model = p.words, p.langs, p.suffixes, p.topics, p.thresholds, p.model
	r.aliases, r.synonyms, r.builtinSynonyms = p.aliases, p.synonyms, p.builtinSynonyms
	r.lists, r.vocabs, r.spanWords, r.aliasHeads, r.aliasWords = p.lists, p.vocabs, p.spanWords, p.aliasHeads, p.aliasWords
	r.topicRe, r.topicKeys, r.topicLits, r.topicPats = p.topicRe, p.topicKeys, p.topicLits, p.topicPats
	r.memo = p.memo
	return nil
}

// defaultLexicons finds the system's lexicons once per process: finding
// them only looks at files, and loading each happens on first use.
var defaultLexicons = sync.OnceValue(func() *lexicon.Set { return lexicon.Load(lexicon.Options{}) })

func parseRules(data []byte) (*Rules, error) {
	var f rulesFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	m, err := parseModel(builtinModel)
	if err != nil {
		return nil, fmt.Errorf("model.yaml: %v", err)
	}
	r := &Rules{words: f.Words, suffixes: f.Suffixes, topics: f.Topics, thresholds: f.Thresholds, model: m}
	for i, g := range f.Aliases {
		group, err := phraseGroup(g)
		if err != nil {
			return nil, fmt.Errorf("aliases[%d]: %v", i, err)
		}
		r.aliases = append(r.aliases, group)
	}
	r.builtinSynonyms = map[string][]map[string]bool{}
	for _, lang := range sortedKeys(f.Synonyms) {
		for i, g := range f.Synonyms[lang] {
			group, err := phraseGroup(g)
			if err != nil {
				return nil, fmt.Errorf("synonyms.%s[%d]: %v", lang, i, err)
			}
			r.builtinSynonyms[lang] = append(r.builtinSynonyms[lang], group)
		}
	}
	seen := map[string]bool{}
	for _, byLang := range f.Words {
		for lang := range byLang {
			if lang != "*" && !seen[lang] {
				seen[lang] = true
				r.langs = append(r.langs, lang)
			}
		}
	}
	sort.Strings(r.langs)
	return r, nil // compiled by New, once extended
}

// Extend adds the entries of e to r. It fails, naming the list or the
// pattern, when a list is unknown or a pattern cannot match anything; r is
// unchanged then.
func (r *Rules) Extend(e Extension) error {
	r.ready()
	next, err := r.extended(e)
	if err != nil {
		return err
	}
	if err := next.compile(); err != nil {
		return err
	}
	next.lazy = nil // ready: compiled above
	next.exts = append(slices.Clone(r.exts), e)
	*r = *next
	return nil
}

// extended returns a copy of r with the entries of e added, not compiled.
func (r *Rules) extended(e Extension) (*Rules, error) {
	words := map[string]map[string][]string{}
	for list, byLang := range r.words {
		words[list] = map[string][]string{}
		for lang, entries := range byLang {
			words[list][lang] = slices.Clone(entries)
		}
	}
	topics := map[string][]string{}
	for t, p := range r.topics {
		topics[t] = slices.Clone(p)
	}
	for _, key := range sortedKeys(e.Words) {
		list, lang, _ := strings.Cut(key, ".")
		if _, ok := words[list]; !ok {
			return nil, fmt.Errorf("unknown word list %q (known: %s)", list, strings.Join(sortedKeys(words), ", "))
		}
		if lang == "" {
			lang = "*"
		}
		for _, w := range e.Words[key] {
			if err := checkEntry(w); err != nil {
				return nil, fmt.Errorf("word list %q: entry %q: %v", key, w, err)
			}
			if _, ok := vocabLists[list]; ok {
				for _, form := range strings.Split(w, "|") {
					if wordCount(tokenize(form)) == 0 {
						return nil, fmt.Errorf("word list %q: entry %q: form %q has no word; forms of one term are separated by \"|\"", key, w, form)
					}
				}
			}
		}
		words[list][lang] = append(words[list][lang], e.Words[key]...)
	}
	for _, t := range sortedKeys(e.Topics) {
		if !validTopic.MatchString(t) {
			return nil, fmt.Errorf("topic %q: a topic name is lower-case letters, digits and hyphens", t)
		}
		for _, p := range e.Topics[t] {
			if err := checkEntry(p); err != nil {
				return nil, fmt.Errorf("topic %q: pattern %q: %v", t, p, err)
			}
		}
		topics[t] = append(topics[t], e.Topics[t]...)
	}
	next := *r
	next.words, next.topics = words, topics
	next.aliases = slices.Clone(r.aliases)
	for i, g := range e.Aliases {
		group, err := phraseGroup(g)
		if err != nil {
			return nil, fmt.Errorf("aliases[%d]: %v", i, err)
		}
		next.aliases = append(next.aliases, group)
	}
	next.synonyms = map[string][]map[string]bool{}
	for lang, gs := range r.synonyms {
		next.synonyms[lang] = slices.Clone(gs)
	}
	for _, lang := range sortedKeys(e.Synonyms) {
		for i, g := range e.Synonyms[lang] {
			group, err := phraseGroup(g)
			if err != nil {
				return nil, fmt.Errorf("synonyms.%s[%d]: %v", lang, i, err)
			}
			next.synonyms[lang] = append(next.synonyms[lang], group)
		}
	}
	return &next, nil
}

// phraseGroup folds a configured group of phrases; it needs two at least.
func phraseGroup(g []string) (map[string]bool, error) {
	m := map[string]bool{}
	for _, p := range g {
		k := phraseKey(p)
		if k == "" {
			return nil, fmt.Errorf("%q has no word", p)
		}
		m[k] = true
	}
	if len(m) < 2 {
		return nil, fmt.Errorf("a group needs two different names or words, got %q", g)
	}
	return m, nil
}

// SetLexicons sets the dictionaries and thesauri proofs rest on (nil:
// none). The rules' fingerprint follows them.
func (r *Rules) SetLexicons(s *lexicon.Set) {
	r.lex = s
	r.forget()
}

// ThesaurusProves reports whether the thesaurus of lang proves synonyms by
// itself (rules.yaml thesaurus-proof); elsewhere only the synonym lists do.
func (r *Rules) ThesaurusProves(lang string) bool {
	r.ready()
	return slices.Contains(r.thresholds.ThesaurusProof, lang)
}

// Lexicons returns the lexicons in use (nil when none were set).
func (r *Rules) Lexicons() *lexicon.Set { return r.lex }

// SetPageURL sets how a page's public URL is found, and a key naming that
// mapping for the fingerprint (its configuration).
func (r *Rules) SetPageURL(f func(path, lang string) string, key string) {
	r.PageURL, r.urlKey = f, key
	r.forget()
}

var validTopic = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func checkEntry(s string) error {
	core := strings.Trim(strings.TrimSpace(s), "*")
	if strings.TrimSpace(core) == "" {
		return fmt.Errorf("matches every word; give at least one letter")
	}
	if len(tokenize(core)) == 0 {
		return fmt.Errorf("has no word to match")
	}
	return nil
}

func (r *Rules) compile() error {
	r.forget()
	r.lists = map[string]map[string]*wordList{}
	r.vocabs = map[string]map[string]*vocab{}
	for list, byLang := range r.words {
		if _, ok := vocabLists[list]; ok {
			r.vocabs[list] = map[string]*vocab{}
			for _, lang := range append([]string{""}, r.langs...) {
				var entries []string
				for _, l := range sortedKeys(byLang) {
					if l == "*" || lang == "" || l == lang {
						entries = append(entries, byLang[l]...)
					}
				}
				r.vocabs[list][lang] = r.compileVocab(entries, lang)
			}
			continue
		}
		r.lists[list] = map[string]*wordList{}
		for _, lang := range append([]string{""}, r.langs...) {
			wl := &wordList{exact: map[string]bool{}}
			for _, l := range sortedKeys(byLang) {
				if l == "*" || lang == "" || l == lang {
					for _, e := range byLang[l] {
						wl.add(e)
					}
				}
			}
			r.lists[list][lang] = wl
		}
	}
	r.spanWords = map[string]*spanWords{}
	for _, lang := range append([]string{""}, r.langs...) {
		r.spanWords[lang] = r.compileSpanWords(lang)
	}
	r.aliasHeads, r.aliasWords = map[string]bool{}, map[string]bool{}
	for _, g := range r.aliases {
		for name := range g {
			for w := range strings.SplitSeq(name, " ") {
				r.aliasWords[w] = true
			}
			for i := range len(name) {
				if name[i] == ' ' {
					r.aliasHeads[name[:i+1]] = true
				}
			}
		}
	}
	r.topicRe = map[string]*lazyRegexp{}
	r.topicLits = map[string][]topicLit{}
	r.topicPats = map[string][]*lazyRegexp{}
	r.topicKeys = sortedKeys(r.topics)
	for _, t := range r.topicKeys {
		var alts []string
		var lits []topicLit
		prefilter := true
		for _, p := range r.topics[t] {
			if err := checkEntry(p); err != nil {
				return fmt.Errorf("topic %q: pattern %q: %v", t, p, err)
			}
			alts = append(alts, patternRegexp(p))
			lit := patternLiteral(p)
			prefilter = prefilter && lit.key != ""
			lits = append(lits, lit)
		}
		if prefilter {
			r.topicLits[t] = lits
			for _, alt := range alts {
				r.topicPats[t] = append(r.topicPats[t], &lazyRegexp{src: topicRegexp(alt)})
			}
		}
		r.topicRe[t] = &lazyRegexp{src: topicRegexp(strings.Join(alts, "|"))}
	}
	return nil
}

// topicRegexp matches alts (alternatives made by patternRegexp) as
// whole words, ignoring case. A text matches the regexp of several
// alternatives exactly when it matches the regexp of one of them.
func topicRegexp(alts string) string {
	return `(?i)(?:^|[^\p{L}\p{N}])(?:` + alts + `)(?:$|[^\p{L}\p{N}])`
}

// lazyRegexp is a regular expression compiled on first use: the
// package's patterns and the topics' (a run served from the cache needs
// none of them). Every source compiles: the package's and the built-in
// topics' are compiled by the tests, and a topic's is made by
// patternRegexp and topicRegexp, quoted words between fixed classes.
type lazyRegexp struct {
	once sync.Once
	src  string
	re   *regexp.Regexp
}

// get returns the compiled expression.
func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re
}

func (l *lazyRegexp) MatchString(s string) bool { return l.get().MatchString(s) }

// patternRegexp turns a topic pattern into a regular expression: words
// separated by any whitespace, "*" standing for the rest of a word.
func patternRegexp(p string) string {
	var parts []string
	for _, w := range strings.Fields(p) {
		lead := strings.HasPrefix(w, "*")
		trail := strings.HasSuffix(w, "*")
		core := regexp.QuoteMeta(strings.Trim(w, "*"))
		if lead {
			core = `[\p{L}\p{N}]*` + core
		}
		if trail {
			core += `[\p{L}\p{N}-]*`
		}
		parts = append(parts, core)
	}
	return strings.Join(parts, `\s+`)
}

// patternLiteral returns the longest word of a topic pattern without its
// "*", folded by caseFoldKey: patternRegexp matches it literally (ignoring
// case), so no text without it can match the pattern. A side without "*"
// is a word boundary in the regexp (the pattern's edge or the whitespace
// between its words), so the literal must sit at one there too.
func patternLiteral(p string) topicLit {
	var best topicLit
	var all []topicLit
	for _, w := range strings.Fields(p) {
		core := strings.Trim(w, "*")
		l := topicLit{key: core, left: !strings.HasPrefix(w, "*"), right: !strings.HasSuffix(w, "*")}
		if len(core) > len(best.key) {
			best = l
		}
		if core != "" {
			l.key = caseFoldKey(core)
			all = append(all, l)
		}
	}
	best.key = caseFoldKey(best.key)
	best.whole = len(strings.Fields(p)) == 1
	if !best.whole {
		best.words = all
	}
	return best
}

// topicLit is a literal a topic pattern needs, and whether it must start
// and end a word.
type topicLit struct {
	key         string
	left, right bool
	// whole says the literal is the pattern's one word: the pattern
	// then matches exactly where matches finds the literal.
	whole bool
	// words are the literals of all the words of a pattern of several,
	// each of which the regexp matches as it matches key.
	words []topicLit
}

// allIn reports whether key holds the literals of all the pattern's words
// (see in): a text that lacks one cannot match the pattern.
func (l topicLit) allIn(key string) bool {
	for _, w := range l.words {
		if !w.in(key) {
			return false
		}
	}
	return true
}

// in reports whether key (a text folded by caseFoldKey) holds the literal
// with the boundaries it needs. A neighbour counts as part of a word only
// when every rune that folds to it is a letter or number: the regexp
// reads the text's own rune, which the key no longer shows (U+0345, a
// combining mark, folds to a Greek capital letter).
func (l topicLit) in(key string) bool { return l.at(key, surelyWordRune) }

// matches reports whether the pattern of a whole literal matches the text
// whose caseFoldKey is key, as its regexp would. The regexp reads a word
// rune as \p{L} or \p{N} ignoring case: a rune one of whose case forms is
// a letter or number. A "*" before or after the word lets the regexp
// run on through the word (a run of word runes always ends at a
// boundary), so only a side without one needs a boundary.
func (l topicLit) matches(key string) bool { return l.at(key, foldWordRune) }

// at reports whether key holds the literal with a boundary on each side
// that needs one: a neighbouring rune that word does not call part of a
// word.
func (l topicLit) at(key string, word func(rune) bool) bool {
	for off := 0; ; {
		i := strings.Index(key[off:], l.key)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(l.key)
		ok := true
		if l.left && i > 0 {
			r, _ := utf8.DecodeLastRuneInString(key[:i])
			ok = !word(r)
		}
		if ok && l.right && j < len(key) {
			r, _ := utf8.DecodeRuneInString(key[j:])
			ok = !word(r)
		}
		if ok {
			return true
		}
		_, n := utf8.DecodeRuneInString(key[i:])
		off = i + n
	}
}

// foldWordRune reports whether some rune of r's case folding orbit is a
// letter or number: what (?i)[\p{L}\p{N}] matches.
func foldWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if unicode.IsLetter(r) || unicode.IsNumber(r) {
		return true
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if unicode.IsLetter(f) || unicode.IsNumber(f) {
			return true
		}
	}
	return false
}

// surelyWordRune reports whether every rune of r's case folding orbit is a
// letter or number (\p{L} or \p{N}), so that the text's rune was one.
func surelyWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
		return false
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if !unicode.IsLetter(f) && !unicode.IsNumber(f) {
			return false
		}
	}
	return true
}

// caseFoldKey maps each rune of s to the smallest rune of its simple case
// folding orbit (the runes a (?i) regexp treats as equal to it: k, K and
// the Kelvin sign all become K). Two strings match ignoring case, rune by
// rune, exactly when their keys are equal, so a literal can be looked for
// in a text with strings.Contains on both keys. Invalid UTF-8 becomes
// U+FFFD, as the regexp package reads it.
func caseFoldKey(s string) string {
	b := make([]byte, 0, len(s))
	for _, c := range s {
		switch {
		case c < utf8.RuneSelf:
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b = append(b, byte(c))
		default:
			min := c
			for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
				if f < min {
					min = f
				}
			}
			b = utf8.AppendRune(b, min)
		}
	}
	return string(b)
}

// list returns the named list for lang, all languages merged when lang is
// not one the lists know.
func (r *Rules) list(name, lang string) *wordList {
	byLang := r.lists[name]
	if wl, ok := byLang[lang]; ok {
		return wl
	}
	return byLang[""]
}

// Topics returns the topics whose patterns match text, sorted.
func (r *Rules) topicsOf(texts ...string) []string {
	if r.memo == nil || len(r.topicKeys) > 64 {
		return r.topicsIn(texts...)
	}
	var set uint64
	for _, s := range texts {
		if s == "" {
			continue
		}
		k := r.memo.key(s)
		ts, ok := r.memo.topicSet(k)
		if !ok {
			ts = r.topicBits(s)
			r.memo.putTopicSet(k, ts)
		}
		set |= ts
	}
	var out []string
	for i, t := range r.topicKeys {
		if set&(1<<i) != 0 {
			out = append(out, t)
		}
	}
	return out
}

// topicBits is the set of topics of s, bit i for r.topicKeys[i].
func (r *Rules) topicBits(s string) uint64 {
	var set uint64
	key, folded := "", false
	var pairs pairSet
	for i, t := range r.topicKeys {
		lits := r.topicLits[t]
		if lits == nil {
			if r.topicRe[t].MatchString(s) {
				set |= 1 << i
			}
			continue
		}
		if !folded {
			key, folded = caseFoldKey(s), true
			pairs.addAll(key)
		}
		// topicRe[t] matches where one of its patterns does, and a
		// pattern only where its literal stands.
		for k, l := range lits {
			if !pairs.mayHold(l.key) {
				continue
			}
			if l.whole && l.matches(key) || !l.whole && l.in(key) && l.allIn(key) && r.topicPats[t][k].MatchString(s) {
				set |= 1 << i
				break
			}
		}
	}
	return set
}

// pairSet records which pairs of adjacent bytes a text has. A text lacking
// one pair of a literal cannot hold the literal: most topic literals are
// ruled out so, without searching the text for each.
type pairSet [1 << 16 / 64]uint64

func (p *pairSet) addAll(s string) {
	for i := 0; i+1 < len(s); i++ {
		b := uint16(s[i])<<8 | uint16(s[i+1])
		p[b>>6] |= 1 << (b & 63)
	}
}

// mayHold reports whether a text whose pairs p holds may hold lit.
func (p *pairSet) mayHold(lit string) bool {
	for i := 0; i+1 < len(lit); i++ {
		b := uint16(lit[i])<<8 | uint16(lit[i+1])
		if p[b>>6]&(1<<(b&63)) == 0 {
			return false
		}
	}
	return true
}

// topicsIn is topicsOf without the memo.
func (r *Rules) topicsIn(texts ...string) []string {
	var out []string
	keys := make([]string, len(texts)) // caseFoldKey of each text, made when first needed
	for _, t := range r.topicKeys {
		for i, s := range texts {
			if s == "" {
				continue
			}
			if lits := r.topicLits[t]; lits != nil {
				if keys[i] == "" {
					keys[i] = caseFoldKey(s)
				}
				if !containsAny(keys[i], lits) {
					continue
				}
			}
			if r.topicRe[t].MatchString(s) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

func containsAny(key string, lits []topicLit) bool {
	for _, l := range lits {
		if l.in(key) {
			return true
		}
	}
	return false
}

// wordList matches entries against tokens: single literal words through a
// map, the rest (wildcards, phrases) one by one.
type wordList struct {
	exact   map[string]bool
	phrases [][]wordPattern
	// byFirst indexes the phrases whose first word is matched exactly by
	// that word; byHead those whose first word is "lit*" by the first
	// byte of lit, byTail those whose first is "*lit" by its last byte;
	// wild lists the rest ("*lit*"). matchAt tries only the phrases a
	// token can start, not every phrase.
	byFirst        map[string][]int
	byHead, byTail map[byte][]int
	wild           []int
	// firsts holds the sieveBit of every key of exact and byFirst, heads
	// and tails the bytes byHead and byTail index: most words start no
	// entry, and a bit tells so faster than a map lookup.
	firsts       [16]uint64
	heads, tails byteSet
	// single are the phrases of one word, which has tries.
	single []wordPattern
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(c byte)      { s[c>>6] |= 1 << (c & 63) }
func (s *byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }

// sieveBit hashes a key's length and first and last bytes to one of the
// 1024 bits of wordList.firsts: keys with different bits differ.
func sieveBit(key string) uint32 {
	var a, b byte
	if key != "" {
		a, b = key[0], key[len(key)-1]
	}
	return (uint32(a) | uint32(b)<<8 | uint32(len(key))<<16) * 0x9e3779b1 >> 22
}

// mayStart reports whether key may be in exact or byFirst.
func (wl *wordList) mayStart(key string) bool {
	b := sieveBit(key)
	return wl.firsts[b>>6]&(1<<(b&63)) != 0
}

func (wl *wordList) sieve(key string) {
	b := sieveBit(key)
	wl.firsts[b>>6] |= 1 << (b & 63)
}

type wordPattern struct {
	lit          string
	prefix, suff bool // "lit*" and "*lit"
}

func (p wordPattern) match(key string) bool {
	switch {
	case p.prefix && p.suff:
		return strings.Contains(key, p.lit)
	case p.prefix:
		return strings.HasPrefix(key, p.lit)
	case p.suff:
		return strings.HasSuffix(key, p.lit)
	}
	return key == p.lit
}

func (wl *wordList) add(entry string) {
	var pats []wordPattern
	for _, w := range strings.Fields(entry) {
		lead := strings.HasPrefix(w, "*")
		trail := strings.HasSuffix(w, "*")
		toks := tokenize(strings.Trim(w, "*"))
		for i, t := range toks {
			pats = append(pats, wordPattern{lit: t.key, prefix: trail && i == len(toks)-1, suff: lead && i == 0})
		}
	}
	switch {
	case len(pats) == 0:
	case len(pats) == 1 && !pats[0].prefix && !pats[0].suff:
		wl.exact[pats[0].lit] = true
		wl.sieve(pats[0].lit)
	default:
		k := len(wl.phrases)
		wl.phrases = append(wl.phrases, pats)
		if len(pats) == 1 {
			wl.single = append(wl.single, pats[0])
		}
		switch first := pats[0]; {
		case first.prefix && first.suff:
			wl.wild = append(wl.wild, k)
		case first.prefix:
			if wl.byHead == nil {
				wl.byHead = map[byte][]int{}
			}
			wl.byHead[first.lit[0]] = append(wl.byHead[first.lit[0]], k)
			wl.heads.add(first.lit[0])
		case first.suff:
			if wl.byTail == nil {
				wl.byTail = map[byte][]int{}
			}
			c := first.lit[len(first.lit)-1]
			wl.byTail[c] = append(wl.byTail[c], k)
			wl.tails.add(c)
		default:
			if wl.byFirst == nil {
				wl.byFirst = map[string][]int{}
			}
			wl.byFirst[first.lit] = append(wl.byFirst[first.lit], k)
			wl.sieve(first.lit)
		}
	}
}

// matchAt returns how many tokens from toks[i] an entry covers (the
// longest), or 0.
func (wl *wordList) matchAt(toks []token, i int) int {
	best := 0
	key := toks[i].key
	if wl.mayStart(key) {
		if wl.exact[key] {
			best = 1
		}
		for _, k := range wl.byFirst[key] {
			best = wl.phraseAt(k, toks, i, best)
		}
	}
	if key != "" {
		if wl.heads.has(key[0]) {
			for _, k := range wl.byHead[key[0]] {
				best = wl.phraseAt(k, toks, i, best)
			}
		}
		if wl.tails.has(key[len(key)-1]) {
			for _, k := range wl.byTail[key[len(key)-1]] {
				best = wl.phraseAt(k, toks, i, best)
			}
		}
	}
	for _, k := range wl.wild {
		best = wl.phraseAt(k, toks, i, best)
	}
	return best
}

// phraseAt returns the length of phrase k when it matches from toks[i]
// and is longer than best, else best.
func (wl *wordList) phraseAt(k int, toks []token, i, best int) int {
	ph := wl.phrases[k]
	if len(ph) <= best || i+len(ph) > len(toks) {
		return best
	}
	for k, p := range ph {
		if !p.match(toks[i+k].key) {
			return best
		}
	}
	return len(ph)
}

func (wl *wordList) has(key string) bool {
	if wl.mayStart(key) && wl.exact[key] {
		return true
	}
	for _, p := range wl.single {
		if p.match(key) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Fingerprint identifies what the rules decide with: the built-in rules
// and content model, the extensions applied, the limits, the page URLs
// and the lexicons. Two Rules with the same fingerprint classify alike
// (given the same program), so a cache of comparisons is kept per
// fingerprint. It is made from these inputs, not from the compiled
// rules, so that it does not make lazy rules ready.
func (r *Rules) Fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "rules %d\n%s\nmodel %d\n%s\n", len(builtinRules), builtinRules, len(builtinModel), builtinModel)
	// %#v prints maps sorted by key; an Extension holds no pointer.
	for _, e := range r.exts {
		if len(e.Words)+len(e.Topics)+len(e.Aliases)+len(e.Synonyms) > 0 { // one that adds nothing changes nothing
			fmt.Fprintf(h, "extension %#v\n", e)
		}
	}
	fmt.Fprintf(h, "%#v\n%q\n", r.Limits, r.urlKey)
	if r.lex != nil {
		fmt.Fprintf(h, "lexicons %s\n", r.lex.Fingerprint())
	}
	return hex.EncodeToString(h.Sum(nil))
}
