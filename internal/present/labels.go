package present

import (
	"fmt"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

// Labels are the words that the published outputs and the web view both
// use, in one language: the name of a class, an operation and a document
// status, a version's heading, who set a class by hand. Words only one of
// them uses stay in its own package, which embeds these.
//
// Norwegian bokmål ("nb") and English ("en") exist; any other language
// gets English (see LabelsFor).
type Labels struct {
	Lang string
	// The classes as words, mid-sentence: "vesentlig", "editorial".
	// NoneClass names classify.None and anything not substantive or
	// editorial.
	Substantive, Editorial, NoneClass string
	// Historic marks a version from before version control where a
	// class would stand: it has no class, and no change either.
	Historic                  string
	Reasons, Topics           string
	Historical, Reconstructed string // notes on a version
	VersionN                  string // "Versjon %s", a heading
	Unreleased                string // the unreleased version's heading
	// OverrideN says who set a class by hand: source, the class the rules
	// gave, the reason.
	OverrideN                 string
	SourceTrailer, SourceFile string
	ops                       map[align.OpKind]string
	statuses                  map[string]string
	// The plural forms, for counts (see Count): "vesentlige", "changes".
	substantiveMany, editorialMany string
	change, changes                string
	reasons, topics                map[string]string
}

// Languages are the languages Labels exist in, the source language first.
var Languages = []string{"nb", "en"}

var labelSets = map[string]*Labels{
	"nb": {
		Lang:        "nb",
		Substantive: "vesentlig", Editorial: "redaksjonell", NoneClass: "ingen endring",
		Historic:        "historisk",
		substantiveMany: "vesentlige", editorialMany: "redaksjonelle",
		change: "endring", changes: "endringer",
		reasons: reasonsNB, topics: topicsNB,
		Reasons: "Grunner", Topics: "Emner",
		Historical:    "Historisk versjon, fra før dokumentet kom under versjonskontroll.",
		Reconstructed: "Teksten i denne versjonen er rekonstruert.",
		VersionN:      "Versjon %s",
		Unreleased:    "Uutgitt",
		OverrideN:     "klasse satt manuelt (%s; reglene ga %s): %s",
		SourceTrailer: "Change-Class-trailer", SourceFile: "overstyringsfil",
		ops: map[align.OpKind]string{
			align.Added: "lagt til", align.Removed: "fjernet", align.Modified: "endret",
			align.Moved: "flyttet", align.Split: "delt", align.Merged: "slått sammen",
			classify.OpFrontMatter: "metadata",
		},
		statuses: map[string]string{"added": "lagt til", "removed": "fjernet", "modified": "endret", "renamed": "omdøpt", "unchanged": "uendret"},
	},
	"en": {
		Lang:        "en",
		Substantive: "substantive", Editorial: "editorial", NoneClass: "no change",
		Historic:        "historical",
		substantiveMany: "substantive", editorialMany: "editorial",
		change: "change", changes: "changes",
		reasons: reasonsEN, topics: topicsEN,
		Reasons: "Reasons", Topics: "Topics",
		Historical:    "Historical version, from before the document was under version control.",
		Reconstructed: "The text of this version is reconstructed.",
		VersionN:      "Version %s",
		Unreleased:    "Unreleased",
		OverrideN:     "class set by hand (%s; the rules said %s): %s",
		SourceTrailer: "Change-Class trailer", SourceFile: "overrides file",
		ops: map[align.OpKind]string{
			align.Added: "added", align.Removed: "removed", align.Modified: "modified",
			align.Moved: "moved", align.Split: "split", align.Merged: "merged",
			classify.OpFrontMatter: "metadata",
		},
		statuses: map[string]string{"added": "added", "removed": "removed", "modified": "modified", "renamed": "renamed", "unchanged": "unchanged"},
	},
}

// LabelsFor returns the labels of lang, or English when there are none
// in lang, so that a page is never missing a word.
func LabelsFor(lang string) *Labels {
	if l, ok := labelSets[lang]; ok {
		return l
	}
	return labelSets["en"]
}

// HasLabels says whether lang has labels of its own.
func HasLabels(lang string) bool {
	_, ok := labelSets[lang]
	return ok
}

// Class is a class as a word.
func (l *Labels) Class(c classify.Class) string {
	switch c {
	case classify.Substantive:
		return l.Substantive
	case classify.Editorial:
		return l.Editorial
	}
	return l.NoneClass
}

// Op is an operation as a word; an operation without a word is shown as
// its name.
func (l *Labels) Op(k align.OpKind) string {
	if s, ok := l.ops[k]; ok {
		return s
	}
	return string(k)
}

// DocStatus is a document's status (added, removed, modified, renamed,
// unchanged) as a word; another status is shown as it is.
func (l *Labels) DocStatus(s string) string {
	if w, ok := l.statuses[s]; ok {
		return w
	}
	return s
}

// VersionTitle is a version's heading: "Versjon 2.5", or "Uutgitt" for
// the changes not yet in a version.
func (l *Labels) VersionTitle(id string) string {
	if id == release.UnreleasedID {
		return l.Unreleased
	}
	return fmt.Sprintf(l.VersionN, id)
}

// OverrideLine says who set a change's class by hand and why, and what
// the rules said; "" when the rules decided.
func (l *Labels) OverrideLine(o *classify.Override) string {
	if o == nil {
		return ""
	}
	src := o.Source
	switch o.Source {
	case "trailer":
		src = l.SourceTrailer
	case "overrides-file":
		src = l.SourceFile
	}
	return fmt.Sprintf(l.OverrideN, src, l.Class(o.From), o.Reason)
}

// Explanation is a change's sentence in the labels' language when the
// classifier wrote one, else the English sentence.
func (l *Labels) Explanation(c *classify.Change) string {
	if s := c.Explanations[l.Lang]; s != "" {
		return s
	}
	return c.Explanation
}
