package equiv

import (
	"fmt"
	"strings"
	"time"
)

// calendarWord is a month or weekday name: its number (1-12 for months,
// time.Weekday for weekdays) and whether it is an abbreviation, which may
// carry a full stop ("jan.", "Mon.").
type calendarWord struct {
	n    int
	abbr bool
}

// norwegianMonths serves bokmål and nynorsk, which name the months alike.
var norwegianMonths = map[string]calendarWord{
	"januar": {1, false}, "februar": {2, false}, "mars": {3, false}, "april": {4, false},
	"mai": {5, false}, "juni": {6, false}, "juli": {7, false}, "august": {8, false},
	"september": {9, false}, "oktober": {10, false}, "november": {11, false}, "desember": {12, false},
	"jan": {1, true}, "feb": {2, true}, "mar": {3, true}, "apr": {4, true},
	"jun": {6, true}, "jul": {7, true}, "aug": {8, true}, "sep": {9, true}, "sept": {9, true},
	"okt": {10, true}, "nov": {11, true}, "des": {12, true},
}

var monthNames = map[string]map[string]calendarWord{
	"nb": norwegianMonths,
	"nn": norwegianMonths,
	"en": {
		"january": {1, false}, "february": {2, false}, "march": {3, false}, "april": {4, false},
		"may": {5, false}, "june": {6, false}, "july": {7, false}, "august": {8, false},
		"september": {9, false}, "october": {10, false}, "november": {11, false}, "december": {12, false},
		"jan": {1, true}, "feb": {2, true}, "mar": {3, true}, "apr": {4, true},
		"jun": {6, true}, "jul": {7, true}, "aug": {8, true}, "sep": {9, true}, "sept": {9, true},
		"oct": {10, true}, "nov": {11, true}, "dec": {12, true},
	},
}

var weekdayNames = map[string]map[string]calendarWord{
	"nb": {
		"mandag": {1, false}, "tirsdag": {2, false}, "onsdag": {3, false}, "torsdag": {4, false},
		"fredag": {5, false}, "lørdag": {6, false}, "søndag": {0, false},
	},
	"nn": {
		"måndag": {1, false}, "tysdag": {2, false}, "onsdag": {3, false}, "torsdag": {4, false},
		"fredag": {5, false}, "laurdag": {6, false}, "sundag": {0, false}, "søndag": {0, false},
	},
	"en": {
		"monday": {1, false}, "tuesday": {2, false}, "wednesday": {3, false}, "thursday": {4, false},
		"friday": {5, false}, "saturday": {6, false}, "sunday": {0, false},
		"mon": {1, true}, "tue": {2, true}, "tues": {2, true}, "wed": {3, true}, "thu": {4, true},
		"thur": {4, true}, "thurs": {4, true}, "fri": {5, true}, "sat": {6, true}, "sun": {0, true},
	},
}

// Date reads s as a calendar date and returns it as "YYYY-MM-DD",
// "YYYY-MM" when no day is given ("januar 2023") or "--MM-DD" when no year
// is ("30. januar"); ok is false when s is not wholly a date.
//
// Accepted forms: ISO ("2023-01-30", "2023-01", "--01-30", also with "/"
// or "." after a four-digit year); numeric dates with the year last
// ("30.01.2023", "30.1.2023", "30/01/2023", "30-01-2023"), read day first
// in bokmål, nynorsk and British-style English ("en-GB", "en-IE", "en-AU",
// "en-NZ", "en-ZA", "en-IN") and, in other English, only when the reading
// is not in doubt ("30/01/2023", "01/30/2023" and "01/01/2023" are read,
// "01/02/2023" is not); month names and abbreviations ("30. januar 2023", "30 januar
// 2023", "30. jan. 2023", "den 30. januar 2023"; "January 30, 2023", "30
// January 2023", "Jan 30, 2023", "January 30th, 2023", "the 1st of May
// 2023"). A leading weekday ("mandag 30. januar 2023", "Monday, 30 January
// 2023") is accepted only with a full date and only when it is that date's
// weekday. Years have four digits; days are checked against the month
// (and leap years).
func Date(s, lang string) (string, bool) { t := Read(s); return t.Date(lang) }

// Date is the package's Date of the text.
func (t *Text) Date(lang string) (string, bool) {
	if !hasASCIIDigit(t.norm) {
		// Every date has a year or a day in digits (parseDate reads
		// nothing without one): most phrases tried have none.
		return "", false
	}
	dayFirst := dayFirstEnglish(lang)
	var buf [16]tok // enough for most texts tried, which are short
	toks := appendTokens(buf[:0], t.norm)
	return inLanguages(lang, func(lang string) (string, status) { return parseDate(toks, lang, dayFirst) })
}

// dayFirstEnglish reports whether lang is English of a region that writes
// the day first in numeric dates ("en-GB", "en_IE", "en-AU", ...).
func dayFirstEnglish(lang string) bool {
	l := strings.ToLower(strings.TrimSpace(lang))
	base, region, ok := strings.Cut(strings.ReplaceAll(l, "_", "-"), "-")
	if !ok || base != "en" {
		return false
	}
	region, _, _ = strings.Cut(region, "-")
	switch region {
	case "gb", "uk", "ie", "au", "nz", "za", "in":
		return true
	}
	return false
}

// parseDate reads toks (of a normalized text) as a date in lang; dayFirst
// makes English numeric dates day first. It does not change toks.
func parseDate(toks []tok, lang string, dayFirst bool) (string, status) {
	weekday := -1
	i := 0
	if i < len(toks) && toks[i].kind == 'w' {
		if w, ok := weekdayNames[lang][toks[i].s]; ok {
			weekday = w.n
			i++
			if w.abbr && i < len(toks) && toks[i].s == "." && !toks[i].sp {
				i++
			}
			if i < len(toks) && toks[i].s == "," && !toks[i].sp {
				i++
			}
		}
	}
	if i < len(toks) && (lang == "nb" || lang == "nn") && toks[i].s == "den" {
		i++
	}
	rest := toks[i:]
	if len(rest) == 0 {
		return "", notRead
	}
	var y, m, d int
	var st status
	if numericOnly(rest) {
		y, m, d, st = numericDate(rest, lang, dayFirst)
	} else {
		y, m, d, st = wordDate(rest, lang)
	}
	if st != read {
		return "", st
	}
	if y == 0 && d == 0 || !validDate(y, m, d) {
		return "", notRead
	}
	if weekday >= 0 {
		if y == 0 || d == 0 || int(time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC).Weekday()) != weekday {
			return "", notRead
		}
	}
	switch {
	case y == 0:
		return fmt.Sprintf("--%02d-%02d", m, d), read
	case d == 0:
		return fmt.Sprintf("%04d-%02d", y, m), read
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), read
}

// numericOnly reports whether toks are digits and punctuation with no space
// between them.
func numericOnly(toks []tok) bool {
	for i, t := range toks {
		if t.kind == 'w' || (i > 0 && t.sp) {
			return false
		}
	}
	return true
}

// numericDate reads an all-digit date; a zero year or day means "not
// given".
func numericDate(t []tok, lang string, dayFirst bool) (y, m, d int, st status) {
	// num is the number at t[i] when it has minLen to maxLen digits and is
	// not zero, else -1.
	num := func(i, minLen, maxLen int) int {
		if t[i].kind != 'n' || len(t[i].s) < minLen || len(t[i].s) > maxLen {
			return -1
		}
		if n := atoi(t[i].s); n > 0 {
			return n
		}
		return -1
	}
	isSep := func(i int) bool { return t[i].s == "-" || t[i].s == "/" || t[i].s == "." }
	switch {
	case len(t) == 5 && t[0].s == "-" && t[1].s == "-" && t[3].s == "-":
		// --MM-DD
		m, d = num(2, 2, 2), num(4, 2, 2)
		if m < 0 || d < 0 {
			return 0, 0, 0, notRead
		}
		return 0, m, d, read
	case len(t) == 3 && t[1].s == "-":
		// YYYY-MM
		y, m = num(0, 4, 4), num(2, 2, 2)
		if y < 0 || m < 0 {
			return 0, 0, 0, notRead
		}
		return y, m, 0, read
	case len(t) == 5 && isSep(1) && t[3].s == t[1].s:
	default:
		return 0, 0, 0, notRead
	}
	if y = num(0, 4, 4); y >= 0 {
		// Year first: always year, month, day.
		m, d = num(2, 1, 2), num(4, 1, 2)
		if m < 0 || d < 0 {
			return 0, 0, 0, notRead
		}
		return y, m, d, read
	}
	a, b := num(0, 1, 2), num(2, 1, 2)
	y = num(4, 4, 4)
	if a < 0 || b < 0 || y < 0 {
		return 0, 0, 0, notRead
	}
	if lang != "en" || dayFirst {
		return y, b, a, read
	}
	// English writers put the day first (British) or the month first
	// (American); only a form both read alike is certain.
	switch {
	case a == b:
		return y, a, a, read
	case a > 12 && b <= 12:
		return y, b, a, read
	case b > 12 && a <= 12:
		return y, a, b, read
	case a <= 12 && b <= 12:
		return 0, 0, 0, ambiguous
	}
	return 0, 0, 0, notRead
}

// wordDate reads a date with a month name. Each token becomes a symbol:
// Y a four-digit year, D a day number, E a day with a full stop ("30."),
// O an English ordinal day ("30th"), M a month, f "of", t "the", ","; the
// symbol string must be one of the language's patterns.
func wordDate(t []tok, lang string) (y, m, d int, st status) {
	var shape []byte
	for i := 0; i < len(t); i++ {
		tk := t[i]
		attached := func(s string) bool { return i+1 < len(t) && !t[i+1].sp && t[i+1].s == s }
		switch {
		case tk.kind == 'n' && len(tk.s) == 4:
			if y != 0 {
				return 0, 0, 0, notRead
			}
			if y = atoi(tk.s); y == 0 {
				return 0, 0, 0, notRead
			}
			shape = append(shape, 'Y')
		case tk.kind == 'n' && len(tk.s) <= 2:
			if d != 0 {
				return 0, 0, 0, notRead
			}
			if d = atoi(tk.s); d == 0 {
				return 0, 0, 0, notRead
			}
			switch {
			case attached("."):
				shape = append(shape, 'E')
				i++
			case i+1 < len(t) && !t[i+1].sp && t[i+1].kind == 'w':
				if lang != "en" || t[i+1].s != ordinalSuffix(d) {
					return 0, 0, 0, notRead
				}
				shape = append(shape, 'O')
				i++
			default:
				shape = append(shape, 'D')
			}
		case tk.kind == 'w':
			if mw, ok := monthNames[lang][tk.s]; ok {
				if m != 0 {
					return 0, 0, 0, notRead
				}
				m = mw.n
				shape = append(shape, 'M')
				if mw.abbr && attached(".") {
					i++
				}
				continue
			}
			switch {
			case lang == "en" && tk.s == "of":
				shape = append(shape, 'f')
			case lang == "en" && tk.s == "the":
				shape = append(shape, 't')
			default:
				return 0, 0, 0, notRead
			}
		case tk.s == "," && !tk.sp:
			shape = append(shape, ',')
		default:
			return 0, 0, 0, notRead
		}
	}
	p := string(shape)
	if lang == "en" && len(p) > 1 && p[0] == 't' && (p[1] == 'D' || p[1] == 'O') {
		p = p[1:]
	}
	var patterns []string
	if lang == "en" {
		patterns = []string{
			"DMY", "DM,Y", "OMY", "OM,Y", "OfMY", "OfM,Y",
			"MDY", "MD,Y", "MOY", "MO,Y",
			"DM", "OM", "OfM", "MD", "MO", "MY",
		}
	} else {
		patterns = []string{"EMY", "DMY", "EM", "DM", "MY"}
	}
	for _, q := range patterns {
		if p == q {
			return y, m, d, read
		}
	}
	return 0, 0, 0, notRead
}

// ordinalSuffix is the English suffix of the ordinal of n: "st", "nd", "rd"
// or "th".
func ordinalSuffix(n int) string {
	if n%100 >= 11 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

// validDate reports whether year y (0: not given), month m and day d (0:
// not given) can be a date; a day with no year may be 29 February.
func validDate(y, m, d int) bool {
	if y < 0 || y > 9999 || (y == 0 && d == 0) || m < 1 || m > 12 || d < 0 {
		return false
	}
	if d == 0 {
		return y >= 1
	}
	ly := y
	if ly == 0 {
		ly = 2000 // a leap year: "29. februar" alone is a date
	}
	return d <= time.Date(ly, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// hasASCIIDigit reports whether s has a byte '0' to '9'.
func hasASCIIDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}
