package history

import (
	"context"
	"testing"

	"github.com/digdir/redline/internal/history/synth"
)

// BenchmarkLogSynthRead is what `redline log` asks of this package on a
// synthetic history: the first-parent walk of the whole tree, and every
// version of each changed document read through a Reader.
func BenchmarkLogSynthRead(b *testing.B) {
	g := synthRepo(b, synth.Config{Commits: 4000})
	b.ReportAllocs()
	for b.Loop() {
		r, err := Open(g.dir)
		if err != nil {
			b.Fatal(err)
		}
		rd := r.Reader()
		read := func(h Hash) {
			if !h.IsZero() {
				if _, err := rd.SharedBlob(h); err != nil {
					b.Fatal(err)
				}
			}
		}
		_, err = r.Log(context.Background(), Options{Paths: []string{"."}, Each: func(rev Revision) error {
			for _, f := range rev.Files {
				read(f.OldBlob)
				read(f.NewBlob)
			}
			return nil
		}})
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}
