import { describe, expect, it } from 'vitest';
import { catalogues, locale, placeholders, t } from '../../src/lib/i18n.svelte';
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
