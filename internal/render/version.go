package render

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// VersionHead heads the comparison `redline show VERSION` prints: the
// version, and the span of history the comparison covers. Its texts come
// from the versions file and git, which nobody has vetted: the views
// escape them.
type VersionHead struct {
	ID    string       `json:"id"`
	Date  string       `json:"date,omitempty"`
	Title release.Text `json:"title,omitempty"`
	// Previous is the version compared from; "" when no older version
	// has a revision.
	Previous string `json:"previous,omitempty"`
	// From is the commit compared from; "" when the comparison starts
	// before the first revision, every document in it added.
	From string `json:"from,omitempty"`
	// To is the commit that closes the version.
	To string `json:"to"`
	// Revisions counts the version's revisions of the tracked documents.
	Revisions int `json:"revisions"`
}

// VersionDiff is `redline show VERSION --format json`: the diff `show REV`
// writes, with the version it shows.
type VersionDiff struct {
	Version *VersionHead `json:"version"`
	classify.Diff
}

// maxHeadTitle caps the title in a head line, in characters: a versions
// file may hold a title of any length, and a pull-request comment has a
// budget.
const maxHeadTitle = 200

// headParts are the pieces of a head line, unescaped: "Version 2.6", the
// date (as day writes it), the title, and the span ("2.5 (e0ad99e) -> 2.6
// (1607c82), 2 revisions", with arrow between).
func headParts(h *VersionHead, l *present.Labels, day func(string) string, arrow string) (name, date, title, span string) {
	name = l.VersionTitle(h.ID)
	date = day(h.Date)
	title = present.Pick(h.Title, l.Lang, nil)
	if strings.EqualFold(title, name) {
		title = "" // unreleased is titled so
	}
	if utf8.RuneCountInString(title) > maxHeadTitle {
		title = string([]rune(title)[:maxHeadTitle-1]) + "…"
	}
	from := "the start of the history"
	switch {
	case h.Previous != "" && h.From != "":
		from = h.Previous + " (" + present.ShortHash(h.From) + ")"
	case h.From != "":
		from = present.ShortHash(h.From)
	}
	span = fmt.Sprintf("%s %s %s (%s), %s", from, arrow, h.ID, present.ShortHash(h.To), present.Count(h.Revisions, "revision", "revisions"))
	return name, date, title, span
}

// VersionText writes the terminal view of `show VERSION`: a line naming
// the version (id, date, title), a line with the span compared, then
// what DiffText writes.
func VersionText(w io.Writer, h *VersionHead, d classify.Diff, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	t := &termWriter{w: bw, color: opt.Color, width: opt.Width}
	name, date, title, span := headParts(h, present.LabelsFor("en"), func(s string) string { return s }, "->")
	line := t.style(sgrBold, termSafe(name, true))
	for _, s := range []string{date, title} {
		if s != "" {
			line += "  " + termSafe(s, true)
		}
	}
	t.line(line)
	t.line("  " + termSafe(span, true))
	t.line("")
	if err := bw.Flush(); err != nil {
		return err
	}
	return DiffText(w, d, opt)
}

// VersionComment writes `show VERSION` as a pull-request comment: a line
// naming the version and the span compared, then what DiffComment
// writes, within o.MaxChars all told.
func VersionComment(w io.Writer, h *VersionHead, d classify.Diff, o CommentOptions) error {
	l := present.LabelsFor("en")
	name, date, title, span := headParts(h, l, l.Date, "→")
	line := "**" + mdText(name) + "**"
	for _, s := range []string{date, title} {
		if s != "" {
			line += " · " + mdText(s)
		}
	}
	line += " — " + mdText(span) + "\n\n"
	max := o.MaxChars
	if max <= 0 {
		max = DefaultCommentChars
	}
	o.MaxChars = max - len(line)
	var b bytes.Buffer
	b.WriteString(line)
	if err := DiffComment(&b, d, o); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
