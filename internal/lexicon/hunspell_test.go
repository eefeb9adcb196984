package lexicon

import (
	"slices"
	"testing"
)

// A small English-like dictionary exercising the algorithm: every rule
// below is there for one of the cases in TestHunspellRules.
const testAff = `SET UTF-8
TRY esianrtolcdugmphbyfvkwzESIANRTOLCDUGMPHBYFVKWZ
FORBIDDENWORD !
NEEDAFFIX X
ONLYINCOMPOUND O
COMPOUNDFLAG Z
COMPOUNDMIN 3
CHECKCOMPOUNDTRIPLE
SIMPLIFIEDTRIPLE
KEEPCASE K

# un- combines with suffixes, re- does not.
PFX U Y 1
PFX U   0     un         .

PFX R N 1
PFX R   0     re         .

SFX S Y 3
SFX S   y     ies        [^aeiou]y
SFX S   0     s          [aeiou]y
SFX S   0     s          [^y]

SFX D Y 2
SFX D   0     ed         [^e]
SFX D   0     d          e

# -er carries S: "workers" is work + er + s.
SFX A Y 1
SFX A   0     er/S       .
`

var testDic = []string{
	"cat/S",
	"cats/!", // forbidden although cat/S would make it
	"fly/S",
	"day/S",
	"work/AD",
	"lock/UD",
	"read/RD",
	"pseudo/XS",
	"ball/ZS",
	"room/ZS",
	"foot/Z",
	"part/OZ",
	"trafikk/Z",
	"kork/Z",
	"Oslo",
	"NASA",
	"iPod/K",
}

func TestHunspellRules(t *testing.T) {
	dir := t.TempDir()
	writeDict(t, dir, "en_US", testAff, testDic)
	s := isolated(dir, "en")
	tests := []struct {
		word  string
		known bool
		why   string
	}{
		{"cat", true, "entry"},
		{"fly", true, "entry"},
		{"flies", true, "suffix with strip, condition [^aeiou]y"},
		{"flys", false, "condition [^y] fails"},
		{"days", true, "condition [aeiou]y"},
		{"daies", false, "condition [^aeiou]y fails"},
		{"worked", true, "suffix"},
		{"worker", true, "suffix with continuation class"},
		{"workers", true, "two-level suffix (continuation class)"},
		{"workeds", false, "no continuation from -ed"},
		{"unlock", true, "prefix"},
		{"unlocked", true, "prefix + suffix, both cross product"},
		{"reread", true, "prefix"},
		{"rereaded", false, "re- is not cross product"},
		{"cats", false, "FORBIDDENWORD overrides the affix rule"},
		{"pseudo", false, "NEEDAFFIX: not a word without an affix"},
		{"pseudos", true, "NEEDAFFIX with an affix"},
		{"ballroom", true, "compound"},
		{"ballrooms", true, "compound, suffix on the last part"},
		{"footballroom", true, "three-part compound"},
		{"ballsroom", false, "suffix inside a compound"},
		{"part", false, "ONLYINCOMPOUND alone"},
		{"ballpart", true, "ONLYINCOMPOUND in a compound"},
		{"catroom", false, "cat lacks the compound flag"},
		{"trafikkork", true, "SIMPLIFIEDTRIPLE: trafikk + kork"},
		{"trafikkkork", false, "CHECKCOMPOUNDTRIPLE"},
		{"Cat", true, "capitalised lower-case entry"},
		{"CAT", true, "all-caps lower-case entry"},
		{"FLIES", true, "all-caps affixed form"},
		{"cAt", false, "mixed case is looked up as written"},
		{"Oslo", true, "proper noun"},
		{"OSLO", true, "all-caps proper noun"},
		{"oslo", false, "lower-case proper noun"},
		{"NASA", true, "all-caps entry"},
		{"Nasa", false, "all-caps entry capitalised"},
		{"iPod", true, "KEEPCASE as written"},
		{"IPOD", false, "KEEPCASE in another case"},
		{"ball-room", true, "BREAK at a hyphen"},
		{"ball-rooom", false, "BREAK: both parts must be words"},
		{"", false, "empty"},
	}
	for _, tt := range tests {
		known, ok := s.IsWord("en", tt.word)
		if !ok {
			t.Fatal("no dictionary")
		}
		if known != tt.known {
			t.Errorf("IsWord(%q) = %v, want %v (%s)", tt.word, known, tt.known, tt.why)
		}
	}
}

func TestHunspellLemmas(t *testing.T) {
	dir := t.TempDir()
	writeDict(t, dir, "en_US", testAff, testDic)
	s := isolated(dir, "en")
	tests := []struct {
		word string
		want []string
	}{
		{"flies", []string{"fly"}},
		{"Workers", []string{"work"}},
		{"worked", []string{"work"}},
		{"unlocked", []string{"unlock"}}, // the prefix stays: un- changes the meaning
		{"pseudos", []string{"pseudo"}},
		{"ballrooms", []string{"ballroom"}},
		{"OSLO", []string{"oslo"}},
		{"cats", nil},
		{"xyzzy", nil},
	}
	for _, tt := range tests {
		if got := s.Lemmas("en", tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("Lemmas(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if !s.SameLemma("en", "worked", "workers") {
		t.Error("worked/workers should share the lemma work")
	}
	if s.SameLemma("en", "lock", "unlocked") {
		t.Error("lock/unlocked must not share a lemma: the prefix negates")
	}
	if s.SameLemma("en", "cat", "cats") {
		t.Error("a forbidden word has no lemma")
	}
}

// Productive compounding is for Norwegian only: the same files under an
// English name accept only what the flags allow.
func TestProductiveCompounds(t *testing.T) {
	aff := `SET ISO8859-1
COMPOUNDFLAG z
COMPOUNDMIN 4

SFX A Y 2
SFX A   0     en         [^e]
SFX A   0     n          e

SFX B Y 2
SFX B   e     ing        e
SFX B   0     ing        [^e]

SFX C Y 1
SFX C   0     et         .
`
	dic := []string{"person/z", "vern/z", "personvern/C", "forordning/A", "lagre/B", "tid/A", "fløte/A", "lov", "under", "data", "behandler/A"}
	dir := t.TempDir()
	writeDict(t, dir, "nb_NO", aff, dic)
	writeDict(t, dir, "en_US", aff, dic)
	s := isolated(dir, "nb", "en")
	tests := []struct {
		word   string
		nb, en bool
		lemmas []string // in nb
	}{
		{"personvern", true, true, []string{"personvern"}},
		{"personvernforordningen", true, false, []string{"personvernforordning"}},
		{"Personvernforordningen", true, false, []string{"personvernforordning"}},
		{"underdatabehandleren", true, false, []string{"underdatabehandler"}},
		{"lagringsforordning", true, false, []string{"lagringsforordning"}},         // -s- after a derived noun
		{"fløteforordning", true, false, []string{"fløteforordning"}},               // an entry as head
		{"personvernetforordning", false, false, nil},                               // an inflected head
		{"personvernforodningen", false, false, nil},                                // misspelt tail
		{"personvernlov", false, false, nil},                                        // "lov" is shorter than COMPOUNDMIN
		{"personvernforordningenforordningforordning", false, false, nil},           // more than three parts
		{"lagreforordning", true, false, []string{"lagreforordning"}},               // verb stem as head
		{"personvernsforordningen", true, false, []string{"personvernsforordning"}}, // linking -s-
	}
	for _, tt := range tests {
		if got, _ := s.IsWord("nb", tt.word); got != tt.nb {
			t.Errorf("nb IsWord(%q) = %v, want %v", tt.word, got, tt.nb)
		}
		if got, _ := s.IsWord("en", tt.word); got != tt.en {
			t.Errorf("en IsWord(%q) = %v, want %v", tt.word, got, tt.en)
		}
		if got := s.Lemmas("nb", tt.word); !slices.Equal(got, tt.lemmas) {
			t.Errorf("nb Lemmas(%q) = %q, want %q", tt.word, got, tt.lemmas)
		}
	}
	if !s.SameLemma("nb", "personvernforordningen", "personvernforordning") {
		t.Error("a compound and its inflected form should share a lemma")
	}
}

// TestAffVariants covers flag syntaxes, encodings and the compounding
// directives the main test dictionary does not use.
func TestAffVariants(t *testing.T) {
	tests := []struct {
		name, aff string
		dic       []string
		known     []string
		unknown   []string
	}{
		{
			name:  "long",
			aff:   "FLAG long\nSFX Aa Y 1\nSFX Aa 0 s .\nSFX Bb Y 1\nSFX Bb 0 ed .\n",
			dic:   []string{"walk/AaBb", "talk/Aa"},
			known: []string{"walks", "walked", "talks"}, unknown: []string{"talked"},
		},
		{
			name:  "num",
			aff:   "FLAG num\nSFX 101 Y 1\nSFX 101 0 s .\nSFX 202 Y 1\nSFX 202 0 ed .\n",
			dic:   []string{"walk/101,202", "talk/101"},
			known: []string{"walks", "walked", "talks"}, unknown: []string{"talked"},
		},
		{
			name:  "aliases",
			aff:   "AF 2\nAF AB\nAF A\nSFX A Y 1\nSFX A 0 s .\nSFX B Y 1\nSFX B 0 ed .\n",
			dic:   []string{"walk/1", "talk/2"},
			known: []string{"walks", "walked", "talks"}, unknown: []string{"talked"},
		},
		{
			name:  "utf-8 flags and conditions",
			aff:   "SET UTF-8\nFLAG UTF-8\nSFX ä Y 1\nSFX ä ø øer [^æ]ø\n",
			dic:   []string{"snø/ä", "sæø/ä"},
			known: []string{"snøer", "snø"}, unknown: []string{"sæøer"},
		},
		{
			name:  "latin1",
			aff:   "SET ISO8859-1\nSFX å Y 1\nSFX å 0 ene .\n",
			dic:   []string{"bønne/å"},
			known: []string{"bønneene", "Bønne"}, unknown: []string{"bonne"},
		},
		{
			name:  "compound rule",
			aff:   "ONLYINCOMPOUND c\nCOMPOUNDMIN 1\nCOMPOUNDRULE 2\nCOMPOUNDRULE n*1t\nCOMPOUNDRULE n*mp\n",
			dic:   []string{"0/nm", "1/n1", "2/nm", "1th/tc", "2th/tc", "2nd/p", "more"},
			known: []string{"12th", "112th", "22nd", "2nd"}, unknown: []string{"1th", "more12", "12nd", "2th"},
		},
		{
			name: "compound positions and permit flag",
			aff: "COMPOUNDBEGIN B\nCOMPOUNDMIDDLE M\nCOMPOUNDEND E\nCOMPOUNDPERMITFLAG P\nCOMPOUNDMIN 2\n" +
				"SFX S Y 1\nSFX S 0 s .\nSFX L Y 1\nSFX L 0 s/P .\nSFX T Y 1\nSFX T 0 es .\n",
			dic:     []string{"first/B", "mid/M", "last/ES", "work/BLT"},
			known:   []string{"firstlast", "firstmidlast", "firstmidmidlast", "firstlasts", "workslast", "workes"},
			unknown: []string{"lastfirst", "firstmid", "midlast", "firstfirst", "workeslast", "firstlastsmid"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeDict(t, dir, "en_US", tt.aff, tt.dic)
			s := isolated(dir, "en")
			for _, w := range tt.known {
				if got, ok := s.IsWord("en", w); !got || !ok {
					t.Errorf("IsWord(%q) = %v, %v; want true", w, got, ok)
				}
			}
			for _, w := range tt.unknown {
				if got, _ := s.IsWord("en", w); got {
					t.Errorf("IsWord(%q) = true; want false", w)
				}
			}
		})
	}
}

func TestParseCond(t *testing.T) {
	tests := []struct {
		cond, root string
		end, start bool
	}{
		{".", "x", true, true},
		{"[^aeiou]y", "fly", true, false},
		{"[^aeiou]y", "day", false, false},
		{"e", "lagre", true, false},
		{"[bmp]", "bar", false, true},
		{"ab", "b", false, false}, // longer than the root
	}
	for _, tt := range tests {
		c, err := parseCond(tt.cond)
		if err != nil {
			t.Fatal(err)
		}
		if got := matchEnd(c, tt.root); got != tt.end {
			t.Errorf("matchEnd(%q, %q) = %v", tt.cond, tt.root, got)
		}
		if got := matchStart(c, tt.root); got != tt.start {
			t.Errorf("matchStart(%q, %q) = %v", tt.cond, tt.root, got)
		}
	}
	if _, err := parseCond("[abc"); err == nil {
		t.Error("unterminated bracket accepted")
	}
}
