package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/digdir/redline/internal/langpath"
	"go.yaml.in/yaml/v3"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// parseFront reads the front matter the way Hugo does: after an optional
// byte order mark and blank lines, a "---" line opens YAML, a "+++" line
// opens TOML and a "{" opens a JSON object. It sets FrontFormat, Front and
// BodyStart. Front matter over lim.MaxFrontBytes is refused before it is
// decoded.
func parseFront(doc *Document, lines lineIndex, lim Limits) error {
	src := doc.Source
	start := 0
	if bytes.HasPrefix(src, bom) {
		start = len(bom)
	}
	doc.BodyStart = start
	// Hugo skips leading white space before looking for front matter.
	i := start
	for i < len(src) && isSpace(src[i]) {
		i++
	}
	if i == len(src) {
		return nil
	}
	// A page opening with a shortcode, "{{< toc >}}", is not JSON; Hugo
	// would try to read it as JSON front matter and fail, redline reads
	// it as the body.
	if src[i] == '{' && !bytes.HasPrefix(src[i:], []byte("{{")) {
		return parseJSONFront(doc, i, lines, lim)
	}
	first, firstEnd := lineAt(src, i)
	var format, delim string
	switch string(bytes.TrimRight(first, " \t\r")) {
	case "---":
		format, delim = "yaml", "---"
	case "+++":
		format, delim = "toml", "+++"
	default:
		return nil
	}
	// i must be at the start of the delimiter line for Hugo to see front
	// matter; leading spaces on the line itself make it Markdown.
	if i > start && src[i-1] != '\n' {
		return nil
	}
	contentStart := firstEnd
	for j := contentStart; j < len(src); {
		line, next := lineAt(src, j)
		// Like Hugo, any line starting with the delimiter closes.
		if bytes.HasPrefix(line, []byte(delim)) {
			if n := j - contentStart; lim.MaxFrontBytes > 0 && n > lim.MaxFrontBytes {
				return frontTooLarge(doc.Path, lines.line(i), format, n, lim)
			}
			doc.FrontFormat = format
			doc.BodyStart = next
			return decodeFront(doc, format, src[contentStart:j], lines.line(contentStart))
		}
		j = next
	}
	return &Error{Path: doc.Path, Line: lines.line(i),
		Msg:  fmt.Sprintf("%s front matter opened with %q is never closed", format, delim),
		Hint: fmt.Sprintf("end the front matter with a line holding only %s", delim)}
}

// lineAt returns the line starting at i without its newline, and the
// offset of the next line.
func lineAt(src []byte, i int) ([]byte, int) {
	end := bytes.IndexByte(src[i:], '\n')
	if end < 0 {
		return src[i:], len(src)
	}
	return src[i : i+end], i + end + 1
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// yamlLine finds the line number in a YAML decoder's message. It is
// compiled on first use, so that only a run that meets a YAML error pays
// for it.
var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+)`) })

// decodeFront decodes the text between the delimiters; firstLine is the
// file line the text starts on, so decoder line numbers can be shifted
// to file lines.
func decodeFront(doc *Document, format string, text []byte, firstLine int) error {
	fail := func(line int, msg, hint string) error {
		if line < 1 {
			line = 1
		}
		return &Error{Path: doc.Path, Line: firstLine + line - 1, Msg: msg, Hint: hint}
	}
	switch format {
	case "yaml":
		// The text is read into nodes first, so that a key defined twice
		// is reported here, once: the decoder reports every pair of equal
		// keys of a map, and 13,000 of them took it 24 GB.
		var root yaml.Node
		err := yaml.Unmarshal(text, &root)
		var v any
		if err == nil {
			if line, k, first := yamlDuplicate(&root); line > 0 {
				return fail(line, fmt.Sprintf("front matter is not valid YAML: key %q is defined twice, first on line %d", k, firstLine+first-1),
					"remove one of the two, or rename it")
			}
			if root.Kind != 0 {
				err = root.Decode(&v)
			}
		}
		if err != nil {
			line := 1
			if m := yamlLine().FindStringSubmatch(err.Error()); m != nil {
				line, _ = strconv.Atoi(m[1])
			}
			hint := "fix the YAML between the --- lines; quote values that contain ': ' or start with a special character"
			if strings.Contains(err.Error(), "excessive aliasing") {
				// An alias bomb is not a quoting mistake; say what to remove.
				hint = "write the values out instead of repeating them through YAML aliases (*name); redline refuses front matter whose aliases expand this far"
			}
			return fail(line, "front matter is not valid YAML: "+trimYAMLError(err.Error()), hint)
		}
		m, ok := asMap(v)
		if !ok {
			return fail(1, fmt.Sprintf("front matter is a YAML %s, not a map of keys to values", yamlKind(v)),
				"write the front matter as key: value lines, like title: Sammendrag")
		}
		doc.Front = m
	case "toml":
		if line, ok := TOMLNesting(text, maxNesting); !ok {
			return fail(line, fmt.Sprintf("TOML front matter has arrays or inline tables nested more than %d levels deep", maxNesting),
				"flatten the front matter; redline refuses deeper nesting, which the TOML decoder reads with memory growing as its square")
		}
		m := map[string]any{}
		if _, err := toml.Decode(string(text), &m); err != nil {
			line := 1
			var pe toml.ParseError
			msg := err.Error()
			if errors.As(err, &pe) {
				line, msg = pe.Position.Line, pe.Message
			}
			return fail(line, "front matter is not valid TOML: "+msg,
				"fix the TOML between the +++ lines; strings need quotes, like title = \"Sammendrag\"")
		}
		doc.Front = m
	}
	return nil
}

func parseJSONFront(doc *Document, i int, lines lineIndex, lim Limits) error {
	src := doc.Source
	in := src[i:]
	if lim.MaxFrontBytes > 0 && len(in) > lim.MaxFrontBytes+1 {
		// An object that does not end within the limit is refused for
		// its size, not for the syntax error of its cut-off end.
		in = in[:lim.MaxFrontBytes+1]
	}
	dec := json.NewDecoder(bytes.NewReader(in))
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		if len(in) < len(src[i:]) && errors.Is(err, io.ErrUnexpectedEOF) {
			return frontTooLarge(doc.Path, lines.line(i), "json", -1, lim)
		}
		off := i
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			off += int(se.Offset)
		case errors.As(err, &te):
			off += int(te.Offset)
		default: // io.ErrUnexpectedEOF: the object is never closed
			off = len(src)
		}
		if off > len(src) {
			off = len(src)
		}
		if off > i {
			off-- // Offset counts the byte that failed, we want its line
		}
		return &Error{Path: doc.Path, Line: lines.line(off),
			Msg:  "front matter is not a valid JSON object: " + err.Error(),
			Hint: "fix the JSON object at the top of the file, or start the page with something other than {"}
	}
	if m == nil {
		m = map[string]any{}
	}
	end := i + int(dec.InputOffset())
	if n := end - i; lim.MaxFrontBytes > 0 && n > lim.MaxFrontBytes {
		return frontTooLarge(doc.Path, lines.line(i), "json", n, lim)
	}
	// The body starts on the line after the closing brace when the rest
	// of that line is blank.
	rest, next := lineAt(src, end)
	if len(bytes.TrimSpace(rest)) == 0 {
		end = next
	}
	doc.FrontFormat, doc.Front, doc.BodyStart = "json", m, end
	return nil
}

// asMap turns a decoded YAML document into a map with string keys all the
// way down, so that the front matter marshals to JSON. An empty document
// is an empty map.
func asMap(v any) (map[string]any, bool) {
	switch v := v.(type) {
	case nil:
		return map[string]any{}, true
	case map[string]any:
		for k, x := range v {
			v[k] = stringKeys(x)
		}
		return v, true
	case map[any]any:
		return stringKeys(v).(map[string]any), true
	}
	return nil, false
}

func stringKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = stringKeys(x)
		}
		return v
	case map[any]any:
		// Sort so that two keys printing alike (1 and "1") resolve the
		// same way every run.
		keys := make([]any, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(a, b int) bool {
			return fmt.Sprintf("%T%v", keys[a], keys[a]) < fmt.Sprintf("%T%v", keys[b], keys[b])
		})
		m := make(map[string]any, len(v))
		for _, k := range keys {
			m[fmt.Sprint(k)] = stringKeys(v[k])
		}
		return m
	case []any:
		for i, x := range v {
			v[i] = stringKeys(x)
		}
		return v
	}
	return v
}

func yamlKind(v any) string {
	switch v.(type) {
	case []any:
		return "list"
	case string:
		return "string"
	case bool:
		return "boolean"
	case int, int64, uint64, float64:
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// trimYAMLError drops the decoder's "yaml: line N: " prefix; the line is
// in the error position already, shifted to the file.
func trimYAMLError(s string) string {
	s = yamlLine().ReplaceAllString(s, "")
	for _, p := range []string{"yaml: : ", "yaml: "} {
		if len(s) >= len(p) && s[:len(p)] == p {
			return s[len(p):]
		}
	}
	return s
}

// pageLang returns the language of the page at path: the one its file
// name carries, else the one its front matter gives.
func pageLang(path string, front map[string]any) string {
	if lang := langpath.Lang(path); lang != "" {
		return lang
	}
	return frontLang(front)
}

// frontLang reads the language from front matter, for pages whose file
// name carries none.
func frontLang(front map[string]any) string {
	for _, k := range []string{"lang", "language"} {
		if s, ok := front[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// frontTooLarge is the error for front matter of n bytes, over the limit,
// opened on line; n is -1 for JSON that does not end within the limit.
func frontTooLarge(path string, line int, format string, n int, lim Limits) error {
	msg := fmt.Sprintf("%s front matter is %d bytes, more than the limit of %d", strings.ToUpper(format), n, lim.MaxFrontBytes)
	if n < 0 {
		msg = fmt.Sprintf("%s front matter does not end within the limit of %d bytes", strings.ToUpper(format), lim.MaxFrontBytes)
	}
	return &Error{Path: path, Line: line, Msg: msg,
		Hint: "move large data out of the front matter (Hugo reads data files from data/), or raise the limit with --max-front-matter-bytes"}
}

// TOMLNesting reports whether the arrays and inline tables of the TOML
// text nest at most limit levels deep, and if not, the line (1-based,
// within text) where they first go deeper. It reads strings and comments
// as TOML does, so that brackets in them do not count. The TOML decoder
// needs memory growing with the square of the depth of inline tables
// (60 KB of them took 4 GB) and a stack as deep as the nesting.
func TOMLNesting(text []byte, limit int) (int, bool) {
	depth, line := 0, 1
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '\n':
			line++
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			// """ and ''' strings run to the same three quotes, across
			// lines; the others to one quote on the line. Only basic
			// strings (") have escapes.
			multi := i+2 < len(text) && text[i+1] == c && text[i+2] == c
			if multi {
				i += 2
			}
			for i++; i < len(text); i++ {
				if text[i] == '\n' {
					line++
					if !multi {
						break
					}
				}
				if c == '"' && text[i] == '\\' {
					if i+1 < len(text) && text[i+1] == '\n' {
						line++
					}
					i++
					continue
				}
				if text[i] == c && (!multi || i+2 < len(text) && text[i+1] == c && text[i+2] == c) {
					if multi {
						i += 2
					}
					break
				}
			}
		case '[', '{':
			if depth++; depth > limit {
				return line, false
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return line, true
}

// yamlDuplicate finds a key defined twice in a map of the YAML tree, as
// the decoder compares keys (kind and written value), and returns the
// line of its second definition, the key and the line of the first; the
// line is 0 when there is none.
func yamlDuplicate(root *yaml.Node) (int, string, int) {
	type key struct {
		kind  yaml.Kind
		value string
	}
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.MappingNode {
			seen := make(map[key]int, len(n.Content)/2)
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if first, ok := seen[key{k.Kind, k.Value}]; ok {
					return k.Line, k.Value, first
				}
				seen[key{k.Kind, k.Value}] = k.Line
			}
		}
		stack = append(stack, n.Content...)
	}
	return 0, "", 0
}
