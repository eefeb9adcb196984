package render

import (
	"bytes"
	"errors"
	"testing"

	"github.com/digdir/redline/internal/changes"
)

// A log written entry by entry gives the bytes encoding/json gives for
// the whole slice, across the chunk size too.
func TestLogJSONWriterMatchesEncodingJSON(t *testing.T) {
	var large []changes.Entry
	for len(large)*len(awkward)*8 < 3*jsonChunk {
		large = append(large, awkwardEntries()...)
	}
	for name, entries := range map[string][]changes.Entry{
		"empty":   {},
		"fixture": fixtureEntries(),
		"awkward": awkwardEntries(),
		"one":     awkwardEntries()[1:2],
		"large":   large,
	} {
		var got countingWriter
		w := NewLogJSONWriter(&got)
		for i := range entries {
			if err := w.Write(&entries[i]); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := reference(t, entries); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: differs from encoding/json:\n%s", name, firstDifference(got.Bytes(), want))
		}
		if name == "large" && got.writes < 2 {
			t.Errorf("a %d-byte log was written in %d writes, want it written as it goes", got.Len(), got.writes)
		}
	}
}

// One commit larger than jsonChunk is written as it goes, between its
// changes, without the buffer growing to hold it, and gives the bytes
// encoding/json gives.
func TestLogJSONWriterLargeEntry(t *testing.T) {
	e := awkwardEntries()[0]
	d := &e.Documents[0]
	for len(d.Changes)*len(awkward)*8 < 3*jsonChunk {
		d.Changes = append(d.Changes, d.Changes...)
	}
	entries := []changes.Entry{e, e}
	var got countingWriter
	w := NewLogJSONWriter(&got)
	if err := w.Write(&entries[0]); err != nil {
		t.Fatal(err)
	}
	if got.writes < 2 {
		t.Errorf("an entry of %d bytes was written in %d writes, want it written as it goes", got.Len()+len(w.a.b), got.writes)
	}
	if c := cap(w.a.b); c > 2*jsonChunk {
		t.Errorf("the buffer grew to %d bytes, want it near jsonChunk (%d)", c, jsonChunk)
	}
	if err := w.Write(&entries[1]); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if want := reference(t, entries); !bytes.Equal(got.Bytes(), want) {
		t.Errorf("differs from encoding/json:\n%s", firstDifference(got.Bytes(), want))
	}

	// A write that fails in the middle of an entry fails the entry, and
	// the writer writes nothing more.
	boom := errors.New("disk full")
	fw := &failWriter{err: boom}
	w = NewLogJSONWriter(fw)
	if err := w.Write(&entries[0]); !errors.Is(err, boom) {
		t.Fatalf("Write to a failing writer: err = %v, want %v", err, boom)
	}
	if err := w.Write(&entries[1]); err == nil {
		t.Error("Write after a failed write: no error")
	}
	if err := w.Close(); err != nil || fw.writes != 1 {
		t.Errorf("Close after a failed write: err = %v after %d writes, want nil after 1", err, fw.writes)
	}
}

type failWriter struct {
	err    error
	writes int
}

func (w *failWriter) Write(p []byte) (int, error) {
	w.writes++
	return 0, w.err
}
