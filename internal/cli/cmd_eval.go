package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/config"
	"github.com/digdir/redline/internal/lexicon"
)

type evalOptions struct {
	cases    string // directory of labelled txtar cases ("" = none)
	iterater string // IteraTeR JSON Lines file ("" = none)
}

func newEvalCmd(g *globalOptions) *cobra.Command {
	o := &evalOptions{}
	cmd := &cobra.Command{
		Use:   "eval [--cases DIR] [ITERATER.jsonl]",
		Short: "Measure the classifier on labelled cases and on IteraTeR (a developer command)",
		Long: `Measure the classifier.

With --cases, classify each labelled case (txtar: lang, class, category,
old.md, new.md) and print a confusion table per category and three
figures: substantive recall (target 100%), editorial precision, the share
of editorial verdicts that really are editorial (target 99%), and accuracy
(target 95%).

With an IteraTeR JSON Lines file (fields before_sent, after_sent, labels),
classify each sentence revision and report recall of meaning-changed
(target 0.90) and F1, counting meaning-changed as substantive.

The lexicons in use are listed first: without them fewer edits can be
proven editorial.` + exitStatus,
		Example: `  redline eval --cases internal/classify/testdata/eval ../shared/corpora/iterater-train-dev.jsonl`,
		Hidden:  true,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.parse(args); err != nil {
				return err
			}
			return runEval(cmd.Context(), g, o)
		},
	}
	o.register(cmd)
	return cmd
}

func (o *evalOptions) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.cases, "cases", "", "directory of labelled txtar cases")
}

// parse takes the arguments: at most one IteraTeR file (cobra checks the
// count first, in the same words); there has to be something to measure.
func (o *evalOptions) parse(args []string) error {
	if err := cobra.MaximumNArgs(1)(nil, args); err != nil {
		return err
	}
	if len(args) == 1 {
		o.iterater = args[0]
	}
	if o.cases == "" && o.iterater == "" {
		return &exitError{code: ExitUsage, err: errorf("give --cases DIR, an IteraTeR .jsonl file, or both", "nothing to measure")}
	}
	return nil
}

func runEval(_ context.Context, g *globalOptions, o *evalOptions) error {
	r, err := app.Rules(config.Default())
	if err != nil {
		return err
	}
	out := g.streams.Out
	fmt.Fprint(out, lexiconSummary(r))
	if o.cases != "" {
		cases, err := classify.LoadCases(o.cases)
		if err != nil {
			return &exitError{code: ExitUsage, err: errorf("write cases as described in go doc ./internal/classify LabelledCase", "%v", err)}
		}
		rep, err := classify.EvaluateCases(cases, r)
		if err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
		fmt.Fprintln(out)
		fmt.Fprint(out, rep.String())
	}
	if o.iterater != "" {
		f, err := os.Open(o.iterater)
		if err != nil {
			return &exitError{code: ExitUsage, err: errorf("give the path of an IteraTeR .jsonl file (../shared/corpora/iterater-train-dev.jsonl)", "%v", err)}
		}
		defer f.Close()
		rep, err := classify.Evaluate(f, r)
		if err != nil {
			return &exitError{code: ExitUsage, err: fmt.Errorf("%s: %w", o.iterater, err)}
		}
		fmt.Fprintln(out)
		fmt.Fprint(out, rep.String())
	}
	return nil
}

// lexiconSummary says which lexicons the rules use and how to install
// the ones missing.
func lexiconSummary(r *classify.Rules) string {
	lex := r.Lexicons()
	if lex == nil {
		return "lexicons: none\n"
	}
	s := "lexicons:\n"
	for _, in := range lex.Found() {
		note := ""
		if in.Kind == lexicon.Thesaurus && !r.ThesaurusProves(in.Lang) {
			// Its groups hold opposites and words of one kind too.
			note = "; not a proof of synonymy by itself"
		}
		s += fmt.Sprintf("  %-3s %-10s %s (%s%s)\n", in.Lang, in.Kind, in.Path, in.Licence, note)
	}
	for _, in := range lex.Missing() {
		s += fmt.Sprintf("  %-3s %-10s missing: apt-get install %s\n", in.Lang, in.Kind, in.Package)
	}
	return s
}
