package align

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/document"
)

// seedPath is the DPIA summary page shared by the project (relative to
// this package directory).
const seedPath = "../../../shared/seed/dpia-summary.nb.md"

// Paragraphs adapted from the DPIA summary (seedPath), short enough to read
// in a test table.
const (
	pIntro   = "Digitaliseringsdirektoratet (Digdir) har valgt å gjennomføre en vurdering av personvernkonsekvenser (DPIA) i forbindelse med valget av en skytjenesteleverandør for drift av Altinn 3."
	pPhase   = "Altinn er i en overgangsfase fra eksisterende løsning (Altinn II) til en ny versjon som utvikles og driftes i skyen, og er basert på åpen kildekode (Altinn 3)."
	pCh3     = "I [kapittel 3](../about-use-of-cloud) gjør vi rede for enkelte rettslige problemstillinger som i særlig grad gjør seg gjeldende for bruken av skytjenester."
	pTransfe = "Vi gjør rede for at vi ikke legger opp til å overføre personopplysninger ut av Norge / EU / EØS og vi gjør rede for våre vurderinger om valg av databehandler."
	pRights  = "Vi tar for oss de registrertes (brukernes) rettigheter og friheter i [kapittel 4](../privacy-assessments/), og vurderer nødvendigheten og proporsjonaliteten av behandlingene som skjer i Altinn."
	pSec     = "I [kapittel 5](../about-security-in-altinn/) går vi nærmere inn på informasjonssikkerheten i Altinn, risikoer, og hva slags tiltak vi foretar oss i Altinn for å redusere risikoene."
	pConcl   = "Digdir vil fortsette å gjøre løpende vurderinger av risiko, informasjonssikkerhet og personvernkonsekvenser for Altinn."
	pTech    = "Vi vil holde oss oppdaterte på trusselbildet og fremveksten av ny teknologi, og vil fortsette å jobbe for en ansvarlig og trygg digitalisering av Norge."
	pVersion = "Denne versjonen er oppdatert som følge av adekvansbeslutningen datert 10. juli 2023 som gjelder for overføring av personopplysninger mellom EU/EØS og USA."
)

// blk builds a block the way document.Parse would fill the fields Blocks
// reads: Kind from a leading "# " or "- ", Norm with whitespace collapsed,
// Plain roughly stripped of markup.
func blk(text string) document.Block {
	kind, level := document.Paragraph, 0
	switch {
	case strings.HasPrefix(text, "#"):
		kind = document.Heading
		level = len(text) - len(strings.TrimLeft(text, "#"))
	case strings.HasPrefix(text, "- "):
		kind, level = document.ListItem, 1
	case strings.HasPrefix(text, "```"):
		kind = document.Code
	case text == "---":
		kind = document.Rule
	}
	norm := strings.Join(strings.Fields(text), " ")
	plain := strings.NewReplacer("**", "", "_", "", "[", "", "]", "", "# ", "").Replace(norm)
	return document.Block{Kind: kind, Level: level, Text: text, Norm: norm, Plain: plain}
}

func blocks(texts ...string) []document.Block {
	bs := make([]document.Block, len(texts))
	for k, t := range texts {
		bs[k] = blk(t)
	}
	return bs
}

// opString is a compact form of an op for test tables: "equal 0>0",
// "equal~ 1>1" (reflowed), "moved* 2>0" (edited), "split 1>1,2",
// "added >3", "removed 2>".
func opString(op Op) string {
	k := string(op.Kind)
	if op.Reflowed {
		k += "~"
	}
	if op.Edited {
		k += "*"
	}
	return fmt.Sprintf("%s %s>%s", k, ints(op.Old), ints(op.New))
}

func ints(xs []int) string {
	s := make([]string, len(xs))
	for k, x := range xs {
		s[k] = fmt.Sprint(x)
	}
	return strings.Join(s, ",")
}

func opStrings(ops []Op) []string {
	out := make([]string, len(ops))
	for k, op := range ops {
		out[k] = opString(op)
	}
	return out
}

// checkCoverage reports an error unless every old and new index appears in
// exactly one op and each op has the shape its kind promises.
func checkCoverage(old, new []document.Block, ops []Op) error {
	seenOld := make([]int, len(old))
	seenNew := make([]int, len(new))
	for _, op := range ops {
		no, nn := len(op.Old), len(op.New)
		ok := false
		switch op.Kind {
		case Equal, Modified, Moved:
			ok = no == 1 && nn == 1
		case Added:
			ok = no == 0 && nn == 1
		case Removed:
			ok = no == 1 && nn == 0
		case Split:
			ok = no == 1 && nn >= 2
		case Merged:
			ok = no >= 2 && nn == 1
		}
		if !ok {
			return fmt.Errorf("op %s has the wrong shape", opString(op))
		}
		for _, i := range op.Old {
			if i < 0 || i >= len(old) {
				return fmt.Errorf("op %s: old index out of range", opString(op))
			}
			seenOld[i]++
		}
		for _, j := range op.New {
			if j < 0 || j >= len(new) {
				return fmt.Errorf("op %s: new index out of range", opString(op))
			}
			seenNew[j]++
		}
		if op.Kind == Equal && old[op.Old[0]].Norm != new[op.New[0]].Norm {
			return fmt.Errorf("op %s: equal blocks differ", opString(op))
		}
		if op.Kind == Moved && !op.Edited && old[op.Old[0]].Norm != new[op.New[0]].Norm {
			return fmt.Errorf("op %s: unedited move changed the text", opString(op))
		}
	}
	for i, n := range seenOld {
		if n != 1 {
			return fmt.Errorf("old block %d appears in %d ops", i, n)
		}
	}
	for j, n := range seenNew {
		if n != 1 {
			return fmt.Errorf("new block %d appears in %d ops", j, n)
		}
	}
	// Ops with a new block follow the new document's order.
	last := -1
	for _, op := range ops {
		if len(op.New) == 0 {
			continue
		}
		if op.New[0] < last {
			return fmt.Errorf("op %s is out of new-document order", opString(op))
		}
		last = op.New[len(op.New)-1]
	}
	return nil
}

// checkSpans reports an error unless the spans rebuild both texts.
func checkSpans(old, new string, spans []Span) error {
	var o, n strings.Builder
	for k, s := range spans {
		if s.Text == "" {
			return fmt.Errorf("span %d is empty", k)
		}
		if k > 0 && spans[k-1].Op == s.Op {
			return fmt.Errorf("spans %d and %d have the same op %s", k-1, k, s.Op)
		}
		switch s.Op {
		case SpanEqual:
			o.WriteString(s.Text)
			n.WriteString(s.Text)
		case SpanDelete:
			o.WriteString(s.Text)
		case SpanInsert:
			n.WriteString(s.Text)
		default:
			return fmt.Errorf("span %d has op %q", k, s.Op)
		}
	}
	if o.String() != old {
		return fmt.Errorf("equal+delete spans give %q, want %q", o.String(), old)
	}
	if n.String() != new {
		return fmt.Errorf("equal+insert spans give %q, want %q", n.String(), new)
	}
	return nil
}

// seedParagraphs returns the body paragraphs of the seed page with their
// whitespace collapsed, or nil when the shared seed is absent.
func seedParagraphs(tb testing.TB) []string {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		return nil
	}
	body := string(data)
	if strings.HasPrefix(body, "---\n") {
		if k := strings.Index(body[4:], "\n---\n"); k >= 0 {
			body = body[4+k+5:]
		}
	}
	var out []string
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}
