package audiobook_test

import (
	"encoding/json"
	"testing"

	"readback/internal/audiobook"
	"readback/internal/store"
)

func TestEndNoticeSaysWhereAndWhy(t *testing.T) {
	payload, _ := json.Marshal(audiobook.ConvertRequest{DocumentID: 3, Output: "/home/w/Audiobooks/Tom & Jerry <1>.m4b"})
	result, _ := json.Marshal(audiobook.ConvertResult{AudioSeconds: 3*3600 + 5*60 + 20})
	done := audiobook.EndNotice(&store.Job{Kind: "convert", Title: "Tom & Jerry", State: store.JobDone, Payload: payload, Result: result})
	if done.Summary != "“Tom & Jerry” is ready" || done.Urgent ||
		done.Body != "Saved as Tom &amp; Jerry &lt;1&gt;.m4b in /home/w/Audiobooks (3 h 05 min of audio)" {
		t.Errorf("done: %+v", done)
	}
	de := audiobook.EndNoticeIn("de", &store.Job{Kind: "convert", Title: "Tom & Jerry", State: store.JobDone, Payload: payload, Result: result})
	if de.Summary != "„Tom & Jerry“ ist fertig" || de.Body != "Gespeichert als Tom &amp; Jerry &lt;1&gt;.m4b in /home/w/Audiobooks (3 h 05 min Audio)" {
		t.Errorf("in German: %+v", de)
	}
	failed := audiobook.EndNotice(&store.Job{Kind: "convert", DocumentID: 3, State: store.JobFailed, LastError: "the disk is full <sda1>", Payload: payload})
	if failed.Summary != "“Document 3” could not be converted" || !failed.Urgent || failed.Body != "the disk is full &lt;sda1&gt;" {
		t.Errorf("failed: %+v", failed)
	}
}
