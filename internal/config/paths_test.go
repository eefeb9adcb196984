package config

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/digdir/redline/internal/config/yamlfile"
)

// paths: takes git pathspecs: plain paths are cleaned as before, globs
// and excludes kept as written.
func TestPathsPathspecs(t *testing.T) {
	t.Parallel()
	c, err := Parse("redline.yaml", []byte("paths:\n  - ./en/\n  - 'en/*.md'\n  - ':!en/archive'\n  - ':(exclude,glob)**/draft*.md'\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"en", "en/*.md", ":!en/archive", ":(exclude,glob)**/draft*.md"}
	if !slices.Equal(c.Paths, want) {
		t.Errorf("paths = %q, want %q", c.Paths, want)
	}
	c, err = Parse("redline.yaml", []byte("paths: [./content/, docs]\n"))
	if err != nil || !slices.Equal(c.Paths, []string{"content", "docs"}) {
		t.Errorf("plain paths = %q, %v", c.Paths, err)
	}
	for src, msg := range map[string]string{
		"paths: [':(attr:x)en']\n":    "magic word",
		"paths: ['en/[a.md']\n":       "unclosed '['",
		"paths: [':!../x']\n":         "outside the repository",
		"paths: ['/etc/*.md']\n":      "not a relative path",
		"paths: [':(exclude).git']\n": "inside git's own folder",
	} {
		_, err := Parse("redline.yaml", []byte(src))
		var e *yamlfile.Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), msg) || e.Hint() == "" {
			t.Errorf("%q: err = %v, want %q with a hint", src, err, msg)
		}
	}
}
