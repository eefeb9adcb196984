package lexicon

import (
	"bufio"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// These tests read the dictionaries installed on the machine and skip,
// saying which package to install, when they are absent. The expectations
// were checked against the Debian packages hunspell-no 1:7.5.0-1,
// mythes-no 1:7.5.0-1, hunspell-en-us 1:2020.12.07-2 and wordnet-base
// 1:3.0-37.

func TestRealIsWord(t *testing.T) {
	tests := []struct {
		lang, word string
		known      bool
	}{
		{"nb", "databehandleren", true},
		{"nb", "databehandlere", true},
		{"nb", "behandlingsansvarlig", true},
		{"nb", "lagringstid", true},
		{"nb", "Personopplysningene", true},
		// Unknown to hunspell itself: "forordning" lacks the compound
		// flag. Known here as productive compounds.
		{"nb", "personvernforordningen", true},
		{"nb", "underdatabehandlerne", true},
		{"nb", "personvernforodningen", false},
		{"nb", "databehandlar", false}, // nynorsk
		{"nn", "handsaming", true},
		{"nn", "personopplysningane", true},  // productive: person + opplysningane
		{"nn", "personopplysningene", false}, // bokmål
		{"en", "processors", true},
		{"en", "stored", true},
		{"en", "deleted", true},
		{"en", "Deleted", true},
		{"en", "don’t", true}, // ICONV turns ’ into '
		{"en", "21st", true},  // COMPOUNDRULE
		{"en", "recieve", false},
		{"en", "more12", false},
		{"en", "databehandler", false},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.word, func(t *testing.T) {
			s := realSet(t, tt.lang, Dictionary)
			if known, _ := s.IsWord(tt.lang, tt.word); known != tt.known {
				t.Errorf("IsWord(%s, %q) = %v, want %v", tt.lang, tt.word, known, tt.known)
			}
		})
	}
}

func TestRealLemmas(t *testing.T) {
	same := []struct {
		lang, a, b string
		same       bool
	}{
		{"nb", "sletting", "slette", true},
		{"nb", "strengere", "streng", true},
		{"nb", "databehandleren", "databehandlere", true},
		{"nb", "personvernforordningen", "personvernforordning", true},
		{"nb", "underdatabehandlerne", "underdatabehandleren", true},
		{"nb", "lovlig", "ulovlig", false}, // the prefix negates
		{"nb", "databehandler", "underdatabehandler", false},
		{"nb", "personvernforodningen", "personvernforordningen", false}, // unknown
		{"nn", "handsaming", "handsame", true},
		{"nn", "personopplysningane", "personopplysning", true},
		{"en", "processors", "processor", true},
		{"en", "stored", "store", true},
		{"en", "deleted", "deletes", true},
		{"en", "lawful", "unlawful", false},
		{"en", "recieve", "receive", false},
	}
	for _, tt := range same {
		t.Run(tt.lang+"/"+tt.a+"/"+tt.b, func(t *testing.T) {
			s := realSet(t, tt.lang, Dictionary)
			if got := s.SameLemma(tt.lang, tt.a, tt.b); got != tt.same {
				t.Errorf("SameLemma(%s, %q, %q) = %v, want %v; lemmas %q and %q", tt.lang, tt.a, tt.b,
					got, tt.same, s.Lemmas(tt.lang, tt.a), s.Lemmas(tt.lang, tt.b))
			}
		})
	}
	t.Run("nb/compound lemma", func(t *testing.T) {
		s := realSet(t, "nb", Dictionary)
		if got := s.Lemmas("nb", "databehandlerne"); !slices.Equal(got, []string{"databehandler"}) {
			t.Errorf("Lemmas(databehandlerne) = %q", got)
		}
		if got := s.Lemmas("nb", "Underdatabehandlerne"); !slices.Equal(got, []string{"underdatabehandler"}) {
			t.Errorf("Lemmas(Underdatabehandlerne) = %q", got)
		}
	})
}

func TestRealThesaurus(t *testing.T) {
	tests := []struct {
		lang, a, b    string
		syn, antonyms bool
	}{
		// erase and delete share only the third sense of erase: no proof.
		{"en", "erase", "delete", false, false},
		{"en", "purchased", "buys", true, false},
		{"en", "sensible", "sensitive", false, false},
		{"en", "carried out", "executed", true, false},
		{"en", "individually", "jointly", false, false},
		{"en", "strict", "lenient", false, true}, // WordNet's indirect antonyms
		{"en", "users", "owners", false, false},
		{"en", "private", "public", false, true},
		{"en", "good", "bad", false, true},
		// The bokmål thesaurus lists viktig and vesentlig in one cluster
		// (with betydningsfull, grunnleggende, essensiell...).
		{"nb", "viktig", "vesentlig", true, false},
		{"nb", "viktige", "vesentlige", true, false},
		{"nb", "badstue", "sauna", true, false},
		// Newspapers: one cluster with the generic "avis" and "dagsavis".
		{"nb", "Aftenposten", "Dagbladet", false, false},
		{"nb", "avis", "dagsavis", false, false},
		// Opposites are not listed at all, and there are no antonym marks.
		{"nb", "stor", "liten", false, false},
		{"nn", "ertar", "pirrar", true, false},
		{"nn", "kortast", "minst", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.a+"/"+tt.b, func(t *testing.T) {
			s := realSet(t, tt.lang, Thesaurus)
			if got := s.Synonyms(tt.lang, tt.a, tt.b); got != tt.syn {
				t.Errorf("Synonyms(%s, %q, %q) = %v, want %v", tt.lang, tt.a, tt.b, got, tt.syn)
			}
			if got := s.Antonyms(tt.lang, tt.a, tt.b); got != tt.antonyms {
				t.Errorf("Antonyms(%s, %q, %q) = %v, want %v", tt.lang, tt.a, tt.b, got, tt.antonyms)
			}
		})
	}
}

// TestAgreesWithHunspell compares this package, with productive
// compounding off, with the hunspell program on entries of the real
// dictionaries and on misspellings of them. It skips without hunspell.
func TestAgreesWithHunspell(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs hunspell")
	}
	if _, err := exec.LookPath("hunspell"); err != nil {
		t.Skip("hunspell is not installed (apt-get install hunspell)")
	}
	for _, lang := range []string{"nb", "nn", "en"} {
		t.Run(lang, func(t *testing.T) {
			l := realLexicon(t, lang, Dictionary)
			// A private copy: productive compounding is switched off below.
			d, err := loadDictionary(l.files[0], l.files[1], lang)
			if err != nil {
				t.Fatal(err)
			}
			d.productive = false
			var entries []string
			for w := range d.words {
				// hunspell -l splits words at characters like these.
				if utf8.RuneCountInString(w) >= 4 && !strings.ContainsAny(w, "-.'’0123456789") {
					entries = append(entries, w)
				}
			}
			slices.Sort(entries)
			r := rand.New(rand.NewPCG(1, 2))
			var words []string
			for range 1000 {
				w := entries[r.IntN(len(entries))]
				words = append(words, w, misspell(r, w))
			}
			base := strings.TrimSuffix(l.info.Path, ".dic")
			cmd := exec.Command("hunspell", "-d", base, "-l", "-i", "utf8")
			cmd.Stdin = strings.NewReader(strings.Join(words, "\n") + "\n")
			out, err := cmd.Output()
			if err != nil {
				t.Skipf("hunspell: %v", err)
			}
			wrong := map[string]bool{}
			for sc := bufio.NewScanner(strings.NewReader(string(out))); sc.Scan(); {
				wrong[sc.Text()] = true
			}
			disagree := 0
			for _, w := range words {
				if got := d.check(w); got == wrong[w] {
					if disagree++; disagree <= 10 {
						t.Errorf("%s: IsWord(%q) = %v, hunspell says %v", lang, w, got, !wrong[w])
					}
				}
			}
		})
	}
}

// misspell makes one typing error in w.
func misspell(r *rand.Rand, w string) string {
	rs := []rune(w)
	letters := []rune("abcdefghijklmnoprstuvyæøå")
	i := r.IntN(len(rs))
	c := letters[r.IntN(len(letters))]
	switch r.IntN(4) {
	case 0:
		return string(slices.Delete(rs, i, i+1))
	case 1:
		return string(slices.Insert(rs, i, c))
	case 2:
		rs[i] = c
	default:
		if i+1 < len(rs) {
			rs[i], rs[i+1] = rs[i+1], rs[i]
		}
	}
	return string(rs)
}

func TestRealIsWordHunspell(t *testing.T) {
	s := Load(Options{})
	if !s.HasDictionary("nb") {
		t.Skip("no nb dictionary installed (apt-get install hunspell-no)")
	}
	for _, tc := range []struct {
		word              string
		known, productive bool
	}{
		{"sletting", true, true},
		{"sletingen", false, true}, // "slet" + "ingen"
		{"personvernforodningen", false, false},
	} {
		k, _ := s.IsWordHunspell("nb", tc.word)
		p, _ := s.IsWord("nb", tc.word)
		if k != tc.known || p != tc.productive {
			t.Errorf("%s: hunspell %v, with productive compounds %v; want %v, %v", tc.word, k, p, tc.known, tc.productive)
		}
	}
}
