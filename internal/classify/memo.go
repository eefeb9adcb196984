package classify

import (
	"hash/maphash"
	"slices"
	"sync"
)

// memo remembers, for one Rules, the analyses of text pairs and the topics
// of texts already seen. A history repeats itself: a paragraph edited twice
// is the new text of one comparison and the old text of the next, and pages
// that flip between two states (a banner shown and hidden, a reverted edit)
// bring back whole comparisons. On the Open Terms Archive corpus, 44% of the
// 154,000 changes repeat an earlier text pair and two texts of three are
// seen before.
//
// Entries are keyed by two independent 64-bit hashes of the texts, so the
// texts themselves (and the sources they point into) are not kept. The memo
// is bounded: two generations of at most memoGeneration entries per shard;
// when the current one fills it becomes the previous one and the oldest is
// dropped, and a hit in the previous one moves the entry forward. Safe for
// concurrent use.
type memo struct {
	seeds  [2]maphash.Seed
	shards [memoShards]memoShard
}

const (
	memoShards     = 16
	memoGeneration = 512 // entries per shard and generation: at most 16k analyses and 16k topic sets
)

type memoKey [2]uint64

type memoShard struct {
	mu                sync.Mutex
	pairs, oldPairs   map[memoKey]analysis
	topics, oldTopics map[memoKey]uint64
}

func newMemo() *memo {
	return &memo{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
}

// key hashes the strings, each ended by its length so that ("ab", "c") and
// ("a", "bc") differ.
func (m *memo) key(parts ...string) memoKey {
	var k memoKey
	for i := range k {
		var h maphash.Hash
		h.SetSeed(m.seeds[i])
		for _, p := range parts {
			h.WriteString(p)
			var n [8]byte
			for j, v := 0, len(p); j < 8; j, v = j+1, v>>8 {
				n[j] = byte(v)
			}
			h.Write(n[:])
		}
		k[i] = h.Sum64()
	}
	return k
}

func (m *memo) shard(k memoKey) *memoShard { return &m.shards[k[0]%memoShards] }

// analysis returns the remembered analysis for k. Its reasons are a copy:
// callers may append to them.
func (m *memo) analysis(k memoKey) (analysis, bool) {
	s := m.shard(k)
	s.mu.Lock()
	a, ok := s.pairs[k]
	if !ok {
		if a, ok = s.oldPairs[k]; ok {
			s.putPair(k, a)
		}
	}
	s.mu.Unlock()
	a.reasons = slices.Clone(a.reasons)
	return a, ok
}

func (m *memo) putAnalysis(k memoKey, a analysis) {
	a.reasons = slices.Clone(a.reasons)
	s := m.shard(k)
	s.mu.Lock()
	s.putPair(k, a)
	s.mu.Unlock()
}

func (s *memoShard) putPair(k memoKey, a analysis) {
	if len(s.pairs) >= memoGeneration {
		s.oldPairs, s.pairs = s.pairs, nil
	}
	if s.pairs == nil {
		s.pairs = make(map[memoKey]analysis)
	}
	s.pairs[k] = a
}

func (m *memo) topicSet(k memoKey) (uint64, bool) {
	s := m.shard(k)
	s.mu.Lock()
	set, ok := s.topics[k]
	if !ok {
		if set, ok = s.oldTopics[k]; ok {
			s.putTopics(k, set)
		}
	}
	s.mu.Unlock()
	return set, ok
}

func (m *memo) putTopicSet(k memoKey, set uint64) {
	s := m.shard(k)
	s.mu.Lock()
	s.putTopics(k, set)
	s.mu.Unlock()
}

func (s *memoShard) putTopics(k memoKey, set uint64) {
	if len(s.topics) >= memoGeneration {
		s.oldTopics, s.topics = s.topics, nil
	}
	if s.topics == nil {
		s.topics = make(map[memoKey]uint64)
	}
	s.topics[k] = set
}
