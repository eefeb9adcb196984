package release

import (
	"fmt"
	"strings"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
)

// TrailerClass is the commit trailer that sets the class of every change
// in a commit: "Change-Class: editorial" or "Change-Class: substantive,
// the retention period changed".
const TrailerClass = "Change-Class"

// Publish applies what people said about a commit's changes to its entry:
// the commit's Change-Class trailer, then the overrides file's entries for
// it. It is changes.ClassifyOptions.Publish, given the overrides loaded:
// the engine calls it for each entry before it works out the classes of
// the entry's documents and of the entry from their changes.
func Publish(e *changes.Entry, r history.Revision, overrides []OverrideSpec) {
	applyTrailer(e, r)
	applyOverrides(e, overrides)
}

// applyTrailer applies a Change-Class trailer to every classified change of
// the commit. A trailer that names no class is reported on the commit's
// documents and ignored: history cannot be edited, so it must not stop
// publishing.
func applyTrailer(e *changes.Entry, r history.Revision) {
	for _, t := range r.Trailers {
		if !strings.EqualFold(t.Key, TrailerClass) {
			continue
		}
		class, reason := parseClassTrailer(t.Value)
		if class == "" {
			note := fmt.Sprintf("commit %s: %s %q is neither editorial nor substantive; ignored", short(e.Commit), TrailerClass, t.Value)
			for i := range e.Documents {
				e.Documents[i].Notes = append(e.Documents[i].Notes, note)
			}
			continue
		}
		if reason == "" {
			reason = r.Subject
		}
		for i := range e.Documents {
			for j := range e.Documents[i].Changes {
				c := &e.Documents[i].Changes[j]
				if c.Class == classify.None {
					continue // nothing a reader would see: leave it alone
				}
				override(c, class, "trailer", reason)
			}
		}
	}
}

// parseClassTrailer reads "editorial" or "substantive: why" (any of : - , ;
// or a dash between class and reason).
func parseClassTrailer(v string) (classify.Class, string) {
	v = strings.TrimSpace(v)
	word, rest := v, ""
	if i := strings.IndexFunc(v, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }); i >= 0 {
		word, rest = v[:i], v[i:]
	}
	c := classify.Class(strings.ToLower(word))
	if c != classify.Editorial && c != classify.Substantive {
		return "", ""
	}
	return c, strings.TrimSpace(strings.TrimLeft(rest, " \t:;,-–—"))
}

// applyOverrides applies the overrides file's entries for this commit; an
// entry names one change by commit prefix and fingerprint.
func applyOverrides(e *changes.Entry, specs []OverrideSpec) {
	for _, o := range specs {
		if !strings.HasPrefix(e.Commit, o.Commit) {
			continue
		}
		for i := range e.Documents {
			for j := range e.Documents[i].Changes {
				if c := &e.Documents[i].Changes[j]; c.Fingerprint == o.Fingerprint {
					override(c, o.Class, "overrides-file", o.Reason)
				}
			}
		}
	}
}

// override sets a change's class by hand, keeping the class the rules gave
// (not an earlier override's) as the record of what was overridden.
func override(c *classify.Change, class classify.Class, source, reason string) {
	from := c.Class
	if c.Override != nil {
		from = c.Override.From
	}
	c.Override = &classify.Override{From: from, Source: source, Reason: reason}
	c.Class = class
	if !containsString(c.Reasons, classify.ReasonOverride) {
		c.Reasons = append(append([]string(nil), c.Reasons...), classify.ReasonOverride)
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TrailerVersions reads version trailers (such as "Document-Version: 2.5")
// from revisions into the commit -> version id map of
// BuildOptions.Trailers. A commit with several takes the last.
func TrailerVersions(revs []history.Revision, key string) map[string]string {
	out := map[string]string{}
	for _, r := range revs {
		for _, t := range r.Trailers {
			if strings.EqualFold(t.Key, key) && strings.TrimSpace(t.Value) != "" {
				out[r.Hash.String()] = strings.TrimSpace(t.Value)
			}
		}
	}
	return out
}
