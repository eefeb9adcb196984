package classify

import (
	"slices"
	"strings"
	"testing"
)

func TestPair(t *testing.T) {
	r := Default()
	for _, tc := range []struct {
		name, lang, old, new string
		class                Class
		reasons              []string // exactly these
		explanation          string   // when set, exactly this
	}{
		// Setext headings: the underline's length follows the title's.
		{"setext title made bold", "en", "Monetized Streamer Agreement ============================", "**Monetized Streamer Agreement** ================================",
			Editorial, []string{"markup"}, "editorial: only the formatting changed"},
		{"setext underline on its own line", "nb", "Behandlingsgrunnlag\n---", "Behandlingsgrunnlag\n-------------------",
			Editorial, []string{"markup"}, ""},
		{"setext title reworded", "en", "Data retention =============", "Data deletion ============",
			Substantive, []string{"processing"}, "substantive: the processing operation changed: retention -> deletion"},
		// Protected one-character edits.
		{"article number", "nb", "Databehandleravtalen oppfyller kravene i artikkel 28.", "Databehandleravtalen oppfyller kravene i artikkel 26.",
			Substantive, []string{"legal-reference"}, "substantive: the legal reference changed: artikkel 28 -> artikkel 26"},
		{"kan to kun", "nb", "Tjenesteeier kan bruke løsningen til dette formålet.", "Tjenesteeier kun bruke løsningen til dette formålet.",
			Substantive, []string{"modal"}, "substantive: the modal verb changed: kan -> kun"},
		{"skal ikke to kan", "nb", "Digdir skal ikke overføre personopplysninger ut av EØS.", "Digdir kan overføre personopplysninger ut av EØS.",
			Substantive, []string{"modal", "negation"}, "substantive: a negation changed: skal ikke -> kan; also: the modal verb changed"},
		{"role", "nb", "Microsoft opptrer som underdatabehandler for Digdir.", "Microsoft opptrer som databehandler for Digdir.",
			Substantive, []string{"role"}, "substantive: the role changed: underdatabehandler -> databehandler"},
		{"name shortened", "nb", "Altinn driftes på Microsoft Azure i Norge.", "Altinn driftes på Microsoft i Norge.",
			Substantive, []string{"name"}, "substantive: a name changed: Microsoft Azure -> Microsoft"},
		{"ikkje", "nn", "Vi overfører ikkje opplysningar til USA.", "Vi overfører opplysningar til USA.",
			Substantive, []string{"negation"}, ""},
		{"duration", "nb", "Loggene lagres i 30 dager.", "Loggene lagres i 90 dager.",
			Substantive, []string{"duration"}, "substantive: a duration changed: 30 dager -> 90 dager"},
		{"date", "nb", "Adekvansbeslutningen er datert 10. juli 2023.", "Adekvansbeslutningen er datert 11. juli 2023.",
			Substantive, []string{"date"}, "substantive: a date changed: 10. juli 2023 -> 11. juli 2023"},
		{"number", "nb", "Altinn har 400 tjenesteeiere.", "Altinn har 450 tjenesteeiere.",
			Substantive, []string{"number"}, ""},
		{"section sign", "nb", "Se personopplysningsloven § 8.", "Se personopplysningsloven § 9.",
			Substantive, []string{"legal-reference"}, ""},
		{"en article", "en", "Transfers rely on Article 46 safeguards.", "Transfers rely on Article 49 safeguards.",
			Substantive, []string{"legal-reference"}, ""},
		{"en must not", "en", "The processor must not engage another processor.", "The processor may engage another processor.",
			Substantive, []string{"modal", "negation"}, ""},
		{"en sub-processor", "en", "Microsoft acts as a sub-processor.", "Microsoft acts as a processor.",
			Substantive, []string{"role"}, ""},
		{"prose added", "nb", "Altinn er en plattform for digitale tjenester.", "Altinn er en plattform for digitale tjenester. Plattformen utvikles som åpen kildekode og driftes i skyen.",
			Substantive, []string{"prose-added"}, ""},
		{"prose removed", "nb", "Altinn er en plattform for digitale tjenester. Plattformen utvikles som åpen kildekode og driftes i skyen.", "Altinn er en plattform for digitale tjenester.",
			Substantive, []string{"prose-removed"}, ""},
		{"whole paragraph added", "nb", "", "Digdir vil fortsette å gjøre løpende vurderinger av risiko.",
			Substantive, []string{"prose-added"}, "substantive: a paragraph was added (9 words)"},
		{"wording", "nb", "Vi lagrer personopplysninger i skyen.", "Vi lagrer og analyserer personopplysninger i skyen.",
			Substantive, []string{"wording"}, ""},
		{"acronym for another name", "nb", "Dataene lagres i EØS.", "Dataene lagres i USA.",
			Substantive, []string{"name"}, ""},
		{"acronym whose letters differ", "en", "The data stays in the EU.", "The data stays in the Economic Area.",
			Substantive, []string{"name"}, ""},

		// Editorial.
		{"acronym written out", "en", "Data stays in the EEA.", "Data stays in the European Economic Area.",
			Editorial, []string{"same-reference"}, ""},
		{"acronym for the name", "nb", "Dataene lagres i Det europeiske økonomiske samarbeidsområdet.", "Dataene lagres i EØS.",
			Editorial, []string{"same-reference"}, ""},
		{"reflow", "nb", "Altinn er en\nplattform for tjenester.", "Altinn er en plattform\nfor tjenester.",
			Editorial, []string{"whitespace"}, "editorial: reflowed; the words are unchanged"},
		// Without the page's URL, a relative target cannot be resolved,
		// so nothing proves it the same (TestLinkTargets has the page).
		{"link target without a page", "nb", "I [kapittel 1](../introduction) skriver vi mer.", "I [kapittel 1](/nb/dpia/introduction/) skriver vi mer.",
			Substantive, []string{"link-destination"}, "substantive: a link now points to another resource: ../introduction -> /nb/dpia/introduction/"},
		{"link scheme", "nb", "Se [loven](http://lovdata.no/lov/2018-06-15-38).", "Se [loven](https://lovdata.no/lov/2018-06-15-38/).",
			Editorial, []string{"link-target"}, "editorial: only the link target changed, to the same resource: http://lovdata.no/lov/2018-06-15-38 -> https://lovdata.no/lov/2018-06-15-38/"},
		{"link to another provision", "nb", "Se [retten til sletting](https://lovdata.no/lov/2018-06-15-38/gdpr/a17).", "Se [retten til sletting](https://lovdata.no/lov/2018-06-15-38/gdpr/a21).",
			Substantive, []string{"legal-reference"}, ""},
		{"ref shortcode", "nb", `Se {{< ref "a.md" >}} for detaljer.`, `Se {{< ref "b.md" >}} for detaljer.`,
			Substantive, []string{"link-destination"}, ""},
		{"image replaced", "nb", "![Arkitektur](arkitektur-v1.png)", "![Arkitektur](arkitektur-v2.png)",
			Substantive, []string{"link-destination"}, ""},
		{"shortcode argument", "nb", `{{< include file="v1.md" >}}`, `{{< include file="v2.md" >}}`,
			Substantive, []string{"shortcode"}, ""},
		{"shortcode style", "nb", `{{< alert style="info" >}}Husk å logge ut.{{< /alert >}}`, `{{< alert style="warning" >}}Husk å logge ut.{{< /alert >}}`,
			Editorial, []string{"markup"}, ""},
		{"attribute list", "nb", "Lagringstid {: #lagring }", "Lagringstid {: #lagringstid .merknad }",
			Editorial, []string{"markup"}, ""},
		{"attribute list added", "nb", "Loggene lagres i to år.", "Loggene lagres i to år. {: .merknad }",
			Editorial, []string{"markup"}, ""},
		{"attribute list removed", "nb", "## Lagringstid {: .cls }", "## Lagringstid",
			Editorial, []string{"markup"}, ""},
		{"attribute list after closing hashes", "nb", "## Lagringstid ##", "## Lagringstid ## {: #lagring }",
			Editorial, []string{"markup"}, ""},
		{"attribute list on its own line", "en", "Logs are kept for two years.", "Logs are kept for two years.\n{: .note }",
			Editorial, []string{"markup"}, ""},
		{"date another form", "nb", "Avtalen gjelder fra 30. januar 2023.", "Avtalen gjelder fra 30.01.2023.",
			Editorial, []string{"same-reference"}, ""},
		{"number in words", "nb", "Loggene lagres i to år.", "Loggene lagres i 2 år.",
			Editorial, []string{"same-reference"}, ""},
		{"legal reference form", "nb", "Dette følger av art. 13 GDPR.", "Dette følger av artikkel 13 i personvernforordningen.",
			Editorial, []string{"same-reference"}, ""},
		{"law name", "en", "We comply with the GDPR.", "We comply with the General Data Protection Regulation.",
			Editorial, []string{"same-reference"}, ""},
		{"built-in alias", "nn", "Digdir er behandlingsansvarleg.", "Digitaliseringsdirektoratet er behandlingsansvarleg.",
			Editorial, []string{"same-reference"}, ""},
		{"oxford comma", "en", "We share data with Mozilla, OneRep and HIBP.", "We share data with Mozilla, OneRep, and HIBP.",
			Editorial, []string{"punctuation"}, ""},
		{"comma joins items", "nb", "Vi lagrer navn, adresse og telefonnummer.", "Vi lagrer navn adresse og telefonnummer.",
			Substantive, []string{"wording"}, ""},
		{"comma makes a category an item", "en", "We use our processors, Microsoft and Zendesk.", "We use our processors, Microsoft, and Zendesk.",
			Substantive, []string{"wording"}, ""},
		{"item removed", "en", "We share data with Mozilla, OneRep, and HIBP.", "We share data with Mozilla and HIBP.",
			Substantive, []string{"wording"}, ""},
		{"qualifier removed", "en", "Data is encrypted at rest and in transit.", "Data is encrypted at rest.",
			Substantive, []string{"prose-removed"}, ""},
		{"markup", "nb", "Dette er **viktig** for personvernet.", "Dette er _viktig_ for personvernet.",
			Editorial, []string{"markup"}, "editorial: only the formatting changed"},
		{"shortcode wrapper", "nb", "Dette er viktig.", "{{< hint >}}Dette er viktig.{{< /hint >}}",
			Editorial, []string{"markup"}, ""},
		{"capitalisation", "nb", "vi bruker skytjenester.", "Vi bruker skytjenester.",
			Editorial, []string{"capitalisation"}, ""},
		{"punctuation", "nb", "Altinn, som er en plattform, brukes av mange.", "Altinn som er en plattform brukes av mange.",
			Editorial, []string{"punctuation"}, ""},
		{"spelling split", "en", "The responsegenerator is a neural model.", "The response generator is a neural model.",
			Editorial, []string{"spelling"}, ""},
		{"typography", "nb", `Vi kaller dette "skyreisen" - og den er lang.`, "Vi kaller dette «skyreisen» – og den er lang.",
			Editorial, []string{"typography"}, ""},
		{"doubled word", "nb", "Vi vil vil fortsette arbeidet.", "Vi vil fortsette arbeidet.",
			Editorial, []string{"doubled-word"}, ""},
		{"heading renumbered", "nb", "## 3.2 Bruk av databehandler", "## 3.3 Bruk av databehandler",
			Editorial, []string{"heading-renumbered"}, "editorial: the heading was renumbered: 3.2 -> 3.3"},
		{"lettered heading renumbered", "en", "## B. Scope", "## C. Scope",
			Editorial, []string{"heading-renumbered"}, "editorial: the heading was renumbered: B. -> C."},
		{"heading starting with a one-letter word", "en", "# A Guide to Cookies", "# A guide to cookies",
			Editorial, []string{"capitalisation"}, ""},
		{"one article for another", "en", "# A Guide to Cookies", "# The Guide to Cookies",
			Substantive, []string{"wording"}, ""},
		{"footnote ref", "nb", "Dette følger av loven.[^1]", "Dette følger av loven.[^2]",
			Editorial, []string{"footnote"}, ""},
		{"article before a name", "en", "We follow the GDPR closely.", "We follow GDPR closely.",
			Editorial, []string{"same-reference"}, ""},
		{"article says which", "en", "The data is stored in the cloud.", "The data is stored in a cloud.",
			Substantive, []string{"wording"}, ""},
		{"sign of a number", "en", "Call +47 22 00 00 00.", "Call 47 22 00 00 00.",
			Substantive, []string{"wording"}, ""},

		// One word for another is left to the content model, except the
		// DPIA traps: a processing operation or a legal basis put for
		// another decides (like a role or a modal); another form of the
		// same word or term does not.
		{"swap lagre slette", "nb", "Vi lagrer personopplysninger i skyen.", "Vi sletter personopplysninger i skyen.",
			Substantive, []string{"processing"}, "substantive: the processing operation changed: lagrer -> sletter"},
		{"swap samtykke avtale", "nb", "Behandlingen bygger på samtykke fra brukeren.", "Behandlingen bygger på avtale med brukeren.",
			Substantive, []string{"legal-basis"}, "substantive: the legal basis changed: samtykke fra -> avtale med"},
		{"swap store delete", "en", "We store personal data in the cloud.", "We delete personal data in the cloud.",
			Substantive, []string{"processing"}, "substantive: the processing operation changed: store -> delete"},
		{"processing and duration kept", "nb", "Opplysningene oppbevares i fem år.", "Opplysningene slettes etter fem år.",
			Substantive, []string{"processing"}, "substantive: the processing operation changed: oppbevares i -> slettes etter"},
		{"processing added", "nb", "Vi lagrer personopplysninger i skyen.", "Vi lagrer og deler personopplysninger i skyen.",
			Substantive, []string{"processing"}, ""},
		{"processing removed en", "en", "We collect and share usage data.", "We collect usage data.",
			Substantive, []string{"processing"}, "substantive: the processing operation changed: and share -> (nothing)"},
		{"processing nn", "nn", "Vi lagrar opplysningane i skya.", "Vi deler opplysningane i skya.",
			Substantive, []string{"processing"}, ""},
		{"legal basis en", "en", "The processing is based on consent.", "The processing is based on legitimate interest.",
			Substantive, []string{"legal-basis"}, "substantive: the legal basis changed: consent -> legitimate interest"},
		{"legal basis phrase nb", "nb", "Grunnlaget er en rettslig forpliktelse.", "Grunnlaget er allmennhetens interesse.",
			Substantive, []string{"legal-basis"}, ""},
		{"legal basis nn", "nn", "Behandlinga byggjer på samtykke.", "Behandlinga byggjer på avtale.",
			Substantive, []string{"legal-basis"}, ""},
		{"interval", "nb", "Digdir vurderer risiko hvert år.", "Digdir vurderer risiko annethvert år.",
			Substantive, []string{"duration"}, "substantive: a duration changed: hvert år -> annethvert år"},
		// One word for another without a proof is substantive: no model
		// makes it editorial.
		{"swap without a proof", "en", "President Bush attacked China in this speech.", "President Bush criticized China in this speech.",
			Substantive, []string{"wording"}, ""},
		{"words reordered", "en", "We evaluate the model on three datasets.", "On three datasets, we evaluate the model.",
			Substantive, []string{"capitalisation", "prose-added", "prose-removed"}, ""},
		// Precise protected rules: same value, same negation, a citation,
		// an acronym beside its expansion.
		{"cannot", "en", "The processor can not engage another processor.", "The processor cannot engage another processor.",
			Editorial, []string{"spelling"}, ""},
		{"don't", "en", "We don't share data.", "We do not share data.",
			Editorial, []string{"spelling"}, ""},
		{"number same value", "en", "The 7-year old system is replaced.", "The 7-year-old system is replaced.",
			Editorial, []string{"spelling"}, ""},
		{"citation year", "en", "Transformers work well (Devlin et al., 2019).", "Transformers work well (Devlin et al., 2018).",
			Substantive, []string{"wording"}, ""},
		{"citation added", "en", "Transformers work well.", "Transformers work well [12].",
			Substantive, []string{"wording"}, ""},
		{"acronym added", "en", "We study natural language processing tasks.", "We study natural language processing (NLP) tasks.",
			Editorial, []string{"same-reference"}, ""},
		{"name respelled", "en", "The World Anti Doping Agency tests athletes.", "The World Anti-Doping Agency tests athletes.",
			Editorial, []string{"spelling"}, ""},
		{"name replaced", "en", "The data is hosted by Microsoft in Europe.", "The data is hosted by Google in Europe.",
			Substantive, []string{"name"}, ""},
		{"name removed nb", "nb", "Digdir bruker Microsoft og Cloudflare som leverandører.", "Digdir bruker Microsoft som leverandører.",
			Substantive, []string{"name"}, ""},
		{"negation added", "en", "The data is shared with third parties.", "The data is not shared with third parties.",
			Substantive, []string{"negation"}, ""},
		{"number added", "en", "Logs are kept for a period.", "Logs are kept for a period of 90 days.",
			Substantive, []string{"duration"}, ""},
		{"abbreviation dots", "en", "Participants from the UK were selected.", "Participants from the U.K. were selected.",
			Editorial, []string{"spelling"}, ""},
		{"unchanged", "nb", "Samme tekst.", "Samme tekst.", None, nil, "none: no change"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, reasons, expl := r.Pair(tc.old, tc.new, tc.lang)
			if c != tc.class || !slices.Equal(reasons, tc.reasons) {
				t.Errorf("Pair = %s %v (%s), want %s %v", c, reasons, expl, tc.class, tc.reasons)
			}
			if tc.explanation != "" && expl != tc.explanation {
				t.Errorf("explanation\n got %q\nwant %q", expl, tc.explanation)
			}
			if !strings.HasPrefix(expl, string(c)+":") {
				t.Errorf("explanation %q does not start with the class", expl)
			}
		})
	}
}

// TestPairLexicon checks the proofs that rest on the system's lexicons:
// hunspell dictionaries and the thesauri. It skips where they are not
// installed (CI installs them).
func TestPairLexicon(t *testing.T) {
	r := Default()
	for _, tc := range []struct {
		name, lang, old, new string
		class                Class
		reasons              []string
		need                 string // "dictionary" or "thesaurus"
	}{
		{"spelling nb", "nb", "Vi behandler personopplysingner om brukerne.", "Vi behandler personopplysninger om brukerne.", Editorial, []string{"spelling"}, "dictionary"},
		{"spelling en", "en", "We recieve your request.", "We receive your request.", Editorial, []string{"spelling"}, "dictionary"},
		{"spelling transposed nn", "nn", "Digdir har ikkej tilgang.", "Digdir har ikkje tilgang.", Editorial, []string{"spelling"}, "dictionary"},
		{"not spelling: no word", "en", "We collect more data.", "We collect more12 data.", Substantive, []string{"wording"}, "dictionary"},
		{"not spelling: another word", "en", "Fill in the form below.", "Fill in the from below.", Substantive, []string{"wording"}, "dictionary"},
		{"inflection nb", "nb", "Vi drøfter problemstillingene nedenfor.", "Vi drøfter problemstillinger nedenfor.", Editorial, []string{"inflection"}, "dictionary"},
		{"passive nb", "nb", "Personopplysningene lagres i skyen.", "Personopplysningene blir lagret i skyen.", Editorial, []string{"inflection"}, "dictionary"},
		{"article before a company", "en", "We use a Microsoft service.", "We use Microsoft services.", Substantive, []string{"inflection", "wording"}, "dictionary"},
		// One interest or several: the article's going is not proven.
		{"plural with article", "en", "It relies on a legitimate interest.", "It relies on legitimate interests.", Substantive, []string{"inflection", "wording"}, "dictionary"},
		{"synonym en", "en", "You can purchase a licence.", "You can buy a licence.", Editorial, []string{"synonym"}, "thesaurus"},
		{"antonym en", "en", "We apply strict rules.", "We apply lenient rules.", Substantive, []string{"antonym"}, "thesaurus"},
		{"not synonyms en", "en", "Controllers act individually.", "Controllers act jointly.", Substantive, []string{"wording"}, "thesaurus"},
		{"direction en", "en", "Data flows from users.", "Data flows from owners.", Substantive, []string{"wording"}, "thesaurus"},
		{"synonym nb", "nb", "Vi benytter skytjenester.", "Vi bruker skytjenester.", Editorial, []string{"synonym"}, "thesaurus"},
		{"not synonyms nb", "nb", "Reglene er strengere nå.", "Reglene er mildere nå.", Substantive, []string{"wording"}, "thesaurus"},
		{"yes and no nb", "nb", "Samtykke: ja", "Samtykke: nei", Substantive, []string{"wording"}, "thesaurus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lex := r.Lexicons()
			if lex == nil || tc.need == "dictionary" && !lex.HasDictionary(tc.lang) || tc.need == "thesaurus" && !lex.HasThesaurus(tc.lang) {
				t.Skipf("no %s for %s installed (apt-get install hunspell-no hunspell-en-us mythes-no wordnet-base)", tc.need, tc.lang)
			}
			c, reasons, expl := r.Pair(tc.old, tc.new, tc.lang)
			if c != tc.class || !slices.Equal(reasons, tc.reasons) {
				t.Errorf("Pair = %s %v (%s), want %s %v", c, reasons, expl, tc.class, tc.reasons)
			}
		})
	}
}

// Moving a protected word within a paragraph is not a change to it.
func TestPairProtectedMoved(t *testing.T) {
	r := Default()
	c, reasons, _ := r.Pair("Microsoft er databehandler for Digdir.", "For Digdir er Microsoft databehandler.", "nb")
	for _, reason := range reasons {
		if reason == "name" || reason == "role" {
			t.Errorf("Pair = %s %v: a name or role that only moved is reported", c, reasons)
		}
	}
}

func TestPairSymmetric(t *testing.T) {
	r := Default()
	pairs := [][2]string{
		{"Digdir kan overføre data.", "Digdir kun overføre data."},
		{"Vi lagrer data i skyen.", "Vi lagrer data i skyen i Norge og i Sverige."},
	}
	for _, p := range pairs {
		a, _, _ := r.Pair(p[0], p[1], "nb")
		b, _, _ := r.Pair(p[1], p[0], "nb")
		if a != Substantive || b != Substantive {
			t.Errorf("%q <-> %q: %s / %s, want substantive both ways", p[0], p[1], a, b)
		}
	}
}

func TestExtend(t *testing.T) {
	r := Default()
	if err := r.Extend(Extension{
		Words:  map[string][]string{"name": {"cloudflare"}, "modal.nb": {"trenger"}},
		Topics: map[string][]string{"logging": {"logg*", "audit log"}},
	}); err != nil {
		t.Fatal(err)
	}
	if c, reasons, _ := r.Pair("Vi trenger å lagre data.", "Vi ønsker å lagre data.", "nb"); c != Substantive || !slices.Contains(reasons, "modal") {
		t.Errorf("extended modal: %s %v", c, reasons)
	}
	if got := r.topicsOf("Loggene lagres i 30 dager."); !slices.Equal(got, []string{"logging"}) {
		t.Errorf("topics = %v, want [logging]", got)
	}
	// Default is untouched by extending another value.
	if got := Default().topicsOf("Loggene lagres."); len(got) != 0 {
		t.Errorf("Default() topics = %v after Extend on another value", got)
	}

	// A processing term added by configuration decides like a built-in one.
	scan, shred := "Vi skanner dokumentene etter bruk.", "Vi makulerer dokumentene etter bruk."
	if _, reasons, _ := Default().Pair(scan, shred, "nb"); slices.Contains(reasons, "processing") {
		t.Fatalf("built-in rules already call makulere processing: %v", reasons)
	}
	if err := r.Extend(Extension{Words: map[string][]string{"processing.nb": {"makulere|makulering|makulert"}}}); err != nil {
		t.Fatal(err)
	}
	if c, reasons, _ := r.Pair(scan, shred, "nb"); c != Substantive || !slices.Equal(reasons, []string{"processing"}) {
		t.Errorf("extended processing: %s %v", c, reasons)
	}
	if _, reasons, _ := r.Pair("Dokumentene makuleres.", "Dokumentene ble makulert.", "nb"); slices.Contains(reasons, "processing") {
		t.Errorf("another form of an extended term: %v, want no processing change", reasons)
	}

	for _, tc := range []struct {
		ext  Extension
		want string
	}{
		{Extension{Words: map[string][]string{"legal-basis": {"samtykke||avtale"}}}, `form "" has no word`},
		{Extension{Words: map[string][]string{"modals": {"x"}}}, `unknown word list "modals"`},
		{Extension{Words: map[string][]string{"modal": {"*"}}}, `entry "*"`},
		{Extension{Topics: map[string][]string{"Bad Topic": {"x"}}}, `topic "Bad Topic"`},
		{Extension{Topics: map[string][]string{"t": {"  "}}}, `pattern "  "`},
	} {
		err := Default().Extend(tc.ext)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Extend(%v) = %v, want error mentioning %s", tc.ext, err, tc.want)
		}
	}
}

func TestTopics(t *testing.T) {
	r := Default()
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Denne versjonen er oppdatert som følge av adekvansbeslutningen datert 10. juli 2023.", []string{"adequacy-decision"}},
		{"The EU-US Data Privacy Framework applies.", []string{"adequacy-decision"}},
		{"Etter Schrems II-dommen", []string{"schrems-ii"}},
		{"Microsoft bruker underdatabehandlere.", []string{"subprocessors"}},
		{"Behandlingsgrunnlaget er artikkel 6.", []string{"legal-basis"}},
		{"Overføring av personopplysninger til tredjeland", []string{"transfers"}},
		{"Schrems III er ikke et tema", nil}, // word boundary: "schrems ii" does not match "schrems iii"
	} {
		if got := r.topicsOf(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("topicsOf(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	var got []string
	for _, tk := range tokenize("Se § 8 (3.2) i sub-processor-avtalen, don't 1,5 t.") {
		got = append(got, tk.text)
	}
	want := []string{"Se", "§", "8", "(", "3.2", ")", "i", "sub-processor-avtalen", ",", "don't", "1,5", "t", "."}
	if !slices.Equal(got, want) {
		t.Errorf("tokenize = %q, want %q", got, want)
	}
}

func FuzzPair(f *testing.F) {
	f.Add("Digdir kan overføre data etter artikkel 28.", "Digdir kun overføre data etter artikkel 26.")
	f.Add("I [kapittel 1](../a) skriver vi", "I [kapittel 1](../b) skriver vi")
	f.Add("## 3.2 Bruk", "## 3.3 Bruk")
	f.Add("[^1]: Se {{< ref \"x\" >}}", "![a](b) <b>x</b> ~~y~~ `z`")
	r := Default()
	f.Fuzz(func(t *testing.T, old, new string) {
		c, reasons, expl := r.Pair(old, new, "nb")
		if !strings.HasPrefix(expl, string(c)+":") {
			t.Fatalf("explanation %q does not start with class %s", expl, c)
		}
		if (old == new) != (c == None) {
			t.Fatalf("Pair(%q, %q) = %s", old, new, c)
		}
		if !slices.IsSorted(reasons) {
			t.Fatalf("reasons not sorted: %v", reasons)
		}
		c2, reasons2, expl2 := r.Pair(old, new, "nb")
		if c2 != c || !slices.Equal(reasons, reasons2) || expl2 != expl {
			t.Fatal("Pair is not deterministic")
		}
	})
}

// FuzzSameWords checks the allocation-free comparison against the plain
// definition: the texts' white-space-separated fields are equal.
func FuzzSameWords(f *testing.F) {
	for _, s := range [][2]string{
		{"a b", "a  b"}, {" a\tb\n", "a b"}, {"ab", "a b"}, {"", " "}, {"a\u00a0b", "a b"},
		{"a\u0085b", "a\u2028b"}, {"\xff a", "\xff\ta"}, {"a b", "a b c"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		want := collapseSpace(a) == collapseSpace(b)
		if got := sameWords(a, b); got != want {
			t.Errorf("sameWords(%q, %q) = %v, want %v", a, b, got, want)
		}
		if got, want := blank(a), collapseSpace(a) == ""; got != want {
			t.Errorf("blank(%q) = %v, want %v", a, got, want)
		}
	})
}

func TestFingerprint(t *testing.T) {
	a, b := Default(), Default()
	if a.Fingerprint() != b.Fingerprint() {
		t.Fatal("two Default rules have different fingerprints")
	}
	if err := b.Extend(Extension{Words: map[string][]string{"modal.nb": {"plikter å"}}}); err != nil {
		t.Fatal(err)
	}
	if a.Fingerprint() == b.Fingerprint() {
		t.Error("extending the rules left the fingerprint unchanged")
	}
	c := Default()
	c.Limits.MaxBytes++
	if a.Fingerprint() == c.Fingerprint() {
		t.Error("changing a limit left the fingerprint unchanged")
	}
}
