package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The GitHub Actions workflow in docs/ runs redline: its command line must
// be one redline takes, and do what the workflow expects of it (a comment
// with the summary first; exit 1 on a substantive change, 0 otherwise).
func TestPullRequestWorkflow(t *testing.T) {
	const file = "../../docs/workflows/redline-pull-request.yml"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			Steps []struct {
				Name string            `yaml:"name"`
				Run  string            `yaml:"run"`
				Env  map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if _, ok := wf.On["pull_request"]; !ok {
		t.Fatalf("%s does not run on pull requests", file)
	}
	var line string
	for _, job := range wf.Jobs {
		for _, s := range job.Steps {
			for _, l := range strings.Split(s.Run, "\n") {
				if l = strings.TrimSpace(l); strings.HasPrefix(l, "redline ") {
					line = l
				}
			}
		}
	}
	if line == "" {
		t.Fatalf("%s runs no redline command", file)
	}
	args := workflowArgs(t, line)

	g := newGitRepo(t)
	g.write("content/a.md", "# Terms\n\nWe keep the data for one year.\n")
	base := g.commit("First terms")
	g.write("content/a.md", "# Terms\n\nWe keep the *data* for one year.\n")
	editorial := g.commit("Emphasis")
	g.write("content/a.md", "# Terms\n\nWe keep the *data* for five years.\n")
	substantive := g.commit("Keep data longer")

	for _, tt := range []struct {
		base, head string
		code       int
		summary    string
	}{
		{base, editorial, ExitOK, "0 substantive"},
		{base, substantive, ExitChanges, "1 substantive"},
	} {
		os.Setenv("BASE", tt.base)
		os.Setenv("HEAD", tt.head)
		var expanded []string
		for _, a := range args {
			expanded = append(expanded, os.ExpandEnv(a))
		}
		os.Unsetenv("BASE")
		os.Unsetenv("HEAD")
		r := run(t, append([]string{"--repo", g.dir}, expanded...)...)
		if r.code != tt.code {
			t.Errorf("%s: exit %d, want %d\n%v", line, r.code, tt.code, r)
		}
		first, _, _ := strings.Cut(r.out, "\n")
		if !strings.HasPrefix(first, "**redline:** "+tt.summary) {
			t.Errorf("%s: the comment does not start with its summary (%q):\n%s", line, tt.summary, r.out)
		}
	}
}

// workflowArgs splits a workflow's redline command line into arguments,
// up to its redirection: words, and "$VAR" in double quotes.
func workflowArgs(t *testing.T, line string) []string {
	t.Helper()
	line, _, _ = strings.Cut(line, ">")
	words := regexp.MustCompile(`"[^"]*"|\S+`).FindAllString(line, -1)
	if len(words) < 2 || words[0] != "redline" {
		t.Fatalf("not a redline command line: %q", line)
	}
	var args []string
	for _, w := range words[1:] {
		args = append(args, strings.Trim(w, `"`))
	}
	return args
}
