package classify

import (
	"regexp"
	"strings"
)

// plainText is a paragraph with its Markdown taken apart: the words a
// reader sees and, separately, what only changes where things point or how
// they look.
type plainText struct {
	text      string   // the visible words
	links     []string // link targets (and ref/relref shortcode targets)
	linkTexts []string // the words of each link, beside links ("" when it shows none)
	images    []string // image targets
	footnotes []string // footnote references and definition labels
	// shortcodes are the Hugo shortcodes opened, each its name and the
	// arguments that are not about looks ("include file=x.md"): what a
	// shortcode shows can hang on them.
	shortcodes []string
	heading    string // "#", "##", ... when the text is a heading ("=" or "-" for a setext one)
}

var (
	lineMarker   = regexp.MustCompile(`^(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+)`)
	headingID    = regexp.MustCompile(`[ \t]*\{#[^}]*\}[ \t]*$`)
	htmlTag      = regexp.MustCompile(`^</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
	shortcodeTag = regexp.MustCompile(`^\{\{[<%]\s*(/?)\s*([A-Za-z0-9_./-]*)\s*(.*?)\s*[>%]\}\}`)
	closingHash  = regexp.MustCompile(`[ \t]+#+[ \t]*$`)
	// attrList is an attribute list, Kramdown's and Python-Markdown's
	// "{: #id .class }" or Hugo's "{#id .class}": markup, never words.
	attrList = regexp.MustCompile(`^\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+))(?:[ \t]+(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+)))*[ \t]*\}`)
)

// withoutAttrLists takes the attribute lists out of s.
func withoutAttrLists(s string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '{' && (i+1 < len(s) && s[i+1] != '{') && (i == 0 || s[i-1] != '{') {
			if m := attrList.FindString(s[i:]); m != "" {
				i += len(m) - 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// refDefinition matches a link reference definition, at the start of a
// line or (in normalised text, where lines are joined) after a space.
var refDefinition = regexp.MustCompile(`(?:^|\s)\[([^\]^\s][^\]]*)\]:\s*(<[^>\s]*>|\S+)(?:\s+"[^"]*")?`)

// stripMarkdown takes a block's Markdown source apart. It is deliberately
// small: the document parser has already split blocks, so only inline
// markup and the block's own marker remain.
func stripMarkdown(s string) plainText {
	var p plainText
	var b strings.Builder
	s, p.heading = cutSetextUnderline(s)
	lines := strings.Split(s, "\n")
	for li, line := range lines {
		if li > 0 {
			b.WriteByte('\n')
		}
		if m := lineMarker.FindString(line); m != "" {
			rest := line[len(m):]
			if strings.HasPrefix(m, "#") {
				p.heading = strings.TrimRight(m, " \t")
				// Strip the closing hashes after the marker, not from the
				// whole line: in "# #" the marker's space also opens the
				// closing sequence, and the line would end up shorter than
				// its marker.
				rest = headingID.ReplaceAllString(rest, "")
				if closed := closingHash.ReplaceAllString(" "+rest, ""); closed != " "+rest {
					rest = strings.TrimPrefix(closed, " ")
				}
			}
			line = rest
		}
		// A link reference definition ("[1]: https://...") shows nothing on
		// the page: its target is a link target like an inline link's.
		// Nearly no line holds a definition; the cheap test keeps the
		// backtracking regexp off the hot path of a whole history.
		if strings.Contains(line, "]:") {
			for _, m := range refDefinition.FindAllStringSubmatch(line, -1) {
				p.links = append(p.links, strings.Trim(m[2], "<>"))
				p.linkTexts = append(p.linkTexts, "")
			}
			line = refDefinition.ReplaceAllString(line, "")
		}
		if strings.HasPrefix(line, "[^") {
			if end := strings.Index(line, "]:"); end > 2 {
				p.footnotes = append(p.footnotes, line[2:end])
				line = line[end+2:]
			}
		}
		stripInline(line, &b, &p)
	}
	p.text = b.String()
	return p
}

// cutSetextUnderline takes the underline off a setext heading ("Title" on
// one line, "=====" or "-----" on the next; one line "Title =====" in
// normalised text) and says which it was. Its length is layout: a title
// made bold lengthens it by four, and that is no punctuation changed. Three
// characters at least, so that prose ending in " --" is left alone.
func cutSetextUnderline(s string) (rest, heading string) {
	t := strings.TrimRight(s, " \t\n")
	if t == "" {
		return s, ""
	}
	c := t[len(t)-1]
	if c != '=' && c != '-' {
		return s, ""
	}
	end := len(t)
	for end > 0 && t[end-1] == c {
		end--
	}
	title := strings.TrimRight(t[:end], " \t\n")
	gap := t[len(title):end]
	switch {
	case len(t)-end < 3, gap == "", strings.TrimSpace(title) == "":
		return s, "" // short, part of a word ("a---"), or an underline alone
	case strings.Count(gap, "\n") > 1:
		return s, "" // after a blank line: a thematic break
	}
	return title, string(c)
}

func stripInline(s string, b *strings.Builder, p *plainText) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!|<>~\"'", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			if text, target, n, ok := linkAt(s[i+1:]); ok {
				p.images = append(p.images, target)
				stripInline(text, b, p)
				i += 1 + n
				continue
			}
		case c == '[':
			if strings.HasPrefix(s[i:], "[^") {
				if end := strings.IndexByte(s[i:], ']'); end > 2 {
					p.footnotes = append(p.footnotes, s[i+2:i+end])
					i += end + 1
					continue
				}
			}
			if text, target, n, ok := linkAt(s[i:]); ok {
				p.links = append(p.links, target)
				p.linkTexts = append(p.linkTexts, text)
				stripInline(text, b, p)
				i += n
				continue
			}
		case c == '{' && !strings.HasPrefix(s[i:], "{{"):
			if m := attrList.FindString(s[i:]); m != "" {
				i += len(m)
				continue
			}
		case c == '{' && strings.HasPrefix(s[i:], "{{"):
			if m := shortcodeTag.FindStringSubmatch(s[i:]); m != nil {
				switch {
				case m[1] != "":
				case m[2] == "ref" || m[2] == "relref":
					p.links = append(p.links, strings.Trim(m[3], `"' `))
					p.linkTexts = append(p.linkTexts, "")
				default:
					// A shortcode with no argument but its looks is a box
					// or a style around the words: layout.
					if k := shortcodeKey(m[2], m[3]); k != m[2] {
						p.shortcodes = append(p.shortcodes, k)
					}
				}
				i += len(m[0])
				continue
			}
		case c == '<':
			if m := htmlTag.FindString(s[i:]); m != "" {
				i += len(m)
				continue
			}
			if end := strings.IndexByte(s[i:], '>'); end > 1 && strings.Contains(s[i:i+end], "://") && !strings.ContainsAny(s[i+1:i+end], " <") {
				p.links = append(p.links, s[i+1:i+end])
				p.linkTexts = append(p.linkTexts, s[i+1:i+end])
				b.WriteString(s[i+1 : i+end])
				i += end + 1
				continue
			}
		case c == '*' || c == '`' || c == '|':
			if c == '|' {
				b.WriteByte(' ')
			}
			i++
			continue
		case c == '~' && strings.HasPrefix(s[i:], "~~"):
			i += 2
			continue
		case c == '_':
			// Emphasis underscores sit at the edge of a word; snake_case
			// keeps its underscore.
			prevWord := i > 0 && isASCIIWord(s[i-1])
			nextWord := i+1 < len(s) && isASCIIWord(s[i+1])
			if !(prevWord && nextWord) {
				i++
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
}

// shortcodeArg is one argument of a shortcode: key="value", key=value,
// or a positional "value".
var shortcodeArg = regexp.MustCompile(`(?:([A-Za-z0-9_-]+)\s*=\s*)?("[^"]*"|'[^']*'|` + "`[^`]*`" + `|[^\s"'=]+)`)

// looksArgs are shortcode arguments that set how a box looks, not what it
// says: a callout turned from "info" to "warning" is layout.
var looksArgs = map[string]bool{"style": true, "type": true, "class": true, "icon": true, "color": true, "colour": true, "variant": true, "theme": true, "size": true, "width": true, "height": true, "align": true}

// looksValues are the positional arguments of callout shortcodes that
// name a style: {{< hint info >}}.
var looksValues = map[string]bool{"info": true, "warning": true, "danger": true, "note": true, "tip": true, "success": true, "error": true, "caution": true, "important": true, "primary": true, "secondary": true, "notice": true}

// shortcodeKey names a shortcode by what can change what it shows.
func shortcodeKey(name, args string) string {
	var b strings.Builder
	b.WriteString(name)
	for _, m := range shortcodeArg.FindAllStringSubmatch(args, -1) {
		if looksArgs[strings.ToLower(m[1])] || m[1] == "" && looksValues[strings.ToLower(strings.Trim(m[2], "\"'`"))] {
			continue
		}
		b.WriteByte(' ')
		if m[1] != "" {
			b.WriteString(m[1] + "=")
		}
		b.WriteString(strings.Trim(m[2], "\"'`"))
	}
	return b.String()
}

func isASCIIWord(c byte) bool {
	return c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// linkAt reads an inline link "[text](target "title")" or a reference
// link "[text][ref]" at the start of s, and returns its text, target and
// length in bytes.
func linkAt(s string) (text, target string, n int, ok bool) {
	depth := 0
	closeAt := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				closeAt = i
			}
		}
		if closeAt >= 0 {
			break
		}
	}
	if closeAt < 0 || closeAt+1 >= len(s) {
		return "", "", 0, false
	}
	text = s[1:closeAt]
	rest := s[closeAt+1:]
	switch rest[0] {
	case '(':
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return "", "", 0, false
		}
		inner := strings.TrimSpace(rest[1:end])
		inner = strings.TrimPrefix(inner, "<")
		if sp := strings.IndexAny(inner, " \t"); sp >= 0 {
			inner = inner[:sp]
		}
		return text, strings.TrimSuffix(inner, ">"), closeAt + 1 + end + 1, true
	case '[':
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return "", "", 0, false
		}
		ref := rest[1:end]
		if ref == "" {
			ref = text
		}
		return text, "[" + ref + "]", closeAt + 1 + end + 1, true
	}
	return "", "", 0, false
}
