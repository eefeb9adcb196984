package serve

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"golang.org/x/net/html"
)

// diffBackend is the fake history with a compare of its own: a diff made
// by hand for what a test needs to see.
type diffBackend struct {
	*fakeBackend
	diff classify.Diff
}

func (b *diffBackend) Compare(ctx context.Context, from, to string) (classify.Diff, error) {
	return b.diff, nil
}

func change(fp string, class classify.Class, proofs ...classify.Proof) classify.Change {
	return classify.Change{
		Op: align.Modified, Class: class, Fingerprint: fp, Proofs: proofs,
		Old:    &classify.Side{Text: "old " + fp, Lines: [2]int{1, 1}},
		New:    &classify.Side{Text: "new " + fp, Lines: [2]int{1, 1}},
		Inline: []align.Span{{Op: align.SpanDelete, Text: "old " + fp}, {Op: align.SpanInsert, Text: "new " + fp}},
	}
}

const pathEditorial = "content/dpia/other/_index.nb.md"

// orderedBackend has, in the diff's order, a page of editorial changes
// only, then a page whose editorial change comes before its substantive
// ones.
func orderedBackend() *diffBackend {
	return &diffBackend{fakeBackend: newFake(), diff: classify.Diff{Class: classify.Substantive, Documents: []classify.DocumentDiff{
		{Path: pathEditorial, Status: "modified", Class: classify.Editorial, Changes: []classify.Change{
			change("ed-only-1", classify.Editorial), change("ed-only-2", classify.Editorial),
		}},
		{Path: pathNB, Status: "modified", Class: classify.Substantive, Changes: []classify.Change{
			change("ed-1", classify.Editorial), change("sub-1", classify.Substantive),
			change("ed-2", classify.Editorial), change("sub-2", classify.Substantive),
		}},
	}}}
}

func changeIDs(t *testing.T, target string, b Backend) (docs, changes []string, body string) {
	t.Helper()
	r := mustGet(t, New(b, Options{}), target)
	for _, s := range find(r.doc, byTagClass("section", "doc")) {
		docs = append(docs, attr(s, "id"))
	}
	for _, a := range find(r.doc, byTagClass("article", "change")) {
		changes = append(changes, attr(a, "id"))
	}
	return docs, changes, text(r.doc)
}

func TestCompareSubstantiveFirst(t *testing.T) {
	b := orderedBackend()
	docs, changes, body := changeIDs(t, "/compare?from=2.0&to=2.6", b)
	if want := []string{"page-" + slug(pathNB), "page-" + slug(pathEditorial)}; strings.Join(docs, " ") != strings.Join(want, " ") {
		t.Errorf("pages in order %q, want %q", docs, want)
	}
	if want := "sub-1 sub-2 ed-1 ed-2 ed-only-1 ed-only-2"; strings.Join(changes, " ") != want {
		t.Errorf("changes in order %q, want %q", strings.Join(changes, " "), want)
	}
	if !strings.Contains(body, "Substantive changes are listed first") {
		t.Errorf("the page does not say substantive changes come first")
	}
	// The filter still keeps the substantive changes only.
	docs, changes, body = changeIDs(t, "/compare?from=2.0&to=2.6&filter=substantive", b)
	if want := "sub-1 sub-2"; strings.Join(changes, " ") != want {
		t.Errorf("substantive only: changes %q, want %q", strings.Join(changes, " "), want)
	}
	if len(docs) != 1 || !strings.Contains(body, "4 editorial changes hidden") {
		t.Errorf("substantive only: pages %q, hidden count missing", docs)
	}
	if strings.Contains(body, "Substantive changes are listed first") {
		t.Errorf("substantive only: the order note shows with nothing to order")
	}
	// The cached diff keeps its order: the JSON and other views rely on it.
	if got := b.diff.Documents[1].Changes[0].Fingerprint; got != "ed-1" {
		t.Errorf("the diff was reordered in place: first change %q", got)
	}
	// Parts count the changes in the order shown.
	r := mustGet(t, New(b, Options{PageChanges: 2}), "/compare?from=2.0&to=2.6&part=2")
	var got []string
	for _, a := range find(r.doc, byTagClass("article", "change")) {
		got = append(got, attr(a, "id"))
	}
	if strings.Join(got, " ") != "ed-1 ed-2" {
		t.Errorf("part 2 of 2-change parts shows %q, want ed-1 ed-2", got)
	}
}

func TestProofsInReadersLanguage(t *testing.T) {
	b := &diffBackend{fakeBackend: newFake(), diff: classify.Diff{Class: classify.Editorial, Documents: []classify.DocumentDiff{
		{Path: pathNB, Status: "modified", Class: classify.Editorial, Changes: []classify.Change{
			change("proofs", classify.Editorial,
				classify.Proof{Kind: "link-target", Old: "a", New: "b", By: "the same resource"},
				classify.Proof{Kind: "markup", Old: "lenke", By: "a link to a page taken off words that stay"},
				classify.Proof{Kind: "spelling", Old: "adresse", New: "adressen", By: "hunspell nb_NO"},
				classify.Proof{Kind: "same-reference", Old: "DPIA", New: "vurdering", By: "another name for «DPIA»"},
				classify.Proof{Kind: "new-kind", Old: "x", New: "y", By: "something not known"},
			),
		}},
	}}}
	proofs := func(target string) string {
		r := mustGet(t, New(b, Options{}), target)
		var out []string
		for _, li := range find(r.doc, byTagClass("li", "")) {
			if p := li.Parent; p != nil && hasClass(p, "proofs") {
				out = append(out, text(li))
			}
		}
		return strings.Join(out, "\n")
	}
	nb := proofs("/compare?from=2.0&to=2.6&lang=nb")
	for _, want := range []string{
		"(den samme ressursen)", "(en lenke til en side tatt bort fra ord som blir stående)",
		"(ordboka hunspell nb_NO)", "(et annet navn for «DPIA»)", "(something not known)",
		"Bevis lenkemål link-target", "Bevis rettskriving spelling", "Bevis new-kind",
	} {
		if !strings.Contains(nb, want) {
			t.Errorf("nb proofs lack %q:\n%s", want, nb)
		}
	}
	if strings.Contains(nb, "the same resource") || strings.Contains(nb, "hunspell nb_NO)") && !strings.Contains(nb, "ordboka hunspell nb_NO") {
		t.Errorf("nb proofs keep English:\n%s", nb)
	}
	en := proofs("/compare?from=2.0&to=2.6&lang=en")
	if en != "" {
		t.Errorf("lang=en shows the Norwegian page's proofs:\n%s", en)
	}
	en = proofs("/compare?from=2.0&to=2.6")
	for _, want := range []string{
		"Proof link-target: a → b (the same resource)", "(a link to a page taken off words that stay)",
		"(hunspell nb_NO)", "(another name for «DPIA»)", "(something not known)",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("en proofs lack %q:\n%s", want, en)
		}
	}
	if strings.Contains(en, "ressursen") || strings.Contains(en, "lenkemål") {
		t.Errorf("en proofs show Norwegian:\n%s", en)
	}
}

// Every fixed text a proof rests on, written as By: "..." in
// internal/classify, has a Norwegian wording: a new one added there
// without one shows here.
func TestProofByNBCoversClassify(t *testing.T) {
	files, err := filepath.Glob("../classify/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no classify sources: %v", err)
	}
	lit := regexp.MustCompile(`By:\s*"([^"]+)"\s*([+]?)`)
	l := labelsFor("nb")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			by := m[1]
			if m[2] == "+" {
				by += "x" // a frame: its variable part follows
			}
			n++
			if got := l.ProofBy(by); got == by {
				t.Errorf("%s: %q has no Norwegian wording", filepath.Base(f), m[1])
			}
		}
	}
	if n < 5 {
		t.Errorf("found %d By: texts in internal/classify, want more: has the Proof struct changed?", n)
	}
	if got := labelsFor("en").ProofBy("the same resource"); got != "the same resource" {
		t.Errorf("en ProofBy = %q", got)
	}
}

// switches reads the language bar: each label with its links' texts, the
// current one marked with a star, and the links by text.
func switches(t *testing.T, h http.Handler, target string) (bars map[string]string, links map[string]string, r response) {
	t.Helper()
	r = mustGet(t, h, target)
	bars, links = map[string]string{}, map[string]string{}
	for _, lbl := range find(r.doc, byTagClass("span", "bar-label")) {
		var names []string
		for _, a := range find(lbl.Parent, byTagClass("a", "")) {
			n := text(a)
			if attr(a, "aria-current") == "true" {
				n += "*"
			}
			names = append(names, n)
			links[strings.TrimSuffix(text(lbl), ":")+" "+text(a)] = attr(a, "href")
		}
		bars[strings.TrimSuffix(text(lbl), ":")] = strings.Join(names, " / ")
	}
	return bars, links, r
}

func TestLanguageSwitches(t *testing.T) {
	h := New(newFake(), Options{})
	for _, c := range []struct {
		target           string
		docsBar, docs    string
		uiBar, ui        string
		htmlLang, remark string
	}{
		{"/compare?from=2.0&to=2.6", "Documents", "all* / Norwegian / English", "Interface language", "English* / norsk", "en", "the default"},
		{"/compare?from=2.0&to=2.6&lang=nb", "Dokumenter", "alle / norske* / engelske", "Språk i visningen", "English / norsk*", "nb", "lang= alone sets the interface, as before"},
		{"/compare?from=2.0&to=2.6&ui=nb", "Dokumenter", "alle* / norske / engelske", "Språk i visningen", "English / norsk*", "nb", "all documents in a Norwegian interface"},
		{"/compare?from=2.0&to=2.6&lang=nb&ui=en", "Documents", "all / Norwegian* / English", "Interface language", "English* / norsk", "en", "Norwegian documents in an English interface"},
		{"/?ui=nb", "Dokumenter", "alle* / norske / engelske", "Språk i visningen", "English / norsk*", "nb", "the timeline"},
	} {
		bars, _, r := switches(t, h, c.target)
		if got := bars[c.docsBar]; got != c.docs {
			t.Errorf("%s (%s): %s bar %q, want %q (bars %q)", c.target, c.remark, c.docsBar, got, c.docs, bars)
		}
		if got := bars[c.uiBar]; got != c.ui {
			t.Errorf("%s (%s): %s bar %q, want %q", c.target, c.remark, c.uiBar, got, c.ui)
		}
		if got := attr(find(r.doc, byTagClass("html", ""))[0], "lang"); got != c.htmlLang {
			t.Errorf("%s: html lang %q, want %q", c.target, got, c.htmlLang)
		}
	}

	// All documents in a Norwegian interface: both pages shown.
	r := mustGet(t, h, "/compare?from=2.0&to=2.6&ui=nb")
	if n := len(find(r.doc, byTagClass("section", "doc"))); n != 2 {
		t.Errorf("ui=nb shows %d pages, want both", n)
	}

	// Each switch keeps the other's choice.
	_, links, _ := switches(t, h, "/compare?from=2.0&to=2.6&lang=nb")
	for k, want := range map[string]string{
		"Dokumenter alle":           "/compare?from=2.0&to=2.6&ui=nb",
		"Dokumenter engelske":       "/compare?from=2.0&lang=en&to=2.6&ui=nb",
		"Dokumenter norske":         "/compare?from=2.0&lang=nb&to=2.6",
		"Språk i visningen English": "/compare?from=2.0&lang=nb&to=2.6&ui=en",
		"Språk i visningen norsk":   "/compare?from=2.0&lang=nb&to=2.6",
	} {
		if got := links[k]; got != want {
			t.Errorf("link %q is %q, want %q", k, got, want)
		}
	}

	// Links onwards carry the interface's language.
	r = mustGet(t, h, "/?ui=nb")
	var compare string
	walk(r.doc, func(n *html.Node) {
		if n.Data == "a" && compare == "" && strings.HasPrefix(attr(n, "href"), "/compare?") {
			compare = attr(n, "href")
		}
	})
	if !strings.Contains(compare, "ui=nb") || strings.Contains(compare, "lang=") {
		t.Errorf("timeline's compare link %q does not keep ui=nb alone", compare)
	}

	// One page's history has no documents to filter: only the interface
	// switch.
	bars, _, _ := switches(t, h, "/history?page="+url.QueryEscape(pathNB)+"&ui=nb")
	if _, ok := bars["Dokumenter"]; ok || bars["Språk i visningen"] != "English / norsk*" {
		t.Errorf("history bars %q", bars)
	}

	if r := get(t, h, "GET", "/compare?from=2.0&to=2.6&ui=de"); r.status != http.StatusBadRequest {
		t.Errorf("ui=de: status %d, want 400", r.status)
	}
}
