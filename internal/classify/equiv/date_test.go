package equiv

import "testing"

func TestDate(t *testing.T) {
	tests := []struct {
		s, lang string
		want    string // "" when not a date
	}{
		// Norwegian day-first forms.
		{"30. januar 2023", "nb", "2023-01-30"},
		{"30 januar 2023", "nb", "2023-01-30"},
		{"30. jan. 2023", "nb", "2023-01-30"},
		{"30. jan 2023", "nb", "2023-01-30"},
		{"30. Januar 2023", "nb", "2023-01-30"},
		{"30.01.2023", "nb", "2023-01-30"},
		{"30.1.2023", "nb", "2023-01-30"},
		{"30/01/2023", "nb", "2023-01-30"},
		{"30-01-2023", "nb", "2023-01-30"},
		{"01/02/2023", "nb", "2023-02-01"},
		{"1. mai 2023", "nb", "2023-05-01"},
		{"1. mai 2023", "nn", "2023-05-01"},
		{"17. mai", "nb", "--05-17"},
		{"desember 2024", "nn", "2024-12"},
		{"den 30. januar 2023", "nb", "2023-01-30"},
		{"mandag 30. januar 2023", "nb", "2023-01-30"},
		{"mandag den 30. januar 2023", "nb", "2023-01-30"},
		{"måndag 30. januar 2023", "nn", "2023-01-30"},
		{"30.\u00a0januar\u00a02023", "nb", "2023-01-30"},
		{"15. okt. 2022", "nb", "2022-10-15"},
		{"15. des. 2022", "nn", "2022-12-15"},
		// ISO.
		{"2023-01-30", "", "2023-01-30"},
		{"2023-01-30", "en", "2023-01-30"},
		{"2023/01/30", "nb", "2023-01-30"},
		{"2023-01", "", "2023-01"},
		{"--01-30", "", "--01-30"},
		// English.
		{"January 30, 2023", "en", "2023-01-30"},
		{"January 30 2023", "en", "2023-01-30"},
		{"30 January 2023", "en", "2023-01-30"},
		{"30 January, 2023", "en", "2023-01-30"},
		{"Jan 30, 2023", "en", "2023-01-30"},
		{"Jan. 30, 2023", "en", "2023-01-30"},
		{"January 30th, 2023", "en", "2023-01-30"},
		{"30th January 2023", "en", "2023-01-30"},
		{"the 1st of May 2023", "en", "2023-05-01"},
		{"May 1st", "en", "--05-01"},
		{"1st May", "en", "--05-01"},
		{"May 2023", "en", "2023-05"},
		{"Monday, 30 January 2023", "en", "2023-01-30"},
		{"Monday, January 30, 2023", "en", "2023-01-30"},
		{"Mon 30 Jan 2023", "en", "2023-01-30"},
		{"Sept. 2, 2021", "en", "2021-09-02"},
		{"March 22nd, 2021", "en", "2021-03-22"},
		{"November 11th, 2021", "en", "2021-11-11"},
		{"30/01/2023", "en", "2023-01-30"},
		{"01/30/2023", "en", "2023-01-30"},
		{"01/01/2023", "en", "2023-01-01"},
		{"30.01.2023", "en-GB", "2023-01-30"},
		{"01/02/2023", "en-GB", "2023-02-01"},
		{"01/02/2023", "en_GB", "2023-02-01"},
		{"01/30/2023", "en-GB", ""},
		{"01/02/2023", "en-US", ""},
		// Any language: the readings must agree.
		{"30. januar 2023", "", "2023-01-30"},
		{"30 January 2023", "", "2023-01-30"},
		{"30/01/2023", "", "2023-01-30"},
		{"januar 2023", "", "2023-01"},
		// Leap years.
		{"29. februar 2024", "nb", "2024-02-29"},
		{"29.02.2000", "nb", "2000-02-29"},
		{"29. februar", "nb", "--02-29"},

		// Not dates, or not certain ones.
		{"01/02/2023", "en", ""},       // 1 February or January 2
		{"01/02/2023", "", ""},         // the same, in some language
		{"29. februar 2023", "nb", ""}, // not a leap year
		{"29.02.1900", "nb", ""},
		{"31. april 2023", "nb", ""},
		{"32. januar 2023", "nb", ""},
		{"0. januar 2023", "nb", ""},
		{"00.01.2023", "nb", ""},
		{"30.13.2023", "nb", ""},
		{"2023-13-01", "", ""},
		{"2023-02-30", "", ""},
		{"0000-01-30", "", ""},
		{"30.01.23", "nb", ""}, // two-digit year
		{"30. januar 23", "nb", ""},
		{"2023", "nb", ""},   // a year alone
		{"januar", "nb", ""}, // a month alone
		{"30.", "nb", ""},
		{"30. januar 2023.", "nb", ""}, // not wholly a date
		{"fra 30. januar 2023", "nb", ""},
		{"30. januar 2023 kl. 12", "nb", ""},
		{"30 januar 2023", "en", ""},   // a Norwegian month in English
		{"January 30, 2023", "nb", ""}, // an English month in bokmål
		{"January 30 , 2023", "en", ""},
		{"30. January 2023", "en", ""},
		{"January 1th, 2023", "en", ""}, // wrong ordinal suffix
		{"January 2st, 2023", "en", ""},
		{"januar 30, 2023", "nb", ""},
		{"tirsdag 30. januar 2023", "nb", ""}, // 30 January 2023 was a Monday
		{"mandag 30. januar", "nb", ""},       // a weekday needs a year to check
		{"Tuesday, 30 January 2023", "en", ""},
		{"30. jan.. 2023", "nb", ""},
		{"30 30 januar 2023", "nb", ""},
		{"januar februar 2023", "nb", ""},
		{"2023 2024", "nb", ""},
		{"30.01-2023", "nb", ""},
		{"30 . 01 . 2023", "nb", ""},
		{"", "", ""},
		{"   ", "", ""},
	}
	for _, tt := range tests {
		got, ok := Date(tt.s, tt.lang)
		if want := tt.want != ""; ok != want || got != tt.want {
			t.Errorf("Date(%q, %q) = %q, %v; want %q, %v", tt.s, tt.lang, got, ok, tt.want, want)
		}
	}
}

// TestDateDistinct checks that forms of different dates stay different.
func TestDateDistinct(t *testing.T) {
	pairs := [][2]string{
		{"30. januar 2023", "31. januar 2023"},
		{"30. januar 2023", "30. februar 2023"},
		{"30. januar 2023", "30. januar 2024"},
		{"30. januar 2023", "30.01.2024"},
		{"1. mai 2023", "1. mars 2023"},
		{"17. mai", "17. mai 2023"},
		{"mai 2023", "1. mai 2023"},
	}
	for _, p := range pairs {
		a, okA := Date(p[0], "nb")
		b, okB := Date(p[1], "nb")
		if okA && okB && a == b {
			t.Errorf("Date(%q) == Date(%q) == %q", p[0], p[1], a)
		}
	}
}
