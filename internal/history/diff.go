package history

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"hash/fnv"
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
func (r *Repo) pathKey(tree Hash, paths []string) (Hash, error) {
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
}

// diffCommit diffs the tracked paths between two root trees (old may be
// zero for a root commit) and returns the Markdown changes.
func (r *Repo) diffCommit(oldRoot, newRoot Hash, paths []string) ([]FileChange, []string, bool, error) {
	var ch changes
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
				if err := r.diffTrees(ch, p, depth+1, o.hash, n.hash); err != nil {
					return err
				}
			case isDoc(o) && isDoc(n):
				if o.hash != n.hash {
					p, err := subPath(newTree, prefix, string(n.name), depth+1)
					if err != nil {
						return err
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
	switch {
	case e.isTree():
		if added {
			return r.diffTrees(ch, p, depth+1, Hash{}, e.hash)
		}
		return r.diffTrees(ch, p, depth+1, e.hash, Hash{})
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

// pairRenames turns removed+added pairs into renames (exact blob matches
// first, then near-identical content) and flags added translations.
func pairRenames(ch *changes, read func(Hash) ([]byte, error)) ([]FileChange, error) {
	files := ch.modified
	usedR := make([]bool, len(ch.removed))
	usedA := make([]bool, len(ch.added))
	if len(ch.removed) > 0 && len(ch.added) > 0 {
		byBlob := map[Hash][]int{}
		for i, s := range ch.removed {
			byBlob[s.blob] = append(byBlob[s.blob], i)
		}
		for j, a := range ch.added {
			for _, i := range byBlob[a.blob] {
				if !usedR[i] {
					usedR[i], usedA[j] = true, true
					files = append(files, renamed(ch.removed[i], a))
					break
				}
			}
		}
		var err error
		if files, err = nearRenames(ch, files, usedR, usedA, read); err != nil {
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
	sort.Slice(files, func(i, j int) bool { return files[i].Path() < files[j].Path() })
	return files, nil
}

func renamed(o, n side) FileChange {
	return FileChange{Status: Renamed, OldPath: o.path, NewPath: n.path, OldBlob: o.blob, NewBlob: n.blob}
}

// RenameSimilarity is how much two documents' line sets must overlap for
// a removal and an addition to be one rename.
const RenameSimilarity = 0.5

// Similarity is the share of distinct non-blank lines two documents have
// in common, relative to the larger: the measure renames are found by.
func Similarity(a, b []byte) float64 { return overlap(lineSet(a), lineSet(b)) }

// maxRenamePairs bounds near-rename detection, as git's diff.renameLimit.
const maxRenamePairs = 100 * 100

// nearRenames pairs the remaining removed and added documents whose line
// sets overlap by at least half, best pairs first. A document that is
// missing (a partial clone) or over the blob cap cannot be compared and
// marks the result as not to be cached; a damaged one is an error.
func nearRenames(ch *changes, files []FileChange, usedR, usedA []bool, read func(Hash) ([]byte, error)) ([]FileChange, error) {
	var rs, as []int
	for i := range ch.removed {
		if !usedR[i] {
			rs = append(rs, i)
		}
	}
	for j := range ch.added {
		if !usedA[j] {
			as = append(as, j)
		}
	}
	if len(rs) == 0 || len(as) == 0 || len(rs)*len(as) > maxRenamePairs {
		return files, nil
	}
	var failed error
	sets := func(ss []side, idx []int) []map[uint64]struct{} {
		out := make([]map[uint64]struct{}, len(idx))
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
			out[k] = lineSet(b)
		}
		return out
	}
	rsets, asets := sets(ch.removed, rs), sets(ch.added, as)
	if failed != nil {
		return nil, failed
	}
	type pair struct {
		score float64
		i, j  int
	}
	var pairs []pair
	for x, rset := range rsets {
		for y, aset := range asets {
			if s := overlap(rset, aset); s >= RenameSimilarity {
				pairs = append(pairs, pair{s, rs[x], as[y]})
			}
		}
	}
	sort.SliceStable(pairs, func(a, b int) bool { return pairs[a].score > pairs[b].score })
	for _, p := range pairs {
		if !usedR[p.i] && !usedA[p.j] {
			usedR[p.i], usedA[p.j] = true, true
			files = append(files, renamed(ch.removed[p.i], ch.added[p.j]))
		}
	}
	return files, nil
}

// lineSet hashes the distinct non-blank lines of a document.
func lineSet(b []byte) map[uint64]struct{} {
	set := map[uint64]struct{}{}
	for len(b) > 0 {
		var line []byte
		if i := indexNL(b); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			line, b = b, nil
		}
		line = trimSpace(line)
		if len(line) == 0 {
			continue
		}
		h := fnv.New64a()
		h.Write(line)
		set[h.Sum64()] = struct{}{}
	}
	return set
}

func overlap(a, b map[uint64]struct{}) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for k := range a {
		if _, ok := b[k]; ok {
			n++
		}
	}
	return float64(n) / float64(len(b))
}

func indexNL(b []byte) int {
	for i, c := range b {
		if c == '\n' {
			return i
		}
	}
	return -1
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
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
