package history

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Pathspec is the set of tracked paths, read as git reads a pathspec
// (gitglossary(7), "pathspec"), so that `redline log -- SPEC...` lists
// what `git log -- SPEC...` lists:
//
//   - a path names itself and, as a folder, everything below it
//     ("content", "en/privacy.md", "en/");
//   - a path with *, ? or [...] is also a glob over the whole path, in
//     which * and ? match a slash too ("en/*.md" matches en/a/b.md, as in
//     git); ":(glob)" makes them stop at slashes and gives ** its meaning
//     of any number of folders (":(glob)**/privacy*.md");
//   - ":!PATH", ":^PATH" and ":(exclude)PATH" leave out what PATH matches;
//     with nothing but excludes, everything else is tracked;
//   - ":(literal)" takes wildcards as themselves, ":(icase)" ignores case
//     (ASCII), ":/" and ":(top)" are the root (paths are from the root
//     anyway); magic words combine: ":(exclude,glob)en/**/draft*".
//
// Matching lives here only: the walk, tree diffs, the work tree and the
// lists of documents all ask one Pathspec.
type Pathspec struct {
	items []specItem
	// follow holds documents the walk follows past a rename into the
	// tracked paths (see walk.follow): tracked whatever the items say.
	follow map[string]bool
	simple bool // literal includes only: the subtree-hash fast path applies
}

type specItem struct {
	raw     string // as given, for messages
	path    string // cleaned, slash-separated; "" is the root
	exclude bool
	glob    bool // :(glob): wildcards stop at slashes, ** spans folders
	literal bool // no wildcards
	icase   bool
	nowild  int     // length of the leading part of path without wildcards
	pat     []token // the part after nowild, compiled
}

// Limits on a pathspec from a configuration nobody vetted: each path of
// a tree is tried against each item.
const (
	maxSpecItems = 256
	maxSpecBytes = 1024
)

// ParsePathspec reads tracked paths given as git pathspecs. No paths, or
// a path that is the root ("." or ""), track everything.
func ParsePathspec(specs []string) (*Pathspec, error) {
	if len(specs) > maxSpecItems {
		return nil, &Error{Msg: fmt.Sprintf("too many tracked paths: %d, over the limit of %d", len(specs), maxSpecItems), Hint: "track their common folders instead"}
	}
	s := &Pathspec{simple: true}
	for _, raw := range specs {
		it, err := parseSpecItem(raw)
		if err != nil {
			return nil, err
		}
		if it.exclude || !it.literal || it.icase {
			s.simple = false
		}
		s.items = append(s.items, it)
	}
	return s, nil
}

// specError is the error for a pathspec redline cannot read.
func specError(raw, why string) error {
	return &Error{
		Msg:  fmt.Sprintf("tracked path %q %s", raw, why),
		Hint: "write a path relative to the repository root, a glob ('en/*.md'), or an exclude (':!en/archive', ':(exclude)en/archive'), as git reads a pathspec",
	}
}

func parseSpecItem(raw string) (specItem, error) {
	it := specItem{raw: raw}
	p := raw
	if len(p) > maxSpecBytes {
		return it, specError(raw[:40]+"…", fmt.Sprintf("is longer than %d bytes", maxSpecBytes))
	}
	if strings.HasPrefix(p, ":(") {
		end := strings.IndexByte(p, ')')
		if end < 0 {
			return it, specError(raw, "has an unclosed ':('")
		}
		for _, w := range strings.Split(p[2:end], ",") {
			switch strings.TrimSpace(w) {
			case "exclude":
				it.exclude = true
			case "glob":
				it.glob = true
			case "literal":
				it.literal = true
			case "icase":
				it.icase = true
			case "top", "":
			default:
				e := specError(raw, fmt.Sprintf("uses the magic word %q, which redline does not read", w)).(*Error)
				e.Hint = "redline reads the magic words exclude (or :! and :^), glob, literal, icase and top, as git does"
				return it, e
			}
		}
		p = p[end+1:]
	} else if strings.HasPrefix(p, ":") {
		p = p[1:]
	short:
		for p != "" {
			switch p[0] {
			case '!', '^':
				it.exclude = true
			case '/':
			case ':':
				p = p[1:]
				break short
			default:
				break short
			}
			p = p[1:]
		}
	}
	if it.glob && it.literal {
		return it, specError(raw, "is both glob and literal")
	}
	if !strings.ContainsAny(p, "*?[") && p == raw {
		// A plain path written with backslashes, as redline has always
		// read one; in a glob a backslash escapes, as in git.
		p = strings.ReplaceAll(p, `\`, "/")
	}
	if path.IsAbs(p) {
		return it, specError(raw, "is not a relative path")
	}
	dir := strings.HasSuffix(p, "/")
	if p = path.Clean(p); p == ".." || strings.HasPrefix(p, "../") {
		return it, specError(raw, "is outside the repository")
	}
	if p == "." {
		p = ""
	}
	if p != "" && dir {
		p += "/"
	}
	if first, _, _ := strings.Cut(p, "/"); strings.EqualFold(first, ".git") {
		return it, specError(raw, "is inside git's own folder")
	}
	it.path = p
	it.nowild = len(p)
	if !it.literal {
		if i := strings.IndexAny(p, `*?[\`); i >= 0 {
			it.nowild = i
		}
	}
	it.literal = it.nowild == len(p)
	if !it.literal {
		startSeg := it.nowild == 0 || p[it.nowild-1] == '/'
		pat, err := compileGlob(p[it.nowild:], it.glob, startSeg)
		if err != nil {
			return it, specError(raw, err.Error())
		}
		it.pat = pat
	}
	return it, nil
}

// Everything says whether the spec tracks the whole tree.
func (s *Pathspec) Everything() bool {
	if s == nil || len(s.items) == 0 {
		return true
	}
	for _, it := range s.items {
		if it.path == "" && !it.exclude {
			for _, o := range s.items {
				if o.exclude {
					return false
				}
			}
			return true
		}
	}
	return false
}

// Includes are the items that add paths, as given; Excludes those that
// leave paths out.
func (s *Pathspec) Includes() []string { return s.raws(false) }

// Excludes are the items that leave paths out, as given.
func (s *Pathspec) Excludes() []string { return s.raws(true) }

func (s *Pathspec) raws(exclude bool) []string {
	var out []string
	for _, it := range s.items {
		if it.exclude == exclude {
			out = append(out, it.raw)
		}
	}
	return out
}

// Match says whether the file at p (slash-separated, from the root) is
// tracked.
func (s *Pathspec) Match(p string) bool {
	if s == nil {
		return true
	}
	if s.follow[p] {
		return true
	}
	in, any := false, false
	for i := range s.items {
		it := &s.items[i]
		if it.exclude {
			if it.match(p) {
				return false
			}
			continue
		}
		any = true
		if !in && it.match(p) {
			in = true
		}
	}
	return in || !any
}

// match is git's match_pathspec_item: the path itself, a folder it is
// in, or the glob.
func (it *specItem) match(name string) bool {
	m := it.path
	if m == "" {
		return true
	}
	if len(m) <= len(name) && it.eq(name[:len(m)], m) {
		if len(m) == len(name) || m[len(m)-1] == '/' || name[len(m)] == '/' {
			return true
		}
	}
	if it.literal || len(name) < it.nowild || !it.eq(name[:it.nowild], m[:it.nowild]) {
		return false
	}
	return matchGlob(it.pat, name[it.nowild:], it.glob, it.icase)
}

func (it *specItem) eq(a, b string) bool {
	if it.icase {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// covers says whether the item matches everything below folder dir.
func (it *specItem) covers(dir string) bool {
	m := strings.TrimSuffix(it.path, "/")
	return m == "" || dir != "" && (it.eq(dir, m) || len(m) < len(dir) && dir[len(m)] == '/' && it.eq(dir[:len(m)], m))
}

// reaches says whether the item may match something below folder dir.
func (it *specItem) reaches(dir string) bool {
	if dir == "" || it.covers(dir) {
		return true
	}
	d := dir + "/"
	lit := it.path[:it.nowild]
	if len(lit) >= len(d) {
		return it.eq(lit[:len(d)], d) // the item names something below dir
	}
	// The literal part ends inside dir's path: a glob may match below.
	return !it.literal && it.eq(d[:len(lit)], lit)
}

// dirState says what the spec tracks below folder dir.
type dirState int

const (
	stateNone dirState = iota // nothing
	stateSome                 // some: descend and match each path
	stateAll                  // everything
)

func (s *Pathspec) dirState(dir string) dirState {
	if s == nil {
		return stateAll
	}
	any, reach, cover, excluded, exReach := false, false, false, false, false
	for i := range s.items {
		it := &s.items[i]
		if it.exclude {
			excluded = excluded || it.covers(dir)
			exReach = exReach || it.reaches(dir)
			continue
		}
		any = true
		cover = cover || it.covers(dir)
		reach = reach || it.reaches(dir)
	}
	if !any {
		cover, reach = true, true
	}
	switch {
	case cover && !exReach:
		return stateAll
	case reach && !excluded:
		return stateSome
	}
	for p := range s.follow {
		if dir == "" || strings.HasPrefix(p, dir+"/") {
			return stateSome
		}
	}
	return stateNone
}

// roots are the folders (or files) below which the spec may match, none
// within another: where a walk starts. nil means the root.
func (s *Pathspec) roots() []string {
	if s.Everything() {
		return nil
	}
	var rs []string
	any := false
	for _, it := range s.items {
		if it.exclude {
			continue
		}
		any = true
		r := strings.TrimSuffix(it.path, "/")
		if !it.literal {
			r = it.path[:it.nowild]
			if i := strings.LastIndexByte(r, '/'); i >= 0 {
				r = r[:i]
			} else {
				r = ""
			}
		}
		if it.icase {
			r = "" // a tree cannot be looked up ignoring case
		}
		if r == "" {
			return nil
		}
		rs = append(rs, r)
	}
	if !any {
		return nil
	}
	for p := range s.follow {
		rs = append(rs, path.Dir(p))
	}
	for _, r := range rs {
		if r == "." {
			return nil
		}
	}
	return cleanPaths(rs)
}

// key names the spec in the names of cache files: its items, cleaned,
// and the documents it follows.
func (s *Pathspec) key() []string {
	if s.simple && len(s.follow) == 0 {
		var ps []string
		for _, it := range s.items {
			ps = append(ps, it.path)
		}
		return cleanPaths(ps)
	}
	var out []string
	for _, it := range s.items {
		out = append(out, fmt.Sprintf("%t,%t,%t,%t:%s", it.exclude, it.glob, it.literal, it.icase, it.path))
	}
	sort.Strings(out)
	var fs []string
	for p := range s.follow {
		fs = append(fs, "follow:"+p)
	}
	sort.Strings(fs)
	return append(out, fs...)
}

// withFollow returns the spec that also tracks the documents ps.
func (s *Pathspec) withFollow(ps []string) *Pathspec {
	n := &Pathspec{items: s.items, simple: false, follow: map[string]bool{}}
	for p := range s.follow {
		n.follow[p] = true
	}
	for _, p := range ps {
		n.follow[p] = true
	}
	return n
}

// Tracked says whether the document at p is tracked by paths (git
// pathspecs; none track everything). A paths that cannot be read tracks
// nothing.
func Tracked(p string, paths []string) bool {
	s, err := ParsePathspec(paths)
	return err == nil && s.Match(p)
}

// The glob matcher: a pattern compiles to tokens, run as a set of states
// over the path, so no pattern takes more than (pattern x path) steps,
// whatever its stars.

type tokKind uint8

const (
	tokLit   tokKind = iota
	tokAny           // ?
	tokClass         // [...]
	tokStar          // * (within a folder in glob mode)
	tokAll           // ** (across folders), or * outside glob mode
	tokSkip          // epsilon to i+skip: "**/" may match no folder
)

type token struct {
	kind   tokKind
	c      byte
	ranges []byteRange // for tokClass
	negate bool
	skip   int
}

type byteRange struct{ lo, hi byte }

func compileGlob(p string, pathname, startSeg bool) ([]token, error) {
	var ts []token
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '\\':
			if i+1 >= len(p) {
				return nil, fmt.Errorf("ends in a backslash")
			}
			i++
			ts = append(ts, token{kind: tokLit, c: p[i]})
		case '?':
			ts = append(ts, token{kind: tokAny})
		case '*':
			j := i
			for j < len(p) && p[j] == '*' {
				j++
			}
			double := j-i >= 2
			i = j - 1
			if !pathname {
				ts = append(ts, token{kind: tokAll})
				continue
			}
			atStart := len(ts) == 0 && startSeg || len(ts) > 0 && ts[len(ts)-1].kind == tokLit && ts[len(ts)-1].c == '/'
			atEnd := j == len(p) || p[j] == '/'
			switch {
			case double && atStart && j < len(p) && p[j] == '/':
				// "**/": no folder, or any folders.
				ts = append(ts, token{kind: tokSkip, skip: 3}, token{kind: tokAll}, token{kind: tokLit, c: '/'})
				i = j
			case double && atStart && atEnd:
				ts = append(ts, token{kind: tokAll})
			default:
				ts = append(ts, token{kind: tokStar})
			}
		case '[':
			t, n, err := compileClass(p[i:])
			if err != nil {
				return nil, err
			}
			ts = append(ts, t)
			i += n - 1
		default:
			ts = append(ts, token{kind: tokLit, c: c})
		}
	}
	return ts, nil
}

var classes = map[string][]byteRange{
	"alnum": {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}}, "alpha": {{'A', 'Z'}, {'a', 'z'}},
	"blank": {{' ', ' '}, {'\t', '\t'}}, "cntrl": {{0, 31}, {127, 127}}, "digit": {{'0', '9'}},
	"graph": {{33, 126}}, "lower": {{'a', 'z'}}, "print": {{32, 126}},
	"punct": {{33, 47}, {58, 64}, {91, 96}, {123, 126}}, "space": {{'\t', '\r'}, {' ', ' '}},
	"upper": {{'A', 'Z'}}, "xdigit": {{'0', '9'}, {'A', 'F'}, {'a', 'f'}},
}

// compileClass reads a bracket expression at the start of p and returns
// it with its length.
func compileClass(p string) (token, int, error) {
	t := token{kind: tokClass}
	i := 1
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		t.negate = true
		i++
	}
	first := true
	for ; i < len(p); i++ {
		c := p[i]
		if c == ']' && !first {
			return t, i + 1, nil
		}
		first = false
		switch {
		case c == '[' && i+1 < len(p) && p[i+1] == ':':
			end := strings.Index(p[i+2:], ":]")
			if end < 0 {
				return t, 0, fmt.Errorf("has an unclosed '[:'")
			}
			rs, ok := classes[p[i+2:i+2+end]]
			if !ok {
				return t, 0, fmt.Errorf("names an unknown character class [:%s:]", p[i+2:i+2+end])
			}
			t.ranges = append(t.ranges, rs...)
			i += 2 + end + 1
		case c == '\\' && i+1 < len(p):
			i++
			t.ranges = append(t.ranges, byteRange{p[i], p[i]})
		case i+2 < len(p) && p[i+1] == '-' && p[i+2] != ']':
			lo, hi := c, p[i+2]
			if hi == '\\' && i+3 < len(p) {
				hi = p[i+3]
				i++
			}
			t.ranges = append(t.ranges, byteRange{lo, hi})
			i += 2
		default:
			t.ranges = append(t.ranges, byteRange{c, c})
		}
	}
	return t, 0, fmt.Errorf("has an unclosed '['")
}

func (t *token) inClass(c byte, icase bool) bool {
	in := func(c byte) bool {
		for _, r := range t.ranges {
			if r.lo <= c && c <= r.hi {
				return true
			}
		}
		return false
	}
	ok := in(c)
	if !ok && icase {
		ok = in(lower(c)) || in(upper(c))
	}
	return ok != t.negate
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// matchGlob runs the tokens over s as git's wildmatch does (with
// WM_PATHNAME when pathname).
func matchGlob(ts []token, s string, pathname, icase bool) bool {
	n := len(ts)
	cur := make([]bool, n+1)
	next := make([]bool, n+1)
	var close func(st []bool, i int)
	close = func(st []bool, i int) {
		if i > n || st[i] {
			return
		}
		st[i] = true
		if i == n {
			return
		}
		switch ts[i].kind {
		case tokStar, tokAll:
			close(st, i+1)
		case tokSkip:
			close(st, i+1)
			close(st, i+ts[i].skip)
		}
	}
	close(cur, 0)
	for k := 0; k < len(s); k++ {
		c := s[k]
		clear(next)
		alive := false
		for i := 0; i < n; i++ {
			if !cur[i] {
				continue
			}
			t := &ts[i]
			switch t.kind {
			case tokLit:
				if t.c == c || icase && lower(t.c) == lower(c) {
					close(next, i+1)
					alive = true
				}
			case tokAny:
				if !pathname || c != '/' {
					close(next, i+1)
					alive = true
				}
			case tokClass:
				if (!pathname || c != '/') && t.inClass(c, icase) {
					close(next, i+1)
					alive = true
				}
			case tokStar:
				if c != '/' {
					close(next, i)
					alive = true
				}
			case tokAll:
				close(next, i)
				alive = true
			}
		}
		if !alive {
			return false
		}
		cur, next = next, cur
	}
	return cur[n]
}
