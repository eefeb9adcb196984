package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
)

// reference is what JSON wrote for every value before logs got their own
// encoder: writeEntries must give the same bytes.
func reference(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// awkward holds what string escaping must get right.
const awkward = "quote \" backslash \\ <b>&amp;</b> tab\tnl\ncr\r bs\b ff\f nul\x00 us\x1f del\x7f " +
	"ls\u2028ps\u2029 bad\xff\xfe utf8 æøå € 😀 half\xe2\x82"

func awkwardEntries() []changes.Entry {
	date := time.Date(2024, 5, 17, 9, 30, 1, 500, time.FixedZone("", 2*3600))
	return []changes.Entry{
		{
			Commit: "a" + awkward, Parents: []string{"p1", "p2" + awkward}, Date: date,
			Author: awkward, Subject: awkward, URL: "https://example.org/c?a=1&b=<2>", Class: classify.Substantive,
			Documents: []classify.DocumentDiff{
				{
					Path: "content/x.nb.md", OldPath: "content/old.nb.md", Lang: "nb", URL: "https://x/",
					Status: "renamed", TranslationOf: "content/x.en.md", Class: classify.Substantive,
					Notes: []string{awkward, ""},
					Changes: []classify.Change{
						{
							Op: align.Modified, Class: classify.Substantive, Reasons: []string{"numbers", "override"},
							Explanation: awkward, Topics: []string{"transfers"}, Section: []string{"1 Innledning", awkward},
							// Several keys, one needing escapes: the order and quoting must match encoding/json's.
							Explanations: map[string]string{"nb": awkward, "en": "", awkward: "x"},
							Anchor:       "1-innledning", URL: "https://x/#1-innledning:~:text=a%20b",
							Old:          &classify.Side{Text: awkward, Lines: [2]int{3, 7}},
							New:          &classify.Side{Text: "new", Lines: [2]int{0, 0}},
							Inline:       []align.Span{{Op: align.SpanEqual, Text: "a "}, {Op: align.SpanDelete, Text: awkward}, {Op: align.SpanInsert, Text: ""}},
							Fingerprint:  "0123456789ab",
							Override:     &classify.Override{From: classify.Editorial, Source: "trailer", Reason: awkward},
							Proofs:       []classify.Proof{{Kind: "spelling", Old: awkward, New: "b", By: "hunspell nb_NO"}, {Kind: "markup", New: "x"}},
							Significance: 0.83,
						},
						{Op: align.Modified, Proofs: []classify.Proof{}, Significance: 1},
						// nil slices are null, empty ones [], omitempty fields left out
						{Op: classify.OpFrontMatter, Class: classify.None},
						{Op: align.Added, Reasons: []string{}, Topics: []string{}, Section: []string{}, Inline: []align.Span{}, New: &classify.Side{}, Explanations: map[string]string{}},
					},
				},
				{Path: "content/y.md", Changes: []classify.Change{}, Notes: []string{}},
				{Path: "content/z.md"},
			},
		},
		{Commit: "b", Parents: []string{}, Documents: []classify.DocumentDiff{}},
		{Commit: "c", Date: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
}

func TestJSONLogMatchesEncodingJSON(t *testing.T) {
	for name, entries := range map[string][]changes.Entry{
		"nil":     nil,
		"empty":   {},
		"fixture": fixtureEntries(),
		"awkward": awkwardEntries(),
		"one":     awkwardEntries()[1:2],
	} {
		var got bytes.Buffer
		if err := JSON(&got, entries); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := reference(t, entries); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: JSON differs from encoding/json:\n%s", name, firstDifference(got.Bytes(), want))
		}
	}
}

// TestJSONLogLarge crosses jsonChunk, where the log is written as it goes.
func TestJSONLogLarge(t *testing.T) {
	var entries []changes.Entry
	for len(entries)*len(awkward)*8 < 3*jsonChunk {
		entries = append(entries, awkwardEntries()...)
	}
	var got countingWriter
	if err := JSON(&got, entries); err != nil {
		t.Fatal(err)
	}
	if got.writes < 2 {
		t.Errorf("a %d-byte log was written in %d writes, want it written as it goes", got.Len(), got.writes)
	}
	if want := reference(t, entries); !bytes.Equal(got.Bytes(), want) {
		t.Errorf("JSON differs from encoding/json:\n%s", firstDifference(got.Bytes(), want))
	}
}

type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

func TestJSONLogBadDateWritesNothing(t *testing.T) {
	entries := awkwardEntries()
	entries[1].Date = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	var got bytes.Buffer
	err := JSON(&got, entries)
	var re *Error
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "year") {
		t.Fatalf("JSON with a year 10000 date: err = %v, want a *render.Error about the year", err)
	}
	if got.Len() != 0 {
		t.Errorf("JSON wrote %d bytes of a log it could not encode", got.Len())
	}
}

// TestJSONLogKnowsEveryField fails when a field is added to the types of
// the log: writeEntries must then learn to write it.
func TestJSONLogKnowsEveryField(t *testing.T) {
	want := map[reflect.Type]string{
		reflect.TypeFor[changes.Entry]():         "Commit Parents Date Author Subject URL Class Documents",
		reflect.TypeFor[classify.DocumentDiff](): "Path OldPath Lang URL Status TranslationOf Class Changes Notes",
		reflect.TypeFor[classify.Change]():       "Op Class Reasons Explanation Explanations Topics Section Anchor URL Old New Inline Fingerprint Override Proofs Significance",
		reflect.TypeFor[classify.Side]():         "Text Lines",
		reflect.TypeFor[classify.Proof]():        "Kind Old New By",
		reflect.TypeFor[classify.Override]():     "From Source Reason",
		reflect.TypeFor[align.Span]():            "Op Text",
	}
	for typ, fields := range want {
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		if strings.Join(got, " ") != fields {
			t.Errorf("%v has fields %v; writeEntries (json.go) writes %s: teach it the new ones", typ, got, fields)
		}
	}
}

func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  ..." + string(got[from:min(len(got), i+80)]) + "\nwant: ..." + string(want[from:min(len(want), i+80)])
}

// TestJSONAppenderDeep nests deeper than jsonBreak indents in one append.
func TestJSONAppenderDeep(t *testing.T) {
	var v any = []any{}
	a := &jsonAppender{}
	for range 20 {
		v = []any{1, v}
		a.open('[')
		a.next()
		a.b = append(a.b, '1')
		a.next()
	}
	a.b = append(a.b, "[]"...)
	for range 20 {
		a.close(']')
	}
	want, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.b, want) {
		t.Errorf("deep arrays differ from encoding/json:\n%s", firstDifference(a.b, want))
	}
}
