package equiv

import "testing"

func TestAcronym(t *testing.T) {
	tests := []struct {
		short, long string
		want        bool
	}{
		{"EØS", "Det europeiske økonomiske samarbeidsområdet", true},
		{"EØS", "europeiske økonomiske samarbeidsområde", true},
		{"DPIA", "Data Protection Impact Assessment", true},
		{"DPIA", "data protection impact assessment", true},
		{"EU", "European Union", true},
		{"EU", "Den europeiske union", true},
		{"E.U.", "European Union", true},
		{"AI", "Altinn Innlogging", true},
		{"GDPR", "General Data Protection Regulation", true},
		{"DPF", "Data Privacy Framework", true},
		{"TADPF", "Trans-Atlantic Data Privacy Framework", true},
		{"SCC", "standard contractual clauses", true},
		{"SCCs", "standard contractual clauses", true},
		{"DoD", "Department of Defense", true},
		{"DD", "Department of Defense", true},
		{"ROS", "risiko- og sårbarhetsanalyse", true},
		{"ROS", "risiko og sårbarhet", true},
		{"FoI", "Freedom of Information", true},
		{"DPO", "Data Protection Officer", true},
		{"NTNU", "Norges teknisk-naturvitenskapelige universitet", true},
		{"PII", "personally identifiable information", true},
		{"ID", "(identity) document", true},

		{"DPIA", "personvernkonsekvensvurdering", false}, // not initials
		{"NAV", "Arbeids- og velferdsetaten", false},
		{"IT", "Altinn Innlogging", false},
		{"EU", "European", false},
		{"EU", "EU", false},
		{"EU", "Union European", false},
		{"EUR", "European Union", false},
		{"E", "European", false},
		{"eu", "European Union", false}, // not capitals
		{"Eu", "European Union", false},
		{"E-U", "European Union", false},
		{"EU2", "European Union 2", false},
		{"GDPR", "General Data Regulation", false},
		{"DPIA", "Data Protection and Impact", false},
		{"SCCS", "standard contractual clause", false},
		{"", "European Union", false},
		{"EU", "", false},
	}
	for _, tt := range tests {
		if got := Acronym(tt.short, tt.long); got != tt.want {
			t.Errorf("Acronym(%q, %q) = %v; want %v", tt.short, tt.long, got, tt.want)
		}
	}
}
