package release

import (
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/langpath"
)

// Translation sync pairs the same document in two languages however the
// repository writes the language: a suffix, a content directory per
// language, a folder per language.
func TestTranslationSyncLayouts(t *testing.T) {
	subst, edit := classify.Substantive, classify.Editorial
	layouts := []struct {
		name   string
		spec   *langpath.Spec // nil: suffixes alone
		nb, en string
	}{
		{"suffix", nil, "content/a/_index.nb.md", "content/a/_index.en.md"},
		{"content dir", &langpath.Spec{Languages: []string{"nb", "en"}, ContentDirs: map[string]string{"nb": "content/nb", "en": "content/en"}}, "content/nb/a/page.md", "content/en/a/page.md"},
		{"folder", &langpath.Spec{Patterns: []string{"{lang}/**"}}, "nb/legal/a.md", "en/legal/a.md"},
		{"folder, code in upper case", &langpath.Spec{Patterns: []string{"{lang}/**"}}, "NB/a.md", "EN/a.md"},
	}
	defer langpath.Use(langpath.Current())
	for _, lt := range layouts {
		var l *langpath.Layout
		if lt.spec != nil {
			var err error
			if l, err = langpath.New(*lt.spec); err != nil {
				t.Fatal(err)
			}
		}
		langpath.Use(l)
		nb, en := lt.nb, lt.en
		tests := []struct {
			name     string
			versions []Version
			want     []string
		}{
			{
				name: "behind",
				versions: []Version{syncVersion("1",
					entry("a2", 2, doc(en, "modified", change(edit, "storage"))),
					entry("a1", 1, doc(nb, "modified", change(subst, "lagring"))))},
				want: []string{"1 " + nb + "#lagring"},
			},
			{
				name: "in step",
				versions: []Version{syncVersion("1",
					entry("a2", 2, doc(en, "modified", change(subst, "storage"))),
					entry("a1", 1, doc(nb, "modified", change(subst, "lagring"))))},
			},
			{
				// History pairs a translation only within one folder; an
				// English page added beside a Norwegian one that was there
				// before starts in step with it all the same.
				name: "added after its counterpart",
				versions: []Version{
					syncVersion("2", entry("a2", 2, doc(en, "added", change(subst, "storage")))),
					syncVersion("1", entry("a1", 1, doc(nb, "added", change(subst, "lagring")))),
				},
			},
		}
		for _, tt := range tests {
			t.Run(lt.name+"/"+tt.name, func(t *testing.T) {
				exists := existsFromEntries(allEntries(tt.versions))
				var got []string
				for _, w := range translationSync(tt.versions, []string{"nb", "en"}, exists, true) {
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
}

func TestCounterpartsLayouts(t *testing.T) {
	defer langpath.Use(langpath.Current())
	l, err := langpath.New(langpath.Spec{Languages: []string{"nb", "en", "de"}, ContentDirs: map[string]string{"nb": "content/nb", "en": "content/en", "de": "content/de"}})
	if err != nil {
		t.Fatal(err)
	}
	langpath.Use(l)
	if got, want := Counterparts("content/en/a/_index.md", []string{"nb", "en", "de"}), []string{"content/nb/a/_index.md", "content/de/a/_index.md"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Counterparts = %q, want %q", got, want)
	}
	// A page the history knows is taken as written; the rest where the
	// layout puts them.
	f, _ := langpath.New(langpath.Spec{Patterns: []string{"{lang}/**"}})
	langpath.Use(f)
	versions := []Version{syncVersion("1", entry("a1", 1, doc("en-US/x.md", "modified"), doc("de/x.md", "modified")))}
	if got, want := counterparts("de/x.md", []string{"de", "en-us", "fr"}, pagesByKey(versions)), []string{"en-US/x.md", "fr/x.md"}; !reflect.DeepEqual(got, want) {
		t.Errorf("counterparts = %q, want %q", got, want)
	}
}

// allEntries are the versions' entries, newest first.
func allEntries(versions []Version) []changes.Entry {
	var out []changes.Entry
	for _, v := range versions {
		out = append(out, v.Entries...)
	}
	return out
}
