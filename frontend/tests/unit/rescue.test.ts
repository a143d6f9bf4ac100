import { describe, expect, it } from 'vitest';
import { flushSync, mount, tick, unmount } from 'svelte';
import type { RescueApi, RescueState } from '../../src/api';
import RescueView from '../../src/components/RescueView.svelte';

const damaged = {
  database: '/home/w/.local/share/readback/library.db',
  problem: 'the library database is damaged: database disk image is malformed',
  backups: [
    { name: 'library-20261130T090000Z.db', taken: '2026-11-30T09:00:00Z', size: 2 << 20 },
    { name: 'library-20261129T090000Z.db', taken: '2026-11-29T09:00:00Z', size: 2 << 20 },
  ],
} as RescueState;

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  flushSync();
}

describe('RescueView', () => {
  it('says why the library did not open and restores the backup chosen, newest first', async () => {
    const restored: string[] = [];
    let quit = 0;
    const api: RescueApi = {
      state: async () => damaged,
      restore: async (name) => {
        restored.push(name);
        return 'library.db.damaged-20261130T100000Z';
      },
      quit: async () => void quit++,
    };
    const view = mount(RescueView, { target: document.body, props: { api } });
    await settle();
    expect(document.body.textContent).toContain('database disk image is malformed');
    expect(document.body.textContent).toContain(damaged.database);
    const buttons = [...document.querySelectorAll('button')].filter((b) => b.textContent === 'Restore');
    expect(buttons).toHaveLength(2);
    const newest = buttons[0]!;
    expect(newest.className).toContain('primary');
    newest.click();
    await settle();
    expect(restored).toEqual(['library-20261130T090000Z.db']);
    expect(document.querySelector('[role=status]')?.textContent).toContain('kept as library.db.damaged-20261130T100000Z');
    const close = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Close');
    close?.click();
    await settle();
    expect(quit).toBe(1);
    unmount(view);
  });

  it('keeps the backups on offer when a restore is refused, with the reason', async () => {
    const api: RescueApi = {
      state: async () => damaged,
      restore: async () => {
        throw { code: 'invalid', message: 'the backup library-20261130T090000Z.db is damaged too (page 3): choose another' };
      },
      quit: async () => {},
    };
    const view = mount(RescueView, { target: document.body, props: { api } });
    await settle();
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Restore')?.click();
    await settle();
    expect(document.querySelector('[role=alert]')?.textContent).toContain('is damaged too');
    expect([...document.querySelectorAll('button')].filter((b) => b.textContent === 'Restore')).toHaveLength(2);
    unmount(view);
  });
});
