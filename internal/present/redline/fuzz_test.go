package redline

import (
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/present"
)

// FuzzChange renders the change between two arbitrary blocks, with the
// aligner's word diff and with spans that do not fit, inline and side by
// side: the HTML is always well formed (tags balanced, only the
// renderer's own elements, attributes and safe links, no raw <script>,
// valid UTF-8), and holds no private-use character the texts did not.
func FuzzChange(f *testing.F) {
	for _, s := range [][2]string{
		{"Se [kapittel 1](../introduction) for bakgrunn.", "Se [kapittel 1](/nb/dpia/introduction/) for bakgrunn."},
		{"| a | b<br><br>c |", "| a | b<br>d |"},
		{"Risiko\n------", "Risikovurdering\n------"},
		{"  - nested *item* one", "  - nested **item** two"},
		{`Se \[kapittel 1\] <script>alert(1)</script> {{< x >}}`, `Se \[kapittel 2\] <script>alert(2)</script> {{< y >}}`},
		{"Se [kapittel 1](../x) for", "Se kapittel 1](../x) for"},
		{"> sitat\n> linje to", "> sitat\n> linje tre"},
		{"```\n> kode\n```", "```\n> kode endret\n```"},
		{"Tekst <a href=\"javascript:x\">her</a> &amp; &#58; ![b](javascript:x)", "Tekst <a href=\"x\">der</a> &lt; <https://a/b>"},
		{"[^1]: Fotnote [a][b]\n\n[b]: https://x", "[^1]: Fotnote endret [a][b]"},
		{"Term\n: Beskrivelse", "Term\n: Ny beskrivelse"},
		{"- [ ] oppgave", "- [x] oppgave"},
		{"<table><tr><td>a <b>b</b></td><td><a href=\"https://x/\">c</a></td></tr></table>", "<table><tr><td>a <i>b</i> d</td><td><a href=\"javascript:x\" onclick=\"y\">c</a><br>e</td></tr><tr><td><ul><li>f</ul></table>"},
		{"<tr><td>a</td></tr>\n<tr><td>b<script>x</script>", "<tr><td>a</td><td>c</td></tr>"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, old, new string) {
		if len(old) > 4096 || len(new) > 4096 {
			return
		}
		c := modified(old, new)
		private := strings.ContainsFunc(old+new, privateUse)
		for _, opt := range []Options{{}, {Base: "https://x/a/", Inserted: "inn", Deleted: "ut"}} {
			out := string(Change(c, opt))
			if msg := wellFormed(out); msg != "" {
				t.Fatalf("inline: %s\n%s", msg, out)
			}
			if !private && strings.ContainsFunc(out, privateUse) {
				t.Fatalf("inline: a private-use character\n%s", out)
			}
			o, n := Sides(c, opt)
			if msg := wellFormed(string(o)); msg != "" {
				t.Fatalf("old side: %s\n%s", msg, o)
			}
			if msg := wellFormed(string(n)); msg != "" {
				t.Fatalf("new side: %s\n%s", msg, n)
			}
		}
		// Spans that do not fit the texts.
		bad := &classify.Change{Op: align.Modified, Old: c.Old, New: c.New,
			Inline: []align.Span{{Op: align.SpanEqual, Text: old}, {Op: align.SpanInsert, Text: new}}}
		if msg := wellFormed(string(Change(bad, Options{}))); msg != "" {
			t.Fatalf("unfit spans: %s", msg)
		}
		added := &classify.Change{Op: align.Added, New: c.New}
		if msg := wellFormed(string(Change(added, Options{}))); msg != "" {
			t.Fatalf("added: %s", msg)
		}
		// The text form reads the same changes: every block has
		// something to show, and an added block deletes nothing.
		for _, ch := range []*classify.Change{c, bad, added} {
			for _, b := range Text(ch, TextOptions{Base: "https://x/a/"}) {
				if len(b.Runs) == 0 && b.Kind != Rule && b.Marker == "" {
					t.Fatalf("an empty block in %+v", Text(ch, TextOptions{}))
				}
				for _, r := range b.Runs {
					if r.URL != "" && present.SafeURL(r.URL) != r.URL {
						t.Fatalf("unsafe address %q", r.URL)
					}
					if ch == added && r.Op == Delete {
						t.Fatalf("added text deleted: %+v", r)
					}
				}
			}
		}
	})
}
