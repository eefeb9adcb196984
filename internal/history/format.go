package history

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage"
)

// readableExtensions are the repository extensions (git's
// extensions.NAME) that change nothing redline reads, with the values it
// reads them with ("" for any value):
//   - noop and noop-v1 change nothing by definition;
//   - partialclone names the promisor remote of a partial clone, whose
//     missing blobs redline reports as such (see isPartial);
//   - preciousobjects forbids deleting objects, and redline deletes none;
//   - worktreeconfig adds a per-work-tree config file, which only
//     settings redline does not use are read from;
//   - objectformat sha1 and refstorage files are the formats redline
//     reads (sha256 ids and reftable refs are not).
var readableExtensions = map[string]string{
	"noop": "", "noop-v1": "", "partialclone": "", "preciousobjects": "",
	"worktreeconfig": "", "objectformat": "sha1", "refstorage": "files",
}

// checkFormat opens st as a repository: it has a HEAD (a damaged one is
// found when the history is read), a config that parses, and a format
// redline reads (core.repositoryFormatVersion 0 or 1, and no extension
// that changes what is read). It returns nil or an *Error naming the
// repository dir and what it cannot read. It stands in for go-git's
// git.Open, whose package brings the network transports (ssh, http) into
// the binary: 99 packages redline never uses, 2 ms of every start.
func checkFormat(dir string, st storage.Storer) error {
	notRepo := func(err error) error {
		return &Error{Msg: "not a git repository: " + dir, Hint: "run redline inside a git work tree or pass --repo DIR", Err: err}
	}
	if _, err := st.Reference(plumbing.HEAD); errors.Is(err, plumbing.ErrReferenceNotFound) {
		return notRepo(err)
	}
	cfg, err := st.Config()
	if err != nil {
		return &Error{Msg: fmt.Sprintf("cannot read the config of %s: %v", dir, err), Hint: "'git config --list --local' shows what git reads of it; mend or remove the line it names", Err: err}
	}
	// The last setting wins, as in git (go-git's parsed config takes the first).
	version := ""
	if cfg.Raw != nil {
		if all := cfg.Raw.Section("core").Options.GetAll("repositoryformatversion"); len(all) > 0 {
			version = strings.TrimSpace(all[len(all)-1])
		}
	}
	if version != "" && version != "0" && version != "1" {
		return &Error{
			Msg:  fmt.Sprintf("%s has repository format version %s, which redline cannot read (it reads 0 and 1)", dir, version),
			Hint: "check core.repositoryFormatVersion with 'git config core.repositoryFormatVersion'",
		}
	}
	if cfg.Raw == nil || !cfg.Raw.HasSection("extensions") {
		return nil
	}
	var unread []string
	for _, opt := range cfg.Raw.Section("extensions").Options {
		name, value := strings.ToLower(opt.Key), strings.ToLower(strings.TrimSpace(opt.Value))
		want, known := readableExtensions[name]
		if !known || want != "" && value != want {
			unread = append(unread, fmt.Sprintf("extensions.%s = %s", opt.Key, opt.Value))
		}
	}
	if len(unread) == 0 {
		return nil
	}
	sort.Strings(unread)
	return &Error{
		Msg:  fmt.Sprintf("%s uses a format redline cannot read: %s", dir, strings.Join(unread, ", ")),
		Hint: "redline reads repositories of SHA-1 ids with refs in files; a clone made with plain 'git clone' of the same history can be read",
	}
}
