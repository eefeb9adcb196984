package document

import (
	"bytes"
	"sort"
)

// span is a byte range [start, end) of the body.
type span struct{ start, end int }

// shortcodes finds Hugo shortcode calls, {{< ... >}} and {{% ... %}}
// (the escaped form {{</* ... */>}} included), in src.
func shortcodes(src []byte) []span {
	var out []span
	// Once an opener of one style has no closer after it, no later opener
	// of that style has one either: stop looking, which keeps a page full
	// of unclosed "{{<" linear.
	open := [2]bool{true, true}
	for i := 0; i+3 <= len(src); {
		j := bytes.Index(src[i:], []byte("{{"))
		if j < 0 || i+j+3 > len(src) {
			break
		}
		i += j
		var closer []byte
		k := -1
		switch src[i+2] {
		case '<':
			closer, k = []byte(">}}"), 0
		case '%':
			closer, k = []byte("%}}"), 1
		}
		if k < 0 || !open[k] {
			i++
			continue
		}
		e := bytes.Index(src[i+3:], closer)
		if e < 0 {
			open[k] = false
			i += 3
			continue
		}
		end := i + 3 + e + len(closer)
		out = append(out, span{i, end})
		i = end
	}
	return out
}

// mask returns a copy of body (or body itself, when there is nothing to
// mask: goldmark only reads it) that goldmark parses the way Hugo's parser
// sees the page: each shortcode replaced by an inert word of the same
// length (Hugo substitutes a placeholder before rendering Markdown, so
// nothing inside a shortcode is Markdown, and a shortcode never spans
// lines), and each carriage return turned into a space so that CRLF
// pages parse like LF pages. Byte offsets are unchanged, so every offset
// goldmark reports is an offset into the original.
func mask(body []byte, codes []span) []byte {
	if len(codes) == 0 && bytes.IndexByte(body, '\r') < 0 {
		return body
	}
	m := bytes.Clone(body)
	for i := bytes.IndexByte(m, '\r'); i >= 0; {
		m[i] = ' '
		j := bytes.IndexByte(m[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	for _, s := range codes {
		for i := s.start; i < s.end; i++ {
			m[i] = 'x'
		}
	}
	return m
}

// shortcodeAt returns the index of the shortcode starting exactly at off,
// or -1.
func shortcodeAt(codes []span, off int) int {
	i := sort.Search(len(codes), func(i int) bool { return codes[i].start >= off })
	if i < len(codes) && codes[i].start == off {
		return i
	}
	return -1
}

// overlapping returns the shortcodes that overlap [start, end).
func overlapping(codes []span, start, end int) []span {
	i := sort.Search(len(codes), func(i int) bool { return codes[i].end > start })
	j := i
	for j < len(codes) && codes[j].start < end {
		j++
	}
	return codes[i:j]
}
