package render

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// checkJSONString fails unless appendJSONString quotes s with the bytes
// encoding/json gives and the result decodes to s, each invalid UTF-8
// byte read as U+FFFD.
func checkJSONString(t *testing.T, s string) {
	t.Helper()
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	got := appendJSONString([]byte("x"), s)
	if !bytes.Equal(got[1:], bytes.TrimSuffix(want.Bytes(), []byte("\n"))) || got[0] != 'x' {
		t.Fatalf("appendJSONString(%q) = %s, encoding/json gives %s", s, got[1:], want.Bytes())
	}
	var back string
	if err := json.Unmarshal(got[1:], &back); err != nil {
		t.Fatalf("appendJSONString(%q) = %s, which does not decode: %v", s, got[1:], err)
	}
	if valid := string([]rune(s)); back != valid {
		t.Fatalf("appendJSONString(%q) decodes to %q, want %q", s, back, valid)
	}
}

// TestAppendJSONStringEveryByte puts each byte at each place in and
// around an eight-byte word of plain text, where the bytes are tested
// eight at a time.
func TestAppendJSONStringEveryByte(t *testing.T) {
	const plain = "abcdefghijklmnopqrstuvwx"
	for c := range 256 {
		for i := range 18 {
			checkJSONString(t, plain[:i]+string(rune(c))+plain[i:])
			checkJSONString(t, plain[:i]+string([]byte{byte(c)})+plain[i:])
		}
	}
}

// jsonPieces are what random strings are made of: plain text, everything
// that is escaped and UTF-8 valid and not.
var jsonPieces = []string{
	"a", "Z", " ", "~", "word ", "plain text run, ", "<b>&amp;</b>",
	`"`, `\`, "\x00", "\b", "\t", "\n", "\f", "\r", "\x1b", "\x1f", "\x7f",
	"æ", "ø", "€", "😀", "\u2027", "\u2028", "\u2029", "\u202a", "\ufffd",
	"\xff", "\x80", "\xc0\xaf", "\xe2\x80", "\xe2\x80\xa8"[:2], "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf0\x9f\x98",
}

func TestAppendJSONStringRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var s strings.Builder
		for range r.IntN(40) {
			s.WriteString(jsonPieces[r.IntN(len(jsonPieces))])
		}
		checkJSONString(t, s.String())
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range append(jsonPieces, awkward, "", strings.Repeat("eight by", 3)+"\u2028") {
		f.Add(s)
	}
	f.Fuzz(checkJSONString)
}
