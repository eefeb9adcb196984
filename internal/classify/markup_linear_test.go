package classify

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// hostileInputs are pages built to make a quadratic scan of markup.go
// show (the issue "Untrusted repositories"), each made at a size from a
// count of its unit. want, when set, says what stripMarkdown must give.
var hostileInputs = []struct {
	name  string
	make  func(count int) string
	count int
	want  func(s string, count int, p plainText) string // "" when right
}{
	{"shortcode", rep("{{< x "), 20000, textIsInput},
	{"bracket", rep("["), 100000, textIsInput},
	{"image", rep("!["), 100000, textIsInput},
	{"link-paren", rep("[a]("), 50000, textIsInput},
	{"link-ref", rep("[a]["), 50000, func(s string, count int, p plainText) string {
		// "[a][[a]" is a reference link to "[a", and the '[' after it
		// words: "a[" for each two units.
		if p.text != strings.Repeat("a[", count/2) || len(p.links) != count/2 || p.links[0] != "[[a]" || p.linkTexts[0] != "a" {
			return fmt.Sprintf("text %.20q, %d links", p.text, len(p.links))
		}
		return ""
	}},
	{"footnote", rep("[^"), 50000, textIsInput},
	{"html", rep("<"), 100000, textIsInput},
	{"html-attr", rep("<a b "), 20000, textIsInput},
	{"autolink", rep("<http://x "), 10000, textIsInput},
	{"attr-bare", rep("{a="), 30000, textIsInput},
	{"attr-quote", rep(`{a="x } `), 10000, func(s string, count int, p plainText) string {
		// Each "{a="x }" is a list (the quote read as a bare value).
		if p.text != strings.Repeat(" ", count) {
			return fmt.Sprintf("text %.20q", p.text)
		}
		return ""
	}},
	{"mix", rep("[a](![{{< x <a {a= "), 5000, nil},
	{"nested-links", func(n int) string { return strings.Repeat("[", n) + "x" + strings.Repeat("](u)", n) }, 20000,
		func(s string, count int, p plainText) string {
			if p.text != "x" || len(p.links) != count || p.links[count-1] != "u" || p.linkTexts[count-1] != "x" {
				return fmt.Sprintf("text %.20q, %d links", p.text, len(p.links))
			}
			return ""
		}},
	{"nested-unclosed", func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }, 50000, textIsInput},
	{"nested-attrs", func(n int) string {
		// Nested links whose words open an attribute list that goes on
		// through the inner links' and fails at the innermost "x= ".
		return strings.Repeat(`[{#a x=`, n) + " #a" + strings.Repeat(` y="](u) "`, n) + "}"
	}, 10000, nil},
	{"nested-attrs-cut", func(n int) string {
		// Nested links whose words open an attribute list. Read whole,
		// it ends at the last '}', each value quoted; cut at the
		// outermost link's ']', the regexp's pick quotes all values but
		// the last, which it reads bare ("\"" up to its '}').
		return strings.Repeat(`[{#a x=`, n) + "v #a" + strings.Repeat(` y="} ](u) "`, n) + "}"
	}, 10000, func(s string, count int, p plainText) string {
		// The list takes the outermost link's words but their last
		// blank, inner links and all; the blank and ` "}` after the
		// link are left.
		if p.text != `  "}` || len(p.links) != 1 {
			return fmt.Sprintf("text %.20q, %d links", p.text, len(p.links))
		}
		return ""
	}},
	{"shortcodes-closed", rep("{{< x >}}"), 20000, func(s string, count int, p plainText) string {
		if p.text != "" || len(p.shortcodes) != 0 {
			return fmt.Sprintf("text %.20q, %d shortcodes", p.text, len(p.shortcodes))
		}
		return ""
	}},
	{"shortcode-one-closer", func(n int) string { return strings.Repeat("{{< x ", n) + ">}}" }, 20000,
		func(s string, count int, p plainText) string {
			if p.text != "" || len(p.shortcodes) != 1 || !strings.HasPrefix(p.shortcodes[0], "x {{< x {{< x") {
				return fmt.Sprintf("text %.20q, %d shortcodes", p.text, len(p.shortcodes))
			}
			return ""
		}},
	{"html-one-closer", func(n int) string { return strings.Repeat("<", n) + ">" }, 100000, textIsInput},
	{"escaped", rep(`\[\\[`), 30000, nil},
}

func rep(unit string) func(int) string {
	return func(n int) string { return strings.Repeat(unit, n) }
}

func textIsInput(s string, _ int, p plainText) string {
	if p.text != s || len(p.links)+len(p.images)+len(p.footnotes)+len(p.shortcodes) != 0 {
		return fmt.Sprintf("text %.20q (%d bytes), %d links, %d images, %d footnotes, %d shortcodes",
			p.text, len(p.text), len(p.links), len(p.images), len(p.footnotes), len(p.shortcodes))
	}
	return ""
}

// workPerByte bounds the work counted per byte of a line: a pass for each
// table built (six "next" tables, the brackets, the attribute lists), the
// loop, the windows handed to regexps, the lookups made from each byte.
const workPerByte = 24

// TestHostileMarkup runs the markup scans on each hostile page at full
// size and checks what they give, and that the work they count stays
// linear; and at a small size it checks them against the old scans.
func TestHostileMarkup(t *testing.T) {
	for _, h := range hostileInputs {
		t.Run(h.name, func(t *testing.T) {
			s := h.make(h.count)
			var b strings.Builder
			var p plainText
			work := stripInline(s, &b, &p)
			if work > workPerByte*len(s) {
				t.Errorf("stripInline: work %d on %d bytes, over %d a byte", work, len(s), workPerByte)
			}
			_, work2 := withoutAttrListsWork(s)
			if work2 > workPerByte*len(s) {
				t.Errorf("withoutAttrLists: work %d on %d bytes, over %d a byte", work2, len(s), workPerByte)
			}
			t.Logf("%d bytes: work %.1f a byte in stripInline, %.1f in withoutAttrLists", len(s), float64(work)/float64(len(s)), float64(work2)/float64(len(s)))
			got := stripMarkdown(s)
			if h.want != nil {
				if msg := h.want(s, h.count, got); msg != "" {
					t.Errorf("stripMarkdown: %s", msg)
				}
			}
			small := h.make(max(h.count/100, 50))
			if !sameAsOld(t, small) {
				t.Errorf("differs from the old scans at %d bytes", len(small))
			}
		})
	}
}

// TestHostilePair classifies a paragraph against itself with a hostile
// text added: the whole pipeline, not just the scans, has to get through
// it. Nested links only at a small size: each link's words are tokenized
// on their own (pair.go, linkCarries), and nested words add up to a
// quadratic length.
func TestHostilePair(t *testing.T) {
	r := Default()
	for _, h := range hostileInputs {
		count := h.count
		if h.name == "nested-links" || strings.HasPrefix(h.name, "nested-attrs") {
			count /= 100
		}
		s := h.make(count)
		t.Run(h.name, func(t *testing.T) {
			old := "Vi lagrer loggene i 30 dager."
			c, _, expl := r.Pair(old, old+" "+s, "nb")
			if c == None || !strings.HasPrefix(expl, string(c)+":") {
				t.Errorf("Pair = %s, %.80q", c, expl)
			}
		})
	}
}

// BenchmarkHostileMarkup runs stripMarkdown and withoutAttrLists on each
// hostile page at a quarter of its size and at its size: a linear scan
// takes about four times as long on the second, a quadratic one sixteen.
func BenchmarkHostileMarkup(b *testing.B) {
	for _, h := range hostileInputs {
		for _, count := range []int{h.count / 4, h.count} {
			s := h.make(count)
			b.Run(fmt.Sprintf("%s/n=%d", h.name, len(s)), func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				for b.Loop() {
					stripMarkdown(s)
					withoutAttrLists(s)
				}
			})
		}
	}
}

// sameAsOld checks stripMarkdown and withoutAttrLists against the old
// scans on s, and stripInline on a few windows of s (as a link's words
// are one: the scans cut there), reporting what differs.
func sameAsOld(t *testing.T, s string) bool {
	t.Helper()
	if got, want := stripMarkdown(s), oldStripMarkdown(s); !reflect.DeepEqual(got, want) {
		t.Errorf("stripMarkdown(%.300q)\n got %+v\nwant %+v", s, got, want)
		return false
	}
	if got, want := withoutAttrLists(s), oldWithoutAttrLists(s); got != want {
		t.Errorf("withoutAttrLists(%.300q)\n got %q\nwant %q", s, got, want)
		return false
	}
	return true
}

// sameWindows checks stripInline and each scan, on windows s[lo:hi] of s,
// against the old ones run on the window as a string of its own.
func sameWindows(t *testing.T, rng *rand.Rand, s string) bool {
	t.Helper()
	n := len(s)
	for range 3 {
		lo := rng.IntN(n + 1)
		hi := lo + rng.IntN(n-lo+1)
		var b, ob strings.Builder
		var p, op plainText
		x := newInline(s)
		x.run(&b, &p, lo, hi)
		oldStripInline(s[lo:hi], &ob, &op)
		p.text, op.text = b.String(), ob.String()
		if !reflect.DeepEqual(p, op) {
			t.Errorf("stripInline on %q[%d:%d] = %q\n got %+v\nwant %+v", s, lo, hi, s[lo:hi], p, op)
			return false
		}
	}
	x := newInline(s)
	a := &attrLists{s: s}
	// Cut at random, and just after a random '}', '"' or ']': where
	// the readings of an attribute list or a link part.
	var cuts []int
	for i := 0; i < n; i++ {
		if strings.IndexByte(`}"']`, s[i]) >= 0 {
			cuts = append(cuts, i+1)
		}
	}
	for i := 0; i < n; i++ {
		his := []int{n, i + 1 + rng.IntN(n-i)}
		if len(cuts) > 0 {
			if c := cuts[rng.IntN(len(cuts))]; c > i {
				his = append(his, c)
			}
		}
		for _, hi := range his {
			w := s[i:hi]
			switch s[i] {
			case '[':
				t0, t1, target, end, ok := x.link(i, hi)
				text, wantTarget, wantN, wantOK := oldLinkAt(w)
				if ok != wantOK || ok && (s[t0:t1] != text || target != wantTarget || end-i != wantN) {
					t.Errorf("link at %q[%d:%d] = %v %q %q %d, want %v %q %q %d", s, i, hi, ok, s[t0:t1], target, end-i, wantOK, text, wantTarget, wantN)
					return false
				}
			case '{':
				want := oldAttrList.FindString(w)
				if got := a.end(i, hi); (got < 0) != (want == "") || got >= 0 && s[i:got] != want {
					t.Errorf("attribute list at %q[%d:%d] ends at %d, want %q", s, i, hi, got, want)
					return false
				}
				if strings.HasPrefix(w, "{{") {
					got, want := x.shortcodeAt(i, hi), oldShortcodeTag.FindStringSubmatch(w)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("shortcode at %q[%d:%d] = %q, want %q", s, i, hi, got, want)
						return false
					}
				}
			case '<':
				want := oldHTMLTag.FindString(w)
				if got := x.htmlTagAt(i, hi); (got < 0) != (want == "") || got >= 0 && s[i:got] != want {
					t.Errorf("HTML tag at %q[%d:%d] ends at %d, want %q", s, i, hi, got, want)
					return false
				}
			}
		}
	}
	return true
}

// markupTokens are what the random texts are built from: the pieces of
// every markup the scans know, and a few letters and blanks.
var markupTokens = []string{
	"{{<", "{{%", ">}}", "%}}", "{{< /x >}}", `{{< ref "a" >}}`, "{{< hint info >}}", "{{% x y=z %}}",
	"[", "]", "](", "][", "(", ")", "![", "[^", "]:", "[^1]:", "[a]: http://x \"t\"",
	"<", ">", "<a ", "</b>", "<b>", "<http://x>", "://", "http", "/>",
	"{", "}", "{:", "{#", "{.", "a=", `"`, "'", "=", "#a", ".c", "x=y",
	" ", " ", "  ", "\t", "\n", "\\", "\\\\", "x", "ab", "é", "*", "_", "~~", "|", "`", "%", "/", "-", ":", "#", "## ", "> ", "- ", "1. ", "===",
}

const markupAlphabet = "[]()!{}<>%/\"\\`\n \t#.:=-_'^*|~abxyz"

// markupFamilies are smaller sets of tokens, one a kind of markup, that
// make its longer forms (an attribute list of several attributes, nested
// links) come up often.
var markupFamilies = [][]string{
	{"{", "{:", " ", " ", "\t", "#a", ".b", "a=", "k-1=", `"`, "'", "x", "}", `"}"`, "'}'", "[", "](u)", "]", "y z", "\n", "=", "é"},
	{"[", "]", "(", ")", "](", "][", "![", "[^", "\\", "\\[", "\\]", "a", " ", "<u>", "u v", "\n", "_", "x_y"},
	{"{{<", "{{%", "{{", ">}}", "%}}", "}}", ">", "%", " ", "\t", "/", "x", "ref", `"a"`, "y=z", "hint", "info", "\n", "\r", "[", "](u)"},
	{"<", ">", "/", "a", "b-1", " ", "\t", "=", `"`, "://", "http", "\n", "[", "](u)", "<a ", "</a>"},
}

// randomAttrLists makes text around one to three attribute lists, most
// of them well formed, their values quoted or bare and holding what ends
// a list or another reading of it ('}', quotes, blanks), some cut short.
func randomAttrLists(rng *rand.Rand) string {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	inner := func() string {
		var b strings.Builder
		for range rng.IntN(5) {
			b.WriteString(pick("x", " ", "}", `"`, "'", "]", "[", "=", "a=b", "\t", "\n", "y"))
		}
		return b.String()
	}
	var b strings.Builder
	for range 1 + rng.IntN(3) {
		b.WriteString(pick("", "", "x ", "[", "[a ", "](u) ", "{", "\n", "{{< x >}}", " "))
		b.WriteString(pick("{", "{", "{:", "{: "))
		for k := range 1 + rng.IntN(4) {
			if k > 0 {
				b.WriteString(pick(" ", " ", "  ", "\t", "", "\n"))
			}
			switch rng.IntN(6) {
			case 0:
				b.WriteString(pick("#", ".") + pick("a", "b-c", "", "x_1"))
			case 1:
				b.WriteString(pick("k", "data-x", "k ") + "=" + inner())
			case 2:
				b.WriteString(pick("k", "data-x") + `="` + inner() + pick(`"`, `"`, ""))
			case 3:
				b.WriteString(pick("k", "data-x") + "='" + inner() + pick("'", "'", ""))
			case 4:
				b.WriteString(pick("k", "data-x") + "=" + pick("v", "v}", `v"`, "'", `"`, "v]", "]"))
			default:
				b.WriteString(inner())
			}
		}
		b.WriteString(pick("}", "}", " }", "", "] }", `"}`, "'}", "}](u)"))
		b.WriteString(pick("", "", " x", `"`, "'", " }", `" }`, "](u)", "]"))
	}
	return b.String()
}

func randomMarkup(rng *rand.Rand) string {
	var b strings.Builder
	switch rng.IntN(4) {
	case 3:
		return randomAttrLists(rng)
	case 0:
		for range rng.IntN(40) {
			b.WriteByte(markupAlphabet[rng.IntN(len(markupAlphabet))])
		}
	case 1:
		for range rng.IntN(16) {
			b.WriteString(markupTokens[rng.IntN(len(markupTokens))])
		}
	default:
		family := markupFamilies[rng.IntN(len(markupFamilies))]
		for range rng.IntN(20) {
			b.WriteString(family[rng.IntN(len(family))])
		}
	}
	return b.String()
}

// TestMarkupMatchesOldRandom holds the linear scans to the old ones on
// random short texts made of markup.
//
// It runs twice: as the scans run, looking through the line directly
// until it has seen as many bytes as the line holds, and with tables from
// the start.
func TestMarkupMatchesOldRandom(t *testing.T) {
	for _, ahead := range []int{1, 0} {
		t.Run(fmt.Sprintf("scanAhead=%d", ahead), func(t *testing.T) {
			defer func(old int) { scanAhead = old }(scanAhead)
			scanAhead = ahead
			rng := rand.New(rand.NewPCG(11, 12))
			const cases = 60000
			bad := 0
			for range cases {
				s := randomMarkup(rng)
				if !sameAsOld(t, s) || !sameWindows(t, rng, s) {
					if bad++; bad >= 10 {
						t.Fatal("too many differences")
					}
				}
			}
			t.Logf("%d random texts", cases)
		})
	}
}

// TestMarkupMatchesOldTexts holds the linear scans to the old ones on the
// texts of the test data, the site's content and the version corpus: each
// whole, and each paragraph, as it is and with its lines joined as
// normalised text joins them.
func TestMarkupMatchesOldTexts(t *testing.T) {
	var texts []string
	for _, dir := range []string{"testdata", "../../content"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			texts = append(texts, string(b))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d files in testdata and content", len(texts))
	n := compareTexts(t, texts)
	t.Logf("%d texts compared", n)
	func() {
		defer func(old int) { scanAhead = old }(scanAhead)
		scanAhead = 0
		compareTexts(t, texts)
	}()

	t.Run("corpus", func(t *testing.T) {
		if testing.Short() {
			t.Skip("the corpus run belongs to the full test run")
		}
		seen := map[string]bool{}
		var texts []string
		for _, p := range corpusPairs(t, 1) {
			for _, s := range p[1:] {
				if !seen[s] {
					seen[s] = true
					texts = append(texts, s)
				}
			}
		}
		t.Logf("%d versions of pages in the corpus", len(texts))
		n := compareTexts(t, texts)
		t.Logf("%d texts compared", n)
	})
}

func compareTexts(t *testing.T, texts []string) int {
	t.Helper()
	n, bad := 0, 0
	seen := map[string]bool{}
	for _, text := range texts {
		views := []string{text}
		for _, para := range strings.Split(text, "\n\n") {
			views = append(views, para, strings.Join(strings.Fields(para), " "))
		}
		for _, v := range views {
			if seen[v] {
				continue
			}
			seen[v] = true
			n++
			if !sameAsOld(t, v) {
				if bad++; bad >= 10 {
					t.Fatal("too many differences")
				}
			}
		}
	}
	return n
}

// The old scans of markup.go, as they were before they were made linear,
// under other names: the differential tests hold the new ones to exactly
// their results.
var (
	oldHTMLTag      = regexp.MustCompile(`^</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
	oldShortcodeTag = regexp.MustCompile(`^\{\{[<%]\s*(/?)\s*([A-Za-z0-9_./-]*)\s*(.*?)\s*[>%]\}\}`)
	oldAttrList     = regexp.MustCompile(`^\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+))(?:[ \t]+(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+)))*[ \t]*\}`)
)

func oldWithoutAttrLists(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '{' && (i+1 < len(s) && s[i+1] != '{') && (i == 0 || s[i-1] != '{') {
			if m := oldAttrList.FindString(s[i:]); m != "" {
				i += len(m) - 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func oldStripMarkdown(s string) plainText {
	var p plainText
	var b strings.Builder
	s, p.heading = cutSetextUnderline(s)
	lines := strings.Split(s, "\n")
	for li, line := range lines {
		if li > 0 {
			b.WriteByte('\n')
		}
		if m := lineMarker.get().FindString(line); m != "" {
			rest := line[len(m):]
			if strings.HasPrefix(m, "#") {
				p.heading = strings.TrimRight(m, " \t")
				// Strip the closing hashes after the marker, not from the
				// whole line: in "# #" the marker's space also opens the
				// closing sequence, and the line would end up shorter than
				// its marker.
				rest = headingID.get().ReplaceAllString(rest, "")
				if closed := closingHash.get().ReplaceAllString(" "+rest, ""); closed != " "+rest {
					rest = strings.TrimPrefix(closed, " ")
				}
			}
			line = rest
		}
		// A link reference definition ("[1]: https://...") shows nothing on
		// the page: its target is a link target like an inline link's.
		// Nearly no line holds a definition; the cheap test keeps the
		// backtracking regexp off the hot path of a whole history.
		if strings.Contains(line, "]:") {
			for _, m := range refDefinition.get().FindAllStringSubmatch(line, -1) {
				p.links = append(p.links, strings.Trim(m[2], "<>"))
				p.linkTexts = append(p.linkTexts, "")
			}
			line = refDefinition.get().ReplaceAllString(line, "")
		}
		if strings.HasPrefix(line, "[^") {
			if end := strings.Index(line, "]:"); end > 2 {
				p.footnotes = append(p.footnotes, line[2:end])
				line = line[end+2:]
			}
		}
		oldStripInline(line, &b, &p)
	}
	p.text = b.String()
	return p
}

func oldStripInline(s string, b *strings.Builder, p *plainText) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!|<>~\"'", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			if text, target, n, ok := oldLinkAt(s[i+1:]); ok {
				p.images = append(p.images, target)
				oldStripInline(text, b, p)
				i += 1 + n
				continue
			}
		case c == '[':
			if strings.HasPrefix(s[i:], "[^") {
				if end := strings.IndexByte(s[i:], ']'); end > 2 {
					p.footnotes = append(p.footnotes, s[i+2:i+end])
					i += end + 1
					continue
				}
			}
			if text, target, n, ok := oldLinkAt(s[i:]); ok {
				p.links = append(p.links, target)
				p.linkTexts = append(p.linkTexts, text)
				oldStripInline(text, b, p)
				i += n
				continue
			}
		case c == '{' && !strings.HasPrefix(s[i:], "{{"):
			if m := oldAttrList.FindString(s[i:]); m != "" {
				i += len(m)
				continue
			}
		case c == '{' && strings.HasPrefix(s[i:], "{{"):
			if m := oldShortcodeTag.FindStringSubmatch(s[i:]); m != nil {
				switch {
				case m[1] != "":
				case m[2] == "ref" || m[2] == "relref":
					p.links = append(p.links, strings.Trim(m[3], `"' `))
					p.linkTexts = append(p.linkTexts, "")
				default:
					// A shortcode with no argument but its looks is a box
					// or a style around the words: layout.
					if k := shortcodeKey(m[2], m[3]); k != m[2] {
						p.shortcodes = append(p.shortcodes, k)
					}
				}
				i += len(m[0])
				continue
			}
		case c == '<':
			if m := oldHTMLTag.FindString(s[i:]); m != "" {
				i += len(m)
				continue
			}
			if end := strings.IndexByte(s[i:], '>'); end > 1 && strings.Contains(s[i:i+end], "://") && !strings.ContainsAny(s[i+1:i+end], " <") {
				p.links = append(p.links, s[i+1:i+end])
				p.linkTexts = append(p.linkTexts, s[i+1:i+end])
				b.WriteString(s[i+1 : i+end])
				i += end + 1
				continue
			}
		case c == '*' || c == '`' || c == '|':
			if c == '|' {
				b.WriteByte(' ')
			}
			i++
			continue
		case c == '~' && strings.HasPrefix(s[i:], "~~"):
			i += 2
			continue
		case c == '_':
			// Emphasis underscores sit at the edge of a word; snake_case
			// keeps its underscore.
			prevWord := i > 0 && isASCIIWord(s[i-1])
			nextWord := i+1 < len(s) && isASCIIWord(s[i+1])
			if !(prevWord && nextWord) {
				i++
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
}

func oldLinkAt(s string) (text, target string, n int, ok bool) {
	depth := 0
	closeAt := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				closeAt = i
			}
		}
		if closeAt >= 0 {
			break
		}
	}
	if closeAt < 0 || closeAt+1 >= len(s) {
		return "", "", 0, false
	}
	text = s[1:closeAt]
	rest := s[closeAt+1:]
	switch rest[0] {
	case '(':
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return "", "", 0, false
		}
		inner := strings.TrimSpace(rest[1:end])
		inner = strings.TrimPrefix(inner, "<")
		if sp := strings.IndexAny(inner, " \t"); sp >= 0 {
			inner = inner[:sp]
		}
		return text, strings.TrimSuffix(inner, ">"), closeAt + 1 + end + 1, true
	case '[':
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return "", "", 0, false
		}
		ref := rest[1:end]
		if ref == "" {
			ref = text
		}
		return text, "[" + ref + "]", closeAt + 1 + end + 1, true
	}
	return "", "", 0, false
}
