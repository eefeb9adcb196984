package release

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/langpath"
)

// hash gives a realistic, stable commit hash for a name.
func hash(name string) string {
	s := sha1.Sum([]byte(name))
	return hex.EncodeToString(s[:])
}

const (
	nbPage = "content/dpia/summary/_index.nb.md"
	enPage = "content/dpia/summary/_index.en.md"
)

func change(class classify.Class, anchor string, topics ...string) classify.Change {
	return classify.Change{Op: align.Modified, Class: class, Anchor: anchor, Topics: topics, Fingerprint: "fp-" + anchor}
}

func doc(path, status string, changes ...classify.Change) classify.DocumentDiff {
	d := classify.DocumentDiff{Path: path, Lang: langpath.Lang(path), Status: status, Class: classify.None, Changes: changes}
	for _, c := range changes {
		d.Class = classify.Max(d.Class, c.Class)
	}
	return d
}

func entry(name string, day int, docs ...classify.DocumentDiff) changes.Entry {
	e := changes.Entry{
		Commit: hash(name), Parents: []string{}, Author: "Kari Nordmann", Subject: name,
		// 00:30 in Oslo is 22:30 UTC the day before: dates are UTC days.
		Date:      time.Date(2023, 7, day+1, 0, 30, 0, 0, time.FixedZone("CEST", 2*3600)),
		Class:     classify.None,
		Documents: docs,
	}
	for _, d := range docs {
		e.Class = classify.Max(e.Class, d.Class)
	}
	return e
}

// sampleHistory is the running example, newest first:
//
//	c6  nb: substantive in #konklusjon                      (unreleased)
//	c5  en: editorial                  Document-Version: 2.5
//	c4  nb: substantive in #konklusjon, en untouched
//	c3  nb + en: substantive in #3-bruk                     tag v2.4
//	c2  nb: two editorial
//	c1  nb + en added
func sampleHistory() []changes.Entry {
	return []changes.Entry{
		entry("c6", 28, doc(nbPage, "modified", change(classify.Substantive, "konklusjon"))),
		entry("c5", 24, doc(enPage, "modified", change(classify.Editorial, "summary"))),
		entry("c4", 20, doc(nbPage, "modified", change(classify.Substantive, "konklusjon", "adequacy-decision"), change(classify.Substantive, "konklusjon"))),
		entry("c3", 12,
			doc(enPage, "modified", change(classify.Substantive, "3-use-of-processor", "processor")),
			doc(nbPage, "modified", change(classify.Substantive, "3-bruk-av-databehandler", "processor"))),
		entry("c2", 5, doc(nbPage, "modified", change(classify.Editorial, "sammendrag"), change(classify.Editorial, "innledning"))),
		entry("c1", 1,
			doc(enPage, "added", change(classify.Substantive, "summary")),
			doc(nbPage, "added", change(classify.Substantive, "sammendrag"))),
	}
}

func specs() []VersionSpec {
	return []VersionSpec{
		{ID: "2.5", Line: 2, Topics: []string{"schrems"}, Summary: Text{
			"nb": "Oppdatert som følge av adekvansbeslutning av 10. juli 2023.",
			"en": "Updated following the adequacy decision of 10 July 2023",
		}, Title: Text{"": "2.5"}},
		{ID: "2.0", Line: 9, Date: "2022-11", Historical: true, Reconstructed: true, Note: Text{"en": "Reconstructed."}},
	}
}

func options() BuildOptions {
	return BuildOptions{
		Title:        Text{"nb": "Endringslogg", "en": "Change log"},
		Languages:    []string{"nb", "en"},
		Tags:         map[string]string{hash("c3"): "2.4"},
		Trailer:      "Document-Version",
		Trailers:     map[string]string{hash("c5"): "2.5"},
		VersionsFile: "changelog/versions.yaml",
	}
}

func ids(cl *Changelog) (out []string) {
	for _, v := range cl.Versions {
		out = append(out, v.ID)
	}
	return out
}

func commits(v Version) (out []string) {
	for _, e := range v.Entries {
		out = append(out, e.Subject)
	}
	return out
}

func TestBuildGroupsEntries(t *testing.T) {
	cl, err := Build(sampleHistory(), specs(), options())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(cl), []string{"unreleased", "2.5", "2.4", "2.0"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("versions %q, want %q", got, want)
	}
	tests := []struct {
		id       string
		commits  []string
		revision string
		source   string
		date     string
		class    classify.Class
		counts   Counts
	}{
		{"unreleased", []string{"c6"}, "", "", "", classify.Substantive, Counts{1, 0}},
		{"2.5", []string{"c5", "c4"}, hash("c5"), SourceTrailer, "2023-07-24", classify.Substantive, Counts{2, 1}},
		{"2.4", []string{"c3", "c2", "c1"}, hash("c3"), SourceTag, "2023-07-12", classify.Substantive, Counts{4, 2}},
		{"2.0", nil, "", "", "2022-11", classify.None, Counts{}},
	}
	for i, tt := range tests {
		v := cl.Versions[i]
		if got := commits(v); !reflect.DeepEqual(got, tt.commits) {
			t.Errorf("%s: entries %q, want %q", tt.id, got, tt.commits)
		}
		if v.Revision != tt.revision || v.Source != tt.source || v.Date != tt.date || v.Class != tt.class || v.Counts != tt.counts {
			t.Errorf("%s: revision %.7s source %q date %q class %q counts %+v; want %.7s %q %q %q %+v",
				tt.id, v.Revision, v.Source, v.Date, v.Class, v.Counts, tt.revision, tt.source, tt.date, tt.class, tt.counts)
		}
		if v.Entries == nil {
			t.Errorf("%s: Entries is nil; JSON would say null instead of []", tt.id)
		}
	}
	u, v25, v24, v20 := cl.Versions[0], cl.Versions[1], cl.Versions[2], cl.Versions[3]
	if !reflect.DeepEqual(u.Title, Text{"nb": "Uutgitt", "en": "Unreleased"}) {
		t.Errorf("unreleased title %q", u.Title)
	}
	if !reflect.DeepEqual(v25.Title, Text{"nb": "2.5", "en": "2.5"}) {
		t.Errorf("a title for every language should be given to each: %q", v25.Title)
	}
	if v24.Title != nil || v24.Summary == nil {
		t.Errorf("a version with no spec has no title but a generated summary: %q %q", v24.Title, v24.Summary)
	}
	if got, want := v25.Topics, []string{"adequacy-decision", "schrems"}; !reflect.DeepEqual(got, want) {
		t.Errorf("2.5 topics %q, want %q", got, want)
	}
	if got, want := v24.Topics, []string{"processor"}; !reflect.DeepEqual(got, want) {
		t.Errorf("2.4 topics %q, want %q", got, want)
	}
	if !v20.Historical || !v20.Reconstructed || v20.Note["en"] != "Reconstructed." || v20.Summary != nil {
		t.Errorf("historical version %+v", v20)
	}
	if cl.Schema != Schema || !reflect.DeepEqual(cl.Languages, []string{"nb", "en"}) || cl.Title["nb"] != "Endringslogg" {
		t.Errorf("changelog header %d %q %q", cl.Schema, cl.Languages, cl.Title)
	}
}

func TestBuildSummaries(t *testing.T) {
	cl, err := Build(sampleHistory(), specs(), options())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Text{
		"unreleased": {"nb": "1 vesentlig endring", "en": "1 substantive change"},
		// The spec's trailing full stop goes, so the counts can follow.
		"2.5": {
			"nb": "Oppdatert som følge av adekvansbeslutning av 10. juli 2023; 2 vesentlige endringer og 1 redaksjonell endring",
			"en": "Updated following the adequacy decision of 10 July 2023; 2 substantive changes and 1 editorial change",
		},
		"2.4": {"nb": "4 vesentlige endringer og 2 redaksjonelle endringer", "en": "4 substantive changes and 2 editorial changes"},
	}
	for _, v := range cl.Versions {
		if w, ok := want[v.ID]; ok && !reflect.DeepEqual(v.Summary, w) {
			t.Errorf("%s summary\n got %q\nwant %q", v.ID, v.Summary, w)
		}
	}
}

func TestCountPhrase(t *testing.T) {
	tests := []struct {
		n    Counts
		lang string
		want string
	}{
		{Counts{1, 0}, "nb", "1 vesentlig endring"},
		{Counts{2, 0}, "nb", "2 vesentlige endringer"},
		{Counts{0, 1}, "nb", "1 redaksjonell endring"},
		{Counts{0, 3}, "nb", "3 redaksjonelle endringer"},
		{Counts{1, 1}, "nb", "1 vesentlig endring og 1 redaksjonell endring"},
		{Counts{0, 2}, "nn", "2 redaksjonelle endringar"},
		{Counts{1, 0}, "nn", "1 vesentleg endring"},
		{Counts{1, 0}, "en", "1 substantive change"},
		{Counts{12, 0}, "en", "12 substantive changes"},
		{Counts{0, 1}, "en", "1 editorial change"},
		{Counts{3, 3}, "en", "3 substantive changes and 3 editorial changes"},
		{Counts{0, 2}, "de", "2 editorial changes"}, // unknown languages get English
		{Counts{}, "nb", ""},
	}
	for _, tt := range tests {
		if got := countPhrase(tt.n, tt.lang); got != tt.want {
			t.Errorf("countPhrase(%+v, %s) = %q, want %q", tt.n, tt.lang, got, tt.want)
		}
	}
}

func TestBindingPrecedence(t *testing.T) {
	// The versions file beats a trailer naming the same version.
	s := specs()
	s[0].Revision = hash("c4")[:7]
	cl, err := Build(sampleHistory(), s, options())
	if err != nil {
		t.Fatal(err)
	}
	if v := cl.Versions[1]; v.ID != "2.5" || v.Revision != hash("c4") || v.Source != SourceVersionsFile || !reflect.DeepEqual(commits(v), []string{"c4"}) {
		t.Errorf("2.5 bound %.7s by %s with %q; want c4 by the versions file", v.Revision, v.Source, commits(v))
	}
	if got := commits(cl.Versions[0]); !reflect.DeepEqual(got, []string{"c6", "c5"}) {
		t.Errorf("unreleased %q, want c6 c5", got)
	}

	// A tag beats a trailer.
	opt := options()
	opt.Tags[hash("c4")] = "2.5"
	cl, err = Build(sampleHistory(), specs(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if v := cl.Versions[1]; v.Revision != hash("c4") || v.Source != SourceTag {
		t.Errorf("2.5 bound %.7s by %s; want c4 by the tag", v.Revision, v.Source)
	}

	// Several trailers for one version: the newest commit closes it.
	opt = options()
	opt.Trailers[hash("c4")] = "2.5"
	cl, err = Build(sampleHistory(), specs(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if v := cl.Versions[1]; v.Revision != hash("c5") || !reflect.DeepEqual(commits(v), []string{"c5", "c4"}) {
		t.Errorf("2.5 closes at %.7s with %q; want c5 with c5 c4", v.Revision, commits(v))
	}
}

func TestNoVersionsAllUnreleased(t *testing.T) {
	cl, err := Build(sampleHistory(), nil, BuildOptions{Languages: []string{"en"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cl.Versions) != 1 || cl.Versions[0].ID != UnreleasedID || len(cl.Versions[0].Entries) != 6 {
		t.Errorf("versions %q", ids(cl))
	}
	cl, err = Build(nil, nil, BuildOptions{})
	if err != nil || cl.Versions == nil || len(cl.Versions) != 0 {
		t.Errorf("no history: %+v, %v; want no versions, as an empty list", cl, err)
	}
}

func TestBuildLanguagesFromEntries(t *testing.T) {
	cl, err := Build(sampleHistory(), nil, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cl.Languages, []string{"en", "nb"}) {
		t.Errorf("languages %q", cl.Languages)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name  string
		specs []VersionSpec
		opt   func(*BuildOptions)
		line  int
		msg   string
		hint  string
	}{
		{"unbound", []VersionSpec{{ID: "2.6", Line: 14}}, nil, 14, "version 2.6 is not bound to a commit", "add `revision:` or a `Document-Version: 2.6` trailer"},
		{"unbound, own trailer", []VersionSpec{{ID: "3", Line: 1}}, func(o *BuildOptions) { o.Trailer = "DPIA-Version" }, 1, "not bound", "`DPIA-Version: 3`"},
		{"unknown revision", []VersionSpec{{ID: "2.6", Line: 4, Revision: "deadbeef"}}, nil, 4, `version 2.6: revision "deadbeef" is not in the walked history`, "hash of a commit"},
		{"ref not hash", []VersionSpec{{ID: "2.6", Line: 4, Revision: "HEAD~1"}}, nil, 4, "is not a commit hash", ""},
		{"same commit", []VersionSpec{{ID: "2.6", Line: 7, Revision: hash("c3")}}, nil, 7, "versions 2.6 (versions-file) and 2.4 (tag) both close at commit", "one version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := options()
			if tt.opt != nil {
				tt.opt(&opt)
			}
			_, err := Build(sampleHistory(), tt.specs, opt)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v, want *Error", err, err)
			}
			if e.File != "changelog/versions.yaml" || e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) || !strings.Contains(e.Hint(), tt.hint) {
				t.Errorf("got %v (hint %q); want line %d, %q, hint %q", err, e.Hint(), tt.line, tt.msg, tt.hint)
			}
		})
	}
}

func TestAmbiguousRevision(t *testing.T) {
	// Two commits whose hashes share a prefix.
	a, b := "abcd1111"+strings.Repeat("0", 32), "abcd2222"+strings.Repeat("0", 32)
	es := []changes.Entry{{Commit: b, Class: classify.None}, {Commit: a, Class: classify.None}}
	_, err := Build(es, []VersionSpec{{ID: "1", Revision: "abcd", Line: 3}}, BuildOptions{})
	if err == nil || !strings.Contains(err.Error(), "is ambiguous") {
		t.Errorf("got %v, want an ambiguous revision", err)
	}
	cl, err := Build(es, []VersionSpec{{ID: "1", Revision: "ABCD1", Line: 3}}, BuildOptions{})
	if err != nil || len(cl.Versions) != 2 || cl.Versions[1].Revision != a {
		t.Errorf("upper-case abbreviated hash: %v", err)
	}
}

func TestVersionClosedByCommitOutsideEntries(t *testing.T) {
	// The tag sits on a merge that changed no page: with the full list of
	// commits it still closes the version, after c3.
	merge := hash("merge")
	opt := options()
	opt.Commits = []string{hash("c6"), hash("c5"), hash("c4"), merge, hash("c3"), hash("c2"), hash("c1")}
	opt.Tags = map[string]string{merge: "2.4"}
	cl, err := Build(sampleHistory(), specs(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if v := cl.Versions[2]; v.ID != "2.4" || v.Revision != merge || !reflect.DeepEqual(commits(v), []string{"c3", "c2", "c1"}) || v.Date != "2023-07-12" {
		t.Errorf("2.4: %.7s %q %s", v.Revision, commits(v), v.Date)
	}

	// Without the list the same tag cannot be placed: a warning, not a failure.
	opt.Commits = nil
	cl, err = Build(sampleHistory(), specs(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(cl); !reflect.DeepEqual(got, []string{"unreleased", "2.5", "2.0"}) {
		t.Errorf("versions %q", got)
	}
	if len(cl.Warnings) == 0 || cl.Warnings[0].Kind != "version-binding" || !strings.Contains(cl.Warnings[0].Message, "tag for version 2.4 names commit") {
		t.Errorf("warnings %+v", cl.Warnings)
	}
	// c3, c2 and c1 now belong to 2.5, the oldest version.
	if got := commits(cl.Versions[1]); len(got) != 5 {
		t.Errorf("2.5 holds %q", got)
	}

	// An entry that is not in the list of commits is a caller's mistake.
	opt.Commits = []string{hash("c6")}
	if _, err := Build(sampleHistory(), specs(), opt); err == nil {
		t.Error("entries outside Commits: no error")
	}
}

func TestTranslationSync(t *testing.T) {
	cl, err := Build(sampleHistory(), specs(), options())
	if err != nil {
		t.Fatal(err)
	}
	want := []Warning{
		{Kind: "translation-sync", Version: "unreleased", Path: nbPage, Anchor: "konklusjon",
			Message: nbPage + "#konklusjon changed in substance since the last version, but " + enPage + " did not change"},
		{Kind: "translation-sync", Version: "2.5", Path: nbPage, Anchor: "konklusjon",
			Message: nbPage + "#konklusjon changed in substance in 2.5, but " + enPage + " did not change in substance"},
	}
	// 2.5 changed nb in substance but en only editorially, which does not
	// carry the change across: a warning. 2.4 changed both in substance:
	// none.
	if !reflect.DeepEqual(cl.Warnings, want) {
		t.Errorf("warnings\n got %+v\nwant %+v", cl.Warnings, want)
	}

	// Close 2.5 at c4: the en page's editorial change in c5 now falls
	// after it, and comes with c6 into Unreleased, where it still does not
	// keep en in step.
	s := specs()
	s[0].Revision = hash("c4")
	opt := options()
	opt.Trailers = nil
	cl, err = Build(sampleHistory(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range cl.Warnings {
		got = append(got, w.Version+" "+w.Path+"#"+w.Anchor)
	}
	wantIDs := []string{"unreleased " + nbPage + "#konklusjon", "2.5 " + nbPage + "#konklusjon"}
	if !reflect.DeepEqual(got, wantIDs) {
		t.Fatalf("warnings %q, want %q", got, wantIDs)
	}
	if m := cl.Warnings[1].Message; m != nbPage+"#konklusjon changed in substance in 2.5, but "+enPage+" did not change" {
		t.Errorf("message %q", m)
	}
}

func TestTranslationSyncNeedsCounterpart(t *testing.T) {
	// Only the nb page exists: nothing to keep in sync.
	es := []changes.Entry{
		entry("b2", 2, doc(nbPage, "modified", change(classify.Substantive, "a"))),
		entry("b1", 1, doc(nbPage, "added", change(classify.Substantive, "a"))),
	}
	cl, err := Build(es, nil, BuildOptions{Languages: []string{"nb", "en"}})
	if err != nil || len(cl.Warnings) != 0 {
		t.Errorf("%v, warnings %+v", err, cl.Warnings)
	}
	// The en page was added and then removed before the change.
	es = []changes.Entry{
		entry("b4", 4, doc(nbPage, "modified", change(classify.Substantive, "a"))),
		entry("b3", 3, doc(enPage, "removed", change(classify.Substantive, "x"))),
		entry("b2", 2, doc(enPage, "added", change(classify.Substantive, "x"))),
		entry("b1", 1, doc(nbPage, "added", change(classify.Substantive, "a"))),
	}
	opt := BuildOptions{Languages: []string{"nb", "en"}, Trailers: map[string]string{hash("b3"): "1"}}
	cl, err = Build(es, nil, opt)
	if err != nil || len(cl.Warnings) != 0 {
		t.Errorf("%v, warnings %+v", err, cl.Warnings)
	}
	// The caller's own view of the tree wins over the entries.
	var asked []string
	opt.Exists = func(commit, path string) bool {
		asked = append(asked, commit[:7]+" "+path)
		return true
	}
	cl, err = Build(es, nil, opt)
	if err != nil || len(cl.Warnings) != 1 || cl.Warnings[0].Version != UnreleasedID {
		t.Errorf("%v, warnings %+v", err, cl.Warnings)
	}
	if want := []string{hash("b4")[:7] + " " + enPage}; !reflect.DeepEqual(asked, want) {
		t.Errorf("Exists asked %q, want %q", asked, want)
	}
}

func TestCounterparts(t *testing.T) {
	langs := []string{"nb", "en", "nn"}
	tests := []struct {
		path string
		want []string
	}{
		{"content/a/_index.nb.md", []string{"content/a/_index.en.md", "content/a/_index.nn.md"}},
		{"content/a/page.en.md", []string{"content/a/page.nb.md", "content/a/page.nn.md"}},
		{"_index.nn.md", []string{"_index.nb.md", "_index.en.md"}},
		{"content/a/_index.md", nil},
		{"content/a/_index.de.md", nil},
	}
	for _, tt := range tests {
		if got := Counterparts(tt.path, langs); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Counterparts(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestBuildDeterministic(t *testing.T) {
	opt := options()
	// More map entries, so that map order would show if it leaked.
	for _, n := range []string{"c1", "c2", "c4"} {
		opt.Tags[hash(n)+"x"] = "x" + n // not in the history: warnings
	}
	first, err := Build(sampleHistory(), specs(), opt)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(first)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := Build(sampleHistory(), specs(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatal("two builds differ")
		}
		got, _ := json.Marshal(again)
		if !bytes.Equal(got, want) {
			t.Fatalf("JSON differs:\n%s\n%s", got, want)
		}
	}
}

func TestBuildDoesNotChangeInput(t *testing.T) {
	es, s := sampleHistory(), specs()
	before, _ := json.Marshal([]any{es, s})
	if _, err := Build(es, s, options()); err != nil {
		t.Fatal(err)
	}
	after, _ := json.Marshal([]any{es, s})
	if !bytes.Equal(before, after) {
		t.Error("Build changed its input")
	}
}

func TestTagVersions(t *testing.T) {
	tags := map[string]string{"v2.4": hash("c3"), "v2.5": hash("c5"), "release-1": hash("c1"), "2.3": hash("c2")}
	got, err := TagVersions(tags, "v*")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{hash("c3"): "2.4", hash("c5"): "2.5"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got, _ := TagVersions(tags, ""); len(got) != 0 {
		t.Errorf("no pattern: %v", got)
	}
	if _, err := TagVersions(tags, "v["); err == nil {
		t.Error("bad pattern: no error")
	}
	tags["v2.4.0"] = hash("c3")
	if _, err := TagVersions(tags, "v*"); err == nil || !strings.Contains(err.Error(), "tags v2.4 and v2.4.0 name different versions") {
		t.Errorf("two versions on one commit: %v", err)
	}
}

func TestTextsKeepTheChangelogsLanguages(t *testing.T) {
	s := []VersionSpec{{ID: "1", Historical: true, Line: 1,
		Title: Text{"": "Første", "en": "First", "de": "Erste"}, Note: Text{"de": "nur Deutsch"}}}
	cl, err := Build(nil, s, BuildOptions{Languages: []string{"nb", "en"}, Title: Text{"nb": "Endringslogg", "nn": "Endringslogg", "en": "Change log"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Text{"nb": "Endringslogg", "en": "Change log"}); !reflect.DeepEqual(cl.Title, want) {
		t.Errorf("title %q, want %q", cl.Title, want)
	}
	v := cl.Versions[0]
	if want := (Text{"nb": "Første", "en": "First"}); !reflect.DeepEqual(v.Title, want) {
		t.Errorf("version title %q, want %q", v.Title, want)
	}
	if v.Note != nil {
		t.Errorf("note %q: a note in no language of the changelog is dropped", v.Note)
	}
}

func TestHistoricalVersionIgnoresTrailer(t *testing.T) {
	opt := options()
	opt.Trailers[hash("c2")] = "2.0" // 2.0 predates the history
	cl, err := Build(sampleHistory(), specs(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(cl); !reflect.DeepEqual(got, []string{"unreleased", "2.5", "2.4", "2.0"}) {
		t.Errorf("versions %q", got)
	}
	if len(cl.Warnings) == 0 || !strings.Contains(cl.Warnings[0].Message, "trailer on commit "+hash("c2")[:12]+" names version 2.0, which the versions file calls historical") {
		t.Errorf("warnings %+v", cl.Warnings)
	}
}
