package load

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestRunCountsAndStops(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/bad") {
			http.Error(w, "no", http.StatusTeapot)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	rep, err := Run(context.Background(), Config{
		URLs: []string{srv.URL + "/a", srv.URL + "/bad"}, Clients: 4, Duration: time.Minute, MaxRequests: 40,
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Requests != 40 || rep.Status[200] != 20 || rep.Status[http.StatusTeapot] != 20 || rep.Errors != 20 {
		t.Errorf("report %s", rep)
	}
	if rep.P50 > rep.P99 || rep.P99 > rep.Max || rep.PeakHeap == 0 || runtime.GOOS == "linux" && rep.PeakRSS == 0 {
		t.Errorf("inconsistent report %s", rep)
	}
}

func TestRunRefusesOtherHosts(t *testing.T) {
	for _, u := range []string{"http://192.168.1.1/", "http://example.org/", "http://10.0.0.1:8080/x"} {
		if _, err := Run(context.Background(), Config{URLs: []string{u}, Clients: 1, Duration: time.Second}); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
}
