package cli

// Security properties of redline as a whole, end to end through the CLI:
// it never writes to the repository it reads, every renderer escapes
// what comes from history, output stays inside the output folder, and
// resource limits are documented, reported and raisable.

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// historyRepo is a repository with a little of everything: two pages in
// two languages, merges, versions by trailer, a versions file and an
// overrides file, and a committed changelog.
func historyRepo(t *testing.T) *gitRepo {
	t.Helper()
	g := newGitRepo(t)
	threeCommits(g)
	g.write("content/dpia/_index.en.md", page("Storage", "Data shall only be stored in Norway."))
	g.commit("English translation")
	g.git("checkout", "-q", "-b", "topic")
	g.write("content/dpia/_index.nb.md", page("Lagring", "Data skal bare lagres i Norge og EU."))
	g.commit("Allow the EU")
	g.git("checkout", "-q", "main")
	g.git("merge", "-q", "--no-ff", "-m", "Merge topic", "-m", "Document-Version: 1.1", "topic")
	g.n++
	g.write("changelog/versions.yaml", "versions:\n  - id: \"1.1\"\n    title: {nb: Tittel, en: Title}\n  - id: \"0.9\"\n    date: 2023-01\n    historical: true\n")
	g.commit("Versions file")
	return g
}

// Every command, run over a real repository, leaves .git and the work
// tree byte for byte as they were (the output folder aside, when the
// command is one that writes it).
func TestSecurityRepositoryNeverModified(t *testing.T) {
	g := historyRepo(t)
	// A committed, up-to-date changelog for --check, and an uncommitted
	// edit for the work-tree diff.
	wantOK(t, run(t, "--repo", g.dir, "changelog"))
	g.commit("Changelog")
	g.write("content/dpia/_index.nb.md", page("Lagring", "Data skal aldri lagres."))
	elsewhere := filepath.Join(t.TempDir(), "out")
	cache := filepath.Join(t.TempDir(), "cache")
	oldFile := filepath.Join(g.dir, "content/dpia/_index.en.md")
	commands := [][]string{
		{"log"},
		{"log", "--format", "json", "--full-history"},
		{"log", "HEAD~3..HEAD"},
		{"show", "HEAD~2"},
		{"show", "HEAD~2", "--format", "markdown"},
		{"diff", "HEAD~4", "HEAD"},
		{"diff", "HEAD"},
		{"diff", oldFile, filepath.Join(g.dir, "content/dpia/_index.nb.md")},
		{"blame", "content/dpia/_index.nb.md"},
		{"changelog", "--out", elsewhere},
		{"changelog", "--check"},
		{"notes", "1.1"},
		{"check"},
		{"check", "--strict"},
		{"log", "nosuchrevision"}, // failing runs too
		{"version"},
	}
	for _, c := range commands {
		t.Run(strings.Join(c, " "), func(t *testing.T) {
			assertRepoUnchanged(t, g.dir, func() {
				r := run(t, append([]string{"--repo", g.dir, "--cache-dir", cache}, c...)...)
				noRuntimeNoise(t, r)
			})
		})
	}
	// The default cache, in the user's cache folder, is outside too.
	t.Run("default cache", func(t *testing.T) {
		t.Setenv("XDG_CACHE_HOME", filepath.Join(t.TempDir(), "xdg"))
		assertRepoUnchanged(t, g.dir, func() {
			wantOK(t, run(t, "--repo", g.dir, "--cache-dir", "", "log"))
		})
	})
	// `changelog` into the repository's own changelog/ changes only it.
	t.Run("changelog in place", func(t *testing.T) {
		assertRepoUnchanged(t, g.dir, func() {
			wantOK(t, run(t, "--repo", g.dir, "--cache-dir", cache, "changelog"))
		}, filepath.Join(g.dir, "changelog"))
	})
}

// Payloads planted in history: the text of a page, its headings, commit
// messages and the author's name. None of them may become markup,
// elements, links or terminal control sequences in any output; all of
// them must survive as text in the JSON.
const (
	htmlPayload   = `<script>alert("x")</script><img src=x onerror=alert(1)>`
	mdPayload     = `[klikk](javascript:alert(1)) | pipe | ![](http://evil.example/x.png) {{< evil >}} {{% evil %}}`
	xmlPayload    = `]]><entry>&amp;&lt;</entry><!-- x -->`
	termPayload   = "\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 \x1b[2J back\rover \u202eevil"
	authorPayload = "Eve & \"Mallory\" \x1b[31mRED\x1b]0;pwned\x07 [x](javascript:alert(1)) | pipe | {{% evil %}} ]]>"
)

// payloadRepo makes a repository whose last commits carry the payloads.
func payloadRepo(t *testing.T) *gitRepo {
	t.Helper()
	g := newGitRepo(t)
	g.write("content/dpia/_index.nb.md", page("Lagring", "Data kan lagres i Norge."))
	g.commit("First version")
	body := "---\ntitle: \"" + strings.ReplaceAll(htmlPayload, `"`, `\"`) + "\"\n---\n\n" +
		"## Lagring " + htmlPayload + "\n\n" +
		"Data kan lagres i Norge. " + htmlPayload + "\n\n" +
		"## Tabell " + mdPayload + "\n\n" +
		"| Kolonne | Verdi |\n| --- | --- |\n| a | " + strings.ReplaceAll(mdPayload, "|", `\|`) + " |\n\n" +
		"Tekst med " + mdPayload + "\n\n" +
		"Tekst med " + xmlPayload + "\n\n" +
		"Tekst med " + termPayload + "\n"
	g.write("content/dpia/_index.nb.md", body)
	g.git("add", "-A")
	tree := g.git("write-tree")
	parent := g.git("rev-parse", "HEAD")
	// A raw commit object: git's porcelain strips '<' and '>' from names
	// and would never write control characters into one.
	msg := "Endring " + htmlPayload + " " + mdPayload + " " + xmlPayload + " " + termPayload +
		"\n\nBrødtekst " + htmlPayload + "\n\nDocument-Version: 1.0\n"
	raw := fmt.Sprintf("tree %s\nparent %s\nauthor %s <eve@example.org> 1709294400 +0000\ncommitter %s <eve@example.org> 1709294400 +0000\n\n%s",
		tree, parent, authorPayload, authorPayload, msg)
	h := g.gitIn(g.dir, []byte(raw), "hash-object", "-t", "commit", "-w", "--literally", "--stdin")
	g.git("update-ref", "refs/heads/main", h)
	g.git("reset", "-q", "--hard", "main")
	return g
}

var (
	rawPayloads = []string{"<script", "<img", "]]><entry>", "<entry>", "<!-- x -->"}
	onHandler   = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
	jsHref      = regexp.MustCompile(`(?i)(href|src)\s*=\s*["']?\s*javascript:`)
	evilSrc     = regexp.MustCompile(`(?i)src\s*=\s*["']?http://evil\.example`)
	ctrlChars   = regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f\u202e]")
	sgr         = regexp.MustCompile("\x1b\\[[0-9;]*m")
)

// htmlSafe fails when HTML carries an element, attribute, link or control
// character that came from the payloads.
func htmlSafe(t *testing.T, what, s string) {
	t.Helper()
	for _, p := range rawPayloads {
		if strings.Contains(s, p) {
			t.Errorf("%s carries %q unescaped", what, p)
		}
	}
	if m := onHandler.FindString(s); m != "" {
		t.Errorf("%s carries an event handler: %q", what, m)
	}
	if m := jsHref.FindString(s); m != "" {
		t.Errorf("%s links to %q", what, m)
	}
	if m := evilSrc.FindString(s); m != "" {
		t.Errorf("%s loads %q", what, m)
	}
	if strings.Contains(s, "\x1b") || strings.Contains(s, "\x07") || strings.Contains(s, "\u202e") {
		t.Errorf("%s carries a raw control character", what)
	}
}

// markdownSafe renders Markdown as a permissive site would (raw HTML
// allowed, GFM tables) and checks the HTML; and checks that no Hugo
// shortcode call from the payloads survives to be executed.
func markdownSafe(t *testing.T, what string, src []byte) {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	var out bytes.Buffer
	if err := md.Convert(src, &out); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	htmlSafe(t, what+" rendered as HTML", out.String())
	for _, sc := range []string{"{{< evil >}}", "{{% evil %}}"} {
		if bytes.Contains(src, []byte(sc)) {
			t.Errorf("%s carries the shortcode call %q, which Hugo would run", what, sc)
		}
	}
	// A pipe in the payload must not add table cells: every row has as
	// many cells as the header.
	for _, table := range regexp.MustCompile(`(?s)<table>.*?</table>`).FindAllString(out.String(), -1) {
		cell := func(s, tag string) int { return len(regexp.MustCompile(`<`+tag+`[ >]`).FindAllString(s, -1)) }
		head := cell(regexp.MustCompile(`(?s)<thead>.*?</thead>`).FindString(table), "th")
		for _, row := range regexp.MustCompile(`(?s)<tbody>.*?</tbody>`).FindAllString(table, -1) {
			for _, tr := range regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(row, -1) {
				if n := cell(tr, "td"); n != head {
					t.Errorf("%s: a table row has %d cells under %d headers: %.200s", what, n, head, tr)
				}
			}
		}
	}
}

// terminalSafe fails when terminal output carries an escape sequence
// other than colour, or a control character.
func terminalSafe(t *testing.T, what, s string) {
	t.Helper()
	rest := sgr.ReplaceAllString(s, "")
	if m := ctrlChars.FindString(rest); m != "" {
		i := strings.Index(rest, m)
		t.Errorf("%s carries the control character %q near %q", what, m, rest[max(0, i-30):min(len(rest), i+30)])
	}
}

func TestSecurityEscaping(t *testing.T) {
	g := payloadRepo(t)
	out := filepath.Join(t.TempDir(), "out")
	r := run(t, "--repo", g.dir, "changelog", "--out", out)
	wantOK(t, r)
	terminalSafe(t, "changelog's stderr", r.err)
	files := readAll(t, out)

	t.Run("html report", func(t *testing.T) {
		htmlSafe(t, "report.html", string(files["report.html"]))
	})
	t.Run("hugo page", func(t *testing.T) {
		page, ok := files["_index.nb.html"]
		if !ok {
			t.Fatal("no _index.nb.html written")
		}
		// Front matter aside, the body is HTML that Hugo shows as it is.
		if i := bytes.Index(page[3:], []byte("\n---")); bytes.HasPrefix(page, []byte("---")) && i >= 0 {
			page = page[i+7:]
		}
		htmlSafe(t, "_index.nb.html", string(page))
	})
	t.Run("atom feed", func(t *testing.T) {
		feed := files["feed.nb.xml"]
		d := xml.NewDecoder(bytes.NewReader(feed))
		var text strings.Builder
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("feed.nb.xml is not well-formed XML: %v", err)
			}
			switch v := tok.(type) {
			case xml.StartElement:
				if n := strings.ToLower(v.Name.Local); n == "script" || n == "img" || (n == "entry" && strings.Contains(text.String(), "]]>")) {
					t.Errorf("feed.nb.xml has a <%s> element from the payload", v.Name.Local)
				}
			case xml.CharData:
				text.Write(v)
			}
		}
		// Atom content of type html is HTML once unescaped.
		htmlSafe(t, "the feed's text", regexp.MustCompile(`&lt;script|&lt;img`).ReplaceAllString(text.String(), ""))
		if strings.ContainsAny(string(feed), "\x1b\x07") {
			t.Error("feed.nb.xml carries raw control characters")
		}
	})
	t.Run("json keeps the text", func(t *testing.T) {
		var cl any
		if err := json.Unmarshal(files["changelog.json"], &cl); err != nil {
			t.Fatal(err)
		}
		all := fmt.Sprint(cl)
		for _, p := range []string{htmlPayload, "Eve & \"Mallory\""} {
			if !strings.Contains(all, p) {
				t.Errorf("changelog.json lost %q", p)
			}
		}
	})
	for _, c := range [][]string{
		{"log"}, {"log", "--color", "always"}, {"show", "HEAD"}, {"show", "HEAD", "--color", "always"},
		{"diff", "HEAD~1", "HEAD"}, {"notes", "1.0"},
		// blame: see TestPendingBlameTerminalEscapes.
	} {
		t.Run("terminal "+strings.Join(c, " "), func(t *testing.T) {
			args := append([]string{"--repo", g.dir}, c...)
			if c[len(c)-1] == "always" {
				args = append([]string{"--color", "always"}, args[:len(args)-2]...)
			}
			r := run(t, args...)
			wantOK(t, r)
			terminalSafe(t, "stdout", r.out)
			terminalSafe(t, "stderr", r.err)
		})
	}
	for _, c := range [][]string{{"show", "HEAD", "--format", "markdown"}, {"diff", "--format", "markdown", "HEAD~1", "HEAD"}, {"notes", "1.0"}} {
		t.Run("markdown "+strings.Join(c, " "), func(t *testing.T) {
			r := run(t, append([]string{"--repo", g.dir}, c...)...)
			wantOK(t, r)
			markdownSafe(t, strings.Join(c, " "), []byte(r.out))
		})
	}
}

// Output stays inside --out whatever history, configuration and versions
// file say: odd page paths, language codes and version ids cannot make
// redline write anywhere else.
func TestSecurityOutputConfined(t *testing.T) {
	g := newGitRepo(t)
	for _, p := range []string{
		"content/dpia/_index.nb.md",
		"content/..dots/_index.nb.md",
		"content/a/_index.....md",
		"content/b/_index.x..y.md",
		"content/c/_index.nb%2F..%2F..%2Fevil.md",
		"content/d/_index.evil.md",
	} {
		g.write(p, page("Side", "Tekst i "+p+"."))
	}
	g.write("changelog/versions.yaml", "versions:\n  - id: \"../../../escape\"\n    date: 2024-01\n    historical: true\n  - id: \"/abs/escape\"\n    date: 2024-02\n    historical: true\n  - id: \"..\"\n    date: 2024-03\n    historical: true\n")
	g.commit("Odd paths", "Document-Version: ../../../../tmp/escape")
	// A tree entry git itself would never check out: a path element "..".
	blob := g.gitIn(g.dir, []byte(page("Ut", "Utenfor.")), "hash-object", "-w", "--stdin")
	sub := g.gitIn(g.dir, []byte("100644 blob "+blob+"\t_index.nb.md\n"), "mktree")
	dotdot := g.gitIn(g.dir, []byte("040000 tree "+sub+"\t..\n"), "mktree", "--missing")
	content := g.git("rev-parse", "HEAD:content")
	var entries bytes.Buffer
	entries.WriteString(g.git("ls-tree", content) + "\n")
	entries.WriteString("040000 tree " + dotdot + "\tevil\n")
	newContent := g.gitIn(g.dir, entries.Bytes(), "mktree", "--missing")
	top := g.git("ls-tree", "HEAD")
	top = regexp.MustCompile(`(?m)^040000 tree [0-9a-f]+\tcontent$`).ReplaceAllString(top, "040000 tree "+newContent+"\tcontent")
	tree := g.gitIn(g.dir, []byte(top+"\n"), "mktree", "--missing")
	h := g.git("commit-tree", tree, "-p", "HEAD", "-m", "Dot-dot path", "-m", "Document-Version: ..")
	g.git("update-ref", "refs/heads/main", h)

	sandbox := t.TempDir()
	out := filepath.Join(sandbox, "a", "b", "out")
	os.MkdirAll(filepath.Dir(out), 0o755)
	before := snapshot(t, sandbox)
	beforeRepo := snapshot(t, g.dir)
	r := run(t, "--repo", g.dir, "changelog", "--out", out)
	t.Logf("changelog over odd paths: exit %d\n%s", r.code, r.err)
	noRuntimeNoise(t, r)
	if r.code != ExitOK {
		// Refusing is fine; writing elsewhere is not.
		wantError(t, r)
	}
	after := snapshot(t, sandbox, out)
	if d := diffSnapshots(before, after); len(d) > 0 {
		t.Errorf("changelog wrote outside --out:\n  %s", strings.Join(d, "\n  "))
	}
	if d := diffSnapshots(beforeRepo, snapshot(t, g.dir)); len(d) > 0 {
		t.Errorf("changelog wrote into the repository:\n  %s", strings.Join(d, "\n  "))
	}
	if r.code == ExitOK {
		for name := range readAll(t, out) {
			if strings.Contains(name, "..") || strings.ContainsAny(name, `\`) {
				t.Errorf("odd output name %q", name)
			}
		}
	}

	// A language code from the configuration is part of output names.
	cfg := filepath.Join(t.TempDir(), "redline.yaml")
	os.WriteFile(cfg, []byte("languages: [\"../../../evil\", nb]\n"), 0o644)
	out2 := filepath.Join(sandbox, "out2")
	before = snapshot(t, sandbox)
	r = run(t, "--repo", g.dir, "--config", cfg, "changelog", "--out", out2)
	t.Logf("changelog with an odd language: exit %d\n%s", r.code, r.err)
	noRuntimeNoise(t, r)
	if r.code != ExitOK {
		wantError(t, r)
	}
	if d := diffSnapshots(before, snapshot(t, sandbox, out2)); len(d) > 0 {
		t.Errorf("changelog with an odd language wrote outside --out:\n  %s", strings.Join(d, "\n  "))
	}
}

// The resource limits are documented in --help, reported with the flag
// that raises them, and raising the flag lets the document through.
func TestSecurityResourceLimits(t *testing.T) {
	r := run(t, "--help")
	wantOK(t, r)
	for _, f := range []string{"--max-document-bytes", "--max-blocks"} {
		if !strings.Contains(r.out, f) {
			t.Errorf("--help does not document %s", f)
		}
	}
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.md"), filepath.Join(dir, "big.md")
	os.WriteFile(small, []byte(basePage), 0o644)
	os.WriteFile(big, []byte(paragraphs(3000, false)), 0o644)
	for _, c := range []struct {
		flag, low, high string
	}{
		{"--max-document-bytes", "10000", "100000"},
		{"--max-blocks", "1000", "5000"},
	} {
		r := run(t, c.flag, c.low, "diff", small, big)
		wantError(t, r, "big.md", c.low)
		if !strings.Contains(hintLine.FindString(r.err), c.flag) {
			t.Errorf("the hint does not name %s\n%s", c.flag, r)
		}
		wantOK(t, run(t, c.flag, c.high, "diff", small, big))
	}
	// Nonsense values are usage errors, not silent "no limit" (-1: see
	// TestPendingNegativeLimit).
	for _, v := range []string{"lots", "1e9"} {
		r := run(t, "--max-blocks", v, "diff", small, big)
		if r.code != ExitUsage {
			t.Errorf("--max-blocks %s: exit %d, want %d\n%s", v, r.code, ExitUsage, r)
		}
	}
}
