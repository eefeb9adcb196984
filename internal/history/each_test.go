package history

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// eachLog runs Log with Each and returns what Each was handed, in order,
// as the Log's Revisions.
func eachLog(t *testing.T, r *Repo, opt Options) *Log {
	t.Helper()
	revs := []Revision{}
	opt.Each = func(rev Revision) error {
		revs = append(revs, rev)
		return nil
	}
	l, err := r.Log(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if l.Revisions != nil {
		t.Fatalf("Log.Revisions holds %d revisions with Each; want nil", len(l.Revisions))
	}
	l.Revisions = revs
	return l
}

// absentRepo holds a document removed before the tip, for the checks of
// tracked paths that are not there (see TestAbsentPath).
func absentRepo(t *testing.T) (g *gitRepo, c1, c2 string) {
	t.Helper()
	g = newGitRepo(t)
	g.write("content/a.md", "# A\n")
	g.write("old/b.md", "# B\n")
	c1 = g.commit("Add a and b")
	g.git("rm", "-q", "old/b.md")
	c2 = g.commit("Remove b")
	g.write("content/a.md", "# A\n\nMore.\n")
	g.commit("Edit a")
	return g, c1, c2
}

// Log with Each hands over exactly the revisions, and returns the notes,
// that Log without it returns: in both modes, over ranges, following
// renames, and with a disk cache cold, warm, and written by a walk with
// Each for one without.
func TestEachMatchesLog(t *testing.T) {
	t.Parallel()
	merges := newGitRepo(t)
	buildMerges(merges)
	moved, _ := restructured(t)
	absent, c1, _ := absentRepo(t)
	for _, tc := range []struct {
		g    *gitRepo
		opts []Options
	}{
		{merges, []Options{
			{Paths: []string{"content"}},
			{Paths: []string{"content"}, FullHistory: true},
			{Paths: []string{"content"}, Range: "HEAD~3..HEAD"},
			{Paths: []string{"content"}, Range: "side1..main", FullHistory: true},
			{Paths: []string{"content/b.md", "other"}, FullHistory: true},
			{FullHistory: true, SkipEmpty: true},
		}},
		{moved, []Options{
			{Paths: []string{"en"}, SkipEmpty: true},
			{Paths: []string{"en"}, FullHistory: true, SkipEmpty: true},
			{Paths: []string{"en/doc_3.md"}},
			{Paths: []string{"en/*.md"}, FullHistory: true},
		}},
		{absent, []Options{
			{Paths: []string{"contnet", "content"}}, // a note for the absent path
			{Paths: []string{"old"}},                // removed at the tip: listed
			{Paths: []string{"ol?/*.md"}},           // a glob matching only what was removed
			{Paths: []string{"old"}, Range: c1 + "..HEAD", FullHistory: true},
		}},
	} {
		for _, opt := range tc.opts {
			name := fmt.Sprintf("%s %+v", tc.g.dir, opt)
			want := mustLog(t, tc.g.open(), opt)
			if len(want.Revisions) == 0 {
				t.Fatalf("%s: no revisions to compare", name)
			}
			if got := eachLog(t, tc.g.open(), opt); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: with Each:\n got %v %q\nwant %v %q", name, hashes(got), got.Notes, hashes(want), want.Notes)
			}
			opt.CacheDir = t.TempDir()
			for _, run := range []string{"cold", "warm"} {
				if got := eachLog(t, tc.g.open(), opt); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: with Each, %s cache:\n got %v %q\nwant %v %q", name, run, hashes(got), got.Notes, hashes(want), want.Notes)
				}
			}
			if got := mustLog(t, tc.g.open(), opt); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: without Each, from the cache walks with Each wrote:\n got %v\nwant %v", name, hashes(got), hashes(want))
			}
		}
	}
	if l := mustLog(t, absent.open(), Options{Paths: []string{"contnet", "content"}}); !strings.Contains(strings.Join(l.Notes, "\n"), `"contnet" is not in HEAD`) {
		t.Errorf("notes %q: want one for the absent path", l.Notes)
	}
}

// An error from Each stops the walk: Each is called no more, and Log
// returns the error itself. A cache left by the stopped walk does not
// change the next one.
func TestEachErrorStops(t *testing.T) {
	t.Parallel()
	merges := newGitRepo(t)
	buildMerges(merges)
	moved, _ := restructured(t)
	stop := errors.New("stop")
	for _, tc := range []struct {
		g   *gitRepo
		opt Options
	}{
		{merges, Options{Paths: []string{"content"}}},
		{merges, Options{Paths: []string{"content"}, FullHistory: true}},
		{moved, Options{Paths: []string{"en"}, SkipEmpty: true}}, // stops past the restructure, following
		{moved, Options{Paths: []string{"en"}, FullHistory: true, SkipEmpty: true}},
	} {
		want := mustLog(t, tc.g.open(), tc.opt)
		if len(want.Revisions) < 3 {
			t.Fatalf("%+v: %d revisions, want at least 3", tc.opt, len(want.Revisions))
		}
		for _, cache := range []string{"", t.TempDir()} {
			opt := tc.opt
			opt.CacheDir = cache
			var seen []Hash
			opt.Each = func(rev Revision) error {
				seen = append(seen, rev.Hash)
				if len(seen) == 3 {
					return stop
				}
				return nil
			}
			l, err := tc.g.open().Log(context.Background(), opt)
			if err != stop || l != nil {
				t.Errorf("%+v: Log = %v, %v; want nil and the error of Each as it is", tc.opt, l, err)
			}
			if len(seen) != 3 {
				t.Errorf("%+v: Each called %d times; want 3, the last returning the error", tc.opt, len(seen))
			}
			if !reflect.DeepEqual(seen, []Hash{want.Revisions[0].Hash, want.Revisions[1].Hash, want.Revisions[2].Hash}) {
				t.Errorf("%+v: Each handed %v before it stopped; want the first three of %v", tc.opt, seen, hashes(want))
			}
			if cache != "" {
				opt.Each = nil
				if got := mustLog(t, tc.g.open(), opt); !reflect.DeepEqual(got, want) {
					t.Errorf("%+v: after a stopped walk, the cached log differs:\n got %v\nwant %v", tc.opt, hashes(got), hashes(want))
				}
			}
		}
	}
}

// With Each, a tracked path that is not there is an error as without it:
// the check that a listed revision touches it does not need the
// revisions kept.
func TestEachAbsentPath(t *testing.T) {
	t.Parallel()
	g, _, c2 := absentRepo(t)
	r := g.open()
	for _, tc := range []struct {
		paths []string
		rng   string
		err   string
	}{
		{paths: []string{"contnet"}, err: `nothing to list: "contnet" is not in HEAD (`},
		{paths: []string{"old"}, rng: c2 + "..HEAD", err: `nothing to list: "old" is not in revision `},
		{paths: []string{"ol?/*.md"}, rng: c2 + "..HEAD", err: `nothing to list: "ol?/*.md" is not in revision `},
	} {
		calls := 0
		_, err := r.Log(context.Background(), Options{Paths: tc.paths, Range: tc.rng, Each: func(Revision) error {
			calls++
			return nil
		}})
		wantError(t, err, tc.err)
		if calls != 0 {
			t.Errorf("%v %q: Each called %d times", tc.paths, tc.rng, calls)
		}
		if _, want := r.Log(context.Background(), Options{Paths: tc.paths, Range: tc.rng}); want == nil || err.Error() != want.Error() {
			t.Errorf("%v %q: error %v; without Each %v", tc.paths, tc.rng, err, want)
		}
	}
}

// Each is handed a revision as soon as the walk reaches it, not after the
// walk is over, in both modes: a caller classifying the revisions starts
// while the rest of the history is walked.
func TestEachWhileWalking(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("content/a.md", "# A\n")
	g.commit("Add a")
	for i := range 70 {
		g.write("other.txt", fmt.Sprint(i))
		g.commit("Outside the tracked paths")
	}
	g.write("content/a.md", "# A\n\nMore.\n")
	g.commit("Edit a")
	for _, full := range []bool{false, true} {
		walked := -1 // commits the walk had reached, by its last report
		var atEach []int
		_, err := g.open().Log(context.Background(), Options{
			Paths:       []string{"content"},
			FullHistory: full,
			Progress:    func(n int) { walked = n },
			Each: func(Revision) error {
				atEach = append(atEach, walked)
				return nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(atEach) != 2 {
			t.Fatalf("full history %v: Each called %d times; want 2", full, len(atEach))
		}
		if atEach[0] >= 64 || walked < 72 {
			t.Errorf("full history %v: Each was handed the newest revision after the walk reported %d commits (of %d); want it before the walk goes on", full, atEach[0], walked)
		}
	}
}
