package equiv

import "testing"

func TestNumber(t *testing.T) {
	tests := []struct {
		s, lang string
		want    string // "" when not a number
	}{
		// Digits.
		{"2", "nb", "2"},
		{"0", "en", "0"},
		{"1000", "", "1000"},
		{"1 000", "nb", "1000"},
		{"1\u00a0000", "nb", "1000"},
		{"1\u202f000", "en", "1000"},
		{"1 000 000", "nn", "1000000"},
		{"1.000", "nb", "1000"},
		{"1.000.000", "nb", "1000000"},
		{"1,000", "en", "1000"},
		{"1,000,000", "en", "1000000"},
		{"2,5", "nb", "2.5"},
		{"2,5", "nn", "2.5"},
		{"2,5", "", "2.5"}, // not an English number at all
		{"2.5", "en", "2.5"},
		{"2,50", "nb", "2.5"},
		{"2,0", "nb", "2"},
		{"0,5", "nb", "0.5"},
		{"1 000,5", "nb", "1000.5"},
		{"1.000,25", "nb", "1000.25"},
		{"1,000.25", "en", "1000.25"},
		{"1,000", "nb", "1"}, // a decimal comma
		{"1.000", "en", "1"}, // a decimal point
		{"-3", "nb", "-3"},
		{"\u22123", "nb", "-3"},
		{"-0", "en", "0"},
		{"-2,5", "nb", "-2.5"},
		{"123456789012345678901234567890", "en", "123456789012345678901234567890"},
		// Digits and a scale word.
		{"1,5 millioner", "nb", "1500000"},
		{"2 millioner", "nb", "2000000"},
		{"2 mill.", "nb", "2000000"},
		{"3 mrd.", "nb", "3000000000"},
		{"5 tusen", "nb", "5000"},
		{"2,5 millionar", "nn", "2500000"},
		{"1.5 billion", "en", "1500000000"},
		{"1,2345 tusen", "nb", "1234.5"},
		// Bokmål words.
		{"null", "nb", "0"},
		{"ett", "nb", "1"},
		{"én", "nb", "1"},
		{"to", "nb", "2"},
		{"tre", "nb", "3"},
		{"sju", "nb", "7"},
		{"syv", "nb", "7"},
		{"åtte", "nb", "8"},
		{"ti", "nb", "10"},
		{"elleve", "nb", "11"},
		{"tolv", "nb", "12"},
		{"nitten", "nb", "19"},
		{"tjue", "nb", "20"},
		{"tjueen", "nb", "21"},
		{"tjuefem", "nb", "25"},
		{"tjue fem", "nb", "25"},
		{"femogtjue", "nb", "25"},
		{"fem og tjue", "nb", "25"},
		{"enogtjue", "nb", "21"},
		{"tretti", "nb", "30"},
		{"femti", "nb", "50"},
		{"nittini", "nb", "99"},
		{"hundre", "nb", "100"},
		{"ett hundre", "nb", "100"},
		{"et hundre", "nb", "100"},
		{"hundre og fem", "nb", "105"},
		{"hundreogfem", "nb", "105"},
		{"to hundre og femti", "nb", "250"},
		{"tohundreogfemti", "nb", "250"},
		{"femten hundre", "nb", "1500"},
		{"tusen", "nb", "1000"},
		{"ett tusen", "nb", "1000"},
		{"totusen", "nb", "2000"},
		{"to tusen og fem", "nb", "2005"},
		{"to tusen fem hundre", "nb", "2500"},
		{"hundre tusen", "nb", "100000"},
		{"to hundre tusen", "nb", "200000"},
		{"en million", "nb", "1000000"},
		{"tre millioner", "nb", "3000000"},
		{"to milliarder", "nb", "2000000000"},
		{"en billion", "nb", "1000000000000"},
		{"Tjuefem", "nb", "25"},
		// Nynorsk words.
		{"to", "nn", "2"},
		{"tjuge", "nn", "20"},
		{"tjugefem", "nn", "25"},
		{"eitt hundre", "nn", "100"},
		{"ein million", "nn", "1000000"},
		{"tre millionar", "nn", "3000000"},
		// English words.
		{"zero", "en", "0"},
		{"two", "en", "2"},
		{"twelve", "en", "12"},
		{"twenty", "en", "20"},
		{"twenty-one", "en", "21"},
		{"twenty one", "en", "21"},
		{"ninety-nine", "en", "99"},
		{"a hundred", "en", "100"},
		{"one hundred", "en", "100"},
		{"one hundred and five", "en", "105"},
		{"one hundred five", "en", "105"},
		{"two hundred and fifty", "en", "250"},
		{"one thousand", "en", "1000"},
		{"a thousand", "en", "1000"},
		{"two thousand and five", "en", "2005"},
		{"fifteen hundred", "en", "1500"},
		{"three million", "en", "3000000"},
		{"a billion", "en", "1000000000"},
		{"Twenty-One", "en", "21"},
		// Any language.
		{"to", "", "2"},
		{"twenty-one", "", "21"},

		// Not numbers, or not certain ones.
		{"to", "en", ""},
		{"two", "nb", ""},
		{"en", "nb", ""}, // also an article
		{"ei", "nb", ""},
		{"et", "nb", ""},
		{"ein", "nn", ""},
		{"eitt", "nn", ""},
		{"ei", "nn", ""},
		{"one", "en", ""},
		{"a", "en", ""},
		{"1.000", "", ""}, // a thousand in bokmål, one in English
		{"1,000", "", ""},
		{"billion", "", ""},
		{"1.5", "nb", ""},         // not the bokmål decimal mark, nor groups of three
		{"1,5", "en", ""},         // nor the English one
		{"1.00", "nb", ""},        // a group of two
		{"10,00,000", "en", ""},   // Indian grouping is not English style here
		{"1 000.000,5", "nb", ""}, // mixed separators
		{"1,000,00", "en", ""},
		{"1,0000", "en", ""},
		{"007", "en", ""},
		{"01", "nb", ""},
		{"0 500", "nb", ""},
		{",5", "nb", ""},
		{".5", "en", ""},
		{"5,", "nb", ""},
		{"5.", "nb", ""}, // an ordinal in Norwegian
		{"2,5,5", "nb", ""},
		{"-", "nb", ""},
		{"--3", "nb", ""},
		{"+3", "nb", ""},
		{"3 %", "nb", ""},
		{"fem to", "nb", ""},
		{"to to", "nb", ""},
		{"tjue tjue", "nb", ""},
		{"ti tre", "nb", ""},
		{"titre", "nb", ""},
		{"tjueog", "nb", ""},
		{"og", "nb", ""},
		{"og fem", "nb", ""},
		{"fem og", "nb", ""},
		{"tusen tusen", "nb", ""},
		{"to tusen og fem hundre", "nb", ""},
		{"million", "nb", ""},
		{"hundred", "en", ""},
		{"thousand", "en", ""},
		{"two millions", "en", ""},
		{"a", "nb", ""},
		{"a twenty", "en", ""},
		{"one and twenty", "en", ""},
		{"første", "nb", ""}, // an ordinal
		{"tjuefemte", "nb", ""},
		{"first", "en", ""},
		{"2 hundre", "nb", ""},
		{"2 mill", "en", ""},
		{"fem epler", "nb", ""},
		{"", "nb", ""},
	}
	for _, tt := range tests {
		got, ok := Number(tt.s, tt.lang)
		if want := tt.want != ""; ok != want || got != tt.want {
			t.Errorf("Number(%q, %q) = %q, %v; want %q, %v", tt.s, tt.lang, got, ok, tt.want, want)
		}
	}
}

func TestNumberLoose(t *testing.T) {
	tests := []struct {
		s, lang string
		want    string
	}{
		{"en", "nb", "1"},
		{"ei", "nb", "1"},
		{"et", "nb", "1"},
		{"ein", "nn", "1"},
		{"ei", "nn", "1"},
		{"eitt", "nn", "1"},
		{"one", "en", "1"},
		{"a", "en", "1"},
		{"en", "", "1"},
		{"ett", "nb", "1"},
		{"to", "nb", "2"},
		{"tjueen", "nb", "21"},
		// Still not numbers.
		{"en", "en", ""},
		{"one", "nb", ""},
		{"ein", "nb", ""},
		{"andre", "nb", ""},
		{"en en", "nb", ""},
	}
	for _, tt := range tests {
		got, ok := NumberLoose(tt.s, tt.lang)
		if want := tt.want != ""; ok != want || got != tt.want {
			t.Errorf("NumberLoose(%q, %q) = %q, %v; want %q, %v", tt.s, tt.lang, got, ok, tt.want, want)
		}
	}
}

// TestNumberDistinct checks that forms of different numbers stay
// different.
func TestNumberDistinct(t *testing.T) {
	pairs := []struct{ a, b, lang string }{
		{"tjuefem", "tjueseks", "nb"},
		{"femti", "fem", "nb"},
		{"femten", "femti", "nb"},
		{"1 000", "100", "nb"},
		{"2,5", "25", "nb"},
		{"2.5", "25", "en"},
		{"twenty-one", "twenty", "en"},
		{"en billion", "en milliard", "nb"},
	}
	for _, p := range pairs {
		a, okA := Number(p.a, p.lang)
		b, okB := Number(p.b, p.lang)
		if okA && okB && a == b {
			t.Errorf("Number(%q) == Number(%q) == %q", p.a, p.b, a)
		}
	}
}

func TestOrdinal(t *testing.T) {
	tests := []struct {
		s, lang     string
		want, loose string // "" when not an ordinal
	}{
		{"1.", "nb", "1", "1"},
		{"12.", "nn", "12", "12"},
		{"1.", "", "1", "1"},
		{"første", "nb", "1", "1"},
		{"Første", "nb", "1", "1"},
		{"fyrste", "nn", "1", "1"},
		{"første", "nn", "1", "1"},
		{"tredje", "nb", "3", "3"},
		{"sjuende", "nb", "7", "7"},
		{"syvende", "nb", "7", "7"},
		{"sjuande", "nn", "7", "7"},
		{"tiende", "nb", "10", "10"},
		{"tiande", "nn", "10", "10"},
		{"tolvte", "nb", "12", "12"},
		{"tjuende", "nb", "20", "20"},
		{"tjueførste", "nb", "21", "21"},
		{"tjuefemte", "nb", "25", "25"},
		{"tjueandre", "nb", "22", "22"}, // unambiguous in a compound
		{"tjugeandre", "nn", "22", "22"},
		{"hundrede", "nb", "100", "100"},
		{"hundre og første", "nb", "101", "101"},
		{"tusende", "nb", "1000", "1000"},
		{"first", "en", "1", "1"},
		{"third", "en", "3", "3"},
		{"twelfth", "en", "12", "12"},
		{"twentieth", "en", "20", "20"},
		{"twenty-first", "en", "21", "21"},
		{"twenty-second", "en", "22", "22"},
		{"hundredth", "en", "100", "100"},
		{"one hundredth", "en", "100", "100"},
		{"one hundred and first", "en", "101", "101"},
		{"1st", "en", "1", "1"},
		{"2nd", "en", "2", "2"},
		{"3rd", "en", "3", "3"},
		{"4th", "en", "4", "4"},
		{"11th", "en", "11", "11"},
		{"12th", "en", "12", "12"},
		{"13th", "en", "13", "13"},
		{"21st", "en", "21", "21"},
		{"22nd", "", "22", "22"},
		{"101st", "en", "101", "101"},
		{"111th", "en", "111", "111"},
		// Ambiguous words: only loosely.
		{"andre", "nb", "", "2"},
		{"annen", "nb", "", "2"},
		{"annet", "nb", "", "2"},
		{"andre", "nn", "", "2"},
		{"second", "en", "", "2"},
		// Not ordinals.
		{"1", "nb", "", ""},
		{"1.", "en", "", ""},
		{"0.", "nb", "", ""},
		{"01.", "nb", "", ""},
		{"1st", "nb", "", ""},
		{"1th", "en", "", ""},
		{"2st", "en", "", ""},
		{"11st", "en", "", ""},
		{"12nd", "en", "", ""},
		{"0th", "en", "", ""},
		{"fem", "nb", "", ""},
		{"five", "en", "", ""},
		{"femte femte", "nb", "", ""},
		{"første tjue", "nb", "", ""},
		{"first", "nb", "", ""},
		{"første", "en", "", ""},
		{"1.1.", "nb", "", ""},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		got, ok := Ordinal(tt.s, tt.lang)
		if want := tt.want != ""; ok != want || got != tt.want {
			t.Errorf("Ordinal(%q, %q) = %q, %v; want %q, %v", tt.s, tt.lang, got, ok, tt.want, want)
		}
		got, ok = OrdinalLoose(tt.s, tt.lang)
		if want := tt.loose != ""; ok != want || got != tt.loose {
			t.Errorf("OrdinalLoose(%q, %q) = %q, %v; want %q, %v", tt.s, tt.lang, got, ok, tt.loose, want)
		}
	}
}
