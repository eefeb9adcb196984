package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/release"
)

type checkOptions struct {
	strict bool
}

func (o *checkOptions) register(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&o.strict, "strict", false, "exit 1 when there are warnings")
}

// parse takes the arguments: none (cobra refuses any first).
func (o *checkOptions) parse(args []string) error { return noArgs("check", args) }

func newCheckCmd(g *globalOptions) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check [--strict]",
		Short: "Check the configuration, the versions file and translation sync",
		Long: `Read the configuration and versions file, walk and classify the history, and
report the lexicons found (dictionaries and thesauri that editorial proofs
rest on, and how to install those missing) and warnings: sections changed in substance in one language whose
counterpart page in the other language did not keep up, documents that
could not be read, overrides that match no change and malformed trailers.
With --strict, warnings make redline exit 1.` + exitStatus,
		Example: `  redline check
  redline check --strict     # in CI`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.parse(args); err != nil {
				return err
			}
			return runCheck(cmd.Context(), g, o)
		},
	}
	o.register(cmd)
	return cmd
}

func runCheck(ctx context.Context, g *globalOptions, o *checkOptions) error {
	return withChangelog(ctx, g, func(a *app.App, cl *release.Changelog) error {
		// Proofs rest on these: without one, what it would prove
		// is substantive.
		fmt.Fprint(g.streams.Out, lexiconSummary(a.Rules()))
		for _, w := range cl.Warnings {
			fmt.Fprintf(g.streams.Out, "warning: %s: %s\n", w.Version, w.Message)
		}
		// Skipped documents, stale overrides and malformed trailers were
		// warned about while the history was read: they count too.
		n := len(cl.Warnings) + a.Warnings()
		fmt.Fprintf(g.streams.Err, "redline: %s, %s\n", plural(len(cl.Versions), "version"), plural(n, "warning"))
		if o.strict && n > 0 {
			return status(ExitChanges)
		}
		return nil
	})
}

// noArgs refuses arguments to a command that takes none, in the words
// the command's declared check (cobra.NoArgs, through checkedArgs) uses.
func noArgs(path string, args []string) error {
	if len(args) > 0 {
		return &exitError{code: ExitUsage, err: &hinted{
			msg:  argMessage(path, fmt.Sprintf("unknown command %q for %q", args[0], "redline "+path)),
			hint: "see 'redline " + path + " --help'",
		}}
	}
	return nil
}
