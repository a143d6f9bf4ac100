package document

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
)

// Sniff decides a file's format from its content; the name's extension only breaks
// ties between formats the content cannot tell apart (Markdown and plain text).
func Sniff(name string, data []byte) (Format, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(data)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return "", invalid("this is a legacy Word (.doc) or other OLE file, which is not supported: save it as .docx")
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return "", invalid("RTF is not supported: save the file as .docx or plain text")
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")),
		bytes.HasPrefix(data, []byte("GIF8")), bytes.HasPrefix(data, []byte("\x1F\x8B")),
		bytes.HasPrefix(data, []byte("\x7FELF")), bytes.HasPrefix(data, []byte("Rar!")),
		bytes.HasPrefix(data, []byte("7z\xBC\xAF")):
		return "", invalid("this is not a manuscript (an image, archive or program); supported formats are Markdown, text, HTML, DOCX, EPUB and PDF")
	}
	if looksLikeHTML(data) {
		return HTML, nil
	}
	switch ext {
	case ".md", ".markdown", ".mdown", ".mkd", ".rmd":
		return Markdown, nil
	case ".txt", ".text":
		return Text, nil
	case ".html", ".htm", ".xhtml":
		return HTML, nil
	case ".docx", ".epub", ".pdf":
		return "", invalid("the file is not a valid %s: its content does not start like one", strings.ToUpper(ext[1:]))
	}
	if looksLikeMarkdown(data) {
		return Markdown, nil
	}
	return Text, nil
}

func sniffZip(data []byte) (Format, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", invalid("the zip container is damaged: %v", err)
	}
	var epub, docx bool
	for _, f := range zr.File {
		switch f.Name {
		case "mimetype", "META-INF/container.xml":
			epub = true
		case "[Content_Types].xml", "word/document.xml":
			docx = true
		}
	}
	switch {
	case epub:
		return EPUB, nil
	case docx:
		return DOCX, nil
	}
	return "", invalid("this zip archive is neither a DOCX nor an EPUB")
}

var htmlStart = regexp.MustCompile(`(?is)^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])`)

func looksLikeHTML(data []byte) bool {
	head := bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if len(head) > 4096 {
		head = head[:4096]
	}
	return htmlStart.Match(head)
}

var markdownHints = regexp.MustCompile(`(?m)^(#{1,6} \S|\s*[-*+] \S|\s*\d+\. \S|> |` + "```" + `|.*\]\([^)]+\)|[=-]{3,}\s*$)`)

func looksLikeMarkdown(data []byte) bool {
	head := data
	if len(head) > 16384 {
		head = head[:16384]
	}
	return len(markdownHints.FindAllIndex(head, 3)) >= 3
}
