import { describe, expect, it } from 'vitest';
import type { store } from '../../wailsjs/go/models';
import { daySeries, dollars, duration, label, localDay } from '../../src/lib/dashboard';

describe('the dashboard’s figures', () => {
  it('puts back the quiet days the backend leaves out, in order, one bar a day', () => {
    const from = Date.UTC(2026, 10, 24, 0, 0, 0);
    const to = Date.UTC(2026, 10, 27, 15, 0, 0);
    const first = localDay(from);
    const days = [
      { day: first + 1, imported: 2, narrated_ms: 5_400_000, listened_ms: 0 },
      { day: first + 3, imported: 0, narrated_ms: 0, listened_ms: 1_800_000 },
    ] as store.DayActivity[];
    const s = daySeries(from, to, days);
    expect(s.labels).toHaveLength(localDay(to) - first + 1);
    expect(s.imported.slice(0, 4)).toEqual([0, 2, 0, 0]);
    expect(s.unit).toBe('Hours');
    expect(s.narrated.slice(0, 4)).toEqual([0, 1.5, 0, 0]);
    expect(s.listened.slice(0, 4)).toEqual([0, 0, 0, 0.5]);
  });

  it('labels a day by its local calendar date', () => {
    const s = daySeries(Date.UTC(2026, 10, 27, 12), Date.UTC(2026, 10, 27, 12), [{ day: localDay(Date.UTC(2026, 10, 27, 12)), imported: 1, narrated_ms: 0, listened_ms: 0 } as store.DayActivity]);
    expect(s.imported).toEqual([1]);
    expect(s.unit).toBe('Minutes'); // nothing reaches an hour
    expect(s.labels[0]).toMatch(/^2[678] Nov$/); // the machine's time zone decides which
  });

  it('reads durations, money and codes as a writer would', () => {
    expect(duration(0)).toBe('0 min');
    expect(duration(40_000)).toBe('40 s');
    expect(duration(12 * 60_000)).toBe('12 min');
    expect(duration((3 * 60 + 5) * 60_000)).toBe('3 h 05 min');
    expect(dollars(3.2)).toBe('$3.20');
    expect(dollars(0.001)).toBe('< $0.01');
    expect(dollars(0)).toBe('$0.00');
    expect(label('unavailable')).toBe('Unavailable (disk, device, network)');
    expect(label('something-new')).toBe('something-new');
  });
});

describe('the theme', () => {
  it('follows the desktop for "system" and keeps the writer’s choice otherwise', async () => {
    const { resolveTheme, applyTheme } = await import('../../src/lib/theme');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    const root = document.createElement('html');
    applyTheme('dark', root);
    expect(root.dataset.theme).toBe('dark');
    applyTheme('light', root);
    expect(root.dataset.theme).toBe('light');
  });
});
