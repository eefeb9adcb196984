// Package yamlfile turns a hand-written YAML file into checked Go values,
// with errors that name the file, the key and the line, and a hint that
// suggests the closest known key when one is misspelt.
//
// It reads through yaml.Node rather than yaml.Unmarshal because the node
// tree keeps line numbers and lets unknown keys be reported instead of
// silently dropped.
package yamlfile

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Error is a problem in a YAML file, at a line, under a key.
type Error struct {
	File string
	Line int    // 1-based; 0 when unknown
	Key  string // dotted key path, such as "site.base_url"; "" for the file
	Msg  string // what went wrong, lower case
	Help string // how to fix it; "" when there is nothing useful to say
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	// Errorf has cut and escaped what came from the file; an Error built
	// by hand still never carries a control character to the terminal.
	return escape(b.String())
}

// Hint says how to fix the problem; the command line prints it on its own
// `hint:` line.
func (e *Error) Hint() string { return e.Help }

// Errorf builds an Error for node n. Every string argument is taken to
// come from the file, which may not be what it claims (a link to a
// credentials file, say): it is cut to MaxExcerpt characters with its
// control characters escaped, as Excerpt does, so that an error never
// repeats a whole line. %q quotes the excerpt; %s and %v give it bare.
func Errorf(file string, n *yaml.Node, key, hint, format string, args ...any) *Error {
	line := 0
	if n != nil {
		line = n.Line
	}
	cut := make([]any, len(args))
	for i, a := range args {
		if s, ok := a.(string); ok {
			a = excerpt(s)
		}
		cut[i] = a
	}
	return &Error{File: file, Line: line, Key: keyExcerpt(key), Msg: fmt.Sprintf(format, cut...), Help: hint}
}

// MaxExcerpt is the most characters of a value from a file that an error
// repeats.
const MaxExcerpt = 80

// Excerpt returns s as an error may quote it: its first MaxExcerpt
// characters, "…" when there were more, quoted with Go's escapes for
// control, format (bidirectional) and invalid characters.
func Excerpt(s string) string { return strconv.Quote(clip(s)) + ellipsis(s) }

// excerpt is a string argument of Errorf: it formats as Excerpt.
type excerpt string

func (e excerpt) Format(f fmt.State, verb rune) {
	q := Excerpt(string(e))
	if verb != 'q' {
		// Bare: the escapes without the quotes around them.
		q = strconv.Quote(clip(string(e)))
		q = q[1:len(q)-1] + ellipsis(string(e))
	}
	f.Write([]byte(q))
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= MaxExcerpt {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxExcerpt {
			return s[:i]
		}
		n++
	}
	return s
}

func ellipsis(s string) string {
	if utf8.RuneCountInString(s) > MaxExcerpt {
		return "…"
	}
	return ""
}

// keyExcerpt cuts a dotted key path that is not plain words as Excerpt
// does, without the quotes.
func keyExcerpt(key string) string {
	if len(key) <= MaxExcerpt && plainKey.MatchString(key) {
		return key
	}
	return fmt.Sprint(excerpt(key))
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_.\[\]-]*$`)

// escape replaces the control and format characters in s (other than the
// spaces Go's quoting keeps) with their escapes.
func escape(s string) string {
	clean := true
	for _, r := range s {
		if r != ' ' && !strconv.IsPrint(r) || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == ' ' || strconv.IsPrint(r) && r != utf8.RuneError {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse parses data and returns the content of its first document, or nil
// when the file is empty or holds only comments or null.
func Parse(file string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line := 0
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		// The parser's words may quote the file: cut them like a value.
		return nil, &Error{File: file, Line: line, Msg: "not valid YAML: " + fmt.Sprint(excerpt(msg)),
			Help: "check the indentation and quoting near that line"}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	n := deref(doc.Content[0])
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	return n, nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// Field is one key of a mapping.
type Field struct {
	Name  string     // the key as written
	Path  string     // the dotted path, for messages
	Key   *yaml.Node // the key node (its line is where the key is written)
	Value *yaml.Node
}

// Fields checks that n is a mapping whose keys are all in known, written
// once each, and returns its fields in file order. prefix is the dotted
// path of n ("" at the top).
func Fields(file string, n *yaml.Node, prefix string, known []string) ([]Field, error) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil, Errorf(file, n, prefix, hintMapping, "want a mapping of keys, got %s", describe(n))
	}
	seen := map[string]int{}
	var out []Field
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		path := join(prefix, k.Value)
		if k.Kind != yaml.ScalarNode {
			return nil, Errorf(file, k, prefix, "write each key as a plain word, followed by a colon", "keys must be plain words, got %s", describe(k))
		}
		if known != nil && !contains(known, k.Value) {
			hint := "known keys here: " + strings.Join(known, ", ")
			if s := Suggest(k.Value, known); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			return nil, Errorf(file, k, path, hint, "unknown key")
		}
		if first, dup := seen[k.Value]; dup {
			return nil, Errorf(file, k, path, "remove one of the two", "key written twice (first at line %d)", first)
		}
		seen[k.Value] = k.Line
		out = append(out, Field{Name: k.Value, Path: path, Key: k, Value: v})
	}
	return out, nil
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// described is what describe returns: already cut and quoted, so Errorf
// passes it through as it is.
type described string

// Hints of the errors about a value of the wrong kind.
const (
	hintMapping = "write key: value lines here, indented under their parent key; check that this is the file you meant"
	hintList    = "write a list, as [a, b] or one \"- item\" per line"
)

// describe names the kind of a node for messages.
func describe(n *yaml.Node) described {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return described(Excerpt(n.Value))
	}
	return "something else"
}

// String reads a scalar as text. Numbers and dates are taken as written, so
// that a version id 2.10 stays "2.10". null reads as "".
func String(file string, f Field) (string, error) {
	v := f.Value
	if v.Kind != yaml.ScalarNode {
		return "", Errorf(file, v, f.Path, "write the value as text, in quotes if need be", "want text, got %s", describe(v))
	}
	if v.Tag == "!!null" {
		return "", nil
	}
	return v.Value, nil
}

// Bool reads true or false.
func Bool(file string, f Field) (bool, error) {
	v := f.Value
	if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
		var b bool
		if err := v.Decode(&b); err == nil {
			return b, nil
		}
	}
	return false, Errorf(file, v, f.Path, "write true or false", "want true or false, got %s", describe(v))
}

// Strings reads a list of text items; a single scalar is taken as a list of
// one, because `paths: content` is what people write for one path.
func Strings(file string, f Field) ([]string, error) {
	v := f.Value
	if v.Kind == yaml.ScalarNode {
		if v.Tag == "!!null" {
			return []string{}, nil
		}
		return []string{v.Value}, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, Errorf(file, v, f.Path, hintList, "want a list, got %s", describe(v))
	}
	out := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		item = deref(item)
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			return nil, Errorf(file, item, f.Path, "write each item as text, in quotes if need be", "want text in the list, got %s", describe(item))
		}
		out = append(out, item.Value)
	}
	return out, nil
}

// StringMap reads a mapping of key to text, such as {nb: Endringslogg}.
func StringMap(file string, f Field) (map[string]string, error) {
	fields, err := Fields(file, f.Value, f.Path, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(fields))
	for _, g := range fields {
		s, err := String(file, g)
		if err != nil {
			return nil, err
		}
		out[g.Name] = s
	}
	return out, nil
}

// StringsMap reads a mapping of key to list of text.
func StringsMap(file string, f Field) (map[string][]string, error) {
	fields, err := Fields(file, f.Value, f.Path, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(fields))
	for _, g := range fields {
		l, err := Strings(file, g)
		if err != nil {
			return nil, err
		}
		out[g.Name] = l
	}
	return out, nil
}

// Items checks that n is a list and returns its items.
func Items(file string, n *yaml.Node, key string) ([]*yaml.Node, error) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		return nil, Errorf(file, n, key, hintList, "want a list, got %s", describe(n))
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = deref(c)
	}
	return out, nil
}

// Suggest returns the option closest to word when it is close enough to
// be a likely typo (edit distance at most a third of the word, at least
// one), else "".
func Suggest(word string, options []string) string {
	best, bestD := "", -1
	w := strings.ToLower(word)
	for _, o := range options {
		d := distance(w, strings.ToLower(o))
		if bestD < 0 || d < bestD {
			best, bestD = o, d
		}
	}
	limit := max(1, len([]rune(word))/3)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// distance is the Damerau (optimal string alignment) edit distance, which
// counts a swap of two neighbouring letters as one typo.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}
