package classify

import (
	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/document"
)

// Compare parses two versions of a page, aligns their blocks and classifies
// the result. A nil old is an added page, a nil new a removed one. The
// caller sets Status "renamed" and OldPath when the paths differ.
func (r *Rules) Compare(oldPath string, old []byte, newPath string, new []byte) (DocumentDiff, error) {
	r.ready()
	var od, nd *document.Document
	var err error
	if old != nil {
		if od, err = document.Parse(oldPath, old, r.Limits); err != nil {
			return DocumentDiff{}, err
		}
	}
	if new != nil {
		if od != nil {
			// Most edits touch a small part of a page: parse only that.
			nd, err = document.ParseNext(od, newPath, new, r.Limits)
		} else {
			nd, err = document.Parse(newPath, new, r.Limits)
		}
		if err != nil {
			return DocumentDiff{}, err
		}
	}
	return r.CompareDocuments(od, nd), nil
}

// CompareDocuments aligns and classifies two parsed versions of a page, as
// Compare does after parsing: a caller comparing many versions parses each
// once and passes it here twice, as the new side of one comparison and the
// old side of the next. Neither document is changed.
func (r *Rules) CompareDocuments(od, nd *document.Document) DocumentDiff {
	r.ready()
	var ops []align.Op
	switch {
	case od != nil && nd != nil:
		// Document passes over the blocks that stayed as they were.
		ops = align.Changes(od.Blocks, nd.Blocks, align.DefaultOptions())
	case nd != nil:
		for i := range nd.Blocks {
			ops = append(ops, align.Op{Kind: align.Added, New: []int{i}})
		}
	case od != nil:
		for i := range od.Blocks {
			ops = append(ops, align.Op{Kind: align.Removed, Old: []int{i}})
		}
	}
	return r.Document(od, nd, ops)
}
