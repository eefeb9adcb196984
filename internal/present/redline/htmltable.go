package redline

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
)

// An HTML block that holds a table (a page converted from HTML often
// keeps its tables so) is shown as the table a reader sees, not as its
// source. The block is read with golang.org/x/net/html's tokenizer, whose
// tokens keep their bytes, so that every text of a cell keeps its place
// in the side's text and takes the marks of the word diff as Markdown
// does. Nothing of the document's markup passes: the table is built
// again here from a few elements (table, thead, tbody, tr, th, td, and
// inside a cell br, p, ul, ol, li, a, em, strong, b, i, code), with no
// attribute but a link's address, which must pass present.SafeURL. Any
// other element is left out and its text kept, but for those whose
// content is not text a reader sees (script, style and the like), which
// are left out whole.
//
// A block that is not just a table (text before or after it, text
// between its rows, a caption, a table inside a cell) is shown as raw
// HTML is, as its source: a table rebuilt from part of it would hide
// the rest.

// htmlDropped are the elements whose content a reader does not see as
// text: left out with all they hold.
var htmlDropped = map[string]bool{
	"script": true, "style": true, "template": true, "textarea": true,
	"title": true, "noscript": true, "noembed": true, "noframes": true,
	"iframe": true, "object": true, "svg": true, "math": true,
	"select": true, "xmp": true, "plaintext": true, "head": true,
}

// htmlInline are the inline elements kept inside a cell.
var htmlInline = map[string]bool{"a": true, "em": true, "strong": true, "code": true}

// errNotTable says an HTML block is not just a table.
var errNotTable = errors.New("not a table")

// htmlTab rebuilds one HTML block's table as tokens of the tree.
type htmlTab struct {
	t   *tree
	buf []byte // the block's lines, as the tokenizer reads them
	at  []int  // the offset in p.src of each byte of buf
	// stack holds the elements open, outermost first.
	stack []htmlOpen
	// drop is the element being left out with its content, and depth
	// how many of its kind are open.
	drop  string
	depth int
	// lineStart says no text has come since the cell, paragraph, item
	// or line break began: white space there is not shown.
	lineStart bool
	lastSpace int // the index of the last white space token, -1 none
	ended     bool
}

type htmlOpen struct {
	tag  string
	el   string  // the element written for it: tag, or span for a link whose address did not pass
	link *linkAt // on an a: where its address is in the side's text
}

// htmlTable renders an HTML block that holds a table as that table; it
// reports false, emitting nothing, for a block that does not.
func (t *tree) htmlTable(n *ast.HTMLBlock) bool {
	h := &htmlTab{t: t, lastSpace: -1}
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		h.buf = append(h.buf, t.p.src[s.Start:s.Stop]...)
		for k := s.Start; k < s.Stop; k++ {
			h.at = append(h.at, k)
		}
	}
	if !tableStart.Match(h.buf) {
		return false
	}
	saved := len(t.toks)
	savedLinks, savedLast := len(t.links), t.lastSrc
	savedWaiting := append([]int(nil), t.waiting...)
	if err := h.run(t.blockEnd(n)); err != nil {
		t.toks, t.links, t.lastSrc, t.waiting = t.toks[:saved], t.links[:savedLinks], savedLast, savedWaiting
		return false
	}
	t.htmlTables++
	if p := t.at(h.at[0]); p >= 0 {
		t.htmlRanges = append(t.htmlRanges, [2]int{p, t.blockEnd(n)})
	}
	return true
}

// tableStart is how a block that is a table begins: with the table, or
// with a row of one whose other rows a blank line cut off.
var tableStart = regexp.MustCompile(`(?i)^\s*<(table|thead|tbody|tfoot|tr)[\s/>]`)

func (h *htmlTab) run(end int) error {
	z := html.NewTokenizer(bytes.NewReader(h.buf))
	off := 0
	for {
		tt := z.Next()
		raw := z.Raw()
		from := off
		off += len(raw)
		if tt == html.ErrorToken {
			if errors.Is(z.Err(), io.EOF) {
				break
			}
			return z.Err()
		}
		if off > len(h.buf) || !bytes.Equal(h.buf[from:off], raw) {
			// The tokens must be the block's bytes, one after another,
			// for their texts to keep their places.
			return errNotTable
		}
		if h.drop != "" {
			name, _ := z.TagName()
			switch {
			case tt == html.StartTagToken && string(name) == h.drop:
				h.depth++
			case tt == html.EndTagToken && string(name) == h.drop:
				h.depth--
				if h.depth == 0 {
					h.drop = ""
				}
			}
			continue
		}
		switch tt {
		case html.TextToken:
			if h.cell() < 0 {
				if len(bytes.TrimSpace(raw)) > 0 {
					return errNotTable
				}
				continue
			}
			h.text(from, off)
		case html.StartTagToken, html.SelfClosingTagToken:
			if h.ended {
				return errNotTable
			}
			name, hasAttr := z.TagName()
			href := ""
			for more := hasAttr; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				if string(k) == "href" {
					href = string(v)
				}
			}
			if err := h.start(string(name), href, from, off, tt == html.SelfClosingTagToken); err != nil {
				return err
			}
			if len(h.stack) > maxHTMLDepth {
				return errNotTable
			}
		case html.EndTagToken:
			if h.ended {
				return errNotTable
			}
			name, _ := z.TagName()
			h.end(string(name), from)
		}
	}
	h.pop(0, end)
	return nil
}

// find is the index in the stack of the innermost open tag, -1 none;
// it looks no further out than floor.
func (h *htmlTab) find(tag string, floor int) int {
	for i := len(h.stack) - 1; i >= max(floor, 0); i-- {
		if h.stack[i].tag == tag {
			return i
		}
	}
	return -1
}

// cell is the index in the stack of the cell open, -1 none.
func (h *htmlTab) cell() int {
	for i := len(h.stack) - 1; i >= 0; i-- {
		switch h.stack[i].tag {
		case "td", "th":
			return i
		case "tr", "table", "thead", "tbody":
			return -1
		}
	}
	return -1
}

// srcAt is the offset in the side's text of byte i of buf.
func (h *htmlTab) srcAt(i int) int {
	if i >= len(h.at) {
		return -1
	}
	return h.t.at(h.at[i])
}

// pop closes the elements from the stack's index i on, innermost
// first; limit, the offset in the side's text where the markup that
// closes them starts, is up to where deletions belong inside a cell, a
// paragraph or an item.
func (h *htmlTab) pop(i, limit int) {
	for len(h.stack) > i {
		o := h.stack[len(h.stack)-1]
		h.stack = h.stack[:len(h.stack)-1]
		switch o.tag {
		case "td", "th", "p", "li":
			h.trim()
			h.t.close(o.tag, limit)
			h.lineStart = true
		case "table":
			h.t.close(o.el, -1)
			h.ended = true
		default:
			h.t.close(o.el, -1)
		}
		if o.link != nil {
			o.link.tok = len(h.t.toks) - 1
			h.t.links = append(h.t.links, *o.link)
		}
	}
}

// trim takes back white space just written at the end of a line.
func (h *htmlTab) trim() {
	if h.lastSpace >= 0 && h.lastSpace == len(h.t.toks)-1 {
		h.t.toks = h.t.toks[:h.lastSpace]
	}
	h.lastSpace = -1
}

// maxHTMLDepth bounds the elements open at once: the stack is searched
// at each token, and a page that nests deeper is no table to read.
const maxHTMLDepth = 64

func (h *htmlTab) push(tag string) {
	h.t.open(tag, "")
	h.stack = append(h.stack, htmlOpen{tag: tag, el: tag})
}

// table makes sure a table is open, for a row or a cell cut off from
// its table's start.
func (h *htmlTab) table() {
	if h.find("table", 0) < 0 {
		h.push("table")
	}
}

// htmlAlias are the elements written as another of the same meaning:
// the views style strong and em, as Markdown's.
var htmlAlias = map[string]string{"b": "strong", "i": "em", "tfoot": "tbody"}

func (h *htmlTab) start(name, href string, from, to int, selfClosing bool) error {
	if a, ok := htmlAlias[name]; ok {
		name = a
	}
	limit := h.srcAt(from)
	switch name {
	case "table":
		if h.find("table", 0) >= 0 {
			return errNotTable
		}
		h.push("table")
		return nil
	case "caption":
		return errNotTable
	case "thead", "tbody":
		h.table()
		h.pop(h.find("table", 0)+1, limit)
		h.push(name)
		return nil
	case "tr":
		h.table()
		if i := h.find("tr", h.find("table", 0)); i >= 0 {
			h.pop(i, limit)
		}
		h.push("tr")
		return nil
	case "td", "th":
		h.table()
		tr := h.find("tr", h.find("table", 0))
		if tr < 0 {
			h.push("tr")
			tr = len(h.stack) - 1
		}
		h.pop(tr+1, limit)
		h.push(name)
		h.lineStart, h.lastSpace = true, -1
		return nil
	}
	c := h.cell()
	if htmlDropped[name] {
		if !selfClosing {
			h.drop, h.depth = name, 1
		}
		return nil
	}
	if c < 0 {
		// Markup between rows (colgroup, a stray div) has nothing to show.
		return nil
	}
	t := h.t
	switch name {
	case "br":
		h.trim()
		t.void("br", "")
		h.lineStart = true
	case "p", "ul", "ol":
		// A paragraph ends where a paragraph or a list begins.
		if i := h.find("p", c); i >= 0 {
			h.pop(i, limit)
		}
		h.trim()
		h.push(name)
		h.lineStart = true
	case "li":
		list := max(h.find("ul", c), h.find("ol", c))
		if i := h.find("li", max(list, c)); i >= 0 {
			h.pop(i, limit)
		}
		if list < 0 {
			h.push("ul")
		}
		h.trim()
		h.push("li")
		// The item's markup has a place, for its bullet to take the
		// item's mark in the text form.
		t.toks[len(t.toks)-1].syntax = h.srcAt(from)
		h.lineStart = true
	default:
		if !htmlInline[name] || selfClosing {
			// Any other element is left out, its text kept.
			return nil
		}
		if name != "a" {
			t.openInline(name, "", h.at[from])
			t.toks[len(t.toks)-1].html = true
			h.stack = append(h.stack, htmlOpen{tag: name, el: name})
			return nil
		}
		u := t.href([]byte(href))
		if u == "" {
			t.open("span", ` class="rl-link"`)
			h.stack = append(h.stack, htmlOpen{tag: "a", el: "span"})
			return nil
		}
		t.openInline("a", ` href="`+escape(u)+`"`, h.at[from])
		t.toks[len(t.toks)-1].href = u
		t.toks[len(t.toks)-1].html = true
		o := htmlOpen{tag: "a", el: "a"}
		// The link's start tag, as written, is where a change of its
		// target is read from: the word diff takes a tag as one word.
		if p, q := h.srcAt(from), h.srcAt(to-1); p >= 0 && q-p == to-1-from {
			o.link = &linkAt{from: p, to: q + 1, dest: href, tag: true}
		}
		h.stack = append(h.stack, o)
	}
	return nil
}

// hrefOf is the address of the link whose start tag, as written, is s;
// "" when it has none.
func hrefOf(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if string(name) != "a" {
				return ""
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if string(k) == "href" {
					return string(v)
				}
			}
			return ""
		}
	}
}

// inHTML reports whether offset i of the side's text is in an HTML
// block shown as a table.
func (t *tree) inHTML(i int) bool {
	for _, r := range t.htmlRanges {
		if i >= r[0] && i < r[1] {
			return true
		}
	}
	return false
}

func (h *htmlTab) end(name string, from int) {
	if a, ok := htmlAlias[name]; ok {
		name = a
	}
	limit := h.srcAt(from)
	c := h.cell()
	switch name {
	case "table", "thead", "tbody", "tr", "td", "th":
		if i := h.find(name, 0); i >= 0 {
			h.pop(i, limit)
		}
		return
	}
	if c >= 0 {
		if i := h.find(name, c); i > c {
			h.pop(i, limit)
		}
	}
}

// text writes the text of buf[from:to], in a cell: each run of white
// space one space, none at the start or the end of a line, and
// character references as what they stand for.
func (h *htmlTab) text(from, to int) {
	t := h.t
	for i := from; i < to; {
		if isSpace(h.buf[i]) {
			j := i
			for j < to && isSpace(h.buf[j]) {
				j++
			}
			if !h.lineStart && h.lastSpace != len(t.toks)-1 {
				p, q := h.srcAt(i), h.srcAt(j-1)
				if p >= 0 && q >= p {
					t.toks = append(t.toks, tok{kind: tText, text: " ", pos: p, end: q + 1})
				} else {
					t.word(" ")
				}
				h.lastSpace = len(t.toks) - 1
			}
			i = j
			continue
		}
		// A run of text contiguous in p.src (a block in a list or a
		// quote has its lines' indents and markers between).
		j := i + 1
		for j < to && !isSpace(h.buf[j]) && h.at[j] == h.at[i]+(j-i) {
			j++
		}
		t.textRefs(h.at[i], h.at[j-1]+1, false, true)
		h.lineStart = false
		i = j
	}
}
