package render

import (
	"io"

	"github.com/digdir/redline/internal/changes"
)

// LogJSONWriter writes a log entry by entry, giving the bytes JSON gives
// for the whole []changes.Entry, so that a caller classifying a long
// history can write each entry as it is made and drop it. Output is kept
// until jsonChunk bytes are pending, as JSON does; Close ends the array.
type LogJSONWriter struct {
	a      jsonAppender
	failed bool
}

// NewLogJSONWriter starts a log on w; nothing is written before the first
// chunk is full or Close is called.
func NewLogJSONWriter(w io.Writer) *LogJSONWriter {
	l := &LogJSONWriter{a: jsonAppender{b: make([]byte, 0, jsonStart), w: w}}
	l.a.open('[')
	return l
}

// Write appends one entry. After an error the writer writes nothing more.
func (l *LogJSONWriter) Write(e *changes.Entry) error {
	if l.failed {
		return &Error{Msg: "cannot write the log: an earlier entry failed", Hint: "this is a bug in redline; please report it"}
	}
	l.a.next()
	if err := l.a.entry(e); err != nil {
		l.failed = true
		return jsonError(err)
	}
	if l.a.spill(); l.a.err != nil {
		l.failed = true
		return l.a.err
	}
	return nil
}

// Close ends the array and writes what is pending.
func (l *LogJSONWriter) Close() error {
	if l.failed {
		return nil
	}
	l.failed = true // a second Close writes nothing
	l.a.close(']')
	l.a.b = append(l.a.b, '\n')
	_, err := l.a.w.Write(l.a.b)
	return err
}
