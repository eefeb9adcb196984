package classify

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/digdir/redline/internal/document"
)

// The per-change path computes by hand what it once computed with
// regexps, format strings and copies; these tests hold the two ways
// together.

// The regexps evidenceNB and cutWordCount replaced.
var (
	paragraphEvidence = regexp.MustCompile(`^a paragraph was (added|removed) \((\d+) words?\)$`)
	wordCountSuffix   = regexp.MustCompile(` \((\d+) words?\)$`)
)

// evidenceNBRegexp is evidenceNB as it was written with the regexps.
func evidenceNBRegexp(ev string) string {
	if m := paragraphEvidence.FindStringSubmatch(ev); m != nil {
		verb := "lagt til"
		if m[1] == "removed" {
			verb = "fjernet"
		}
		return "et avsnitt ble " + verb + " (" + m[2] + " ord)"
	}
	ev = wordCountSuffix.ReplaceAllString(ev, " (${1} ord)")
	if rest, ok := strings.CutPrefix(ev, "(nothing) -> "); ok {
		ev = "(ingenting) -> " + rest
	}
	if rest, ok := strings.CutSuffix(ev, " -> (nothing)"); ok {
		ev = rest + " -> (ingenting)"
	}
	return ev
}

func evidenceSamples() []string {
	out := []string{
		"", " (1 word)", "(1 word)", " ( word)", " (12 words)", " (12 words) ", "x (3 word)", "x (3 words)", "x (3 wordss)",
		"x (3a words)", "x  (3 words)", "x(3 words)", "x (٣ words)", "a paragraph was added (5 words)", "a paragraph was removed (1 word)",
		"a paragraph was added (5 words) ", "a paragraph was moved (5 words)", "a paragraph was added(5 words)", "A paragraph was added (5 words)",
		"a paragraph was added ( words)", "a paragraph was added", "(nothing) -> \"x\" (2 words)", "\"x\" -> (nothing)", "\"a (1 word)\" -> \"b\" (4 words)",
		"\"Vi lagrer\" (2 words)", "(nothing) -> (nothing)", "x (1 word)\n", "x (007 words)", "x ((2 words)",
	}
	pieces := []string{"a paragraph was ", "added", "removed", " (", "1", "23", " word", "s", ")", "(nothing)", " -> ", "x", " ", "\n", "é"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestEvidenceNBWithoutRegexps(t *testing.T) {
	for _, ev := range evidenceSamples() {
		if got, want := evidenceNB(ev), evidenceNBRegexp(ev); got != want {
			t.Errorf("evidenceNB(%q) = %q, the regexps give %q", ev, got, want)
		}
		rest, _, _ := cutWordCount(ev)
		if want := wordCountSuffix.ReplaceAllString(ev, ""); rest != want {
			t.Errorf("cutWordCount(%q) = %q, the regexp gives %q", ev, rest, want)
		}
	}
}

// abbreviatesLists is abbreviates as it was written, with lists.
func abbreviatesLists(short, long []token, stop *wordList) bool {
	sw := wordKeys(short)
	if len(sw) != 1 || wordCount(long) < 2 {
		return false
	}
	var word string
	for _, t := range short {
		if t.word {
			word = t.text
		}
	}
	n := utf8.RuneCountInString(word)
	if n < 2 || n > 8 || strings.ToUpper(word) != word || strings.ToLower(word) == word {
		return false
	}
	var all, content []rune
	for _, t := range long {
		if !t.word {
			continue
		}
		first, _ := utf8.DecodeRuneInString(t.key)
		all = append(all, first)
		if !stop.has(t.key) {
			content = append(content, first)
		}
	}
	return slices.Equal(all, []rune(sw[0])) || slices.Equal(content, []rune(sw[0]))
}

func TestAbbreviatesInPlace(t *testing.T) {
	r := Default()
	r.ready()
	stop := r.list("stopword", "en")
	shorts := []string{"EU", "GDPR", "NAV", "The EU", "eu", "E", "ÆØÅ", "DPF.", "AI", "NLP", "US", "E.U.", "ABCDEFGHI", "Ab", "\xffB"}
	longs := []string{
		"European Union", "the European Union", "General Data Protection Regulation", "Norwegian Labour and Welfare",
		"Natural Language Processing", "United States", "Data Privacy Framework", "artificial intelligence", "Ærlig Ødegård Ås",
		"one", "", "E U", "of the European Union", "Arbeids- og velferdsetaten", "\xff Bad", "United, States.",
	}
	for _, s := range shorts {
		for _, l := range longs {
			st, lt := tokenize(s), tokenize(l)
			if got, want := abbreviates(st, lt, stop), abbreviatesLists(st, lt, stop); got != want {
				t.Errorf("abbreviates(%q, %q) = %v, with lists %v", s, l, got, want)
			}
		}
	}
	if !abbreviates(tokenize("GDPR"), tokenize("General Data Protection Regulation"), stop) {
		t.Error("GDPR should abbreviate General Data Protection Regulation")
	}
}

// pickCopy is pick as it was written: always a copy.
func pickCopy(blocks []document.Block, idx []int) []document.Block {
	var out []document.Block
	for _, i := range idx {
		if i >= 0 && i < len(blocks) {
			out = append(out, blocks[i])
		}
	}
	return out
}

func TestPickRuns(t *testing.T) {
	blocks := make([]document.Block, 5)
	for i := range blocks {
		blocks[i].Text = strings.Repeat("x", i)
	}
	for _, idx := range [][]int{nil, {}, {0}, {4}, {5}, {-1}, {1, 2, 3}, {3, 4, 5}, {2, 1}, {0, 2}, {-1, 0}, {0, 1, 2, 3, 4}, {2, 2}} {
		got, want := pick(blocks, idx), pickCopy(blocks, idx)
		if len(got) != len(want) || (len(got) > 0 && !slices.EqualFunc(got, want, func(a, b document.Block) bool { return a.Text == b.Text })) {
			t.Errorf("pick(%v) = %d blocks, want %d", idx, len(got), len(want))
		}
		if len(got) > 0 && cap(got) != len(got) {
			t.Errorf("pick(%v) has room to append into the document's blocks", idx)
		}
	}
}

func TestFingerprintLongTexts(t *testing.T) {
	for _, n := range []int{0, 1, 511, 1022, 1023, 1024, 5000} {
		old, new := strings.Repeat("a", n), strings.Repeat("b", n/2)
		sum := sha256.Sum256([]byte(old + "\x00" + new))
		if got, want := fingerprint(old, new), hex.EncodeToString(sum[:6]); got != want {
			t.Errorf("fingerprint of %d and %d bytes = %s, want %s", len(old), len(new), got, want)
		}
	}
}

func TestPlainWordsOfBlank(t *testing.T) {
	for _, s := range []string{"", " ", "\n\n", "\t \u00a0", "# x", "[a](b) c", "**x**"} {
		if got, want := plainWords(s), countWords(stripMarkdown(s).text); got != want {
			t.Errorf("plainWords(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestLineMarkerOf(t *testing.T) {
	lines := []string{"", " ", "#", "# x", "###### x", "####### x", "#x", "> q", ">> q", ">", "- a", "-a", "* [x] done", "+ b", "1. one",
		"12) two", "1234567890. ten", "1.", "a. b", "x", "  - indented", "٣. arabic", "\t# tab", "--- rule", "**bold**"}
	for _, l := range lines {
		if got, want := lineMarkerOf(l), lineMarker.get().FindString(l); got != want {
			t.Errorf("lineMarkerOf(%q) = %q, the regexp gives %q", l, got, want)
		}
	}
}

// nextTokenRef is nextToken as it was written, with the unicode
// functions only.
func nextTokenRef(s string, i int) (start, end int, word bool) {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) }
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		start = i
		i += n
		if !isWord(r) {
			return start, i, false
		}
		prevDigit := unicode.IsDigit(r)
		for i < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[i:])
			if isWord(r2) {
				prevDigit = unicode.IsDigit(r2)
				i += n2
				continue
			}
			if i+n2 < len(s) {
				r3, n3 := utf8.DecodeRuneInString(s[i+n2:])
				joins := false
				switch r2 {
				case '-', '\'', '’', '‐':
					joins = isWord(r3)
				case '.', ',', ':':
					joins = prevDigit && unicode.IsDigit(r3)
				}
				if joins {
					i += n2 + n3
					prevDigit = unicode.IsDigit(r3)
					continue
				}
			}
			break
		}
		return start, i, true
	}
	return len(s), len(s), false
}

func TestNextTokenASCIIFastPath(t *testing.T) {
	for r := rune(-1); r < 0x3000; r++ {
		if got, want := isWordRune(r), unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r); got != want {
			t.Fatalf("isWordRune(%U) = %v, want %v", r, got, want)
		}
		if isSpace(r) != unicode.IsSpace(r) || isDigit(r) != unicode.IsDigit(r) {
			t.Fatalf("isSpace or isDigit differ at %U", r)
		}
	}
	pieces := []string{"a", "Z", "3", "0", ".", ",", ":", "-", "'", "’", "‐", " ", "\t", "\n", "\u00a0", "\u0085", "\u2003", "é", "ø",
		"\u0301", "٣", "_", "(", "\xff", "\xe2\x80", "日", "x", "9"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		sameCut(t, b.String())
	}
}
