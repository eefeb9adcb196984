package document

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The version corpus is a git bundle of policy pages from Open Terms
// Archive (https://opentermsarchive.org), data under ODC-By 1.0; it is
// used in place and tests needing it skip when it is absent.
const corpusBundle = "../../../shared/corpora/pga-versions.bundle"

// corpusChange is one modification of one page in the corpus history:
// the blob before and after.
type corpusChange struct {
	path     string
	old, new string
}

// corpus is a clone of the bundle with a git cat-file process reading
// blobs out of it.
type corpus struct {
	dir     string
	changes []corpusChange
	cat     *exec.Cmd
	in      io.WriteCloser
	out     *bufio.Reader
}

func openCorpus(t testing.TB) *corpus {
	t.Helper()
	if _, err := os.Stat(corpusBundle); err != nil {
		t.Skipf("version corpus absent (%s): %v", corpusBundle, err)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	bundle, err := filepath.Abs(corpusBundle)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "pga.git")
	if out, err := exec.Command("git", "clone", "-q", "--bare", bundle, dir).CombinedOutput(); err != nil {
		t.Fatalf("git clone %s: %v\n%s", bundle, err, out)
	}
	// --raw lists each modified file with its old and new blob; without
	// rename detection a rename is a deletion and an addition, so every
	// "M" line is one version following another at the same path.
	log, err := exec.Command("git", "-C", dir, "log", "--reverse", "--raw", "--no-abbrev", "--no-renames", "--format=", "--", ".").Output()
	if err != nil {
		t.Fatalf("git log: %v", err)
	}
	c := &corpus{dir: dir}
	for _, line := range strings.Split(string(log), "\n") {
		meta, path, ok := strings.Cut(line, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 5 || f[4] != "M" || !strings.HasSuffix(path, ".md") {
			continue
		}
		c.changes = append(c.changes, corpusChange{path: path, old: f[2], new: f[3]})
	}
	c.cat = exec.Command("git", "-C", dir, "cat-file", "--batch")
	if c.in, err = c.cat.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := c.cat.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.out = bufio.NewReaderSize(stdout, 1<<16)
	if err := c.cat.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.in.Close()
		c.cat.Wait()
	})
	return c
}

// blob returns the content of the blob with the given id.
func (c *corpus) blob(id string) ([]byte, error) {
	if _, err := fmt.Fprintln(c.in, id); err != nil {
		return nil, err
	}
	hdr, err := c.out.ReadString('\n')
	if err != nil {
		return nil, err
	}
	f := strings.Fields(hdr)
	if len(f) != 3 || f[1] != "blob" {
		return nil, fmt.Errorf("git cat-file: unexpected answer %q for %s", hdr, id)
	}
	n, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n+1) // content and a newline
	if _, err := io.ReadFull(c.out, buf); err != nil {
		return nil, err
	}
	return bytes.Clone(buf[:n]), nil
}
