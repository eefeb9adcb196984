package lexicon

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestNone(t *testing.T) {
	s := None()
	if len(s.Found()) != 0 || len(s.Missing()) != 0 {
		t.Errorf("None: Found %v, Missing %v", s.Found(), s.Missing())
	}
	if known, ok := s.IsWord("nb", "hus"); known || ok {
		t.Errorf("IsWord = %v, %v", known, ok)
	}
	if s.HasDictionary("nb") || s.HasThesaurus("en") || s.Lemmas("nb", "hus") != nil ||
		s.SameLemma("nb", "hus", "huset") || s.Synonyms("en", "erase", "delete") || s.Antonyms("en", "good", "bad") {
		t.Error("None answered a question")
	}
	if s.Fingerprint() != None().Fingerprint() {
		t.Error("None's fingerprint is not constant")
	}
	// Finding nothing is the same as None: the same answers, the same key.
	if got := isolated(t.TempDir()).Fingerprint(); got != s.Fingerprint() {
		t.Errorf("empty Load fingerprint %s, None %s", got, s.Fingerprint())
	}
	var nilSet *Set
	if nilSet.HasDictionary("nb") {
		t.Error("nil Set has a dictionary")
	}
}

func TestFoundAndMissing(t *testing.T) {
	dir := t.TempDir()
	writeDict(t, dir, "nb_NO", testNbAff, testNbDic)
	writeMyThes(t, dir, "th_nb_NO_v2", testThesaurus)
	writeDict(t, dir, "en_US", testAff, testDic)
	s := isolated(dir)

	found := []Info{
		{Lang: "en", Kind: Dictionary, Name: "hunspell en_US", Path: filepath.Join(dir, "en_US.dic"), Package: "hunspell-en-us", Licence: licenceSCOWL},
		{Lang: "nb", Kind: Dictionary, Name: "hunspell nb_NO", Path: filepath.Join(dir, "nb_NO.dic"), Package: "hunspell-no", Licence: licenceNorwegian},
		{Lang: "nb", Kind: Thesaurus, Name: "MyThes nb_NO", Path: filepath.Join(dir, "th_nb_NO_v2.dat"), Package: "mythes-no", Licence: licenceNorwegian},
	}
	if got := s.Found(); !slices.Equal(got, found) {
		t.Errorf("Found() =\n%+v\nwant\n%+v", got, found)
	}
	missing := []Info{
		{Lang: "en", Kind: Thesaurus, Name: "WordNet 3.0", Package: "wordnet-base", Licence: licenceWordNet},
		{Lang: "nn", Kind: Dictionary, Name: "hunspell nn_NO", Package: "hunspell-no", Licence: licenceNorwegian},
		{Lang: "nn", Kind: Thesaurus, Name: "MyThes nn_NO", Package: "mythes-no", Licence: licenceNorwegian},
	}
	if got := s.Missing(); !slices.Equal(got, missing) {
		t.Errorf("Missing() =\n%+v\nwant\n%+v", got, missing)
	}
	if !s.HasDictionary("nb") || s.HasDictionary("nn") || !s.HasThesaurus("nb") || s.HasThesaurus("en") {
		t.Error("Has* disagree with Found")
	}
	if _, ok := s.IsWord("nn", "hus"); ok {
		t.Error("IsWord ok without a dictionary")
	}
}

func TestLangsAndDirsOrder(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	writeDict(t, first, "nb", testNbAff, []string{"først"})
	writeDict(t, second, "nb_NO", testNbAff, []string{"andre"})
	// nb_NO is preferred to nb within a directory, but directories come
	// first: the first directory's nb wins.
	s := locate(Options{Dirs: []string{first, second}, Langs: []string{"nb", "xx", "nb"}}, searchDirs{})
	got := s.Found()
	if len(got) != 1 || got[0].Name != "hunspell nb" || got[0].Path != filepath.Join(first, "nb.dic") {
		t.Fatalf("Found() = %+v", got)
	}
	if known, _ := s.IsWord("nb", "først"); !known {
		t.Error("did not read the first directory's dictionary")
	}
	if len(s.Missing()) != 1 || s.Missing()[0].Kind != Thesaurus {
		t.Errorf("Missing() = %+v; unknown languages are not looked for", s.Missing())
	}
}

func TestFingerprint(t *testing.T) {
	dir := t.TempDir()
	writeDict(t, dir, "en_US", testAff, testDic)
	a := isolated(dir, "en").Fingerprint()
	if b := isolated(dir, "en").Fingerprint(); a != b {
		t.Error("fingerprint not stable")
	}
	if len(a) != 64 {
		t.Errorf("fingerprint %q is not hex SHA-256", a)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "en_US.aff"), later, later); err != nil {
		t.Fatal(err)
	}
	if b := isolated(dir, "en").Fingerprint(); a == b {
		t.Error("fingerprint ignores modification time")
	}
	if b := isolated(dir, "nb").Fingerprint(); b != None().Fingerprint() {
		t.Error("fingerprint of nothing found differs from None")
	}
}

// A file that does not parse makes its lexicon missing, without a panic,
// and does not affect the others.
func TestBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	writeDict(t, dir, "nb_NO", "SET ISO8859-1\nSFX A Y many\n", []string{"hus/A"})
	writeDict(t, dir, "en_US", testAff, testDic)
	writeFile(t, dir, "th_nb_NO_v2.idx", "ISO8859-1\n1\nhus|999999\n", true)
	writeFile(t, dir, "th_nb_NO_v2.dat", "ISO8859-1\nhus|1\n-|hjem\n", true)
	writeFile(t, dir, "nn_NO.aff", "SET KLINGON-8\n", false)
	writeFile(t, dir, "nn_NO.dic", "1\nhus\n", false)
	s := isolated(dir)
	if len(s.Found()) != 4 {
		t.Fatalf("before loading, Found() = %+v", s.Found())
	}
	if known, ok := s.IsWord("nb", "hus"); known || ok {
		t.Errorf("IsWord with a broken .aff = %v, %v", known, ok)
	}
	if s.HasThesaurus("nb") || s.HasDictionary("nn") || s.Synonyms("nb", "hus", "hjem") {
		t.Error("a broken file counts as present")
	}
	if known, _ := s.IsWord("en", "cat"); !known {
		t.Error("a broken nb dictionary broke en")
	}
	var broken []string
	for _, i := range s.Missing() {
		if i.Path != "" {
			broken = append(broken, i.Lang+" "+string(i.Kind))
		}
	}
	if want := []string{"nb dictionary", "nb thesaurus", "nn dictionary"}; !slices.Equal(broken, want) {
		t.Errorf("broken lexicons in Missing() = %q, want %q", broken, want)
	}
	if got := s.Found(); len(got) != 1 || got[0].Lang != "en" {
		t.Errorf("after loading, Found() = %+v", got)
	}
}

// Many goroutines asking at once load each file once and agree (run with
// -race to check the locking).
func TestConcurrentUse(t *testing.T) {
	dir := t.TempDir()
	writeDict(t, dir, "nb_NO", testNbAff, testNbDic)
	writeMyThes(t, dir, "th_nb_NO_v2", testThesaurus)
	s := isolated(dir, "nb")
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for range 16 {
		wg.Go(func() {
			if known, _ := s.IsWord("nb", "viktige"); !known {
				errs <- "IsWord"
			}
			if !s.Synonyms("nb", "viktige", "vesentlig") {
				errs <- "Synonyms"
			}
			if !slices.Equal(s.Lemmas("nb", "slettet"), []string{"slette"}) {
				errs <- "Lemmas"
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
