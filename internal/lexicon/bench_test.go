package lexicon

import (
	"runtime"
	"testing"
)

// retainedMB measures the live heap a loaded lexicon keeps, which
// B/op (everything allocated while loading) overstates.
func retainedMB(load func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := load()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
}

func benchLoadDictionary(b *testing.B, lang string) {
	l := realLexicon(b, lang, Dictionary)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadDictionary(l.files[0], l.files[1], lang); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(retainedMB(func() any {
		d, _ := loadDictionary(l.files[0], l.files[1], lang)
		return d
	}), "MB-retained")
}

// BenchmarkLoadNB is the cost of the first use of Norwegian bokmål: the
// biggest dictionary (5 MB, 334 000 entries).
func BenchmarkLoadNB(b *testing.B) { benchLoadDictionary(b, "nb") }
func BenchmarkLoadNN(b *testing.B) { benchLoadDictionary(b, "nn") }
func BenchmarkLoadEN(b *testing.B) { benchLoadDictionary(b, "en") }

func BenchmarkLoadThesaurusNB(b *testing.B) {
	l := realLexicon(b, "nb", Thesaurus)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadMyThes(l.files[0], l.files[1]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(retainedMB(func() any {
		t, _ := loadMyThes(l.files[0], l.files[1])
		return t
	}), "MB-retained")
}

func BenchmarkLoadWordNet(b *testing.B) {
	l := realLexicon(b, "en", Thesaurus)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadWordNet(l.info.Path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(retainedMB(func() any {
		w, _ := loadWordNet(l.info.Path)
		return w
	}), "MB-retained")
}

func BenchmarkIsWordNB(b *testing.B) {
	s := realSet(b, "nb", Dictionary)
	words := []string{"databehandleren", "behandlingsansvarlig", "personvernforordningen", "personvernforodningen", "Sletting"}
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			s.IsWord("nb", w)
		}
	}
}

func BenchmarkSynonymsEN(b *testing.B) {
	s := realSet(b, "en", Thesaurus)
	b.ReportAllocs()
	for b.Loop() {
		s.Synonyms("en", "erased", "deletes")
	}
}
