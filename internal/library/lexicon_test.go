package library_test

import (
	"reflect"
	"testing"

	"readback/internal/library"
	"readback/internal/store"
)

func TestMergeLexicons(t *testing.T) {
	v := func(word, say string, at int64, author string) store.LexiconVersion {
		return store.LexiconVersion{Word: word, Say: say, WholeWord: true, UpdatedAt: at, Author: author}
	}
	del := func(word string, at int64, author string) store.LexiconVersion {
		return store.LexiconVersion{Word: word, Deleted: true, UpdatedAt: at, Author: author}
	}
	base := v("Aoife", "Ee-fa", 10, "a")
	for _, tc := range []struct {
		name                  string
		local, synced, remote []store.LexiconVersion
		want                  store.LexiconVersion
		pulled, pushed        bool
		conflict              bool
	}{
		{"changed here only", []store.LexiconVersion{v("Aoife", "Ee-fah", 20, "a")}, []store.LexiconVersion{base}, []store.LexiconVersion{base},
			v("Aoife", "Ee-fah", 20, "a"), false, true, false},
		{"changed there only", []store.LexiconVersion{base}, []store.LexiconVersion{base}, []store.LexiconVersion{v("Aoife", "Ee-fuh", 5, "b")},
			v("Aoife", "Ee-fuh", 5, "b"), true, false, false}, // an older clock there still counts: only that side changed
		{"both changed, there later", []store.LexiconVersion{v("Aoife", "Ee-fah", 20, "a")}, []store.LexiconVersion{base},
			[]store.LexiconVersion{v("Aoife", "Ee-fuh", 30, "b")}, v("Aoife", "Ee-fuh", 30, "b"), true, false, true},
		{"both changed alike", []store.LexiconVersion{v("Aoife", "Ee-fuh", 20, "a")}, []store.LexiconVersion{base},
			[]store.LexiconVersion{v("Aoife", "Ee-fuh", 30, "b")}, v("Aoife", "Ee-fuh", 30, "b"), true, false, false},
		{"removed here", []store.LexiconVersion{del("Aoife", 20, "a")}, []store.LexiconVersion{base}, []store.LexiconVersion{base},
			del("Aoife", 20, "a"), false, true, false},
		{"removed there, edited here later", []store.LexiconVersion{v("Aoife", "Ee-fah", 30, "a")}, []store.LexiconVersion{base},
			[]store.LexiconVersion{del("Aoife", 20, "b")}, v("Aoife", "Ee-fah", 30, "a"), false, true, true},
		{"new on both sides", []store.LexiconVersion{v("Niamh", "Neev", 40, "a")}, nil, []store.LexiconVersion{v("Niamh", "Nee-av", 41, "b")},
			v("Niamh", "Nee-av", 41, "b"), true, false, true},
		{"same clock: the author decides, everywhere alike", []store.LexiconVersion{v("Niamh", "Neev", 40, "a")}, nil,
			[]store.LexiconVersion{v("Niamh", "Nee-av", 40, "b")}, v("Niamh", "Nee-av", 40, "b"), true, false, true},
		{"new here", []store.LexiconVersion{v("Niamh", "Neev", 40, "a")}, nil, nil, v("Niamh", "Neev", 40, "a"), false, true, false},
		{"new there", nil, nil, []store.LexiconVersion{v("Niamh", "Neev", 40, "b")}, v("Niamh", "Neev", 40, "b"), true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := func(vs []store.LexiconVersion) map[string]store.LexiconVersion {
				out := map[string]store.LexiconVersion{}
				for _, x := range vs {
					out[x.Word] = x
				}
				return out
			}
			got := library.MergeLexicons(m(tc.local), m(tc.synced), m(tc.remote))
			if len(got.Final) != 1 || !reflect.DeepEqual(got.Final[0], tc.want) {
				t.Errorf("final %+v, want %+v", got.Final, tc.want)
			}
			if (len(got.Pulled) == 1) != tc.pulled || (len(got.Pushed) == 1) != tc.pushed {
				t.Errorf("pulled %v, pushed %v; want %v, %v", got.Pulled, got.Pushed, tc.pulled, tc.pushed)
			}
			if (len(got.Conflicts) == 1) != tc.conflict {
				t.Errorf("conflicts %+v, want %v", got.Conflicts, tc.conflict)
			}
			// Both laptops, merging the same two versions, decide alike.
			if tc.conflict {
				back := library.MergeLexicons(m(tc.remote), m(tc.synced), m(tc.local))
				if !reflect.DeepEqual(back.Final, got.Final) {
					t.Errorf("the other side decides %+v", back.Final)
				}
			}
		})
	}
}
