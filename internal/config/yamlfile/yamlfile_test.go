package yamlfile

import (
	"strconv"
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	known := []string{"paths", "languages", "title", "site", "commit_url", "versions", "overrides", "output", "classify"}
	tests := []struct{ word, want string }{
		{"langauges", "languages"}, // swapped letters count once
		{"lanugages", "languages"},
		{"path", "paths"},
		{"Title", "title"},
		{"commiturl", "commit_url"},
		{"outptu", "output"},
		{"frobnicate", ""},
		{"x", ""},
		{"sites", "site"},
	}
	for _, tt := range tests {
		if got := Suggest(tt.word, known); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "abc", 0}, {"abc", "acb", 1}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"æøå", "æå", 1},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestErrorText(t *testing.T) {
	e := &Error{File: "redline.yaml", Line: 4, Key: "site.base_url", Msg: "bad", Help: "fix it"}
	if got, want := e.Error(), "redline.yaml:4: site.base_url: bad"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &Error{File: "redline.yaml", Msg: "bad"}
	if got, want := e.Error(), "redline.yaml: bad"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestAliasesAreFollowed(t *testing.T) {
	n, err := Parse("f.yaml", []byte("a: &x [one, two]\nb: *x\n"))
	if err != nil {
		t.Fatal(err)
	}
	fields, err := Fields("f.yaml", n, "", []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Strings("f.yaml", fields[1])
	if err != nil || len(got) != 2 || got[1] != "two" {
		t.Errorf("Strings(alias) = %q, %v", got, err)
	}
}

// Errors repeat values from the file cut to MaxExcerpt characters and
// with control and bidirectional characters escaped: a file that is not
// what it claims (a link to a credentials file) is never dumped, and a
// value cannot drive the terminal.
func TestErrorExcerpt(t *testing.T) {
	long := strings.Repeat("A", 200)
	// check parses src as a mapping whose only key is "a", a bool.
	check := func(src string) error {
		root, err := Parse("redline.yaml", []byte(src))
		if err != nil {
			return err
		}
		fields, err := Fields("redline.yaml", root, "", []string{"a"})
		if err != nil {
			return err
		}
		_, err = Bool("redline.yaml", fields[0])
		return err
	}
	for _, src := range []string{
		long + "\n",         // the top is text, not a mapping
		long + ": 1\n",      // an unknown key
		"a: " + long + "\n", // a value of the wrong kind
		"\x1b]0;pwned\x07" + long + "\u202e\n",
		"\x1b]0;pwned\x07" + long + "\u202e: 1\n",
		"a: \"" + long + "\x1b[2J\"\nb: [\n", // a parse error after a long line
	} {
		err := check(src)
		if err == nil {
			t.Errorf("%.20q…: no error", src)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, strings.Repeat("A", MaxExcerpt+1)) {
			t.Errorf("error repeats more than %d characters of a value: %q", MaxExcerpt, msg)
		}
		for _, r := range msg {
			if r != ' ' && !strconv.IsPrint(r) {
				t.Errorf("error carries %U: %q", r, msg)
			}
		}
	}
	if got, want := Excerpt("a\x1bb"), `"a\x1bb"`; got != want {
		t.Errorf("Excerpt = %s, want %s", got, want)
	}
	if got := Excerpt(strings.Repeat("ø", 100)); got != `"`+strings.Repeat("ø", MaxExcerpt)+`"…` {
		t.Errorf("Excerpt cuts at %q, want %d characters and an ellipsis", got, MaxExcerpt)
	}
	e := Errorf("f.yaml", nil, "k", "", "%q is %s and %d", "x\ty", "z\x07", 3)
	if e.Msg != `"x\ty" is z\a and 3` {
		t.Errorf("Errorf formats %q", e.Msg)
	}
}
