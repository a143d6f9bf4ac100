package library

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"readback/internal/audio"
	"readback/internal/fault"
	"readback/internal/store"
)

// Voice packs. A pack is a manifest plus its files: a neural model and its config,
// or nothing but a preset. Files are stored once by content
// (voices/ID/files/SHA256), so that publishing never overwrites a byte; the
// manifest of version N (voices/ID/N/manifest.json) is created conditionally and
// is what makes the version exist — two laptops publishing the same version at
// once: exactly one manifest lands, the other is told.

const voiceFormat = "readback-voice/1"

// VoiceFile is one file of a pack.
type VoiceFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// VoicePreset is how a voice is used: any engine's voice with its settings and the
// lexicon it needs.
type VoicePreset struct {
	Engine  string                 `json:"engine"`
	Voice   string                 `json:"voice"`
	Rate    float64                `json:"rate,omitempty"`
	Pitch   float64                `json:"pitch,omitempty"`
	Pauses  *PresetPauses          `json:"pauses,omitempty"`
	Lexicon []store.LexiconVersion `json:"lexicon,omitempty"`
}

// PresetPauses are silences in ms.
type PresetPauses struct {
	Sentence  int `json:"sentence"`
	Paragraph int `json:"paragraph"`
	Chapter   int `json:"chapter"`
}

// VoiceManifest describes one version of a pack.
type VoiceManifest struct {
	Format      string       `json:"format"`
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Engine      string       `json:"engine"`
	Language    string       `json:"language"`
	Licence     string       `json:"licence"`
	Version     int          `json:"version"`
	Files       []VoiceFile  `json:"files"`
	Preset      *VoicePreset `json:"preset,omitempty"`
	Author      string       `json:"author"`
	PublishedAt int64        `json:"published_at"`

	// Unchanged says a publish found this very pack already published.
	Unchanged bool `json:"-"`
}

// samePack tells whether two manifests describe the same voice (who published it
// and when aside).
func samePack(a, b *VoiceManifest) bool {
	ja, _ := json.Marshal(VoiceManifest{Format: a.Format, ID: a.ID, Name: a.Name, Engine: a.Engine, Language: a.Language, Licence: a.Licence, Files: a.Files, Preset: a.Preset})
	jb, _ := json.Marshal(VoiceManifest{Format: b.Format, ID: b.ID, Name: b.Name, Engine: b.Engine, Language: b.Language, Licence: b.Licence, Files: b.Files, Preset: b.Preset})
	return string(ja) == string(jb)
}

// maxVoiceTotal bounds all of a pack's files together.
const maxVoiceTotal = 4 << 30

// Validate refuses a manifest that could do harm or make no sense: names that are
// not plain file names, sizes out of bounds, checksums that are not SHA-256.
func (m *VoiceManifest) Validate(where string) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...))
	}
	if m.Format != voiceFormat {
		return bad("format %q; this Readback reads %q", m.Format, voiceFormat)
	}
	if err := CheckName("voice id", m.ID); err != nil {
		return bad("%v", err)
	}
	if m.Version < 1 || m.Version > 1_000_000 {
		return bad("version %d is out of bounds", m.Version)
	}
	for what, s := range map[string]string{"name": m.Name, "engine": m.Engine, "language": m.Language, "licence": m.Licence, "author": m.Author} {
		if err := validText("the "+what, s); err != nil {
			return bad("%v", err)
		}
	}
	if m.Name == "" || m.Engine == "" {
		return bad("a voice needs a name and an engine")
	}
	if len(m.Files) > MaxPackFiles {
		return bad("%d files, more than %d", len(m.Files), MaxPackFiles)
	}
	if len(m.Files) == 0 && m.Preset == nil {
		return bad("neither files nor a preset")
	}
	seen := map[string]bool{}
	var total int64
	for _, f := range m.Files {
		if err := CheckName("file name", f.Name); err != nil {
			return bad("%v", err)
		}
		if seen[f.Name] || f.Name == "manifest.json" {
			return bad("the file name %q is used twice or reserved", f.Name)
		}
		seen[f.Name] = true
		if err := CheckSHA256(f.Name, f.SHA256); err != nil {
			return bad("%v", err)
		}
		if f.Size < 0 || f.Size > MaxVoiceFile {
			return bad("file %s: %d bytes is out of bounds", f.Name, f.Size)
		}
		total += f.Size
	}
	if total > maxVoiceTotal {
		return bad("its files come to %d bytes, more than %d", total, int64(maxVoiceTotal))
	}
	if p := m.Preset; p != nil {
		if err := validText("the preset's engine", p.Engine); err != nil {
			return bad("%v", err)
		}
		if err := validText("the preset's voice", p.Voice); err != nil {
			return bad("%v", err)
		}
		if p.Rate != 0 && (p.Rate < 0.5 || p.Rate > 3) || p.Pitch != 0 && (p.Pitch < 0.5 || p.Pitch > 1.5) {
			return bad("the preset's rate or pitch is out of bounds")
		}
		if ps := p.Pauses; ps != nil && (ps.Sentence < 0 || ps.Paragraph < 0 || ps.Chapter < 0 || ps.Sentence > store.MaxPauseMs || ps.Paragraph > store.MaxPauseMs || ps.Chapter > store.MaxPauseMs) {
			return bad("the preset's pauses are out of bounds")
		}
		if len(p.Lexicon) > MaxLexiconEntries {
			return bad("the preset's lexicon is too long")
		}
		for _, v := range p.Lexicon {
			e := v.Entry()
			if err := e.Validate(); err != nil {
				return bad("the preset's lexicon: %s", fault.MessageOf(err))
			}
		}
	}
	return nil
}

func manifestKey(id string, version int) string {
	return "voices/" + id + "/" + strconv.Itoa(version) + "/manifest.json"
}

func voiceFileKey(id, sum string) string { return "voices/" + id + "/files/" + sum }

// VoiceSpecFile is the file a folder to publish must hold: the manifest without
// checksums, sizes or version (which the publish fills in); every other plain file
// of the folder is one of the pack's files.
const VoiceSpecFile = "voice.json"

// PublishVoice publishes the pack in dir as the next version (or the version its
// voice.json names).
func (l *Library) PublishVoice(ctx context.Context, dir string) (*VoiceManifest, error) {
	spec := filepath.Join(dir, VoiceSpecFile)
	data, err := os.ReadFile(spec)
	if err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%s: a voice folder needs a %s (id, name, engine, language, licence; a preset if it is one): %v", dir, VoiceSpecFile, err)
	}
	var m VoiceManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%s: %v", spec, err)
	}
	m.Format, m.Files, m.Author, m.PublishedAt = voiceFormat, nil, l.Author, l.Now().UnixMilli()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%s: %v", dir, err)
	}
	paths := map[string]string{}
	for _, e := range entries {
		if e.Name() == VoiceSpecFile || strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() {
			continue
		}
		m.Files = append(m.Files, VoiceFile{Name: e.Name()})
		paths[e.Name()] = filepath.Join(dir, e.Name())
	}
	latest := 0
	if m.Version == 0 {
		x, _, err := l.ReadIndex(ctx)
		if err != nil {
			return nil, err
		}
		latest = x.Voices[m.ID].Latest
		m.Version = latest + 1
	}
	for i := range m.Files {
		st, err := os.Stat(paths[m.Files[i].Name])
		if err != nil {
			return nil, fault.Wrap(err, fault.Invalid, "%v", err)
		}
		// Sizes before the checks (every installer would refuse a pack past the
		// bounds); the checksums are filled in as the files are hashed.
		m.Files[i].Size, m.Files[i].SHA256 = st.Size(), strings.Repeat("0", 64)
	}
	if err := m.Validate(spec); err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%v", err)
	}
	for i := range m.Files {
		f := &m.Files[i]
		// A file is stored under its checksum: the same model in two packs, or in
		// two versions, is uploaded once.
		sum, err := fileSHA256(paths[f.Name])
		if err != nil {
			return nil, fault.Wrap(err, fault.Invalid, "%v", err)
		}
		f.SHA256 = sum
		if _, err := l.Client.UploadFile(ctx, voiceFileKey(m.ID, sum), paths[f.Name], PutOptions{IfNoneMatch: true}); err != nil {
			return nil, err
		}
	}
	if latest > 0 {
		// The same pack again is not a new version.
		if cur, err := l.ReadVoiceManifest(ctx, m.ID, latest); err == nil && samePack(cur, &m) {
			cur.Unchanged = true
			return cur, nil
		}
	}
	body, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return nil, err
	}
	if _, err := l.Client.UploadBytes(ctx, manifestKey(m.ID, m.Version), body, PutOptions{IfNoneMatch: true, ContentType: "application/json"}); errors.Is(err, ErrPrecondition) {
		return nil, fault.Wrap(err, fault.Conflict, "version %d of voice %s was published by someone else meanwhile; nothing of yours replaced it — publish again to make version %d", m.Version, m.ID, m.Version+1)
	} else if err != nil {
		return nil, err
	}
	if err := l.UpdateIndex(ctx, func(x *Index) error {
		if cur, ok := x.Voices[m.ID]; !ok || cur.Latest < m.Version {
			x.Voices[m.ID] = IndexVoice{Name: m.Name, Engine: m.Engine, Language: m.Language, Licence: m.Licence, Latest: m.Version, Author: m.Author, UpdatedAt: m.PublishedAt}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := l.Store.PutVoicePack(ctx, m.ID, m.Version, body, "published"); err != nil {
		return nil, err
	}
	return &m, l.Store.Audit(ctx, "voice.publish", m.ID, fmt.Sprintf("version %d", m.Version))
}

// ReadVoiceManifest reads and checks one version's manifest.
func (l *Library) ReadVoiceManifest(ctx context.Context, id string, version int) (*VoiceManifest, error) {
	if err := CheckName("voice id", id); err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	key := manifestKey(id, version)
	var m VoiceManifest
	if err := l.readManifest(ctx, key, "voice", &m, fmt.Sprintf("the shared library has no version %d of voice %q", version, id)); err != nil {
		return nil, err
	}
	if m.ID != id || m.Version != version {
		return nil, fault.New(fault.Invalid, "refused %s: it describes %s version %d", key, m.ID, m.Version)
	}
	return &m, nil
}

// VoicesDir is where installed packs live: VOICES/ID/VERSION/FILE.
func (l *Library) VoicesDir() string { return filepath.Join(l.DataDir, "voices") }

// InstallVoice downloads a pack (version 0: the latest) into the data directory.
// Files land in a staging folder, each verified against the manifest; the folder
// becomes the pack's only when every file is whole, so a refused or interrupted
// install leaves no pack behind (and the next one resumes what was fetched).
func (l *Library) InstallVoice(ctx context.Context, id string, version int, progress Progress) (*VoiceManifest, error) {
	if err := CheckName("voice id", id); err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	if version == 0 {
		x, _, err := l.ReadIndex(ctx)
		if err != nil {
			return nil, err
		}
		v, ok := x.Voices[id]
		if !ok {
			return nil, fault.New(fault.NotFound, "the shared library has no voice %q", id)
		}
		version = v.Latest
	}
	m, err := l.ReadVoiceManifest(ctx, id, version)
	if err != nil {
		return nil, err
	}
	final, err := Within(l.VoicesDir(), id+"/"+strconv.Itoa(version))
	if err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	staging, err := Within(l.VoicesDir(), ".staging-"+id+"-"+strconv.Itoa(version))
	if err != nil {
		return nil, fault.New(fault.Invalid, "%v", err)
	}
	body, _ := json.MarshalIndent(m, "", " ")
	// Installed already, this very manifest: nothing to fetch. (A version of the
	// same number but other content — the bucket was emptied and filled again — is
	// installed anew.)
	if have, err := os.ReadFile(filepath.Join(final, "manifest.json")); err == nil && string(have) == string(body) {
		return m, l.Store.PutVoicePack(ctx, id, version, body, "installed")
	}
	for _, f := range m.Files {
		dest, err := Within(staging, f.Name)
		if err != nil {
			return nil, fault.New(fault.Invalid, "%v", err)
		}
		if st, err := os.Stat(dest); err == nil && st.Size() == f.Size {
			if sum, err := fileSHA256(dest); err == nil && sum == f.SHA256 {
				continue // fetched whole by an earlier attempt
			}
		}
		var named Progress
		if progress != nil {
			name := f.Name // the file's own name, not its checksum
			named = func(_ string, done, total int64) { progress(name, done, total) }
		}
		if err := l.Client.Download(ctx, voiceFileKey(id, f.SHA256), dest, Want{Size: f.Size, SHA256: f.SHA256}, named); err != nil {
			if errors.Is(err, ErrChecksum) {
				os.RemoveAll(staging) // nothing of a refused pack is kept
				return nil, fault.Wrap(err, fault.Invalid, "refused voice %s version %d: %v", id, version, err)
			}
			return nil, err
		}
	}
	if err := audio.WriteFileAtomic(filepath.Join(staging, "manifest.json"), body); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return nil, err
	}
	os.RemoveAll(final) // a leftover without its manifest is not an install
	if err := os.Rename(staging, final); err != nil {
		return nil, fmt.Errorf("install voice %s: %w", id, err)
	}
	// The version it replaces goes (nothing refers to it once this is recorded).
	packs, err := l.Store.VoicePacks(ctx)
	if err != nil {
		return nil, err
	}
	if err := l.Store.PutVoicePack(ctx, id, version, body, "installed"); err != nil {
		return nil, err
	}
	if old, ok := packs[id]; ok && old.Version != version {
		if dir, err := Within(l.VoicesDir(), id+"/"+strconv.Itoa(old.Version)); err == nil {
			os.RemoveAll(dir)
		}
	}
	return m, l.Store.Audit(ctx, "voice.install", id, fmt.Sprintf("version %d", version))
}

// Voice states in the Shared view.
const (
	VoiceInstalled    = "installed"
	VoiceUpdate       = "update available"
	VoiceLocalOnly    = "local only"
	VoiceNotInstalled = "not installed"
)

// VoiceStatus is one voice seen from both sides.
type VoiceStatus struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Engine   string `json:"engine"`
	Language string `json:"language"`
	Licence  string `json:"licence"`
	Remote   int    `json:"remote"` // latest version in the bucket; 0: none
	Local    int    `json:"local"`  // version here; 0: none
	State    string `json:"state"`
}

// Voices lists the bucket's voices and this library's side by side.
func (l *Library) Voices(ctx context.Context) ([]VoiceStatus, error) {
	x, _, err := l.ReadIndex(ctx)
	if err != nil {
		return nil, err
	}
	local, err := l.Store.VoicePacks(ctx)
	if err != nil {
		return nil, err
	}
	return VoiceStates(x, local), nil
}

// VoiceStates pairs the index's voices with the local packs.
func VoiceStates(x *Index, local map[string]store.VoicePack) []VoiceStatus {
	var out []VoiceStatus
	for id, v := range x.Voices {
		s := VoiceStatus{ID: id, Name: v.Name, Engine: v.Engine, Language: v.Language, Licence: v.Licence, Remote: v.Latest, State: VoiceNotInstalled}
		if p, ok := local[id]; ok {
			s.Local = p.Version
			s.State = VoiceInstalled
			if p.Version < v.Latest {
				s.State = VoiceUpdate
			}
		}
		out = append(out, s)
	}
	for id, p := range local {
		if _, ok := x.Voices[id]; ok {
			continue
		}
		var m VoiceManifest
		json.Unmarshal(p.Manifest, &m)
		out = append(out, VoiceStatus{ID: id, Name: m.Name, Engine: m.Engine, Language: m.Language, Licence: m.Licence, Local: p.Version, State: VoiceLocalOnly})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if out == nil {
		out = []VoiceStatus{}
	}
	return out
}

// readManifest reads a manifest from the bucket into m and checks it; notFound is
// the message when there is none.
func (l *Library) readManifest(ctx context.Context, key, kind string, m interface{ Validate(string) error }, notFound string) error {
	data, _, err := l.Client.ReadSmall(ctx, key, MaxManifest)
	if errors.Is(err, ErrNotFound) {
		return fault.Wrap(err, fault.NotFound, "%s", notFound)
	}
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, m); err != nil {
		return fault.Wrap(err, fault.Invalid, "%s is not a %s manifest: %v", key, kind, err)
	}
	if err := m.Validate(key); err != nil {
		return fault.Wrap(err, fault.Invalid, "refused %v", err)
	}
	return nil
}
