package config

import (
	"errors"
	"os"
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
