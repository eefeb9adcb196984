package config

import (
	"strings"
	"testing"
)

func TestPerDocumentKeys(t *testing.T) {
	c, err := Parse("redline.yaml", []byte("versions:\n  per_document: true\n  tag_pattern: \"{document}-v*\"\n  front_matter: {version: policy_version}\n"))
	if err != nil {
		t.Fatal(err)
	}
	v := c.Versions
	if !v.PerDocument || v.TagPattern != "{document}-v*" || v.FrontMatter != (FrontMatter{Version: "policy_version", Date: "effective_date"}) {
		t.Errorf("Versions = %+v", v)
	}
	for _, tc := range []struct{ src, want string }{
		{"versions: {front_matter: {version: \"my version\"}}\n", `redline.yaml:1: versions.front_matter.version: "my version" is not a front matter key`},
		{"versions: {front_matter: {verison: v}}\n", `verison: unknown key`},
		{"versions: {front_matter: [version]}\n", "versions.front_matter"},
		{"versions: {per_document: yes please}\n", "versions.per_document"},
		{"versions:\n  tag_pattern: \"{document}-v*\"\n", `"{document}-v*" names documents, and versions are not per document`},
	} {
		_, err := Parse("redline.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.src, err, tc.want)
		}
	}
}
