// Package lexicon reads the dictionaries and thesauri installed on the
// system, so that redline can prove that an edit is editorial: a spelling
// fix (the old word is not in the dictionary, the new one is), an
// inflection (both words are forms of one lemma) or a synonym (the
// thesaurus puts both words in one synonym set).
//
// # Where the data comes from
//
// Nothing is embedded: every file is located on the machine by [Load] and
// parsed at run time, the first time it is needed. This keeps GPL data out
// of the repository and the binary, and lets users update the data with
// their package manager. The files and their licences:
//
//   - Norwegian bokmål and nynorsk spelling: hunspell nb_NO and nn_NO from
//     the spell-norwegian project (Debian package hunspell-no), GPL-2.0.
//   - Norwegian thesauri: MyThes th_nb_NO_v2 and th_nn_NO_v2, also from
//     spell-norwegian (Debian package mythes-no), GPL-2.0. The nynorsk one
//     is tiny (34 entries in version 7.5.0).
//   - English spelling: hunspell en_US from Kevin Atkinson's SCOWL (Debian
//     package hunspell-en-us), under a permissive licence that requires its
//     copyright notice to be kept; parts are in the public domain, parts
//     under the Ispell (BSD-style), UKACD and WordNet 1.6 notices.
//   - English thesaurus and morphology: Princeton WordNet 3.0 (Debian
//     package wordnet-base), under the WordNet 3.0 licence, which allows
//     redistribution with its notice; it is read at run time all the same.
//
// On Debian and Ubuntu all of them come with
//
//	apt-get install hunspell-no hunspell-en-us mythes-no wordnet-base
//
// # What counts as proof
//
// Spelling and inflection follow hunspell's rules (affixes and their
// conditions, continuation classes, compound flags and rules), implemented
// here without cgo and checked against the hunspell program. Norwegian
// writes compounds as one word, but the Norwegian dictionaries let only a
// few thousand words take part in compounds, so that hunspell itself
// rejects "personvernforordningen". For nb and nn this package also
// accepts productive compounds: a head that is an entry (or a compound
// part by the flags), optionally with a linking -s- or -e-, followed by a
// word, at most three parts of at least COMPOUNDMIN letters each. The
// lemma of a compound is the compound with its last part lemmatised. The
// price: on single-letter misspellings of bokmål entries, 9% instead of
// hunspell's 4.3% are accepted, most of them real if unusual compounds.
//
// Prefixes in hunspell dictionaries are derivational and often change the
// meaning (u-, mis-, un-, dis-), so they are kept in lemmas: "ulovlig" is
// not a form of "lovlig". Suffixes are stripped, as hunspell does; note
// that some suffix classes are derivational too (nb -ing, -het, -lig; en
// -er, -ion, -th), so "sletting" and "slette" share a lemma, and so do
// "four" and "fourth".
//
// WordNet tells synonyms (one synset) from hypernyms, antonyms and similar
// terms, so English synonyms are reliable. The Norwegian thesaurus does
// not: each entry lists a cluster of related words with no relation types
// (no antonym, generic or related-term marks; only register marks such as
// "(muntlig mening)", "(vulgær)" and "(terminologisk)"), and clusters mix
// synonyms with co-hyponyms and generic terms. This package drops what the
// data lets it drop (register-marked items, and whole clusters that hold a
// word together with a compound built on it, such as "avis" with
// "dagsavis": those are semantic fields), but a Norwegian Synonyms answer
// is weaker evidence than an English one; see [Set.Synonyms].
package lexicon

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Kind is the kind of a lexicon.
type Kind string

const (
	// Dictionary is a spelling dictionary (hunspell .aff and .dic).
	Dictionary Kind = "dictionary"
	// Thesaurus is a thesaurus (MyThes .idx and .dat, or WordNet).
	Thesaurus Kind = "thesaurus"
)

// Info describes a lexicon that was looked for.
type Info struct {
	Lang    string // "nb", "nn", "en"
	Kind    Kind
	Name    string // e.g. "hunspell nb_NO", "MyThes nb_NO", "WordNet 3.0"
	Path    string // file found ("" when missing); for WordNet its directory
	Package string // Debian package that provides it, e.g. "hunspell-no"
	Licence string // e.g. "GPL-2.0 (read at run time)"
}

// Options says where and what to look for.
type Options struct {
	Dirs  []string // extra directories to search first (from configuration); may be empty
	Langs []string // languages wanted; nil means nb, nn, en
}

// Set is the lexicons found on the machine. It is safe for concurrent use.
// Files are parsed lazily, on first use of each language and kind, and a
// file that fails to parse makes that lexicon count as missing.
type Set struct {
	lexicons    []*lexicon // sorted by lang, kind
	missing     []Info
	fingerprint string
}

// lexicon is one located lexicon and, once loaded, its data.
type lexicon struct {
	info  Info
	files []string // every file it is made of, for the fingerprint

	once   sync.Once
	err    error
	broken atomic.Bool // set once a load has failed; read without loading
	dict   *dictionary // Kind == Dictionary
	thes   *mythes     // Kind == Thesaurus, MyThes
	wn     *wordnet    // Kind == Thesaurus, WordNet
}

// load parses the lexicon's files once. A panic while parsing a damaged
// file is turned into an error: a broken dictionary must not take the
// whole command down, it just makes that lexicon missing.
func (l *lexicon) load() error {
	l.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				l.err = fmt.Errorf("lexicon: reading %s: %v", l.info.Path, r)
				l.broken.Store(true)
			}
		}()
		switch {
		case l.info.Kind == Dictionary:
			l.dict, l.err = loadDictionary(l.files[0], l.files[1], l.info.Lang)
		case l.info.Name == wordnetName:
			l.wn, l.err = loadWordNet(l.info.Path)
		default:
			l.thes, l.err = loadMyThes(l.files[0], l.files[1])
		}
		l.broken.Store(l.err != nil)
	})
	return l.err
}

// None returns a Set with no lexicons, for tests that must not depend on
// what is installed on the machine.
func None() *Set {
	return &Set{fingerprint: fingerprintOf(nil)}
}

// Found returns the lexicons found, sorted by Lang and Kind. A lexicon
// whose files could not be parsed is not listed (see Missing).
func (s *Set) Found() []Info {
	if s == nil {
		return nil
	}
	var out []Info
	for _, l := range s.lexicons {
		if l.failed() {
			continue
		}
		out = append(out, l.info)
	}
	return out
}

// Missing returns what was looked for and not found, with Package filled
// in for an install hint, sorted by Lang and Kind. A lexicon that was found
// but failed to parse is listed here with its Path.
func (s *Set) Missing() []Info {
	if s == nil {
		return nil
	}
	out := slices.Clone(s.missing)
	for _, l := range s.lexicons {
		if l.failed() {
			out = append(out, l.info)
		}
	}
	slices.SortFunc(out, compareInfo)
	return out
}

// failed reports whether the lexicon was loaded and the load failed,
// without triggering a load (Found and Missing must stay cheap).
func (l *lexicon) failed() bool {
	return l.broken.Load()
}

// Fingerprint identifies the lexicons found: a hex SHA-256 over each found
// file's path, size and modification time. It changes when a package is
// installed, removed or upgraded, so it can key caches of classifications.
// It does not read the files. None, and a Load that found nothing, give
// the same constant.
func (s *Set) Fingerprint() string {
	if s == nil {
		return None().fingerprint
	}
	return s.fingerprint
}

// HasDictionary reports whether a dictionary for lang is available. It
// loads the dictionary if that has not happened yet.
func (s *Set) HasDictionary(lang string) bool {
	return s.dictionary(lang) != nil
}

// HasThesaurus reports whether a thesaurus for lang is available. It loads
// the thesaurus if that has not happened yet.
func (s *Set) HasThesaurus(lang string) bool {
	l := s.get(lang, Thesaurus)
	return l != nil && l.load() == nil
}

// IsWord reports whether word is a word of lang by the dictionary,
// including affixed forms and compounds. Case follows hunspell: a
// capitalised or all-caps form of a lower-case entry counts, a lower-case
// form of a proper noun does not. ok is false when there is no dictionary
// for lang.
func (s *Set) IsWord(lang, word string) (known, ok bool) {
	d := s.dictionary(lang)
	if d == nil {
		return false, false
	}
	return d.check(word), true
}

// IsWordHunspell is IsWord as hunspell itself answers it, without the
// productive Norwegian compounds redline adds: a word the dictionary lists,
// affixed or compounded as its own rules allow. A misspelling inside a
// long word often still splits into two words ("sletingen": "slet" +
// "ingen"), which IsWord accepts and this does not.
func (s *Set) IsWordHunspell(lang, word string) (known, ok bool) {
	d := s.dictionary(lang)
	if d == nil {
		return false, false
	}
	plain := *d
	plain.productive = false
	return plain.check(word), true
}

// Lemmas returns the dictionary stems word can be a form of: sorted,
// deduplicated and lower-case; nil when the word is unknown or there is no
// dictionary. For a compound the stem is the compound with its last part
// lemmatised ("databehandlerne" gives "databehandler").
func (s *Set) Lemmas(lang, word string) []string {
	d := s.dictionary(lang)
	if d == nil {
		return nil
	}
	return d.lemmas(word)
}

// SameLemma reports whether a and b are forms of one lemma: their Lemmas
// intersect. It is false if either word is unknown.
func (s *Set) SameLemma(lang, a, b string) bool {
	la := s.Lemmas(lang, a)
	if la == nil {
		return false
	}
	for _, l := range s.Lemmas(lang, b) {
		if _, found := slices.BinarySearch(la, l); found {
			return true
		}
	}
	return false
}

// Synonyms reports whether a and b (words or phrases, any case, possibly
// inflected) are synonyms by the thesaurus of lang. Identical words are
// not; two forms of one English word are, as they share their synsets.
//
// For English both are reduced to base forms with WordNet's morphology
// (exception lists and detachment rules) and must share a synset; WordNet
// keeps antonyms, hypernyms and similar terms out of synsets.
//
// For nb and nn the MyThes thesaurus must list each under the other (a
// word or phrase it has no entry for is reduced with the hunspell
// dictionary of lang first, if there is one). Items marked as antonyms,
// generic, related or similar terms, or with a register mark ("muntlig
// mening", "vulgær", "terminologisk"), never count, and neither do
// clusters that are semantic fields (see the package comment). Other
// co-hyponyms do: the bokmål thesaurus puts "slette" with "suspendere" and
// "gyldig" with "lovlig". Treat a Norwegian answer as a thesaurus match
// rather than proof of identical meaning.
func (s *Set) Synonyms(lang, a, b string) bool {
	l := s.get(lang, Thesaurus)
	if l == nil || l.load() != nil {
		return false
	}
	if normPhrase(a) == normPhrase(b) {
		return false
	}
	if l.wn != nil {
		return l.wn.synonyms(a, b)
	}
	lem := func(w string) []string { return s.Lemmas(lang, w) }
	return l.thes.synonyms(a, b, lem) || l.thes.synonyms(b, a, lem)
}

// Antonyms reports whether the thesaurus of lang marks a and b as
// opposites: WordNet antonym pointers, direct or (for adjectives) through
// the head of a similar-to cluster as WordNet's own "indirect antonyms";
// MyThes items marked "(antonym)". The Norwegian thesaurus has no antonym
// marks, so for nb and nn this is false.
func (s *Set) Antonyms(lang, a, b string) bool {
	l := s.get(lang, Thesaurus)
	if l == nil || l.load() != nil {
		return false
	}
	if l.wn != nil {
		return l.wn.antonyms(a, b)
	}
	lem := func(w string) []string { return s.Lemmas(lang, w) }
	return l.thes.antonyms(a, b, lem) || l.thes.antonyms(b, a, lem)
}

func (s *Set) get(lang string, kind Kind) *lexicon {
	if s == nil {
		return nil
	}
	for _, l := range s.lexicons {
		if l.info.Lang == lang && l.info.Kind == kind {
			return l
		}
	}
	return nil
}

func (s *Set) dictionary(lang string) *dictionary {
	l := s.get(lang, Dictionary)
	if l == nil || l.load() != nil {
		return nil
	}
	return l.dict
}

func compareInfo(a, b Info) int {
	if c := strings.Compare(a.Lang, b.Lang); c != 0 {
		return c
	}
	return strings.Compare(string(a.Kind), string(b.Kind))
}

// algorithm names the way this package reads the files, so that a
// fingerprint also changes when the reading changes. Bump it when a change
// here can change an answer.
const algorithm = "redline-lexicon-1"

// fingerprintOf hashes the located files' identities.
func fingerprintOf(lines []string) string {
	h := sha256.New()
	h.Write([]byte(algorithm + "\n"))
	for _, line := range lines {
		h.Write([]byte(line))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}
