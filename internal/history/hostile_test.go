package history

// Repositories nobody has vetted (issue #14): crafted packs, indexes,
// commit-graphs, loose objects and files must give a clear error or a
// complete, correct result, in bounded time and memory, and leave the
// repository as it was.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// small is one commit with content/a.md, as whole objects.
type small struct {
	blob, sub, root, commit Hash
	entries                 []packEntry
}

func smallHistory() small {
	var s small
	blob := []byte("# A\n\nOne.\n")
	sub := treeBytes("100644 a.md", gitID("blob", blob))
	root := treeBytes("40000 content", gitID("tree", sub))
	s.blob, s.sub, s.root = gitID("blob", blob), gitID("tree", sub), gitID("tree", root)
	commit := commitBytes(s.root, "Add a")
	s.commit = gitID("commit", commit)
	s.entries = []packEntry{
		{typ: pkBlob, data: blob},
		{typ: pkTree, data: sub},
		{typ: pkTree, data: root},
		{typ: pkCommit, data: commit},
	}
	return s
}

// unchanged fails the test if the git directory changed since before.
func unchanged(t *testing.T, gitDir, before string) {
	t.Helper()
	if treeDigest(t, gitDir) != before {
		t.Error("the repository changed")
	}
}

// A crafted pack whose objects are all right reads as git reads it: the
// builders below make valid packs unless told otherwise.
func TestCraftedPackReads(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	s := smallHistory()
	pack, offs, ids := buildPack(s.entries)
	c.installPack(pack, buildIndex(pack, offs, ids, nil))
	c.setHead(s.commit)
	if got := c.git("log", "--format=%H"); got != s.commit.String() {
		t.Fatalf("git log = %q: the crafted pack is not valid", got)
	}
	c.git("fsck", "--strict")
	r := c.open()
	l := mustLog(t, r, Options{Paths: []string{"content"}})
	if len(l.Revisions) != 1 || len(l.Revisions[0].Files) != 1 || l.Revisions[0].Files[0].NewBlob != s.blob {
		t.Fatalf("log = %+v", l.Revisions)
	}
	if b, err := r.Blob(s.blob); err != nil || string(b) != "# A\n\nOne.\n" {
		t.Fatalf("Blob = %q, %v", b, err)
	}
}

func TestHostileIndexFanoutNotMonotonic(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	s := smallHistory()
	pack, offs, ids := buildPack(s.entries)
	idx := buildIndex(pack, offs, ids, nil)
	binary.BigEndian.PutUint32(idx[8+0x10*4:], 0xffffff) // entry 0x10 above entry 0x11
	_, idxPath := c.installPack(pack, idx)
	c.setHead(s.commit)
	before := treeDigest(t, c.gitDir)
	within(t, 10*time.Second, func() {
		_, err := Open(c.dir)
		wantError(t, err, filepath.Base(idxPath), "fan-out table is not monotonic")
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("error %v is not ErrDamaged", err)
		}
	})
	unchanged(t, c.gitDir, before)
}

func TestHostileIndexWrongSize(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	s := smallHistory()
	pack, offs, ids := buildPack(s.entries)
	idx := buildIndex(pack, offs, ids, nil)
	binary.BigEndian.PutUint32(idx[8+255*4:], 1000) // claims 1000 objects
	for k := 0xf0; k < 255; k++ {
		binary.BigEndian.PutUint32(idx[8+k*4:], 1000)
	}
	_, idxPath := c.installPack(pack, idx)
	_, err := Open(c.dir)
	wantError(t, err, filepath.Base(idxPath), "wrong size")
}

func TestHostileNegative64BitOffset(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	s := smallHistory()
	pack, offs, ids := buildPack(s.entries)
	// The commit's offset is in the 64-bit table, and negative as int64.
	c.installPack(pack, buildIndex(pack, offs, ids, map[int]uint64{3: 1 << 63, 0: 1<<63 + 5}))
	c.setHead(s.commit)
	before := treeDigest(t, c.gitDir)
	r := c.open()
	within(t, 10*time.Second, func() {
		err := logErr(r, Options{Paths: []string{"content"}})
		wantError(t, err, s.commit.String()[:12])
		_, err = r.Blob(s.blob)
		wantError(t, err, s.blob.String(), "offset outside the pack")
	})
	unchanged(t, c.gitDir, before)
}

func TestHostileOfsDeltaBeforePackStart(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	s := smallHistory()
	fake := Hash{0xee, 1}
	entries := append(s.entries, packEntry{typ: pkOfsDelta, base: -1, rel: 1 << 20, data: deltaOps(10, 10, copyOp(0, 10)), id: fake})
	pack, offs, ids := buildPack(entries)
	c.installPack(pack, buildIndex(pack, offs, ids, nil))
	c.setHead(s.commit)
	r := c.open()
	within(t, 10*time.Second, func() {
		_, err := r.Blob(fake)
		wantError(t, err, fake.String(), "lies outside the pack")
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("error %v is not ErrDamaged", err)
		}
	})
	// A distance that overflows as git reads it.
	entries[len(entries)-1].rel = 1 << 62
	pack, offs, ids = buildPack(entries)
	c2 := newCraftRepo(t)
	c2.installPack(pack, buildIndex(pack, offs, ids, nil))
	_, err := c2.open().Blob(fake)
	wantError(t, err, fake.String())
}

func TestHostileRefDeltaOwnBase(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	s := smallHistory()
	self, a, b := Hash{0xe0, 1}, Hash{0xe1, 2}, Hash{0xe2, 3}
	entries := append(s.entries,
		packEntry{typ: pkRefDelta, ref: self, data: deltaOps(10, 10, copyOp(0, 10)), id: self},
		// A cycle of two: a's base is b, b's base is a.
		packEntry{typ: pkRefDelta, ref: b, data: deltaOps(10, 10, copyOp(0, 10)), id: a},
		packEntry{typ: pkRefDelta, ref: a, data: deltaOps(10, 10, copyOp(0, 10)), id: b},
	)
	pack, offs, ids := buildPack(entries)
	c.installPack(pack, buildIndex(pack, offs, ids, nil))
	c.setHead(s.commit)
	before := treeDigest(t, c.gitDir)
	r := c.open()
	within(t, 10*time.Second, func() {
		for _, h := range []Hash{self, a, b} {
			_, err := r.Blob(h)
			wantError(t, err, "delta chain loops back")
		}
	})
	unchanged(t, c.gitDir, before)
}

// A chain of deltas each twice the size of its base: a few kilobytes of
// pack that would expand to 4 GiB.
func TestHostileDeltaBomb(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	s := smallHistory()
	entries := append([]packEntry(nil), s.entries...)
	size := uint64(64)
	entries = append(entries, packEntry{typ: pkBlob, data: bytes.Repeat([]byte("a"), int(size))})
	var tops []Hash
	for size < 4<<30 {
		var ops [][]byte
		for half := 0; half < 2; half++ {
			for off := uint64(0); off < size; off += 1 << 23 {
				ops = append(ops, copyOp(uint32(off), uint32(min(1<<23, size-off))))
			}
		}
		id := Hash{0xb0, byte(len(tops))}
		entries = append(entries, packEntry{typ: pkOfsDelta, base: len(entries) - 1, data: deltaOps(size, 2*size, ops...), id: id})
		tops = append(tops, id)
		size *= 2
	}
	pack, offs, ids := buildPack(entries)
	if len(pack) > 16<<10 {
		t.Fatalf("the bomb is %d bytes; want a few kilobytes", len(pack))
	}
	c.installPack(pack, buildIndex(pack, offs, ids, nil))
	c.setHead(s.commit)
	r := c.open()
	top := tops[len(tops)-1]
	var err error
	within(t, 10*time.Second, func() {
		if n := allocated(func() { _, err = r.Blob(top) }); n > 64<<20 {
			t.Errorf("refusing the bomb allocated %d MB", n>>20)
		}
	})
	wantError(t, err, top.String(), "too large", "4 GiB", "limit of 1 GiB")
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("error %v is not ErrTooLarge", err)
	}

	// Under a smaller cap, an object of the chain within it is built
	// (its id is made up, so it fails its check after) and the next one
	// up is refused.
	r.SetMaxBlobBytes(1 << 20)
	_, err = r.Blob(tops[13]) // 1 MiB
	wantError(t, err, tops[13].String(), "does not match its id")
	_, err = r.Blob(tops[14]) // 2 MiB
	wantError(t, err, tops[14].String(), "too large", "limit of 1 MiB")

	// The work budget: what a repository may inflate in all is bounded.
	r.SetMaxBlobBytes(0)
	r.packs.work = &workBudget{left: 4 << 20, total: 4 << 20}
	r.packs.bases = newBaseCache(1 << 10) // nothing cached: every read rebuilds its chain
	for range 20 {
		if _, err = r.Blob(tops[12]); errors.Is(err, ErrTooLarge) { // 512 KiB, rebuilt from the bottom each time
			break
		}
	}
	wantError(t, err, "decompression bomb")
}

func TestHostileLooseBomb(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	huge := Hash{0xa1}
	// A header that declares 10 GiB: refused before anything is inflated.
	c.looseFile(huge, zlibBytes(append([]byte("blob 10737418240\x00"), make([]byte, 1<<20)...)))
	// A header that declares 100 bytes, then 64 MiB of zeros: inflating
	// stops at 100 bytes and the object is refused.
	long := Hash{0xa2}
	c.looseFile(long, zlibBytes(append([]byte("blob 100\x00"), make([]byte, 64<<20)...)))
	// A header that declares more than the stream holds.
	short := Hash{0xa3}
	c.looseFile(short, zlibBytes([]byte("blob 1000000\x00short")))
	before := treeDigest(t, c.gitDir)
	r := c.open()
	within(t, 10*time.Second, func() {
		var err error
		if n := allocated(func() { _, err = r.Blob(huge) }); n > 16<<20 {
			t.Errorf("refusing a 10 GiB object allocated %d MB", n>>20)
		}
		wantError(t, err, huge.String(), "too large", "10 GiB")
		if n := allocated(func() { _, err = r.Blob(long) }); n > 16<<20 {
			t.Errorf("refusing an object longer than its header allocated %d MB", n>>20)
		}
		wantError(t, err, long.String(), "more data than")
		_, err = r.Blob(short)
		wantError(t, err, short.String(), "data ends")
	})
	unchanged(t, c.gitDir, before)
}

// linkedRepo is a repository with a few commits, packed with a
// commit-graph, and git's own listings of it.
func linkedRepo(t *testing.T) (*gitRepo, []string, []string) {
	g := newGitRepo(t)
	for i := range 4 {
		g.write("content/a.md", strings.Repeat("x", i+1)+"\n")
		g.commit("edit")
	}
	g.git("gc", "-q")
	g.git("commit-graph", "write", "--reachable")
	fp := lines(g.git("log", "--first-parent", "--format=%H", "--", "content"))
	full := lines(g.git("log", "--format=%H", "--", "content"))
	return g, fp, full
}

// checkLogs runs Log in both modes, with and without a cache, and wants
// git's listings.
func checkLogs(t *testing.T, r *Repo, fp, full []string) {
	t.Helper()
	cache := t.TempDir()
	for _, dir := range []string{"", cache} {
		if got := hashes(mustLog(t, r, Options{Paths: []string{"content"}, CacheDir: dir})); !reflect.DeepEqual(got, fp) {
			t.Errorf("first parent (cache %q): %v, want %v", dir, got, fp)
		}
		if got := hashes(mustLog(t, r, Options{Paths: []string{"content"}, FullHistory: true, CacheDir: dir})); !reflect.DeepEqual(got, full) {
			t.Errorf("full history (cache %q): %v, want %v", dir, got, full)
		}
	}
}

// graphChunk returns the bytes of a chunk of a commit-graph file.
func graphChunk(t *testing.T, d []byte, id string) []byte {
	t.Helper()
	for i := 0; i < int(d[6]); i++ {
		e := d[8+i*12:]
		if string(e[:4]) == id {
			return d[binary.BigEndian.Uint64(e[4:12]):binary.BigEndian.Uint64(e[16:24])]
		}
	}
	t.Fatalf("no %s chunk", id)
	return nil
}

// editGraph rewrites the repository's commit-graph file.
func editGraph(t *testing.T, g *gitRepo, edit func(d []byte)) {
	t.Helper()
	p := filepath.Join(g.dir, ".git", "objects", "info", "commit-graph")
	d, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	edit(d)
	os.Chmod(p, 0o644)
	if err := os.WriteFile(p, d, 0o444); err != nil {
		t.Fatal(err)
	}
}

func TestHostileGraphBadFanout(t *testing.T) {
	t.Parallel()
	g, fp, full := linkedRepo(t)
	editGraph(t, g, func(d []byte) {
		f := graphChunk(t, d, "OIDF")
		binary.BigEndian.PutUint32(f[0x20*4:], 0xfffffff)
	})
	before := treeDigest(t, filepath.Join(g.dir, ".git"))
	r := g.open()
	if r.graph != nil {
		t.Error("a commit-graph with a bad fan-out was used")
	}
	within(t, 10*time.Second, func() { checkLogs(t, r, fp, full) })
	unchanged(t, filepath.Join(g.dir, ".git"), before)
}

// A commit-graph in which the newest commit is its own parent once made
// the walk run until memory ran out. A parent must have a lower
// generation than its child, so the record is passed over and the commit
// object read; without generations, too.
func TestHostileGraphSelfParent(t *testing.T) {
	t.Parallel()
	for _, zeroGen := range []bool{false, true} {
		g, fp, full := linkedRepo(t)
		head := g.git("rev-parse", "HEAD")
		editGraph(t, g, func(d []byte) {
			oids, cdat := graphChunk(t, d, "OIDL"), graphChunk(t, d, "CDAT")
			for i := 0; i*20 < len(oids); i++ {
				if h, _ := parseHex([]byte(head)); bytes.Equal(oids[i*20:i*20+20], h[:]) {
					binary.BigEndian.PutUint32(cdat[i*36+20:], uint32(i))
				}
				if zeroGen {
					rec := cdat[i*36+28:]
					binary.BigEndian.PutUint32(rec, binary.BigEndian.Uint32(rec)&3)
				}
			}
		})
		before := treeDigest(t, filepath.Join(g.dir, ".git"))
		r := g.open()
		if r.graph == nil {
			t.Fatal("commit-graph not read")
		}
		within(t, 10*time.Second, func() { checkLogs(t, r, fp, full) })
		if _, err := r.Resolve("HEAD~3"); err != nil {
			t.Error(err)
		}
		unchanged(t, filepath.Join(g.dir, ".git"), before)
	}
}

// A forged loose commit that names itself as its parent: the walk stops
// with an error naming it; with a cache, the object fails its id check.
func TestHostileCommitOwnParent(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	s := smallHistory()
	pack, offs, ids := buildPack(s.entries)
	c.installPack(pack, buildIndex(pack, offs, ids, nil))
	forged := Hash{0xc0, 0xff, 0xee}
	c.looseFile(forged, loose("commit", commitBytes(s.root, "I am my own parent", forged)))
	c.setHead(forged)
	before := treeDigest(t, c.gitDir)
	r := c.open()
	within(t, 10*time.Second, func() {
		wantError(t, logErr(r, Options{Paths: []string{"content"}}), forged.String(), "loops")
		wantError(t, logErr(r, Options{Paths: []string{"content"}, FullHistory: true}), forged.String(), "loops")
		cache := t.TempDir()
		wantError(t, logErr(r, Options{Paths: []string{"content"}, CacheDir: cache}), forged.String(), "does not match its id")
		if files, _ := os.ReadDir(cache); len(files) != 0 {
			t.Errorf("a failed walk wrote the cache: %v", files)
		}
		_, err := r.Resolve("HEAD~100000")
		wantError(t, err, "loops")
	})
	unchanged(t, c.gitDir, before)
}

// Files where git keeps regular files, replaced by symlinks to /dev/zero
// or out of the repository, or by named pipes: refused (no hang, no read
// outside), or passed over where git would (the commit-graph).
func TestHostileSpecialFiles(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	// One repository, copied for each case: building it (gc and a
	// commit-graph) takes longer than a case.
	tmpl, fp, full := linkedRepo(t)
	tmpl.write("content/b.md", "loose\n")
	tmpl.commit("a loose commit")
	fp = append([]string{tmpl.git("rev-parse", "HEAD")}, fp...)
	full = append([]string{tmpl.git("rev-parse", "HEAD")}, full...)
	build := func(t *testing.T) (*gitRepo, []string, []string) {
		g := &gitRepo{t: t, dir: filepath.Join(t.TempDir(), "repo"), tick: tmpl.tick}
		if out, err := exec.Command("cp", "-a", tmpl.dir, g.dir).CombinedOutput(); err != nil {
			t.Fatalf("cp: %v\n%s", err, out)
		}
		return g, fp, full
	}
	replace := func(t *testing.T, p string, with func(p string) error) {
		t.Helper()
		os.Chmod(p, 0o644)
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		if err := with(p); err != nil {
			t.Fatal(err)
		}
	}
	symlink := func(target string) func(string) error {
		return func(p string) error { return os.Symlink(target, p) }
	}
	fifo := func(p string) error { return mkfifo(p) }
	outside := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(outside, []byte("not for redline\n"), 0o644)

	for _, tc := range []struct {
		name string
		file func(g *gitRepo) string
		with func(string) error
		err  []string // nil: the result is git's
	}{
		{"loose-object-dev-zero", looseCommit, symlink("/dev/zero"), []string{"refusing to read", "outside the repository"}},
		{"loose-object-fifo", looseCommit, fifo, []string{"refusing to read", "named pipe"}},
		{"loose-object-outside", looseCommit, symlink(outside), []string{"refusing to read", "outside the repository"}},
		{"commit-graph-dev-zero", graphPath, symlink("/dev/zero"), nil},
		{"commit-graph-fifo", graphPath, fifo, nil},
		{"commit-graph-chain-dev-zero", chainFile, symlink("/dev/zero"), nil},
		{"commit-graph-chain-fifo", chainFile, fifo, nil},
		{"pack-index-dev-zero", indexPath, symlink("/dev/zero"), []string{"refusing to read", ".idx"}},
		{"pack-fifo", packPath, fifo, []string{"refusing to read", "named pipe"}},
		{"head-fifo", func(g *gitRepo) string { return filepath.Join(g.dir, ".git", "HEAD") }, fifo, []string{"refusing to read", "HEAD", "named pipe"}},
		{"ref-fifo", func(g *gitRepo) string { return filepath.Join(g.dir, ".git", "refs", "heads", "main") }, fifo, []string{"named pipe"}},
		{"objects-dev-zero", func(g *gitRepo) string { return filepath.Join(g.dir, ".git", "objects") }, nil, []string{"refusing to read", "objects", "outside the repository"}},
		{"dot-git-dev-zero", func(g *gitRepo) string { return filepath.Join(g.dir, ".git") }, nil, []string{".git", "character device"}},
		{"dot-git-fifo", func(g *gitRepo) string { return filepath.Join(g.dir, ".git") }, nil, []string{".git", "named pipe"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, fp, full := build(t)
			p := tc.file(g)
			if p == "" {
				t.Skip("no such file in this repository")
			}
			switch tc.name {
			case "objects-dev-zero":
				os.Rename(p, p+".moved")
				os.Symlink("/dev/zero", p)
			case "dot-git-dev-zero":
				os.RemoveAll(p)
				os.Symlink("/dev/zero", p)
			case "dot-git-fifo":
				os.RemoveAll(p)
				mkfifo(p)
			default:
				replace(t, p, tc.with)
			}
			before := treeDigest(t, g.dir)
			within(t, 10*time.Second, func() {
				r, err := Open(g.dir)
				if err == nil {
					defer r.Close()
					if tc.err == nil {
						checkLogs(t, r, fp, full)
						return
					}
					err = logErr(r, Options{Paths: []string{"content"}})
				}
				if tc.err == nil {
					t.Fatalf("want git's result, got %v", err)
				}
				wantError(t, err, tc.err...)
			})
			if treeDigest(t, g.dir) != before {
				t.Error("the repository changed")
			}
		})
	}
}

func looseCommit(g *gitRepo) string {
	h := g.git("rev-parse", "HEAD")
	return filepath.Join(g.dir, ".git", "objects", h[:2], h[2:])
}

func graphPath(g *gitRepo) string {
	return filepath.Join(g.dir, ".git", "objects", "info", "commit-graph")
}

// chainFile turns the commit-graph into a chain and returns the chain file.
func chainFile(g *gitRepo) string {
	os.Remove(graphPath(g))
	g.git("commit-graph", "write", "--reachable", "--split")
	return filepath.Join(g.dir, ".git", "objects", "info", "commit-graphs", "commit-graph-chain")
}

func indexPath(g *gitRepo) string {
	m, _ := filepath.Glob(filepath.Join(g.dir, ".git", "objects", "pack", "*.idx"))
	if len(m) == 0 {
		return ""
	}
	return m[0]
}

func packPath(g *gitRepo) string {
	m, _ := filepath.Glob(filepath.Join(g.dir, ".git", "objects", "pack", "*.pack"))
	if len(m) == 0 {
		return ""
	}
	return m[0]
}

// Trees nested 40,000 deep once took memory growing with the square of
// the depth (3.2 GB); git refuses trees deeper than core.maxTreeDepth.
func TestHostileDeepTrees(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	blob := []byte("# deep\n")
	entries := []packEntry{{typ: pkBlob, data: blob}}
	tree := treeBytes("100644 deep.md", gitID("blob", blob))
	for range 40_000 {
		entries = append(entries, packEntry{typ: pkTree, data: tree})
		tree = treeBytes("40000 d", gitID("tree", tree))
	}
	entries = append(entries, packEntry{typ: pkTree, data: tree})
	commit := commitBytes(gitID("tree", tree), "deep")
	entries = append(entries, packEntry{typ: pkCommit, data: commit})
	pack, offs, ids := buildPack(entries)
	c.installPack(pack, buildIndex(pack, offs, ids, nil))
	head := gitID("commit", commit)
	c.setHead(head)
	before := treeDigest(t, c.gitDir)
	r := c.open()
	within(t, 20*time.Second, func() {
		var err error
		if n := allocated(func() { err = logErr(r, Options{}) }); n > 256<<20 {
			t.Errorf("the walk allocated %d MB", n>>20)
		}
		wantError(t, err, head.String()[:12], "deeper than 4096 folders")
		_, err = r.Files(head, nil)
		wantError(t, err, "deeper than 4096 folders")
		err = logErr(r, Options{Paths: []string{"d/d/d"}})
		wantError(t, err, "deeper than 4096 folders")
	})
	unchanged(t, c.gitDir, before)
}

// Tree entries whose names would climb out of their folder are damage.
func TestHostileTreeNames(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"..", ".", "a/../../x.md"} {
		c := newCraftRepo(t)
		blob := []byte("# x\n")
		sub := treeBytes("100644 "+name, gitID("blob", blob))
		root := treeBytes("40000 content", gitID("tree", sub))
		commit := commitBytes(gitID("tree", root), "names")
		pack, offs, ids := buildPack([]packEntry{{typ: pkBlob, data: blob}, {typ: pkTree, data: sub}, {typ: pkTree, data: root}, {typ: pkCommit, data: commit}})
		c.installPack(pack, buildIndex(pack, offs, ids, nil))
		c.setHead(gitID("commit", commit))
		r := c.open()
		err := logErr(r, Options{Paths: []string{"content"}})
		wantError(t, err, "bad name", gitID("tree", sub).String())
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("%q: error %v is not ErrDamaged", name, err)
		}
	}
}

// A version 1 pack index would route the pack to go-git's reader, which
// has no caps: it is refused with the command that rewrites it.
func TestHostileIndexVersion1(t *testing.T) {
	t.Parallel()
	c := newCraftRepo(t)
	s := smallHistory()
	pack, offs, ids := buildPack(s.entries)
	v2 := buildIndex(pack, offs, ids, nil)
	// Version 1: the fan-out, then (offset, id) pairs, then the checksums.
	n := len(ids)
	v1 := append([]byte(nil), v2[8:8+1024]...)
	names := v2[8+1024 : 8+1024+n*20]
	offs32 := v2[8+1024+n*28 : 8+1024+n*32]
	for i := range n {
		v1 = append(v1, offs32[i*4:i*4+4]...)
		v1 = append(v1, names[i*20:i*20+20]...)
	}
	v1 = append(v1, v2[len(v2)-40:]...)
	_, idxPath := c.installPack(pack, v1)
	c.setHead(s.commit)
	_, err := Open(c.dir)
	wantError(t, err, filepath.Base(idxPath), "not a version 2 index")
}
