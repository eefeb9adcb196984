package equiv

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/net/idna"
)

// SameURL reports whether the link targets a and b lead to the same place,
// as seen from the page whose public URL is base.
//
// Relative targets ("../introduction", "introduction/", "./x",
// "/nb/dpia/x", "#top") are resolved against base, which is taken as a
// directory, as Hugo serves pages ("https://info.altinn.no/nb/dpia/summary"
// is read as ".../summary/"). With no usable base, an absolute target
// equals only an absolute one, and two relative targets are the same only
// when they resolve alike against any page ("x" and "./x/", not "../x" and
// "/x"). The resolved URLs are then compared with http and https, a
// leading "www.", the case of the scheme and host, an IDNA host and its
// Unicode form, default ports, a trailing slash, a final "index.html" or
// "index.htm", percent-encoding of unreserved characters and the case of
// the hex digits, an empty query ("?") and the order of query parameters
// all disregarded. The fragment must be the same ("#gdpr/a17" and
// "#gdpr/a21" are different places; no fragment and an empty one are the
// same).
//
// Hugo shortcodes ({{< ref "introduction" >}}, {{< relref "x.md" >}})
// equal only each other, by their path argument without ".md",
// "/_index.md" or "/index.md" and without a leading "./" or a trailing
// slash, with the same fragment and the same other parameters ("lang").
// mailto: links compare their addresses case-insensitively and as a set,
// and their header fields as a set.
func SameURL(a, b, base string) bool {
	ra, aRef := hugoRef(a)
	rb, bRef := hugoRef(b)
	if aRef || bRef {
		return aRef && bRef && ra == rb
	}
	ua, okA := parseLink(a)
	ub, okB := parseLink(b)
	if !okA || !okB {
		return false
	}
	if bu := pageBase(base); bu != nil {
		return linkKey(bu.ResolveReference(ua)) == linkKey(bu.ResolveReference(ub))
	}
	absA, absB := ua.Scheme != "" || ua.Host != "", ub.Scheme != "" || ub.Host != ""
	if absA != absB {
		return false
	}
	if absA {
		var none url.URL
		return linkKey(none.ResolveReference(ua)) == linkKey(none.ResolveReference(ub))
	}
	// Two relative targets and no page: they are the same for every page
	// when they are the same from two pages whose path segments have
	// nothing in common and are deeper than either target climbs.
	depth := 1 + strings.Count(ua.EscapedPath(), "..") + strings.Count(ub.EscapedPath(), "..")
	for _, name := range []string{"~redline-a", "~redline-b"} {
		var p strings.Builder
		p.WriteByte('/')
		for k := range depth {
			p.WriteString(name + strconv.Itoa(k) + "/")
		}
		d := &url.URL{Scheme: "https", Host: "base.invalid", Path: p.String()}
		if linkKey(d.ResolveReference(ua)) != linkKey(d.ResolveReference(ub)) {
			return false
		}
	}
	return true
}

// URLKey returns a key such that, for one base, SameURL(a, b, base)
// exactly when URLKey(a, base) == URLKey(b, base) != "" ("" is a target
// that cannot be parsed, the same as nothing), so that many targets
// can be matched through a map instead of each with each. ok is false
// when base is not an absolute URL: SameURL then compares relative
// targets against made-up pages, which no key captures.
func URLKey(s, base string) (key string, ok bool) {
	bu := pageBase(base)
	if bu == nil {
		return "", false
	}
	if r, isRef := hugoRef(s); isRef {
		return "ref\x00" + r, true
	}
	u, okU := parseLink(s)
	if !okU {
		return "", true // SameURL is false for it, against itself too
	}
	return "url\x00" + linkKey(bu.ResolveReference(u)), true
}

// parseLink parses a link target, without the angle brackets of a
// Markdown autolink ("<https://...>") or surrounding space.
func parseLink(s string) (*url.URL, bool) {
	t := strings.TrimSpace(s)
	if len(t) >= 2 && t[0] == '<' && t[len(t)-1] == '>' {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if u, err := url.Parse(t); err == nil {
		return u, true
	}
	if u, err := url.Parse(s); err == nil {
		return u, true
	}
	return nil, false
}

// pageBase parses the URL of the page links are read from, as a directory;
// nil when base is not an absolute URL.
func pageBase(base string) *url.URL {
	if strings.TrimSpace(base) == "" {
		return nil
	}
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return nil
	}
	u.Fragment, u.RawFragment = "", ""
	if p := u.EscapedPath(); !strings.HasSuffix(p, "/") {
		last := p[strings.LastIndexByte(p, '/')+1:]
		if !strings.Contains(last, ".") {
			u.Path += "/"
			if u.RawPath != "" {
				u.RawPath += "/"
			}
		}
	}
	return u
}

// linkKey writes a resolved URL in the form SameURL compares.
func linkKey(u *url.URL) string {
	scheme := u.Scheme
	if scheme == "mailto" {
		return mailtoKey(u)
	}
	frag := "#" + normPct(u.EscapedFragment())
	if u.Opaque != "" {
		return scheme + ":" + normPct(u.Opaque) + "?" + queryKey(u.RawQuery, false) + frag
	}
	port := u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if scheme == "http" || scheme == "" {
		scheme = "https"
	}
	user := ""
	if u.User != nil {
		user = normPct(u.User.String()) + "@"
	}
	path := normPct(u.EscapedPath())
	i := strings.LastIndexByte(path, '/') // -1: the whole path is the last segment
	if last := path[i+1:]; last == "index.html" || last == "index.htm" {
		path = path[:i+1]
	}
	path = strings.TrimRight(path, "/")
	return scheme + "://" + user + hostKey(u.Hostname()) + ":" + port + path + "?" + queryKey(u.RawQuery, false) + frag
}

// hostKey lower-cases a host, converts an internationalised name to its
// ASCII form, and drops a trailing dot and a leading "www.".
func hostKey(h string) string {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if strings.Contains(h, ":") {
		return "[" + h + "]" // IPv6
	}
	if a, err := idna.Lookup.ToASCII(h); err == nil {
		h = a
	}
	return strings.TrimPrefix(h, "www.")
}

// queryKey sorts the parameters of a query, each percent-normalised (and
// its name lower-cased when foldNames), dropping empty ones.
func queryKey(raw string, foldNames bool) string {
	var params []string
	// Cut in turn rather than Split, which makes a slice of the parts:
	// an empty query, the most common, then allocates nothing.
	for rest := raw; rest != ""; {
		var p string
		p, rest, _ = strings.Cut(rest, "&")
		if p == "" {
			continue
		}
		if foldNames {
			k, v, _ := strings.Cut(p, "=")
			p = strings.ToLower(normPct(k)) + "=" + v
		}
		params = append(params, normPct(p))
	}
	slices.Sort(params)
	return strings.Join(params, "&")
}

// mailtoKey compares mailto: links by their addresses, as a
// case-insensitive set, and their header fields, as a set.
func mailtoKey(u *url.URL) string {
	to := u.Opaque
	if to == "" {
		to = u.EscapedPath()
	}
	var addrs []string
	for _, a := range strings.Split(to, ",") {
		if d, err := url.PathUnescape(a); err == nil {
			a = d
		}
		if a = strings.ToLower(strings.TrimSpace(a)); a != "" {
			addrs = append(addrs, a)
		}
	}
	slices.Sort(addrs)
	addrs = slices.Compact(addrs)
	return "mailto:" + strings.Join(addrs, ",") + "?" + queryKey(u.RawQuery, true)
}

const upperHex = "0123456789ABCDEF"

// normPct writes percent-encoding one way: an escaped unreserved
// character (letter, digit, "-", ".", "_", "~") is unescaped, other
// escapes get upper-case hex digits, and bytes that must be escaped
// (non-ASCII, controls, space, `"<>\^{|}` and backquote, a "%" that starts
// no escape) are escaped.
func normPct(s string) string {
	// The bytes before the first '%' or byte to escape stay as they are:
	// most parts of a target have none, and are returned uncopied.
	i := 0
	for i < len(s) && !mustEscape(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	escape := func(c byte) {
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if unreserved(v) {
				b.WriteByte(v)
			} else {
				escape(v)
			}
			i += 2
			continue
		}
		if mustEscape(c) {
			escape(c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mustEscape reports whether normPct escapes c where c starts no escape.
func mustEscape(c byte) bool {
	return c == '%' || c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func unreserved(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// hugoShortcode matches a ref or relref shortcode: {{< ref "x" >}},
// {{% relref "x.md#y" %}}.
//
// (Compiled when first used, not at every start: a run served from the cache never needs it.)
var hugoShortcode = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\{\{(<|%)\s*(?:ref|relref)\s+(.*?)\s*(>|%)\}\}$`) })

// hugoRef reads a ref or relref shortcode and returns the key it compares
// by: the path argument normalised, its fragment, and the other
// parameters.
func hugoRef(s string) (string, bool) {
	m := hugoShortcode().FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || (m[1] == "<") != (m[3] == ">") {
		return "", false
	}
	args, ok := shortcodeArgs(m[2])
	if !ok {
		return "", false
	}
	path, others := "", []string(nil)
	positional := 0
	for _, a := range args {
		name, value, named := strings.Cut(a, "\x00")
		switch {
		case !named:
			positional++
			path = a
		case name == "path":
			positional++
			path = value
		default:
			others = append(others, name+"="+value)
		}
	}
	if positional != 1 {
		return "", false
	}
	path, frag, _ := strings.Cut(strings.TrimSpace(path), "#")
	for strings.HasPrefix(path, "./") {
		path = path[2:]
	}
	path = strings.TrimSuffix(path, ".md")
	for _, idx := range []string{"_index", "index"} {
		if path == idx {
			path = ""
		} else if p, ok := strings.CutSuffix(path, "/"+idx); ok {
			path = p + "/"
		}
	}
	if path != "/" {
		path = strings.TrimRight(path, "/")
	}
	slices.Sort(others)
	return path + "#" + frag + "|" + strings.Join(others, "&"), true
}

// shortcodeArgs splits shortcode arguments: "quoted", `raw` or bare
// values, each maybe named (name="value"); a named one is returned as
// name, NUL, value.
func shortcodeArgs(s string) ([]string, bool) {
	var args []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		name := ""
		if i := strings.IndexAny(s, "= \t\"`"); i > 0 && s[i] == '=' {
			name, s = s[:i], s[i+1:]
		}
		var v string
		switch {
		case s == "":
			return nil, false
		case s[0] == '"':
			end := 1
			var b strings.Builder
			for ; end < len(s) && s[end] != '"'; end++ {
				if s[end] == '\\' && end+1 < len(s) {
					end++
				}
				b.WriteByte(s[end])
			}
			if end >= len(s) {
				return nil, false
			}
			v, s = b.String(), s[end+1:]
		case s[0] == '`':
			end := strings.IndexByte(s[1:], '`')
			if end < 0 {
				return nil, false
			}
			v, s = s[1:1+end], s[2+end:]
		default:
			end := strings.IndexAny(s, " \t")
			if end < 0 {
				end = len(s)
			}
			v, s = s[:end], s[end:]
		}
		if name != "" {
			v = name + "\x00" + v
		}
		args = append(args, v)
	}
	return args, true
}
