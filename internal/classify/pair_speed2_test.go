package classify

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/digdir/redline/internal/classify/equiv"
)

// The shortcuts of this file's pair (targets that stop reading
// provisions once both reasons are set, evidence quoted only when kept,
// stems with the endings looked up once, the diff's runs counted without
// a copy) must give what the full computation gives. The references
// below are the code as it was before them.

// targetsRef is targets before its shortcuts.
func (r *Rules) targetsRef(old, new, oldTexts, newTexts []string, base, reason string, ev map[string]string) []Proof {
	if slices.Equal(old, new) {
		return nil
	}
	var proofs []Proof
	if len(old) != len(new) {
		var gone, goneTexts, rest, restTexts []string
		match := matchTargets(old, new, base, reason)
		taken := make([]bool, len(new))
		for i, o := range old {
			if k := match[i]; k >= 0 {
				taken[k] = true
				continue
			}
			gone = append(gone, o)
			goneTexts = append(goneTexts, at(oldTexts, i))
		}
		for k, n := range new {
			if !taken[k] {
				rest = append(rest, n)
				if k < len(newTexts) {
					restTexts = append(restTexts, newTexts[k])
				}
			}
		}
		if len(gone) > 0 && len(rest) > 0 {
			// Some link both went and came: compare them in order.
			old, new = gone, rest
		} else {
			// A link put on or taken off words that stay is formatting
			// when the words name what it points to: a whole page. One
			// that points into a page (a fragment), at a provision of a
			// law, or from words that name nothing ("les mer", "here")
			// is itself what the text refers to.
			known := oldTexts != nil || newTexts != nil // images and definitions have no link words
			for i, t := range gone {
				if why := linkCarries(t, at(goneTexts, i), known); why != "" {
					setOnce(ev, ReasonLinkDest, quote(t)+" -> (nothing)")
					continue
				}
				proofs = append(proofs, Proof{Kind: ReasonMarkup, Old: t, By: "a link to a page taken off words that stay"})
				setOnce(ev, ReasonMarkup, quote(t)+" -> (nothing)")
			}
			for i, t := range rest {
				if why := linkCarries(t, at(restTexts, i), known); why != "" {
					setOnce(ev, ReasonLinkDest, "(nothing) -> "+quote(t))
					continue
				}
				proofs = append(proofs, Proof{Kind: ReasonMarkup, New: t, By: "a link to a page put on words that were there"})
				setOnce(ev, ReasonMarkup, "(nothing) -> "+quote(t))
			}
			return proofs
		}
	}
	for i := range min(len(old), len(new)) {
		o, n := old[i], new[i]
		if o == n {
			continue
		}
		if sameTarget(o, n, base, reason) {
			proofs = append(proofs, Proof{Kind: reason, Old: o, New: n, By: "the same resource"})
			setOnce(ev, reason, quote(o)+" -> "+quote(n))
			continue
		}
		oi, op, ook := equiv.Provision(o)
		ni, np, nok := equiv.Provision(n)
		if (ook || nok) && (oi != ni || op != np) {
			setOnce(ev, ReasonLegalReference, quote(o)+" -> "+quote(n))
			continue
		}
		setOnce(ev, ReasonLinkDest, quote(o)+" -> "+quote(n))
	}
	for i := min(len(old), len(new)); i < max(len(old), len(new)); i++ {
		var o, n string
		if i < len(old) {
			o = old[i]
		}
		if i < len(new) {
			n = new[i]
		}
		setOnce(ev, ReasonLinkDest, quote(o)+" -> "+quote(n))
	}
	return proofs
}

// targetLinks are targets of every kind targets tells apart: the same
// page written otherwise, provisions of laws, fragments, images with
// CDN signatures, relative and unparsable targets.
var targetLinks = []string{
	"https://lovdata.no/dokument/NL/lov/2018-06-15-38/§8",
	"https://lovdata.no/lov/2018-06-15-38/§8",
	"https://lovdata.no/dokument/NL/lov/2018-06-15-38/§9",
	"https://lovdata.no/dokument/NL/lov/2018-06-15-38#gdpr/a17",
	"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0679#art_17",
	"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0679#art_13",
	"https://gdpr-info.eu/art-17-gdpr/",
	"https://example.no/page",
	"https://example.no/page/",
	"http://EXAMPLE.no/page",
	"https://example.no/other",
	"https://example.no/page#part",
	"#anchor",
	"/relative/path",
	"../up/path",
	"page.html",
	"https://cdn.example.com/img.png?oh=1&oe=2",
	"https://cdn.example.com/img.png?oh=3&oe=4",
	"https://cdn.example.com/img.png?v=2",
	"{{< ref \"doc.md\" >}}",
	"",
	"mailto:a@example.no",
	"https://example.no/privacy/art-13",
}

var targetTexts = []string{"", "here", "les mer", "the privacy policy", "article 17", "personvernerklæringen"}

func randomTargets(rng *rand.Rand) ([]string, []string) {
	n := rng.IntN(6)
	links := make([]string, n)
	texts := make([]string, n)
	for i := range links {
		links[i] = targetLinks[rng.IntN(len(targetLinks))]
		texts[i] = targetTexts[rng.IntN(len(targetTexts))]
	}
	if rng.IntN(4) == 0 && n > 0 {
		texts = texts[:rng.IntN(n)] // fewer texts than links
	}
	return links, texts
}

func TestTargetsSpeed2MatchesFull(t *testing.T) {
	r := Default()
	rng := rand.New(rand.NewPCG(7, 11))
	bases := []string{"", "https://example.no/page", "https://example.no/dir/"}
	for i := 0; i < 20000; i++ {
		old, oldTexts := randomTargets(rng)
		new, newTexts := randomTargets(rng)
		if rng.IntN(3) == 0 {
			// Mostly the same list, some targets changed.
			new, newTexts = slices.Clone(old), slices.Clone(oldTexts)
			for k := range new {
				if rng.IntN(2) == 0 {
					new[k] = targetLinks[rng.IntN(len(targetLinks))]
				}
			}
		}
		if rng.IntN(5) == 0 {
			oldTexts, newTexts = nil, nil
		}
		base := bases[rng.IntN(len(bases))]
		for _, reason := range []string{ReasonLinkTarget, ReasonImageTarget} {
			// Evidence set before must be kept as it is, as analyseText's
			// heading evidence is.
			seed := map[string]string{}
			switch rng.IntN(4) {
			case 1:
				seed[ReasonLinkDest] = "x"
			case 2:
				seed[ReasonLegalReference] = "y"
			case 3:
				seed[ReasonLinkDest], seed[ReasonLegalReference] = "x", "y"
			}
			evGot, evWant := maps.Clone(seed), maps.Clone(seed)
			got := r.targets(old, new, oldTexts, newTexts, base, reason, evGot)
			want := r.targetsRef(old, new, oldTexts, newTexts, base, reason, evWant)
			if !slices.Equal(got, want) || !maps.Equal(evGot, evWant) {
				t.Fatalf("targets(%q, %q, %q, %q, %q, %q):\n got %v %v\nwant %v %v", old, new, oldTexts, newTexts, base, reason, got, evGot, want, evWant)
			}
		}
	}
}

// stemRef is stem before it took the endings once for all words.
func (r *Rules) stemRef(key, lang string) string {
	sufs := r.suffixes[lang]
	if sufs == nil {
		sufs = r.suffixes["en"]
	}
	n := -1
	for _, s := range sufs {
		if !strings.HasSuffix(key, s) {
			continue
		}
		if n < 0 {
			n = utf8.RuneCountInString(key)
		}
		if n-utf8.RuneCountInString(s) >= 3 {
			return key[:len(key)-len(s)]
		}
	}
	return key
}

func TestStemsSpeed2MatchesFull(t *testing.T) {
	r := Default()
	texts := []string{
		"Databehandleren behandler personopplysningene til brukerne i tjenestene våre.",
		"The models process the users' requests, and the processors store their data.",
		"Vi lagrar opplysningane om deg i tenestene våre så lenge det trengst.",
		"Éléments: naïve cafés, ÅÆØ, tjenestene, tjenester, tjeneste, a, an, the.",
	}
	for _, lang := range []string{"nb", "nn", "en", "de", ""} {
		stop := r.list("stopword", lang)
		for _, s := range texts {
			toks := tokenize(s)
			want := map[string]bool{}
			for _, tk := range toks {
				if tk.word && !stop.has(tk.key) {
					want[r.stemRef(tk.key, lang)] = true
				}
				if got := r.stem(tk.key, lang); got != r.stemRef(tk.key, lang) {
					t.Fatalf("stem(%q, %q) = %q, want %q", tk.key, lang, got, r.stemRef(tk.key, lang))
				}
			}
			// Every word's stem, its key and a longer word, asked both
			// before and after stemIndex makes its set.
			for _, stems := range [][]string{nil, r.wordStems(toks, lang)} {
				x := stemIndex{toks: toks, stems: stems, stop: stop, sufs: r.suffixesOf(lang)}
				for _, tk := range toks {
					for _, q := range []string{r.stemRef(tk.key, lang), tk.key, tk.key + "x", tk.key[:len(tk.key)/2]} {
						if got := x.has(q); got != want[q] {
							t.Fatalf("stemIndex(%q, %q).has(%q) = %v, want %v", s, lang, q, got, want[q])
						}
					}
				}
			}
		}
	}
}

func TestSetPairOnceSpeed2(t *testing.T) {
	for _, c := range [][2]string{{"", ""}, {"a", ""}, {"", "b"}, {"a  b", "c\nd"}, {strings.Repeat("word ", 40), "x"}} {
		for _, pre := range []bool{false, true} {
			got, want := map[string]string{}, map[string]string{}
			if pre {
				got["k"], want["k"] = "kept", "kept"
			}
			setPairOnce(got, "k", c[0], c[1])
			setOnce(want, "k", quote(c[0])+" -> "+quote(c[1]))
			if !maps.Equal(got, want) {
				t.Fatalf("setPairOnce(%q, %q) = %v, want %v", c[0], c[1], got, want)
			}
		}
	}
}

// The runs of a diff are counted in runes of the encoded tokens; the
// count without a copy must be the copy's length, of any string.
func TestRuneCountSpeed2(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for i := 0; i < 5000; i++ {
		b := make([]byte, rng.IntN(24))
		for k := range b {
			b[k] = byte(rng.IntN(256))
		}
		s := string(b)
		if i%2 == 0 {
			var rs []rune
			for range rng.IntN(8) {
				rs = append(rs, rune(0xF0000+rng.IntN(0x20000)))
			}
			s = string(rs)
		}
		if got, want := utf8.RuneCountInString(s), len([]rune(s)); got != want {
			t.Fatalf("%q: %d runes, want %d", s, got, want)
		}
	}
}

// provisionPieces are the parts of the targets Provision reads, without
// a digit: hosts, paths, fragments and queries of each source it knows,
// and the roman chapter numbers.
var provisionPieces = []string{
	"https://", "http://", "//", "lovdata.no", "www.lovdata.no", "LOVDATA.NO.", "eur-lex.europa.eu", "gdpr-info.eu", "example.no",
	"/", "/", "#", "#", "?", "?uri=", "CELEX:", "&", "=", "-", "_", ".", " ", "<", ">", "+", "§", "§ ",
	"dokument", "document", "NL", "lov", "forskrift", "pro", "gdpr", "a", "art", "art-", "article-", "artikkel_", "paragraf_", "paragraf-",
	"kapittel_", "kapittel_gdpr-", "iii", "iv", "x", "cpt_", "III", "IV", "rct_", "anx_", "legal-content", "EN", "TXT", "eli", "reg", "dir", "oj", "eng",
	"recitals", "no-", "recital-", "chapter-", "fortalepunkt", "personopplysningsloven", "PARAGRAF_", "KAPITTEL_", "ePrivacy", "é", "ⅷ", "١٢", "１２",
}

// TestMayBeProvisionSpeed2 holds mayBeProvision's claim: a target
// without a digit or a '%' is no provision for Provision.
func TestMayBeProvisionSpeed2(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for range 1 + rng.IntN(10) {
			b.WriteString(provisionPieces[rng.IntN(len(provisionPieces))])
		}
		s := b.String()
		if mayBeProvision(s) {
			t.Fatalf("%q has no digit or %%", s)
		}
		if inst, prov, ok := equiv.Provision(s); ok {
			t.Fatalf("Provision(%q) = %q, %q, true without a digit", s, inst, prov)
		}
	}
	// And the provisions of the targets tried above are all let through.
	for _, s := range targetLinks {
		if _, _, ok := equiv.Provision(s); ok && !mayBeProvision(s) {
			t.Fatalf("Provision(%q) is read, mayBeProvision is false", s)
		}
	}
}
