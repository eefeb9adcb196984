package history

import (
	"container/heap"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

const commitType = plumbing.CommitObject

// Options selects the revisions Log returns.
type Options struct {
	Paths       []string // tracked paths as git pathspecs (see Pathspec), relative to the repository root; empty = whole tree
	Range       string   // "" (HEAD), "REV", or "A..B" (reachable from B, not from A)
	FullHistory bool     // follow all parents with git's history simplification, instead of the first parent only
	CacheDir    string   // "" = no cache; see DefaultCacheDir
	Progress    func(done int)
	// SkipEmpty drops revisions that change the tracked paths but no
	// Markdown document (images only, or a merge that brings no document
	// change from a side branch). A merge of branches that each changed
	// documents is kept, though its combined diff may be empty: it is
	// not TREESAME to any parent for the documents, so git log lists
	// it. Without SkipEmpty the revisions are exactly git log's.
	SkipEmpty bool
	// Each, when set, is handed each revision as soon as it is listed,
	// newest first, instead of Log collecting them: Log.Revisions is
	// then nil (Notes, Shallow and Partial are set as before). An error
	// from Each stops the walk; Log returns it unwrapped. The walk keeps
	// the revision's slices for its disk cache until Log returns:
	// nothing may change them.
	Each func(Revision) error
}

// Log is the result of a walk.
type Log struct {
	Revisions []Revision // newest first
	Shallow   bool       // the repository is a shallow clone: history stops at its boundary
	// Partial says the repository is a partial clone (git clone
	// --filter): versions of documents may be missing by design.
	// Repo.Complete names them.
	Partial bool
	Notes   []string // skipped submodules and symlinks, each naming the path and commit
}

// Revision is one commit that changed the tracked paths.
type Revision struct {
	Hash     Hash
	Parents  []Hash
	Author   string // name
	Email    string
	Date     time.Time // author date, in the author's time zone
	Subject  string
	Body     string       // message without the subject, trailers included
	Trailers []Trailer    // in order
	Files    []FileChange // sorted by FileChange.Path
	Notes    []string     // as in Log.Notes, for this revision
}

// walk is the state of one Log call.
type walk struct {
	r             *Repo
	spec          *Pathspec // the tracked paths, with the documents followed so far
	base          *Pathspec // the tracked paths as given
	full          bool
	keys          map[Hash]Hash // the path keys the full walk computed; nil in the first-parent walk, which needs each once
	cache         *diskCache
	uninteresting map[Hash]bool
	bottoms       map[Hash]bool // the A of A..B: uninteresting, yet relevant

	// Following documents renamed into the tracked paths (see follow):
	// the revisions computed on the way and not yet shown, the spec each
	// was computed with, and every cache opened (one per spec).
	revs     map[Hash]*Revision
	specAt   map[Hash]*Pathspec
	caches   []*diskCache
	cacheDir string

	prev     *tipRecord // the previous walk's result, from the disk cache
	visited  []Hash     // commits this walk processed, for the next tipRecord
	usedPrev bool       // the walk ended with prev's result

	// strs holds one copy of each path, author and email of the
	// revisions: a history names a few hundred pages and a few dozen
	// people thousands of times, and the caller keeps every revision
	// while it classifies them.
	strs map[string]string
}

// intern returns the walk's copy of s.
func (w *walk) intern(s string) string {
	if s == "" {
		return ""
	}
	if t, ok := w.strs[s]; ok {
		return t
	}
	w.strs[s] = s
	return s
}

// compact shares the strings of rev that recur across a history (see
// walk.strs) and trims its file list to its length.
func (w *walk) compact(rev *Revision) {
	rev.Author, rev.Email = w.intern(rev.Author), w.intern(rev.Email)
	rev.Files = slices.Clip(rev.Files)
	for i := range rev.Files {
		f := &rev.Files[i]
		f.OldPath, f.NewPath, f.TranslationOf = w.intern(f.OldPath), w.intern(f.NewPath), w.intern(f.TranslationOf)
	}
}

// Log lists the revisions that changed the tracked paths, newest first.
//
// By default it follows first parents, so a merged pull request is one
// revision (diffed against the branch it was merged into). With
// FullHistory it follows git's default history simplification and lists
// what `git log --format=%H -- PATHS` lists; a merge shown there carries
// the documents that differ from every parent. In both, a document
// renamed into the tracked paths from outside them is followed to its
// old path for the rest of the walk, as `git log --follow` follows one
// file (see walk.follow): its history goes on past a restructure.
func (r *Repo) Log(ctx context.Context, opt Options) (*Log, error) {
	spec, err := ParsePathspec(opt.Paths)
	if err != nil {
		return nil, err
	}
	w := &walk{r: r, spec: spec, base: spec, full: opt.FullHistory, strs: map[string]string{},
		revs: map[Hash]*Revision{}, specAt: map[Hash]*Pathspec{}}
	if w.full {
		w.keys = map[Hash]Hash{}
	}
	// The commits read on the way are needed only during the walk: a
	// caller classifying thousands of revisions need not keep them all.
	defer r.forgetCommits()
	defer func() { r.subKeys, r.subKeySpec = nil, nil }()
	tip, bottoms, err := r.parseRange(opt.Range)
	if err != nil {
		return nil, err
	}
	// A shallow clone's boundary commits have their parents cut off, so
	// what is computed for them is not a function of the commit alone.
	if opt.CacheDir != "" && len(r.shallow) == 0 {
		w.cacheDir = opt.CacheDir
		w.cache = openDiskCache(opt.CacheDir, r.cacheID(), spec.key(), w.full)
		w.caches = append(w.caches, w.cache)
		// What this walk reads goes to the cache, which later runs trust:
		// check trees and commits against their ids (see packs.verifies).
		if r.packs != nil && !r.packs.verifyAll {
			r.packs.verifyAll = true
			defer func() { r.packs.verifyAll = false }()
		}
	}
	if len(bottoms) > 0 {
		if w.uninteresting, err = w.ancestors(ctx, bottoms); err != nil {
			return nil, err
		}
		w.bottoms = map[Hash]bool{}
		for _, b := range bottoms {
			w.bottoms[b] = true
		}
	} else if w.cache != nil {
		w.prev = w.cache.loadTip()
	}
	log := &Log{Shallow: len(r.shallow) > 0, Partial: r.partial}
	// The paths the listed revisions change, for absentPaths: with Each
	// the revisions are not kept.
	changed := map[string]bool{}
	shown := 0 // how many of the walk's revisions show has been given
	show := func(h Hash) error {
		shown++
		// Each revision is shown once: what the walk kept for it goes
		// with it, so that the walk holds no more than it must.
		rev, spec := w.revs[h], w.specAt[h]
		delete(w.revs, h)
		delete(w.specAt, h)
		if rev == nil {
			// Not followed in the walk: the spec is still the one given.
			var err error
			if rev, err = w.revision(h); err != nil {
				return err
			}
		}
		log.Notes = append(log.Notes, rev.Notes...)
		if opt.SkipEmpty && len(rev.Files) == 0 {
			// A merge shown in full history may change documents
			// against every parent and still have an empty combined
			// diff: it joins branches that changed different documents.
			// git log -- PATH lists it, and so does this.
			if keep, err := w.joinsDocs(rev, spec); err != nil {
				return err
			} else if !keep {
				return nil
			}
		}
		w.compact(rev)
		for _, f := range rev.Files {
			changed[f.OldPath], changed[f.NewPath] = true, true
		}
		if opt.Each != nil {
			return opt.Each(*rev)
		}
		log.Revisions = append(log.Revisions, *rev)
		return nil
	}
	// The walks show each revision as they reach it, so that a caller
	// classifying them starts while they walk.
	var hashes []Hash
	if w.full {
		hashes, err = w.walkFull(ctx, tip, opt.Progress, show)
	} else {
		hashes, err = w.walkFirstParent(ctx, tip, opt.Progress, show)
	}
	if err != nil {
		return nil, err
	}
	// The rest is the previous walk's tail, which the walks leave to this
	// loop; they look at the context as they go, and so does it.
	tail := hashes[shown:]
	if opt.Each == nil {
		log.Revisions = slices.Grow(log.Revisions, len(tail))
	}
	for i, h := range tail {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if err := show(h); err != nil {
			return nil, err
		}
	}
	delete(changed, "") // the old path of an addition, the new one of a removal
	if missing, checked, err := w.absentPaths(tip, changed); err != nil {
		return nil, err
	} else if len(missing) > 0 {
		where := "revision " + tip.String()[:12]
		if opt.Range == "" {
			where = "HEAD (" + tip.String()[:12] + ")"
		}
		what := fmt.Sprintf("%s is not in %s, and no revision listed touches it", quoteList(missing), where)
		hint := "tracked paths (after -- or under paths: in redline.yaml) are relative to the repository root; check the spelling, or list what is there with git ls-tree -r --name-only HEAD"
		if len(missing) == checked {
			return nil, &Error{Msg: "nothing to list: " + what, Hint: hint}
		}
		log.Notes = append(log.Notes, what+" (the other paths are listed)")
	}
	if w.cache != nil {
		// Best effort: a cache that cannot be written is only slower.
		for _, c := range w.caches {
			c.save()
		}
		// A walk that followed documents past a rename computed what it
		// shows below it with another spec: the next walk from here
		// must do so again.
		if len(bottoms) == 0 && (w.prev == nil || w.prev.tip != tip) && w.spec == w.base {
			w.caches[0].saveTip(w.newTip(tip, hashes))
		}
	}
	return log, nil
}

// absentPaths returns the tracked paths that are not in the tip's tree
// and that no listed revision touches (changed holds the paths they
// change): a misspelt path, or one that was removed before the range.
// Checking the tip costs a few tree reads. An exclude is never absent; a
// glob is when nothing matches it.
func (w *walk) absentPaths(tip Hash, changed map[string]bool) (missing []string, checked int, err error) {
	var literal []string
	var globs []specItem
	for _, it := range w.base.items {
		switch {
		case it.exclude:
		case it.path == "":
			return nil, 0, nil // the root is always there
		case it.literal && !it.icase:
			literal = append(literal, strings.TrimSuffix(it.path, "/"))
		default:
			globs = append(globs, it)
		}
	}
	literal = cleanPaths(literal)
	checked = len(literal) + len(globs)
	if checked == 0 {
		return nil, 0, nil
	}
	c, err := w.commit(tip)
	if err != nil {
		return nil, 0, err
	}
	for _, p := range literal {
		if _, ok, err := w.r.lookup(c.tree, p); err != nil {
			return nil, 0, err
		} else if ok || touches(changed, func(f string) bool { return f == p || strings.HasPrefix(f, p+"/") }) {
			continue
		}
		missing = append(missing, p)
	}
	for _, it := range globs {
		one := &Pathspec{items: []specItem{it}}
		files, err := w.r.files(c.tree, one)
		if err != nil {
			return nil, 0, err
		}
		if len(files) > 0 || touches(changed, one.Match) {
			continue
		}
		missing = append(missing, it.raw)
	}
	return missing, checked, nil
}

// touches reports whether a path of changed is one under.
func touches(changed map[string]bool, under func(string) bool) bool {
	for p := range changed {
		if under(p) {
			return true
		}
	}
	return false
}

func quoteList(ps []string) string {
	q := make([]string, len(ps))
	for i, p := range ps {
		q[i] = strconv.Quote(p)
	}
	return strings.Join(q, ", ")
}

// parseRange resolves "", "REV" or "A..B" into a tip and the bottoms whose
// ancestors are excluded.
func (r *Repo) parseRange(rng string) (tip Hash, bottoms []Hash, err error) {
	if strings.Contains(rng, "...") {
		return Hash{}, nil, &Error{
			Msg:  fmt.Sprintf("symmetric ranges are not supported: %q", rng),
			Hint: "use A..B for the revisions reachable from B but not from A",
		}
	}
	a, b, isRange := strings.Cut(rng, "..")
	if !isRange {
		tip, err = r.Resolve(rng)
		return tip, nil, err
	}
	if tip, err = r.Resolve(b); err != nil {
		return Hash{}, nil, err
	}
	bottom, err := r.Resolve(a)
	if err != nil {
		return Hash{}, nil, err
	}
	return tip, []Hash{bottom}, nil
}

// ancestors returns every commit reachable from the given ones.
func (w *walk) ancestors(ctx context.Context, from []Hash) (map[Hash]bool, error) {
	seen := map[Hash]bool{}
	stack := append([]Hash(nil), from...)
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[h] {
			continue
		}
		seen[h] = true
		if len(seen)%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		c, err := w.commit(h)
		if err != nil {
			return nil, err
		}
		stack = append(stack, c.parents...)
	}
	return seen, nil
}

// commit returns the parents, tree and time of a commit, from the disk
// cache when it has them.
func (w *walk) commit(h Hash) (*commitInfo, error) {
	if w.cache != nil {
		if rec, ok := w.cache.get(h); ok {
			return &rec.info, nil
		}
	}
	return w.r.commit(h)
}

// key returns the path key of a commit (see pathKey).
func (w *walk) key(h Hash) (Hash, error) {
	if w.cache != nil {
		if rec, ok := w.cache.get(h); ok {
			return rec.key, nil
		}
	}
	if k, ok := w.keys[h]; ok {
		return k, nil
	}
	c, err := w.commit(h)
	if err != nil {
		return Hash{}, err
	}
	k, err := w.r.pathKey(c.tree, w.spec)
	if err != nil {
		return Hash{}, err
	}
	if w.keys != nil {
		w.keys[h] = k
	}
	if w.cache != nil {
		if err := w.checkInfo(h, c); err != nil {
			return Hash{}, err
		}
		w.cache.put(h, &cacheRecord{info: commitInfo{tree: c.tree, parents: c.parents, ctime: c.ctime}, key: k})
	}
	return k, nil
}

// checkInfo checks what is known of a commit against its object, checked
// against its id, before it goes to the disk cache: the commit-graph is a
// file nobody has vetted and no id covers (a forged one could otherwise
// make the cache, which other runs trust, say what it likes of real
// commits), and a commit read before the walk began to check objects
// (say, resolving its range) was not checked.
func (w *walk) checkInfo(h Hash, c *commitInfo) error {
	if c.checked {
		return nil
	}
	b, err := w.r.raw(commitType, h)
	if err != nil {
		return err
	}
	o, err := parseCommitHeader(b)
	if err != nil {
		return damaged(fmt.Errorf("commit %s: %w", h, err))
	}
	if o.tree != c.tree || !slices.Equal(o.parents, c.parents) {
		return &Error{
			Msg:  fmt.Sprintf("the commit-graph of %s disagrees with commit %s about its tree or parents", w.r.dir, h),
			Hint: "the commit-graph file is damaged or forged: remove .git/objects/info/commit-graph (and info/commit-graphs/), or rebuild it with git commit-graph write --reachable",
			Err:  ErrDamaged,
		}
	}
	c.ctime = o.ctime
	c.checked = true
	return nil
}

func (w *walk) progress(f func(int), n int) {
	if f != nil && n%64 == 0 {
		f(n)
	}
}

// walkFirstParent follows first parents from tip and returns the commits
// whose tracked paths differ from their first parent's. It hands each to
// show as soon as it is found, except those it takes from the previous
// walk (the tail after the cached tip), which the caller shows.
func (w *walk) walkFirstParent(ctx context.Context, tip Hash, progress func(int), show func(Hash) error) ([]Hash, error) {
	var out []Hash
	// Commit ids cannot form a cycle, but a forged commit or commit-graph
	// can claim one: a commit that was its own parent once made this loop
	// run until memory ran out.
	seen := map[Hash]struct{}{}
	// The key of h, computed in the turn of its child under the spec
	// kSpec: a rename followed since changes the spec, and the keys.
	var k Hash
	var kSpec *Pathspec
	n := 0
	for h := tip; !h.IsZero() && !w.uninteresting[h]; n++ {
		if _, ok := seen[h]; ok {
			return nil, w.cycle(h)
		}
		seen[h] = struct{}{}
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		w.progress(progress, n)
		if w.prev != nil && h == w.prev.tip && w.spec == w.base {
			// The rest of the chain is the previous walk's.
			out = append(out, w.prev.shown...)
			w.usedPrev = true
			break
		}
		w.visited = append(w.visited, h)
		c, err := w.commit(h)
		if err != nil {
			return nil, err
		}
		if kSpec != w.spec {
			if k, err = w.key(h); err != nil {
				return nil, err
			}
		}
		var pk Hash
		var next Hash
		if len(c.parents) > 0 {
			next = c.parents[0]
			if pk, err = w.key(next); err != nil {
				return nil, err
			}
		}
		kSpec = w.spec
		if k != pk {
			out = append(out, h)
			if err := w.reach(h, show); err != nil {
				return nil, err
			}
		} else {
			c.raw = nil // not shown: keep memory bounded on long walks
		}
		h, k = next, pk
	}
	if progress != nil {
		progress(n)
	}
	return out, nil
}

// cycle is the error for a history that comes back to commit h: ids
// cannot form a cycle, so a forged object (one not checked against its
// id) or a damaged cache claims one.
func (w *walk) cycle(h Hash) error {
	return &Error{
		Msg:  fmt.Sprintf("the history of %s loops: commit %s is its own ancestor", w.r.dir, h),
		Hint: "git histories cannot loop, so the repository is damaged or forged: remove .git/objects/info/commit-graph (and info/commit-graphs/) if there is one, and check the rest with git fsck",
		Err:  ErrDamaged,
	}
}

// walkFull reproduces git's default revision walk with history
// simplification (revision.c: try_to_simplify_commit, get_commit_action):
// commits come out newest first by committer date; a commit is shown
// unless it is TREESAME; a merge TREESAME to a parent follows only that
// parent. Like walkFirstParent, it hands each commit it shows to show as
// it reaches it, and leaves the previous walk's tail to the caller.
func (w *walk) walkFull(ctx context.Context, tip Hash, progress func(int), show func(Hash) error) ([]Hash, error) {
	var out []Hash
	q := &dateQueue{}
	seen := map[Hash]bool{tip: true}
	c, err := w.commit(tip)
	if err != nil {
		return nil, err
	}
	q.push(tip, c.ctime)
	n := 0
	for q.Len() > 0 {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		w.progress(progress, n)
		n++
		h := q.pop()
		if w.uninteresting[h] {
			continue
		}
		if w.prev != nil && h == w.prev.tip && q.Len() == 0 && w.spec == w.base && !w.prev.overlaps(w.visited) {
			// Nothing else is queued and nothing walked so far is in the
			// previous walk: the rest of this walk is that walk.
			out = append(out, w.prev.shown...)
			w.usedPrev = true
			break
		}
		w.visited = append(w.visited, h)
		c, err := w.commit(h)
		if err != nil {
			return nil, err
		}
		k, err := w.key(h)
		if err != nil {
			return nil, err
		}
		follow := c.parents
		var treesame bool
		if len(c.parents) == 0 {
			treesame = k.IsZero()
		} else {
			relevantParents, relevantChange, irrelevantChange := 0, false, false
			decided := false
			for _, p := range c.parents {
				// git's relevant_commit: a bottom commit counts as
				// relevant, so a merge TREESAME to it is simplified away.
				relevant := !w.uninteresting[p] || w.bottoms[p]
				if relevant {
					relevantParents++
				}
				pk, err := w.key(p)
				if err != nil {
					return nil, err
				}
				if pk == k {
					if !relevant {
						continue
					}
					follow, treesame, decided = []Hash{p}, true, true
					break
				}
				if relevant {
					relevantChange = true
				} else {
					irrelevantChange = true
				}
			}
			if !decided {
				if relevantParents > 0 {
					treesame = !relevantChange
				} else {
					treesame = !irrelevantChange
				}
			}
		}
		if !treesame {
			out = append(out, h)
			if err := w.reach(h, show); err != nil {
				return nil, err
			}
		} else {
			c.raw = nil // not shown: keep memory bounded on long walks
		}
		for _, p := range follow {
			if p == h {
				return nil, w.cycle(h)
			}
			if seen[p] {
				continue
			}
			seen[p] = true
			pc, err := w.commit(p)
			if err != nil {
				return nil, err
			}
			q.push(p, pc.ctime)
		}
	}
	if progress != nil {
		progress(n)
	}
	return out, nil
}

// dateQueue pops the newest commit first and, among equal dates, the one
// pushed first, as git's commit_list_insert_by_date does.
type dateQueue struct {
	items []queued
	seq   int
}

type queued struct {
	h     Hash
	ctime int64
	seq   int
}

func (q *dateQueue) Len() int { return len(q.items) }
func (q *dateQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if a.ctime != b.ctime {
		return a.ctime > b.ctime
	}
	return a.seq < b.seq
}
func (q *dateQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *dateQueue) Push(x any)    { q.items = append(q.items, x.(queued)) }
func (q *dateQueue) Pop() any {
	it := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return it
}
func (q *dateQueue) push(h Hash, ctime int64) {
	q.seq++
	heap.Push(q, queued{h, ctime, q.seq})
}
func (q *dateQueue) pop() Hash { return heap.Pop(q).(queued).h }

// reach is what both walks do with a commit they show, as they reach it:
// follow it, then hand it to show.
func (w *walk) reach(h Hash, show func(Hash) error) error {
	if err := w.follow(h); err != nil {
		return err
	}
	return show(h)
}

// follow computes the revision h the walk shows and, when it renames
// documents into the tracked paths from elsewhere, tracks their old
// paths for the rest of the walk, as `git log --follow` does for one
// file: the history of a document goes on past a restructure. The
// tracked paths as given track everything: there is nothing to follow.
func (w *walk) follow(h Hash) error {
	if w.base.Everything() {
		return nil
	}
	rev, err := w.revision(h)
	if err != nil {
		return err
	}
	w.revs[h], w.specAt[h] = rev, w.spec
	var olds []string
	for _, f := range rev.Files {
		if f.Status == Renamed && !w.spec.Match(f.OldPath) {
			olds = append(olds, f.OldPath)
		}
	}
	if len(olds) == 0 {
		return nil
	}
	w.spec = w.spec.withFollow(olds)
	clear(w.keys) // keys are the spec's
	if w.cache != nil {
		w.cache = openDiskCache(w.cacheDir, w.r.cacheID(), w.spec.key(), w.full)
		w.caches = append(w.caches, w.cache)
	}
	return nil
}

// revision builds the shown revision h: metadata and document changes.
func (w *walk) revision(h Hash) (*Revision, error) {
	if w.cache != nil {
		if rec, ok := w.cache.get(h); ok {
			if rev := rec.revision(h); rev != nil {
				return rev, nil
			}
		}
	}
	c, err := w.commit(h)
	if err != nil {
		return nil, err
	}
	raw := c.raw
	if raw == nil {
		if raw, err = w.r.raw(commitType, h); err != nil {
			return nil, err
		}
	}
	c.raw = nil // only needed once; keeps memory bounded on long walks
	rev := &Revision{Hash: h, Parents: c.parents}
	fillMeta(rev, raw)

	var notes []string
	missing := false
	switch {
	case len(c.parents) == 0:
		rev.Files, notes, missing, err = w.r.diffCommit(Hash{}, c.tree, w.spec)
	case len(c.parents) == 1 || !w.full:
		// Declared apart, so that the diff's error is not shadowed in
		// this case: it once was, and a damaged tree read as a commit
		// that changed nothing, and was cached as such.
		var p *commitInfo
		if p, err = w.commit(c.parents[0]); err == nil {
			rev.Files, notes, missing, err = w.r.diffCommit(p.tree, c.tree, w.spec)
		}
	default:
		rev.Files, notes, missing, err = w.combined(c)
	}
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", h.String()[:12], err)
	}
	for _, n := range notes {
		rev.Notes = append(rev.Notes, fmt.Sprintf("skipped %s in commit %s", n, h.String()[:12]))
	}
	if w.cache != nil && !missing {
		rec, _ := w.cache.get(h)
		if rec == nil {
			k, err := w.key(h)
			if err != nil {
				return nil, err
			}
			if err := w.checkInfo(h, c); err != nil {
				return nil, err
			}
			rec = &cacheRecord{info: commitInfo{tree: c.tree, parents: c.parents, ctime: c.ctime}, key: k}
		}
		stored := *rev
		rec.rev = &stored
		w.cache.put(h, rec)
	}
	return rev, nil
}

// joinsDocs reports whether rev, shown in full history, is a merge whose
// documents differ from every parent's, though no one document differs
// from all of them (so its combined diff is empty). spec is the one rev
// was computed with, nil for the spec given.
func (w *walk) joinsDocs(rev *Revision, spec *Pathspec) (bool, error) {
	if !w.full || len(rev.Parents) < 2 {
		return false, nil
	}
	c, err := w.commit(rev.Hash)
	if err != nil {
		return false, err
	}
	if spec == nil {
		spec = w.base
	}
	for _, ph := range rev.Parents {
		p, err := w.commit(ph)
		if err != nil {
			return false, err
		}
		files, _, _, err := w.r.diffCommit(p.tree, c.tree, spec)
		if err != nil {
			return false, fmt.Errorf("commit %s: %w", rev.Hash.String()[:12], err)
		}
		if len(files) == 0 {
			return false, nil
		}
	}
	return true, nil
}

// combined lists the documents of a merge that differ from every parent
// (git's combined diff), taking each change from the first parent's diff.
func (w *walk) combined(c *commitInfo) ([]FileChange, []string, bool, error) {
	var first []FileChange
	var notes []string
	missing := false
	count := map[string]int{}
	for i, ph := range c.parents {
		p, err := w.commit(ph)
		if err != nil {
			return nil, nil, false, err
		}
		files, ns, miss, err := w.r.diffCommit(p.tree, c.tree, w.spec)
		if err != nil {
			return nil, nil, false, err
		}
		missing = missing || miss
		if i == 0 {
			first, notes = files, ns
		}
		for _, f := range files {
			count[f.Path()]++
		}
	}
	var out []FileChange
	for _, f := range first {
		if count[f.Path()] == len(c.parents) {
			out = append(out, f)
		}
	}
	return out, notes, missing, nil
}
