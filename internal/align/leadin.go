package align

import (
	"strings"

	"github.com/digdir/redline/internal/document"
)

// boldLeadIn returns the text inside the bold run that opens a prose
// block, and the text after it: "**Oppbevaring.** Vi lagrer data." gives
// "Oppbevaring." and " Vi lagrer data.". A list marker and a task box
// before the bold are skipped. Such a lead-in is how a heading is often
// folded into the paragraph under it (and a paragraph's lead-in promoted
// to a heading), which bestRun pairs as one Merged or Split op.
func boldLeadIn(b *document.Block) (inner, rest string, ok bool) {
	if !prose(b.Kind) {
		return "", "", false
	}
	s := b.Norm
	if b.Kind == document.ListItem {
		s = strings.TrimPrefix(skipListMarker(s), "[ ] ")
		s = strings.TrimPrefix(strings.TrimPrefix(s, "[x] "), "[X] ")
	}
	if len(s) < 5 || s[:2] != "**" && s[:2] != "__" {
		return "", "", false
	}
	end := strings.Index(s[2:], s[:2])
	if end <= 0 {
		return "", "", false
	}
	return s[2 : 2+end], s[2+end+2:], true
}

// skipListMarker drops a leading bullet ("- ", "* ", "+ ") or number
// ("1. ", "1) ") from a list item's Norm.
func skipListMarker(s string) string {
	if len(s) >= 2 && s[1] == ' ' && (s[0] == '-' || s[0] == '*' || s[0] == '+') {
		return s[2:]
	}
	k := 0
	for k < len(s) && k < 9 && '0' <= s[k] && s[k] <= '9' {
		k++
	}
	if k > 0 && k+1 < len(s) && (s[k] == '.' || s[k] == ')') && s[k+1] == ' ' {
		return s[k+2:]
	}
	return s
}

// sameWords reports whether x and y hold the same words and numbers in
// the same order, ignoring case, punctuation and markup: "3.2 Oppbevaring"
// and "3.2 oppbevaring:" do. A number's trailing dot is punctuation here,
// since the tokenizer keeps it on a Norwegian ordinal ("3. oppbevaring")
// but not before a capital ("3. Oppbevaring"). Two texts without words are
// not the same: there is nothing to go by.
func sameWords(x, y string) bool {
	i, j := 0, 0
	n := 0
	for {
		var wx, wy string
		wx, i = nextWord(x, i)
		wy, j = nextWord(y, j)
		if wx == "" || wy == "" {
			return wx == wy && n > 0
		}
		if !strings.EqualFold(strings.TrimSuffix(wx, "."), strings.TrimSuffix(wy, ".")) {
			return false
		}
		n++
	}
}

// nextWord returns the first word token of s at or after i and the offset
// after it, or "" at the end of s.
func nextWord(s string, i int) (string, int) {
	for i < len(s) {
		n := tokenLen(s, i)
		t := s[i : i+n]
		i += n
		if tokenKind(t) == tokWord {
			return t, i
		}
	}
	return "", i
}
