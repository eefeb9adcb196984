package lexicon

import (
	"slices"
	"testing"
)

// A bokmål thesaurus in the shape of th_nb_NO_v2: each entry lists its
// cluster, clusters are mutual, items may carry register marks or
// optional parts.
var testThesaurus = []thesEntry{
	{"viktig", [][]string{{"vesentlig", "betydningsfull", "hoven (muntlig mening)"}}},
	{"vesentlig", [][]string{{"viktig", "betydningsfull"}}},
	{"betydningsfull", [][]string{{"viktig", "vesentlig"}}},
	{"hoven", [][]string{{"viktig (muntlig mening)"}}},
	// A semantic field: the generic term "avis" with its kinds.
	{"avis", [][]string{{"Aftenposten", "Dagbladet", "dagsavis"}}},
	{"Aftenposten", [][]string{{"avis", "Dagbladet", "dagsavis"}}},
	{"Dagbladet", [][]string{{"avis", "Aftenposten", "dagsavis"}}},
	{"dagsavis", [][]string{{"avis", "Aftenposten", "Dagbladet"}}},
	// One-way listing: "fjerne" does not list "slette" back.
	{"slette", [][]string{{"fjerne", "stryke"}}},
	{"fjerne", [][]string{{"flytte"}}},
	{"stryke", [][]string{{"slette"}}},
	{"stor", [][]string{{"diger", "liten (antonym)"}}},
	{"diger", [][]string{{"stor"}}},
	{"(for)herde", [][]string{{"styrke", "begrenset (til)"}}},
	{"styrke", [][]string{{"(for)herde"}}},
	{"begrenset til", [][]string{{"forherde"}}},
	{"slette ut", [][]string{{"viske ut"}}},
	{"viske ut", [][]string{{"slette ut"}}},
	{"søt", [][]string{{"blid", "sukkersøt"}}},
	{"blid", [][]string{{"søt"}}},
}

const testNbAff = `SET ISO8859-1
SFX E Y 1
SFX E   0     e          .

SFX V Y 2
SFX V   e     et         e
SFX V   e     te         e
`

var testNbDic = []string{"viktig/E", "vesentlig/E", "betydningsfull/E", "slette/V", "stryke", "viske/V", "stor/E", "diger/E", "liten", "søt/E", "blid/E"}

func thesaurusSet(t *testing.T) *Set {
	t.Helper()
	dir := t.TempDir()
	writeMyThes(t, dir, "th_nb_NO_v2", testThesaurus)
	writeDict(t, dir, "nb_NO", testNbAff, testNbDic)
	return isolated(dir, "nb")
}

func TestMyThesSynonyms(t *testing.T) {
	s := thesaurusSet(t)
	tests := []struct {
		a, b string
		want bool
		why  string
	}{
		{"viktig", "vesentlig", true, "mutual, unmarked"},
		{"vesentlig", "viktig", true, "symmetric"},
		{"Viktig", "VESENTLIG", true, "any case"},
		{"viktige", "vesentlige", true, "inflected forms reduced by the dictionary"},
		{"viktig", "viktig", false, "identical"},
		{"viktig", "hoven", false, "register mark (muntlig mening)"},
		{"Aftenposten", "Dagbladet", false, "co-hyponyms in a semantic field"},
		{"avis", "dagsavis", false, "generic term and its kind"},
		{"slette", "fjerne", false, "not listed back"},
		{"slette", "stryke", true, "listed both ways"},
		{"slettet", "stryke", true, "inflected verb reduced by the dictionary"},
		{"stor", "liten", false, "antonym"},
		{"stor", "diger", true, "unmarked"},
		{"herde", "styrke", true, "optional part in the entry: (for)herde"},
		{"forherde", "styrke", true, "optional part kept: (for)herde"},
		{"forherde", "begrenset til", true, "optional part in the item: begrenset (til)"},
		{"slettet ut", "visket ut", true, "phrases with their first words lemmatised"},
		{"søt", "blid", false, "semantic field: søt heads the compound sukkersøt"},
		{"viktig", "ukjent", false, "unknown word"},
	}
	for _, tt := range tests {
		if got := s.Synonyms("nb", tt.a, tt.b); got != tt.want {
			t.Errorf("Synonyms(%q, %q) = %v, want %v (%s)", tt.a, tt.b, got, tt.want, tt.why)
		}
	}
	if !s.Antonyms("nb", "stor", "liten") || !s.Antonyms("nb", "liten", "stor") {
		t.Error("stor/liten are marked (antonym)")
	}
	if s.Antonyms("nb", "stor", "diger") {
		t.Error("stor/diger are not antonyms")
	}
}

// nynorsk must not borrow the bokmål thesaurus: it reports its own as
// missing instead.
func TestNynorskDoesNotBorrowBokmal(t *testing.T) {
	dir := t.TempDir()
	writeMyThes(t, dir, "th_nb_NO_v2", testThesaurus)
	s := isolated(dir, "nb", "nn")
	if !s.HasThesaurus("nb") || s.HasThesaurus("nn") {
		t.Fatalf("HasThesaurus nb=%v nn=%v, want true, false", s.HasThesaurus("nb"), s.HasThesaurus("nn"))
	}
	if s.Synonyms("nn", "viktig", "vesentlig") {
		t.Error("nn used the bokmål thesaurus")
	}
	want := Info{Lang: "nn", Kind: Thesaurus, Name: "MyThes nn_NO", Package: "mythes-no", Licence: licenceNorwegian}
	if !slices.Contains(s.Missing(), want) {
		t.Errorf("Missing() = %+v, want it to contain %+v", s.Missing(), want)
	}
}

func TestParseItem(t *testing.T) {
	tests := []struct {
		in    string
		mark  marker
		forms []string
	}{
		{"viktig", plain, []string{"viktig"}},
		{"hoven (muntlig mening)", register, []string{"hoven"}},
		{"stivert (vulgær)", register, []string{"stivert"}},
		{"delete (antonym)", antonym, []string{"delete"}},
		{"take away (generic term)", relation, []string{"take away"}},
		{"begrenset (til)", plain, []string{"begrenset til", "begrenset"}},
		{"prins(esse)", plain, []string{"prinsesse", "prins"}},
		{"(ene og) alene", plain, []string{"ene og alene", "alene"}},
		{"Jon  Blund", plain, []string{"jon blund"}},
	}
	for _, tt := range tests {
		it := parseItem(tt.in)
		if it.mark != tt.mark || !slices.Equal(it.forms, tt.forms) {
			t.Errorf("parseItem(%q) = %v %q, want %v %q", tt.in, it.mark, it.forms, tt.mark, tt.forms)
		}
	}
}
