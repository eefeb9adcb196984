package lexicon

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// wnSyn is a synset of a test WordNet database.
type wnSyn struct {
	key   string // name within the test
	pos   string // n, v, a, s (satellite), r
	words []string
	ptrs  []wnPtr
}

type wnPtr struct {
	sym, target string
	lexical     bool // from/to word 1 rather than the whole synset
}

var wnFile = map[string]string{"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}

// writeWordNet writes a database in WordNet 3.0's format: data files whose
// lines start with their own byte offset, sorted index files, exception
// lists; each begins with licence lines as the real ones do.
func writeWordNet(t *testing.T, dir string, syns []wnSyn, exc map[string]string) {
	t.Helper()
	const header = "  1 This is a test database in the format of WordNet 3.0.  \n"
	render := func(s wnSyn, offsets map[string]int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%08d 00 %s %02x", offsets[s.key], s.pos, len(s.words))
		for _, w := range s.words {
			fmt.Fprintf(&b, " %s 0", w)
		}
		fmt.Fprintf(&b, " %03d", len(s.ptrs))
		for _, p := range s.ptrs {
			var target wnSyn
			for _, x := range syns {
				if x.key == p.target {
					target = x
				}
			}
			pos, sd := target.pos, "0000"
			if pos == "s" {
				pos = "a"
			}
			if p.lexical {
				sd = "0101"
			}
			fmt.Fprintf(&b, " %s %08d %s %s", p.sym, offsets[p.target], pos, sd)
		}
		b.WriteString(" | a test synset  \n")
		return b.String()
	}
	// Offsets are all eight digits wide, so line lengths do not depend on
	// them: lay out with zeros, then write with the real ones.
	offsets := map[string]int{}
	next := map[string]int{}
	for _, s := range syns {
		f := wnFile[s.pos]
		if next[f] == 0 {
			next[f] = len(header)
		}
		offsets[s.key] = next[f]
		next[f] += len(render(s, map[string]int{}))
	}
	data := map[string]*strings.Builder{}
	index := map[string]map[string][]int{}
	for _, f := range wnNames {
		data[f] = &strings.Builder{}
		data[f].WriteString(header)
		index[f] = map[string][]int{}
	}
	for _, s := range syns {
		f := wnFile[s.pos]
		data[f].WriteString(render(s, offsets))
		for _, w := range s.words {
			index[f][strings.ToLower(w)] = append(index[f][strings.ToLower(w)], offsets[s.key])
		}
	}
	for _, f := range wnNames {
		var lines []string
		for lemma, offs := range index[f] {
			line := fmt.Sprintf("%s %s %d 0 %d 0", lemma, f[:1], len(offs), len(offs))
			for _, o := range offs {
				line += fmt.Sprintf(" %08d", o)
			}
			lines = append(lines, line+"  ")
		}
		slices.Sort(lines)
		writeFile(t, dir, "index."+f, header+strings.Join(lines, "\n")+"\n", false)
		writeFile(t, dir, "data."+f, data[f].String(), false)
		writeFile(t, dir, f+".exc", exc[f], false)
	}
}

var testWordNet = []wnSyn{
	{key: "erase", pos: "v", words: []string{"erase", "delete"}},
	{key: "cancel", pos: "v", words: []string{"delete", "cancel"}},
	{key: "execute", pos: "v", words: []string{"carry_out", "execute"}},
	{key: "user", pos: "n", words: []string{"user"}},
	{key: "owner", pos: "n", words: []string{"owner"}},
	{key: "mouse", pos: "n", words: []string{"mouse"}},
	{key: "cpu", pos: "n", words: []string{"processor", "central_processing_unit", "CPU"}},
	{key: "demanding", pos: "a", words: []string{"demanding"}, ptrs: []wnPtr{{"!", "undemanding", true}, {"&", "strict", false}}},
	{key: "undemanding", pos: "a", words: []string{"undemanding"}, ptrs: []wnPtr{{"!", "demanding", true}, {"&", "lenient", false}}},
	{key: "strict", pos: "s", words: []string{"strict", "exacting"}, ptrs: []wnPtr{{"&", "demanding", false}}},
	{key: "lenient", pos: "s", words: []string{"lenient"}, ptrs: []wnPtr{{"&", "undemanding", false}}},
	{key: "private", pos: "a", words: []string{"private"}, ptrs: []wnPtr{{"!", "public", true}}},
	{key: "public", pos: "a", words: []string{"public"}, ptrs: []wnPtr{{"!", "private", true}}},
	{key: "separately", pos: "r", words: []string{"individually", "separately"}},
	{key: "jointly", pos: "r", words: []string{"jointly"}},
}

var testWordNetExc = map[string]string{
	"verb": "carried carry\n",
	"noun": "mice mouse\n",
}

func TestWordNet(t *testing.T) {
	dir := t.TempDir()
	writeWordNet(t, dir, testWordNet, testWordNetExc)
	s := isolated(dir, "en")
	if !s.HasThesaurus("en") {
		t.Fatalf("no thesaurus; missing: %+v", s.Missing())
	}
	syn := []struct {
		a, b string
		want bool
		why  string
	}{
		{"erase", "delete", true, "one synset"},
		{"erased", "deletes", true, "detachment rules"},
		{"Delete", "ERASE", true, "any case"},
		{"delete", "cancel", false, "only the second sense of delete, unattested"},
		{"erase", "cancel", false, "no common synset"},
		{"carried out", "executes", true, "phrase, first word from the exception list"},
		{"central processing units", "processors", true, "phrase, last word inflected"},
		{"CPU", "processor", true, "upper-case lemma"},
		{"mice", "processor", false, "exception list, no common synset"},
		{"users", "owners", false, "no common synset"},
		{"individually", "jointly", false, "no common synset"},
		{"individually", "separately", true, "adverbs"},
		{"strict", "lenient", false, "antonyms"},
		{"private", "public", false, "antonyms"},
		{"strict", "demanding", false, "similar term, not a synonym"},
		{"delete", "delete", false, "identical"},
	}
	for _, tt := range syn {
		if got := s.Synonyms("en", tt.a, tt.b); got != tt.want {
			t.Errorf("Synonyms(%q, %q) = %v, want %v (%s)", tt.a, tt.b, got, tt.want, tt.why)
		}
	}
	ant := []struct {
		a, b string
		want bool
	}{
		{"demanding", "undemanding", true}, // direct
		{"private", "public", true},
		{"public", "private", true},
		{"strict", "lenient", true}, // indirect, through demanding/undemanding
		{"lenient", "exacting", true},
		{"strict", "undemanding", true},
		{"strict", "demanding", false},
		{"erase", "delete", false},
		{"user", "owner", false},
	}
	for _, tt := range ant {
		if got := s.Antonyms("en", tt.a, tt.b); got != tt.want {
			t.Errorf("Antonyms(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// WordNet's own layout puts the database in a "dict" directory.
func TestWordNetDictSubdirectory(t *testing.T) {
	dir := t.TempDir()
	dict := filepath.Join(dir, "dict")
	if err := os.Mkdir(dict, 0o755); err != nil {
		t.Fatal(err)
	}
	writeWordNet(t, dict, testWordNet, testWordNetExc)
	s := isolated(dir, "en")
	if got := s.Found(); len(got) != 1 || got[0].Path != dict || got[0].Name != "WordNet 3.0" {
		t.Fatalf("Found() = %+v", got)
	}
	if !s.Synonyms("en", "erase", "delete") {
		t.Error("erase/delete")
	}
}

func TestFindLine(t *testing.T) {
	data := []byte("  1 licence\n  2 licence\na x\nab y\nb z\nc w\n")
	for _, key := range []string{"a", "ab", "b", "c"} {
		if line := findLine(data, key); !strings.HasPrefix(string(line), key+" ") {
			t.Errorf("findLine(%q) = %q", key, line)
		}
	}
	for _, key := range []string{"", "0", "aa", "bb", "d", "1"} {
		if line := findLine(data, key); line != nil {
			t.Errorf("findLine(%q) = %q, want nil", key, line)
		}
	}
}
