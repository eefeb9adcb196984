package lexicon

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// isolated locates lexicons in dir only, never on the machine.
func isolated(dir string, langs ...string) *Set {
	return locate(Options{Dirs: []string{dir}, Langs: langs}, searchDirs{})
}

// writeFile writes text to dir/name, in ISO8859-1 when latin1 is set (as
// the Norwegian files are), else in UTF-8.
func writeFile(t *testing.T, dir, name, text string, latin1 bool) {
	t.Helper()
	data := []byte(text)
	if latin1 {
		var err error
		data, err = charmap.ISO8859_1.NewEncoder().Bytes(data)
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeDict writes name.aff and name.dic; dic lines get their count line.
func writeDict(t *testing.T, dir, name, aff string, dic []string) {
	t.Helper()
	latin1 := strings.Contains(aff, "SET ISO8859-1")
	writeFile(t, dir, name+".aff", aff, latin1)
	writeFile(t, dir, name+".dic", strings.Join(append([]string{strconv.Itoa(len(dic))}, dic...), "\n")+"\n", latin1)
}

// thesEntry is one MyThes entry: the word and its senses, each a list of
// items (the part of speech is written as "-", as in the Norwegian files).
type thesEntry struct {
	word   string
	senses [][]string
}

// writeMyThes writes name.idx and name.dat in ISO8859-1, computing the
// offsets the index needs.
func writeMyThes(t *testing.T, dir, name string, entries []thesEntry) {
	t.Helper()
	var dat strings.Builder
	var idx []string
	dat.WriteString("ISO8859-1\n")
	for _, e := range entries {
		// Offsets are in bytes of the ISO8859-1 file: one byte per rune.
		idx = append(idx, e.word+"|"+strconv.Itoa(len([]rune(dat.String()))))
		dat.WriteString(e.word + "|" + strconv.Itoa(len(e.senses)) + "\n")
		for _, s := range e.senses {
			dat.WriteString("-|" + strings.Join(s, "|") + "\n")
		}
	}
	writeFile(t, dir, name+".dat", dat.String(), true)
	writeFile(t, dir, name+".idx", "ISO8859-1\n"+strconv.Itoa(len(idx))+"\n"+strings.Join(idx, "\n")+"\n", true)
}

// realSets caches the machine's lexicons across tests: parsing nb_NO.dic
// for each subtest would make the tests slow.
var realSets sync.Map // lang -> *Set

// realSet loads lang from the machine, skipping the test when the
// lexicon of that kind is not installed.
func realSet(tb testing.TB, lang string, kind Kind) *Set {
	tb.Helper()
	v, _ := realSets.LoadOrStore(lang, Load(Options{Langs: []string{lang}}))
	s := v.(*Set)
	l := s.get(lang, kind)
	if l == nil {
		pkg := languages[lang].dictPackage
		if kind == Thesaurus {
			pkg = languages[lang].thesPackage
		}
		tb.Skipf("no %s %s installed (apt-get install %s)", lang, kind, pkg)
	}
	if err := l.load(); err != nil {
		tb.Fatalf("%s %s: %v", lang, kind, err)
	}
	return s
}

func realLexicon(tb testing.TB, lang string, kind Kind) *lexicon {
	tb.Helper()
	return realSet(tb, lang, kind).get(lang, kind)
}
