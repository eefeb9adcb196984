package app

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/release"
)

func TestDateArg(t *testing.T) {
	for _, tt := range []struct {
		arg, day string
		ok       bool
	}{
		{"2024-03-01", "2024-03-01", true},
		{"@{2024-03-01}", "2024-03-01", true},
		{"HEAD@{2024-03-01}", "2024-03-01", true},
		{"2024-02-30", "", true}, // a date's shape, no date
		{"2024-13-01", "", true},
		{"main@{2024-03-01}", "", false}, // a branch's reflog: git's, not a date here
		{"@{1}", "", false},
		{"2024-3-1", "", false},
		{"2.5", "", false},
		{"HEAD", "", false},
	} {
		day, ok := dateArg(tt.arg)
		if day != tt.day || ok != tt.ok {
			t.Errorf("dateArg(%q) = %q, %v; want %q, %v", tt.arg, day, ok, tt.day, tt.ok)
		}
	}
}

func at(day string) time.Time {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}

// testChangelog is a history reconstructed after the fact: the commits of
// the versions the versions file dates (published) were all made in
// 2026, long after the versions were published; 2.1 has no date and 2.2
// only the one the changelog gives it from its newest commit, and both
// count by their commits' dates.
func testChangelog() (*release.Changelog, map[string]string) {
	return &release.Changelog{Versions: []release.Version{
			{ID: release.UnreleasedID, Entries: []changes.Entry{{Commit: "u2", Date: at("2026-12-02")}, {Commit: "u1", Date: at("2026-12-01")}}},
			{ID: "2.6", Date: "2024-03-01", Revision: "c26", Entries: []changes.Entry{{Commit: "c26", Date: at("2026-11-27")}, {Commit: "c26a", Date: at("2026-11-27")}}},
			{ID: "2.5", Date: "2023-11-01", Entries: []changes.Entry{{Commit: "c25", Date: at("2026-11-27")}}},
			{ID: "2.2", Date: "2023-09-01", Entries: []changes.Entry{{Commit: "c22b", Date: at("2023-09-01")}, {Commit: "c22a", Date: at("2023-08-01")}}},
			{ID: "2.1", Entries: []changes.Entry{{Commit: "c21b", Date: at("2023-05-20")}, {Commit: "c21a", Date: at("2023-05-10")}}},
			{ID: "2.0", Date: "2023-01-01", Revision: "c20", Entries: []changes.Entry{{Commit: "c20", Date: at("2026-11-27")}}},
			{ID: "1.0", Date: "2020-12-01", Historical: true},
		}}, map[string]string{
			"2.6": "2024-03-01", "2.5": "2023-11-01", "2.0": "2023-01-01", "1.0": "2020-12-01",
		}
}

func TestDayIn(t *testing.T) {
	cl, published := testChangelog()
	for _, tt := range []struct{ day, want string }{
		{"2027-01-01", "u2"},
		{"2026-12-01", "u1"},
		{"2026-11-30", "c26"}, // 2.6's commits are of 2026, but it was published in 2024
		{"2024-03-01", "c26"},
		{"2024-02-29", "c25"},
		{"2023-11-01", "c25"},
		{"2023-10-31", "c22b"}, // the changelog's date of 2.2 is its newest commit's
		{"2023-08-15", "c22a"}, // and its older commit counts by its own
		{"2023-07-31", "c21b"}, // no date: 2.1 counts by its commits
		{"2023-05-15", "c21a"},
		{"2023-05-09", "c20"},
		{"2023-01-01", "c20"},
		{"2022-12-31", ""}, // 1.0 has no revision to stand for it
	} {
		got, first := dayIn(cl, published, tt.day)
		if got != tt.want {
			t.Errorf("dayIn(%s) = %q, want %q", tt.day, got, tt.want)
		}
		if got == "" && first != "2023-01-01" {
			t.Errorf("dayIn(%s): first day %q, want 2023-01-01", tt.day, first)
		}
	}
}

func TestRefIn(t *testing.T) {
	cl, published := testChangelog()
	for _, tt := range []struct {
		arg, commit, version string
		ok                   bool
		err                  string
	}{
		{arg: "2.6", commit: "c26", version: "2.6", ok: true},
		{arg: "v2.6", commit: "c26", version: "2.6", ok: true},
		{arg: "2.5", commit: "c25", version: "2.5", ok: true}, // no revision: its newest commit
		{arg: "unreleased", commit: "u2", version: release.UnreleasedID, ok: true},
		{arg: "2023-12-01", commit: "c25", ok: true},
		{arg: "@{2023-12-01}", commit: "c25", ok: true},
		{arg: "1.0", ok: true, err: "version 1.0 predates the history"},
		{arg: "2024-02-30", ok: true, err: `"2024-02-30" is not a date`},
		{arg: "2019-01-01", ok: true, err: "no revision on or before 2019-01-01"},
		{arg: "2.9"},
		{arg: "HEAD~2"},
	} {
		commit, v, ok, err := refIn(cl, published, tt.arg)
		switch {
		case ok != tt.ok:
			t.Errorf("refIn(%q): ok %v, want %v", tt.arg, ok, tt.ok)
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("refIn(%q): error %v, want %q", tt.arg, err, tt.err)
			} else if hint(err) == "" {
				t.Errorf("refIn(%q): error %q has no hint", tt.arg, err)
			}
		case err != nil:
			t.Errorf("refIn(%q): %v", tt.arg, err)
		case commit != tt.commit:
			t.Errorf("refIn(%q) = %q, want %q", tt.arg, commit, tt.commit)
		case tt.version == "" && v != nil, tt.version != "" && (v == nil || v.ID != tt.version):
			t.Errorf("refIn(%q): version %v, want %q", tt.arg, v, tt.version)
		}
	}
}

func hint(err error) string {
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		return h.Hint()
	}
	return ""
}

func TestFindVersionHints(t *testing.T) {
	cl, _ := testChangelog()
	if v, err := FindVersion(cl, "v2.5"); err != nil || v.ID != "2.5" {
		t.Fatalf("FindVersion(v2.5) = %v, %v", v, err)
	}
	_, err := FindVersion(cl, "2.9")
	if err == nil || err.Error() != `no version "2.9" in the history` {
		t.Fatalf("FindVersion(2.9): %v", err)
	}
	want := "known versions: unreleased, 2.6, 2.5, 2.2, 2.1, 2.0, 1.0 (predating the history, with no revision: 1.0)"
	if h := hint(err); h != want {
		t.Errorf("hint %q, want %q", h, want)
	}
	if err := unknownRef("2.9", cl); !strings.Contains(err.Error(), `unknown version or revision "2.9"`) || !strings.Contains(hint(err), "known versions: unreleased, 2.6") {
		t.Errorf("unknownRef(2.9): %v (hint %q)", err, hint(err))
	}
	none := &release.Changelog{Versions: []release.Version{{ID: "2.6", Date: "2024-03-01", Revision: "c26"}}}
	if err := unknownRef(release.UnreleasedID, none); err.Error() != "nothing is unreleased" || !strings.Contains(hint(err), "known versions: 2.6") {
		t.Errorf("unknownRef(unreleased): %v (hint %q)", err, hint(err))
	}
	if h := KnownVersions(&release.Changelog{}); !strings.Contains(h, "no versions yet") {
		t.Errorf("KnownVersions of none: %q", h)
	}
}

// A revision of a version with a publication date counts as made on that
// day, against a bound given as a day or as a commit's moment.
func TestBoundMoments(t *testing.T) {
	made := time.Date(2026, 11, 27, 23, 30, 0, 0, time.FixedZone("CET", 3600))
	published := moment{day: "2024-03-01", t: made}
	plain := moment{t: made}
	for _, tt := range []struct {
		name          string
		b             Bound
		m             moment
		after, before bool
	}{
		{"published, since its day", Bound{Day: "2024-03-01"}, published, false, false},
		{"published, since a later day", Bound{Day: "2024-03-02"}, published, true, false},
		{"published, until an earlier day", Bound{Day: "2024-02-29"}, published, false, true},
		{"made, in its own zone's day", Bound{Day: "2026-11-27"}, plain, false, false},
		{"made, since a commit a minute later", Bound{Time: made.Add(time.Minute)}, plain, true, false},
		{"made, until a commit a minute earlier", Bound{Time: made.Add(-time.Minute)}, plain, false, true},
		{"published, against a commit's day", Bound{Time: at("2024-03-01")}, published, false, false},
	} {
		if got := tt.b.after(tt.m); got != tt.after {
			t.Errorf("%s: after = %v, want %v", tt.name, got, tt.after)
		}
		if got := tt.b.before(tt.m); got != tt.before {
			t.Errorf("%s: before = %v, want %v", tt.name, got, tt.before)
		}
	}
	days := publishedDays(testChangelog())
	if days["c26a"] != "2024-03-01" || days["c25"] != "2023-11-01" || days["c22a"] != "" || days["c21a"] != "" || days["u1"] != "" {
		t.Errorf("publishedDays = %v", days)
	}
}

// gitRepo builds a repository of commits, each writing files and carrying
// a message, at fixed dates.
func gitRepo(t *testing.T, commits []testCommit) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found on PATH")
	}
	dir := t.TempDir()
	git := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=Ada", "-c", "user.email=ada@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), append([]string{"GIT_CONFIG_NOSYSTEM=1", "HOME=" + dir}, env...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git(nil, "init", "-q", "-b", "main")
	for _, c := range commits {
		for name, text := range c.files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		git(nil, "add", "-A")
		date := c.date + "T12:00:00Z"
		git([]string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}, "commit", "-q", "-m", c.msg)
	}
	return dir
}

type testCommit struct {
	date, msg string
	files     map[string]string
}

const versionsFile = `versions:
  - id: "1.1"
    date: 2024-03-01
    title:
      en: Storage in Norway only
  - id: "1.0"
    date: 2023-01-01
  - id: "0.9"
    date: 2020-01-01
    historical: true
`

func page(body string) string { return "---\ntitle: Lagring\n---\n\n## Lagring\n\n" + body + "\n" }

// versionRepo: version 1.0 is one commit; 1.1 two (the second adds the
// English page); one commit is unreleased. Every commit is of 2026.
func versionRepo(t *testing.T) *App {
	dir := gitRepo(t, []testCommit{
		{"2026-01-01", "First\n\nDocument-Version: 1.0", map[string]string{
			"redline.yaml":            "versions:\n  file: versions.yaml\n",
			"versions.yaml":           versionsFile,
			"content/a/_index.nb.md":  page("Data kan lagres i Norge og EU."),
			"content/b/_index.nb.md":  page("Andre data."),
			"site/layouts/index.html": "<html></html>",
			"notes.md":                "# Notes\n",
		}},
		{"2026-01-02", "Norway only", map[string]string{"content/a/_index.nb.md": page("Data kan kun lagres i Norge.")}},
		{"2026-01-03", "English\n\nDocument-Version: 1.1", map[string]string{"content/a/_index.en.md": page("Data may only be stored in Norway.")}},
		{"2026-01-04", "Later", map[string]string{"content/b/_index.nb.md": page("Andre data, endret.")}},
	})
	a, err := Open(Options{Repo: dir, NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func TestResolveEverywhere(t *testing.T) {
	a := versionRepo(t)
	ctx := context.Background()
	hash := func(rev string) string {
		t.Helper()
		h, err := a.repo.Resolve(rev)
		if err != nil {
			t.Fatal(err)
		}
		return h.String()
	}
	for arg, want := range map[string]string{
		"1.1":           "HEAD~1",
		"v1.0":          "HEAD~3",
		"unreleased":    "HEAD",
		"2024-02-01":    "HEAD~3", // 1.1 was published on 1 March 2024, whatever its commits' dates
		"@{2024-03-01}": "HEAD~1",
		"2026-01-04":    "HEAD",
		"HEAD~2":        "HEAD~2",
	} {
		h, err := a.Resolve(ctx, arg)
		if err != nil {
			t.Errorf("Resolve(%q): %v", arg, err)
			continue
		}
		if h.String() != hash(want) {
			t.Errorf("Resolve(%q) = %s, want %s", arg, h, want)
		}
	}
	for arg, want := range map[string]string{
		"1.2":        `unknown version or revision "1.2"`,
		"0.9":        "version 0.9 predates the history",
		"2019-01-01": "no revision on or before 2019-01-01",
	} {
		_, err := a.Resolve(ctx, arg)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Resolve(%q): %v, want %q", arg, err, want)
		}
	}
	if _, err := a.Resolve(ctx, "1.2"); !strings.Contains(hint(err), "known versions: unreleased, 1.1, 1.0, 0.9") {
		t.Errorf("Resolve(1.2): hint %q", hint(err))
	}

	// Ranges, and blame at a version.
	spec, err := a.ResolveRange(ctx, "1.0..1.1")
	if err != nil || spec != hash("HEAD~3")+".."+hash("HEAD~1") {
		t.Errorf("ResolveRange(1.0..1.1) = %q, %v", spec, err)
	}
	lines, err := a.Blame(ctx, "content/a/_index.nb.md", "1.0")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || !strings.Contains(lines[1].Text, "Norge og EU") || lines[1].Changed.Version != "1.0" {
		t.Errorf("blame at 1.0: %+v", lines)
	}
}

func TestLogSinceUntilPublished(t *testing.T) {
	a := versionRepo(t)
	ctx := context.Background()
	list := func(o LogOptions) string {
		t.Helper()
		var got []string
		if err := a.Log(ctx, o, func(e changes.Entry) error {
			got = append(got, e.Subject)
			return nil
		}); err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
		return strings.Join(got, ", ")
	}
	for _, tt := range []struct {
		o    LogOptions
		want string
	}{
		{LogOptions{Since: "1.1"}, "Later, English, Norway only"},
		{LogOptions{Until: "1.0"}, "First"},
		{LogOptions{Since: "2024-01-01", Until: "2024-12-31"}, "English, Norway only"},
		{LogOptions{Until: "2025-12-31"}, "English, Norway only, First"},
		{LogOptions{Since: "2026-01-01"}, "Later"}, // its own date: no version has it
		{LogOptions{Since: "HEAD~1", Until: "1.1"}, "English, Norway only"},
		{LogOptions{Range: "1.0..1.1"}, "English, Norway only"},
	} {
		if got := list(tt.o); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.o, got, tt.want)
		}
	}
	err := a.Log(ctx, LogOptions{Since: "1.9"}, func(changes.Entry) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `--since "1.9" is neither a date, a version nor a revision`) || !strings.Contains(hint(err), "known versions: unreleased, 1.1") {
		t.Errorf("--since 1.9: %v (hint %q)", err, hint(err))
	}
}

func TestShowVersion(t *testing.T) {
	a := versionRepo(t)
	ctx := context.Background()
	hash := func(rev string) string {
		h, err := a.repo.Resolve(rev)
		if err != nil {
			t.Fatal(err)
		}
		return h.String()
	}
	docs := func(s Shown) string {
		var out []string
		for _, d := range s.Documents {
			out = append(out, d.Path+" "+d.Status+" "+string(d.Class))
		}
		return strings.Join(out, "; ")
	}

	// The whole of 1.1: two commits, one comparison from 1.0.
	s, err := a.Show(ctx, "1.1", nil)
	if err != nil {
		t.Fatal(err)
	}
	v := s.Version
	if v == nil || v.ID != "1.1" || v.Date != "2024-03-01" || v.Title["en"] != "Storage in Norway only" ||
		v.Previous != "1.0" || v.From != hash("HEAD~3") || v.To != hash("HEAD~1") || v.Revisions != 2 {
		t.Fatalf("show 1.1: version %+v", v)
	}
	if got, want := docs(s), "content/a/_index.en.md added editorial; content/a/_index.nb.md modified substantive"; got != want {
		t.Errorf("show 1.1: %s, want %s", got, want)
	}
	if s.Class != "substantive" {
		t.Errorf("show 1.1: class %s", s.Class)
	}

	// The first version starts before the history: its documents are added.
	s, err = a.Show(ctx, "1.0", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Version == nil || s.Version.From != "" || s.Version.Previous != "" || s.Version.To != hash("HEAD~3") {
		t.Fatalf("show 1.0: version %+v", s.Version)
	}
	if got, want := docs(s), "content/a/_index.nb.md added substantive; content/b/_index.nb.md added substantive"; got != want {
		t.Errorf("show 1.0: %s, want %s", got, want)
	}

	// unreleased: from 1.1 to the last commit.
	s, err = a.Show(ctx, "unreleased", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Version == nil || s.Version.Previous != "1.1" || s.Version.To != hash("HEAD") {
		t.Fatalf("show unreleased: version %+v", s.Version)
	}

	// A commit, or a date, keeps showing one commit.
	for _, rev := range []string{"HEAD~1", "2024-03-01"} {
		s, err = a.Show(ctx, rev, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.Version != nil || docs(s) != "content/a/_index.en.md added editorial" {
			t.Errorf("show %s: %+v: %s", rev, s.Version, docs(s))
		}
	}

	// Paths: one that matches nothing is an error; beside one that does,
	// it is left out.
	s, err = a.Show(ctx, "1.1", []string{"content/b"})
	if err != nil || docs(s) != "" {
		t.Errorf("show 1.1 -- content/b: %v, %s", err, docs(s))
	}
	if _, err = a.Show(ctx, "1.1", []string{"content/nope"}); err == nil || !strings.Contains(err.Error(), `nothing to show: "content/nope" is not in`) {
		t.Errorf("show 1.1 -- content/nope: %v", err)
	}
	if _, err = a.Show(ctx, "HEAD", []string{"content/nope"}); err == nil || !strings.Contains(err.Error(), `nothing to show: "content/nope"`) {
		t.Errorf("show HEAD -- content/nope: %v", err)
	}
}

func TestBlameRefusals(t *testing.T) {
	a := versionRepo(t)
	ctx := context.Background()
	for _, tt := range []struct{ file, rev, err, hint string }{
		{"content/nope.md", "HEAD", "content/nope.md: no such document at HEAD", "such as content/a/_index.en.md"},
		{"content/a/_index.en.md", "1.0", "content/a/_index.en.md: no such document at 1.0 (", "such as content/a/_index.nb.md"},
		{"content/a", "HEAD", "content/a is a folder at HEAD", "give one document of it"},
		{"site/layouts/index.html", "HEAD", "no such document", ""},
		{"notes.md", "HEAD", "notes.md is not under the tracked paths", "add its folder to paths:"},
		{"content/a/_index.nb.md", "1.7", `unknown version or revision "1.7"`, "known versions"},
	} {
		_, err := a.Blame(ctx, tt.file, tt.rev)
		if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(hint(err), tt.hint) {
			t.Errorf("blame %s --rev %s: %v (hint %q), want %q", tt.file, tt.rev, err, hint(err), tt.err)
		}
	}
}
