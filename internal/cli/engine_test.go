package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/app"
)

// verdict is what a reviewer reads of one comparison, whichever command
// shows it: each document's status and class, and each change's class,
// reasons and fingerprint.
type verdict struct {
	Class     string `json:"class"`
	Documents []struct {
		Path          string `json:"path"`
		OldPath       string `json:"old_path"`
		Status        string `json:"status"`
		Class         string `json:"class"`
		TranslationOf string `json:"translation_of"`
		Changes       []struct {
			Class       string   `json:"class"`
			Reasons     []string `json:"reasons"`
			Fingerprint string   `json:"fingerprint"`
			Override    any      `json:"override"`
		} `json:"changes"`
	} `json:"documents"`
}

func decodeVerdict(t *testing.T, what string, data []byte) verdict {
	t.Helper()
	var v verdict
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: not the JSON diff: %v\n%s", what, err, data)
	}
	return v
}

// One change's class must not depend on the command that shows it: show,
// diff of a commit against its parent, log and the web view's compare
// all take it from one engine. The history has what made them disagree:
// a rename with an edit, a page added in a second language beside the
// default-language page (show said "translation", diff "three paragraphs
// added"), a merge, and an override of a change's class.
func TestOneEngine(t *testing.T) {
	g := newGitRepo(t)
	g.write("content/a/_index.nb.md", page("Lagring", "Data lagres i Norge i tre år.", "Kontakt personvernombudet ved spørsmål."))
	g.write("content/c/_index.md", page("Sikkerhet", "Data krypteres under overføring.", "Tilgang logges."))
	g.commit("Første versjon")
	g.write("content/a/_index.nb.md", page("Lagring", "Data lagres i Norge i fem år.", "Kontakt personvernombudet ved spørsmål."))
	retention := g.commit("Lagringstid fem år")
	g.git("mv", "content/a", "content/b")
	g.write("content/b/_index.nb.md", page("Lagring", "Data lagres i Norge i fem år.", "Kontakt personvernombudet\nved spørsmål."))
	g.commit("Flytt lagringssiden")
	g.write("content/c/_index.en.md", page("Security", "Data is encrypted in transit.", "Access is logged.", "Contact the data protection officer."))
	g.commit("Security in English")
	g.git("checkout", "-q", "-b", "side")
	g.write("content/c/_index.md", page("Sikkerhet", "Alle data krypteres under overføring.", "Tilgang logges."))
	g.commit("Kryptering av alle data")
	g.git("checkout", "-q", "-")
	g.write("content/b/_index.nb.md", page("Lagring", "Data lagres i Norge i fem år.", "Kontakt personvernombudet ved spørsmål om lagring."))
	g.commit("Spørsmål om lagring")
	g.git("merge", "-q", "--no-ff", "-m", "Flett inn kryptering", "side")

	// Override the retention change's class, as a maintainer would.
	show := run(t, "--repo", g.dir, "--no-cache", "show", "--format", "json", retention)
	wantOK(t, show)
	v := decodeVerdict(t, "show", []byte(show.out))
	if len(v.Documents) != 1 || len(v.Documents[0].Changes) != 1 || v.Documents[0].Changes[0].Class != "substantive" {
		t.Fatalf("the retention change: %+v", v)
	}
	g.write("redline.yaml", "overrides: changelog/overrides.yaml\n")
	g.write("changelog/overrides.yaml", fmt.Sprintf("overrides:\n  - commit: %s\n    fingerprint: %s\n    class: editorial\n    reason: the period was already five years in the agreement\n",
		retention[:12], v.Documents[0].Changes[0].Fingerprint))
	g.commit("Overstyr klassen til lagringstiden")

	// log: every revision that changed a document, newest first.
	logRun := run(t, "--repo", g.dir, "--no-cache", "log", "--format", "json")
	wantOK(t, logRun)
	var raws []json.RawMessage
	if err := json.Unmarshal([]byte(logRun.out), &raws); err != nil {
		t.Fatalf("log --format json: %v\n%s", err, logRun.out)
	}
	if len(raws) != 6 {
		t.Fatalf("log lists %d revisions, want 6", len(raws))
	}
	seen := map[string]bool{}
	p := openServeProject(t, g.dir, io.Discard)
	backend := app.NewBackend(p)
	for _, raw := range raws {
		var e struct {
			Commit  string   `json:"commit"`
			Parents []string `json:"parents"`
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatal(err)
		}
		want := decodeVerdict(t, "log", raw)
		for _, d := range want.Documents {
			seen[d.Status] = true
			if d.TranslationOf != "" {
				seen["translation"] = true
			}
			for _, c := range d.Changes {
				if c.Override != nil {
					seen["override"] = true
				}
			}
		}
		if len(e.Parents) > 1 {
			seen["merge"] = true
		}
		got := map[string]verdict{}
		s := run(t, "--repo", g.dir, "--no-cache", "show", "--format", "json", e.Commit)
		wantOK(t, s)
		got["show"] = decodeVerdict(t, "show", []byte(s.out))
		if len(e.Parents) > 0 {
			d := run(t, "--repo", g.dir, "--no-cache", "diff", "--format", "json", e.Parents[0], e.Commit)
			wantOK(t, d)
			got["diff"] = decodeVerdict(t, "diff", []byte(d.out))
			web, err := backend.Compare(context.Background(), e.Parents[0], e.Commit)
			if err != nil {
				t.Fatalf("web compare %s: %v", e.Commit[:7], err)
			}
			data, _ := json.Marshal(web)
			got["web"] = decodeVerdict(t, "web", data)
		}
		for cmd, v := range got {
			if !reflect.DeepEqual(v, want) {
				t.Errorf("%s %s differs from log:\n%s: %+v\nlog: %+v", cmd, e.Commit[:7], cmd, v, want)
			}
		}
	}
	for _, k := range []string{"renamed", "modified", "added", "translation", "merge", "override"} {
		if !seen[k] {
			t.Errorf("the history shows no %s: the test lost its point", k)
		}
	}
	if strings.Contains(logRun.err, "warning") {
		t.Errorf("log warned:\n%s", logRun.err)
	}

	// The work tree goes by the same road: clean, nothing; a page put
	// beside its Norwegian one, a translation, as it will be once
	// committed.
	clean := run(t, "--repo", g.dir, "--no-cache", "diff", "--format", "json", "HEAD")
	wantOK(t, clean)
	if v := decodeVerdict(t, "diff HEAD", []byte(clean.out)); len(v.Documents) != 0 || v.Class != "none" {
		t.Errorf("diff HEAD on a clean tree: %+v", v)
	}
	g.write("content/b/_index.en.md", page("Storage", "Data is stored in Norway for five years.", "Contact the data protection officer about storage."))
	work := run(t, "--repo", g.dir, "--no-cache", "diff", "--format", "json", "HEAD")
	wantOK(t, work)
	g.commit("Storage in English")
	committed := run(t, "--repo", g.dir, "--no-cache", "show", "--format", "json", "HEAD")
	wantOK(t, committed)
	wv, cv := decodeVerdict(t, "diff HEAD", []byte(work.out)), decodeVerdict(t, "show HEAD", []byte(committed.out))
	if !reflect.DeepEqual(wv, cv) || len(wv.Documents) != 1 || wv.Documents[0].TranslationOf != "content/b/_index.nb.md" {
		t.Errorf("the work tree's translation:\ndiff HEAD: %+v\nshow after commit: %+v", wv, cv)
	}
}
