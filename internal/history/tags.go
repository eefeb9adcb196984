package history

import (
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Tags lists the repository's tags as name -> the commit they point at,
// peeling annotated tags. Tags that point at no commit are left out.
func (r *Repo) Tags() (map[string]string, error) {
	iter, err := r.git.Tags()
	if err != nil {
		return nil, &Error{Msg: "cannot list the tags of " + r.dir, Hint: "check that the repository is readable", Err: err}
	}
	tags := map[string]string{}
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		h := ref.Hash()
		if tag, err := r.git.TagObject(h); err == nil {
			c, err := tag.Commit()
			if err != nil {
				return nil // a tag of a tree or blob names no version
			}
			h = c.Hash
		} else if _, err := object.GetCommit(r.st, h); err != nil {
			return nil
		}
		tags[ref.Name().Short()] = h.String()
		return nil
	})
	if err != nil {
		return nil, &Error{Msg: "cannot list the tags of " + r.dir, Hint: "check that the repository is readable", Err: err}
	}
	return tags, nil
}
