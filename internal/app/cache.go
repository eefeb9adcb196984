package app

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/digdir/redline/internal/changes"
)

// This file is the one place that decides where redline keeps its caches
// and when they are pruned: the history cache (walked commits, kept by
// internal/history) and under it the comparison caches (classified pairs
// of versions, kept by internal/changes), one per build of redline and
// set of rules.

// HistoryCache returns the history cache directory: --cache-dir, else
// redline in the user cache directory; "" when caching is off.
func (o Options) HistoryCache() string {
	if o.NoCache {
		return ""
	}
	if o.CacheDir != "" {
		return o.CacheDir
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "redline")
}

// diffCache returns the directory of the comparison cache for these rules
// and this build of redline, under the history cache, or "" when caching
// is off or the program cannot be identified. Caches of other rules and
// builds are pruned, but for the one used last.
func (a *App) diffCache() string {
	base := a.opts.HistoryCache()
	if base == "" {
		return ""
	}
	exe := programHash()
	if exe == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(exe + "\n" + a.rules.Fingerprint()))
	dir := filepath.Join(base, "diffs-"+hex.EncodeToString(sum[:8]))
	// Entries go to pack files that are only appended to, so the directory's
	// own time says when it was last used only if we say so.
	now := time.Now()
	os.Chtimes(dir, now, now)
	changes.PruneDiffCaches(dir)
	return dir
}

// programHash names the running executable: any change to the code or its
// built-in rules gives the comparison cache a new directory. It is the Go
// build ID where the executable carries one in an ELF note (its last part
// is a hash the linker takes of the whole binary, so it changes exactly
// when the binary does): read from the headers, it costs nothing, where
// hashing a 25 MB binary took 30 ms of a 47 ms run. Elsewhere, or without
// a build ID, the SHA-256 of the file.
var programHash = sync.OnceValue(func() string {
	// /proc/self/exe is the file running even when a new build has
	// replaced it at its path since; elsewhere, the path is what there is.
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		path, perr := os.Executable()
		if perr != nil {
			return ""
		}
		if f, err = os.Open(path); err != nil {
			return ""
		}
	}
	defer f.Close()
	if id := elfBuildID(f); id != "" {
		return "go-build-id:" + id
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ""
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

// elfBuildID returns the Go build ID of an ELF executable, from its
// .note.go.buildid section (name "Go", type 4), or "" when it has none.
func elfBuildID(f io.ReaderAt) string {
	ef, err := elf.NewFile(f)
	if err != nil {
		return ""
	}
	defer ef.Close()
	s := ef.Section(".note.go.buildid")
	if s == nil || s.Size > 4096 {
		return ""
	}
	note, err := s.Data()
	if err != nil || len(note) < 16 {
		return ""
	}
	bo := ef.ByteOrder
	namesz, descsz, typ := bo.Uint32(note[0:]), bo.Uint32(note[4:]), bo.Uint32(note[8:])
	name := 12 + int((namesz+3)&^3)
	if namesz != 4 || typ != 4 || string(note[12:15]) != "Go\x00" || name+int(descsz) > len(note) {
		return ""
	}
	id := string(note[name : name+int(descsz)])
	if strings.Count(id, "/") < 1 {
		return ""
	}
	return id
}
