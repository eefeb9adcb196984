// Package align turns two block lists into paragraph operations, and two
// paragraphs into word operations.
package align

// OpKind is what happened to blocks between two versions.
type OpKind string

const (
	Equal    OpKind = "equal"    // same normalised text, same relative place
	Added    OpKind = "added"    // new block
	Removed  OpKind = "removed"  // old block gone
	Modified OpKind = "modified" // paired by similarity or by place (see Blocks), text changed
	Moved    OpKind = "moved"    // reappears elsewhere (Edited says whether the text changed too)
	Split    OpKind = "split"    // one old block became several new ones
	Merged   OpKind = "merged"   // several old blocks became one new one
)

// Op is one paragraph-level operation. Old and New index the blocks of the
// old and new document; Equal, Modified and Moved have one of each, Added
// only New, Removed only Old, Split one Old and several New, Merged several
// Old and one New.
type Op struct {
	Kind       OpKind
	Old, New   []int
	Edited     bool    // a Moved block whose text changed as well
	Reflowed   bool    // an Equal (or unedited Moved) block whose source differs only in whitespace
	Similarity float64 // 0..1, for paired blocks: 1 for Equal and unedited Moved; Dice over word sets otherwise (for Split and Merged, of the joined side)
	// Inline is the word diff of the joined old Norm texts against the
	// joined new Norm texts, for Modified, edited Moved, Split and Merged.
	// Split and Merged parts are joined with "\n\n" (Norm holds no
	// newline), so the spans show where paragraph breaks came or went.
	Inline []Span
}

// SpanOp is a word-level operation.
type SpanOp string

const (
	SpanEqual  SpanOp = "equal"
	SpanInsert SpanOp = "insert"
	SpanDelete SpanOp = "delete"
)

// Span is a run of text that is equal, inserted or deleted. Joining the
// equal and deleted spans gives the old text; equal and inserted, the new.
type Span struct {
	Op   SpanOp `json:"op"`
	Text string `json:"text"`
}
