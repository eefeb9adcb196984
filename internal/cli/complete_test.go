package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Shell completion, through cobra's hidden __complete command as the
// completion scripts call it: the words offered and the directive line.

// completeRepo has documents in content/ (two languages, and one with
// none) and one outside it, a versions file, a branch, tags (one a
// version by versions.tag_pattern, one both a tag and a branch) and a
// remote-tracking branch. HEAD~1 lacks content/guide.
func completeRepo(t *testing.T) *gitRepo {
	t.Helper()
	g := newGitRepo(t)
	g.write("content/dpia/_index.nb.md", page("Om DPIA", "Digdir lagrer data i Norge."))
	g.write("docs/outside.md", "# Outside\n\nNot tracked.\n")
	g.write("redline.yaml", "versions:\n  file: changelog/versions.yaml\n  tag_pattern: \"v*\"\n")
	g.write("changelog/versions.yaml", `versions:
  - id: "2.6"
    date: 2024-03-01
    title: {nb: Publisert åpent, en: "Published\nopenly"}
  - id: "2.5"
    date: 2023-11-01
  - id: "bad\nid"
    date: 2023-06-01
  - id: "--exec"
    date: 2023-05-01
  - id: "1.0"
    date: 2020-12-01
    historical: true
`)
	g.commit("First")
	g.git("tag", "v2.6")
	g.git("branch", "feature")
	g.write("content/dpia/_index.en.md", page("About the DPIA", "Digdir stores data in Norway."))
	g.write("content/guide/intro.md", "# Intro\n\nA guide.\n")
	g.commit("Second")
	g.git("tag", "-a", "-m", "three", "v3.0")
	g.git("tag", "dup")
	g.git("branch", "dup", "HEAD~1")
	g.git("update-ref", "refs/remotes/origin/main", "HEAD")
	g.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
	return g
}

// completion is what __complete answered: the words (with their
// descriptions after a tab) and the directive.
type completion struct {
	lines     []string
	directive cobra.ShellCompDirective
	stderr    string
}

// words are the words offered, without their descriptions.
func (c completion) words() []string {
	var out []string
	for _, l := range c.lines {
		w, _, _ := strings.Cut(l, "\t")
		out = append(out, w)
	}
	return out
}

// about is the description of a word, "" for none.
func (c completion) about(word string) string {
	for _, l := range c.lines {
		if w, d, _ := strings.Cut(l, "\t"); w == word {
			return d
		}
	}
	return ""
}

// complete runs `redline __complete ARGS...` (the last is the word being
// completed) with the cache in a directory that must stay unmade.
func completeLine(t *testing.T, args ...string) completion {
	t.Helper()
	cache := filepath.Join(t.TempDir(), "cache")
	r := run(t, append([]string{"__complete", "--cache-dir", cache}, args...)...)
	if r.code != 0 {
		t.Fatalf("__complete %q: %s", args, r)
	}
	if _, err := os.Stat(cache); err == nil {
		t.Errorf("__complete %q made the cache directory: completion must not walk the history", args)
	}
	lines := strings.Split(strings.TrimSuffix(r.out, "\n"), "\n")
	last := lines[len(lines)-1]
	d, err := strconv.Atoi(strings.TrimPrefix(last, ":"))
	if !strings.HasPrefix(last, ":") || err != nil {
		t.Fatalf("__complete %q: no directive line:\n%s", args, r)
	}
	return completion{lines: lines[:len(lines)-1], directive: cobra.ShellCompDirective(d), stderr: r.err}
}

// want checks the words (in any order) and the directive.
func (c completion) want(t *testing.T, what string, words []string, directive cobra.ShellCompDirective) {
	t.Helper()
	got := slices.Sorted(slices.Values(c.words()))
	words = slices.Sorted(slices.Values(words))
	if !reflect.DeepEqual(got, words) && !(len(got) == 0 && len(words) == 0) {
		t.Errorf("%s: words %q, want %q", what, got, words)
	}
	if c.directive != directive {
		t.Errorf("%s: directive %d, want %d", what, c.directive, directive)
	}
	// The scripts throw stderr away, but nothing of redline's own
	// belongs there: cobra's one line on the directive.
	for _, l := range strings.Split(strings.TrimSpace(c.stderr), "\n") {
		if l != "" && !strings.HasPrefix(l, "Completion ended with directive:") {
			t.Errorf("%s: stderr says %q", what, l)
		}
	}
}

const (
	noFiles = cobra.ShellCompDirectiveNoFileComp
	files   = cobra.ShellCompDirectiveDefault
)

var (
	refs = []string{"HEAD", "main", "feature", "dup", "origin/main", "v2.6", "v3.0"}
	// Not 1.0, before the history; not "bad\nid" nor "--exec".
	versions = []string{"2.6", "2.5", "3.0"}
)

func TestCompleteRevisions(t *testing.T) {
	g := completeRepo(t)
	revs := append(slices.Clone(refs), versions...)

	c := completeLine(t, "-C", g.dir, "show", "")
	c.want(t, "show REV", revs, noFiles)
	for word, about := range map[string]string{
		"dup":         "tag", // a tag and a branch: git reads the tag
		"feature":     "branch",
		"origin/main": "remote branch",
		"HEAD":        "the current commit",
		"2.6":         "version of 2024-03-01: Published openly", // on one line
		"2.5":         "version of 2023-11-01",
		"3.0":         "version, by its tag",
	} {
		if got := c.about(word); got != about {
			t.Errorf("show REV: %s described as %q, want %q", word, got, about)
		}
	}

	completeLine(t, "-C", g.dir, "show", "v").want(t, "show v", []string{"v2.6", "v3.0"}, noFiles)
	completeLine(t, "show", "-C", g.dir, "2.").want(t, "show -C DIR 2.", []string{"2.6", "2.5"}, noFiles)
	completeLine(t, "-C", g.dir, "show", "HEAD", "").want(t, "show REV then", nil, noFiles)

	// diff: files may stand where revisions do, so the shell completes
	// file names when no revision matches.
	completeLine(t, "-C", g.dir, "diff", "").want(t, "diff", revs, files)
	completeLine(t, "-C", g.dir, "diff", "2.5", "fe").want(t, "diff REV", []string{"feature"}, files)
	completeLine(t, "-C", g.dir, "diff", "old.md", "").want(t, "diff FILE", nil, files)
	completeLine(t, "-C", g.dir, "diff", "HEAD~1", "HEAD", "").want(t, "diff REV REV", nil, noFiles)

	// log takes a range: the part after ".." is completed.
	completeLine(t, "-C", g.dir, "log", "").want(t, "log", revs, noFiles)
	completeLine(t, "-C", g.dir, "log", "2.5..").want(t, "log 2.5..", prefixed("2.5..", revs), noFiles)
	completeLine(t, "-C", g.dir, "log", "2.5..fe").want(t, "log 2.5..fe", []string{"2.5..feature"}, noFiles)
	completeLine(t, "-C", g.dir, "log", "HEAD~2", "").want(t, "log RANGE then", nil, noFiles)

	// --since and --until take versions before the history too (they
	// have a date); blame --rev only what git resolves; notes versions.
	completeLine(t, "-C", g.dir, "log", "--since", "").want(t, "log --since", append(slices.Clone(revs), "1.0"), noFiles)
	completeLine(t, "-C", g.dir, "log", "--until=1").want(t, "log --until=1", []string{"1.0"}, noFiles)
	completeLine(t, "-C", g.dir, "blame", "--rev", "").want(t, "blame --rev", refs, noFiles)
	completeLine(t, "-C", g.dir, "notes", "").want(t, "notes", append(slices.Clone(versions), "1.0", "unreleased"), noFiles)
	completeLine(t, "-C", g.dir, "notes", "2.5", "").want(t, "notes VERSION then", nil, noFiles)
}

func prefixed(prefix string, words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = prefix + w
	}
	return out
}

func TestCompleteDocuments(t *testing.T) {
	g := completeRepo(t)
	const stepping = noFiles | cobra.ShellCompDirectiveNoSpace

	// A folder at a time; the one folder at the top is stepped into.
	completeLine(t, "-C", g.dir, "show", "HEAD", "--", "").want(t, "show -- ", []string{"content/dpia/", "content/guide/"}, stepping)
	completeLine(t, "-C", g.dir, "show", "HEAD", "--", "content/d").want(t, "show -- content/d",
		[]string{"content/dpia/_index.en.md", "content/dpia/_index.nb.md"}, noFiles)
	completeLine(t, "-C", g.dir, "diff", "HEAD~1", "HEAD", "--", "content/g").want(t, "diff -- content/g", []string{"content/guide/intro.md"}, noFiles)
	// Those already given are left out.
	completeLine(t, "-C", g.dir, "log", "--", "content/dpia/_index.en.md", "content/dpia/").want(t, "log -- given",
		[]string{"content/dpia/_index.nb.md"}, noFiles)
	completeLine(t, "-C", g.dir, "serve", "--", "content/dpia/_index.n").want(t, "serve --", []string{"content/dpia/_index.nb.md"}, noFiles)
	completeLine(t, "-C", g.dir, "serve", "").want(t, "serve", nil, noFiles)

	// blame FILE: the documents at --rev.
	completeLine(t, "-C", g.dir, "blame", "").want(t, "blame", []string{"content/dpia/", "content/guide/"}, stepping)
	completeLine(t, "-C", g.dir, "blame", "--rev", "HEAD~1", "").want(t, "blame --rev HEAD~1", []string{"content/dpia/_index.nb.md"}, noFiles)
	completeLine(t, "-C", g.dir, "blame", "content/guide/intro.md", "").want(t, "blame FILE then", nil, noFiles)
	// blame takes a path in the work tree too: when no document matches,
	// the shell completes file names.
	completeLine(t, "-C", g.dir, "blame", "/").want(t, "blame /", nil, files)

	// --config names other tracked paths (and no versions file).
	cfg := filepath.Join(t.TempDir(), "other.yaml")
	if err := os.WriteFile(cfg, []byte("paths: [docs]\nlanguages: [nb]\nversions: {file: changelog/none.yaml}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	completeLine(t, "-C", g.dir, "--config", cfg, "log", "--", "").want(t, "--config log --", []string{"docs/outside.md"}, noFiles)
	completeLine(t, "-C", g.dir, "--config", cfg, "notes", "").want(t, "--config notes", []string{"unreleased"}, noFiles)
	completeLine(t, "-C", g.dir, "--config", cfg, "notes", "2.6", "--lang", "").want(t, "--config notes --lang", []string{"nb"}, noFiles)
	// Without configured languages, those of the documents at HEAD.
	completeLine(t, "-C", g.dir, "notes", "2.6", "--lang", "").want(t, "notes --lang", []string{"nb", "en"}, noFiles)
}

func TestCompleteFlags(t *testing.T) {
	g := completeRepo(t)
	for _, tt := range []struct {
		args      []string
		words     []string
		directive cobra.ShellCompDirective
	}{
		{[]string{"diff", "--format", ""}, []string{"text", "json", "markdown"}, noFiles},
		{[]string{"show", "HEAD", "-f", "m"}, []string{"markdown"}, noFiles},
		{[]string{"log", "--format", ""}, []string{"text", "json"}, noFiles},
		{[]string{"blame", "--format", ""}, []string{"text", "json"}, noFiles},
		{[]string{"log", "--class", ""}, []string{"substantive", "editorial"}, noFiles},
		{[]string{"log", "--color", ""}, []string{"auto", "always", "never"}, noFiles},
		{[]string{"--color", "n"}, []string{"never"}, noFiles},
		{[]string{"log", "--max-count", ""}, nil, noFiles},
		{[]string{"serve", "--addr", ""}, nil, noFiles},
		{[]string{"log", "--author", ""}, nil, noFiles},
		{[]string{"--repo", ""}, nil, cobra.ShellCompDirectiveFilterDirs},
		{[]string{"log", "--cache-dir", ""}, nil, cobra.ShellCompDirectiveFilterDirs},
		{[]string{"changelog", "--out", ""}, nil, cobra.ShellCompDirectiveFilterDirs},
		{[]string{"--config", ""}, []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt},
		{[]string{"changelog", ""}, nil, noFiles},
		{[]string{"check", ""}, nil, noFiles},
		{[]string{"version", ""}, nil, noFiles},
	} {
		c := completeLine(t, append([]string{"-C", g.dir}, tt.args...)...)
		c.want(t, strings.Join(tt.args, " "), tt.words, tt.directive)
	}
}

// TestCompleteValuesParse: every value offered for --format and --class
// is one the command's parse takes.
func TestCompleteValuesParse(t *testing.T) {
	g := completeRepo(t)
	type parser struct {
		register func(*cobra.Command)
		parse    func([]string, int) error
		args     string
	}
	newParser := map[string]func() parser{
		"diff": func() parser {
			o := &diffOptions{}
			return parser{o.register, o.parse, "a.md b.md"}
		},
		"show": func() parser {
			o := &showOptions{}
			return parser{o.register, o.parse, "HEAD"}
		},
		"log": func() parser {
			o := &logOptions{}
			return parser{o.register, o.parse, ""}
		},
		"blame": func() parser {
			o := &blameOptions{}
			return parser{o.register, noDash(o.parse), "a.md"}
		},
	}
	for _, flag := range []string{"--format", "--class"} {
		for cmd, p := range newParser {
			if flag == "--class" && cmd != "log" {
				continue
			}
			c := completeLine(t, "-C", g.dir, cmd, flag, "")
			if len(c.words()) == 0 {
				t.Errorf("%s %s: nothing offered", cmd, flag)
			}
			for _, w := range c.words() {
				pp := p()
				line := flag + " " + w + " " + pp.args
				if err := parseLine(t, pp.register, pp.parse, line); err != nil {
					t.Errorf("%s %s: offered, but refused: %v", cmd, line, err)
				}
			}
		}
	}
}

// TestCompleteSilent: with no repository, a versions file that does not
// parse, or a revision that does not resolve, completion offers what it
// can and prints nothing.
func TestCompleteSilent(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	completeLine(t, "-C", missing, "show", "").want(t, "no repository: show", nil, noFiles)
	completeLine(t, "-C", missing, "log", "--", "").want(t, "no repository: log --", nil, noFiles)
	completeLine(t, "-C", missing, "blame", "").want(t, "no repository: blame", nil, files)
	completeLine(t, "-C", missing, "diff", "").want(t, "no repository: diff", nil, files)
	completeLine(t, "-C", missing, "notes", "2.6", "--lang", "").want(t, "no repository: --lang", nil, noFiles)

	g := completeRepo(t)
	g.write("changelog/versions.yaml", "versions: [oops\n")
	// The tags' versions are still offered.
	completeLine(t, "-C", g.dir, "show", "").want(t, "bad versions file", append(slices.Clone(refs), "2.6", "3.0"), noFiles)
	completeLine(t, "-C", g.dir, "blame", "--rev", "nosuch", "").want(t, "blame --rev nosuch", nil, files)

	empty := newGitRepo(t)
	completeLine(t, "-C", empty.dir, "show", "").want(t, "no commits", nil, noFiles)
}

func TestPathSteps(t *testing.T) {
	paths := []string{"README.md", "content/a/x.md", "content/a/y.md", "content/b.md", "docs/z.md"}
	for _, tt := range []struct {
		prefix string
		words  []string
		folder bool
	}{
		{"", []string{"README.md", "content/", "docs/"}, true},
		{"c", []string{"content/a/", "content/b.md"}, true},
		{"content/a", []string{"content/a/x.md", "content/a/y.md"}, false},
		{"d", []string{"docs/z.md"}, false},
		{"content/a/x.md", []string{"content/a/x.md"}, false},
		{"nothing", nil, false},
	} {
		words, folder := pathSteps(paths, tt.prefix)
		if !reflect.DeepEqual(words, tt.words) || folder != tt.folder {
			t.Errorf("pathSteps(%q) = %q, %v; want %q, %v", tt.prefix, words, folder, tt.words, tt.folder)
		}
	}
}
