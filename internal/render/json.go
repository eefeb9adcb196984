package render

import (
	"bytes"
	"encoding/json"
	"io"
)

// JSON writes v as the machine-readable contract: indented two spaces,
// ending in a newline, with `<`, `>` and `&` left as they are (the output
// is data, not HTML, and escaping them would make document text harder to
// read and diff). encoding/json sorts map keys, so the bytes depend only
// on the value.
func JSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return &Error{Msg: "cannot encode the output as JSON: " + err.Error(), Hint: "this is a bug in redline; please report it", Err: err}
	}
	// Encoding into a buffer first means a failing value writes nothing,
	// rather than half a document.
	_, err := w.Write(b.Bytes())
	return err
}
