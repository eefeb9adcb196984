package release

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/digdir/redline/internal/classify"
)

// translationSync finds sections changed in substance in one language
// whose translation did not change at all in the same version, while the
// translation existed when the version closed. Readers of the translation
// would otherwise be left with a page that says something else.
//
// byEntry says exists knows only the entries' commits, so the check is made
// at the version's newest entry: the same tree, for tracked pages, as the
// closing commit.
func translationSync(versions []Version, langs []string, exists func(commit, path string) bool, byEntry bool) []Warning {
	var out []Warning
	for _, v := range versions {
		if len(v.Entries) == 0 || len(langs) < 2 {
			continue
		}
		closing := v.Revision
		if closing == "" || byEntry {
			closing = v.Entries[0].Commit
		}
		changed := map[string]bool{}
		type section struct{ path, anchor string }
		var subst []section
		seen := map[section]bool{}
		for _, e := range v.Entries {
			for _, d := range e.Documents {
				changed[d.Path] = true
				if d.OldPath != "" {
					changed[d.OldPath] = true
				}
				for _, c := range d.Changes {
					s := section{d.Path, c.Anchor}
					if c.Class == classify.Substantive && !seen[s] {
						seen[s] = true
						subst = append(subst, s)
					}
				}
			}
		}
		slices.SortFunc(subst, func(a, b section) int {
			return cmp.Or(cmp.Compare(a.path, b.path), cmp.Compare(a.anchor, b.anchor))
		})
		where := "in " + v.ID
		if v.ID == UnreleasedID {
			where = "since the last version"
		}
		for _, s := range subst {
			for _, other := range Counterparts(s.path, langs) {
				if changed[other] || !exists(closing, other) {
					continue
				}
				at := s.path
				if s.anchor != "" {
					at += "#" + s.anchor
				}
				out = append(out, Warning{
					Kind: "translation-sync", Version: v.ID, Path: s.path, Anchor: s.anchor,
					Message: fmt.Sprintf("%s changed in substance %s, but %s did not change", at, where, other),
				})
			}
		}
	}
	return out
}

// Counterparts returns the paths of p in the other languages:
// _index.nb.md -> _index.en.md. A path with no language suffix among
// langs has none.
func Counterparts(p string, langs []string) []string {
	dir, name := path.Split(p)
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	i := strings.LastIndexByte(stem, '.')
	if i < 0 || !slices.Contains(langs, stem[i+1:]) {
		return nil
	}
	var out []string
	for _, l := range langs {
		if l != stem[i+1:] {
			out = append(out, dir+stem[:i+1]+l+ext)
		}
	}
	return out
}

// existsFromEntries judges whether a page exists at a commit from the
// entries alone (oldest first after reversing): a page exists once a change
// adds, modifies or renames it into place, until one removes or renames it
// away. Pages no entry touches are taken as absent, which only matters for
// a history that starts after they were created.
func existsFromEntries(newestFirst []Entry) func(commit, path string) bool {
	type change struct {
		pos     int
		present bool
	}
	byPath := map[string][]change{} // oldest first
	at := map[string]int{}
	n := len(newestFirst)
	for i := n - 1; i >= 0; i-- {
		e := newestFirst[i]
		pos := n - 1 - i
		at[e.Commit] = pos
		for _, d := range e.Documents {
			switch d.Status {
			case "removed":
				byPath[d.Path] = append(byPath[d.Path], change{pos, false})
			case "renamed":
				if d.OldPath != "" {
					byPath[d.OldPath] = append(byPath[d.OldPath], change{pos, false})
				}
				byPath[d.Path] = append(byPath[d.Path], change{pos, true})
			default:
				byPath[d.Path] = append(byPath[d.Path], change{pos, true})
			}
		}
	}
	return func(commit, p string) bool {
		pos, ok := at[commit]
		if !ok {
			return false
		}
		present := false
		for _, c := range byPath[p] {
			if c.pos > pos {
				break
			}
			present = c.present
		}
		return present
	}
}
