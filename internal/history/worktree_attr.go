package history

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/digdir/redline/internal/safefile"
)

// Attributes (gitattributes(5)) say which conversions git applies to a
// file when it stores it: a filter, an encoding, line endings, ident.
// They are read here as git reads them for that direction (git add): the
// .gitattributes of the file's folder and of each folder above it, in
// the work tree or, where the work tree has none, in the index, and
// $GIT_COMMON_DIR/info/attributes above them all. The global and system
// attributes files (core.attributesFile) are not read: they are the
// user's, and a repository's config could point them anywhere.
//
// go-git has a parser (plumbing/format/gitattributes), but it panics on
// a line `""`, lets a lower-priority line override a higher one, and
// reads through a billy file system that follows links; this is git's
// attr.c, in the small.

// maxAttrLine is git's ATTR_MAX_LINE_LENGTH: longer lines are ignored.
const maxAttrLine = 2048

// attrState is what a line says of an attribute.
type attrState uint8

const (
	attrSet         attrState = iota + 1 // "name"
	attrUnset                            // "-name"
	attrUnspecified                      // "!name"
	attrValue                            // "name=value"
)

type attrAssign struct {
	name  string
	state attrState
	value string
}

// attrRule is one line: a pattern (or, for "[attr]name", a macro) and
// what it assigns.
type attrRule struct {
	macro     string   // the macro's name; "" for a pattern
	segs      []string // the pattern's segments, in path.Match's syntax
	noDir     bool     // the pattern has no slash: it matches base names
	mustBeDir bool     // a trailing slash: it matches folders only
	assigns   []attrAssign
}

// attrFile is one attributes file, and the folder its patterns are
// relative to ("" for the root and info/attributes).
type attrFile struct {
	base  string
	rules []attrRule
}

// builtinAttrs is git's built-in macro.
var builtinAttrs = parseAttributes([]byte("[attr]binary -diff -merge -text\n"), "", true)

// parseAttributes reads an attributes file as git's parse_attr_line
// does: lines it would ignore (with a warning) are left out.
func parseAttributes(b []byte, base string, macrosOK bool) *attrFile {
	f := &attrFile{base: base}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		if rule, ok := parseAttrLine(string(line), base, macrosOK); ok {
			f.rules = append(f.rules, rule)
		}
	}
	return f
}

const attrBlank = " \t\r\n"

func parseAttrLine(line, base string, macrosOK bool) (attrRule, bool) {
	var rule attrRule
	if len(line) >= maxAttrLine {
		return rule, false
	}
	cp := strings.TrimLeft(line, attrBlank)
	if cp == "" || cp[0] == '#' {
		return rule, false
	}
	var name, states string
	if unq, rest, ok := unquoteC(cp); ok {
		name, states = unq, rest
	} else {
		n := strings.IndexAny(cp, attrBlank)
		if n < 0 {
			n = len(cp)
		}
		name, states = cp[:n], cp[n:]
	}
	if len(name) > len("[attr]") && strings.HasPrefix(name, "[attr]") {
		if !macrosOK {
			return rule, false
		}
		m := strings.TrimLeft(name[len("[attr]"):], attrBlank)
		if n := strings.IndexAny(m, attrBlank); n >= 0 {
			m = m[:n]
		}
		if !validAttrName(m) {
			return rule, false
		}
		rule.macro = m
	} else {
		p := name
		if strings.HasPrefix(p, "!") {
			return rule, false // git ignores negative patterns
		}
		if strings.HasSuffix(p, "/") {
			p, rule.mustBeDir = p[:len(p)-1], true
		}
		rule.noDir = !strings.Contains(p, "/")
		p = strings.TrimPrefix(p, "/")
		if rule.noDir {
			rule.segs = []string{goGlob(p)}
		} else {
			for _, s := range strings.Split(p, "/") {
				if s == "**" && len(rule.segs) > 0 && rule.segs[len(rule.segs)-1] == "**" {
					continue // "**/**" is "**"
				}
				rule.segs = append(rule.segs, goGlob(s))
			}
		}
	}
	for _, tok := range strings.FieldsFunc(states, func(r rune) bool { return strings.ContainsRune(attrBlank, r) }) {
		a := attrAssign{state: attrSet}
		switch tok[0] {
		case '-':
			a.state, tok = attrUnset, tok[1:]
		case '!':
			a.state, tok = attrUnspecified, tok[1:]
		}
		if i := strings.IndexByte(tok, '='); i >= 0 {
			if a.state == attrSet {
				a.state, a.value = attrValue, tok[i+1:]
			}
			tok = tok[:i]
		}
		if !validAttrName(tok) || strings.HasPrefix(tok, "builtin_") {
			return rule, false // git ignores the whole line
		}
		a.name = tok
		rule.assigns = append(rule.assigns, a)
	}
	return rule, true
}

// validAttrName is git's attr_name_valid.
func validAttrName(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '-' && c != '.' && c != '_' && (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// unquoteC reads a C-style quoted string at the start of s, as git's
// unquote_c_style: the string and what follows it.
func unquoteC(s string) (string, string, bool) {
	if s == "" || s[0] != '"' {
		return "", "", false
	}
	var out strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return out.String(), s[i+1:], true
		case '\\':
			i++
			if i >= len(s) {
				return "", "", false
			}
			switch c = s[i]; c {
			case 'a':
				out.WriteByte('\a')
			case 'b':
				out.WriteByte('\b')
			case 'f':
				out.WriteByte('\f')
			case 'n':
				out.WriteByte('\n')
			case 'r':
				out.WriteByte('\r')
			case 't':
				out.WriteByte('\t')
			case 'v':
				out.WriteByte('\v')
			case '\\', '"':
				out.WriteByte(c)
			case '0', '1', '2', '3':
				if i+2 >= len(s) || s[i+1] < '0' || s[i+1] > '7' || s[i+2] < '0' || s[i+2] > '7' {
					return "", "", false
				}
				out.WriteByte((c-'0')<<6 | (s[i+1]-'0')<<3 | (s[i+2] - '0'))
				i += 2
			default:
				return "", "", false
			}
		default:
			out.WriteByte(c)
		}
	}
	return "", "", false
}

// goGlob turns one segment of a git wildcard pattern into path.Match's
// syntax: "**" inside a segment is "*"; in brackets, "!" negates as "^"
// does, "]" first and "-" first or last are literal, and POSIX classes
// ("[:digit:]") are spelt out. A segment that is only "**" is kept: it
// matches folders. What path.Match then refuses matches nothing, as in
// git.
func goGlob(s string) string {
	if s == "**" {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteByte(c)
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '[':
			i = bracket(&b, s, i)
		case '*':
			b.WriteByte(c)
			for i+1 < len(s) && s[i+1] == '*' {
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// posixClasses spells out wildmatch's character classes for path.Match.
var posixClasses = map[string]string{
	"alnum": "a-zA-Z0-9", "alpha": "a-zA-Z", "blank": " \t", "cntrl": "\x00-\x1f\x7f",
	"digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~",
	"punct": "!-/:-@\\[-`{-~", "space": " \t\n\v\f\r", "upper": "A-Z", "xdigit": "0-9A-Fa-f",
}

// bracket copies the bracket expression at s[i] to b, and returns the
// index of its last byte. One without an end is copied as it is: then
// path.Match refuses the pattern.
func bracket(b *strings.Builder, s string, i int) int {
	j := i + 1
	b.WriteByte('[')
	if j < len(s) && (s[j] == '!' || s[j] == '^') {
		b.WriteByte('^')
		j++
	}
	first := j
	for ; j < len(s); j++ {
		c := s[j]
		switch {
		case c == ']' && j > first:
			b.WriteByte(']')
			return j
		case c == '[' && j+1 < len(s) && s[j+1] == ':':
			end := strings.Index(s[j+2:], ":]")
			class, ok := "", false
			if end >= 0 {
				class, ok = posixClasses[s[j+2:j+2+end]]
			}
			if !ok && end >= 0 {
				b.WriteString("--") // an unknown class: git matches nothing, nor will path.Match
				j += 2 + end + 1
				continue
			}
			if !ok {
				b.WriteString("\\[")
				continue
			}
			b.WriteString(class)
			j += 2 + end + 1
		case c == '\\' && j+1 < len(s):
			b.WriteByte(c)
			j++
			b.WriteByte(s[j])
		case c == ']' || c == '[' || c == '-' && (j == first || j+1 < len(s) && s[j+1] == ']'):
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return j - 1
}

// matches reports whether the rule's pattern, from a file in folder base,
// matches the file at p (slash-separated, from the root).
func (a *attrRule) matches(base, p string) bool {
	if a.macro != "" || a.mustBeDir {
		return false // documents are files, never folders
	}
	if a.noDir {
		return globMatch(a.segs[0], p[strings.LastIndexByte(p, '/')+1:])
	}
	if base != "" {
		if !strings.HasPrefix(p, base+"/") {
			return false
		}
		p = p[len(base)+1:]
	}
	return segsMatch(a.segs, strings.Split(p, "/"))
}

func globMatch(pattern, name string) bool {
	ok, err := path.Match(pattern, name)
	return ok && err == nil
}

// segsMatch matches a path's segments with a pattern's, as git's
// wildmatch with WM_PATHNAME: "**" matches any number of folders, and at
// the end of the pattern everything inside the folder before it (at
// least one name). The table bounds the work by the product of the
// lengths, whatever the number of "**".
func segsMatch(pat, segs []string) bool {
	if !slices.Contains(pat, "**") {
		if len(pat) != len(segs) {
			return false
		}
		for i := range pat {
			if !globMatch(pat[i], segs[i]) {
				return false
			}
		}
		return true
	}
	m, n := len(pat), len(segs)
	names := 0
	for _, p := range pat {
		if p != "**" {
			names++
		}
	}
	if names > n {
		return false // more names to match than the path has
	}
	// ok[i][j]: pat[i:] matches segs[j:]; filled from the end.
	ok := make([]bool, (m+1)*(n+1))
	at := func(i, j int) *bool { return &ok[i*(n+1)+j] }
	*at(m, n) = true
	for i := m - 1; i >= 0; i-- {
		for j := n; j >= 0; j-- {
			switch {
			case pat[i] == "**" && i == m-1:
				*at(i, j) = j < n
			case pat[i] == "**":
				*at(i, j) = *at(i+1, j) || j < n && *at(i, j+1)
			default:
				*at(i, j) = j < n && *at(i+1, j+1) && globMatch(pat[i], segs[j])
			}
		}
	}
	return *at(0, 0)
}

// attrSource reads the attributes files of a work tree as they are
// needed, each once.
type attrSource struct {
	r      *Repo
	idx    *gitIndex // nil without a readable index
	info   *attrFile // $GIT_COMMON_DIR/info/attributes
	dirs   map[string]*attrFile
	macros map[string]*attrRule
	notes  *[]string
}

func newAttrSource(r *Repo, idx *gitIndex, notes *[]string) (*attrSource, error) {
	s := &attrSource{r: r, idx: idx, dirs: map[string]*attrFile{}, notes: notes}
	s.info = &attrFile{}
	if r.guard != nil {
		file := filepath.Join(r.commonDir, "info", "attributes")
		b, err := r.guard.read(file, safefile.MaxConfigBytes)
		switch {
		case err == nil:
			s.info = parseAttributes(b, "", true)
		case errors.Is(err, fs.ErrNotExist):
		case errors.Is(err, ErrTooLarge):
			s.note(file, err)
		default:
			return nil, err
		}
	}
	// Macros may be defined in info/attributes and the root's
	// .gitattributes; the highest-priority definition wins.
	s.macros = map[string]*attrRule{}
	for _, f := range []*attrFile{s.info, s.dir(""), builtinAttrs} {
		for i := len(f.rules) - 1; i >= 0; i-- {
			if m := f.rules[i].macro; m != "" && s.macros[m] == nil {
				s.macros[m] = &f.rules[i]
			}
		}
	}
	return s, nil
}

func (s *attrSource) note(file string, err error) {
	*s.notes = append(*s.notes, fmt.Sprintf("%s: ignored, as git ignores an attributes file it cannot read: %v", file, err))
}

// dir returns the .gitattributes of folder d ("" for the root): the
// work tree's, or the index's where the work tree has none (or has a
// link or other non-file there, which git does not follow).
func (s *attrSource) dir(d string) *attrFile {
	if f, ok := s.dirs[d]; ok {
		return f
	}
	rel := path.Join(d, ".gitattributes")
	b, err := s.r.readWorkTreeFile(rel, safefile.MaxConfigBytes)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, errNotRegular) {
			s.note(rel, err) // and on to the index, as git goes
		}
		b, err = nil, nil
		if s.idx != nil {
			if e, ok := s.idx.entries[rel]; ok {
				if int64(e.size) > safefile.MaxConfigBytes {
					err = fileTooLarge(rel+" (in the index)", int64(e.size), safefile.MaxConfigBytes)
				} else {
					b, err = s.r.Blob(e.hash)
				}
			}
		}
	}
	if err != nil {
		s.note(rel, err)
		b = nil
	}
	f := parseAttributes(b, d, d == "")
	s.dirs[d] = f
	return f
}

// lookup returns the attributes of the file at p (slash-separated, from
// the root), as git's fill: for each attribute the highest-priority
// line that names it, macros expanded where they are set.
func (s *attrSource) lookup(p string) map[string]attrAssign {
	stack := []*attrFile{s.info}
	for d := path.Dir(p); ; d = path.Dir(d) {
		if d == "." || d == "/" {
			stack = append(stack, s.dir(""))
			break
		}
		stack = append(stack, s.dir(d))
	}
	out := map[string]attrAssign{}
	type frame struct {
		as []attrAssign
		i  int // the next to look at, going down
	}
	var work []frame
	for _, f := range stack {
		for i := len(f.rules) - 1; i >= 0; i-- {
			rule := &f.rules[i]
			if !rule.matches(f.base, p) {
				continue
			}
			// Depth first, last assignment first, without recursion:
			// a chain of macros is as long as an attributes file.
			work = append(work[:0], frame{rule.assigns, len(rule.assigns) - 1})
			for len(work) > 0 {
				top := &work[len(work)-1]
				if top.i < 0 {
					work = work[:len(work)-1]
					continue
				}
				a := top.as[top.i]
				top.i--
				if _, done := out[a.name]; done {
					continue
				}
				out[a.name] = a
				if m := s.macros[a.name]; m != nil && a.state == attrSet {
					work = append(work, frame{m.assigns, len(m.assigns) - 1})
				}
			}
		}
	}
	return out
}

// readWorkTreeFile reads the file at rel, slash-separated from the work
// tree's root, refusing links on the way (git does not follow them for
// attributes files) and files that are not regular (errNotRegular), and
// reading at most max bytes. A missing file gives an error for which
// errors.Is(err, fs.ErrNotExist) holds.
func (r *Repo) readWorkTreeFile(rel string, max int64) ([]byte, error) {
	cur := r.root
	parts := strings.Split(rel, "/")
	for i, el := range parts {
		cur = filepath.Join(cur, el)
		fi, err := os.Lstat(cur)
		if err != nil {
			return nil, err
		}
		last := i == len(parts)-1
		if !last && !fi.IsDir() || last && !fi.Mode().IsRegular() {
			if !last && fi.Mode()&fs.ModeSymlink == 0 {
				return nil, fs.ErrNotExist
			}
			return nil, fmt.Errorf("%s: %w", cur, errNotRegular)
		}
		if !last {
			continue
		}
		f, err := safefile.OpenNoBlock(cur)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		ofi, err := f.Stat()
		if err != nil {
			return nil, err
		}
		if !os.SameFile(fi, ofi) {
			return nil, fmt.Errorf("%s changed while being opened: %w", cur, errNotRegular)
		}
		return readCapped(f, ofi.Size(), max, cur)
	}
	return nil, fs.ErrNotExist
}
