package serve

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/present"
	"github.com/digdir/redline/internal/release"
)

// checkRef validates a version, revision or date argument before it
// reaches the backend: only the characters of hashes, ref names, version
// ids, dates and ~N/^N suffixes, and a bounded length. Anything else
// (spaces, colons, "..", "@{") is refused, so no argument can reach
// git's richer revision syntax.
func checkRef(name, ref string) error {
	hint := "give a version id (2.5), a revision (a hash, branch or tag, HEAD~2) or a date (2023-07-10)"
	if ref == "" {
		return errorf(http.StatusBadRequest, hint, "missing %s=", name)
	}
	if len(ref) > maxRefLen {
		return errorf(http.StatusBadRequest, hint, "%s= is too long (%d bytes; at most %d)", name, len(ref), maxRefLen)
	}
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		ok := c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' ||
			c == '.' || c == '_' || c == '/' || c == '~' || c == '^' || c == '-'
		if !ok {
			return errorf(http.StatusBadRequest, hint, "%s=%q: character %q is not allowed in a revision", name, ref, c)
		}
	}
	if strings.Contains(ref, "..") || strings.HasPrefix(ref, "-") || strings.HasPrefix(ref, "/") {
		return errorf(http.StatusBadRequest, hint, "%s=%q is not a single revision", name, ref)
	}
	return nil
}

// checkChoice validates a parameter that takes one of a few values.
func checkChoice(name, v string, allowed ...string) error {
	if v == "" {
		return nil
	}
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return errorf(http.StatusBadRequest, "use "+name+"="+strings.Join(allowed, " or "+name+"="), "unknown %s=%q", name, v)
}

// checkPage validates a page argument's form. Whether it names a tracked
// document is checked against the backend's list; this only keeps absurd
// values from travelling further.
func checkPage(p string) error {
	if len(p) > maxPathLen {
		return errorf(http.StatusBadRequest, "give a page path from the versions timeline", "page= is too long (%d bytes; at most %d)", len(p), maxPathLen)
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return errorf(http.StatusBadRequest, "give a page path from the versions timeline", "page=%q holds a control character", p)
		}
	}
	return nil
}

// ResolveVersion resolves the references a changelog knows: a version id
// ("2.5", "v2.5", "unreleased") to the revision that closes the version,
// and a date (YYYY-MM-DD) to the last revision on or before that day, in
// the committer's own time zone. ok is false when ref is neither, and the
// caller resolves it as a git revision. The revision returned is as the
// changelog holds it (possibly abbreviated); the caller makes it a full
// hash. Backends share this so that every one reads refs the same way.
func ResolveVersion(cl *release.Changelog, ref string) (rev, label string, ok bool, err error) {
	if cl == nil {
		return "", "", false, nil
	}
	id := ref
	for _, try := range []string{ref, strings.TrimPrefix(ref, "v")} {
		for i := range cl.Versions {
			v := &cl.Versions[i]
			if v.ID != try {
				continue
			}
			id = v.ID
			label := "version " + id
			if id == release.UnreleasedID {
				label = "unreleased"
			}
			switch {
			case v.Revision != "":
				return v.Revision, label, true, nil
			case len(v.Entries) > 0:
				return v.Entries[0].Commit, label, true, nil
			}
			return "", "", true, errorf(http.StatusUnprocessableEntity,
				"compare versions that have a revision: see the versions timeline at /",
				"version %s predates the history: it has no revision to compare", id)
		}
	}
	if !looksLikeDate(ref) {
		return "", "", false, nil
	}
	day, perr := time.Parse("2006-01-02", ref)
	if perr != nil || day.Format("2006-01-02") != ref {
		return "", "", true, errorf(http.StatusBadRequest, "write dates as YYYY-MM-DD", "%q is not a date", ref)
	}
	var best *changes.Entry
	for i := range cl.Versions {
		for j := range cl.Versions[i].Entries {
			e := &cl.Versions[i].Entries[j]
			if e.Date.Format("2006-01-02") > ref {
				continue
			}
			if best == nil || e.Date.After(best.Date) {
				best = e
			}
		}
	}
	if best == nil {
		return "", "", true, errorf(http.StatusNotFound, "give a later date, a version id or a revision",
			"no revision on or before %s", ref)
	}
	return best.Commit, ref + " (" + present.ShortHash(best.Commit) + ")", true, nil
}

func looksLikeDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// checkPart validates the part of a split compare: a positive number, at
// most maxPart; "" is the first.
func checkPart(v string) (int, error) {
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPart || strconv.Itoa(n) != v {
		return 0, errorf(http.StatusBadRequest, "give part= as a number from the list of parts", "part=%q is not a part number", v)
	}
	return n, nil
}
