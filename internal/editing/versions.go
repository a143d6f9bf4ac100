package editing

import (
	"context"

	"readback/internal/catalog"
)

// A revised manuscript read over a document (a file, dropped bytes, a page fetched
// again) is an edit like the others when it changed something: the sentences it
// left alone keep their audio, the rest are rendered again.

// ReviseFile reads the manuscript at path over the document (ctx may carry a
// protected PDF's password).
func (s *Service) ReviseFile(ctx context.Context, docID int64, path string) (*catalog.Revision, error) {
	return s.revised(ctx, docID)(s.cat.ReviseFile(ctx, docID, path))
}

// Revise reads a manuscript's bytes (a dropped file named name) over the document.
func (s *Service) Revise(ctx context.Context, docID int64, name string, raw []byte) (*catalog.Revision, error) {
	return s.revised(ctx, docID)(s.cat.Revise(ctx, docID, name, raw))
}

// Refetch fetches the document's web address again and reads it over the document.
func (s *Service) Refetch(ctx context.Context, docID int64) (*catalog.Revision, error) {
	return s.revised(ctx, docID)(s.cat.Refetch(ctx, docID))
}

// ReviseURL fetches the page at address and reads it over the document.
func (s *Service) ReviseURL(ctx context.Context, docID int64, address string) (*catalog.Revision, error) {
	return s.revised(ctx, docID)(s.cat.ReviseURL(ctx, docID, address))
}

// LastRevision is what the document's last new version changed (empty when it
// never had one).
func (s *Service) LastRevision(ctx context.Context, docID int64) ([]catalog.SentenceChange, error) {
	return s.cat.LastRevision(ctx, docID)
}

func (s *Service) revised(ctx context.Context, docID int64) func(*catalog.Revision, error) (*catalog.Revision, error) {
	return func(rev *catalog.Revision, err error) (*catalog.Revision, error) {
		if err != nil {
			return nil, err
		}
		if rev.Added+rev.Removed+rev.Changed > 0 {
			s.changed(ctx, docID)
		}
		return rev, nil
	}
}
