/**
 * Bounds on what a host may make proxdeck hold. A guest can print without end (a `docker ps`
 * of 600 MB, a log line of 700 MB with no newline); proxdeck keeps the first part, drops the
 * rest, counts what it dropped and says so, and its memory stays bounded.
 */
import type {ExecOptions, ExecResult, OutputSink} from './types.js';

/** One command's stdout or stderr, and one section of a refresh. */
export const OUTPUT_CAP_BYTES = 8 * 1024 * 1024;
/** One line of a log stream, in characters. */
export const LINE_CAP_CHARS = 64 * 1024;
/** A free text a host keeps about a thing (a snapshot's description, a backup's notes, a task's status), in characters. */
export const NOTE_CAP_CHARS = 4 * 1024;

/** `8 MB`, `64 KB`: how a cap reads in a message. */
export function capText(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
	if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${bytes} bytes`;
}

/** What a cut says, wherever it is shown. */
export function cutNotice(limit: number, printed?: number): string {
	return `output cut at ${capText(limit)}${printed === undefined ? '' : ` (${capText(printed)} printed)`}`;
}

/** Collects a byte stream up to `limit` bytes; the rest is counted, not kept. */
export class CappedBuffer {
	private chunks: Buffer[] = [];
	/** Bytes kept. */
	kept = 0;
	/** Bytes the stream carried in all. */
	seen = 0;

	constructor(readonly limit: number = OUTPUT_CAP_BYTES) {}

	push(chunk: Buffer): void {
		this.seen += chunk.length;
		const room = this.limit - this.kept;
		if (room <= 0) return;
		// A copy of the part kept: a slice would hold the whole (maybe huge) chunk alive.
		const part = chunk.length <= room ? chunk : Buffer.from(chunk.subarray(0, room));
		this.chunks.push(part);
		this.kept += part.length;
	}

	get cut(): boolean {
		return this.seen > this.kept;
	}

	/** Forget the last byte kept if it is a newline (the batch script's own, before an END marker). */
	dropTrailingNewline(): void {
		if (this.cut) {
			// That newline was among the bytes dropped.
			this.seen -= 1;
			return;
		}
		const last = this.chunks.at(-1);
		if (!last || last[last.length - 1] !== 0x0a) return;
		this.chunks[this.chunks.length - 1] = last.subarray(0, last.length - 1);
		this.kept -= 1;
		this.seen -= 1;
	}

	/** The bytes kept, in a buffer of their own (the chunks may be views of a transport's buffers). */
	bytes(): Buffer {
		return Buffer.concat(this.chunks, this.kept);
	}

	/** The bytes kept are exactly `other` (compared where they lie: no copy). */
	equals(other: Buffer): boolean {
		if (other.length !== this.kept) return false;
		let at = 0;
		for (const chunk of this.chunks) {
			if (!chunk.equals(other.subarray(at, at + chunk.length))) return false;
			at += chunk.length;
		}
		return true;
	}

	text(): string {
		return this.chunks.length === 1 ? this.chunks[0]!.toString('utf8') : Buffer.concat(this.chunks).toString('utf8');
	}
}

/**
 * A command's two output streams as a transport gathers them: handed on to the caller's sink
 * as they arrive, or kept up to the cap. Every transport (ssh, local, sim) goes through this.
 */
export class ExecOutput implements OutputSink {
	private readonly out: CappedBuffer;
	private readonly err: CappedBuffer;

	constructor(private readonly options: Pick<ExecOptions, 'maxBytes' | 'sink'> = {}) {
		this.out = new CappedBuffer(options.maxBytes ?? OUTPUT_CAP_BYTES);
		this.err = new CappedBuffer(options.maxBytes ?? OUTPUT_CAP_BYTES);
	}

	stdout(chunk: Buffer): void {
		if (this.options.sink) this.options.sink.stdout(chunk);
		else this.out.push(chunk);
	}

	stderr(chunk: Buffer): void {
		if (this.options.sink) this.options.sink.stderr(chunk);
		else this.err.push(chunk);
	}

	result(): Pick<ExecResult, 'stdout' | 'stderr' | 'cut'> {
		const cut =
			this.out.cut || this.err.cut
				? {
						limit: this.out.limit,
						...(this.out.cut ? {stdout: this.out.seen} : {}),
						...(this.err.cut ? {stderr: this.err.seen} : {}),
					}
				: undefined;
		return {stdout: this.out.text(), stderr: this.err.text(), ...(cut ? {cut} : {})};
	}
}
