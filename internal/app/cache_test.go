package app

import (
	"os"
	"path/filepath"
	"testing"
)

func TestHistoryCache(t *testing.T) {
	user, err := os.UserCacheDir()
	if err != nil {
		t.Skip("no user cache directory here")
	}
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{}, filepath.Join(user, "redline")},
		{Options{CacheDir: "/tmp/c"}, "/tmp/c"},
		{Options{CacheDir: "/tmp/c", NoCache: true}, ""},
		{Options{NoCache: true}, ""},
	} {
		if got := tt.opts.HistoryCache(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.opts, got, tt.want)
		}
	}
}
