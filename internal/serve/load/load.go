// Package load turns a list of loopback URLs into a load report: a fixed
// number of clients request them in turn, for a bounded time and count,
// and the report gives throughput, latency percentiles, errors and the
// peak heap of the process (which holds the server in tests).
package load

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config bounds a run. It stops at Duration or after MaxRequests,
// whichever comes first.
type Config struct {
	URLs        []string // requested round-robin; loopback hosts only
	Clients     int
	Duration    time.Duration
	MaxRequests int // 0: no cap besides Duration
}

// Report is what a run measured.
type Report struct {
	Requests   int
	Errors     int         // transport errors and statuses other than 200
	Status     map[int]int // responses by status
	Elapsed    time.Duration
	Throughput float64 // requests per second
	P50, P99   time.Duration
	Max        time.Duration
	PeakHeap   uint64 // bytes, sampled every 100ms
	// PeakRSS is the process's peak resident set during the run, in
	// bytes, where the system says (Linux); else 0.
	PeakRSS uint64
	// CPU is the CPU time the process used during the run (0 where the
	// system does not say): per request, a measure of the work that a
	// busy machine changes far less than latency or throughput.
	CPU time.Duration
}

func (r Report) String() string {
	codes := make([]int, 0, len(r.Status))
	for c := range r.Status {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var st []string
	for _, c := range codes {
		st = append(st, fmt.Sprintf("%d×%d", c, r.Status[c]))
	}
	perReq := time.Duration(0)
	if r.Requests > 0 {
		perReq = r.CPU / time.Duration(r.Requests)
	}
	return fmt.Sprintf("%d requests in %s: %.0f req/s, p50 %s, p99 %s, max %s, %d errors, statuses %s, peak heap %.1f MiB, peak RSS %.1f MiB, CPU %s (%s per request)",
		r.Requests, r.Elapsed.Round(time.Millisecond), r.Throughput, r.P50.Round(time.Millisecond), r.P99.Round(time.Millisecond), r.Max.Round(time.Millisecond), r.Errors,
		strings.Join(st, " "), float64(r.PeakHeap)/(1<<20), float64(r.PeakRSS)/(1<<20), r.CPU.Round(time.Millisecond), perReq.Round(100*time.Microsecond))
}

// Run loads the URLs. It refuses any host that is not a loopback address:
// a load test never leaves the machine.
func Run(ctx context.Context, c Config) (Report, error) {
	if len(c.URLs) == 0 || c.Clients <= 0 || c.Duration <= 0 {
		return Report{}, fmt.Errorf("load: give URLs, clients and a duration")
	}
	for _, u := range c.URLs {
		p, err := url.Parse(u)
		if err != nil {
			return Report{}, fmt.Errorf("load: %v", err)
		}
		ip := net.ParseIP(p.Hostname())
		if p.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return Report{}, fmt.Errorf("load: %s is not a loopback address", p.Host)
		}
	}
	resetPeakRSS()
	cpu0 := cpuTime()
	ctx, cancel := context.WithTimeout(ctx, c.Duration)
	defer cancel()
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: c.Clients, MaxConnsPerHost: c.Clients},
	}
	defer client.CloseIdleConnections()

	var peak uint64
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()

	var (
		mu        sync.Mutex
		next      int
		latencies []time.Duration
		rep       = Report{Status: map[int]int{}}
	)
	take := func() (string, bool) {
		mu.Lock()
		defer mu.Unlock()
		if c.MaxRequests > 0 && next >= c.MaxRequests {
			return "", false
		}
		u := c.URLs[next%len(c.URLs)]
		next++
		return u, true
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range c.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				u, ok := take()
				if !ok {
					return
				}
				t0 := time.Now()
				status := 0
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
				resp, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				d := time.Since(t0)
				if ctx.Err() != nil && err != nil {
					return // cut off by the end of the run: not counted
				}
				mu.Lock()
				rep.Requests++
				latencies = append(latencies, d)
				rep.Status[status]++
				if status != http.StatusOK {
					rep.Errors++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	rep.Elapsed = time.Since(start)
	rep.CPU = cpuTime() - cpu0
	cancel()
	<-sampled
	rep.PeakHeap = peak
	rep.PeakRSS = peakRSS()
	slices.Sort(latencies)
	if n := len(latencies); n > 0 {
		rep.P50 = latencies[n*50/100]
		rep.P99 = latencies[min(n-1, n*99/100)]
		rep.Max = latencies[n-1]
		rep.Throughput = float64(n) / rep.Elapsed.Seconds()
	}
	return rep, nil
}

// resetPeakRSS starts the kernel's count of the peak resident set afresh,
// so that the run's peak is not the process's earlier one (Linux; a no-op
// elsewhere).
func resetPeakRSS() {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS reads the peak resident set (VmHWM) from /proc, or 0.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
