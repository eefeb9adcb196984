package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/history/synth"
)

// blobsOf returns the blob ids the revisions name, newest first, each once.
func blobsOf(revs []Revision) []Hash {
	seen := map[Hash]bool{}
	var out []Hash
	for _, rev := range revs {
		for _, f := range rev.Files {
			for _, h := range []Hash{f.NewBlob, f.OldBlob} {
				if !h.IsZero() && !seen[h] {
					seen[h] = true
					out = append(out, h)
				}
			}
		}
	}
	return out
}

// openRead opens the repository, with its packs read through the file
// rather than mapped when mapped is false, as where mmap fails.
func openRead(g *gitRepo, mapped bool) *Repo {
	r := g.open()
	if !mapped {
		for _, p := range r.packs.list {
			p.data = nil
		}
	}
	return r
}

// A Reader reads blobs in one goroutine while Log walks in another (run
// with -race): each blob is the one Repo.Blob read, and the walk's result
// is the one it gives alone. The Reader reads as Each lists revisions,
// and again, with a new Reader, while a walk with a cold disk cache
// checks every tree and commit.
func TestReaderWhileLogWalks(t *testing.T) {
	t.Parallel()
	g := synthRepo(t, synth.Config{Commits: 400, Docs: 40, Sections: 4, MergeEvery: 20})
	g.git("repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=20") // long delta chains
	g.git("reset", "-q", "--hard")
	for i := range 10 { // and loose objects
		g.write(fmt.Sprintf("content/section-01/loose-%d.md", i%3), strings.Repeat(fmt.Sprintf("Loose version %d.\n\n", i), i+1))
		g.commit(fmt.Sprintf("loose %d", i))
	}
	opt := Options{Paths: []string{"content"}, FullHistory: true}
	want := mustLog(t, g.open(), opt)
	r := g.open()
	blobs := map[Hash][]byte{}
	ids := blobsOf(want.Revisions)
	for _, h := range ids {
		b, err := r.Blob(h)
		if err != nil {
			t.Fatal(err)
		}
		blobs[h] = b
	}
	if len(want.Revisions) < 300 || len(blobs) < 300 {
		t.Fatalf("%d revisions, %d blobs: want a long history", len(want.Revisions), len(blobs))
	}
	check := func(rd *Reader, h Hash) {
		t.Helper()
		if b, err := rd.SharedBlob(h); err != nil || !bytes.Equal(b, blobs[h]) {
			t.Errorf("Reader.SharedBlob(%s) = %d bytes, %v; want the %d bytes of Repo.Blob", h, len(b), err, len(blobs[h]))
		}
	}
	for _, mapped := range []bool{true, false} {
		t.Run(fmt.Sprintf("mapped=%v", mapped), func(t *testing.T) {
			r := openRead(g, mapped)
			rd := r.Reader()
			ch := make(chan Revision, 16)
			walked := make(chan error, 1)
			go func() {
				defer close(ch)
				each := opt
				each.Each = func(rev Revision) error {
					ch <- rev
					return nil
				}
				_, err := r.Log(context.Background(), each)
				walked <- err
			}()
			var got []Revision
			for rev := range ch {
				got = append(got, rev)
				for _, h := range blobsOf([]Revision{rev}) {
					check(rd, h)
				}
			}
			if err := <-walked; err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want.Revisions) {
				t.Errorf("Each handed %d revisions while the Reader read; want the %d of Log", len(got), len(want.Revisions))
			}

			// A new Repo and Reader, so that both inflate what they read.
			r = openRead(g, mapped)
			rd = r.Reader()
			cached := opt
			cached.CacheDir = t.TempDir()
			logs := make(chan *Log, 1)
			go func() {
				l, err := r.Log(context.Background(), cached)
				if err != nil {
					t.Error(err)
				}
				logs <- l
			}()
			for _, h := range ids {
				check(rd, h)
			}
			if l := <-logs; l != nil && !reflect.DeepEqual(l, want) {
				t.Errorf("Log while the Reader read: %d revisions, want %d", len(l.Revisions), len(want.Revisions))
			}
		})
	}
}

// sameBlobError checks that the Reader gives for h the error the Repo
// gives, one for which errors.Is holds for each of is.
func sameBlobError(t *testing.T, r *Repo, rd *Reader, h Hash, is ...error) {
	t.Helper()
	_, want := r.SharedBlob(h)
	_, got := rd.SharedBlob(h)
	if want == nil || got == nil || got.Error() != want.Error() || hintOf(got) != hintOf(want) {
		t.Fatalf("blob %s: Reader error %v; Repo error %v", h, got, want)
	}
	for _, e := range is {
		if !errors.Is(got, e) {
			t.Errorf("blob %s: Reader error %v is not %v", h, got, e)
		}
	}
}

// A Reader's errors are the Repo's for the same object: missing, over the
// blob cap, damaged, not a blob, missing from a partial clone; loose and
// packed.
func TestReaderErrors(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	big := strings.Repeat("A long document.\n", 100)
	g.write("content/big.md", big)
	g.write("content/small.md", "small\n")
	g.commit("add")
	bigID := mustHash(t, g.git("rev-parse", "HEAD:content/big.md"))
	smallID := mustHash(t, g.git("rev-parse", "HEAD:content/small.md"))
	treeID := mustHash(t, g.git("rev-parse", "HEAD:content"))
	absent := gitID("blob", []byte("never committed\n"))

	for _, where := range []string{"loose", "packed"} {
		if where == "packed" {
			g.git("repack", "-q", "-a", "-d")
			g.git("prune-packed")
		}
		r := g.open()
		if r.Reader() == nil {
			t.Fatal("Reader() is nil for a repository on disk")
		}
		before := r.Reader() // made before the cap is set: keeps the default
		r.SetMaxBlobBytes(100)
		rd := r.Reader()
		sameBlobError(t, r, rd, absent, ErrMissingObject)
		sameBlobError(t, r, rd, bigID, ErrTooLarge)
		sameBlobError(t, r, rd, treeID, ErrDamaged)
		if b, err := rd.SharedBlob(smallID); err != nil || string(b) != "small\n" {
			t.Errorf("%s: small blob = %q, %v", where, b, err)
		}
		if b, err := before.SharedBlob(bigID); err != nil || string(b) != big {
			t.Errorf("%s: a Reader made before SetMaxBlobBytes: %d bytes, %v; want the blob", where, len(b), err)
		}
	}

	// A loose blob whose content is not that of its id.
	d := newGitRepo(t)
	d.write("content/a.md", "one\n")
	d.commit("add")
	id := d.git("rev-parse", "HEAD:content/a.md")
	p := objectPath(d, id)
	good := mustRead(t, p)
	os.Chmod(p, 0o644)
	if err := os.WriteFile(p, loose("blob", []byte("two\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	r := d.open()
	sameBlobError(t, r, r.Reader(), mustHash(t, id), ErrDamaged)
	if err := os.WriteFile(p, good, 0o444); err != nil {
		t.Fatal(err)
	}

	// A blob a partial clone has not fetched.
	d.git("config", "uploadpack.allowFilter", "true")
	dst := filepath.Join(t.TempDir(), "partial")
	d.git("clone", "-q", "--no-checkout", "--filter=blob:none", "file://"+d.dir, dst)
	pr, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	sameBlobError(t, pr, pr.Reader(), mustHash(t, id), ErrPartialClone, ErrMissingObject)
}

// In-memory storage has no files a second reader could share.
func TestReaderInMemory(t *testing.T) {
	t.Parallel()
	m := newMemRepo(t)
	m.write("a.md", "a\n")
	m.commit("add")
	if rd := m.open().Reader(); rd != nil {
		t.Errorf("Reader() = %v for in-memory storage; want nil", rd)
	}
}
