package cli

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/safefile"
)

// doc is one document of a set being compared: its path, a key that is
// equal for equal contents where cheap to know (a blob hash), and a loader.
type doc struct {
	path string
	key  string
	load func() ([]byte, error)
}

// revisionDocs lists the tracked documents at a revision.
func revisionDocs(repo *history.Repo, rev history.Hash, paths []string) ([]doc, error) {
	files, err := repo.Files(rev, paths)
	if err != nil {
		return nil, err
	}
	docs := make([]doc, 0, len(files))
	for p, h := range files {
		h := h
		docs = append(docs, doc{path: p, key: h.String(), load: func() ([]byte, error) { return repo.Blob(h) }})
	}
	return docs, nil
}

// workTreeDocs lists the tracked documents as they are in the work tree.
// The walk below a tracked path takes no links, but the path itself is
// opened as named, so a committed link on it ("content -> /etc" with
// content/dpia tracked) is refused here, before anything is read.
func workTreeDocs(repo *history.Repo, paths []string) ([]doc, error) {
	if root := repo.Root(); root != "" {
		for _, p := range paths {
			// Cleaned as history cleans it: inside the work tree.
			rel := path.Clean("/" + strings.ReplaceAll(p, `\`, "/"))[1:]
			if err := safefile.NoLinks(root, rel); err != nil {
				return nil, err
			}
		}
	}
	files, err := repo.WorkTreeFiles(paths)
	if err != nil {
		return nil, err
	}
	docs := make([]doc, 0, len(files))
	for p, data := range files {
		data := data
		docs = append(docs, doc{path: p, load: func() ([]byte, error) { return data, nil }})
	}
	return docs, nil
}

// compareDocs compares two document sets. Documents that cannot be read or
// parsed are skipped with a warning on warn, never silently.
//
// A page added beside its counterpart in another language (langs) is a
// translation, folded into one editorial change as in the history.
func compareDocs(r *classify.Rules, old, new []doc, langs []string, pageURL func(path, lang string) string, warn io.Writer) classify.Diff {
	oldBy := map[string]doc{}
	for _, d := range old {
		oldBy[d.path] = d
	}
	newBy := map[string]doc{}
	for _, d := range new {
		newBy[d.path] = d
	}
	type pair struct {
		old, new *doc
	}
	var pairs []pair
	var removed, added []doc
	for _, d := range old {
		if _, ok := newBy[d.path]; !ok {
			removed = append(removed, d)
		}
	}
	for _, d := range new {
		d := d
		o, ok := oldBy[d.path]
		if !ok {
			added = append(added, d)
			continue
		}
		if o.key != "" && o.key == d.key {
			continue
		}
		pairs = append(pairs, pair{&o, &d})
	}

	contents := func(d doc) ([]byte, bool) {
		data, err := d.load()
		if err != nil {
			fmt.Fprintf(warn, "redline: warning: %s: %v (skipped)\n", d.path, err)
			return nil, false
		}
		return data, true
	}

	var diff classify.Diff
	add := func(dd classify.DocumentDiff) {
		if dd.Class == classify.None && dd.Status != "renamed" && len(dd.Changes) == 0 {
			return
		}
		if pageURL != nil && dd.URL == "" {
			dd.URL = pageURL(dd.Path, dd.Lang)
		}
		diff.Documents = append(diff.Documents, dd)
		diff.Class = classify.Max(diff.Class, dd.Class)
	}
	compare := func(oldPath string, o []byte, newPath string, n []byte) {
		dd, err := r.Compare(oldPath, o, newPath, n)
		if err != nil {
			fmt.Fprintf(warn, "redline: warning: %v (skipped)\n", err)
			return
		}
		if oldPath != "" && newPath != "" && oldPath != newPath {
			dd.Status, dd.OldPath = "renamed", oldPath
		}
		add(dd)
	}

	// Renames: a removed and an added document with the same contents, or
	// with enough lines in common, as history finds them.
	sort.Slice(removed, func(i, j int) bool { return removed[i].path < removed[j].path })
	sort.Slice(added, func(i, j int) bool { return added[i].path < added[j].path })
	removedData := map[string][]byte{}
	for _, d := range removed {
		if data, ok := contents(d); ok {
			removedData[d.path] = data
		}
	}
	renamedFrom := map[string]bool{}
	for _, d := range added {
		data, ok := contents(d)
		if !ok {
			continue
		}
		from, best := "", 0.0
		for _, rd := range removed {
			old := removedData[rd.path]
			if renamedFrom[rd.path] || old == nil {
				continue
			}
			if bytes.Equal(old, data) {
				from = rd.path
				break
			}
			if s := history.Similarity(old, data); s >= history.RenameSimilarity && s > best {
				from, best = rd.path, s
			}
		}
		if from != "" {
			renamedFrom[from] = true
			compare(from, removedData[from], d.path, data)
			continue
		}
		translationOf := ""
		for _, c := range release.Counterparts(d.path, langs) {
			if _, ok := oldBy[c]; ok {
				translationOf = c
				break
			}
		}
		if translationOf == "" {
			compare("", nil, d.path, data)
			continue
		}
		dd, err := r.Compare("", nil, d.path, data)
		if err != nil {
			fmt.Fprintf(warn, "redline: warning: %v (skipped)\n", err)
			continue
		}
		dd.TranslationOf = translationOf
		add(release.Translation(dd))
	}
	for _, d := range removed {
		if renamedFrom[d.path] || removedData[d.path] == nil {
			continue
		}
		compare(d.path, removedData[d.path], "", nil)
	}
	for _, p := range pairs {
		o, ok1 := contents(*p.old)
		n, ok2 := contents(*p.new)
		if !ok1 || !ok2 || bytes.Equal(o, n) {
			continue
		}
		compare(p.old.path, o, p.new.path, n)
	}
	if diff.Class == "" {
		diff.Class = classify.None
	}
	sort.SliceStable(diff.Documents, func(i, j int) bool { return diff.Documents[i].Path < diff.Documents[j].Path })
	if diff.Documents == nil {
		diff.Documents = []classify.DocumentDiff{}
	}
	return diff
}

// docPaths lists the paths of document sets, for detecting languages.
func docPaths(sets ...[]doc) []string {
	var paths []string
	for _, set := range sets {
		for _, d := range set {
			paths = append(paths, d.path)
		}
	}
	return paths
}
