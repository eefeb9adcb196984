package cli

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/digdir/redline/internal/app"
)

// Shell completion: the scripts `redline completion bash|zsh|fish|
// powershell` writes call the hidden `redline __complete ARGS... WORD`,
// which answers through the functions registered here. They read refs,
// the versions file, tags and HEAD's tree, never the history, so that an
// answer comes back at once; they print nothing of their own, and on any
// trouble offer nothing (or leave the shell to complete file names where
// a file may go). --repo/-C and --config given earlier on the line are
// parsed by cobra before they run, so they read that repository.

// Values of the flags that take one of a few words, with what each means.
var (
	diffFormats = []string{"text\tthe terminal view", "json\tthe JSON contract", "markdown\ta pull-request comment"}
	logFormats  = []string{"text\tthe terminal view", "json\tthe JSON contract"}
	classes     = []string{"substantive\tchanges in substance", "editorial\tchanges proven editorial"}
	colorModes  = []string{"auto\ton a terminal, unless NO_COLOR is set", "always", "never"}
)

// addCompletion makes `redline __complete` answer for each command's
// arguments and flags, finding the commands by name. What it registers,
// it registers only when __complete runs (its parents' hooks run before
// it): cobra keeps flag completions in a map for the life of the
// process, which would otherwise hold on to every command line run in it.
func addCompletion(root *cobra.Command, g *globalOptions) {
	c := &completer{g: g}
	pre := root.PersistentPreRunE
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if cmd.Name() == cobra.ShellCompRequestCmd {
			c.register(root)
			// cobra parses the line once with a "--" added, and pflag
			// keeps the place of that "--" when the second parse has
			// none: ArgsLenAtDash cannot tell `show HEAD <TAB>` from
			// `show HEAD -- <TAB>`. The line can; __complete takes it
			// unparsed.
			if len(args) > 0 {
				c.line = args[:len(args)-1] // the last is the word completed
			}
		}
		if pre != nil {
			return pre(cmd, args)
		}
		return nil
	}
}

// register sets the completion of root's commands and flags.
func (c *completer) register(root *cobra.Command) {
	complete(root, "color", fixed(colorModes))
	complete(root, "repo", dirs)
	complete(root, "cache-dir", dirs)
	complete(root, "config", fileExt("yaml", "yml"))
	for _, cmd := range root.Commands() {
		switch cmd.Name() {
		case "diff":
			cmd.ValidArgsFunction = c.diffArgs
			complete(cmd, "format", fixed(diffFormats))
		case "show":
			cmd.ValidArgsFunction = c.showArgs
			complete(cmd, "format", fixed(diffFormats))
		case "log":
			cmd.ValidArgsFunction = c.logArgs
			complete(cmd, "format", fixed(logFormats))
			complete(cmd, "class", fixed(classes))
			complete(cmd, "since", c.bound)
			complete(cmd, "until", c.bound)
		case "blame":
			cmd.ValidArgsFunction = c.blameArgs
			complete(cmd, "format", fixed(logFormats))
			complete(cmd, "rev", c.blameRev)
		case "notes":
			cmd.ValidArgsFunction = c.notesArgs
			complete(cmd, "lang", c.languages)
		case "serve":
			cmd.ValidArgsFunction = c.serveArgs
		case "changelog":
			cmd.ValidArgsFunction = cobra.NoFileCompletions
			complete(cmd, "out", dirs)
		case "eval":
			cmd.ValidArgsFunction = fileExt("jsonl")
			complete(cmd, "cases", dirs)
		case "check", "version":
			cmd.ValidArgsFunction = cobra.NoFileCompletions
		}
		noFileFlags(cmd, cmd.Flags())
	}
	noFileFlags(root, root.PersistentFlags())
}

// complete registers fn for a flag of cmd, if cmd has it.
func complete(cmd *cobra.Command, flag string, fn cobra.CompletionFunc) {
	if cmd.Flags().Lookup(flag) == nil && cmd.PersistentFlags().Lookup(flag) == nil {
		return
	}
	_ = cmd.RegisterFlagCompletionFunc(flag, fn) // only fails for a flag registered twice
}

// noFileFlags stops the shell from offering file names for the flags of
// fs that take a value and complete nothing else: counts, sizes,
// addresses, patterns.
func noFileFlags(cmd *cobra.Command, fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.NoOptDefVal != "" {
			return // a boolean: no value to complete
		}
		if _, ok := cmd.GetFlagCompletionFunc(f.Name); !ok {
			_ = cmd.RegisterFlagCompletionFunc(f.Name, cobra.NoFileCompletions)
		}
	})
}

// fixed offers the words that start with what is typed.
func fixed(words []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, w := range words {
			if strings.HasPrefix(w, toComplete) {
				out = append(out, w)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// dirs leaves the shell to complete directory names.
func dirs(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// fileExt leaves the shell to complete the names of files with one of
// the extensions (and of directories).
func fileExt(exts ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
}

// completer answers for the commands that read a repository: the one
// --repo and --config name, as parsed when the answer is asked for.
type completer struct {
	g    *globalOptions
	line []string // the words before the one completed
}

// open opens what the answers are read from; nil when it cannot be read.
func (c *completer) open() *app.Names {
	n, err := app.OpenNames(app.Options{Repo: c.g.repo, ConfigFile: c.g.configFile})
	if err != nil {
		return nil
	}
	return n
}

// A what says which names stand for a revision where one is completed.
type what struct {
	refs       bool // HEAD, branches, remote branches, tags
	versions   bool // version ids that have a revision
	historical bool // and those that predate the history
	unreleased bool // and "unreleased"
	ranges     bool // A..B: the part after ".." is completed
}

var (
	revision = what{refs: true, versions: true}
	rangeOf  = what{refs: true, versions: true, ranges: true}
)

// names completes a revision, version or range.
func (c *completer) names(w what, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	n := c.open()
	if n == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer n.Close()
	return namesIn(n, w, toComplete), cobra.ShellCompDirectiveNoFileComp
}

// namesIn offers the names of w that start with what is typed (in a
// range, with what is typed after its ".."), each once.
func namesIn(n *app.Names, w what, toComplete string) []cobra.Completion {
	var before string
	if w.ranges {
		if i := strings.Index(toComplete, ".."); i >= 0 {
			before, toComplete = toComplete[:i+2], toComplete[i+2:]
		}
	}
	var cands []app.Candidate
	if w.refs {
		refs, _ := n.Refs()
		cands = append(cands, refs...)
	}
	if w.versions {
		versions, _ := n.Versions(w.historical)
		cands = append(cands, versions...)
	}
	if w.unreleased {
		cands = append(cands, app.Candidate{Word: "unreleased", About: "the changes since the last version"})
	}
	var out []cobra.Completion
	seen := map[string]bool{}
	for _, cand := range cands {
		if seen[cand.Word] || !strings.HasPrefix(cand.Word, toComplete) || !safeWord(cand.Word) || strings.HasPrefix(cand.Word, "-") {
			continue
		}
		seen[cand.Word] = true
		out = append(out, withAbout(before+cand.Word, cand.About))
	}
	return out
}

// documents completes a tracked document at rev, a folder at a time, and
// leaves out those already given.
func (c *completer) documents(rev string, given []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	words, directive, _ := c.documentsAt(rev, given, toComplete)
	return words, directive
}

// documentsAt is documents, and whether the documents could be read.
func (c *completer) documentsAt(rev string, given []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective, bool) {
	n := c.open()
	if n == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp, false
	}
	defer n.Close()
	docs, err := n.Documents(rev)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp, false
	}
	var left []string
	for _, d := range docs {
		if !slices.Contains(given, d) && safeWord(d) {
			left = append(left, d)
		}
	}
	words, folder := pathSteps(left, toComplete)
	if folder {
		return words, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace, true
	}
	return words, cobra.ShellCompDirectiveNoFileComp, true
}

// pathSteps offers the paths that start with prefix as git offers them:
// up to the next folder when the rest of a path has one (folder is then
// true), the path itself otherwise. A single folder is stepped into, so
// that one key press reaches the first place where the paths part.
func pathSteps(paths []string, prefix string) (words []string, folder bool) {
	for {
		words, folder = nil, false
		seen := map[string]bool{}
		for _, p := range paths {
			rest, ok := strings.CutPrefix(p, prefix)
			if !ok {
				continue
			}
			w := p
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				w, folder = prefix+rest[:i+1], true
			}
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
		if len(words) != 1 || !strings.HasSuffix(words[0], "/") || words[0] == prefix {
			return words, folder
		}
		prefix = words[0]
	}
}

// safeWord says whether a word from the repository can be handed to the
// shell: nothing that would end a line of the answer, or move the
// terminal's cursor.
func safeWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			return false
		}
	}
	return true
}

// withAbout puts a description after a word, on one line and short: it
// may come from the versions file, which nobody has vetted.
func withAbout(word, about string) cobra.Completion {
	about = oneLine(about)
	if about == "" {
		return word
	}
	if r := []rune(about); len(r) > 60 {
		about = string(r[:59]) + "…"
	}
	return cobra.CompletionWithDesc(word, about)
}

// afterDash splits the arguments at `--`: those before it, those after
// it, and whether the word completed comes after one.
func (c *completer) afterDash(cmd *cobra.Command, args []string) (before, paths []string, dashed bool) {
	if !slices.Contains(c.line, "--") {
		return args, nil, false
	}
	before, paths = splitDash(args, cmd.ArgsLenAtDash())
	return before, paths, true
}

// diffArgs: OLD NEW | REV-A REV-B | REV, then -- PATH.... Files may
// stand where revisions do, so the shell completes file names when no
// revision matches what is typed.
func (c *completer) diffArgs(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	before, paths, dashed := c.afterDash(cmd, args)
	switch {
	case dashed:
		return c.documents("", paths, toComplete)
	case len(before) >= 2:
		return nil, cobra.ShellCompDirectiveNoFileComp
	case len(before) == 1 && looksLikeFile(before[0]):
		return nil, cobra.ShellCompDirectiveDefault // the other file
	}
	words, _ := c.names(revision, toComplete)
	return words, cobra.ShellCompDirectiveDefault
}

// showArgs: REV, then -- PATH....
func (c *completer) showArgs(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.nameThenPaths(revision, cmd, args, toComplete)
}

// logArgs: [REV-RANGE], then -- PATH....
func (c *completer) logArgs(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.nameThenPaths(rangeOf, cmd, args, toComplete)
}

// nameThenPaths completes one name of w, then -- PATH....
func (c *completer) nameThenPaths(w what, cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	before, paths, dashed := c.afterDash(cmd, args)
	switch {
	case dashed:
		return c.documents("", paths, toComplete)
	case len(before) > 0:
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return c.names(w, toComplete)
}

// bound: --since and --until take a date, a version id (those before the
// history too: they have a date) or a revision.
func (c *completer) bound(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.names(what{refs: true, versions: true, historical: true}, toComplete)
}

// blameArgs: FILE, a tracked document at --rev. When none matches (or
// the repository cannot be read), the shell completes file names.
func (c *completer) blameArgs(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	rev := "HEAD"
	if f := cmd.Flags().Lookup("rev"); f != nil {
		rev = f.Value.String()
	}
	words, directive, ok := c.documentsAt(rev, nil, toComplete)
	if !ok || len(words) == 0 {
		return nil, cobra.ShellCompDirectiveDefault // blame takes a path in the work tree too
	}
	return words, directive
}

// blameRev: --rev is read by git's names alone (blame walks from it).
func (c *completer) blameRev(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.names(what{refs: true}, toComplete)
}

// notesArgs: VERSION, any version of the changelog or "unreleased", then
// -- DOCUMENT (one: a document's own version, with versions.per_document).
func (c *completer) notesArgs(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	before, paths, dashed := c.afterDash(cmd, args)
	switch {
	case dashed && len(paths) == 0:
		return c.documents("", nil, toComplete)
	case dashed || len(before) > 0:
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return c.names(what{versions: true, historical: true, unreleased: true}, toComplete)
}

// languages: --lang of notes, one of the changelog's languages.
func (c *completer) languages(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	n := c.open()
	if n == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer n.Close()
	langs, _ := n.Languages()
	var out []cobra.Completion
	for _, l := range langs {
		if strings.HasPrefix(l, toComplete) && safeWord(l) {
			out = append(out, l)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// serveArgs: nothing but -- PATH....
func (c *completer) serveArgs(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	_, paths, dashed := c.afterDash(cmd, args)
	if !dashed {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return c.documents("", paths, toComplete)
}
