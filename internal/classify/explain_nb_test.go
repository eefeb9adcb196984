package classify

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/document"
)

// reasonConstants reads the Reason* constants from pair.go, so that a
// reason added there without a bokmål phrase fails TestReasonPhrasesNB
// rather than slipping into Norwegian pages in English.
func reasonConstants(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(gotoken.NewFileSet(), "pair.go", nil, 0)
	if err != nil {
		t.Fatalf("cannot parse pair.go: %v", err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != gotoken.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "Reason") || i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == gotoken.STRING {
					v, _ := strconv.Unquote(lit.Value)
					out[name.Name] = v
				}
			}
		}
	}
	if len(out) < 20 {
		t.Fatalf("found %d reason constants in pair.go, want the whole list", len(out))
	}
	return out
}

func TestReasonPhrasesNB(t *testing.T) {
	for name, reason := range reasonConstants(t) {
		phrase := reasonPhrasesNB[reason]
		if phrase == "" {
			t.Errorf("%s (%q) has no bokmål phrase in reasonPhrasesNB", name, reason)
			continue
		}
		if en := reasonPhrases[reason]; en != "" && phrase == en {
			t.Errorf("%s: the bokmål phrase is the English one, %q", name, en)
		}
		class := Editorial
		if substantiveReasons[reason] {
			class = Substantive
		}
		got := explainNB(class, map[string]string{reason: ""})
		if want := classWordsNB[class] + ": "; !strings.HasPrefix(got, want) {
			t.Errorf("explainNB(%s) = %q, want it to start with %q", reason, got, want)
		}
	}
}

// TestPairNB checks the bokmål sentence Pair's analysis writes beside the
// English one: the same reason and evidence, Norwegian words around them.
func TestPairNB(t *testing.T) {
	r := Default()
	for _, tc := range []struct {
		name, old, new string
		en, nb         string
	}{
		{"link target", "I [kapittel 1](http://docs.altinn.studio/nb/dpia/introduction) skriver vi mer.", "I [kapittel 1](https://docs.altinn.studio/nb/dpia/introduction/) skriver vi mer.",
			"editorial: only the link target changed, to the same resource: http://docs.altinn.studio/nb/dpia/introduction -> https://docs.altinn.studio/nb/dpia/introduction/",
			"redaksjonell: bare lenkemålet ble endret, til samme ressurs: http://docs.altinn.studio/nb/dpia/introduction -> https://docs.altinn.studio/nb/dpia/introduction/"},
		{"link destination", "I [kapittel 1](../introduction) skriver vi mer.", "I [kapittel 1](../conclusion) skriver vi mer.",
			"substantive: a link now points to another resource: ../introduction -> ../conclusion",
			"vesentlig: en lenke peker nå til en annen ressurs: ../introduction -> ../conclusion"},
		{"article number", "Databehandleravtalen oppfyller kravene i artikkel 28.", "Databehandleravtalen oppfyller kravene i artikkel 26.",
			"substantive: the legal reference changed: artikkel 28 -> artikkel 26",
			"vesentlig: lovhenvisningen ble endret: artikkel 28 -> artikkel 26"},
		{"negation and modal", "Digdir skal ikke overføre personopplysninger ut av EØS.", "Digdir kan overføre personopplysninger ut av EØS.",
			"substantive: a negation changed: skal ikke -> kan; also: the modal verb changed",
			"vesentlig: en nektelse ble endret: skal ikke -> kan; også: modalverbet ble endret"},
		{"whole paragraph added", "", "Digdir vil fortsette å gjøre løpende vurderinger av risiko.",
			"substantive: a paragraph was added (9 words)",
			"vesentlig: et avsnitt ble lagt til (9 ord)"},
		{"whole paragraph removed", "Ett ord.", "",
			"substantive: a paragraph was removed (2 words)",
			"vesentlig: et avsnitt ble fjernet (2 ord)"},
		{"reflow", "Altinn er en\nplattform for tjenester.", "Altinn er en plattform\nfor tjenester.",
			"editorial: reflowed; the words are unchanged",
			"redaksjonell: linjene er brutt om; ordene er uendret"},
		{"same", "Uendret.", "Uendret.", "none: no change", "ingen: ingen endring"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := r.analyse(tc.old, tc.new, "nb", "")
			if a.explanation != tc.en {
				t.Errorf("English = %q, want %q", a.explanation, tc.en)
			}
			if a.nb != tc.nb {
				t.Errorf("bokmål = %q, want %q", a.nb, tc.nb)
			}
		})
	}
}

func TestEvidenceNB(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"a" -> "b"`, `"a" -> "b"`},
		{"Ny setning her (3 words)", "Ny setning her (3 ord)"},
		{"Ny (1 word)", "Ny (1 ord)"},
		{"(nothing) -> ny", "(ingenting) -> ny"},
		{"gammel -> (nothing)", "gammel -> (ingenting)"},
		{"a paragraph was removed (1 word)", "et avsnitt ble fjernet (1 ord)"},
		// Quoted text in the middle is the document's own and stays.
		{"(3 words) in the middle", "(3 words) in the middle"},
	} {
		if got := evidenceNB(tc.in); got != tc.want {
			t.Errorf("evidenceNB(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestDocumentExplanationsNB checks that Document fills Explanations["nb"]
// for every change, the block and front matter sentences included.
func TestDocumentExplanationsNB(t *testing.T) {
	r := Default()
	parse := func(src string) *document.Document {
		d, err := document.Parse("x.nb.md", []byte(src), document.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	old := parse("---\ntitle: Gammel\n---\n\n# Innledning\n\nDigdir lagrer logger i 30 dager.\n")
	new := parse("---\ntitle: Ny tittel\n---\n\n# Innledning\n\nDigdir lagrer logger i 90 dager.\n\n- Et nytt punkt i lista\n")
	ops := align.Blocks(old.Blocks, new.Blocks, align.Options{})
	dd := r.Document(old, new, ops)
	if len(dd.Changes) == 0 {
		t.Fatal("no changes")
	}
	for _, c := range dd.Changes {
		nb := c.Explanations["nb"]
		if nb == "" || nb == c.Explanation {
			t.Errorf("%s change %q: bokmål explanation %q", c.Op, c.Explanation, nb)
			continue
		}
		if !strings.HasPrefix(nb, classWordsNB[c.Class]+": ") {
			t.Errorf("%q does not start with the class %s in bokmål", nb, c.Class)
		}
	}
}
