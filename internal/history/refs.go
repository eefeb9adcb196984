package history

import (
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// Ref is a name git resolves to a commit, by the short name a person
// types.
type Ref struct {
	Name string // main, origin/main, v2.5
	Kind string // "branch", "remote branch" or "tag"
}

// Refs lists the branches, remote-tracking branches and tags by their
// short names, sorted by name, reading only the refs (no object: what a
// name points at is not checked, so it is cheap enough for shell
// completion). A short name that is both a tag and a branch is listed
// once, as the tag git's lookup prefers; the remotes' HEADs are left out.
func (r *Repo) Refs() ([]Ref, error) {
	iter, err := r.st.IterReferences()
	if err != nil {
		return nil, &Error{Msg: "cannot list the refs of " + r.dir, Hint: "check that the repository is readable", Err: err}
	}
	// git's lookup order (see dwimRef): tags, then branches, then remotes.
	rank := map[string]int{"tag": 0, "branch": 1, "remote branch": 2}
	byName := map[string]string{}
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		full := ref.Name().String()
		var name, kind string
		if s, ok := strings.CutPrefix(full, "refs/tags/"); ok {
			name, kind = s, "tag"
		} else if s, ok := strings.CutPrefix(full, "refs/heads/"); ok {
			name, kind = s, "branch"
		} else if s, ok := strings.CutPrefix(full, "refs/remotes/"); ok && !strings.HasSuffix(s, "/HEAD") {
			name, kind = s, "remote branch"
		}
		if name == "" {
			return nil // HEAD, notes, stashes, pull requests' refs
		}
		if prev, ok := byName[name]; !ok || rank[kind] < rank[prev] {
			byName[name] = kind
		}
		return nil
	})
	if e := r.refused(); e != nil {
		return nil, e
	}
	if err != nil {
		return nil, &Error{Msg: "cannot list the refs of " + r.dir, Hint: "check that the repository is readable", Err: err}
	}
	refs := make([]Ref, 0, len(byName))
	for name, kind := range byName {
		refs = append(refs, Ref{Name: name, Kind: kind})
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Name < refs[j].Name })
	return refs, nil
}
