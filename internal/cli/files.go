package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/digdir/redline/internal/safefile"
)

// readDocument reads a document named on the command line (redline diff
// OLD NEW). Only a regular file is read, and no more of it than limit
// bytes (--max-document-bytes; 0 for no limit), so that a named pipe or
// /dev/zero given by mistake, or by a link that leads there, is an error
// instead of a hang or every byte of memory.
func readDocument(p string, limit int) ([]byte, error) {
	data, err := safefile.ReadFile(p, int64(limit))
	if err == nil {
		return data, nil
	}
	if fi, serr := os.Stat(p); serr == nil && fi.IsDir() {
		return nil, errorf("give a Markdown file; to compare the documents under a folder between revisions, name it after --",
			"%s is a directory", p)
	}
	var big *safefile.Error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, errorf("check the path; to compare a revision with the work tree, name the paths after --: redline diff REV -- PATH",
			"%s: no such file", p)
	case errors.As(err, &big) && errors.Is(err, safefile.ErrTooLarge):
		// In the words the document stage uses for the same limit.
		return nil, &hinted{msg: fmt.Sprintf("%s: file is %d bytes, more than the limit of %d", p, big.Size, limit),
			hint: "raise the limit with --max-document-bytes if the file is meant to be this large", err: err}
	}
	return nil, err
}
