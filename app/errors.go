package app

import (
	"errors"
	"log/slog"

	"readback/internal/fault"
)

// Problem is an error as the frontend receives it: the English message, and its
// format and arguments for the window to say it in its own language.
type Problem struct {
	Code    fault.Code `json:"code"`
	Message string     `json:"message"`
	Format  string     `json:"format,omitempty"`
	Args    []string   `json:"args,omitempty"`
}

// FormatError converts an error returned by a handler for the frontend: typed errors
// keep their code and message; anything else is logged and shown as an internal error.
func FormatError(log *slog.Logger) func(error) any {
	return func(err error) any { return problemOf(log, err) }
}

func problemOf(log *slog.Logger, err error) Problem {
	code := fault.CodeOf(err)
	if code == fault.Internal {
		log.Error("handler failed", "err", err)
	}
	p := Problem{Code: code, Message: fault.MessageOf(err)}
	var fe *fault.Error
	if errors.As(err, &fe) && fe.Message == p.Message {
		p.Format, p.Args = fe.Format, fe.Args
	}
	return p
}

// noFileDialog is the error of a file dialog that did not open.
func noFileDialog(err error) error {
	return fault.Wrap(err, fault.Unavailable, "the file dialog could not be opened: %v", err)
}
