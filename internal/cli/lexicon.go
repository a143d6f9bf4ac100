package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"readback/internal/editing"
	"readback/internal/store"
)

var lexiconActions = []command{
	{"add", "WORD", "add or change how a word is said: --say a respelling and/or --phonemes for eSpeak", runLexiconAdd},
	{"list", "", "list the entries: WORD<TAB>RESPELLING<TAB>PHONEMES<TAB>OPTIONS", runLexiconList},
	{"remove", "WORD", "remove a word's entry", runLexiconRemove},
	{"import", "FILE", "add the entries of a lexicon file (WORD = RESPELLING [[PHONEMES]] a line); all or none", runLexiconImport},
	{"export", "", "write the entries as a lexicon file, to -o FILE or standard output", runLexiconExport},
	{"names", "", "list the capitalised words of --document ID that no entry covers, most frequent first: COUNT<TAB>WORD", runLexiconNames},
	{"conflicts", "", "list the shared lexicon's edits that lost to a later one, newest first: WORD<TAB>KEPT<TAB>BY<TAB>REPLACED<TAB>BY", runLexiconConflicts},
}

// runLexicon dispatches "readback lexicon ACTION".
func runLexicon(ctx context.Context, inv *invocation) int {
	if len(inv.args) == 0 || inv.args[0] == "-h" || inv.args[0] == "--help" || inv.args[0] == "help" {
		w := inv.env.Stdout
		code := ExitOK
		if len(inv.args) == 0 {
			w, code = inv.env.Stderr, ExitUsage
		}
		fmt.Fprintln(w, "Usage: readback lexicon ACTION [OPTIONS] [ARGS]\n\nPronunciation lexicons: the global one, or a document's with --document ID.\n\nActions:")
		for _, a := range lexiconActions {
			fmt.Fprintf(w, "  %-9s %-5s %s\n", a.name, a.args, a.summary)
		}
		return code
	}
	for _, a := range lexiconActions {
		if a.name == inv.args[0] {
			return a.run(ctx, subInvocation(inv, a, "lexicon"))
		}
	}
	fmt.Fprintf(inv.env.Stderr, "readback lexicon: unknown action %q (add, list, remove, import, export, names, conflicts)\n", inv.args[0])
	return ExitUsage
}

func documentFlag(fs *flag.FlagSet) *int64 {
	return fs.Int64("document", 0, "the document's lexicon (ID as 'readback list' prints it); default: the global lexicon")
}

func runLexiconAdd(ctx context.Context, inv *invocation) int {
	doc := documentFlag(inv.fs)
	say := inv.fs.String("say", "", "how to say it, spelled as it sounds (\"Shiv-awn\")")
	phonemes := inv.fs.String("phonemes", "", "eSpeak phonemes, without the [[ ]] (\"S@v'O:n\")")
	ipa := inv.fs.String("ipa", "", "IPA, for the engines that read it (\"ʃɪˈvɔːn\")")
	matchCase := inv.fs.Bool("match-case", false, "only where the word has exactly this case")
	part := inv.fs.Bool("part-of-word", false, "also inside longer words")
	if done, code := inv.parse(inv.fsArgs(), func(n int) bool { return n == 1 }); done {
		return code
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		e := store.LexiconEntry{DocumentID: *doc, Word: inv.fs.Arg(0), Say: *say, Phonemes: *phonemes, IPA: *ipa, MatchCase: *matchCase, WholeWord: !*part}
		if err := editing.PutPronunciation(ctx, st, e); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	})
}

func runLexiconList(ctx context.Context, inv *invocation) int {
	doc := documentFlag(inv.fs)
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		entries, err := st.LexiconEntries(ctx, *doc)
		if err != nil {
			return inv.fail(err)
		}
		w := newLineWriter(inv.env.Stdout)
		for _, e := range entries {
			var opts []string
			if e.MatchCase {
				opts = append(opts, "match-case")
			}
			if !e.WholeWord {
				opts = append(opts, "part-of-word")
			}
			// IPA last: the columns before it are as they were before it came.
			w.line(strings.Join([]string{e.Word, e.Say, e.Phonemes, strings.Join(opts, ","), e.IPA}, "\t"))
		}
		if err := w.flush(); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	})
}

func runLexiconRemove(ctx context.Context, inv *invocation) int {
	doc := documentFlag(inv.fs)
	if done, code := inv.parse(inv.fsArgs(), func(n int) bool { return n == 1 }); done {
		return code
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		if err := editing.RemovePronunciation(ctx, st, *doc, inv.fs.Arg(0)); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	})
}

func runLexiconImport(ctx context.Context, inv *invocation) int {
	doc := documentFlag(inv.fs)
	if done, code := inv.parse(inv.fsArgs(), func(n int) bool { return n == 1 }); done {
		return code
	}
	path := inv.fs.Arg(0)
	return inv.withStore(ctx, func(st *store.Store) int {
		n, err := editing.ImportLexicon(ctx, st, *doc, path)
		if err != nil {
			return inv.fail(err)
		}
		fmt.Fprintf(inv.env.Stdout, "%s: %s\n", path, map[bool]string{true: "1 entry", false: fmt.Sprintf("%d entries", n)}[n == 1])
		return ExitOK
	})
}

func runLexiconExport(ctx context.Context, inv *invocation) int {
	doc := documentFlag(inv.fs)
	out := inv.fs.String("o", "", "the file to write (default: standard output)")
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		var err error
		if *out == "" {
			err = editing.WriteLexicon(ctx, st, *doc, inv.env.Stdout)
		} else {
			err = editing.ExportLexicon(ctx, st, *doc, *out)
		}
		if err != nil {
			return inv.fail(err)
		}
		return ExitOK
	})
}

func runLexiconNames(ctx context.Context, inv *invocation) int {
	doc := documentFlag(inv.fs)
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	if *doc == 0 {
		fmt.Fprintln(inv.env.Stderr, "readback lexicon names: --document ID is required")
		return ExitUsage
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		names, err := editing.UnknownNames(ctx, st, *doc)
		if err != nil {
			return inv.fail(err)
		}
		w := newLineWriter(inv.env.Stdout)
		for _, n := range names {
			w.line(fmt.Sprintf("%d\t%s", n.Count, n.Word))
		}
		if err := w.flush(); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	})
}

func runLexiconConflicts(ctx context.Context, inv *invocation) int {
	if done, code := inv.parse(inv.fsArgs(), noArgs); done {
		return code
	}
	return inv.withStore(ctx, func(st *store.Store) int {
		cs, err := st.LexiconConflicts(ctx, 1000)
		if err != nil {
			return inv.fail(err)
		}
		w := newLineWriter(inv.env.Stdout)
		for _, c := range cs {
			w.line(oneLine(c.Word) + "\t" + oneLine(sayOf(c.Kept)) + "\t" + oneLine(c.Kept.Author) + "\t" + oneLine(sayOf(c.Lost)) + "\t" + oneLine(c.Lost.Author))
		}
		if err := w.flush(); err != nil {
			return inv.fail(err)
		}
		return ExitOK
	})
}
