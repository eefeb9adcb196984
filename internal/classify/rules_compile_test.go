package classify

import (
	"regexp"
	"testing"
)

// The topic regexps are compiled when first used, so a built-in pattern
// that cannot compile would fail mid-run: compile them all here.
func TestTopicRegexpsCompile(t *testing.T) {
	r := Default()
	if len(r.topicKeys) == 0 {
		t.Fatal("no topics in the built-in rules")
	}
	for _, k := range r.topicKeys {
		if _, err := regexp.Compile(r.topicRe[k].src); err != nil {
			t.Errorf("topic %q: %v", k, err)
		}
		for i, p := range r.topicPats[k] {
			if _, err := regexp.Compile(p.src); err != nil {
				t.Errorf("topic %q pattern %d: %v", k, i, err)
			}
		}
	}
}
