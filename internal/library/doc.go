// Package library is the team's shared library in an S3 bucket: voice packs,
// lexicons, published narrations and sentence audio, with the transfers that move
// them (multipart and conditional uploads, ranged and resumable verified
// downloads, retries with backoff) and the rules that keep a hostile bucket from
// writing anything outside the data directory.
package library
