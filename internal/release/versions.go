package release

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/config/yamlfile"
	"github.com/digdir/redline/internal/safefile"
)

// VersionSpec is one version declared in the versions file
// (changelog/versions.yaml):
//
//   - id: "2.5"
//     date: 2023-07-24             # YYYY-MM-DD or YYYY-MM; default: the closing commit's date
//     revision: e0ad99e            # the commit that closes it (a hash; abbreviated is fine)
//     title: {nb: ..., en: ...}    # text per language, or one text for all
//     summary: {nb: ..., en: ...}
//     note: {nb: ..., en: ...}
//     topics: [adequacy-decision]
//   - id: "2.0"
//     date: 2022-11
//     historical: true             # predates the git history: no revision
//     reconstructed: true
//   - id: "3.1"
//     document: legal/privacy.md   # a version of one document (versions.per_document)
//     date: 2024-03-01             # the date it takes effect
//     revision: 4b1c9e2
//
// The list may also sit under a top-level `versions:` key. A Text given
// as a single string is stored under the language "" and applies to every
// language.
type VersionSpec struct {
	ID                   string
	Date                 string
	Title, Summary, Note Text
	Topics               []string
	Revision             string
	Historical           bool
	Reconstructed        bool
	// Document names the one document this is a version of, by its path
	// from the repository root; "" for a version of the repository.
	Document string
	Line     int // where the entry starts in the file
}

// OverrideSpec sets the class of one change by hand (changelog/overrides.yaml):
//
//   - commit: e0ad99e               # the commit (a hash; abbreviated is fine)
//     fingerprint: 3f9a1c2b         # the change's fingerprint, from `redline show --format json`
//     class: editorial              # or substantive
//     reason: only the date format changed
type OverrideSpec struct {
	Commit      string
	Fingerprint string
	Class       classify.Class
	Reason      string
	Line        int
}

var versionKeys = []string{"id", "date", "title", "summary", "note", "topics", "revision", "historical", "reconstructed", "document"}

// LoadVersions reads the versions file at path, which the user named. A
// missing file gives no versions.
func LoadVersions(path string) ([]VersionSpec, error) {
	data, err := readOptional("", path)
	if err != nil || data == nil {
		return nil, err
	}
	return parseVersions(path, data)
}

// LoadVersionsIn reads the versions file at rel, a slash-separated path
// inside the work tree root, never through a link that leads out of it;
// root "" (a bare repository) reads rel as a path. Errors name root
// joined with rel. A missing file gives no versions.
func LoadVersionsIn(root, rel string) ([]VersionSpec, error) {
	data, err := readOptional(root, rel)
	if err != nil || data == nil {
		return nil, err
	}
	return parseVersions(joinRoot(root, rel), data)
}

func parseVersions(path string, data []byte) ([]VersionSpec, error) {
	items, err := parseList(path, data, "versions")
	if err != nil || items == nil {
		return nil, err
	}
	specs := make([]VersionSpec, 0, len(items))
	seen := map[[2]string]int{}
	for i, n := range items {
		s, err := parseVersion(path, n, fmt.Sprintf("versions[%d]", i))
		if err != nil {
			return nil, err
		}
		k := [2]string{s.Document, s.ID}
		if first, dup := seen[k]; dup {
			of := ""
			if s.Document != "" {
				of = " of " + s.Document
			}
			return nil, yamlfile.Errorf(path, n, fmt.Sprintf("versions[%d].id", i), "give each version its own id, or merge the two entries",
				"version %q%s declared twice (first at line %d)", s.ID, of, first)
		}
		seen[k] = s.Line
		specs = append(specs, s)
	}
	return specs, nil
}

func parseVersion(file string, n *yaml.Node, key string) (VersionSpec, error) {
	s := VersionSpec{Line: n.Line}
	fields, err := yamlfile.Fields(file, n, key, versionKeys)
	if err != nil {
		return s, err
	}
	var revField yamlfile.Field
	for _, f := range fields {
		switch f.Name {
		case "id":
			s.ID, err = yamlfile.String(file, f)
			if err == nil && s.ID == UnreleasedID {
				err = yamlfile.Errorf(file, f.Value, f.Path, "pick another id", "%q is reserved for changes not yet in a version", s.ID)
			}
		case "date":
			s.Date, err = yamlfile.String(file, f)
			if err == nil && !validDate(s.Date) {
				err = yamlfile.Errorf(file, f.Value, f.Path, "write the date as YYYY-MM-DD, or YYYY-MM when the day is not known",
					"%q is not a date", s.Date)
			}
		case "title":
			s.Title, err = text(file, f)
		case "summary":
			s.Summary, err = text(file, f)
		case "note":
			s.Note, err = text(file, f)
		case "topics":
			s.Topics, err = yamlfile.Strings(file, f)
		case "revision":
			revField = f
			s.Revision, err = yamlfile.String(file, f)
		case "historical":
			s.Historical, err = yamlfile.Bool(file, f)
		case "reconstructed":
			s.Reconstructed, err = yamlfile.Bool(file, f)
		case "document":
			s.Document, err = yamlfile.String(file, f)
			if err == nil {
				s.Document, err = documentPath(file, f, s.Document)
			}
		}
		if err != nil {
			return s, err
		}
	}
	if strings.TrimSpace(s.ID) == "" {
		return s, yamlfile.Errorf(file, n, key, `add an id, such as id: "2.5"`, "version has no id")
	}
	if s.Historical && s.Revision != "" {
		return s, yamlfile.Errorf(file, revField.Value, revField.Path,
			"a historical version predates the git history: remove `revision:` or `historical: true`",
			"version %s is historical but names a revision", s.ID)
	}
	return s, nil
}

// documentPath checks a versions file's document: a slash-separated path
// inside the repository, cleaned.
func documentPath(file string, f yamlfile.Field, p string) (string, error) {
	const hint = "write the document's path from the repository root, with forward slashes, such as legal/privacy.md"
	clean := path.Clean(p)
	switch {
	case strings.TrimSpace(p) == "":
		return "", yamlfile.Errorf(file, f.Value, f.Path, hint, "empty document path")
	case strings.Contains(p, `\`) || path.IsAbs(p) || clean == "." || clean == ".." || strings.HasPrefix(clean, "../"):
		return "", yamlfile.Errorf(file, f.Value, f.Path, hint, "%q is not a path inside the repository", p)
	}
	return clean, nil
}

// validDate accepts YYYY-MM-DD and YYYY-MM, and only real dates.
func validDate(s string) bool {
	for _, layout := range []string{"2006-01-02", "2006-01"} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return true
			}
		}
	}
	return false
}

// text reads {nb: ..., en: ...}, or a single string for every language.
func text(file string, f yamlfile.Field) (Text, error) {
	if f.Value.Kind == yaml.ScalarNode {
		s, err := yamlfile.String(file, f)
		if err != nil || s == "" {
			return nil, err
		}
		return Text{"": s}, nil
	}
	m, err := yamlfile.StringMap(file, f)
	return Text(m), err
}

var overrideKeys = []string{"commit", "fingerprint", "class", "reason"}

var hexRE = regexp.MustCompile(`^[0-9a-f]{4,64}$`)

// LoadOverrides reads the overrides file at path, which the user named.
// A missing file gives none.
func LoadOverrides(path string) ([]OverrideSpec, error) {
	data, err := readOptional("", path)
	if err != nil || data == nil {
		return nil, err
	}
	return parseOverrides(path, data)
}

// LoadOverridesIn reads the overrides file at rel inside the work tree
// root, as LoadVersionsIn reads the versions file.
func LoadOverridesIn(root, rel string) ([]OverrideSpec, error) {
	data, err := readOptional(root, rel)
	if err != nil || data == nil {
		return nil, err
	}
	return parseOverrides(joinRoot(root, rel), data)
}

func parseOverrides(path string, data []byte) ([]OverrideSpec, error) {
	items, err := parseList(path, data, "overrides")
	if err != nil || items == nil {
		return nil, err
	}
	out := make([]OverrideSpec, 0, len(items))
	seen := map[[2]string]int{}
	for i, n := range items {
		key := fmt.Sprintf("overrides[%d]", i)
		o := OverrideSpec{Line: n.Line}
		fields, err := yamlfile.Fields(path, n, key, overrideKeys)
		if err != nil {
			return nil, err
		}
		for _, f := range fields {
			var s string
			if s, err = yamlfile.String(path, f); err != nil {
				return nil, err
			}
			switch f.Name {
			case "commit":
				o.Commit = strings.ToLower(s)
				if !hexRE.MatchString(o.Commit) {
					return nil, yamlfile.Errorf(path, f.Value, f.Path, "write the commit's hash, at least 4 hex digits", "%q is not a commit hash", s)
				}
			case "fingerprint":
				o.Fingerprint = s
			case "class":
				o.Class = classify.Class(s)
				if o.Class != classify.Editorial && o.Class != classify.Substantive {
					hint := "write editorial or substantive"
					if g := yamlfile.Suggest(s, []string{"editorial", "substantive"}); g != "" {
						hint = fmt.Sprintf("did you mean %q?", g)
					}
					return nil, yamlfile.Errorf(path, f.Value, f.Path, hint, "unknown class %q", s)
				}
			case "reason":
				o.Reason = strings.TrimSpace(s)
			}
		}
		for _, need := range []struct{ name, val string }{{"commit", o.Commit}, {"fingerprint", o.Fingerprint}, {"class", string(o.Class)}, {"reason", o.Reason}} {
			if need.val == "" {
				hint := "every override needs commit, fingerprint, class and reason"
				if need.name == "reason" {
					hint = "say why the rules were wrong: the reason is published with the change"
				}
				return nil, yamlfile.Errorf(path, n, key, hint, "override has no %s", need.name)
			}
		}
		k := [2]string{o.Commit, o.Fingerprint}
		if first, dup := seen[k]; dup {
			return nil, yamlfile.Errorf(path, n, key, "keep one of the two", "change %s in %s overridden twice (first at line %d)", o.Fingerprint, o.Commit, first)
		}
		seen[k] = o.Line
		out = append(out, o)
	}
	return out, nil
}

// readOptional reads a file that need not exist: nil, nil when it does
// not. With a root, rel is read inside it and never through a link that
// leads out (the repository is not trusted); without, rel is a path the
// user named. Either way only a regular file of at most
// safefile.MaxConfigBytes (1 MiB) is read: a link to /dev/zero or a named
// pipe is refused, not read for ever.
func readOptional(root, rel string) ([]byte, error) {
	var data []byte
	var err error
	if root == "" {
		data, err = safefile.ReadFile(rel, safefile.MaxConfigBytes)
	} else {
		data, err = safefile.ReadFileIn(root, rel, safefile.MaxConfigBytes)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %w", err)
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

func joinRoot(root, rel string) string {
	if root == "" {
		return rel
	}
	return filepath.Join(root, filepath.FromSlash(rel))
}

// parseList reads a file that holds a list, either at the top or under the
// key top. It returns nil, nil for an empty file.
func parseList(path string, data []byte, top string) ([]*yaml.Node, error) {
	root, err := yamlfile.Parse(path, data)
	if err != nil || root == nil {
		return nil, err
	}
	if root.Kind == yaml.MappingNode {
		fields, err := yamlfile.Fields(path, root, "", []string{top})
		if err != nil {
			return nil, err
		}
		if len(fields) == 0 {
			return nil, nil
		}
		root = fields[0].Value
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			return nil, nil
		}
	}
	items, err := yamlfile.Items(path, root, top)
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []*yaml.Node{}
	}
	return items, nil
}

// UnusedOverrides returns the overrides that matched no change in entries,
// so that a stale entry (a fingerprint that changed, a typo in a hash) is
// reported rather than silently doing nothing.
func UnusedOverrides(entries []changes.Entry, specs []OverrideSpec) []OverrideSpec {
	var out []OverrideSpec
	for _, o := range specs {
		if !overrideUsed(entries, o) {
			out = append(out, o)
		}
	}
	return out
}

func overrideUsed(entries []changes.Entry, o OverrideSpec) bool {
	for _, e := range entries {
		if !strings.HasPrefix(e.Commit, o.Commit) {
			continue
		}
		for _, d := range e.Documents {
			for _, c := range d.Changes {
				if c.Fingerprint == o.Fingerprint && c.Override != nil && c.Override.Source == "overrides-file" {
					return true
				}
			}
		}
	}
	return false
}
