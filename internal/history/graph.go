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
	f                  *os.File
	fanout, oids, cdat []byte
	edges              []byte
	n, base            uint32 // commits in this file; commits in the files before it
}

func openCommitGraph(objects string) (*commitGraph, error) {
	var paths []string
	single := filepath.Join(objects, "info", "commit-graph")
	if _, err := os.Stat(single); err == nil {
		paths = []string{single}
	} else {
		b, err := os.ReadFile(filepath.Join(objects, "info", "commit-graphs", "commit-graph-chain"))
		if err != nil {
			return nil, err
		}
		for _, h := range strings.Fields(string(b)) {
			paths = append(paths, filepath.Join(objects, "info", "commit-graphs", "graph-"+h+".graph"))
		}
	}
	g := &commitGraph{}
	var base uint32
	for _, p := range paths {
		gf, err := openGraphFile(p)
		if err != nil {
			g.close()
			return nil, err
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

func openGraphFile(p string) (*graphFile, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	data, unmap, err := mmapFile(f)
	if err != nil {
		if data, err = os.ReadFile(p); err != nil {
			f.Close()
			return nil, err
		}
	}
	gf := &graphFile{data: data, unmap: unmap, f: f}
	if err := gf.parse(); err != nil {
		gf.close()
		return nil, err
	}
	return gf, nil
}

func (gf *graphFile) parse() error {
	d := gf.data
	if len(d) < 8+12 || string(d[:4]) != "CGPH" || d[4] != 1 || d[5] != 1 {
		return errBadGraph // only version 1 files with SHA-1
	}
	chunks := int(d[6])
	if len(d) < 8+(chunks+1)*12 {
		return errBadGraph
	}
	for i := 0; i < chunks; i++ {
		e := d[8+i*12:]
		id := string(e[:4])
		start := binary.BigEndian.Uint64(e[4:12])
		end := binary.BigEndian.Uint64(e[16:24])
		if start > end || end > uint64(len(d)) {
			return errBadGraph
		}
		c := d[start:end]
		switch id {
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
	if len(gf.fanout) != 256*4 {
		return errBadGraph
	}
	gf.n = binary.BigEndian.Uint32(gf.fanout[255*4:])
	if len(gf.oids) != int(gf.n)*20 || len(gf.cdat) != int(gf.n)*36 {
		return errBadGraph
	}
	return nil
}

func (gf *graphFile) close() {
	if gf.unmap != nil {
		gf.unmap()
	}
	gf.f.Close()
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
)

// info returns the tree, parents and commit time of the commit at pos.
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
	add := func(p uint32) bool {
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
