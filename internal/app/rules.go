package app

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/config"
	"github.com/digdir/redline/internal/lexicon"
	"github.com/digdir/redline/internal/safefile"
)

// LoadConfig reads the configuration: file, else redline.yaml at root,
// else (no root) the defaults.
func LoadConfig(file, root string) (*config.Config, error) {
	if file != "" {
		return config.Load(file)
	}
	if root == "" {
		return config.Default(), nil
	}
	// The repository's own file: never read through a link out of it.
	return config.LoadRepo(root)
}

// LoadHugo lays the site's Hugo configuration under cfg (ApplyHugo: what
// redline.yaml sets wins). It is read where redline.yaml is, from the work
// tree at root, through the same guard: a regular file of at most
// safefile.MaxConfigBytes, never through a link out of the repository. A
// bare repository (root "") has no work tree to read it from, as it has
// no redline.yaml.
func LoadHugo(cfg *config.Config, root string) error {
	if root == "" || !cfg.ReadsHugo() {
		return nil
	}
	h, err := config.LoadHugo(func(name string) ([]byte, error) {
		data, err := safefile.ReadFileIn(root, name, safefile.MaxConfigBytes)
		if errors.Is(err, syscall.ENOTDIR) {
			err = fs.ErrNotExist // config is a file, not Hugo's folder
		}
		return data, err
	}, cfg.Site.HugoConfig)
	if err != nil {
		return err
	}
	cfg.ApplyHugo(h)
	return nil
}

// noteHugo says, to a person at a terminal, what was taken from the
// site's Hugo configuration.
func noteHugo(rep Reporter, cfg *config.Config) {
	files := cfg.HugoFiles()
	if len(files) == 0 {
		return
	}
	what := "no languages"
	if len(cfg.Languages) > 0 {
		langs := make([]string, len(cfg.Languages))
		for i, l := range cfg.Languages {
			langs[i] = l
			if d, ok := cfg.Site.ContentDirs[l]; ok {
				langs[i] += " (" + d + ")"
			}
		}
		what = "languages " + strings.Join(langs, ", ")
	}
	rep.Report(Message{Kind: "note", Aside: true,
		Text: fmt.Sprintf("read Hugo's configuration (%s): %s", strings.Join(files, ", "), what),
		Hint: "what redline.yaml sets wins; site.hugo_config: false reads none"})
}

// Rules builds the classification rules with the configuration's extensions.
func Rules(cfg *config.Config) (*classify.Rules, error) {
	r, err := classify.New(classify.Extension{Words: cfg.Classify.Words, Topics: cfg.Classify.Topics, Aliases: cfg.Classify.Aliases, Synonyms: cfg.Classify.Synonyms})
	if err != nil {
		return nil, fmt.Errorf("%s: classify: %w", cfg.Path, err)
	}
	if len(cfg.Classify.Lexicons) > 0 {
		dirs := make([]string, len(cfg.Classify.Lexicons))
		for i, d := range cfg.Classify.Lexicons {
			if !filepath.IsAbs(d) && cfg.Path != "" {
				d = filepath.Join(filepath.Dir(cfg.Path), d)
			}
			dirs[i] = d
		}
		r.SetLexicons(lexicon.Load(lexicon.Options{Dirs: dirs}))
	}
	// Links resolve against the page's public URL; without a configured
	// base URL, against the path Hugo would give the page on any host,
	// so that "../security" and "/nb/dpia/security/" still compare.
	pageURL := cfg.PageURL
	if cfg.Site.BaseURL == "" {
		site := *cfg
		site.Site.BaseURL = "https://site.invalid"
		pageURL = site.PageURL
	}
	r.SetPageURL(perPage(pageURL), cfg.URLKey())
	return r, nil
}

// perPage remembers url's answer for each page and language: the
// classifier asks for a page's URL at every comparison, and a history
// compares the same pages again and again. It is safe for concurrent use.
func perPage(url func(path, lang string) string) func(path, lang string) string {
	var mu sync.Mutex
	known := map[[2]string]string{}
	return func(p, lang string) string {
		k := [2]string{p, lang}
		mu.Lock()
		u, ok := known[k]
		mu.Unlock()
		if !ok {
			u = url(p, lang)
			mu.Lock()
			known[k] = u
			mu.Unlock()
		}
		return u
	}
}

// LexiconNames names the lexicons the rules use, without paths, for the
// published changelog.
func LexiconNames(r *classify.Rules) []string {
	lex := r.Lexicons()
	if lex == nil {
		return nil
	}
	var out []string
	for _, in := range lex.Found() {
		out = append(out, fmt.Sprintf("%s %s: %s", in.Lang, in.Kind, in.Name))
	}
	return out
}

// noteLexicons says, to a person at a terminal, which lexicons are
// missing: without them, what they would prove is substantive.
func noteLexicons(rep Reporter, r *classify.Rules) {
	lex := r.Lexicons()
	if lex == nil {
		return
	}
	missing := lex.Missing()
	if len(missing) == 0 {
		return
	}
	var names, pkgs []string
	for _, in := range missing {
		names = append(names, in.Lang+" "+string(in.Kind))
		if !slices.Contains(pkgs, in.Package) {
			pkgs = append(pkgs, in.Package)
		}
	}
	rep.Report(Message{Kind: "note", Aside: true,
		Text: fmt.Sprintf("no %s: edits they would prove editorial are called substantive", strings.Join(names, ", ")),
		Hint: fmt.Sprintf("apt-get install %s (redline check lists the lexicons)", strings.Join(pkgs, " "))})
}
