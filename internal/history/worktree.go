package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// WorkTree is the documents of the work tree as git would store them,
// so that comparing them with a revision's blobs compares what a commit
// would change, as `git diff REV` does:
//
//   - a file unchanged since it was staged (its size, times and inode as
//     the index recorded them) is the index's blob, whatever clean filter,
//     encoding or ident git ran on it;
//   - any other file is read and converted as its attributes ask git to
//     store it: working-tree-encoding decoded to UTF-8, CRLF made LF
//     (text, eol, crlf, core.autocrlf), "$Id: ... $" made "$Id$" (ident);
//   - except a file with a filter driver (git-lfs, say): its clean filter
//     is a command, and redline runs no command from a repository it
//     reads, so the file is left out and listed in Skipped.
type WorkTree struct {
	// Files maps paths, slash-separated from the root, to documents.
	Files map[string]WorkFile
	// Skipped lists the documents left out, and why, sorted by path.
	Skipped []SkippedFile
	// Notes tell of the work tree as a whole: an index that could not
	// be read, an attributes file ignored.
	Notes []string
}

// WorkFile is one document of the work tree.
type WorkFile struct {
	Data []byte
	// Blob is the index's blob for a file unchanged since it was staged
	// (Data is its content), and zero for one read from the work tree.
	Blob Hash
}

// SkippedFile is a document of the work tree left out of WorkTree.
type SkippedFile struct {
	Path   string // slash-separated, from the root
	Reason string // why, and what to do: "filter=lfs: ..."
}

// WorkTreeFiles is WorkTree's contents only. A document it would skip
// is an error naming it.
func (r *Repo) WorkTreeFiles(paths []string) (map[string][]byte, error) {
	w, err := r.WorkTree(paths)
	if err != nil {
		return nil, err
	}
	if n := len(w.Skipped); n > 0 {
		s := w.Skipped[0]
		return nil, &Error{
			Msg:  fmt.Sprintf("%d documents of the work tree cannot be read as git would store them; the first: %s: %s", n, s.Path, s.Reason),
			Hint: "stage them (git add), or compare two revisions",
		}
	}
	out := make(map[string][]byte, len(w.Files))
	for p, f := range w.Files {
		out[p] = f.Data
	}
	return out, nil
}

// WorkTree reads the Markdown documents of the work tree below paths
// (all of it when there are none). Symlinks are skipped, as in Files; so
// are nested repositories (submodules). Nothing is written: the index is
// read, never refreshed.
func (r *Repo) WorkTree(paths []string) (*WorkTree, error) {
	spec, err := ParsePathspec(paths)
	if err != nil {
		return nil, err
	}
	return r.workTree(spec)
}

// workTree is WorkTree for a parsed spec.
func (r *Repo) workTree(spec *Pathspec) (*WorkTree, error) {
	if r.root == "" {
		return nil, &Error{
			Msg:  fmt.Sprintf("bare repository has no work tree: %s", r.dir),
			Hint: "compare two revisions instead, or run redline in a clone with a work tree",
		}
	}
	paths := spec.roots()
	if spec.simple {
		spec = nil // the roots say it all
	}
	w := &WorkTree{Files: map[string]WorkFile{}}
	idx, err := r.readIndex(indexKeep(paths))
	noIndex := ""
	switch {
	case err == nil:
	case errors.Is(err, errNoIndex):
		noIndex = "nothing has been staged in this repository yet"
	default:
		noIndex = "the index cannot be read"
		msg := err.Error()
		var e *Error
		if errors.As(err, &e) && e.Hint != "" {
			msg += " (hint: " + e.Hint + ")"
		}
		w.Notes = append(w.Notes, msg+"; redline reads every document from the work tree instead, converted as .gitattributes asks git to store it, and leaves out those with a filter")
	}
	conf := r.workConfig()
	var attrs *attrSource // read when a file needs converting
	var stop error        // an error for the person, returned as is

	if len(paths) == 0 {
		paths = []string{""}
	}
	for _, p := range paths {
		start := filepath.Join(r.root, filepath.FromSlash(p))
		err := filepath.WalkDir(start, func(file string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) && file == start {
					return nil // the tracked path is not in the work tree
				}
				return err
			}
			if d.IsDir() {
				if d.Name() == ".git" || file != start && isNestedRepo(file) {
					return filepath.SkipDir
				}
				if spec != nil && file != r.root {
					if rel, err := filepath.Rel(r.root, file); err == nil && spec.dirState(filepath.ToSlash(rel)) == stateNone {
						return filepath.SkipDir
					}
				}
				return nil
			}
			if !d.Type().IsRegular() || !isMarkdown(d.Name()) {
				return nil
			}
			rel, err := filepath.Rel(r.root, file)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if !spec.Match(rel) {
				return nil
			}
			why := noIndex // why a file with a filter cannot be read
			if idx != nil {
				why = "it is not in the index"
				if e, ok := idx.entries[rel]; ok {
					if fi, err := d.Info(); err != nil {
						why = err.Error()
					} else {
						why = idx.changed(e, fi, conf)
					}
					if why == "" {
						if b, err := r.Blob(e.hash); err == nil {
							w.Files[rel] = WorkFile{Data: b, Blob: e.hash}
							return nil
						}
						// The staged blob is missing or damaged: the
						// file, converted, is the next best.
						why = "its staged version cannot be read from the repository"
					}
				}
			}
			if attrs == nil {
				if attrs, err = newAttrSource(r, idx, &w.Notes); err != nil {
					return err
				}
			}
			c, err := checkinFor(attrs.lookup(rel), conf.autocrlf)
			if err != nil {
				stop = encodingError(rel, err)
				return filepath.SkipAll
			}
			if c.filter != "" {
				w.Skipped = append(w.Skipped, SkippedFile{rel, filterReason(c.filter, why)})
				return nil
			}
			b, err := r.readWorkFile(file)
			if err != nil {
				return err
			}
			b, err = r.toGit(rel, b, c, idx)
			var unknown errUnknownEncoding
			switch {
			case errors.As(err, &unknown):
				stop = encodingError(rel, err)
				return filepath.SkipAll
			case err != nil:
				w.Skipped = append(w.Skipped, SkippedFile{rel, err.Error()})
				return nil
			}
			w.Files[rel] = WorkFile{Data: b}
			return nil
		})
		if stop != nil {
			return nil, stop
		}
		if err != nil {
			return nil, fmt.Errorf("read work tree %s: %w", start, err)
		}
	}
	sort.Slice(w.Skipped, func(i, j int) bool { return w.Skipped[i].Path < w.Skipped[j].Path })
	return w, nil
}

// toGit converts a work-tree file's content as git's convert_to_git
// does, but for a filter, which the caller has ruled out.
func (r *Repo) toGit(rel string, b []byte, c checkin, idx *gitIndex) ([]byte, error) {
	if c.encoding != "" {
		var err error
		if b, err = decodeWorkTree(b, c.encoding); err != nil {
			return nil, err
		}
	}
	b = crlfToGit(b, c.crlf, func() []byte {
		if idx == nil {
			return nil
		}
		if e, ok := idx.entries[rel]; ok {
			if staged, err := r.blob(e.hash); err == nil {
				return staged
			}
		}
		return nil
	})
	if c.ident {
		b = identToGit(b)
	}
	return b, nil
}

func encodingError(rel string, err error) error {
	return &Error{
		Msg:  fmt.Sprintf("%s: %v", rel, err),
		Hint: "in .gitattributes, name an encoding that both git (iconv) and redline know, such as UTF-16, UTF-16LE, ISO-8859-1, windows-1252 or Shift_JIS; or compare two revisions, which needs no conversion",
		Err:  err,
	}
}

// filterReason says why a file with a filter is left out.
func filterReason(driver, why string) string {
	cmd := "its clean command (filter." + driver + ".clean)"
	if driver == "lfs" {
		cmd = "git-lfs"
	}
	return fmt.Sprintf("filter=%s: git would run %s on it to compare it, and redline runs no command from a repository; %s: stage it (git add) if it changed, run 'git status' to refresh the index if it did not, or compare two revisions", driver, cmd, why)
}

// indexKeep says which index entries WorkTree needs: those below the
// tracked paths, and every .gitattributes (the fall-back for a folder
// whose file is missing from the work tree).
func indexKeep(paths []string) func(name []byte) bool {
	return func(name []byte) bool {
		if len(paths) == 0 || string(name) == ".gitattributes" ||
			len(name) > len("/.gitattributes") && string(name[len(name)-len("/.gitattributes"):]) == "/.gitattributes" {
			return true
		}
		for _, p := range paths {
			if len(name) >= len(p) && string(name[:len(p)]) == p && (len(name) == len(p) || name[len(p)] == '/') {
				return true
			}
		}
		return false
	}
}

// changed says why a work-tree file may have changed since it was
// staged, or "" when it has not, as git's ie_match_stat decides without
// reading it: same size, times and inode, and not "racily clean"
// (written in the same instant as the index, which times cannot tell).
func (x *gitIndex) changed(e stagedEntry, fi fs.FileInfo, conf workConfig) string {
	const differs = "it has changed since it was staged (its size, times or inode differ from what the index recorded)"
	mt := fi.ModTime()
	switch {
	case !fi.Mode().IsRegular() || e.size != uint32(fi.Size()):
		return differs
	case e.size == 0 && e.hash != emptyBlob:
		// git marks a racily clean entry by zeroing its size.
		return "it was written in the same instant as the index, so the index cannot tell whether it changed"
	case !timeMatches(e.mtimeSec, e.mtimeNsec, mt.Unix(), int64(mt.Nanosecond())):
		return differs
	case !mt.Before(x.written):
		return "it was written in the same instant as the index, so the index cannot tell whether it changed"
	case !conf.minimalStat && !sysStatMatches(e, fi, conf.trustCtime):
		return differs
	}
	return ""
}

// timeMatches compares a time the index recorded with a file's. An index
// written by a git that keeps no nanoseconds has 0 there: the seconds
// are compared, as that git does.
func timeMatches(sec, nsec uint32, s, ns int64) bool {
	return sec == uint32(s) && (nsec == 0 || nsec == uint32(ns))
}

// workConfig is the configuration WorkTree follows, from the
// repository's config file (the user's and the system's are not read).
type workConfig struct {
	autocrlf    string // "true", "input" or "false"
	trustCtime  bool   // core.trustctime
	minimalStat bool   // core.checkStat=minimal
}

func (r *Repo) workConfig() workConfig {
	c := workConfig{autocrlf: "false", trustCtime: true}
	cfg, err := r.st.Config()
	if err != nil || cfg == nil || cfg.Raw == nil {
		return c
	}
	core := cfg.Raw.Section("core")
	if v := core.Option("autocrlf"); strings.EqualFold(v, "input") {
		c.autocrlf = "input"
	} else if gitBool(v) {
		c.autocrlf = "true"
	}
	if v := core.Option("trustctime"); v != "" && !gitBool(v) {
		c.trustCtime = false
	}
	c.minimalStat = strings.EqualFold(core.Option("checkstat"), "minimal")
	return c
}

// gitBool reads a boolean as git's config does; anything else is false.
func gitBool(v string) bool {
	switch strings.ToLower(v) {
	case "true", "yes", "on":
		return true
	}
	n, err := strconv.Atoi(v)
	return err == nil && n != 0
}
