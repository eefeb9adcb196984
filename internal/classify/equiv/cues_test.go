package equiv

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// cueForms are forms of every kind, written as the readers' documentation
// and tests write them, some with the characters normalize drops or joins.
var cueForms = []string{
	"30. januar 2023", "January 30th, 2023", "30.01.2023", "2023-01-30", "--01-30", "januar 2023",
	"mandag 30. januar 2023", "Monday, 30 January 2023", "the 1st of May 2023", "den 3. mai", "Jan. 5, 2024",
	"art. 13(1)(a) GDPR", "artikkel 13 nr. 1 bokstav a i personvernforordningen", "Article 13(1), point (a)",
	"§§ 8 og 9", "§ 8 første ledd andre punktum", "personopplysningsloven § 8", "kapittel III", "Chapter IV",
	"vedlegg II", "annex a", "bilag 2", "punkt 26 i fortalen", "recital (26)", "arbeidsmiljøloven § 14-9",
	"Article 5 of the Data Processing Agreement", "kap. 3", "art 6 (1) (f)", "sections 3 to 5", "ka\u00adpittel IV",
	"1 000", "1.000", "1,000", "2,5", "-3", "tusen", "twenty-one", "tjuefem", "femogtjue", "ett hundre og fem",
	"a hundred", "2 mill.", "1,5 millioner", "3 billion", "en", "ei", "a", "one", "null", "tjue\u00adfem",
	"første", "21st", "1.", "tjuefemte", "hundredth", "andre", "second", "fyrste", "twenty-second",
	"GDPR", "E.U.", "SCCs", "DPIA", "EØS", "NAV",
}

// cueTexts are the package's pretest texts, the forms above, and each
// with words of prose around it.
func cueTexts(n int) []string {
	texts := append(pretestTexts(n), cueForms...)
	for _, l := range laws {
		texts = append(texts, l.names...)
	}
	for _, m := range monthNames {
		for w := range m {
			texts = append(texts, "12. "+w+" 2024", strings.ToUpper(w[:1])+w[1:]+" 3, 1999", "1 "+w, w+" 2020")
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	prose := []string{"the", "data", "i", "og", "see", "to", "and", "Se", "for", "detaljer", "(", ")", ",", "."}
	for _, f := range cueForms {
		for range 4 {
			texts = append(texts, prose[rng.IntN(len(prose))]+" "+f, f+" "+prose[rng.IntN(len(prose))])
		}
	}
	return texts
}

// readAs returns the kinds the readers read s as in some language.
func readAs(s string) Kinds {
	var k Kinds
	for _, lang := range []string{"", "nb", "nn", "en", "en-GB", "no"} {
		t := Read(s)
		if _, ok := t.Date(lang); ok {
			k |= KindDate
		}
		if _, ok := t.LegalRef(lang); ok {
			k |= KindLegalRef
		}
		if _, ok := t.Law(); ok {
			k |= KindLaw
		}
		_, num := t.Number(lang)
		_, loose := t.NumberLoose(lang)
		_, ord := t.Ordinal(lang)
		if num || loose || ord {
			k |= KindNumber
		}
	}
	if _, ok := acronymLetters(s); ok {
		k |= KindAcronym
	}
	return k
}

// TestCuesBoundReadings holds Within and Around to the readers: every
// kind a text reads as is in both, and each kind is read often enough
// for the test to mean something.
func TestCuesBoundReadings(t *testing.T) {
	read := map[Kinds]int{}
	for _, s := range cueTexts(50000) {
		k := readAs(s)
		if w, a := Within(s, AllKinds), Around(s, AllKinds); k&^(w&a) != 0 {
			t.Fatalf("%q reads as %05b, but Within gives %05b and Around %05b", s, k, w, a)
		}
		for kind := KindDate; kind <= KindAcronym; kind <<= 1 {
			if k&kind != 0 {
				read[kind]++
			}
		}
	}
	for kind := KindDate; kind <= KindAcronym; kind <<= 1 {
		if read[kind] < 20 {
			t.Errorf("only %d texts read as kind %05b", read[kind], kind)
		}
	}
}

// TestCuesCut checks the bounds under cutting where no word is cut: a
// text cut from s shows no sign s does not show, and a text around s has
// all of its words.
func TestCuesCut(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, s := range cueTexts(20000) {
		// The word edges of s, its ends among them.
		var edges []int
		prev := rune(-1)
		for i, r := range s + " " {
			if prev < 0 || !(InWord(prev) && InWord(r)) {
				edges = append(edges, i)
			}
			prev = r
			if i == len(s) {
				break
			}
		}
		for range 3 {
			a, b := edges[rng.IntN(len(edges))], edges[rng.IntN(len(edges))]
			if a > b {
				a, b = b, a
			}
			cut := s[a:b]
			if w, ws := Within(cut, AllKinds), Within(s, AllKinds); w&^ws != 0 {
				t.Fatalf("Within(%q) = %05b, but Within(%q) = %05b", cut, w, s, ws)
			}
			if a, as := Around(s, AllKinds), Around(cut, AllKinds); a&^as != 0 {
				t.Fatalf("Around(%q) = %05b, but Around(%q) = %05b", s, a, cut, as)
			}
		}
	}
}

// InWord holds for every character normalize drops or keeps in a word.
func TestInWord(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) || InWord(r) {
			continue
		}
		s := "a" + string(r) + "b"
		if toks := tokenize(normalize(s)); len(toks) == 1 {
			t.Fatalf("%q is one word %q, but InWord(%U) is false", s, toks[0].s, r)
		}
	}
}

// The bounds rule out ordinary prose, which is what they are for.
func TestCuesProse(t *testing.T) {
	for _, s := range []string{"the data controller", "personopplysninger blir lagret", "We process your data"} {
		if k := Around(s, Within(s, AllKinds)); k != 0 {
			t.Errorf("%q may read as %05b", s, k)
		}
	}
	if k := Around(strings.ToUpper("data"), AllKinds); k&KindAcronym == 0 {
		t.Errorf("DATA cannot be an acronym: %05b", k)
	}
}
