package app

import (
	"strings"
	"testing"

	"github.com/digdir/redline/internal/config"
	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/release"
)

func TestFrontOf(t *testing.T) {
	keys := config.FrontMatter{Version: "version", Date: "effective_date"}
	for _, c := range []struct {
		name, src string
		keys      config.FrontMatter
		want      release.Front
		warn      string
	}{
		{name: "yaml, as written", src: "---\ntitle: Privacy Notice\nversion: 2.10\neffective_date: 2024-03-01\n---\n# Privacy\n",
			want: release.Front{Version: "2.10", Date: "2024-03-01", Title: "Privacy Notice"}},
		{name: "yaml, quoted and a timestamp", src: "---\nversion: \"3\"\neffective_date: 2024-03-01T00:00:00Z\n---\nText.\n",
			want: release.Front{Version: "3", Date: "2024-03-01"}},
		{name: "yaml, a month", src: "---\nversion: v1\neffective_date: 2024-03\n---\n", want: release.Front{Version: "v1", Date: "2024-03"}},
		{name: "toml", src: "+++\ntitle = \"Terms\"\nversion = \"1.1\"\neffective_date = 2024-04-01\n+++\n# Terms\n",
			want: release.Front{Version: "1.1", Date: "2024-04-01", Title: "Terms"}},
		{name: "toml, a number", src: "+++\nversion = 4\n+++\n", want: release.Front{Version: "4"}},
		{name: "json", src: "{\n\"title\": \"Cookies\",\n\"version\": \"5.0\",\n\"effective_date\": \"2024-05-01\"\n}\nBody.\n",
			want: release.Front{Version: "5.0", Date: "2024-05-01", Title: "Cookies"}},
		{name: "no front matter", src: "# Privacy\n\nversion: 9\n", want: release.Front{}},
		{name: "other keys", src: "---\npolicy_version: \"7\"\nversion: \"1\"\nin_force: 2024-06-01\n---\n",
			keys: config.FrontMatter{Version: "policy_version", Date: "in_force"}, want: release.Front{Version: "7", Date: "2024-06-01"}},
		{name: "keys read none", src: "---\nversion: \"1\"\neffective_date: 2024-06-01\n---\n",
			keys: config.FrontMatter{}, want: release.Front{}},
		{name: "not a date", src: "---\nversion: \"2\"\neffective_date: next Monday\n---\n",
			want: release.Front{Version: "2"}, warn: `front matter effective_date "next Monday" is not a date`},
		{name: "a list is no version", src: "---\nversion: [1, 2]\n---\n", want: release.Front{}},
	} {
		k := keys
		if c.keys != (config.FrontMatter{}) || c.name == "keys read none" {
			k = c.keys
		}
		got, warn, err := frontOf("legal/privacy.md", []byte(c.src), k, document.DefaultLimits)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
		if c.warn == "" && warn != "" || !strings.Contains(warn, c.warn) {
			t.Errorf("%s: warning %q, want %q", c.name, warn, c.warn)
		}
	}
}

// Only the front matter is parsed: a body redline would refuse does not
// keep the version from being read.
func TestFrontOfReadsOnlyTheFrontMatter(t *testing.T) {
	body := strings.Repeat(">", 500) + " deep\n"
	src := "---\nversion: \"1.2\"\n---\n" + body
	if _, err := document.Parse("p.md", []byte(src), document.DefaultLimits); err == nil {
		t.Fatal("the body was meant to be refused by Parse")
	}
	got, _, err := frontOf("p.md", []byte(src), config.FrontMatter{Version: "version"}, document.DefaultLimits)
	if err != nil || got.Version != "1.2" {
		t.Errorf("got %+v, %v", got, err)
	}
	// Broken front matter is an error: the revision is left out, and the
	// document keeps what it said before.
	if _, _, err := frontOf("p.md", []byte("---\nversion: [\n---\n"), config.FrontMatter{Version: "version"}, document.DefaultLimits); err == nil {
		t.Error("broken front matter read")
	}
}

func TestDateOf(t *testing.T) {
	for in, want := range map[string]string{
		"2024-03-01": "2024-03-01", "2024-03": "2024-03", "2024-03-01T10:00:00+01:00": "2024-03-01",
		"2024-02-30": "", "March 2024": "", "2024-03-01x": "", "": "", "2024-13": "",
	} {
		if got := dateOf(in); got != want {
			t.Errorf("dateOf(%q) = %q, want %q", in, got, want)
		}
	}
}
