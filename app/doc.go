// Package app holds the handlers the window calls, one per feature. They are thin:
// validate the input, call one service, return a DTO. It is the only package that
// imports the Wails runtime; errors become {code, message} once, in FormatError.
package app
