import { locale, t, tn } from './i18n.svelte';
/** Words a narrator speaks in a minute; used to estimate listening time. */
export const WORDS_PER_MINUTE = 165;

/**
 * "2 h 05 min", "12 min", "< 1 min": how long a document takes to hear — at the rate
 * the library's audiobooks measured (msPerWord, pauses included) once there is one,
 * else at a narrator's usual pace.
 */
export function listeningTime(words: number, msPerWord = 0): string {
  const minutes = Math.round(msPerWord > 0 ? (words * msPerWord) / 60_000 : words / WORDS_PER_MINUTE);
  if (words > 0 && minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h} h ${String(m).padStart(2, '0')} min`;
}

/** What a document's length is worked out from (its fields as the backend sends them). */
export interface Lengths {
  words: number;
  audio_ms: number;
  estimate_ms: number;
  estimated: boolean;
}

/**
 * A document's listening time, the same in the library and in the document: its last
 * audiobook's length once one is made (as the file says it), else its player's
 * total as last worked out (after its import or change, and at each opening; "about"
 * while some sentences are not synthesised), else — until that is worked out — its
 * words at the library's pace. title says which.
 */
export function documentLength(d: Lengths, msPerWord = 0): { text: string; title: string } {
  if (d.audio_ms > 0) return { text: lengthOf(d.audio_ms), title: t('length.audiobook') };
  if (d.estimate_ms > 0) return playerLength(d.estimate_ms, d.estimated);
  return { text: listeningTime(d.words, msPerWord), title: msPerWord > 0 ? t('lib.paceMeasured') : t('lib.paceUsual') };
}

/** A book's length as its player counts it: "about" while some sentences are estimated. */
export function playerLength(ms: number, estimated: boolean): { text: string; title: string } {
  return estimated
    ? { text: t('doc.about', { length: lengthOf(ms) }), title: t('doc.lengthMeasured') }
    : { text: lengthOf(ms), title: t('doc.lengthAudio') };
}

/** "3 h 57 min", "12 min", "40 s": a length of audio in ms. */
export function lengthOf(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 59_500) return `${Math.round(ms / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function formatWords(n: number): string {
  return tn('fmt.word', 'fmt.words', n).replace(String(n), n.toLocaleString(locale.lang === 'en' ? 'en-US' : locale.lang));
}

export function formatDate(value: string | number | Date, now: Date = new Date()): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === now.toDateString();
  const lang = locale.lang === 'en' ? 'en-GB' : locale.lang;
  if (sameDay) return t('fmt.today', { time: d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }) });
  return d.toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GB`;
  if (n >= 1 << 20) return `${Math.round(n / (1 << 20))} MB`;
  if (n >= 1 << 10) return `${Math.round(n / (1 << 10))} KB`;
  return t('fmt.bytes', { n });
}

const FORMAT_LABELS: Record<string, string> = {
  markdown: 'Markdown',
  text: 'Text',
  html: 'HTML',
  docx: 'Word',
  epub: 'EPUB',
  pdf: 'PDF',
};

export function formatLabel(format: string): string {
  if (format === 'text') return t('fmt.text');
  return FORMAT_LABELS[format] ?? format.toUpperCase();
}

/** "45 s", "12 min", "3 h 05 min": the length of some audio. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A steady colour for a speaker's name, for the legend and the sentences. */
export function speakerColour(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `hsl(${h % 360} 55% 55%)`;
}
