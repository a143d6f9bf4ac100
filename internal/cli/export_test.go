package cli

// Explain is explain for the tests, on an invocation with the data directory dir.
func Explain(dir string, err error) string {
	inv := &invocation{dataDir: dir}
	return oneLine(inv.explain(err).Error())
}
