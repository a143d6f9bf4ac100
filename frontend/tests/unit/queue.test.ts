import { describe, expect, it } from 'vitest';
import type { Api, JobView, QueueView } from '../../src/api';
import { QueueStore, formatETA, percentOf } from '../../src/stores/queue.svelte';

function job(p: Partial<JobView>): JobView {
  return { id: 1, document_id: 1, title: 'T', output: '/o.wav', state: 'running', done: 0, total: 0, eta_seconds: -1, attempt: 1, max_attempts: 5, last_error: '', ...p } as JobView;
}

describe('queue helpers', () => {
  it('computes a job’s percentage', () => {
    expect(percentOf(job({ done: 50, total: 200 }))).toBe(25);
    expect(percentOf(job({ done: 0, total: 0 }))).toBe(0);
    expect(percentOf(job({ state: 'done', done: 3, total: 10 }))).toBe(100);
  });
  it('words the time left', () => {
    expect(formatETA(-1)).toBe('');
    expect(formatETA(12.4)).toBe('about 12 s left');
    expect(formatETA(600)).toBe('about 10 min left');
    expect(formatETA(3 * 3600 + 5 * 60)).toBe('about 3 h 05 min left');
  });
});

describe('QueueStore', () => {
  it('coalesces change events that arrive during a load into one more load', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const api = {
      queue: () =>
        new Promise<QueueView>((resolve) => {
          calls++;
          release = () => resolve({ paused: false, resumed: 0, jobs: [job({ done: calls, total: 10 })], done: calls, total: 10 } as QueueView);
        }),
    } as unknown as Api;
    const store = new QueueStore(api);
    const first = store.load();
    void store.load();
    void store.load();
    release();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await first;
    expect(calls).toBe(2);
    expect(store.percent).toBe(20);
    expect(store.active).toHaveLength(1);
  });

  it('shows a refused action as an error and reloads', async () => {
    let loads = 0;
    const api = {
      queue: async () => {
        loads++;
        return { paused: false, resumed: 0, jobs: [], done: 0, total: 0 } as unknown as QueueView;
      },
      retry: async () => {
        throw { code: 'conflict', message: 'retried moments ago: wait 9 seconds' };
      },
    } as unknown as Api;
    const store = new QueueStore(api);
    await store.retry(1);
    expect(store.error?.message).toBe('retried moments ago: wait 9 seconds');
    expect(loads).toBe(1);
  });
});
