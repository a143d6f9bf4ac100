// The one place that talks to the Go side. Components and stores call these
// functions, never window.go, so that tests can replace this module.
import * as Library from '../../wailsjs/go/app/Library';
import * as Settings from '../../wailsjs/go/app/Settings';
import * as Queue from '../../wailsjs/go/app/Queue';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import type { app, catalog, document, store } from '../../wailsjs/go/models';

export type Document = store.Document;
export type Section = store.Section;
export type Segment = store.Segment;
export type DocumentView = catalog.View;
export type DocumentPage = app.DocumentPage;
export type SegmentPage = app.SegmentPage;
export type ImportOutcome = app.ImportOutcome;
export type Limits = document.Limits;
export type About = app.About;
export type QueueView = app.QueueView;
export type JobView = app.JobView;
export type VoiceOption = app.VoiceOption;

export interface ConvertSettings {
  voice: string;
  rate: number;
  format: 'wav' | 'flac' | 'mp3' | 'opus' | 'm4b';
  output: string;
  per_chapter: boolean;
  subtitles: boolean;
  subtitle_level: 'sentence' | 'word';
  pauses: { sentence: number; paragraph: number; chapter: number };
}

export interface ImportSettings {
  footnotes: 'end' | 'inline' | 'skip';
  code: 'skip' | 'read';
  chapter_level: number;
}

export const defaultImportSettings: ImportSettings = { footnotes: 'end', code: 'skip', chapter_level: 0 };

/** An error from the backend, as app.FormatError shapes it. */
export interface Problem {
  code: string;
  message: string;
}

/** Turns whatever a rejected call gave into a Problem a person can read. */
export function toProblem(e: unknown): Problem {
  if (e && typeof e === 'object' && 'message' in e) {
    const o = e as { code?: unknown; message?: unknown };
    return { code: typeof o.code === 'string' ? o.code : 'internal', message: String(o.message) };
  }
  if (typeof e === 'string') {
    try {
      return toProblem(JSON.parse(e));
    } catch {
      return { code: 'internal', message: e };
    }
  }
  return { code: 'internal', message: 'Something went wrong.' };
}

async function call<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw toProblem(e);
  }
}

export const api = {
  list: (query: string, page: number): Promise<DocumentPage> => call(Library.List(query, page)),
  open: (id: number): Promise<DocumentView> => call(Library.Open(id)),
  segments: (id: number, offset: number, limit: number): Promise<SegmentPage> =>
    call(Library.Segments(id, offset, limit)),
  rename: (id: number, title: string): Promise<void> => call(Library.Rename(id, title)),
  remove: (id: number): Promise<void> => call(Library.Delete(id)),
  chooseFiles: (s: ImportSettings): Promise<ImportOutcome[]> => call(Library.ChooseFiles(s)),
  importData: (name: string, base64: string, s: ImportSettings): Promise<ImportOutcome> =>
    call(Library.ImportData(name, base64, s)),
  limits: (): Promise<Limits> => call(Settings.Limits()),
  setLimits: (l: Limits): Promise<void> => call(Settings.SetLimits(l)),
  defaultLimits: (): Promise<Limits> => call(Settings.DefaultLimits()),
  about: (): Promise<About> => call(Settings.About()),
  convert: (id: number, s: ConvertSettings): Promise<number> => call(Queue.Convert(id, s as app.ConvertSettings)),
  chooseOutput: (title: string, format: string): Promise<string> => call(Queue.ChooseOutput(title, format)),
  voices: (): Promise<VoiceOption[]> => call(Queue.Voices()),
  queue: (): Promise<QueueView> => call(Queue.List()),
  pause: (): Promise<void> => call(Queue.Pause()),
  resume: (): Promise<void> => call(Queue.Resume()),
  cancel: (id: number): Promise<void> => call(Queue.Cancel(id)),
  retry: (id: number): Promise<void> => call(Queue.Retry(id)),
  /** Calls fn whenever the queue changes (at most ten times a second); returns the unsubscribe. */
  onQueueChanged: (fn: () => void): (() => void) => EventsOn('queue:changed', fn),
};

export type Api = typeof api;
