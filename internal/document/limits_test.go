package document

import (
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// The tests here build hostile pages (issue #14) and check that each
// either parses completely with work bounded by its size, or is refused
// with an error that names the file and line and a hint that says how to
// get past it. None measures time: the pages are sized so that the old
// parse took minutes (or gigabytes), and a parse that went back to it
// would make the test hit go test's time-out rather than pass.

// noElements is DefaultLimits without the element cap, which would
// otherwise refuse most of these pages before the limit under test.
var noElements = func() Limits {
	lim := DefaultLimits
	lim.MaxElements = 0
	return lim
}()

// scale returns n, or n/10 under -short.
func scale(n int) int {
	if testing.Short() {
		return n / 10
	}
	return n
}

// wantLimit checks that err is a *Error for path at line whose message
// contains msg and whose hint contains hint.
func wantLimit(t *testing.T, err error, line int, msg, hint string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want a *Error", err)
	}
	if e.Path != "h.md" || e.Line != line || !strings.Contains(e.Msg, msg) || !strings.Contains(e.Hint, hint) {
		t.Fatalf("got %q (line %d), hint %q\nwant line %d, %q, hint with %q", e.Error(), e.Line, e.Hint, line, msg, hint)
	}
}

// parseBoth parses src with Parse and with ParseNext from a small page,
// checks that they agree, and returns Parse's result.
func parseBoth(t *testing.T, src string, lim Limits) (*Document, error) {
	t.Helper()
	d, err := Parse("h.md", []byte(src), lim)
	prev, perr := Parse("h.md", []byte("# Title\n\nText.\n"), lim)
	if perr != nil {
		t.Fatal(perr)
	}
	d2, err2 := ParseNext(prev, "h.md", []byte(src), lim)
	if fmt.Sprint(err) != fmt.Sprint(err2) || (err == nil && len(d.Blocks) != len(d2.Blocks)) {
		t.Fatalf("ParseNext differs from Parse: %v / %v", err2, err)
	}
	return d, err
}

// Unclosed shortcodes and link or image openers are text, read once.
func TestHostileOpeners(t *testing.T) {
	for _, c := range []struct{ name, unit string }{
		{"shortcodes", "{{< x "},
		{"shortcodes on lines", "{{% x\n"},
		{"links", "["},
		{"images", "!["},
		{"links with text", "[a "},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Repeat(c.unit, scale(100_000))
			d, err := parseBoth(t, src, noElements)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Blocks) != 1 || d.Blocks[0].Norm != normalize([]byte(src)) || d.Blocks[0].Plain != d.Blocks[0].Norm || len(d.Blocks[0].Links) != 0 {
				t.Fatalf("got %d blocks, want one whose text is the page", len(d.Blocks))
			}
		})
	}
	if got := shortcodes([]byte(strings.Repeat("{{< x ", 1000) + "{{% a %}}")); len(got) != 1 {
		t.Errorf("an unclosed {{< hides a later {{%% %%}}: %v", got)
	}
}

// delimSteps parses src with redline's parser and returns how many
// openers emphasis matching looked at.
func delimSteps(src string) int {
	pc := parser.NewContext()
	markdown().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	return guardOf(pc).steps
}

// Emphasis that goldmark matched in time growing with the square of the
// delimiters (every closer looked at every opener before it) is matched
// in linear time, and as goldmark matches it.
func TestHostileEmphasis(t *testing.T) {
	for _, c := range []struct {
		name string
		page func(n int) string
	}{
		// A closer of one character looking past openers of the other.
		{"mismatched", func(n int) string { return strings.Repeat("*a_ ", n) }},
		// Closers that the rule of three keeps from the one opener.
		{"rule of three", func(n int) string { return "a**b" + strings.Repeat("c* ", n) }},
		{"nested", func(n int) string {
			return strings.Repeat("*a **b ", n/100) + strings.Repeat("*a **b *c ", n)
		}},
		{"openers", func(n int) string { return strings.Repeat("_a ", n) + strings.Repeat("~b ", n) }},
		{"closers", func(n int) string { return strings.Repeat("a_ ", n) + strings.Repeat("b~ ", n) }},
		{"mixed", func(n int) string { return strings.Repeat("*a_ _b* **c ~d ~~e ", n) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			sameParse(t, []byte(c.page(300)))
			src := c.page(scale(30_000))
			delims := strings.Count(src, "*") + strings.Count(src, "_") + strings.Count(src, "~")
			if steps := delimSteps(src); steps > 20*delims {
				t.Errorf("%d delimiters took %d steps to match", delims, steps)
			}
			d, err := Parse("h.md", []byte(src), noElements)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Blocks) != 1 {
				t.Fatalf("%d blocks", len(d.Blocks))
			}
		})
	}
}

// Emphasis nested deeper than maxInlineNesting is refused.
func TestHostileEmphasisDepth(t *testing.T) {
	nest := func(n int) string { return "x\n\n" + strings.Repeat("*a ", n) + "b" + strings.Repeat(" a*", n) + "\n" }
	if _, err := Parse("h.md", []byte(nest(maxInlineNesting-10)), DefaultLimits); err != nil {
		t.Fatal(err)
	}
	_, err := Parse("h.md", []byte(nest(scale(200_000))), noElements)
	wantLimit(t, err, 3, "emphasis nested more than 1000 levels", "fewer * and _")
}

// Links and code spans that goldmark reads again and again are refused
// for the work they take, with the line of their paragraph.
func TestHostileParseWork(t *testing.T) {
	for _, c := range []struct {
		name, page, what string
	}{
		{"unclosed destinations", strings.Repeat("[a](b", scale(200_000)), "links"},
		{"unclosed pointed destinations", strings.Repeat("[a](<b", scale(200_000)), "links"},
		{"unclosed titles", strings.Repeat("[a](b (\n", scale(200_000)), "links"},
		{"labels on many lines", strings.Repeat("[a](b\n", scale(200_000)), "links"},
		{"long labels", strings.Repeat("[", 900) + strings.Repeat("a", scale(4_000_000)) + strings.Repeat("]", 900), "links"},
		{"long labels on lines", strings.Repeat("[", 900) + strings.Repeat("a\n", scale(400_000)) + strings.Repeat("]", 900), "links"},
		{"code spans", func() string {
			var b strings.Builder
			for i := 1; b.Len() < scale(2_000_000); i++ {
				b.WriteString("e" + strings.Repeat("`", i))
			}
			return b.String()
		}(), "code spans"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseBoth(t, "# Title\n\n"+c.page+"\n", noElements)
			wantLimit(t, err, 3, "parsing the "+c.what+" of this paragraph", "--max-parse-work")
		})
	}
}

// A long paragraph of links that close, and of reference definitions
// in groups, is not refused.
func TestParseWorkRealPages(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "See [the *%d* guide](https://example.com/%d \"Guide %d\") and `code %d` and [^%d].\n", i, i, i, i, i)
	}
	b.WriteString("\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "[ref%d]: https://example.com/%d\n", i, i)
		if i%500 == 499 {
			b.WriteString("\n")
		}
	}
	if _, err := Parse("h.md", []byte(b.String()), DefaultLimits); err != nil {
		t.Fatal(err)
	}
}

// goldmark copies a paragraph's lines once for each link reference
// definition it takes off the start.
func TestHostileReferenceDefinitions(t *testing.T) {
	page := "# Title\n\n" + strings.Repeat("[a]: /u\n", scale(200_000))
	_, err := parseBoth(t, page, noElements)
	wantLimit(t, err, 3, "link reference definitions in", "blank line between groups")
	// Lines that start with a link are no definitions.
	page = "# Title\n\n" + strings.Repeat("[a](/u) b\n", scale(50_000))
	if _, err := parseBoth(t, page, noElements); err != nil {
		t.Fatal(err)
	}
}

// Nesting that the line-by-line estimate does not see (footnote
// definitions open containers too) is stopped by the container parsers.
func TestHostileNesting(t *testing.T) {
	for _, unit := range []string{"> - [^a]: ", "- [^a]: ", "[^a]: - ", "+ - ", "> [^a]: "} {
		page := "# Title\n\n" + strings.Repeat(unit, scale(40_000)) + "x\n"
		_, err := parseBoth(t, page, noElements)
		wantLimit(t, err, 3, "nested more than 100 levels deep", "flatten the nesting")
	}
	// 50 quotes and 50 footnotes nest 100 levels: allowed.
	page := strings.Repeat("[^a]: > ", 50) + "x\n"
	if _, err := Parse("h.md", []byte(page), DefaultLimits); err != nil {
		t.Fatal(err)
	}
}

// Front matter is capped in size before it is decoded, and TOML in
// depth: nested inline tables took the TOML decoder memory growing with
// the square of the depth (60 KB, 4 GB).
func TestHostileFrontMatter(t *testing.T) {
	deep := "+++\na = " + strings.Repeat("{b = ", 10_000) + "1" + strings.Repeat("}", 10_000) + "\n+++\nx\n"
	_, err := parseBoth(t, deep, DefaultLimits)
	wantLimit(t, err, 2, "nested more than 100 levels deep", "flatten the front matter")
	deep = "+++\nt = 1\na = " + strings.Repeat("[", 5_000) + "1" + strings.Repeat("]", 5_000) + "\n+++\nx\n"
	_, err = parseBoth(t, deep, DefaultLimits)
	wantLimit(t, err, 3, "nested more than 100 levels deep", "flatten the front matter")

	big := DefaultLimits.MaxFrontBytes
	keys := func(format string) string {
		var b strings.Builder
		for i := 0; b.Len() <= big; i++ {
			fmt.Fprintf(&b, format, i)
		}
		return b.String()
	}
	for _, c := range []struct{ name, page string }{
		{"yaml", "---\n" + keys("k%d: 1\n") + "---\nx\n"},
		{"toml", "+++\n" + keys("k%d = 1\n") + "+++\nx\n"},
		{"json", "{\"a\": [" + strings.Repeat("1,", big/2) + "1]}\nx\n"},
		{"unclosed json", "{\"a\": [" + strings.Repeat("1,", big) + "\nx\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseBoth(t, c.page, DefaultLimits)
			wantLimit(t, err, 1, fmt.Sprintf("the limit of %d", DefaultLimits.MaxFrontBytes), "--max-front-matter-bytes")
			lim := DefaultLimits
			lim.MaxFrontBytes = 0
			if _, err := Parse("h.md", []byte(c.page), lim); c.name != "unclosed json" && err != nil {
				t.Fatalf("without the limit: %v", err)
			}
		})
	}
}

// The YAML decoder reports every pair of equal keys of a map, and
// 13,000 of them took it 24 GB: redline reports the first, once.
func TestHostileYAMLDuplicateKeys(t *testing.T) {
	page := "---\ntitle: x\n" + strings.Repeat("k: 1\n", 13_000) + "---\nx\n"
	lim := DefaultLimits
	lim.MaxFrontBytes = 0
	_, err := Parse("h.md", []byte(page), lim)
	wantLimit(t, err, 4, `key "k" is defined twice, first on line 3`, "remove one of the two")
}

func TestTOMLNesting(t *testing.T) {
	for _, c := range []struct {
		text  string
		limit int
		line  int
		ok    bool
	}{
		{"a = [[1]]\n", 2, 1, true},
		{"a = [[[1]]]\n", 2, 1, false},
		{"[t]\na = {b = {c = 1}}\n", 2, 2, true},
		{"a = \"[[[{{{\"\nb = '[[[['\n# [[[[\nc = [1]\n", 1, 4, true},
		{"a = \"\"\"\n[[[\n\\\"\"\"\n\"\"\"\nb = '''\n[[[\n'''\nc = [[1]]\n", 1, 8, false},
		{"a = \"\\\"[[\"\nb = [[1]]\n", 1, 2, false},
	} {
		line, ok := TOMLNesting([]byte(c.text), c.limit)
		if ok != c.ok || !ok && line != c.line {
			t.Errorf("TOMLNesting(%q, %d) = %d, %v; want %d, %v", c.text, c.limit, line, ok, c.line, c.ok)
		}
	}
}

// A page with more elements than the cap is refused before it is
// parsed: goldmark's tree takes hundreds of bytes an element (4 MB of
// "*a* " took 1.2 GB).
func TestHostileElements(t *testing.T) {
	page := "# Title\n\nText.\n\n" + strings.Repeat("*a* ", DefaultLimits.MaxElements/6-100) + "\n" + strings.Repeat("*a* ", 200)
	_, err := parseBoth(t, page, DefaultLimits)
	wantLimit(t, err, 6, fmt.Sprintf("more than %d Markdown elements", DefaultLimits.MaxElements), "--max-elements")
	lim := DefaultLimits
	lim.MaxElements *= 2
	if _, err := Parse("h.md", []byte(page), lim); err != nil {
		t.Fatal(err)
	}
}

// After a problem, goldmark builds nothing more of the page: the rest
// is one inert block.
func TestProblemStopsTheParse(t *testing.T) {
	page := strings.Repeat("> ", 150) + "x\n\n" + strings.Repeat("- a\n", 10_000)
	pc := parser.NewContext()
	root := markdown().Parse(text.NewReader([]byte(page)), parser.WithContext(pc))
	if guardOf(pc).problem == nil {
		t.Fatal("no problem")
	}
	n := 0
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		n++
	}
	if n > 3 {
		t.Errorf("%d blocks after the problem", n)
	}
}

// elements may skip a body of at most limit/9 bytes: no byte counts for
// more than 9.
func TestElementsPerByte(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	pieces := []string{"*", "_", "~", "[", "]", "!", "`", "<", "|", ":", "@", ">", "-", "+", "1", ".", ")", " ", "\t", "\n", "www.", "a"}
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.Intn(12) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := []byte(b.String())
		if n, _ := countElements(s, 1<<62); n > 9*len(s) {
			t.Fatalf("%q counts %d elements, more than 9 a byte", s, n)
		}
	}
}
