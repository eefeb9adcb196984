package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/render"
)

// syntheticDiff has docs documents, each with n substantive and n
// editorial changes of a long paragraph.
func syntheticDiff(docs, n int) classify.Diff {
	d := classify.Diff{Class: classify.Substantive}
	text := strings.Repeat("The controller keeps the records and reviews the risk assessment every year. ", 4)
	for i := range docs {
		doc := classify.DocumentDiff{Path: fmt.Sprintf("content/dpia/page-%d.md", i), Status: "modified", Class: classify.Substantive}
		for k := range 2 * n {
			c := classify.Change{Op: align.Modified, Class: classify.Editorial, Reasons: []string{"spelling"},
				Explanation: "only the spelling changed", Section: []string{"Risk", fmt.Sprint(k)},
				Inline: []align.Span{{Op: align.SpanEqual, Text: text}, {Op: align.SpanDelete, Text: "30"}, {Op: align.SpanInsert, Text: "60"}}}
			if k%2 == 0 {
				c.Class, c.Reasons, c.Explanation = classify.Substantive, []string{"duration"}, "a duration changed"
			}
			doc.Changes = append(doc.Changes, c)
		}
		d.Documents = append(d.Documents, doc)
	}
	return d
}

func TestCommentFitsGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := render.DiffComment(&b, syntheticDiff(40, 100), render.CommentOptions{Command: "redline show HEAD"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if len(out) > render.DefaultCommentChars || len(out) > render.GitHubCommentLimit {
		t.Fatalf("comment of %d bytes, want at most %d", len(out), render.DefaultCommentChars)
	}
	first, _, _ := strings.Cut(out, "\n")
	if first != "**redline:** 4,000 substantive, 4,000 editorial changes in 40 documents" {
		t.Errorf("first line %q, want the summary", first)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	last := lines[len(lines)-1]
	shown := strings.Count(out, "\n- ")
	if want := fmt.Sprintf("**%s of 8,000 changes left out**", thousandsTest(8000-shown)); !strings.HasPrefix(last, want) ||
		!strings.HasSuffix(last, "see them all with: redline show HEAD") {
		t.Errorf("last line %q, want it to start %q and name the command", last, want)
	}
	// Substantive changes come first: no editorial one made it.
	if shown == 0 || strings.Contains(out, "<details>") || strings.Contains(out, "only the spelling") {
		t.Errorf("%d changes shown, editorial ones among them or none at all", shown)
	}
}

func thousandsTest(n int) string {
	s := fmt.Sprint(n)
	if len(s) > 3 {
		s = s[:len(s)-3] + "," + s[len(s)-3:]
	}
	return s
}

func TestCommentSmallUnchanged(t *testing.T) {
	d := syntheticDiff(2, 3)
	var full, got bytes.Buffer
	if err := render.DiffMarkdown(&full, d); err != nil {
		t.Fatal(err)
	}
	if err := render.DiffComment(&got, d, render.CommentOptions{Command: "redline show HEAD"}); err != nil {
		t.Fatal(err)
	}
	gotFirst, gotRest, _ := strings.Cut(got.String(), "\n")
	_, wantRest, _ := strings.Cut(full.String(), "\n")
	if gotFirst != "**redline:** 6 substantive, 6 editorial changes in 2 documents" {
		t.Errorf("summary %q", gotFirst)
	}
	if gotRest != wantRest {
		t.Errorf("body differs from DiffMarkdown's:\n%s\n---\n%s", gotRest, wantRest)
	}
}

// The command: markdown takes the budget of --max-comment-chars and names
// the command that shows everything.
func TestCommentCommand(t *testing.T) {
	var old, new []string
	for i := range 300 {
		old = append(old, fmt.Sprintf("Record set %d is kept for %d days before it is deleted by the processor.", i, 30+i))
		new = append(new, fmt.Sprintf("Record set %d is kept for %d days before it is deleted by the processor.", i, 60+i))
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "old.md"), filepath.Join(dir, "new.md")
	if err := os.WriteFile(a, []byte(page("Risk", old...)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte(page("Risk", new...)), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "diff", "--format", "markdown", "--max-comment-chars", "5000", a, b)
	if r.code != ExitOK || len(r.out) > 5000 || !strings.HasPrefix(r.out, "**redline:** ") ||
		!strings.Contains(r.out, "changes left out**") || !strings.Contains(r.out, "see them all with: redline diff") {
		t.Fatalf("--max-comment-chars 5000: %d bytes\n%s", len(r.out), r)
	}
	if !strings.Contains(r.out, "\n- ") {
		t.Errorf("no change shown within 5000 characters\n%s", r.out)
	}
}
