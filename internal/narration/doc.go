// Package narration turns a parsed document into its narration script: chapters
// (sections) of sentence-sized segments, each with its offsets in the document's text
// and a content hash, under the per-document choices of what is read aloud.
package narration
