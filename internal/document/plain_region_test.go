package document

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// checkPlainRegion checks plainRegion against treeRegion, goldmark's
// parse, on the region text followed, when more, by the line next: where
// plainRegion takes the region, both must give the same blocks and no
// headings. It reports whether plainRegion took it.
func checkPlainRegion(t *testing.T, text string, more bool, next string) bool {
	t.Helper()
	if text == "" {
		return false // parseRegion has nothing to parse
	}
	part := []byte(text)
	if more {
		part = append(part, next...)
	}
	const base = 7
	got, ok := plainRegion(part, len(text), more, base)
	if !ok {
		return false
	}
	want, heads, why := treeRegion("page.md", part, len(text), more, shortcodes(part), base, DefaultLimits.MaxParseWork)
	if why != "" || len(heads) > 0 || len(want) == 0 || want[0].Start != 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("plainRegion(%q, more %v, next %q):\n got %+v\nwant %+v, %d headings (%s)", text, more, next, got, want, len(heads), why)
	}
	return true
}

// TestPlainRegionGenerated holds plainRegion to goldmark on regions made
// of plain words and of everything that makes a line more than plain
// text, at its start, within it and at its end.
func TestPlainRegionGenerated(t *testing.T) {
	words := []string{"lorem", "Ipsum", "dolor,", "sit.", "Ærlig", "naïve", "e\u0301t", "(amet)", "\"q\"", "it's",
		"50%", "a-b", "a/b", "1+1=2", "$5", "ok!", "why?", "x;", "Merk:", "2024", "ﬁ", "\u00a0", "…",
		"\u0301x", "\ufeff", "\u2028", "\u3000"}
	risky := []string{"*em*", "_em_", "~s~", "`c`", "[a](b)", "![i](j)", "<b>", "a<b", "&amp;", "&", "\\*", "www.x.no",
		"http://x", "https:", "ftp://x", "a@b.no", "{{< x >}}", "{: .c }", "{#id}", "|", "a|b", "^", "#", "]", "[",
		"\t", "\r", "\f", "  ", "\\", "x>y", "~~", "'", ":", "[^1]", "http", "www"}
	starts := []string{"", "", "", "- ", "* ", "+ ", "1. ", "1) ", "2024 ", "# ", "> ", "    ", " ", "\t",
		"===", "---", "***", ": ", "| ", "<div>", "```", "~~~", "[a]: /u", "{{< x >}}", "2. ", "É"}
	rng := rand.New(rand.NewSource(1))
	line := func() string {
		switch rng.Intn(20) {
		case 0, 1, 2, 3, 4:
			return ""
		case 5:
			return "[a]: /u"
		case 6:
			return "[^1]: Note"
		}
		var b strings.Builder
		if rng.Intn(3) == 0 {
			b.WriteString(starts[rng.Intn(len(starts))])
		}
		for i, n := 0, 1+rng.Intn(6); i < n; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			if rng.Intn(8) == 0 {
				b.WriteString(risky[rng.Intn(len(risky))])
			} else {
				b.WriteString(words[rng.Intn(len(words))])
			}
		}
		if rng.Intn(10) == 0 {
			b.WriteString([]string{" ", "  ", "\t", "\\"}[rng.Intn(4)])
		}
		return b.String()
	}
	taken := 0
	for range 50000 {
		var b strings.Builder
		for i, n := 0, 1+rng.Intn(6); i < n; i++ {
			b.WriteString(line())
			b.WriteByte('\n')
		}
		more := rng.Intn(2) == 0
		text := b.String()
		if !more && rng.Intn(2) == 0 {
			text = strings.TrimSuffix(text, "\n")
		}
		if more && rng.Intn(2) == 0 {
			text += "\n" // a region followed by more ends with an empty line
		}
		if checkPlainRegion(t, text, more, line()+"\n") {
			taken++
		}
	}
	if taken < 1000 {
		t.Errorf("plainRegion took %d regions, too few for the test to mean anything", taken)
	}
}

// TestPlainRegionPages holds plainRegion to goldmark on regions of real
// pages: runs of one to three of their parts between blank lines.
func TestPlainRegionPages(t *testing.T) {
	var pages [][]byte
	files, _ := filepath.Glob("testdata/*.md")
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, src)
	}
	if _, err := os.Stat(corpusBundle); err == nil && !testing.Short() {
		// The last version of every page of the corpus.
		c := openCorpus(t)
		last := map[string]string{}
		for _, ch := range c.changes {
			last[ch.path] = ch.new
		}
		for _, id := range last {
			src, err := c.blob(id)
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, src)
		}
	}
	taken := 0
	for _, src := range pages {
		// Starts of lines after a blank line.
		var starts []int
		for i := bytes.Index(src, []byte("\n\n")); i >= 0; {
			starts = append(starts, i+2)
			j := bytes.Index(src[i+2:], []byte("\n\n"))
			if j < 0 {
				break
			}
			i += 2 + j
		}
		for k, a := range starts {
			for n := 1; n <= 3; n++ {
				if k+n >= len(starts) {
					if checkPlainRegion(t, string(src[a:]), false, "") {
						taken++
					}
					break
				}
				end := starts[k+n]
				next := src[end:lineEnd(src, end)]
				if checkPlainRegion(t, string(src[a:end]), true, string(next)) {
					taken++
				}
			}
		}
	}
	if taken < 100 {
		t.Errorf("plainRegion took %d regions, too few for the test to mean anything", taken)
	}
	t.Logf("%d regions of plain paragraphs in %d pages", taken, len(pages))
}

// TestParseNextPlain: the edits of a synthetic history (a word replaced,
// a paragraph added, removed or rewritten), which ParseNext parses
// without goldmark, give what Parse gives.
func TestParseNextPlain(t *testing.T) {
	old := string(smallPage(3))
	paras := strings.Split(old, "\n\n")
	join := func(ps []string) string { return strings.Join(ps, "\n\n") }
	edits := []string{
		string(editParagraph([]byte(old))),
		join(append(append(append([]string{}, paras[:4]...), "a new paragraph, in two\nlines."), paras[4:]...)),
		join(append(append([]string{}, paras[:4]...), paras[5:]...)),
		join(append(append([]string{}, paras[:len(paras)-1]...), "Rewritten: the last one.")),
		join(append(append(append([]string{}, paras[:2]...), "Rewritten the first.\n"), paras[3:]...)),
		old + "\nOne more at the end.\n",
	}
	for _, new := range edits {
		if reused, why := checkNext(t, old, new); !reused {
			t.Errorf("full parse (%s) of %q", why, new)
		}
		if reused, why := checkNext(t, new, old); !reused {
			t.Errorf("full parse (%s) of %q", why, old)
		}
	}
}
