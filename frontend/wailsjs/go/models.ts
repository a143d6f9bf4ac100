export namespace app {
	
	export class About {
	    version: string;
	    data_dir: string;
	    audiobooks: string;
	
	    static createFrom(source: any = {}) {
	        return new About(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.data_dir = source["data_dir"];
	        this.audiobooks = source["audiobooks"];
	    }
	}
	export class AuditionView {
	    url: string;
	    played: boolean;
	    duration_ms: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditionView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.played = source["played"];
	        this.duration_ms = source["duration_ms"];
	    }
	}
	export class WordMark {
	    start_ms: number;
	    end_ms: number;
	    start: number;
	    end: number;
	
	    static createFrom(source: any = {}) {
	        return new WordMark(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start_ms = source["start_ms"];
	        this.end_ms = source["end_ms"];
	        this.start = source["start"];
	        this.end = source["end"];
	    }
	}
	export class ClipData {
	    ord: number;
	    url: string;
	    duration_ms: number;
	    pause_ms: number;
	    marks: WordMark[];
	
	    static createFrom(source: any = {}) {
	        return new ClipData(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ord = source["ord"];
	        this.url = source["url"];
	        this.duration_ms = source["duration_ms"];
	        this.pause_ms = source["pause_ms"];
	        this.marks = this.convertValues(source["marks"], WordMark);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DocumentPage {
	    items: store.Document[];
	    total: number;
	    page: number;
	    per_page: number;
	    ms_per_word: number;
	
	    static createFrom(source: any = {}) {
	        return new DocumentPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], store.Document);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.per_page = source["per_page"];
	        this.ms_per_word = source["ms_per_word"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DroppedFile {
	    name: string;
	    data: string;
	
	    static createFrom(source: any = {}) {
	        return new DroppedFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.data = source["data"];
	    }
	}
	export class Problem {
	    code: string;
	    message: string;
	    format?: string;
	    args?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Problem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	        this.format = source["format"];
	        this.args = source["args"];
	    }
	}
	export class ImportOutcome {
	    file: string;
	    result?: catalog.Result;
	    problem?: Problem;
	
	    static createFrom(source: any = {}) {
	        return new ImportOutcome(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.result = this.convertValues(source["result"], catalog.Result);
	        this.problem = this.convertValues(source["problem"], Problem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Lexicons {
	    document: lexicon.Entry[];
	    global: lexicon.Entry[];
	
	    static createFrom(source: any = {}) {
	        return new Lexicons(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.document = this.convertValues(source["document"], lexicon.Entry);
	        this.global = this.convertValues(source["global"], lexicon.Entry);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PlayerInfo {
	    device: boolean;
	    device_error: string;
	    position: store.Position;
	    clips: listening.Clip[];
	    chapters: string[];
	
	    static createFrom(source: any = {}) {
	        return new PlayerInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.device = source["device"];
	        this.device_error = source["device_error"];
	        this.position = this.convertValues(source["position"], store.Position);
	        this.clips = this.convertValues(source["clips"], listening.Clip);
	        this.chapters = source["chapters"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class RescueBackup {
	    name: string;
	    taken: string;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new RescueBackup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.taken = source["taken"];
	        this.size = source["size"];
	    }
	}
	export class RescueState {
	    database: string;
	    problem: string;
	    backups: RescueBackup[];
	
	    static createFrom(source: any = {}) {
	        return new RescueState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.database = source["database"];
	        this.problem = source["problem"];
	        this.backups = this.convertValues(source["backups"], RescueBackup);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ShareLinkView {
	    url: string;
	    until: number;
	
	    static createFrom(source: any = {}) {
	        return new ShareLinkView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.until = source["until"];
	    }
	}
	export class SharedSettings {
	    settings: library.Settings;
	    configured: boolean;
	    status: library.Status;
	
	    static createFrom(source: any = {}) {
	        return new SharedSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.settings = this.convertValues(source["settings"], library.Settings);
	        this.configured = source["configured"];
	        this.status = this.convertValues(source["status"], library.Status);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TargetInfo {
	    id: string;
	    name: string;
	    source: string;
	
	    static createFrom(source: any = {}) {
	        return new TargetInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.source = source["source"];
	    }
	}

}

export namespace audio {
	
	export class Chapter {
	    Title: string;
	    StartMs: number;
	    EndMs: number;
	
	    static createFrom(source: any = {}) {
	        return new Chapter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Title = source["Title"];
	        this.StartMs = source["StartMs"];
	        this.EndMs = source["EndMs"];
	    }
	}
	export class Finding {
	    check: string;
	    ok: boolean;
	    got: number;
	    says: string;
	    format?: string;
	    args?: string[];
	    at_seconds?: number[];
	
	    static createFrom(source: any = {}) {
	        return new Finding(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.check = source["check"];
	        this.ok = source["ok"];
	        this.got = source["got"];
	        this.says = source["says"];
	        this.format = source["format"];
	        this.args = source["args"];
	        this.at_seconds = source["at_seconds"];
	    }
	}
	export class Measurement {
	    seconds: number;
	    integrated_lufs: number;
	    true_peak_dbtp: number;
	    sample_peak_dbfs: number;
	    rms_dbfs: number;
	    noise_floor_dbfs: number;
	    longest_silence_seconds: number;
	    clipped_samples: number;
	    peak_at_seconds: number;
	    true_peak_at_seconds: number;
	    longest_silence_at_seconds: number;
	    clips_at_seconds?: number[];
	
	    static createFrom(source: any = {}) {
	        return new Measurement(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seconds = source["seconds"];
	        this.integrated_lufs = source["integrated_lufs"];
	        this.true_peak_dbtp = source["true_peak_dbtp"];
	        this.sample_peak_dbfs = source["sample_peak_dbfs"];
	        this.rms_dbfs = source["rms_dbfs"];
	        this.noise_floor_dbfs = source["noise_floor_dbfs"];
	        this.longest_silence_seconds = source["longest_silence_seconds"];
	        this.clipped_samples = source["clipped_samples"];
	        this.peak_at_seconds = source["peak_at_seconds"];
	        this.true_peak_at_seconds = source["true_peak_at_seconds"];
	        this.longest_silence_at_seconds = source["longest_silence_at_seconds"];
	        this.clips_at_seconds = source["clips_at_seconds"];
	    }
	}
	export class CheckedPart {
	    title: string;
	    start_seconds: number;
	    measurement: Measurement;
	    findings: Finding[];
	    ok: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CheckedPart(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.start_seconds = source["start_seconds"];
	        this.measurement = this.convertValues(source["measurement"], Measurement);
	        this.findings = this.convertValues(source["findings"], Finding);
	        this.ok = source["ok"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class Report {
	    file: string;
	    target: string;
	    source: string;
	    book: CheckedPart;
	    chapters: CheckedPart[];
	    ok: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.target = source["target"];
	        this.source = source["source"];
	        this.book = this.convertValues(source["book"], CheckedPart);
	        this.chapters = this.convertValues(source["chapters"], CheckedPart);
	        this.ok = source["ok"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace audiobook {
	
	export class ConvertOptions {
	    voice: string;
	    rate: number;
	    format: string;
	    output: string;
	    per_chapter: boolean;
	    subtitles: boolean;
	    subtitle_level: string;
	    pauses?: render.Pauses;
	    remote: boolean;
	    normalize: string;
	
	    static createFrom(source: any = {}) {
	        return new ConvertOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.voice = source["voice"];
	        this.rate = source["rate"];
	        this.format = source["format"];
	        this.output = source["output"];
	        this.per_chapter = source["per_chapter"];
	        this.subtitles = source["subtitles"];
	        this.subtitle_level = source["subtitle_level"];
	        this.pauses = this.convertValues(source["pauses"], render.Pauses);
	        this.remote = source["remote"];
	        this.normalize = source["normalize"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConvertResult {
	    output: string;
	    files: string[];
	    segments: number;
	    synthesized: number;
	    reused: number;
	    fetched: number;
	    recovered?: number;
	    chapters?: audio.Chapter[];
	    voices: render.ChapterVoices[];
	    engine?: string;
	    notes?: string[];
	    remote_tasks?: number;
	    cloud_engine?: string;
	    cloud_characters?: number;
	    failures: render.Failure[];
	    audio_seconds: number;
	    up_to_date: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ConvertResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.output = source["output"];
	        this.files = source["files"];
	        this.segments = source["segments"];
	        this.synthesized = source["synthesized"];
	        this.reused = source["reused"];
	        this.fetched = source["fetched"];
	        this.recovered = source["recovered"];
	        this.chapters = this.convertValues(source["chapters"], audio.Chapter);
	        this.voices = this.convertValues(source["voices"], render.ChapterVoices);
	        this.engine = source["engine"];
	        this.notes = source["notes"];
	        this.remote_tasks = source["remote_tasks"];
	        this.cloud_engine = source["cloud_engine"];
	        this.cloud_characters = source["cloud_characters"];
	        this.failures = this.convertValues(source["failures"], render.Failure);
	        this.audio_seconds = source["audio_seconds"];
	        this.up_to_date = source["up_to_date"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Fix {
	    part: string;
	    check: string;
	    says: string;
	    format?: string;
	    args?: string[];
	    at_seconds: number;
	    ord: number;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Fix(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.part = source["part"];
	        this.check = source["check"];
	        this.says = source["says"];
	        this.format = source["format"];
	        this.args = source["args"];
	        this.at_seconds = source["at_seconds"];
	        this.ord = source["ord"];
	        this.text = source["text"];
	    }
	}
	export class JobView {
	    id: number;
	    document_id: number;
	    title: string;
	    output: string;
	    state: string;
	    stage: string;
	    done: number;
	    total: number;
	    eta_seconds: number;
	    attempt: number;
	    max_attempts: number;
	    // Go type: time
	    next_attempt?: any;
	    last_error: string;
	    result?: ConvertResult;
	
	    static createFrom(source: any = {}) {
	        return new JobView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.document_id = source["document_id"];
	        this.title = source["title"];
	        this.output = source["output"];
	        this.state = source["state"];
	        this.stage = source["stage"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.eta_seconds = source["eta_seconds"];
	        this.attempt = source["attempt"];
	        this.max_attempts = source["max_attempts"];
	        this.next_attempt = this.convertValues(source["next_attempt"], null);
	        this.last_error = source["last_error"];
	        this.result = this.convertValues(source["result"], ConvertResult);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class QueueView {
	    paused: boolean;
	    resumed: number;
	    jobs: JobView[];
	    done: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new QueueView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.paused = source["paused"];
	        this.resumed = source["resumed"];
	        this.jobs = this.convertValues(source["jobs"], JobView);
	        this.done = source["done"];
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReleaseCheck {
	    document_id: number;
	    report?: audio.Report;
	    fixes: Fix[];
	    current: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ReleaseCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.document_id = source["document_id"];
	        this.report = this.convertValues(source["report"], audio.Report);
	        this.fixes = this.convertValues(source["fixes"], Fix);
	        this.current = source["current"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace catalog {
	
	export class AuditQuery {
	    action: string;
	    days: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.action = source["action"];
	        this.days = source["days"];
	    }
	}
	export class Chunk {
	    first: number;
	    last: number;
	    section: number;
	    chars: number;
	
	    static createFrom(source: any = {}) {
	        return new Chunk(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.first = source["first"];
	        this.last = source["last"];
	        this.section = source["section"];
	        this.chars = source["chars"];
	    }
	}
	export class CloudCost {
	    engine: string;
	    characters: number;
	    tasks: number;
	    cost: number;
	
	    static createFrom(source: any = {}) {
	        return new CloudCost(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.engine = source["engine"];
	        this.characters = source["characters"];
	        this.tasks = source["tasks"];
	        this.cost = source["cost"];
	    }
	}
	export class EngineRate {
	    engine: string;
	    conversions: number;
	    audio_ms: number;
	    work_ms: number;
	    realtime: number;
	
	    static createFrom(source: any = {}) {
	        return new EngineRate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.engine = source["engine"];
	        this.conversions = source["conversions"];
	        this.audio_ms = source["audio_ms"];
	        this.work_ms = source["work_ms"];
	        this.realtime = source["realtime"];
	    }
	}
	export class Dashboard {
	    days: number;
	    note: string;
	    from: number;
	    to: number;
	    totals: store.ActivityTotals;
	    daily: store.DayActivity[];
	    states: store.Count[];
	    failures: store.Count[];
	    engines: EngineRate[];
	    cloud: CloudCost[];
	    cloud_cost: number;
	    conversions?: store.ConversionPage;
	    page: number;
	    per_page: number;
	
	    static createFrom(source: any = {}) {
	        return new Dashboard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.days = source["days"];
	        this.note = source["note"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.totals = this.convertValues(source["totals"], store.ActivityTotals);
	        this.daily = this.convertValues(source["daily"], store.DayActivity);
	        this.states = this.convertValues(source["states"], store.Count);
	        this.failures = this.convertValues(source["failures"], store.Count);
	        this.engines = this.convertValues(source["engines"], EngineRate);
	        this.cloud = this.convertValues(source["cloud"], CloudCost);
	        this.cloud_cost = source["cloud_cost"];
	        this.conversions = this.convertValues(source["conversions"], store.ConversionPage);
	        this.page = source["page"];
	        this.per_page = source["per_page"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DashboardQuery {
	    days: number;
	    page: number;
	    state: string;
	
	    static createFrom(source: any = {}) {
	        return new DashboardQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.days = source["days"];
	        this.page = source["page"];
	        this.state = source["state"];
	    }
	}
	
	export class Found {
	    ords: number[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new Found(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ords = source["ords"];
	        this.total = source["total"];
	    }
	}
	export class ImportSettings {
	    footnotes: string;
	    code: string;
	    chapter_level: number;
	    as_new: boolean;
	    language?: string;
	    password?: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.footnotes = source["footnotes"];
	        this.code = source["code"];
	        this.chapter_level = source["chapter_level"];
	        this.as_new = source["as_new"];
	        this.language = source["language"];
	        this.password = source["password"];
	    }
	}
	export class Result {
	    file: string;
	    id: number;
	    title: string;
	    format: string;
	    words: number;
	    sections: number;
	    segments: number;
	    duplicate: boolean;
	    version_of?: number;
	    notes?: document.Note[];
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.id = source["id"];
	        this.title = source["title"];
	        this.format = source["format"];
	        this.words = source["words"];
	        this.sections = source["sections"];
	        this.segments = source["segments"];
	        this.duplicate = source["duplicate"];
	        this.version_of = source["version_of"];
	        this.notes = this.convertValues(source["notes"], document.Note);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SentenceChange {
	    kind: string;
	    old_ord: number;
	    new_ord: number;
	    old?: string;
	    new?: string;
	
	    static createFrom(source: any = {}) {
	        return new SentenceChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.old_ord = source["old_ord"];
	        this.new_ord = source["new_ord"];
	        this.old = source["old"];
	        this.new = source["new"];
	    }
	}
	export class Revision {
	    file: string;
	    id: number;
	    title: string;
	    format: string;
	    words: number;
	    sections: number;
	    segments: number;
	    duplicate: boolean;
	    version_of?: number;
	    notes?: document.Note[];
	    added: number;
	    removed: number;
	    changed: number;
	    unchanged: number;
	    changes: SentenceChange[];
	
	    static createFrom(source: any = {}) {
	        return new Revision(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.id = source["id"];
	        this.title = source["title"];
	        this.format = source["format"];
	        this.words = source["words"];
	        this.sections = source["sections"];
	        this.segments = source["segments"];
	        this.duplicate = source["duplicate"];
	        this.version_of = source["version_of"];
	        this.notes = this.convertValues(source["notes"], document.Note);
	        this.added = source["added"];
	        this.removed = source["removed"];
	        this.changed = source["changed"];
	        this.unchanged = source["unchanged"];
	        this.changes = this.convertValues(source["changes"], SentenceChange);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class View {
	    document: store.Document;
	    sections: store.Section[];
	    chunks: Chunk[];
	    voiceless: boolean;
	    ms_per_word: number;
	
	    static createFrom(source: any = {}) {
	        return new View(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.document = this.convertValues(source["document"], store.Document);
	        this.sections = this.convertValues(source["sections"], store.Section);
	        this.chunks = this.convertValues(source["chunks"], Chunk);
	        this.voiceless = source["voiceless"];
	        this.ms_per_word = source["ms_per_word"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace document {
	
	export class Limits {
	    max_file_bytes: number;
	    max_expanded_bytes: number;
	    max_zip_entries: number;
	    max_xml_depth: number;
	    fetch_private_addresses: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Limits(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.max_file_bytes = source["max_file_bytes"];
	        this.max_expanded_bytes = source["max_expanded_bytes"];
	        this.max_zip_entries = source["max_zip_entries"];
	        this.max_xml_depth = source["max_xml_depth"];
	        this.fetch_private_addresses = source["fetch_private_addresses"];
	    }
	}
	export class Note {
	    message: string;
	    format: string;
	    args?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Note(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.message = source["message"];
	        this.format = source["format"];
	        this.args = source["args"];
	    }
	}

}

export namespace engines {
	
	export class CatalogEntry {
	    key: string;
	    name: string;
	    language: piper.CatalogLanguage;
	    quality: string;
	    num_speakers: number;
	    bytes: number;
	    sample: boolean;
	    installed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CatalogEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = source["name"];
	        this.language = this.convertValues(source["language"], piper.CatalogLanguage);
	        this.quality = source["quality"];
	        this.num_speakers = source["num_speakers"];
	        this.bytes = source["bytes"];
	        this.sample = source["sample"];
	        this.installed = source["installed"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CloudStatus {
	    on: boolean;
	    region: string;
	    profile: string;
	    endpoint: string;
	    monthly_characters: number;
	    requests_per_second: number;
	    voices: number;
	    problem: string;
	
	    static createFrom(source: any = {}) {
	        return new CloudStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.region = source["region"];
	        this.profile = source["profile"];
	        this.endpoint = source["endpoint"];
	        this.monthly_characters = source["monthly_characters"];
	        this.requests_per_second = source["requests_per_second"];
	        this.voices = source["voices"];
	        this.problem = source["problem"];
	    }
	}
	export class Installed {
	    available: boolean;
	    reason?: string;
	    runtime?: string;
	    voices: neural.Installed[];
	    kokoro?: string;
	
	    static createFrom(source: any = {}) {
	        return new Installed(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.available = source["available"];
	        this.reason = source["reason"];
	        this.runtime = source["runtime"];
	        this.voices = this.convertValues(source["voices"], neural.Installed);
	        this.kokoro = source["kokoro"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace health {
	
	export class Check {
	    name: string;
	    ok: boolean;
	    detail: string;
	    format: string;
	    args: string[];
	
	    static createFrom(source: any = {}) {
	        return new Check(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.ok = source["ok"];
	        this.detail = source["detail"];
	        this.format = source["format"];
	        this.args = source["args"];
	    }
	}

}

export namespace lexicon {
	
	export class Entry {
	    id: number;
	    document_id: number;
	    word: string;
	    match_case: boolean;
	    whole_word: boolean;
	    say: string;
	    phonemes: string;
	    ipa: string;
	
	    static createFrom(source: any = {}) {
	        return new Entry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.document_id = source["document_id"];
	        this.word = source["word"];
	        this.match_case = source["match_case"];
	        this.whole_word = source["whole_word"];
	        this.say = source["say"];
	        this.phonemes = source["phonemes"];
	        this.ipa = source["ipa"];
	    }
	}

}

export namespace library {
	
	export class Check {
	    name: string;
	    ok: boolean;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new Check(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.ok = source["ok"];
	        this.detail = source["detail"];
	    }
	}
	export class LexiconReport {
	    pulled: string[];
	    pushed: string[];
	    conflicts: store.LexiconConflict[];
	    lost: store.LexiconConflict[];
	
	    static createFrom(source: any = {}) {
	        return new LexiconReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pulled = source["pulled"];
	        this.pushed = source["pushed"];
	        this.conflicts = this.convertValues(source["conflicts"], store.LexiconConflict);
	        this.lost = this.convertValues(source["lost"], store.LexiconConflict);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NarrationChapter {
	    title: string;
	    start_ms: number;
	
	    static createFrom(source: any = {}) {
	        return new NarrationChapter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.start_ms = source["start_ms"];
	    }
	}
	export class VoiceFile {
	    name: string;
	    sha256: string;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new VoiceFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.sha256 = source["sha256"];
	        this.size = source["size"];
	    }
	}
	export class NarrationManifest {
	    format: string;
	    id: string;
	    title: string;
	    writer?: string;
	    voice: string;
	    duration_ms: number;
	    chapters: NarrationChapter[];
	    source_sha256: string;
	    audio: VoiceFile;
	    audio_format: string;
	    published_by: string;
	    published_at: number;
	
	    static createFrom(source: any = {}) {
	        return new NarrationManifest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.format = source["format"];
	        this.id = source["id"];
	        this.title = source["title"];
	        this.writer = source["writer"];
	        this.voice = source["voice"];
	        this.duration_ms = source["duration_ms"];
	        this.chapters = this.convertValues(source["chapters"], NarrationChapter);
	        this.source_sha256 = source["source_sha256"];
	        this.audio = this.convertValues(source["audio"], VoiceFile);
	        this.audio_format = source["audio_format"];
	        this.published_by = source["published_by"];
	        this.published_at = source["published_at"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NarrationView {
	    id: string;
	    title: string;
	    voice: string;
	    duration_ms: number;
	    author: string;
	    published_at: number;
	    mine: boolean;
	
	    static createFrom(source: any = {}) {
	        return new NarrationView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.voice = source["voice"];
	        this.duration_ms = source["duration_ms"];
	        this.author = source["author"];
	        this.published_at = source["published_at"];
	        this.mine = source["mine"];
	    }
	}
	export class VoiceStatus {
	    id: string;
	    name: string;
	    engine: string;
	    language: string;
	    licence: string;
	    remote: number;
	    local: number;
	    state: string;
	
	    static createFrom(source: any = {}) {
	        return new VoiceStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.engine = source["engine"];
	        this.language = source["language"];
	        this.licence = source["licence"];
	        this.remote = source["remote"];
	        this.local = source["local"];
	        this.state = source["state"];
	    }
	}
	export class Status {
	    last_attempt_at: number;
	    last_ok_at: number;
	    error?: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.last_attempt_at = source["last_attempt_at"];
	        this.last_ok_at = source["last_ok_at"];
	        this.error = source["error"];
	    }
	}
	export class S3Config {
	    endpoint: string;
	    region: string;
	    bucket: string;
	    prefix: string;
	    path_style: boolean;
	    profile: string;
	
	    static createFrom(source: any = {}) {
	        return new S3Config(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.endpoint = source["endpoint"];
	        this.region = source["region"];
	        this.bucket = source["bucket"];
	        this.prefix = source["prefix"];
	        this.path_style = source["path_style"];
	        this.profile = source["profile"];
	    }
	}
	export class Settings {
	    s3: S3Config;
	    share_renditions: boolean;
	    author: string;
	    polly?: polly.Config;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.s3 = this.convertValues(source["s3"], S3Config);
	        this.share_renditions = source["share_renditions"];
	        this.author = source["author"];
	        this.polly = this.convertValues(source["polly"], polly.Config);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Overview {
	    configured: boolean;
	    settings: Settings;
	    status: Status;
	    voices: VoiceStatus[];
	    narrations: NarrationView[];
	    lexicon: number;
	    conflicts: store.LexiconConflict[];
	    packs: number;
	    remote: number;
	    unshared: number;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new Overview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.settings = this.convertValues(source["settings"], Settings);
	        this.status = this.convertValues(source["status"], Status);
	        this.voices = this.convertValues(source["voices"], VoiceStatus);
	        this.narrations = this.convertValues(source["narrations"], NarrationView);
	        this.lexicon = source["lexicon"];
	        this.conflicts = this.convertValues(source["conflicts"], store.LexiconConflict);
	        this.packs = source["packs"];
	        this.remote = source["remote"];
	        this.unshared = source["unshared"];
	        this.error = source["error"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PresetPauses {
	    sentence: number;
	    paragraph: number;
	    chapter: number;
	
	    static createFrom(source: any = {}) {
	        return new PresetPauses(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sentence = source["sentence"];
	        this.paragraph = source["paragraph"];
	        this.chapter = source["chapter"];
	    }
	}
	export class PublishReport {
	    renditions: number;
	    packs: number;
	    bytes: number;
	
	    static createFrom(source: any = {}) {
	        return new PublishReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.renditions = source["renditions"];
	        this.packs = source["packs"];
	        this.bytes = source["bytes"];
	    }
	}
	
	
	
	export class SyncReport {
	    dry_run: boolean;
	    lexicon?: LexiconReport;
	    renditions?: PublishReport;
	    new_packs: number;
	    updates: VoiceStatus[];
	
	    static createFrom(source: any = {}) {
	        return new SyncReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dry_run = source["dry_run"];
	        this.lexicon = this.convertValues(source["lexicon"], LexiconReport);
	        this.renditions = this.convertValues(source["renditions"], PublishReport);
	        this.new_packs = source["new_packs"];
	        this.updates = this.convertValues(source["updates"], VoiceStatus);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class VoicePreset {
	    engine: string;
	    voice: string;
	    rate?: number;
	    pitch?: number;
	    pauses?: PresetPauses;
	    lexicon?: store.LexiconVersion[];
	
	    static createFrom(source: any = {}) {
	        return new VoicePreset(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.engine = source["engine"];
	        this.voice = source["voice"];
	        this.rate = source["rate"];
	        this.pitch = source["pitch"];
	        this.pauses = this.convertValues(source["pauses"], PresetPauses);
	        this.lexicon = this.convertValues(source["lexicon"], store.LexiconVersion);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class VoiceManifest {
	    format: string;
	    id: string;
	    name: string;
	    engine: string;
	    language: string;
	    licence: string;
	    version: number;
	    files: VoiceFile[];
	    preset?: VoicePreset;
	    author: string;
	    published_at: number;
	
	    static createFrom(source: any = {}) {
	        return new VoiceManifest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.format = source["format"];
	        this.id = source["id"];
	        this.name = source["name"];
	        this.engine = source["engine"];
	        this.language = source["language"];
	        this.licence = source["licence"];
	        this.version = source["version"];
	        this.files = this.convertValues(source["files"], VoiceFile);
	        this.preset = this.convertValues(source["preset"], VoicePreset);
	        this.author = source["author"];
	        this.published_at = source["published_at"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class VoiceOption {
	    id: string;
	    name: string;
	    language: string;
	    engine: string;
	    price_per_million?: number;
	    quality?: string;
	    grade?: string;
	    sample_rate?: number;
	
	    static createFrom(source: any = {}) {
	        return new VoiceOption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.language = source["language"];
	        this.engine = source["engine"];
	        this.price_per_million = source["price_per_million"];
	        this.quality = source["quality"];
	        this.grade = source["grade"];
	        this.sample_rate = source["sample_rate"];
	    }
	}
	

}

export namespace listening {
	
	export class Clip {
	    ord: number;
	    chapter: number;
	    pause_ms: number;
	    duration_ms: number;
	    estimated: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Clip(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ord = source["ord"];
	        this.chapter = source["chapter"];
	        this.pause_ms = source["pause_ms"];
	        this.duration_ms = source["duration_ms"];
	        this.estimated = source["estimated"];
	    }
	}

}

export namespace narration {
	
	export class NameCount {
	    word: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new NameCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.word = source["word"];
	        this.count = source["count"];
	    }
	}

}

export namespace neural {
	
	export class Installed {
	    engine?: string;
	    id: string;
	    language: string;
	    quality?: string;
	    dataset?: string;
	    sample_rate: number;
	    speakers?: string[];
	    sha256: string;
	    config_sha256?: string;
	    bytes: number;
	    licence?: string;
	    inputs?: string[];
	    outputs?: string[];
	    // Go type: time
	    installed_at: any;
	
	    static createFrom(source: any = {}) {
	        return new Installed(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.engine = source["engine"];
	        this.id = source["id"];
	        this.language = source["language"];
	        this.quality = source["quality"];
	        this.dataset = source["dataset"];
	        this.sample_rate = source["sample_rate"];
	        this.speakers = source["speakers"];
	        this.sha256 = source["sha256"];
	        this.config_sha256 = source["config_sha256"];
	        this.bytes = source["bytes"];
	        this.licence = source["licence"];
	        this.inputs = source["inputs"];
	        this.outputs = source["outputs"];
	        this.installed_at = this.convertValues(source["installed_at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace piper {
	
	export class CatalogLanguage {
	    code: string;
	    family: string;
	    region: string;
	    name_native: string;
	    name_english: string;
	    country_english: string;
	
	    static createFrom(source: any = {}) {
	        return new CatalogLanguage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.family = source["family"];
	        this.region = source["region"];
	        this.name_native = source["name_native"];
	        this.name_english = source["name_english"];
	        this.country_english = source["country_english"];
	    }
	}

}

export namespace polly {
	
	export class Config {
	    endpoint: string;
	    region: string;
	    profile: string;
	    voice: string;
	    engine: string;
	    max_characters: number;
	
	    static createFrom(source: any = {}) {
	        return new Config(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.endpoint = source["endpoint"];
	        this.region = source["region"];
	        this.profile = source["profile"];
	        this.voice = source["voice"];
	        this.engine = source["engine"];
	        this.max_characters = source["max_characters"];
	    }
	}

}

export namespace render {
	
	export class BilledWork {
	    engine: string;
	    tier: string;
	    sentences: number;
	    characters: number;
	    price: number;
	    budget_left: number;
	
	    static createFrom(source: any = {}) {
	        return new BilledWork(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.engine = source["engine"];
	        this.tier = source["tier"];
	        this.sentences = source["sentences"];
	        this.characters = source["characters"];
	        this.price = source["price"];
	        this.budget_left = source["budget_left"];
	    }
	}
	export class ChapterVoices {
	    chapter: number;
	    title: string;
	    voices: string[];
	
	    static createFrom(source: any = {}) {
	        return new ChapterVoices(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chapter = source["chapter"];
	        this.title = source["title"];
	        this.voices = source["voices"];
	    }
	}
	export class SpeakerInfo {
	    name: string;
	    voice: string;
	    paragraphs: number;
	
	    static createFrom(source: any = {}) {
	        return new SpeakerInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.voice = source["voice"];
	        this.paragraphs = source["paragraphs"];
	    }
	}
	export class EditorSegment {
	    ord: number;
	    kind: string;
	    chapter: number;
	    source_text: string;
	    spoken_text: string;
	    narrated: string;
	    state: string;
	    voice: string;
	    speaker: string;
	    edit: store.SegmentState;
	
	    static createFrom(source: any = {}) {
	        return new EditorSegment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ord = source["ord"];
	        this.kind = source["kind"];
	        this.chapter = source["chapter"];
	        this.source_text = source["source_text"];
	        this.spoken_text = source["spoken_text"];
	        this.narrated = source["narrated"];
	        this.state = source["state"];
	        this.voice = source["voice"];
	        this.speaker = source["speaker"];
	        this.edit = this.convertValues(source["edit"], store.SegmentState);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EditorPage {
	    items: EditorSegment[];
	    total: number;
	    offset: number;
	    stale: number;
	    missing: number;
	    undo: string;
	    redo: string;
	    voice: string;
	    rate: number;
	    speakers: SpeakerInfo[];
	    sections: store.Section[];
	
	    static createFrom(source: any = {}) {
	        return new EditorPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], EditorSegment);
	        this.total = source["total"];
	        this.offset = source["offset"];
	        this.stale = source["stale"];
	        this.missing = source["missing"];
	        this.undo = source["undo"];
	        this.redo = source["redo"];
	        this.voice = source["voice"];
	        this.rate = source["rate"];
	        this.speakers = this.convertValues(source["speakers"], SpeakerInfo);
	        this.sections = this.convertValues(source["sections"], store.Section);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Failure {
	    ord: number;
	    text: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new Failure(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ord = source["ord"];
	        this.text = source["text"];
	        this.reason = source["reason"];
	    }
	}
	export class Pauses {
	    sentence: number;
	    paragraph: number;
	    chapter: number;
	
	    static createFrom(source: any = {}) {
	        return new Pauses(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sentence = source["sentence"];
	        this.paragraph = source["paragraph"];
	        this.chapter = source["chapter"];
	    }
	}
	export class VoiceShare {
	    voice: string;
	    sentences: number;
	
	    static createFrom(source: any = {}) {
	        return new VoiceShare(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.voice = source["voice"];
	        this.sentences = source["sentences"];
	    }
	}
	export class Quote {
	    sentences: number;
	    missing: number;
	    billed: BilledWork[];
	    price: number;
	    voices: VoiceShare[];
	
	    static createFrom(source: any = {}) {
	        return new Quote(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sentences = source["sentences"];
	        this.missing = source["missing"];
	        this.billed = this.convertValues(source["billed"], BilledWork);
	        this.price = source["price"];
	        this.voices = this.convertValues(source["voices"], VoiceShare);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	

}

export namespace store {
	
	export class ActivityTotals {
	    imported: number;
	    conversions: number;
	    narrated_ms: number;
	    listened_ms: number;
	
	    static createFrom(source: any = {}) {
	        return new ActivityTotals(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.imported = source["imported"];
	        this.conversions = source["conversions"];
	        this.narrated_ms = source["narrated_ms"];
	        this.listened_ms = source["listened_ms"];
	    }
	}
	export class AuditEvent {
	    id: number;
	    at: number;
	    action: string;
	    subject: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.action = source["action"];
	        this.subject = source["subject"];
	        this.detail = source["detail"];
	    }
	}
	export class AuditPage {
	    events: AuditEvent[];
	    total: number;
	    actions: string[];
	
	    static createFrom(source: any = {}) {
	        return new AuditPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.events = this.convertValues(source["events"], AuditEvent);
	        this.total = source["total"];
	        this.actions = source["actions"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LoggedConversion {
	    id: number;
	    job_id: number;
	    document_id: number;
	    title: string;
	    engine: string;
	    state: string;
	    cause: string;
	    error: string;
	    audio_ms: number;
	    started_at: number;
	    finished_at: number;
	
	    static createFrom(source: any = {}) {
	        return new LoggedConversion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.job_id = source["job_id"];
	        this.document_id = source["document_id"];
	        this.title = source["title"];
	        this.engine = source["engine"];
	        this.state = source["state"];
	        this.cause = source["cause"];
	        this.error = source["error"];
	        this.audio_ms = source["audio_ms"];
	        this.started_at = source["started_at"];
	        this.finished_at = source["finished_at"];
	    }
	}
	export class ConversionPage {
	    conversions: LoggedConversion[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new ConversionPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversions = this.convertValues(source["conversions"], LoggedConversion);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Count {
	    label: string;
	    n: number;
	
	    static createFrom(source: any = {}) {
	        return new Count(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.n = source["n"];
	    }
	}
	export class DayActivity {
	    day: number;
	    imported: number;
	    narrated_ms: number;
	    listened_ms: number;
	
	    static createFrom(source: any = {}) {
	        return new DayActivity(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.imported = source["imported"];
	        this.narrated_ms = source["narrated_ms"];
	        this.listened_ms = source["listened_ms"];
	    }
	}
	export class Document {
	    id: number;
	    title: string;
	    author: string;
	    language: string;
	    format: string;
	    source_name: string;
	    sha256: string;
	    size: number;
	    words: number;
	    sections: number;
	    segments: number;
	    settings: string;
	    voice: string;
	    rate: number;
	    source_url: string;
	    // Go type: time
	    fetched_at: any;
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    updated_at: any;
	    audio_ms: number;
	    estimate_ms: number;
	    estimated: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Document(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.author = source["author"];
	        this.language = source["language"];
	        this.format = source["format"];
	        this.source_name = source["source_name"];
	        this.sha256 = source["sha256"];
	        this.size = source["size"];
	        this.words = source["words"];
	        this.sections = source["sections"];
	        this.segments = source["segments"];
	        this.settings = source["settings"];
	        this.voice = source["voice"];
	        this.rate = source["rate"];
	        this.source_url = source["source_url"];
	        this.fetched_at = this.convertValues(source["fetched_at"], null);
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.audio_ms = source["audio_ms"];
	        this.estimate_ms = source["estimate_ms"];
	        this.estimated = source["estimated"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LexiconVersion {
	    word: string;
	    match_case?: boolean;
	    whole_word?: boolean;
	    say?: string;
	    phonemes?: string;
	    ipa?: string;
	    deleted?: boolean;
	    updated_at: number;
	    author: string;
	
	    static createFrom(source: any = {}) {
	        return new LexiconVersion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.word = source["word"];
	        this.match_case = source["match_case"];
	        this.whole_word = source["whole_word"];
	        this.say = source["say"];
	        this.phonemes = source["phonemes"];
	        this.ipa = source["ipa"];
	        this.deleted = source["deleted"];
	        this.updated_at = source["updated_at"];
	        this.author = source["author"];
	    }
	}
	export class LexiconConflict {
	    id: number;
	    word: string;
	    kept: LexiconVersion;
	    lost: LexiconVersion;
	    at: number;
	
	    static createFrom(source: any = {}) {
	        return new LexiconConflict(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.word = source["word"];
	        this.kept = this.convertValues(source["kept"], LexiconVersion);
	        this.lost = this.convertValues(source["lost"], LexiconVersion);
	        this.at = source["at"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class Mark {
	    start: number;
	    end: number;
	    kind: string;
	    ms?: number;
	
	    static createFrom(source: any = {}) {
	        return new Mark(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = source["start"];
	        this.end = source["end"];
	        this.kind = source["kind"];
	        this.ms = source["ms"];
	    }
	}
	export class PausePrefs {
	    sentence: number;
	    paragraph: number;
	    chapter: number;
	
	    static createFrom(source: any = {}) {
	        return new PausePrefs(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sentence = source["sentence"];
	        this.paragraph = source["paragraph"];
	        this.chapter = source["chapter"];
	    }
	}
	export class PollyPrefs {
	    on: boolean;
	    region: string;
	    profile: string;
	    endpoint: string;
	    monthly_characters: number;
	    requests_per_second: number;
	
	    static createFrom(source: any = {}) {
	        return new PollyPrefs(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.region = source["region"];
	        this.profile = source["profile"];
	        this.endpoint = source["endpoint"];
	        this.monthly_characters = source["monthly_characters"];
	        this.requests_per_second = source["requests_per_second"];
	    }
	}
	export class Position {
	    ord: number;
	    offset_ms: number;
	
	    static createFrom(source: any = {}) {
	        return new Position(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ord = source["ord"];
	        this.offset_ms = source["offset_ms"];
	    }
	}
	export class Preferences {
	    notify: boolean;
	    theme: string;
	    language: string;
	    voice: string;
	    rate: number;
	    pauses: PausePrefs;
	    format: string;
	    folder: string;
	    voice_catalog: string;
	    polly: PollyPrefs;
	
	    static createFrom(source: any = {}) {
	        return new Preferences(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.notify = source["notify"];
	        this.theme = source["theme"];
	        this.language = source["language"];
	        this.voice = source["voice"];
	        this.rate = source["rate"];
	        this.pauses = this.convertValues(source["pauses"], PausePrefs);
	        this.format = source["format"];
	        this.folder = source["folder"];
	        this.voice_catalog = source["voice_catalog"];
	        this.polly = this.convertValues(source["polly"], PollyPrefs);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Section {
	    id: number;
	    ord: number;
	    title: string;
	    level: number;
	    first: number;
	    segments: number;
	    voice: string;
	
	    static createFrom(source: any = {}) {
	        return new Section(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ord = source["ord"];
	        this.title = source["title"];
	        this.level = source["level"];
	        this.first = source["first"];
	        this.segments = source["segments"];
	        this.voice = source["voice"];
	    }
	}
	export class SegmentState {
	    spoken_text?: string;
	    voice?: string;
	    rate?: number;
	    pause_after?: number;
	    skipped?: boolean;
	    chapter_break?: string;
	    marks?: Mark[];
	
	    static createFrom(source: any = {}) {
	        return new SegmentState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.spoken_text = source["spoken_text"];
	        this.voice = source["voice"];
	        this.rate = source["rate"];
	        this.pause_after = source["pause_after"];
	        this.skipped = source["skipped"];
	        this.chapter_break = source["chapter_break"];
	        this.marks = this.convertValues(source["marks"], Mark);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

