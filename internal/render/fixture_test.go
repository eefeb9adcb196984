package render

import (
	"time"

	"github.com/digdir/redline/internal/align"
	"github.com/digdir/redline/internal/changes"
	"github.com/digdir/redline/internal/classify"
	"github.com/digdir/redline/internal/release"
)

// The changelog the golden tests render, built by hand after the DPIA for
// Altinn 3: an unreleased typo fix, 2.6 with an override from the
// overrides file, 2.5 with the adequacy decision (a trailer override and a
// translation-sync warning), 2.0 reconstructed and 1.0 from before git.

const (
	siteNB  = "https://docs.altinn.studio/nb/dpia/"
	siteEN  = "https://docs.altinn.studio/dpia/"
	commits = "https://github.com/Altinn/altinn-studio-docs/commit/"
)

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err) // fixture typo; never on input
	}
	return t
}

func eq(s string) align.Span  { return align.Span{Op: align.SpanEqual, Text: s} }
func ins(s string) align.Span { return align.Span{Op: align.SpanInsert, Text: s} }
func del(s string) align.Span { return align.Span{Op: align.SpanDelete, Text: s} }

// adequacyNB is the substantive change of 2.5 in the Norwegian summary.
func adequacyNB() classify.Change {
	return classify.Change{
		Op:          align.Modified,
		Class:       classify.Substantive,
		Reasons:     []string{"legal-reference", "date"},
		Explanation: "Ny henvisning til adekvansbeslutningen av 10. juli 2023 endrer grunnlaget for overføring til USA.",
		Topics:      []string{"adequacy-decision"},
		Section:     []string{"Sammendrag"},
		Anchor:      "sammendrag",
		Old:         &classify.Side{Text: "Denne versjonen tar ikke stilling til overføring av personopplysninger til USA.", Lines: [2]int{37, 37}},
		New: &classify.Side{Text: "Denne versjonen er oppdatert som følge av [adekvansbeslutningen](https://www.datatilsynet.no/) " +
			"datert 10. juli 2023 som gjelder for overføring av personopplysninger mellom EU/EØS og USA.", Lines: [2]int{37, 40}},
		Inline: []align.Span{
			eq("Denne versjonen "), del("tar ikke stilling til"), ins("er oppdatert som følge av adekvansbeslutningen datert 10. juli 2023 som gjelder for"),
			eq(" overføring av personopplysninger "), del("til"), ins("mellom EU/EØS og"), eq(" USA."),
		},
		Fingerprint: "a1b2c3d4",
	}
}

func fixture() *release.Changelog {
	summaryNB := func(ch ...classify.Change) classify.DocumentDiff {
		return classify.DocumentDiff{Path: "content/dpia/_index.nb.md", Lang: "nb", URL: siteNB, Status: "modified", Class: classMax(ch), Changes: ch}
	}
	cloudNB := func(ch ...classify.Change) classify.DocumentDiff {
		return classify.DocumentDiff{Path: "content/dpia/about-use-of-cloud/_index.nb.md", Lang: "nb", URL: siteNB + "about-use-of-cloud/", Status: "modified", Class: classMax(ch), Changes: ch}
	}
	summaryEN := func(ch ...classify.Change) classify.DocumentDiff {
		return classify.DocumentDiff{Path: "content/dpia/_index.en.md", Lang: "en", URL: siteEN, Status: "modified", Class: classMax(ch), Changes: ch}
	}
	linkTarget := classify.Change{
		Op: align.Modified, Class: classify.Editorial, Reasons: []string{"link-target"},
		Explanation: "Bare lenkemålet er endret; teksten er den samme.",
		Section:     []string{"Sammendrag"}, Anchor: "sammendrag",
		Old:         &classify.Side{Text: "Vi tar for oss de registrertes rettigheter i [kapittel 4](../privacy-assessments).", Lines: [2]int{21, 21}},
		New:         &classify.Side{Text: "Vi tar for oss de registrertes rettigheter i [kapittel 4](../privacy-assessments/).", Lines: [2]int{21, 21}},
		Inline:      []align.Span{eq("Vi tar for oss de registrertes rettigheter i kapittel 4.")},
		Fingerprint: "e5f6a7b8",
	}
	return &release.Changelog{
		Schema:    release.Schema,
		Title:     release.Text{"nb": "Endringslogg for DPIA Altinn 3", "en": "Change log of the Altinn 3 DPIA"},
		Languages: []string{"nb", "en"},
		Versions: []release.Version{
			{
				ID: "unreleased", Class: classify.Editorial, Counts: release.Counts{Editorial: 1},
				Entries: []changes.Entry{{
					Commit: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432", Parents: []string{"1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"},
					Date: day("2024-06-03T09:12:00+02:00"), Author: "Ola Nordmann", Subject: "Rett skrivefeil i sammendraget",
					URL: commits + "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432", Class: classify.Editorial,
					Documents: []classify.DocumentDiff{summaryNB(classify.Change{
						Op: align.Modified, Class: classify.Editorial, Reasons: []string{"spelling"},
						Explanation: "Retting av skrivefeil.", Section: []string{"Sammendrag"}, Anchor: "sammendrag",
						Old:         &classify.Side{Text: "valget av en skytjenesteleverandr for drift", Lines: [2]int{6, 6}},
						New:         &classify.Side{Text: "valget av en skytjenesteleverandør for drift", Lines: [2]int{6, 6}},
						Inline:      []align.Span{eq("valget av en "), del("skytjenesteleverandr"), ins("skytjenesteleverandør"), eq(" for drift")},
						Fingerprint: "0badc0de",
					})},
				}},
			},
			{
				ID: "2.6", Date: "2024-03-15", Class: classify.Substantive, Counts: release.Counts{Substantive: 1, Editorial: 2},
				Title:    release.Text{"nb": "Oppdatert risikovurdering", "en": "Updated risk assessment"},
				Summary:  release.Text{"nb": "Ny vurdering av tilgangskontroll i Altinn 3.", "en": "A new assessment of access control in Altinn 3."},
				Revision: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d", Source: "versions-file",
				Entries: []changes.Entry{
					{
						Commit: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d", Date: day("2024-03-14T14:30:00+01:00"),
						Author: "Kari Nordmann", Subject: "Oppdater risikovurdering for tilgangskontroll",
						URL: commits + "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d", Class: classify.Substantive,
						Documents: []classify.DocumentDiff{{
							Path: "content/dpia/about-security-in-altinn/_index.nb.md", Lang: "nb", URL: siteNB + "about-security-in-altinn/",
							Status: "modified", Class: classify.Substantive,
							Changes: []classify.Change{
								{
									Op: align.Added, Class: classify.Substantive, Reasons: []string{"added-obligation"},
									Explanation: "Nytt avsnitt pålegger tjenesteeiere å gjennomgå tilganger hvert kvartal.",
									Topics:      []string{"access-control"},
									Section:     []string{"5 Om sikkerhet i Altinn", "5.2 Tilgangskontroll"}, Anchor: "52-tilgangskontroll",
									New:         &classify.Side{Text: "Tjenesteeiere skal gjennomgå tildelte tilganger minst hvert kvartal.", Lines: [2]int{44, 44}},
									Fingerprint: "c0ffee01",
								},
								{
									Op: align.Modified, Class: classify.Editorial, Reasons: []string{"date"},
									Explanation: "Årstallet er rettet.",
									Section:     []string{"5 Om sikkerhet i Altinn", "5.1 Risikovurdering"}, Anchor: "51-risikovurdering",
									Old:         &classify.Side{Text: "Risikovurderingen ble sist oppdatert i 2203.", Lines: [2]int{30, 30}},
									New:         &classify.Side{Text: "Risikovurderingen ble sist oppdatert i 2023.", Lines: [2]int{30, 30}},
									Inline:      []align.Span{eq("Risikovurderingen ble sist oppdatert i "), del("2203."), ins("2023.")},
									Fingerprint: "c0ffee02",
									Override:    &classify.Override{From: classify.Substantive, Source: "overrides-file", Reason: "Retting av skrivefeil i årstallet; innholdet er uendret."},
								},
							},
						}},
					},
					{
						Commit: "77aa88bb99cc00dd11ee22ff33aa44bb55cc66dd", Date: day("2024-03-10T10:00:00+01:00"),
						Author: "Ola Nordmann", Subject: "Fix links in the English summary",
						URL: commits + "77aa88bb99cc00dd11ee22ff33aa44bb55cc66dd", Class: classify.Editorial,
						Documents: []classify.DocumentDiff{summaryEN(classify.Change{
							Op: align.Modified, Class: classify.Editorial, Reasons: []string{"link-target"},
							Explanation:  "Only the link target changed; the text is the same.",
							Explanations: map[string]string{"nb": "Bare lenkemålet i den engelske teksten er endret."},
							Section:      []string{"Summary"}, Anchor: "summary",
							Old:         &classify.Side{Text: "In [chapter 4](../privacy-assessments) we address the rights of the data subjects.", Lines: [2]int{21, 21}},
							New:         &classify.Side{Text: "In [chapter 4](../privacy-assessments/) we address the rights of the data subjects.", Lines: [2]int{21, 21}},
							Inline:      []align.Span{eq("In chapter 4 we address the rights of the data subjects.")},
							Fingerprint: "d00dfeed",
						})},
					},
				},
			},
			{
				ID: "2.5", Date: "2023-09-01", Class: classify.Substantive, Counts: release.Counts{Substantive: 3, Editorial: 1},
				Title:   release.Text{"nb": "Adekvansbeslutningen", "en": "The adequacy decision"},
				Summary: release.Text{"nb": "Oppdatert etter EUs adekvansbeslutning for USA.", "en": "Updated after the EU adequacy decision for the USA."},
				Topics:  []string{"adequacy-decision"}, Revision: "5e6f708192a3b4c5d6e7f8091a2b3c4d1a2b3c4d", Source: "tag",
				Entries: []changes.Entry{
					{
						Commit: "5e6f708192a3b4c5d6e7f8091a2b3c4d1a2b3c4d", Date: day("2023-08-31T16:05:00+02:00"),
						Author: "Kari Nordmann", Subject: "Update the English summary after the adequacy decision",
						URL: commits + "5e6f708192a3b4c5d6e7f8091a2b3c4d1a2b3c4d", Class: classify.Substantive,
						Documents: []classify.DocumentDiff{summaryEN(classify.Change{
							Op: align.Modified, Class: classify.Substantive, Reasons: []string{"legal-reference", "date"},
							Explanation: "A new reference to the adequacy decision of 10 July 2023 changes the basis for transfers to the USA.",
							Topics:      []string{"adequacy-decision"}, Section: []string{"Summary"}, Anchor: "summary",
							Old: &classify.Side{Text: "This version does not address transfers of personal data to the USA.", Lines: [2]int{37, 37}},
							New: &classify.Side{Text: "This version is updated following the adequacy decision of 10 July 2023 on transfers of personal data between the EU/EEA and the USA.", Lines: [2]int{37, 39}},
							Inline: []align.Span{
								eq("This version "), del("does not address"), ins("is updated following the adequacy decision of 10 July 2023 on"),
								eq(" transfers of personal data "), del("to"), ins("between the EU/EEA and"), eq(" the USA."),
							},
							Fingerprint: "feedbeef",
						})},
					},
					{
						Commit: "3c4d1a2b5e6f708192a3b4c5d6e7f8091a2b3c4d", Date: day("2023-08-30T11:45:00+02:00"),
						Author: "Kari Nordmann", Subject: "Oppdater DPIA etter adekvansbeslutningen",
						URL: commits + "3c4d1a2b5e6f708192a3b4c5d6e7f8091a2b3c4d", Class: classify.Substantive,
						Documents: []classify.DocumentDiff{
							summaryNB(adequacyNB(), linkTarget),
							cloudNB(classify.Change{
								Op: align.Added, Class: classify.Substantive, Reasons: []string{"legal-reference"},
								Explanation: "Nytt avsnitt om overføring til USA under EU–US Data Privacy Framework.",
								Topics:      []string{"adequacy-decision", "third-country-transfer"},
								Section:     []string{"3 Om bruk av skytjenester", "3.3 Overføring til tredjeland"}, Anchor: "33-overføring-til-tredjeland",
								New:         &classify.Side{Text: "Microsoft er sertifisert under EU–US Data Privacy Framework.", Lines: [2]int{58, 58}},
								Fingerprint: "abad1dea",
								Override:    &classify.Override{From: classify.Editorial, Source: "trailer", Reason: "Sertifiseringen endrer grunnlaget for overføringen."},
							}),
						},
					},
				},
			},
			{
				ID: "2.0", Date: "2022-06-20", Class: classify.Substantive, Counts: release.Counts{Substantive: 1},
				Title:         release.Text{"nb": "Første publisering på nett", "en": "First published online"},
				Note:          release.Text{"nb": "Teksten er rekonstruert fra PDF-utgaven; endringer før 2.0 er ikke sporet ord for ord.", "en": "The text is reconstructed from the PDF edition; changes before 2.0 are not tracked word by word."},
				Reconstructed: true, Source: "versions-file", Revision: "0011223344556677889900112233445566778899",
				Entries: []changes.Entry{{
					Commit: "0011223344556677889900112233445566778899", Date: day("2022-06-20T08:00:00+02:00"),
					Author: "Digdir", Subject: "Importer DPIA versjon 2.0", Class: classify.Substantive,
					Documents: []classify.DocumentDiff{{
						Path: "content/dpia/_index.nb.md", Lang: "nb", Status: "added", Class: classify.Substantive,
						Changes: []classify.Change{{
							Op: align.Added, Class: classify.Substantive, Reasons: []string{"added-section"},
							Explanation: "Sammendraget er nytt i denne versjonen.", Section: []string{"Sammendrag"}, Anchor: "sammendrag",
							New:         &classify.Side{Text: "Digitaliseringsdirektoratet (Digdir) har valgt å gjennomføre en vurdering av personvernkonsekvenser (DPIA).", Lines: [2]int{6, 7}},
							Fingerprint: "5eed5eed",
						}},
					}},
				}},
			},
			{
				ID: "1.0", Date: "2021-11-01", Historical: true, Class: classify.None, Source: "versions-file",
				Title: release.Text{"nb": "Første versjon (PDF)", "en": "First version (PDF)"},
			},
		},
		Warnings: []release.Warning{{
			Kind: "translation-sync", Version: "2.5", Path: "content/dpia/about-use-of-cloud/_index.en.md",
			Anchor:  "33-transfer-to-third-countries",
			Message: "section 3.3 changed in substance in nb (content/dpia/about-use-of-cloud/_index.nb.md) but not in en",
		}},
	}
}

func classMax(ch []classify.Change) classify.Class {
	c := classify.None
	for _, x := range ch {
		c = classify.Max(c, x.Class)
	}
	return c
}

// fixtureDiff is the diff of the documents of 2.5: what `redline diff v2.0
// v2.5` shows.
func fixtureDiff() classify.Diff {
	v := fixture().Versions[2]
	var d classify.Diff
	for _, e := range v.Entries {
		d.Documents = append(d.Documents, e.Documents...)
		d.Class = classify.Max(d.Class, e.Class)
	}
	return d
}

// fixtureEntries are all entries, newest first, as `redline log` gets them.
func fixtureEntries() []changes.Entry {
	var out []changes.Entry
	for _, v := range fixture().Versions {
		out = append(out, v.Entries...)
	}
	return out
}
