package equiv

import (
	"net/url"
	"strings"
	"testing"
)

// The fuzz targets check that no input panics, that every result is
// stable (the same input gives the same answer), and properties of the
// canonical forms.

var fuzzLangs = []string{"nb", "nn", "en", ""}

func FuzzDate(f *testing.F) {
	for _, s := range []string{"30. januar 2023", "January 30th, 2023", "30/01/2023", "01/02/2023",
		"mandag 30. januar 2023", "--02-29", "2023-01", "the 1st of May 2023", "30. jan.. 2023"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, s string, l uint8) {
		lang := fuzzLangs[int(l)%len(fuzzLangs)]
		v, ok := Date(s, lang)
		v2, ok2 := Date(s, lang)
		if v != v2 || ok != ok2 {
			t.Fatalf("Date(%q, %q) = %q, %v, then %q, %v", s, lang, v, ok, v2, ok2)
		}
		if !ok {
			return
		}
		// A canonical date reads as itself, in any language.
		if again, ok := Date(v, ""); !ok || again != v {
			t.Fatalf("Date(%q, %q) = %q, but Date(%q) = %q, %v", s, lang, v, v, again, ok)
		}
	})
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{"1 000", "1.000", "1,000", "2,5", "tjuefem", "femogtjue", "to tusen og fem",
		"one hundred and five", "a thousand", "1,5 millioner", "en", "-0", "tohundreogfemti"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(2))
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, l uint8) {
		lang := fuzzLangs[int(l)%len(fuzzLangs)]
		v, ok := Number(s, lang)
		v2, ok2 := Number(s, lang)
		if v != v2 || ok != ok2 {
			t.Fatalf("Number(%q, %q) = %q, %v, then %q, %v", s, lang, v, ok, v2, ok2)
		}
		lv, lok := NumberLoose(s, lang)
		lv2, lok2 := NumberLoose(s, lang)
		if lv != lv2 || lok != lok2 {
			t.Fatalf("NumberLoose(%q, %q) = %q, %v, then %q, %v", s, lang, lv, lok, lv2, lok2)
		}
		if ok && (!lok || lv != v) {
			t.Fatalf("Number(%q, %q) = %q, but NumberLoose = %q, %v", s, lang, v, lv, lok)
		}
		if !ok {
			return
		}
		// A canonical number reads as itself in English.
		if again, ok := Number(v, "en"); !ok || again != v {
			t.Fatalf("Number(%q, %q) = %q, but Number(%q, en) = %q, %v", s, lang, v, v, again, ok)
		}
	})
}

func FuzzOrdinal(f *testing.F) {
	for _, s := range []string{"1.", "første", "andre", "tjuefemte", "21st", "twenty-second", "hundre og første", "second"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, s string, l uint8) {
		lang := fuzzLangs[int(l)%len(fuzzLangs)]
		v, ok := Ordinal(s, lang)
		v2, ok2 := Ordinal(s, lang)
		if v != v2 || ok != ok2 {
			t.Fatalf("Ordinal(%q, %q) = %q, %v, then %q, %v", s, lang, v, ok, v2, ok2)
		}
		lv, lok := OrdinalLoose(s, lang)
		if ok && (!lok || lv != v) {
			t.Fatalf("Ordinal(%q, %q) = %q, but OrdinalLoose = %q, %v", s, lang, v, lv, lok)
		}
		if ok && (!allDigits(v) || leadingZero(v) || v == "0") {
			t.Fatalf("Ordinal(%q, %q) = %q: not a positive number", s, lang, v)
		}
	})
}

func FuzzLegalRef(f *testing.F) {
	for _, s := range []string{"art. 13(1)(a)", "artikkel 13 nr. 1 bokstav a i personvernforordningen", "§§ 8-9",
		"personopplysningsloven § 8 første ledd andre punktum", "Articles 13, 14, and 15", "Chapter III",
		"punkt 26 i fortalen", "annex II", "GDPR art. 6(1)(f)", "art. 6 (GDPR"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(2))
	}
	kinds := []string{"art:", "par:", "ch:", "rec:", "annex:"}
	f.Fuzz(func(t *testing.T, s string, l uint8) {
		lang := fuzzLangs[int(l)%len(fuzzLangs)]
		v, ok := LegalRef(s, lang)
		v2, ok2 := LegalRef(s, lang)
		if v != v2 || ok != ok2 {
			t.Fatalf("LegalRef(%q, %q) = %q, %v, then %q, %v", s, lang, v, ok, v2, ok2)
		}
		if !ok {
			return
		}
		known := false
		for _, k := range kinds {
			known = known || (strings.HasPrefix(v, k) && len(v) > len(k))
		}
		if !known {
			t.Fatalf("LegalRef(%q, %q) = %q: no kind and number", s, lang, v)
		}
	})
}

func FuzzLaw(f *testing.F) {
	for _, s := range []string{"GDPR", "personvernforordninga", "Regulation (EU) 2016/679 (GDPR)", "the Schrems II judgment",
		"C-311/18", "(GDPR", "fvl."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := Law(s)
		id2, ok2 := Law(s)
		if id != id2 || ok != ok2 {
			t.Fatalf("Law(%q) = %q, %v, then %q, %v", s, id, ok, id2, ok2)
		}
		if ok {
			if again, ok := Law(id); !ok || again != id {
				t.Fatalf("Law(%q) = %q, but Law(%q) = %q, %v", s, id, id, again, ok)
			}
		}
	})
}

func FuzzAcronym(f *testing.F) {
	f.Add("EØS", "Det europeiske økonomiske samarbeidsområdet")
	f.Add("SCCs", "standard contractual clauses")
	f.Add("NAV", "Arbeids- og velferdsetaten")
	f.Fuzz(func(t *testing.T, short, long string) {
		if first, again := Acronym(short, long), Acronym(short, long); first != again {
			t.Fatalf("Acronym(%q, %q) changes its answer", short, long)
		}
	})
}

func FuzzSameURL(f *testing.F) {
	const page = "https://info.altinn.no/nb/dpia/summary/"
	f.Add("../introduction", "https://info.altinn.no/nb/dpia/introduction/", page)
	f.Add("https://lovdata.no/x#gdpr/a17", "https://lovdata.no/x#gdpr/a21", "")
	f.Add("x", "./x/", "")
	f.Add("../x", "/x", "")
	f.Add(`{{< ref "x.md" >}}`, `{{< relref "x" >}}`, "")
	f.Add("mailto:A@b.no", "mailto:a@B.no", "")
	f.Add("https://blåbær.no/%7e?b=1&a=2#", "http://www.xn--blbr-roah.no:80/~/?a=2&b=1", "")
	f.Add("<%zz>", "x", page)
	f.Fuzz(func(t *testing.T, a, b, base string) {
		ab, ba := SameURL(a, b, base), SameURL(b, a, base)
		if ab != ba {
			t.Fatalf("SameURL(%q, %q, %q) = %v, but swapped %v", a, b, base, ab, ba)
		}
		if ab != SameURL(a, b, base) {
			t.Fatalf("SameURL(%q, %q, %q) changes its answer", a, b, base)
		}
		if _, err := url.Parse(a); err == nil && !SameURL(a, a, base) {
			t.Fatalf("SameURL(%q, itself, %q) = false", a, base)
		}
	})
}

func FuzzProvision(f *testing.F) {
	for _, s := range []string{
		"https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_gdpr-3#gdpr/a17",
		"https://lovdata.no/pro/#document/NL/lov/2018-06-15-38/§8",
		"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0679#d1e2606-1-1",
		"https://eur-lex.europa.eu/eli/reg/2016/679/oj#cpt_III",
		"https://gdpr-info.eu/art-17-gdpr/",
		"https://example.org/laws/gdpr/a17",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		inst, prov, ok := Provision(u)
		inst2, prov2, ok2 := Provision(u)
		if inst != inst2 || prov != prov2 || ok != ok2 {
			t.Fatalf("Provision(%q) = %q, %q, %v, then %q, %q, %v", u, inst, prov, ok, inst2, prov2, ok2)
		}
		if ok != (inst != "" && prov != "") {
			t.Fatalf("Provision(%q) = %q, %q, %v", u, inst, prov, ok)
		}
	})
}
