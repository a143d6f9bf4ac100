// The dashboard's figures, shaped for reading: durations, money and the day-by-day
// series (with the quiet days the backend leaves out put back as zeros).
import type { catalog, store } from '../../wailsjs/go/models';
import { intlLocale, t, type Key } from './i18n.svelte';
import { en } from '../messages/en';

const DAY_MS = 86_400_000;

/** The activity chart's bars, in hours — or in minutes when no day reaches an hour. */
export interface DaySeries {
  labels: string[];
  unit: 'Hours' | 'Minutes';
  narrated: number[];
  listened: number[];
  imported: number[];
}

/**
 * Every local day from `from` to `to` (Unix ms), with the backend's days filled in.
 * Days are numbered since 1970-01-01 in local time, so day × 24 h read as UTC is the
 * local calendar date.
 */
export function daySeries(from: number, to: number, days: store.DayActivity[]): DaySeries {
  const first = localDay(from);
  const last = localDay(to);
  const byDay = new Map(days.map((d) => [d.day, d]));
  const longest = Math.max(0, ...days.map((d) => Math.max(d.narrated_ms, d.listened_ms)));
  const unit = longest >= 3_600_000 ? 'Hours' : 'Minutes';
  const per = unit === 'Hours' ? 3_600_000 : 60_000;
  const out: DaySeries = { labels: [], unit, narrated: [], listened: [], imported: [] };
  for (let day = first; day <= last; day++) {
    const d = byDay.get(day);
    out.labels.push(new Date(day * DAY_MS).toLocaleDateString(intlLocale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }));
    out.narrated.push(round2((d?.narrated_ms ?? 0) / per));
    out.listened.push(round2((d?.listened_ms ?? 0) / per));
    out.imported.push(d?.imported ?? 0);
  }
  return out;
}

/** The local day t (Unix ms) falls on, counted as the backend counts it. */
export function localDay(t: number): number {
  const offsetMs = -new Date(t).getTimezoneOffset() * 60_000;
  return Math.floor((t + offsetMs) / DAY_MS);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** "3 h 20 min", "12 min", "40 s", "0 min". */
export function duration(ms: number): string {
  if (ms <= 0) return '0 min';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

/** US dollars, to the cent ("< $0.01" for a little more than nothing). */
export function dollars(n: number): string {
  if (n > 0 && n < 0.005) return '< $0.01';
  return `$${n.toFixed(2)}`;
}

/** "12× real time": how much faster than it plays an engine made its audio. */
export function realtime(r: catalog.EngineRate): string {
  if (r.realtime <= 0) return '—';
  return t('dash.realtime', { n: r.realtime >= 10 ? Math.round(r.realtime) : r.realtime.toFixed(1) });
}

/** The words a writer reads for a state or a cause, not the codes. */
export function label(code: string): string {
  const key = `label.${code}` as Key;
  return key in en ? t(key) : code;
}
