package cli

import (
	"bytes"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHugoRendersChangelog builds a minimal Hugo site, with Hugo's default
// settings (raw HTML in Markdown is dropped), from this repository's own
// content/ and its published changelog/ pages, and checks that Hugo
// renders them with the marks and folds intact, and that every link from
// the changelog into the site resolves: the page exists and so does the
// heading anchor.
func TestHugoRendersChangelog(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("hugo not found on PATH (Debian package hugo; .ci/run installs it)")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(root, "changelog", "_index.*.html"))
	if len(pages) == 0 {
		t.Fatal("changelog/_index.*.html not found: run 'make changelog'")
	}
	const base = "https://docs.altinn.studio/"
	site := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(site, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("hugo.toml", `baseURL = "`+base+`"
defaultContentLanguage = "nb"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[languages.nb]
weight = 1
[languages.en]
weight = 2
`)
	layout := `<!doctype html><html lang="{{ .Lang }}"><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>`
	write("layouts/_default/list.html", layout)
	write("layouts/_default/single.html", layout)
	write("layouts/index.html", layout)
	copyTree(t, filepath.Join(root, "content"), filepath.Join(site, "content"))
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Join("content", "changelog", filepath.Base(p)), string(data))
	}

	cmd := exec.Command(hugo, "--quiet", "--source", site, "--destination", filepath.Join(site, "public"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("hugo failed: %v\n%s", err, out.String())
	}

	href := regexp.MustCompile(`href="([^"]+)"`)
	checked := 0
	for _, lang := range []string{"nb", "en"} {
		page := filepath.Join(site, "public", lang, "changelog", "index.html")
		html, err := os.ReadFile(page)
		if err != nil {
			t.Fatalf("hugo did not render the %s changelog: %v", lang, err)
		}
		// What a reader sees: the marks, the folds and the links of the
		// changed text, nothing dropped as raw HTML.
		for _, want := range []string{
			"<del>problemstillingene</del><ins>problemstillinger</ins>",
			`<details class="redline-editorial">`,
			`<a href="https://docs.altinn.studio/nb/dpia/introduction/">kapittel 1</a>`,
			`<h2 id="version-2-5">`,
		} {
			if lang == "nb" && !bytes.Contains(html, []byte(want)) {
				t.Errorf("the nb changelog as Hugo renders it lacks %s", want)
			}
		}
		for _, bad := range []string{"raw HTML omitted", "](", "\\["} {
			if bytes.Contains(html, []byte(bad)) {
				t.Errorf("the %s changelog as Hugo renders it shows %q", lang, bad)
			}
		}
		// redline's own links, not those of the documents' text it shows
		// (this repository tracks one page of the DPIA, whose text links
		// to chapters it does not hold).
		own := changedText.ReplaceAll(html, nil)
		for _, m := range href.FindAllStringSubmatch(string(own), -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			var rel string
			switch {
			case strings.HasPrefix(link, base):
				rel = strings.TrimPrefix(link, base)
			case strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//"):
				rel = strings.TrimPrefix(link, "/")
			case strings.HasPrefix(link, "#"):
				rel = lang + "/changelog/" + link
			default:
				continue // a link out of the site, such as a commit
			}
			path, frag, _ := strings.Cut(rel, "#")
			frag, _, _ = strings.Cut(frag, ":~:") // a text fragment is for the browser
			u, err := url.PathUnescape(path)
			if err != nil {
				t.Errorf("%s: bad link %q", lang, link)
				continue
			}
			target := filepath.Join(site, "public", filepath.FromSlash(u), "index.html")
			body, err := os.ReadFile(target)
			if err != nil {
				t.Errorf("%s changelog links to %s, which Hugo did not render", lang, link)
				continue
			}
			if frag != "" {
				id, _ := url.PathUnescape(frag)
				if !bytes.Contains(body, []byte(`id="`+id+`"`)) {
					t.Errorf("%s changelog links to %s, but the page has no anchor %q", lang, link, id)
				}
			}
			checked++
		}
	}
	// The Atom feeds link to the changelog page's version sections.
	feeds, _ := filepath.Glob(filepath.Join(root, "changelog", "feed.*.xml"))
	for _, feed := range feeds {
		data, err := os.ReadFile(feed)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range href.FindAllStringSubmatch(string(data), -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			rel, ok := strings.CutPrefix(link, base)
			if !ok {
				continue
			}
			path, frag, _ := strings.Cut(rel, "#")
			body, err := os.ReadFile(filepath.Join(site, "public", filepath.FromSlash(path), "index.html"))
			if err != nil {
				t.Errorf("%s links to %s, which Hugo did not render", filepath.Base(feed), link)
				continue
			}
			if frag != "" && !bytes.Contains(body, []byte(`id="`+frag+`"`)) {
				t.Errorf("%s links to %s, but the page has no anchor %q", filepath.Base(feed), link, frag)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("the rendered changelog has no link into the site")
	}
	t.Logf("%d links into the site resolve", checked)
}

// changedText is a change's text as the page shows it.
var changedText = regexp.MustCompile(`(?s)<div class="redline-text"[^>]*><div class="rl">.*?</div></div>`)

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
