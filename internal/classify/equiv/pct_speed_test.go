package equiv

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// normPctRef is normPct as it was, copying every string: the oracle of
// TestNormPctUncopied.
func normPctRef(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	escape := func(c byte) {
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	for i := 0; i < len(s); i++ {
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
		if c == '%' || c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
			escape(c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func TestNormPctUncopied(t *testing.T) {
	// Every byte alone and after a clean prefix, then random strings over
	// an alphabet heavy in escapes and hex digits.
	var cases []string
	for c := range 256 {
		cases = append(cases, string([]byte{byte(c)}), "a=b"+string([]byte{byte(c)})+"2F")
	}
	alpha := []byte("%%%2fF0aAzZ9=&-._~ \"<>\\^`{|}\x00\x7f\xc3\xa6/?#")
	rng := rand.New(rand.NewSource(1))
	for range 200000 {
		b := make([]byte, rng.Intn(12))
		for i := range b {
			b[i] = alpha[rng.Intn(len(alpha))]
		}
		cases = append(cases, string(b))
	}
	cases = append(cases, "", "utm_source=x", "q=%7e", "%", "%4", "%41", "a%zz", "æøå")
	for _, s := range cases {
		if got, want := normPct(s), normPctRef(s); got != want {
			t.Fatalf("normPct(%q) = %q, want %q", s, got, want)
		}
	}
}

// BenchmarkNormPct runs normPct and normPctRef over query parameters as
// pages write them, most with nothing to change.
func BenchmarkNormPct(b *testing.B) {
	params := []string{"utm_source=newsletter", "lang=nb", "id=12345", "q=hello%20world", "ref=a%2fb", "page=2", "x=%7Euser", "session=abcDEF123"}
	for _, bc := range []struct {
		name string
		f    func(string) string
	}{{"new", normPct}, {"old", normPctRef}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range params {
					bc.f(p)
				}
			}
		})
	}
}

// queryKeyRef is queryKey as it was, splitting the query into a slice:
// the oracle of TestQueryKeyCut.
func queryKeyRef(raw string, foldNames bool) string {
	var params []string
	for _, p := range strings.Split(raw, "&") {
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

func TestQueryKeyCut(t *testing.T) {
	alpha := []byte("&&&==aB%2f ")
	rng := rand.New(rand.NewSource(2))
	cases := []string{"", "&", "&&", "a", "a&", "&a", "b=1&a=2", "A=%41&&a=b&"}
	for range 100000 {
		b := make([]byte, rng.Intn(10))
		for i := range b {
			b[i] = alpha[rng.Intn(len(alpha))]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		for _, fold := range []bool{false, true} {
			if got, want := queryKey(s, fold), queryKeyRef(s, fold); got != want {
				t.Fatalf("queryKey(%q, %v) = %q, want %q", s, fold, got, want)
			}
		}
	}
}
