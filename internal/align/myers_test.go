package align

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/digdir/redline/internal/align/myers"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// goDiffScript is go-diff's script of x against y, with no timeout.
func goDiffScript(x, y []int32) []myers.Piece {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	rs := func(ids []int32) []rune { return ids }
	var out []myers.Piece
	for _, df := range dmp.DiffMainRunes(rs(x), rs(y), false) {
		op := map[diffmatchpatch.Operation]myers.Op{diffmatchpatch.DiffEqual: myers.Equal, diffmatchpatch.DiffDelete: myers.Delete, diffmatchpatch.DiffInsert: myers.Insert}[df.Type]
		out = append(out, myers.Piece{Op: op, N: utf8.RuneCountInString(df.Text)})
	}
	return out
}

// The leaves of the word diffs are go-diff's scripts on the token ids of
// real revisions too.
func TestMyersMatchesGoDiffOnText(t *testing.T) {
	pairs := iteraterPairs(t)
	var m myers.Differ
	for k, p := range pairs {
		intern := map[string]int32{}
		ids := func(s string) []int32 {
			var out []int32
			for _, tok := range Tokenize(s) {
				id, ok := intern[tok]
				if !ok {
					id = int32(len(intern))
					intern[tok] = id
				}
				out = append(out, id)
			}
			return out
		}
		x, y := ids(p[0]), ids(p[1])
		if got, want := m.Script(x, y), goDiffScript(x, y); !slices.Equal(got, want) {
			t.Fatalf("pair %d:\n got %v\nwant %v", k, got, want)
		}
	}
}

// TestWordsWithTimeout runs the leaves through go-diff itself, as a
// timeout asks, and checks that the spans still give back both texts.
func TestWordsWithTimeout(t *testing.T) {
	opt := DefaultOptions()
	opt.Timeout = time.Minute
	for _, p := range [][2]string{
		{pIntro, pPhase},
		{pVersion, strings.Replace(pVersion, "10. juli 2023", "1. mars 2024", 1)},
		{pRights + " " + pSec, pSec + " " + pRights},
	} {
		if err := checkSpans(p[0], p[1], Words(p[0], p[1], opt)); err != nil {
			t.Error(err)
		}
	}
}
