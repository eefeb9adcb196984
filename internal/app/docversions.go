package app

import (
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/digdir/redline/internal/config"
	"github.com/digdir/redline/internal/document"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
)

// fronts reads, for versions.per_document, what the front matter of each
// document says at each revision that changed it: its version, the date
// the version takes effect (the keys of versions.front_matter) and its
// title. Each version of a page is read once, by its blob, and only its
// front matter is parsed. A version that cannot be read is left out: the
// document keeps, there, what it said before.
func (a *App) fronts(revs []history.Revision) map[string]map[string]release.Front {
	keys := a.cfg.Versions.FrontMatter
	byBlob := map[history.Hash]release.Front{}
	bad := map[history.Hash]bool{}
	warned := map[string]bool{} // a value is reported once a page, not at every revision
	out := map[string]map[string]release.Front{}
	for _, r := range revs {
		for _, f := range r.Files {
			if f.NewPath == "" || f.NewBlob.IsZero() {
				continue
			}
			fr, ok := byBlob[f.NewBlob]
			if !ok && !bad[f.NewBlob] {
				src, err := a.repo.Blob(f.NewBlob)
				if err == nil {
					var warn string
					fr, warn, err = frontOf(f.NewPath, src, keys, a.opts.Limits)
					if warn != "" && !warned[f.NewPath+"\x00"+warn] {
						warned[f.NewPath+"\x00"+warn] = true
						a.warn("%s at %s: %s", f.NewPath, r.Hash.String()[:7], warn)
					}
				}
				if err != nil {
					bad[f.NewBlob] = true
				} else {
					byBlob[f.NewBlob], ok = fr, true
				}
			}
			if !ok {
				continue
			}
			c := r.Hash.String()
			if out[c] == nil {
				out[c] = map[string]release.Front{}
			}
			out[c][f.NewPath] = fr
		}
	}
	return out
}

// frontOf reads the version, date and title a page's front matter gives,
// by the keys named. warn says why a value was not taken.
func frontOf(path string, src []byte, keys config.FrontMatter, lim document.Limits) (fr release.Front, warn string, err error) {
	doc, err := document.Parse(path, frontPart(src), lim)
	if err != nil {
		return fr, "", err
	}
	raw := map[string]string{}
	if doc.FrontFormat == "yaml" {
		raw = yamlScalars(src[:doc.BodyStart])
	}
	value := func(key string) string {
		if key == "" {
			return ""
		}
		if s, ok := raw[key]; ok {
			return strings.TrimSpace(s)
		}
		return scalarText(doc.Front[key])
	}
	fr.Version = value(keys.Version)
	fr.Title = value("title")
	if d := value(keys.Date); d != "" {
		if fr.Date = dateOf(d); fr.Date == "" {
			warn = fmt.Sprintf("front matter %s %q is not a date (YYYY-MM-DD); the commit's date is taken", keys.Date, d)
		}
	}
	if strings.ContainsAny(fr.Version, "\n\r") {
		fr.Version, warn = "", fmt.Sprintf("front matter %s is not a version id", keys.Version)
	}
	return fr, warn, nil
}

// frontPart is the page up to the end of its YAML or TOML front matter,
// so that only the front matter is parsed; the whole page when it has
// none, or JSON front matter, whose end takes a parse to find.
func frontPart(src []byte) []byte {
	s := bytes.TrimPrefix(src, []byte{0xEF, 0xBB, 0xBF})
	off := len(src) - len(s)
	t := bytes.TrimLeft(s, " \t\r\n\f\v")
	off += len(s) - len(t)
	if bytes.HasPrefix(t, []byte("{")) && !bytes.HasPrefix(t, []byte("{{")) {
		return src // JSON front matter
	}
	nl := bytes.IndexByte(t, '\n')
	if nl < 0 {
		return src
	}
	delim := string(bytes.TrimRight(t[:nl], " \t\r"))
	if delim != "---" && delim != "+++" {
		return src[:off] // no front matter: nothing to read
	}
	for i := off + nl + 1; i < len(src); {
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += i + 1
		}
		if bytes.HasPrefix(src[i:], []byte(delim)) {
			return src[:end]
		}
		i = end
	}
	return src
}

// yamlScalars reads the top-level scalars of YAML front matter as written:
// version: 2.10 is "2.10", not the number 2.1.
func yamlScalars(front []byte) map[string]string {
	out := map[string]string{}
	text := front
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		text = text[i+1:] // the opening ---
	}
	if i := bytes.LastIndex(text, []byte("\n---")); i >= 0 {
		text = text[:i+1]
	} else if bytes.HasPrefix(text, []byte("---")) {
		text = nil
	}
	var root yaml.Node
	if yaml.Unmarshal(text, &root) != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return out
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if v := m.Content[i+1]; v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
			out[m.Content[i].Value] = v.Value
		}
	}
	return out
}

// scalarText writes a decoded front matter value as text; "" for what is
// no single value.
func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case time.Time:
		return v.Format(time.DateOnly)
	}
	return ""
}

// dateOf reads a date as YYYY-MM-DD or YYYY-MM, the day of a timestamp
// (2024-03-01T00:00:00Z) included; "" when it is none.
func dateOf(s string) string {
	for _, layout := range []string{time.DateOnly, "2006-01"} {
		if len(s) >= len(layout) {
			if _, err := time.Parse(layout, s[:len(layout)]); err == nil && (len(s) == len(layout) || s[len(layout)] == 'T' || s[len(layout)] == ' ') {
				return s[:len(layout)]
			}
		}
	}
	return ""
}

// FindDocument finds the document of cl (versions.per_document) that name
// names: its path, the end of its path ("privacy.md" for
// legal/privacy.md), or either without the extension ("legal/privacy",
// "privacy"), as a tag names it; a path it had before a rename counts as
// its path. The error names the documents there are, or those name could
// be.
func FindDocument(cl *release.Changelog, name string) (*release.DocumentVersions, error) {
	if len(cl.Documents) == 0 {
		return nil, errorf("set versions.per_document: true in redline.yaml for versions of each document, or leave out the document for the repository's versions",
			"documents have no versions of their own: versions.per_document is not set")
	}
	name = strings.TrimPrefix(path.Clean(filepath.ToSlash(name)), "./")
	matches := func(p string) [4]bool {
		stem := strings.TrimSuffix(p, path.Ext(p))
		return [4]bool{p == name, strings.HasSuffix(p, "/"+name), stem == name, strings.HasSuffix(stem, "/"+name)}
	}
	for k := range 4 {
		var found []*release.DocumentVersions
		for i := range cl.Documents {
			d := &cl.Documents[i]
			for _, p := range documentPaths(d) {
				if matches(p)[k] {
					found = append(found, d)
					break
				}
			}
		}
		switch {
		case len(found) == 1:
			return found[0], nil
		case len(found) > 1:
			return nil, errorf("give more of the path: "+documentList(found),
				"%q names %d documents", name, len(found))
		}
	}
	return nil, errorf("documents with versions: "+documentList(documentsOf(cl)), "no document %q has versions", name)
}

// documentPaths are the paths a document had: its newest, then those of
// its entries, newest first.
func documentPaths(d *release.DocumentVersions) []string {
	out := []string{d.Path}
	for _, v := range d.Versions {
		for _, e := range v.Entries {
			for _, dd := range e.Documents {
				if !slices.Contains(out, dd.Path) {
					out = append(out, dd.Path)
				}
			}
		}
	}
	return out
}

func documentsOf(cl *release.Changelog) []*release.DocumentVersions {
	out := make([]*release.DocumentVersions, len(cl.Documents))
	for i := range cl.Documents {
		out[i] = &cl.Documents[i]
	}
	return out
}

// documentList names documents for a hint: "legal/privacy.md,
// legal/terms.md", the first twelve and a count of the rest.
func documentList(docs []*release.DocumentVersions) string {
	const most = 12
	var paths []string
	for _, d := range docs {
		if len(paths) < most {
			paths = append(paths, d.Path)
		}
	}
	s := strings.Join(paths, ", ")
	if len(docs) > most {
		s += fmt.Sprintf(" and %d more", len(docs)-most)
	}
	if s == "" {
		s = "none"
	}
	return s
}

// findDocVersion finds a version of one document by id, with or without
// a leading v ("3.1", "v3.1"), or nil.
func findDocVersion(d *release.DocumentVersions, id string) *release.Version {
	for _, try := range []string{id, strings.TrimPrefix(id, "v")} {
		for i := range d.Versions {
			if v := &d.Versions[i]; v.ID == try {
				return v
			}
		}
	}
	return nil
}

// FindDocumentVersion finds version id of document d; the error names the
// versions it has.
func FindDocumentVersion(d *release.DocumentVersions, id string) (*release.Version, error) {
	if v := findDocVersion(d, id); v != nil {
		return v, nil
	}
	var ids []string
	for _, v := range d.Versions {
		ids = append(ids, v.ID)
	}
	hint := d.Path + " has no versions"
	if len(ids) > 0 {
		hint = "versions of " + d.Path + ": " + strings.Join(ids, ", ")
	}
	if id == release.UnreleasedID {
		return nil, errorf(hint, "nothing of %s is unreleased: every change to it belongs to a version", d.Path)
	}
	return nil, errorf(hint, "no version %q of %s", id, d.Path)
}

// DocumentsWithVersion are the documents of cl that have a version id
// (with or without a leading v), in cl's order.
func DocumentsWithVersion(cl *release.Changelog, id string) []*release.DocumentVersions {
	var out []*release.DocumentVersions
	for i := range cl.Documents {
		if findDocVersion(&cl.Documents[i], id) != nil {
			out = append(out, &cl.Documents[i])
		}
	}
	return out
}

// ResolveNotesVersion reads the version `redline notes` is asked for: id
// of the document doc names, or with doc "" the repository's version id,
// else the one document's that has it (doc is then what it found). A
// version id that several documents have, and the repository not, is an
// error that names them; also names the documents that have the id when
// it is the repository's too, for a note. unreleased is the repository's
// when there is one.
func ResolveNotesVersion(cl *release.Changelog, id, doc string) (v *release.Version, d *release.DocumentVersions, also []*release.DocumentVersions, err error) {
	if doc != "" {
		if d, err = FindDocument(cl, doc); err != nil {
			return nil, nil, nil, err
		}
		v, err = FindDocumentVersion(d, id)
		return v, d, nil, err
	}
	docs := DocumentsWithVersion(cl, id)
	if v = findVersion(cl, id); v != nil {
		if v.ID == release.UnreleasedID {
			docs = nil
		}
		return v, nil, docs, nil
	}
	switch len(docs) {
	case 0:
		v, err = FindVersion(cl, id)
		if err != nil && len(cl.Documents) > 0 {
			hint := hintOf(err, "")
			if hint != "" {
				hint += "; "
			}
			err = errorf(hint+"no document has it either: name one after -- for its versions (redline notes VERSION -- PATH); documents: "+documentList(documentsOf(cl)),
				"%s", err.Error())
		}
		return v, nil, nil, err
	case 1:
		return findDocVersion(docs[0], id), docs[0], nil, nil
	}
	return nil, nil, nil, errorf(fmt.Sprintf("name the document after --: redline notes %s -- %s", id, docs[0].Path),
		"version %s is ambiguous: %d documents have it (%s)", id, len(docs), documentList(docs))
}
