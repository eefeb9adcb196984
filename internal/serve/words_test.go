package serve

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// unreleasedBlame attributes every paragraph to the unreleased version.
type unreleasedBlame struct{ *fakeBackend }

func (b unreleasedBlame) Blame(ctx context.Context, path, hash string) ([]BlameLine, error) {
	lines, err := b.fakeBackend.Blame(ctx, path, hash)
	for i := range lines {
		for _, r := range []*BlameRev{lines[i].Changed, lines[i].Substantive} {
			if r != nil {
				r.Version = "unreleased"
			}
		}
	}
	return lines, err
}

// The pages read as written by a person: counts agree with their number,
// dates are written out (and stay ISO in datetime), a historical version
// has no "no change" badge, and reasons and topics have names.
func TestReaderWords(t *testing.T) {
	h := New(newFake(), Options{})
	for _, c := range []struct {
		target   string
		want     []string
		wantNot  []string
		badge10  string
		datetime string
	}{
		{"/?ui=nb", []string{"1 vesentlig · 2 redaksjonelle", "1 vesentlig · 0 redaksjonelle", "1. februar 2024", "24. juli 2023",
			"(0 vesentlige, 2 redaksjonelle)", "(1 vesentlig, 0 redaksjonelle)", "15. januar 2024"},
			[]string{"2 redaksjonell ", "0 vesentlig ", "2024-02-01"}, "historisk", "2024-02-01"},
		{"/?ui=en", []string{"1 substantive · 2 editorial", "1 February 2024", "15 January 2024"},
			[]string{"2024-02-01"}, "historical", "2024-02-01"},
	} {
		r := mustGet(t, h, c.target)
		body := text(r.doc)
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", c.target, w)
			}
		}
		for _, w := range c.wantNot {
			if strings.Contains(body, w) {
				t.Errorf("%s shows %q", c.target, w)
			}
		}
		versions := find(r.doc, byTagClass("li", "version"))
		last := versions[len(versions)-1]
		badges := find(last, func(n *html.Node) bool { return n.Data == "span" && hasClass(n, "badge") })
		if len(badges) != 1 || text(badges[0]) != c.badge10 || !hasClass(badges[0], "badge-historical") {
			var got []string
			for _, b := range badges {
				got = append(got, text(b))
			}
			t.Errorf("%s: the historical version's badge is %q, want %q", c.target, got, c.badge10)
		}
		found := false
		for _, tm := range find(r.doc, func(n *html.Node) bool { return n.Data == "time" }) {
			for _, a := range tm.Attr {
				if a.Key == "datetime" && a.Val == c.datetime {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%s: no <time datetime=%q>", c.target, c.datetime)
		}
	}

	r := mustGet(t, h, "/compare?from=2.0&to=2.5&ui=nb")
	if body := text(r.doc); !strings.Contains(body, "Emner: adekvansbeslutning adequacy-decision") ||
		!strings.Contains(body, "1 vesentlig · 1 redaksjonell") {
		t.Errorf("nb compare lacks the topic's name or the counts:\n%s", body)
	}
	r = mustGet(t, h, "/compare?from=2.0&to=2.5&ui=en&filter=substantive")
	if body := text(r.doc); !strings.Contains(body, "Topics: adequacy decision adequacy-decision") ||
		!strings.Contains(body, "1 editorial change hidden") {
		t.Errorf("en compare lacks the topic's name or the hidden count:\n%s", body)
	}

	hu := New(unreleasedBlame{newFake()}, Options{})
	for ui, want := range map[string]string{"nb": "· uutgitt ·", "en": "· unreleased ·"} {
		body := text(mustGet(t, hu, "/history?page="+pathNB+"&ui="+ui).doc)
		if strings.Contains(body, "vunreleased") || !strings.Contains(body, want) {
			t.Errorf("ui=%s: history of the unreleased version lacks %q:\n%s", ui, want, body)
		}
	}
}
