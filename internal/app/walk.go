package app

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
)

// walk lists the revisions of the tracked documents (paths, or the
// configured ones), with progress reported while it runs.
func (a *App) walk(ctx context.Context, rangeSpec string, paths []string, full bool) (*history.Log, error) {
	stop := a.opts.Reporter.Progress(Progress{What: "walking", Unit: "commit", Done: a.count.Load})
	defer stop()
	return a.walkEach(ctx, rangeSpec, paths, full, nil)
}

// walkEach is walk without progress, handing each revision to each as it
// is listed when each is set (see history.Options.Each).
func (a *App) walkEach(ctx context.Context, rangeSpec string, paths []string, full bool, each func(history.Revision) error) (*history.Log, error) {
	if len(paths) == 0 {
		paths = a.cfg.Paths
	}
	listed := 0 // revisions handed to each
	if each != nil {
		inner := each
		each = func(r history.Revision) error {
			listed++
			return inner(r)
		}
	}
	log, err := a.repo.Log(ctx, history.Options{
		Paths:       paths,
		Range:       rangeSpec,
		FullHistory: full,
		CacheDir:    a.opts.HistoryCache(),
		Progress:    a.tick,
		SkipEmpty:   true,
		Each:        each,
	})
	if err != nil {
		return nil, err
	}
	if each == nil {
		listed = len(log.Revisions)
	}
	if log.Shallow {
		a.report(Message{Kind: "warning",
			Text: fmt.Sprintf("%s is a shallow clone: only the revisions present here (%d) are listed", a.opts.Repo, listed),
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
	return a.classifyWalk(ctx, repo, revs, nil, blob, emit)
}

// classifyWalk is classifyFrom of revs or, when walk is set, of the
// revisions it lists while it lists them (see changes.ClassifyWalk).
func (a *App) classifyWalk(ctx context.Context, repo *history.Repo, revs []history.Revision, walk func(put func(history.Revision) error) error, blob func(history.Hash) ([]byte, error), emit func(changes.Entry) error) error {
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
	var done atomic.Int64
	var at atomic.Value
	at.Store("")
	p := Progress{What: "classifying", Unit: "commit", Total: int64(len(revs)),
		Done: done.Load, At: func() string { return at.Load().(string) }}
	if walk != nil {
		// The total is what the walk has listed so far.
		var listed atomic.Int64
		var over atomic.Bool
		p.Listed = func() (int64, bool) { return listed.Load(), over.Load() }
		inner := walk
		walk = func(put func(history.Revision) error) error {
			defer over.Store(true)
			return inner(func(r history.Revision) error {
				listed.Add(1)
				return put(r)
			})
		}
	}
	if len(revs) > 1 || walk != nil {
		// One comparison (diff, show, the web view's compare) has no
		// count to show.
		stop := a.opts.Reporter.Progress(p)
		defer stop()
	}
	each := func(e changes.Entry) error {
		where := short(e.Commit) + " "
		if strings.Trim(e.Commit, "0") == "" {
			where = "" // a comparison of two revisions, not one commit
		}
		done.Add(1)
		at.Store(strings.TrimSpace(where))
		for _, d := range e.Documents {
			for _, n := range d.Notes {
				if ctx.Err() != nil {
					break // cut short: each document left would say only that
				}
				a.warn("%s%s: %s", where, d.Path, n)
			}
		}
		return emit(e)
	}
	if walk != nil {
		return changes.ClassifyWalk(ctx, repo, walk, a.rules, opt, each)
	}
	return changes.ClassifyEach(ctx, repo, revs, a.rules, opt, each)
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
	Max         int      // at most this many entries; 0 for no limit
	Author      string   // a case-insensitive part of the author's name or email
	Class       classify.Class
	Since       string // a date YYYY-MM-DD, a version id or a revision: see Bound
	Until       string // likewise, the last day or revision listed
}

// errEnough stops a walk that has listed the entries asked for.
var errEnough = errors.New("enough entries")

// Log walks the history and classifies each revision that changed a
// tracked document, newest first, handing each entry to emit as soon as
// it is ready: a long history's entries with their paragraph text run to
// hundreds of megabytes, more than any output needs at once.
//
// --since and --until count a revision of a version that has a
// publication date as made on that date, as dates given for a revision
// read (see dayIn); other revisions count by their author dates.
func (a *App) Log(ctx context.Context, o LogOptions, emit func(changes.Entry) error) error {
	spec, err := a.ResolveRange(ctx, o.Range)
	if err != nil {
		return err
	}
	var since, until *Bound
	var days map[string]string
	if o.Since != "" || o.Until != "" {
		cl := a.versionsOrNil(ctx)
		days = publishedDays(cl, a.publishedOn())
		if o.Since != "" {
			if since, err = a.bound(ctx, cl, days, "--since", o.Since); err != nil {
				return err
			}
		}
		if o.Until != "" {
			if until, err = a.bound(ctx, cl, days, "--until", o.Until); err != nil {
				return err
			}
		}
	}
	author := strings.ToLower(o.Author)
	filtered := author != "" || since != nil || until != nil
	// Without a class to match, the first o.Max are the ones.
	firsts := o.Max > 0 && o.Class == ""
	var revs []history.Revision
	var walk func(put func(history.Revision) error) error
	var blob func(history.Hash) ([]byte, error)
	if log := a.reuse(spec, o.Paths, o.FullHistory); log != nil {
		revs = pick(log.Revisions, o, author, since, until, days)
	} else if rd := a.repo.Reader(); rd != nil {
		// The first revisions are classified while the walk lists the
		// rest: the walk reads commits and trees with the repository,
		// the classification reads versions with a reader of its own.
		blob = rd.SharedBlob
		walk = func(put func(history.Revision) error) error {
			listed := 0
			_, err := a.walkEach(ctx, spec, o.Paths, o.FullHistory, func(r history.Revision) error {
				if filtered && !matches(&r, author, since, until, days) || firsts && listed >= o.Max {
					return nil
				}
				listed++
				return put(r)
			})
			return err
		}
	} else {
		log, err := a.walk(ctx, spec, o.Paths, o.FullHistory)
		if err != nil {
			return err
		}
		revs = pick(log.Revisions, o, author, since, until, days)
	}
	n := 0
	err = a.classifyWalk(ctx, a.repo, revs, walk, blob, func(e changes.Entry) error {
		if o.Class != "" && e.Class != o.Class {
			return nil
		}
		if err := emit(e); err != nil {
			return err
		}
		if n++; o.Max > 0 && n >= o.Max {
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		return nil
	}
	return err
}

// Bound is one end of a span of time log lists: a whole day, or the
// moment a commit was made.
type Bound struct {
	Day  string    // YYYY-MM-DD, or empty
	Time time.Time // when Day is empty
}

// moment is when a revision counts as made: the day its version was
// published, else its author date.
type moment struct {
	day string // YYYY-MM-DD, or "" for t
	t   time.Time
}

func (m moment) dayOf() string {
	if m.day != "" {
		return m.day
	}
	return m.t.Format(time.DateOnly)
}

func (b *Bound) dayOf() string {
	if b.Day != "" {
		return b.Day
	}
	return b.Time.Format(time.DateOnly)
}

// after says whether m is before the span that starts at b. A day on
// either side compares by days.
func (b *Bound) after(m moment) bool {
	if b.Day != "" || m.day != "" {
		return m.dayOf() < b.dayOf()
	}
	return m.t.Before(b.Time)
}

// before says whether m is after the span that ends at b.
func (b *Bound) before(m moment) bool {
	if b.Day != "" || m.day != "" {
		return m.dayOf() > b.dayOf()
	}
	return m.t.After(b.Time)
}

// Bound reads the value of --since or --until (flag): a date YYYY-MM-DD
// (the whole day, in each revision's own time zone), a version id (its
// publication date, or the date of the commit that closes it when it has
// none), or a revision (its version's publication date, else the date of
// that commit).
func (a *App) Bound(ctx context.Context, flag, x string) (*Bound, error) {
	cl := a.versionsOrNil(ctx)
	return a.bound(ctx, cl, publishedDays(cl, a.publishedOn()), flag, x)
}

// versionsOrNil is the changelog when it can be built; without it,
// revisions count by their own dates.
func (a *App) versionsOrNil(ctx context.Context) *release.Changelog {
	cl, err := a.versions(ctx)
	if err != nil {
		return nil
	}
	return cl
}

// bound is Bound with the changelog (nil when it cannot be built) and its
// publication days at hand. Version ids are read as ref reads them:
// before git's names when they read as one.
func (a *App) bound(ctx context.Context, cl *release.Changelog, days map[string]string, flag, x string) (*Bound, error) {
	if day, ok := dateArg(x); ok {
		if day == "" {
			return nil, errorf("write dates as YYYY-MM-DD", "%s %q is not a date", flag, x)
		}
		return &Bound{Day: day}, nil
	}
	if cl != nil && versionLike.MatchString(x) {
		if v := findVersion(cl, x); v != nil {
			return a.versionBound(ctx, flag, x, v, days)
		}
	}
	if h, err := a.repo.Resolve(x); err == nil {
		return a.revBound(ctx, flag, x, h, days)
	}
	if cl != nil {
		if v := findVersion(cl, x); v != nil {
			return a.versionBound(ctx, flag, x, v, days)
		}
	}
	hint := "give a date YYYY-MM-DD, a version id or a revision"
	if cl != nil {
		hint += "; " + KnownVersions(cl)
	}
	return nil, errorf(hint, "%s %q is neither a date, a version nor a revision", flag, x)
}

// versionBound is the moment of version v: its publication date, else
// that of the commit that closes it.
func (a *App) versionBound(ctx context.Context, flag, x string, v *release.Version, days map[string]string) (*Bound, error) {
	if isoDay(v.Date) {
		return &Bound{Day: v.Date}, nil
	}
	if c := versionCommit(v); c != "" {
		if h, err := a.repo.Resolve(c); err == nil {
			return a.revBound(ctx, flag, x, h, days)
		}
	}
	if len(v.Entries) > 0 {
		return &Bound{Time: v.Entries[0].Date}, nil
	}
	return nil, errorf("give a date YYYY-MM-DD, or a version that has a revision", "%s %s: version %s has neither a date nor a revision", flag, x, v.ID)
}

// revBound is the moment of commit h: its version's publication date,
// else when it was made.
func (a *App) revBound(ctx context.Context, flag, x string, h history.Hash, days map[string]string) (*Bound, error) {
	if d := days[h.String()]; d != "" {
		return &Bound{Day: d}, nil
	}
	return a.commitBound(ctx, flag, x, h)
}

// versionLike matches what reads as a version id: 2.5, v2.5, unreleased.
var versionLike = regexp.MustCompile(`^(v?[0-9]+(\.[0-9]+)*|unreleased)$`)

// commitBound is the moment commit h was made (its author date).
func (a *App) commitBound(ctx context.Context, flag, x string, h history.Hash) (*Bound, error) {
	if p, err := a.repo.Resolve(h.String() + "^"); err == nil {
		rev, err := a.repo.Compare(p, h, a.cfg.Paths)
		if err == nil && rev.Hash == h {
			return &Bound{Time: rev.Date}, nil
		}
	}
	// A root commit: the walk from it lists it alone.
	log, err := a.repo.Log(ctx, history.Options{Range: h.String(), Paths: a.cfg.Paths})
	if err == nil {
		for _, r := range log.Revisions {
			if r.Hash == h {
				return &Bound{Time: r.Date}, nil
			}
		}
	}
	return nil, errorf("give a date YYYY-MM-DD instead", "%s %s: cannot read the date of commit %s", flag, x, short(h.String()))
}

// pick keeps the revisions of revs that Log lists: those of an author
// (lower case; "" for any) made within since and until (nil for no
// bound), the first o.Max of them when no class is asked for. Without a
// filter it passes the walk's own list on: a copy of every revision would
// be held through the whole classification.
func pick(revs []history.Revision, o LogOptions, author string, since, until *Bound, days map[string]string) []history.Revision {
	if author != "" || since != nil || until != nil {
		kept := make([]history.Revision, 0, len(revs))
		for i := range revs {
			if matches(&revs[i], author, since, until, days) {
				kept = append(kept, revs[i])
			}
		}
		revs = kept
	}
	if o.Max > 0 && o.Class == "" && len(revs) > o.Max {
		revs = revs[:o.Max]
	}
	return revs
}

// matches reports whether r is of an author (lower case; "" for any) and
// made within since and until (nil for no bound), as Log's options say.
func matches(r *history.Revision, author string, since, until *Bound, days map[string]string) bool {
	if author != "" && !strings.Contains(strings.ToLower(r.Author), author) && !strings.Contains(strings.ToLower(r.Email), author) {
		return false
	}
	m := moment{day: days[r.Hash.String()], t: r.Date}
	return !(since != nil && since.after(m) || until != nil && until.before(m))
}
