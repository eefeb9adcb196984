// Package domtest reads a page of the web view as a browser holds it (an
// html.Node tree) for tests: the elements of a tag and class, attributes,
// text as a reader sees it, and the address a GET form is sent to. It is
// imported by tests only (serve's own and the command line's).
package domtest

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Walk calls f on every element under n, in document order.
func Walk(n *html.Node, f func(*html.Node)) {
	if n == nil {
		return
	}
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		Walk(c, f)
	}
}

// Attr is the value of n's attribute key, "" when it has none.
func Attr(n *html.Node, key string) string {
	v, _ := LookupAttr(n, key)
	return v
}

// LookupAttr is the value of n's attribute key and whether n has it.
func LookupAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// HasClass reports whether class is one of n's classes.
func HasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(Attr(n, "class")), class)
}

// Find returns the elements under doc that match, in document order.
func Find(doc *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	Walk(doc, func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
	})
	return out
}

// ByTagClass matches the elements named tag with the class (any, if "").
func ByTagClass(tag, class string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == tag && (class == "" || HasClass(n, class)) }
}

// Text is the text content of n, as a reader sees it ("" for nil).
func Text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// ClassText is the text of the first tag.class under doc, spaces folded.
func ClassText(doc *html.Node, tag, class string) string {
	if n := Find(doc, ByTagClass(tag, class)); len(n) > 0 {
		return strings.Join(strings.Fields(Text(n[0])), " ")
	}
	return ""
}

// RelLink is the target of the first link under doc with rel=rel.
func RelLink(doc *html.Node, rel string) string {
	for _, a := range Find(doc, ByTagClass("a", "")) {
		if Attr(a, "rel") == rel {
			return Attr(a, "href")
		}
	}
	return ""
}

// FormURL is the address a browser goes to when the GET form .class of
// the page is sent: every field, empty or not, with set's values in place
// of the page's. It fails t when there is no such form, or set names a
// field the form does not have.
func FormURL(t testing.TB, doc *html.Node, class string, set map[string]string) string {
	t.Helper()
	forms := Find(doc, ByTagClass("form", class))
	if len(forms) != 1 || Attr(forms[0], "method") != "get" {
		t.Fatalf("no GET form .%s", class)
	}
	v := url.Values{}
	for _, in := range Find(forms[0], ByTagClass("input", "")) {
		v.Set(Attr(in, "name"), Attr(in, "value"))
	}
	for _, sel := range Find(forms[0], ByTagClass("select", "")) {
		v.Set(Attr(sel, "name"), "")
		for _, o := range Find(sel, ByTagClass("option", "")) {
			if _, ok := LookupAttr(o, "selected"); ok {
				v.Set(Attr(sel, "name"), Attr(o, "value"))
			}
		}
	}
	for k, x := range set {
		if !v.Has(k) {
			t.Fatalf("the form .%s has no field %s", class, k)
		}
		v.Set(k, x)
	}
	return Attr(forms[0], "action") + "?" + v.Encode()
}
