package langpath

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"sync/atomic"
)

// Marker stands for the language in a path pattern ("{lang}/**") and in the
// Key of a page whose language is its content directory.
const Marker = "{lang}"

// maxCode is the longest language code a pattern takes from a path: BCP 47
// tags in use are far shorter, and the bound keeps matching linear.
const maxCode = 35

// Layout says where a repository writes the language of a page. Three ways
// are read, the first that applies winning:
//
//   - a path pattern the configuration gives, such as "{lang}/**" for
//     en/privacy.md and de/privacy.md;
//   - a content directory per language, as Hugo's languages.<code>.contentDir
//     (content/nb/..., content/en/...); a language suffix in the file name,
//     one of the site's languages, still wins inside it, as in Hugo;
//   - the suffix of the file name, as Hugo names translations
//     (_index.nb.md).
//
// With the site's languages known, only they count; without, any code a
// path is shaped to hold. The nil Layout reads suffixes alone, of any
// language. A Layout is never changed once made, so it is safe to share.
type Layout struct {
	langs    []string
	dirs     []dirRule // longest directory first
	patterns []pattern
}

type dirRule struct {
	dir  string // without a trailing slash; "" is the repository root
	lang string
}

// Spec is what a Layout is made from.
type Spec struct {
	// Languages are the site's languages, in lower case; none means any
	// code-shaped part of a path is one.
	Languages []string
	// ContentDirs maps a language to the directory its pages are in.
	ContentDirs map[string]string
	// Patterns are path patterns with one Marker, tried in order: path.Match
	// globs per segment, "**" for any number of folders. The marker is a
	// segment ("{lang}/**") or part of one ("**/{lang}.md",
	// "docs/*.{lang}.md").
	Patterns []string
}

// PatternError is a pattern New cannot take.
type PatternError struct {
	Pattern string
	Msg     string
}

func (e *PatternError) Error() string { return fmt.Sprintf("pattern %q: %s", e.Pattern, e.Msg) }

// New makes the Layout of s. Without s.Languages, the languages of
// s.ContentDirs are the site's, if there are any.
func New(s Spec) (*Layout, error) {
	l := &Layout{}
	for _, lang := range s.Languages {
		l.langs = append(l.langs, strings.ToLower(lang))
	}
	if len(l.langs) == 0 && len(s.ContentDirs) > 0 {
		l.langs = slices.Sorted(maps.Keys(s.ContentDirs))
	}
	seen := map[string]bool{}
	for _, lang := range slices.Sorted(maps.Keys(s.ContentDirs)) {
		d := strings.Trim(path.Clean("/"+s.ContentDirs[lang]), "/")
		if seen[d] {
			// Two languages in one directory are told apart by suffix.
			l.dirs = slices.DeleteFunc(l.dirs, func(r dirRule) bool { return r.dir == d })
			continue
		}
		seen[d] = true
		l.dirs = append(l.dirs, dirRule{dir: d, lang: strings.ToLower(lang)})
	}
	slices.SortStableFunc(l.dirs, func(a, b dirRule) int { return len(b.dir) - len(a.dir) })
	for _, src := range s.Patterns {
		p, err := compile(src)
		if err != nil {
			return nil, err
		}
		l.patterns = append(l.patterns, p)
	}
	return l, nil
}

// Languages are the site's languages the layout knows, in lower case; none
// when any code counts.
func (l *Layout) Languages() []string {
	if l == nil {
		return nil
	}
	return slices.Clone(l.langs)
}

// String names what the layout reads, so that results computed under one
// layout are never taken for another's.
func (l *Layout) String() string {
	if l == nil {
		return "suffix"
	}
	var b strings.Builder
	b.WriteString("suffix;langs=" + strings.Join(l.langs, ","))
	for _, d := range l.dirs {
		b.WriteString(";dir=" + d.lang + ":" + d.dir)
	}
	for _, p := range l.patterns {
		b.WriteString(";pattern=" + p.src)
	}
	return b.String()
}

// Parts is a path read for its language.
type Parts struct {
	// Lang is the language, in lower case; "" when the path names none
	// (the site's default language, for a Hugo page without a suffix).
	Lang string
	// Dir is the content directory of the language when the language
	// comes from one ("content/en"); "" otherwise.
	Dir string
	// Rest is the path with the language cut out: relative to Dir when
	// Dir is set; else from the repository root, with the suffix or the
	// pattern's part taken out (content/a/_index.nb.md -> content/a/_index.md,
	// en/privacy.md -> privacy.md, notice/en-US.md -> notice/_index.md).
	Rest string

	kind          int    // how Lang was read: bySuffix, byDir, byPattern
	before, after string // the path around the language, for Counterpart
}

const (
	none = iota
	bySuffix
	byDir
	byPattern
)

// Parse reads the language of the slash-separated path p.
func (l *Layout) Parse(p string) Parts {
	p = strings.ReplaceAll(p, `\`, "/")
	if l != nil {
		for i := range l.patterns {
			if parts, ok := l.patterns[i].match(p, l.known); ok {
				return parts
			}
		}
		for _, d := range l.dirs {
			rel, ok := p, d.dir == ""
			if !ok {
				rel, ok = strings.CutPrefix(p, d.dir+"/")
			}
			if !ok || rel == "" {
				continue
			}
			parts := Parts{Lang: d.lang, Dir: d.dir, Rest: rel, kind: byDir}
			if dir, stem, lang, ext := Split(rel); lang != "" && l.known(lang) {
				parts.Lang, parts.Rest = lang, dir+stem+ext
			}
			return parts
		}
	}
	dir, stem, lang, ext := Split(p)
	if lang == "" || !l.known(lang) {
		return Parts{Rest: p}
	}
	return Parts{Lang: lang, Rest: dir + stem + ext, kind: bySuffix, before: dir + stem + ".", after: ext}
}

// known says whether code is one of the site's languages, or, with none
// known, whether it may be one.
func (l *Layout) known(code string) bool {
	if l == nil || len(l.langs) == 0 {
		return true
	}
	return slices.Contains(l.langs, strings.ToLower(code))
}

// Lang returns the language of the page at p, or "".
func (l *Layout) Lang(p string) string { return l.Parse(p).Lang }

// Key returns what the page at p has in common with its translations: the
// same Key is the same document in another language. It is the path with
// the language cut out (Parts.Rest), and for a content directory per
// language, Marker in place of the directory: content/en/a.md ->
// "{lang}/a.md". A page without a language has its own path for Key, the
// Key of its translations that carry a suffix (_index.md, _index.en.md).
func (l *Layout) Key(p string) string {
	parts := l.Parse(p)
	if parts.kind == byDir {
		return Marker + "/" + parts.Rest
	}
	return parts.Rest
}

// Counterpart returns where the translation of the page at p into lang
// would be, "" when p has no language, is in lang already, or lang has no
// place in the layout (no content directory). A folder keeps the case p
// writes its code in only when lang is the same code.
func (l *Layout) Counterpart(p, lang string) string {
	parts := l.Parse(p)
	if parts.Lang == "" || parts.Lang == strings.ToLower(lang) {
		return ""
	}
	switch parts.kind {
	case bySuffix, byPattern:
		return parts.before + lang + parts.after
	case byDir:
		for _, d := range l.dirs {
			if d.lang == strings.ToLower(lang) {
				if d.dir == "" {
					return parts.Rest
				}
				return d.dir + "/" + parts.Rest
			}
		}
	}
	return ""
}

// current is the layout of the repository the process works on, set once
// it is opened: document, history, changes, release and the web view ask
// Lang without a configuration in hand.
var current atomic.Pointer[Layout]

// Use makes l the layout Lang, Key and Counterpart read; nil reads
// suffixes alone. The application calls it when it opens a repository,
// before any page is read.
func Use(l *Layout) { current.Store(l) }

// Current is the layout in use.
func Current() *Layout { return current.Load() }

// Key is Current().Key(p).
func Key(p string) string { return Current().Key(p) }

// Counterpart is Current().Counterpart(p, lang).
func Counterpart(p, lang string) string { return Current().Counterpart(p, lang) }

// pattern is a compiled path pattern.
type pattern struct {
	src       string
	segs      []string // "**" or a path.Match glob
	at        int      // the segment holding Marker
	pre, post string   // the globs around Marker in segs[at]
}

func compile(src string) (pattern, error) {
	bad := func(msg string) (pattern, error) { return pattern{}, &PatternError{Pattern: src, Msg: msg} }
	if strings.Count(src, Marker) != 1 {
		return bad("write " + Marker + " once, where the language code is, such as {lang}/** or **/{lang}.md")
	}
	if strings.HasPrefix(src, "/") || strings.Contains(src, `\`) {
		return bad("write a path relative to the repository root, with forward slashes")
	}
	p := pattern{src: src, segs: strings.Split(src, "/"), at: -1}
	for i, s := range p.segs {
		switch {
		case s == "" || s == "." || s == "..":
			return bad(fmt.Sprintf("segment %d is %q; write folder names or globs between the slashes", i+1, s))
		case s == "**":
			continue
		case strings.Contains(s, "**"):
			return bad("** stands for any number of folders, alone between slashes")
		case strings.Contains(s, Marker):
			p.at = i
			p.pre, p.post, _ = strings.Cut(s, Marker)
			for _, g := range []string{p.pre, p.post} {
				if _, err := path.Match(g, ""); err != nil {
					return bad(fmt.Sprintf("%q is not a valid glob", g))
				}
			}
			continue
		}
		if _, err := path.Match(s, ""); err != nil {
			return bad(fmt.Sprintf("%q is not a valid glob", s))
		}
	}
	return p, nil
}

// match matches p against the pattern; known says which codes count. The
// states (segment of the pattern, segment of the path) that failed are
// remembered, so that several "**" cost their product, not an exponent.
func (pt *pattern) match(p string, known func(string) bool) (Parts, bool) {
	segs := strings.Split(p, "/")
	failed := map[[2]int]bool{}
	var code [3]int // path segment, start and end of the code in it
	var rec func(si, pi int) bool
	rec = func(si, pi int) bool {
		if si == len(pt.segs) {
			return pi == len(segs)
		}
		if failed[[2]int{si, pi}] {
			return false
		}
		ok := false
		switch s := pt.segs[si]; {
		case s == "**":
			for k := pi; k <= len(segs) && !ok; k++ {
				ok = rec(si+1, k)
			}
		case pi == len(segs):
		case si == pt.at:
			if i, j, found := pt.code(segs[pi], known); found {
				code = [3]int{pi, i, j}
				ok = rec(si+1, pi+1)
			}
		default:
			if m, _ := path.Match(s, segs[pi]); m {
				ok = rec(si+1, pi+1)
			}
		}
		if !ok {
			failed[[2]int{si, pi}] = true
		}
		return ok
	}
	if !rec(0, 0) {
		return Parts{}, false
	}
	seg, i, j := segs[code[0]], code[1], code[2]
	lang := strings.ToLower(seg[i:j])
	before := strings.Join(segs[:code[0]], "/")
	if code[0] > 0 {
		before += "/"
	}
	before += seg[:i]
	after := seg[j:]
	if code[0]+1 < len(segs) {
		after += "/" + strings.Join(segs[code[0]+1:], "/")
	}

	// Rest: the segment without its code and one separator beside it; a
	// folder left empty goes, a file name left without a stem is the
	// folder's own page.
	head, tail := seg[:i], seg[j:]
	if n := len(head); n > 0 && strings.ContainsRune(".-_", rune(head[n-1])) {
		head = head[:n-1]
	} else if tail != "" && strings.ContainsRune("-_", rune(tail[0])) {
		tail = tail[1:]
	}
	rest := slices.Clone(segs)
	switch name := head + tail; {
	case code[0] < len(segs)-1 && name == "":
		rest = slices.Delete(rest, code[0], code[0]+1)
	case code[0] == len(segs)-1 && (name == "" || name == path.Ext(name)):
		rest[code[0]] = "_index" + name
	default:
		rest[code[0]] = name
	}
	return Parts{Lang: lang, Rest: strings.Join(rest, "/"), kind: byPattern, before: before, after: after}, true
}

// code finds a language code in the segment s between the pattern's globs:
// the first place it can start, the longest code there.
func (pt *pattern) code(s string, known func(string) bool) (int, int, bool) {
	for i := 0; i < len(s); i++ {
		if m, _ := path.Match(pt.pre, s[:i]); !m {
			continue
		}
		for j := min(len(s), i+maxCode); j > i+1; j-- {
			c := s[i:j]
			if !IsCode(c) || !known(c) {
				continue
			}
			if m, _ := path.Match(pt.post, s[j:]); m {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}
