package app

import (
	"bytes"
	"context"
	"strings"

	"github.com/digdir/redline/internal/history"
	"github.com/digdir/redline/internal/release"
	"github.com/digdir/redline/internal/render"
	"github.com/digdir/redline/internal/safefile"
	"github.com/digdir/redline/internal/serve"
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
	specs, err := release.LoadVersionsIn(a.repo.Root(), a.cfg.Versions.File)
	if err != nil {
		return nil, err
	}
	var tags map[string]string
	if a.cfg.Versions.TagPattern != "" {
		all, err := a.repo.Tags()
		if err != nil {
			return nil, err
		}
		if tags, err = release.TagVersions(all, a.cfg.Versions.TagPattern); err != nil {
			return nil, err
		}
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
			return nil, errorf("use hugo, json, atom or html in output.formats", "%s: unknown output format %q", a.cfg.Path, format)
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
		h, err := a.Resolve(ctx, e)
		if err != nil {
			return "", err
		}
		ends[i] = h.String()
	}
	return strings.Join(ends, ".."), nil
}

// Resolve turns a revision, a version id ("2.5", "v2.5", "unreleased") or a
// date (the last revision on or before it) into a commit. Git's names win:
// versions are looked up only when git does not know the name.
func (a *App) Resolve(ctx context.Context, ref string) (history.Hash, error) {
	h, gitErr := a.repo.Resolve(ref)
	if gitErr == nil {
		return h, nil
	}
	if a.resolved == nil {
		cl, err := a.Changelog(ctx)
		if err != nil {
			return history.Hash{}, gitErr
		}
		a.resolved = cl
	}
	rev, _, ok, err := serve.ResolveVersion(a.resolved, ref)
	if !ok {
		return history.Hash{}, gitErr
	}
	if err != nil {
		return history.Hash{}, errorf("pick a version that has a revision: redline log and the changelog list them", "%v", err)
	}
	return a.repo.Resolve(rev)
}
