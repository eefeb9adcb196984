package history

// Fuzz targets for the readers of files nobody has vetted: pack indexes,
// packs, loose objects, commit-graphs, trees, deltas, the disk cache and
// revisions. Each asserts no panic and bounded work: caps are lowered so
// one input cannot take long. Seeds are real files of a small repository
// built with git, and crafted ones; every failing input found is kept
// under testdata/fuzz and runs in `go test`.

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	gghash "github.com/go-git/go-git/v5/plumbing/hash"
)

// fuzzCap bounds objects and work in fuzz targets.
const fuzzCap = 64 << 10

// fuzzTimeLimit is how long one input may take. Over it, the process
// panics, so the fuzzer keeps the input as a failure: an input that
// takes this long is a hang to fix (the fuzzer itself would wait on it).
var fuzzTimeLimit = 10 * time.Second

// bounded fails (crashes) the fuzz process if the caller does not return
// within fuzzTimeLimit; defer its result.
func bounded() func() {
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(fuzzTimeLimit):
			panic(fmt.Sprintf("one input took more than %v", fuzzTimeLimit))
		}
	}()
	return func() { close(done) }
}

// seedDir is the folder of seedRepo, removed by TestMain.
var seedDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if seedDir != "" {
		os.RemoveAll(seedDir)
	}
	os.Exit(code)
}

// seedRepo is a small repository with packed objects (deltas among them),
// a commit-graph with an octopus merge, and a loose object, built once.
var seedRepo = sync.OnceValues(func() (string, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "redline-fuzz-seed-")
	if err != nil {
		return "", err
	}
	seedDir = dir
	run := func(args ...string) error {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.org", "GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@example.org",
			"GIT_AUTHOR_DATE=1700000000 +0100", "GIT_COMMITTER_DATE=1700000000 +0100")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %v: %v\n%s", args, err, out)
		}
		return nil
	}
	write := func(name, content string) {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	steps := [][]string{{"init", "-q", "-b", "main"}}
	if err := run(steps[0]...); err != nil {
		return "", err
	}
	var page bytes.Buffer
	for i := range 6 {
		fmt.Fprintf(&page, "Paragraph %d of the page, long enough to deltify against the one before.\n\n", i)
		write("content/a.md", page.String())
		write(fmt.Sprintf("content/sub/b%d.md", i%2), fmt.Sprintf("version %d\n", i))
		if err := run("add", "-A"); err != nil {
			return "", err
		}
		if err := run("commit", "-q", "-m", fmt.Sprintf("edit %d", i)); err != nil {
			return "", err
		}
	}
	for _, b := range []string{"x", "y"} {
		if err := run("checkout", "-q", "-b", b, "main~2"); err != nil {
			return "", err
		}
		write("content/"+b+".md", b+"\n")
		run("add", "-A")
		run("commit", "-q", "-m", "branch "+b)
	}
	for _, args := range [][]string{{"checkout", "-q", "main"}, {"merge", "-q", "-m", "octopus", "x", "y"},
		{"repack", "-adq", "--depth=50", "--window=50"}, {"commit-graph", "write", "--reachable"}} {
		if err := run(args...); err != nil {
			return "", err
		}
	}
	write("content/loose.md", "a loose object\n")
	run("add", "-A")
	run("commit", "-q", "-m", "loose")
	return dir, nil
})

// seed returns a file of the seed repository, or skips.
func seedFiles(f *testing.F, pattern string) [][]byte {
	f.Helper()
	dir, err := seedRepo()
	if err != nil {
		f.Skip("no seed repository: ", err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, ".git", pattern))
	var out [][]byte
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		f.Fatalf("no %s in the seed repository", pattern)
	}
	return out
}

// craftedPack is a pack with whole objects and both kinds of delta.
func craftedPack() ([]byte, []byte) {
	s := smallHistory()
	blob := s.entries[0].data
	entries := append(s.entries,
		packEntry{typ: pkOfsDelta, base: 0, data: deltaOps(uint64(len(blob)), uint64(len(blob))+3, copyOp(0, uint32(len(blob))), []byte{3, 'x', 'y', 'z'}), id: Hash{0xd0}},
		packEntry{typ: pkRefDelta, ref: s.blob, data: deltaOps(uint64(len(blob)), 4, copyOp(2, 4)), id: Hash{0xd1}},
	)
	pack, offs, ids := buildPack(entries)
	return pack, buildIndex(pack, offs, ids, nil)
}

func FuzzPackIndex(f *testing.F) {
	for _, b := range seedFiles(f, "objects/pack/*.idx") {
		f.Add(b)
	}
	_, idx := craftedPack()
	f.Add(idx)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer bounded()()
		x, ok, err := parseIndex(b)
		if !ok || err != nil {
			return
		}
		// Readers check tables, not that the ids are sorted (as git):
		// in an index whose ids are, every entry is found.
		sorted := true
		for i := 0; i < int(x.n); i++ {
			name := x.names[i*20 : i*20+20]
			end := binary.BigEndian.Uint32(x.fanout[int(name[0])*4:])
			start := uint32(0)
			if name[0] > 0 {
				start = binary.BigEndian.Uint32(x.fanout[(int(name[0])-1)*4:])
			}
			if uint32(i) < start || uint32(i) >= end || i > 0 && bytes.Compare(x.names[(i-1)*20:i*20], name) >= 0 {
				sorted = false
			}
		}
		for i := 0; i < int(x.n) && i < 64; i++ {
			var h Hash
			copy(h[:], x.names[i*20:])
			if _, found := x.find(h); !found && sorted {
				t.Errorf("entry %d (%s) not found", i, h)
			}
			x.withPrefix(h.String()[:4], 8)
		}
		x.find(Hash{0xff, 0xff})
		x.find(Hash{})
	})
}

// fuzzPacks makes a reader of one pack held in memory, with low caps.
func fuzzPacks(data, idx []byte) (*packs, bool) {
	x, ok, err := parseIndex(idx)
	if !ok || err != nil {
		return nil, false
	}
	p := &pack{name: "fuzz.pack", data: data, size: int64(len(data)), idx: x}
	if p.checkHeader(idx) != nil {
		return nil, false
	}
	ps := &packs{
		dir:     os.DevNull, // no loose objects
		guard:   newFileGuard(os.DevNull),
		list:    []*pack{p},
		bases:   newBaseCache(fuzzCap),
		work:    &workBudget{left: 16 * fuzzCap, total: 16 * fuzzCap},
		maxBlob: fuzzCap,
		maxMeta: fuzzCap,
		hasher:  sha1Hasher(),
		refs:    map[baseKey]bool{},
	}
	return ps, true
}

func FuzzPack(f *testing.F) {
	packsSeen := seedFiles(f, "objects/pack/*.pack")
	idxs := seedFiles(f, "objects/pack/*.idx")
	for i := range packsSeen {
		f.Add(packsSeen[i], idxs[i])
	}
	cp, ci := craftedPack()
	f.Add(cp, ci)
	f.Fuzz(func(t *testing.T, data, idx []byte) {
		defer bounded()()
		ps, ok := fuzzPacks(data, idx)
		if !ok {
			return
		}
		x := ps.list[0].idx
		for _, all := range []bool{false, true} {
			ps.verifyAll = all
			for i := 0; i < int(x.n) && i < 64; i++ {
				var h Hash
				copy(h[:], x.names[i*20:])
				typ, b, err := ps.get(h)
				if err == nil && int64(len(b)) > ps.limit(typ) {
					t.Errorf("object %s: %d bytes, over its cap", h, len(b))
				}
			}
		}
		// Offsets no index lists: the middle of objects, the trailer.
		for _, off := range []int64{13, int64(len(data)) / 2, int64(len(data)) - 21} {
			ps.at(0, off, 0, Hash{})
		}
	})
}

func sha1Hasher() hash.Hash { return gghash.New(crypto.SHA1) }

func FuzzLooseObject(f *testing.F) {
	dir, err := seedRepo()
	if err != nil {
		f.Skip(err)
	}
	loose, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "??", "*"))
	for _, p := range loose {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add(zlibBytes([]byte("blob 10737418240\x00")))
	f.Add(zlibBytes([]byte("commit 5\x00abc")))
	f.Fuzz(func(t *testing.T, b []byte) {
		defer bounded()()
		ps := &packs{work: newWorkBudget(), maxBlob: fuzzCap, maxMeta: fuzzCap, hasher: sha1Hasher(), verifyAll: true}
		// The id is the content's when it parses, so that the check
		// against the id passes and the rest is exercised too.
		id := Hash{1}
		if _, _, err := ps.readLoose(bytes.NewReader(b), int64(len(b)), id); err == nil {
			t.Fatal("content passed the check against a made-up id")
		} else if typ, content, ok := looseContent(b); ok {
			ps2 := &packs{work: newWorkBudget(), maxBlob: fuzzCap, maxMeta: fuzzCap, hasher: sha1Hasher(), verifyAll: true}
			got, data, err := ps2.readLoose(bytes.NewReader(b), int64(len(b)), gitID(typ, content))
			if err == nil && (got.String() != typ || !bytes.Equal(data, content)) {
				t.Fatalf("read %s %q, want %s %q", got, data, typ, content)
			}
		}
	})
}

// looseContent inflates a loose object without the reader's checks, for
// its expected type and content; false when it is not one.
func looseContent(b []byte) (string, []byte, bool) {
	var out bytes.Buffer
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return "", nil, false
	}
	if _, err := out.ReadFrom(io.LimitReader(zr, fuzzCap+64)); err != nil {
		return "", nil, false
	}
	raw := out.Bytes()
	z := bytes.IndexByte(raw, 0)
	if z < 0 {
		return "", nil, false
	}
	typ, size, ok := bytes.Cut(raw[:z], []byte(" "))
	if !ok || fmt.Sprint(len(raw)-z-1) != string(size) {
		return "", nil, false
	}
	if _, err := plumbing.ParseObjectType(string(typ)); err != nil {
		return "", nil, false
	}
	return string(typ), raw[z+1:], true
}

func FuzzCommitGraph(f *testing.F) {
	for _, b := range seedFiles(f, "objects/info/commit-graph") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		defer bounded()()
		gf := &graphFile{data: b}
		if gf.parse(0) != nil {
			return
		}
		g := &commitGraph{files: []*graphFile{gf}}
		for pos := uint32(0); pos < gf.n && pos < 256; pos++ {
			h, ok := g.hash(pos)
			if !ok {
				t.Fatalf("position %d has no id", pos)
			}
			if got, ok := g.find(h); !ok || got != pos {
				t.Errorf("find(%s) = %d, %v; want %d", h, got, ok, pos)
			}
			c, ok := g.info(pos)
			if !ok {
				continue
			}
			gen := g.generation(pos)
			for _, p := range c.parents {
				pp, _ := g.find(p)
				if gen < graphGenMax && g.generation(pp) >= gen {
					t.Errorf("parent %s of %s: generation %d, not below %d", p, h, g.generation(pp), gen)
				}
			}
		}
	})
}

func FuzzTree(f *testing.F) {
	dir, err := seedRepo()
	if err != nil {
		f.Skip(err)
	}
	r, err := Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer r.Close()
	head, err := r.Resolve("HEAD")
	if err != nil {
		f.Fatal(err)
	}
	c, _ := r.commit(head)
	root, _ := r.rawTree(c.tree)
	f.Add(root, []byte(nil))
	f.Add(root, encodeEntry(0o40000, "content", Hash{1}))
	f.Add([]byte("100644 a.md\x00short"), root)
	f.Fuzz(func(t *testing.T, a, b []byte) {
		defer bounded()()
		for rest := a; len(rest) > 0; {
			e, next, err := nextEntry(rest)
			if err != nil {
				break
			}
			if len(next) >= len(rest) {
				t.Fatal("nextEntry did not advance")
			}
			validName(string(e.name))
			rest = next
		}
		findEntry(a, "content")
		translationOf(side{path: "content/_index.en.md", dir: a})
		// Subtrees named in the input are not in the repository: the
		// diff stops at them with an error, or at the caps.
		var ch changes
		r.diffRaw(&ch, "content", 1, Hash{}, Hash{}, a, b, true)
		pairRenames(&ch, r.blob)
	})
}

func FuzzDelta(f *testing.F) {
	base := []byte("Paragraph one.\n\nParagraph two.\n")
	f.Add(base, deltaOps(uint64(len(base)), 10, copyOp(0, 10)))
	f.Add(base, deltaOps(uint64(len(base)), uint64(len(base))+3, copyOp(0, uint32(len(base))), []byte{3, 'x', 'y', 'z'}))
	f.Add(base, deltaOps(uint64(len(base)), 1<<40, copyOp(0, 10)))
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		defer bounded()()
		w := &workBudget{left: 4 * fuzzCap, total: 4 * fuzzCap}
		out, err := applyDelta(base, delta, fuzzCap, w)
		if err != nil {
			return
		}
		_, n := binary.Uvarint(delta)
		if want, _ := binary.Uvarint(delta[n:]); uint64(len(out)) != want {
			t.Errorf("result of %d bytes, the delta says %d", len(out), want)
		}
	})
}

// cacheSeed runs cached walks of the seed repository and returns the
// cache files: the .bin, a journal and the .tip.
func cacheSeed(f *testing.F) (bin, jnl, tip []byte) {
	dir, err := seedRepo()
	if err != nil {
		f.Skip(err)
	}
	cache := f.TempDir()
	r, err := Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer r.Close()
	for _, rng := range []string{"HEAD~3", ""} {
		if _, err := r.Log(f.Context(), Options{Paths: []string{"content"}, FullHistory: true, CacheDir: cache, Range: rng}); err != nil {
			f.Fatal(err)
		}
	}
	read := func(ext string) []byte {
		m, _ := filepath.Glob(filepath.Join(cache, "log-*"+ext))
		if len(m) == 0 {
			return nil
		}
		b, _ := os.ReadFile(m[0])
		return b
	}
	return read(".bin"), read(".jnl"), read(".tip")
}

func FuzzDiskCache(f *testing.F) {
	bin, jnl, tip := cacheSeed(f)
	f.Add(bin, jnl, tip)
	f.Add(bin, []byte(nil), []byte(nil))
	f.Fuzz(func(t *testing.T, bin, jnl, tip []byte) {
		defer bounded()()
		c := &diskCache{recs: map[Hash]*cacheRecord{}}
		c.load(bin)
		c.loadJournal(jnl)
		var hs []Hash
		for i := 0; i+indexEntry <= len(c.index) && len(hs) < 256; i += indexEntry {
			var h Hash
			copy(h[:], c.index[i:])
			hs = append(hs, h)
		}
		for h := range c.jnl {
			hs = append(hs, h)
		}
		for _, h := range hs {
			if rec, ok := c.get(h); ok {
				rec.revision(h)
			}
		}
		if tr := c.parseTip(tip); tr != nil {
			tr.overlaps(hs)
		}
		// Writing what was read and reading it back gives the same records.
		c.dirty = true
		var out bytes.Buffer
		bw := bufio.NewWriter(&out)
		if err := c.encode(bw); err != nil {
			return
		}
		bw.Flush()
		c2 := &diskCache{recs: map[Hash]*cacheRecord{}}
		c2.load(out.Bytes())
		for _, h := range hs {
			r1, ok1 := c.get(h)
			r2, ok2 := c2.get(h)
			if ok1 != ok2 {
				t.Fatalf("record %s: read %v, after writing %v", h, ok1, ok2)
			}
			if ok1 && (r1.key != r2.key || r1.info.tree != r2.info.tree) {
				t.Fatalf("record %s changed when written", h)
			}
		}
	})
}

func FuzzRevision(f *testing.F) {
	dir, err := seedRepo()
	if err != nil {
		f.Skip(err)
	}
	r, err := Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer r.Close()
	for _, s := range []string{"HEAD", "main~2^2", "HEAD@{1}", "@{0}~1", "HEAD^{commit}", "x^{tree}", "HEAD:content", "main@{upstream}", "HEAD~99999999", "ab12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rev string) {
		defer bounded()()
		parseRevision(rev)
		r.Resolve(rev)
	})
}
