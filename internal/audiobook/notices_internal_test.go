package audiobook

import "testing"

func TestNoticeLanguage(t *testing.T) {
	for _, v := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES"} {
		t.Setenv(v, "")
	}
	t.Setenv("LANG", "de_DE.UTF-8")
	if got := noticeLanguage(""); got != "de" {
		t.Errorf("the desktop's German: %q", got)
	}
	if got := noticeLanguage("en"); got != "en" {
		t.Errorf("the window's choice first: %q", got)
	}
	t.Setenv("LANGUAGE", ":fr::de_AT")
	if got := noticeLanguage(""); got != "de" {
		t.Errorf("LANGUAGE's list: %q", got)
	}
	t.Setenv("LANGUAGE", "")
	t.Setenv("LANG", "fr_FR.UTF-8")
	if got := noticeLanguage(""); got != "en" {
		t.Errorf("a language without words: %q", got)
	}
}
