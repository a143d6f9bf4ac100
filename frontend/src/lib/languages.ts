import { intlLocale } from './i18n.svelte';

/** Languages a writer is likely to pick, by BCP 47 tag; any other tag can be typed. */
export const commonLanguages = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'da', 'no', 'fi', 'pl', 'cs', 'ru', 'uk', 'el', 'tr', 'ar', 'he', 'fa', 'hi', 'bn', 'zh', 'ja', 'ko'];

/** The language's name in the window's language ("Deutsch" or "German"), else the tag. */
export function languageName(tag: string): string {
  if (!tag) return '';
  try {
    return new Intl.DisplayNames([intlLocale()], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
