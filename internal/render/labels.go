package render

import (
	"fmt"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

// labels are the words a rendered page is built of, per language. Only
// Norwegian bokmål and English exist; any other language gets English, so a
// page is never missing a heading.
type labels struct {
	lang                                 string
	version, updated, changes            string
	versionN                             string // "Versjon %s"
	unreleased                           string
	substantive, editorial               string // the class as a word
	substantiveChanges, editorialChanges string
	editorialOn                          string // "Redaksjonelle endringer i %s"
	warnings                             string
	reasons, topics                      string
	reasonsLower                         string
	by                                   string
	override                             string // "class set by hand (%s; the rules said %s): %s"
	sourceTrailer, sourceFile            string
	historical                           string
	reconstructed                        string
	noChanges                            string
	description                          string
	countS, countE                       [2]string // one, many: "%d vesentlig", "%d vesentlige"
	contents                             string
	hideEditorial                        string
	released                             string // "Published %s"
	ops                                  map[align.OpKind]string
}

var labelSets = map[string]*labels{
	"nb": {
		lang:    "nb",
		version: "Versjon", updated: "Oppdatert", changes: "Endringer",
		versionN:    "Versjon %s",
		unreleased:  "Uutgitt",
		substantive: "vesentlig", editorial: "redaksjonell",
		substantiveChanges: "Vesentlige endringer",
		editorialChanges:   "Redaksjonelle endringer",
		editorialOn:        "Redaksjonelle endringer i %s",
		warnings:           "Advarsler",
		reasons:            "Grunner", topics: "Emner", reasonsLower: "grunner",
		by:            "av",
		override:      "klasse satt manuelt (%s; reglene ga %s): %s",
		sourceTrailer: "Change-Class-trailer", sourceFile: "overstyringsfil",
		historical:    "Historisk versjon, fra før dokumentet kom under versjonskontroll.",
		reconstructed: "Teksten i denne versjonen er rekonstruert.",
		noChanges:     "Ingen endringer registrert.",
		description:   "Endringer i dokumentet, versjon for versjon.",
		countS:        [2]string{"%d vesentlig", "%d vesentlige"},
		countE:        [2]string{"%d redaksjonell", "%d redaksjonelle"},
		contents:      "Innhold",
		hideEditorial: "Skjul redaksjonelle endringer",
		released:      "Publisert %s",
		ops: map[align.OpKind]string{
			align.Added: "lagt til", align.Removed: "fjernet", align.Modified: "endret",
			align.Moved: "flyttet", align.Split: "delt", align.Merged: "slått sammen",
			classify.OpFrontMatter: "metadata",
		},
	},
	"en": {
		lang:    "en",
		version: "Version", updated: "Updated", changes: "Changes",
		versionN:    "Version %s",
		unreleased:  "Unreleased",
		substantive: "substantive", editorial: "editorial",
		substantiveChanges: "Substantive changes",
		editorialChanges:   "Editorial changes",
		editorialOn:        "Editorial changes in %s",
		warnings:           "Warnings",
		reasons:            "Reasons", topics: "Topics", reasonsLower: "reasons",
		by:            "by",
		override:      "class set by hand (%s; the rules said %s): %s",
		sourceTrailer: "Change-Class trailer", sourceFile: "overrides file",
		historical:    "Historical version, from before the document was under version control.",
		reconstructed: "The text of this version is reconstructed.",
		noChanges:     "No recorded changes.",
		description:   "Changes to the document, version by version.",
		countS:        [2]string{"%d substantive", "%d substantive"},
		countE:        [2]string{"%d editorial", "%d editorial"},
		contents:      "Contents",
		hideEditorial: "Hide editorial changes",
		released:      "Published %s",
		ops: map[align.OpKind]string{
			align.Added: "added", align.Removed: "removed", align.Modified: "modified",
			align.Moved: "moved", align.Split: "split", align.Merged: "merged",
			classify.OpFrontMatter: "front matter",
		},
	},
}

// explanation is a change's sentence in the labels' language when the
// change carries one, else the English sentence.
func (l *labels) explanation(c *classify.Change) string {
	if s := c.Explanations[l.lang]; s != "" {
		return s
	}
	return c.Explanation
}

func labelsFor(lang string) *labels {
	if l, ok := labelSets[lang]; ok {
		return l
	}
	return labelSets["en"]
}

func (l *labels) versionTitle(id string) string {
	if id == "unreleased" {
		return l.unreleased
	}
	return fmt.Sprintf(l.versionN, id)
}

func (l *labels) class(c classify.Class) string {
	switch c {
	case classify.Substantive:
		return l.substantive
	case classify.Editorial:
		return l.editorial
	}
	return string(c)
}

func (l *labels) op(k align.OpKind) string {
	if s, ok := l.ops[k]; ok {
		return s
	}
	return string(k)
}

// overrideLine says who set a change's class and why; "" when the rules
// decided.
func (l *labels) overrideLine(o *classify.Override) string {
	if o == nil {
		return ""
	}
	src := o.Source
	switch o.Source {
	case "trailer":
		src = l.sourceTrailer
	case "overrides-file":
		src = l.sourceFile
	}
	return fmt.Sprintf(l.override, src, l.class(o.From), o.Reason)
}

// counts says a version's tally in words: "1 vesentlig, 2 redaksjonelle".
func (l *labels) counts(c release.Counts) string {
	one := func(f [2]string, n int) string {
		if n == 1 {
			return fmt.Sprintf(f[0], n)
		}
		return fmt.Sprintf(f[1], n)
	}
	return one(l.countS, c.Substantive) + ", " + one(l.countE, c.Editorial)
}
