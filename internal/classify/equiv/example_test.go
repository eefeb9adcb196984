package equiv_test

import (
	"fmt"

	"github.com/digdir/redline/internal/classify/equiv"
)

func Example() {
	a, _ := equiv.Date("mandag 30. januar 2023", "nb")
	b, _ := equiv.Date("January 30th, 2023", "en")
	fmt.Println(a, b)

	n, _ := equiv.Number("tjuefem", "nb")
	m, _ := equiv.Number("twenty-five", "en")
	fmt.Println(n, m)

	r, _ := equiv.LegalRef("artikkel 6 nr. 1 bokstav f i personvernforordningen", "nb")
	s, _ := equiv.LegalRef("Art. 6(1)(f) GDPR", "en")
	fmt.Println(r, s)

	inst, prov, _ := equiv.Provision("https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_gdpr-2#gdpr/a6")
	fmt.Println(prov + "@" + inst)

	fmt.Println(equiv.SameURL("../introduction", "https://info.altinn.no/nb/dpia/introduction/", "https://info.altinn.no/nb/dpia/summary/"))
	fmt.Println(equiv.Acronym("EØS", "Det europeiske økonomiske samarbeidsområdet"))
	// Output:
	// 2023-01-30 2023-01-30
	// 25 25
	// art:6:1:f@gdpr art:6:1:f@gdpr
	// art:6@gdpr
	// true
	// true
}

func ExampleNumber() {
	for _, s := range []string{"1 000", "1.000", "2,5", "en", "to tusen og fem"} {
		v, ok := equiv.Number(s, "nb")
		fmt.Printf("%q: %q %v\n", s, v, ok)
	}
	v, ok := equiv.NumberLoose("en", "nb")
	fmt.Printf("loose %q: %q %v\n", "en", v, ok)
	// Output:
	// "1 000": "1000" true
	// "1.000": "1000" true
	// "2,5": "2.5" true
	// "en": "" false
	// "to tusen og fem": "2005" true
	// loose "en": "1" true
}

func ExampleLaw() {
	for _, s := range []string{"personvernforordninga", "Regulation (EU) 2016/679", "offentlighetsloven", "standardavtalen"} {
		id, ok := equiv.Law(s)
		fmt.Printf("%q: %q %v\n", s, id, ok)
	}
	// Output:
	// "personvernforordninga": "gdpr" true
	// "Regulation (EU) 2016/679": "gdpr" true
	// "offentlighetsloven": "offl" true
	// "standardavtalen": "" false
}
