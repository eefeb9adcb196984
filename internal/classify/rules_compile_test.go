package classify

import (
	"fmt"
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

// Rules from New are parsed and compiled on first use, not before: the
// fingerprint that names their cache does not need them, and a bad
// extension still fails in New. Once used, they classify as rules made
// ready at once (Default extended), from several goroutines at a time.
func TestNewIsLazy(t *testing.T) {
	ext := Extension{Topics: map[string][]string{"adequacy-decision": {"adequacy decision"}}}
	r, err := New(ext)
	if err != nil {
		t.Fatal(err)
	}
	fp := r.Fingerprint()
	if r.lists != nil || r.topicRe != nil {
		t.Fatal("New or Fingerprint parsed the rules")
	}
	eager := Default()
	if err := eager.Extend(ext); err != nil {
		t.Fatal(err)
	}
	if eager.Fingerprint() != fp {
		t.Error("the same rules, made ready at once, have another fingerprint")
	}
	if Default().Fingerprint() == fp {
		t.Error("the extension does not change the fingerprint")
	}
	if _, err := New(Extension{Topics: map[string][]string{"Bad Name": {"x"}}}); err == nil {
		t.Error("New accepted a bad topic name")
	}
	if _, err := New(Extension{Words: map[string][]string{"nosuchlist": {"x"}}}); err == nil {
		t.Error("New accepted an unknown word list")
	}
	pairs := [][2]string{
		{"The agency publishes an adequacy decision.", "The agency publishes a decision."},
		{"Data is kept for five years.", "Data is kept for ten years."},
		{"We process your data.", "We proces your data."},
	}
	done := make(chan [3]string, len(pairs))
	for _, p := range pairs {
		go func() {
			c, reasons, _ := r.Pair(p[0], p[1], "en")
			done <- [3]string{p[0], fmt.Sprint(c), fmt.Sprint(reasons)}
		}()
	}
	got := map[string][2]string{}
	for range pairs {
		d := <-done
		got[d[0]] = [2]string{d[1], d[2]}
	}
	for _, p := range pairs {
		c, reasons, _ := eager.Pair(p[0], p[1], "en")
		if want := [2]string{fmt.Sprint(c), fmt.Sprint(reasons)}; got[p[0]] != want {
			t.Errorf("Pair(%q, %q): lazy %v, ready at once %v", p[0], p[1], got[p[0]], want)
		}
	}
}

// The package's patterns are compiled when first used: compile them all.
func TestLazyPatternsCompile(t *testing.T) {
	for _, re := range []*lazyRegexp{lineMarker, headingID, htmlTag,
		shortcodeTag, closingHash, refDefinition, shortcodeArg, headingNumber, numericDate} {
		if _, err := regexp.Compile(re.src); err != nil {
			t.Errorf("%s: %v", re.src, err)
		}
	}
}

// A labelled case copies the rules it is given: unready rules from New
// are made ready first, so both the copy and the original classify.
func TestLazyRulesCopied(t *testing.T) {
	r, err := New(Extension{})
	if err != nil {
		t.Fatal(err)
	}
	c := LabelledCase{File: "case.yaml", Lang: "en", Old: []byte("# Terms\n\nWe keep data for five years.\n"), New: []byte("# Terms\n\nWe keep data for ten years.\n")}
	res, err := c.Run(r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Got != Substantive {
		t.Errorf("the copy classified the changed term as %v", res.Got)
	}
	if dd, err := r.Compare("a.md", c.Old, "a.md", c.New); err != nil || dd.Class != Substantive {
		t.Errorf("the original after the copy: %v, %v", dd.Class, err)
	}
	unready, _ := New(Extension{})
	cp := *unready
	defer func() {
		if recover() == nil {
			t.Error("a copy of unready rules classified instead of refusing")
		}
	}()
	cp.Pair("a", "b", "en")
}
