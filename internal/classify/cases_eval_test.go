package classify

import (
	"testing"
)

// TestLabelledCases holds the classifier to the promise on the labelled
// cases of testdata/eval: no substantive case called editorial, at least
// 99% of editorial verdicts right, and, where the lexicons that proofs
// rest on are installed, 95% of all cases right. Without a lexicon fewer
// edits are proven editorial, so recall and precision hold anywhere.
func TestLabelledCases(t *testing.T) {
	testLabelled(t, "testdata/eval", 250)
}

// TestHoldoutCases runs the second set, written apart from the first and
// from the rules by another hand: the check that the rules hold on text
// they were not written for.
func TestHoldoutCases(t *testing.T) {
	testLabelled(t, "testdata/holdout", 100)
}

func testLabelled(t *testing.T, dir string, least int) {
	cases, err := LoadCases(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < least {
		t.Errorf("%d labelled cases, want at least %d", len(cases), least)
	}
	r := Default()
	rep, err := EvaluateCases(cases, r)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + rep.String())
	if rep.SubstantiveRecall < 1 {
		t.Errorf("substantive recall %.3f, want 1: a substantive case was called editorial", rep.SubstantiveRecall)
	}
	if rep.EditorialPrecision < 0.99 {
		t.Errorf("editorial precision %.3f, want >= 0.99", rep.EditorialPrecision)
	}
	lex := r.Lexicons()
	if lex == nil || len(lex.Missing()) > 0 {
		t.Logf("accuracy %.3f not checked: lexicons missing (install hunspell-no hunspell-en-us mythes-no wordnet)", rep.Accuracy)
		return
	}
	if rep.Accuracy < 0.95 {
		t.Errorf("accuracy %.3f, want >= 0.95", rep.Accuracy)
	}
}
