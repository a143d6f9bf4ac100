package kokoro

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Config is what Readback reads of a Kokoro model's config.json: its vocabulary,
// each symbol's token id (0, the pad that frames every input, is no symbol's).
type Config struct {
	Vocab  map[string]int64 `json:"vocab"`
	NToken int64            `json:"n_token"`

	ids map[rune]int64
}

// maxVocab bounds the ids (Kokoro v1.0 has 178) so that a wrong file is refused
// rather than fed to a model that would fail on it.
const maxVocab = 4096

// ParseConfig reads a Kokoro config.json; name is the file's, for errors.
func ParseConfig(name string, data []byte) (*Config, error) {
	var c Config
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: not a Kokoro config (JSON): %v", name, err)
	}
	if len(c.Vocab) == 0 {
		return nil, fmt.Errorf("%s: no \"vocab\": a Kokoro model's config.json maps its phoneme symbols to ids", name)
	}
	limit := int64(maxVocab)
	if c.NToken > 0 {
		limit = min(c.NToken, limit)
	}
	c.ids = make(map[rune]int64, len(c.Vocab))
	for sym, id := range c.Vocab {
		r, size := utf8.DecodeRuneInString(sym)
		if size == 0 || size != len(sym) || r == utf8.RuneError {
			return nil, fmt.Errorf("%s: the vocabulary's symbol %q is not one character", name, sym)
		}
		if id < 1 || id >= limit {
			return nil, fmt.Errorf("%s: the symbol %q has the id %d, outside 1–%d", name, sym, id, limit-1)
		}
		c.ids[r] = id
	}
	// A vocabulary without a space and a full stop has not the symbols eSpeak's
	// phonemes are written in.
	for _, r := range " .ə" {
		if _, ok := c.ids[r]; !ok {
			return nil, fmt.Errorf("%s: the vocabulary has no %q: not Kokoro's phoneme symbols", name, r)
		}
	}
	return &c, nil
}

// IsConfig says whether data looks like a Kokoro config (a vocabulary, and none of
// Piper's phoneme_id_map), to tell a Kokoro model from a Piper voice.
func IsConfig(data []byte) bool {
	var probe struct {
		Vocab        map[string]any `json:"vocab"`
		PhonemeIDMap map[string]any `json:"phoneme_id_map"`
	}
	return json.Unmarshal(data, &probe) == nil && len(probe.Vocab) > 0 && probe.PhonemeIDMap == nil
}
