package history

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/digdir/redline/internal/history/synth"
)

// firstParentByKeys is the first-parent walk done the slow way, as a
// reference: both keys of every commit computed afresh, under the spec
// of the moment, which grows as documents renamed into the tracked paths
// are followed (see walk.follow).
func firstParentByKeys(t *testing.T, r *Repo, paths []string) []string {
	t.Helper()
	spec, err := ParsePathspec(paths)
	if err != nil {
		t.Fatal(err)
	}
	base := spec
	tip, err := r.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	defer r.forgetCommits()
	key := func(h Hash) Hash {
		c, err := r.commit(h)
		if err != nil {
			t.Fatal(err)
		}
		k, err := r.pathKey(c.tree, spec)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	var out []string
	for h := tip; !h.IsZero(); {
		c, err := r.commit(h)
		if err != nil {
			t.Fatal(err)
		}
		var next, parentTree Hash
		var pk Hash
		if len(c.parents) > 0 {
			next = c.parents[0]
			pk = key(next)
			p, err := r.commit(next)
			if err != nil {
				t.Fatal(err)
			}
			parentTree = p.tree
		}
		if key(h) != pk {
			out = append(out, h.String())
			if !base.Everything() {
				files, _, _, err := r.diffCommit(parentTree, c.tree, spec)
				if err != nil {
					t.Fatal(err)
				}
				var olds []string
				for _, f := range files {
					if f.Status == Renamed && !spec.Match(f.OldPath) {
						olds = append(olds, f.OldPath)
					}
				}
				if len(olds) > 0 {
					spec = spec.withFollow(olds)
				}
			}
		}
		h = next
	}
	return out
}

// checkFirstParentKeys holds the first-parent walk, which computes each
// commit's key once and carries it from the commit's child, to the
// reference that computes every key afresh.
func checkFirstParentKeys(t *testing.T, r *Repo, paths ...[]string) {
	t.Helper()
	for _, ps := range paths {
		want := firstParentByKeys(t, r, ps)
		if len(want) == 0 {
			t.Fatalf("%q: no revisions: the comparison proves nothing", ps)
		}
		if got := hashes(mustLog(t, r, Options{Paths: ps})); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: the walk lists %d revisions, the reference %d", ps, len(got), len(want))
		}
	}
}

func TestFirstParentKeysSynth(t *testing.T) {
	t.Parallel()
	g := synthRepo(t, synth.Config{Commits: 600, Docs: 40, Sections: 4, MergeEvery: 25})
	checkFirstParentKeys(t, g.open(), []string{"content/section-01"}, []string{"content/section-02", "README.md"}, []string{"."})
}

// Documents renamed into the tracked paths change the spec mid-walk, and
// with it every key after.
func TestFirstParentKeysFollowed(t *testing.T) {
	t.Parallel()
	g, _ := restructured(t)
	checkFirstParentKeys(t, g.open(), []string{"en"}, []string{"de/doc_3.md", "en/doc_5.md"}, []string{"en/*.md"})
}

// This repository's own history, where there is one.
func TestFirstParentKeysHere(t *testing.T) {
	t.Parallel()
	r, err := Open(".")
	if err != nil {
		t.Skip("not in a git repository: ", err)
	}
	defer r.Close()
	checkFirstParentKeys(t, r, []string{"internal/history"}, []string{"docs", "README.md"}, []string{"."})
}

// The synthetic history of 20,000 commits the project measures, where
// present.
func TestFirstParentKeysSynth20k(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("long history skipped in -short mode")
	}
	dir := filepath.Join(os.TempDir(), "synth20k")
	r, err := Open(dir)
	if err != nil {
		t.Skip("no synthetic history at ", dir)
	}
	defer r.Close()
	checkFirstParentKeys(t, r, []string{"content/section-03"}, []string{"."})
}

func TestFirstParentKeysCorpus(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("corpus comparison skipped in -short mode")
	}
	g := cloneCorpus(t) // Open Terms Archive data, ODC-By 1.0
	checkFirstParentKeys(t, g.open(), []string{"Facebook"}, []string{"."})
}
