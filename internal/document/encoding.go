package document

import (
	"bytes"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// decodeText turns the bytes of a text format into UTF-8: UTF-8 (with or without
// BOM), UTF-16 with a BOM, or Windows-1252 for files that hold no UTF-8 at all. A file
// mixing valid UTF-8 with invalid bytes is refused rather than silently garbled. Valid
// UTF-8 is returned without a copy.
func decodeText(data []byte) ([]byte, error) {
	var s []byte
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
		if !utf8.Valid(data) {
			return nil, invalid("the file declares UTF-8 but holds invalid UTF-8 at byte %d", firstInvalid(data)+3)
		}
		s = data
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		u, err := decodeUTF16(data)
		if err != nil {
			return nil, err
		}
		s = []byte(u)
	case utf8.Valid(data):
		s = data
	default:
		if hasUTF8Sequences(data) {
			return nil, invalid("mixed text encodings: valid UTF-8 alongside invalid bytes (first at byte %d); re-save the file as UTF-8", firstInvalid(data))
		}
		// Five bytes have no character in Windows-1252: their presence means some
		// other encoding, which guessing would only garble.
		for i, c := range data {
			if c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D {
				return nil, invalid("the text encoding is not UTF-8, UTF-16 or Windows-1252 (byte 0x%02X at %d); re-save the file as UTF-8", c, i)
			}
		}
		b, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, invalid("cannot decode the text: %v", err)
		}
		s = b
	}
	return cleanControls(s)
}

func decodeUTF16(data []byte) (string, error) {
	big := data[0] == 0xFE
	data = data[2:]
	if len(data)%2 != 0 {
		return "", invalid("the UTF-16 text has an odd number of bytes: the file is truncated")
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		if big {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	rs := utf16.Decode(u)
	for i, r := range rs {
		if r == utf8.RuneError {
			return "", invalid("the UTF-16 text holds an unpaired surrogate at character %d", i)
		}
	}
	return string(rs), nil
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// hasUTF8Sequences reports whether data holds at least one valid multi-byte UTF-8
// sequence: a sign that it was meant as UTF-8.
func hasUTF8Sequences(data []byte) bool {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if n > 1 && r != utf8.RuneError {
			return true
		}
		i += n
	}
	return false
}

// cleanControls refuses binary content (NUL bytes, or many control characters) and
// drops the stray control characters a real manuscript sometimes carries.
func cleanControls(s []byte) ([]byte, error) {
	if i := bytes.IndexByte(s, 0); i >= 0 {
		return nil, invalid("the file holds binary data (a NUL byte at byte %d), not text", i)
	}
	if !mayHoldControls(s) {
		return s, nil
	}
	controls, total := 0, 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		i += n
		total++
		if isStrayControl(r) {
			controls++
		}
	}
	if controls == 0 {
		return s, nil
	}
	if controls > 16 && controls*20 > total {
		return nil, invalid("the file holds binary data (%d control characters), not text", controls)
	}
	return bytes.Map(func(r rune) rune {
		if isStrayControl(r) {
			return -1
		}
		return r
	}, s), nil
}

// mayHoldControls is a byte scan that rules out, for almost every file, the
// rune-by-rune pass: C0 controls and DEL are single bytes, C1 controls start with
// 0xC2, and U+FFFE/U+FFFF with 0xEF 0xBF.
func mayHoldControls(s []byte) bool {
	for i, c := range s {
		switch {
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f', c == 0x7F:
			return true
		case c == 0xC2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9F:
			return true
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE:
			return true
		}
	}
	return false
}

func isStrayControl(r rune) bool {
	switch r {
	case '\n', '\r', '\t', '\f':
		return false
	}
	return unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF'
}
