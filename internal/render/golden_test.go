package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		line := 0
		for line < len(g) && line < len(w) && bytes.Equal(g[line], w[line]) {
			line++
		}
		at := func(ls [][]byte) string {
			if line < len(ls) {
				return string(ls[line])
			}
			return "(end of file)"
		}
		t.Errorf("%s differs from the golden file at line %d (run with -update and review the diff)\ngot:  %q\nwant: %q", name, line+1, at(g), at(w))
	}
}

// renderers are every output of the fixture, by golden file name.
var renderers = []struct {
	name string
	run  func() ([]byte, error)
}{
	{"diff.txt.golden", func() ([]byte, error) {
		var b bytes.Buffer
		err := DiffText(&b, fixtureDiff(), TextOptions{Width: 80, Editorial: true})
		return b.Bytes(), err
	}},
	{"diff-color.txt.golden", func() ([]byte, error) {
		var b bytes.Buffer
		err := DiffText(&b, fixtureDiff(), TextOptions{Color: true, Width: 80, Editorial: true})
		return b.Bytes(), err
	}},
	{"diff-substantive.txt.golden", func() ([]byte, error) {
		var b bytes.Buffer
		err := DiffText(&b, fixtureDiff(), TextOptions{})
		return b.Bytes(), err
	}},
	{"diff.md.golden", func() ([]byte, error) {
		var b bytes.Buffer
		err := DiffMarkdown(&b, fixtureDiff())
		return b.Bytes(), err
	}},
	{"diff.json.golden", func() ([]byte, error) {
		var b bytes.Buffer
		err := JSON(&b, fixtureDiff())
		return b.Bytes(), err
	}},
	{"changelog.json.golden", func() ([]byte, error) {
		var b bytes.Buffer
		err := JSON(&b, fixture())
		return b.Bytes(), err
	}},
	{"log.txt.golden", func() ([]byte, error) {
		var b bytes.Buffer
		err := LogText(&b, fixtureEntries(), TextOptions{Width: 100})
		return b.Bytes(), err
	}},
	{"log-color.txt.golden", func() ([]byte, error) {
		var b bytes.Buffer
		err := LogText(&b, fixtureEntries(), TextOptions{Color: true})
		return b.Bytes(), err
	}},
	{"hugo.nb.md.golden", func() ([]byte, error) { return Hugo(fixture(), "nb") }},
	{"hugo.en.md.golden", func() ([]byte, error) { return Hugo(fixture(), "en") }},
	{"hugo.nb.html.golden", func() ([]byte, error) { return HugoHTML(fixture(), "nb") }},
	{"hugo.en.html.golden", func() ([]byte, error) { return HugoHTML(fixture(), "en") }},
	{"atom.nb.xml.golden", func() ([]byte, error) {
		return Atom(fixture(), "nb", AtomOptions{FeedURL: siteNB + "changelog/index.xml", SiteURL: siteNB + "changelog/"})
	}},
	{"atom-editorial.en.xml.golden", func() ([]byte, error) {
		return Atom(fixture(), "en", AtomOptions{FeedURL: siteEN + "changelog/index.xml", SiteURL: siteEN + "changelog/", IncludeEditorial: true})
	}},
	{"report.html.golden", func() ([]byte, error) { return HTML(fixture()) }},
	{"notes-2.5.nb.md.golden", func() ([]byte, error) { return Notes(fixture(), "2.5", "nb") }},
	{"notes-1.0.en.md.golden", func() ([]byte, error) { return Notes(fixture(), "1.0", "en") }},
}

func TestGolden(t *testing.T) {
	for _, r := range renderers {
		t.Run(r.name, func(t *testing.T) {
			got, err := r.run()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, r.name, got)
		})
	}
}

// TestDeterministic renders everything several times: any map order or
// clock leaking into the output shows up as a difference.
func TestDeterministic(t *testing.T) {
	for _, r := range renderers {
		first, err := r.run()
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			again, err := r.run()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, again) {
				t.Fatalf("%s: two runs differ", r.name)
			}
		}
	}
}
