package render

import (
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

// A page published is one change whose text is the whole page: the Hugo
// page folds that text under a summary, so the version reads as what
// happened to the page; an ordinary added paragraph stays open.
func TestHugoFoldsPagePublished(t *testing.T) {
	page := "Første avsnitt.\n\nAndre avsnitt."
	cl := &release.Changelog{
		Schema: release.Schema, Languages: []string{"nb"},
		Versions: []release.Version{{
			ID: "2.0", Class: classify.Substantive, Counts: release.Counts{Substantive: 2},
			Entries: []changes.Entry{{
				Commit: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d", Class: classify.Substantive,
				Documents: []classify.DocumentDiff{
					{Path: "content/a/_index.nb.md", Lang: "nb", Status: "added", Class: classify.Substantive, Changes: []classify.Change{{
						Op: align.Added, Class: classify.Substantive, Reasons: []string{classify.ReasonPagePublished},
						Explanation: "vesentlig: siden ble publisert (2 avsnitt, 4 ord)",
						New:         &classify.Side{Text: page}, Inline: []align.Span{ins(page)}, Fingerprint: "aa",
					}}},
					{Path: "content/b/_index.nb.md", Lang: "nb", Status: "modified", Class: classify.Substantive, Changes: []classify.Change{{
						Op: align.Added, Class: classify.Substantive, Reasons: []string{"prose-added"},
						New: &classify.Side{Text: "Et nytt avsnitt."}, Inline: []align.Span{ins("Et nytt avsnitt.")}, Fingerprint: "bb",
					}}},
				},
			}},
		}},
	}
	out, err := Hugo(cl, "nb")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	i := strings.Index(s, "<summary>Sidens tekst</summary>")
	if i < 0 || !strings.Contains(s[i:], "Første avsnitt.") || !strings.Contains(s[i:], "</details>") {
		t.Errorf("the published page's text is not folded under a summary:\n%s", s)
	}
	if j := strings.Index(s, "Et nytt avsnitt."); j < 0 || strings.Count(s[:j], "<details>") != strings.Count(s[:j], "</details>") {
		t.Errorf("an added paragraph is folded too:\n%s", s)
	}
}
