package library

import "testing"

// A lexicon entry reaches Polly's tasks as a <phoneme>: an entry given in IPA as it
// is, one given as eSpeak's phonemes as the IPA eSpeak says them with; one eSpeak
// cannot say is left out, never read as letters.
func TestRemoteSSMLSaysTheLexicon(t *testing.T) {
	ipaOf := func(m string) string {
		if m == "S@v'O:n" {
			return "ʃəvˈɔːn"
		}
		return ""
	}
	for _, c := range []struct{ in, want string }{
		{"I said [[ipa:ʃɪˈvɔːn]] & left.", `I said <phoneme alphabet="ipa" ph="ʃɪˈvɔːn">ʃɪˈvɔːn</phoneme> &amp; left.`},
		{"[[S@v'O:n]] came.", `<phoneme alphabet="ipa" ph="ʃəvˈɔːn">ʃəvˈɔːn</phoneme> came.`},
		{"[[x]] came.", ` came.`},
		{"Open [[ bracket", "Open [[ bracket"},
	} {
		if got, _ := remoteSSML(c.in, ipaOf); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}
