package history

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/digdir/redline/internal/langpath"
)

// FileChange is one tracked Markdown document changed by a revision.
type FileChange struct {
	Status           string // "added" | "removed" | "modified" | "renamed"
	OldPath, NewPath string // OldPath is "" when added, NewPath "" when removed
	OldBlob, NewBlob Hash   // zero when absent
	// TranslationOf names an existing page in the parent that an added
	// language variant sits beside: "content/a/_index.nb.md" for an added
	// "content/a/_index.en.md".
	TranslationOf string
}

// Path is the path a change sorts by: NewPath, or OldPath for removals.
func (f FileChange) Path() string {
	if f.NewPath != "" {
		return f.NewPath
	}
	return f.OldPath
}

const (
	Added    = "added"
	Removed  = "removed"
	Modified = "modified"
	Renamed  = "renamed"
)

// emptyTree is the hash of the tree with no entries.
var emptyTree = Hash{0x4b, 0x82, 0x5d, 0xc6, 0x42, 0xcb, 0x6e, 0xb9, 0xa0, 0x60, 0xe5, 0x4b, 0xf8, 0xd6, 0x92, 0x88, 0xfb, 0xee, 0x49, 0x04}

// cleanPaths normalises tracked path prefixes: slash-separated, relative,
// without duplicates or prefixes nested in others. Empty means everything.
func cleanPaths(ps []string) []string {
	var out []string
	for _, p := range ps {
		p = path.Clean("/" + strings.ReplaceAll(p, "\\", "/"))[1:]
		if p == "" {
			return nil // the whole tree
		}
		out = append(out, p)
	}
	sort.Strings(out)
	kept := out[:0]
	for _, p := range out {
		if n := len(kept); n > 0 && (p == kept[n-1] || strings.HasPrefix(p, kept[n-1]+"/")) {
			continue
		}
		kept = append(kept, p)
	}
	return kept
}

// lookup returns the entry at a slash-separated path below tree root.
// The trees on the way differ in nearly every commit, so they are scanned
// raw rather than decoded.
func (r *Repo) lookup(root Hash, p string) (entry, bool, error) {
	e := entry{mode: modeTree, hash: root}
	orig := p
	for p != "" {
		if !e.isTree() {
			return entry{}, false, nil
		}
		name, rest, _ := strings.Cut(p, "/")
		b, err := r.rawTree(e.hash)
		if err != nil {
			return entry{}, false, err
		}
		tree := e.hash
		var ok bool
		if e, ok, err = findEntry(b, name); err != nil {
			return entry{}, false, treeError(tree, strings.TrimSuffix(orig, p), err)
		} else if !ok {
			return entry{}, false, nil
		}
		p = rest
	}
	return e, true, nil
}

// pathKey condenses what a tree holds at the tracked paths into one hash,
// so that two commits are TREESAME (in git's sense) exactly when their keys
// are equal. The zero hash stands for "nothing there".
func (r *Repo) pathKey(tree Hash, spec *Pathspec) (Hash, error) {
	paths := spec.roots()
	if !spec.simple {
		return r.filteredKey(tree, paths, spec)
	}
	if len(paths) == 0 {
		if tree == emptyTree {
			return Hash{}, nil
		}
		return tree, nil
	}
	if len(paths) == 1 {
		e, ok, err := r.lookup(tree, paths[0])
		if err != nil || !ok {
			return Hash{}, err
		}
		if e.isTree() {
			return e.hash, nil
		}
	}
	h := sha1.New()
	var any bool
	for _, p := range paths {
		e, ok, err := r.lookup(tree, p)
		if err != nil {
			return Hash{}, err
		}
		if ok {
			any = true
			h.Write([]byte{byte(e.mode >> 16), byte(e.mode >> 8), byte(e.mode)})
			h.Write(e.hash[:])
		} else {
			h.Write([]byte{0, 0, 0})
		}
	}
	if !any {
		return Hash{}, nil
	}
	var k Hash
	copy(k[:], h.Sum(nil))
	return k, nil
}

// filteredKey is pathKey for a spec with globs, excludes or followed
// documents: a hash of the entries it matches below its roots. Folders
// it tracks whole count by their hash; folders it tracks in part are
// condensed once per tree and path (a commit changes few of them).
func (r *Repo) filteredKey(tree Hash, roots []string, spec *Pathspec) (Hash, error) {
	if roots == nil {
		roots = []string{""}
	}
	h := sha1.New()
	var any bool
	for _, p := range roots {
		e := entry{mode: modeTree, hash: tree}
		ok := true
		var err error
		if p != "" {
			if e, ok, err = r.lookup(tree, p); err != nil {
				return Hash{}, err
			}
		}
		var k Hash
		switch {
		case !ok:
		case !e.isTree():
			if spec.Match(p) {
				k = e.hash
			}
		default:
			switch spec.dirState(p) {
			case stateAll:
				if e.hash != emptyTree {
					k = e.hash
				}
			case stateSome:
				depth := 0
				if p != "" {
					depth = strings.Count(p, "/") + 1
				}
				if k, err = r.subKey(e.hash, p, depth, spec); err != nil {
					return Hash{}, err
				}
			}
		}
		if !k.IsZero() {
			any = true
		}
		h.Write(k[:])
	}
	if !any {
		return Hash{}, nil
	}
	var k Hash
	copy(k[:], h.Sum(nil))
	return k, nil
}

type subKeyID struct {
	tree Hash
	dir  string
}

// maxSubKeys bounds the memo of subKey.
const maxSubKeys = 1 << 18

// subKey condenses the entries of the tree at dir that spec matches.
func (r *Repo) subKey(tree Hash, dir string, depth int, spec *Pathspec) (Hash, error) {
	id := subKeyID{tree, dir}
	if r.subKeys != nil && r.subKeySpec == spec {
		if k, ok := r.subKeys[id]; ok {
			return k, nil
		}
	}
	if r.subKeys == nil || r.subKeySpec != spec || len(r.subKeys) > maxSubKeys {
		r.subKeys, r.subKeySpec = map[subKeyID]Hash{}, spec
	}
	b, err := r.rawTree(tree)
	if err != nil {
		return Hash{}, err
	}
	h := sha1.New()
	var any bool
	for len(b) > 0 {
		var e entry
		if e, b, err = nextEntry(b); err != nil {
			return Hash{}, treeError(tree, dir, err)
		}
		p, err := subPath(tree, dir, string(e.name), depth+1)
		if err != nil {
			return Hash{}, err
		}
		var k Hash
		if e.isTree() {
			switch spec.dirState(p) {
			case stateAll:
				k = e.hash
			case stateSome:
				if k, err = r.subKey(e.hash, p, depth+1, spec); err != nil {
					return Hash{}, err
				}
			}
		} else if spec.Match(p) {
			k = e.hash
		}
		if k.IsZero() {
			continue
		}
		any = true
		h.Write(e.name)
		h.Write([]byte{0, byte(e.mode >> 16), byte(e.mode >> 8), byte(e.mode)})
		h.Write(k[:])
	}
	var k Hash
	if any {
		copy(k[:], h.Sum(nil))
	}
	r.subKeys[id] = k
	return k, nil
}

// isMarkdown reports whether a file name has a Markdown extension.
func isMarkdown(name string) bool {
	return hasSuffixFold(name, ".md") || hasSuffixFold(name, ".markdown")
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// side is one side of a file change found by the tree diff.
type side struct {
	path string
	blob Hash
	dir  []byte // the parent's raw tree of the directory, for added files
}

// changes is the raw result of diffing two trees at the tracked paths.
type changes struct {
	added, removed []side
	modified       []FileChange
	notes          []string // "submodule PATH", "symlink PATH"
	missing        bool     // a blob needed for rename detection is missing

	// spec, when set, decides which paths below the roots count: the
	// tracked ones, or with outside, only documents removed elsewhere
	// (the sources of renames into the tracked paths).
	spec    *Pathspec
	outside bool
	// sources are documents removed outside the tracked paths: a rename
	// may start there (as git's rename detection over the whole commit
	// finds it), but they are not changes of their own.
	sources []side
}

// skipDir says whether the diff leaves the folder at p alone.
func (ch *changes) skipDir(p string) bool {
	if ch.spec == nil {
		return false
	}
	st := ch.spec.dirState(p)
	if ch.outside {
		return st == stateAll
	}
	return st == stateNone
}

// skipDoc says whether the diff leaves the document at p alone.
func (ch *changes) skipDoc(p string) bool {
	if ch.spec == nil {
		return false
	}
	return ch.spec.Match(p) == ch.outside
}

// diffCommit diffs the tracked paths between two root trees (old may be
// zero for a root commit) and returns the Markdown changes. A document
// added to the tracked paths may be renamed from anywhere in the commit.
func (r *Repo) diffCommit(oldRoot, newRoot Hash, spec *Pathspec) ([]FileChange, []string, bool, error) {
	var ch changes
	if !spec.simple {
		ch.spec = spec
	}
	paths := spec.roots()
	if len(paths) == 0 {
		if err := r.diffTrees(&ch, "", 0, oldRoot, newRoot); err != nil {
			return nil, nil, false, err
		}
	} else {
		for _, p := range paths {
			var oe, ne entry
			var ook, nok bool
			var err error
			if !oldRoot.IsZero() {
				if oe, ook, err = r.lookup(oldRoot, p); err != nil {
					return nil, nil, false, err
				}
			}
			if ne, nok, err = r.lookup(newRoot, p); err != nil {
				return nil, nil, false, err
			}
			if ook == nok && oe.mode == ne.mode && oe.hash == ne.hash {
				continue
			}
			// Diff the two entries as one-entry directories, so a tracked
			// path may be a folder or a single document.
			var od, nd []byte
			if ook {
				od = encodeEntry(oe.mode, path.Base(p), oe.hash)
			}
			if nok {
				nd = encodeEntry(ne.mode, path.Base(p), ne.hash)
			}
			dir := path.Dir(p)
			depth := 0
			if dir != "." {
				depth = strings.Count(dir, "/") + 1
			}
			if err := r.diffRaw(&ch, dir, depth, Hash{}, Hash{}, od, nd, false); err != nil {
				return nil, nil, false, err
			}
		}
	}
	if len(ch.added) > 0 && !oldRoot.IsZero() && !spec.Everything() {
		out := changes{spec: spec, outside: true}
		if err := r.diffTrees(&out, "", 0, oldRoot, newRoot); err != nil {
			return nil, nil, false, err
		}
		ch.sources = out.removed
	}
	files, err := pairRenames(&ch, r.blob)
	if err != nil {
		return nil, nil, false, err
	}
	return files, ch.notes, ch.missing, nil
}

// encodeEntry makes a raw one-entry tree.
func encodeEntry(mode uint32, name string, h Hash) []byte {
	b := strconv.AppendUint(nil, uint64(mode), 8)
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, 0)
	return append(b, h[:]...)
}

// treeError names a malformed tree and where it was found.
func treeError(tree Hash, prefix string, err error) error {
	if !errors.Is(err, errBadTree) {
		return err
	}
	where := "at the root"
	if p := strings.TrimSuffix(prefix, "/"); p != "" && p != "." {
		where = "at " + p + "/"
	}
	if tree.IsZero() {
		return damaged(fmt.Errorf("tree %s: %w", where, err))
	}
	return damaged(fmt.Errorf("tree %s (%s): %w", tree, where, err))
}

// subPath joins a folder's path and an entry's name, refusing paths that
// nest deeper than MaxTreeDepth or grow longer than MaxPathBytes: trees
// nested 40,000 deep would otherwise hold gigabytes of path prefixes.
func subPath(tree Hash, prefix, name string, depth int) (string, error) {
	if !validName(name) {
		return "", treeError(tree, prefix, fmt.Errorf("%w: bad name %q", errBadTree, name))
	}
	p := join(prefix, name)
	if depth > MaxTreeDepth || len(p) > MaxPathBytes {
		short := p
		if len(short) > 80 {
			short = short[:40] + "…" + short[len(short)-40:]
		}
		return "", &Error{
			Msg:  fmt.Sprintf("tree %s holds a path deeper than %d folders or longer than %d bytes: %q", tree, MaxTreeDepth, MaxPathBytes, short),
			Hint: "no file system can check such a path out, and git refuses trees this deep (core.maxTreeDepth); the repository was crafted or damaged: check it with git fsck",
			Err:  ErrTooLarge,
		}
	}
	return p, nil
}

// diffTrees diffs two trees (either may be zero) below prefix, which is
// depth folders deep.
func (r *Repo) diffTrees(ch *changes, prefix string, depth int, oldTree, newTree Hash) error {
	if oldTree == newTree {
		return nil
	}
	ob, err := r.rawTree(oldTree)
	if err != nil {
		return err
	}
	nb, err := r.rawTree(newTree)
	if err != nil {
		return err
	}
	return r.diffRaw(ch, prefix, depth, oldTree, newTree, ob, nb, !oldTree.IsZero())
}

// diffRaw merges two raw trees (the trees oldTree and newTree, zero for
// one made up of a tracked path) in git's tree order. oldDir says whether
// the old directory exists (for translation detection).
func (r *Repo) diffRaw(ch *changes, prefix string, depth int, oldTree, newTree Hash, ob, nb []byte, oldDir bool) error {
	var dir []byte
	if oldDir {
		dir = ob
	}
	var o, n entry
	var err error
	haveO, haveN := false, false
	for {
		if !haveO && len(ob) > 0 {
			if o, ob, err = nextEntry(ob); err != nil {
				return treeError(oldTree, prefix, err)
			}
			haveO = true
		}
		if !haveN && len(nb) > 0 {
			if n, nb, err = nextEntry(nb); err != nil {
				return treeError(newTree, prefix, err)
			}
			haveN = true
		}
		var c int
		switch {
		case !haveO && !haveN:
			return nil
		case !haveO:
			c = 1
		case !haveN:
			c = -1
		default:
			c = compareEntries(o, n)
		}
		switch {
		case c < 0:
			if err := r.oneSide(ch, prefix, depth, oldTree, o, false, nil); err != nil {
				return err
			}
			haveO = false
		case c > 0:
			if err := r.oneSide(ch, prefix, depth, newTree, n, true, dir); err != nil {
				return err
			}
			haveN = false
		default:
			haveO, haveN = false, false
			if o.mode == n.mode && o.hash == n.hash {
				continue
			}
			switch {
			case o.isTree() && n.isTree():
				p, err := subPath(newTree, prefix, string(n.name), depth+1)
				if err != nil {
					return err
				}
				if ch.skipDir(p) {
					continue
				}
				if err := r.diffTrees(ch, p, depth+1, o.hash, n.hash); err != nil {
					return err
				}
			case isDoc(o) && isDoc(n):
				if o.hash != n.hash {
					p, err := subPath(newTree, prefix, string(n.name), depth+1)
					if err != nil {
						return err
					}
					if ch.outside || ch.skipDoc(p) {
						continue
					}
					ch.modified = append(ch.modified, FileChange{Status: Modified, OldPath: p, NewPath: p, OldBlob: o.hash, NewBlob: n.hash})
				}
			default: // a type change, such as a file becoming a symlink
				if err := r.oneSide(ch, prefix, depth, oldTree, o, false, nil); err != nil {
					return err
				}
				if err := r.oneSide(ch, prefix, depth, newTree, n, true, dir); err != nil {
					return err
				}
			}
		}
	}
}

// isDoc reports whether an entry is a regular Markdown file.
func isDoc(e entry) bool {
	return e.mode&0o170000 == 0o100000 && (hasSuffixFoldB(e.name, ".md") || hasSuffixFoldB(e.name, ".markdown"))
}

func hasSuffixFoldB(b []byte, suffix string) bool {
	return len(b) >= len(suffix) && bytes.EqualFold(b[len(b)-len(suffix):], []byte(suffix))
}

// oneSide records an entry of tree present on one side only: everything
// below a tree, a document, or a note for a submodule or symlink.
func (r *Repo) oneSide(ch *changes, prefix string, depth int, tree Hash, e entry, added bool, dir []byte) error {
	p, err := subPath(tree, prefix, string(e.name), depth+1)
	if err != nil {
		return err
	}
	if ch.outside && added {
		return nil // only removals outside the tracked paths are sources
	}
	switch {
	case e.isTree():
		if ch.skipDir(p) {
			return nil
		}
		if added {
			return r.diffTrees(ch, p, depth+1, Hash{}, e.hash)
		}
		return r.diffTrees(ch, p, depth+1, e.hash, Hash{})
	case ch.outside || ch.skipDoc(p):
		if ch.outside && isDoc(e) && !ch.skipDoc(p) {
			ch.removed = append(ch.removed, side{path: p, blob: e.hash})
		}
	case e.mode == modeGitlink:
		ch.notes = append(ch.notes, "submodule "+p)
	case e.mode == modeSymlink:
		ch.notes = append(ch.notes, "symlink "+p)
	case isDoc(e):
		if added {
			ch.added = append(ch.added, side{path: p, blob: e.hash, dir: dir})
		} else {
			ch.removed = append(ch.removed, side{path: p, blob: e.hash})
		}
	}
	return nil
}

// compareEntries orders entries as git sorts a tree: by name, with a
// directory's name followed by an implicit "/".
func compareEntries(a, b entry) int {
	an, bn := a.name, b.name
	n := min(len(an), len(bn))
	if c := bytes.Compare(an[:n], bn[:n]); c != 0 {
		return c
	}
	ac, bc := trailing(a, n), trailing(b, n)
	switch {
	case ac < bc:
		return -1
	case ac > bc:
		return 1
	}
	return 0
}

func trailing(e entry, n int) int {
	if n < len(e.name) {
		return int(e.name[n])
	}
	if e.isTree() {
		return '/'
	}
	return 0
}

func join(prefix, name string) string {
	if prefix == "" || prefix == "." {
		return name
	}
	return prefix + "/" + name
}

// pairRenames turns removed+added pairs into renames, as git's rename
// detection does over a whole commit: exact renames first (the same
// blob, a source of the same file name preferred), then those similar by
// at least RenameSimilarity, best pairs first. Sources are the removed
// documents and those removed outside the tracked paths (ch.sources);
// those are no changes of their own. It also flags added translations.
func pairRenames(ch *changes, read func(Hash) ([]byte, error)) ([]FileChange, error) {
	files := ch.modified
	src := append(append([]side(nil), ch.removed...), ch.sources...)
	usedR := make([]bool, len(src))
	usedA := make([]bool, len(ch.added))
	if len(src) > 0 && len(ch.added) > 0 {
		byBlob := map[Hash][]int{}
		for i, s := range src {
			byBlob[s.blob] = append(byBlob[s.blob], i)
		}
		for j, a := range ch.added {
			best := -1
			for _, i := range byBlob[a.blob] {
				if usedR[i] {
					continue
				}
				if best < 0 || path.Base(src[i].path) == path.Base(a.path) && path.Base(src[best].path) != path.Base(a.path) {
					best = i
				}
			}
			if best >= 0 {
				usedR[best], usedA[j] = true, true
				files = append(files, renamed(src[best], a))
			}
		}
		var err error
		if files, err = nearRenames(ch, src, files, usedR, usedA, read); err != nil {
			return nil, err
		}
	}
	for i, s := range ch.removed {
		if !usedR[i] {
			files = append(files, FileChange{Status: Removed, OldPath: s.path, OldBlob: s.blob})
		}
	}
	for j, a := range ch.added {
		if !usedA[j] {
			files = append(files, FileChange{Status: Added, NewPath: a.path, NewBlob: a.blob, TranslationOf: translationOf(a)})
		}
	}
	if len(files) > 1 { // most commits change one document: spare sort.Slice's allocations
		sort.Slice(files, func(i, j int) bool { return files[i].Path() < files[j].Path() })
	}
	return files, nil
}

func renamed(o, n side) FileChange {
	return FileChange{Status: Renamed, OldPath: o.path, NewPath: n.path, OldBlob: o.blob, NewBlob: n.blob}
}

// RenameSimilarity is how similar (see Similarity) a removed and an added
// document must be to be one rename: git's default, -M50%.
const RenameSimilarity = 0.5

// Similarity is git's estimate of how much of two documents is the same
// (diffcore-delta.c): each is cut into chunks at every newline and every
// 64 bytes (a CR before a newline left out), and the bytes of the chunks
// they share, counted as often as both have them, are taken relative to
// the larger document's size.
func Similarity(a, b []byte) float64 { return similarity(chunkText(a), chunkText(b)) }

// RenameLimit bounds inexact rename detection in one commit, as git's
// diff.renameLimit (1000) does: when more removed than added documents
// remain unpaired after exact renames, or the other way round, and there
// are more than RenameLimit of both, or their pairs number more than
// RenameLimit squared, only exact renames are found.
const RenameLimit = 1000

// chunks is a document cut as Similarity cuts it: its size and, sorted
// by hash, the bytes of each distinct chunk.
type chunks struct {
	size int
	c    []chunk
}

type chunk struct {
	hash uint64
	n    int
}

func chunkText(b []byte) chunks {
	out := chunks{size: len(b)}
	var list []chunk
	const offset, prime = 14695981039346656037, 1099511628211 // FNV-1a
	h := uint64(offset)
	n := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			continue
		}
		h = (h ^ uint64(c)) * prime
		n++
		if n < 64 && c != '\n' {
			continue
		}
		list = append(list, chunk{h, n})
		h, n = offset, 0
	}
	if n > 0 {
		list = append(list, chunk{h, n})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].hash < list[j].hash })
	for _, c := range list {
		if k := len(out.c); k > 0 && out.c[k-1].hash == c.hash {
			out.c[k-1].n += c.n
			continue
		}
		out.c = append(out.c, c)
	}
	return out
}

func similarity(a, b chunks) float64 {
	big := max(a.size, b.size)
	if big == 0 {
		return 1
	}
	copied := 0
	for i, j := 0, 0; i < len(a.c) && j < len(b.c); {
		switch x, y := a.c[i], b.c[j]; {
		case x.hash < y.hash:
			i++
		case x.hash > y.hash:
			j++
		default:
			copied += min(x.n, y.n)
			i++
			j++
		}
	}
	return float64(copied) / float64(big)
}

// nearRenames pairs the remaining sources and added documents that are
// similar by at least RenameSimilarity, best pairs first (a pair of the
// same file name first among equals, as in git). A document that is
// missing (a partial clone) or over the blob cap cannot be compared and
// marks the result as not to be cached; a damaged one is an error.
func nearRenames(ch *changes, src []side, files []FileChange, usedR, usedA []bool, read func(Hash) ([]byte, error)) ([]FileChange, error) {
	var rs, as []int
	for i := range src {
		if !usedR[i] {
			rs = append(rs, i)
		}
	}
	for j := range ch.added {
		if !usedA[j] {
			as = append(as, j)
		}
	}
	if len(rs) == 0 || len(as) == 0 {
		return files, nil
	}
	if (len(rs) > RenameLimit && len(as) > RenameLimit) || len(rs)*len(as) > RenameLimit*RenameLimit {
		ch.notes = append(ch.notes, fmt.Sprintf("inexact rename detection for %d removed and %d added documents (over git's rename limit of %d)", len(rs), len(as), RenameLimit))
		return files, nil
	}
	var failed error
	cut := func(ss []side, idx []int) []*chunks {
		out := make([]*chunks, len(idx))
		for k, i := range idx {
			b, err := read(ss[i].blob)
			if errors.Is(err, ErrMissingObject) || errors.Is(err, ErrTooLarge) {
				ch.missing = true
				continue
			}
			if err != nil {
				failed = fmt.Errorf("%s: %w", ss[i].path, err)
				continue
			}
			c := chunkText(b)
			out[k] = &c
		}
		return out
	}
	rc, ac := cut(src, rs), cut(ch.added, as)
	if failed != nil {
		return nil, failed
	}
	type pair struct {
		score    float64
		sameName bool
		i, j     int
	}
	var pairs []pair
	for x, r := range rc {
		for y, a := range ac {
			if r == nil || a == nil {
				continue
			}
			// git's quick test: sizes this far apart cannot be similar enough.
			if small, big := min(r.size, a.size), max(r.size, a.size); float64(small) < float64(big)*RenameSimilarity {
				continue
			}
			if s := similarity(*r, *a); s >= RenameSimilarity {
				i, j := rs[x], as[y]
				pairs = append(pairs, pair{s, path.Base(src[i].path) == path.Base(ch.added[j].path), i, j})
			}
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool {
		if pairs[a].score != pairs[b].score {
			return pairs[a].score > pairs[b].score
		}
		return pairs[a].sameName && !pairs[b].sameName
	})
	for _, p := range pairs {
		if !usedR[p.i] && !usedA[p.j] {
			usedR[p.i], usedA[p.j] = true, true
			files = append(files, renamed(src[p.i], ch.added[p.j]))
		}
	}
	return files, nil
}

// translationOf returns the page an added language variant sits beside in
// the parent: for "a/_index.en.md", an existing "a/_index.md" (preferred)
// or "a/_index.XX.md".
func translationOf(a side) string {
	if a.dir == nil {
		return ""
	}
	dirPath, base, lang, _ := langpath.Split(a.path)
	if lang == "" {
		return ""
	}
	name := path.Base(a.path)
	var best string
	for b := a.dir; len(b) > 0; {
		e, rest, err := nextEntry(b)
		if err != nil {
			break
		}
		b = rest
		en := string(e.name)
		if !isDoc(e) || en == name || !validName(en) {
			continue
		}
		_, sbase, slang, _ := langpath.Split(en)
		if sbase != base {
			continue
		}
		if slang == "" {
			return dirPath + en // the default-language page
		}
		if best == "" {
			best = dirPath + en
		}
	}
	return best
}
