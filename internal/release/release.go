// Package release turns classified revisions into versions: the changelog
// value that every renderer receives unchanged.
package release

import (
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
)

// Schema is the version of the changelog.json contract. 2 added the
// proofs and significance of changes and the lexicons the proofs rest on.
const Schema = 2

// Changelog is the whole published change log.
type Changelog struct {
	Schema    int       `json:"schema"`
	Title     Text      `json:"title"`
	Languages []string  `json:"languages"`
	Versions  []Version `json:"versions"` // newest first; "Unreleased" first when present
	Warnings  []Warning `json:"warnings,omitempty"`
	// Lexicons names the dictionaries and thesauri editorial proofs
	// rested on ("nb dictionary: hunspell nb_NO"): a changelog made
	// without one proves less, and `changelog --check` says so.
	Lexicons []string `json:"lexicons,omitempty"`
	// Documents are the versions of each document of its own, by path,
	// with versions.per_document; absent without it.
	Documents []DocumentVersions `json:"documents,omitempty"`
}

// Text is a string per language code.
type Text map[string]string

// Version groups the revisions since the previous version.
type Version struct {
	ID            string          `json:"id"`             // "2.5", or "unreleased"
	Date          string          `json:"date,omitempty"` // YYYY-MM-DD
	Title         Text            `json:"title,omitempty"`
	Summary       Text            `json:"summary,omitempty"` // from the versions file and the generated counts
	Note          Text            `json:"note,omitempty"`
	Topics        []string        `json:"topics,omitempty"`
	Historical    bool            `json:"historical,omitempty"`    // predates the git history
	Reconstructed bool            `json:"reconstructed,omitempty"` // text reconstructed, see Note
	Revision      string          `json:"revision,omitempty"`      // the commit that closes it
	Source        string          `json:"source,omitempty"`        // how it was bound: versions-file, tag, trailer
	Class         classify.Class  `json:"class"`
	Counts        Counts          `json:"counts"`
	Entries       []changes.Entry `json:"entries"` // newest first
}

// Counts tallies a version's changes by class.
type Counts struct {
	Substantive int `json:"substantive"`
	Editorial   int `json:"editorial"`
}

// Warning is a finding that does not stop publishing, such as a section
// changed in substance in one language but not in its translation.
type Warning struct {
	Kind    string `json:"kind"` // "translation-sync"
	Version string `json:"version"`
	Path    string `json:"path"`
	Anchor  string `json:"anchor,omitempty"`
	Message string `json:"message"`
}
