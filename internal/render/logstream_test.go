package render

import (
	"bytes"
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
