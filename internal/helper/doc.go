// Package helper starts helper processes: this program run again to do one job apart
// (read a PDF, speak with one voice), so that a library that spins, leaks or keeps
// state of its own cannot take the program with it. A helper dies with the process
// that started it.
package helper
