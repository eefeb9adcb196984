//go:build linux

package history

import (
	"io/fs"
	"syscall"
)

// sysStatMatches compares what git records of a file beyond its size and
// modification time: the change time (unless core.trustctime is false),
// the inode and the owner, as git's default core.checkStat does.
func sysStatMatches(e stagedEntry, fi fs.FileInfo, trustCtime bool) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	if trustCtime && !timeMatches(e.ctimeSec, e.ctimeNsec, st.Ctim.Sec, st.Ctim.Nsec) {
		return false
	}
	return e.ino == uint32(st.Ino) && e.uid == st.Uid && e.gid == st.Gid
}
