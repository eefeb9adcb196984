package align

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/document"
)

func TestBlocks(t *testing.T) {
	// pSplitA + pSplitB is pTransfe cut in two at "og".
	const (
		pSplitA = "Vi gjør rede for at vi ikke legger opp til å overføre personopplysninger ut av Norge / EU / EØS."
		pSplitB = "Videre gjør vi rede for våre vurderinger om valg av databehandler."
	)
	tests := []struct {
		name     string
		old, new []string
		want     []string
	}{
		{"empty", nil, nil, []string{}},
		{"empty old", nil, []string{pIntro}, []string{"added >0"}},
		{"empty new", []string{pIntro}, nil, []string{"removed 0>"}},
		{
			"equal",
			[]string{"# Sammendrag", pIntro, pPhase},
			[]string{"# Sammendrag", pIntro, pPhase},
			[]string{"equal 0>0", "equal 1>1", "equal 2>2"},
		},
		{
			"reflowed",
			[]string{pIntro, pPhase},
			[]string{strings.Replace(pIntro, " i forbindelse ", "\ni forbindelse ", 1), pPhase},
			[]string{"equal~ 0>0", "equal 1>1"},
		},
		{
			"added in the middle",
			[]string{pIntro, pConcl},
			[]string{pIntro, pSec, pConcl},
			[]string{"equal 0>0", "added >1", "equal 1>2"},
		},
		{
			"removed in the middle",
			[]string{pIntro, pSec, pConcl},
			[]string{pIntro, pConcl},
			[]string{"equal 0>0", "removed 1>", "equal 2>1"},
		},
		{
			"modified",
			[]string{pIntro, pTransfe, pConcl},
			[]string{pIntro, strings.Replace(pTransfe, "vi ikke legger opp til å overføre", "vi kan overføre", 1), pConcl},
			[]string{"equal 0>0", "modified 1>1", "equal 2>2"},
		},
		{
			"modified heading",
			[]string{"## 3.3 Bruk av databehandler", pTransfe},
			[]string{"## 3.3 Bruk av underdatabehandler", pTransfe},
			[]string{"modified 0>0", "equal 1>1"},
		},
		{
			"heading does not pair with paragraph",
			[]string{"## Altinn og skyen", pConcl},
			[]string{"Altinn og skyen", pConcl},
			[]string{"removed 0>", "added >0", "equal 1>1"},
		},
		{
			"moved unchanged",
			[]string{pIntro, pPhase, pCh3, pRights, pSec},
			[]string{pIntro, pCh3, pRights, pSec, pPhase},
			[]string{"equal 0>0", "equal 2>1", "equal 3>2", "equal 4>3", "moved 1>4"},
		},
		{
			"moved and edited",
			[]string{pIntro, pPhase, pCh3, pRights, pSec},
			[]string{pIntro, pCh3, pRights, pSec, strings.Replace(pPhase, "åpen kildekode", "åpen kildekode med MIT-lisens", 1)},
			[]string{"equal 0>0", "equal 2>1", "equal 3>2", "equal 4>3", "moved* 1>4"},
		},
		{
			"split in two",
			[]string{pIntro, pTransfe, pConcl},
			[]string{pIntro, pSplitA, pSplitB, pConcl},
			[]string{"equal 0>0", "split 1>1,2", "equal 2>3"},
		},
		{
			"split in three",
			[]string{pIntro, pCh3 + " " + pTransfe + " " + pRights, pConcl},
			[]string{pIntro, pCh3, pTransfe, pRights, pConcl},
			[]string{"equal 0>0", "split 1>1,2,3", "equal 2>4"},
		},
		{
			"merged",
			[]string{pIntro, pSplitA, pSplitB, pConcl},
			[]string{pIntro, pTransfe, pConcl},
			[]string{"equal 0>0", "merged 1,2>1", "equal 3>2"},
		},
		{
			"modified plus added is not a split",
			[]string{pIntro, pTransfe, pConcl},
			[]string{pIntro, strings.Replace(pTransfe, "valg av", "valget av", 1), pTech, pConcl},
			[]string{"equal 0>0", "modified 1>1", "added >2", "equal 2>3"},
		},
		{
			"removed placed by old position",
			[]string{pIntro, pPhase, pCh3, pConcl},
			[]string{pIntro, pTech, pConcl},
			[]string{"equal 0>0", "removed 1>", "removed 2>", "added >1", "equal 3>2"},
		},
		{
			"duplicates",
			[]string{"---", pIntro, "---", pPhase, "---"},
			[]string{"---", pIntro, "---", "---", pPhase, "---"},
			[]string{"equal 0>0", "equal 1>1", "equal 2>2", "added >3", "equal 3>4", "equal 4>5"},
		},
		{
			"duplicate paragraph removed",
			[]string{pConcl, pConcl, pConcl},
			[]string{pConcl, pConcl},
			[]string{"equal 0>0", "equal 1>1", "removed 2>"},
		},
		{
			"swapped pair",
			[]string{pIntro, pPhase},
			[]string{pPhase, pIntro},
			// Either block can be the anchor; go-diff keeps the later one.
			[]string{"equal 1>0", "moved 0>1"},
		},
		{
			"unrelated replacement",
			[]string{pIntro, pSec, pConcl},
			[]string{pIntro, pVersion, pConcl},
			[]string{"equal 0>0", "removed 1>", "added >1", "equal 2>2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, new := blocks(tt.old...), blocks(tt.new...)
			ops := Blocks(old, new, DefaultOptions())
			if err := checkCoverage(old, new, ops); err != nil {
				t.Fatal(err)
			}
			if got := opStrings(ops); !slices.Equal(got, tt.want) {
				t.Errorf("ops:\n got %q\nwant %q", got, tt.want)
			}
			if err := checkChanges(ops, Changes(old, new, DefaultOptions())); err != nil {
				t.Error(err)
			}
		})
	}
}

// checkChanges checks that Changes gave the ops of Blocks less the Equal
// ones that are not Reflowed.
func checkChanges(blocks, changes []Op) error {
	want := slices.DeleteFunc(slices.Clone(blocks), func(op Op) bool { return op.Kind == Equal && !op.Reflowed })
	if !reflect.DeepEqual(changes, want) {
		return fmt.Errorf("Changes:\n got %q\nwant %q", opStrings(changes), opStrings(want))
	}
	return nil
}

func TestBlocksInline(t *testing.T) {
	old := blocks(pIntro, pTransfe, pConcl)
	new := blocks(pIntro, strings.Replace(pTransfe, "vi ikke legger opp til å overføre", "vi kan overføre", 1), pConcl)
	ops := Blocks(old, new, DefaultOptions())
	op := ops[1]
	if op.Kind != Modified {
		t.Fatalf("op 1 is %s, want modified", opString(op))
	}
	if op.Similarity < 0.5 || op.Similarity >= 1 {
		t.Errorf("similarity %v, want within [0.5, 1)", op.Similarity)
	}
	if err := checkSpans(old[1].Norm, new[1].Norm, op.Inline); err != nil {
		t.Fatal(err)
	}
	want := []Span{{SpanDelete, "ikke legger opp til å"}, {SpanInsert, "kan"}}
	if got := changes(op.Inline); !slices.Equal(got, want) {
		t.Errorf("changes %q, want %q", got, want)
	}
	for _, op := range ops {
		if op.Kind == Equal && op.Inline != nil {
			t.Errorf("equal op %s has inline spans", opString(op))
		}
	}
}

func TestBlocksSplitInline(t *testing.T) {
	old := blocks(pCh3 + " " + pTransfe)
	new := blocks(pCh3, pTransfe)
	ops := Blocks(old, new, DefaultOptions())
	if len(ops) != 1 || ops[0].Kind != Split {
		t.Fatalf("ops %q, want one split", opStrings(ops))
	}
	joined := pCh3 + joinSep + pTransfe
	if err := checkSpans(old[0].Norm, joined, ops[0].Inline); err != nil {
		t.Fatal(err)
	}
	want := []Span{{SpanDelete, " "}, {SpanInsert, "\n\n"}}
	if got := changes(ops[0].Inline); !slices.Equal(got, want) {
		t.Errorf("changes %q, want %q", got, want)
	}
}

// changes returns the non-equal spans.
func changes(spans []Span) []Span {
	var out []Span
	for _, s := range spans {
		if s.Op != SpanEqual {
			out = append(out, s)
		}
	}
	return out
}

func TestBlocksSelfIsEqual(t *testing.T) {
	paras := seedParagraphs(t)
	if paras == nil {
		t.Skip("shared seed " + seedPath + " is absent")
	}
	doc := blocks(append(append([]string{"# Sammendrag"}, paras...), paras[0], "---", "---")...)
	ops := Blocks(doc, doc, DefaultOptions())
	if len(ops) != len(doc) {
		t.Fatalf("%d ops for %d blocks", len(ops), len(doc))
	}
	for k, op := range ops {
		if got, want := opString(op), "equal "+ints([]int{k})+">"+ints([]int{k}); got != want {
			t.Errorf("op %d is %s, want %s", k, got, want)
		}
	}
}

// TestBlocksBudget checks that a region too large for MaxPairs still gives
// a complete, well-formed alignment, pairing by position.
func TestBlocksBudget(t *testing.T) {
	var old, new []document.Block
	for k := range 40 {
		p := pTransfe + " Punkt " + ints([]int{k}) + "."
		old = append(old, blk(p))
		new = append(new, blk(strings.Replace(p, "valg av", "valget av", 1)))
	}
	opt := DefaultOptions()
	opt.MaxPairs = 10
	ops := Blocks(old, new, opt)
	if err := checkCoverage(old, new, ops); err != nil {
		t.Fatal(err)
	}
	for k, op := range ops {
		if op.Kind != Modified || op.Old[0] != k || op.New[0] != k {
			t.Fatalf("op %d is %s, want modified %d>%d", k, opString(op), k, k)
		}
	}
}

func TestBlocksDeterministic(t *testing.T) {
	old := blocks(pIntro, pPhase, pCh3, pTransfe, pRights, pSec, pConcl, pTech)
	new := blocks(pTech, pCh3+" "+pTransfe, pIntro, pRights, strings.Replace(pSec, "Altinn", "Altinn 3", 1), pConcl, pPhase)
	first := opStrings(Blocks(old, new, DefaultOptions()))
	for range 5 {
		if got := opStrings(Blocks(old, new, DefaultOptions())); !slices.Equal(got, first) {
			t.Fatalf("second run %q differs from first %q", got, first)
		}
	}
	if err := checkCoverage(old, new, Blocks(old, new, DefaultOptions())); err != nil {
		t.Fatal(err)
	}
}

// TestBlocksMovedByIndex finds a moved and edited block through shared
// rare words when MaxPairs is too small to compare all leftovers.
func TestBlocksMovedByIndex(t *testing.T) {
	edited := strings.Replace(pPhase, "åpen kildekode", "åpen kildekode med MIT-lisens", 1)
	old := blocks(pIntro, pTech, pCh3, pRights, pSec, pPhase)
	new := blocks(pIntro, edited, pCh3, pRights, pSec, pVersion)
	opt := DefaultOptions()
	opt.MaxPairs = 5
	ops := Blocks(old, new, opt)
	if err := checkCoverage(old, new, ops); err != nil {
		t.Fatal(err)
	}
	want := []string{"equal 0>0", "removed 1>", "moved* 5>1", "equal 2>2", "equal 3>3", "equal 4>4", "added >5"}
	if got := opStrings(ops); !slices.Equal(got, want) {
		t.Errorf("ops:\n got %q\nwant %q", got, want)
	}
}
