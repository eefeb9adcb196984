package serve

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/digdir/redline/internal/serve/load"
)

// LoadURLs are the pages a reviewer's session requests: timeline,
// redlines in every view, and the paragraph history.
func loadURLs(base string) []string {
	return []string{
		base + "/",
		base + "/compare?from=2.0&to=2.5",
		base + "/compare?from=2.0&to=2.6&filter=substantive",
		base + "/compare?from=2.0&to=2.6&view=side",
		base + "/compare?from=2.5&to=2.6&lang=en",
		base + "/compare?from=2023-01-01&to=2024-12-31",
		base + "/compare?from=" + c1 + "&to=" + c3,
		base + "/history?page=" + url.QueryEscape(pathNB),
	}
}

// TestLoad runs 50 clients against the fake backend on loopback for 20
// seconds. It does not run by default: REDLINE_LOADTEST=1 turns it on.
// It asserts no errors; the numbers are logged, never asserted.
func TestLoad(t *testing.T) {
	if os.Getenv("REDLINE_LOADTEST") == "" {
		t.Skip("load test: set REDLINE_LOADTEST=1 to run it (20 s, 50 clients on loopback)")
	}
	srv := httptest.NewServer(New(newFake(), Options{}))
	defer srv.Close()
	rep, err := load.Run(context.Background(), load.Config{
		URLs: loadURLs(srv.URL), Clients: 50, Duration: 20 * time.Second, MaxRequests: 2_000_000,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fake backend: %s", rep)
	if rep.Errors != 0 || rep.Requests == 0 {
		t.Errorf("%d errors in %d requests", rep.Errors, rep.Requests)
	}
}
