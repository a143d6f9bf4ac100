// The one place that talks to the Go side. Components and stores call these
// functions, never window.go, so that tests can replace this module.
import * as Library from '../../wailsjs/go/app/Library';
import * as Settings from '../../wailsjs/go/app/Settings';
import * as Queue from '../../wailsjs/go/app/Queue';
import * as Player from '../../wailsjs/go/app/Player';
import * as Editor from '../../wailsjs/go/app/Editor';
import * as Pronunciation from '../../wailsjs/go/app/Pronunciation';
import * as Sync from '../../wailsjs/go/app/Sync';
import * as DashboardHandler from '../../wailsjs/go/app/Dashboard';
import * as Release from '../../wailsjs/go/app/Release';
import * as Rescue from '../../wailsjs/go/app/Rescue';
import * as VoicesHandler from '../../wailsjs/go/app/Voices';
import * as Cloud from '../../wailsjs/go/app/Cloud';
import { BrowserOpenURL, EventsOn, WindowSetTitle } from '../../wailsjs/runtime/runtime';
import { t, tb } from '../lib/i18n.svelte';
import type { app, audiobook, catalog, document, engines, health, lexicon, library, narration, neural, render, store } from '../../wailsjs/go/models';

export type Document = store.Document;
export type Section = store.Section;
export type DocumentView = catalog.View;
export type DocumentPage = app.DocumentPage;
export type ImportOutcome = app.ImportOutcome;
export type Limits = document.Limits;
export type About = app.About;
export type QueueView = audiobook.QueueView;
export type JobView = audiobook.JobView;
export type VoiceOption = library.VoiceOption;
export type PlayerInfo = app.PlayerInfo;
export type ClipData = app.ClipData;
export type WordMark = app.WordMark;
export type EditorPage = render.EditorPage;
export type EditorSegment = render.EditorSegment;
export type SpeakerInfo = render.SpeakerInfo;
export type Lexicons = app.Lexicons;
export type LexiconEntry = lexicon.Entry;
export type SegmentState = store.SegmentState;
export type Revision = catalog.Revision;
export type SentenceChange = catalog.SentenceChange;
export type NameCount = narration.NameCount;
export type SharedSettings = app.SharedSettings;
export type SharedOverview = library.Overview;
export type NarrationView = library.NarrationView;
export type ShareLinkView = app.ShareLinkView;
export type LibrarySettings = library.Settings;
export type ConnectionCheck = library.Check;
export type SyncReport = library.SyncReport;
export type VoiceStatus = library.VoiceStatus;
export type LexiconConflict = store.LexiconConflict;
export type AuditPage = store.AuditPage;
export type Dashboard = catalog.Dashboard;
export type Preferences = store.Preferences;
export type EngineState = health.Check;
export type Found = catalog.Found;
export type TextChunk = catalog.Chunk;
export type ReleaseCheck = audiobook.ReleaseCheck;
export type ReleaseTarget = app.TargetInfo;
export type RescueState = app.RescueState;
export type RescueBackup = app.RescueBackup;
export type InstalledVoices = engines.Installed;
export type NeuralVoice = neural.Installed;
export type PollyPrefs = store.PollyPrefs;
export type CloudStatus = engines.CloudStatus;
export type Quote = render.Quote;
export type CatalogVoice = engines.CatalogEntry;
export interface VoiceProgress {
  key: string;
  done: number;
  total: number;
}
export interface DroppedFile {
  name: string;
  /** The file's bytes in base64. */
  data: string;
}
export interface DashboardQuery {
  days: number;
  page: number;
  state: '' | 'done' | 'failed' | 'cancelled';
}
export interface AuditQuery {
  action: string;
  days: number;
}

/** What "player:position" carries (app.Position). */
export interface Position {
  document: number;
  ord: number;
  index: number;
  count: number;
  chapter: number;
  offset_ms: number;
  word_start: number;
  word_end: number;
  playing: boolean;
  waiting: boolean;
  speed: number;
  ended: boolean;
  error: string;
}

export interface ConvertSettings {
  voice: string;
  rate: number;
  format: 'wav' | 'flac' | 'mp3' | 'opus' | 'm4b';
  output: string;
  per_chapter: boolean;
  subtitles: boolean;
  subtitle_level: 'sentence' | 'word';
  pauses: { sentence: number; paragraph: number; chapter: number };
  /** Converted by Amazon Polly's tasks into the shared bucket instead of here. */
  remote: boolean;
  /** Levelled for a release target: '' (as synthesised), 'acx' or 'ebu-r128'. */
  normalize: '' | 'acx' | 'ebu-r128';
}

export interface ImportSettings {
  footnotes: 'end' | 'inline' | 'skip';
  code: 'skip' | 'read';
  chapter_level: number;
  /** Import as a separate document even when one of the same title exists. */
  as_new?: boolean;
  /** Opens an encrypted PDF; sent for that one import, never kept. */
  password?: string;
  /** The manuscript's language (BCP 47); '' takes it from the file, else its text. */
  language?: string;
}

export const defaultImportSettings: ImportSettings = { footnotes: 'end', code: 'skip', chapter_level: 0, language: '' };

/** An error from the backend, as app.FormatError shapes it. */
export interface Problem {
  code: string;
  /** In the window's language (the backend's English, translated by its format). */
  message: string;
  format?: string;
  args?: string[] | null;
}

/** Turns whatever a rejected call gave into a Problem a person can read, in the window's language. */
export function toProblem(e: unknown): Problem {
  if (e && typeof e === 'object' && 'message' in e) {
    const o = e as { code?: unknown; message?: unknown; format?: unknown; args?: unknown };
    const format = typeof o.format === 'string' ? o.format : undefined;
    const args = Array.isArray(o.args) ? o.args.map(String) : undefined;
    return { code: typeof o.code === 'string' ? o.code : 'internal', message: tb(String(o.message), format, args), format, args };
  }
  if (typeof e === 'string') {
    try {
      return toProblem(JSON.parse(e));
    } catch {
      return { code: 'internal', message: e };
    }
  }
  return { code: 'internal', message: t('api.wrong') };
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
  /** The HTML of sentences from to to (a chunk of the view), sanitised by the backend. */
  text: (id: number, from: number, to: number): Promise<string> => call(Library.Text(id, from, to)),
  /** The sentences (ords) holding a phrase, in any case: the first thousand, and how many. */
  find: (id: number, phrase: string): Promise<Found> => call(Library.Find(id, phrase)),
  rename: (id: number, title: string): Promise<void> => call(Library.Rename(id, title)),
  remove: (id: number): Promise<void> => call(Library.Delete(id)),
  chooseFiles: (s: ImportSettings): Promise<ImportOutcome[]> => call(Library.ChooseFiles(s as catalog.ImportSettings)),
  importData: (name: string, base64: string, s: ImportSettings): Promise<ImportOutcome> =>
    call(Library.ImportData(name, base64, s as catalog.ImportSettings)),
  importPaths: (paths: string[], s: ImportSettings): Promise<ImportOutcome[]> => call(Library.ImportFiles(paths, s as catalog.ImportSettings)),
  importURL: (address: string, s: ImportSettings): Promise<ImportOutcome> => call(Library.ImportURL(address, s as catalog.ImportSettings)),
  limits: (): Promise<Limits> => call(Settings.Limits()),
  setLimits: (l: Limits): Promise<void> => call(Settings.SetLimits(l)),
  defaultLimits: (): Promise<Limits> => call(Settings.DefaultLimits()),
  about: (): Promise<About> => call(Settings.About()),
  diagnostics: (): Promise<string> => call(Settings.Diagnostics()),
  preferences: (): Promise<Preferences> => call(Settings.Preferences()),
  chooseFolder: (): Promise<string> => call(Settings.ChooseFolder()),
  engines: (): Promise<EngineState[]> => call(Settings.Engines()),
  /** The installed Piper voices, and whether they can speak here (and why not). */
  neuralVoices: (): Promise<InstalledVoices> => call(VoicesHandler.List()),
  /** The file dialog; the voice installed, or null when nothing was picked. */
  chooseVoice: (): Promise<NeuralVoice | null> => call(VoicesHandler.Choose()),
  chooseRuntime: (): Promise<InstalledVoices | null> => call(VoicesHandler.ChooseRuntime()),
  addVoiceFiles: (files: DroppedFile[]): Promise<NeuralVoice> => call(VoicesHandler.AddFiles(files as app.DroppedFile[])),
  removeNeuralVoice: (id: string): Promise<void> => call(VoicesHandler.Remove(id)),
  onVoicesChanged: (fn: () => void): (() => void) => EventsOn('voices:changed', fn),
  addVoicePaths: (paths: string[]): Promise<NeuralVoice> => call(VoicesHandler.AddPaths(paths)),
  /** Files dropped on the real window: the window takes the drop and tells their paths
   * and where they fell (app/window/drop.go). */
  onFilesDropped: (fn: (d: { x: number; y: number; paths: string[] }) => void): (() => void) => EventsOn('files:dropped', fn),
  onFilesOver: (fn: (d: { x: number; y: number }) => void): (() => void) => EventsOn('files:over', fn),
  onFilesLeft: (fn: () => void): (() => void) => EventsOn('files:left', fn),
  /** The voice catalogue chosen in Settings (Preferences.voice_catalog). */
  voiceCatalog: (): Promise<CatalogVoice[]> => call(VoicesHandler.Catalog()),
  /** Downloads and installs a catalogue voice; progress arrives through onVoiceProgress. */
  downloadVoice: (key: string): Promise<NeuralVoice> => call(VoicesHandler.Download(key)),
  cancelVoiceDownload: (key: string): Promise<boolean> => call(VoicesHandler.CancelDownload(key)),
  /** A catalogue voice's recording, base64 (MP3). */
  voiceSample: (key: string): Promise<string> => call(VoicesHandler.Sample(key)),
  onVoiceProgress: (fn: (p: VoiceProgress) => void): (() => void) => EventsOn('voices:progress', fn),
  setPreferences: (p: Preferences): Promise<void> => call(Settings.SetPreferences(p as store.Preferences)),
  releaseTargets: (): Promise<ReleaseTarget[]> => call(Release.Targets()),
  releaseCheck: (job: number, target: string): Promise<ReleaseCheck> => call(Release.Check(job, target)),
  dashboard: (q: DashboardQuery): Promise<Dashboard> => call(DashboardHandler.Read(q as catalog.DashboardQuery)),
  auditLog: (q: AuditQuery, page: number): Promise<AuditPage> => call(Settings.AuditLog(q as catalog.AuditQuery, page)),
  /** Asks where to save the log as CSV; resolves to the path, or "" when cancelled. */
  exportAuditLog: (q: AuditQuery): Promise<string> => call(Settings.ExportAuditLog(q as catalog.AuditQuery)),
  copyDiagnostics: (): Promise<void> => call(Settings.CopyDiagnostics()),
  convert: (id: number, s: ConvertSettings): Promise<number> => call(Queue.Convert(id, s as audiobook.ConvertOptions)),
  chooseOutput: (title: string, format: string): Promise<string> => call(Queue.ChooseOutput(title, format)),
  proposeOutput: (id: number, format: string): Promise<string> => call(Queue.ProposeOutput(id, format)),
  voices: (): Promise<VoiceOption[]> => call(Queue.Voices()),
  /** What converting would synthesise, and what voices billed by the character would cost. */
  quote: (id: number, s: ConvertSettings): Promise<Quote> => call(Queue.Quote(id, s as audiobook.ConvertOptions)),
  /** Amazon Polly's settings, with how many voices it offers now or why none. */
  polly: (): Promise<CloudStatus> => call(Cloud.Polly()),
  setPolly: (p: PollyPrefs): Promise<CloudStatus> => call(Cloud.SetPolly(p as store.PollyPrefs)),
  queue: (): Promise<QueueView> => call(Queue.List()),
  pause: (): Promise<void> => call(Queue.Pause()),
  resume: (): Promise<void> => call(Queue.Resume()),
  cancel: (id: number): Promise<void> => call(Queue.Cancel(id)),
  retry: (id: number): Promise<void> => call(Queue.Retry(id)),
  removeJob: (id: number): Promise<void> => call(Queue.Remove(id)),
  openOutput: (id: number): Promise<void> => call(Queue.Open(id)),
  showInFolder: (id: number): Promise<void> => call(Queue.ShowInFolder(id)),
  /** Calls fn whenever the queue changes (at most ten times a second); returns the unsubscribe. */
  onQueueChanged: (fn: () => void): (() => void) => EventsOn('queue:changed', fn),
  /** Calls fn when documents' listening times were worked out; returns the unsubscribe. */
  onLibraryChanged: (fn: () => void): (() => void) => EventsOn('library:changed', fn),

  openPlayer: (id: number): Promise<PlayerInfo> => call(Player.Open(id)),
  play: (id: number, ord: number, offsetMs: number): Promise<void> => call(Player.Play(id, ord, offsetMs)),
  pausePlayer: (): Promise<void> => call(Player.Pause()),
  resumePlayer: (): Promise<void> => call(Player.Resume()),
  seek: (ord: number, offsetMs: number): Promise<void> => call(Player.Seek(ord, offsetMs)),
  next: (chapter: boolean): Promise<void> => call(Player.Next(chapter)),
  previous: (chapter: boolean): Promise<void> => call(Player.Previous(chapter)),
  setSpeed: (speed: number): Promise<void> => call(Player.SetSpeed(speed)),
  /** The backend player stops at sentence lastOrd's end: back to loopOrd, or paused when it is -1; lastOrd -1 removes it. */
  bound: (lastOrd: number, loopOrd: number): Promise<void> => call(Player.Bound(lastOrd, loopOrd)),
  clip: (id: number, ord: number): Promise<ClipData> => call(Player.Clip(id, ord)),
  /** Keeps the place the window's own player reached; heardMs is the time it played since it last said. */
  remember: (id: number, ord: number, offsetMs: number, heardMs: number): Promise<void> =>
    call(Player.Remember(id, ord, offsetMs, heardMs)),
  /** Calls fn with the native player's position, at most ten times a second. */
  onPosition: (fn: (p: Position) => void): (() => void) => EventsOn('player:position', fn),

  sentences: (id: number, offset: number, limit: number): Promise<EditorPage> => call(Editor.Sentences(id, offset, limit)),
  /** Sets a sentence's state; action names it in Undo: '' (an edit), 'skip' or 'read'. */
  editSentence: (id: number, ord: number, state: SegmentState, action: '' | 'skip' | 'read'): Promise<void> =>
    call(Editor.EditSentence(id, ord, state, action)),
  setChapterVoice: (id: number, section: number, voice: string): Promise<void> => call(Editor.SetChapterVoice(id, section, voice)),
  setSpeakerVoice: (id: number, name: string, voice: string): Promise<void> => call(Editor.SetSpeakerVoice(id, name, voice)),
  /** A pause of ms after the word [start, end) (bytes of the writer's text) of sentence ord, or emphasis on it; again to take it off. */
  markWord: (id: number, ord: number, start: number, end: number, kind: 'pause' | 'emphasis', ms: number): Promise<void> =>
    call(Editor.MarkWord(id, ord, start, end, kind, ms)),
  setDocumentVoice: (id: number, voice: string, rate: number): Promise<void> => call(Editor.SetDocumentVoice(id, voice, rate)),
  undo: (id: number): Promise<string> => call(Editor.Undo(id)),
  redo: (id: number): Promise<string> => call(Editor.Redo(id)),
  renderChanged: (id: number, all: boolean): Promise<void> => call(Editor.RenderChanged(id, all)),
  lexicon: (id: number): Promise<Lexicons> => call(Pronunciation.Lexicon(id)),
  putLexiconEntry: (e: LexiconEntry): Promise<void> => call(Pronunciation.PutLexiconEntry(e)),
  deleteLexiconEntry: (entryId: number): Promise<void> => call(Pronunciation.DeleteLexiconEntry(entryId)),
  names: (id: number): Promise<NameCount[]> => call(Pronunciation.Names(id)),
  /** Speaks a word as the entry says it: on the speaker (played), else the window plays url. */
  audition: (id: number, e: LexiconEntry, voice = ''): Promise<{ url: string; played: boolean }> => call(Pronunciation.Audition(id, e, voice)),
  /** A sentence of the document (ord, from 0) said in a voice (ENGINE:VOICE, '' for the document's). */
  hearVoice: (id: number, ord: number, voice: string): Promise<{ url: string; played: boolean; duration_ms: number }> =>
    call(Pronunciation.HearVoice(id, ord, voice)),
  importLexicon: (id: number): Promise<number> => call(Pronunciation.ImportLexicon(id)),
  exportLexicon: (id: number): Promise<string> => call(Pronunciation.ExportLexicon(id)),
  chooseNewVersion: (): Promise<string> => call(Editor.ChooseNewVersion()),
  fetchAgain: (id: number): Promise<Revision> => call(Editor.FetchAgain(id)),
  /** Opens a web address in the desktop's browser (a webview's target=_blank does not). */
  openInBrowser: (url: string): void => BrowserOpenURL(url),
  /** Names the open document in the window's title (and the taskbar's); '' for none. */
  setWindowTitle: (doc: string): void => {
    const title = doc ? `${doc} — Readback` : 'Readback';
    window.document.title = title;
    WindowSetTitle(title);
  },
  setLanguage: (id: number, tag: string): Promise<string> => call(Editor.SetLanguage(id, tag)),
  newVersionURL: (id: number, address: string): Promise<Revision> => call(Editor.NewVersionURL(id, address)),
  newVersionData: (id: number, name: string, base64: string, password = ''): Promise<Revision> => call(Editor.NewVersionData(id, name, base64, password)),
  newVersionFile: (id: number, path: string, password = ''): Promise<Revision> => call(Editor.NewVersionFile(id, path, password)),
  lastRevision: (id: number): Promise<SentenceChange[]> => call(Editor.LastRevision(id)),
  /** Calls fn with the document's id whenever its narration changed (an edit, a re-render). */
  onEditorChanged: (fn: (id: number) => void): (() => void) => EventsOn('editor:changed', fn),

  sharedSettings: (): Promise<SharedSettings> => call(Sync.Settings()),
  saveSharedSettings: (s: LibrarySettings): Promise<SharedSettings> => call(Sync.SaveSettings(s)),
  testConnection: (): Promise<ConnectionCheck[]> => call(Sync.TestConnection()),
  syncNow: (): Promise<SyncReport> => call(Sync.SyncNow()),
  sharedOverview: (): Promise<SharedOverview> => call(Sync.Overview()),
  installVoice: (id: string): Promise<void> => call(Sync.InstallVoice(id)),
  removeVoice: (id: string): Promise<void> => call(Sync.RemoveVoice(id)),
  /** Asks for a voice folder and publishes it; resolves to its id, or "" when cancelled. */
  publishVoice: (): Promise<string> => call(Sync.PublishVoice()),
  publishNarration: (documentId: number, id: string, format: string): Promise<unknown> =>
    call(Sync.PublishNarration(documentId, id, format)),
  shareLink: (id: string, hours: number): Promise<ShareLinkView> => call(Sync.ShareLink(id, hours)),
  cancelTransfer: (): Promise<void> => call(Sync.CancelTransfer()),
  /** Asks where to save a narration and downloads it; resolves to the path, or "" when cancelled. */
  downloadNarration: (id: string): Promise<string> => call(Sync.DownloadNarration(id)),
  /** Calls fn when a sync ended or the shared library changed. */
  onSharedChanged: (fn: () => void): (() => void) => EventsOn('shared:changed', fn),
  /** Calls fn with a transfer's progress (an install), at most ten times a second. */
  onSharedProgress: (fn: (p: { key: string; done: number; total: number }) => void): (() => void) => EventsOn('shared:progress', fn),
};

export type Api = typeof api;

/**
 * When the library failed its check on opening, the window is its rescue: only
 * Rescue is bound (nothing else could write into the damaged database).
 */
export function rescueMode(): boolean {
  const go = (window as unknown as { go?: { app?: Record<string, unknown> } }).go;
  return !!go?.app?.Rescue && !go.app.Library;
}

export const rescueApi = {
  state: (): Promise<RescueState> => call(Rescue.State()),
  /** Brings back the backup named; returns the name the damaged database was kept under. */
  restore: (name: string): Promise<string> => call(Rescue.Restore(name)),
  quit: (): Promise<void> => call(Rescue.Quit()),
};

export type RescueApi = typeof rescueApi;
