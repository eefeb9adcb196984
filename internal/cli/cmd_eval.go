package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/config"
)

func newEvalCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "eval FILE.jsonl",
		Short: "Measure the classifier on human-annotated sentence revisions",
		Long: `Classify the before/after sentence pairs of an IteraTeR JSON Lines file
(fields before_sent, after_sent, labels) and report precision, recall, F1
and accuracy of the substantive class, counting the label meaning-changed as
substantive and every other label as editorial.` + exitStatus,
		Example: `  redline eval ../shared/corpora/iterater-train-dev.jsonl`,
		Hidden:  false,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return &exitError{code: ExitUsage, err: errorf("give the path of an IteraTeR .jsonl file", "%v", err)}
			}
			defer f.Close()
			r, err := rules(config.Default())
			if err != nil {
				return err
			}
			rep, err := classify.Evaluate(f, r)
			if err != nil {
				return &exitError{code: ExitUsage, err: fmt.Errorf("%s: %w", args[0], err)}
			}
			_, err = fmt.Fprint(g.streams.Out, rep.String())
			return err
		},
	}
}
