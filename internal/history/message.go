package history

import (
	"bytes"
	"strings"
	"time"
)

// Trailer is one "Key: value" line of a commit message's trailer block,
// such as "Document-Version: 2.5" or "Change-Class: editorial".
type Trailer struct{ Key, Value string }

// fillMeta sets author, date and message fields of rev from a raw commit.
func fillMeta(rev *Revision, raw []byte) {
	msg := raw
	for len(msg) > 0 {
		nl := bytes.IndexByte(msg, '\n')
		if nl < 0 {
			msg = nil
			break
		}
		line := msg[:nl]
		msg = msg[nl+1:]
		if nl == 0 {
			break
		}
		if bytes.HasPrefix(line, []byte("author ")) {
			name, email, unix := parseSignature(line[7:])
			rev.Author, rev.Email = name, email
			tz := 0
			if f := bytes.Fields(line); len(f) > 0 {
				tz = parseTZ(f[len(f)-1])
			}
			rev.Date = time.Unix(unix, 0).In(zoneAt(tz)) // one Location per offset, not per commit
		}
	}
	rev.Subject, rev.Body = splitMessage(string(msg))
	rev.Trailers = ParseTrailers(rev.Body)
}

// splitMessage returns the subject (the first paragraph, joined into one
// line as git's %s does) and the body (the rest, trimmed).
func splitMessage(msg string) (subject, body string) {
	msg = strings.TrimLeft(strings.ReplaceAll(msg, "\r\n", "\n"), "\n")
	first, rest, _ := strings.Cut(msg, "\n\n")
	subject = strings.Join(strings.Fields(first), " ")
	return subject, strings.Trim(rest, "\n \t")
}

// ParseTrailers returns the trailers of a commit message body: the lines of
// its last paragraph when every line there is "Key: value" (or indented, to
// continue the value before it). Pass the body, not the subject.
func ParseTrailers(body string) []Trailer {
	body = strings.TrimRight(body, "\n \t")
	if body == "" {
		return nil
	}
	para := body
	if i := strings.LastIndex(body, "\n\n"); i >= 0 {
		para = body[i+2:]
	}
	var ts []Trailer
	for _, line := range strings.Split(para, "\n") {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(ts) > 0 {
			ts[len(ts)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok || !isTrailerKey(key) {
			return nil
		}
		ts = append(ts, Trailer{Key: key, Value: strings.TrimSpace(value)})
	}
	return ts
}

func isTrailerKey(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range k {
		if !(c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
