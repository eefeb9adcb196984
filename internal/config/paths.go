package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/digdir/redline/internal/config/yamlfile"
	"github.com/digdir/redline/internal/history"
)

// pathspecs reads the tracked paths of paths: as git pathspecs, the way
// `redline log -- SPEC...` takes them (history.Pathspec): a path, a glob
// ('en/*.md', ':(glob)**/privacy*.md') or an exclude (':!en/archive',
// ':(exclude)en/archive/**'). A plain path is cleaned as every other path
// of the file is; a glob or a path with magic is kept as written, once
// history has read it.
func (p *parser) pathspecs(f yamlfile.Field) ([]string, error) {
	list, err := yamlfile.Strings(p.file, f)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(list, isPathspec) {
		return p.relPaths(f) // plain paths, as they always were
	}
	for i, s := range list {
		if !isPathspec(s) {
			if list[i], err = p.checkRel(f, s); err != nil {
				return nil, err
			}
			continue
		}
		if _, err := history.ParsePathspec([]string{s}); err != nil {
			var e *history.Error
			if errors.As(err, &e) {
				why := strings.TrimPrefix(e.Msg, fmt.Sprintf("tracked path %q ", s))
				return nil, p.errorf(f, e.Hint, "%q %s", s, why)
			}
			return nil, p.errorf(f, "write a path relative to the repository root, a glob or an exclude", "%v", err)
		}
	}
	return list, nil
}

// isPathspec says whether s is more than a plain path: magic (":!x",
// ":(exclude)x") or a glob.
func isPathspec(s string) bool {
	return strings.HasPrefix(s, ":") || strings.ContainsAny(s, "*?[")
}
