package document

// Limits bound what an import may consume. They are checked while reading, never after,
// so a hostile file cannot make the app allocate what the limit forbids.
type Limits struct {
	MaxFileBytes     int64 `json:"max_file_bytes"`     // size of the file as given
	MaxExpandedBytes int64 `json:"max_expanded_bytes"` // total decompressed bytes read from a zip container
	MaxZipEntries    int   `json:"max_zip_entries"`    // entries in a zip container
	MaxXMLDepth      int   `json:"max_xml_depth"`      // element nesting in XML and HTML
	// FetchPrivate lets an import by web address reach this computer and its private
	// network (a draft served at home; a test's server). Off by default: a page must
	// not be able to send Readback to the router or a local service.
	FetchPrivate bool `json:"fetch_private_addresses"`
}

// DefaultLimits are generous for real manuscripts and stop hostile ones early.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:     100 << 20,
		MaxExpandedBytes: 512 << 20,
		MaxZipEntries:    10000,
		MaxXMLDepth:      256,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxExpandedBytes <= 0 {
		l.MaxExpandedBytes = d.MaxExpandedBytes
	}
	if l.MaxZipEntries <= 0 {
		l.MaxZipEntries = d.MaxZipEntries
	}
	if l.MaxXMLDepth <= 0 {
		l.MaxXMLDepth = d.MaxXMLDepth
	}
	return l
}
