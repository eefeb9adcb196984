package cli

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Help is laid out as git's and the GitHub CLI's: the usage line first,
// then what the command does, its flags, the flags every command takes,
// examples, and where to learn more. The exit codes are listed once, in
// the root help; each command's help points there.

// writeHelp writes c's help to w.
func writeHelp(w io.Writer, c *cobra.Command) {
	var b strings.Builder
	section := func(title, body string) {
		body = strings.TrimRight(body, "\n ")
		if body == "" {
			return
		}
		fmt.Fprintf(&b, "\n%s\n%s\n", title, body)
	}
	fmt.Fprintf(&b, "Usage: %s\n", usageLine(c))
	about := strings.TrimSpace(strings.TrimSuffix(c.Long, exitStatus))
	if about == "" {
		about = c.Short
	}
	b.WriteString("\n" + about + "\n")
	if c.HasAvailableSubCommands() {
		section("Commands:", commandList(c))
	}
	section("Flags:", flagUsages(c.LocalNonPersistentFlags()))
	if c.HasParent() {
		section("Global flags:", globalFlagNames(c))
	} else {
		section("Global flags:", flagUsages(c.PersistentFlags()))
	}
	if c.Example != "" {
		section("Examples:", c.Example)
	}
	if c.HasParent() {
		section("Exit status:", "  0 success, 1 differences found, 2 usage or input error: see 'redline --help'")
	} else {
		section("Exit status:", strings.TrimPrefix(strings.TrimSpace(exitStatus), "EXIT STATUS\n"))
		section("Learn more:", "  Use 'redline help COMMAND' or 'redline COMMAND --help' for more about a command.\n"+
			"  The configuration file: docs/configuration.md.")
	}
	io.WriteString(w, b.String())
}

// usageLine is the command's synopsis: its Use, with the command path
// before it and [flags] after, as cobra writes it.
func usageLine(c *cobra.Command) string {
	if c.HasAvailableSubCommands() && !c.Runnable() {
		return c.CommandPath() + " COMMAND [flags]"
	}
	if !c.HasParent() {
		return c.CommandPath() + " COMMAND [flags]"
	}
	return c.UseLine()
}

// commandList lists the commands a user runs; developer commands
// (eval) and cobra's own are hidden or last.
func commandList(c *cobra.Command) string {
	var b strings.Builder
	width := 0
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() && len(sub.Name()) > width {
			width = len(sub.Name())
		}
	}
	for _, sub := range c.Commands() {
		if !sub.IsAvailableCommand() {
			continue
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", width, sub.Name(), sub.Short)
	}
	return b.String()
}

func flagUsages(fs *pflag.FlagSet) string {
	if fs == nil || !fs.HasAvailableFlags() {
		return ""
	}
	return fs.FlagUsagesWrapped(80)
}

// cobra's own words for a wrong count of arguments.
var (
	argCount = regexp.MustCompile(`^accepts (at most |at least |between )?(\d+)(?: and (\d+))? arg\(s\), received (\d+)$`)
	unknown  = regexp.MustCompile(`^unknown command "(.*)" for "(.*)"$`)
)

// checkedArgs wraps the argument check of c and its subcommands so that a
// wrong count says, in words, what the command takes, with its usage
// line as the hint.
func checkedArgs(c *cobra.Command) {
	for _, sub := range c.Commands() {
		checkedArgs(sub)
	}
	if c.Args == nil {
		return
	}
	check := c.Args
	c.Args = func(cmd *cobra.Command, args []string) error {
		err := check(cmd, args)
		if err == nil {
			return nil
		}
		return &exitError{code: ExitUsage, err: &hinted{
			msg:  argMessage(cmd.Name(), err.Error()),
			hint: "usage: " + usageLine(cmd) + "; see '" + cmd.CommandPath() + " --help'",
		}}
	}
}

// argMessage rewrites cobra's message on a wrong count of arguments.
func argMessage(name, msg string) string {
	if m := argCount.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[2])
		got, _ := strconv.Atoi(m[4])
		want := ""
		switch m[1] {
		case "":
			want = arguments(n)
		case "at most ":
			want = "at most " + arguments(n)
		case "at least ":
			want = "at least " + arguments(n)
		default:
			hi, _ := strconv.Atoi(m[3])
			want = fmt.Sprintf("%d to %s", n, arguments(hi))
		}
		return fmt.Sprintf("%s takes %s, got %d", name, want, got)
	}
	if m := unknown.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s takes no arguments, got %q", name, m[1])
	}
	return msg
}

func arguments(n int) string {
	if n == 0 {
		return "no arguments"
	}
	return plural(n, "argument")
}

// globalFlagNames names the flags every command takes, in one line a
// subcommand's help ends with; the root help explains them.
func globalFlagNames(c *cobra.Command) string {
	var names []string
	c.InheritedFlags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if f.Shorthand != "" {
			names = append(names, "-"+f.Shorthand+"/--"+f.Name)
		} else {
			names = append(names, "--"+f.Name)
		}
	})
	if len(names) == 0 {
		return ""
	}
	var b strings.Builder
	line := " "
	for i, n := range names {
		n += ","
		if i == len(names)-1 {
			n = strings.TrimSuffix(n, ",") + ": see 'redline --help'"
		}
		if len(line)+1+len(n) > 78 {
			b.WriteString(line + "\n")
			line = " "
		}
		line += " " + n
	}
	b.WriteString(line)
	return b.String()
}
