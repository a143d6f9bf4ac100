// Package polly talks to Amazon Polly. Tasks is its asynchronous side: a long text
// handed to StartSpeechSynthesisTask, which Polly synthesises on its own time and
// writes into an S3 bucket, polled until done — how a publisher's backlist is
// converted without a laptop doing the work.
package polly
