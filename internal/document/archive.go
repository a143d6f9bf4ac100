package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"readback/internal/fault"
)

// archive is a zip container read under the import limits: entry names are checked
// for path tricks, and decompressed bytes are counted as they are read, so a zip bomb
// stops at the limit whatever its headers claim.
type archive struct {
	zr       *zip.Reader
	byName   map[string]*zip.File
	lim      Limits
	expanded int64
}

func openArchive(data []byte, lim Limits) (*archive, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, invalid("the zip container is damaged: %v", err)
	}
	if len(zr.File) > lim.MaxZipEntries {
		return nil, fault.New(fault.TooLarge, "the archive holds %d entries, over the limit of %d", len(zr.File), lim.MaxZipEntries)
	}
	a := &archive{zr: zr, byName: make(map[string]*zip.File, len(zr.File)), lim: lim}
	for _, f := range zr.File {
		if err := checkEntryName(f.Name); err != nil {
			return nil, err
		}
		a.byName[f.Name] = f
	}
	return a, nil
}

// checkEntryName refuses names that would escape a folder if ever extracted
// (zip-slip): absolute paths, drive letters, backslashes and ".." components.
func checkEntryName(name string) error {
	bad := strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.ContainsRune(name, 0) ||
		(len(name) > 1 && name[1] == ':')
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			bad = true
		}
	}
	if bad {
		return invalid("the archive holds an unsafe entry name %q (a path outside the archive)", name)
	}
	return nil
}

func (a *archive) has(name string) bool { _, ok := a.byName[name]; return ok }

// read returns an entry's bytes, counting them against the expansion limit.
func (a *archive) read(name string) ([]byte, error) {
	f, ok := a.byName[name]
	if !ok {
		return nil, fault.New(fault.Invalid, "the archive has no entry %q", name)
	}
	left := a.lim.MaxExpandedBytes - a.expanded
	if int64(f.UncompressedSize64) > left || f.UncompressedSize64 > 1<<62 {
		return nil, a.bomb(name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, invalid("cannot open %q in the archive: %v", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, left+1))
	a.expanded += int64(len(data))
	if int64(len(data)) > left {
		return nil, a.bomb(name)
	}
	if err != nil {
		return nil, invalid("cannot read %q in the archive: %v", name, err)
	}
	return data, nil
}

func (a *archive) bomb(name string) error {
	return fault.New(fault.TooLarge, "%q expands beyond the limit of %s of uncompressed data (a zip bomb?)", name, humanBytes(a.lim.MaxExpandedBytes))
}

// resolve joins a relative reference found inside entry base, as zip entries do.
func resolve(base, ref string) string {
	ref, _, _ = strings.Cut(ref, "#")
	if strings.HasPrefix(ref, "/") {
		return strings.TrimPrefix(path.Clean(ref), "/")
	}
	return path.Clean(path.Join(path.Dir(base), unescapePath(ref)))
}

func unescapePath(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			var c byte
			if _, err := fmt.Sscanf(s[i+1:i+3], "%02x", &c); err == nil {
				b.WriteByte(c)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// xmlDecoder reads XML strictly, refusing entity declarations and nesting beyond the
// limit; Token wraps encoding/xml's so that every caller gets those checks.
type xmlDecoder struct {
	d     *xml.Decoder
	name  string
	depth int
	max   int
}

func newXMLDecoder(name string, data []byte, lim Limits) *xmlDecoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return r, nil
		}
		return nil, fmt.Errorf("unsupported XML encoding %q", label)
	}
	return &xmlDecoder{d: d, name: name, max: lim.MaxXMLDepth}
}

func (x *xmlDecoder) Token() (xml.Token, error) {
	t, err := x.d.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return nil, invalid("%s is not well-formed XML: %v", x.name, err)
	}
	switch t := t.(type) {
	case xml.StartElement:
		x.depth++
		if x.depth > x.max {
			return nil, invalid("%s nests elements deeper than %d levels", x.name, x.max)
		}
	case xml.EndElement:
		x.depth--
	case xml.Directive:
		if bytes.Contains(t, []byte("ENTITY")) {
			return nil, invalid("%s declares XML entities, which are refused (they can expand without bound)", x.name)
		}
	}
	return t, nil
}

// skip consumes the rest of the element whose start was just read.
func (x *xmlDecoder) skip() error {
	for depth := 1; depth > 0; {
		t, err := x.Token()
		if err != nil {
			if err == io.EOF {
				return invalid("%s ends inside an element", x.name)
			}
			return err
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

func xattr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
