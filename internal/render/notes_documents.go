package render

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/digdir/redline/internal/release"
)

// DocumentNotes returns the release notes of one version of one document
// (versions.per_document) in Markdown, as Notes does a version of the
// repository: headed by the document's name and the version, then its
// path, the date the version takes effect and the document's changes in
// it, with the warnings about that version of the document.
func DocumentNotes(cl *release.Changelog, d *release.DocumentVersions, versionID, lang string) ([]byte, error) {
	if cl == nil || d == nil {
		return nil, &Error{Msg: "no changelog to render", Hint: "this is a bug in redline; please report it"}
	}
	v, err := findVersion(&release.Changelog{Versions: d.Versions}, versionID)
	var e *Error
	if errors.As(err, &e) {
		return nil, &Error{Msg: fmt.Sprintf("no version %q of %s in the changelog", versionID, d.Path), Hint: e.Hint}
	}
	l := labelsFor(lang)
	m := &mdWriter{b: &bytes.Buffer{}, l: l, allDocs: true, doc: d.Path}
	m.heading(1, mdText(docName(d)+": "+l.VersionTitle(v.ID)), "")
	if mdDest(d.URL) != "" {
		m.p("%s\n\n", mdLink(d.Path, d.URL))
	} else {
		m.p("%s\n\n", mdStart(d.Path))
	}
	m.version(cl, v, lang, 1, false)
	return append(bytes.TrimRight(m.b.Bytes(), "\n"), '\n'), nil
}
