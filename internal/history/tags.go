package history

import (
	"errors"

	"github.com/go-git/go-git/v5/plumbing"
)

// Tags lists the repository's tags as name -> the commit they point at,
// peeling annotated tags. Tags that point at no commit (a tree, a blob,
// or an object the repository lacks) are left out. Tag objects are read
// by redline's own reader, with its caps and checks, not go-git's.
func (r *Repo) Tags() (map[string]string, error) {
	iter, err := r.st.IterReferences()
	if err != nil {
		return nil, &Error{Msg: "cannot list the tags of " + r.dir, Hint: "check that the repository is readable", Err: err}
	}
	tags := map[string]string{}
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		if !ref.Name().IsTag() {
			return nil
		}
		name := ref.Name().Short()
		h, err := r.peelCommit(name, ref.Hash())
		var e *Error
		switch {
		case err == nil:
			tags[name] = h.String()
		case errors.Is(err, ErrDamaged), errors.Is(err, ErrTooLarge), errors.Is(err, errNotRegular):
			return err
		case errors.As(err, &e):
			// Not a commit, or not here (a shallow clone): no version.
		default:
			return err
		}
		return nil
	})
	if e := r.refused(); e != nil {
		return nil, e
	}
	if err != nil {
		var e *Error
		if errors.As(err, &e) || errors.Is(err, ErrDamaged) {
			return nil, err
		}
		return nil, &Error{Msg: "cannot list the tags of " + r.dir, Hint: "check that the repository is readable", Err: err}
	}
	return tags, nil
}
