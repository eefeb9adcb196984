package equiv

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A law is a legal instrument (or a judgment or framework cited like one)
// with the forms of its name. Norwegian nouns are given in their
// indefinite form with the endings their definite forms take.
type law struct {
	id    string
	names []string // exact forms (compared after lawKey)
	nouns []noun   // Norwegian forms that inflect
}

// noun is a name whose last word inflects: base plus any of endings ("" is
// the base itself).
type noun struct {
	base    string
	endings []string
}

// Inflection classes of the head words of Norwegian law names.
var (
	mf     = []string{"", "en", "a"} // lov, forskrift, forordning: loven, lova
	neuter = []string{"", "et"}      // direktiv: direktivet
	dom    = []string{"", "men"}     // dom: dommen
	eNoun  = []string{"", "n"}       // avtale, avgjørelse: avtalen (nynorsk "avtala" is a name of its own)
)

func nouns(endings []string, bases ...string) []noun {
	out := make([]noun, len(bases))
	for i, b := range bases {
		out[i] = noun{b, endings}
	}
	return out
}

// laws are the instruments Law knows. The ids are stable and lower-case;
// LegalRef puts them after "@".
var laws = []law{
	{
		id: "gdpr",
		names: []string{
			"GDPR", "EU GDPR", "General Data Protection Regulation", "EU General Data Protection Regulation",
			"Regulation (EU) 2016/679", "Regulation 2016/679", "Regulation (EU) No 2016/679",
			"forordning (EU) 2016/679", "forordning 2016/679", "forordning (EU) nr. 2016/679",
			"europaparlaments- og rådsforordning (EU) 2016/679",
			"personvernforordning (EU) 2016/679", "personvernforordningen (EU) 2016/679",
		},
		nouns: append(nouns(mf, "personvernforordning", "EUs personvernforordning", "GDPR-forordning"),
			nouns(mf, "den generelle personvernforordning")...),
	},
	{
		id: "popplyl",
		names: []string{
			"popplyl", "Personal Data Act", "Norwegian Personal Data Act", "Personal Data Act of Norway",
			"lov om behandling av personopplysninger", "lov om behandling av personopplysningar",
		},
		nouns: nouns(mf, "personopplysningslov"),
	},
	{
		id: "fvl",
		names: []string{
			"fvl", "Public Administration Act", "Norwegian Public Administration Act",
			"lov om behandlingsmåten i forvaltningssaker",
		},
		nouns: nouns(mf, "forvaltningslov"),
	},
	{
		id: "offl",
		names: []string{
			"offl", "Freedom of Information Act", "Norwegian Freedom of Information Act",
			"lov om rett til innsyn i dokument i offentleg verksemd",
		},
		nouns: nouns(mf, "offentleglov", "offentlighetslov"),
	},
	{
		id: "arkivl",
		names: []string{
			"arkivl", "Archives Act", "Norwegian Archives Act", "lov om arkiv",
		},
		nouns: nouns(mf, "arkivlov"),
	},
	{
		id: "eforvaltningsforskriften",
		names: []string{
			"forskrift om elektronisk kommunikasjon med og i forvaltningen",
			"forskrift om elektronisk kommunikasjon med og i forvaltninga",
		},
		nouns: nouns(mf, "eforvaltningsforskrift", "e-forvaltningsforskrift"),
	},
	{
		id: "eprivacy",
		names: []string{
			"ePrivacy", "ePrivacy Directive", "EU ePrivacy Directive", "Privacy and Electronic Communications Directive",
			"Directive 2002/58/EC", "Directive 2002/58", "direktiv 2002/58/EF", "direktiv 2002/58/EC", "direktiv 2002/58",
		},
		nouns: nouns(neuter, "ePrivacy-direktiv", "ePrivacydirektiv", "kommunikasjonsverndirektiv"),
	},
	{
		id: "dpf",
		names: []string{
			"DPF", "EU-U.S. DPF", "EU-US DPF", "Data Privacy Framework", "EU-U.S. Data Privacy Framework",
			"EU-US Data Privacy Framework", "Trans-Atlantic Data Privacy Framework",
		},
	},
	{
		id: "scc",
		names: []string{
			"SCC", "SCCs", "EU SCC", "EU SCCs", "standard contractual clauses", "EU standard contractual clauses",
			"the EU's standard contractual clauses", "standard data protection clauses",
			"standard personvernbestemmelser", "standardpersonvernbestemmelser",
			"standardkontraktsklausuler", "standard kontraktsklausuler",
			"EUs standardavtaler", "EU-kommisjonens standardavtaler",
			"EUs standardkontrakter", "EU-kommisjonens standardkontrakter",
			"EUs standard personvernbestemmelser",
		},
	},
	{
		id: "schrems2",
		names: []string{
			"Schrems II", "Schrems 2", "Schrems II judgment", "Schrems II ruling", "Schrems II decision",
			"C-311/18", "case C-311/18", "sak C-311/18",
		},
		nouns: append(nouns(dom, "Schrems II-dom", "Schrems 2-dom"), nouns(eNoun, "Schrems II-avgjørelse")...),
	},
	{
		id: "cloudact",
		names: []string{
			"CLOUD Act", "US CLOUD Act", "U.S. CLOUD Act", "Clarifying Lawful Overseas Use of Data Act",
		},
	},
	{
		id:    "fisa",
		names: []string{"FISA", "Foreign Intelligence Surveillance Act", "US FISA", "U.S. FISA"},
	},
	{
		id: "eea",
		names: []string{
			"EEA Agreement", "Agreement on the European Economic Area", "EØS-avtala",
		},
		nouns: nouns(eNoun, "EØS-avtale"),
	},
}

// lawIndex maps the key of every form of every law to its id. It is made
// when first used, not at every start.
var lawIndex = sync.OnceValue(func() map[string]string {
	idx := make(map[string]string)
	add := func(name, id string) {
		k := lawKey(name)
		if old, ok := idx[k]; ok && old != id {
			panic("equiv: law name " + name + " names both " + old + " and " + id)
		}
		idx[k] = id
	}
	for _, l := range laws {
		add(l.id, l.id)
		for _, n := range l.names {
			add(n, l.id)
		}
		for _, n := range l.nouns {
			for _, e := range n.endings {
				add(n.base+e, l.id)
			}
		}
	}
	return idx
})

// Law returns the id of the law or legal instrument s names ("gdpr" for
// "GDPR", "personvernforordninga", "Regulation (EU) 2016/679"), ok false
// when s names none it knows. Case, a leading "the", punctuation (hyphens,
// parentheses, full stops: "fvl." is "fvl"), spacing and the definite forms
// of Norwegian names ("personopplysningsloven", "personopplysningslova")
// do not matter. A name followed by another name of the same law in
// parentheses ("personvernforordningen (GDPR)") is that law.
//
// The ids: gdpr, popplyl (personopplysningsloven), fvl
// (forvaltningsloven), offl (offentleglova), arkivl (arkivlova),
// eforvaltningsforskriften, eprivacy (Directive 2002/58/EC), dpf (the
// EU-U.S. Data Privacy Framework), scc (standard contractual clauses),
// schrems2 (the Schrems II judgment, C-311/18), cloudact, fisa and eea (the
// EEA Agreement). Each id is also a name of its law.
func Law(s string) (string, bool) { t := Read(s); return t.Law() }

// Law is the package's Law of the text.
func (text *Text) Law() (string, bool) {
	s := text.norm
	// Keys are made in buf and looked up without a string of their own.
	// The first word of s's key is that of every name Law may find in
	// s (of "X (Y)", X's key starts as s's does): most texts tried start
	// with a word no name starts with.
	var buf [64]byte
	if !lawStarts()[string(firstWord(appendLawKey(buf[:0], s, 2)))] || !balanced(s) {
		return "", false
	}
	// s is normalized, and so (but for a space at either end, which
	// lawKey drops as any separator) are its parts: lawKeyNorm need not
	// normalize them again.
	if id, ok := lawIndex()[string(appendLawKey(buf[:0], s, 0))]; ok {
		return id, true
	}
	// "X (Y)" where X and Y name the same law.
	t := strings.TrimRight(s, " .,;:")
	if strings.HasSuffix(t, ")") {
		if i := strings.LastIndexByte(t, '('); i > 0 {
			x, y := t[:i], t[i+1:len(t)-1]
			a, okA := lawIndex()[lawKeyNorm(x)]
			b, okB := lawIndex()[lawKeyNorm(y)]
			if okA && okB && a == b {
				return a, true
			}
		}
	}
	return "", false
}

// lawStarts holds the first word of every key of lawIndex.
var lawStarts = sync.OnceValue(func() map[string]bool {
	out := make(map[string]bool)
	for k := range lawIndex() {
		out[string(firstWord([]byte(k)))] = true
	}
	return out
})

// firstWord is k up to its first space.
func firstWord(k []byte) []byte {
	if i := bytes.IndexByte(k, ' '); i >= 0 {
		return k[:i]
	}
	return k
}

// lawKey reduces a law name to lower-case words separated by single
// spaces: letters and digits are kept, "/" only between them ("2016/679"),
// everything else separates words; a leading "the" is dropped.
func lawKey(s string) string { return lawKeyNorm(normalize(s)) }

// lawKeyNorm is lawKey of a normalized text.
func lawKeyNorm(s string) string { return string(appendLawKey(make([]byte, 0, len(s)), s, 0)) }

// appendLawKey appends lawKeyNorm of s to b or, when words > 0, what it
// makes of the first that many words only (with a first "the" dropped):
// the start of the whole key.
func appendLawKey(b []byte, s string, words int) []byte {
	start := len(b)
	space := false
	begun := 0 // words begun
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	// prev is the rune before r (as []rune(s) would give it: an invalid
	// byte is one U+FFFD), first that there is none.
	var prev rune
	first := true
	for i, r := range s {
		keep := alnum(r)
		if !keep && r == '/' && !first && alnum(prev) {
			// '/' is one byte: the next rune starts at i+1.
			next, n := utf8.DecodeRuneInString(s[i+1:])
			keep = n > 0 && alnum(next)
		}
		prev, first = r, false
		if !keep {
			space = len(b) > start
			continue
		}
		if space || len(b) == start {
			if words > 0 && begun == words {
				break
			}
			begun++
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = utf8.AppendRune(b, r)
	}
	if k := b[start:]; len(k) >= 4 && string(k[:4]) == "the " {
		b = append(b[:start], k[4:]...)
	}
	return b
}
