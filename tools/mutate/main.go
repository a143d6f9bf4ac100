// Command mutate plants, one at a time, bugs that once got past the suite, and checks
// that the test named for each now fails. Each bug is applied to a scratch copy of
// its file that the Go toolchain reads instead of the original (go test -overlay):
// the tree itself is never touched. Run from the project root (scripts/mutate).
//
// When a bug is fixed that no test caught, add it here with the test that now does.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

type edit struct{ from, to string }

type mutation struct {
	bug   string
	file  string
	edits []edit // each from must occur exactly once in file
	pkg   string
	tests []string // each must fail with the bug
}

var mutations = []mutation{
	{"an import reads its file twice", "internal/catalog/catalog.go",
		[]edit{{"func (c *Catalog) ImportFile(ctx context.Context, path string, opt narration.Options) (*Result, error) {\n\tdata, err := c.readFile(ctx, path)", "func (c *Catalog) ImportFile(ctx context.Context, path string, opt narration.Options) (*Result, error) {\n\tc.readFile(ctx, path)\n\tdata, err := c.readFile(ctx, path)"}},
		"./internal/catalog", []string{"TestImportReadsTheFileOnce"}},
	{"a catalogue's SHA-256 is not checked", "internal/tts/piper/catalog.go",
		[]edit{{"(want.SHA256 != \"\" && !strings.EqualFold(hex.EncodeToString(sha256Sum[:]), want.SHA256))", "(want.SHA256 == \"-\" && sha256Sum[0] == 0)"}},
		"./internal/tts/piper", []string{"TestCatalogDownload"}},
	{"a catalogue's SHA-256 refuses the right file", "internal/tts/piper/catalog.go",
		[]edit{{"(want.SHA256 != \"\" && !strings.EqualFold(hex.EncodeToString(sha256Sum[:]), want.SHA256))", "(want.SHA256 != \"\" && strings.EqualFold(hex.EncodeToString(sha256Sum[:]), want.SHA256))"}},
		"./internal/tts/piper", []string{"TestCatalogDownload"}},
	{"after a runtime failed to start, the one chosen is deleted and the writer told to choose again", "internal/tts/engines/runtime.go",
		[]edit{{"\tif failed := onnx.Failed(); failed != nil {", "\tif failed := onnx.Failed(); failed != nil && false {"}},
		"./internal/tts/engines", []string{"TestUseRuntimeAfterAFailedStart"}},
	{"a runtime chosen in Settings starts, but Piper and Kokoro wait for a restart", "internal/tts/engines/voices.go",
		[]edit{{"\t\tv.registerNeural() // found since the engines started: they speak now\n", ""}},
		"./internal/tts/engines", []string{"TestUseRuntimeWithoutARestart"}},
	{"a file that is not ONNX Runtime is kept in the data folder", "internal/tts/engines/runtime.go",
		[]edit{{"\tif err := onnx.CheckAs(out.Name(), src); err != nil {\n\t\treturn err\n\t}", "\tif err := onnx.CheckAs(out.Name(), src); err != nil {\n\t\tout.Commit()\n\t\treturn err\n\t}"}},
		"./internal/tts/engines", []string{"TestUseRuntimeWithoutARestart"}},
	{"an IPA entry reaches the neural voices and Polly as eSpeak's phonemes", "internal/render/book.go",
		[]edit{{"IPA: isIR && ir.ReadsIPA(),", "IPA: isIR && ir.ReadsIPA() && false,"}},
		"./internal/render", []string{"TestLexiconEntryChangesItsSentencesInEveryEngine", "TestAuditionInEveryEngine"}},
	{"Polly refusing Readback's SSML is told as Polly's trouble, not Readback's bug", "internal/tts/polly/engine.go",
		[]edit{{"\tcase code == \"InvalidSsmlException\" || code == \"TextLengthExceededException\"", "\tcase code == \"TextLengthExceededException\""}},
		"./internal/tts/polly", []string{"TestRefusalsSayWhyWithoutSecrets"}},
	{"retries wait in step: the whole bound, no jitter", "internal/retry/retry.go",
		[]edit{{"\treturn time.Duration(rand.Int64N(int64(d) + 1))", "\treturn d + time.Duration(0*rand.Int64N(1))"}},
		"./internal/retry", []string{"TestWaitsAreFullJitter"}},
	{"retries wait half the bound at least (equal jitter)", "internal/retry/retry.go",
		[]edit{{"\treturn time.Duration(rand.Int64N(int64(d) + 1))", "\treturn d/2 + time.Duration(rand.Int64N(int64(d/2)+1))"}},
		"./internal/retry", []string{"TestWaitsAreFullJitter"}},
	{"a voice of an engine that could not start is refused without the reason", "internal/tts/tts.go",
		[]edit{{"\t\tif why, missing := r.unavailable[name]; missing {", "\t\tif why, missing := r.unavailable[name]; missing && false {"}},
		"./internal/cli", []string{"TestWithoutTheRuntimeESpeakStillConverts"}},
	{"the window's Cancel stops only one of the transfers under way", "internal/library/service.go",
		[]edit{{"\tfor _, cancel := range s.transfers {\n\t\tcancel()\n\t}", "\tfor _, cancel := range s.transfers {\n\t\tcancel()\n\t\tbreak\n\t}"}},
		"./internal/library", []string{"TestTransfersAreCancelled"}},
	{"an install the window's Cancel cannot stop", "internal/library/overview.go",
		[]edit{{"func (s *Service) InstallVoice(ctx context.Context, id string, progress Progress) error {\n\tctx, done := s.transfer(ctx)", "func (s *Service) InstallVoice(ctx context.Context, id string, progress Progress) error {\n\t_, done := s.transfer(ctx)"}},
		"./internal/library", []string{"TestTransfersAreCancelled"}},
	{"overlapping emphasis opens once and closes twice", "internal/tts/polly/ssml.go",
		[]edit{{"\t\t\tif sp[0] >= last {", "\t\t\tif sp[0] >= last || true {"}},
		"./internal/tts/polly", []string{"TestSSMLIsWellFormedAndMapsBack"}},
	{"emphasis starting inside a character", "internal/tts/polly/ssml.go",
		[]edit{{"s < e && utf8.RuneStart(req.Text[s]) &&", "s < e &&"}},
		"./internal/tts/polly", []string{"TestSSMLIsWellFormedAndMapsBack"}},
	{"what Polly billed is not counted", "internal/tts/polly/engine.go",
		[]edit{{"\t\ttts.MeterOf(ctx).Add(billed)\n", "\t\t_ = billed\n"}},
		"./internal/render", []string{"TestPollyBudget"}},
	{"a refusal by the budget does not stop the conversion", "internal/render/book.go",
		[]edit{{"\t\t\tif errors.Is(err, ErrOverBudget) {\n\t\t\t\tif halted == nil {", "\t\t\tif errors.Is(err, ErrOverBudget) && false {\n\t\t\t\tif halted == nil {"}},
		"./internal/render", []string{"TestPollyBudget"}},
	{"billed engines pass no budget", "internal/render/budget.go",
		[]edit{{"\tif !ok || r.Budget == nil {", "\tif !ok || r.Budget != nil {"}},
		"./internal/render", []string{"TestPollyBudget"}},
	{"a budget counts only what was billed before", "internal/render/budget.go",
		[]edit{{"\t\tif used+b.pending[engine]+int64(chars) > limit {", "\t\tif used+int64(chars) > limit {"}},
		"./internal/render", []string{"TestPollyBudget"}},
	{"a cloud engine's sentences go to worker processes", "internal/render/pool.go",
		[]edit{{"\t\tif e, err := r.engines.Engine(it.Voice.Engine); err == nil && tts.IsRemote(e) {\n\t\t\tremote = append(remote, it)", "\t\tif e, err := r.engines.Engine(it.Voice.Engine); err == nil && tts.IsRemote(e) && false {\n\t\t\tremote = append(remote, it)"}},
		"./internal/render", []string{"TestPollyConversionHereThrottlingRetried"}},
	{"a cloud engine asked one sentence at a time", "internal/render/book.go",
		[]edit{{"\t\t\tn = max(n, limit(e))\n", ""}},
		"./internal/render", []string{"TestPollyConversionHereThrottlingRetried"}},
	{"throttling tried again as briefly as a lost helper", "internal/render/render.go",
		[]edit{{"\tif r, ok := e.(tts.Retrier); ok {", "\tif r, ok := e.(tts.Retrier); ok && false {"}},
		"./internal/render", []string{"TestPollyConversionHereThrottlingRetried"}},
	{"Polly's word ends keep the pause after them", "internal/tts/polly/engine.go",
		[]edit{{"\t\tendMs -= d.pausedBetween(w.m.End, nextAt)\n", "\t\t_ = nextAt\n"}},
		"./internal/tts/polly", []string{"TestMarksAreOnTheWritersText"}},
	{"Polly's marks end a byte early", "internal/tts/polly/ssml.go",
		[]edit{{"\tstop := last + 1\n", "\tstop := last\n"}},
		"./internal/tts/polly", []string{"TestMarksAreOnTheWritersText", "TestEngineSuite"}},
	{"a long sentence sent to Polly whole", "internal/tts/polly/ssml.go",
		[]edit{{"(d.billed <= maxBilled && len(d.ssml) <= maxTotal) || to-from <= 1", "true"}},
		"./internal/tts/polly", []string{"TestLongSentenceIsSplitAtClauses"}},
	{"Polly's throttling is final", "internal/tts/polly/engine.go",
		[]edit{{"\t\treturn tts.Transient(fault.New(fault.Unavailable, \"Amazon Polly is busy (%s, HTTP %d)\", orStatus(code), status))", "\t\treturn fault.New(fault.Unavailable, \"Amazon Polly is busy (%s, HTTP %d)\", orStatus(code), status)"}},
		"./internal/tts/polly", []string{"TestRefusalsSayWhyWithoutSecrets"}},
	{"Polly's voice list asked every time", "internal/tts/polly/engine.go",
		[]edit{{"\tif e.voices != nil && !e.stale && time.Since(e.voices.Fetched) < VoicesFresh {", "\tif e.voices != nil && false {"}},
		"./internal/tts/polly", []string{"TestVoicesCached"}},
	{"the view's text is not escaped", "internal/narration/render.go",
		[]edit{{"b.WriteString(escapeText(seg.Text))", "b.WriteString(seg.Text)"}},
		"./internal/narration", []string{"TestViewEscapesSentencesWithoutTheSanitiser", "TestViewKeepsHostileTextAsText"}},
	{"the view's text is not escaped (every format)", "internal/narration/render.go",
		[]edit{{"b.WriteString(escapeText(seg.Text))", "b.WriteString(seg.Text)"}},
		"./internal/document", []string{"TestHostileTextReachesTheViewAsText"}},
	{"the view is not sanitised", "internal/narration/render.go",
		[]edit{{"return sanitize(b.String())", "return b.String()"}},
		"./internal/narration", []string{"TestViewSanitisesWithoutTheEscaping"}},
	{"the lexicon's word boundary always holds", "internal/narration/lexicon.go",
		[]edit{{"func atBoundary(text string, i, j int) bool {\n", "func atBoundary(text string, i, j int) bool {\n\tif true {\n\t\treturn true\n\t}\n"}},
		"./internal/narration", []string{"TestLexiconBoundaries"}},
	{"the runner never reaps a dead process's jobs", "internal/jobs/jobs.go",
		[]edit{{"if n, err := r.Store.Reap(ctx); err != nil", "if n, err := 0, error(nil); err != nil"}},
		"./internal/audiobook", []string{"TestCrashedConversionIsTakenUpAtNextStart"}},
	{"two engine calls per sentence, counted as one", "internal/render/render.go",
		[]edit{{"\t\ta, err = e.Synthesize(tts.WithMeter(ctx, meter), req)\n",
			"\t\te.Synthesize(ctx, req)\n\t\ta, err = e.Synthesize(tts.WithMeter(ctx, meter), req)\n"}},
		"./internal/render", []string{"TestRenderReuseAndRepair"}},
	{"claimed jobs come back in the database's order", "internal/store/jobs.go",
		[]edit{{"\tslices.SortStableFunc(out, func(a, b *Job) int {", "\tslices.SortStableFunc(out[:0], func(a, b *Job) int {"}},
		"./internal/jobs", []string{"TestClaimOrderAndExclusivity"}},
	{"the lowest priority is claimed first", "internal/store/jobs.go",
		[]edit{{"ORDER BY priority DESC, run_at, id LIMIT ?)", "ORDER BY priority, run_at, id LIMIT ?)"}},
		"./internal/jobs", []string{"TestPriorityFirst"}},
	{"cancelling a conversion changes nothing", "internal/store/jobs.go",
		[]edit{{"UPDATE jobs SET state = 'cancelled', lease_until = NULL", "UPDATE jobs SET state = state, lease_until = lease_until"}},
		"./app", []string{"TestQueueConvertsAndReports"}},
	{"a language is spoken by whatever voice comes first", "internal/tts/espeak/espeak.go",
		[]edit{{"\t\tcase v.Language == tag:\n", "\t\tcase true:\n"}},
		"./internal/tts/espeak", []string{"TestVoiceFallback"}},
	{"WAV samples written big-endian", "internal/audio/wav.go",
		[]edit{{"\tif littleEndian {\n\t\treturn unsafe.Slice", "\tif false {\n\t\treturn unsafe.Slice"},
			{"binary.LittleEndian.PutUint16(b[2*i:], uint16(v))", "binary.BigEndian.PutUint16(b[2*i:], uint16(v))"}},
		"./internal/audio", []string{"TestWAVRoundTrip"}},
	{"a Word table of contents is read", "internal/document/docx.go",
		[]edit{{"if toc || p.toc {", "if false && (toc || p.toc) {"}},
		"./internal/document", []string{"TestGolden"}},
	{"a Word table of contents is read (the corpus)", "internal/document/docx.go",
		[]edit{{"if toc || p.toc {", "if false && (toc || p.toc) {"}},
		"./internal/cli", []string{"TestCorpusReading"}},
	{"a PDF's password is not passed on", "internal/document/pdf.go",
		[]edit{{"rd, err := pdfEngine().Read(p.ctx, data, password, pdfTimeout(len(data)))", "rd, err := pdfEngine().Read(p.ctx, data, \"\", pdfTimeout(len(data)))"}},
		"./internal/document", []string{"TestPDFPassword"}},
	{"undecodable characters are read aloud", "internal/pdftext/reader.go",
		[]edit{{"\treturn r == '\\uFFFD' ||", "\treturn false && r == '\\uFFFD' ||"}},
		"./internal/pdftext", []string{"TestDecodable"}},
	{"PDFium's text indexes counted in code points", "internal/pdftext/reader.go",
		[]edit{{"\t\tn += utf16.RuneLen(r)", "\t\tn += 1 + 0*utf16.RuneLen(r)"}},
		"./internal/pdftext", []string{"TestLinesAfterAstralCharacters"}},
	{"an outline is walked without a depth bound", "internal/pdftext/reader.go",
		[]edit{{"\t\tif f.level < maxOutlineDepth {", "\t\tif true {"}},
		"./internal/pdftext", []string{"TestLoopingOutline"}},
	{"a PDF reader out of time is left running", "internal/pdftext/pdftext.go",
		[]edit{{"\tcase <-ctx.Done():\n\t\tr.kill()\n\t\t<-ch\n", "\tcase <-ctx.Done():\n"}},
		"./internal/pdftext", []string{"TestTimeoutStopsTheReading"}},
	{"a long Markdown book cut between a footnote and its reference", "internal/document/markdown.go",
		[]edit{{"\t\t\tif sp.from < c && c <= sp.to {", "\t\t\tif false && sp.from < c && c <= sp.to {"}},
		"./internal/document", []string{"TestMarkdownInPieces"}},
	{"the block pass drops paragraphs, and the blocks read by whether they are there", "internal/document/markdown.go",
		[]edit{{"\tif lines := p.Lines(); lines.Len() > 0 {", "\tif parent := p.Parent(); parent != nil {\n\t\tparent.RemoveChild(parent, p)\n\t}\n\tif lines := p.Lines(); false && lines.Len() > 0 {"}},
		"./internal/document", []string{"FuzzMarkdownInPieces"}},
	{"a note referred to from a note is never read", "internal/document/markdown.go",
		[]edit{{"\t\t\t\tw.b.blocks, w.refs = nil, nil\n", "\t\t\t\tw.b.blocks = nil\n"}},
		"./internal/document", []string{"TestMarkdownNotesAreRead"}},
	{"an eSpeak speaker is not put back before each sentence", "internal/tts/espeak/speaker.go",
		[]edit{{"\t\tC.readback_restore()\n", "\n"}},
		"./internal/tts/espeak", []string{"TestSameRequestSameAudio"}},
	{"the player's sentence waits behind a conversion's", "internal/render/schedule.go",
		[]edit{{"if best < 0 || w.prio > s.waiting[best].prio || (w.prio == s.waiting[best].prio && w.seq < s.waiting[best].seq) {", "if best < 0 || w.seq < s.waiting[best].seq {"}},
		"./internal/render", []string{"TestSchedulerPriorities", "TestListeningOvertakesConversions"}},
	{"worker processes synthesise without taking turns", "internal/render/pool.go",
		[]edit{{"turn, err = r.turns.acquire(ctx, e, PriorityBulk)", "turn, err = func() {}, error(nil)"}},
		"./internal/render", []string{"TestWorkersTakeTurns"}},
	{"a worker holding the turn never yields it to the player", "internal/render/pool.go",
		[]edit{{"if turn != nil && r.turns.urgent(turnOn, PriorityBulk) {", "if turn != nil && r.turns.urgent(turnOn, PriorityBulk) && false {"}},
		"./internal/render", []string{"TestWorkersTakeTurns"}},
	{"worker processes' sentences go before the player's", "internal/render/pool.go",
		[]edit{{"r.turns.acquire(ctx, e, PriorityBulk)", "r.turns.acquire(ctx, e, PriorityListening)"}},
		"./internal/render", []string{"TestWorkersTakeTurns"}},
	{"a clause's text keeps the character eSpeak read ahead", "internal/tts/espeak/ipa.go",
		[]edit{{"\t\t\tend -= size // the character read ahead belongs to the next clause", "\t\t\t_ = size"}},
		"./internal/tts/piper", []string{"TestFrontEndReproducesPiper"}},
	{"a clause's text keeps the character eSpeak read ahead (eSpeak's own test)", "internal/tts/espeak/ipa.go",
		[]edit{{"\t\t\tend -= size // the character read ahead belongs to the next clause", "\t\t\t_ = size"}},
		"./internal/tts/espeak", []string{"TestIPAClauses"}},
	{"eSpeak's language flags are fed to a Piper voice", "internal/tts/piper/phonemes.go",
		[]edit{{"norm.NFD.String(neural.LanguageFlags.ReplaceAllString(cl.IPA, \"\"))", "norm.NFD.String(cl.IPA)"}},
		"./internal/tts/piper", []string{"TestLanguageFlagsAreNotPhonemes", "TestSentencesFromClauses"}},
	{"Piper's front end drops the space after a comma", "internal/tts/piper/phonemes.go",
		[]edit{{"\t\t\tadd(end.mark, i)\n\t\t\tadd(' ', i)\n", "\t\t\tadd(end.mark, i)\n"}},
		"./internal/tts/piper", []string{"TestFrontEndReproducesPiper", "TestSentencesFromClauses"}},
	{"a Piper model that does not match its config is installed", "internal/tts/piper/voices.go",
		[]edit{{"\tsig, err := checkSignature(ins, outs, c.NumSpeakers > 1)\n\tif err != nil {", "\tsig, err := checkSignature(ins, outs, c.NumSpeakers > 1)\n\tif false && err != nil {"}},
		"./internal/tts/piper", []string{"TestInstall"}},
	{"the speaking rate does not reach a Piper voice", "internal/tts/piper/engine.go",
		[]edit{{"c.Inference.LengthScale / float32(rate)", "c.Inference.LengthScale"}},
		"./internal/tts/piper", []string{"TestSpeaksThePhonemes"}},
	{"eSpeak's transcription spells out a lexicon entry's phonemes for Piper and Kokoro", "internal/tts/espeak/ipa.go",
		[]edit{{"if strings.Contains(text, \"[[\") {", "if strings.Contains(text, \"[[\") && false {"}},
		"./internal/tts/kokoro", []string{"TestLexiconPhonemesReachTheModel"}},
	{"a lexicon entry's IPA is transcribed by eSpeak as text instead of reaching Piper and Kokoro as written", "internal/tts/neural/speech.go",
		[]edit{{"\tif !lexicon.HasIPA(text) {\n\t\treturn fe.IPA(ctx, voice, text)", "\tif true {\n\t\treturn fe.IPA(ctx, voice, text)"}},
		"./internal/tts/piper", []string{"TestLexiconIPAReachesTheModel"}},
	{"a lexicon entry's IPA reaches Polly as text, not as <phoneme>", "internal/tts/polly/ssml.go",
		[]edit{{"if ipa, end, ok := ipaAt(req.Text, i, to, f.said); ok {", "if ipa, end, ok := ipaAt(req.Text, i, to, f.said); ok && false {"}},
		"./internal/tts/polly", []string{"TestLexiconIPAReachesPolly"}},
	{"a lexicon entry's eSpeak phonemes are read to Polly as letters", "internal/tts/polly/ssml.go",
		[]edit{{"\t\tif strings.HasPrefix(req.Text[i:to], \"[[\") {", "\t\tif false {"}},
		"./internal/tts/polly", []string{"TestLexiconPhonemesReachPollyAsIPA"}},
	{"an engine that reads IPA is given the respelling", "internal/narration/lexicon.go",
		[]edit{{"\tcase r.IPA && p.IPA != \"\":", "\tcase false && r.IPA && p.IPA != \"\":"}},
		"./internal/narration", []string{"TestEachEngineGetsItsForm"}},
	{"IPA is written in English's eSpeak phonemes for every language (Spanish's trill is lost)", "internal/lexicon/ipa.go",
		[]edit{{"\town := byLanguage[primary(language)]", "\town := byLanguage[\"en\"]"}},
		"./internal/tts/espeak", []string{"TestEspeakReadsTheLexiconsIPA"}},
	{"a worker that died after writing a sentence's audio has the sentence made again", "internal/render/pool.go",
		[]edit{{"\t\t\tif resp := written[t.it.Key]; resp != nil {", "\t\t\tif resp := written[t.it.Key]; resp != nil && false {"}},
		"./internal/render", []string{"TestPoolReplacesCrashedAndHungWorkers"}},
	{"a cloud task drops a lexicon entry given as eSpeak's phonemes", "internal/library/scaleout.go",
		[]edit{{"if !isIPA && ipaOf != nil {", "if !isIPA && ipaOf != nil && false {"}},
		"./internal/library", []string{"TestRemoteSSMLSaysTheLexicon"}},
	{"a lexicon entry's [[…]] is split into words when a span is mapped", "internal/narration/lexicon.go",
		[]edit{{"\t\tif strings.HasPrefix(s[i:], \"[[\") {", "\t\tif false {"}},
		"./internal/narration", []string{"TestMapSpanTakesAnEntryAsOneWord"}},
	{"the shared lexicon stays format 1 with IPA in it", "internal/library/lexicon.go",
		[]edit{{"\t\tif v.IPA != \"\" {\n\t\t\treturn lexiconFormatIPA", "\t\tif v.IPA != \"\" && false {\n\t\t\treturn lexiconFormatIPA"}},
		"./internal/library", []string{"TestSharedLexiconFormatFollowsIPA"}},
	{"a book kept is reused after the library changed", "internal/render/memo.go",
		[]edit{{"if e.docID != docID || e.voice != v || e.changes != changes {", "if e.docID != docID || e.voice != v {"}},
		"./internal/render", []string{"TestOneEditBuildsTheBookOnce"}},
	{"a book kept is reused after its voice's model changed", "internal/render/memo.go",
		[]edit{{"\t\t\tif version(voice) != was {", "\t\t\tif version(voice) != was && false {"}},
		"./internal/render", []string{"TestOneEditBuildsTheBookOnce"}},
	{"every reader of an edit builds the book again", "internal/render/memo.go",
		[]edit{{"\t\tif b != nil {\n\t\t\treturn b, nil\n\t\t}\n\t\tif mine != nil {", "\t\tif b != nil && false {\n\t\t\treturn b, nil\n\t\t}\n\t\tif mine != nil {"}},
		"./internal/render", []string{"TestOneEditBuildsTheBookOnce"}},
	{"a document's book changes with every document's edits", "internal/store/store.go",
		[]edit{{"WHERE document_id IN (0, ` + doc + `))`", "WHERE document_id >= 0 OR ` + doc + ` = 0)`"}},
		"./internal/store", []string{"TestBookChangesFollowWhatABookIsMadeFrom"}},
	{"a book kept is reused after a global lexicon entry", "internal/store/store.go",
		[]edit{{"WHERE document_id IN (0, ` + doc + `))`", "WHERE document_id = ` + doc + `)`"}},
		"./internal/render", []string{"TestOneEditBuildsTheBookOnce"}},
	{"a global lexicon entry leaves the document being read as it was", "internal/editing/editing.go",
		[]edit{{"\tif docID == 0 && s.hooks.Open != nil {", "\tif docID == 0 && s.hooks.Open != nil && false {"}},
		"./internal/editing", []string{"TestAGlobalEntryChangesTheDocumentOpen"}},
	{"the window's lexicon export writes over the library's own files", "internal/editing/lexicon.go",
		[]edit{{"\tif err := audiobook.CheckOutput(path, filepath.Dir(st.Path())); err != nil {", "\tif err := audiobook.CheckOutput(path, \"\"); err != nil {"}},
		"./app", []string{"TestEditorEditsUndoRedoAndLexicon"}},
	{"a block with a terminator of another script is taken for one sentence without asking Unicode", "internal/narration/sentence.go",
		[]edit{{"\t\t\tunicode.Is(unicode.Sentence_Terminal, r), isTerminal(r):", "\t\t\tisTerminal(r):"}},
		"./internal/narration", []string{"TestMayBreakMissesNoUnicodeBoundary"}},
	{"a conversion writes into the library's Piper voices", "internal/config/config.go",
		[]edit{{"renditionsName, piperName, ", "renditionsName, "}},
		"./internal/cli", []string{"TestConvertOutputsCannotHurt"}},
	{"a library's id reused by a new document passes for the deleted one's book", "internal/store/migrations/0014_book_changes.sql",
		[]edit{{"CREATE TRIGGER book_changes_documents_insert AFTER INSERT ON documents\nBEGIN INSERT INTO book_changes (document_id, n) VALUES (NEW.id, 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;\n", ""}},
		"./internal/store", []string{"TestBookChangesFollowWhatABookIsMadeFrom"}},
	{"two readers asking at once for a book build it twice", "internal/render/memo.go",
		[]edit{{"\tif b := m.building[key]; b != nil {", "\tif b := m.building[key]; b != nil && false {"}},
		"./internal/render", []string{"TestReadersAtOnceShareOneBuild"}},
	{"a Piper voice's alignments are not kept at install", "internal/tts/piper/voices.go",
		[]edit{{"Outputs: sig.outputs()}", "Outputs: sig.outputs()[:1]}"}},
		"./internal/tts/piper", []string{"TestAlignmentsTimeTheClauses"}},
	{"the player's opening does not keep the length it shows for the library", "internal/listening/session.go",
		[]edit{{"if err := s.St.SetEstimate(ctx, docID, ms, estimated, changes); err != nil && s.Log != nil {", "if err := error(nil); err != nil && s.Log != nil && ms+changes > 0 && estimated {"}},
		"./internal/listening", []string{"TestTheLibraryKeepsThePlayersEstimate"}},
	{"an estimate of a book that changed while it was worked out is kept", "internal/store/documents.go",
		[]edit{{"FROM documents WHERE id = ? AND `+bookChangesOf(\"?\")+` = ?", "FROM documents WHERE id = ? AND ? <> -1 AND ? <> -1"}},
		"./internal/listening", []string{"TestTheLibraryKeepsThePlayersEstimate"}},
	{"a document changed since its estimate (a new version, the lexicon) is not estimated again", "internal/store/documents.go",
		[]edit{{"OR e.changes <> `+bookChangesOf(\"d.id\")+`)", "OR e.changes <> e.changes)"}},
		"./internal/listening", []string{"TestTheLibraryKeepsThePlayersEstimate"}},
	{"a document with an audiobook is estimated all the same", "internal/store/documents.go",
		[]edit{{"WHERE NOT EXISTS (SELECT 1 FROM exports x WHERE x.document_id = d.id)", "WHERE NOT EXISTS (SELECT 1 FROM exports x WHERE x.document_id = -d.id)"}},
		"./internal/listening", []string{"TestTheLibraryKeepsThePlayersEstimate"}},
	{"a document whose estimate fails is tried again at every listing", "internal/listening/estimate.go",
		[]edit{{"if was, ok := e.failed[id]; ok && was == changes {", "if was, ok := e.failed[id]; ok && was == changes+1 {"}},
		"./internal/listening", []string{"TestAnEstimateThatFailsIsTriedAgainOnceChanged"}},
	{"the estimator works lengths out but does not tell the window", "internal/listening/estimate.go",
		[]edit{{"if done > 0 && e.Changed != nil {", "if done > 1 && e.Changed != nil {"}},
		"./internal/listening", []string{"TestTheLibraryKeepsThePlayersEstimate"}},
	{"a second Kokoro model whose name sorts first takes the bare styles over", "internal/tts/neural/install.go",
		[]edit{{"return a.InstalledAt.Compare(b.InstalledAt)", "return strings.Compare(a.ID, b.ID)"}},
		"./internal/tts/kokoro", []string{"TestTheModelInstalledFirstKeepsTheBareStyles"}},
	{"a model's install time is not kept", "internal/tts/neural/install.go",
		[]edit{{"\tv.InstalledAt = time.Now().UTC()\n", ""}},
		"./internal/tts/kokoro", []string{"TestTheModelInstalledFirstKeepsTheBareStyles"}},
	{"a Kokoro model's durations are lost from what its install kept", "internal/tts/kokoro/install.go",
		[]edit{{"\tif len(v.Outputs) > 1 {\n\t\ts.durations = v.Outputs[1]", "\tif false {\n\t\ts.durations = v.Outputs[1]"}},
		"./internal/tts/kokoro", []string{"TestDurationsTimeTheClauses"}},
	{"a Kokoro model is given the style row of its ids with the pads (kokoro-js counts the symbols)", "internal/tts/kokoro/engine.go",
		[]edit{{"look.row(len(ids)-2)", "look.row(len(ids))"}},
		"./internal/tts/kokoro", []string{"TestSpeaksTheSymbolsInTheStyleRowOfTheirCount"}},
	{"the speaking rate does not reach a Kokoro model", "internal/tts/kokoro/engine.go",
		[]edit{{"[]float32{float32(rate)}", "[]float32{1}"}},
		"./internal/tts/kokoro", []string{"TestSpeaksTheSymbolsInTheStyleRowOfTheirCount"}},
	{"a Kokoro model's durations are not used to time its clauses' words", "internal/tts/neural/clauses.go",
		[]edit{{"\tif s == nil || s.lost {", "\tif true {"}},
		"./internal/tts/kokoro", []string{"TestDurationsTimeTheClauses"}},
	{"a Piper voice's alignments are not used to time its clauses' words", "internal/tts/piper/engine.go",
		[]edit{{"\t\tif sig.alignment == \"\" {\n\t\t\tspans.Lose()", "\t\tif _ = sig; true {\n\t\t\tspans.Lose()"}},
		"./internal/tts/piper", []string{"TestAlignmentsTimeTheClauses"}},
	{"a Piper voice patched with its alignments is refused", "internal/tts/piper/voices.go",
		[]edit{{"if len(outs) < 1 || len(outs) > 2 || !flat(outs[0]) {", "if len(outs) != 1 || !flat(outs[0]) {"}},
		"./internal/tts/piper", []string{"TestAlignmentsTimeTheClauses"}},
	{"a clause's words are timed over the ids of another clause", "internal/tts/piper/phonemes.go",
		[]edit{{"\t\t\towner = clauses[i]\n", "\t\t\towner = clauses[i] + 1\n"}},
		"./internal/tts/piper", []string{"TestAlignmentsTimeTheClauses"}},
	{"kokoro-js's corrections of eSpeak's phonemes are not made", "internal/tts/kokoro/frontend.go",
		[]edit{{"ipa := respell.Replace(neural.LanguageFlags.ReplaceAllString(cl.IPA, \"\"))", "ipa := neural.LanguageFlags.ReplaceAllString(cl.IPA, \"\")"}},
		"./internal/tts/kokoro", []string{"TestFrontEndAsKokoroJS"}},
	{"a model that is not Kokoro's is installed as one", "internal/tts/kokoro/install.go",
		[]edit{{"\tsig, err := signatureOf(ins, outs)\n\tif err != nil {", "\tsig, err := signatureOf(ins, outs)\n\tif false && err != nil {"}},
		"./internal/tts/kokoro", []string{"TestInstall"}},
	{"a long clause is fed whole to a Kokoro model, past the 510 symbols it takes", "internal/tts/kokoro/frontend.go",
		[]edit{{"if size <= maxTokens {", "if true {"}},
		"./internal/tts/kokoro", []string{"TestChunksFitTheModel"}},
	{"a voice's version is not in its renditions' keys", "internal/render/memo.go",
		[]edit{{"if vv, ok := e.(tts.VoiceVersioner); ok {", "if vv, ok := e.(tts.VoiceVersioner); ok && false {"}},
		"./internal/render", []string{"TestVoiceVersionIsInTheKey"}},
	{"a voice at another rate is written into the book unconverted", "internal/audiobook/export.go",
		[]edit{{"func copyRendition(sink audio.Sink, f *os.File, p placed, rate int, buf []byte) error {\n\tif p.resampled(rate) {", "func copyRendition(sink audio.Sink, f *os.File, p placed, rate int, buf []byte) error {\n\tif p.resampled(rate) && false {"}},
		"./internal/audiobook", []string{"TestExportMixesRates"}},
	{"a rate change lets a tone above the new Nyquist frequency fold back", "internal/audio/resample.go",
		[]edit{{"cutoff := 0.5 * min(1, float64(to)/float64(from)) * 0.94", "cutoff := 0.5 * 0.94"}},
		"./internal/audio", []string{"TestResample"}},
	{"an engine's rate limit is not kept", "internal/render/schedule.go",
		[]edit{{"\tif err := s.token(ctx, e); err != nil {\n\t\trelease()", "\tif err := error(nil); err != nil {\n\t\trelease()"}},
		"./internal/render", []string{"TestRateLimit"}},
	{"a voice compared is overruled by the chapter's", "internal/render/book.go",
		[]edit{{"\t\t\tif spec != \"\" && !force {", "\t\t\tif spec != \"\" {"}},
		"./internal/render", []string{"TestHearVoice"}},
	{"a worker sends sentences beyond the engine's rate", "internal/render/pool.go",
		[]edit{{"\t\t\t\terr = r.turns.token(ctx, e) // each request within the engine's rate", "\t\t\t\terr = nil // each request within the engine's rate"}},
		"./internal/render", []string{"TestWorkersKeepTheRate"}},
	{"a synthesis that failed for a passing reason is not tried again", "internal/render/render.go",
		[]edit{{"retry.Backoff{Attempts: 3,", "retry.Backoff{Attempts: 1,"}},
		"./internal/render", []string{"TestSynthesisRetriesWhatPasses"}},
	{"audio a killed run wrote is synthesised again", "internal/render/render.go",
		[]edit{{"\t\tif have[rec.Key] == nil {", "\t\tif false && have[rec.Key] == nil {"}},
		"./internal/render", []string{"TestRecoverUnrecordedAudio"}},
	{"a killed backup's part stays until the next backup is due", "internal/store/backup.go",
		[]edit{{"\tsweepParts(BackupsDir(s.path)) // what a killed backup left", "\t// sweepParts(BackupsDir(s.path)) // what a killed backup left"}},
		"./internal/store", []string{"TestKilledBackupIsSweptAtTheNextStart"}},
	{"an export's metadata a killed ffmpeg left stays", "internal/audio/wav.go",
		[]edit{{`filepath.Join(dir, ".*.part*"), filepath.Join(dir, "*", ".*.part*")`, `filepath.Join(dir, ".*.part"), filepath.Join(dir, "*", ".*.part")`}},
		"./internal/audio", []string{"TestSweepStaleTakesOnlyWhatKilledWritersLeft"}},
	{"a temporary file another process is writing is swept as stale", "internal/audio/wav.go",
		[]edit{{"\tif !ProcessAlive(pid) {\n\t\treturn true", "\tif true || !ProcessAlive(pid) {\n\t\treturn true"}},
		"./internal/store", []string{"TestKilledBackupIsSweptAtTheNextStart"}},
	{"a neural voice's words are stretched over its pauses", "internal/tts/neural/warp.go",
		[]edit{{"\t\t\tif best >= 0 {", "\t\t\tif false && best >= 0 {"}},
		"./internal/tts/neural", []string{"TestWarpPutsWordsWhereTheVoiceSpeaks"}},
	{"a neural voice's words are stretched over its whole audio", "internal/tts/neural/speech.go",
		[]edit{{"\tif from.End == 0 || to.End == 0 {", "\tif true || from.End == 0 || to.End == 0 {"}},
		"./tools/wordtiming", []string{"TestWarpedWordTimingsAgainstFestival"}},
	{"a stop's closure is taken for a pause", "internal/tts/neural/warp.go",
		[]edit{{"\t\tif ms(g)-ms(f) >= gapMs {", "\t\tif ms(g)-ms(f) >= 0 {"}},
		"./internal/tts/neural", []string{"TestListenFindsSpeechAndItsPauses"}},
	{"a breath is taken for speech", "internal/tts/neural/warp.go",
		[]edit{{"silentShare = 0.025", "silentShare = 0.005"}},
		"./internal/tts/neural", []string{"TestListenFindsSpeechAndItsPauses"}},
	{"a pack entry's checksum is not checked", "internal/audio/pack.go",
		[]edit{{"return binary.LittleEndian.Uint32(want[:]) == h.Sum32()", "return true || binary.LittleEndian.Uint32(want[:]) == h.Sum32()"}},
		"./internal/audio", []string{"TestPackEntriesDescribeThemselves"}},
	{"compaction rewrites a pack its writer still appends to", "internal/render/compact.go",
		[]edit{{"ok && (pid == os.Getpid() || audio.ProcessAlive(pid)) {", "ok && false && (pid == os.Getpid() || audio.ProcessAlive(pid)) {"}},
		"./internal/render", []string{"TestCompactKeepsEveryRendition"}},
	{"a per-chapter export holds every chapter open to the end", "internal/audiobook/export.go",
		[]edit{{"\t\t\t\tif err := sink.Finish(); err != nil {", "\t\t\t\tif err := error(nil); err != nil {"}},
		"./internal/audiobook", []string{"TestPerChapterExportFinishesEachChapter"}},
	{"a long book's length overflows", "internal/audiobook/export.go",
		[]edit{{"return time.Duration(samples/r)*time.Second + time.Duration(samples%r)*time.Second/time.Duration(r)", "return time.Duration(samples) * time.Second / time.Duration(r)"}},
		"./internal/audiobook", []string{"TestDurationOfALongBook"}},
	{"a first-line indent does not start a paragraph", "internal/document/pdf.go",
		[]edit{{"\tin := l.x - prev.x", "\tin := 0 * (l.x - prev.x)"}},
		"./internal/document", []string{"TestGolden"}},
	{"private addresses are fetched", "internal/webfetch/webfetch.go",
		[]edit{{"\tif f.AllowPrivate {", "\tif true {"}},
		"./internal/webfetch", []string{"TestPrivateAddresses"}},
	{"an EPUB switch reads every case", "internal/document/html.go",
		[]edit{{`case n.Data == "epub:case":`, `case n.Data == "epub:nothing":`}},
		"./internal/cli", []string{"TestCorpusReading"}},
	{"an image without words leaves its punctuation hanging", "internal/document/builder.go",
		[]edit{{"\tif b.elided && s != \"\" {", "\tif false {"}},
		"./internal/document", []string{"TestGolden"}},
	{"a loop's last sentence is passed over", "internal/playback/player.go",
		[]edit{{"\tif p.index == p.boundLast {", "\tif false {"}},
		"./internal/playback", []string{"TestBounds"}},
	{"a loop of one sentence waits for it at every round", "internal/playback/player.go",
		[]edit{{"\t\t\t\tp.ready[p.index] = played\n", "\t\t\t\t_ = played\n"}},
		"./internal/playback", []string{"TestOneSentenceLoopIsGapless"}},
	{"a conversion writes over its manuscript", "internal/audiobook/outputs.go",
		[]edit{{"if oc.Input != \"\" && samePath(o, oc.Input) {", "if false {"}},
		"./internal/cli", []string{"TestConvertOutputsCannotHurt"}},
	{"two conversions of one book synthesise every sentence twice", "internal/render/claims.go",
		[]edit{{"\t\tif ours[it.Key] {", "\t\tif true {"}},
		"./internal/render", []string{"TestConcurrentConversionsShareWork"}},
	{"a damaged library is opened and written into", "internal/store/store.go",
		[]edit{{"if err := s.quickCheck(ctx); err != nil {", "if err := s.quickCheck(ctx); false && err != nil {"}},
		"./internal/cli", []string{"TestDamagedLibraryRefusesAndRestores"}},
	{"a German ordinal is read as a count", "internal/narration/german.go",
		[]edit{{"return deWithEnding(GermanOrdinal(n), ending) + \" \" + next + stop", "return GermanCardinal(n) + \" \" + next + stop"}},
		"./internal/narration", []string{"TestNormalizeGerman"}},
	{"a passage in another language is read in the document's", "internal/render/book.go",
		[]edit{{"lang, passage := narration.PassageLanguage(doc.Language, g.Lang)", "lang, passage := doc.Language, false"}},
		"./internal/render", []string{"TestPassagesReadInTheirLanguage"}},
	{"sentences lose the text between them", "internal/narration/sentence.go",
		[]edit{{"\t\t\tstart = skipSpaces(s, end)\n\t\t\tcontinue", "\t\t\tstart = next\n\t\t\tcontinue"}},
		"./internal/narration", []string{"TestSentences"}},
	{"an editor's [sic] loses its brackets", "internal/document/markdown.go",
		[]edit{{"editorial[strings.ToLower(label)])", "false)"}},
		"./internal/document", []string{"TestMarkdownBrackets"}},
	{"'etc.' ending a sentence loses the full stop", "internal/narration/normalize.go",
		[]edit{{"\t\t\tb.WriteByte('.')\n", "\n"}},
		"./internal/narration", []string{"TestNormalizeEnglish"}},
	{"a conversion loads a neural voice's model to check the voice, even with nothing to say", "internal/tts/piper/engine.go",
		[]edit{{"\tif err := v.Intact(modelFile); err != nil {", "\tif _, err := e.open(v); err != nil {\n\t\treturn err\n\t}\n\tif err := v.Intact(modelFile); err != nil {"}},
		"./internal/cli", []string{"TestPiperModelLoadedOnlyToSpeak"}},
	{"a conversion where every sentence failed says only that no segment has audio", "internal/audiobook/convert.go",
		[]edit{{"	if len(exported) == 0 && len(sum.Failed) > 0 {", "	if len(exported) == 0 && len(sum.Failed) > 0 && false {"}},
		"./internal/cli", []string{"TestPiperModelLoadedOnlyToSpeak"}},
	{"a speaker of a voice of many, listed once, is refused", "internal/tts/tts.go",
		[]edit{{"	if c, ok := e.(VoiceChecker); ok && id != \"\" {", "	if c, ok := e.(VoiceChecker); ok && id != \"\" && false {"}},
		"./internal/tts/piper", []string{"TestSpeakerOfManyChecked"}},
	{"a failed sentence's repeat is exported without audio", "internal/audiobook/convert.go",
		[]edit{{"\t\t\tif !failed[it.Key] {", "\t\t\tif !failedOrd[it.Ord] {"}},
		"./internal/cli", []string{"TestPiperModelLoadedOnlyToSpeak"}},
	{"a damaged model is read again for each sentence", "internal/tts/neural/models.go",
		[]edit{{"\tif mo.failed != nil && time.Since(mo.failedAt) < failureKept", "\tif mo.failed != nil && false && time.Since(mo.failedAt) < failureKept"}},
		"./internal/tts/neural", []string{"TestFailedOpenAnsweredAgain"}},
	{"a Piper model cut short is found only once the book is begun", "internal/tts/piper/engine.go",
		[]edit{{"\tif err := v.Intact(modelFile); err != nil {", "\tif err := v.Intact(modelFile); err != nil && false {"}},
		"./internal/cli", []string{"TestPiperModelLoadedOnlyToSpeak"}},
	{"a Kokoro model cut short passes the voice's check", "internal/tts/kokoro/engine.go",
		[]edit{{"\tif err := m.Intact(modelFile); err != nil {", "\tif err := m.Intact(modelFile); err != nil && false {"}},
		"./internal/tts/kokoro", []string{"TestCheckFindsAModelCutShort"}},
	{"a voice eSpeak reads by its language is refused by the registry's check", "internal/tts/espeak/espeak.go",
		[]edit{{"\t_, err := e.speakerFor(id)\n\treturn err", "\t_, err := e.speakerFor(id + \"\\x00\")\n\treturn err"}},
		"./internal/tts/espeak", []string{"TestRegistryChecksVoicesAsSynthesisReadsThem"}},
	{"a date's year is read as a number (March 3, 1998: one thousand nine hundred …)", "internal/narration/normalize.go",
		[]edit{{"\t\t\tout += g[3] + Year(atoi(g[4]))", "\t\t\tout += g[3] + Cardinal(atoi(g[4]))"}},
		"./internal/narration", []string{"TestNormalizeEnglish"}},
	{"a Piper model given alone is refused though its config is beside it", "internal/tts/engines/voices.go",
		[]edit{{"\tfiles, err := neural.ReadFiles(withConfigBeside(paths))", "\tfiles, err := neural.ReadFiles(paths)"}},
		"./internal/cli", []string{"TestPiperVoiceFromTheCommandLine"}},
	{"the same model with another config says installed and changes nothing", "internal/tts/neural/install.go",
		[]edit{{"\t\t\t\tif !strings.HasSuffix(f.Name, \".json\") {", "\t\t\t\tif !strings.HasSuffix(f.Name, \".json\") || true {"}},
		"./internal/tts/piper", []string{"TestInstall"}},
	{"IPA holding punctuation is taken, and read as markup", "internal/editing/lexicon.go",
		[]edit{{"\tif err := e.CheckIPA(); err != nil {\n\t\treturn err\n\t}\n\treturn putAll(", "\treturn putAll("}},
		"./internal/cli", []string{"TestLexiconCommands"}},
	{"a running engine keeps the config of a voice installed again with another", "internal/tts/neural/models.go",
		[]edit{{"\t\tif got.Info.Version() == info.Version() {", "\t\tif got.Info.SHA256 == info.SHA256 {"}},
		"./internal/tts/piper", []string{"TestConfigChangedIsAnotherVoice"}},
	{"a bad model from an archive is named without the archive", "internal/tts/piper/voices.go",
		[]edit{{"\treturn v, neural.FromArchive(err, files)", "\treturn v, err"}},
		"./internal/tts/piper", []string{"TestInstall"}},
	{"a voice named without its engine is refused without saying where it is", "internal/tts/tts.go",
		[]edit{{"\tif engine != \"\" || id == \"\" {\n\t\treturn \"\"", "\tif true || id == \"\" {\n\t\treturn \"\""}},
		"./internal/cli", []string{"TestPiperVoiceFromTheCommandLine"}},
	{"an eSpeak voice's removal is taken for a Piper voice's", "internal/tts/engines/voices.go",
		[]edit{{"\tcase \"\", piper.Name:", "\tcase \"\", piper.Name, \"espeak\":"}},
		"./internal/cli", []string{"TestPiperVoiceFromTheCommandLine"}},
	{"a dry run does not say which voices would read the book", "internal/cli/convert.go",
		[]edit{{"\t\tw.line(fmt.Sprintf(\"read by %s: %s\", v.Voice, plural(v.Sentences, \"sentence\")))", "\t\t_ = v"}},
		"./internal/cli", []string{"TestPiperVoiceFromTheCommandLine", "TestPollyFromTheCommandLine"}},
	{"a voice installed before its config was summed keys its audio apart from the same voice installed now", "internal/tts/neural/install.go",
		[]edit{{"\tv.dir = filepath.Join(dir, id)\n\tv.sumConfig()\n", "\tv.dir = filepath.Join(dir, id)\n"}},
		"./internal/tts/piper", []string{"TestVoiceInstalledBeforeConfigsWereSummedKeyedAlike"}},
	{"a chapter's start read from the file (to the millisecond) points at the previous chapter's last sentence", "internal/audiobook/releasecheck.go",
		[]edit{{"const markSlack = 0.002", "const markSlack = 0"}},
		"./internal/audiobook", []string{"TestSentenceAtAChaptersRoundedStart"}},
	{"a book converted with subtitles is said to have changed since", "internal/audiobook/convert.go",
		[]edit{{"\tif !q.PerChapter {\n\t\tif err := r.Exported(", "\tif reusable {\n\t\tif err := r.Exported("}},
		"./internal/audiobook", []string{"TestReleaseCheckOfABookWithSubtitles"}},
	{"the voice catalogue offline says it in DNS's words", "internal/tts/piper/catalog.go",
		[]edit{{"\t\tif dns, ok := errors.AsType[*net.DNSError](err); ok {", "\t\tif dns, ok := errors.AsType[*net.DNSError](err); ok && false {"}},
		"./internal/tts/piper", []string{"TestCatalogLists"}},
	{"ffmpeg's version in Settings carries its copyright notice", "internal/health/health.go",
		[]edit{{"\t\tfirst, _, _ := strings.Cut(strings.SplitN(string(out), \"\\n\", 2)[0], \" Copyright\")", "\t\tfirst := strings.SplitN(string(out), \"\\n\", 2)[0]"}},
		"./internal/health", []string{"TestEnginesOnly"}},
	{"a document's listening time is its longest audiobook's, not its last", "internal/store/documents.go",
		[]edit{{"ORDER BY e.created_at DESC, e.rowid DESC LIMIT 1)`", "ORDER BY e.audio_ms DESC LIMIT 1)`"}},
		"./internal/store", []string{"TestDocumentAudioIsItsLastAudiobooks"}},
	{"the library's pace counts each document's longest audiobook, not its last", "internal/store/documents.go",
		[]edit{{"ORDER BY e.created_at DESC, e.rowid DESC LIMIT 1)`", "ORDER BY e.audio_ms DESC LIMIT 1)`"}},
		"./internal/catalog", []string{"TestSpeechRateFromExports"}},
}

func main() {
	if _, err := os.Stat("go.mod"); err != nil {
		fail("run from the project root")
	}
	scratch, err := os.MkdirTemp("", "readback-mutate-")
	if err != nil {
		fail("%v", err)
	}
	defer os.RemoveAll(scratch)
	start := time.Now()
	bad, ran := 0, 0
	// An argument runs only the planted bugs whose description holds it (while
	// mending one); make test runs them all.
	only := strings.Join(os.Args[1:], " ")
	var chosen []int
	for i, m := range mutations {
		if strings.Contains(m.bug, only) {
			chosen = append(chosen, i)
		}
	}
	for _, t := range timed {
		if !slices.ContainsFunc(mutations, func(m mutation) bool { return slices.Contains(m.tests, t) }) {
			fail("timed names %s, which no planted bug names: update the list", t)
		}
	}
	unguarded := baselines(chosen)
	// Two bugs at a time: each is a build and a link, mostly on one core. A bug of a
	// timed test holds the whole machine.
	var mu sync.Mutex
	turns := newTurns()
	for _, i := range chosen {
		m := mutations[i]
		ran++
		turns.run(anyTimed(m.tests), func() {
			t0 := time.Now()
			var err error
			for _, t := range m.tests {
				if err = unguarded[guardKey(m.pkg, t)]; err != nil {
					break
				}
			}
			if err == nil {
				err = run(m, scratch, i)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				bad++
				fmt.Printf("mutate: FAIL %s: %v\n", m.bug, err)
				return
			}
			fmt.Printf("mutate: caught %-55s by %s (%s)\n", m.bug, strings.Join(m.tests, ", "), time.Since(t0).Round(100*time.Millisecond))
		})
	}
	turns.wait()
	fmt.Printf("mutate: %d of %d planted bugs caught in %s\n", ran-bad, ran, time.Since(start).Round(time.Second))
	if bad > 0 {
		os.Exit(1)
	}
}

func run(m mutation, scratch string, i int) error {
	orig, err := os.ReadFile(m.file)
	if err != nil {
		return err
	}
	src := string(orig)
	for _, e := range m.edits {
		// A stale mutation (the code moved on) must say so, not pass quietly.
		if n := strings.Count(src, e.from); n != 1 {
			return fmt.Errorf("%s holds %q %d times, want once: update the mutation", m.file, e.from, n)
		}
		src = strings.Replace(src, e.from, e.to, 1)
	}
	mutated := filepath.Join(scratch, fmt.Sprintf("%d-%s", i, filepath.Base(m.file)))
	if err := os.WriteFile(mutated, []byte(src), 0o644); err != nil {
		return err
	}
	abs, err := filepath.Abs(m.file)
	if err != nil {
		return err
	}
	overlay := filepath.Join(scratch, fmt.Sprintf("%d-overlay.json", i))
	data, _ := json.Marshal(map[string]map[string]string{"Replace": {abs: mutated}})
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		return err
	}
	pattern := "^(" + strings.Join(m.tests, "|") + ")$"
	out, err := goTest("-overlay", overlay, "-count=1", "-v", "-run", pattern, m.pkg).CombinedOutput()
	if err == nil {
		return fmt.Errorf("%s still passes with the bug: the test does not guard it", strings.Join(m.tests, ", "))
	}
	for _, t := range m.tests {
		if !regexp.MustCompile(`(?m)^--- FAIL: ` + regexp.QuoteMeta(t) + ` `).Match(out) {
			return fmt.Errorf("%s did not fail (a build error or another test?):\n%s", t, tail(string(out), 20))
		}
	}
	return nil
}

// baselines runs, once for each package, every test named for the chosen bugs,
// without any bug: each must run and pass, else its failing with the bug proves
// nothing. One run per package, not one per bug: a test binary is linked once. It
// returns why a test does not guard, by package and test (guardKey); a bug naming
// it fails, the package's other bugs are still tried.
func baselines(chosen []int) map[string]error {
	var pkgs []string
	tests := map[string][]string{}
	for _, i := range chosen {
		m := mutations[i]
		if tests[m.pkg] == nil {
			pkgs = append(pkgs, m.pkg)
		}
		for _, t := range m.tests {
			if !slices.Contains(tests[m.pkg], t) {
				tests[m.pkg] = append(tests[m.pkg], t)
			}
		}
	}
	failed := map[string]error{}
	var mu sync.Mutex
	turns := newTurns()
	for _, pkg := range pkgs {
		// A package with a timed test runs alone, so that the load beside it cannot
		// fail that test without any bug.
		turns.run(anyTimed(tests[pkg]), func() {
			base, _ := goTest("-v", "-run", "^("+strings.Join(tests[pkg], "|")+")$", pkg).CombinedOutput()
			mu.Lock()
			defer mu.Unlock()
			guarded(pkg, tests[pkg], base, failed)
		})
	}
	turns.wait()
	return failed
}

// turns runs jobs() things at once, one alone when asked (with nothing beside it).
type turns struct {
	wg        sync.WaitGroup
	exclusive sync.RWMutex
	free      chan struct{}
}

func newTurns() *turns { return &turns{free: make(chan struct{}, jobs())} }

// run starts f once a turn is free (and, alone, once nothing else runs).
func (t *turns) run(alone bool, f func()) {
	t.wg.Add(1)
	t.free <- struct{}{}
	go func() {
		defer func() { <-t.free; t.wg.Done() }()
		if alone {
			t.exclusive.Lock()
			defer t.exclusive.Unlock()
		} else {
			t.exclusive.RLock()
			defer t.exclusive.RUnlock()
		}
		f()
	}()
}

func (t *turns) wait() { t.wg.Wait() }

// anyTimed reports whether tests name a timed one.
func anyTimed(tests []string) bool {
	return slices.ContainsFunc(tests, func(t string) bool { return slices.Contains(timed, t) })
}

// guarded records in failed why each of a package's tests, run without any bug
// (their output base), does not guard.
func guarded(pkg string, tests []string, base []byte, failed map[string]error) {
	for _, t := range tests {
		has := func(state string) bool {
			return regexp.MustCompile(`(?m)^--- ` + state + `: ` + regexp.QuoteMeta(t) + ` `).Match(base)
		}
		switch {
		case has("FAIL"):
			failed[guardKey(pkg, t)] = fmt.Errorf("%s fails without the bug:\n%s", t, tail(string(base), 20))
		case has("SKIP"):
			failed[guardKey(pkg, t)] = fmt.Errorf("%s skips here, so it guards nothing:\n%s", t, tail(string(base), 5))
		case !has("PASS"):
			// Renamed, or the package did not build.
			failed[guardKey(pkg, t)] = fmt.Errorf("%s did not run without the bug:\n%s", t, tail(string(base), 10))
		}
	}
}

// goTest is go test as every run here makes it, the baselines and the bugs alike
// (the same flags, so the same build cache). go vet ran on the tree before
// (make test-go), and a planted bug need not pass it. The test binaries are linked by
// Go's own linker: a quarter less time per bug than the system linker, and every
// package here links that way (a test that does not would fail its baseline).
func goTest(args ...string) *exec.Cmd {
	return exec.Command("go", append([]string{"test", "-vet=off", "-ldflags=-linkmode=internal"}, args...)...)
}

func guardKey(pkg, test string) string { return pkg + " " + test }

// timed are tests that wait on real time (rate limits, time-outs, a worker left
// to hang): their bugs are tried with nothing else running, so that a test slowed by
// the load beside it cannot pass for one that caught its bug.
var timed = []string{"TestWorkersKeepTheRate", "TestRateLimit", "TestPollyBudget", "TestPoolReplacesCrashedAndHungWorkers",
	"TestTimeoutStopsTheReading", "TestOneSentenceLoopIsGapless", "TestPollyConversionHereThrottlingRetried", "TestWaitsAreFullJitter"}

// jobs is how many bugs are tried at once: MUTATE_JOBS, else 2.
func jobs() int {
	if n, err := strconv.Atoi(os.Getenv("MUTATE_JOBS")); err == nil && n > 0 {
		return n
	}
	return 2
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "mutate: "+format+"\n", a...)
	os.Exit(2)
}
