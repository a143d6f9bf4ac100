// Package fault defines the errors a user can act on: each carries a code the UI and the
// command line understand, and a message in plain words that names the file and the cause.
package fault

import (
	"errors"
	"fmt"
)

// Code classifies an error by what the user can do about it.
type Code string

const (
	Invalid     Code = "invalid"     // the input is malformed or unsupported
	TooLarge    Code = "too_large"   // the input breaks a configured limit
	NotFound    Code = "not_found"   // the thing asked for does not exist
	Conflict    Code = "conflict"    // the thing exists already
	Unavailable Code = "unavailable" // a dependency (device, disk, network) is missing
	Internal    Code = "internal"    // a bug or an unexpected failure; details go to the log
)

// Error is an error the user can act on.
type Error struct {
	Code    Code
	Message string
	Err     error // the underlying cause, for the log; may be nil
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// New returns an Error with a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an Error with a formatted message that keeps err as its cause.
func Wrap(err error, code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
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
