package document

import (
	"fmt"
	"strings"
	"testing"
)

// filler returns paragraphs of distinct lines, more than minGap bytes,
// for text kept between two edits; tag keeps fillers of one page apart.
func filler(tag string) string {
	var b strings.Builder
	for i := 0; b.Len() <= 2*minGap; i++ {
		fmt.Fprintf(&b, "Paragraph %s%d stays as it is between\nthe two edits of the page, on two lines.\n\n", tag, i)
	}
	return b.String()
}

// TestParseNextRegions: pages edited in two or more places far apart,
// where ParseNext parses each place again on its own and keeps what is
// between, and traps where an edit changes how the kept text between
// parses. Each case is checked both ways. split says whether the kept
// text must not be parsed again (the regions stay apart).
func TestParseNextRegions(t *testing.T) {
	f1, f2, f3 := filler("a"), filler("b"), filler("c")
	for _, tc := range []struct {
		name     string
		old, new string
		split    bool
	}{
		{"first and last block",
			"First\n\n" + f1 + "Last\n",
			"First edited\n\n" + f1 + "Last edited\n", true},
		{"first and last block, no final newline",
			"First\n\n" + f1 + "Last",
			"First\n\nmore\n\n" + f1 + "Last edited", true},
		{"three edits",
			"# T\n\nA\n\n" + f1 + "B\n\n" + f2 + "C\n\n" + f3 + "D\n",
			"# T\n\nA2\n\n" + f1 + "B2\n\n" + f2 + "C\n\n" + f3 + "D2\n", true},
		{"lines added before a kept section",
			"# T\n\nA\n\n## S\n\n" + f1 + "B\n\n" + f2,
			"# T\n\nA\nmore\nlines\n\n## S\n\n" + f1 + "B2\n\n" + f2, true},
		{"lines removed before a kept section, and after",
			"# T\n\nA\nmore\nlines\n\n## S\n\n" + f1 + "B\n\n" + f2 + "C\n",
			"# T\n\nA\n\n## S\n\n" + f1 + "B\nb\n\n" + f2 + "C\nc\nc\n", true},
		{"blocks deleted in the middle",
			"A\n\n" + f1 + "B\n\nB2\n\nB3\n\n" + f2 + "C\n",
			"A2\n\n" + f1 + f2 + "C\n", true},
		{"blocks inserted in the middle",
			"A\n\n" + f1 + f2 + "C\n",
			"A\n\n" + f1 + "New\n\n- list\n- more\n\n" + f2 + "C2\n", true},
		{"crlf",
			strings.ReplaceAll("# T\n\nA\n\n## S\n\n"+f1+"B\n\n"+f2, "\n", "\r\n"),
			strings.ReplaceAll("# T\n\nA\nmore\n\n## S\n\n"+f1+"B2\n\n"+f2, "\n", "\r\n"), true},
		{"front matter and body",
			"---\ntitle: a\n---\nA\n\n" + f1 + "B\n",
			"---\ntitle: b\nweight: 2\n---\nA2\n\n" + f1 + "B2\n", true},
		{"paragraph moved",
			"Moved paragraph\n\n" + f1 + f2 + "End\n",
			f1 + "Moved paragraph\n\n" + f2 + "End\n", true},

		{"fence opened in one edit, closed in the next",
			"A\n\n" + f1 + "B\n\n" + f2,
			"```\nA\n\n" + f1 + "```\nB\n\n" + f2, false},
		{"fence opened between two edits",
			"A\n\n" + f1 + "B\n\n" + f2 + "C\n\n" + f3,
			"A2\n\n" + f1 + "```\nB\n\n" + f2 + "C2\n\n" + f3, false},
		{"fence closed between two edits",
			"A\n\n```\n" + f1 + "B\n\n" + f2 + "C\n",
			"A2\n\n```\n" + f1 + "```\n\nB\n\n" + f2 + "C2\n", false},
		{"html comment opened in one edit, closed in the next",
			"A\n\n" + f1 + "B\n\n" + f2,
			"<!--\nA\n\n" + f1 + "-->\nB\n\n" + f2, false},
		{"shortcode opened in one edit, closed in the next",
			"A\n\n" + f1 + "B\n\n" + f2,
			"{{< x\nA\n\n" + f1 + ">}}\nB\n\n" + f2, false},
		{"list item heading renumbers kept headings",
			"# Intro\n\n- one\n- two\n\n" + f1 + "# Intro\n\nx\n\n" + f2 + "# Other\n\ny\n\n" + f3 + "# Intro\n\nz\n",
			"# Intro\n\n- one\n- # Intro\n\n" + f1 + "# Intro\n\nx\n\n" + f2 + "# Intro\n\ny\n\n" + f3 + "# Intro\n\nz\n", true},
		{"explicit id takes a kept heading's id",
			"# Intro\n\nA\n\n" + f1 + "# Intro\n\nx\n\n" + f2 + "B\n",
			"# Intro {#intro-1}\n\nA\n\n" + f1 + "# Intro\n\nx\n\n" + f2 + "B2\n", true},
		{"edit pulls kept text into a list",
			"- one\n- two\n\n" + f1 + "B\n\n" + f2,
			"- one\n- two\n\n  " + f1 + "B2\n\n" + f2, true},
		{"edit pulls all kept text into a list",
			"- one\n- two\n\n" + f1 + "B\n\n" + f2,
			"- one\n- two\n\n" + strings.ReplaceAll(f1, "\n", "\n  ") + "B2\n\n" + f2, false},
		{"edit makes kept text a lazy continuation",
			"> quote\n\n" + f1 + "B\n\n" + f2,
			"> quote\n" + f1 + "B2\n\n" + f2, true},
		{"indented code grows across kept text",
			"    code\n\nP\n\n" + f1 + "B\n\n" + f2,
			"    code\n\n    P\n\n" + f1 + "B2\n\n" + f2, true},
		{"kept paragraph becomes a table",
			"A\n\n| a | b |\n\n" + f1 + "B\n\n" + f2,
			"A2\n\n| a | b |\n|---|---|\n\n" + f1 + "B2\n\n" + f2, true},
		{"heading levels change around kept sections",
			"# A\n\n## B\n\n" + f1 + "### C\n\n" + f2 + "## D\n",
			"# A\n\n### B\n\n" + f1 + "### C\n\n" + f2 + "# D\n", true},
		{"every other paragraph",
			"A\n\n" + f1 + "B\n\n" + f2 + "C\n\n" + f3 + "D\n\n" + f1,
			"A2\n\n" + f1 + "B2\n\n" + f2 + "C2\n\n" + f3 + "D2\n\n" + f1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, dir := range [][2]string{{tc.old, tc.new}, {tc.new, tc.old}} {
				fast, why := checkNext(t, dir[0], dir[1])
				if !fast {
					t.Errorf("full parse: %s", why)
					continue
				}
				prev, _ := Parse("page.md", []byte(dir[0]), DefaultLimits)
				_, _, n := parseNextCount(prev, "page.md", []byte(dir[1]), DefaultLimits)
				if split := n < len(f1); split != tc.split {
					t.Errorf("%d bytes parsed again, want the kept text parsed again: %v", n, !tc.split)
				}
			}
		})
	}
}

// TestParseNextNarrow: pages where the blocks after an edit open with
// what could be a list marker, or are a list after a paragraph, and
// ParseNext parses again little more than the edited block: a line like
// "**Bold**" or "---" is no list item, and a list after a block outside
// any list starts afresh (the parse before shows it). Each case is
// checked both ways; max is the most ParseNext may parse again.
func TestParseNextNarrow(t *testing.T) {
	page := func(section func(i int) string) string {
		var b strings.Builder
		for i := range 30 {
			b.WriteString(section(i))
		}
		return b.String()
	}
	edit := func(p, from, to string) string {
		if !strings.Contains(p, from) {
			t.Fatalf("%q not in page", from)
		}
		return strings.Replace(p, from, to, 1)
	}
	bold := page(func(i int) string {
		return fmt.Sprintf("**%d. Title**\n\nText of section %d, which\nruns on two lines.\n\n--%d--\n\n+%d\n\n***\n\n", i, i, i, i)
	})
	lists := page(func(i int) string {
		return fmt.Sprintf("Paragraph %d before the list.\n\n* item %d.1\n* item %d.2\n\n1. step %d.1\n2. step %d.2\n\n", i, i, i, i, i)
	})
	loose := page(func(i int) string {
		return fmt.Sprintf("## Heading %d\n\n- item %d.1\n\n- item %d.2\n\n  more of %d.2\n\n", i, i, i, i)
	})
	for _, tc := range []struct {
		name     string
		old, new string
		max      int
	}{
		{"bold titles", bold, edit(bold, "section 12,", "section twelve,"), 60},
		{"lines of dashes and pluses", bold, edit(bold, "--12--", "--twelve--"), 20},
		{"paragraph before a list", lists, edit(lists, "Paragraph 12 ", "Paragraph twelve "), 40},
		{"list after a paragraph", lists, edit(lists, "item 12.2", "item twelve.2"), 60},
		{"list after a list", lists, edit(lists, "step 12.2", "step twelve.2"), 60},
		{"loose list after a heading", loose, edit(loose, "more of 12.2", "more of twelve.2"), 60},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, dir := range [][2]string{{tc.old, tc.new}, {tc.new, tc.old}} {
				if fast, why := checkNext(t, dir[0], dir[1]); !fast {
					t.Fatalf("full parse: %s", why)
				}
				prev, _ := Parse("page.md", []byte(dir[0]), DefaultLimits)
				if _, _, n := parseNextCount(prev, "page.md", []byte(dir[1]), DefaultLimits); n > tc.max {
					t.Errorf("%d bytes parsed again, want at most %d", n, tc.max)
				}
			}
		})
	}
}
