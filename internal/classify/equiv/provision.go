package equiv

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Provision returns the legal provision a link points to: the instrument
// and the provision's key in LegalRef's form ("art:17", "par:8", "ch:3",
// "rec:26"); ok is false when the link points to no specific provision
// (a whole law, a search, a page that is not a legal text).
//
// Instruments are Law's ids where the source names one for certain (the
// GDPR as Lovdata gives it inside the Personal Data Act, "#gdpr/a17"; the
// GDPR and the ePrivacy Directive by their CELEX numbers); otherwise
// "lovdata:lov/2018-06-15-38" or "lovdata:forskrift/2004-06-25-988" (a
// Lovdata document other than the current text of a law or regulation
// keeps its base: "lovdata:lti/lov/..."), "celex:32016R0679" or, for other
// sites, "url:" with the host and path of the document.
//
// Sources:
//
//   - lovdata.no: "/dokument/NL/lov/2018-06-15-38/§8", "/lov/2018-06-15-38/§8",
//     fragments "#§8", "#PARAGRAF_8", "#KAPITTEL_2", "#gdpr/a17",
//     "/KAPITTEL_gdpr-3" (chapter III of the GDPR), and Lovdata Pro links
//     ("/pro/#document/NL/lov/...");
//   - eur-lex.europa.eu: the document from "?uri=CELEX:32016R0679" or an
//     ELI path ("/eli/reg/2016/679/oj"), the provision from "#art_17",
//     "#rct_26", "#cpt_III", "#anx_II"; any other fragment is opaque and
//     returned as "frag:<language>#<fragment>" (the language of the page
//     from the path, as the fragment ids differ between language
//     versions);
//   - gdpr-info.eu: "/art-17-gdpr/", "/recitals/no-26/", "/chapter-3/";
//   - any site: a path or a fragment that ends in "art-17", "article-17",
//     "artikkel-17", "art_17", "§17", "paragraf-17", "recital-26",
//     "chapter-3", maybe followed by a law's name ("art-17-gdpr"), or in
//     "a17" after a law's name ("/gdpr/a17", "#gdpr/a17"); a law's name
//     right before the provision names the instrument.
func Provision(u string) (instrument, provision string, ok bool) {
	p, ok := parseLink(u)
	if !ok || p.Host == "" || p.Opaque != "" {
		return "", "", false
	}
	host := hostKey(p.Hostname())
	switch host {
	case "lovdata.no":
		return lovdata(p)
	case "eur-lex.europa.eu":
		return eurLex(p)
	case "gdpr-info.eu":
		if p.Fragment != "" {
			return "", "", false
		}
		segs := pathSegments(p.Path)
		if len(segs) == 2 && segs[0] == "recitals" {
			if n, ok := strings.CutPrefix(segs[1], "no-"); ok && positive(n) {
				return "gdpr", "rec:" + n, true
			}
			return "", "", false
		}
		if len(segs) == 1 {
			if prov, law, weak, ok := genericAnchor(segs[0]); ok && !weak && (law == "" || law == "gdpr") {
				return "gdpr", prov, true
			}
		}
		return "", "", false
	}
	return genericProvision(host, p)
}

// pathSegments splits a path at "/" and drops empty segments.
func pathSegments(path string) []string {
	var out []string
	for _, s := range strings.Split(path, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// positive reports whether s is a number without leading zeros, above 0.
func positive(s string) bool { return allDigits(s) && !leadingZero(s) && s != "0" && len(s) <= 6 }

// (Compiled when first used, not at every start: a run served from the cache never needs it.)
var lovdataID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(-\d+)?$`) })

func lovdata(p *url.URL) (string, string, bool) {
	path, frag := p.Path, p.Fragment
	if strings.TrimRight(path, "/") == "/pro" && strings.HasPrefix(frag, "document/") {
		path, frag = "/"+frag, "" // Lovdata Pro: the document is in the fragment
	}
	segs := pathSegments(path)
	base := ""
	if len(segs) >= 2 && (strings.EqualFold(segs[0], "dokument") || strings.EqualFold(segs[0], "document")) {
		base = strings.ToLower(segs[1])
		segs = segs[2:]
	}
	if len(segs) == 4 && strings.EqualFold(segs[2], "gdpr") {
		// "/lov/2018-06-15-38/gdpr/a17": the short form of "#gdpr/a17".
		segs = []string{segs[0], segs[1], segs[2] + "/" + segs[3]}
	}
	if len(segs) < 2 || len(segs) > 3 {
		return "", "", false
	}
	kind := strings.ToLower(segs[0])
	if (kind != "lov" && kind != "forskrift") || !lovdataID().MatchString(segs[1]) {
		return "", "", false
	}
	instrument := "lovdata:" + kind + "/" + segs[1]
	switch base {
	case "", "nl", "sf", "nle", "sfe":
	default:
		instrument = "lovdata:" + base + "/" + kind + "/" + segs[1]
	}
	anchor := frag
	if anchor == "" {
		if len(segs) < 3 {
			return "", "", false
		}
		anchor = segs[2]
	}
	law, prov, ok := lovdataAnchor(anchor)
	if !ok {
		return "", "", false
	}
	if law != "" {
		instrument = law
	}
	return instrument, prov, true
}

// (Compiled when first used, not at every start: a run served from the cache never needs it.)
var (
	lovdataGDPRArticle = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^gdpr/a([1-9]\d{0,2})$`) })
	lovdataGDPRChapter = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^kapittel_gdpr-([1-9]\d?|[ivx]+)$`) })
	lovdataChapter     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^kapittel_([1-9]\d*(?:-[1-9]\d*)*[a-z]?|[ivx]+)$`) })
	lovdataSection     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:§ ?|paragraf_)([1-9]\d*(?:-[1-9]\d*)*[a-z]?)$`) })
)

// lovdataAnchor reads a Lovdata anchor ("§8", "KAPITTEL_2", "gdpr/a17") as
// a provision key, with "gdpr" as the law when the anchor is in the GDPR.
func lovdataAnchor(a string) (law, prov string, ok bool) {
	a = strings.ToLower(a)
	if m := lovdataGDPRArticle().FindStringSubmatch(a); m != nil {
		return "gdpr", "art:" + m[1], true
	}
	if m := lovdataGDPRChapter().FindStringSubmatch(a); m != nil {
		if c, ok := chapterNumber(m[1]); ok {
			return "gdpr", "ch:" + c, true
		}
		return "", "", false
	}
	if m := lovdataChapter().FindStringSubmatch(a); m != nil {
		if c, ok := chapterNumber(m[1]); ok {
			return "", "ch:" + c, true
		}
		return "", "", false
	}
	if m := lovdataSection().FindStringSubmatch(a); m != nil {
		return "", "par:" + m[1], true
	}
	if prov, law, weak, ok := genericAnchor(a); ok && !weak && law == "" {
		return "", prov, true
	}
	return "", "", false
}

// chapterNumber makes a roman chapter number arabic; others are kept.
func chapterNumber(s string) (string, bool) {
	if s != "" && strings.Trim(s, "ivx") == "" {
		if r := roman(s); r > 0 {
			return strconv.Itoa(r), true
		}
		return "", false
	}
	return s, true
}

// knownCELEX are the CELEX numbers of instruments Law knows.
var knownCELEX = map[string]string{
	"32016R0679": "gdpr",
	"32002L0058": "eprivacy",
}

// (Compiled when first used, not at every start: a run served from the cache never needs it.)
var (
	celexNumber    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9][0-9]{4}[A-Z][0-9A-Z()]{1,12}(-[0-9]{8})?$`) })
	eurLexAnchorRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(art|rct|cpt|anx)_([1-9]\d{0,3}|[IVX]+)$`) })
)

func eurLex(p *url.URL) (string, string, bool) {
	segs := pathSegments(p.Path)
	celex, lang := "", ""
	switch {
	case len(segs) >= 2 && segs[0] == "legal-content":
		lang = strings.ToLower(segs[1])
		uri := strings.ToUpper(strings.TrimSpace(p.Query().Get("uri")))
		if c, ok := strings.CutPrefix(uri, "CELEX:"); ok {
			celex = c
		}
	case len(segs) >= 4 && segs[0] == "eli":
		// /eli/reg/2016/679/oj[/eng]
		letter := map[string]string{"reg": "R", "dir": "L", "dec": "D"}[segs[1]]
		num := atoi(segs[3])
		if letter == "" || len(segs[2]) != 4 || atoi(segs[2]) < 0 || num <= 0 || num > 9999 {
			return "", "", false
		}
		celex = fmt.Sprintf("3%s%s%04d", segs[2], letter, num)
		if len(segs) >= 6 && segs[4] == "oj" {
			lang = strings.ToLower(segs[5])
		}
	}
	if !celexNumber().MatchString(celex) || p.Fragment == "" {
		return "", "", false
	}
	instrument, ok := knownCELEX[celex]
	if !ok {
		instrument = "celex:" + celex
	}
	if m := eurLexAnchorRE().FindStringSubmatch(p.Fragment); m != nil {
		n := m[2]
		if r := roman(strings.ToLower(n)); r > 0 {
			n = strconv.Itoa(r)
		} else if !allDigits(n) {
			return "", "", false
		}
		kind := map[string]string{"art": "art", "rct": "rec", "cpt": "ch", "anx": "annex"}[m[1]]
		if kind != "ch" && kind != "annex" && !allDigits(m[2]) {
			return "", "", false
		}
		return instrument, kind + ":" + n, true
	}
	return instrument, "frag:" + lang + "#" + p.Fragment, true
}

// (Compiled when first used, not at every start: a run served from the cache never needs it.)
var (
	genericArticle = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:artikkel|article|art)[-_.]?([1-9]\d{0,3}[a-z]?)(?:[-_](.+))?$`)
	})
	genericSection = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:§ ?|paragraf[-_]?)([1-9]\d*(?:-[1-9]\d*)*[a-z]?)$`)
	})
	genericOther = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(recital|fortalepunkt|chapter|kapittel)[-_]?([1-9]\d{0,3})$`)
	})
	genericWeak = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^a([1-9]\d{0,3})$`) })
)

// genericAnchor reads the last path segment or fragment part x as a
// provision key, with the id of a law named after it ("art-17-gdpr");
// weak means the form ("a17") is a provision only after a law's name.
func genericAnchor(x string) (prov, law string, weak, ok bool) {
	x = strings.ToLower(x)
	if m := genericArticle().FindStringSubmatch(x); m != nil {
		if m[2] != "" {
			id, ok := Law(m[2])
			if !ok {
				return "", "", false, false
			}
			law = id
		}
		return "art:" + m[1], law, false, true
	}
	if m := genericSection().FindStringSubmatch(x); m != nil {
		return "par:" + m[1], "", false, true
	}
	if m := genericOther().FindStringSubmatch(x); m != nil {
		kind := "rec"
		if m[1] == "chapter" || m[1] == "kapittel" {
			kind = "ch"
		}
		return kind + ":" + m[2], "", false, true
	}
	if m := genericWeak().FindStringSubmatch(x); m != nil {
		return "art:" + m[1], "", true, true
	}
	return "", "", false, false
}

// genericProvision reads a provision at the end of the fragment, or else
// of the path, of a link to any site.
func genericProvision(host string, p *url.URL) (string, string, bool) {
	var parts []string
	doc := host + strings.TrimRight(p.Path, "/")
	if p.Fragment != "" {
		parts = strings.Split(p.Fragment, "/")
	} else {
		segs := pathSegments(p.Path)
		if len(segs) == 0 {
			return "", "", false
		}
		parts = segs
		doc = host + "/" + strings.Join(segs[:len(segs)-1], "/")
	}
	doc = strings.TrimRight(doc, "/")
	if q := queryKey(p.RawQuery, false); q != "" {
		doc += "?" + q
	}
	prov, law, weak, ok := genericAnchor(parts[len(parts)-1])
	if !ok {
		return "", "", false
	}
	if len(parts) > 1 {
		if id, ok := Law(parts[len(parts)-2]); ok {
			if law != "" && law != id {
				return "", "", false
			}
			law = id
		}
	}
	if law == "" {
		if weak {
			return "", "", false
		}
		law = "url:" + doc
	}
	return law, prov, true
}
