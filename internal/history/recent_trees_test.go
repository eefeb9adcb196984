package history

import (
	"bytes"
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/digdir/redline/internal/history/synth"
	"github.com/go-git/go-git/v5/plumbing"
)

// The trees Repo remembers are those the packs give: every tree of a
// synthetic history, read over and over in an order that mixes hits,
// misses and slots taken by other trees.
func TestRecentTreesMatchPacks(t *testing.T) {
	t.Parallel()
	g := synthRepo(t, synth.Config{Commits: 200, Docs: 30, Sections: 3})
	r := g.open()
	var ids []Hash
	for _, s := range lines(g.git("rev-list", "--objects", "--all")) {
		h, ok := parseHex([]byte(s[:40]))
		if !ok {
			t.Fatalf("not a hash: %q", s)
		}
		if typ, _, err := r.packs.get(h); err == nil && typ == plumbing.TreeObject {
			ids = append(ids, h)
		}
	}
	if len(ids) < 100 {
		t.Fatalf("%d trees", len(ids))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	hits := 0
	for range 20 * len(ids) {
		h := ids[rng.IntN(len(ids))]
		if rng.IntN(2) == 0 { // read again soon
			h = ids[rng.IntN(min(len(ids), 8))]
		}
		if r.trees[int(h[0])%len(r.trees)].id == h {
			hits++
		}
		got, err := r.rawTree(h)
		if err != nil {
			t.Fatal(err)
		}
		_, want, err := r.packs.get(h)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("tree %s: remembered %q, the packs hold %q", h, got, want)
		}
	}
	if hits == 0 {
		t.Error("no tree was read from what Repo remembers")
	}
}

// A tree read while trees were not checked against their ids is read
// again, and checked, once they are: a forged tree a walk without the
// disk cache took is not what a walk that writes the cache reads.
func TestRecentTreesChecked(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	threeEdits(g)
	id := g.git("rev-parse", "HEAD:content")
	forged := treeBytes("100644 forged.md", gitID("blob", []byte("forged\n")))
	writeLoose(t, filepath.Join(g.dir, ".git"), mustHash(t, id), loose("tree", forged))

	r := g.open()
	opt := Options{Paths: []string{"content"}}
	if _, err := r.Log(context.Background(), opt); err != nil {
		t.Fatalf("without the cache, trees are not checked: %v", err)
	}
	opt.CacheDir = t.TempDir()
	wantError(t, logErr(r, opt), id, "does not match its id")
}
