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
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not found (Debian package chromium; .ci/run installs it)")
	}
	p := openServeProject(t, "../..", io.Discard)
	srv := httptest.NewServer(serve.New(app.NewBackend(p), serve.Options{}))
	defer srv.Close()
	profile := t.TempDir()
	chrome := func(args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append([]string{"--headless", "--no-sandbox", "--disable-gpu",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
			"--disable-dev-shm-usage", "--user-data-dir=" + profile}, args...)...)
		cmd.WaitDelay = 5 * time.Second
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("chromium %v: %v\n%s", args, err, errb.String())
		}
		return out.String()
	}
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

	out := t.TempDir()
	if dir := os.Getenv("REDLINE_ARTEFACTS"); dir != "" {
		out = filepath.Join(dir, "dpia")
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, page := range map[string]string{
		"compare-2.0-2.5-nb.png":          "/compare?from=2.0&to=2.5&ui=nb",
		"compare-2.0-2.5-en.png":          "/compare?from=2.0&to=2.5&ui=en",
		"compare-2.0-2.6-nb.png":          "/compare?from=2.0&to=2.6&ui=nb",
		"compare-2.0-2.6-substantive.png": "/compare?filter=substantive&from=2.0&to=2.6",
		"timeline.png":                    "/",
	} {
		shot := filepath.Join(out, name)
		chrome("--screenshot="+shot, "--window-size=1280,1400", "--hide-scrollbars", srv.URL+page)
		if data, err := os.ReadFile(shot); err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("no screenshot at %s: %v", shot, err)
		}
	}
	t.Logf("screenshots in %s", out)
}
