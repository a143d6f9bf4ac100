package espeak

// DropSpeakers ends every idle speaker: the next sentence is said by a new one.
func DropSpeakers() {
	s := shared.lib.speakers
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
	s := shared.lib.speakers
	s.mu.Lock()
	defer s.mu.Unlock()
	var pids []int
	for _, sp := range s.idle {
		pids = append(pids, sp.cmd.Process.Pid)
	}
	return pids
}
