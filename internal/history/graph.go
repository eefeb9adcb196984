package history

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// commitGraph reads git's commit-graph files (a single file or a chain)
// in place from memory maps. go-git has a reader, but it issues a pread
// for every field, which made parent lookups the slowest part of a walk.
// Commits missing from the graph (made after it was written) are read
// from their objects instead.
type commitGraph struct {
	files []*graphFile // base first, as in a chain
}

type graphFile struct {
	data               []byte
	unmap              func() error
	fanout, oids, cdat []byte
	edges              []byte
	n, base            uint32 // commits in this file; commits in the files before it
}

// openCommitGraph reads the commit-graph file, or the chain of them. Each
// file is checked whole before use (see parse); a file that fails is an
// error, and the caller reads commit objects instead, as git would.
func openCommitGraph(objects string, guard *fileGuard) (*commitGraph, error) {
	var paths []string
	single := filepath.Join(objects, "info", "commit-graph")
	if _, err := os.Lstat(single); err == nil {
		paths = []string{single}
	} else {
		dir := filepath.Join(objects, "info", "commit-graphs")
		b, err := guard.read(filepath.Join(dir, "commit-graph-chain"), 1<<20)
		if err != nil {
			return nil, err
		}
		for _, h := range strings.Fields(string(b)) {
			// Each line names a file by its checksum: anything else
			// could name a path outside the folder.
			if _, ok := parseHex([]byte(h)); !ok {
				return nil, errBadGraph
			}
			paths = append(paths, filepath.Join(dir, "graph-"+h+".graph"))
		}
	}
	g := &commitGraph{}
	var base uint32
	for i, p := range paths {
		gf, err := openGraphFile(guard, p, i)
		if err != nil {
			g.close()
			return nil, err
		}
		if uint64(base)+uint64(gf.n) >= graphNoParent {
			gf.close()
			g.close()
			return nil, errBadGraph
		}
		gf.base = base
		base += gf.n
		g.files = append(g.files, gf)
	}
	if len(g.files) == 0 {
		return nil, errors.New("empty commit-graph chain")
	}
	return g, nil
}

var errBadGraph = errors.New("malformed commit-graph")

// openGraphFile opens the layer-th file of a chain (0 for a single file).
func openGraphFile(guard *fileGuard, p string, layer int) (*graphFile, error) {
	data, unmap, err := readMapped(guard, p)
	if err != nil {
		return nil, err
	}
	gf := &graphFile{data: data, unmap: unmap}
	if err := gf.parse(layer); err != nil {
		gf.close()
		return nil, err
	}
	return gf, nil
}

// parse checks a commit-graph file as git does before it trusts one:
// header, chunk table (offsets in order and inside the file), the fan-out
// table (monotonic, and agreeing with the ids it indexes, which must be
// sorted) and the sizes of the tables. Parent positions and generation
// numbers are checked as they are read (see info).
func (gf *graphFile) parse(layer int) error {
	d := gf.data
	const head, entry, trailer = 8, 12, 20
	if len(d) < head+entry+trailer || string(d[:4]) != "CGPH" || d[4] != 1 || d[5] != 1 {
		return errBadGraph // only version 1 files with SHA-1
	}
	if int(d[7]) != layer {
		return errBadGraph // a layer must count the layers below it
	}
	chunks := int(d[6])
	table := head + (chunks+1)*entry
	limit := uint64(len(d) - trailer)
	if uint64(table) > limit {
		return errBadGraph
	}
	for i := 0; i <= chunks; i++ {
		e := d[head+i*entry:]
		start := binary.BigEndian.Uint64(e[4:12])
		if start < uint64(table) || start > limit {
			return errBadGraph
		}
		if i == chunks {
			if binary.BigEndian.Uint32(e[:4]) != 0 {
				return errBadGraph // the table ends with a zero id
			}
			break
		}
		end := binary.BigEndian.Uint64(e[16:24])
		if end < start || end > limit {
			return errBadGraph
		}
		c := d[start:end]
		switch string(e[:4]) {
		case "OIDF":
			gf.fanout = c
		case "OIDL":
			gf.oids = c
		case "CDAT":
			gf.cdat = c
		case "EDGE":
			gf.edges = c
		}
	}
	if len(gf.fanout) != 256*4 || len(gf.edges)%4 != 0 {
		return errBadGraph
	}
	gf.n = binary.BigEndian.Uint32(gf.fanout[255*4:])
	if uint64(len(gf.oids)) != uint64(gf.n)*20 || uint64(len(gf.cdat)) != uint64(gf.n)*36 {
		return errBadGraph
	}
	// One pass over the ids: each fan-out entry counts the ids whose
	// first byte is at most its index, and the ids are strictly sorted,
	// so a lookup's binary search stays inside the table and is right.
	i := uint32(0)
	for b := 0; b < 256; b++ {
		end := binary.BigEndian.Uint32(gf.fanout[b*4:])
		if end < i || end > gf.n {
			return errBadGraph
		}
		for ; i < end; i++ {
			oid := gf.oids[i*20 : i*20+20]
			if int(oid[0]) != b || i > 0 && bytes.Compare(gf.oids[(i-1)*20:i*20], oid) >= 0 {
				return errBadGraph
			}
		}
	}
	return nil
}

func (gf *graphFile) close() {
	if gf.unmap != nil {
		gf.unmap()
		gf.unmap = nil
	}
}

func (g *commitGraph) close() {
	for _, gf := range g.files {
		gf.close()
	}
	g.files = nil
}

// find returns the global position of a commit in the graph.
func (g *commitGraph) find(h Hash) (uint32, bool) {
	for _, gf := range g.files {
		lo := uint32(0)
		if h[0] > 0 {
			lo = binary.BigEndian.Uint32(gf.fanout[(int(h[0])-1)*4:])
		}
		hi := binary.BigEndian.Uint32(gf.fanout[int(h[0])*4:])
		for lo < hi {
			mid := (lo + hi) / 2
			switch c := bytes.Compare(gf.oids[mid*20:mid*20+20], h[:]); {
			case c == 0:
				return gf.base + mid, true
			case c < 0:
				lo = mid + 1
			default:
				hi = mid
			}
		}
	}
	return 0, false
}

func (g *commitGraph) file(pos uint32) (*graphFile, uint32) {
	for i := len(g.files) - 1; i >= 0; i-- {
		if gf := g.files[i]; pos >= gf.base {
			return gf, pos - gf.base
		}
	}
	return nil, 0
}

func (g *commitGraph) hash(pos uint32) (Hash, bool) {
	var h Hash
	gf, i := g.file(pos)
	if gf == nil || i >= gf.n {
		return h, false
	}
	copy(h[:], gf.oids[i*20:])
	return h, true
}

const (
	graphNoParent   = 0x70000000
	graphExtraEdges = 0x80000000
	graphGenMax     = 1<<30 - 1 // a generation number this high is saturated
)

// generation returns the topological level git stores for a commit (0 in
// files written before git had them). A parent's is below its child's.
func (g *commitGraph) generation(pos uint32) uint32 {
	gf, i := g.file(pos)
	if gf == nil || i >= gf.n {
		return 0
	}
	return binary.BigEndian.Uint32(gf.cdat[i*36+28:]) >> 2
}

// info returns the tree, parents and commit time of the commit at pos, or
// false when the file's record cannot be right: a parent position outside
// the file and the layers below it, or a parent whose generation is not
// below its child's (a cycle needs one), or no generation at all. The
// caller then reads the commit object instead.
func (g *commitGraph) info(pos uint32) (*commitInfo, bool) {
	gf, i := g.file(pos)
	if gf == nil || i >= gf.n {
		return nil, false
	}
	rec := gf.cdat[i*36 : i*36+36]
	c := &commitInfo{}
	copy(c.tree[:], rec[:20])
	p1 := binary.BigEndian.Uint32(rec[20:])
	p2 := binary.BigEndian.Uint32(rec[24:])
	hi := binary.BigEndian.Uint32(rec[28:])
	lo := binary.BigEndian.Uint32(rec[32:])
	c.ctime = int64(hi&3)<<32 | int64(lo)
	gen := hi >> 2
	if gen == 0 {
		// Written by a git older than 2.19, or crafted: without
		// generations a cycle could not be told from a history.
		return nil, false
	}
	add := func(p uint32) bool {
		if p >= gf.base+gf.n {
			return false // a parent may only be in this layer or below
		}
		if gen < graphGenMax && g.generation(p) >= gen {
			return false
		}
		h, ok := g.hash(p)
		if ok {
			c.parents = append(c.parents, h)
		}
		return ok
	}
	if p1 != graphNoParent && !add(p1) {
		return nil, false
	}
	switch {
	case p2 == graphNoParent:
	case p2&graphExtraEdges == 0:
		if !add(p2) {
			return nil, false
		}
	default:
		for k := int(p2&^graphExtraEdges) * 4; ; k += 4 {
			if k+4 > len(gf.edges) {
				return nil, false
			}
			e := binary.BigEndian.Uint32(gf.edges[k:])
			if !add(e &^ graphExtraEdges) {
				return nil, false
			}
			if e&graphExtraEdges != 0 {
				break
			}
		}
	}
	return c, true
}
