package cli

import (
	"strings"
	"testing"
)

// Every command's help starts with its usage line, lists the codes it
// exits with once (in the root help) and points there from the rest.
func TestHelpLayout(t *testing.T) {
	root := run(t, "--help")
	if root.code != ExitOK {
		t.Fatalf("redline --help: %v", root)
	}
	if !strings.HasPrefix(root.out, "Usage: redline COMMAND [flags]\n") {
		t.Errorf("root help does not start with its usage line:\n%s", clip(root.out, 300))
	}
	for _, want := range []string{"Commands:", "Global flags:", "Examples:", "Exit status:", "2  usage or input error", "docs/configuration.md"} {
		if !strings.Contains(root.out, want) {
			t.Errorf("root help lacks %q", want)
		}
	}
	if strings.Contains(root.out, "  eval ") {
		t.Errorf("root help lists the developer command eval:\n%s", root.out)
	}

	for _, name := range []string{"diff", "log", "show", "blame", "changelog", "notes", "check", "serve", "version", "eval"} {
		r := run(t, name, "--help")
		if r.code != ExitOK {
			t.Errorf("%s --help: %v", name, r)
			continue
		}
		if !strings.HasPrefix(r.out, "Usage: redline "+name) {
			t.Errorf("%s --help does not start with its usage line:\n%s", name, clip(r.out, 200))
		}
		if strings.Count(r.out, "usage or input error") != 1 || strings.Contains(r.out, "EXIT STATUS") {
			t.Errorf("%s --help: the exit codes should be one line pointing to 'redline --help':\n%s", name, r.out)
		}
		if !strings.Contains(r.out, "see 'redline --help'") {
			t.Errorf("%s --help does not point to the root help", name)
		}
		// The global flags are named, not explained again.
		if strings.Contains(r.out, "refuse documents larger than") {
			t.Errorf("%s --help repeats the global flags' descriptions", name)
		}
	}
	// help COMMAND is the same text as COMMAND --help.
	if a, b := run(t, "help", "log"), run(t, "log", "--help"); a.out != b.out {
		t.Errorf("'help log' and 'log --help' differ")
	}
}

// A wrong count of arguments says what the command takes and how to call it.
func TestArgumentCountErrors(t *testing.T) {
	for _, tt := range []struct {
		args      []string
		msg, hint string
	}{
		{[]string{"blame"}, "blame takes 1 argument, got 0", "usage: redline blame FILE"},
		{[]string{"notes", "2.5", "2.6"}, "notes takes 1 argument, got 2", "usage: redline notes"},
		{[]string{"changelog", "extra"}, `changelog takes no arguments, got "extra"`, "usage: redline changelog [--out DIR]"},
		{[]string{"version", "x"}, `version takes no arguments, got "x"`, "usage: redline version"},
		{[]string{"eval", "a", "b"}, "eval takes at most 1 argument, got 2", "usage: redline eval"},
	} {
		r := run(t, tt.args...)
		if r.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", tt.args, r.code, ExitUsage)
		}
		if !strings.Contains(r.err, "redline: error: "+tt.msg+"\n") || !strings.Contains(r.err, "hint: "+tt.hint) {
			t.Errorf("%v: stderr\n%s\nwant %q with a hint %q", tt.args, r.err, tt.msg, tt.hint)
		}
	}
}
