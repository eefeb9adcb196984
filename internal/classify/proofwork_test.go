package classify

import (
	"bufio"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// slowSameReference is sameReference asking the readers and the aliases
// about every phrase, without mayRead or mayAlias.
func (p *prover) slowSameReference(h hunk) (Proof, bool) {
	for left := 0; left <= min(3, h.eqBefore); left++ {
		for right := 0; right <= min(3, h.eqAfter); right++ {
			o := joinTokens(p.otext, p.ot, h.oi-left, h.oj+right)
			n := joinTokens(p.ntext, p.nt, h.ni-left, h.nj+right)
			if o == "" || n == "" {
				continue
			}
			if by, ok := p.r.sameRef(o, n, p.lang); ok {
				return Proof{Kind: ReasonSameReference, Old: o, New: n, By: by}, true
			}
		}
	}
	return Proof{}, false
}

// slowWordByWord is wordByWord with the word lists made afresh and the
// phrases asked of the synonyms whatever pairs asked.
func (p *prover) slowWordByWord(h hunk) ([]Proof, bool) {
	del, ins := p.ot[h.oi:h.oj], p.nt[h.ni:h.nj]
	oldS, newS := joinTokens(p.otext, p.ot, h.oi, h.oj), joinTokens(p.ntext, p.nt, h.ni, h.nj)
	if p.joinsItems(h) {
		return nil, false
	}
	without := func(toks []token, drop func(string) bool) []token {
		var out []token
		for _, t := range toks {
			if !drop(t.key) {
				out = append(out, t)
			}
		}
		return out
	}
	article := func(k string) bool { return isArticle(k, p.lang) }
	auxiliary := func(k string) bool { return auxiliaries[p.lang][k] }
	pairs := func() ([]Proof, bool) {
		dw, iw := wordsOf(del), wordsOf(ins)
		if len(dw) != len(iw) {
			dw, iw = without(dw, article), without(iw, article)
			if len(dw) != len(iw) {
				dw, iw = without(dw, auxiliary), without(iw, auxiliary)
			}
			if len(dw) != len(iw) || len(dw) == 0 {
				return nil, false
			}
		}
		var out []Proof
		for k := range dw {
			a, b := dw[k], iw[k]
			if a.key == b.key {
				continue
			}
			kind, by := p.r.wordProof(a.text, b.text, p.lang)
			if kind == "" {
				return nil, false
			}
			out = append(out, Proof{Kind: kind, Old: a.text, New: b.text, By: by})
		}
		if len(out) == 0 {
			return []Proof{{Kind: ReasonFunctionWords, Old: oldS, New: newS, By: "articles"}}, true
		}
		return out, true
	}
	if ps, ok := pairs(); ok {
		return ps, true
	}
	if by := p.r.synonym(oldS, newS, p.lang); by != "" {
		return []Proof{{Kind: ReasonSynonym, Old: oldS, New: newS, By: by}}, true
	}
	return nil, false
}

// proofWorkPairs are changed paragraphs: those of sameRefPairs, and the
// paragraphs of the test data and the site's content with words swapped
// for names of one thing, synonyms of the configuration, the Norwegian
// thesaurus (when installed) and the dictionaries' lemmas, other forms
// of them, other words of the text, and articles and auxiliaries put in
// or taken out.
func proofWorkPairs(t *testing.T, r *Rules) [][2]string {
	var aliases [][]string
	for _, g := range r.aliases {
		aliases = append(aliases, slices.Sorted(func(yield func(string) bool) {
			for k := range g {
				if !yield(k) {
					return
				}
			}
		}))
	}
	var synonyms [][]string
	for _, lang := range sortedKeys(r.builtinSynonyms) {
		for _, g := range r.builtinSynonyms[lang] {
			synonyms = append(synonyms, slices.Sorted(func(yield func(string) bool) {
				for k := range g {
					if !yield(k) {
						return
					}
				}
			}))
		}
	}
	groups := slices.Concat(aliases, synonyms, thesaurusGroups(t, "/usr/share/mythes/th_nb_NO_v2.dat", 3000))

	var paras []string
	for _, dir := range []string{"testdata", "../../content"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			for p := range strings.SplitSeq(string(b), "\n\n") {
				if countWords(p) >= 4 {
					paras = append(paras, p)
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	rng := rand.New(rand.NewPCG(13, 14))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	group := func() []string {
		switch rng.IntN(4) {
		case 0:
			return aliases[rng.IntN(len(aliases))]
		case 1:
			return synonyms[rng.IntN(len(synonyms))]
		}
		return groups[rng.IntN(len(groups))]
	}
	endings := []string{"s", "en", "et", "a", "ene", "'s", "er", "ed", "ing", "ane"}
	cased := func(s string) string {
		if rng.IntN(2) == 0 && s != "" {
			return strings.ToUpper(s[:1]) + s[1:]
		}
		return s
	}
	var out [][2]string
	for _, para := range paras {
		toks := tokenize(para)
		var words []token
		for _, tk := range toks {
			if tk.word {
				words = append(words, tk)
			}
		}
		for range 8 {
			w := words[rng.IntN(len(words))]
			before, after := para[:w.start], para[w.end:]
			o, n := w.text, ""
			switch rng.IntN(7) {
			case 0: // a word of a group for the word
				n = cased(pick(group()))
			case 1: // two words of one group in its place
				g := group()
				o, n = cased(pick(g)), cased(pick(g))
			case 2: // a word of a group, and another form of another
				g := group()
				o, n = cased(pick(g)), cased(pick(g)+pick(endings))
			case 3: // another form of the word
				if rng.IntN(2) == 0 || len(w.key) < 3 {
					n = w.text + pick(endings)
				} else {
					n = w.text[:len(w.text)-1]
				}
			case 4: // a lemma of the word
				lemmas := append(r.lex.Lemmas("en", w.key), r.lex.Lemmas("nb", w.key)...)
				if len(lemmas) == 0 {
					continue
				}
				n = pick(lemmas)
			case 5: // another word of the text
				n = words[rng.IntN(len(words))].text
			default: // an article or auxiliary put in or taken out
				n = pick([]string{"the", "a", "en", "et", "is", "blir", "er", "har"}) + " " + w.text
				if rng.IntN(2) == 0 {
					o, n = n, o
				}
			}
			out = append(out, [2]string{before + o + after, before + n + after})
		}
	}
	return out
}

// thesaurusGroups reads up to max groups of synonyms from a MyThes file
// (Latin-1), none when it is absent.
func thesaurusGroups(t *testing.T, path string, max int) [][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Logf("no thesaurus groups: %v", err)
		return nil
	}
	defer f.Close()
	var groups [][]string
	sc := bufio.NewScanner(f)
	head := ""
	for sc.Scan() && len(groups) < max {
		line := []rune{}
		for _, b := range sc.Bytes() {
			line = append(line, rune(b))
		}
		fields := strings.Split(string(line), "|")
		if len(fields) == 2 {
			head = fields[0]
			continue
		}
		if len(fields) > 1 && head != "" {
			groups = append(groups, append([]string{head}, fields[1:]...))
		}
	}
	return groups
}

// TestProofWork holds sameReference and wordByWord, which skip what is
// known to prove nothing, to the slow paths that ask everything, over
// every hunk of the pairs and every group of hunks proveGroups tries.
func TestProofWork(t *testing.T) {
	r := Default()
	if r.lex == nil {
		t.Skip("no lexicons")
	}
	pairs := proofWorkPairs(t, r)
	for i, p := range sameRefPairs(t) {
		if i%4 == 0 {
			pairs = append(pairs, p)
		}
	}
	if !testing.Short() {
		pairs = append(pairs, corpusParagraphPairs(t, 16)...)
	}
	hunks, noAlias, proven := 0, 0, map[string]int{}
	for _, pair := range pairs {
		for _, lang := range []string{"", "en", "nb"} {
			pv, tried := proverHunks(r, lang, pair)
			ot, nt := pv.ot, pv.nt
			for _, h := range tried {
				if wordCount(ot[h.oi:h.oj]) > maxProofWords || wordCount(nt[h.ni:h.nj]) > maxProofWords {
					continue // prove asks neither
				}
				hunks++
				if !pv.mayAlias(h) {
					noAlias++
				}
				pr, ok := pv.sameReference(h)
				want, wantOK := pv.slowSameReference(h)
				if pr != want || ok != wantOK {
					t.Fatalf("%s: %q -> %q: sameReference gives %v %v, asking everything %v %v", lang, pair[0], pair[1], pr, ok, want, wantOK)
				}
				if ok {
					proven["same reference: "+pr.By]++
				}
				ps, ok := pv.wordByWord(h)
				wantPs, wantOK := pv.slowWordByWord(h)
				if !reflect.DeepEqual(ps, wantPs) || ok != wantOK {
					t.Fatalf("%s: %q -> %q: wordByWord gives %v %v, asking everything %v %v", lang, pair[0], pair[1], ps, ok, wantPs, wantOK)
				}
				for _, p := range ps {
					proven[p.Kind+": "+p.By]++
					if p.Kind == ReasonSynonym && countWords(p.Old) != countWords(p.New) {
						proven["synonymous phrases"]++
					}
				}
			}
		}
	}
	t.Logf("%d pairs, %d hunks, %d without aliases; proven: %v", len(pairs), hunks, noAlias, proven)
	for _, by := range []string{"same reference: redline.yaml aliases", "synonym: redline's synonym list", "synonym: WordNet 3.0", "inflection: hunspell en_US", "inflection: hunspell nb_NO", "synonymous phrases"} {
		if proven[by] < 20 {
			t.Errorf("only %d hunks proven by %s: the test proves little", proven[by], by)
		}
	}
}
