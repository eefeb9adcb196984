package history

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Resolve turns a revision into the hash of a commit. It reads what git
// reads for a commit: a full or short hash, HEAD (or @), a branch, tag or
// other ref, followed by @{N} (the Nth prior value in the ref's reflog;
// @{N} alone is the current branch's), then any of ~N, ^N, ^{commit} and
// ^{}. Any other syntax (@{upstream}, @{-1}, dates, ^{tree}, :PATH, ...)
// is an error naming it: it once resolved silently to HEAD.
func (r *Repo) Resolve(rev string) (Hash, error) {
	if rev == "" || rev == "HEAD" || rev == "@" {
		ref, err := r.st.Reference(plumbing.HEAD)
		if err == nil && ref.Type() == plumbing.SymbolicReference {
			if _, err := r.st.Reference(ref.Target()); err != nil {
				return Hash{}, &Error{
					Msg:  fmt.Sprintf("repository has no commits yet: %s", r.dir),
					Hint: "commit a document first, or pass --repo with another repository",
					Err:  err,
				}
			}
		}
		rev = "HEAD"
	}
	p, err := parseRevision(rev)
	if err != nil {
		return Hash{}, err
	}
	h, err := r.resolveBase(rev, p)
	if e := r.refused(); e != nil {
		return Hash{}, e // go-git may have answered without a file it was refused
	}
	if err != nil {
		return Hash{}, err
	}
	if h, err = r.peelCommit(rev, h); err != nil {
		return Hash{}, err
	}
	// Follow ~N and ^N. A forged commit can claim a loop, so a long ~N
	// stops when it comes back to a commit it passed.
	var seen map[Hash]bool
	for _, op := range p.ops {
		c, err := r.commit(h)
		if err != nil {
			return Hash{}, err
		}
		switch {
		case op.peel || op.kind == '^' && op.n == 0:
		case op.kind == '^':
			if op.n > len(c.parents) {
				return Hash{}, r.unknown(rev, fmt.Errorf("commit %s has %d parents", h.String()[:12], len(c.parents)))
			}
			h = c.parents[op.n-1]
		default: // ~n: n first parents back
			for n := op.n; n > 0; n-- {
				if c, err = r.commit(h); err != nil {
					return Hash{}, err
				}
				if len(c.parents) == 0 {
					return Hash{}, r.unknown(rev, fmt.Errorf("history ends at %s", h.String()[:12]))
				}
				if n > 64 {
					if seen == nil {
						seen = map[Hash]bool{}
					}
					if seen[h] {
						return Hash{}, &Error{
							Msg:  fmt.Sprintf("cannot resolve %q in %s: the history loops at commit %s", rev, r.dir, h),
							Hint: "git histories cannot loop, so the repository is damaged or forged: remove .git/objects/info/commit-graph if there is one, and check the rest with git fsck",
							Err:  ErrDamaged,
						}
					}
					seen[h] = true
				}
				h = c.parents[0]
			}
		}
	}
	return h, nil
}

// revision is a parsed revision: a name, a reflog entry and operators.
type revision struct {
	name   string
	reflog int // -1 when there is none
	ops    []revOp
}

type revOp struct {
	kind byte // '~' or '^'
	n    int
	peel bool // ^{commit} or ^{}
}

// unsupportedRevision is the error for syntax git has and redline does not.
func unsupportedRevision(rev, syntax, what string) error {
	return &Error{
		Msg:  fmt.Sprintf("unsupported revision syntax %q in %q: %s", syntax, rev, what),
		Hint: "redline reads NAME, NAME@{N}, NAME~N, NAME^N and NAME^{commit}; give the commit itself instead, such as the output of: git rev-parse --verify " + shellQuote(rev+"^{commit}"),
	}
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// parseRevision splits a revision into its parts, refusing what git
// supports and redline does not.
func parseRevision(rev string) (revision, error) {
	p := revision{reflog: -1}
	if i := strings.IndexByte(rev, ':'); i >= 0 {
		return p, unsupportedRevision(rev, rev[i:], "REV:PATH and :/TEXT name a file or search messages, not a commit")
	}
	i := len(rev)
	if j := strings.IndexAny(rev, "~^"); j >= 0 {
		i = j
	}
	if j := strings.Index(rev, "@{"); j >= 0 && j < i {
		i = j
	}
	p.name = rev[:i]
	rest := rev[i:]
	if p.name == "" && !strings.HasPrefix(rest, "@{") {
		// "^A" excludes A in git's ranges; "~1" alone names nothing.
		return p, unsupportedRevision(rev, rest, "a revision starts with a name (HEAD, a branch, a tag or a commit id)")
	}
	if strings.HasPrefix(rest, "@{") {
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return p, unsupportedRevision(rev, rest, "an unclosed @{")
		}
		spec := rest[2:end]
		switch n, err := strconv.Atoi(spec); {
		case err == nil && n >= 0 && spec == strconv.Itoa(n):
			p.reflog = n
		case strings.HasPrefix(spec, "-"):
			return p, unsupportedRevision(rev, rest[:end+1], "the branch checked out before")
		case spec == "u" || spec == "upstream" || spec == "push" || strings.EqualFold(spec, "u") || strings.EqualFold(spec, "upstream") || strings.EqualFold(spec, "push"):
			return p, unsupportedRevision(rev, rest[:end+1], "the branch's upstream or push target")
		default:
			return p, unsupportedRevision(rev, rest[:end+1], "a reflog entry by date")
		}
		rest = rest[end+1:]
	}
	for rest != "" {
		op := rest[0]
		if op != '~' && op != '^' {
			return p, unsupportedRevision(rev, rest, "not a suffix git knows after a revision")
		}
		rest = rest[1:]
		if op == '^' && strings.HasPrefix(rest, "{") {
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return p, unsupportedRevision(rev, "^"+rest, "an unclosed ^{")
			}
			switch what := rest[1:end]; what {
			case "commit", "":
				p.ops = append(p.ops, revOp{kind: '^', peel: true})
			default:
				return p, unsupportedRevision(rev, "^{"+what+"}", "it names a tree, blob, tag or a search, not a commit")
			}
			rest = rest[end+1:]
			continue
		}
		if op == '^' && rest != "" && strings.ContainsRune("!@-", rune(rest[0])) {
			return p, unsupportedRevision(rev, "^"+rest[:1], "a range, not one revision")
		}
		j := 0
		for j < len(rest) && '0' <= rest[j] && rest[j] <= '9' {
			j++
		}
		n := 1
		if j > 0 {
			var err error
			if n, err = strconv.Atoi(rest[:j]); err != nil || n > 1<<30 {
				return p, unsupportedRevision(rev, string(op)+rest[:j], "a number too large")
			}
		}
		p.ops = append(p.ops, revOp{kind: op, n: n})
		rest = rest[j:]
	}
	return p, nil
}

// unknown is the error for a revision that names nothing here.
func (r *Repo) unknown(rev string, err error) error {
	if errors.Is(err, errNotRegular) || errors.Is(err, ErrDamaged) {
		return err // say what is wrong with the repository, not with rev
	}
	hint := "use a commit hash, branch or tag that exists there (see git log --oneline)"
	if r.hasAlternates() {
		hint = "its objects may be in the stores objects/info/alternates names, which redline does not read " +
			"(they may be anywhere on the machine): copy them in with 'git repack -a -d' there, or clone without --shared or --reference"
	}
	return &Error{
		Msg:  fmt.Sprintf("unknown revision %q in %s", rev, r.dir),
		Hint: hint,
		Err:  err,
	}
}

// resolveBase resolves the name and reflog entry of a parsed revision to
// an object id (not yet peeled to a commit).
func (r *Repo) resolveBase(rev string, p revision) (Hash, error) {
	name := p.name
	if p.reflog >= 0 {
		ref, err := r.reflogRef(rev, name)
		if err != nil {
			return Hash{}, err
		}
		return r.reflogEntry(rev, ref, p.reflog)
	}
	switch {
	case name == "HEAD" || name == "@" || name == "":
		ref, err := storer.ResolveReference(r.st, plumbing.HEAD)
		if err != nil {
			return Hash{}, r.unknown(rev, err)
		}
		return ref.Hash(), nil
	case len(name) == 40:
		if h, ok := parseHex([]byte(name)); ok {
			return h, nil
		}
	}
	if ref, ok := r.dwimRef(name); ok {
		return ref.Hash(), nil
	}
	if isHex(name) && len(name) >= 4 && len(name) < 40 {
		return r.resolveShort(rev, strings.ToLower(name))
	}
	return Hash{}, r.unknown(rev, nil)
}

// dwimRef finds a ref by a short name, in git's order (refs.c
// ref_rev_parse_rules).
func (r *Repo) dwimRef(name string) (*plumbing.Reference, bool) {
	if name == "" || strings.Contains(name, "..") {
		return nil, false
	}
	for _, full := range []string{name, "refs/" + name, "refs/tags/" + name, "refs/heads/" + name, "refs/remotes/" + name, "refs/remotes/" + name + "/HEAD"} {
		if !strings.HasPrefix(full, "refs/") {
			continue
		}
		if ref, err := storer.ResolveReference(r.st, plumbing.ReferenceName(full)); err == nil {
			return ref, true
		}
	}
	return nil, false
}

// reflogRef is the full name of the ref whose reflog NAME@{N} reads:
// HEAD for HEAD, the current branch for @{N} alone.
func (r *Repo) reflogRef(rev, name string) (plumbing.ReferenceName, error) {
	switch name {
	case "HEAD", "@":
		return plumbing.HEAD, nil
	case "":
		head, err := r.st.Reference(plumbing.HEAD)
		if err != nil {
			return "", r.unknown(rev, err)
		}
		if head.Type() == plumbing.SymbolicReference {
			return head.Target(), nil
		}
		return plumbing.HEAD, nil // detached: git reads HEAD's log
	}
	for _, full := range []string{name, "refs/" + name, "refs/tags/" + name, "refs/heads/" + name, "refs/remotes/" + name, "refs/remotes/" + name + "/HEAD"} {
		if !strings.HasPrefix(full, "refs/") {
			continue
		}
		if _, err := r.st.Reference(plumbing.ReferenceName(full)); err == nil {
			return plumbing.ReferenceName(full), nil
		}
	}
	return "", r.unknown(rev, nil)
}

// maxReflogBytes bounds the reflog read for NAME@{N}: a century of
// commits, ten a day, is under 64 MB.
const maxReflogBytes = 64 << 20

// reflogEntry returns the value ref had n changes ago, from its reflog:
// git's read_ref_at, counting entries from the newest.
func (r *Repo) reflogEntry(rev string, ref plumbing.ReferenceName, n int) (Hash, error) {
	if r.guard == nil {
		return Hash{}, r.unknown(rev, errors.New("no reflogs in this storage"))
	}
	guard, dir := r.guard, r.commonDir
	if ref == plumbing.HEAD {
		guard, dir = r.gitGuard, r.gitDir // HEAD's log is the work tree's own
	}
	path := filepath.Join(dir, "logs", filepath.FromSlash(ref.String()))
	b, err := guard.read(path, maxReflogBytes)
	short := ref.Short()
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Hash{}, &Error{
				Msg:  fmt.Sprintf("unknown revision %q in %s: %s has no reflog", rev, r.dir, short),
				Hint: "a fresh clone (as in CI) has no reflog history; give the commit by hash, branch or tag",
			}
		}
		return Hash{}, err
	}
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(b) == 0 {
		lines = nil
	}
	if n >= len(lines) {
		return Hash{}, &Error{
			Msg:  fmt.Sprintf("unknown revision %q in %s: the log for %s only has %d entries", rev, r.dir, short, len(lines)),
			Hint: "give a smaller N, or the commit by hash, branch or tag",
		}
	}
	line := lines[len(lines)-1-n]
	if len(line) < 82 || line[40] != ' ' || line[81] != ' ' {
		return Hash{}, damaged(fmt.Errorf("reflog %s: malformed entry %d", path, len(lines)-n))
	}
	h, ok := parseHex(line[41:81])
	if !ok {
		return Hash{}, damaged(fmt.Errorf("reflog %s: malformed entry %d", path, len(lines)-n))
	}
	return h, nil
}

// peelCommit peels annotated tags down to the commit they name.
func (r *Repo) peelCommit(rev string, h Hash) (Hash, error) {
	for depth := 0; depth < 10; depth++ {
		t, b, err := r.rawAny(h)
		if err != nil {
			if errors.Is(err, ErrMissingObject) {
				return Hash{}, r.unknown(rev, err)
			}
			return Hash{}, err
		}
		switch t {
		case plumbing.CommitObject:
			return h, nil
		case plumbing.TagObject:
			if !bytes.HasPrefix(b, []byte("object ")) || len(b) < 47 {
				return Hash{}, damaged(fmt.Errorf("tag %s: malformed", h))
			}
			if h, err = hashFromHex(b[7:47]); err != nil {
				return Hash{}, damaged(fmt.Errorf("tag %s: malformed", h))
			}
		default:
			return Hash{}, &Error{
				Msg:  fmt.Sprintf("revision %q names a %s, not a commit", rev, t),
				Hint: "give a commit (a branch, a tag of a commit, or a commit hash)",
			}
		}
	}
	return Hash{}, &Error{Msg: fmt.Sprintf("revision %q: tags nest more than 10 deep", rev), Hint: "give the commit by hash"}
}

// resolveShort resolves an abbreviated id, as git does: among the objects
// whose ids start with it, the one commit (or tag of one).
func (r *Repo) resolveShort(rev, pre string) (Hash, error) {
	var cands []Hash
	if r.packs != nil {
		cands = r.packs.withPrefix(pre, 64)
	}
	if r.packs == nil {
		// In-memory storage (tests): go-git's objects.
		if iter, err := r.st.IterEncodedObjects(plumbing.AnyObject); err == nil {
			_ = iter.ForEach(func(o plumbing.EncodedObject) error {
				if h := o.Hash(); strings.HasPrefix(h.String(), pre) && len(cands) < 64 {
					cands = append(cands, h)
				}
				return nil
			})
		}
	}
	var commits []Hash
	for _, h := range cands {
		if c, err := r.peelCommit(rev, h); err == nil {
			commits = append(commits, c)
		}
	}
	switch {
	case len(commits) == 1:
		return commits[0], nil
	case len(commits) > 1:
		return Hash{}, &Error{
			Msg:  fmt.Sprintf("short commit id %q is ambiguous in %s: %d commits start with it", pre, r.dir, len(commits)),
			Hint: "give more digits of the commit id",
		}
	}
	return Hash{}, r.unknown(rev, nil)
}

// withPrefix lists up to max ids of packed and loose objects that start
// with the hex digits pre (at least two).
func (ps *packs) withPrefix(pre string, max int) []Hash {
	if len(pre) < 2 {
		return nil
	}
	var out []Hash
	seen := map[Hash]bool{}
	add := func(h Hash) {
		if !seen[h] && len(out) < max {
			seen[h] = true
			out = append(out, h)
		}
	}
	for _, p := range ps.list {
		for _, h := range p.idx.withPrefix(pre, max) {
			add(h)
		}
	}
	entries, err := os.ReadDir(filepath.Join(ps.dir, pre[:2]))
	if err == nil {
		for _, e := range entries {
			if n := e.Name(); len(n) == 38 && strings.HasPrefix(n, pre[2:]) {
				if h, ok := parseHex([]byte(pre[:2] + n)); ok {
					add(h)
				}
			}
		}
	}
	return out
}

// withPrefix lists up to max ids in the index that start with the hex
// digits pre (at least two).
func (x packIndex) withPrefix(pre string, max int) []Hash {
	first, ok := unhexByte(pre[:2])
	if !ok {
		return nil
	}
	lo := 0
	if first > 0 {
		lo = int(binary.BigEndian.Uint32(x.fanout[(int(first)-1)*4:]))
	}
	hi := int(binary.BigEndian.Uint32(x.fanout[int(first)*4:]))
	var out []Hash
	for i := lo; i < hi && len(out) < max; i++ {
		var h Hash
		copy(h[:], x.names[i*20:i*20+20])
		if strings.HasPrefix(h.String(), pre) {
			out = append(out, h)
		}
	}
	return out
}

func unhexByte(s string) (byte, bool) {
	hi, ok1 := unhex(s[0])
	lo, ok2 := unhex(s[1])
	return hi<<4 | lo, ok1 && ok2
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if _, ok := unhex(s[i]); !ok {
			return false
		}
	}
	return s != ""
}
