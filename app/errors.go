package app

import (
	"log/slog"

	"readback/internal/fault"
)

// Problem is an error as the frontend receives it.
type Problem struct {
	Code    fault.Code `json:"code"`
	Message string     `json:"message"`
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
	return Problem{Code: code, Message: fault.MessageOf(err)}
}
