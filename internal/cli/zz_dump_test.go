package cli

import (
	"io"
	"os"
	"testing"

	"github.com/digdir/redline/internal/serve"
)

func TestZZDump(t *testing.T) {
	p := openServeProject(t, "../..", io.Discard)
	h := serve.New(newServeBackend(p), serve.Options{})
	for i, u := range []string{"/compare?from=2.0&to=2.5", "/compare?from=2.0&to=2023-12-31&filter=substantive"} {
		_, body := fetch(t, h, u)
		os.WriteFile("/tmp/dump"+string(rune('0'+i))+".html", []byte(body), 0o644)
	}
}
