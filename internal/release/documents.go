package release

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/history"
)

// SourceFrontMatter binds a version of one document to the revision where
// the version key of its front matter took the version's id.
const SourceFrontMatter = "front-matter"

// DocumentVersions are the versions of one document of its own
// (versions.per_document), in a repository of many documents that each
// keep a version and an effective date.
type DocumentVersions struct {
	Path  string `json:"path"` // its path at its newest revision
	Lang  string `json:"lang"`
	Title string `json:"title,omitempty"` // the front matter title at its newest revision
	URL   string `json:"url,omitempty"`   // its public URL, when configured
	// Versions are newest first, "unreleased" first when present, then
	// those that predate the history. A version's date is the date it
	// takes effect, its entries hold this document's changes only, and
	// its source is versions-file, front-matter, tag or trailer. In
	// changelog.json the entries are not repeated but referred to (see
	// MarshalJSON).
	Versions []Version `json:"versions"`
}

// EntryRef names an entry of the changelog's versions and one document
// in it: the entry whose commit is Commit, and of its documents the one
// whose path is Path (the document's path at that commit, which a
// rename may have changed since).
type EntryRef struct {
	Commit string `json:"commit"`
	Path   string `json:"path"`
}

// DocumentVersion is a version of one document as changelog.json writes
// it: a Version whose entries are not repeated but referred to. Every
// entry is already in the changelog's versions (each commit in one of
// them), with every document it changed, so a document's version names
// its entries by commit and by the document's path there.
type DocumentVersion struct {
	ID            string         `json:"id"`
	Date          string         `json:"date,omitempty"`
	Title         Text           `json:"title,omitempty"`
	Summary       Text           `json:"summary,omitempty"`
	Note          Text           `json:"note,omitempty"`
	Topics        []string       `json:"topics,omitempty"`
	Historical    bool           `json:"historical,omitempty"`
	Reconstructed bool           `json:"reconstructed,omitempty"`
	Revision      string         `json:"revision,omitempty"`
	Source        string         `json:"source,omitempty"`
	Class         classify.Class `json:"class"`
	Counts        Counts         `json:"counts"`
	Refs          []EntryRef     `json:"refs"` // newest first, as Entries
}

// Wire is v as changelog.json writes a version of one document: its
// entries as references (see DocumentVersion).
func (v *Version) Wire() DocumentVersion {
	w := DocumentVersion{ID: v.ID, Date: v.Date, Title: v.Title, Summary: v.Summary, Note: v.Note,
		Topics: v.Topics, Historical: v.Historical, Reconstructed: v.Reconstructed,
		Revision: v.Revision, Source: v.Source, Class: v.Class, Counts: v.Counts, Refs: []EntryRef{}}
	for _, e := range v.Entries {
		for _, d := range e.Documents {
			w.Refs = append(w.Refs, EntryRef{Commit: e.Commit, Path: d.Path})
		}
	}
	return w
}

// MarshalJSON writes the document with its versions as DocumentVersion:
// in memory a version of a document holds its entries, each with this
// document's changes only, for the renderers; changelog.json has them
// once, in the changelog's versions, and refers to them here.
func (d DocumentVersions) MarshalJSON() ([]byte, error) {
	vs := make([]DocumentVersion, len(d.Versions))
	for i := range d.Versions {
		vs[i] = d.Versions[i].Wire()
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // as render.JSON writes the rest
	err := enc.Encode(struct {
		Path     string            `json:"path"`
		Lang     string            `json:"lang"`
		Title    string            `json:"title,omitempty"`
		URL      string            `json:"url,omitempty"`
		Versions []DocumentVersion `json:"versions"`
	}{d.Path, d.Lang, d.Title, d.URL, vs})
	return bytes.TrimRight(b.Bytes(), "\n"), err
}

// Front is what a document's front matter says at one revision, as
// versions.front_matter reads it: its version ("" when the key is absent),
// the date the version takes effect (YYYY-MM-DD or YYYY-MM; "" when absent
// or not a date) and its title.
type Front struct {
	Version, Date, Title string
}

// DocumentTrailers maps each commit to the values of its trailer key,
// in order: a commit may close versions of several documents
// ("Document-Version: legal/privacy.md 3.1" and another for terms.md).
func DocumentTrailers(revs []history.Revision, key string) map[string][]string {
	out := map[string][]string{}
	for _, r := range revs {
		for _, t := range r.Trailers {
			if v := strings.TrimSpace(t.Value); strings.EqualFold(t.Key, key) && v != "" {
				out[r.Hash.String()] = append(out[r.Hash.String()], v)
			}
		}
	}
	return out
}

// docTrailer splits a trailer's value that names a document, "PATH ID",
// at its last run of white space; ok is false for a value of one word.
func docTrailer(v string) (doc, id string, ok bool) {
	v = strings.TrimSpace(v)
	i := strings.LastIndexAny(v, " \t")
	if i < 0 {
		return "", "", false
	}
	doc, id = strings.TrimSpace(v[:i]), v[i+1:]
	return doc, id, doc != "" && id != ""
}

// docRev is one revision of a document: the entry's commit, its place in
// the timeline and the document's diff there.
type docRev struct {
	entry *changes.Entry
	pos   int
	diff  *classify.DocumentDiff
}

// docHistory is one document followed through its renames.
type docHistory struct {
	path, lang, url string
	paths           map[string]bool // every path it had
	revs            []docRev        // oldest first
}

// followDocuments follows each document of the entries (newest first in
// newestFirst) through its renames, oldest first, and returns them by
// their newest path.
func followDocuments(newestFirst []changes.Entry, tl *timeline) []*docHistory {
	var docs []*docHistory
	at := map[string]*docHistory{}
	for i := len(newestFirst) - 1; i >= 0; i-- {
		e := &newestFirst[i]
		for j := range e.Documents {
			d := &e.Documents[j]
			h := at[d.Path]
			if d.OldPath != "" && d.OldPath != d.Path && at[d.OldPath] != nil {
				h = at[d.OldPath]
				delete(at, d.OldPath)
			}
			if h == nil {
				h = &docHistory{paths: map[string]bool{}}
				docs = append(docs, h)
			}
			at[d.Path] = h
			h.path, h.lang, h.paths[d.Path] = d.Path, d.Lang, true
			if d.URL != "" {
				h.url = d.URL
			}
			h.revs = append(h.revs, docRev{entry: e, pos: tl.pos[e.Commit], diff: d})
		}
	}
	slices.SortFunc(docs, func(a, b *docHistory) int { return strings.Compare(a.path, b.path) })
	return docs
}

// docBinding ties a version of one document to the commit that closes it.
type docBinding struct {
	binding
	date string // from the front matter
}

// buildDocuments groups each document's changes into versions of its own.
// A version is bound, strongest first, by the versions file (an entry
// naming the document, with a revision), by the front matter (the
// revision where the version key took the version's id), by a tag naming
// the document (see documentTags) or by a trailer naming the document
// ("Document-Version: legal/privacy.md 3.1"); as with
// the repository's versions, the newest commit closes a version named
// more than once, and changes after the last version are unreleased.
func buildDocuments(newestFirst []changes.Entry, specs []VersionSpec, tl *timeline, opt BuildOptions, file string, langs []string) ([]DocumentVersions, []Warning, error) {
	docs := followDocuments(newestFirst, tl)
	var warnings []Warning
	find := func(p string) *docHistory {
		for _, h := range docs {
			if h.path == p {
				return h
			}
		}
		for _, h := range docs {
			if h.paths[p] {
				return h
			}
		}
		return nil
	}

	specsOf := map[*docHistory][]*VersionSpec{}
	for i := range specs {
		s := &specs[i]
		if s.Document == "" {
			continue
		}
		h := find(s.Document)
		if h == nil {
			return nil, nil, &Error{File: file, Line: s.Line,
				Msg:  fmt.Sprintf("version %s names document %s, which no tracked revision changed", s.ID, s.Document),
				Help: "give the document's path from the repository root, as redline log --format json shows it"}
		}
		specsOf[h] = append(specsOf[h], s)
	}

	// Trailers naming a document, by the document they name.
	trailersOf := map[*docHistory][]*docBinding{}
	for _, c := range sortedKeys(opt.DocumentTrailers) {
		for _, v := range opt.DocumentTrailers[c] {
			doc, id, ok := docTrailer(v)
			if !ok {
				continue
			}
			full, err := tl.resolve(c)
			if err != nil {
				continue
			}
			h := trailerDocument(docs, doc, full)
			if h == nil {
				warnings = append(warnings, Warning{Kind: "version-binding", Version: id, Path: doc,
					Message: fmt.Sprintf("trailer on commit %s names document %s, which is no tracked document or more than one; ignored", short(full), doc)})
				continue
			}
			trailersOf[h] = append(trailersOf[h], &docBinding{binding: binding{id: id, commit: full, pos: tl.pos[full], source: SourceTrailer}})
		}
	}

	tagsOf, ws := documentTags(docs, opt.DocumentTags, opt.DocumentTagPattern, tl)
	warnings = append(warnings, ws...)

	out := make([]DocumentVersions, 0, len(docs))
	for _, h := range docs {
		dv, ws, err := h.versions(specsOf[h], tagsOf[h], trailersOf[h], opt.Fronts, tl, file, langs)
		if err != nil {
			return nil, nil, err
		}
		warnings = append(warnings, ws...)
		out = append(out, dv)
	}
	return out, warnings, nil
}

// trailerDocument finds the document a trailer names by its path, or by
// the end of its path ("privacy.md" for legal/privacy.md) when that is
// one document, or one the commit changed; nil when none or several.
func trailerDocument(docs []*docHistory, name, commit string) *docHistory {
	name = strings.TrimPrefix(name, "./")
	var exact, suffix []*docHistory
	for _, h := range docs {
		for p := range h.paths {
			if p == name {
				exact = append(exact, h)
				break
			}
			if strings.HasSuffix(p, "/"+name) {
				suffix = append(suffix, h)
				break
			}
		}
	}
	for _, cands := range [][]*docHistory{exact, suffix} {
		if len(cands) == 1 {
			return cands[0]
		}
		var changed []*docHistory
		for _, h := range cands {
			for _, r := range h.revs {
				if r.entry.Commit == commit {
					changed = append(changed, h)
					break
				}
			}
		}
		if len(changed) == 1 {
			return changed[0]
		}
		if len(cands) > 1 {
			return nil
		}
	}
	return nil
}

// versions builds the versions of one document.
func (h *docHistory) versions(specs []*VersionSpec, tags, trailers []*docBinding, fronts map[string]map[string]Front, tl *timeline, file string, langs []string) (DocumentVersions, []Warning, error) {
	dv := DocumentVersions{Path: h.path, Lang: h.lang, URL: h.url, Versions: []Version{}}
	var warnings []Warning
	byID := map[string]*docBinding{}
	var bound []*docBinding
	bind := func(b *docBinding) { byID[b.id] = b; bound = append(bound, b) }
	historical := map[string]bool{}
	for _, s := range specs {
		historical[s.ID] = s.Historical
		if s.Revision == "" {
			continue
		}
		full, err := tl.resolve(s.Revision)
		if err != nil {
			return dv, nil, &Error{File: file, Line: s.Line,
				Msg:  fmt.Sprintf("version %s of %s: revision %q %v", s.ID, s.Document, s.Revision, err),
				Help: "give the hash of a commit in the walked history that changed the document"}
		}
		bind(&docBinding{binding: binding{id: s.ID, commit: full, pos: tl.pos[full], source: SourceVersionsFile, spec: s}})
	}

	// The front matter: a version closes where the version key takes a
	// new value. The title is the newest one given.
	var fromFront []*docBinding
	prev := ""
	for _, r := range h.revs {
		if r.diff.Status == "removed" {
			continue
		}
		f, ok := fronts[r.entry.Commit][r.diff.Path]
		if !ok {
			continue // not read: the value stands as it was
		}
		if f.Title != "" {
			dv.Title = f.Title
		}
		if f.Version != "" && f.Version != prev {
			fromFront = append(fromFront, &docBinding{binding: binding{id: f.Version, commit: r.entry.Commit, pos: r.pos, source: SourceFrontMatter}, date: f.Date})
		}
		prev = f.Version
	}
	for _, found := range [][]*docBinding{fromFront, tags, trailers} {
		slices.SortStableFunc(found, func(a, b *docBinding) int { return cmp.Compare(a.pos, b.pos) })
		for _, b := range found {
			if _, done := byID[b.id]; done {
				continue
			}
			if historical[b.id] {
				warnings = append(warnings, Warning{Kind: "version-binding", Version: b.id, Path: h.path,
					Message: fmt.Sprintf("%s on commit %s names version %s of %s, which the versions file calls historical; ignored", b.source, short(b.commit), b.id, h.path)})
				continue
			}
			bind(b)
		}
	}
	for _, s := range specs {
		if b := byID[s.ID]; b != nil {
			b.spec = s
		} else if !s.Historical {
			return dv, nil, &Error{File: file, Line: s.Line,
				Msg:  fmt.Sprintf("version %s of %s is not bound to a commit", s.ID, h.path),
				Help: "add `revision:`, set the document's version in its front matter, or add a trailer naming the document and the version"}
		}
	}

	// One commit closes one version of a document: the stronger binding
	// (bound first) keeps it.
	slices.SortStableFunc(bound, func(a, b *docBinding) int { return cmp.Compare(a.pos, b.pos) })
	kept := bound[:0]
	for _, b := range bound {
		if n := len(kept); n > 0 && kept[n-1].commit == b.commit {
			k := kept[n-1]
			if strength(b.source) < strength(k.source) {
				kept[n-1], k, b = b, b, k
			}
			warnings = append(warnings, Warning{Kind: "version-binding", Version: b.id, Path: h.path,
				Message: fmt.Sprintf("versions %s (%s) and %s (%s) of %s both close at commit %s; %s ignored", k.id, k.source, b.id, b.source, h.path, short(k.commit), b.id)})
			continue
		}
		kept = append(kept, b)
	}
	bound = kept

	groups := make([][]changes.Entry, len(bound))
	var unreleased []changes.Entry
	for i := len(h.revs) - 1; i >= 0; i-- { // newest first
		r := h.revs[i]
		e := *r.entry
		e.Documents = []classify.DocumentDiff{*r.diff}
		e.Class = r.diff.Class
		k := sort.Search(len(bound), func(i int) bool { return bound[i].pos > r.pos }) - 1
		if k < 0 {
			unreleased = append(unreleased, e)
			continue
		}
		groups[k] = append(groups[k], e)
	}
	if len(unreleased) > 0 {
		v := newVersion(UnreleasedID, nil, unreleased, langs)
		v.Title = unreleasedTitle(langs)
		dv.Versions = append(dv.Versions, v)
	}
	for k, b := range bound {
		v := newVersion(b.id, b.spec, groups[k], langs)
		if (b.spec == nil || b.spec.Date == "") && b.date != "" {
			v.Date = b.date
		}
		v.Revision, v.Source = b.commit, b.source
		dv.Versions = append(dv.Versions, v)
	}
	for _, s := range specs {
		if s.Historical {
			dv.Versions = append(dv.Versions, newVersion(s.ID, s, nil, langs))
		}
	}
	return dv, warnings, nil
}

// DocumentPlaceholder stands for a document's name in
// versions.tag_pattern: "{document}-v*" makes tag legal/privacy-v3.1
// close version 3.1 of legal/privacy.md.
const DocumentPlaceholder = "{document}"

// documentTags reads the tags that close versions of documents: a tag
// whose name matches pattern with {document} standing for a document's
// path without its extension (legal/privacy), or for its file name
// without the extension (privacy) when no other document has that name.
// The version id is what follows the document's name and the text after
// {document} up to the pattern's first wildcard, without one leading v:
// with "{document}-v*", tag privacy-v3.1 is version 3.1 of
// legal/privacy.md. As with the repository's tags, the newest commit
// closes a version named by more than one.
func documentTags(docs []*docHistory, tags map[string]string, pattern string, tl *timeline) (map[*docHistory][]*docBinding, []Warning) {
	before, after, ok := strings.Cut(pattern, DocumentPlaceholder)
	if !ok || len(tags) == 0 {
		return nil, nil
	}
	lit := after
	if i := strings.IndexAny(after, "*?[\\"); i >= 0 {
		lit = after[:i]
	}
	names := map[string][]*docHistory{}
	for _, h := range docs {
		for p := range h.paths {
			stem := strings.TrimSuffix(p, path.Ext(p))
			names[stem] = append(names[stem], h)
			if base := path.Base(stem); base != stem {
				names[base] = append(names[base], h)
			}
		}
	}
	out := map[*docHistory][]*docBinding{}
	var warnings []Warning
	for _, tag := range sortedKeys(tags) {
		for _, name := range sortedKeys(names) {
			hs := slices.Compact(names[name])
			if len(hs) != 1 {
				continue // a file name several documents have names none
			}
			if m, err := path.Match(strings.Replace(pattern, DocumentPlaceholder, globEscape(name), 1), tag); err != nil || !m {
				continue
			}
			id := strings.TrimPrefix(strings.TrimPrefix(tag, before+name+lit), "v")
			if id == "" {
				continue
			}
			full, err := tl.resolve(tags[tag])
			if err != nil {
				warnings = append(warnings, Warning{Kind: "version-binding", Version: id, Path: hs[0].path,
					Message: fmt.Sprintf("tag %s names commit %s, which %v; ignored", tag, short(tags[tag]), err)})
				continue
			}
			out[hs[0]] = append(out[hs[0]], &docBinding{binding: binding{id: id, commit: full, pos: tl.pos[full], source: SourceTag}})
		}
	}
	return out, warnings
}

// globEscape escapes what path.Match reads as a wildcard.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("*?[]\\", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// strength orders the sources of a binding, strongest first.
func strength(source string) int {
	return slices.Index([]string{SourceVersionsFile, SourceFrontMatter, SourceTag, SourceTrailer}, source)
}

// repositorySpecs splits the versions file's entries into the
// repository's versions and those of one document.
func repositorySpecs(all []VersionSpec) (repo, docs []VersionSpec) {
	for _, s := range all {
		if s.Document == "" {
			repo = append(repo, s)
		} else {
			docs = append(docs, s)
		}
	}
	return repo, docs
}

// repositoryTrailers splits off the trailers that name a document
// ("PATH ID" where PATH, or the end of it, is a path of the entries'
// documents, or PATH is a Markdown file's name): they close versions of
// that document only, and dropped holds them by commit.
func repositoryTrailers(trailers map[string]string, entries []changes.Entry) (repo, dropped map[string]string) {
	paths := map[string]bool{}
	for _, e := range entries {
		for _, d := range e.Documents {
			for _, p := range []string{d.Path, d.OldPath} {
				for p != "" {
					paths[p] = true
					_, rest, ok := strings.Cut(p, "/")
					if !ok {
						break
					}
					p = rest
				}
			}
		}
	}
	repo = make(map[string]string, len(trailers))
	for c, v := range trailers {
		if doc, _, ok := docTrailer(v); ok {
			doc = strings.TrimPrefix(doc, "./")
			if ext := strings.ToLower(path.Ext(doc)); paths[doc] || ext == ".md" || ext == ".markdown" {
				if dropped == nil {
					dropped = map[string]string{}
				}
				dropped[c] = v
				continue
			}
		}
		repo[c] = v
	}
	return repo, dropped
}
