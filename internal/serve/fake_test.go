package serve

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// The fake backend holds a DPIA-like history by hand: version 1.0 from
// before git, 2.0 reconstructed, 2.5 with the adequacy-decision update and
// an editorial commit whose subject is an HTML injection attempt, 2.6 with
// link-target edits and the English translation.

const (
	pathNB = "content/dpia/summary/_index.nb.md"
	pathEN = "content/dpia/summary/_index.en.md"
)

func fakeHash(name string) string {
	s := sha1.Sum([]byte(name))
	return hex.EncodeToString(s[:])
}

var (
	c1 = fakeHash("c1-2.0") // page as published for 2.0
	c2 = fakeHash("c2-xss") // editorial, hostile subject
	c3 = fakeHash("c3-adequacy")
	c4 = fakeHash("c4-links")
	c5 = fakeHash("c5-english")
	// chronological order
	commits = []string{c1, c2, c3, c4, c5}
)

const hostileSubject = `<script>alert(1)</script>`
const hostileText = `Se <b>vedlegg</b><script>alert(2)</script><img src=x onerror=alert(3)> for detaljer.`

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}

func dpiaChangelog() *release.Changelog {
	adequacy := classify.Change{
		Op: align.Modified, Class: classify.Substantive,
		Reasons:     []string{"legal-basis-changed"},
		Explanation: "The transfer basis changed from standard contractual clauses to the adequacy decision.",
		Topics:      []string{"adequacy-decision"},
		Section:     []string{"Sammendrag", "Overføring til tredjeland"},
		Anchor:      "overforing-til-tredjeland",
		URL:         "https://docs.altinn.studio/nb/dpia/summary/#overforing-til-tredjeland",
		Old:         &classify.Side{Text: "Overføring til USA skjer på grunnlag av standard personvernbestemmelser.", Lines: [2]int{12, 12}},
		New:         &classify.Side{Text: "Overføring til USA skjer på grunnlag av adekvansbeslutningen av 10. juli 2023.", Lines: [2]int{12, 13}},
		Inline: []align.Span{
			{Op: align.SpanEqual, Text: "Overføring til USA skjer på grunnlag av "},
			{Op: align.SpanDelete, Text: "standard personvernbestemmelser."},
			{Op: align.SpanInsert, Text: "adekvansbeslutningen av 10. juli 2023."},
		},
		Fingerprint: "fp-adequacy-1",
	}
	hostile := classify.Change{
		Op: align.Modified, Class: classify.Editorial,
		Reasons:     []string{"markup"},
		Explanation: "Only formatting changed.",
		Section:     []string{"Sammendrag"},
		Anchor:      "sammendrag",
		Old:         &classify.Side{Text: "Se vedlegg for detaljer.", Lines: [2]int{20, 20}},
		New:         &classify.Side{Text: hostileText, Lines: [2]int{20, 20}},
		Fingerprint: "fp-hostile-2",
	}
	link := classify.Change{
		Op: align.Modified, Class: classify.Editorial,
		Reasons:     []string{"link-target"},
		Explanation: "Only link targets changed.",
		Section:     []string{"Sammendrag", "Risiko"},
		Anchor:      "risiko",
		Old:         &classify.Side{Text: "Se [kapittel 3](../3/).", Lines: [2]int{30, 30}},
		New:         &classify.Side{Text: "Se [kapittel 3](/nb/dpia/3/).", Lines: [2]int{30, 30}},
		Inline: []align.Span{
			{Op: align.SpanEqual, Text: "Se [kapittel 3]("},
			{Op: align.SpanDelete, Text: "../3/"},
			{Op: align.SpanInsert, Text: "/nb/dpia/3/"},
			{Op: align.SpanEqual, Text: ")."},
		},
		Fingerprint: "fp-link-3",
	}
	link2 := link
	link2.Fingerprint = "fp-link-4"
	link2.Anchor = "tiltak"
	link2.Old = &classify.Side{Text: "Se [kapittel 4](../4/).", Lines: [2]int{40, 40}}
	link2.New = &classify.Side{Text: "Se [kapittel 4](/nb/dpia/4/).", Lines: [2]int{40, 40}}
	link2.Inline = nil
	added := classify.Change{
		Op: align.Added, Class: classify.Substantive,
		Reasons:     []string{"page-added"},
		Explanation: "A new page.",
		Section:     []string{"Summary"},
		Anchor:      "summary",
		New:         &classify.Side{Text: "The data protection impact assessment for Altinn 3.", Lines: [2]int{5, 5}},
		Fingerprint: "fp-en-added",
	}
	first := classify.Change{
		Op: align.Added, Class: classify.Substantive, Reasons: []string{"page-added"},
		Explanation: "A new page.", Section: []string{"Sammendrag"}, Anchor: "sammendrag",
		New:         &classify.Side{Text: "Vurdering av personvernkonsekvenser for Altinn 3.", Lines: [2]int{5, 5}},
		Fingerprint: "fp-nb-added",
	}
	nb := func(status string, class classify.Class, ch ...classify.Change) classify.DocumentDiff {
		return classify.DocumentDiff{Path: pathNB, Lang: "nb", Status: status, Class: class, Changes: ch,
			URL: "https://docs.altinn.studio/nb/dpia/summary/"}
	}
	return &release.Changelog{
		Schema:    release.Schema,
		Title:     release.Text{"nb": "Endringslogg for DPIA", "en": "DPIA changelog"},
		Languages: []string{"nb", "en"},
		Versions: []release.Version{
			{ID: "2.6", Date: "2024-02-01", Revision: c5, Class: classify.Substantive, Counts: release.Counts{Substantive: 1, Editorial: 2},
				Entries: []changes.Entry{
					{Commit: c5, Parents: []string{c4}, Date: day("2024-02-01"), Author: "A", Subject: "DPIA summary: English translation added",
						Class: classify.Substantive, Documents: []classify.DocumentDiff{{Path: pathEN, Lang: "en", Status: "added", Class: classify.Substantive, Changes: []classify.Change{added}}}},
					{Commit: c4, Parents: []string{c3}, Date: day("2024-01-15"), Author: "A", Subject: "DPIA summary: editorial pass (absolute chapter links)",
						Class: classify.Editorial, Documents: []classify.DocumentDiff{nb("modified", classify.Editorial, link, link2)}},
				}},
			{ID: "2.5", Date: "2023-07-24", Revision: c3, Class: classify.Substantive, Counts: release.Counts{Substantive: 1, Editorial: 1},
				Title:   release.Text{"nb": "Versjon 2.5", "en": "Version 2.5"},
				Summary: release.Text{"nb": "Oppdatert etter adekvansbeslutningen", "en": "Updated following the adequacy decision"},
				Topics:  []string{"adequacy-decision"},
				Entries: []changes.Entry{
					{Commit: c3, Parents: []string{c2}, Date: day("2023-07-24"), Author: "B", Subject: "DPIA summary: updated following the EU adequacy decision of 10 July 2023",
						Class: classify.Substantive, Documents: []classify.DocumentDiff{nb("modified", classify.Substantive, adequacy)}},
					{Commit: c2, Parents: []string{c1}, Date: day("2023-05-02"), Author: "B", Subject: hostileSubject,
						Class: classify.Editorial, Documents: []classify.DocumentDiff{nb("modified", classify.Editorial, hostile)}},
				}},
			{ID: "2.0", Date: "2022-11-01", Revision: c1, Reconstructed: true, Class: classify.Substantive, Counts: release.Counts{Substantive: 1},
				Note: release.Text{"nb": "Teksten er rekonstruert fra publisert PDF.", "en": "Text reconstructed from the published PDF."},
				Entries: []changes.Entry{
					{Commit: c1, Date: day("2022-11-01"), Author: "C", Subject: "DPIA summary: page as published for version 2.0 (reconstructed)",
						Class: classify.Substantive, Documents: []classify.DocumentDiff{nb("added", classify.Substantive, first)}},
				}},
			{ID: "1.0", Date: "2021-06-01", Historical: true, Class: classify.None},
		},
	}
}

// fakeBackend serves dpiaChangelog. Compare concatenates the entries'
// changes between the two revisions, as a tree diff would show them.
type fakeBackend struct {
	cl       *release.Changelog
	extra    int           // documents reported beyond the real ones, for the size limit
	gate     chan struct{} // when set, Compare waits for it to close
	compares atomic.Int64
	inflight atomic.Int64
	mu       sync.Mutex
	maxIn    int64
}

func newFake() *fakeBackend { return &fakeBackend{cl: dpiaChangelog()} }

func (f *fakeBackend) Changelog(ctx context.Context) (*release.Changelog, error) { return f.cl, nil }

func (f *fakeBackend) entry(hash string) *changes.Entry {
	for i := range f.cl.Versions {
		for j := range f.cl.Versions[i].Entries {
			if e := &f.cl.Versions[i].Entries[j]; e.Commit == hash {
				return e
			}
		}
	}
	return nil
}

func (f *fakeBackend) Resolve(ctx context.Context, ref string) (string, string, error) {
	if rev, label, ok, err := ResolveVersion(f.cl, ref); ok {
		return rev, label, err
	}
	if ref == "HEAD" {
		return c5, "HEAD", nil
	}
	base, parent := strings.CutSuffix(ref, "^")
	var found string
	for _, c := range commits {
		if len(base) >= 4 && strings.HasPrefix(c, base) {
			found = c
		}
	}
	if found != "" && parent {
		e := f.entry(found)
		if len(e.Parents) == 0 {
			found = ""
		} else {
			found = e.Parents[0]
		}
	}
	if found == "" {
		return "", "", &Error{Status: http.StatusNotFound, Msg: "unknown version, revision or date " + ref, Hint: "see the versions timeline"}
	}
	return found, present.ShortHash(found), nil
}

func pos(h string) int {
	for i, c := range commits {
		if c == h {
			return i
		}
	}
	return -1
}

func (f *fakeBackend) Compare(ctx context.Context, from, to string) (classify.Diff, error) {
	f.compares.Add(1)
	n := f.inflight.Add(1)
	defer f.inflight.Add(-1)
	f.mu.Lock()
	f.maxIn = max(f.maxIn, n)
	f.mu.Unlock()
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return classify.Diff{}, ctx.Err()
		}
	}
	byPath := map[string]*classify.DocumentDiff{}
	var order []string
	d := classify.Diff{Class: classify.None, Documents: []classify.DocumentDiff{}}
	for i := pos(from) + 1; i <= pos(to); i++ {
		e := f.entry(commits[i])
		for _, dd := range e.Documents {
			cur, ok := byPath[dd.Path]
			if !ok {
				cp := dd
				cp.Changes = nil
				byPath[dd.Path] = &cp
				cur = &cp
				order = append(order, dd.Path)
			}
			cur.Changes = append(cur.Changes, dd.Changes...)
			cur.Class = classify.Max(cur.Class, dd.Class)
		}
	}
	for _, p := range order {
		d.Documents = append(d.Documents, *byPath[p])
		d.Class = classify.Max(d.Class, byPath[p].Class)
	}
	return d, nil
}

func (f *fakeBackend) Documents(ctx context.Context, hash string) ([]string, error) {
	var out []string
	if pos(hash) >= 0 {
		out = append(out, pathNB)
	}
	if pos(hash) >= pos(c5) {
		out = append(out, pathEN)
	}
	for i := 0; i < f.extra; i++ {
		out = append(out, "content/bulk/page-"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+".md")
	}
	return out, nil
}

func (f *fakeBackend) Blame(ctx context.Context, path, hash string) ([]BlameLine, error) {
	rev := func(h string, version string) *BlameRev {
		e := f.entry(h)
		return &BlameRev{Commit: h, Date: e.Date, Subject: e.Subject, Version: version}
	}
	return []BlameLine{
		{Kind: "heading", Lines: [2]int{3, 3}, Anchor: "sammendrag", Text: "## Sammendrag", Changed: rev(c1, "2.0"), Substantive: rev(c1, "2.0")},
		{Kind: "paragraph", Lines: [2]int{12, 13}, Anchor: "overforing-til-tredjeland",
			Text: "Overføring til USA skjer på grunnlag av adekvansbeslutningen av 10. juli 2023.", Changed: rev(c3, "2.5"), Substantive: rev(c3, "2.5")},
		{Kind: "paragraph", Lines: [2]int{20, 20}, Anchor: "sammendrag", Text: hostileText, Changed: rev(c2, "2.5"), Substantive: rev(c1, "2.0")},
		{Kind: "paragraph", Lines: [2]int{30, 30}, Anchor: "risiko", Text: "Se [kapittel 3](/nb/dpia/3/).", Changed: rev(c4, "2.6"), Substantive: rev(c1, "2.0")},
	}, nil
}
