package app_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// sayers are the calls whose format the window shows: errors (fault.New, fault.Wrap
// and the importers' invalid, tooLarge), the health check's lines (add), the
// release check's findings (say) and undo labels (label).
var sayers = map[string]int{"New": 1, "Wrap": 2, "invalid": 0, "tooLarge": 0, "add": 2, "say": 0, "undoLabel": 0, "note": 0}

// passThrough formats only carry another message ("%v", "%s: %v"): there is
// nothing of their own to translate.
var passThrough = regexp.MustCompile(`^(?:%[-+# 0-9.]*[a-zA-Z]|[\s:;,()])*$`)

// windowFormats walks the packages behind the window and returns every format the
// window can show, with where it is written.
func windowFormats(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", "frontend", "cli", "tools", "testdata", ".git":
				return filepath.SkipDir // the command line speaks English only
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
				if x, ok := fn.X.(*ast.Ident); (name == "New" || name == "Wrap") && (!ok || x.Name != "fault") {
					return true
				}
			}
			at, ok := sayers[name]
			if !ok || len(call.Args) <= at {
				return true
			}
			lit, ok := call.Args[at].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || passThrough.MatchString(s) {
				return true
			}
			found[s] = fset.Position(lit.Pos()).String()
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

var tsKey = regexp.MustCompile(`(?m)^\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"):`)

// Every sentence the backend can put in the window has its German, so that a
// German window never falls back to English (the catalogue is keyed by the English
// format, as gettext is).
func TestBackendMessagesHaveGerman(t *testing.T) {
	src, err := os.ReadFile("../frontend/src/messages/backend.de.ts")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, m := range tsKey.FindAllStringSubmatch(string(src), -1) {
		k := m[1] + m[2]
		k = strings.NewReplacer(`\'`, `'`, `\"`, `"`, `\\`, `\`).Replace(k)
		have[k] = true
	}
	formats := windowFormats(t)
	if len(formats) < 100 {
		t.Fatalf("found only %d formats: the walk is broken", len(formats))
	}
	var missing []string
	for f, at := range formats {
		if !have[f] {
			missing = append(missing, at+": "+strconv.Quote(f))
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d of %d messages have no German in frontend/src/messages/backend.de.ts:\n%s", len(missing), len(formats), strings.Join(missing, "\n"))
	}
	for k := range have {
		if _, ok := formats[k]; !ok {
			t.Errorf("backend.de.ts translates %q, which the backend no longer says", k)
		}
	}
}
