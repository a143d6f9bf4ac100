package espeak

/*
#include <stdlib.h>
#include <espeak-ng/speak_lib.h>

void readback_set_callback(void);
long readback_snapshot(void);
void readback_restore(void);
long readback_heap_in_use(void);
*/
import "C"

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// speakerEnv, set in a process's environment to a speakerSpec, makes it a speaker.
const speakerEnv = "READBACK_ESPEAK_SPEAKER"

// speakerSpec is the voice a speaker speaks, and how eSpeak loads it: the names to
// try, then the language.
type speakerSpec struct {
	ID       string   // the voice asked for; what speakers are told apart by
	Names    []string `json:",omitempty"`
	Language string   `json:",omitempty"`
}

// retireAfter is how much memory eSpeak's syntheses may have left allocated (measured
// around each, so that other libraries of the process do not count) before a speaker
// hands its work to a new one, or the home thread its voice to speakers. eSpeak
// allocates in a few places what putting it back forgets: its speed-up stream above
// 450 words a minute (48 KB a sentence), the dictionary of a word in another language
// (170 KB: a Russian voice reading English words).
const retireAfter = 32 << 20

// The speaker is served before main: any program or test binary that links this
// package can be its own speaker.
func init() {
	spec := os.Getenv(speakerEnv)
	if spec == "" {
		return
	}
	// Nothing but replies may reach the parent through the protocol's pipe: it moves
	// to a descriptor of its own, and standard output (Go's and C's) goes to
	// standard error.
	fd, err := syscall.Dup(1)
	if err == nil {
		err = syscall.Dup3(2, 1, 0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "espeak: a speaker could not set up its output:", err)
		os.Exit(1)
	}
	os.Exit(serveSpeaker(spec, os.Stdin, os.NewFile(uintptr(fd), "replies")))
}

func serveSpeaker(specJSON string, in io.Reader, out io.Writer) int {
	runtime.LockOSThread() // eSpeak NG is used from this thread alone
	w := bufio.NewWriterSize(out, 64<<10)
	fail := func(format string, args ...any) int {
		writeReply(w, &sayReply{Err: fmt.Sprintf(format, args...)})
		return 1
	}
	var spec speakerSpec
	if err := json.Unmarshal([]byte(specJSON), &spec); err != nil {
		return fail("espeak: a speaker was started without a voice: %v", err)
	}
	lib := &library{}
	if err := lib.start(); err != nil {
		return fail("%v", err)
	}
	c := &collector{samples: make([]int16, 0, 1<<18)}
	voice, err := prepare(c, spec)
	if err != nil {
		return fail("%v", err)
	}
	if err := writeReply(w, &sayReply{Voice: voice}); err != nil {
		return 1
	}
	r := bufio.NewReaderSize(in, 64<<10)
	for {
		text, how, err := readRequest(r)
		if err != nil {
			return 0 // the parent is done with this speaker
		}
		C.readback_restore()
		reply := sayReply{}
		if err := do(c, text, how); err != nil {
			reply.Err = err.Error()
		} else {
			reply.Samples, reply.Events, reply.Clauses = c.samples, c.events, c.clauses
		}
		reply.Retire = c.leaked > retireAfter
		if err := writeReply(w, &reply); err != nil || reply.Retire {
			return 0
		}
	}
}

// loadVoice loads the voice by each of its names in turn, then by its language.
func loadVoice(spec speakerSpec) bool {
	for _, name := range spec.Names {
		if name != "" && try(name, func(s *C.char) C.espeak_ERROR { return C.espeak_SetVoiceByName(s) }) {
			return true
		}
	}
	if spec.Language == "" {
		return false
	}
	lang := C.CString(spec.Language)
	defer C.free(unsafe.Pointer(lang))
	v := C.espeak_VOICE{languages: lang}
	return C.espeak_SetVoiceByProperties(&v) == C.EE_OK
}

// do does what a request asks, with the voice loaded, into c.
func do(c *collector, text string, how mode) error {
	c.samples, c.events, c.clauses = c.samples[:0], c.events[:0], nil // a transcription says nothing
	if how == transcribe {
		return transcribeText(c, text)
	}
	return utter(c, text, how)
}

// utter synthesises text with the voice loaded, as it is now, into c (its buffers
// reused from one text to the next).
func utter(c *collector, text string, how mode) error {
	flags := C.uint(C.espeakCHARS_UTF8)
	if how == sayPhonemes {
		flags |= C.espeakPHONEMES // a lexicon entry given as phonemes
	}
	c.samples, c.events = c.samples[:0], c.events[:0]
	active = c
	defer func() { active = nil }()
	before := int64(C.readback_heap_in_use())
	defer func() { c.leaked += int64(C.readback_heap_in_use()) - before }() // after the text is freed
	ct := C.CString(text)
	defer C.free(unsafe.Pointer(ct))
	if rc := C.espeak_Synth(unsafe.Pointer(ct), C.size_t(len(text)+1), 0, C.POS_CHARACTER, 0, flags, nil, nil); rc != C.EE_OK {
		return fmt.Errorf("espeak: synthesis failed (error %d)", int(rc))
	}
	return nil
}

// collector gathers one synthesis's samples and events, through the C callback.
type collector struct {
	samples []int16
	events  []event
	clauses []Clause     // a transcription's
	abort   func() error // non-nil once the synthesis should stop
	leaked  int64        // what the heap grew by across the syntheses since set-up
}

// active is the collector of the synthesis in progress: eSpeak's callback has no
// per-call context we can use safely.
var active *collector

//export goSynthCallback
func goSynthCallback(wav *C.short, n C.int, events *C.espeak_EVENT) C.int {
	c := active
	if c == nil {
		return 1
	}
	if wav != nil && n > 0 {
		c.samples = append(c.samples, unsafe.Slice((*int16)(unsafe.Pointer(wav)), int(n))...)
	}
	for e := events; e != nil && e._type != C.espeakEVENT_LIST_TERMINATED; e = (*C.espeak_EVENT)(unsafe.Add(unsafe.Pointer(e), unsafe.Sizeof(*e))) {
		c.events = append(c.events, event{Kind: int(e._type), Pos: int(e.text_position), Ms: int(e.audio_position)})
	}
	if c.abort != nil && c.abort() != nil {
		return 1 // stop the synthesis: its caller has gone
	}
	return 0
}

// spokenBy names the voice eSpeak has loaded, by its first language (the IDs
// Voices lists).
func spokenBy() string {
	v := C.espeak_GetCurrentVoice()
	if v == nil {
		return ""
	}
	if langs := languages(v.languages); len(langs) > 0 {
		return langs[0]
	}
	return ""
}

func try(s string, set func(*C.char) C.espeak_ERROR) bool {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	return set(cs) == C.EE_OK
}
