package render

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A failure while writing any one file (a full disk) leaves every old
// file byte for byte as it was, even those named before the failing one,
// and no temporary file behind.
func TestWriteFailureLeavesAllOldFiles(t *testing.T) {
	dir := t.TempDir()
	names := []string{"_index.nb.md", "changelog.json", "feed.nb.xml", "report.html"}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("old "+n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, failAt := range names {
		t.Run(failAt, func(t *testing.T) {
			failStep = func(s, p string) error {
				if s == "sync" && p == failAt {
					return errors.New("no space left on device")
				}
				return nil
			}
			defer func() { failStep = nil }()
			var files []File
			for _, n := range names {
				files = append(files, File{Path: n, Data: []byte(strings.Repeat("new "+n, 1000))})
			}
			if err := Write(dir, files); err == nil || !strings.Contains(err.Error(), failAt) {
				t.Fatalf("err = %v, want the failure naming %s", err, failAt)
			}
			for _, n := range names {
				if got := readFile(t, filepath.Join(dir, n)); got != "old "+n {
					t.Errorf("%s changed by a failed write: %.20q", n, got)
				}
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

// The terminal layout of one enormous paragraph, or one enormous word,
// is linear: it used to grow a string a rune at a time, and a single
// 5 MB paragraph never finished.
func TestParaHugeWord(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("x", 2<<20),
		strings.Repeat("ord ", 500_000),
	} {
		var b strings.Builder
		tw := &termWriter{w: bufio.NewWriter(&b), width: 0}
		tw.para(4, []frag{{text: text[:len(text)/2]}, {text: text[len(text)/2:], sgr: sgrInsert}})
		tw.w.Flush()
		got := b.String()
		if !strings.HasPrefix(got, "    ") || strings.Count(got, "\n") != 1 {
			t.Fatalf("want one indented line, got %d lines", strings.Count(got, "\n"))
		}
		if strings.ReplaceAll(strings.TrimSpace(got), " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Errorf("the laid-out text lost or changed characters")
		}
	}
}

// The HTML report carries no terminal control characters from history:
// html/template escapes markup but not ESC or BEL, and an author name
// with "\x1b]0;title\x07" acted on whoever printed the report.
func TestHTMLNoControlCharacters(t *testing.T) {
	out, err := HTML(evilChangelog())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"\x1b", "\x07", "\u009b", "\u202e"} {
		if bytes.Contains(out, []byte(c)) {
			t.Errorf("the report carries %q", c)
		}
	}
	if !bytes.Contains(out, []byte("\uFFFD[31mred")) {
		t.Error("the escape sequence's text is gone, not replaced")
	}
}

// The Atom feed, like the report, replaces bidi overrides and C1
// controls that the XML encoder lets through.
func TestAtomNoBidiOverride(t *testing.T) {
	out, err := Atom(evilChangelog(), "nb", AtomOptions{SiteURL: "https://example.org", IncludeEditorial: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"\x1b", "\x07", "\u009b", "\u202e"} {
		if bytes.Contains(out, []byte(c)) {
			t.Errorf("the feed carries %q", c)
		}
	}
}
