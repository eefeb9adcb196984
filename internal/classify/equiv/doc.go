// Package equiv decides when two written forms name the same thing: it
// turns dates ("30. januar 2023", "January 30th, 2023", "30.01.2023") into
// ISO dates, numbers written as digits or words ("1 000", "tusen",
// "twenty-one") and ordinals ("første", "21st") into decimal strings,
// citations of legal provisions ("art. 13(1)(a) GDPR", "artikkel 13 nr. 1
// bokstav a i personvernforordningen", "§§ 8 og 9") into canonical keys
// ("art:13:1:a@gdpr", "par:8,9"), names of laws and legal instruments
// ("personvernforordninga", "Regulation (EU) 2016/679") into stable ids
// ("gdpr"), links into a normalised form that can be compared (SameURL), and
// links to known legal sources (Lovdata, EUR-Lex, gdpr-info.eu) into an
// instrument and a provision key. Acronym tells whether a short form is the
// initials of a long one.
//
// Every function is pure and errs on the side of "not the same": a form it
// cannot read with certainty is reported as not recognised (ok false), so
// that a caller can treat an edit as editorial only when the two forms are
// proven to mean the same. Languages are "nb" (bokmål), "nn" (nynorsk) and
// "en" (a region is ignored: "nb-NO" is "nb"; for Date, "en-GB" and other
// day-first English regions read numeric dates day first); "no" means both
// Norwegian written standards, and any other value means all three. When a form is tried in several languages and they read
// it differently ("1.000" is a thousand in bokmål and one in English), the
// form is ambiguous and not recognised.
//
// The word lists (months, weekdays, number words, law names) are short and
// written out in this package; the tables are never modified after package
// initialisation.
package equiv
