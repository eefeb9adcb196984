// Package synth writes a deterministic synthetic history of Markdown
// documents as a git fast-import stream, for benchmarks and tests of
// package history: `synthrepo | git fast-import`.
package synth

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
)

// Config shapes the history. The zero value of a field means its default.
type Config struct {
	Commits  int    // commits on the main line, merges included (default 5000)
	Docs     int    // documents created over the history (default 200)
	Sections int    // folders under content/ (default 10)
	Seed     uint64 // random seed (default 1)
	Start    int64  // Unix time of the first commit (default 2020-01-01)
	// MergeEvery makes every n-th commit a merge of a two-commit side
	// branch (default 50; negative for none).
	MergeEvery int
}

func (c *Config) defaults() {
	if c.Commits == 0 {
		c.Commits = 5000
	}
	if c.Docs == 0 {
		c.Docs = 200
	}
	if c.Sections == 0 {
		c.Sections = 10
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Start == 0 {
		c.Start = 1577872800
	}
	if c.MergeEvery == 0 {
		c.MergeEvery = 50
	}
}

var words = strings.Fields(`the a an and or of to in on for with by from at as is are be
shall may must not any all each such other this that these those which who
agreement service user content data account terms policy provider party rights
information personal processing notice law court fees payment access use license
security privacy cookie third transfer request consent period days written section`)

type gen struct {
	cfg   Config
	rng   *rand.Rand
	w     *bufio.Writer
	mark  int
	time  int64
	docs  map[string][]string // path -> paragraphs, on main
	paths []string            // sorted keys of docs
	made  int                 // documents created so far
	n     int                 // commits written on main
}

// Write writes the fast-import stream of a history shaped by cfg, on
// refs/heads/main.
func Write(out io.Writer, cfg Config) error {
	cfg.defaults()
	g := &gen{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed)), w: bufio.NewWriterSize(out, 1<<16), time: cfg.Start, docs: map[string][]string{}}
	initial := min(cfg.Docs/4+1, cfg.Docs)
	files := map[string]string{"README.md": "# Synthetic corpus\n", "static/logo.txt": "logo v1\n"}
	for i := 0; i < initial; i++ {
		p := g.newDoc()
		files[p] = g.render(p)
	}
	g.commit("refs/heads/main", "Import documents", files, nil, 0)
	for g.n < cfg.Commits {
		if cfg.MergeEvery > 0 && g.n%cfg.MergeEvery == cfg.MergeEvery-1 && g.n+1 < cfg.Commits {
			g.merge()
			continue
		}
		msg, files, dels := g.edit(g.docs)
		g.commit("refs/heads/main", msg, files, dels, 0)
	}
	return g.w.Flush()
}

func (g *gen) newDoc() string {
	g.made++
	p := fmt.Sprintf("content/section-%02d/doc-%04d.md", g.rng.IntN(g.cfg.Sections), g.made)
	paras := make([]string, 3+g.rng.IntN(12))
	for i := range paras {
		paras[i] = g.sentence(8 + g.rng.IntN(40))
	}
	g.docs[p] = paras
	g.index()
	return p
}

func (g *gen) index() {
	g.paths = g.paths[:0]
	for p := range g.docs {
		g.paths = append(g.paths, p)
	}
	sort.Strings(g.paths)
}

func (g *gen) sentence(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[g.rng.IntN(len(words))])
	}
	b.WriteByte('.')
	return b.String()
}

func (g *gen) render(p string) string {
	return renderDoc(p, g.docs[p])
}

func renderDoc(p string, paras []string) string {
	title := strings.TrimSuffix(p[strings.LastIndexByte(p, '/')+1:], ".md")
	return "---\ntitle: " + title + "\n---\n\n# " + title + "\n\n" + strings.Join(paras, "\n\n") + "\n"
}

// edit makes one change to docs: mostly editorial or substantive edits,
// sometimes a new, renamed or removed document or a non-document file.
func (g *gen) edit(docs map[string][]string) (msg string, files map[string]string, dels []string) {
	files = map[string]string{}
	r := g.rng.IntN(100)
	switch {
	case r < 3 && g.made < g.cfg.Docs && sameDocs(docs, g.docs):
		p := g.newDoc()
		files[p] = g.render(p)
		return "Add " + p, files, nil
	case r < 5:
		files["static/logo.txt"] = fmt.Sprintf("logo v%d\n", g.n)
		return "Update logo", files, nil
	case r < 6 && len(docs) > 10 && sameDocs(docs, g.docs):
		old := g.paths[g.rng.IntN(len(g.paths))]
		p := strings.TrimSuffix(old, ".md") + "-renamed.md"
		if _, ok := docs[p]; ok {
			break
		}
		docs[p] = docs[old]
		delete(docs, old)
		g.index()
		files[p] = renderDoc(p, docs[p])
		return "Rename " + old, files, []string{old}
	}
	keys := make([]string, 0, len(docs))
	for p := range docs {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	p := keys[g.rng.IntN(len(keys))]
	paras := append([]string(nil), docs[p]...)
	i := g.rng.IntN(len(paras))
	class := "editorial"
	if r < 60 { // editorial: one word or punctuation
		ws := strings.Fields(paras[i])
		ws[g.rng.IntN(len(ws))] = words[g.rng.IntN(len(words))]
		paras[i] = strings.Join(ws, " ")
	} else { // substantive: add, remove or rewrite a paragraph
		class = "substantive"
		switch {
		case r < 75:
			paras = append(paras[:i+1], append([]string{g.sentence(10 + g.rng.IntN(30))}, paras[i+1:]...)...)
		case r < 85 && len(paras) > 2:
			paras = append(paras[:i], paras[i+1:]...)
		default:
			paras[i] = g.sentence(10 + g.rng.IntN(30))
		}
	}
	docs[p] = paras
	files[p] = renderDoc(p, paras)
	return fmt.Sprintf("Update %s\n\nChange-Class: %s", p, class), files, nil
}

func sameDocs(a, b map[string][]string) bool {
	return fmt.Sprintf("%p", a) == fmt.Sprintf("%p", b)
}

// merge writes a two-commit side branch off main, one commit on main, and
// the merge of the side branch.
func (g *gen) merge() {
	base := g.mark
	side := map[string][]string{}
	for p, v := range g.docs {
		side[p] = v
	}
	// The side branch edits documents; its changes are replayed onto main
	// by the merge commit.
	changed := map[string]bool{}
	for i := 0; i < 2; i++ {
		msg, files, _ := g.editOnly(side)
		for p := range files {
			changed[p] = true
		}
		g.commit("refs/heads/side", msg, files, nil, base)
	}
	sideMark := g.mark
	msg, files, dels := g.edit(g.docs)
	g.commit("refs/heads/main", msg, files, dels, 0)
	mfiles := map[string]string{}
	for p := range changed {
		if _, ok := g.docs[p]; ok {
			g.docs[p] = side[p]
			mfiles[p] = g.render(p)
		}
	}
	g.commitMerge(mfiles, sideMark)
}

// editOnly is edit restricted to changing existing documents.
func (g *gen) editOnly(docs map[string][]string) (string, map[string]string, []string) {
	keys := make([]string, 0, len(docs))
	for p := range docs {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	p := keys[g.rng.IntN(len(keys))]
	paras := append([]string(nil), docs[p]...)
	paras = append(paras, g.sentence(12))
	docs[p] = paras
	return "Side change to " + p, map[string]string{p: renderDoc(p, paras)}, nil
}

func (g *gen) commit(ref, msg string, files map[string]string, dels []string, from int) {
	g.header(ref, msg)
	if from > 0 {
		fmt.Fprintf(g.w, "from :%d\n", from)
	}
	g.body(files, dels)
	if ref == "refs/heads/main" {
		g.n++
	}
}

func (g *gen) commitMerge(files map[string]string, side int) {
	g.header("refs/heads/main", "Merge branch 'side'")
	fmt.Fprintf(g.w, "merge :%d\n", side)
	g.body(files, nil)
	g.n++
}

func (g *gen) header(ref, msg string) {
	g.mark++
	g.time += 600 + g.rng.Int64N(7200)
	authors := []string{"Ada Writer <ada@example.org>", "Bo Editor <bo@example.org>", "Cy Lawyer <cy@example.org>"}
	a := authors[g.rng.IntN(len(authors))]
	fmt.Fprintf(g.w, "commit %s\nmark :%d\nauthor %s %d +0100\ncommitter %s %d +0100\ndata %d\n%s\n", ref, g.mark, a, g.time, a, g.time, len(msg), msg)
}

func (g *gen) body(files map[string]string, dels []string) {
	sort.Strings(dels)
	for _, p := range dels {
		fmt.Fprintf(g.w, "D %s\n", p)
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(g.w, "M 100644 inline %s\ndata %d\n%s\n", p, len(files[p]), files[p])
	}
	g.w.WriteString("\n")
}

// WriteLargePage writes the fast-import stream of one page of about
// pageBytes (content/large.md: a heading every 40 paragraphs) and revs
// revisions of it on refs/heads/main, each after the first changing a word
// in three paragraphs: the shape of a long policy revised a little at a
// time, which costs a reader of the history its page size every revision.
func WriteLargePage(out io.Writer, pageBytes, revs int, seed uint64) error {
	if seed == 0 {
		seed = 1
	}
	g := &gen{rng: rand.New(rand.NewPCG(seed, 0x1a76e)), w: bufio.NewWriterSize(out, 1<<16), time: 1577872800}
	var paras []string
	for size := 0; size < pageBytes; {
		p := g.sentence(20 + g.rng.IntN(60))
		if len(paras)%40 == 0 {
			p = fmt.Sprintf("## Section %d", len(paras)/40+1)
		}
		paras = append(paras, p)
		size += len(p) + 2
	}
	const path = "content/large.md"
	for i := range revs {
		msg := "Publish the large page"
		if i > 0 {
			msg = fmt.Sprintf("Revise the large page (%d)", i)
			for range 3 {
				k := g.rng.IntN(len(paras))
				if k%40 == 0 {
					continue // a heading
				}
				w := strings.Fields(paras[k])
				w[g.rng.IntN(len(w))] = words[g.rng.IntN(len(words))]
				paras[k] = strings.Join(w, " ")
			}
		}
		g.commit("refs/heads/main", msg, map[string]string{path: renderDoc(path, paras)}, nil, 0)
	}
	return g.w.Flush()
}
