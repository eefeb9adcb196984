package history

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestPathspecMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec []string
		path string
		want bool
	}{
		{nil, "a/b.md", true},
		{[]string{"."}, "a/b.md", true},
		{[]string{"en"}, "en/a.md", true},
		{[]string{"en"}, "en", true},
		{[]string{"en"}, "english/a.md", false},
		{[]string{"en/"}, "en/a/b.md", true},
		{[]string{"./en//a.md"}, "en/a.md", true},
		{[]string{`en\a.md`}, "en/a.md", true},
		// git's default globs: * and ? match a slash too.
		{[]string{"en/*.md"}, "en/a.md", true},
		{[]string{"en/*.md"}, "en/sub/a.md", true},
		{[]string{"en/*.md"}, "de/a.md", false},
		{[]string{"en/a*"}, "en/archive/o.md", true},
		{[]string{"**/privacy*.md"}, "x/privacy-notice.md", true},
		{[]string{"**/privacy*.md"}, "privacy.md", false},
		{[]string{"*.md"}, "a/b/c.md", true},
		{[]string{"en/?.md"}, "en/a.md", true},
		{[]string{"en/[ab].md"}, "en/b.md", true},
		{[]string{"en/[!ab].md"}, "en/b.md", false},
		{[]string{"en/[[:digit:]].md"}, "en/7.md", true},
		{[]string{`en/\*.md`}, "en/*.md", true},
		{[]string{`en/\*.md`}, "en/a.md", false},
		// :(glob): * stays within a folder, ** spans folders.
		{[]string{":(glob)en/*.md"}, "en/a.md", true},
		{[]string{":(glob)en/*.md"}, "en/sub/a.md", false},
		{[]string{":(glob)**/privacy*.md"}, "privacy.md", true},
		{[]string{":(glob)**/privacy*.md"}, "a/b/privacy-x.md", true},
		{[]string{":(glob)en/**/x.md"}, "en/x.md", true},
		{[]string{":(glob)en/**/x.md"}, "en/a/b/x.md", true},
		{[]string{":(glob)en/**"}, "en/a/b/x.md", true},
		{[]string{":(glob)*.md"}, "a/b.md", false},
		{[]string{":(glob)en**/x.md"}, "en/a/x.md", false},
		// Excludes, alone (everything else) or with includes.
		{[]string{":!en/archive"}, "en/archive/o.md", false},
		{[]string{":!en/archive"}, "en/a.md", true},
		{[]string{":^en"}, "de/a.md", true},
		{[]string{"en", ":(exclude)en/archive/**"}, "en/archive/x/o.md", false},
		{[]string{"en", ":(exclude)en/archive/**"}, "en/a.md", true},
		{[]string{"en", ":(exclude)en/archive/**"}, "de/a.md", false},
		{[]string{"en/*.md", ":(exclude,glob)en/*/**"}, "en/sub/a.md", false},
		{[]string{"en/*.md", ":(exclude,glob)en/*/**"}, "en/a.md", true},
		{[]string{":/en"}, "en/a.md", true},
		{[]string{":(top)en"}, "en/a.md", true},
		{[]string{":(literal)en/*.md"}, "en/a.md", false},
		{[]string{":(literal)en/*.md"}, "en/*.md", true},
		{[]string{":(icase)EN/A.md"}, "en/a.MD", true},
		{[]string{":(icase,glob)EN/*.MD"}, "en/a.md", true},
		{[]string{"", ":(exclude,literal)changelog"}, "changelog/_index.en.md", false},
		{[]string{"", ":(exclude,literal)changelog"}, "content/a.md", true},
	}
	for _, tt := range tests {
		s, err := ParsePathspec(tt.spec)
		if err != nil {
			t.Errorf("%q: %v", tt.spec, err)
			continue
		}
		if got := s.Match(tt.path); got != tt.want {
			t.Errorf("%q matches %s = %v, want %v", tt.spec, tt.path, got, tt.want)
		}
	}
}

// A folder's state must agree with matching every path below it.
func TestPathspecDirState(t *testing.T) {
	t.Parallel()
	paths := []string{"en/a.md", "en/archive/o.md", "en/archive/x/y.md", "en/sub/s.md", "de/b.md", "privacy.md", "x/privacy-notice.md", "EN/Z.md"}
	specs := [][]string{
		{"en"}, {"en/*.md"}, {":(glob)en/*.md"}, {"**/privacy*.md"}, {":(glob)**/privacy*.md"},
		{":!en/archive"}, {"en", ":(exclude)en/archive/**"}, {":(icase)en"}, {"en/a.md", "de"},
		{":(glob)en/**/y.md"}, {"en/a*"}, {":^en", ":^de"},
	}
	for _, sp := range specs {
		s, err := ParsePathspec(sp)
		if err != nil {
			t.Fatal(err)
		}
		for _, dir := range []string{"", "en", "en/archive", "en/archive/x", "en/sub", "de", "x", "EN"} {
			st := s.dirState(dir)
			for _, p := range paths {
				if dir != "" && !strings.HasPrefix(p, dir+"/") {
					continue
				}
				m := s.Match(p)
				if st == stateNone && m || st == stateAll && !m {
					t.Errorf("%q: folder %q is %d, but %s matches: %v", sp, dir, st, p, m)
				}
			}
		}
	}
}

func TestPathspecErrors(t *testing.T) {
	t.Parallel()
	for _, spec := range []string{"/etc", "../x", "en/../../x", ".git/config", ":(attr:x)en", ":(glob,literal)x", "en/[a.md", ":(exclude", "en/[[:nope:]].md"} {
		_, err := ParsePathspec([]string{spec})
		var e *Error
		if !errors.As(err, &e) || e.Hint == "" {
			t.Errorf("%q: err = %v, want an *Error with a hint", spec, err)
		}
	}
	if _, err := ParsePathspec(make([]string, maxSpecItems+1)); err == nil {
		t.Error("no error for too many paths")
	}
}

// No pattern takes more than (pattern x path) steps, however it is
// built: a backtracking matcher takes exponential time on this one.
func TestGlobBounded(t *testing.T) {
	t.Parallel()
	s, err := ParsePathspec([]string{strings.Repeat("*a", 40) + "b", ":(glob)" + strings.Repeat("**/*a", 30) + "b"})
	if err != nil {
		t.Fatal(err)
	}
	p := strings.Repeat("a", 2000)
	start := time.Now()
	if s.Match(p) {
		t.Error("matched")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// Files and Log agree with git's own reading of the same pathspecs:
// git ls-files for the documents, git log for the revisions.
func TestPathspecMatchesGit(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("en/a.md", "a\n")
	g.write("en/archive/o.md", "o\n")
	g.write("de/b.md", "b\n")
	g.write("en/logo.png", "png\n")
	g.commit("one")
	g.write("en/sub/s.md", "s\n")
	g.write("privacy.md", "p\n")
	g.commit("two")
	g.write("x/privacy-notice.md", "n\n")
	g.write("en/archive/o.md", "o2\n")
	g.commit("three")
	g.write("en/logo.png", "png2\n")
	g.commit("image only")
	g.write("de/b.md", "b2\n")
	g.write("en/a.md", "a2\n")
	g.commit("four")
	r := g.open()
	head, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	specs := [][]string{
		{"en"}, {"en/*.md"}, {":(glob)en/*.md"}, {"**/privacy*.md"}, {":(glob)**/privacy*.md"},
		{":!en/archive"}, {"en", ":(exclude)en/archive/**"}, {":^en"}, {":(icase)EN"}, {"en/a*"},
		{"*.md", ":!de"}, {"en/*"},
	}
	for _, sp := range specs {
		files, err := r.Files(head, sp)
		if err != nil {
			t.Fatalf("%q: %v", sp, err)
		}
		var got []string
		for p := range files {
			got = append(got, p)
		}
		sort.Strings(got)
		var want []string
		for _, p := range lines(g.git(append([]string{"ls-files", "--"}, sp...)...)) {
			if isMarkdown(p) {
				want = append(want, p)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("Files %q = %v, git ls-files: %v", sp, got, want)
		}
		for _, full := range []bool{false, true} {
			args := []string{"log", "--format=%H"}
			if !full {
				args = append(args, "--first-parent")
			}
			wantLog := lines(g.git(append(append(args, "--"), sp...)...))
			gotLog := hashes(mustLog(t, r, Options{Paths: sp, FullHistory: full}))
			if !slices.Equal(gotLog, wantLog) {
				t.Errorf("Log %q (full %v) = %d revisions, git log: %d", sp, full, len(gotLog), len(wantLog))
			}
		}
	}
}

// A glob that matches nothing is named as a path that is not there.
func TestAbsentGlob(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("en/a.md", "a\n")
	g.commit("one")
	r := g.open()
	_, err := r.Log(t.Context(), Options{Paths: []string{"fr/*.md"}})
	if err == nil || !strings.Contains(err.Error(), `"fr/*.md" is not in`) {
		t.Errorf("err = %v", err)
	}
	l := mustLog(t, r, Options{Paths: []string{"en/*.md", "fr/*.md", ":!en/archive"}})
	if len(l.Revisions) != 1 || len(l.Notes) != 1 || !strings.Contains(l.Notes[0], `"fr/*.md"`) {
		t.Errorf("revisions %d, notes %q", len(l.Revisions), l.Notes)
	}
	if l := mustLog(t, r, Options{Paths: []string{":!fr"}}); len(l.Revisions) != 1 || len(l.Notes) != 0 {
		t.Errorf("an exclude alone: revisions %d, notes %q", len(l.Revisions), l.Notes)
	}
}

func TestSimilarity(t *testing.T) {
	t.Parallel()
	a := "# Title\n\nA paragraph that stays the same across versions of the page.\n\nAnother paragraph, also the same.\n"
	tests := []struct {
		a, b string
		lo   float64
		hi   float64
	}{
		{a, a, 1, 1},
		{a, strings.ReplaceAll(a, "\n", "\r\n"), 0.9, 1}, // CRLF counts as LF
		{a, a + "A new paragraph.\n", 0.8, 0.99},
		{a, "Something else entirely.\n", 0, 0.1},
		{"", "", 1, 1},
	}
	for _, tt := range tests {
		if s := Similarity([]byte(tt.a), []byte(tt.b)); s < tt.lo || s > tt.hi {
			t.Errorf("Similarity(%.20q, %.20q) = %.2f, want %.2f..%.2f", tt.a, tt.b, s, tt.lo, tt.hi)
		}
	}
}
