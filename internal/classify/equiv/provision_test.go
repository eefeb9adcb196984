package equiv

import "testing"

func TestProvision(t *testing.T) {
	const popplyl = "lovdata:lov/2018-06-15-38"
	tests := []struct {
		u, instrument, provision string // instrument "" when no provision
	}{
		// Lovdata.
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_gdpr-3#gdpr/a17", "gdpr", "art:17"},
		{"https://lovdata.no/lov/2018-06-15-38/gdpr/a17", "gdpr", "art:17"},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_gdpr-2#gdpr/a6", "gdpr", "art:6"},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_gdpr-3", "gdpr", "ch:3"},
		{"https://lovdata.no/lov/2018-06-15-38/§8", popplyl, "par:8"},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/§8", popplyl, "par:8"},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/%C2%A78", popplyl, "par:8"},
		{"https://www.lovdata.no/dokument/NL/lov/2018-06-15-38/§8/", popplyl, "par:8"},
		{"http://lovdata.no/dokument/NL/lov/2018-06-15-38#§8", popplyl, "par:8"},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_2#§8", popplyl, "par:8"},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38#KAPITTEL_2", popplyl, "ch:2"},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_2", popplyl, "ch:2"},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38#PARAGRAF_8", popplyl, "par:8"},
		{"https://lovdata.no/dokument/NLE/lov/2018-06-15-38/§8", popplyl, "par:8"},
		{"https://lovdata.no/dokument/NL/lov/2005-06-17-62/§14-9", "lovdata:lov/2005-06-17-62", "par:14-9"},
		{"https://lovdata.no/dokument/SF/forskrift/2004-06-25-988/§5", "lovdata:forskrift/2004-06-25-988", "par:5"},
		{"https://lovdata.no/forskrift/2004-06-25-988/§5", "lovdata:forskrift/2004-06-25-988", "par:5"},
		{"https://lovdata.no/dokument/NL/lov/1967-02-10/§17", "lovdata:lov/1967-02-10", "par:17"},
		{"https://lovdata.no/dokument/LTI/lov/2018-06-15-38/§8", "lovdata:lti/lov/2018-06-15-38", "par:8"},
		{"https://lovdata.no/pro/#document/NL/lov/2018-06-15-38/§8", popplyl, "par:8"},
		// EUR-Lex.
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0679#d1e2606-1-1", "gdpr", "frag:en#d1e2606-1-1"},
		{"https://eur-lex.europa.eu/legal-content/NO/TXT/HTML/?uri=CELEX:32016R0679#d1e2606-1-1", "gdpr", "frag:no#d1e2606-1-1"},
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0679#art_17", "gdpr", "art:17"},
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX%3A32016R0679#art_17", "gdpr", "art:17"},
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=celex:32016r0679#rct_26", "gdpr", "rec:26"},
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0679#cpt_III", "gdpr", "ch:3"},
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0679#anx_II", "gdpr", "annex:2"},
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32002L0058#art_5", "eprivacy", "art:5"},
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32021D0914#anx_I", "celex:32021D0914", "annex:1"},
		{"https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_17", "gdpr", "art:17"},
		{"https://eur-lex.europa.eu/eli/reg/2016/679/oj/eng#d1e40-1-1", "gdpr", "frag:eng#d1e40-1-1"},
		{"https://eur-lex.europa.eu/eli/dir/2002/58/oj#art_5", "eprivacy", "art:5"},
		// gdpr-info.eu.
		{"https://gdpr-info.eu/art-17-gdpr/", "gdpr", "art:17"},
		{"https://gdpr-info.eu/art-6-gdpr", "gdpr", "art:6"},
		{"https://gdpr-info.eu/recitals/no-26/", "gdpr", "rec:26"},
		{"https://gdpr-info.eu/chapter-3/", "gdpr", "ch:3"},
		// Any site.
		{"https://example.org/laws/gdpr/article-17", "gdpr", "art:17"},
		{"https://example.org/laws/article-17", "url:example.org/laws", "art:17"},
		{"https://example.org/laws/art-17-gdpr/", "gdpr", "art:17"},
		{"https://example.org/laws/artikkel-17", "url:example.org/laws", "art:17"},
		{"https://example.org/laws/art_17", "url:example.org/laws", "art:17"},
		{"https://example.org/lov/§17", "url:example.org/lov", "par:17"},
		{"https://example.org/lov/paragraf-17", "url:example.org/lov", "par:17"},
		{"https://example.org/doc#art-17", "url:example.org/doc", "art:17"},
		{"https://www.example.org/doc/?v=2#article-17", "url:example.org/doc?v=2", "art:17"},
		{"https://example.org/doc#gdpr/a17", "gdpr", "art:17"},
		{"https://example.org/gdpr/a17", "gdpr", "art:17"},
		{"https://example.org/doc#recital-26", "url:example.org/doc", "rec:26"},

		// No specific provision.
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38", "", ""},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/", "", ""},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38#merknad", "", ""},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/§8#x", "", ""},
		{"https://lovdata.no/dokument/NL/lov/2018-6-15-38/§8", "", ""},
		{"https://lovdata.no/sok?q=personvern", "", ""},
		{"https://lovdata.no/", "", ""},
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0679", "", ""},
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L:2016:119:TOC#art_1", "", ""},
		{"https://eur-lex.europa.eu/homepage.html#art_1", "", ""},
		{"https://gdpr-info.eu/", "", ""},
		{"https://gdpr-info.eu/issues/consent/", "", ""},
		{"https://gdpr-info.eu/art-17-gdpr/#top", "", ""},
		{"https://gdpr-info.eu/art-17-bdsg/", "", ""},
		{"https://example.org/doc#a17", "", ""}, // "a17" only after a law's name
		{"https://example.org/blog/a1", "", ""},
		{"https://example.org/article-17-comments", "", ""},
		{"https://example.org/articles", "", ""},
		{"https://example.org/article-0", "", ""},
		{"https://example.org/", "", ""},
		{"/nb/dpia/art-17", "", ""},
		{"mailto:art-17@example.org", "", ""},
		{"not a url at all %zz", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		inst, prov, ok := Provision(tt.u)
		if want := tt.instrument != ""; ok != want || inst != tt.instrument || prov != tt.provision {
			t.Errorf("Provision(%q) = %q, %q, %v; want %q, %q, %v", tt.u, inst, prov, ok, tt.instrument, tt.provision, want)
		}
	}
}

// TestProvisionLegalRef checks that a link and a citation of the same
// provision meet: the provision keys are LegalRef's and the instruments
// Law's.
func TestProvisionLegalRef(t *testing.T) {
	tests := []struct{ link, citation string }{
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_gdpr-3#gdpr/a17", "artikkel 17 i personvernforordningen"},
		{"https://gdpr-info.eu/art-17-gdpr/", "Article 17 GDPR"},
		{"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0679#art_17", "art. 17 GDPR"},
		{"https://gdpr-info.eu/recitals/no-26/", "recital 26 of the GDPR"},
		{"https://gdpr-info.eu/chapter-5/", "Chapter V GDPR"},
	}
	for _, tt := range tests {
		inst, prov, ok := Provision(tt.link)
		ref, okRef := LegalRef(tt.citation, "")
		if !ok || !okRef || prov+"@"+inst != ref {
			t.Errorf("Provision(%q) = %q, %q, %v; LegalRef(%q) = %q, %v: want the same provision", tt.link, inst, prov, ok, tt.citation, ref, okRef)
		}
	}
}
