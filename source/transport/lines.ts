/**
 * Turns a byte stream into whole lines. UTF-8 characters split across chunks are kept intact
 * (StringDecoder), and `\r\n` endings lose their `\r`. A line longer than the cap is cut: its
 * first part is delivered with a note saying so and the rest is skipped up to the next
 * newline, so a stream that never sends one (700 MB in one line) costs a bounded amount of
 * memory and work.
 */
import {StringDecoder} from 'node:string_decoder';
import {LINE_CAP_CHARS} from './output-cap.js';

/** The note a cut line ends with. */
export function lineCutNote(limit: number): string {
	return ` … [line cut at ${limit % 1024 === 0 ? `${limit / 1024}K` : limit} characters]`;
}

/** A whole line as one string, cut to the cap the same way (for lines that arrive whole). */
export function capLine(line: string, limit = LINE_CAP_CHARS): string {
	return line.length > limit ? `${line.slice(0, limit)}${lineCutNote(limit)}` : line;
}

export class LineSplitter {
	private readonly decoder = new StringDecoder('utf8');
	private pending = '';
	/** Inside a line that was already cut and delivered: skip to its end. */
	private skipping = false;

	constructor(
		private readonly onLine: (line: string) => void,
		private readonly limit = LINE_CAP_CHARS,
	) {}

	push(chunk: Buffer | string): void {
		if (this.skipping && typeof chunk !== 'string') {
			// Inside a cut line: look for its end in the bytes, without decoding what is skipped.
			const nl = chunk.indexOf(0x0a);
			if (nl === -1) return;
			this.decoder.end();
			this.skipping = false;
			chunk = chunk.subarray(nl + 1);
		}
		const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
		let from = 0;
		for (;;) {
			const nl = text.indexOf('\n', from);
			if (nl === -1) break;
			this.take(text.slice(from, nl), true);
			from = nl + 1;
		}
		if (from < text.length) this.take(text.slice(from), false);
	}

	/** Deliver a last line that had no newline. */
	flush(): void {
		const rest = this.decoder.end();
		if (rest !== '') this.take(rest, false);
		if (this.pending !== '' && !this.skipping) this.onLine(this.pending);
		this.pending = '';
		this.skipping = false;
	}

	/** Forget a partial line (the connection dropped in the middle of it). */
	discard(): void {
		this.decoder.end();
		this.pending = '';
		this.skipping = false;
	}

	/** A piece of the current line; `ends` when a newline followed it. */
	private take(piece: string, ends: boolean): void {
		if (!this.skipping) {
			this.pending += piece;
			if (this.pending.length > this.limit) {
				this.onLine(`${this.pending.slice(0, this.limit)}${lineCutNote(this.limit)}`);
				this.pending = '';
				this.skipping = true;
			}
		}
		if (!ends) return;
		if (this.skipping) this.skipping = false;
		else {
			const line = this.pending;
			this.pending = '';
			this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
		}
	}
}
