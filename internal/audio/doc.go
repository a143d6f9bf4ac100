// Package audio writes and reads Readback's audio: 16-bit mono PCM in WAV files
// (one per rendition, and whole books), written atomically and streamed so that
// memory stays flat however long the book.
package audio
