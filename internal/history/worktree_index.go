package history

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"
)

// The index (.git/index) records, for every staged file, the blob git
// stored and the file's information (size, times, inode) when it did. A
// work-tree file whose information still matches is unchanged since: its
// content, as git would store it, is that blob, whatever clean filter,
// encoding or ident git ran on it. redline reads the index for that, and
// runs nothing. Like every file of a repository nobody has vetted, the
// index is checked before use: it is read whole with a cap, its checksum
// verified, every length bounded.

// MaxIndexBytes caps the index file. An index takes about 80 bytes a file:
// the largest repositories' (millions of files) are a few hundred MiB.
const MaxIndexBytes = 512 << 20

// stagedEntry is what redline uses of one entry of the index.
type stagedEntry struct {
	ctimeSec, ctimeNsec uint32
	mtimeSec, mtimeNsec uint32
	ino, uid, gid, size uint32
	mode                uint32
	hash                Hash
}

// gitIndex is the part of the index redline keeps: stage-0 entries of
// regular files, and when the index was written.
type gitIndex struct {
	entries map[string]stagedEntry
	written time.Time // the index file's modification time
}

// emptyBlob is the id of the empty blob.
var emptyBlob = Hash{0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b, 0x29, 0xae, 0x77, 0x5a, 0xd8, 0xc2, 0xe4, 0x8c, 0x53, 0x91}

// errNoIndex: the repository has no index yet (nothing was ever staged).
var errNoIndex = errors.New("no index")

// readIndex reads the index of the work tree, keeping the entries keep
// accepts. A missing index gives errNoIndex; any other failure an *Error
// naming the file.
func (r *Repo) readIndex(keep func(name []byte) bool) (*gitIndex, error) {
	path := filepath.Join(r.gitDir, "index")
	f, fi, err := r.gitGuard.open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errNoIndex
		}
		return nil, err
	}
	defer f.Close()
	b, err := readCapped(f, fi.Size(), MaxIndexBytes, path)
	if err != nil {
		return nil, err
	}
	entries, err := parseGitIndex(b, keep)
	if err != nil {
		return nil, &Error{
			Msg:  fmt.Sprintf("cannot read the index %s: %v", path, err),
			Hint: "'git status' says whether git can read it; if it cannot either, 'rm .git/index && git reset' rebuilds it from HEAD (what was staged is lost)",
			Err:  err,
		}
	}
	return &gitIndex{entries: entries, written: fi.ModTime()}, nil
}

// errUnsupportedIndex is wrapped by errors for indexes that are valid but
// that redline does not read (a split index, a SHA-256 repository's).
var errUnsupportedIndex = errors.New("unsupported index")

// parseGitIndex reads an index file (versions 2 to 4, see git's
// Documentation/gitformat-index.txt): the stage-0 entries of regular
// files whose path keep accepts. It checks the header, the checksum (or
// its absence under index.skipHash), every entry's bounds and the
// extensions git requires readers to understand.
func parseGitIndex(b []byte, keep func(name []byte) bool) (map[string]stagedEntry, error) {
	const hashLen = 20
	if len(b) < 12+hashLen {
		return nil, fmt.Errorf("too short to be an index (%d bytes)", len(b))
	}
	if string(b[:4]) != "DIRC" {
		return nil, errors.New("not an index file: it does not start with DIRC")
	}
	version := binary.BigEndian.Uint32(b[4:])
	if version < 2 || version > 4 {
		return nil, fmt.Errorf("%w: index version %d (redline reads 2 to 4)", errUnsupportedIndex, version)
	}
	body, sum := b[:len(b)-hashLen], b[len(b)-hashLen:]
	// index.skipHash (feature.manyFiles) writes a zero checksum.
	if !bytes.Equal(sum, make([]byte, hashLen)) {
		if got := sha1.Sum(body); !bytes.Equal(got[:], sum) {
			return nil, errors.New("its checksum does not match its content: it is truncated or damaged")
		}
	}
	n := binary.BigEndian.Uint32(b[8:])
	out := map[string]stagedEntry{}
	pos := 12
	var name []byte // the previous entry's path, for version 4
	for i := uint32(0); i < n; i++ {
		start := pos
		if len(body)-pos < 62 {
			return nil, fmt.Errorf("entry %d of %d is cut short at byte %d", i+1, n, pos)
		}
		var e stagedEntry
		u := func(off int) uint32 { return binary.BigEndian.Uint32(body[pos+off:]) }
		e.ctimeSec, e.ctimeNsec = u(0), u(4)
		e.mtimeSec, e.mtimeNsec = u(8), u(12)
		e.ino, e.mode, e.uid, e.gid, e.size = u(20), u(24), u(28), u(32), u(36)
		copy(e.hash[:], body[pos+40:pos+60])
		flags := binary.BigEndian.Uint16(body[pos+60:])
		pos += 62
		if flags&0x4000 != 0 { // extended flags
			if version < 3 {
				return nil, fmt.Errorf("entry %d has extended flags, which a version 2 index cannot have", i+1)
			}
			if len(body)-pos < 2 {
				return nil, fmt.Errorf("entry %d of %d is cut short at byte %d", i+1, n, pos)
			}
			pos += 2
		}
		stage := flags >> 12 & 3
		if version == 4 {
			strip, w, ok := indexVarint(body[pos:])
			if !ok || strip > uint64(len(name)) {
				return nil, fmt.Errorf("entry %d's path is badly compressed (byte %d)", i+1, pos)
			}
			pos += w
			end := bytes.IndexByte(body[pos:], 0)
			if end < 0 {
				return nil, fmt.Errorf("entry %d's path has no end", i+1)
			}
			name = append(name[:len(name)-int(strip)], body[pos:pos+end]...)
			pos += end + 1
		} else {
			l := int(flags & 0xfff)
			if l == 0xfff { // longer: up to the NUL
				l = bytes.IndexByte(body[pos:], 0)
				if l < 0 {
					return nil, fmt.Errorf("entry %d's path has no end", i+1)
				}
			}
			// The entry is padded with 1 to 8 NULs to a multiple of 8.
			size := (pos - start + l + 8) &^ 7
			if len(body)-start < size {
				return nil, fmt.Errorf("entry %d of %d is cut short at byte %d", i+1, n, pos)
			}
			name = append(name[:0], body[pos:pos+l]...)
			if bytes.IndexByte(name, 0) >= 0 || body[pos+l] != 0 {
				return nil, fmt.Errorf("entry %d's path does not match its length", i+1)
			}
			pos = start + size
		}
		if len(name) == 0 {
			return nil, fmt.Errorf("entry %d's path is empty", i+1)
		}
		// A path longer than a file system takes cannot be a document
		// of the work tree; keeping it would cost its length again.
		if stage == 0 && e.mode>>12 == 0o10 && len(name) <= MaxPathBytes && keep(name) { // a regular file
			out[string(name)] = e
		}
	}
	for pos < len(body) {
		if len(body)-pos < 8 {
			return nil, fmt.Errorf("%d stray bytes after the entries", len(body)-pos)
		}
		sig := body[pos : pos+4]
		size := binary.BigEndian.Uint32(body[pos+4:])
		if uint64(size) > uint64(len(body)-pos-8) {
			return nil, fmt.Errorf("extension %q is cut short", sig)
		}
		switch {
		case sig[0] >= 'A' && sig[0] <= 'Z':
			// Optional: the cache tree, resolve-undo, untracked
			// cache, fsmonitor, end of entries, entry offsets.
		case string(sig) == "sdir":
			// A sparse index: folders outside the sparse checkout are
			// single entries, which are not regular files.
		case string(sig) == "link":
			return nil, fmt.Errorf("%w: a split index (core.splitIndex), whose entries are partly in another file", errUnsupportedIndex)
		default:
			return nil, fmt.Errorf("%w: it needs extension %q, which redline does not know", errUnsupportedIndex, sig)
		}
		pos += 8 + int(size)
	}
	return out, nil
}

// indexVarint decodes the offset varint of index version 4 (as in
// packs' offset deltas): the value, the bytes it took, and whether it
// was well formed and fits.
func indexVarint(b []byte) (uint64, int, bool) {
	var v uint64
	for i, c := range b {
		if i >= 9 {
			return 0, 0, false
		}
		if i > 0 {
			v++
			v <<= 7
		}
		v |= uint64(c & 0x7f)
		if c&0x80 == 0 {
			return v, i + 1, true
		}
	}
	return 0, 0, false
}
