package inflate

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/digdir/redline/internal/history/synth"
)

// packObject is where an object's zlib stream starts in a pack, and
// the size its header gives.
type packObject struct {
	off, size int
	delta     bool
}

// readPack reads the one pack of a repository and finds its objects
// through its (version 2) index.
func readPack(t testing.TB, gitDir string) ([]byte, []packObject) {
	t.Helper()
	idxs, _ := filepath.Glob(filepath.Join(gitDir, "objects", "pack", "*.idx"))
	if len(idxs) != 1 {
		t.Fatalf("%d pack indexes in %s, want 1", len(idxs), gitDir)
	}
	idx, err := os.ReadFile(idxs[0])
	if err != nil {
		t.Fatal(err)
	}
	pack, err := os.ReadFile(idxs[0][:len(idxs[0])-len(".idx")] + ".pack")
	if err != nil {
		t.Fatal(err)
	}
	const head = 8 + 256*4
	n := int(binary.BigEndian.Uint32(idx[head-4:]))
	off32 := idx[head+n*24:]
	var objs []packObject
	for i := range n {
		off := int(binary.BigEndian.Uint32(off32[i*4:]))
		if off&0x80000000 != 0 {
			k := off & 0x7fffffff
			off = int(binary.BigEndian.Uint64(idx[head+n*28+k*8:]))
		}
		// Type and size, then a delta's base.
		c := pack[off]
		typ, size, k := c>>4&7, int(c&15), off+1
		for shift := 4; c&0x80 != 0; shift += 7 {
			c = pack[k]
			k++
			size |= int(c&0x7f) << shift
		}
		switch typ {
		case 6: // OFS_DELTA
			for pack[k]&0x80 != 0 {
				k++
			}
			k++
		case 7: // REF_DELTA
			k += 20
		}
		objs = append(objs, packObject{off: k, size: size, delta: typ >= 6})
	}
	slices.SortFunc(objs, func(a, b packObject) int { return a.off - b.off })
	return pack[:len(pack)-20], objs
}

// git runs git in dir, or skips where there is none.
func git(t testing.TB, dir string, stdin []byte, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// synthPack is the pack of a small synthetic history (package synth),
// repacked as git gc would.
func synthPack(t testing.TB) ([]byte, []packObject) {
	dir := t.TempDir()
	var stream bytes.Buffer
	if err := synth.Write(&stream, synth.Config{Commits: 1000, Docs: 50}); err != nil {
		t.Fatal(err)
	}
	git(t, dir, nil, "init", "-q", "--bare", ".")
	git(t, dir, stream.Bytes(), "fast-import", "--quiet")
	git(t, dir, nil, "repack", "-adq")
	return readPack(t, dir)
}

// corpusPack is the pack of the shared corpus (Open Terms Archive
// data, ODC-By 1.0), cloned from ../shared/corpora beside the module,
// or skips.
func corpusPack(t testing.TB) ([]byte, []packObject) {
	bundle, _ := filepath.Abs("../../../shared/corpora/pga-versions.bundle")
	if _, err := os.Stat(bundle); err != nil {
		t.Skip("../shared/corpora/pga-versions.bundle beside the module not found: ", err)
	}
	dir := filepath.Join(t.TempDir(), "corpus")
	git(t, filepath.Dir(dir), nil, "clone", "-q", "--bare", "--no-local", bundle, dir)
	return readPack(t, dir)
}

// Every object of real packs inflates as klauspost's reader has it.
func TestPacks(t *testing.T) {
	for _, c := range []struct {
		name string
		pack func(testing.TB) ([]byte, []packObject)
	}{{"synthetic", synthPack}, {"corpus", corpusPack}} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "corpus" && testing.Short() {
				t.Skip("the corpus is skipped in -short mode")
			}
			pack, objs := c.pack(t)
			kr := newKlauspost(t)
			var z Inflater
			var scratch []byte
			for _, o := range objs {
				want, err := klauspostInflate(kr, pack[o.off:], o.size)
				if err != nil {
					t.Fatalf("object at %d: klauspost: %v", o.off, err)
				}
				got, err := z.Zlib(scratch, pack[o.off:], o.size)
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("object at %d (%d bytes): %v", o.off, o.size, err)
				}
				scratch = got
			}
			t.Logf("%d objects", len(objs))
		})
	}
}

// BenchmarkPack inflates every object of a small synthetic pack, as
// history's reader does: blobs, trees and commits into new buffers,
// deltas into a reused one (Zlib), against klauspost's reader, Reset
// for each object (Klauspost).
func BenchmarkPack(b *testing.B) {
	pack, objs := synthPack(b)
	var total int
	for _, o := range objs {
		total += o.size
	}
	b.Run("Zlib", func(b *testing.B) {
		var z Inflater
		var scratch []byte
		b.ReportAllocs()
		b.SetBytes(int64(total))
		for b.Loop() {
			for _, o := range objs {
				var dst []byte
				if o.delta {
					dst = scratch
				}
				out, err := z.Zlib(dst, pack[o.off:], o.size)
				if err != nil {
					b.Fatal(err)
				}
				if o.delta {
					scratch = out
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/object")
	})
	b.Run("Klauspost", func(b *testing.B) {
		kr := newKlauspost(b)
		b.ReportAllocs()
		b.SetBytes(int64(total))
		for b.Loop() {
			for _, o := range objs {
				if _, err := klauspostInflate(kr, pack[o.off:], o.size); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/object")
	})
}
