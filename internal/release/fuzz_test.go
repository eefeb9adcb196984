package release

import (
	"errors"
	"os"
	"testing"

	"github.com/digdir/redline/internal/config/yamlfile"
)

// FuzzParseVersions checks that no versions or overrides file, however
// broken, makes the parsers panic, and that every error they return names
// the file.
func FuzzParseVersions(f *testing.F) {
	if seed, err := os.ReadFile("testdata/versions.yaml"); err == nil {
		f.Add(seed)
	}
	f.Add([]byte("versions:\n  - id: 1\n    revision: abcd\n"))
	f.Add([]byte("- commit: abcd\n  fingerprint: x\n  class: editorial\n  reason: y\n"))
	f.Add([]byte("- &a {id: x}\n- *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, parse := range []func(string, []byte) error{
			func(p string, d []byte) error { _, err := parseVersions(p, d); return err },
			func(p string, d []byte) error { _, err := parseOverrides(p, d); return err },
		} {
			err := parse("v.yaml", data)
			var e *yamlfile.Error
			if err != nil && (!errors.As(err, &e) || e.File != "v.yaml") {
				t.Errorf("error %v does not name the file", err)
			}
		}
	})
}
