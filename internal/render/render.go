// Package render turns the contract values of the pipeline — a
// classify.Diff, a list of changes.Entry, a *release.Changelog — into what
// people and machines read: a terminal view, Markdown for pull requests and
// Hugo, JSON, an Atom feed and a self-contained HTML report. Renderers only
// format: every class, reason, count and grouping into versions is taken
// from the value as it is, so that all formats say the same thing as the
// JSON.
package render

import (
	"fmt"
	"strings"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

// Error is a rendering or output failure, with a line saying how to fix it
// (the same shape as the other stages' errors, so the CLI prints the hint).
type Error struct {
	Msg, Hint string
	Err       error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// ref points at one change inside a version, with the entry and document
// it belongs to, so that a flat list of changes can still link to its
// commit and its page.
type ref struct {
	entry *changes.Entry
	doc   *classify.DocumentDiff
	ch    *classify.Change
}

// changesOf lists a version's changes of one class, newest entry first, in
// document order within an entry. lang "" selects every language; a
// document without a language is shown on every language's page.
func changesOf(v *release.Version, lang string, class classify.Class) []ref {
	var out []ref
	for i := range v.Entries {
		e := &v.Entries[i]
		for j := range e.Documents {
			d := &e.Documents[j]
			if lang != "" && d.Lang != "" && d.Lang != lang {
				continue
			}
			for k := range d.Changes {
				if d.Changes[k].Class == class {
					out = append(out, ref{entry: e, doc: d, ch: &d.Changes[k]})
				}
			}
		}
	}
	return out
}

// page is a run of changes to one document, for compact listings.
type page struct {
	doc  *classify.DocumentDiff
	refs []ref
}

// byPage groups changes by document path, pages in order of first
// appearance, so the grouping is as stable as the input.
func byPage(refs []ref) []page {
	var out []page
	index := map[string]int{}
	for _, r := range refs {
		i, ok := index[r.doc.Path]
		if !ok {
			i = len(out)
			index[r.doc.Path] = i
			out = append(out, page{doc: r.doc})
		}
		out[i].refs = append(out[i].refs, r)
	}
	return out
}

// findVersion returns the version with the given id.
func findVersion(cl *release.Changelog, id string) (*release.Version, error) {
	var ids []string
	for i := range cl.Versions {
		if cl.Versions[i].ID == id {
			return &cl.Versions[i], nil
		}
		ids = append(ids, cl.Versions[i].ID)
	}
	hint := "the changelog has no versions yet"
	if len(ids) > 0 {
		hint = "choose one of: " + strings.Join(ids, ", ")
	}
	return nil, &Error{Msg: fmt.Sprintf("no version %q in the changelog", id), Hint: hint}
}

// warningsOf returns the warnings filed under a version.
func warningsOf(cl *release.Changelog, id string) []release.Warning {
	var out []release.Warning
	for _, w := range cl.Warnings {
		if w.Version == id {
			out = append(out, w)
		}
	}
	return out
}
