export namespace app {
	
	export class About {
	    version: string;
	    data_dir: string;
	
	    static createFrom(source: any = {}) {
	        return new About(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.data_dir = source["data_dir"];
	    }
	}
	export class ConvertSettings {
	    voice: string;
	    rate: number;
	    format: string;
	    output: string;
	    per_chapter: boolean;
	    subtitles: boolean;
	    subtitle_level: string;
	    pauses?: render.Pauses;
	
	    static createFrom(source: any = {}) {
	        return new ConvertSettings(source);
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
	
	    static createFrom(source: any = {}) {
	        return new DocumentPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], store.Document);
	        this.total = source["total"];
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
	export class Problem {
	    code: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Problem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
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
	export class ImportSettings {
	    footnotes: string;
	    code: string;
	    chapter_level: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.footnotes = source["footnotes"];
	        this.code = source["code"];
	        this.chapter_level = source["chapter_level"];
	    }
	}
	export class JobView {
	    id: number;
	    document_id: number;
	    title: string;
	    output: string;
	    state: string;
	    done: number;
	    total: number;
	    eta_seconds: number;
	    attempt: number;
	    max_attempts: number;
	    // Go type: time
	    next_attempt?: any;
	    last_error: string;
	    result?: render.ConvertResult;
	
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
	        this.done = source["done"];
	        this.total = source["total"];
	        this.eta_seconds = source["eta_seconds"];
	        this.attempt = source["attempt"];
	        this.max_attempts = source["max_attempts"];
	        this.next_attempt = this.convertValues(source["next_attempt"], null);
	        this.last_error = source["last_error"];
	        this.result = this.convertValues(source["result"], render.ConvertResult);
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
	export class SegmentPage {
	    items: store.Segment[];
	    total: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new SegmentPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], store.Segment);
	        this.total = source["total"];
	        this.offset = source["offset"];
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
	
	    static createFrom(source: any = {}) {
	        return new VoiceOption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.language = source["language"];
	    }
	}

}

export namespace catalog {
	
	export class Result {
	    file: string;
	    id: number;
	    title: string;
	    format: string;
	    words: number;
	    sections: number;
	    segments: number;
	    duplicate: boolean;
	
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
	    }
	}
	export class View {
	    document: store.Document;
	    sections: store.Section[];
	    html: string;
	
	    static createFrom(source: any = {}) {
	        return new View(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.document = this.convertValues(source["document"], store.Document);
	        this.sections = this.convertValues(source["sections"], store.Section);
	        this.html = source["html"];
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
	
	    static createFrom(source: any = {}) {
	        return new Limits(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.max_file_bytes = source["max_file_bytes"];
	        this.max_expanded_bytes = source["max_expanded_bytes"];
	        this.max_zip_entries = source["max_zip_entries"];
	        this.max_xml_depth = source["max_xml_depth"];
	    }
	}

}

export namespace render {
	
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
	export class ConvertResult {
	    output: string;
	    files: string[];
	    segments: number;
	    synthesized: number;
	    reused: number;
	    failures: Failure[];
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
	        this.failures = this.convertValues(source["failures"], Failure);
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

}

export namespace store {
	
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
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    updated_at: any;
	
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
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
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
	    }
	}
	export class Segment {
	    ord: number;
	    section_id: number;
	    kind: string;
	    source_text: string;
	    spoken_text: string;
	    narrated: string;
	    start: number;
	    end: number;
	    hash: string;
	
	    static createFrom(source: any = {}) {
	        return new Segment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ord = source["ord"];
	        this.section_id = source["section_id"];
	        this.kind = source["kind"];
	        this.source_text = source["source_text"];
	        this.spoken_text = source["spoken_text"];
	        this.narrated = source["narrated"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.hash = source["hash"];
	    }
	}

}

