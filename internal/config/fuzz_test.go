package config

import (
	"errors"
	"os"
	"path"
	"testing"

	"github.com/digdir/redline/internal/config/yamlfile"
)

// FuzzParse checks that no configuration file makes Parse panic, and that
// it either succeeds or says where the file is wrong.
func FuzzParse(f *testing.F) {
	if seed, err := os.ReadFile("testdata/full.yaml"); err == nil {
		f.Add(seed)
	}
	f.Add([]byte("paths: content\nsite: {base_url: 'https://x.org'}\n"))
	f.Add([]byte("a: &x [1]\nb: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("redline.yaml", data)
		if err != nil {
			var e *yamlfile.Error
			if !errors.As(err, &e) || e.File != "redline.yaml" {
				t.Errorf("error %v does not name the file", err)
			}
			return
		}
		if len(c.Paths) == 0 || len(c.Output.Formats) == 0 {
			t.Errorf("accepted a configuration with no paths or formats: %+v", c)
		}
		_ = c.PageURL("content/a/_index.nb.md", "")
	})
}

// FuzzParseHugo checks that no Hugo configuration makes ParseHugo panic,
// that an error names the file, and that what it reads applies.
func FuzzParseHugo(f *testing.F) {
	f.Add("hugo.toml", []byte(hugoTOML))
	f.Add("hugo.yaml", []byte("languages:\n  en: {contentDir: content/en, weight: 2}\npermalinks: {posts: /:filename/}\n"))
	f.Add("hugo.json", []byte(`{"languages": {"nb": {"baseURL": "https://x.no"}}}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		file := "hugo" + path.Ext(name)
		h, err := ParseHugo(file, data, false)
		if err != nil {
			var e *yamlfile.Error
			if !errors.As(err, &e) || e.File != file {
				t.Errorf("error %v does not name the file", err)
			}
			return
		}
		c := Default()
		c.ApplyHugo(h)
		if len(c.Languages) > maxHugoLanguages {
			t.Errorf("%d languages", len(c.Languages))
		}
		_ = c.PageURL("content/a/_index.nb.md", "")
	})
}
