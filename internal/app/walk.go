package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
)

// walk lists the revisions of the tracked documents (paths, or the
// configured ones), with progress reported while it runs.
func (a *App) walk(ctx context.Context, rangeSpec string, paths []string, full bool) (*history.Log, error) {
	if len(paths) == 0 {
		paths = a.cfg.Paths
	}
	stop := a.opts.Reporter.Progress("reading history", a.count.Load)
	defer stop()
	log, err := a.repo.Log(ctx, history.Options{
		Paths:       paths,
		Range:       rangeSpec,
		FullHistory: full,
		CacheDir:    a.opts.HistoryCache(),
		Progress:    a.tick,
		SkipEmpty:   true,
	})
	if err != nil {
		return nil, err
	}
	if log.Shallow {
		a.report(Message{Kind: "warning",
			Text: fmt.Sprintf("%s is a shallow clone: only the revisions present here (%d) are listed", a.opts.Repo, len(log.Revisions)),
			Hint: "run 'git fetch --unshallow' for the whole history"})
	}
	for _, n := range log.Notes {
		a.report(Message{Kind: "note", Text: n})
	}
	return log, nil
}

func (a *App) tick(n int) { a.count.Store(int64(n)) }

// classified walks and classifies the history.
func (a *App) classified(ctx context.Context, rangeSpec string, paths []string, full bool) ([]changes.Entry, *history.Log, error) {
	log, err := a.walk(ctx, rangeSpec, paths, full)
	if err != nil {
		return nil, nil, err
	}
	entries := make([]changes.Entry, 0, len(log.Revisions))
	err = a.classifyEach(ctx, log.Revisions, func(e changes.Entry) error {
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return entries, log, nil
}

// classifyEach classifies revisions, newest first, handing each entry to
// emit as soon as it is ready, and warns about the documents it skipped.
func (a *App) classifyEach(ctx context.Context, revs []history.Revision, emit func(changes.Entry) error) error {
	return a.classifyFrom(ctx, a.repo, revs, nil, emit)
}

// classifyFrom is classifyEach reading the versions with blob (nil: from
// repo). The web view passes a nil repo: it reads through its own lock,
// from whichever repository is open.
func (a *App) classifyFrom(ctx context.Context, repo *history.Repo, revs []history.Revision, blob func(history.Hash) ([]byte, error), emit func(changes.Entry) error) error {
	overrides, err := release.LoadOverridesIn(a.root, a.cfg.Overrides)
	if err != nil {
		return err
	}
	a.mu.Lock()
	a.overrides = overrides
	a.mu.Unlock()
	opt := changes.ClassifyOptions{
		CommitURL: a.cfg.CommitURL,
		PageURL:   a.cfg.PageURL,
		Publish:   func(e *changes.Entry, r history.Revision) { release.Publish(e, r, overrides) },
		CacheDir:  a.diffCache(),
		Blob:      blob,
	}
	return changes.ClassifyEach(ctx, repo, revs, a.rules, opt, func(e changes.Entry) error {
		where := short(e.Commit) + " "
		if strings.Trim(e.Commit, "0") == "" {
			where = "" // a comparison of two revisions, not one commit
		}
		for _, d := range e.Documents {
			for _, n := range d.Notes {
				if ctx.Err() != nil {
					break // cut short: each document left would say only that
				}
				a.warn("%s%s: %s", where, d.Path, n)
			}
		}
		return emit(e)
	})
}

// compare classifies one comparison made by history (Repo.Compare, or
// Repo.CompareWorkTree with the work tree's contents as blob) by the
// road every command takes: the changes of `diff A B`, of `show B`, of
// `log` and of the web view's compare are one engine's. A comparison that
// is one commit's own change carries that commit's trailers and
// overrides, as its published class does.
func (a *App) compare(ctx context.Context, repo *history.Repo, rev *history.Revision, blob func(history.Hash) ([]byte, error)) (classify.Diff, error) {
	d := classify.Diff{Class: classify.None, Documents: []classify.DocumentDiff{}}
	err := a.classifyFrom(ctx, repo, []history.Revision{*rev}, blob, func(e changes.Entry) error {
		d.Class = e.Class
		d.Documents = append(d.Documents, e.Documents...)
		return nil
	})
	if err != nil {
		return classify.Diff{}, err
	}
	for _, n := range rev.Notes {
		a.say("note", n)
	}
	return d, nil
}

// LogOptions choose the revisions Log lists.
type LogOptions struct {
	Range       string   // a revision or range A..B; versions and dates resolve too
	Paths       []string // the documents; none = the configured paths
	FullHistory bool     // follow all parents, as 'git log -- PATH' does
}

// Log walks the history and classifies each revision that changed a
// tracked document, newest first, handing each entry to emit as soon as
// it is ready: a long history's entries with their paragraph text run to
// hundreds of megabytes, more than any output needs at once.
func (a *App) Log(ctx context.Context, o LogOptions, emit func(changes.Entry) error) error {
	spec, err := a.ResolveRange(ctx, o.Range)
	if err != nil {
		return err
	}
	log, err := a.walk(ctx, spec, o.Paths, o.FullHistory)
	if err != nil {
		return err
	}
	return a.classifyEach(ctx, log.Revisions, emit)
}
