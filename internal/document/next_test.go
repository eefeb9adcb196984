package document

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// checkNext parses new with ParseNext from the parse of old and checks
// that it gives what Parse gives, errors included. It returns whether
// the blocks of old were reused (no full parse), and why not.
func checkNext(t *testing.T, old, new string) (bool, string) {
	t.Helper()
	prev, err := Parse("page.md", []byte(old), DefaultLimits)
	if err != nil {
		t.Fatalf("old version does not parse: %v", err)
	}
	want, werr := Parse("page.md", []byte(new), DefaultLimits)
	got, gerr := ParseNext(prev, "page.md", []byte(new), DefaultLimits)
	if fmt.Sprint(gerr) != fmt.Sprint(werr) {
		t.Fatalf("ParseNext error %v, Parse error %v", gerr, werr)
	}
	if werr != nil {
		var e *Error
		if !errors.As(gerr, &e) {
			t.Fatalf("error %v is not a *Error", gerr)
		}
		return false, "error"
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseNext differs from Parse\nold: %q\nnew: %q", old, new)
		reportDiff(t, got, want)
	}
	d, why := parseNext(prev, "page.md", []byte(new), DefaultLimits)
	if got := withSmallRegions(func() *Document {
		d, _ := parseNext(prev, "page.md", []byte(new), DefaultLimits)
		return d
	}); got != nil && !reflect.DeepEqual(got, want) {
		t.Errorf("ParseNext in small regions differs from Parse\nold: %q\nnew: %q", old, new)
		reportDiff(t, got, want)
	}
	return d != nil, why
}

// withSmallRegions runs f with ParseNext splitting an edit into as many
// regions as it can, however little is kept between them: what is kept
// between two regions is a trap on even the smallest page.
func withSmallRegions[T any](f func() T) T {
	split, gap := minSplit, minGap
	minSplit, minGap = 0, 0
	defer func() { minSplit, minGap = split, gap }()
	return f()
}

// TestParseNextTraps: edits next to what makes one part of a page change
// how another parses. Each case is checked both ways (old to new and
// new to old); fast says whether ParseNext must reuse blocks (when the
// trap is handled by widening the part parsed again) or must parse in
// full (when only a full parse is safe).
func TestParseNextTraps(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		fast     bool
	}{
		{"paragraph edited", "# T\n\nA\n\nB\n\nC\n", "# T\n\nA\n\nB2\n\nC\n", true},
		{"paragraph inserted", "# T\n\nA\n\nC\n", "# T\n\nA\n\nB\n\nC\n", true},
		{"paragraph deleted", "# T\n\nA\n\nB\n\nC\n", "# T\n\nA\n\nC\n", true},
		{"identical", "# T\n\nA\n\nB\n", "# T\n\nA\n\nB\n", true},
		{"first block edited", "A\n\nB\n\nC\n", "A2\n\nB\n\nC\n", true},
		{"last block edited", "A\n\nB\n\nC\n", "A\n\nB\n\nC2\n", true},
		{"no final newline", "A\n\nB\n\nC", "A\n\nB2\n\nC", true},
		{"everything replaced", "A\n\nB\n", "X\n\nY\n\nZ\n", true},
		{"lines shift below", "A\n\nB\n\n# H\n\nC\n", "A\n\nB\nmore\nlines\n\n# H\n\nC\n", true},
		{"blank lines added", "A\n\nB\n\nC\n", "A\n\n\n\nB\n\nC\n", true},
		{"blank lines removed", "A\n\n\n\nB\n\nC\n", "A\n\nB\n\nC\n", true},
		{"paragraph joined to the next", "A\n\nB\n\nC\n\nD\n", "A\n\nB\nC\n\nD\n", true},

		{"fence across blank lines, edited inside", "A\n\n```\ncode\n\nB\n```\n\nC\n", "A\n\n```\ncode\n\nB2\n```\n\nC\n", true},
		{"fence opened and never closed", "A\n\nB\n\nC\n\nD\n", "A\n\n```\nB\n\nC\n\nD\n", true},
		{"fence closed", "A\n\n```\nB\n\nC\n\nD\n", "A\n\n```\nB\n```\n\nC\n\nD\n", true},
		{"tilde fence opened", "A\n\nB\n\nC\n", "A\n\n~~~\nB\n\nC\n", true},
		{"html comment across blank lines", "A\n\n<!--\nx\n\ny\n-->\n\nB\n", "A\n\n<!--\nx\n\ny2\n-->\n\nB\n", true},
		{"html comment opened", "A\n\nB\n\nC\n", "A\n\n<!--\nB\n\nC\n", true},
		{"html pre block", "A\n\n<pre>\nx\n\ny\n</pre>\n\nB\n", "A\n\n<pre>\nx\n\nz\n</pre>\n\nB\n", true},
		{"html div block", "A\n\n<div>\nx\n</div>\n\nB\n", "A\n\n<div>\ny\n</div>\n\nB\n", true},
		{"indented code edited", "P\n\n    code\n\n    more\n\nQ\n", "P\n\n    code\n\n    more2\n\nQ\n", true},
		{"indented code grows into next", "P\n\n    code\n\nQ\n\nR\n", "P\n\n    code\n\n    Q\n\nR\n", true},

		{"loose list item edited", "- a\n\n- b\n\n- c\n\nP\n", "- a\n\n- b2\n\n- c\n\nP\n", true},
		{"list continues after blank", "- a\n\n  more\n\nP\n", "- a\n\n  more2\n\nP\n", true},
		{"paragraph becomes list continuation", "- a\n\nP\n\nQ\n", "- a\n\n  P\n\nQ\n", true},
		{"lists merge", "- a\n\nP\n\n- b\n\nQ\n", "- a\n\n- b\n\nQ\n", true},
		{"lists split", "- a\n\n- b\n\nQ\n", "- a\n\nP\n\n- b\n\nQ\n", true},
		{"ordered list joins", "1. a\n\n2024 was a year\n\nQ\n", "1. a\n\n2024. was a year\n\nQ\n", true},
		{"tight list becomes loose", "- a\n- b\n\nP\n", "- a\n\n- b\n\nP\n", true},
		{"nested list edited", "- a\n  - b\n  - c\n\nP\n", "- a\n  - b2\n  - c\n\nP\n", true},

		{"lazy continuation", "> quote\nlazy\n\nP\n", "> quote\nlazier\n\nP\n", true},
		{"lazy continuation added", "> quote\n\nP\n\nQ\n", "> quote\nP\n\nQ\n", true},
		{"block quotes separated", "> a\n\n> b\n\nP\n", "> a\n\n> b2\n\nP\n", true},
		{"block quote joined", "> a\n\n> b\n\nP\n", "> a\n>\n> b\n\nP\n", true},
		{"quoted list", "> - a\n>\n> - b\n\nP\n", "> - a\n>\n> - b2\n\nP\n", true},

		{"setext underline added", "A\n\nTitle\n\nP\n", "A\n\nTitle\n---\n\nP\n", true},
		{"setext underline removed", "A\n\nTitle\n===\n\nP\n", "A\n\nTitle\n\nP\n", true},
		{"table row edited", "A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nP\n", "A\n\n| a | b |\n|---|---|\n| 1 | 3 |\n\nP\n", true},
		{"table delimiter removed", "A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nP\n", "A\n\n| a | b |\n| 1 | 2 |\n\nP\n", true},
		{"thematic break", "A\n\n---\n\nB\n", "A\n\n***\n\nB\n", true},
		{"thematic break of stars edited around", "A\n\n***\n\nB\n", "A2\n\n***\n\nB2\n", true},
		{"bold line becomes a list item", "- a\n\n**B**\n\nC\n", "- a\n\n* *B**\n\nC\n", true},
		{"dashes become a list item", "- a\n\n--B\n\nC\n", "- a\n\n- -B\n\nC\n", true},
		{"star alone is a list item", "- a\n\n*x\n\nC\n", "- a\n\n*\n\nC\n", true},
		{"star alone before crlf", "A\r\n\r\n*x\r\nB\r\n", "A\r\n\r\n*\r\nB\r\n", true},
		{"paragraph before a list becomes a list item", "A\n\nP\n\n* a\n* b\n\nQ\n", "A\n\n* P\n\n* a\n* b\n\nQ\n", true},
		{"paragraph before a list becomes another list", "A\n\nP\n\n* a\n* b\n\nQ\n", "A\n\n- P\n\n* a\n* b\n\nQ\n", true},
		{"list marker line edited after a paragraph", "A\n\nP\n\n* a\n* b\n\nQ\n", "A\n\nP\n\n  a\n* b\n\nQ\n", true},
		{"list after a paragraph edited", "A\n\nP\n\n1. a\n2. b\n\nQ\n", "A\n\nP\n\n1. a\n2. b2\n\nQ\n", true},
		{"list after a heading pulled into a list", "- x\n\n# H\n\n* a\n\nQ\n", "- x\n\n  # H\n\n* a\n\nQ\n", true},
		{"list after a fence", "A\n\n```\nx\n```\n\n* a\n\nQ\n", "A\n\n```\nx\n\n* a\n\nQ\n", true},
		{"list after a quote made lazy", "> q\n\nP\n\n* a\n\nQ\n", "> q\nP\n\n* a\n\nQ\n", true},

		{"link reference definition", "A [x][r]\n\nB\n\n[r]: http://a\n", "A [x][r]\n\nB2\n\n[r]: http://a\n", false},
		{"link reference definition added", "A [x][r]\n\nB\n", "A [x][r]\n\nB\n\n[r]: http://a\n", false},
		{"footnote definition", "A[^1]\n\nB\n\n[^1]: note\n", "A[^1]\n\nB2\n\n[^1]: note\n", false},
		{"footnote definition added", "A[^1]\n\nB\n", "A[^1]\n\nB\n\n[^1]: note\n", false},
		{"definition list", "Term\n: def\n\nB\n", "Term\n: def\n\nB2\n", false},
		{"definition list added", "Term\n\nB\n", "Term\n: def\n\nB\n", false},
		{"definition list after blank", "Term\n: a\n\nTerm2\n\nB\n", "Term\n: a\n\nTerm2\n: b\n\nB\n", false},

		{"heading ids renumbered", "# A\n\nx\n\n# B\n\ny\n\n# A\n\nz\n", "# A\n\nx\n\n# A\n\ny\n\n# A\n\nz\n", true},
		{"heading ids freed", "# A\n\nx\n\n# A\n\ny\n\n# A\n\nz\n", "# A\n\nx\n\n# B\n\ny\n\n# A\n\nz\n", true},
		{"explicit id takes a later id", "# A\n\nx\n\n# B\n\ny\n\n# A\n\nz\n", "# A\n\nx\n\n# B {#a-1}\n\ny\n\n# A\n\nz\n", true},
		{"heading in a list item counts", "# A\n\n- x\n\nP\n\n# A\n", "# A\n\n- # A\n\nP\n\n# A\n", true},
		{"heading in a list item removed", "# A\n\n- # A\n\nP\n\n# A\n", "# A\n\n- x\n\nP\n\n# A\n", true},
		{"empty heading", "# A\n\nx\n\n#\n\ny\n\n#\n", "# A\n\nx\n\n# B\n\ny\n\n#\n", true},
		{"heading path changes below", "# A\n\n## B\n\nx\n\n## C\n\ny\n", "# A\n\n# B\n\nx\n\n## C\n\ny\n", true},
		{"heading inserted above sections", "x\n\n## B\n\ny\n\n### C\n\nz\n", "x\n\n# New\n\n## B\n\ny\n\n### C\n\nz\n", true},
		{"heading level changed", "# A\n\n## B\n\nx\n\n### C\n\ny\n", "# A\n\n### B\n\nx\n\n### C\n\ny\n", true},
		// Edits that leave the headings be keep the sections of the
		// blocks kept, and give a block parsed again those of the block
		// before it.
		{"paragraph edited under a repeated heading", "# A\n\nx\n\n## A\n\ny\n\nz\n\n## A\n\nw\n", "# A\n\nx\n\n## A\n\ny2\n\nz\n\n## A\n\nw\n", true},
		{"paragraph edited after a heading", "# A\n\n## B\n\nx\n\n## C\n", "# A\n\n## B\n\nx2\n\n## C\n", true},
		{"paragraph edited before the first heading", "x\n\ny\n\n# A\n\nz\n", "x2\n\ny\n\n# A\n\nz\n", true},
		{"paragraph added at the top", "# A\n\nz\n", "x\n\n# A\n\nz\n", true},
		{"paragraph turned setext heading", "# A\n\nx\n\ny\n\n# A\n", "# A\n\nx\n\ny\n===\n\n# A\n", true},
		{"list item edited after a heading in a list", "# A\n\n- # A\n- b\n\nP\n", "# A\n\n- # A\n- b2\n\nP\n", true},

		{"shortcode across blank lines", "A\n\n{{< x\n\n>}}\n\nB\n\nC\n", "A\n\n{{< y\n\n>}}\n\nB\n\nC\n", true},
		{"shortcode opened across the rest", "A\n\nB\n\nC\n\nD >}}\n", "A\n\n{{< B\n\nC\n\nD >}}\n", true},
		{"shortcode lines split a paragraph", "{{% notice %}}\nText\n{{% /notice %}}\n\nB\n", "{{% notice %}}\nText2\n{{% /notice %}}\n\nB\n", true},
		{"shortcode link target", "A [x]({{< ref \"a\" >}})\n\nB\n", "A [y]({{< ref \"a\" >}})\n\nB\n", true},

		{"front matter edited", "---\ntitle: a\n---\n# T\n\nA\n\nB\n", "---\ntitle: b\nlang: nb\n---\n# T\n\nA\n\nB2\n", true},
		{"front matter added", "# T\n\nA\n\nB\n", "---\ntitle: b\n---\n# T\n\nA\n\nB\n", true},
		{"front matter removed", "+++\ntitle = 'a'\n+++\n# T\n\nA\n", "# T\n\nA\n", true},
		{"json front matter", "{\"title\": \"a\"}\n# T\n\nA\n", "{\"title\": \"b\"}\n# T\n\nA\n", true},
		{"json front matter, text after the brace", "{\"title\": \"a\"} x\n\nA\n", "{\"title\": \"a\"} y\n\nA\n", true},
		{"front matter broken", "---\ntitle: a\n---\nA\n", "---\ntitle: [\n---\nA\n", false},
		{"front matter unclosed", "---\ntitle: a\n---\nA\n", "---\ntitle: a\nA\n", false},
		{"byte order mark", "\ufeff# T\n\nA\n\nB\n", "\ufeff# T\n\nA\n\nB2\n", true},

		{"crlf", "# T\r\n\r\nA\r\n\r\nB\r\n", "# T\r\n\r\nA2\r\n\r\nB\r\n", true},
		{"tabs and spaces on the blank line", "A\n \t\nB\n\nC\n", "A\n \t\nB2\n\nC\n", true},
		{"body becomes blank", "A\n\nB\n", "\n\n", false},
		{"too deep", "A\n\nB\n", "A\n\n" + strings.Repeat(">", 200) + " B\n", false},
		{"not utf-8", "A\n\nB\n", "A\n\nB\xff\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fast, why := checkNext(t, tc.old, tc.new)
			if fast != tc.fast {
				t.Errorf("blocks reused: %v (%s), want %v", fast, why, tc.fast)
			}
			if _, err := Parse("page.md", []byte(tc.new), DefaultLimits); err == nil {
				checkNext(t, tc.new, tc.old)
			}
		})
	}
}

// TestParseNextReuses checks that an edit of one paragraph of a long
// page parses only around that paragraph: the blocks before and after
// are the very strings of the earlier parse.
func TestParseNextReuses(t *testing.T) {
	old := generatedPage(40 << 10)
	new := editParagraph(old)
	prev, err := Parse("page.md", old, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	got, why := parseNext(prev, "page.md", new, DefaultLimits)
	if got == nil {
		t.Fatalf("full parse: %s", why)
	}
	want, err := Parse("page.md", new, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("ParseNext differs from Parse")
	}
	reused := 0
	for i := range got.Blocks {
		g := got.Blocks[i].Text
		for _, p := range prev.Blocks {
			if len(g) > 0 && len(g) == len(p.Text) && unsafe.StringData(g) == unsafe.StringData(p.Text) {
				reused++
				break
			}
		}
	}
	if reused < len(got.Blocks)-3 {
		t.Errorf("%d of %d blocks reused from the earlier parse, want all but the edited one", reused, len(got.Blocks))
	}
}

// FuzzParseNext: whatever the earlier version and the edit, ParseNext
// gives what Parse gives.
func FuzzParseNext(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, uint16(len(src)/2), uint8(3), []byte("x\n\n"), uint16(len(src)/5), uint8(0), []byte("```\n"))
		f.Add(src, uint16(len(src)/5), uint8(8), []byte("- "), uint16(len(src)*4/5), uint8(2), []byte("y"))
	}
	for _, s := range []string{
		"A\n\nB\n\nC\n", "- a\n\n- b\n\nP\n", "A\n\n```\nx\n\ny\n```\n\nB\n", "> a\n\n> b\n\nc\n",
		"# A\n\n# A\n\n- # A\n\n# A\n", "A\n\n{{< x\n\n>}}\n\nB\n", "---\nt: 1\n---\nA\n\nB\n",
		"A\n\n<!--\n\n-->\n\nB\n", "    x\n\ny\n\n    z\n", "1. a\n\n2. b\n\nc\n", "T\n: d\n\nx\n",
	} {
		f.Add([]byte(s), uint16(len(s)/2), uint8(1), []byte("\n\n"), uint16(0), uint8(1), []byte("z"))
		f.Add([]byte(s), uint16(3), uint8(0), []byte("```\n"), uint16(len(s)), uint8(0), []byte("\n```\n"))
	}
	f.Fuzz(func(t *testing.T, old []byte, at uint16, del uint8, ins []byte, at2 uint16, del2 uint8, ins2 []byte) {
		// Small caps, so that Parse and ParseNext are seen to refuse
		// the same pages.
		lim := Limits{MaxBytes: 1 << 16, MaxElements: 3000, MaxParseWork: 2, MaxFrontBytes: 512}
		prev, err := Parse("fuzz.md", old, lim)
		if err != nil {
			return
		}
		// Two edits, each anywhere: the second is made in the result of
		// the first.
		edit := func(src []byte, at uint16, del uint8, ins []byte) []byte {
			i := min(int(at), len(src))
			j := min(i+int(del), len(src))
			return append(append(append([]byte{}, src[:i]...), ins...), src[j:]...)
		}
		new := edit(edit(old, at, del, ins), at2, del2, ins2)
		want, werr := Parse("fuzz.md", new, lim)
		for _, small := range []bool{false, true} {
			var got *Document
			var gerr error
			if small {
				withSmallRegions(func() bool { got, gerr = ParseNext(prev, "fuzz.md", new, lim); return true })
			} else {
				got, gerr = ParseNext(prev, "fuzz.md", new, lim)
			}
			if fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Fatalf("ParseNext error %v, Parse error %v", gerr, werr)
			}
			if werr == nil && !reflect.DeepEqual(got, want) {
				reportDiff(t, got, want)
				t.Fatalf("ParseNext (small regions: %v) differs from Parse\nold: %q\nnew: %q", small, old, new)
			}
		}
	})
}
