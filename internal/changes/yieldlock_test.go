package changes

import (
	"sync"
	"testing"
	"time"
)

// yieldLock excludes like a mutex, whether a waiter gets it while
// yielding or after it has gone to sleep behind a long hold.
func TestYieldLockExcludes(t *testing.T) {
	var l yieldLock
	var wg sync.WaitGroup
	inside, most, total := 0, 0, 0
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				l.Lock()
				inside++
				most = max(most, inside)
				if (g+i)%50 == 0 {
					time.Sleep(2 * yieldFor) // past the yielding: the others sleep
				}
				total++
				inside--
				l.Unlock()
			}
		})
	}
	wg.Wait()
	if most != 1 || total != 800 {
		t.Errorf("%d holders at once at most, %d of 800 increments", most, total)
	}
}
