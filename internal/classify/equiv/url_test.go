package equiv

import "testing"

func TestSameURL(t *testing.T) {
	const page = "https://info.altinn.no/nb/dpia/summary/"
	tests := []struct {
		a, b, base string
		want       bool
	}{
		// Relative targets against the page.
		{"../introduction", "https://info.altinn.no/nb/dpia/introduction/", page, true},
		{"../introduction/", "/nb/dpia/introduction", page, true},
		{"introduction/", "https://info.altinn.no/nb/dpia/summary/introduction", page, true},
		{"./x", "x", page, true},
		{"./x", "x/", page, true},
		{"/nb/dpia/x", "https://info.altinn.no/nb/dpia/x/", page, true},
		{"/nb/dpia/x", "http://www.info.altinn.no:80/nb/dpia/x/index.html", page, true},
		{"../introduction", "https://info.altinn.no/nb/dpia/summary/../introduction", page, true},
		{"#top", "https://info.altinn.no/nb/dpia/summary/#top", page, true},
		{"", "https://info.altinn.no/nb/dpia/summary/", page, true},
		{"../introduction", "../introduction", "https://info.altinn.no/nb/dpia/summary", true},
		{"../introduction", "/nb/dpia/introduction", "https://info.altinn.no/nb/dpia/summary", true}, // a page is a directory
		{"x", "/nb/dpia/x", "https://info.altinn.no/nb/dpia/page.html", true},
		{"../introduction", "/nb/introduction", page, false},
		{"introduction", "../introduction", page, false},
		{"#top", "#bottom", page, false},
		{"#top", "", page, false},
		{"?a=1", "", page, false},
		// Absolute targets.
		{"https://a.no/x", "https://a.no/x", "", true},
		{"http://a.no/x", "https://a.no/x", "", true},
		{"https://A.NO/x", "https://a.no/x", "", true},
		{"HTTPS://a.no/x", "https://a.no/x", "", true},
		{"https://www.a.no/x", "https://a.no/x", "", true},
		{"https://a.no:443/x", "https://a.no/x", "", true},
		{"http://a.no:80/x", "https://a.no/x", "", true},
		{"https://a.no./x", "https://a.no/x", "", true},
		{"https://a.no/x/", "https://a.no/x", "", true},
		{"https://a.no", "https://a.no/", "", true},
		{"https://a.no/x/index.html", "https://a.no/x/", "", true},
		{"https://a.no/index.htm", "https://a.no", "", true},
		{"https://a.no/%7Ex", "https://a.no/~x", "", true},
		{"https://a.no/%c3%a6", "https://a.no/%C3%A6", "", true},
		{"https://a.no/æ", "https://a.no/%C3%A6", "", true},
		{"https://a.no/a%20b", "https://a.no/a b", "", true},
		{"https://a.no/x?", "https://a.no/x", "", true},
		{"https://a.no/x?b=2&a=1", "https://a.no/x?a=1&b=2", "", true},
		{"https://a.no/x#", "https://a.no/x", "", true},
		{"https://a.no/a/../x", "https://a.no/x", "", true},
		{"https://a.no/./x", "https://a.no/x", "", true},
		{"https://blåbær.no/", "https://xn--blbr-roah.no", "", true},
		{"<https://a.no/x>", "https://a.no/x", "", true},
		{" https://a.no/x ", "https://a.no/x", "", true},
		{"//a.no/x", "https://a.no/x", "", true},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_gdpr-3#gdpr/a17", "https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_gdpr-3#gdpr/a17", "", true},
		{"https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_gdpr-3#gdpr/a17", "https://lovdata.no/dokument/NL/lov/2018-06-15-38/KAPITTEL_gdpr-3#gdpr/a21", "", false},
		{"https://a.no/x", "https://b.no/x", "", false},
		{"https://a.no/x", "https://a.no/y", "", false},
		{"https://a.no/X", "https://a.no/x", "", false}, // paths are case-sensitive
		{"https://a.no/x", "https://a.no/x#top", "", false},
		{"https://a.no/x#Top", "https://a.no/x#top", "", false},
		{"https://a.no/x?a=1", "https://a.no/x", "", false},
		{"https://a.no/x?a=1", "https://a.no/x?a=2", "", false},
		{"https://a.no/x?a=1&a=1", "https://a.no/x?a=1", "", false},
		{"https://a.no:8443/x", "https://a.no/x", "", false},
		{"https://a.no:80/x", "https://a.no/x", "", false}, // 80 is not https's port
		{"https://a.no/a%2Fb", "https://a.no/a/b", "", false},
		{"https://a.no/x/index.php", "https://a.no/x", "", false},
		{"https://sub.a.no/x", "https://a.no/x", "", false},
		{"https://user@a.no/x", "https://a.no/x", "", false},
		{"ftp://a.no/x", "https://a.no/x", "", false},
		// Relative targets with no page.
		{"x", "./x", "", true},
		{"x", "x/", "", true},
		{"x/../y", "y", "", true},
		{"x?b=1&a=2", "x?a=2&b=1", "", true},
		{"#top", "#top", "", true},
		{"../x", "../x", "", true},
		{"../x", "/x", "", false},
		{"../x", "x", "", false},
		{"../d/x", "x", "", false},
		{"x", "/x", "", false},
		{"x", "https://a.no/x", "", false},
		{"#top", "#bottom", "", false},
		{"x", "x", "not a url", true},
		{"x", "/x", "/relative/base/", false},
		// Hugo shortcodes.
		{`{{< ref "introduction" >}}`, `{{< ref "introduction" >}}`, "", true},
		{`{{< ref "introduction" >}}`, `{{< relref "introduction.md" >}}`, "", true},
		{`{{< ref "introduction/_index.md" >}}`, `{{< relref "introduction" >}}`, "", true},
		{`{{< ref "introduction/index.md" >}}`, `{{< ref "introduction/" >}}`, "", true},
		{`{{< ref "./introduction.md" >}}`, `{{<ref "introduction">}}`, "", true},
		{`{{% ref "introduction" %}}`, `{{< ref introduction >}}`, "", true},
		{`{{< ref path="introduction" >}}`, `{{< ref "introduction.md" >}}`, "", true},
		{`{{< ref "x.md#top" >}}`, `{{< ref "x#top" >}}`, "", true},
		{`{{< ref "introduction" >}}`, `{{< ref "summary" >}}`, "", false},
		{`{{< ref "x.md#top" >}}`, `{{< ref "x.md" >}}`, "", false},
		{`{{< ref "/nb/x" >}}`, `{{< ref "x" >}}`, "", false},
		{`{{< ref "x" lang="en" >}}`, `{{< ref "x" >}}`, "", false},
		{`{{< ref "x" lang="en" >}}`, `{{< ref "x" lang="en" >}}`, "", true},
		{`{{< ref "introduction" >}}`, "../introduction", page, false},
		{`{{< ref "introduction" >}}`, "introduction", "", false},
		// mailto.
		{"mailto:Foo@Bar.no", "mailto:foo@bar.no", "", true},
		{"MAILTO:foo@bar.no", "mailto:foo@bar.no", "", true},
		{"mailto:a@x.no,b@x.no", "mailto:b@x.no,a@x.no", "", true},
		{"mailto:foo@bar.no?Subject=Hei", "mailto:foo@bar.no?subject=Hei", "", true},
		{"mailto:foo%40bar.no", "mailto:foo@bar.no", "", true},
		{"mailto:foo@bar.no", "mailto:fob@bar.no", "", false},
		{"mailto:foo@bar.no?subject=Hei", "mailto:foo@bar.no?subject=Hallo", "", false},
		{"mailto:foo@bar.no", "https://bar.no", "", false},
		// Other schemes.
		{"tel:+4712345678", "tel:+4712345678", "", true},
		{"tel:+4712345678", "tel:+4712345679", "", false},
		// Not links.
		{"https://a.no/%zz", "https://a.no/%zz", "", false},
		{"http://[::1", "http://[::1", "", false},
	}
	for _, tt := range tests {
		if got := SameURL(tt.a, tt.b, tt.base); got != tt.want {
			t.Errorf("SameURL(%q, %q, %q) = %v; want %v", tt.a, tt.b, tt.base, got, tt.want)
		}
		if got := SameURL(tt.b, tt.a, tt.base); got != tt.want {
			t.Errorf("SameURL(%q, %q, %q) = %v; want %v (swapped)", tt.b, tt.a, tt.base, got, tt.want)
		}
	}
}
