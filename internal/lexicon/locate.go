package lexicon

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/digdir/redline/internal/safefile"
)

const wordnetName = "WordNet 3.0"

// language is what we look for in one language.
type language struct {
	dictNames   []string // hunspell base names, best first
	dictPackage string
	dictLicence string
	thesNames   []string // MyThes base names; nil means WordNet
	thesPackage string
	thesLicence string
}

const (
	licenceNorwegian = "GPL-2.0 (read at run time)"
	licenceSCOWL     = "SCOWL licence: permissive, notice required (read at run time)"
	licenceWordNet   = "WordNet 3.0 licence (read at run time)"
)

var languages = map[string]language{
	"nb": {
		dictNames:   []string{"nb_NO", "nb"},
		dictPackage: "hunspell-no",
		dictLicence: licenceNorwegian,
		thesNames:   []string{"th_nb_NO_v2", "th_nb_NO_v3", "th_nb_NO", "th_nb"},
		thesPackage: "mythes-no",
		thesLicence: licenceNorwegian,
	},
	"nn": {
		dictNames:   []string{"nn_NO", "nn"},
		dictPackage: "hunspell-no",
		dictLicence: licenceNorwegian,
		// Only the nynorsk thesaurus: borrowing bokmål's would call
		// bokmål words nynorsk synonyms.
		thesNames:   []string{"th_nn_NO_v2", "th_nn_NO_v3", "th_nn_NO", "th_nn"},
		thesPackage: "mythes-no",
		thesLicence: licenceNorwegian,
	},
	"en": {
		dictNames:   []string{"en_US"},
		dictPackage: "hunspell-en-us",
		dictLicence: licenceSCOWL,
		thesPackage: "wordnet-base",
		thesLicence: licenceWordNet,
	},
}

// defaultLangs is what Load looks for when Options.Langs is nil.
var defaultLangs = []string{"nb", "nn", "en"}

// Standard places, after Options.Dirs. LibreOffice bundles its
// dictionaries as extensions named dict-<lang>, holding both the hunspell
// and the MyThes files.
var (
	hunspellDirs = []string{
		"/usr/share/hunspell",
		"/usr/share/myspell/dicts",
		"/usr/share/myspell",
		"/Library/Spelling",
		"~/Library/Spelling",
		"/opt/homebrew/share/hunspell",
		"/usr/local/share/hunspell",
	}
	mythesDirs = []string{
		"/usr/share/mythes",
	}
	libreOfficeGlobs = []string{
		"/usr/lib/libreoffice/share/extensions/dict-*",
		"/usr/lib64/libreoffice/share/extensions/dict-*",
		"/opt/libreoffice*/share/extensions/dict-*",
		"/Applications/LibreOffice.app/Contents/Resources/extensions/dict-*",
	}
	wordnetDirs = []string{
		"/usr/share/wordnet",
		"/usr/local/share/wordnet",
		"/opt/homebrew/share/wordnet",
	}
)

// Load locates the lexicons for opts.Langs. It only looks at directories
// and file metadata; the files are parsed on first use.
func Load(opts Options) *Set {
	return locate(opts, systemDirs())
}

// searchDirs are the standard places, after Options.Dirs; tests pass none
// so that they do not depend on the machine.
type searchDirs struct {
	hunspell, mythes, wordnet []string
}

func systemDirs() searchDirs {
	lo := libreOfficeDirs()
	return searchDirs{
		hunspell: slices.Concat(expandHome(hunspellDirs), lo),
		mythes:   slices.Concat(mythesDirs, lo),
		wordnet:  wordnetSearchDirs(),
	}
}

func locate(opts Options, std searchDirs) *Set {
	langs := opts.Langs
	if langs == nil {
		langs = defaultLangs
	}
	hunDirs := slices.Concat(opts.Dirs, std.hunspell)
	thesDirs := slices.Concat(opts.Dirs, std.mythes)
	wnDirs := slices.Concat(opts.Dirs, std.wordnet)

	s := &Set{}
	var prints []string
	add := func(info Info, files []string, stats []fs.FileInfo) {
		s.lexicons = append(s.lexicons, &lexicon{info: info, files: files})
		for i, f := range files {
			prints = append(prints, fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%d",
				info.Lang, info.Kind, f, stats[i].Size(), stats[i].ModTime().UnixNano()))
		}
	}
	seen := map[string]bool{}
	for _, lang := range langs {
		spec, known := languages[lang]
		if !known || seen[lang] {
			continue
		}
		seen[lang] = true

		info := Info{Lang: lang, Kind: Dictionary, Name: "hunspell " + spec.dictNames[0],
			Package: spec.dictPackage, Licence: spec.dictLicence}
		if name, files, stats := findPair(hunDirs, spec.dictNames, ".aff", ".dic"); files != nil {
			info.Name, info.Path = "hunspell "+name, files[1]
			add(info, files, stats)
		} else {
			s.missing = append(s.missing, info)
		}

		if spec.thesNames == nil {
			info = Info{Lang: lang, Kind: Thesaurus, Name: wordnetName,
				Package: spec.thesPackage, Licence: spec.thesLicence}
			if dir, files, stats := findWordNet(wnDirs); dir != "" {
				info.Path = dir
				add(info, files, stats)
			} else {
				s.missing = append(s.missing, info)
			}
			continue
		}
		info = Info{Lang: lang, Kind: Thesaurus, Name: "MyThes " + trimThes(spec.thesNames[0]),
			Package: spec.thesPackage, Licence: spec.thesLicence}
		if name, files, stats := findPair(thesDirs, spec.thesNames, ".idx", ".dat"); files != nil {
			info.Name, info.Path = "MyThes "+trimThes(name), files[1]
			add(info, files, stats)
		} else {
			s.missing = append(s.missing, info)
		}
	}
	slices.SortStableFunc(s.lexicons, func(a, b *lexicon) int { return compareInfo(a.info, b.info) })
	slices.SortStableFunc(s.missing, compareInfo)
	slices.Sort(prints)
	s.fingerprint = fingerprintOf(prints)
	return s
}

// trimThes turns "th_nb_NO_v2" into "nb_NO" for display.
func trimThes(name string) string {
	name = strings.TrimPrefix(name, "th_")
	name = strings.TrimSuffix(name, "_v2")
	return strings.TrimSuffix(name, "_v3")
}

// findPair returns the first dir/name+ext1, dir/name+ext2 that both exist
// as regular files, trying names in order within each directory.
func findPair(dirs, names []string, ext1, ext2 string) (string, []string, []fs.FileInfo) {
	for _, dir := range dirs {
		for _, name := range names {
			a, b := filepath.Join(dir, name+ext1), filepath.Join(dir, name+ext2)
			sa, sb := statFile(a), statFile(b)
			if sa != nil && sb != nil {
				return name, []string{a, b}, []fs.FileInfo{sa, sb}
			}
		}
	}
	return "", nil, nil
}

// wordnetFiles are the files a WordNet database needs; the exception
// lists are optional (morphology then only uses the detachment rules).
var (
	wordnetRequired = []string{"index.noun", "index.verb", "index.adj", "index.adv",
		"data.noun", "data.verb", "data.adj", "data.adv"}
	wordnetOptional = []string{"noun.exc", "verb.exc", "adj.exc", "adv.exc"}
)

func wordnetSearchDirs() []string {
	var dirs []string
	if d := os.Getenv("WNSEARCHDIR"); d != "" {
		dirs = append(dirs, d)
	}
	if d := os.Getenv("WNHOME"); d != "" {
		dirs = append(dirs, filepath.Join(d, "dict"))
	}
	return append(dirs, wordnetDirs...)
}

// findWordNet returns the first directory holding a WordNet database (or
// holding it in a "dict" subdirectory, as WordNet's own layout does).
func findWordNet(dirs []string) (string, []string, []fs.FileInfo) {
	for _, dir := range dirs {
		for _, d := range []string{dir, filepath.Join(dir, "dict")} {
			var files []string
			var stats []fs.FileInfo
			for _, name := range wordnetRequired {
				p := filepath.Join(d, name)
				st := statFile(p)
				if st == nil {
					files = nil
					break
				}
				files, stats = append(files, p), append(stats, st)
			}
			if files == nil {
				continue
			}
			for _, name := range wordnetOptional {
				p := filepath.Join(d, name)
				if st := statFile(p); st != nil {
					files, stats = append(files, p), append(stats, st)
				}
			}
			return d, files, stats
		}
	}
	return "", nil, nil
}

func statFile(p string) fs.FileInfo {
	st, err := os.Stat(p)
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	return st
}

func libreOfficeDirs() []string {
	var dirs []string
	for _, g := range libreOfficeGlobs {
		m, _ := filepath.Glob(g)
		dirs = append(dirs, m...)
	}
	return dirs
}

func expandHome(dirs []string) []string {
	home, err := os.UserHomeDir()
	out := make([]string, 0, len(dirs))
	for _, d := range dirs {
		if rest, ok := strings.CutPrefix(d, "~/"); ok {
			if err != nil {
				continue
			}
			d = filepath.Join(home, rest)
		}
		out = append(out, d)
	}
	return out
}

// maxLexiconBytes caps one lexicon file: the largest Debian ships (the
// bokmål dictionary) is about 5 MB, WordNet's noun data 15 MB.
const maxLexiconBytes = 64 << 20

// readLexicon reads a lexicon file found on the system or in a configured
// directory: a regular file only (a FIFO or device would hang or never
// end) and at most maxLexiconBytes.
func readLexicon(name string) ([]byte, error) {
	return safefile.ReadFile(name, maxLexiconBytes)
}
