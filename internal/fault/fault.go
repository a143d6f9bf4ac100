// Package fault defines the errors a user can act on: each carries a code the UI and the
// command line understand, and a message in plain words that names the file and the cause.
package fault

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error by what the user can do about it.
type Code string

const (
	Invalid     Code = "invalid"     // the input is malformed or unsupported
	TooLarge    Code = "too_large"   // the input breaks a configured limit
	NotFound    Code = "not_found"   // the thing asked for does not exist
	Conflict    Code = "conflict"    // the thing exists already
	Locked      Code = "locked"      // the input is encrypted and needs a (different) password
	Unavailable Code = "unavailable" // a dependency (device, disk, network) is missing
	Internal    Code = "internal"    // a bug or an unexpected failure; details go to the log
)

// Error is an error the user can act on.
type Error struct {
	Code    Code
	Message string
	// Format and Args are the message before formatting, each argument already
	// formatted by its verb: the window translates the English format (its key in
	// the catalogue) and puts the arguments back in.
	Format string
	Args   []string
	Err    error // the underlying cause, for the log; may be nil
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// New returns an Error with a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: FormatArgs(format, args...)}
}

// Wrap returns an Error with a formatted message that keeps err as its cause.
func Wrap(err error, code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: FormatArgs(format, args...), Err: err}
}

// Prefix returns fe with name and a colon before its message ("notes.pdf: the PDF
// is encrypted…"), keeping its format for translation: "%s: " and the original.
func Prefix(name string, fe *Error) *Error {
	return &Error{Code: fe.Code, Message: name + ": " + fe.Message, Format: "%s: " + fe.Format,
		Args: append([]string{name}, fe.Args...), Err: fe.Err}
}

// Say is a sentence the window shows in its own language: the English, and its
// format and arguments for a translation (one rule for errors, notes, checks and
// findings alike).
func Say(format string, args ...any) (text, fmtString string, fmtArgs []string) {
	return fmt.Sprintf(format, args...), format, FormatArgs(format, args...)
}

// FormatArgs formats each argument by its own verb in format ("%q" quotes, "%.1f"
// rounds), so that a translation can place them where its language wants.
func FormatArgs(format string, args ...any) []string {
	var out []string
	for i := 0; i < len(format) && len(out) < len(args); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.*", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			break
		}
		if format[j] == '%' {
			i = j
			continue
		}
		out = append(out, fmt.Sprintf(format[i:j+1], args[len(out)]))
		i = j
	}
	return out
}

// CodeOf returns the code of the first Error in err's chain, or Internal.
func CodeOf(err error) Code {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Code
	}
	return Internal
}

// MessageOf returns what may be shown to a user: the message of a typed error, or a
// generic sentence for anything else (whose details belong in the log).
func MessageOf(err error) string {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Message
	}
	return "internal error: see the log for details"
}
