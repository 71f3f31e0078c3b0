/**
 * Turns a byte stream into whole lines. UTF-8 characters split across chunks are kept intact
 * (StringDecoder), and `\r\n` endings lose their `\r`.
 */
import {StringDecoder} from 'node:string_decoder';

export class LineSplitter {
	private readonly decoder = new StringDecoder('utf8');
	private pending = '';

	constructor(private readonly onLine: (line: string) => void) {}

	push(chunk: Buffer | string): void {
		this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
		let nl: number;
		while ((nl = this.pending.indexOf('\n')) !== -1) {
			const line = this.pending.slice(0, nl);
			this.pending = this.pending.slice(nl + 1);
			this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
		}
	}

	/** Deliver a last line that had no newline. */
	flush(): void {
		this.pending += this.decoder.end();
		if (this.pending !== '') this.onLine(this.pending);
		this.pending = '';
	}

	/** Forget a partial line (the connection dropped in the middle of it). */
	discard(): void {
		this.decoder.end();
		this.pending = '';
	}
}
