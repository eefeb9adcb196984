package cli

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digdir/redline/internal/app"
	"github.com/digdir/redline/internal/serve"
)

// TestBrowserDPIA opens the reviewer web view on this repository's own DPIA
// history in a real headless Chromium: the timeline, the redline from 2.0 to
// 2.5 with the adequacy-decision paragraph, and 2.0 -> 2.6 with editorial
// changes switched off. Screenshots go to $REDLINE_ARTEFACTS/dpia when set.
func TestBrowserDPIA(t *testing.T) {
	c := newChromium(t)
	p := openServeProject(t, "../..", io.Discard)
	srv := httptest.NewServer(serve.New(app.NewBackend(p), serve.Options{}))
	defer srv.Close()
	chrome := func(args ...string) string { t.Helper(); return string(c.run(args...)) }
	count := func(dom, class string) int { return strings.Count(dom, `class="change change-`+class) }

	timeline := chrome("--dump-dom", srv.URL+"/")
	for _, v := range []string{"version-2-6", "version-2-5", "version-2-0", "version-1-0"} {
		if !strings.Contains(timeline, `id="`+v+`"`) {
			t.Errorf("the timeline in the browser has no %s", v)
		}
	}

	// In each interface language, 2.0 -> 2.5 shows the paragraph added, as
	// the page reads: its link a real link, not Markdown source.
	isLink := func(dom string) bool {
		_, a, ok := strings.Cut(dom, `<a href="https://www.datatilsynet.no/`)
		text, _, closed := strings.Cut(a, "</a>")
		return ok && closed && strings.Contains(text, "adekvansbeslutningen") && !strings.Contains(text, "<a ")
	}
	for _, ui := range []string{"nb", "en"} {
		redline := chrome("--dump-dom", srv.URL+"/compare?from=2.0&to=2.5&ui="+ui)
		if count(redline, "substantive") != 1 || !strings.Contains(redline, "adequacy-decision") || !strings.Contains(redline, "<ins") {
			t.Errorf("ui=%s: 2.0 -> 2.5 should show the adequacy-decision paragraph as one substantive insertion:\n%s", ui, redline)
		}
		if !isLink(redline) || strings.Contains(redline, "](https://") {
			t.Errorf("ui=%s: the link in the added paragraph is not a link:\n%s", ui, redline)
		}
		if !strings.Contains(redline, `lang="`+ui+`"`) {
			t.Errorf("ui=%s: the page is not in that language", ui)
		}
	}

	all := chrome("--dump-dom", srv.URL+"/compare?from=2.0&to=2.6")
	only := chrome("--dump-dom", srv.URL+"/compare?filter=substantive&from=2.0&to=2.6")
	if count(all, "editorial") == 0 {
		t.Fatalf("2.0 -> 2.6 shows no editorial change; the editorial pass is in it")
	}
	if count(only, "editorial") != 0 || count(only, "substantive") != count(all, "substantive") {
		t.Errorf("with editorial changes off: %d editorial, %d substantive (of %d)",
			count(only, "editorial"), count(only, "substantive"), count(all, "substantive"))
	}

	out := artefactDir(t, "dpia")
	for name, page := range map[string]string{
		"compare-2.0-2.5-nb.png":          "/compare?from=2.0&to=2.5&ui=nb",
		"compare-2.0-2.5-en.png":          "/compare?from=2.0&to=2.5&ui=en",
		"compare-2.0-2.6-nb.png":          "/compare?from=2.0&to=2.6&ui=nb",
		"compare-2.0-2.6-substantive.png": "/compare?filter=substantive&from=2.0&to=2.6",
		"timeline.png":                    "/",
	} {
		c.screenshot(filepath.Join(out, name), srv.URL+page)
	}
	t.Logf("screenshots in %s", out)
}

// chromium runs a headless Chromium, one process per page, with a profile
// of its own.
type chromium struct {
	t       *testing.T
	bin     string
	profile string
}

// newChromium finds Chromium ($REDLINE_CHROMIUM, else Debian's package),
// or skips the test, as it does under -short.
func newChromium(t *testing.T) *chromium {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	for _, c := range []string{os.Getenv("REDLINE_CHROMIUM"), "chromium", "chromium-browser"} {
		if c == "" {
			continue
		}
		if bin, err := exec.LookPath(c); err == nil {
			return &chromium{t: t, bin: bin, profile: t.TempDir()}
		}
	}
	t.Skip("chromium not found (Debian package chromium; .ci/run installs it), or set REDLINE_CHROMIUM")
	return nil
}

// run starts Chromium on one page and returns what it writes to stdout.
func (c *chromium) run(args ...string) []byte {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, append([]string{"--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--disable-dev-shm-usage", "--user-data-dir=" + c.profile}, args...)...)
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		c.t.Fatalf("chromium %v: %v\n%s", args, err, errb.String())
	}
	return out.Bytes()
}

// screenshot saves the page at u as the PNG file.
func (c *chromium) screenshot(file, u string) {
	c.t.Helper()
	c.run("--screenshot="+file, "--window-size=1280,1400", "--hide-scrollbars", u)
	if data, err := os.ReadFile(file); err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		c.t.Errorf("no screenshot at %s: %v", file, err)
	}
}

// artefactDir is $REDLINE_ARTEFACTS/name when set (kept for people to
// look at), else a temporary directory.
func artefactDir(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("REDLINE_ARTEFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
