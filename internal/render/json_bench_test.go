package render

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
)

// benchIterater is the shared corpus of sentence revisions (IteraTeR,
// Apache-2.0, used in place), relative to this package; the benchmark
// uses it when it is present.
const benchIterater = "../../../shared/corpora/iterater-train-dev.jsonl"

// benchPairs returns pairs of old and new text: paragraphs of the site's
// own Markdown (each against its neighbour) and, when present, the
// sentence revisions of the shared corpus.
func benchPairs(b *testing.B) [][2]string {
	var paras []string
	err := filepath.WalkDir("../../content", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		src, err := os.ReadFile(path)
		for _, p := range strings.Split(string(src), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	var pairs [][2]string
	for i := 1; i < len(paras); i++ {
		pairs = append(pairs, [2]string{paras[i-1], paras[i]})
	}
	f, err := os.Open(benchIterater)
	if err != nil {
		b.Logf("shared corpus absent (%v): using the site's Markdown only", err)
		return pairs
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && len(pairs) < 20000 {
		var rec struct {
			Before string `json:"before_sent"`
			After  string `json:"after_sent"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) == nil {
			pairs = append(pairs, [2]string{rec.Before, rec.After})
		}
	}
	return pairs
}

// benchEntries builds a log shaped like `redline log` output: entries of
// one document with a few changes each, every change with both sides, an
// inline diff (common prefix and suffix, the middle deleted and inserted),
// a translated explanation and proofs.
func benchEntries(b *testing.B) []changes.Entry {
	pairs := benchPairs(b)
	date := time.Date(2024, 5, 17, 9, 30, 1, 0, time.UTC)
	var entries []changes.Entry
	for i := 0; i < len(pairs); i += 4 {
		var cs []classify.Change
		for j, p := range pairs[i:min(i+4, len(pairs))] {
			old, new := p[0], p[1]
			pre := 0
			for pre < len(old) && pre < len(new) && old[pre] == new[pre] {
				pre++
			}
			suf := 0
			for suf < len(old)-pre && suf < len(new)-pre && old[len(old)-1-suf] == new[len(new)-1-suf] {
				suf++
			}
			cs = append(cs, classify.Change{
				Op: align.Modified, Class: classify.Substantive, Reasons: []string{"wording"},
				Explanation:  "substantive: the wording changed",
				Explanations: map[string]string{"nb": "vesentlig: ordlyden ble endret"},
				Topics:       []string{}, Section: []string{"Terms", "1 Scope"}, Anchor: "1-scope",
				Old:         &classify.Side{Text: old, Lines: [2]int{10 * j, 10*j + 3}},
				New:         &classify.Side{Text: new, Lines: [2]int{10 * j, 10*j + 4}},
				Inline:      []align.Span{{Op: align.SpanEqual, Text: old[:pre]}, {Op: align.SpanDelete, Text: old[pre : len(old)-suf]}, {Op: align.SpanInsert, Text: new[pre : len(new)-suf]}, {Op: align.SpanEqual, Text: old[len(old)-suf:]}},
				Fingerprint: fmt.Sprintf("%012x", i*4+j),
				Proofs:      []classify.Proof{{Kind: "markup", By: "the same words, formatted otherwise"}},
			})
		}
		entries = append(entries, changes.Entry{
			Commit: fmt.Sprintf("%040x", i), Parents: []string{fmt.Sprintf("%040x", i+1)}, Date: date,
			Author: "Open Terms Archive Bot", Subject: "Record new changes of Terms of Service", Class: classify.Substantive,
			Documents: []classify.DocumentDiff{{Path: "Service/Terms of Service.md", Status: "modified", Class: classify.Substantive, Changes: cs}},
		})
	}
	return entries
}

// BenchmarkLogJSONWriter writes a log as `redline log --format json` does,
// one long log over all iterations, so that the buffer has grown as it has
// in a long run.
func BenchmarkLogJSONWriter(b *testing.B) {
	entries := benchEntries(b)
	var size countWriter
	writeLog(b, NewLogJSONWriter(&size), entries)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	l := NewLogJSONWriter(io.Discard)
	for range b.N {
		writeLog(b, l, entries)
	}
	if err := l.Close(); err != nil {
		b.Fatal(err)
	}
}

func writeLog(b *testing.B, l *LogJSONWriter, entries []changes.Entry) {
	for i := range entries {
		if err := l.Write(&entries[i]); err != nil {
			b.Fatal(err)
		}
	}
}

type countWriter int

func (w *countWriter) Write(p []byte) (int, error) {
	*w += countWriter(len(p))
	return len(p), nil
}
