// Package document turns a Hugo Markdown page into its front matter and a
// flat list of blocks: the units that redline aligns, classifies and links to.
package document

import "hash/maphash"

// Kind names the Markdown construct a block comes from.
type Kind string

const (
	Heading   Kind = "heading"
	Paragraph Kind = "paragraph"
	ListItem  Kind = "list-item"
	TableRow  Kind = "table-row"
	Quote     Kind = "blockquote" // a paragraph inside a block quote
	Code      Kind = "code"       // fenced or indented code
	Footnote  Kind = "footnote"   // a footnote definition
	HTML      Kind = "html"       // an HTML block
	Rule      Kind = "thematic-break"
	Shortcode Kind = "shortcode" // lines holding only Hugo shortcode calls, like {{< figure >}}
)

// Block is one leaf block of a page. Start and End tile the body: the
// blocks' spans, joined in order after Source[:Document.BodyStart],
// reproduce the source byte for byte (a block's span runs to the start of
// the next block, so it carries the blank lines after it).
type Block struct {
	Kind  Kind
	Level int // heading level; nesting depth for list items (1 = top) and quotes; else 0

	Start, End int // byte span in Document.Source (tiling, see above)
	Line       int // first line of the block's text, 1-based
	EndLine    int // last line of the block's text

	// Section is the heading path the block sits under, outermost first.
	// A heading's own Section ends with its own title.
	Section []string
	// Anchor is the id Hugo gives the heading of the section the block
	// sits in ("33-bruk-av-databehandler"); "" before the first heading.
	Anchor string

	// Text is the block's source from the start of its first line
	// (indentation and "> " prefixes included) to the end of its last
	// non-blank line, trailing white space dropped.
	Text string
	// Norm is Text in Unicode NFC with each run of white space (space,
	// tab, CR, LF, FF, VT) collapsed to one space and trimmed, so that
	// re-wrapping a paragraph does not change it. List markers stay
	// ("- ", "1. "); block-quote markers at line starts are white space.
	// A no-break space is text, not white space.
	Norm string
	// Plain is the visible text, collapsed like Norm: emphasis, code and
	// heading markers, list markers, HTML tags and link targets removed;
	// images give their alt text; table cells are joined with " | ";
	// task boxes read "[x] " or "[ ] "; footnote references and Hugo
	// shortcodes stay as written ("[^1]", "{{< ref "x" >}}").
	Plain string
	Links []string // link, image and autolink targets, in order of appearance

	// normHash is Norm's hash (see NormHash), set with Norm; 0 in a
	// block made some other way.
	normHash uint64
}

// normSeed seeds the hashes of Norm. Any seed does: the hashes are only
// compared with one another, within a run.
var normSeed = maphash.MakeSeed()

// setNorm sets Norm and its hash.
func (b *Block) setNorm(norm string) {
	b.Norm, b.normHash = norm, maphash.String(normSeed, norm)
}

// NormHash returns a hash of Norm: blocks with equal Norms hash alike,
// and blocks with different ones almost never do. Parse hashes each Norm
// as it makes it and ParseNext keeps the hash with the blocks it keeps,
// so that a reader grouping the blocks of many versions by Norm (package
// align, in every comparison) need not hash them again each time. A
// block made some other way has its Norm hashed on each call; a parsed
// block whose Norm was changed must not be asked.
func (b *Block) NormHash() uint64 {
	if b.normHash == 0 {
		return maphash.String(normSeed, b.Norm)
	}
	return b.normHash
}

// Document is a parsed page.
type Document struct {
	Path   string
	Lang   string // from the file name (_index.nb.md -> "nb"), else front matter "lang"/"language", else ""
	Source []byte

	FrontFormat string         // "yaml", "toml", "json" or "" when the page has none
	Front       map[string]any // front matter; nil when absent
	BodyStart   int            // byte offset where the body begins (after front matter)

	Blocks []Block

	// heads are the page's headings with what their ids are made from,
	// for ParseNext to renumber the "-1" suffixes when it reuses blocks.
	// Parse always sets it (non-nil), so that a Document made some other
	// way is never taken for a parse.
	heads []head
	// elements is the body's count of Markdown elements (see
	// Limits.MaxElements) when the limit made the parse count them all,
	// else -1: ParseNext counts only the lines that changed.
	elements int
	// refs and descs say whether the body holds a "]:" (of a link
	// reference or footnote definition) and a line that could be a
	// definition-list description (see hasDescription), so that ParseNext
	// need not look for them in the whole of the previous body (it makes
	// only Documents with neither).
	refs, descs bool
}
