package release

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
)

// UnreleasedID is the id of the version that holds the changes made after
// the last version was closed.
const UnreleasedID = "unreleased"

// Sources of a version's binding to the commit that closes it, strongest
// first.
const (
	SourceVersionsFile = "versions-file"
	SourceTag          = "tag"
	SourceTrailer      = "trailer"
)

// BuildOptions are what Build needs besides the entries and the versions
// file.
type BuildOptions struct {
	Title     Text
	Languages []string // the first is the default language; none = those of the entries' documents
	// Tags maps a commit hash to the version id a tag gives it (see TagVersions).
	Tags map[string]string
	// Trailer is the commit trailer that names versions, for messages.
	Trailer string
	// Trailers maps a commit hash to the version id in its trailer.
	Trailers map[string]string

	// Commits is every commit of the walked history, newest first, in the
	// order the entries were taken from. It lets a version close at a
	// commit that changed no tracked file (a release tag on a merge, say).
	// nil means the entries' own commits.
	Commits []string
	// Exists says whether path exists at commit, for the translation check.
	// nil means: judge from the entries (a page exists when the last change
	// to it up to the commit did not remove it).
	Exists func(commit, path string) bool
	// VersionsFile names the versions file in messages.
	VersionsFile string

	// PerDocument gives each document versions of its own besides the
	// repository's (Changelog.Documents): from the versions file's
	// entries that name it, from Fronts and from DocumentTrailers.
	// Without it, entries of the versions file that name a document are
	// ignored, with a warning.
	PerDocument bool
	// Fronts maps a commit to what the front matter of each document it
	// changed says there, by the document's path (see Front). A
	// document missing here keeps what it said before.
	Fronts map[string]map[string]Front
	// DocumentTrailers maps a commit to the values of its version
	// trailers (see DocumentTrailers): with PerDocument, a value "PATH
	// ID" closes version ID of the document at PATH, and is not a
	// version of the repository.
	DocumentTrailers map[string][]string
	// DocumentTags maps tag names to the commits they name, and
	// DocumentTagPattern is versions.tag_pattern when it holds
	// {document}: with PerDocument, a tag whose name matches it with a
	// document's name for {document} closes a version of that document
	// (see documentTags).
	DocumentTags       map[string]string
	DocumentTagPattern string
}

// binding ties a version id to the commit that closes it.
type binding struct {
	id     string
	commit string
	pos    int // in the timeline, 0 = newest
	source string
	spec   *VersionSpec
}

// Build groups entries (newest first) into versions. A version holds the
// entries after the previous version's closing commit, up to and including
// its own; entries after the last version are Unreleased. "After" is the
// order of the timeline (BuildOptions.Commits, else the entries), which
// for a history with merges is the order the history was walked in.
func Build(entries []changes.Entry, specs []VersionSpec, opt BuildOptions) (*Changelog, error) {
	file := opt.VersionsFile
	if file == "" {
		file = "versions file"
	}
	trailer := opt.Trailer
	if trailer == "" {
		trailer = "Document-Version"
	}
	tl, err := newTimeline(entries, opt.Commits)
	if err != nil {
		return nil, err
	}
	langs := opt.Languages
	if len(langs) == 0 {
		langs = entryLanguages(entries)
	}

	var warnings []Warning
	byID := map[string]*binding{}
	var bound []*binding
	bind := func(b *binding) { byID[b.id] = b; bound = append(bound, b) }

	// Versions of one document are bound per document, and are no
	// versions of the repository.
	all := specs
	specs, docSpecs := repositorySpecs(all)
	if !opt.PerDocument {
		for _, s := range docSpecs {
			warnings = append(warnings, Warning{Kind: "version-binding", Version: s.ID, Path: s.Document,
				Message: fmt.Sprintf("%s:%d: version %s of %s is ignored: versions.per_document is not set in redline.yaml", file, s.Line, s.ID, s.Document)})
		}
	}
	// A trailer naming a document closes a version of that document,
	// never one of the repository.
	var dropped map[string]string
	opt.Trailers, dropped = repositoryTrailers(opt.Trailers, entries)
	if !opt.PerDocument {
		for _, c := range sortedKeys(dropped) {
			warnings = append(warnings, Warning{Kind: "version-binding",
				Message: fmt.Sprintf("%s %q on commit %s names a document, and versions.per_document is not set in redline.yaml; ignored", trailer, dropped[c], short(c))})
		}
	}

	historical := map[string]bool{}
	for _, s := range specs {
		historical[s.ID] = s.Historical
	}

	// The versions file is the strongest binding.
	for i := range specs {
		s := &specs[i]
		if s.Revision == "" {
			continue
		}
		full, err := tl.resolve(s.Revision)
		if err != nil {
			return nil, &Error{File: file, Line: s.Line,
				Msg:  fmt.Sprintf("version %s: revision %q %v", s.ID, s.Revision, err),
				Help: "give the hash of a commit in the walked history that changed a tracked page"}
		}
		bind(&binding{id: s.ID, commit: full, pos: tl.pos[full], source: SourceVersionsFile, spec: s})
	}
	// Then tags, then trailers; each only for versions not bound yet. When
	// several commits name one version, the newest closes it.
	for _, src := range []struct {
		name string
		m    map[string]string
	}{{SourceTag, opt.Tags}, {SourceTrailer, opt.Trailers}} {
		var found []*binding
		for _, h := range sortedKeys(src.m) {
			id := src.m[h]
			if _, done := byID[id]; done || id == "" {
				continue
			}
			if historical[id] {
				warnings = append(warnings, Warning{Kind: "version-binding", Version: id,
					Message: fmt.Sprintf("%s on commit %s names version %s, which the versions file calls historical; ignored", src.name, short(h), id)})
				continue
			}
			full, err := tl.resolve(h)
			if err != nil {
				warnings = append(warnings, Warning{Kind: "version-binding", Version: id,
					Message: fmt.Sprintf("%s for version %s names commit %s, which %v; ignored", src.name, id, short(h), err)})
				continue
			}
			found = append(found, &binding{id: id, commit: full, pos: tl.pos[full], source: src.name})
		}
		slices.SortStableFunc(found, func(a, b *binding) int { return cmp.Compare(a.pos, b.pos) })
		for _, b := range found {
			if _, done := byID[b.id]; !done {
				bind(b)
			}
		}
	}

	specByID := map[string]*VersionSpec{}
	for i := range specs {
		s := &specs[i]
		specByID[s.ID] = s
		if b := byID[s.ID]; b != nil {
			b.spec = s
			continue
		}
		if !s.Historical {
			return nil, &Error{File: file, Line: s.Line,
				Msg:  fmt.Sprintf("version %s is not bound to a commit", s.ID),
				Help: fmt.Sprintf("add `revision:` or a `%s: %s` trailer", trailer, s.ID)}
		}
	}

	slices.SortStableFunc(bound, func(a, b *binding) int { return cmp.Compare(a.pos, b.pos) })
	for i := 1; i < len(bound); i++ {
		if a, b := bound[i-1], bound[i]; a.commit == b.commit {
			return nil, &Error{File: file, Line: lineOf(a.spec, b.spec),
				Msg: fmt.Sprintf("versions %s (%s) and %s (%s) both close at commit %s",
					a.id, a.source, b.id, b.source, short(a.commit)),
				Help: "a commit closes one version: move one of them to another commit"}
		}
	}

	// Group: entry at position p belongs to the version with the largest
	// closing position c <= p (the oldest version that includes it).
	groups := make([][]changes.Entry, len(bound))
	var unreleased []changes.Entry
	sorted := slices.Clone(entries)
	slices.SortStableFunc(sorted, func(a, b changes.Entry) int { return cmp.Compare(tl.pos[a.Commit], tl.pos[b.Commit]) })
	for _, e := range sorted {
		p := tl.pos[e.Commit]
		k := sort.Search(len(bound), func(i int) bool { return bound[i].pos > p }) - 1
		if k < 0 {
			unreleased = append(unreleased, e)
			continue
		}
		groups[k] = append(groups[k], e)
	}

	cl := &Changelog{
		Schema:    Schema,
		Title:     expand(opt.Title, langs),
		Languages: slices.Clone(langs),
		Versions:  []Version{},
	}
	if len(unreleased) > 0 {
		v := newVersion(UnreleasedID, nil, unreleased, langs)
		v.Title = unreleasedTitle(langs)
		cl.Versions = append(cl.Versions, v)
	}
	for k, b := range bound {
		v := newVersion(b.id, b.spec, groups[k], langs)
		v.Revision, v.Source = b.commit, b.source
		cl.Versions = append(cl.Versions, v)
	}
	for i := range specs {
		if s := &specs[i]; s.Historical {
			cl.Versions = append(cl.Versions, newVersion(s.ID, s, nil, langs))
		}
	}

	exists, byEntry := opt.Exists, opt.Exists == nil
	if byEntry {
		exists = existsFromEntries(sorted)
	}
	warnings = append(warnings, translationSync(cl.Versions, langs, exists, byEntry)...)
	if opt.PerDocument {
		docs, ws, err := buildDocuments(sorted, all, tl, opt, file, langs)
		if err != nil {
			return nil, err
		}
		cl.Documents = docs
		warnings = append(warnings, ws...)
	}
	if len(warnings) > 0 {
		cl.Warnings = warnings
	}
	return cl, nil
}

func lineOf(specs ...*VersionSpec) int {
	for _, s := range specs {
		if s != nil {
			return s.Line
		}
	}
	return 0
}

// newVersion fills a version from its spec (nil for none) and entries
// (newest first).
func newVersion(id string, s *VersionSpec, entries []changes.Entry, langs []string) Version {
	v := Version{ID: id, Class: classify.None, Entries: entries}
	if v.Entries == nil {
		v.Entries = []changes.Entry{}
	}
	topics := map[string]bool{}
	if s != nil {
		v.Date = s.Date
		v.Title = expand(s.Title, langs)
		v.Note = expand(s.Note, langs)
		v.Historical, v.Reconstructed = s.Historical, s.Reconstructed
		for _, t := range s.Topics {
			topics[t] = true
		}
	}
	for _, e := range entries {
		v.Class = classify.Max(v.Class, e.Class)
		for _, d := range e.Documents {
			for _, c := range d.Changes {
				switch c.Class {
				case classify.Substantive:
					v.Counts.Substantive++
				case classify.Editorial:
					v.Counts.Editorial++
				}
				for _, t := range c.Topics {
					topics[t] = true
				}
			}
		}
	}
	if v.Date == "" && len(entries) > 0 && id != UnreleasedID {
		v.Date = entries[0].Date.UTC().Format("2006-01-02")
	}
	if len(topics) > 0 {
		v.Topics = sortedKeys(topics)
	}
	var given Text
	if s != nil {
		given = s.Summary
	}
	v.Summary = summary(given, v.Counts, langs)
	return v
}

// summary joins the given summary and the generated counts, per language.
func summary(given Text, n Counts, langs []string) Text {
	out := Text{}
	for _, l := range langs {
		var parts []string
		if s := pick(given, l); s != "" {
			parts = append(parts, strings.TrimRight(strings.TrimSpace(s), "."))
		}
		if c := countPhrase(n, l); c != "" {
			parts = append(parts, c)
		}
		if len(parts) > 0 {
			out[l] = strings.Join(parts, "; ")
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// phrases holds the count words per language: singular and plural of
// "substantive change" and "editorial change", and the word for "and".
var phrases = map[string]struct{ sub1, subN, ed1, edN, and string }{
	"nb": {"vesentlig endring", "vesentlige endringer", "redaksjonell endring", "redaksjonelle endringer", "og"},
	"nn": {"vesentleg endring", "vesentlege endringar", "redaksjonell endring", "redaksjonelle endringar", "og"},
	"en": {"substantive change", "substantive changes", "editorial change", "editorial changes", "and"},
}

func countPhrase(n Counts, lang string) string {
	p, ok := phrases[lang]
	if !ok {
		p = phrases["en"]
	}
	var parts []string
	if n.Substantive > 0 {
		parts = append(parts, plural(n.Substantive, p.sub1, p.subN))
	}
	if n.Editorial > 0 {
		parts = append(parts, plural(n.Editorial, p.ed1, p.edN))
	}
	return strings.Join(parts, " "+p.and+" ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

var unreleasedTitles = map[string]string{"nb": "Uutgitt", "nn": "Ikkje utgitt", "en": "Unreleased"}

func unreleasedTitle(langs []string) Text {
	t := Text{}
	for _, l := range langs {
		if s, ok := unreleasedTitles[l]; ok {
			t[l] = s
		} else {
			t[l] = unreleasedTitles["en"]
		}
	}
	return t
}

// pick returns the text for lang, else the text for every language.
func pick(t Text, lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	return t[""]
}

// expand gives a Text in the changelog's languages: the text for each,
// else the text given for every language (key ""). Other languages are
// dropped, so that renderers see exactly the languages they are told of.
func expand(t Text, langs []string) Text {
	if len(t) == 0 {
		return nil
	}
	out := Text{}
	for _, l := range langs {
		if s := pick(t, l); s != "" {
			out[l] = s
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// entryLanguages lists the languages of the entries' documents, sorted.
func entryLanguages(entries []changes.Entry) []string {
	seen := map[string]bool{}
	for _, e := range entries {
		for _, d := range e.Documents {
			if d.Lang != "" {
				seen[d.Lang] = true
			}
		}
	}
	return sortedKeys(seen)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// timeline places commits in the order of the walked history.
type timeline struct {
	order []string
	pos   map[string]int
}

func newTimeline(entries []changes.Entry, commits []string) (*timeline, error) {
	t := &timeline{pos: map[string]int{}}
	if commits == nil {
		for _, e := range entries {
			commits = append(commits, e.Commit)
		}
	}
	for _, c := range commits {
		c = strings.ToLower(c)
		if _, dup := t.pos[c]; !dup {
			t.pos[c] = len(t.order)
			t.order = append(t.order, c)
		}
	}
	for _, e := range entries {
		if _, ok := t.pos[e.Commit]; !ok {
			return nil, fmt.Errorf("entry for commit %s is not in the list of commits", short(e.Commit))
		}
	}
	return t, nil
}

// resolve turns a full or abbreviated hash into a commit of the timeline.
func (t *timeline) resolve(h string) (string, error) {
	h = strings.ToLower(strings.TrimSpace(h))
	if _, ok := t.pos[h]; ok {
		return h, nil
	}
	if !hexRE.MatchString(h) {
		return "", fmt.Errorf("is not a commit hash")
	}
	var found []string
	for _, c := range t.order {
		if strings.HasPrefix(c, h) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("is not in the walked history")
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("is ambiguous (%s, %s, ...)", short(found[0]), short(found[1]))
}

// Error is a problem with the versions in the versions file.
type Error struct {
	File string
	Line int
	Msg  string
	Help string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Hint says how to fix it.
func (e *Error) Hint() string { return e.Help }

// TagVersions turns tags (name -> commit hash) into the commit -> version
// id map of BuildOptions.Tags: tags whose names match pattern (path.Match)
// give the version id of their name without a leading "v".
func TagVersions(tags map[string]string, pattern string) (map[string]string, error) {
	out := map[string]string{}
	if pattern == "" {
		return out, nil
	}
	from := map[string]string{}
	for _, name := range sortedKeys(tags) {
		ok, err := path.Match(pattern, name)
		if err != nil {
			return nil, fmt.Errorf("tag pattern %q: %w", pattern, err)
		}
		if !ok {
			continue
		}
		h, id := strings.ToLower(tags[name]), strings.TrimPrefix(name, "v")
		if prev, dup := out[h]; dup && prev != id {
			return nil, &Error{File: "tags", Msg: fmt.Sprintf("tags %s and %s name different versions of commit %s", from[h], name, short(h)),
				Help: "delete one of the tags, or narrow versions.tag_pattern in redline.yaml"}
		}
		out[h], from[h] = id, name
	}
	return out, nil
}
