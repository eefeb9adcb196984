package history

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// largePageRepo builds a repository with one Markdown page of about
// pageBytes and revs small revisions of it, repacked so that its
// versions chain as deltas (git's default depth, 50). It returns the
// repository and the ids of the page's versions, newest first, as a
// history walk reads them.
func largePageRepo(b *testing.B, pageBytes, revs int) (*gitRepo, []Hash) {
	b.Helper()
	g := newGitRepo(b)
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the agency shall publish each decision and its reasons within thirty days of receiving a complete application unless the law provides otherwise")
	var paras [][]byte
	size := 0
	for size < pageBytes {
		var p bytes.Buffer
		if len(paras)%20 == 0 {
			fmt.Fprintf(&p, "## Section %d\n\n", len(paras)/20+1)
		}
		for n := 40 + rng.IntN(80); n > 0; n-- {
			p.WriteString(words[rng.IntN(len(words))])
			p.WriteByte(' ')
		}
		p.WriteString("\n\n")
		paras = append(paras, p.Bytes())
		size += p.Len()
	}
	var stream bytes.Buffer
	for i := range revs {
		if i > 0 { // a small edit: one paragraph changes
			k := rng.IntN(len(paras))
			paras[k] = append(append([]byte(nil), paras[k][:len(paras[k])-2]...), fmt.Sprintf("Amended in revision %d.\n\n", i)...)
		}
		page := bytes.Join(paras, nil)
		date := 1700000000 + i*3600
		fmt.Fprintf(&stream, "commit refs/heads/main\ncommitter Ada Writer <ada@example.org> %d +0100\ndata <<EOF\nRevision %d\nEOF\n", date, i)
		fmt.Fprintf(&stream, "M 100644 inline docs/page.md\ndata %d\n", len(page))
		stream.Write(page)
		stream.WriteString("\n\n")
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir, cmd.Env, cmd.Stdin = g.dir, g.env(), &stream
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("git fast-import: %v\n%s", err, out)
	}
	g.git("repack", "-adf", "--depth=50", "--window=10")
	var ids []Hash
	for _, l := range lines(g.git("log", "--format=", "--raw", "--no-abbrev", "--root", "main", "--", "docs/page.md")) {
		f := strings.Fields(l)
		if len(f) < 5 {
			continue
		}
		h, err := hashFromHex([]byte(f[3]))
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, h)
	}
	if len(ids) != revs {
		b.Fatalf("%d versions of the page, want %d", len(ids), revs)
	}
	return g, ids
}

// gitCatFile times git cat-file --batch reading the blobs.
func gitCatFile(b *testing.B, g *gitRepo, ids []Hash) time.Duration {
	b.Helper()
	var in strings.Builder
	for _, h := range ids {
		in.WriteString(h.String() + "\n")
	}
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir, cmd.Env = g.dir, g.env()
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, bufio.NewReader(out))
	if err := cmd.Wait(); err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		b.Fatal("git cat-file wrote nothing")
	}
	return time.Since(start)
}

// BenchmarkLargePageHistory reads every version of a 5.6 MB page with
// 200 revisions, cold (a new Repo each time), as a history walk does:
// newest first. It reports the time against git cat-file --batch on the
// same blobs (x-git) and the most heap live while reading (live-MB).
func BenchmarkLargePageHistory(b *testing.B) {
	g, ids := largePageRepo(b, 5600<<10, 200)
	read := func(sample func()) {
		r, err := Open(g.dir)
		if err != nil {
			b.Fatal(err)
		}
		defer r.Close()
		for i, h := range ids {
			if _, err := r.Blob(h); err != nil {
				b.Fatal(err)
			}
			if sample != nil && i%10 == 9 {
				sample()
			}
		}
	}
	// The live heap, sampled outside the timed runs.
	var peak uint64
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	read(func() {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
	})
	// git's time is taken between the timed runs, so that both see the
	// same load on the machine.
	var ours, git time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		read(nil)
		ours += time.Since(start)
		b.StopTimer()
		git += gitCatFile(b, g, ids)
		b.StartTimer()
	}
	b.ReportMetric(float64(ours)/float64(git), "x-git")
	b.ReportMetric(float64(peak)/(1<<20), "live-MB")
}

// The cache of delta bases takes objects up to half its bound, raises its
// budget for large ones, and never holds more than its bound, evicting
// the least recently used.
func TestBaseCacheBounded(t *testing.T) {
	const bound = 96 << 20
	bc := newBaseCache(bound)
	if bc.budget != baseCacheFloor {
		t.Fatalf("budget %d, want %d", bc.budget, baseCacheFloor)
	}
	big := make([]byte, 6<<20)
	for i := range 40 {
		bc.put(0, int64(i), 3, big)
		if bc.size > bound || bc.size > bc.budget {
			t.Fatalf("after %d puts: holds %d bytes, budget %d, bound %d", i+1, bc.size, bc.budget, bound)
		}
		if _, _, ok := bc.get(0, int64(i)); !ok {
			t.Fatalf("object %d of 6 MB not kept", i)
		}
		if i > 0 {
			bc.get(0, 0) // the first stays in use
		}
	}
	if bc.budget != bound {
		t.Errorf("budget %d after 6 MB objects, want the bound %d", bc.budget, bound)
	}
	if _, _, ok := bc.get(0, 0); !ok {
		t.Error("the most recently used object was evicted")
	}
	if _, _, ok := bc.get(0, 1); ok {
		t.Error("the least recently used object was kept")
	}
	bc.put(1, 0, 3, make([]byte, bound/2+1))
	if _, _, ok := bc.get(1, 0); ok {
		t.Error("an object over half the bound was kept")
	}
}
