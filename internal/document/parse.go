package document

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"readback/internal/fault"
)

// ReadFile reads the manuscript at path within the file limit, which is checked
// before reading; it does not parse (Parse does, once the caller has the bytes).
func ReadFile(path string, lim Limits) ([]byte, error) {
	lim = lim.withDefaults()
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fault.Wrap(err, fault.NotFound, "%s: no such file", path)
		}
		return nil, fault.Wrap(err, fault.Invalid, "%s: cannot open: %v", path, unwrapPathError(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%s: cannot read: %v", path, unwrapPathError(err))
	}
	if st.IsDir() {
		return nil, fault.New(fault.Invalid, "%s: is a folder, not a file", path)
	}
	if st.Size() > lim.MaxFileBytes {
		return nil, tooLargeFile(name, st.Size(), lim.MaxFileBytes)
	}
	data, err := readLimited(f, lim.MaxFileBytes)
	if err != nil {
		return nil, prefix(name, err)
	}
	return data, nil
}

// ParseFile reads and parses the manuscript at path.
func ParseFile(ctx context.Context, path string, lim Limits) (*Document, []byte, error) {
	data, err := ReadFile(path, lim)
	if err != nil {
		return nil, nil, err
	}
	doc, err := Parse(ctx, filepath.Base(path), data, lim)
	return doc, data, err
}

// Read reads at most the file limit from r, failing as soon as it is exceeded.
func Read(name string, r io.Reader, lim Limits) ([]byte, error) {
	data, err := readLimited(r, lim.withDefaults().MaxFileBytes)
	return data, prefix(name, err)
}

func readLimited(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "cannot read: %v", err)
	}
	if int64(len(data)) > max {
		return nil, tooLargeFile("", int64(len(data)), max)
	}
	return data, nil
}

func tooLargeFile(name string, size, max int64) error {
	msg := fmt.Sprintf("the file is larger than the import limit of %s", humanBytes(max))
	if size > max && name != "" {
		msg = fmt.Sprintf("the file is %s, over the import limit of %s", humanBytes(size), humanBytes(max))
	}
	if name != "" {
		msg = name + ": " + msg
	}
	return fault.New(fault.TooLarge, "%s", msg)
}

// Parse reads a manuscript from its bytes. name is used for messages and as a hint
// to the format; the content decides. Every error names the file and the cause.
func Parse(ctx context.Context, name string, data []byte, lim Limits) (doc *Document, err error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxFileBytes {
		return nil, tooLargeFile(name, int64(len(data)), lim.MaxFileBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fault.New(fault.Invalid, "%s: the file is empty", name)
	}
	// Third-party parsers (PDF above all) may panic on damaged input; a damaged file
	// must end in an error, never take the app down.
	defer func() {
		if p := recover(); p != nil {
			slog.Error("parser panic", "file", name, "panic", p, "stack", string(debug.Stack()))
			doc, err = nil, fault.New(fault.Invalid, "%s: the file is damaged and cannot be read", name)
		}
	}()
	format, err := Sniff(name, data)
	if err != nil {
		return nil, prefix(name, err)
	}
	p := parser{ctx: ctx, lim: lim}
	switch format {
	case Markdown, Text, HTML:
		var text []byte
		if text, err = decodeText(data); err != nil {
			return nil, prefix(name, err)
		}
		switch format {
		case Markdown:
			doc, err = p.markdown(text)
		case HTML:
			doc, err = p.html(text)
		default:
			doc, err = p.text(text)
		}
	case DOCX:
		doc, err = p.docx(data)
	case EPUB:
		doc, err = p.epub(data)
	case PDF:
		doc, err = p.pdf(data)
	}
	if err != nil {
		return nil, prefix(name, err)
	}
	doc.Format = format
	doc.Blocks = dropPlaceholderAlts(doc.Blocks)
	doc.Title = strings.TrimSpace(doc.Title)
	if doc.Title == "" {
		doc.Title = firstHeading(doc.Blocks)
	}
	if doc.Title == "" {
		doc.Title = strings.TrimSuffix(name, filepath.Ext(name))
	}
	if !hasText(doc.Blocks) {
		return nil, fault.New(fault.Invalid, "%s: the %s file has no readable text", name, formatLabel(format))
	}
	// The file's own word, made canonical ("eng" → "en"); a tag that says nothing
	// (und, mul, zxx) or is not a tag ("English") leaves it to the text.
	if doc.Language = metadataLanguage(doc.Language); doc.Language == "" {
		doc.Language = detectLanguage(doc.Blocks)
	}
	passageLanguages(doc)
	return doc, nil
}

type parser struct {
	ctx context.Context
	lim Limits
}

// cancelled lets long parsers stop when the import is abandoned.
func (p *parser) cancelled() error {
	if err := p.ctx.Err(); err != nil {
		return fault.Wrap(err, fault.Invalid, "import cancelled")
	}
	return nil
}

func firstHeading(blocks []Block) string {
	for _, b := range blocks {
		if b.Kind == Heading {
			return b.Text
		}
	}
	return ""
}

// prefix puts the file name in front of an error's message, keeping its code.
func prefix(name string, err error) error {
	if err == nil {
		return nil
	}
	var fe *fault.Error
	if errors.As(err, &fe) {
		if fe.Message != err.Error() {
			return &fault.Error{Code: fe.Code, Message: name + ": " + err.Error(), Err: fe.Err}
		}
		return fault.Prefix(name, fe)
	}
	return fault.Wrap(err, fault.Invalid, "%s: %v", name, err)
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func invalid(format string, args ...any) error { return fault.New(fault.Invalid, format, args...) }

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func formatLabel(f Format) string {
	switch f {
	case Markdown:
		return "Markdown"
	case Text:
		return "text"
	case HTML:
		return "HTML"
	}
	return strings.ToUpper(string(f))
}

// hasText reports whether any block has something to read (cheaper than counting).
func hasText(blocks []Block) bool {
	for _, b := range blocks {
		if b.Kind != Break && b.Text != "" {
			return true
		}
	}
	return false
}
