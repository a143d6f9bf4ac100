package espeak

// DropSpeakers ends every idle speaker: the next sentence is said by a new one.
func DropSpeakers() {
	s := &shared.lib.speakers
	s.mu.Lock()
	idle := s.idle
	s.idle = nil
	s.mu.Unlock()
	for _, sp := range idle {
		sp.expiry.Stop()
		sp.kill()
	}
}

// SpeakerPIDs are the process IDs of the idle speakers.
func SpeakerPIDs() []int {
	s := &shared.lib.speakers
	s.mu.Lock()
	defer s.mu.Unlock()
	var pids []int
	for _, sp := range s.idle {
		pids = append(pids, sp.cmd.Process.Pid)
	}
	return pids
}

// SpeakersOnly sends every voice to speakers, or lets this process speak its own.
func SpeakersOnly(on bool) { speakersOnly = on }

// HomeVoice is the voice this process speaks itself ("" until it has spoken).
func HomeVoice() string {
	h := shared.lib.home
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.id
}
