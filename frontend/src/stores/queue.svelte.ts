import { t } from '../lib/i18n.svelte';
import type { Api, JobView, Problem, QueueView } from '../api';

/** The queue view's state, refreshed when the backend says the queue changed. */
export class QueueStore {
  view = $state<QueueView | null>(null);
  error = $state<Problem | null>(null);
  #api: Api;
  #loading = false;
  #again = false;

  constructor(api: Api) {
    this.#api = api;
  }

  get active(): JobView[] {
    return (this.view?.jobs ?? []).filter((j) => j.state === 'running' || j.state === 'available');
  }

  /** Overall progress over the unfinished jobs, 0–100. */
  get percent(): number {
    const v = this.view;
    if (!v || v.total === 0) return 0;
    return Math.min(100, Math.round((100 * v.done) / v.total));
  }

  /** Reloads; calls that arrive during a load coalesce into one more load. */
  async load(): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      return;
    }
    this.#loading = true;
    try {
      do {
        this.#again = false;
        this.view = await this.#api.queue();
        this.error = null;
      } while (this.#again);
    } catch (e) {
      this.error = e as Problem;
    } finally {
      this.#loading = false;
    }
  }

  /** Runs an action, reloads, and shows the action's refusal (if any) after the reload. */
  async act(fn: () => Promise<void>): Promise<void> {
    let refusal: Problem | null = null;
    try {
      await fn();
    } catch (e) {
      refusal = e as Problem;
    }
    await this.load();
    if (refusal) this.error = refusal;
  }

  pause = () => this.act(() => this.#api.pause());
  resume = () => this.act(() => this.#api.resume());
  cancel = (id: number) => this.act(() => this.#api.cancel(id));
  retry = (id: number) => this.act(() => this.#api.retry(id));
  remove = (id: number) => this.act(() => this.#api.removeJob(id));
  open = (id: number) => this.act(() => this.#api.openOutput(id));
  showInFolder = (id: number) => this.act(() => this.#api.showInFolder(id));
}

export function percentOf(j: JobView): number {
  if (j.state === 'done') return 100;
  return j.total > 0 ? Math.min(100, Math.round((100 * j.done) / j.total)) : 0;
}

export function formatETA(seconds: number): string {
  if (seconds < 0) return '';
  if (seconds < 60) return t('queue.eta.seconds', { n: Math.max(1, Math.round(seconds)) });
  const m = Math.round(seconds / 60);
  if (m < 60) return t('queue.eta.minutes', { n: m });
  return t('queue.eta.hours', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') });
}
