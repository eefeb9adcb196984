package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/render"
)

// The version head of `show VERSION` comes from the versions file, which
// nobody has vetted: a title cannot drive the terminal or open Markdown
// of its own, and a long one does not eat the comment's budget.
func TestVersionHeadIsEscaped(t *testing.T) {
	head := &render.VersionHead{
		ID:    "2.6",
		Date:  "2024-03-01",
		Title: release.Text{"en": "Evil \x1b[2J title\nwith <b>html</b> and [a link](javascript:alert(1))", "nb": "Ond"},
		From:  "e0ad99ecb1164f8c460413633693ad8f10fa6e82", Previous: "2.5",
		To: "1607c82b1e5428d05e4b5671e31069d697d65381", Revisions: 2,
	}
	d := syntheticDiff(1, 1)

	var text bytes.Buffer
	if err := render.VersionText(&text, head, d, render.TextOptions{Editorial: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(text.String(), "\n")
	if want := `Version 2.6  2024-03-01  Evil \x1b[2J title\nwith <b>html</b> and [a link](javascript:alert(1))`; lines[0] != want {
		t.Errorf("text head %q, want %q", lines[0], want)
	}
	if lines[1] != "  2.5 (e0ad99e) -> 2.6 (1607c82), 2 revisions" || lines[2] != "" {
		t.Errorf("text span %q, then %q", lines[1], lines[2])
	}
	if strings.Contains(text.String(), "\x1b") {
		t.Error("an escape sequence from the title reached the terminal")
	}

	var md bytes.Buffer
	if err := render.VersionComment(&md, head, d, render.CommentOptions{}); err != nil {
		t.Fatal(err)
	}
	first, rest, _ := strings.Cut(md.String(), "\n")
	if !strings.HasPrefix(first, "**Version 2.6** · 1 March 2024 · Evil") || !strings.HasSuffix(first, " — 2.5 (e0ad99e) → 2.6 (1607c82), 2 revisions") {
		t.Errorf("markdown head %q", first)
	}
	if strings.Contains(first, "<b>") || strings.Contains(first, "](javascript") || strings.Contains(first, "\x1b") {
		t.Errorf("markdown head lets the title through unescaped: %q", first)
	}
	if !strings.HasPrefix(rest, "\n**redline:** 1 substantive, 1 editorial change") {
		t.Errorf("the head is not followed by the comment's summary: %q", rest[:min(80, len(rest))])
	}

	var js bytes.Buffer
	if err := render.JSON(&js, render.VersionDiff{Version: head, Diff: d}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version   map[string]any    `json:"version"`
		Class     string            `json:"class"`
		Documents []json.RawMessage `json:"documents"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Version["id"] != "2.6" || got.Version["previous"] != "2.5" || got.Version["revisions"] != 2.0 || got.Class != "substantive" || len(got.Documents) != 1 {
		t.Errorf("json: %s", js.String()[:min(400, js.Len())])
	}
}

// The head and the comment together stay within --max-comment-chars,
// whatever the title's length.
func TestVersionCommentFits(t *testing.T) {
	head := &render.VersionHead{ID: "2.6", Date: "2024-03-01", Title: release.Text{"en": strings.Repeat("Very long title ", 500)},
		To: "1607c82b1e5428d05e4b5671e31069d697d65381", Revisions: 7}
	for _, max := range []int{1000, 5000, render.DefaultCommentChars} {
		var b bytes.Buffer
		if err := render.VersionComment(&b, head, syntheticDiff(40, 100), render.CommentOptions{MaxChars: max, Command: "redline show 2.6"}); err != nil {
			t.Fatal(err)
		}
		if b.Len() > max {
			t.Errorf("max %d: comment of %d bytes", max, b.Len())
		}
		first, _, _ := strings.Cut(b.String(), "\n")
		if !strings.HasPrefix(first, "**Version 2.6**") || !strings.Contains(first, "…") || !strings.HasSuffix(first, "the start of the history → 2.6 (1607c82), 7 revisions") {
			t.Errorf("max %d: head %q", max, first)
		}
		if !strings.Contains(b.String(), "see them all with: redline show 2.6") {
			t.Errorf("max %d: the cut comment does not name the command", max)
		}
	}
}
