package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/render"
	"github.com/digdir/redline/internal/safefile"
)

// Changelog builds the versions from the whole history.
func (a *App) Changelog(ctx context.Context) (*release.Changelog, error) {
	entries, log, err := a.classified(ctx, "", nil, false)
	if err != nil {
		return nil, err
	}
	if log.Shallow {
		// Versions are bound to commits that a shallow clone may lack, and
		// its oldest commit would read as the creation of every page.
		return nil, errorf(
			"run 'git fetch --unshallow' (in CI, clone with the full history, such as fetch-depth: 0)",
			"%s is a shallow clone: the changelog is built from the whole history, and only %s here", a.opts.Repo, plural(len(log.Revisions), "revision is", "revisions are"))
	}
	if log.Partial {
		// A clone made with --filter lacks the blobs of old versions:
		// every page of them would be skipped, and the changelog would
		// read as if nothing had changed.
		if err := a.repo.Complete(log.Revisions); err != nil {
			return nil, err
		}
	}
	specs, tags, err := a.versionSources()
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, e := range entries {
		for _, d := range e.Documents {
			paths = append(paths, d.Path)
		}
	}
	commits := make([]string, len(log.Revisions))
	for i, rev := range log.Revisions {
		commits[i] = rev.Hash.String()
	}
	opt := release.BuildOptions{
		Title:        a.cfg.Title,
		Languages:    a.cfg.LanguagesFor(paths),
		Tags:         tags,
		Trailer:      a.cfg.Versions.Trailer,
		Trailers:     release.TrailerVersions(log.Revisions, a.cfg.Versions.Trailer),
		Commits:      commits,
		VersionsFile: a.cfg.Versions.File,
	}
	if a.cfg.Versions.PerDocument {
		opt.PerDocument = true
		opt.Fronts = a.fronts(log.Revisions)
		opt.DocumentTrailers = release.DocumentTrailers(log.Revisions, a.cfg.Versions.Trailer)
		if pattern := a.cfg.Versions.TagPattern; strings.Contains(pattern, release.DocumentPlaceholder) {
			if opt.DocumentTags, err = a.repo.Tags(); err != nil {
				return nil, err
			}
			opt.DocumentTagPattern = pattern
		}
	}
	cl, err := release.Build(entries, specs, opt)
	if err != nil {
		return nil, err
	}
	cl.Lexicons = LexiconNames(a.rules)
	for _, o := range release.UnusedOverrides(entries, a.overrides) {
		a.warn("%s:%d: override of %s %s matches no change", a.cfg.Overrides, o.Line, o.Commit, o.Fingerprint)
	}
	return cl, nil
}

// Outputs renders the changelog into the configured formats.
func (a *App) Outputs(cl *release.Changelog) ([]render.File, error) {
	var files []render.File
	for _, format := range a.cfg.Output.Formats {
		switch format {
		case "json":
			var buf bytes.Buffer
			if err := render.JSON(&buf, cl); err != nil {
				return nil, err
			}
			files = append(files, render.File{Path: "changelog.json", Data: buf.Bytes()})
		case "hugo":
			// HTML content files: Hugo shows their body as it is, so the
			// marks and folds work with Hugo's default settings.
			for _, lang := range cl.Languages {
				data, err := render.HugoHTML(cl, lang)
				if err != nil {
					return nil, err
				}
				files = append(files, render.File{Path: "_index." + lang + ".html", Data: data})
			}
		case "hugo-markdown":
			// Markdown pages with raw <ins>, <del> and <details>: for a
			// site that allows raw HTML (markup.goldmark.renderer.unsafe),
			// or to read on a forge.
			for _, lang := range cl.Languages {
				data, err := render.Hugo(cl, lang)
				if err != nil {
					return nil, err
				}
				files = append(files, render.File{Path: "_index." + lang + ".md", Data: data})
			}
		case "atom":
			for _, lang := range cl.Languages {
				data, err := render.Atom(cl, lang, render.AtomOptions{
					SiteURL:          a.cfg.ChangelogURL(lang),
					IncludeEditorial: a.cfg.Output.AtomEditorial,
				})
				if err != nil {
					return nil, err
				}
				files = append(files, render.File{Path: "feed." + lang + ".xml", Data: data})
			}
		case "html":
			data, err := render.HTML(cl)
			if err != nil {
				return nil, err
			}
			files = append(files, render.File{Path: "report.html", Data: data})
		default:
			return nil, errorf("use hugo, hugo-markdown, json, atom or html in output.formats", "%s: unknown output format %q", a.cfg.Path, format)
		}
	}
	return files, nil
}

// OutputDir decides where the changelog is written: out, else the
// configured output directory. shown is the directory as the user gave
// it, for messages; dir is where to write, checked so that a committed
// link on the way (changelog -> ../elsewhere) cannot carry the output out
// of the repository.
func (a *App) OutputDir(out string) (dir, shown string, err error) {
	shown = out
	if shown == "" {
		shown = a.Path(a.cfg.Output.Dir)
	}
	dir, err = safefile.OutputDir(a.repo.Root(), shown)
	return dir, shown, err
}

// ResolveRange resolves both ends of a range "A..B" (or one revision)
// with Resolve, so that version ids and dates work in ranges too.
func (a *App) ResolveRange(ctx context.Context, spec string) (string, error) {
	if spec == "" || strings.Contains(spec, "...") {
		return spec, nil // history explains what it does not take
	}
	from, to, isRange := strings.Cut(spec, "..")
	ends := []string{from}
	if isRange {
		ends = append(ends, to)
	}
	for i, e := range ends {
		if e == "" {
			continue
		}
		r, err := a.ref(ctx, e)
		if err != nil {
			return "", err
		}
		ends[i] = r.Hash.String()
	}
	return strings.Join(ends, ".."), nil
}

// Resolve turns a revision, a version id ("2.5", "v2.5", "unreleased") or
// a date ("2024-03-01", "@{2024-03-01}": the document as published that
// day) into a commit, as every command that takes a revision reads it.
func (a *App) Resolve(ctx context.Context, ref string) (history.Hash, error) {
	r, err := a.ref(ctx, ref)
	return r.Hash, err
}

// Ref is what one revision argument names: a commit, and the version
// when the argument is a version's id.
type Ref struct {
	Hash    history.Hash
	Version *release.Version
}

// ref is the one reading of a revision argument, for every command:
//
//   - a date, YYYY-MM-DD (or git's @{YYYY-MM-DD}, HEAD@{YYYY-MM-DD}): the
//     last revision on or before that day, a version counting as made on
//     its publication date where the versions file gives one (see dayIn);
//   - a version id of the changelog ("2.5", "v2.5", "unreleased"): the
//     commit that closes the version. An argument that reads as a version
//     id is looked up among the versions before git's names, so that a
//     tag named for a version names the version;
//   - anything git reads (a hash, HEAD~2, a branch or tag), else a version
//     id of another form ("2.5-rc1").
//
// The changelog is built for version ids and dates only: it costs a
// classified walk of the history.
func (a *App) ref(ctx context.Context, arg string) (Ref, error) {
	if _, ok := dateArg(arg); ok {
		cl, err := a.versions(ctx)
		if err != nil {
			return Ref{}, &hinted{msg: fmt.Sprintf("%s: a date is read against the versions, and they cannot be built: %v", arg, err),
				hint: hintOf(err, "give a commit hash, branch or tag instead"), err: err}
		}
		return a.refFrom(cl, arg)
	}
	var clErr error
	if versionLike.MatchString(arg) {
		cl, err := a.versions(ctx)
		if err == nil && findVersion(cl, arg) != nil {
			return a.refFrom(cl, arg)
		}
		clErr = err
	}
	h, gitErr := a.repo.Resolve(arg)
	if gitErr == nil {
		return Ref{Hash: h}, nil
	}
	var he *history.Error
	if !errors.As(gitErr, &he) || !strings.HasPrefix(he.Msg, "unknown revision") {
		return Ref{}, gitErr // a damaged repository, or syntax redline does not read
	}
	if clErr == nil {
		cl, err := a.versions(ctx)
		if err == nil {
			if findVersion(cl, arg) != nil {
				return a.refFrom(cl, arg)
			}
			return Ref{}, unknownRef(arg, cl)
		}
		clErr = err
	}
	// The versions could not be read: say so, beside git's answer.
	return Ref{}, &hinted{msg: fmt.Sprintf("unknown revision %q, and the versions cannot be built to look for it there: %v", arg, clErr),
		hint: hintOf(clErr, "give a commit hash, branch or tag"), err: gitErr}
}

// hintOf is err's hint, or def.
func hintOf(err error, def string) string {
	var h interface{ Hint() string }
	if errors.As(err, &h) && h.Hint() != "" {
		return h.Hint()
	}
	return def
}

// refFrom resolves a date or version id of cl (see refIn) to a commit.
func (a *App) refFrom(cl *release.Changelog, arg string) (Ref, error) {
	c, v, _, err := refIn(cl, a.publishedOn(), arg)
	if err != nil {
		return Ref{}, err
	}
	h, err := a.repo.Resolve(c)
	if err != nil {
		return Ref{}, err
	}
	return Ref{Hash: h, Version: v}, nil
}

// refIn reads arg against the changelog alone: a date (see dateArg, and
// dayIn for the revision it stands for, with published the dates of the
// versions file) or a version id (the commit that closes the version; v
// is the version). ok is false when arg is neither, and the caller asks
// git. commit is as cl holds it, possibly abbreviated. It is the part of
// ref that needs no repository, for whoever holds a changelog of their
// own (the web view).
func refIn(cl *release.Changelog, published map[string]string, arg string) (commit string, v *release.Version, ok bool, err error) {
	if day, isDate := dateArg(arg); isDate {
		if day == "" {
			return "", nil, true, errorf("write dates as YYYY-MM-DD", "%q is not a date", arg)
		}
		c, first := dayIn(cl, published, day)
		if c == "" {
			hint := "give a later date, a version id or a revision"
			if first != "" {
				hint = "the first revision is of " + first + ": give that day or a later one, a version id or a revision"
			}
			return "", nil, true, errorf(hint, "no revision on or before %s", day)
		}
		return c, nil, true, nil
	}
	if v = findVersion(cl, arg); v == nil {
		return "", nil, false, nil
	}
	if commit = versionCommit(v); commit == "" {
		return "", nil, true, errorf("give a version that has a revision (redline log and the changelog list them), or a date",
			"version %s predates the history: it has no revision", v.ID)
	}
	return commit, v, true, nil
}

// versionSources reads what binds versions to commits besides trailers:
// the versions file, and the tags that match the configured pattern.
func (a *App) versionSources() ([]release.VersionSpec, map[string]string, error) {
	specs, err := release.LoadVersionsIn(a.repo.Root(), a.cfg.Versions.File)
	if err != nil {
		return nil, nil, err
	}
	if a.cfg.Versions.TagPattern == "" {
		return specs, nil, nil
	}
	all, err := a.repo.Tags()
	if err != nil {
		return nil, nil, err
	}
	tags, err := release.TagVersions(all, a.cfg.Versions.TagPattern)
	if err != nil {
		return nil, nil, err
	}
	return specs, tags, nil
}

// versions is the changelog whose version ids and dates ref reads, built
// once.
//
// Binding a version to its commits needs the walk, the versions file,
// tags and trailers, never a classified change: the versions are built
// from entries that hold a commit and its date, so that a version id
// resolves (and a log shows its version column) at the cost of a walk.
func (a *App) versions(ctx context.Context) (*release.Changelog, error) {
	if a.resolved != nil {
		return a.resolved, nil
	}
	log, err := a.walk(ctx, "", nil, false)
	if err != nil {
		return nil, err
	}
	if log.Shallow {
		return nil, errorf("run 'git fetch --unshallow' for the whole history",
			"%s is a shallow clone: versions are bound to commits it may lack", a.opts.Repo)
	}
	a.walked = log
	specs, tags, err := a.versionSources()
	if err != nil {
		return nil, err
	}
	entries := make([]changes.Entry, len(log.Revisions))
	commits := make([]string, len(log.Revisions))
	var paths []string
	for i, r := range log.Revisions {
		commits[i] = r.Hash.String()
		entries[i] = changes.Entry{Commit: commits[i], Date: r.Date, Author: r.Author, Subject: r.Subject}
		for _, f := range r.Files {
			paths = append(paths, f.Path())
		}
	}
	cl, err := release.Build(entries, specs, release.BuildOptions{
		Title:        a.cfg.Title,
		Languages:    a.cfg.LanguagesFor(paths),
		Tags:         tags,
		Trailer:      a.cfg.Versions.Trailer,
		Trailers:     release.TrailerVersions(log.Revisions, a.cfg.Versions.Trailer),
		Commits:      commits,
		VersionsFile: a.cfg.Versions.File,
	})
	if err != nil {
		return nil, err
	}
	a.resolved = cl
	return cl, nil
}

// LogVersions names the version each commit of the history belongs to
// ("2.5", or release.UnreleasedID after the last version), for the log's
// version column; nil when the repository has no versions, as the
// column would only say "unreleased" on every line.
func (a *App) LogVersions(ctx context.Context) (func(commit string) string, error) {
	cl, err := a.versions(ctx)
	if err != nil {
		return nil, err
	}
	of := map[string]string{}
	named := false
	for _, v := range cl.Versions {
		if v.ID != release.UnreleasedID {
			named = true
		}
		for _, e := range v.Entries {
			of[e.Commit] = v.ID
		}
	}
	if !named {
		return nil, nil
	}
	return func(commit string) string { return of[commit] }, nil
}

// reuse is the walk versions made, when a log of rangeSpec, paths and
// full walks the same history.
func (a *App) reuse(rangeSpec string, paths []string, full bool) *history.Log {
	if a.walked == nil || rangeSpec != "" || len(paths) > 0 || full {
		return nil
	}
	return a.walked
}

// versionCommit is the commit that closes v, as the changelog holds it;
// "" for a version that predates the history.
func versionCommit(v *release.Version) string {
	switch {
	case v.Revision != "":
		return v.Revision
	case len(v.Entries) > 0:
		return v.Entries[0].Commit
	}
	return ""
}

// findVersion finds a version of cl by id, with or without a leading v
// ("2.5", "v2.5"), or nil.
func findVersion(cl *release.Changelog, id string) *release.Version {
	for _, try := range []string{id, strings.TrimPrefix(id, "v")} {
		for i := range cl.Versions {
			if v := &cl.Versions[i]; v.ID == try {
				return v
			}
		}
	}
	return nil
}

// FindVersion finds a version of cl by id ("2.5", "v2.5",
// "unreleased"); the error names the versions there are.
func FindVersion(cl *release.Changelog, id string) (*release.Version, error) {
	if v := findVersion(cl, id); v != nil {
		return v, nil
	}
	if id == release.UnreleasedID {
		return nil, errorf("every revision belongs to a version: "+KnownVersions(cl), "nothing is unreleased")
	}
	hint := KnownVersions(cl)
	if findVersion(cl, release.UnreleasedID) == nil {
		hint += "; " + release.UnreleasedID + " names the revisions after the last version, when there are any"
	}
	return nil, errorf(hint, "no version %q in the history", id)
}

// KnownVersions lists cl's version ids for a hint: "known versions: 2.6,
// 2.5, 2.0 and 1.0 (no revision: 1.0)".
func KnownVersions(cl *release.Changelog) string {
	const most = 12
	var ids, none []string
	for _, v := range cl.Versions {
		if len(ids) < most {
			ids = append(ids, v.ID)
		}
		if versionCommit(&v) == "" {
			none = append(none, v.ID)
		}
	}
	if len(ids) == 0 {
		return "the history has no versions yet: a versions file, tags or Document-Version trailers make them"
	}
	s := "known versions: " + strings.Join(ids, ", ")
	if len(cl.Versions) > most {
		s += fmt.Sprintf(" and %d more", len(cl.Versions)-most)
	}
	if len(none) > 0 && len(none) <= most {
		s += " (predating the history, with no revision: " + strings.Join(none, ", ") + ")"
	}
	return s
}

// unknownRef is the error for an argument that is neither a revision, a
// version nor a date.
func unknownRef(arg string, cl *release.Changelog) error {
	if arg == release.UnreleasedID {
		return errorf("every revision belongs to a version: "+KnownVersions(cl), "nothing is unreleased")
	}
	if versionLike.MatchString(arg) {
		return errorf(KnownVersions(cl)+"; or give a commit hash, branch or tag, or a date YYYY-MM-DD",
			"unknown version or revision %q", arg)
	}
	return errorf("give a commit hash, branch or tag (see git log --oneline), a date YYYY-MM-DD, or a version id; "+KnownVersions(cl),
		"unknown revision %q", arg)
}

// dateArg reads a date argument: YYYY-MM-DD, or git's @{YYYY-MM-DD} and
// HEAD@{YYYY-MM-DD}. ok is false for anything else; day is "" when it has
// a date's shape but is no date ("2024-13-01").
func dateArg(arg string) (day string, ok bool) {
	s := arg
	for _, pre := range []string{"HEAD@{", "@{"} {
		if strings.HasPrefix(s, pre) && strings.HasSuffix(s, "}") {
			s = s[len(pre) : len(s)-1]
			break
		}
	}
	if !dateShape.MatchString(s) {
		return "", false
	}
	if d, err := time.Parse(time.DateOnly, s); err != nil || d.Format(time.DateOnly) != s {
		return "", true
	}
	return s, true
}

// dateShape matches what reads as a date: four, two and two digits.
var dateShape = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// isoDay says whether a versions file's date is an ISO date (a free-form
// one is shown as written, and compared with nothing).
func isoDay(s string) bool {
	d, ok := dateArg(s)
	return ok && d == s
}

// publishedOn maps the id of each version the versions file dates to
// its date (YYYY-MM-DD): its publication. A version the file does not
// date is dated by the changelog from its newest commit, which says
// nothing of its older ones.
func (a *App) publishedOn() map[string]string {
	specs, err := release.LoadVersionsIn(a.repo.Root(), a.cfg.Versions.File)
	if err != nil {
		return nil
	}
	dates := map[string]string{}
	for _, s := range specs {
		if isoDay(s.Date) {
			dates[s.ID] = s.Date
		}
	}
	return dates
}

// dayIn finds the last revision on or before day (YYYY-MM-DD) in cl: a
// version published on a date of the versions file (published, by id)
// counts as made on that date, whatever its commits' dates (a history
// reconstructed, or committed before it was published), and stands for
// the commit that closes it; the revisions of other versions (and the
// unreleased ones) count by their author dates, each in its own time
// zone. first is the earliest day there is, for the hint when there is
// none.
func dayIn(cl *release.Changelog, published map[string]string, day string) (commit, first string) {
	for i := range cl.Versions {
		v := &cl.Versions[i]
		if date := published[v.ID]; date != "" {
			if c := versionCommit(v); c != "" {
				if date <= day {
					return c, ""
				}
				first = date
			}
			continue
		}
		for _, e := range v.Entries {
			d := e.Date.Format(time.DateOnly)
			if d <= day {
				return e.Commit, ""
			}
			first = d
		}
	}
	return "", first
}

// publishedDays maps each commit of a version published on a date of the
// versions file (published, by id) to that date: the day log's --since
// and --until count it as made.
func publishedDays(cl *release.Changelog, published map[string]string) map[string]string {
	days := map[string]string{}
	if cl == nil {
		return days
	}
	for _, v := range cl.Versions {
		date := published[v.ID]
		if date == "" {
			continue
		}
		for _, e := range v.Entries {
			days[e.Commit] = date
		}
	}
	return days
}
