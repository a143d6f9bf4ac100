package document

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
	"golang.org/x/text/language"
)

// detectSample is how much of a document's text the language is judged from: enough
// for trigram statistics to settle, little enough to stay instant on a whole book.
const detectSample = 6000

// detectLanguage guesses a document's language from its text, for the many
// manuscripts (plain text, most Word files) that do not say: whatlanggo, which
// decides the script first (Arabic, Hebrew, Devanagari, Han, Kana, Cyrillic…) and
// then compares trigram profiles. It returns "" when unsure.
func detectLanguage(blocks []Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		if bl.Kind == Break || bl.Kind == Code {
			continue
		}
		b.WriteString(bl.Text)
		b.WriteByte('\n')
		if b.Len() >= detectSample {
			break
		}
	}
	text := b.String()
	runes := utf8.RuneCountInString(text)
	if runes < 12 {
		return ""
	}
	info := whatlanggo.Detect(text)
	if info.Script == nil || info.Lang == -1 {
		return ""
	}
	// An unsure guess is taken only where the script has already narrowed it to a
	// few languages (Arabic, Cyrillic, Devanagari…): among the Latin ones a short
	// English text can come out Dutch, and a wrong guess would take English rules
	// and the English voice from a text that needs them.
	if !info.IsReliable() && (info.Script == unicode.Latin || runes < 12) {
		return ""
	}
	code := info.Lang.Iso6391()
	if code == "" {
		// Languages whatlanggo knows only by their three-letter code (Persian, "pes").
		if b, err := language.ParseBase(info.Lang.Iso6393()); err == nil {
			code = b.String()
		}
		if code == "pes" {
			code = "fa"
		}
	}
	return code
}

// metadataLanguage is a file's language tag made canonical, or "" when it says
// nothing (und, mul, zxx, mis) or is not a tag.
func metadataLanguage(tag string) string {
	tag = strings.TrimSpace(tag)
	if tag == "" {
		return ""
	}
	canon, err := CanonicalLanguage(tag)
	if err != nil {
		return ""
	}
	switch PrimaryLanguage(canon) {
	case "und", "mul", "zxx", "mis":
		return ""
	}
	return canon
}

// passageLanguages makes the languages blocks are marked with canonical. Each is
// kept as marked: whether a block is a passage in another language is decided
// against the document's language when it is read, which the writer may change.
func passageLanguages(doc *Document) {
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if b.Lang == "" {
			continue
		}
		b.Lang = metadataLanguage(b.Lang)
	}
}

// SameLanguage reports whether two tags name the same language: the same primary
// language, and the same region where both name one ("en" and "en-GB" are one,
// "fr-BE" and "fr-FR", which count differently, are not); "" is English, a
// document's default.
func SameLanguage(a, b string) bool {
	pa, pb := PrimaryLanguage(a), PrimaryLanguage(b)
	if pa == "" {
		pa = "en"
	}
	if pb == "" {
		pb = "en"
	}
	ra, rb := Region(a), Region(b)
	return pa == pb && (ra == "" || rb == "" || ra == rb)
}

// PrimaryLanguage is the language subtag of a BCP 47 tag in lower case ("de" of
// "de-CH"), or "" for none.
func PrimaryLanguage(tag string) string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	return primary
}

// Region is the region subtag of a BCP 47 tag in upper case ("CH" of "de-CH", "TW"
// of "zh-Hant-TW"), or "" for none.
func Region(tag string) string {
	subtags := strings.Split(strings.TrimSpace(tag), "-")
	for i, st := range subtags {
		if i == 0 {
			continue
		}
		if len(st) == 2 && isLetters(st) || len(st) == 3 && strings.Trim(st, "0123456789") == "" {
			return strings.ToUpper(st)
		}
		if len(st) != 4 { // past the script: variants and extensions
			break
		}
	}
	return ""
}

func isLetters(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) < 0
}

// DetectLanguage guesses the language of a text (a document's sentences), or "".
func DetectLanguage(text string) string {
	return detectLanguage([]Block{{Kind: Paragraph, Text: text}})
}

// CanonicalLanguage checks a language tag a writer gave ("de", "pt-BR", "zh-Hant")
// and returns it in BCP 47's canonical form.
func CanonicalLanguage(tag string) (string, error) {
	t, err := language.Parse(strings.TrimSpace(tag))
	if err != nil {
		return "", err
	}
	return t.String(), nil
}
