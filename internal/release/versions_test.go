package release

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/config/yamlfile"
)

func TestLoadVersions(t *testing.T) {
	got, err := LoadVersions("testdata/versions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []VersionSpec{
		{
			ID: "2.5", Date: "2023-07-24", Revision: "e0ad99e", Line: 2,
			Title: Text{"nb": "Versjon 2.5", "en": "Version 2.5"},
			Summary: Text{
				"nb": "Oppdatert som følge av adekvansbeslutning av 10. juli 2023",
				"en": "Updated following the adequacy decision of 10 July 2023",
			},
			Topics: []string{"adequacy-decision"},
		},
		// An unquoted 2.10 is a YAML float; the id must stay as written.
		{ID: "2.10", Note: Text{"": "Lagt til etter gjennomgang"}, Line: 10},
		{
			ID: "2.0", Date: "2022-11", Historical: true, Reconstructed: true, Line: 12,
			Note: Text{"nb": "Teksten er rekonstruert fra publisert PDF.", "en": "Text reconstructed from the published PDF."},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestLoadVersionsUnderKey(t *testing.T) {
	p := write(t, "versions:\n  - id: \"1.0\"\n    revision: abcd123\n")
	got, err := LoadVersions(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "1.0" || got[0].Line != 2 {
		t.Errorf("got %+v", got)
	}
}

func TestLoadVersionsMissingAndEmpty(t *testing.T) {
	got, err := LoadVersions(filepath.Join(t.TempDir(), "versions.yaml"))
	if got != nil || err != nil {
		t.Errorf("missing file: %v, %v; want nil, nil", got, err)
	}
	got, err = LoadVersions(write(t, "# no versions yet\n"))
	if len(got) != 0 || err != nil {
		t.Errorf("empty file: %v, %v", got, err)
	}
}

func TestLoadVersionsErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg, hint string
	}{
		{"duplicate id", "- id: \"2.5\"\n  revision: abcd\n- id: \"2.5\"\n  revision: bcde\n", 3, `version "2.5" declared twice (first at line 1)`, "own id"},
		{"duplicate id, float and string", "- id: 2.5\n  revision: abcd\n- id: \"2.5\"\n  revision: bcde\n", 3, "declared twice", ""},
		{"no id", "- date: 2023-01-01\n  revision: abcd\n", 1, "version has no id", `id: "2.5"`},
		{"bad date", "- id: \"1\"\n  date: 24.07.2023\n", 2, `"24.07.2023" is not a date`, "YYYY-MM-DD"},
		{"impossible date", "- id: \"1\"\n  date: 2023-02-30\n", 2, "not a date", ""},
		{"year only", "- id: \"1\"\n  date: \"2023\"\n", 2, "not a date", "YYYY-MM"},
		{"historical with revision", "- id: \"1\"\n  historical: true\n  revision: abcd123\n", 3, "historical but names a revision", "remove `revision:`"},
		{"unknown key", "- id: \"1\"\n  revison: abcd\n", 2, "unknown key", `did you mean "revision"?`},
		{"reserved id", "- id: unreleased\n", 1, "reserved", "another id"},
		{"not a list", "id: \"1\"\n", 1, "unknown key", "versions"},
		{"entry not a mapping", "- \"2.5\"\n", 1, "want a mapping", ""},
		{"title list", "- id: \"1\"\n  title: [a]\n", 2, "want a mapping", ""},
		{"historical not bool", "- id: \"1\"\n  historical: ja\n", 2, "want true or false", ""},
		{"syntax", "- id: \"1\n", 2, // where the parser noticed: the end of the file
			"not valid YAML", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, tt.src)
			_, err := LoadVersions(p)
			checkFileError(t, err, p, tt.line, tt.msg, tt.hint)
		})
	}
}

func TestLoadOverrides(t *testing.T) {
	p := write(t, `# Hand classifications.
- commit: E0AD99E
  fingerprint: 3f9a1c2b
  class: editorial
  reason: only the date's format changed
- commit: 776a0dc1
  fingerprint: 0011aabb
  class: substantive
  reason: a changed reference to the law
`)
	got, err := LoadOverrides(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []OverrideSpec{
		{Commit: "e0ad99e", Fingerprint: "3f9a1c2b", Class: classify.Editorial, Reason: "only the date's format changed", Line: 2},
		{Commit: "776a0dc1", Fingerprint: "0011aabb", Class: classify.Substantive, Reason: "a changed reference to the law", Line: 6},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if got, err := LoadOverrides(filepath.Join(t.TempDir(), "none.yaml")); got != nil || err != nil {
		t.Errorf("missing file: %v, %v", got, err)
	}
}

func TestLoadOverridesErrors(t *testing.T) {
	const ok = "  fingerprint: ab12\n  class: editorial\n  reason: typo\n"
	tests := []struct {
		name, src string
		line      int
		msg, hint string
	}{
		{"bad class", "- commit: abcd\n  fingerprint: ab12\n  class: editoral\n  reason: x\n", 3, `unknown class "editoral"`, `did you mean "editorial"?`},
		{"class none", "- commit: abcd\n  fingerprint: ab12\n  class: none\n  reason: x\n", 3, "unknown class", "editorial or substantive"},
		{"no reason", "- commit: abcd\n  fingerprint: ab12\n  class: editorial\n", 1, "override has no reason", "published"},
		{"no fingerprint", "- commit: abcd\n  class: editorial\n  reason: x\n", 1, "no fingerprint", ""},
		{"ref not hash", "- commit: HEAD~2\n" + ok, 1, `"HEAD~2" is not a commit hash`, "hex"},
		{"too short", "- commit: abc\n" + ok, 1, "not a commit hash", ""},
		{"twice", "- commit: abcd\n" + ok + "- commit: abcd\n" + ok, 5, "overridden twice (first at line 1)", ""},
		{"unknown key", "- commit: abcd\n" + ok + "  reviewer: kari\n", 5, "unknown key", "known keys here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, tt.src)
			_, err := LoadOverrides(p)
			checkFileError(t, err, p, tt.line, tt.msg, tt.hint)
		})
	}
}

func write(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "changelog.yaml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func checkFileError(t *testing.T, err error, file string, line int, msg, hint string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var e *yamlfile.Error
	if !errors.As(err, &e) {
		t.Fatalf("%T %v is not a *yamlfile.Error", err, err)
	}
	if e.File != file || e.Line != line {
		t.Errorf("at %s:%d, want line %d (%v)", e.File, e.Line, line, err)
	}
	if !strings.Contains(e.Msg, msg) {
		t.Errorf("message %q does not contain %q", e.Msg, msg)
	}
	if !strings.Contains(e.Hint(), hint) {
		t.Errorf("hint %q does not contain %q", e.Hint(), hint)
	}
}
