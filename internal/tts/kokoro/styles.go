package kokoro

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"readback/internal/config"
)

// A Kokoro voice is a style: 510 rows of 256 floats, the row chosen by the input's
// length in tokens. The 54 styles of Kokoro v1.0 ship in the npm package
// kokoro-js@1.2.1 (voices/NAME.bin, little-endian float32), which scripts/kokoro
// fetches beside ONNX Runtime.
const (
	StyleRows  = 510
	StyleDim   = 256
	StyleBytes = StyleRows * StyleDim * 4
)

// StylesEnv names the folder of styles, when set.
const StylesEnv = "READBACK_KOKORO_VOICES"

// StylesDir is the styles folder's name beside the binary, in the package's
// library folder and in the data directory.
const StylesDir = "kokoro-voices"

// StyleCandidates are the folders looked in, in order; dataDir may be "".
func StyleCandidates(dataDir string) []string {
	if p := os.Getenv(StylesEnv); p != "" {
		return []string{p}
	}
	return config.Bundled(StylesDir, dataDir)
}

// FindStyles is the first candidate holding a style, or an error saying where it
// looked.
func FindStyles(dataDir string) (string, error) {
	c := StyleCandidates(dataDir)
	for _, dir := range c {
		if styles, _ := ListStyles(dir); len(styles) > 0 {
			return dir, nil
		}
	}
	if len(c) == 1 {
		return "", fmt.Errorf("Kokoro's voice styles are not in %s (%s)", c[0], StylesEnv)
	}
	return "", errors.New("Kokoro's voice styles (kokoro-js's voices/*.bin) are not installed: looked beside the program, in /usr/lib/readback and the data folder")
}

// Style is a voice style's name and what its name says of it: "af_heart" is an
// American English woman's voice named Heart.
type Style struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Language string `json:"language"` // "en-us"
	Gender   string `json:"gender"`   // "female", "male"
	// Grade is the grade kokoro-js gives the style's training data and its sound
	// ("A" to "F"; its English styles only): GradesFile, written by scripts/kokoro.
	Grade  string `json:"grade,omitempty"`
	espeak string // the eSpeak NG voice giving its phonemes
}

// languages are the styles' languages by the ID's first letter, with the eSpeak
// voice Kokoro's own pipeline takes their phonemes from. Japanese (j) and Mandarin
// (z) are left out: Kokoro reads them through its own G2P (misaki), not eSpeak's,
// and eSpeak's phonemes would be heard as another accent.
var languages = map[byte]struct{ tag, espeak string }{
	'a': {"en-us", "en-us"},
	'b': {"en-gb", "en"}, // eSpeak NG's "en" is British, as kokoro-js asks for it
	'e': {"es", "es"},
	'f': {"fr-fr", "fr-fr"},
	'h': {"hi", "hi"},
	'i': {"it", "it"},
	'p': {"pt-br", "pt-br"},
}

var styleName = regexp.MustCompile(`^([a-z])([fm])_([a-z]+)$`)

// ParseStyleID reads a style's ID; ok is false for an ID of no language Readback
// speaks.
func ParseStyleID(id string) (Style, bool) {
	m := styleName.FindStringSubmatch(id)
	if m == nil {
		return Style{}, false
	}
	lang, ok := languages[m[1][0]]
	if !ok {
		return Style{}, false
	}
	gender := map[string]string{"f": "female", "m": "male"}[m[2]]
	return Style{ID: id, Name: strings.ToUpper(m[3][:1]) + m[3][1:], Language: lang.tag, Gender: gender, espeak: lang.espeak}, true
}

// ListStyles lists the styles in dir that Readback speaks, by ID: NAME.bin files of
// a style's size.
func ListStyles(dir string) ([]Style, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Style
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".bin")
		if !ok || !e.Type().IsRegular() {
			continue
		}
		s, ok := ParseStyleID(id)
		if !ok {
			continue
		}
		if info, err := e.Info(); err != nil || info.Size() != StyleBytes {
			continue
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	// Grades are shown, not spoken: a damaged file costs them, not the voices
	// (CheckGrades says what is wrong with it).
	grades, _ := ReadGrades(dir)
	for i := range out {
		out[i].Grade = grades[out[i].ID]
	}
	return out, nil
}

// GradesFile is the styles' grades beside them: {"af_heart": "A", …}, from
// kokoro-js's own list of its voices.
const GradesFile = "grades.json"

var gradeRe = regexp.MustCompile(`^[A-F][+-]?$`)

// ReadGrades reads the grades beside the styles; none when the file is not there
// (styles put in by hand). A damaged file is an error that names it.
func ReadGrades(dir string) (map[string]string, error) {
	path := filepath.Join(dir, GradesFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var grades map[string]string
	if err := json.Unmarshal(raw, &grades); err != nil {
		return nil, fmt.Errorf("kokoro: %s: %v", path, err)
	}
	for id, g := range grades {
		if !gradeRe.MatchString(g) {
			return nil, fmt.Errorf("kokoro: %s: %q is not a grade (A to F) for %s", path, g, id)
		}
	}
	return grades, nil
}

// styleData is a style's rows and its file's checksum (part of its renditions'
// keys).
type styleData struct {
	rows   []float32
	sha256 string
}

// readStyle reads and checks a style file.
func readStyle(dir, id string) (*styleData, error) {
	if _, ok := ParseStyleID(id); !ok {
		return nil, fmt.Errorf("kokoro: no voice %q (a voice is a style such as af_heart)", id)
	}
	path := filepath.Join(dir, id+".bin")
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("kokoro: no voice %q: %s is missing", id, path)
	}
	if err != nil {
		return nil, err
	}
	rows, err := ParseStyle(path, raw)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	return &styleData{rows: rows, sha256: hex.EncodeToString(sum[:])}, nil
}

// ParseStyle checks a style's bytes: its size, and every value a finite number.
func ParseStyle(name string, raw []byte) ([]float32, error) {
	if len(raw) != StyleBytes {
		return nil, fmt.Errorf("%s: %d bytes, where a Kokoro voice style is %d (510 × 256 floats)", name, len(raw), StyleBytes)
	}
	rows := make([]float32, StyleRows*StyleDim)
	for i := range rows {
		f := math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return nil, fmt.Errorf("%s: value %d is not a number: not a voice style", name, i)
		}
		rows[i] = f
	}
	return rows, nil
}

// row is the style for an input of n tokens (the pads not counted), as Kokoro
// chooses it.
func (s *styleData) row(n int) []float32 {
	i := min(max(n, 0), StyleRows-1)
	return s.rows[i*StyleDim : (i+1)*StyleDim]
}
