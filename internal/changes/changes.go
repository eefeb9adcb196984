// Package changes is the stage between classify and release: it turns
// history revisions into classified entries. It reads each pair of
// versions a revision changed (from the repository's objects or a given
// reader), parses and classifies them on a bounded pool of workers, with
// a cache of parsed versions and an optional cache of comparisons on disk,
// reaches back past unreadable versions along a page's lineage, folds an
// added translation into one editorial change, and hands the entries on
// newest first. What a commit's trailers and the overrides file say is
// release's to apply, through ClassifyOptions.Publish.
package changes

import (
	"time"

	"github.com/digdir/redline/internal/classify"
)

// Entry is one classified revision: the objects of `redline log --format json`.
type Entry struct {
	Commit    string                  `json:"commit"`
	Parents   []string                `json:"parents"`
	Date      time.Time               `json:"date"`
	Author    string                  `json:"author"`
	Subject   string                  `json:"subject"`
	URL       string                  `json:"url,omitempty"` // commit link, from the configured template
	Class     classify.Class          `json:"class"`
	Documents []classify.DocumentDiff `json:"documents"`
}

// short is the abbreviated commit or object id notes name.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
