package yamlfile

import "testing"

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
