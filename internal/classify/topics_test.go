package classify

import (
	"slices"
	"testing"
)

// topicsByRegexp is topicsOf without the literal prefilter: the reference
// the prefilter must agree with.
func topicsByRegexp(r *Rules, texts ...string) []string {
	var out []string
	for _, t := range r.topicKeys {
		for _, s := range texts {
			if s != "" && r.topicRe[t].MatchString(s) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

func TestTopicsPrefilterAgreesWithRegexp(t *testing.T) {
	r := Default()
	if err := r.Extend(Extension{Topics: map[string][]string{
		"kelvin":   {"kilo*"},
		"wildcard": {"*behandl* grunn*"},
		"longs":    {"soft"},
	}}); err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"",
		"Ingen emner her.",
		"Behandlingsgrunnlaget er artikkel 6.",
		"BEHANDLINGSGRUNNLAGET ER ARTIKKEL 6.",
		"SCHREMS\tII-dommen",
		"Schrems III er ikke et tema",
		"\u212Ailogram", // Kelvin sign: folds to k
		"\u017Foft",     // long s: folds to s
		"overføring\nav  personopplysninger",
		"OVERFØRING AV PERSONOPPLYSNINGER", // Ø folds to ø
		"underbehandlet grunnlag",
		"invalid \xff utf-8 scc",
		"sccs-avtale",
		"tia.",
		"entia",
		"software",    // "soft" needs a word boundary after it
		"xsoft",       // and before it
		"a\u0345soft", // U+0345 is a mark, a boundary, though it folds to a letter
		"soft\u0345",
		"ikilogram",             // "kilo*" needs a boundary before, not after
		"soft soft-ware softa",  // a second occurrence may be the bounded one
		"kilo\u0345 x\u212Ailo", // a one-word pattern is decided without the regexp
		"\u0345kilo-gram",
		"ß soft\xff",
	}
	for _, a := range texts {
		for _, b := range texts {
			got, want := r.topicsOf(a, b), topicsByRegexp(r, a, b)
			if !slices.Equal(got, want) {
				t.Errorf("topicsOf(%q, %q) = %v, the regexps alone give %v", a, b, got, want)
			}
		}
	}
	// The cases above must exercise the prefilter's both outcomes.
	if got := r.topicsOf("\u212Ailogram \u017Foft"); !slices.Equal(got, []string{"kelvin", "longs"}) {
		t.Errorf("case folding: got %v, want [kelvin longs]", got)
	}
}

func TestCaseFoldKey(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"Kilo", "\u212Ailo"},
		{"soft", "\u017Foft"},
		{"Åre", "\u212Bre"}, // Angstrom sign
		{"æøå", "ÆØÅ"},
	} {
		if caseFoldKey(tc.a) != caseFoldKey(tc.b) {
			t.Errorf("caseFoldKey(%q) = %q, caseFoldKey(%q) = %q: want equal", tc.a, caseFoldKey(tc.a), tc.b, caseFoldKey(tc.b))
		}
	}
	if caseFoldKey("a") == caseFoldKey("b") {
		t.Error("caseFoldKey maps a and b to the same key")
	}
}

func TestTopicLitBoundaries(t *testing.T) {
	for _, tc := range []struct {
		pattern, text string
		want          bool
	}{
		{"soft", "soft", true},
		{"soft", "software", false},
		{"soft", "xsoft", false},
		{"soft", "x-soft.", true},
		{"soft", "softsoft soft", true},
		{"soft*", "software", true},
		{"*soft", "xsoft", true},
		{"*soft", "softx", false},
		{"overføring av personopplysninger", "personopplysningene", false},
		{"overføring av personopplysninger", "PERSONOPPLYSNINGER.", true},
		{"soft", "a\u0345soft", true}, // may match: the regexp decides
	} {
		l := patternLiteral(tc.pattern)
		if got := l.in(caseFoldKey(tc.text)); got != tc.want {
			t.Errorf("literal of %q in %q: got %v, want %v", tc.pattern, tc.text, got, tc.want)
		}
	}
}

func FuzzTopicsPrefilter(f *testing.F) {
	for _, s := range []string{"Behandlingsgrunnlaget", "soft\u0345ware", "SCHREMS II", "tia. entia", "\u212Ailo"} {
		f.Add(s)
	}
	r := Default()
	if err := r.Extend(Extension{Topics: map[string][]string{"longs": {"soft"}, "kelvin": {"kilo*"}}}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := r.topicsOf(s), topicsByRegexp(r, s); !slices.Equal(got, want) {
			t.Fatalf("topicsOf(%q) = %v, the regexps alone give %v", s, got, want)
		}
	})
}
