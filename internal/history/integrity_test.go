package history

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// threeEdits makes three commits that edit content/a.md, as loose objects.
func threeEdits(g *gitRepo) {
	for i, body := range []string{"one\n", "one\ntwo\n", "one\ntwo\nthree\n"} {
		g.write("content/a.md", body)
		g.commit("edit " + string(rune('1'+i)))
	}
}

// objectPath is the loose object file of an id.
func objectPath(g *gitRepo, id string) string {
	return filepath.Join(g.dir, ".git", "objects", id[:2], id[2:])
}

// A damaged tree or commit is an error, never a shorter history: the
// diff's error was once shadowed, so a commit whose tree could not be read
// was listed as changing nothing (and left out), and that short result
// was cached and stayed after the object was repaired.
func TestDamagedObjectIsAnError(t *testing.T) {
	t.Parallel()
	for _, what := range []string{"tree", "commit"} {
		t.Run(what, func(t *testing.T) {
			g := newGitRepo(t)
			g.write("content/a.md", "one\n")
			g.commit("edit 1")
			g.write("content/a.md", "one\ntwo\n")
			g.commit("edit 2")
			opt := Options{Paths: []string{"content"}, SkipEmpty: true}
			cache := t.TempDir()
			cached := opt
			cached.CacheDir = cache
			mustLog(t, g.open(), cached) // a cache of the first two commits

			g.write("content/a.md", "one\ntwo\nthree\n")
			g.commit("edit 3")
			want := mustLog(t, g.open(), opt)
			if len(want.Revisions) != 3 {
				t.Fatalf("%d revisions, want 3", len(want.Revisions))
			}
			id := g.git("rev-parse", "HEAD:content")
			bad := loose("tree", []byte("100644 a.md\x00short"))
			if what == "commit" {
				id = g.git("rev-parse", "HEAD")
				bad = loose("commit", []byte("nonsense\n\nno tree line\n"))
			}
			p := objectPath(g, id)
			good, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			os.Chmod(p, 0o644)
			os.WriteFile(p, bad, 0o444)
			before := treeDigest(t, filepath.Join(g.dir, ".git"))
			cacheBefore := treeDigest(t, cache)

			for _, o := range []Options{opt, cached, {Paths: opt.Paths, FullHistory: true}, {Paths: opt.Paths, FullHistory: true, CacheDir: cache}} {
				err := logErr(g.open(), o)
				wantError(t, err, id)
				if !errors.Is(err, ErrDamaged) {
					t.Errorf("cache %q: error %v is not ErrDamaged", o.CacheDir, err)
				}
			}
			if treeDigest(t, cache) != cacheBefore {
				t.Error("a failed walk wrote the cache")
			}
			unchanged(t, filepath.Join(g.dir, ".git"), before)

			// Repaired, the history is whole again, with and without the cache.
			os.WriteFile(p, good, 0o444)
			for run := 0; run < 2; run++ {
				if got := mustLog(t, g.open(), cached); !reflect.DeepEqual(got, want) {
					t.Fatalf("after the repair, run %d: %v, want %v", run, hashes(got), hashes(want))
				}
			}
		})
	}
}

// Every record of the cache is checksummed: a flipped byte anywhere in
// the cache file or the tip file is noticed, and what it held computed
// again, never used.
func TestDiskCacheChecksums(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	buildMerges(g)
	for _, full := range []bool{false, true} {
		opt := Options{Paths: []string{"content"}, FullHistory: full}
		want := mustLog(t, g.open(), opt)
		cache := t.TempDir()
		opt.CacheDir = cache
		mustLog(t, g.open(), opt)
		files, _ := filepath.Glob(filepath.Join(cache, "log-*"))
		if len(files) != 2 {
			t.Fatalf("cache files %v, want a .bin and a .tip", files)
		}
		orig := map[string][]byte{}
		for _, f := range files {
			orig[f] = mustRead(t, f)
		}
		restore := func() {
			for f, b := range orig {
				os.WriteFile(f, b, 0o600)
			}
			jnl, _ := filepath.Glob(filepath.Join(cache, "*.jnl"))
			for _, j := range jnl {
				os.Remove(j)
			}
		}
		for _, f := range files {
			step := max(1, len(orig[f])/40)
			for i := 0; i < len(orig[f]); i += step {
				restore()
				flipped := append([]byte(nil), orig[f]...)
				flipped[i] ^= 0x20
				os.WriteFile(f, flipped, 0o600)
				if got := mustLog(t, g.open(), opt); !reflect.DeepEqual(got, want) {
					t.Fatalf("full=%v, %s with byte %d flipped: %v, want %v", full, filepath.Ext(f), i, hashes(got), hashes(want))
				}
			}
		}
	}
}

// The cache is per repository, and only objects checked against their ids
// go in: a forged object in one repository cannot poison what another
// reads from a shared cache folder.
func TestDiskCachePerRepository(t *testing.T) {
	t.Parallel()
	a := newGitRepo(t)
	threeEdits(a)
	opt := Options{Paths: []string{"content"}}
	want := mustLog(t, a.open(), opt)

	// b is a copy of a, at another path, with a forged tree: HEAD's
	// content folder holds another document under the same id.
	b := &gitRepo{t: t, dir: filepath.Join(t.TempDir(), "b")}
	if out, err := exec.Command("cp", "-a", a.dir, b.dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	id := a.git("rev-parse", "HEAD:content")
	forged := treeBytes("100644 forged.md", gitID("blob", []byte("forged\n")))
	writeLoose(t, filepath.Join(b.dir, ".git"), mustHash(t, id), loose("tree", forged))

	cache := t.TempDir()
	opt.CacheDir = cache
	err := logErr(b.open(), opt)
	wantError(t, err, id, "does not match its id")
	if files, _ := os.ReadDir(cache); len(files) != 0 {
		t.Errorf("the forged repository wrote the cache: %v", files)
	}
	for run := 0; run < 2; run++ {
		if got := mustLog(t, a.open(), opt); !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: %v, want %v", run, hashes(got), hashes(want))
		}
	}
	// Two clean repositories keep two caches.
	writeLoose(t, filepath.Join(b.dir, ".git"), mustHash(t, id), mustRead(t, objectPath(a, id)))
	mustLog(t, b.open(), opt)
	if bins, _ := filepath.Glob(filepath.Join(cache, "log-*.bin")); len(bins) != 2 {
		t.Errorf("%d cache files for two repositories, want 2", len(bins))
	}
}

func mustHash(t *testing.T, s string) Hash {
	t.Helper()
	h, ok := parseHex([]byte(s))
	if !ok {
		t.Fatalf("not a hash: %q", s)
	}
	return h
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A partial clone says so, and names the versions it lacks with the fix.
func TestPartialCloneRefused(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	threeEdits(g)
	g.git("config", "uploadpack.allowFilter", "true")
	dst := filepath.Join(t.TempDir(), "partial")
	g.git("clone", "-q", "--no-checkout", "--filter=blob:none", "file://"+g.dir, dst)
	before := treeDigest(t, dst)
	r, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.Partial() {
		t.Fatal("Partial() = false in a partial clone")
	}
	l := mustLog(t, r, Options{Paths: []string{"content"}})
	if !l.Partial || len(l.Revisions) != 3 {
		t.Fatalf("Partial = %v, %d revisions", l.Partial, len(l.Revisions))
	}
	blob := l.Revisions[0].Files[0].NewBlob
	err = r.Complete(l.Revisions)
	wantError(t, err, "partial clone", "3 versions", blob.String(), "content/a.md")
	if !errors.Is(err, ErrPartialClone) || !errors.Is(err, ErrMissingObject) {
		t.Errorf("error %v is not ErrPartialClone and ErrMissingObject", err)
	}
	if h := hintOf(err); !strings.Contains(h, "git fetch --refetch") || !strings.Contains(h, "--filter") {
		t.Errorf("hint %q does not give the fix", h)
	}
	_, err = r.Blob(blob)
	wantError(t, err, blob.String(), "partial clone")
	if !errors.Is(err, ErrPartialClone) || !errors.Is(err, ErrMissingObject) {
		t.Errorf("Blob error %v is not ErrPartialClone and ErrMissingObject", err)
	}
	unchanged(t, dst, before)

	full := g.open()
	if full.Partial() {
		t.Error("Partial() = true in a full repository")
	}
	if err := full.Complete(mustLog(t, full, Options{Paths: []string{"content"}}).Revisions); err != nil {
		t.Errorf("Complete in a full repository: %v", err)
	}
}

// Revision syntax: what git reads for a commit resolves as git resolves
// it; the rest is an error naming the syntax (it once resolved to HEAD).
func TestResolveSyntax(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	buildMerges(g)
	g.git("tag", "-a", "-m", "v1", "v1.0", "HEAD~1")
	g.git("checkout", "-q", "-b", "topic")
	g.write("content/topic.md", "topic\n")
	g.commit("topic")
	r := g.open()
	for _, rev := range []string{"HEAD@{0}", "HEAD@{1}", "HEAD@{3}", "main@{1}", "main@{2}~1", "@{1}", "topic@{0}",
		"HEAD^{commit}", "HEAD~1^{}", "HEAD^0", "main~1^2", "v1.0^{}", "v1.0^{commit}~1", "@~2", "main^^"} {
		want := g.git("rev-parse", "--verify", rev+"^{commit}")
		got, err := r.Resolve(rev)
		if err != nil || got.String() != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", rev, got, err, want)
		}
	}
	for rev, syntax := range map[string]string{
		"HEAD@{upstream}":  "@{upstream}",
		"main@{u}":         "@{u}",
		"@{push}":          "@{push}",
		"@{-1}":            "@{-1}",
		"HEAD@{yesterday}": "@{yesterday}",
		"HEAD^{tree}":      "^{tree}",
		"HEAD^{/edit}":     "^{/edit}",
		"HEAD:content":     ":content",
		"HEAD^!":           "^!",
		"HEAD@{1":          "@{1",
		"^main":            "^main",
		"~1":               "~1",
	} {
		_, err := r.Resolve(rev)
		wantError(t, err, "unsupported revision syntax", syntax)
	}
	_, err := r.Resolve("main@{100}")
	wantError(t, err, "main@{100}", "only has")
	_, err = r.Resolve("nosuch@{1}")
	wantError(t, err, `unknown revision "nosuch@{1}"`)
}

// Tags are peeled by redline's own reader: a tag of a commit names it, a
// tag of a tree names nothing.
func TestTags(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	threeEdits(g)
	g.git("tag", "light", "HEAD~1")
	g.git("tag", "-a", "-m", "annotated", "v1", "HEAD~2")
	g.git("tag", "-a", "-m", "of a tag", "v1-again", "v1")
	g.git("tag", "tree", "HEAD^{tree}")
	got, err := g.open().Tags()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"light":    g.git("rev-parse", "HEAD~1"),
		"v1":       g.git("rev-parse", "HEAD~2"),
		"v1-again": g.git("rev-parse", "HEAD~2"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tags = %v, want %v", got, want)
	}
}
