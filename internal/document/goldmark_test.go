package document

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// stockParser is goldmark set up by goldmark.New the way redline set it
// up before it assembled its own parser (markdown): the reference that
// markdown must match.
func stockParser() parser.Parser {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.DefinitionList),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			parser.WithBlockParsers(util.Prioritized(extension.NewFootnoteBlockParser(), 999)),
			parser.WithInlineParsers(util.Prioritized(extension.NewFootnoteParser(), 101)),
		),
	).Parser()
}

var stock = stockParser()

// renderHTML renders the tree p makes of src, the way Hugo would.
func renderHTML(t testing.TB, p parser.Parser, src []byte) string {
	t.Helper()
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.DefinitionList, extension.Footnote),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
	var buf bytes.Buffer
	pc := parser.NewContext()
	guardOf(pc).work = DefaultLimits.MaxParseWork
	root := p.Parse(text.NewReader(src), parser.WithContext(pc))
	if g := guardOf(pc); g.problem != nil {
		return "problem: " + g.problem.msg
	}
	if err := md.Renderer().Render(&buf, src, root); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// parseStock is Parse with goldmark's own set-up.
func parseStock(path string, src []byte) (*Document, error) {
	parserOverride = stock
	defer func() { parserOverride = nil }()
	return Parse(path, src, Limits{})
}

// sameParse reports how markdown and goldmark's own set-up differ on
// src: in the HTML of the tree, or in the Document.
func sameParse(t testing.TB, src []byte) {
	t.Helper()
	if a, b := renderHTML(t, markdown(), src), renderHTML(t, stock, src); a != b {
		if strings.HasPrefix(a, "problem: ") {
			return // a limit, checked elsewhere
		}
		t.Fatalf("HTML differs for %q:\nredline:  %q\ngoldmark: %q", src, a, b)
	}
	d1, err1 := Parse("x.md", src, Limits{MaxParseWork: DefaultLimits.MaxParseWork})
	d2, err2 := parseStock("x.md", src)
	if (err1 == nil) != (err2 == nil) {
		if err1 != nil && strings.Contains(err1.Error(), "more than") {
			return
		}
		t.Fatalf("errors differ for %q: %v / %v", src, err1, err2)
	}
	if err1 == nil && !reflect.DeepEqual(d1.Blocks, d2.Blocks) {
		for i := range min(len(d1.Blocks), len(d2.Blocks)) {
			if !reflect.DeepEqual(d1.Blocks[i], d2.Blocks[i]) {
				t.Fatalf("block %d differs for %q:\nredline:  %+v\ngoldmark: %+v", i, src, d1.Blocks[i], d2.Blocks[i])
			}
		}
		t.Fatalf("blocks differ for %q: %d / %d", src, len(d1.Blocks), len(d2.Blocks))
	}
}

// markdownPieces are what randomMarkdown strings together: the
// characters and constructs the guarded parsers look at, and text.
var markdownPieces = []string{
	"*", "**", "***", "_", "__", "~", "~~", "a", "b c", " ", "  ", "\n", "\n\n", "[", "]", "(", ")", "![",
	"](", "](<", ">", "<", "`", "``", "\\", "\\*", "\"", "'", "[^1]", "[^1]: ", "[x]: /u\n", "- ", "* ",
	"1. ", "> ", "    ", "\t", "# ", "| a | b |\n|---|---|\n", "|", "www.x.no", "http://x.no/a_b",
	"<a href='x'>", "</a>", "<!-- c -->", "{#id}", ": ", "&amp;", "é", "-->", "[a]", "[a][b]", "[]",
	"a@b.no", "x.y@z-q.com.", "ftp://x.no/c", "https://x.no)", "@",
	"(\"t\")", "'t'", ".", ",", "!", "?", "a*b", "_a_", "x_y", "*a*", "**b**", "~~c~~", "`d`",
}

func randomMarkdown(rng *rand.Rand, n int) []byte {
	var b strings.Builder
	for range n {
		b.WriteString(markdownPieces[rng.Intn(len(markdownPieces))])
	}
	return []byte(b.String())
}

// TestParserMatchesGoldmark: redline's parser builds the tree goldmark's
// own set-up builds (the same HTML) and the same Document, on the
// corpus, the test pages and random Markdown thick with emphasis, links
// and code.
func TestParserMatchesGoldmark(t *testing.T) {
	var pages [][]byte
	for _, glob := range []string{"testdata/*.md", "../../content/*/*.md", "../../content/*/*/*.md", "../../content/*/*/*/*.md"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, src)
		}
	}
	if len(pages) == 0 {
		t.Fatal("no pages found")
	}
	for _, src := range pages {
		sameParse(t, src)
	}
	rng := rand.New(rand.NewSource(1))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i := range n {
		sameParse(t, randomMarkdown(rng, 1+i%60))
	}
}

// FuzzParserMatchesGoldmark is TestParserMatchesGoldmark on any input.
func FuzzParserMatchesGoldmark(f *testing.F) {
	rng := rand.New(rand.NewSource(2))
	for i := range 200 {
		f.Add(randomMarkdown(rng, 1+i%40))
	}
	for _, s := range []string{"*a **b** c*", "a**b c* d*", "*a_ *b_", "[*a](b*)", "![*a*](b) *c*", "~~a~~ ~b~ ~~~c~~~"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4096 {
			return
		}
		sameParse(t, src)
	})
}

// TestParserMatchesGoldmarkCorpus is TestParserMatchesGoldmark on every
// fifth version of every page in the version corpus (every fiftieth
// under -short).
func TestParserMatchesGoldmarkCorpus(t *testing.T) {
	c := openCorpus(t)
	seen := map[string]bool{}
	every := 5
	if testing.Short() {
		every = 50
	}
	for i, ch := range c.changes {
		if i%every != 0 {
			continue
		}
		for _, id := range []string{ch.old, ch.new} {
			if seen[id] {
				continue
			}
			seen[id] = true
			src, err := c.blob(id)
			if err != nil {
				t.Fatal(err)
			}
			sameParse(t, src)
		}
	}
	t.Logf("%d versions", len(seen))
}

var lineEnds = regexp.MustCompile(`[ \t]+\n`)

// TestLinkifiable: a page whose tree made without goldmark's linkify
// parser has no place where linkifiable says it could make a link
// parses to the same Document (and HTML) as with it. The pages are
// random Markdown thick with link starts and addresses, next to every
// ASCII punctuation character and the elements they open and close.
func TestLinkifiable(t *testing.T) {
	pieces := []string{"http://x.no/a_b", "https://x.no)", "www.x.no", "ftp://x.no", "a@b.no", "x.y@z-q.com.",
		"@", "http", "a", "b c", " ", "  ", "\t", "\n", "\n\n", "- ", "> ", "1. ", "# ", "| a | b |\n|---|---|\n",
		"[a](b)", "![a](b)", "[^1]", "[x] ", "<b>", "<http://x.no>", "`", "``", "**", "~~", "&amp;"}
	for c := byte('!'); c <= '~'; c++ {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			pieces = append(pieces, string(c))
		}
	}
	rng := rand.New(rand.NewSource(3))
	n := 50000
	if testing.Short() {
		n = 5000
	}
	linkified, checked := 0, 0
	for i := range n {
		var page strings.Builder
		for range 1 + i%40 {
			page.WriteString(pieces[rng.Intn(len(pieces))])
		}
		src := []byte(page.String())
		marks := linkMarks(src)
		pc := parser.NewContext()
		guardOf(pc).work = DefaultLimits.MaxParseWork
		root := markdownNoLinkify().Parse(text.NewReader(src), parser.WithContext(pc))
		if len(marks) == 0 || guardOf(pc).problem != nil {
			continue
		}
		if linkifiable(root, src, marks) {
			linkified++
			continue
		}
		checked++
		// Where linkify cuts the text at a space, the white space at the
		// end of a line is kept; Plain collapses it either way.
		if a, b := lineEnds.ReplaceAllString(renderHTML(t, markdownNoLinkify(), src), "\n"),
			lineEnds.ReplaceAllString(renderHTML(t, markdown(), src), "\n"); a != b {
			t.Fatalf("HTML differs without linkify for %q:\nwithout: %q\nwith:    %q", src, a, b)
		}
		d1, err1 := Parse("x.md", src, DefaultLimits)
		parserOverride = markdown()
		d2, err2 := Parse("x.md", src, DefaultLimits)
		parserOverride = nil
		if (err1 == nil) != (err2 == nil) || err1 == nil && !reflect.DeepEqual(d1, d2) {
			t.Fatalf("Document differs without linkify for %q:\nwithout: %+v %v\nwith:    %+v %v", src, d1, err1, d2, err2)
		}
	}
	t.Logf("%d pages with link starts parsed without linkify, %d with it", checked, linkified)
	if checked < n/20 || linkified < n/20 {
		t.Errorf("%d pages parsed without linkify, %d with it: the test no longer covers both", checked, linkified)
	}
}
