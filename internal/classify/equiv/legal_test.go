package equiv

import "testing"

func TestLegalRef(t *testing.T) {
	tests := []struct {
		s, lang string
		want    string // "" when not a citation
	}{
		// Articles.
		{"art. 13", "nb", "art:13"},
		{"art 13", "nb", "art:13"},
		{"Art. 13", "en", "art:13"},
		{"artikkel 13", "nb", "art:13"},
		{"artikkelen 13", "nb", "art:13"},
		{"Article 13", "en", "art:13"},
		{"art.13", "", "art:13"},
		{"Art. 13(1)(a)", "en", "art:13:1:a"},
		{"Art. 13 (1) (a)", "en", "art:13:1:a"},
		{"artikkel 13 nr. 1 bokstav a", "nb", "art:13:1:a"},
		{"artikkel 13 nr 1 bokstav a", "nb", "art:13:1:a"},
		{"artikkel 13 nr. 1 a", "nb", "art:13:1:a"},
		{"artikkel 13 nr. 1 bokstav (a)", "nb", "art:13:1:a"},
		{"artikkel 13 første ledd bokstav a", "nb", "art:13:1:a"},
		{"artikkel 13 (1) a)", "nb", "art:13:1:a"},
		{"Article 13(1), point (a)", "en", "art:13:1:a"},
		{"Article 13(1) point (a)", "en", "art:13:1:a"},
		{"Article 13 paragraph 1 point (a)", "en", "art:13:1:a"},
		{"Article 13(1)(a)", "en", "art:13:1:a"},
		{"art. 6.1.f", "nb", "art:6:1:f"},
		{"art. 6.1 f", "nb", "art:6:1:f"},
		{"art. 6(1)f", "nb", "art:6:1:f"},
		{"art. 6 nr. 1 f", "nb", "art:6:1:f"},
		{"art. 9(2)(i)", "en", "art:9:2:i"},
		{"art. 9 (2) (j) (ii)", "en", "art:9:2:j:ii"},
		{"artikkel 13 bokstav a", "nb", "art:13::a"},
		{"Article 13, point (a)", "en", "art:13::a"},
		{"artikkel 13 nr. 2", "nb", "art:13:2"},
		{"Article 4a", "en", "art:4a"},
		// Instruments.
		{"artikkel 6 i personvernforordningen", "nb", "art:6@gdpr"},
		{"artikkel 6 i personvernforordninga", "nn", "art:6@gdpr"},
		{"artikkel 6 nr. 1 bokstav f i personvernforordningen", "nb", "art:6:1:f@gdpr"},
		{"Article 6 GDPR", "en", "art:6@gdpr"},
		{"Article 6 of the GDPR", "en", "art:6@gdpr"},
		{"Article 6 of the General Data Protection Regulation", "en", "art:6@gdpr"},
		{"Article 6 of Regulation (EU) 2016/679", "en", "art:6@gdpr"},
		{"art. 6 (1) (f) GDPR", "en", "art:6:1:f@gdpr"},
		{"art. 6(1)(f) GDPR", "en", "art:6:1:f@gdpr"},
		{"art. 6 (GDPR)", "en", "art:6@gdpr"},
		{"GDPR art. 6(1)(f)", "en", "art:6:1:f@gdpr"},
		{"GDPR Article 6", "en", "art:6@gdpr"},
		{"GDPRs artikkel 6", "nb", "art:6@gdpr"},
		{"the GDPR's Article 6", "en", "art:6@gdpr"},
		{"personvernforordningens artikkel 6", "nb", "art:6@gdpr"},
		{"personvernforordningen artikkel 6 nr. 1 bokstav f", "nb", "art:6:1:f@gdpr"},
		{"Article 5 of the Data Processing Agreement", "en", "art:5@data processing agreement"},
		{"artikkel 5 i databehandleravtalen", "nb", "art:5@databehandleravtalen"},
		// Lists and ranges.
		{"art. 13 og 14", "nb", "art:13,14"},
		{"artikkel 13 og 14", "nb", "art:13,14"},
		{"artiklene 13 og 14", "nb", "art:13,14"},
		{"artiklene 14 og 13", "nb", "art:13,14"},
		{"Articles 13 and 14", "en", "art:13,14"},
		{"Articles 13, 14 and 15", "en", "art:13,14,15"},
		{"Articles 13, 14, and 15", "en", "art:13,14,15"},
		{"Articles 13–15", "en", "art:13,14,15"},
		{"Articles 13-15", "en", "art:13,14,15"},
		{"Articles 13 to 15", "en", "art:13,14,15"},
		{"artikkel 13 til 15", "nb", "art:13,14,15"},
		{"art. 13 og 14 GDPR", "nb", "art:13,14@gdpr"},
		{"artiklene 13 og 14 i personvernforordningen", "nb", "art:13,14@gdpr"},
		// Sections (§).
		{"§ 8", "nb", "par:8"},
		{"§8", "nb", "par:8"},
		{"paragraf 8", "nb", "par:8"},
		{"paragrafen 8", "nb", "par:8"},
		{"section 8", "en", "par:8"},
		{"Section 8", "en", "par:8"},
		{"§ 8 første ledd", "nb", "par:8:1"},
		{"§ 8 1. ledd", "nb", "par:8:1"},
		{"§ 8 (1)", "nb", "par:8:1"},
		{"§ 8 andre ledd", "nb", "par:8:2"},
		{"§ 8 annet ledd", "nb", "par:8:2"},
		{"§ 8 første ledd bokstav a", "nb", "par:8:1:a"},
		{"§ 8 første ledd nr. 2", "nb", "par:8:1:2"},
		{"§ 8 nr. 2", "nb", "par:8::2"},
		{"§ 8 første ledd andre punktum", "nb", "par:8:1:s2"},
		{"§ 8 andre punktum", "nb", "par:8:s2"},
		{"section 8(1), first sentence", "en", "par:8:1:s1"},
		{"§ 8-1", "nb", "par:8-1"},
		{"§ 8-9", "nb", "par:8-9"}, // one section, "8-9"
		{"§ 2-3 a", "nb", "par:2-3a"},
		{"§ 8 a", "nb", "par:8a"},
		{"§ 8a", "nb", "par:8a"},
		{"§§ 8 og 9", "nb", "par:8,9"},
		{"§§ 9 og 8", "nb", "par:8,9"},
		{"§ 8 og 9", "nb", "par:8,9"},
		{"§§ 8-9", "nb", "par:8,9"},
		{"§§ 8–9", "nb", "par:8,9"},
		{"§§ 8 til 10", "nb", "par:8,9,10"},
		{"§§ 8-1 og 8-2", "nb", "par:8-1,8-2"},
		{"paragrafene 8 og 9", "nb", "par:8,9"},
		{"sections 8 and 9", "en", "par:8,9"},
		{"personopplysningsloven § 8", "nb", "par:8@popplyl"},
		{"personopplysningslovens § 8", "nb", "par:8@popplyl"},
		{"§ 8 i personopplysningsloven", "nb", "par:8@popplyl"},
		{"§ 8 i personopplysningslova", "nn", "par:8@popplyl"},
		{"section 8 of the Personal Data Act", "en", "par:8@popplyl"},
		{"forvaltningsloven § 17", "nb", "par:17@fvl"},
		{"fvl. § 17", "nb", "par:17@fvl"},
		{"offentleglova § 13", "nn", "par:13@offl"},
		{"arbeidsmiljøloven § 14-9", "nb", "par:14-9@arbeidsmiljøloven"},
		{"arbeidsmiljølovens § 14-9", "nb", "par:14-9@arbeidsmiljøloven"},
		{"FISA section 702", "en", "par:702@fisa"},
		{"section 702 of FISA", "en", "par:702@fisa"},
		// Chapters, recitals, annexes.
		{"kapittel 3", "nb", "ch:3"},
		{"kap. 3", "nb", "ch:3"},
		{"kapittel III", "nb", "ch:3"},
		{"chapter 3", "en", "ch:3"},
		{"Chapter III", "en", "ch:3"},
		{"Chapter V of the GDPR", "en", "ch:5@gdpr"},
		{"kapittel V i personvernforordningen", "nb", "ch:5@gdpr"},
		{"chapters III and IV", "en", "ch:3,4"},
		{"fortalepunkt 26", "nb", "rec:26"},
		{"betraktning 26", "nb", "rec:26"},
		{"recital 26", "en", "rec:26"},
		{"Recital (26)", "en", "rec:26"},
		{"recitals 26 and 27", "en", "rec:26,27"},
		{"punkt 26 i fortalen", "nb", "rec:26"},
		{"punkt 26 i fortalen til personvernforordningen", "nb", "rec:26@gdpr"},
		{"recital 26 GDPR", "en", "rec:26@gdpr"},
		{"annex II", "en", "annex:2"},
		{"Annex II", "en", "annex:2"},
		{"vedlegg II", "nb", "annex:2"},
		{"vedlegg 2", "nb", "annex:2"},
		{"bilag 2", "nb", "annex:2"},
		{"vedlegg A", "nb", "annex:a"},
		{"Annex IV", "en", "annex:4"},

		// Not (wholly) citations.
		{"", "", ""},
		{"artikkel", "nb", ""},
		{"article", "en", ""},
		{"section", "en", ""},
		{"the next section", "en", ""},
		{"section two", "en", ""},
		{"section II", "en", ""},
		{"§", "nb", ""},
		{"se § 8", "nb", ""},
		{"jf. § 8", "nb", ""},
		{"§ 8 i dag", "nb", ""},
		{"§ 8 gjelder", "nb", ""},
		{"art. 13 eller 14", "nb", ""}, // "or" is not "and"
		{"art. 13 og", "nb", ""},
		{"art. 13.", "nb", ""},
		{"art. 06", "nb", ""},
		{"art. 0", "nb", ""},
		{"§ 08", "nb", ""},
		{"art. 13(1)(a) og (b)", "nb", ""},
		{"art. 13 (a)(1)", "nb", ""}, // levels out of order
		{"art. 13 bokstav a nr. 1", "nb", ""},
		{"art. 13 bokstav a bokstav b", "nb", ""},
		{"art. 6 (GDPR", "en", ""},
		{"Article 6, first subparagraph", "en", ""},
		{"Article 13 GDPR art. 14", "en", ""},
		{"GDPR art. 6 i personvernforordningen", "nb", ""}, // two instruments
		{"Article 13-12", "en", ""},
		{"Articles 1-500", "en", ""},
		{"kapittel C", "nb", ""},
		{"Chapter IIII", "en", ""},
	}
	for _, tt := range tests {
		got, ok := LegalRef(tt.s, tt.lang)
		if want := tt.want != ""; ok != want || got != tt.want {
			t.Errorf("LegalRef(%q, %q) = %q, %v; want %q, %v", tt.s, tt.lang, got, ok, tt.want, want)
		}
	}
}

// TestLegalRefDistinct checks that citations of different provisions get
// different keys.
func TestLegalRefDistinct(t *testing.T) {
	pairs := [][2]string{
		{"art. 13", "art. 14"},
		{"art. 13", "§ 13"},
		{"art. 13", "kapittel 13"},
		{"art. 13", "fortalepunkt 13"},
		{"art. 13(1)", "art. 13(2)"},
		{"art. 13(1)(a)", "art. 13(1)(b)"},
		{"art. 13(1)(a)", "art. 13(1)"},
		{"art. 13 bokstav a", "art. 13(1)(a)"},
		{"§ 8 nr. 2", "§ 8 andre ledd"},
		{"§ 8 a", "§ 8 bokstav a"},
		{"§ 8-9", "§§ 8-9"},
		{"§ 8 første ledd", "§ 8 første punktum"},
		{"art. 6 GDPR", "art. 6"},
		{"art. 6 GDPR", "art. 6 i personopplysningsloven"},
		{"§§ 8 og 9", "§§ 8 og 10"},
		{"vedlegg A", "vedlegg 1"},
	}
	for _, p := range pairs {
		a, okA := LegalRef(p[0], "nb")
		b, okB := LegalRef(p[1], "nb")
		if okA && okB && a == b {
			t.Errorf("LegalRef(%q) == LegalRef(%q) == %q", p[0], p[1], a)
		}
	}
}
