package equiv

import "testing"

func TestLaw(t *testing.T) {
	tests := []struct {
		s, want string // want "" when unknown
	}{
		{"GDPR", "gdpr"},
		{"gdpr", "gdpr"},
		{"the GDPR", "gdpr"},
		{"The GDPR", "gdpr"},
		{"GDPR.", "gdpr"},
		{"EU GDPR", "gdpr"},
		{"General Data Protection Regulation", "gdpr"},
		{"the General Data Protection Regulation", "gdpr"},
		{"EU General Data Protection Regulation", "gdpr"},
		{"General Data Protection Regulation (GDPR)", "gdpr"},
		{"personvernforordning", "gdpr"},
		{"personvernforordningen", "gdpr"},
		{"Personvernforordningen", "gdpr"},
		{"personvernforordninga", "gdpr"},
		{"personvernforordningen (GDPR)", "gdpr"},
		{"GDPR (personvernforordningen)", "gdpr"},
		{"EUs personvernforordning", "gdpr"},
		{"EUs personvernforordningen", "gdpr"},
		{"forordning (EU) 2016/679", "gdpr"},
		{"forordning 2016/679", "gdpr"},
		{"Regulation (EU) 2016/679", "gdpr"},
		{"Regulation (EU) 2016/679 (GDPR)", "gdpr"},
		{"europaparlaments- og rådsforordning (EU) 2016/679", "gdpr"},
		{"personopplysningsloven", "popplyl"},
		{"personopplysningslova", "popplyl"},
		{"popplyl", "popplyl"},
		{"popplyl.", "popplyl"},
		{"lov om behandling av personopplysninger", "popplyl"},
		{"lov om behandling av personopplysningar", "popplyl"},
		{"Personal Data Act", "popplyl"},
		{"the Personal Data Act", "popplyl"},
		{"eForvaltningsforskriften", "eforvaltningsforskriften"},
		{"eforvaltningsforskrifta", "eforvaltningsforskriften"},
		{"e-forvaltningsforskriften", "eforvaltningsforskriften"},
		{"forskrift om elektronisk kommunikasjon med og i forvaltningen", "eforvaltningsforskriften"},
		{"forvaltningsloven", "fvl"},
		{"forvaltningslova", "fvl"},
		{"fvl.", "fvl"},
		{"Public Administration Act", "fvl"},
		{"offentleglova", "offl"},
		{"offentlighetsloven", "offl"},
		{"Freedom of Information Act", "offl"},
		{"arkivlova", "arkivl"},
		{"arkivloven", "arkivl"},
		{"Archives Act", "arkivl"},
		{"ePrivacy-direktivet", "eprivacy"},
		{"ePrivacy Directive", "eprivacy"},
		{"Directive 2002/58/EC", "eprivacy"},
		{"direktiv 2002/58/EF", "eprivacy"},
		{"kommunikasjonsverndirektivet", "eprivacy"},
		{"EU-U.S. Data Privacy Framework", "dpf"},
		{"EU–US Data Privacy Framework", "dpf"},
		{"Data Privacy Framework", "dpf"},
		{"DPF", "dpf"},
		{"the DPF", "dpf"},
		{"SCC", "scc"},
		{"SCCs", "scc"},
		{"standard contractual clauses", "scc"},
		{"the standard contractual clauses", "scc"},
		{"Standard Contractual Clauses (SCCs)", "scc"},
		{"standard personvernbestemmelser", "scc"},
		{"EUs standardavtaler", "scc"},
		{"EU-kommisjonens standardavtaler", "scc"},
		{"Schrems II", "schrems2"},
		{"Schrems II-dommen", "schrems2"},
		{"Schrems II-avgjørelsen", "schrems2"},
		{"C-311/18", "schrems2"},
		{"C\u2011311/18", "schrems2"},
		{"the Schrems II judgment", "schrems2"},
		{"Schrems II (C-311/18)", "schrems2"},
		{"CLOUD Act", "cloudact"},
		{"the US CLOUD Act", "cloudact"},
		{"FISA", "fisa"},
		{"Foreign Intelligence Surveillance Act", "fisa"},
		{"EØS-avtalen", "eea"},
		{"EEA Agreement", "eea"},
		{"  GDPR  ", "gdpr"},

		// Unknown, or another instrument.
		{"", ""},
		{"the", ""},
		{"forordningen", ""},
		{"loven", ""},
		{"standardavtalen", ""}, // any standard agreement
		{"standardavtaler", ""},
		{"standardavtale", ""},
		{"Privacy Shield", ""},
		{"ePrivacy Regulation", ""},
		{"Schrems I", ""},
		{"C-311/19", ""},
		{"Regulation (EU) 2016/680", ""},
		{"Directive 2002/58/ECX", ""},
		{"gdpra", ""},
		{"personvernforordningene", ""},
		{"personvernforordningen (fvl)", ""}, // two different laws
		{"personvernforordningen (", ""},
		{"(GDPR", ""},
		{"GDPR og personopplysningsloven", ""},
		{"FISA 702", ""},
	}
	for _, tt := range tests {
		got, ok := Law(tt.s)
		if want := tt.want != ""; ok != want || got != tt.want {
			t.Errorf("Law(%q) = %q, %v; want %q, %v", tt.s, got, ok, tt.want, want)
		}
	}
}

// TestLawIDs checks that every id names its own law and that no two laws
// share a name.
func TestLawIDs(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range laws {
		if seen[l.id] {
			t.Errorf("law id %q twice", l.id)
		}
		seen[l.id] = true
		if got, ok := Law(l.id); !ok || got != l.id {
			t.Errorf("Law(%q) = %q, %v; want the id itself", l.id, got, ok)
		}
		for _, n := range l.names {
			if got, ok := Law(n); !ok || got != l.id {
				t.Errorf("Law(%q) = %q, %v; want %q", n, got, ok, l.id)
			}
		}
	}
}
