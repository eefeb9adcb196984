package release

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/langpath"
)

// translationSync finds sections changed in substance in one language whose
// translation did not change in substance in the same version, while the
// translation existed when the version closed. Readers of the translation
// would otherwise be left with a page that says something else. An
// editorial change to the translation does not count: it cannot carry the
// new meaning across.
//
// A page's translations are the pages of the same document in the other
// languages, as langpath reads the repository's layout: the same Key
// (_index.nb.md and _index.en.md; content/nb/a.md and content/en/a.md;
// nb/a.md and en/a.md).
//
// Sections are matched across languages by their section number ("3.3" in
// "3.3 Lagring" and "3.3 Storage") when both pages number their headings;
// otherwise the whole page is the unit, and any change in substance to the
// translation counts as keeping it in step.
//
// Versions are walked oldest first, remembering each desync still
// outstanding, so that a translation catching up in a later version clears
// it instead of raising a warning of its own. A warning stays with the
// version where the desync arose.
//
// byEntry says exists knows only the entries' commits, so the check is made
// at the version's newest entry: the same tree, for tracked pages, as the
// closing commit.
func translationSync(versions []Version, langs []string, exists func(commit, path string) bool, byEntry bool) []Warning {
	if len(langs) < 2 {
		return nil
	}
	numbered := numberedPages(versions)
	byKey := pagesByKey(versions)
	// outstanding holds the desyncs not yet caught up: ahead changed in
	// substance in unit, behind did not.
	type desync struct{ ahead, behind, unit string }
	outstanding := map[desync]bool{}
	perVersion := make([][]Warning, len(versions))
	for vi := len(versions) - 1; vi >= 0; vi-- {
		v := versions[vi]
		if len(v.Entries) == 0 {
			continue
		}
		closing := v.Revision
		if closing == "" || byEntry {
			closing = v.Entries[0].Commit
		}
		pages, touched, translated, added, renames := substance(v.Entries)
		for _, r := range renames {
			var moved []desync
			for d := range outstanding {
				if d.ahead == r[0] || d.behind == r[0] {
					moved = append(moved, d)
				}
			}
			for _, d := range moved {
				delete(outstanding, d)
				if d.ahead == r[0] {
					d.ahead = r[1]
				}
				if d.behind == r[0] {
					d.behind = r[1]
				}
				outstanding[d] = true
			}
		}
		// A page added beside its counterpart in another language that
		// was there before is a translation of it too, whether or not
		// history paired them: pages in folders of their language are
		// not in one folder for git to see them side by side.
		for p := range added {
			for _, y := range counterparts(p, langs, byKey) {
				if !added[y] && exists(closing, y) {
					translated[p] = true
				}
			}
		}
		// A page added as the translation of another starts in step with
		// it: whatever it was behind on, it has now caught up.
		for p := range translated {
			for d := range outstanding {
				if d.behind == p {
					delete(outstanding, d)
				}
			}
		}
		where := "in " + v.ID
		if v.ID == UnreleasedID {
			where = "since the last version"
		}
		var out []Warning
		for _, x := range slices.Sorted(maps.Keys(pages)) {
			if translated[x] {
				continue
			}
			for _, y := range counterparts(x, langs, byKey) {
				if translated[y] {
					continue // written from x as it now reads
				}
				bySection := numbered[x] && numbered[y]
				mine, theirs := pages[x].units(bySection), pages[y].units(bySection)
				for _, u := range slices.Sorted(maps.Keys(mine)) {
					switch {
					case theirs[u] != nil:
						// Both changed in substance: in step, whatever came before.
						delete(outstanding, desync{x, y, u})
						delete(outstanding, desync{y, x, u})
						continue
					case outstanding[desync{y, x, u}]:
						// x was behind y here and has caught up.
						delete(outstanding, desync{y, x, u})
						continue
					case !exists(closing, y):
						continue
					}
					outstanding[desync{x, y, u}] = true
					other := y
					if bySection && u != "" {
						other = "section " + u + " of " + y
					} else if bySection {
						other = "the part of " + y + " outside numbered sections"
					}
					how := "did not change"
					if touched[y] {
						how = "did not change in substance"
					}
					for _, s := range mine[u] {
						at := x
						if s.anchor != "" {
							at += "#" + s.anchor
						}
						if s.title != "" {
							at += fmt.Sprintf(" (%q)", s.title)
						}
						out = append(out, Warning{
							Kind: "translation-sync", Version: v.ID, Path: x, Anchor: s.anchor,
							Message: fmt.Sprintf("%s changed in substance %s, but %s %s", at, where, other, how),
						})
					}
				}
			}
		}
		perVersion[vi] = out
	}
	var all []Warning
	for _, ws := range perVersion {
		all = append(all, ws...)
	}
	return all
}

// syncSection is a section of a page changed in substance in a version.
type syncSection struct {
	anchor string
	title  string // the innermost heading, "" before the first
	number string // the section number it falls under ("3.3"), "" for none
}

// pageSubstance lists the sections of one page changed in substance in a
// version, by anchor.
type pageSubstance struct{ sections []syncSection }

// units groups the sections by the unit they are matched by across
// languages: the section number, or the whole page ("").
func (p *pageSubstance) units(bySection bool) map[string][]syncSection {
	if p == nil {
		return nil
	}
	out := map[string][]syncSection{}
	for _, s := range p.sections {
		u := ""
		if bySection {
			u = s.number
		}
		out[u] = append(out[u], s)
	}
	return out
}

// substance gathers a version's changes in substance per page (sections in
// anchor order), the pages changed at all, the pages added as translations
// of another, the pages added, and the renames (old, new), oldest first.
func substance(newestFirst []changes.Entry) (pages map[string]*pageSubstance, touched, translated, added map[string]bool, renames [][2]string) {
	pages, touched, translated, added = map[string]*pageSubstance{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	seen := map[string]map[string]bool{}
	// A change in substance that later changes of the version undo (the
	// paragraph's text back to what it was, to the letter) leaves the page
	// as it was: no counterpart needs to follow it. Each change in
	// substance opens a chain from the text before it to the text after;
	// a later change whose text before is a chain's text after carries
	// the chain on, and a chain back at its start is closed. A section is
	// changed in substance while one of its chains is open.
	open := map[string]map[string][]*chain{}
	for i := len(newestFirst) - 1; i >= 0; i-- {
		for _, d := range newestFirst[i].Documents {
			touched[d.Path] = true
			if d.Status == "renamed" && d.OldPath != "" && d.OldPath != d.Path {
				renames = append(renames, [2]string{d.OldPath, d.Path})
			}
			if d.Status == "added" {
				added[d.Path] = true
				if d.TranslationOf != "" {
					translated[d.Path] = true
				}
			}
			for _, c := range d.Changes {
				if c.Op != classify.OpFrontMatter {
					carry(open, d.Path, c)
				}
				if c.Class != classify.Substantive {
					continue
				}
				if seen[d.Path] == nil {
					seen[d.Path] = map[string]bool{}
					pages[d.Path] = &pageSubstance{}
				}
				if seen[d.Path][c.Anchor] {
					continue
				}
				seen[d.Path][c.Anchor] = true
				s := syncSection{anchor: c.Anchor, number: sectionNumber(c.Section)}
				if n := len(c.Section); n > 0 {
					s.title = c.Section[n-1]
				}
				pages[d.Path].sections = append(pages[d.Path].sections, s)
			}
		}
	}
	for path, p := range pages {
		p.sections = slices.DeleteFunc(p.sections, func(s syncSection) bool {
			chains, ok := open[path][s.anchor]
			return ok && len(chains) == 0
		})
		if len(p.sections) == 0 {
			delete(pages, path)
			continue
		}
		slices.SortFunc(p.sections, func(a, b syncSection) int { return cmp.Compare(a.anchor, b.anchor) })
	}
	return pages, touched, translated, added, renames
}

// chain is a paragraph's text through a version's changes, from before
// the change in substance that opened it to after the newest change that
// carried it on.
type chain struct {
	from, to string
	known    bool // both texts known: the chain can close
}

// textOf is a side's text; a side a change has none of is "\x00" only
// where its op says why (nothing before an addition, nothing after a
// removal), else it is not known.
func textOf(s *classify.Side, none bool) (string, bool) {
	switch {
	case s != nil:
		return s.Text, true
	case none:
		return "\x00", true
	}
	return "", false
}

// carry takes change c of page path into the open chains: it carries on
// the chain whose text it changes (closing it when the text is back where
// the chain began), or, a change in substance, opens a chain of its own.
func carry(open map[string]map[string][]*chain, path string, c classify.Change) {
	before, beforeKnown := textOf(c.Old, c.Op == align.Added)
	after, afterKnown := textOf(c.New, c.Op == align.Removed)
	chains := open[path][c.Anchor]
	if beforeKnown {
		for i, ch := range chains {
			if !ch.known || ch.to != before {
				continue
			}
			if !afterKnown {
				ch.known = false
			} else if ch.to = after; ch.to == ch.from {
				open[path][c.Anchor] = slices.Delete(chains, i, i+1)
			}
			return
		}
	}
	if c.Class != classify.Substantive {
		return
	}
	if open[path] == nil {
		open[path] = map[string][]*chain{}
	}
	open[path][c.Anchor] = append(chains, &chain{from: before, to: after, known: beforeKnown && afterKnown})
}

// numberedPages tells which pages show numbered headings in any change of
// the history: only between two such pages are sections matched by number,
// since a page that does not number its headings would put every change in
// the unnumbered rest and seem never to keep in step.
func numberedPages(versions []Version) map[string]bool {
	out := map[string]bool{}
	for _, v := range versions {
		for _, e := range v.Entries {
			for _, d := range e.Documents {
				for _, c := range d.Changes {
					if sectionNumber(c.Section) != "" {
						out[d.Path] = true
						if d.OldPath != "" {
							out[d.OldPath] = true
						}
					}
				}
			}
		}
	}
	return out
}

// headingNumber matches a section number opening a heading: "3.3 Lagring",
// "3. Bruk". Parts are kept short so that a year ("2023 in review") is not
// taken for one.
var headingNumber = regexp.MustCompile(`^(\d{1,3}(?:\.\d{1,3})*)\.?(?:\s|$)`)

// sectionNumber returns the number of the innermost numbered heading of a
// heading path, "" when none is numbered. Unnumbered subsections share
// their numbered parent's number, which makes the match coarser but never
// pairs sections that do not correspond.
func sectionNumber(section []string) string {
	for i := len(section) - 1; i >= 0; i-- {
		if m := headingNumber.FindStringSubmatch(strings.TrimSpace(section[i])); m != nil {
			return m[1]
		}
	}
	return ""
}

// Counterparts returns the paths of p in the other languages, as the
// layout in use places them (langpath.Counterpart): _index.nb.md ->
// _index.en.md, content/nb/a.md -> content/en/a.md, nb/a.md -> en/a.md. A
// path with no language among langs has none.
func Counterparts(p string, langs []string) []string {
	return counterparts(p, langs, nil)
}

// counterparts returns the translations of p, in the order of langs: for
// each other language, the page of the same Key that the history knows
// (byKey), else where the layout would put it. A page the history knows
// is taken as it is written, so that a folder en-US/ pairs with de/ though
// the code reads en-us.
func counterparts(p string, langs []string, byKey map[string][]string) []string {
	lang := langpath.Lang(p)
	if lang == "" || !slices.Contains(langs, lang) {
		return nil
	}
	known := map[string]string{}
	for _, y := range byKey[langpath.Key(p)] {
		if l := langpath.Lang(y); l != "" && known[l] == "" {
			known[l] = y
		}
	}
	var out []string
	for _, l := range langs {
		if l == lang {
			continue
		}
		if y := known[l]; y != "" {
			out = append(out, y)
		} else if y := langpath.Counterpart(p, l); y != "" {
			out = append(out, y)
		}
	}
	return out
}

// pagesByKey groups the pages the versions' entries name, under their
// old and new paths, by langpath.Key, each group sorted.
func pagesByKey(versions []Version) map[string][]string {
	seen := map[string]bool{}
	out := map[string][]string{}
	add := func(p string) {
		if p == "" || seen[p] {
			return
		}
		seen[p] = true
		k := langpath.Key(p)
		out[k] = append(out[k], p)
	}
	for _, v := range versions {
		for _, e := range v.Entries {
			for _, d := range e.Documents {
				add(d.Path)
				add(d.OldPath)
			}
		}
	}
	for _, ps := range out {
		slices.Sort(ps)
	}
	return out
}

// existsFromEntries judges whether a page exists at a commit from the
// entries alone (oldest first after reversing): a page exists once a change
// adds, modifies or renames it into place, until one removes or renames it
// away. Pages no entry touches are taken as absent, which only matters for
// a history that starts after they were created.
func existsFromEntries(newestFirst []changes.Entry) func(commit, path string) bool {
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
