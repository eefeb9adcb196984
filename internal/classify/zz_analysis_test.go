package classify

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"testing"
)

var dumpFP = flag.String("dumpfp", "", "write calibration false positives to this file")

func TestZZDumpFP(t *testing.T) {
	if *dumpFP == "" {
		t.Skip()
	}
	r := Default()
	f, _ := os.Create(*dumpFP)
	defer f.Close()
	counts := map[string]int{}
	readIterater(openIterater(t), func(row iteraterRow) {
		if !calibrationHalf(row.DocID) {
			return
		}
		a := r.analyse(row.Before, row.After, "en")
		if a.class != Substantive {
			return
		}
		who := "model"
		if a.feat.Decided {
			who = "rule"
		}
		key := fmt.Sprintf("%s|%s|%v", row.Labels, who, a.reasons)
		counts[key]++
		fmt.Fprintf(f, "== %s %s p=%.2f %v\n  %s\n  %s\n  %s\n", row.Labels, who, a.feat.Prob, a.reasons, row.Before, row.After, a.explanation)
	})
	var ks []string
	for k := range counts {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return counts[ks[i]] > counts[ks[j]] })
	for _, k := range ks {
		fmt.Fprintf(f, "COUNT %4d %s\n", counts[k], k)
	}
}
