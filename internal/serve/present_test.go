package serve

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/render"
)

// TestVersionAnchorsMatchPublished checks that the web view's timeline
// gives each version the id the published Hugo page, HTML report and
// Atom feed give it, for ids with underscores, spaces, letters outside
// ASCII and ids that collide, so that a link copied from one opens the
// section in the other.
func TestVersionAnchorsMatchPublished(t *testing.T) {
	f := newFake()
	ids := []string{"2.6_rc", "2.5 rc", "første", "2.6-RC"}
	for i, id := range ids {
		f.cl.Versions[i].ID = id
	}
	f.cl.Versions = append([]release.Version{{ID: release.UnreleasedID}}, f.cl.Versions...)
	want := map[string]string{
		release.UnreleasedID: "version-unreleased",
		"2.6_rc":             "version-2-6-rc-2", // 2.6-RC, older, keeps version-2-6-rc
		"2.5 rc":             "version-2-5-rc",
		"første":             "version-første",
		"2.6-RC":             "version-2-6-rc",
	}
	h := New(f, Options{})
	hugo, err := render.Hugo(f.cl, "nb")
	if err != nil {
		t.Fatal(err)
	}
	report, err := render.HTML(f.cl)
	if err != nil {
		t.Fatal(err)
	}
	feed, err := render.Atom(f.cl, "nb", render.AtomOptions{SiteURL: "https://docs.example/nb/dpia/changelog/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"", "nb", "en"} {
		target := "/"
		if lang != "" {
			target += "?lang=" + lang
		}
		r := mustGet(t, h, target)
		versions := find(r.doc, byTagClass("li", "version"))
		if len(versions) != len(f.cl.Versions) {
			t.Fatalf("lang %q: %d versions listed, want %d", lang, len(versions), len(f.cl.Versions))
		}
		for i, v := range versions {
			id := f.cl.Versions[i].ID
			a := attr(v, "id")
			if a != want[id] {
				t.Errorf("lang %q: version %q has id %q, want %q", lang, id, a, want[id])
			}
			if !strings.Contains(string(hugo), "{#"+a+"}") {
				t.Errorf("the Hugo page has no heading {#%s} for version %q", a, id)
			}
			if !strings.Contains(string(report), `id="`+a+`"`) {
				t.Errorf("the HTML report has no id %q for version %q", a, id)
			}
			if len(f.cl.Versions[i].Entries) > 0 && !strings.Contains(string(feed), "changelog/#"+a+`"`) {
				t.Errorf("the feed links no #%s for version %q", a, id)
			}
		}
	}
}

// TestUnreleasedAndOverrideWords checks that the timeline names the
// unreleased version as the published pages do, and that a class set by
// hand is explained in the same words.
func TestUnreleasedAndOverrideWords(t *testing.T) {
	f := newFake()
	f.cl.Versions = append([]release.Version{{ID: release.UnreleasedID}}, f.cl.Versions...)
	ch := &f.cl.Versions[2].Entries[0].Documents[0].Changes[0] // 2.5's adequacy change
	ch.Override = &classify.Override{From: classify.Editorial, Source: "trailer", Reason: "ny behandlingsgrunnlag"}
	h := New(f, Options{})
	for lang, heading := range map[string]string{"nb": "Uutgitt", "en": "Unreleased"} {
		r := mustGet(t, h, "/?lang="+lang)
		versions := find(r.doc, byTagClass("li", "version"))
		if got := text(find(versions[0], func(n *html.Node) bool { return n.Data == "h3" })[0]); !strings.HasPrefix(got, heading) {
			t.Errorf("lang %s: the unreleased version is headed %q, want %q", lang, got, heading)
		}
		// The changed page is in bokmål: lang=en would leave it out.
		r = mustGet(t, h, "/compare?from=2.0&to=2.5&lang="+strings.TrimPrefix(lang, "en"))
		want := present.LabelsFor(lang).OverrideLine(ch.Override)
		if !strings.Contains(text(r.doc), want) {
			t.Errorf("lang %s: the compare lacks %q", lang, want)
		}
	}
}
