/**
 * Reads a batch's output (batch.ts) back into sections as it arrives, so that no section can
 * make proxdeck hold more than its cap: a Docker host whose `docker ps` prints 600 MB costs
 * 8 MB of memory and its own section, which is reported as cut; the sections after it arrive
 * as usual. Only marker lines with this batch's marker count (a guest cannot know it), and
 * text outside any section (a login banner) is dropped as it comes, but for the first few
 * kilobytes of stderr: when a batch never began (an ssh hop to another node that failed), that
 * is the reason.
 */
import {CappedBuffer, OUTPUT_CAP_BYTES} from '../transport/output-cap.js';
import type {OutputSink} from '../transport/types.js';
import {MARK} from './batch.js';

export interface SectionOutput {
	stdout: string;
	stderr: string;
	/** Exit code; null when the section never finished (the batch was cut off). */
	code: number | null;
	/** Set when the section printed more than the cap: the bytes it printed (the cap was kept). */
	cut?: {printed: number; limit: number};
	/** stdout as printed (an own copy), when the caller asked to compare it with an earlier refresh's. */
	bytes?: Buffer;
}

/**
 * What a section printed last time, as bytes and text: most sections print the same from one
 * refresh to the next, and the same bytes need no new string (nor, being the same string, a
 * new parse).
 */
export type KnownText = (id: string) => {text: string; bytes?: Buffer} | undefined;

/** A marker line is short (`<mark> E <id> <code>`); anything longer is not one. */
const MARKER_LINE_MAX = 128;
/** Stderr outside every section kept as the reason a batch did not begin. */
const UNFRAMED_STDERR_MAX = 4096;
const NEWLINE = 0x0a;
/** A section's stdout this large is copied and decoded each on a turn of its own (resultPaced). */
export const PACED_SECTION_BYTES = 256 * 1024;
const NOTHING = Buffer.alloc(0);

interface Section {
	stdout: CappedBuffer;
	stderr: CappedBuffer;
	code: number | null;
}

interface StreamState {
	/** Bytes not yet placed: the start of a marker split across chunks. */
	pending: Buffer;
	current: Section | null;
	currentId: string | null;
}

export class BatchOutputSplitter implements OutputSink {
	private readonly mark: Buffer;
	private readonly sections = new Map<string, Section>();
	private readonly out: StreamState = {pending: Buffer.alloc(0), current: null, currentId: null};
	private readonly err: StreamState = {pending: Buffer.alloc(0), current: null, currentId: null};
	private readonly unframed = new CappedBuffer(UNFRAMED_STDERR_MAX);

	/**
	 * `ids`: the sections the batch has (others are ignored, so the number held is bounded
	 * too); all of them when not given.
	 */
	constructor(
		marker: string,
		private readonly ids: ReadonlySet<string> | null = null,
		private readonly cap = OUTPUT_CAP_BYTES,
		/** Sections allowed more than `cap` (the cluster's own lists, which grow with its guests). */
		private readonly caps: ReadonlyMap<string, number> = new Map(),
	) {
		this.mark = Buffer.from(`${MARK}${marker} `, 'latin1');
	}

	stdout(chunk: Buffer): void {
		this.feed(this.out, chunk, 'stdout');
	}

	stderr(chunk: Buffer): void {
		this.feed(this.err, chunk, 'stderr');
	}

	/**
	 * The sections read so far; call once the command has ended. With `known`, each section's
	 * stdout bytes come with it and a section that printed what it printed last time gets
	 * last time's string.
	 */
	result(known?: KnownText): Map<string, SectionOutput> {
		const steps = this.read(known);
		for (;;) {
			const step = steps.next();
			if (step.done) return step.value;
		}
	}

	/**
	 * result(), with `pause` (a turn of the event loop) after each large section's copy and
	 * after its decode: at 30,000 guests the cluster's resource list alone is tens of megabytes,
	 * and a key pressed meanwhile waits for one of those steps, not for all of them.
	 */
	async resultPaced(known: KnownText, pause: () => Promise<void>): Promise<Map<string, SectionOutput>> {
		const steps = this.read(known);
		for (;;) {
			const step = steps.next();
			if (step.done) return step.value;
			await pause();
		}
	}

	/** The sections read, yielding after each step that copies or decodes a large section. */
	private *read(known?: KnownText): Generator<void, Map<string, SectionOutput>> {
		for (const state of [this.out, this.err]) {
			// What was held back as a possible marker start was text after all.
			if (state.pending.length > 0) this.place(state, state === this.out ? 'stdout' : 'stderr', state.pending);
			state.pending = Buffer.alloc(0);
		}
		const outputs = new Map<string, SectionOutput>();
		for (const [id, s] of this.sections) {
			const printed = Math.max(s.stdout.cut ? s.stdout.seen : 0, s.stderr.cut ? s.stderr.seen : 0);
			const output: SectionOutput = {stdout: '', stderr: s.stderr.text(), code: s.code};
			if (printed > 0) output.cut = {printed, limit: this.capOf(id)};
			const before = known?.(id);
			if (before?.bytes && s.stdout.equals(before.bytes)) {
				output.stdout = before.text;
				output.bytes = before.bytes;
			} else if (known) {
				output.bytes = s.stdout.bytes();
				const large = output.bytes.length >= PACED_SECTION_BYTES;
				if (large) yield;
				output.stdout = output.bytes.toString('utf8');
				if (large) yield;
			} else output.stdout = s.stdout.text();
			outputs.set(id, output);
		}
		return outputs;
	}

	private section(id: string): Section {
		let s = this.sections.get(id);
		if (!s) {
			s = {stdout: new CappedBuffer(this.capOf(id)), stderr: new CappedBuffer(this.cap), code: null};
			this.sections.set(id, s);
		}
		return s;
	}

	/** A section begins on stdout: a fresh one (the script begins each once). */
	private begin(id: string): Section {
		const s = this.section(id);
		s.stdout = new CappedBuffer(this.capOf(id));
		s.code = null;
		return s;
	}

	private capOf(id: string): number {
		return this.caps.get(id) ?? this.cap;
	}

	/** Stderr printed outside any section (capped); read it after result(). */
	unframedStderr(): string {
		return this.unframed.text();
	}

	private place(state: StreamState, stream: 'stdout' | 'stderr', bytes: Buffer): void {
		if (bytes.length === 0) return;
		if (state.current) state.current[stream].push(bytes);
		else if (stream === 'stderr') this.unframed.push(bytes);
	}

	private feed(state: StreamState, chunk: Buffer, stream: 'stdout' | 'stderr'): void {
		let buffer = state.pending.length > 0 ? Buffer.concat([state.pending, chunk]) : chunk;
		for (;;) {
			const at = buffer.indexOf(this.mark);
			if (at === -1) {
				// Hold back what could be the start of a marker cut by the chunk boundary.
				const hold = this.markerStartAtEnd(buffer);
				this.place(state, stream, buffer.subarray(0, buffer.length - hold));
				state.pending = hold > 0 ? Buffer.from(buffer.subarray(buffer.length - hold)) : NOTHING;
				return;
			}
			this.place(state, stream, buffer.subarray(0, at));
			const end = buffer.indexOf(NEWLINE, at + this.mark.length);
			if (end === -1 && buffer.length - at <= MARKER_LINE_MAX) {
				state.pending = Buffer.from(buffer.subarray(at));
				return;
			}
			if (end === -1 || end - at > MARKER_LINE_MAX) {
				// Not a line the script printed: keep it as text and look further on.
				this.place(state, stream, buffer.subarray(at, at + this.mark.length));
				buffer = buffer.subarray(at + this.mark.length);
				continue;
			}
			this.markerLine(state, stream, buffer.toString('latin1', at + this.mark.length, end));
			buffer = buffer.subarray(end + 1);
		}
	}

	/**
	 * How many bytes at the end of `buffer` begin a marker (one that does not end in it). Only
	 * those are held back: holding back a fixed tail would copy every chunk to join it to the next.
	 */
	private markerStartAtEnd(buffer: Buffer): number {
		const first = this.mark[0]!;
		for (let at = buffer.indexOf(first, Math.max(0, buffer.length - this.mark.length + 1)); at !== -1;) {
			if (buffer.subarray(at).equals(this.mark.subarray(0, buffer.length - at))) return buffer.length - at;
			at = buffer.indexOf(first, at + 1);
		}
		return 0;
	}

	private markerLine(state: StreamState, stream: 'stdout' | 'stderr', line: string): void {
		const begin = /^B ([a-z0-9][a-z0-9-]*)$/.exec(line);
		if (begin && (this.ids === null || this.ids.has(begin[1]!))) {
			state.currentId = begin[1]!;
			state.current = stream === 'stdout' ? this.begin(state.currentId) : this.section(state.currentId);
			if (stream === 'stderr') state.current.stderr = new CappedBuffer(this.cap);
			return;
		}
		const end = /^E ([a-z0-9][a-z0-9-]*) (-?\d+)$/.exec(line);
		if (stream === 'stdout' && end && end[1] === state.currentId && state.current) {
			// The script prints a newline of its own before the END marker.
			state.current.stdout.dropTrailingNewline();
			state.current.code = Number(end[2]);
			state.current = null;
			state.currentId = null;
		}
	}
}

/** Split a whole batch output at once (the same rules; for output that is already a string). */
export function splitBatchOutput(
	stdout: string,
	stderr: string,
	marker: string,
	cap = OUTPUT_CAP_BYTES,
): Map<string, SectionOutput> {
	const splitter = new BatchOutputSplitter(marker, null, cap);
	splitter.stdout(Buffer.from(stdout));
	splitter.stderr(Buffer.from(stderr));
	return splitter.result();
}
