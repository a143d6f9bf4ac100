import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguage, backendCatalogues, catalogues, locale, placeholders, t, tb } from '../../src/lib/i18n.svelte';
import { toProblem } from '../../src/api';
import { en } from '../../src/messages/en';

describe('the message catalogues', () => {
  it('give every language every message, with the same placeholders', () => {
    for (const [lang, cat] of Object.entries(catalogues)) {
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(cat[key], `${lang}: ${key}`).toBeTruthy();
        expect(placeholders(cat[key]), `${lang}: ${key}`).toEqual(placeholders(en[key]));
      }
    }
  });

  it('fill the placeholders in the window’s language', () => {
    locale.lang = 'en';
    expect(t('player.sentenceOf', { n: 3, count: 9 })).toBe('Sentence 3 of 9');
    locale.lang = 'de';
    expect(t('player.sentenceOf', { n: 3, count: 9 })).toBe('Satz 3 von 9');
    locale.lang = 'xx'; // unknown: English
    expect(t('nav.library')).toBe('Library');
    locale.lang = 'en';
  });
});

describe('the backend speaks the window language', () => {
  afterEach(() => applyLanguage('en', []));

  it('translates a problem by its English format, with its arguments in place and numbers written the German way', () => {
    applyLanguage('de', []);
    expect(tb('job 7 is not waiting or running', 'job %d is not waiting or running', ['7'])).toBe('Auftrag 7 wartet nicht und läuft nicht');
    expect(tb('x', 'loudness %.1f LUFS is above %.1f: %.1f dB too loud', ['-16.2', '-18.0', '1.8'])).toBe('Lautheit -16,2 LUFS liegt über -18,0: 1,8 dB zu laut');
    const p = toProblem({ code: 'invalid', message: 'the speed must be between 0.5 and 3', format: 'the speed must be between 0.5 and 3', args: null });
    expect(p.message).toBe('Die Geschwindigkeit muss zwischen 0,5 und 3 liegen');
  });

  it('recognises a stored label by the format that made it', () => {
    applyLanguage('de', []);
    expect(tb('edit sentence 12')).toBe('Satz 12 bearbeiten');
    expect(tb('voice for ALICE')).toBe('Stimme für ALICE');
    expect(tb('pronounce Siobhan')).toBe('Aussprache von Siobhan');
  });

  it('translates a message behind a file’s name, and messages carried inside another', () => {
    applyLanguage('de', []);
    expect(tb('notes.pdf: the PDF has no pages', '%s: the PDF has no pages', ['notes.pdf'])).toBe('notes.pdf: Das PDF hat keine Seiten');
    expect(tb('x', '%s: %v', ['a.md', 'the speed must be between 0.5 and 3'])).toBe('a.md: Die Geschwindigkeit muss zwischen 0,5 und 3 liegen');
    // Only a number's verb writes it the German way: a quoted word that looks like a number stays.
    expect(tb('x', '“%s” is not spoken in sentence %d (its spoken text was changed)', ['3.14', '2'])).toBe('„3.14“ wird in Satz 2 nicht gesprochen (sein gesprochener Text wurde geändert)');
  });

  it('keeps the English where there is no translation, and in an English window', () => {
    applyLanguage('de', []);
    expect(tb('something nobody wrote down')).toBe('something nobody wrote down');
    expect(tb('an error: disk full', '%s: %v', ['an error', 'disk full'])).toBe('an error: disk full');
    expect(tb('odd: thing', '%s: something unknown %d', ['odd', '1'])).toBe('odd: thing');
    applyLanguage('en', []);
    expect(tb('job 7 is not waiting or running', 'job %d is not waiting or running', ['7'])).toBe('job 7 is not waiting or running');
    expect(tb('edit sentence 12')).toBe('edit sentence 12');
  });

  it('has a placeholder for every argument of every format', () => {
    for (const [format, de] of Object.entries(backendCatalogues.de!)) {
      const verbs = (format.match(/%[-+# 0-9.]*[a-zA-Z]/g) ?? []).length;
      const places = new Set([...de.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])));
      expect([...places].sort(), format).toEqual([...Array(verbs).keys()]);
    }
  });
});
