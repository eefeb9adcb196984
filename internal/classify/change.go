// Package classify turns aligned documents into classified changes: each
// change gets a class (substantive or editorial), stable machine-readable
// reasons and a sentence a reviewer can read. Its types are the JSON
// contract of `redline diff --format json`; later stages extend it and
// never break it.
package classify

import "github.com/digdir/redline/internal/align"

// Class orders changes by how much they matter: None < Editorial < Substantive.
type Class string

const (
	None        Class = "none"
	Editorial   Class = "editorial"
	Substantive Class = "substantive"
)

// Rank gives the order of classes, so that the class of a document or a
// diff is the highest of its changes.
func (c Class) Rank() int {
	switch c {
	case Substantive:
		return 2
	case Editorial:
		return 1
	}
	return 0
}

// Max returns the higher of two classes.
func Max(a, b Class) Class {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

// Diff is the comparison of two sets of documents.
type Diff struct {
	Class     Class          `json:"class"`
	Documents []DocumentDiff `json:"documents"`
}

// DocumentDiff is the comparison of two versions of one document.
type DocumentDiff struct {
	Path    string `json:"path"`
	OldPath string `json:"old_path,omitempty"` // set when renamed
	Lang    string `json:"lang"`
	URL     string `json:"url,omitempty"` // the page's public URL, when configured
	// Status is added, removed, modified, renamed or unchanged.
	Status string `json:"status"`
	// TranslationOf names the page this one translates, when it was
	// added beside it as a language variant.
	TranslationOf string   `json:"translation_of,omitempty"`
	Class         Class    `json:"class"`
	Changes       []Change `json:"changes"`
	Notes         []string `json:"notes,omitempty"` // warnings that did not stop the diff
}

// Change is one classified paragraph-level change.
type Change struct {
	Op          align.OpKind `json:"op"` // added, removed, modified, moved, split, merged; "front-matter" for metadata
	Class       Class        `json:"class"`
	Reasons     []string     `json:"reasons"`
	Explanation string       `json:"explanation"`
	// Explanations is the explanation in other languages, by language
	// ("nb"): the same reasons and evidence in that language's words, for
	// pages in that language. Explanation stays the English sentence.
	Explanations map[string]string `json:"explanations,omitempty"`
	Topics       []string          `json:"topics"`
	Section      []string          `json:"section"`
	Anchor       string            `json:"anchor"`
	// URL is the deep link readers follow to the changed paragraph: the
	// page's public URL, the section anchor and a text fragment
	// (#anchor:~:text=...) that scrolls to the paragraph itself. Set by
	// changes when the page has a public URL.
	URL    string       `json:"url,omitempty"`
	Old    *Side        `json:"old,omitempty"`
	New    *Side        `json:"new,omitempty"`
	Inline []align.Span `json:"inline,omitempty"`
	// Fingerprint identifies the change's block stably across runs (a short
	// hash of the old and new normalised text), for overrides.
	Fingerprint string    `json:"fingerprint"`
	Override    *Override `json:"override,omitempty"`
	// Proofs back an editorial claim: every changed run of an editorial
	// change is covered by one, and each says what it rests on. A
	// substantive change lists the proofs of the runs that had one.
	Proofs []Proof `json:"proofs,omitempty"`
	// Significance grades a substantive change from 0 to 1 (two decimals)
	// so that a reviewer can read the weightiest first. It never makes a
	// change editorial; editorial changes have none.
	Significance float64 `json:"significance,omitempty"`
}

// Proof is one changed run of text and the proof that it leaves the
// meaning alone.
type Proof struct {
	Kind string `json:"kind"` // the editorial reason it proves: spelling, inflection, synonym, same-reference, ...
	Old  string `json:"old"`  // the run as it was ("" when nothing stood there)
	New  string `json:"new"`
	// By names what the proof rests on: a lexicon ("hunspell nb_NO",
	// "WordNet"), a rule ("date", "legal reference", "same letters") or
	// the configuration ("redline.yaml aliases").
	By string `json:"by,omitempty"`
}

// Side is one side of a change.
type Side struct {
	Text  string `json:"text"`
	Lines [2]int `json:"lines"` // first and last line, 1-based
}

// Override records that a person set a change's class by hand.
type Override struct {
	From   Class  `json:"from"`   // the class the rules gave
	Source string `json:"source"` // "trailer" (Change-Class in the commit) or "overrides-file"
	Reason string `json:"reason"`
}

// OpFrontMatter is the op of a change to the page's front matter.
const OpFrontMatter align.OpKind = "front-matter"
