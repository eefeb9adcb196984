package release

import (
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
)

// inSection is a change under a heading path, as classify gives it.
func inSection(class classify.Class, anchor string, section ...string) classify.Change {
	c := change(class, anchor)
	c.Section = section
	return c
}

// texts is a change of a paragraph from old to new text under anchor;
// "" for a side it has not: an addition or a removal.
func texts(class classify.Class, anchor, old, new string) classify.Change {
	c := change(class, anchor)
	if old == "" {
		c.Op = align.Added
	} else {
		c.Old = &classify.Side{Text: old}
	}
	if new == "" {
		c.Op = align.Removed
	} else {
		c.New = &classify.Side{Text: new}
	}
	return c
}

func syncVersion(id string, entries ...changes.Entry) Version {
	return Version{ID: id, Entries: entries}
}

func TestTranslationSyncSubstanceAndCatchUp(t *testing.T) {
	const (
		nbMoved = "content/dpia/sammendrag/_index.nb.md"
		enMoved = "content/dpia/sammendrag/_index.en.md"
	)
	subst, edit := classify.Substantive, classify.Editorial
	translation := doc(enPage, "added", change(subst, "summary"))
	translation.TranslationOf = nbPage
	renamed := func(from, to string) classify.DocumentDiff {
		d := doc(to, "renamed", change(edit, "x"))
		d.OldPath = from
		return d
	}
	tests := []struct {
		name     string
		versions []Version // newest first
		absent   string    // a page that does not exist at any closing commit
		exists   func(commit, path string) bool
		want     []string // "version path#anchor", in output order
	}{
		{
			name: "counterpart changed only editorially",
			versions: []Version{syncVersion("1",
				entry("a2", 2, doc(enPage, "modified", change(edit, "storage"))),
				entry("a1", 1, doc(nbPage, "modified", change(subst, "lagring"))))},
			want: []string{"1 " + nbPage + "#lagring"},
		},
		{
			name: "catching up later is no desync",
			versions: []Version{
				syncVersion("2", entry("a3", 3, doc(enPage, "modified", change(subst, "storage")))),
				syncVersion("1",
					entry("a2", 2, doc(enPage, "modified", change(edit, "storage"))),
					entry("a1", 1, doc(nbPage, "modified", change(subst, "lagring")))),
			},
			want: []string{"1 " + nbPage + "#lagring"},
		},
		{
			name: "both changed in substance",
			versions: []Version{syncVersion("1",
				entry("a2", 2, doc(enPage, "modified", change(subst, "storage"))),
				entry("a1", 1, doc(nbPage, "modified", change(subst, "lagring"))))},
		},
		{
			name: "counterpart absent",
			versions: []Version{syncVersion("1",
				entry("a1", 1, doc(nbPage, "modified", change(subst, "lagring"))))},
			absent: enPage,
		},
		{
			name: "running ahead with nothing outstanding",
			versions: []Version{
				syncVersion("2", entry("a2", 2, doc(enPage, "modified", change(subst, "storage")))),
				syncVersion("1", entry("a1", 1,
					doc(enPage, "modified", change(subst, "storage")),
					doc(nbPage, "modified", change(subst, "lagring")))),
			},
			want: []string{"2 " + enPage + "#storage"},
		},
		{
			name: "behind for two versions, then caught up once",
			versions: []Version{
				syncVersion(UnreleasedID, entry("a3", 3, doc(enPage, "modified", change(subst, "storage")))),
				syncVersion("2", entry("a2", 2, doc(nbPage, "modified", change(subst, "lagring")))),
				syncVersion("1", entry("a1", 1, doc(nbPage, "modified", change(subst, "lagring")))),
			},
			want: []string{"2 " + nbPage + "#lagring", "1 " + nbPage + "#lagring"},
		},
		{
			name: "caught up, then ahead again",
			versions: []Version{
				syncVersion("3", entry("a3", 3, doc(enPage, "modified", change(subst, "storage")))),
				syncVersion("2", entry("a2", 2, doc(enPage, "modified", change(subst, "storage")))),
				syncVersion("1", entry("a1", 1, doc(nbPage, "modified", change(subst, "lagring")))),
			},
			want: []string{"3 " + enPage + "#storage", "1 " + nbPage + "#lagring"},
		},
		{
			name: "page added as a translation starts in step",
			versions: []Version{
				syncVersion("2", entry("a2", 2, translation)),
				syncVersion("1", entry("a1", 1, doc(nbPage, "added", change(subst, "sammendrag")))),
			},
			exists: func(commit, p string) bool { return p == nbPage || commit == hash("a2") },
		},
		{
			name: "translation added beside a change to its original",
			versions: []Version{syncVersion("1", entry("a1", 1,
				translation, doc(nbPage, "modified", inSection(subst, "33-lagring", "3.3 Lagring"))))},
		},
		{
			name: "catching up after both pages moved",
			versions: []Version{
				syncVersion("3", entry("a3", 3, doc(enMoved, "modified", change(subst, "storage")))),
				syncVersion("2", entry("a2", 2, renamed(nbPage, nbMoved), renamed(enPage, enMoved))),
				syncVersion("1", entry("a1", 1, doc(nbPage, "modified", change(subst, "lagring")))),
			},
			want: []string{"1 " + nbPage + "#lagring"},
		},
		{
			name: "sections in anchor order",
			versions: []Version{syncVersion("1",
				entry("a2", 2, doc(nbPage, "modified", change(subst, "b-del"))),
				entry("a1", 1, doc(nbPage, "modified", change(subst, "a-del"), change(subst, "b-del"))))},
			want: []string{"1 " + nbPage + "#a-del", "1 " + nbPage + "#b-del"},
		},

		// Sections matched by number, when both pages number their headings.
		{
			name: "different numbered sections changed",
			versions: []Version{syncVersion("1", entry("a1", 1,
				doc(enPage, "modified", inSection(subst, "34-access", "3 Cloud", "3.4 Access")),
				doc(nbPage, "modified", inSection(subst, "33-lagring", "3 Sky", "3.3 Lagring"))))},
			want: []string{"1 " + enPage + "#34-access", "1 " + nbPage + "#33-lagring"},
		},
		{
			name: "same number, different anchors",
			versions: []Version{syncVersion("1", entry("a1", 1,
				doc(enPage, "modified", inSection(subst, "33-storage", "3.3 Storage")),
				doc(nbPage, "modified", inSection(subst, "33-lagring", "3.3 Lagring"))))},
		},
		{
			name: "unnumbered subsection counts under its numbered parent",
			versions: []Version{syncVersion("1", entry("a1", 1,
				doc(enPage, "modified", inSection(subst, "33-storage", "3.3 Storage")),
				doc(nbPage, "modified", inSection(subst, "sletting", "3.3 Lagring", "Sletting"))))},
		},
		{
			name: "each numbered section catches up on its own",
			versions: []Version{
				syncVersion("2", entry("a2", 2,
					doc(enPage, "modified", inSection(subst, "33-storage", "3.3 Storage")),
					doc(nbPage, "modified", inSection(subst, "34-tilgang", "3.4 Tilgang")))),
				syncVersion("1", entry("a1", 1,
					doc(enPage, "modified", inSection(subst, "34-access", "3.4 Access")),
					doc(nbPage, "modified", inSection(subst, "33-lagring", "3.3 Lagring")))),
			},
			want: []string{"1 " + enPage + "#34-access", "1 " + nbPage + "#33-lagring"},
		},
		{
			name: "the text before the first heading is a unit of its own",
			versions: []Version{syncVersion("1", entry("a1", 1,
				doc(enPage, "modified", inSection(subst, "33-storage", "3.3 Storage")),
				doc(nbPage, "modified", inSection(subst, ""), inSection(subst, "33-lagring", "3.3 Lagring"))))},
			want: []string{"1 " + nbPage},
		},
		{
			name: "a change in substance undone in the same version is no desync",
			versions: []Version{syncVersion("1",
				entry("a2", 2, doc(enPage, "modified", texts(edit, "storage", "kept for 90 dagys", "kept for 30 days"))),
				entry("a1", 1, doc(enPage, "modified", texts(subst, "storage", "kept for 30 days", "kept for 90 dagys"))))},
		},
		{
			name: "undone through a second change in substance",
			versions: []Version{syncVersion("1",
				entry("a3", 3, doc(enPage, "modified", texts(subst, "storage", "kept for 60 days", "kept for 30 days"))),
				entry("a2", 2, doc(enPage, "modified", texts(subst, "storage", "kept for 90 days", "kept for 60 days"))),
				entry("a1", 1, doc(enPage, "modified", texts(subst, "storage", "kept for 30 days", "kept for 90 days"))))},
		},
		{
			name: "one paragraph undone, another of the section not",
			versions: []Version{syncVersion("1",
				entry("a2", 2, doc(enPage, "modified", texts(subst, "storage", "kept for 90 days", "kept for 30 days"))),
				entry("a1", 1, doc(enPage, "modified",
					texts(subst, "storage", "kept for 30 days", "kept for 90 days"),
					texts(subst, "storage", "in Norway", "in the EU"))))},
			want: []string{"1 " + enPage + "#storage"},
		},
		{
			name: "a paragraph added and removed again",
			versions: []Version{syncVersion("1",
				entry("a2", 2, doc(enPage, "modified", texts(subst, "storage", "Data is sold.", ""))),
				entry("a1", 1, doc(enPage, "modified", texts(subst, "storage", "", "Data is sold."))))},
		},
		{
			name: "changed back only nearly",
			versions: []Version{syncVersion("1",
				entry("a2", 2, doc(enPage, "modified", texts(edit, "storage", "kept for 90 days", "kept for 30 days."))),
				entry("a1", 1, doc(enPage, "modified", texts(subst, "storage", "kept for 30 days", "kept for 90 days"))))},
			want: []string{"1 " + enPage + "#storage"},
		},
		{
			name: "a translation without numbers falls back to the page",
			versions: []Version{syncVersion("1", entry("a1", 1,
				doc(enPage, "modified", inSection(subst, "access", "Access")),
				doc(nbPage, "modified", inSection(subst, "33-lagring", "3.3 Lagring"))))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exists := tt.exists
			if exists == nil {
				exists = func(_, p string) bool { return p != tt.absent }
			}
			var got []string
			for _, w := range translationSync(tt.versions, []string{"nb", "en"}, exists, false) {
				if w.Kind != "translation-sync" {
					t.Errorf("kind %q", w.Kind)
				}
				id := w.Version + " " + w.Path
				if w.Anchor != "" {
					id += "#" + w.Anchor
				}
				got = append(got, id)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("warnings\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestTranslationSyncMessages(t *testing.T) {
	subst, edit := classify.Substantive, classify.Editorial
	tests := []struct {
		name    string
		version Version
		want    []string
	}{
		{
			name: "page level, counterpart untouched",
			version: syncVersion(UnreleasedID, entry("a1", 1,
				doc(nbPage, "modified", change(subst, "lagring")))),
			want: []string{nbPage + "#lagring changed in substance since the last version, but " + enPage + " did not change"},
		},
		{
			name: "page level, counterpart edited",
			version: syncVersion("2.5", entry("a1", 1,
				doc(enPage, "modified", change(edit, "storage")),
				doc(nbPage, "modified", change(subst, "lagring")))),
			want: []string{nbPage + "#lagring changed in substance in 2.5, but " + enPage + " did not change in substance"},
		},
		{
			name: "section level",
			version: syncVersion("2.5", entry("a1", 1,
				doc(enPage, "modified", inSection(subst, "34-access", "3.4 Access")),
				doc(nbPage, "modified", inSection(subst, "33-lagring", "3.3 Lagring"), inSection(subst, "", nil...)))),
			want: []string{
				enPage + `#34-access ("3.4 Access") changed in substance in 2.5, but section 3.4 of ` + nbPage + " did not change in substance",
				nbPage + " changed in substance in 2.5, but the part of " + enPage + " outside numbered sections did not change in substance",
				nbPage + `#33-lagring ("3.3 Lagring") changed in substance in 2.5, but section 3.3 of ` + enPage + " did not change in substance",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range translationSync([]Version{tt.version}, []string{"nb", "en"}, func(_, _ string) bool { return true }, false) {
				got = append(got, w.Message)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("messages\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSectionNumber(t *testing.T) {
	tests := []struct {
		section []string
		want    string
	}{
		{nil, ""},
		{[]string{"Sammendrag"}, ""},
		{[]string{"3 Sky", "3.3 Lagring"}, "3.3"},
		{[]string{"3. Bruk av databehandler"}, "3"},
		{[]string{"3.3 Lagring", "Sletting"}, "3.3"},
		{[]string{"  4.1.2\tTiltak"}, "4.1.2"},
		{[]string{"2023 i korte trekk"}, ""},
		{[]string{"3.3"}, "3.3"},
		{[]string{"3.3a Lagring"}, ""},
	}
	for _, tt := range tests {
		if got := sectionNumber(tt.section); got != tt.want {
			t.Errorf("sectionNumber(%q) = %q, want %q", tt.section, got, tt.want)
		}
	}
}
