package cli_test

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// A reader of pandoc's "native" output (Haskell Show syntax), enough to collect the
// Str words that a careful reader extracts, in document order.

type nnode struct {
	con  string  // constructor or identifier; "" for lists, tuples, records
	str  *string // a string literal
	args []nnode
}

type nlexer struct {
	s   string
	pos int
}

func (l *nlexer) skipSpace() {
	for l.pos < len(l.s) && unicode.IsSpace(rune(l.s[l.pos])) {
		l.pos++
	}
}

func (l *nlexer) peek() byte {
	l.skipSpace()
	if l.pos >= len(l.s) {
		return 0
	}
	return l.s[l.pos]
}

func parseNative(s string) (nnode, error) {
	l := &nlexer{s: s}
	var items []nnode
	for l.peek() != 0 {
		n, err := l.expr()
		if err != nil {
			return nnode{}, err
		}
		items = append(items, n)
	}
	return nnode{args: items}, nil
}

// expr parses an application: an atom followed by atoms while they last.
func (l *nlexer) expr() (nnode, error) {
	head, err := l.atom()
	if err != nil {
		return head, err
	}
	if head.con == "" || head.str != nil {
		return head, nil
	}
	for {
		switch c := l.peek(); {
		case c == '"' || c == '(' || c == '[' || c == '{' || c == '-' || isIdentStart(c) || (c >= '0' && c <= '9'):
			a, err := l.atom()
			if err != nil {
				return head, err
			}
			head.args = append(head.args, a)
		default:
			return head, nil
		}
	}
}

func isIdentStart(c byte) bool { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func (l *nlexer) atom() (nnode, error) {
	switch c := l.peek(); {
	case c == '"':
		s, err := l.str()
		return nnode{str: &s}, err
	case c == '(' || c == '[' || c == '{':
		closer := map[byte]byte{'(': ')', '[': ']', '{': '}'}[c]
		l.pos++
		var items []nnode
		for {
			switch l.peek() {
			case closer:
				l.pos++
				return nnode{args: items}, nil
			case ',', '=':
				l.pos++
				continue
			case 0:
				return nnode{}, fmt.Errorf("unterminated %c at %d", c, l.pos)
			}
			n, err := l.expr()
			if err != nil {
				return n, err
			}
			items = append(items, n)
		}
	case c == '-' || (c >= '0' && c <= '9'):
		start := l.pos
		l.pos++
		for l.pos < len(l.s) && (unicode.IsDigit(rune(l.s[l.pos])) || l.s[l.pos] == '.' || l.s[l.pos] == 'e') {
			l.pos++
		}
		return nnode{con: "#" + l.s[start:l.pos]}, nil
	case isIdentStart(c):
		start := l.pos
		for l.pos < len(l.s) && (isIdentStart(l.s[l.pos]) || unicode.IsDigit(rune(l.s[l.pos])) || l.s[l.pos] == '\'' || l.s[l.pos] == '.') {
			l.pos++
		}
		return nnode{con: l.s[start:l.pos]}, nil
	default:
		return nnode{}, fmt.Errorf("unexpected %q at %d", c, l.pos)
	}
}

// str reads a Haskell string literal with its escapes (\8217, \n, \", \\, \&).
func (l *nlexer) str() (string, error) {
	l.pos++ // opening quote
	var b strings.Builder
	for l.pos < len(l.s) {
		c := l.s[l.pos]
		switch {
		case c == '"':
			l.pos++
			return b.String(), nil
		case c == '\\':
			l.pos++
			if l.pos >= len(l.s) {
				return "", fmt.Errorf("bad escape")
			}
			e := l.s[l.pos]
			switch {
			case e >= '0' && e <= '9':
				start := l.pos
				for l.pos < len(l.s) && l.s[l.pos] >= '0' && l.s[l.pos] <= '9' {
					l.pos++
				}
				n, _ := strconv.Atoi(l.s[start:l.pos])
				b.WriteRune(rune(n))
				continue
			case e == 'n':
				b.WriteByte('\n')
			case e == 't':
				b.WriteByte('\t')
			case e == '&':
			default:
				b.WriteByte(e)
			}
			l.pos++
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
	return "", fmt.Errorf("unterminated string")
}

// nativeWords returns the words of a native document in order: the text of its Str
// nodes (and inline Code, which is read within its sentence), joined where pandoc
// splits a word into adjacent nodes ("m" Superscript "2") and divided at Space,
// breaks and block boundaries. Metadata is left out, and footnotes unless withNotes.
func nativeWords(n nnode, withNotes, withCode bool) []string {
	var b strings.Builder
	var walk func(n nnode)
	walk = func(n nnode) {
		switch n.con {
		case "Meta", "CodeBlock", "RawBlock", "RawInline", "Math":
			return
		case "Note":
			if !withNotes {
				return
			}
			b.WriteByte(' ')
			defer b.WriteByte(' ')
		case "Code":
			if !withCode {
				b.WriteByte(' ')
				return
			}
			fallthrough
		case "Str":
			if last := n.args[len(n.args)-1]; last.str != nil {
				b.WriteString(*last.str)
			}
			return
		case "Space", "SoftBreak", "LineBreak":
			b.WriteByte(' ')
			return
		case "Para", "Plain", "Header", "LineBlock", "BlockQuote", "Div", "Cell", "Row", "Caption", "Figure":
			b.WriteByte(' ')
			defer b.WriteByte(' ')
		}
		for i, a := range n.args {
			if i > 0 && n.args[i-1].con == "Meta" && len(n.args[i-1].args) == 0 {
				continue // "Pandoc Meta { unMeta = … }": the record is Meta's
			}
			walk(a)
		}
	}
	walk(n)
	return strings.FieldsFunc(b.String(), func(r rune) bool { return r == ' ' || r == '\n' })
}

// metaWords returns the words of a native document's metadata (title, authors,
// date, abstract): what a reader puts on the title page.
func metaWords(n nnode) []string {
	var out []string
	var find func(n nnode, inMeta bool)
	find = func(n nnode, inMeta bool) {
		if n.con == "Meta" {
			inMeta = true
		}
		if inMeta && n.con == "Str" {
			if last := n.args[len(n.args)-1]; last.str != nil {
				out = append(out, strings.Fields(*last.str)...)
			}
			return
		}
		for i, a := range n.args {
			find(a, inMeta || i > 0 && n.args[i-1].con == "Meta" && len(n.args[i-1].args) == 0)
		}
	}
	find(n, false)
	return out
}
