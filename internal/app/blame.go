package app

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
)

// BlameLine is one paragraph of the blamed page, with the revisions that
// last changed it at all and in substance (the objects of `redline blame
// --format json`).
type BlameLine struct {
	Kind        document.Kind `json:"kind"`
	Lines       [2]int        `json:"lines"`
	Anchor      string        `json:"anchor"`
	Text        string        `json:"text"`
	Changed     *BlameRev     `json:"changed"`
	Substantive *BlameRev     `json:"substantive"`
}

// BlameRev is a revision that changed a paragraph.
type BlameRev struct {
	Commit  string    `json:"commit"`
	Date    time.Time `json:"date"`
	Subject string    `json:"subject"`
	Version string    `json:"version,omitempty"`

	root bool // no parent
	// classes are the revision's changes' classes as published, by
	// fingerprint: with Change-Class trailers and overrides applied.
	classes map[string]classify.Class
}

// Blame attributes each paragraph of a tracked document, as it is at rev,
// to the revisions that last changed it in substance and at all,
// following renames back. file may be absolute, inside the work tree.
func (a *App) Blame(ctx context.Context, file, rev string) ([]BlameLine, error) {
	path := filepath.ToSlash(filepath.Clean(file))
	if root := a.repo.Root(); root != "" && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(root, file); err == nil {
			path = filepath.ToSlash(rel)
		}
	}
	r, err := a.ref(ctx, rev)
	if err != nil {
		return nil, err
	}
	if err := a.blameable(path, rev, r.Hash); err != nil {
		return nil, err
	}
	log, err := a.walk(ctx, r.Hash.String(), nil, false)
	if err != nil {
		return nil, err
	}
	// The index needs the classified changelog: the class of each change,
	// overrides and trailers applied.
	var index blameIndex
	if cl, err := a.Changelog(ctx); err == nil {
		index = indexChangelog(cl)
	}
	steps, err := blameInputs(a.repo, log.Revisions, path, index)
	if err != nil {
		return nil, err
	}
	if len(steps) == 0 {
		hint := "give a Markdown file in the repository"
		if len(a.cfg.Paths) > 0 {
			hint = "give a Markdown file under the tracked paths (" + trackedList(a.cfg.Paths) + ")"
		}
		return nil, errorf(hint, "%s: no revision up to %s changed this document", path, rev)
	}
	return blameChain(ctx, a.rules, a.opts.Limits, steps)
}

// blameable refuses a path that names no tracked document at rev (h):
// one that is not there, a folder, or a document outside the tracked
// paths, each with what to give instead.
func (a *App) blameable(path, rev string, h history.Hash) error {
	at := rev
	if !strings.HasPrefix(h.String(), strings.ToLower(rev)) {
		at += " (" + short(h.String()) + ")"
	}
	files, err := a.repo.Files(h, []string{path})
	if err != nil {
		return err
	}
	if _, ok := files[path]; ok {
		if !tracked(path, a.cfg.Paths) {
			return errorf("blame follows the tracked documents: give one under "+trackedList(a.cfg.Paths)+", or add its folder to paths: in redline.yaml",
				"%s is not under the tracked paths", path)
		}
		return nil
	}
	if len(files) > 0 {
		return errorf("give one document of it, such as "+firstKeys(files, 3), "%s is a folder at %s: blame takes one document", path, at)
	}
	hint := "give the path of a Markdown document relative to the repository root"
	if docs, err := a.repo.Files(h, a.cfg.Paths); err == nil && len(docs) > 0 {
		hint += ", such as " + firstKeys(docs, 3)
	}
	return errorf(hint, "%s: no such document at %s", path, at)
}

// tracked says whether path is one of paths or under one; no paths
// tracks everything.
func tracked(path string, paths []string) bool {
	if len(paths) == 0 {
		return true
	}
	for _, p := range paths {
		p = strings.Trim(p, "/")
		if p == "" || path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// firstKeys names the first n paths of files in order, and how many more
// there are.
func firstKeys(files map[string]history.Hash, n int) string {
	keys := make([]string, 0, len(files))
	for k := range files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := strings.Join(keys[:min(n, len(keys))], ", ")
	if len(keys) > n {
		s += fmt.Sprintf(" (%d more)", len(keys)-n)
	}
	return s
}

// blameIndex is what the classified history knows of each revision: the
// version it belongs to and the published class of each of its changes.
type blameIndex struct {
	versions map[string]string
	classes  map[string]map[string]classify.Class
}

func indexChangelog(cl *release.Changelog) blameIndex {
	x := blameIndex{versions: map[string]string{}, classes: map[string]map[string]classify.Class{}}
	for _, v := range cl.Versions {
		for _, e := range v.Entries {
			x.versions[e.Commit] = v.ID
			byFP := map[string]classify.Class{}
			for _, d := range e.Documents {
				for _, c := range d.Changes {
					byFP[c.Fingerprint] = c.Class
				}
			}
			x.classes[e.Commit] = byFP
		}
	}
	return x
}

// blameInput is one revision of a document, oldest first in a chain.
type blameInput struct {
	path string
	data []byte
	rev  *BlameRev
}

// blameInputs reads the revisions (newest first, as walked) that changed
// path, following renames back, and returns them oldest first; none when
// no revision changed it.
func blameInputs(repo *history.Repo, revs []history.Revision, path string, x blameIndex) ([]blameInput, error) {
	var steps []blameInput
	cur := path
	for _, rev := range revs {
		for _, fc := range rev.Files {
			if fc.NewPath != cur || fc.Status == history.Removed {
				continue
			}
			data, err := repo.Blob(fc.NewBlob)
			if err != nil {
				return nil, err
			}
			h := rev.Hash.String()
			steps = append(steps, blameInput{path: fc.NewPath, data: data,
				rev: &BlameRev{Commit: h, Date: rev.Date, Subject: rev.Subject, Version: x.versions[h], classes: x.classes[h], root: len(rev.Parents) == 0}})
			if fc.OldPath != "" {
				cur = fc.OldPath
			}
			break
		}
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return steps, nil
}

// blameChain attributes the paragraphs of the last document of a chain
// (oldest first) with blameStep. It stops between versions when ctx
// ends: a page with a long history is as many classifications, and a
// request's deadline has to be able to cut them short.
func blameChain(ctx context.Context, r *classify.Rules, limits document.Limits, steps []blameInput) ([]BlameLine, error) {
	var doc *document.Document
	var attr []BlameLine
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		next, err := document.Parse(s.path, s.data, limits)
		if err != nil {
			return nil, fmt.Errorf("%s at %s: %w", s.path, short(s.rev.Commit), err)
		}
		attr = blameStep(r, doc, next, attr, s.rev)
		doc = next
	}
	return attr, nil
}

// blameStep carries the attribution of old's blocks over to next's blocks.
func blameStep(r *classify.Rules, old, next *document.Document, prev []BlameLine, rev *BlameRev) []BlameLine {
	out := make([]BlameLine, len(next.Blocks))
	for i, b := range next.Blocks {
		out[i] = BlameLine{Kind: b.Kind, Lines: [2]int{b.Line, b.EndLine}, Anchor: b.Anchor, Text: b.Text, Changed: rev, Substantive: rev}
	}
	if old == nil {
		return out
	}
	for _, op := range align.Blocks(old.Blocks, next.Blocks, align.DefaultOptions()) {
		if len(op.New) == 0 || len(op.Old) == 0 {
			continue // added blocks keep rev; removed ones are gone
		}
		latest := prev[op.Old[0]]
		for _, o := range op.Old[1:] {
			if prev[o].Substantive.Date.After(latest.Substantive.Date) {
				latest = prev[o]
			}
		}
		changed, substantive := rev, latest.Substantive
		switch {
		case op.Kind == align.Equal && !op.Reflowed:
			changed = prev[op.Old[0]].Changed
		case op.Kind == align.Equal || (op.Kind == align.Moved && !op.Edited):
			// reflowed or moved: changed now, the substance is older
		default:
			d := r.Document(old, next, []align.Op{op})
			class := d.Class
			for _, c := range d.Changes {
				if published, ok := rev.classes[c.Fingerprint]; ok {
					class = published // set by hand in the commit or the overrides file
				}
			}
			if class == classify.Substantive {
				substantive = rev
			}
		}
		for _, n := range op.New {
			out[n].Changed, out[n].Substantive = changed, substantive
		}
	}
	return out
}
