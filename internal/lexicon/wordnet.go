package lexicon

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/digdir/redline/internal/safefile"
)

// This file reads a WordNet 3.0 database (see wndb(5WN) and morphy(7WN)).
// The index files (6 MB) are kept in memory and searched by bisection, as
// WordNet's own library does, since they are sorted; synsets are read from
// the data files by byte offset only when antonyms are asked for.

type wnPOS int

const (
	wnNoun wnPOS = iota
	wnVerb
	wnAdj
	wnAdv
	wnCount
)

var wnNames = [wnCount]string{"noun", "verb", "adj", "adv"}

type wordnet struct {
	dir   string
	index [wnCount][]byte
	exc   [wnCount]map[string][]string
}

func loadWordNet(dir string) (*wordnet, error) {
	w := &wordnet{dir: dir}
	for p := range wnCount {
		data, err := readLexicon(filepath.Join(dir, "index."+wnNames[p]))
		if err != nil {
			return nil, err
		}
		w.index[p] = data
		w.exc[p] = map[string][]string{}
		exc, err := readLexicon(filepath.Join(dir, wnNames[p]+".exc"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, err
		}
		for line := range strings.SplitSeq(string(exc), "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				w.exc[p][f[0]] = append(w.exc[p][f[0]], f[1:]...)
			}
		}
	}
	return w, nil
}

// lookup returns the synset offsets of lemma (lower case, spaces as
// underscores) in part of speech p, most frequent sense first.
func (w *wordnet) lookup(p wnPOS, lemma string) []int64 {
	all, _ := w.senses(p, lemma)
	return all
}

// common returns the senses of lemma that a synonym may be proven by:
// those attested in WordNet's sense-tagged corpus, or the first sense
// when none is. A rare sense makes odd pairs: "sensible" and "sensitive"
// share only the second sense of one and the third of the other.
func (w *wordnet) common(p wnPOS, lemma string) []int64 {
	all, tagged := w.senses(p, lemma)
	return all[:min(len(all), max(1, tagged))]
}

// senses returns the synset offsets of lemma and how many of the first
// of them are attested in the tagged corpus.
func (w *wordnet) senses(p wnPOS, lemma string) ([]int64, int) {
	line := findLine(w.index[p], lemma)
	if line == nil {
		return nil, 0
	}
	// lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offset...
	f := strings.Fields(string(line))
	if len(f) < 4 {
		return nil, 0
	}
	synsets, err1 := strconv.Atoi(f[2])
	ptrs, err2 := strconv.Atoi(f[3])
	first := 4 + ptrs + 2
	if err1 != nil || err2 != nil || first+synsets > len(f) {
		return nil, 0
	}
	tagged, _ := strconv.Atoi(f[first-1])
	out := make([]int64, 0, synsets)
	for _, s := range f[first : first+synsets] {
		if o, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, o)
		}
	}
	return out, tagged
}

// findLine finds the line starting with key+" " in sorted data. Licence
// lines at the top start with a space and so sort first.
func findLine(data []byte, key string) []byte {
	if key == "" || strings.ContainsAny(key, " \n") {
		return nil // would match the licence lines, or cannot match
	}
	lo, hi := 0, len(data)
	for lo < hi {
		mid := (lo + hi) / 2
		start := bytes.LastIndexByte(data[:mid], '\n') + 1
		if start < lo {
			start = lo
		}
		end := bytes.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += start
		}
		line := data[start:end]
		word, _, _ := bytes.Cut(line, []byte(" "))
		switch c := strings.Compare(string(word), key); {
		case c == 0:
			return line
		case c < 0:
			lo = end + 1
		default:
			hi = start
		}
	}
	return nil
}

// Detachment rules of morphy(7WN).
var wnRules = [wnCount][][2]string{
	wnNoun: {{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
	wnVerb: {{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}},
	wnAdj:  {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
}

// candidates returns what morphy could reduce word (one word, lower case)
// to in p: the word itself, its exception-list bases and what the
// detachment rules give, whether WordNet has them or not.
func (w *wordnet) candidates(p wnPOS, word string) []string {
	out := []string{word}
	out = append(out, w.exc[p][word]...)
	// morphy leaves short words and nouns in -ss ("glass") alone.
	if p == wnNoun && strings.HasSuffix(word, "ss") || len(word) <= 2 {
		return out
	}
	if p == wnNoun {
		if stem, ok := strings.CutSuffix(word, "ful"); ok {
			for _, b := range w.candidates(p, stem) {
				out = append(out, b+"ful") // "boxesful" -> "boxful"
			}
		}
	}
	for _, r := range wnRules[p] {
		if stem, ok := strings.CutSuffix(word, r[0]); ok && stem != "" {
			out = append(out, stem+r[1])
		}
	}
	return out
}

// phraseForms returns the lemmas WordNet has for a word or phrase in p.
// WordNet writes collocations with underscores; as morphy does, a phrase
// may have its first word inflected ("carried out") or its last ("data
// processors").
func (w *wordnet) phraseForms(p wnPOS, phrase string) []string {
	words := strings.Fields(strings.ToLower(phrase))
	if len(words) == 0 {
		return nil
	}
	var out []string
	add := func(ws []string) {
		s := strings.Join(ws, "_")
		if !slices.Contains(out, s) && findLine(w.index[p], s) != nil {
			out = append(out, s)
		}
	}
	last := len(words) - 1
	add(words)
	for _, c := range w.candidates(p, words[0]) {
		add(append([]string{c}, words[1:]...))
	}
	if last > 0 {
		for _, c := range w.candidates(p, words[last]) {
			add(append(words[:last:last], c))
		}
	}
	return out
}

// synonyms reports whether a and b share a synset in some part of speech.
func (w *wordnet) synonyms(a, b string) bool {
	for p := range wnCount {
		sa := map[int64]bool{}
		for _, l := range w.phraseForms(p, a) {
			for _, o := range w.common(p, l) {
				sa[o] = true
			}
		}
		if len(sa) == 0 {
			continue
		}
		for _, l := range w.phraseForms(p, b) {
			for _, o := range w.common(p, l) {
				if sa[o] {
					return true
				}
			}
		}
	}
	return false
}

// synset is the part of a data file line antonyms need.
type synset struct {
	satellite bool     // adjective satellite ("s"), similar to a head
	words     []string // lower case, spaces as underscores, markers removed
	ptrs      []pointer
}

type pointer struct {
	symbol   string
	offset   int64
	pos      wnPOS
	src, dst int // 1-based word numbers; 0 means the whole synset
}

func posOf(c string) (wnPOS, bool) {
	switch c {
	case "n":
		return wnNoun, true
	case "v":
		return wnVerb, true
	case "a", "s":
		return wnAdj, true
	case "r":
		return wnAdv, true
	}
	return 0, false
}

// synset reads the synset at offset in p's data file. The file is opened
// per call: antonym questions are rare and a Set has no Close.
func (w *wordnet) synset(p wnPOS, offset int64) (*synset, error) {
	name := filepath.Join(w.dir, "data."+wnNames[p])
	if fi, err := os.Stat(name); err != nil || !fi.Mode().IsRegular() {
		// A FIFO or device in its place would hang the read.
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	f, err := safefile.OpenNoBlock(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 4096)
	var line []byte
	for {
		n, err := f.ReadAt(buf[len(line):], offset+int64(len(line)))
		line = buf[:len(line)+n]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
			break
		}
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		buf = append(buf, make([]byte, len(buf))...)
	}
	return parseSynset(line, offset)
}

func parseSynset(line []byte, offset int64) (*synset, error) {
	body, _, _ := bytes.Cut(line, []byte(" | "))
	f := strings.Fields(string(body))
	bad := fmt.Errorf("wordnet: bad synset at %d", offset)
	if len(f) < 4 || f[0] != fmt.Sprintf("%08d", offset) {
		return nil, bad
	}
	s := &synset{satellite: f[2] == "s"}
	wc, err := strconv.ParseInt(f[3], 16, 32)
	if err != nil || 4+2*int(wc) >= len(f) {
		return nil, bad
	}
	for i := range int(wc) {
		word := strings.ToLower(f[4+2*i])
		if j := strings.IndexByte(word, '('); j > 0 {
			word = word[:j] // adjective markers: (a), (p), (ip)
		}
		s.words = append(s.words, word)
	}
	i := 4 + 2*int(wc)
	pc, err := strconv.Atoi(f[i])
	if err != nil || i+1+4*pc > len(f) {
		return nil, bad
	}
	for k := range pc {
		g := f[i+1+4*k : i+5+4*k]
		off, err1 := strconv.ParseInt(g[1], 10, 64)
		pos, ok := posOf(g[2])
		sd, err2 := strconv.ParseUint(g[3], 16, 16)
		if err1 != nil || err2 != nil || !ok {
			return nil, bad
		}
		s.ptrs = append(s.ptrs, pointer{symbol: g[0], offset: off, pos: pos,
			src: int(sd >> 8), dst: int(sd & 0xff)})
	}
	return s, nil
}

// antonyms reports whether WordNet has an antonym pointer from a sense of
// a to b, or, for adjectives, whether a's cluster head has an antonym
// whose cluster b belongs to (WordNet's indirect antonyms: "strict" is
// similar to "demanding", whose antonym "undemanding" has "lenient" as a
// similar term).
func (w *wordnet) antonyms(a, b string) bool {
	for p := range wnCount {
		bSyn := map[int64]bool{}
		for _, l := range w.phraseForms(p, b) {
			for _, o := range w.lookup(p, l) {
				bSyn[o] = true
			}
		}
		if len(bSyn) == 0 {
			continue
		}
		for _, la := range w.phraseForms(p, a) {
			for _, off := range w.lookup(p, la) {
				syn, err := w.synset(p, off)
				if err != nil {
					continue
				}
				if w.direct(syn, la, p, bSyn) {
					return true
				}
				if p == wnAdj && w.indirect(syn, bSyn) {
					return true
				}
			}
		}
	}
	return false
}

// direct checks syn's antonym pointers from word la.
func (w *wordnet) direct(syn *synset, la string, p wnPOS, bSyn map[int64]bool) bool {
	for _, ptr := range syn.ptrs {
		if ptr.symbol != "!" || ptr.pos != p || !bSyn[ptr.offset] {
			continue
		}
		if ptr.src == 0 || ptr.src <= len(syn.words) && syn.words[ptr.src-1] == la {
			return true
		}
	}
	return false
}

// indirect checks antonymy through adjective cluster heads.
func (w *wordnet) indirect(syn *synset, bSyn map[int64]bool) bool {
	heads := []*synset{syn}
	if syn.satellite {
		heads = nil
		for _, ptr := range syn.ptrs {
			if ptr.symbol == "&" && ptr.pos == wnAdj {
				if h, err := w.synset(wnAdj, ptr.offset); err == nil {
					heads = append(heads, h)
				}
			}
		}
	}
	for _, h := range heads {
		for _, ptr := range h.ptrs {
			if ptr.symbol != "!" || ptr.pos != wnAdj {
				continue
			}
			if bSyn[ptr.offset] {
				return true
			}
			ant, err := w.synset(wnAdj, ptr.offset)
			if err != nil {
				continue
			}
			for _, sp := range ant.ptrs {
				if sp.symbol == "&" && bSyn[sp.offset] {
					return true
				}
			}
		}
	}
	return false
}
