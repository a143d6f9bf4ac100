// The window's words, through a message catalogue: components call t('key', {n})
// and never hold English themselves. English is the source catalogue (its keys are
// the Key type); every other catalogue must have every key (a missing one does not
// compile) with the same {placeholders} (a unit test checks).
import { backendDe } from '../messages/backend.de';
import { de } from '../messages/de';
import { en } from '../messages/en';

export type Key = keyof typeof en;
export type Catalogue = Record<Key, string>;
type Params = Record<string, string | number>;

export const catalogues: Record<string, Catalogue> = { en, de };

/** The languages the window can be shown in, by their own names. */
export const LANGUAGES = [
  { id: 'en', name: 'English' },
  { id: 'de', name: 'Deutsch' },
] as const;

class Locale {
  lang = $state('en');
}

/** The language the window is shown in (reactive: a change re-renders). */
export const locale = new Locale();

/**
 * Shows the window in the writer's language: the one chosen in Settings, else the
 * desktop's when there is a catalogue for it, else English.
 */
export function applyLanguage(choice: string, desktop: readonly string[] = desktopLanguages()) {
  const has = (l: string) => Object.hasOwn(catalogues, l);
  const wanted = choice || desktop.map((l) => l.split(/[-_]/)[0]!.toLowerCase()).find(has) || 'en';
  locale.lang = has(wanted) ? wanted : 'en';
  if (typeof document !== 'undefined') document.documentElement.lang = locale.lang;
}

function desktopLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** Whether a key made at run time (a state's or a cause's name) has a message. */
export function hasKey(key: string): key is Key {
  return Object.hasOwn(en, key);
}

/** The locale dates and numbers are written in: the window's language (English as in Britain). */
export function intlLocale(): string {
  return locale.lang === 'en' ? 'en-GB' : locale.lang;
}

const plurals = new Map<string, Intl.PluralRules>();

/** The message for key in the window's language, with its {placeholders} filled. */
export function t(key: Key, params?: Params): string {
  const msg: string = catalogues[locale.lang]?.[key] ?? en[key] ?? key;
  if (!params) return msg;
  return msg.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));
}

/**
 * One of two messages by the count n, as the window's language counts ("1 sentence",
 * "2 sentences"; languages with more forms use their "other" for the rest), with
 * {n} and the other placeholders filled.
 */
export function tn(one: Key, other: Key, n: number, params?: Params): string {
  let rules = plurals.get(locale.lang);
  if (!rules) plurals.set(locale.lang, (rules = new Intl.PluralRules(locale.lang)));
  const form = rules.select(n);
  return t(form === 'one' ? one : other, { n, ...params });
}

/** The placeholders a message takes, for checking catalogues against each other. */
export function placeholders(msg: string): string[] {
  return [...msg.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** The backend's sentences by language, keyed by their English format (see backend.de.ts). */
export const backendCatalogues: Record<string, Record<string, string>> = { de: backendDe };

const verb = /%[-+# 0-9.]*[a-zA-Z%]/g;
const patternCache = new Map<string, [string, RegExp][]>();

/** The formats of a catalogue as patterns matching the English they produce. */
function patterns(lang: string, cat: Record<string, string>): [string, RegExp][] {
  let list = patternCache.get(lang);
  if (!list) {
    list = Object.keys(cat).map((f) => {
      const parts = f.split(verb);
      const verbs = f.match(verb) ?? [];
      let re = '';
      parts.forEach((p, i) => {
        re += p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (i < verbs.length) re += verbs[i] === '%%' ? '%' : '(.+?)';
      });
      return [f, new RegExp(`^${re}$`, 's')] as [string, RegExp];
    });
    patternCache.set(lang, list);
  }
  return list;
}

/** A number the backend wrote the English way (3.5) by a number's verb (%f, %g, %e), in the window's (3,5). */
function localNumber(arg: string, verb: string | undefined): string {
  if (!verb || !/[fge]$/.test(verb) || !/^-?\d+\.\d+$/.test(arg)) return arg;
  const decimals = arg.split('.')[1]!.length;
  return Number(arg).toLocaleString(intlLocale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: false });
}

/** The verbs of a format, %% aside. */
function verbsOf(format: string): string[] {
  return (format.match(verb) ?? []).filter((v) => v !== '%%');
}

function fill(msg: string, args: readonly string[], format: string): string {
  const verbs = verbsOf(format);
  return msg.replace(/\{(\d+)\}/g, (all, i: string) => (Number(i) < args.length ? localNumber(args[Number(i)]!, verbs[Number(i)]) : all));
}

/** A format that only carries other messages ("%s: %v"): nothing of its own to translate. */
const passThrough = /^(?:%[-+# 0-9.]*[a-zA-Z]|[\s:;,()])*$/;

/**
 * A sentence the backend wrote in English (a problem, a health line, a release
 * finding, an undo label), in the window's language: by its English format and
 * arguments when it came with them, else by the catalogue format its words match;
 * as written when there is no translation. A file's name before a message
 * ("%s: " and a format) and messages carried whole inside another ("%s: %v") are
 * translated as themselves.
 */
export function tb(text: string, format?: string, args?: readonly string[] | null): string {
  const cat = backendCatalogues[locale.lang];
  if (!cat || !text) return text;
  const a = args ?? [];
  if (format) {
    const msg = cat[format];
    if (msg !== undefined) return fill(msg, a, format);
    if (format.startsWith('%s: ') && a.length > 0 && cat[format.slice(4)] !== undefined) {
      return `${a[0]}: ${fill(cat[format.slice(4)]!, a.slice(1), format.slice(4))}`;
    }
    if (passThrough.test(format) && verbsOf(format).length === a.length) {
      let i = 0;
      return format.replace(verb, (v) => (v === '%%' ? '%' : tb(a[i++]!)));
    }
    return text;
  }
  for (const [f, re] of patterns(locale.lang, cat)) {
    const m = re.exec(text);
    if (m) return fill(cat[f]!, m.slice(1), f);
  }
  return text;
}
