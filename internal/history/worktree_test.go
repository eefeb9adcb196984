package history

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/format/index"
	"golang.org/x/text/encoding/unicode"
)

// settle makes the work tree's files look long unchanged and has git
// record that in the index, so that no entry is "racily clean" (changed
// in the instant the index was written), which would make WorkTree read
// the files rather than trust the index.
func (g *gitRepo) settle() {
	g.t.Helper()
	past := time.Now().Add(-time.Hour)
	filepath.WalkDir(g.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if err == nil && d.Type().IsRegular() {
			os.Chtimes(p, past, past)
		}
		return nil
	})
	cmd := exec.Command("git", "update-index", "-q", "--refresh")
	cmd.Dir, cmd.Env = g.dir, g.env()
	cmd.Run() // exits 1 when a file has changed: fine
}

func (g *gitRepo) writeBytes(path string, b []byte) {
	g.t.Helper()
	p := filepath.Join(g.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		g.t.Fatal(err)
	}
}

// staged is what git stores for a work-tree file (git add), the oracle
// of the conversions. It changes the index: call it after WorkTree.
func (g *gitRepo) staged(path string) string {
	g.t.Helper()
	g.git("add", "--", path)
	return g.blob(":" + path)
}

// blob is the content of a blob, byte for byte.
func (g *gitRepo) blob(rev string) string {
	g.t.Helper()
	cmd := exec.Command("git", "cat-file", "blob", rev)
	cmd.Dir, cmd.Env = g.dir, g.env()
	out, err := cmd.Output()
	if err != nil {
		g.t.Fatalf("git cat-file blob %s: %v", rev, err)
	}
	return string(out)
}

// stateDigest hashes everything under dir: names, modes, sizes,
// modification times and contents.
func stateDigest(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		info, err := d.Info()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %s %d %d\n", p, info.Mode(), info.Size(), info.ModTime().UnixNano())
		if d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			h.Write(b)
		}
		return nil
	})
	return fmt.Sprintf("%x", h.Sum(nil))
}

// workTree reads the work tree with a fresh Repo, checking that
// nothing under the repository changes.
func workTree(t *testing.T, g *gitRepo, paths ...string) *WorkTree {
	t.Helper()
	before := stateDigest(t, g.dir)
	r, err := Open(g.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w, err := r.WorkTree(paths)
	if err != nil {
		t.Fatal(err)
	}
	if after := stateDigest(t, g.dir); after != before {
		t.Fatal("the repository changed while its work tree was read")
	}
	return w
}

func TestWorkTreeIdent(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write(".gitattributes", "*.md ident\n")
	g.write("content/a.md", "# Page\n\nVersion $Id$ of the page.\n")
	g.commit("ident")
	// Checked out again, the file says "$Id: <blob id> $".
	os.Remove(filepath.Join(g.dir, "content/a.md"))
	g.git("checkout", "--", "content/a.md")
	g.settle()
	raw, _ := os.ReadFile(filepath.Join(g.dir, "content/a.md"))
	if !bytes.Contains(raw, []byte("$Id: ")) {
		t.Fatalf("git did not expand $Id$: %q", raw)
	}
	head := g.blob("HEAD:content/a.md")

	w := workTree(t, g)
	f := w.Files["content/a.md"]
	if string(f.Data) != head || f.Blob.String() != g.git("rev-parse", "HEAD:content/a.md") {
		t.Errorf("clean tree: %q (blob %s), want HEAD's %q", f.Data, f.Blob, head)
	}
	if len(w.Skipped)+len(w.Notes) > 0 {
		t.Errorf("skipped %v, notes %v", w.Skipped, w.Notes)
	}

	// Edited, the file is read, and its $Id: ...$ collapsed as git would.
	g.writeBytes("content/a.md", append(raw, "More.\n"...))
	w = workTree(t, g)
	f = w.Files["content/a.md"]
	if !f.Blob.IsZero() || string(f.Data) != head+"More.\n" {
		t.Errorf("edited: %q (blob %s)", f.Data, f.Blob)
	}
	if want := g.staged("content/a.md"); string(f.Data) != want {
		t.Errorf("edited: %q, git stores %q", f.Data, want)
	}
}

func utf16le(t *testing.T, s string, bom bool) []byte {
	t.Helper()
	policy := unicode.IgnoreBOM
	if bom {
		policy = unicode.UseBOM
	}
	b, err := unicode.UTF16(unicode.LittleEndian, policy).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWorkTreeEncoding(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write(".gitattributes", "*.md text working-tree-encoding=UTF-16\ncontent/le/*.md text working-tree-encoding=UTF-16LE\ncontent/bogus/*.md working-tree-encoding=x-no-such-charset\n")
	page := "# Side\n\nÆ, ø og å: tekst på norsk.\n"
	g.writeBytes("content/a.md", utf16le(t, page, true))
	g.commit("utf-16")
	g.settle()
	if head := g.blob("HEAD:content/a.md"); head != page {
		t.Fatalf("git stored %q", head)
	}

	w := workTree(t, g)
	if f := w.Files["content/a.md"]; string(f.Data) != page || f.Blob.IsZero() {
		t.Errorf("clean tree: %q (blob %s), want %q from the index", f.Data, f.Blob, page)
	}

	// Edited (with CRLF, which text makes LF after decoding).
	edited := "# Side\r\n\r\nÆ, ø og å: endret tekst på norsk.\r\n"
	g.writeBytes("content/a.md", utf16le(t, edited, true))
	// Untracked: no BOM in UTF-16, and one in UTF-16LE: git refuses both.
	g.writeBytes("content/nobom.md", utf16le(t, page, false))
	g.writeBytes("content/le/bom.md", utf16le(t, page, true))
	g.writeBytes("content/le/ok.md", utf16le(t, page, false))
	w = workTree(t, g)
	f := w.Files["content/a.md"]
	if want := strings.ReplaceAll(edited, "\r\n", "\n"); string(f.Data) != want || !f.Blob.IsZero() {
		t.Errorf("edited: %q (blob %s), want %q", f.Data, f.Blob, want)
	}
	if got := string(w.Files["content/le/ok.md"].Data); got != page {
		t.Errorf("UTF-16LE: %q", got)
	}
	var skipped []string
	for _, s := range w.Skipped {
		skipped = append(skipped, s.Path)
		if !strings.Contains(s.Reason, "working-tree-encoding=UTF-16") || !strings.Contains(s.Reason, "BOM") {
			t.Errorf("%s: reason %q", s.Path, s.Reason)
		}
	}
	if want := []string{"content/le/bom.md", "content/nobom.md"}; !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped %v, want %v", skipped, want)
	}
	if want := g.staged("content/a.md"); string(f.Data) != want {
		t.Errorf("edited: %q, git stores %q", f.Data, want)
	}
	for _, p := range []string{"content/nobom.md", "content/le/bom.md"} {
		cmd := exec.Command("git", "add", "--", p)
		cmd.Dir, cmd.Env = g.dir, g.env()
		if out, err := cmd.CombinedOutput(); err == nil {
			t.Errorf("git add %s: no error, where WorkTree skips it\n%s", p, out)
		}
	}

	// An encoding nobody knows: an error naming the file and the attribute.
	g.writeBytes("content/bogus/x.md", []byte("text\n"))
	r := g.open()
	_, err := r.WorkTree(nil)
	var e *Error
	if err == nil || !strings.Contains(err.Error(), "content/bogus/x.md") || !strings.Contains(err.Error(), "working-tree-encoding=x-no-such-charset") ||
		!errorsAs(err, &e) || e.Hint == "" {
		t.Errorf("unknown encoding: %v", err)
	}
}

func errorsAs(err error, e **Error) bool {
	for err != nil {
		if x, ok := err.(*Error); ok {
			*e = x
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

func TestWorkTreeLineEndings(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write(".gitattributes", "auto/*.md text=auto\nbin/*.md -text\neol/*.md eol=crlf\n")
	lf := "# Title\n\nA paragraph.\n\n- one\n- two\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	for _, d := range []string{"auto", "bin", "eol", "plain"} {
		g.write(d+"/a.md", lf)
	}
	g.write("plain/committed-crlf.md", crlf) // no attribute, no autocrlf: stored with CRLF
	g.commit("lf")
	g.git("config", "core.autocrlf", "true")
	g.settle()

	// Every file rewritten with CRLF (and plain/committed-crlf.md edited).
	for _, d := range []string{"auto", "bin", "eol", "plain"} {
		g.write(d+"/a.md", crlf)
	}
	g.write("plain/committed-crlf.md", crlf+"More.\r\n")
	g.write("plain/lone-cr.md", "binary\rlooking\r\n")
	w := workTree(t, g)
	want := map[string]string{
		"auto/a.md":               lf,   // text=auto
		"bin/a.md":                crlf, // -text
		"eol/a.md":                lf,   // eol: text
		"plain/a.md":              lf,   // core.autocrlf
		"plain/committed-crlf.md": crlf + "More.\r\n",
		"plain/lone-cr.md":        "binary\rlooking\r\n", // auto: a lone CR makes it binary
	}
	for p, s := range want {
		if got := string(w.Files[p].Data); got != s {
			t.Errorf("%s: %q, want %q", p, got, s)
		}
		if git := g.staged(p); git != s {
			t.Errorf("%s: git stores %q; the test expects %q", p, git, s)
		}
	}
}

func TestWorkTreeFilter(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	marker := filepath.Join(t.TempDir(), "ran")
	// A filter that stores text in rot13 and notes every run.
	rot13 := fmt.Sprintf("touch '%s'; tr 'A-Za-z' 'N-ZA-Mn-za-m'", marker)
	g.git("config", "filter.rot.clean", rot13)
	g.git("config", "filter.rot.smudge", rot13)
	g.write(".gitattributes", "*.md filter=rot\nlfs/*.md filter=lfs\n")
	g.write("content/a.md", "Hello, world.\n")
	g.write("content/b.md", "Unchanged.\n")
	g.commit("filtered")
	g.settle()
	if head := g.blob("HEAD:content/a.md"); head != "Uryyb, jbeyq.\n" {
		t.Fatalf("git stored %q", head)
	}
	os.Remove(marker)

	w := workTree(t, g)
	if f := w.Files["content/a.md"]; string(f.Data) != "Uryyb, jbeyq.\n" || f.Blob.IsZero() {
		t.Errorf("clean tree: %q (blob %s), want the index's blob", f.Data, f.Blob)
	}
	if len(w.Skipped) > 0 {
		t.Errorf("clean tree: skipped %v", w.Skipped)
	}

	// An index written no later than the file: "racily clean", its
	// times cannot tell whether the file changed since.
	indexFile := filepath.Join(g.dir, ".git", "index")
	fi, err := os.Stat(filepath.Join(g.dir, "content/a.md"))
	if err != nil {
		t.Fatal(err)
	}
	os.Chtimes(indexFile, fi.ModTime(), fi.ModTime())
	w = workTree(t, g)
	if len(w.Skipped) != 2 || !strings.Contains(w.Skipped[0].Reason, "same instant as the index") {
		t.Errorf("racily clean: skipped %v", w.Skipped)
	}
	now := time.Now()
	os.Chtimes(indexFile, now, now)

	g.write("content/a.md", "Hello, changed world.\n")
	g.write("content/new.md", "New.\n")
	g.write("lfs/big.md", "not a pointer\n")
	w = workTree(t, g)
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("WorkTree ran the repository's filter command")
	}
	if f := w.Files["content/b.md"]; string(f.Data) != g.blob("HEAD:content/b.md") {
		t.Errorf("unchanged file beside: %q", f.Data)
	}
	got := map[string]string{}
	for _, s := range w.Skipped {
		got[s.Path] = s.Reason
	}
	for p, want := range map[string][]string{
		"content/a.md":   {"filter=rot", "changed since it was staged", "git add"},
		"content/new.md": {"filter=rot", "not in the index"},
		"lfs/big.md":     {"filter=lfs", "git-lfs"},
	} {
		if _, ok := w.Files[p]; ok {
			t.Errorf("%s read, not skipped", p)
		}
		for _, s := range want {
			if !strings.Contains(got[p], s) {
				t.Errorf("%s: reason %q lacks %q", p, got[p], s)
			}
		}
	}
	if len(got) != 3 {
		t.Errorf("skipped %v", w.Skipped)
	}
	// WorkTreeFiles does not pass over them in silence.
	if _, err := g.open().WorkTreeFiles(nil); err == nil || !strings.Contains(err.Error(), "content/a.md") {
		t.Errorf("WorkTreeFiles: %v", err)
	}
}

func TestWorkTreeBadIndex(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write(".gitattributes", "*.md ident\nlfs/*.md filter=lfs\n")
	g.write("content/a.md", "Page $Id$\n")
	g.write("lfs/b.md", "pointer\n")
	g.commit("one")
	g.settle()
	indexFile := filepath.Join(g.dir, ".git", "index")
	good, err := os.ReadFile(indexFile)
	if err != nil {
		t.Fatal(err)
	}
	flip := append([]byte(nil), good...)
	flip[len(flip)/2] ^= 1
	for name, b := range map[string][]byte{
		"truncated": good[:len(good)/2],
		"empty":     {},
		"flipped":   flip,
		"garbage":   []byte("DIRC\x00\x00\x00\x02\xff\xff\xff\xffnot an index at all, no"),
		"version 9": append([]byte("DIRC\x00\x00\x00\x09"), good[8:]...),
	} {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(indexFile, b, 0o644); err != nil {
				t.Fatal(err)
			}
			w := workTree(t, g)
			if len(w.Notes) != 1 || !strings.Contains(w.Notes[0], "index") || !strings.Contains(w.Notes[0], "reads every document from the work tree") {
				t.Errorf("notes %q", w.Notes)
			}
			if got := string(w.Files["content/a.md"].Data); got != "Page $Id$\n" {
				t.Errorf("a.md: %q", got)
			}
			if len(w.Skipped) != 1 || w.Skipped[0].Path != "lfs/b.md" || !strings.Contains(w.Skipped[0].Reason, "the index cannot be read") {
				t.Errorf("skipped %v", w.Skipped)
			}
		})
	}
	if mkfifo(indexFile+".fifo") == nil {
		os.Remove(indexFile)
		os.Rename(indexFile+".fifo", indexFile)
		w := workTree(t, g)
		if len(w.Notes) != 1 || !strings.Contains(w.Notes[0], "named pipe") {
			t.Errorf("a named pipe for an index: notes %q", w.Notes)
		}
	}
	// No index at all (nothing staged yet): no note.
	os.Remove(indexFile)
	if w := workTree(t, g); len(w.Notes) != 0 || len(w.Skipped) != 1 || !strings.Contains(w.Skipped[0].Reason, "nothing has been staged") {
		t.Errorf("no index: notes %q, skipped %v", w.Notes, w.Skipped)
	}
}

// TestWorkTreeAttributesFallback: a folder's .gitattributes missing from
// the work tree (or a link there, which git does not follow) is read from
// the index, as git does for storing.
func TestWorkTreeAttributesFallback(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write("content/.gitattributes", "*.md ident\n")
	g.write("content/a.md", "v $Id$\n")
	g.commit("one")
	os.Remove(filepath.Join(g.dir, "content/.gitattributes"))
	g.write("content/a.md", "v $Id: 0123 $ edited\n")
	if w := workTree(t, g); string(w.Files["content/a.md"].Data) != "v $Id$ edited\n" {
		t.Errorf("from the index: %q", w.Files["content/a.md"].Data)
	}
	outside := filepath.Join(t.TempDir(), "attrs")
	os.WriteFile(outside, []byte("*.md -ident\n"), 0o644)
	if os.Symlink(outside, filepath.Join(g.dir, "content/.gitattributes")) == nil {
		if w := workTree(t, g); string(w.Files["content/a.md"].Data) != "v $Id$ edited\n" {
			t.Errorf("through a link: %q", w.Files["content/a.md"].Data)
		}
	}
}

// TestAttributesMatchGit compares the attributes found for paths with
// git check-attr's.
func TestAttributesMatchGit(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write(".gitattributes", strings.Join([]string{
		"[attr]doc text eol=lf -ident",
		"*.md doc",
		"*.MD filter=x",
		"/top.md ident",
		"docs/**/deep.md working-tree-encoding=UTF-16",
		"**/any.md crlf",
		"a/**/b.md eol=crlf",
		"x/** text=auto",
		`"q q.md" ident`,
		"[!a]*.md foo=bar",
		"-bad.md ident",
		"!neg.md ident",
		"dir/ ident",
		"bin.md binary",
		"*.md    !eol unrelated",
		"deep/**/**/z.md ident",
		"[[:digit:]]*.md d1",
		"[]x]y.md d2",
		"[-a]z.md d3",
		"[a-]w.md d4",
		"[[:bogus:]]v.md d5",
		"[!a-c]u.md d6",
		`\[lit].md d7`,
		"[[:upper:][:punct:]]p.md d8",
		"[a[b]q.md d9",
	}, "\n")+"\n")
	g.write("docs/.gitattributes", "*.md -text\nsub/*.md text\n[attr]nope ident\ndeep.md -doc\n")
	g.write("docs/sub/.gitattributes", "x.md filter=lfs\n")
	os.MkdirAll(filepath.Join(g.dir, ".git", "info"), 0o755)
	os.WriteFile(filepath.Join(g.dir, ".git", "info", "attributes"), []byte("docs/sub/y.md ident\n"), 0o644)
	r := g.open()
	s, err := newAttrSource(r, nil, new([]string))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"top.md", "a.md", "b.MD", "docs/top.md", "docs/a.md", "docs/sub/x.md", "docs/sub/y.md",
		"docs/sub/z/deep.md", "docs/deep.md", "any.md", "z/any.md", "a/b.md", "a/c/d/b.md", "x/y/z.md",
		"q q.md", "bin.md", "neg.md", "dir/a.md", "-bad.md", "c.txt",
		"deep/z.md", "deep/a/b/z.md", "1x.md", "]y.md", "xy.md", "-z.md", "az.md", "-w.md", "aw.md", "bv.md", "[v.md",
		"du.md", "bu.md", "[lit].md", "l.md", "Xp.md", "!p.md", "xp.md", "aq.md", "[q.md", "bq.md", ":q.md",
	} {
		var want []string
		for _, l := range lines(g.git("check-attr", "--all", "--", p)) {
			if a, ok := strings.CutPrefix(l, p+": "); ok { // not a warning
				want = append(want, a)
			}
		}
		var got []string
		for name, a := range s.lookup(p) {
			switch a.state {
			case attrSet:
				got = append(got, name+": set")
			case attrUnset:
				got = append(got, name+": unset")
			case attrValue:
				got = append(got, name+": "+a.value)
			}
		}
		sort.Strings(want)
		sort.Strings(got)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got  %q\n git %q", p, got, want)
		}
	}
}

// TestConversionsMatchGit compares the conversions with what git add
// stores, over contents chosen for their edge cases.
func TestConversionsMatchGit(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	g.write(".gitattributes", "t/* text\na/* text=auto\ni/* ident\nn/* -text\ne/* eol=lf\n")
	contents := []string{
		"", "\r\n", "a\r\nb\r\n", "a\r\nb", "a\rb\r\n", "a\r\r\nb", "x\r", "\r\r\n\n",
		"$Id$", "$Id: abc $\n", "$Id: a\nb $ $Id: c $", "$Id:$", "$Id: no end", "$$Id: x $$", "$Id: x $Id: y $",
		"bin\x00ary\r\n", "ctl\x01\x02\x03\x04\x05\x06\x07\x0e\x0f\r\n", "ends\r\n\x1a",
	}
	for _, d := range []string{"t", "a", "i", "n", "e"} {
		for i, c := range contents {
			g.writeBytes(fmt.Sprintf("%s/%d.md", d, i), []byte(c))
		}
	}
	w := workTree(t, g)
	g.git("add", "-A")
	for _, d := range []string{"t", "a", "i", "n", "e"} {
		for i := range contents {
			p := fmt.Sprintf("%s/%d.md", d, i)
			if got, want := string(w.Files[p].Data), g.blob(":"+p); got != want {
				t.Errorf("%s %q: %q, git stores %q", p, contents[i], got, want)
			}
		}
	}
}

// TestIndexMatchesGoGit reads indexes git wrote (versions 2 to 4, with
// extended flags, without a checksum) and compares them with go-git's
// decoder.
func TestIndexMatchesGoGit(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	for i := range 40 {
		g.write(fmt.Sprintf("content/%s/page-%02d.md", strings.Repeat("deep/", i%5), i), fmt.Sprintf("page %d\n", i))
	}
	g.commit("pages")
	// A path of 4096 bytes, over the 0xfff of the entry's length field
	// (no file system takes it as a file: it is only in the index).
	long := "content/" + strings.Repeat("long-name/", 408) + "abcdx.md"
	g.git("update-index", "--add", "--cacheinfo", "100644,"+g.git("rev-parse", "HEAD:content/page-00.md")+","+long)
	g.write("content/intent.md", "intent\n")
	g.git("add", "-N", "content/intent.md") // an extended flag (version 3)
	check := func(label string) {
		b, err := os.ReadFile(filepath.Join(g.dir, ".git", "index"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseGitIndex(b, func([]byte) bool { return true })
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		var idx index.Index
		if err := index.NewDecoder(bytes.NewReader(b)).Decode(&idx); err != nil {
			t.Fatalf("%s: go-git: %v", label, err)
		}
		n := 0
		for _, e := range idx.Entries {
			if e.Stage != 0 {
				continue
			}
			n++
			s, ok := got[e.Name]
			if !ok || s.hash != e.Hash || s.size != e.Size || s.mtimeSec != unixOrZero(e.ModifiedAt) || s.ino != e.Inode || s.mode != uint32(e.Mode) {
				t.Errorf("%s: %s: %+v, go-git %+v", label, e.Name, s, e)
			}
		}
		if n != len(got) || n < 41 {
			t.Errorf("%s: %d entries, go-git %d", label, len(got), n)
		}
	}
	check("version 3")
	g.git("update-index", "--index-version", "4")
	check("version 4")
	g.git("rm", "-q", "--cached", "content/intent.md")
	g.git("update-index", "--index-version", "2")
	check("version 2")
	// index.skipHash (git 2.40) writes a zero checksum.
	b, err := os.ReadFile(filepath.Join(g.dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := parseGitIndex(b, func([]byte) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	copy(b[len(b)-20:], make([]byte, 20))
	if got, err := parseGitIndex(b, func([]byte) bool { return true }); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("without a checksum: %v", err)
	}
	if _, ok := want[long]; !ok || len(long) != 4096 {
		t.Errorf("the entry of %d bytes is missing", len(long))
	}
}

// FuzzIndex runs the index reader over mutations of indexes git wrote.
func FuzzIndex(f *testing.F) {
	for _, b := range seedFiles(f, "index") {
		f.Add(b)
		v4 := append([]byte(nil), b...)
		v4[7] = 4 // not a valid version 4 index: the fuzzer starts near one
		f.Add(v4)
	}
	f.Add([]byte("DIRC\x00\x00\x00\x04\x00\x00\x00\x01" + strings.Repeat("\x00", 62) + "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01a\x00" + strings.Repeat("\x00", 20)))
	f.Fuzz(func(t *testing.T, b []byte) {
		defer bounded()()
		parseGitIndex(b, func([]byte) bool { return true })
		// A zero checksum is index.skipHash's: past the check, the
		// fuzzer reaches the entries.
		if len(b) < 20 {
			return
		}
		b = append([]byte(nil), b...)
		clear(b[len(b)-20:])
		entries, err := parseGitIndex(b, func([]byte) bool { return true })
		if err != nil {
			return
		}
		for name := range entries {
			if name == "" || len(name) > MaxPathBytes {
				t.Errorf("entry %q", name)
			}
		}
	})
}

// FuzzAttributes runs the attributes parser and matcher over mutations
// of attributes files.
func FuzzAttributes(f *testing.F) {
	f.Add([]byte("*.md text eol=lf\n[attr]doc -text ident\n\"a\\tb\" doc\n**/x/** filter=lfs\n!neg a\n"), "docs/x/y.md")
	f.Add([]byte("[attr]a b\n[attr]b a\n* a\n"), "a")
	f.Add([]byte("\"\"\n\"\n-\n=\n\"\\400\" x\n[!a-]*.md working-tree-encoding=UTF-16\n"), "b.md")
	f.Fuzz(func(t *testing.T, b []byte, p string) {
		defer bounded()()
		if p == "" || len(p) > MaxPathBytes || path.Clean(p) != p || path.IsAbs(p) {
			return // WorkTree looks up clean relative paths
		}
		top := parseAttributes(b, "", true)
		sub := parseAttributes(b, "docs", false)
		s := &attrSource{info: &attrFile{}, dirs: map[string]*attrFile{"": top, "docs": sub}, macros: map[string]*attrRule{}}
		for i := range top.rules {
			if m := top.rules[i].macro; m != "" {
				s.macros[m] = &top.rules[i]
			}
		}
		// Every folder on the way must be known: the source has no Repo.
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if _, ok := s.dirs[d]; !ok {
				s.dirs[d] = &attrFile{base: d}
			}
		}
		c, err := checkinFor(s.lookup(p), "true")
		if err == nil && c.encoding != "" {
			decodeWorkTree(b, c.encoding)
		}
		crlfToGit(b, crlfAuto, func() []byte { return b })
		identToGit(b)
	})
}

func unixOrZero(t time.Time) uint32 {
	if t.IsZero() {
		return 0
	}
	return uint32(t.Unix())
}

// TestEncodingsMatchGit compares decoding with what git add stores (or
// refuses) for working-tree encodings and contents chosen for their
// edge cases.
func TestEncodingsMatchGit(t *testing.T) {
	t.Parallel()
	g := newGitRepo(t)
	cases := []struct{ enc, data string }{
		{"UTF-16", "\xfe\xff\x00A\x00\xe6"},
		{"utf-16", "\xff\xfeA\x00\xe6\x00\r\x00\n\x00"},
		{"UTF16", "A\x00"}, // no BOM
		{"UTF-16BE", "\x00A\xd8\x3d\xde\x00"},
		{"UTF-16LE", "A\x00B"},        // odd length
		{"UTF-16LE", "\x00\xd8A\x00"}, // a lone surrogate
		{"UTF-16LE", "\xff\xfeA\x00"}, // a BOM
		{"UTF-32", "\xff\xfe\x00\x00A\x00\x00\x00"},
		{"UTF-32", "\x00\x00\xfe\xff\x00\x00\x00A"},
		{"UTF-32LE", "A\x00\x00\x00\xe6\x00\x00\x00"},
		{"ISO-8859-1", "\xe6\xf8\xe5 text\n"},
		{"LATIN1", "\xc6\n"},
		{"WINDOWS-1252", "\x80 \x93q\x94\n"},
		{"SHIFT-JIS", "\x82\xa0\x82\xa2\n"},
		{"SJIS", "\x82\xa0\n"},
		{"EUC-JP", "\xa4\xa2\n"},
		{"utf8", "\xef\xbb\xbfbom kept\n"},
	}
	var attrs strings.Builder
	for i, c := range cases {
		fmt.Fprintf(&attrs, "e%d.md working-tree-encoding=%s\n", i, c.enc)
		g.writeBytes(fmt.Sprintf("e%d.md", i), []byte(c.data))
	}
	g.write(".gitattributes", attrs.String())
	w := workTree(t, g)
	skipped := map[string]string{}
	for _, s := range w.Skipped {
		skipped[s.Path] = s.Reason
	}
	for i, c := range cases {
		p := fmt.Sprintf("e%d.md", i)
		cmd := exec.Command("git", "add", "--", p)
		cmd.Dir, cmd.Env = g.dir, g.env()
		out, err := cmd.CombinedOutput()
		f, read := w.Files[p]
		switch {
		case err != nil && read:
			t.Errorf("%s %q: read as %q; git refuses it: %s", c.enc, c.data, f.Data, out)
		case err != nil:
			if !strings.Contains(skipped[p], "working-tree-encoding="+c.enc) {
				t.Errorf("%s %q: reason %q", c.enc, c.data, skipped[p])
			}
		case !read:
			t.Errorf("%s %q: skipped (%s); git stores %q", c.enc, c.data, skipped[p], g.blob(":"+p))
		case string(f.Data) != g.blob(":"+p):
			t.Errorf("%s %q: %q; git stores %q", c.enc, c.data, f.Data, g.blob(":"+p))
		}
	}
}
