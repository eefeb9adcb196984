package classify

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/document"
	"golang.org/x/text/unicode/norm"
)

// The version corpus is a git bundle of policy pages from Open Terms
// Archive (https://opentermsarchive.org), data under ODC-By 1.0; it is
// used in place and tests needing it skip when it is absent.
const corpusBundle = "../../../shared/corpora/pga-versions.bundle"

// corpusPairs clones the bundle and returns every step-th modification of
// a Markdown page in its history: the path and the two versions.
func corpusPairs(t testing.TB, step int) [][3]string {
	t.Helper()
	if _, err := os.Stat(corpusBundle); err != nil {
		t.Skipf("version corpus absent (%s): %v", corpusBundle, err)
	}
	bundle, err := filepath.Abs(corpusBundle)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "pga.git")
	if out, err := exec.Command("git", "clone", "-q", "--bare", bundle, dir).CombinedOutput(); err != nil {
		t.Fatalf("git clone %s: %v\n%s", bundle, err, out)
	}
	return gitPairs(t, dir, step)
}

// gitPairs is corpusPairs of the git directory dir.
func gitPairs(t testing.TB, dir string, step int) [][3]string {
	t.Helper()
	log, err := exec.Command("git", "-C", dir, "log", "--reverse", "--raw", "--no-abbrev", "--no-renames", "--format=", "--", ".").Output()
	if err != nil {
		t.Fatalf("git log: %v", err)
	}
	var ids [][3]string
	n := 0
	for _, line := range strings.Split(string(log), "\n") {
		meta, path, ok := strings.Cut(line, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 5 || f[4] != "M" || !strings.HasSuffix(path, ".md") {
			continue
		}
		if n++; n%step == 0 {
			ids = append(ids, [3]string{path, f[2], f[3]})
		}
	}
	// One cat-file run for all blobs.
	var in bytes.Buffer
	for _, id := range ids {
		fmt.Fprintf(&in, "%s\n%s\n", id[1], id[2])
	}
	cmd := exec.Command("git", "-C", dir, "cat-file", "--batch")
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git cat-file: %v", err)
	}
	next := func() string {
		hdr, rest, _ := bytes.Cut(out, []byte("\n"))
		var id, kind string
		var size int
		fmt.Sscan(string(hdr), &id, &kind, &size)
		blob := string(rest[:size])
		out = rest[size+1:]
		return blob
	}
	pairs := make([][3]string, len(ids))
	for i, id := range ids {
		pairs[i] = [3]string{id[0], next(), next()}
	}
	return pairs
}

// corpusDoc is a pair of corpusPairs parsed as a run parses it: the old
// version with Parse, the new one with ParseNext from it.
type corpusDoc struct{ old, new *document.Document }

// corpusDocs returns corpusPairs(t, step) parsed, leaving out the pairs
// that do not parse.
func corpusDocs(t testing.TB, step int) []corpusDoc {
	t.Helper()
	return parsePairs(corpusPairs(t, step))
}

// corpusParagraphPairs returns the Norm of each paragraph that
// corpusDocs(t, step) has modified one for one: old and new.
func corpusParagraphPairs(t testing.TB, step int) [][2]string {
	t.Helper()
	var out [][2]string
	for _, d := range corpusDocs(t, step) {
		for _, op := range align.Blocks(d.old.Blocks, d.new.Blocks, align.DefaultOptions()) {
			if op.Kind == align.Modified && len(op.Old) == 1 && len(op.New) == 1 {
				out = append(out, [2]string{d.old.Blocks[op.Old[0]].Norm, d.new.Blocks[op.New[0]].Norm})
			}
		}
	}
	return out
}

// parsePairs parses pairs as corpusDocs does.
func parsePairs(pairs [][3]string) []corpusDoc {
	var docs []corpusDoc
	for _, p := range pairs {
		od, err := document.Parse(p[0], []byte(p[1]), document.DefaultLimits)
		if err != nil {
			continue
		}
		nd, err := document.ParseNext(od, p[0], []byte(p[2]), document.DefaultLimits)
		if err != nil {
			continue
		}
		docs = append(docs, corpusDoc{od, nd})
	}
	return docs
}

// TestCorpusEvidence checks over real revisions of privacy policies that
// every explanation is true of the text it quotes: each quoted old
// fragment occurs in the old text and each new one in the new, and so
// does each proof's. It also counts editorial verdicts by proof.
func TestCorpusEvidence(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus run belongs to the full test run")
	}
	pairs := corpusPairs(t, 12)
	r := Default()
	byProof := map[string]int{}
	classes := map[Class]int{}
	bad := 0
	for _, p := range pairs {
		dd, err := r.Compare(p[0], []byte(p[1]), p[0], []byte(p[2]))
		if err != nil {
			continue // a page over the limits; the torture tests cover those
		}
		for _, ch := range dd.Changes {
			classes[ch.Class]++
			if ch.Class == Editorial {
				for _, pr := range ch.Proofs {
					byProof[pr.Kind+" by "+pr.By]++
				}
				if len(ch.Proofs) == 0 {
					byProof[strings.Join(ch.Reasons, ",")+" (layout)"]++
				}
			}
			if err := checkEvidence(ch); err != nil {
				bad++
				if bad <= 20 {
					t.Errorf("%s: %v\n  explanation: %s", p[0], err, ch.Explanation)
				}
			}
		}
	}
	if bad > 20 {
		t.Errorf("%d explanations in all quote text the page does not hold", bad)
	}
	keys := make([]string, 0, len(byProof))
	for k := range byProof {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return byProof[keys[i]] > byProof[keys[j]] })
	var b strings.Builder
	fmt.Fprintf(&b, "%d pairs; changes: %d substantive, %d editorial\neditorial by proof:\n", len(pairs), classes[Substantive], classes[Editorial])
	for _, k := range keys {
		fmt.Fprintf(&b, "  %6d  %s\n", byProof[k], k)
	}
	t.Log(b.String())
}

// checkEvidence reports a quoted fragment of a change's explanation or
// proofs that its side does not hold.
func checkEvidence(ch Change) error {
	var oldText, newText string
	if ch.Old != nil {
		oldText = ch.Old.Text
	}
	if ch.New != nil {
		newText = ch.New.Text
	}
	var holds func(side, frag string) bool
	holds = func(side, frag string) bool {
		// The page's text is compared in NFC (document normalises it),
		// which may order combining marks otherwise than the source.
		side, frag = norm.NFC.String(side), norm.NFC.String(frag)
		frag = strings.TrimSuffix(collapseSpace(frag), " …")
		if frag == "" || frag == "(nothing)" {
			return true
		}
		if parts := strings.Split(frag, " … "); len(parts) > 1 {
			// Several spans, each quoted as the text has it.
			for _, p := range parts {
				if !holds(side, p) {
					return false
				}
			}
			return true
		}
		for _, cand := range []string{collapseSpace(side), collapseSpace(stripMarkdown(side).text)} {
			if strings.Contains(cand, frag) {
				return true
			}
		}
		// A table row is compared cell by cell: each cell's text.
		return strings.Contains(collapseSpace(strings.ReplaceAll(stripMarkdown(side).text, "  ", " ")), frag)
	}
	for _, pr := range ch.Proofs {
		if !holds(oldText, pr.Old) {
			return fmt.Errorf("proof %s quotes old %q", pr.Kind, pr.Old)
		}
		if !holds(newText, pr.New) {
			return fmt.Errorf("proof %s quotes new %q", pr.Kind, pr.New)
		}
	}
	ev := ch.Explanation
	_, ev, _ = strings.Cut(ev, ": ")   // the class
	_, ev, ok := strings.Cut(ev, ": ") // the phrase
	if !ok {
		return nil
	}
	ev, _, _ = strings.Cut(ev, "; also: ")
	ev = strings.TrimSuffix(ev, " (moved)")
	o, n, arrow := strings.Cut(ev, " -> ")
	if !arrow {
		return nil
	}
	n, _, _ = cutWordCount(n)
	if cell := strings.LastIndex(n, " (cell "); cell >= 0 {
		n = n[:cell]
	}
	if !holds(oldText, o) {
		return fmt.Errorf("old fragment %q not in the old text", o)
	}
	if !holds(newText, n) {
		return fmt.Errorf("new fragment %q not in the new text", n)
	}
	return nil
}
