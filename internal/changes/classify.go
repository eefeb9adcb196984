package changes

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/digdir/redline/internal/classify"
	page "github.com/digdir/redline/internal/document" // changes has a func named document
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/langpath"
)

// ClassifyOptions are what Classify needs besides the revisions.
type ClassifyOptions struct {
	Workers   int                            // documents compared at once; 0 = GOMAXPROCS
	CommitURL func(hash string) string       // nil = no commit links
	PageURL   func(path, lang string) string // nil = no page links
	// Publish, when set, is given each entry with its revision once its
	// documents are in, before the classes of the documents and of the
	// entry are worked out from their changes; it is called from one
	// goroutine, newest first. release.Publish applies the commit's
	// Change-Class trailer and the overrides file this way. The entry's
	// slices of documents, changes and notes are its own (a comparison
	// other revisions share is copied) and may be changed in place; what
	// a change points to (its reasons, sides, override) may be shared, and
	// is replaced, not changed.
	Publish func(e *Entry, r history.Revision)
	// CacheDir, when set, keeps each comparison on disk there (see
	// diffcache.go), so that a later run compares only new pairs. The
	// directory must be particular to the rules and the program: a
	// comparison is stored under its pair of versions alone.
	CacheDir string
	// Blob reads a version of a document by its blob id; nil reads the
	// repository's objects. A comparison with the work tree passes the
	// work tree's contents this way, under the ids git would give them.
	Blob func(history.Hash) ([]byte, error)
}

// compareFunc compares two versions of a document (nil content for the
// side that does not exist).
type compareFunc func(oldPath string, old []byte, newPath string, new []byte) (classify.DocumentDiff, error)

// Classify turns history revisions (newest first) into entries, in the
// same order. Documents that cannot be read (objects missing from a
// partial clone, binary or non-UTF-8 content) or compared become a Note on
// their DocumentDiff and are skipped; only a failure to read the
// repository itself stops the run. When only the old side of a comparison
// is the problem, the new side is compared with the last readable version
// of the page in an older revision instead, with a note saying so, so that
// a change made across an unreadable revision is not lost.
func Classify(ctx context.Context, repo *history.Repo, revs []history.Revision, rules *classify.Rules, opt ClassifyOptions) ([]Entry, error) {
	return collect(func(emit func(Entry) error) error {
		return ClassifyEach(ctx, repo, revs, rules, opt, emit)
	}, len(revs))
}

// ClassifyEach classifies as Classify does, handing each entry to emit as
// soon as it is finished, newest first, instead of collecting them: only
// a bounded window of comparisons is in flight, so memory does not grow
// with the history. An error from emit stops the run and is returned.
func ClassifyEach(ctx context.Context, repo *history.Repo, revs []history.Revision, rules *classify.Rules, opt ClassifyOptions, emit func(Entry) error) error {
	return classifyRepo(ctx, repo, revs, nil, rules, opt, emit)
}

// ClassifyWalk classifies as ClassifyEach does the revisions that walk
// lists, while it lists them: walk runs on a goroutine of its own and
// hands each revision, newest first, to put, and the first comparisons
// start as soon as their revisions are put. put never waits for the
// classification. Once the run has stopped (emit failed, the context
// ended) put returns an error, which walk should return; an error of
// walk's own ends the run with that error. walk must not use repo
// itself unless opt.Blob reads the versions some other way: a
// history.Repo is not safe for concurrent use.
func ClassifyWalk(ctx context.Context, repo *history.Repo, walk func(put func(history.Revision) error) error, rules *classify.Rules, opt ClassifyOptions, emit func(Entry) error) error {
	return classifyRepo(ctx, repo, nil, walk, rules, opt, emit)
}

func classifyRepo(ctx context.Context, repo *history.Repo, revs []history.Revision, walk func(put func(history.Revision) error) error, rules *classify.Rules, opt ClassifyOptions, emit func(Entry) error) error {
	var c comparer = newDocCache(rules, docCacheBytes)
	if opt.CacheDir != "" {
		d := newDiskComparer(c, opt.CacheDir)
		defer d.Close()
		c = d
	}
	blob := opt.Blob
	if blob == nil {
		// The versions are parsed, never changed: no copy needed.
		blob = repo.SharedBlob
	}
	return classifyFeed(ctx, blob, revs, walk, c, opt, emit)
}

func collect(run func(emit func(Entry) error) error, n int) ([]Entry, error) {
	entries := make([]Entry, 0, n)
	err := run(func(e Entry) error {
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return entries, nil
}

// pairKey names one comparison. The same pair of blobs at the same paths
// comes back after reverts and cherry-picks, and is compared once.
type pairKey struct {
	oldBlob, newBlob history.Hash
	oldPath, newPath string
}

type job struct {
	i        int32
	key      pairKey
	old, new []byte
	note     string // set when the content could not be read: not compared
	oldBad   bool   // the note is about the old side: an older version may do
}

// comparer compares the sides of one comparison. plan is told each
// comparison of the run before it is compared, in the order of their
// numbers; done is called once after each compare of comparison i (and
// for each comparison skipped with a note), from the worker that ran it.
// compare is given the number of the comparison asking: k is its pair, or
// one side of it with another (reaching back past an unreadable version).
type comparer interface {
	plan(k pairKey)
	compare(i int32, k pairKey, old, new []byte) (classify.DocumentDiff, error)
	done(i int32)
	// cached reports a side of comparison i the comparer holds already:
	// compare then gets nil for that side, and the blob is not read.
	cached(i int32, old bool) bool
}

// funcComparer compares with a compareFunc and keeps nothing.
type funcComparer compareFunc

func (f funcComparer) plan(pairKey) {}
func (f funcComparer) compare(_ int32, k pairKey, old, new []byte) (classify.DocumentDiff, error) {
	return f(k.oldPath, old, k.newPath, new)
}
func (f funcComparer) done(int32)              {}
func (f funcComparer) cached(int32, bool) bool { return false }

func classifyRevisions(ctx context.Context, blob func(history.Hash) ([]byte, error), revs []history.Revision, compare compareFunc, opt ClassifyOptions) ([]Entry, error) {
	return collect(func(emit func(Entry) error) error {
		return classifyWith(ctx, blob, revs, funcComparer(compare), opt, emit)
	}, len(revs))
}

// window is how many comparisons may be read or compared ahead of the
// oldest one not yet put into an entry. It keeps the workers busy while a
// slow document is compared, and bounds the blobs and results held.
func window(workers int) int { return 16 * workers }

func classifyWith(ctx context.Context, blob func(history.Hash) ([]byte, error), revs []history.Revision, compare comparer, opt ClassifyOptions, emit func(Entry) error) error {
	return classifyFeed(ctx, blob, revs, nil, compare, opt, emit)
}

// errStopped is put's answer once the run has stopped: the walk returns
// it, and it goes no further.
var errStopped = errors.New("classification stopped")

// classifyFeed classifies revs, then the revisions walk lists (when it is
// set) while it lists them: walk runs on a goroutine of its own, and the
// first comparisons start as soon as it has put their revisions. A pair
// of versions that comes back in revs is compared once.
func classifyFeed(ctx context.Context, blob func(history.Hash) ([]byte, error), revs []history.Revision, walk func(put func(history.Revision) error) error, compare comparer, opt ClassifyOptions, emit func(Entry) error) error {
	// The distinct comparisons are numbered in the order they first
	// appear, and the revisions that use each counted: the last takes
	// the result itself, the others a copy (Publish may change it per
	// commit).
	fd := newFeed(compare.plan)
	// The repository is read by the reader and, for the rare comparison
	// whose old side is unreadable, by the worker looking further back.
	var blobMu yieldLock
	unlocked := blob
	blob = func(h history.Hash) ([]byte, error) {
		blobMu.Lock()
		defer blobMu.Unlock()
		return unlocked(h)
	}
	back := &lineage{feed: fd, blob: blob}

	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// A canceled run wakes whoever waits for the walk.
	defer context.AfterFunc(ctx, fd.stop)()
	for _, r := range revs {
		fd.put(r) // cannot fail: nothing has started
	}
	walked := make(chan struct{})
	if walk == nil {
		fd.end(nil)
		close(walked)
	} else {
		go func() {
			defer close(walked)
			err := walk(fd.put)
			if errors.Is(err, errStopped) {
				err = nil // the run stopped first, and says why
			}
			fd.end(err)
		}()
	}
	// Comparisons are started in index order, each taking a slot that is
	// given back when its first revision takes the result. The revision
	// waiting holds the lowest index not yet taken, so its comparison has
	// always been started or can be: the window never deadlocks, however
	// many documents one revision changes. finished holds as many as the
	// window, so that a worker never waits while the revisions before are
	// put out.
	slots := make(chan struct{}, window(workers))
	finished := make(chan result, window(workers))
	readErr := make(chan error, 1)
	go func() {
		readErr <- compareAll(ctx, blob, fd, compare, back, workers, slots, finished)
	}()
	stop := func(err error) error {
		cancel()
		fd.stop()
		for range finished {
		}
		<-walked
		if rerr := <-readErr; err == nil {
			err = rerr
		}
		return err
	}

	// A result is held from its comparison to its last use: a pointer
	// per comparison of the history, not a whole DocumentDiff.
	var results []*classify.DocumentDiff
	var ready, taken []bool
	grow := func(i int32) {
		for int(i) >= len(results) {
			results, ready, taken = append(results, nil), append(ready, false), append(taken, false)
		}
	}
	next := 0 // the position in at of the revision's first file
	for n := 0; ; n++ {
		r, at, ok, err := fd.revision(n, next)
		if err != nil {
			return stop(err)
		}
		if !ok {
			break
		}
		next += len(at)
		e := Entry{
			Commit:    r.Hash.String(),
			Parents:   make([]string, len(r.Parents)),
			Date:      r.Date,
			Author:    r.Author,
			Subject:   r.Subject,
			Class:     classify.None,
			Documents: make([]classify.DocumentDiff, 0, len(r.Files)),
		}
		for i, p := range r.Parents {
			e.Parents[i] = p.String()
		}
		if opt.CommitURL != nil {
			e.URL = opt.CommitURL(e.Commit)
		}
		for fi, f := range r.Files {
			k := at[fi]
			grow(k)
			for !ready[k] {
				res, ok := <-finished
				if !ok {
					// The comparisons stopped early: reading the
					// repository failed (said first), or the context.
					cerr := ctx.Err()
					if err := stop(nil); err != nil {
						return err
					}
					return cerr
				}
				grow(res.i)
				results[res.i], ready[res.i] = res.d, true
			}
			if !taken[k] {
				taken[k] = true
				<-slots
			}
			shared := fd.take(k)
			e.Documents = append(e.Documents, document(*results[k], shared, f, opt.PageURL))
			if !shared {
				results[k] = nil // nothing else reads it
			}
		}
		if opt.Publish != nil {
			opt.Publish(&e, r)
		}
		for i := range e.Documents {
			d := &e.Documents[i]
			if len(d.Changes) > 0 {
				d.Class = classify.None
				for _, c := range d.Changes {
					d.Class = classify.Max(d.Class, c.Class)
				}
			}
			e.Class = classify.Max(e.Class, d.Class)
		}
		if err := emit(e); err != nil {
			return stop(err)
		}
	}
	return stop(ctx.Err())
}

// result is a finished comparison.
type result struct {
	i int32
	d *classify.DocumentDiff
}

func keyOf(f history.FileChange) pairKey {
	return pairKey{f.OldBlob, f.NewBlob, f.OldPath, f.NewPath}
}

// compareAll compares the comparisons, in order of their index, on a
// bounded pool of workers. Each worker takes a slot, then the next
// comparison from the feed: taking them in this order keeps the started
// comparisons a run of indices from the lowest not yet put into an entry,
// which the window needs (see classifyFeed), and no goroutine stands
// between the feed and the workers, to be woken for each comparison. Its
// index is sent on finished once its result is stored; finished is closed
// when all workers are done, before compareAll returns.
//
// Each worker reads the blobs of its comparison itself (blob serialises
// the reads: a history.Repo is not safe for concurrent use), so that one
// worker reads while the other compares, and a side is read only when the
// comparer does not hold its parse by then. A failure to read the
// repository stops the run: no comparison is started after it, those
// started are finished, and the error returned is that of the first
// comparison, by index, that failed. A run stopped by ctx starts nothing
// more either; the caller reports ctx's error.
func compareAll(ctx context.Context, blob func(history.Hash) ([]byte, error), fd *feed, compare comparer, back *lineage, workers int, slots chan struct{}, finished chan<- result) error {
	stored, _ := compare.(interface{ has(pairKey) bool })
	var (
		failMu sync.Mutex
		failAt = int32(math.MaxInt32) // the index of the first comparison whose read failed
		failed = make(chan struct{})
		err    error // the failure at failAt
	)
	stopped := func() bool {
		select {
		case <-failed:
			return true
		default:
			return ctx.Err() != nil
		}
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
					return
				case <-failed:
					return
				}
				i, k, ok := fd.next()
				// select picks at random among ready cases: look again,
				// so that a stopped run starts nothing.
				if !ok || stopped() {
					return
				}
				j := job{i: i, key: k}
				if stored == nil || !stored.has(j.key) {
					var rerr error
					cached := func(old bool) bool { return compare.cached(j.i, old) }
					j.old, j.new, j.note, j.oldBad, rerr = read(blob, j.key, cached, func() bool { return back.hasPrev(j.i) })
					if rerr != nil {
						failMu.Lock()
						if failAt == math.MaxInt32 {
							close(failed)
						}
						if j.i < failAt {
							failAt, err = j.i, rerr
						}
						failMu.Unlock()
						continue
					}
				}
				d := run(j, compare, back)
				compare.done(j.i)
				finished <- result{j.i, &d}
			}
		}()
	}
	wg.Wait()
	close(finished)
	if err == nil {
		err = back.failed()
	}
	return err
}

// read fetches both sides of a comparison. A side that cannot be used as
// a document gives a note instead of an error; oldBad says the note is
// about the old side while the new one is readable. The new side is read
// after a bad old one only when older reaches back to an older version.
func read(blob func(history.Hash) ([]byte, error), k pairKey, cached func(old bool) bool, older func() bool) (old, new []byte, note string, oldBad bool, err error) {
	side := func(h history.Hash, p string, isOld bool) ([]byte, string, error) {
		if h.IsZero() || cached(isOld) {
			return nil, "", nil
		}
		return readSide(blob, h, p)
	}
	if old, note, err = side(k.oldBlob, k.oldPath, true); err != nil || (note != "" && !older()) {
		return nil, nil, note, false, err
	}
	oldNote := note
	new, note, err = side(k.newBlob, k.newPath, false)
	if err != nil {
		return nil, nil, "", false, err
	}
	if oldNote != "" {
		// Said first, as before: the old side is what stopped the comparison.
		return nil, new, oldNote, note == "", nil
	}
	return old, new, note, false, nil
}

// readSide reads one version of a page; content that cannot be a page
// gives a note, and only a failure of the repository an error.
func readSide(blob func(history.Hash) ([]byte, error), h history.Hash, p string) ([]byte, string, error) {
	b, err := blob(h)
	if errors.Is(err, history.ErrMissingObject) {
		return nil, fmt.Sprintf("object %s of %s is missing from the repository (a partial clone?); document skipped", h, p), nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("%s: cannot read object %s: %w", p, h, err)
	}
	if problem := history.TextProblem(b); problem != "" {
		return nil, fmt.Sprintf("object %s of %s is %s; document skipped", h, p, problem), nil
	}
	if b == nil {
		b = []byte{} // an empty page exists: nil would mean it does not
	}
	return b, "", nil
}

func run(j job, compare comparer, back *lineage) classify.DocumentDiff {
	p := j.key.newPath
	if p == "" {
		p = j.key.oldPath
	}
	note := j.note
	oldBad := j.oldBad
	if note == "" {
		d, err := compare.compare(j.i, j.key, j.old, j.new)
		if err == nil {
			return d
		}
		note = skipNote(err)
		var oe oldSideError
		oldBad = errors.As(err, &oe)
	}
	if oldBad {
		if d, ok := back.compareOlder(j, compare); ok {
			return d
		}
	}
	return classify.DocumentDiff{Path: p, Class: classify.None, Changes: []classify.Change{}, Notes: []string{note}}
}

// oldSideError is a comparer's error about the old side of a comparison:
// an older version of the page may still be compared with the new one.
type oldSideError struct{ err error }

func (e oldSideError) Error() string { return e.err.Error() }
func (e oldSideError) Unwrap() error { return e.err }

// lineage links each comparison to the one that made its old side, so a
// comparison whose old side is unreadable can reach back along the page's
// history (renames included, as the revisions' FileChanges follow them)
// to its last readable version. It holds two numbers per comparison; the
// older versions are read only when needed, one at a time.
type lineage struct {
	feed *feed
	blob func(history.Hash) ([]byte, error)

	once sync.Once
	ok   bool // the links are made: the walk ended and the run goes on
	keys *chunked[pairKey]
	prev []int32 // comparison whose new side is this one's old side; -1 if none in the history
	made []int32 // the revision of a comparison's oldest use: the one that made its new side
	revs *chunked[history.Revision]

	mu  sync.Mutex
	err error // the first failure to read the repository while reaching back
}

// ready makes the links, once, when the walk is over: an older version of
// a page is listed after the newer ones. It reports false when the run
// stopped first.
func (l *lineage) ready() bool {
	l.once.Do(func() {
		revs, at, keys, ok := l.feed.whole()
		if ok {
			l.link(revs, at, keys)
			l.ok = true
		}
	})
	return l.ok
}

// hasPrev reports whether an older version of comparison i's old side is
// in the history.
func (l *lineage) hasPrev(i int32) bool { return l.ready() && l.prev[i] >= 0 }

func (l *lineage) link(revs *chunked[history.Revision], at []int32, keys *chunked[pairKey]) {
	l.keys, l.prev, l.made, l.revs = keys, make([]int32, keys.len()), make([]int32, keys.len()), revs
	seen := make([]bool, keys.len())
	for i := range l.prev {
		l.prev[i] = -1
	}
	// Oldest first, so that a comparison's link is set at its first use
	// and points at one used before it: the links never form a cycle.
	last := map[docKey]int32{}
	pos := len(at)
	for r := revs.len() - 1; r >= 0; r-- {
		files := revs.at(r).Files
		pos -= len(files)
		for n, f := range files {
			i := at[pos+n]
			if !seen[i] {
				seen[i] = true
				l.made[i] = int32(r)
				if p, ok := last[docKey{f.OldBlob, f.OldPath}]; ok && !f.OldBlob.IsZero() {
					l.prev[i] = p
				}
			}
			if !f.NewBlob.IsZero() {
				last[docKey{f.NewBlob, f.NewPath}] = i
			}
		}
	}
}

func (l *lineage) failed() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// version names the version a comparison made: its commit, or its object
// when the history shown does not reach the commit.
func (l *lineage) version(made int32, blob history.Hash) string {
	if made < 0 {
		return "object " + short(blob.String())
	}
	r := l.made[made]
	return short(l.revs.at(int(r)).Hash.String())
}

// compareOlder compares the new side of j with the newest older version
// of the page that can be read and parsed, walking back past the
// unreadable ones. It reports false when there is none: the page was
// added after them, or the history shown starts after it.
func (l *lineage) compareOlder(j job, compare comparer) (classify.DocumentDiff, bool) {
	if !l.ready() {
		return classify.DocumentDiff{}, false
	}
	var skipped []string
	for p := l.prev[j.i]; p >= 0; p = l.prev[p] {
		// keys[p] made the version that failed; its old side is the next
		// one to try.
		k := *l.keys.at(int(p))
		skipped = append(skipped, l.version(p, k.newBlob))
		if k.oldBlob.IsZero() {
			return classify.DocumentDiff{}, false
		}
		src, note, err := readSide(l.blob, k.oldBlob, k.oldPath)
		if err != nil {
			l.mu.Lock()
			if l.err == nil {
				l.err = err
			}
			l.mu.Unlock()
			return classify.DocumentDiff{}, false
		}
		if note != "" {
			continue
		}
		d, err := compare.compare(j.i, pairKey{k.oldBlob, j.key.newBlob, k.oldPath, j.key.newPath}, src, j.new)
		var oe oldSideError
		if errors.As(err, &oe) {
			continue
		}
		if err != nil {
			return classify.DocumentDiff{}, false
		}
		d.Notes = append(d.Notes, fmt.Sprintf("compared with %s, the last readable version: %s could not be read",
			l.version(l.prev[p], k.oldBlob), strings.Join(skipped, ", ")))
		return d, true
	}
	return classify.DocumentDiff{}, false
}

// skipNote says why a document was skipped. The reader of the warning is
// told the commit and path already; the note adds the line and the hint.
func skipNote(err error) string {
	var de *page.Error
	if !errors.As(err, &de) {
		return fmt.Sprintf("cannot compare: %v; document skipped", err)
	}
	msg := de.Msg
	if de.Line > 0 {
		msg = fmt.Sprintf("line %d: %s", de.Line, msg)
	}
	if de.Hint != "" {
		msg += " (hint: " + de.Hint + ")"
	}
	return "cannot compare: " + msg + "; document skipped"
}

// document puts a cached comparison into an entry, copied when another
// revision uses it too (its changes may be overridden per commit), and
// fills in what the revision knows.
func document(cached classify.DocumentDiff, shared bool, f history.FileChange, pageURL func(path, lang string) string) classify.DocumentDiff {
	d := cached
	if shared {
		d.Changes = make([]classify.Change, len(cached.Changes))
		copy(d.Changes, cached.Changes)
		d.Notes = append([]string(nil), cached.Notes...)
	} else {
		// As the copy would be: changes never null, notes nil when none.
		if d.Changes == nil {
			d.Changes = make([]classify.Change, 0)
		}
		if len(d.Notes) == 0 {
			d.Notes = nil
		}
	}
	d.Path = f.Path()
	d.OldPath = ""
	if f.Status == history.Renamed {
		d.OldPath = f.OldPath
	}
	d.Status = f.Status
	d.TranslationOf = f.TranslationOf
	// A page added or removed is one change, its paragraphs folded into
	// it: a reviewer reads "the page was published", not each paragraph.
	switch {
	case f.Status == history.Added && f.TranslationOf != "":
		d = classify.Translation(d)
	case f.Status == history.Added:
		d = classify.Published(d)
	case f.Status == history.Removed:
		d = classify.Removed(d)
	}
	if d.Lang == "" {
		d.Lang = langpath.Lang(d.Path)
	}
	if d.Class == "" {
		d.Class = classify.None
	}
	if pageURL != nil && f.Status != history.Removed {
		d.URL = pageURL(d.Path, d.Lang)
		for i := range d.Changes {
			if f.Status == history.Added {
				// One change for the whole page: a text fragment
				// cannot span its paragraphs; the link is the page's.
				d.Changes[i].URL = d.URL
				continue
			}
			d.Changes[i].URL = deepLink(d.URL, d.Changes[i])
		}
	}
	return d
}

// deepLink points at the changed paragraph: the section anchor, and a
// text fragment (#anchor:~:text=...) made of the paragraph's first words,
// which browsers that support it scroll to and highlight. Removed text is
// not on the page, so it gets the section only.
func deepLink(pageURL string, c classify.Change) string {
	if pageURL == "" {
		return ""
	}
	u := pageURL
	frag := c.Anchor
	if c.New != nil && c.Op != classify.OpFrontMatter {
		if words := leadingWords(c.New.Text, 6); words != "" {
			frag += ":~:text=" + fragmentEscape(words)
		}
	}
	if frag != "" {
		u += "#" + frag
	}
	return u
}

// leadingWords returns up to n words from the start of a block's source,
// after list, quote and heading markers, stopping at the first Markdown
// markup: a text fragment must match the rendered text exactly. Fewer
// than two words is too little to be unique, and gives "".
func leadingWords(src string, n int) string {
	// A reader's browser matches the rendered text: a link or image reads
	// as its text, emphasis and code marks are not shown.
	src = inlineLinkRE.ReplaceAllString(src, "$1")
	src = strings.NewReplacer("**", "", "__", "", "`", "").Replace(src)
	fields := strings.Fields(src)
	for len(fields) > 0 && isMarker(fields[0]) {
		fields = fields[1:]
	}
	var out []string
	for _, w := range fields {
		if len(out) == n || strings.ContainsAny(w, "*_[]()`<>|\\{}#!~") {
			break
		}
		out = append(out, w)
	}
	if len(out) < 2 {
		return ""
	}
	return strings.Join(out, " ")
}

var inlineLinkRE = regexp.MustCompile(`!?\[([^\[\]]*)\]\([^()\s]*\)`)

var markerRE = regexp.MustCompile(`^([-*+>]|#{1,6}|\d+[.)])$`)

func isMarker(w string) bool { return markerRE.MatchString(w) }

// fragmentEscape escapes text for a text fragment, where "-", "&" and ","
// are syntax too.
func fragmentEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ':
			b.WriteString("%20")
		case r == '-' || r == '&' || r == ',' || r == '#' || r == '%' || r == '?' || r == '/' || r == ':':
			fmt.Fprintf(&b, "%%%02X", r)
		case r < 0x80 && r > 0x20:
			b.WriteRune(r)
		default:
			for _, c := range []byte(string(r)) {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
	}
	return b.String()
}

// yieldLock is a mutex whose waiter yields its processor, rather than
// sleeps, for a while before it sleeps. The workers take turns reading
// the repository, each read tens of microseconds: a worker put to sleep
// behind the other's read was woken on a processor that had gone idle,
// which on a virtual machine took about as long again, and the workers
// waited for a processor a third of their time once the walk had ended.
// Yielding runs the walk, when it has work, in the meantime.
type yieldLock struct{ mu sync.Mutex }

// yieldFor bounds the yielding: past it, the holder is doing more than a
// read of a small version, and the waiter sleeps.
const yieldFor = 200 * time.Microsecond

func (l *yieldLock) Lock() {
	if l.mu.TryLock() {
		return
	}
	for start := time.Now(); time.Since(start) < yieldFor; {
		runtime.Gosched()
		if l.mu.TryLock() {
			return
		}
	}
	l.mu.Lock()
}

func (l *yieldLock) Unlock() { l.mu.Unlock() }
