/**
 * A long-lived command (journalctl -f, docker logs -f) on the ssh transport. It outlives the
 * connection it started on: when the link drops, the partial line is dropped and the command
 * is started again on the next connection, so the caller sees a gap, not an end.
 */
import type {ClientChannel} from 'ssh2';
import type {LineSplitter} from './lines.js';
import {openExec, splitChannelLines} from './ssh-channels.js';
import type {SshClient} from './ssh-connect.js';
import type {StreamHandle, StreamOptions} from './types.js';

type StreamEnd = {code: number | null; reason?: string};

export class SshStream implements StreamHandle {
	readonly done: Promise<StreamEnd>;
	private resolveDone: (end: StreamEnd) => void = () => undefined;
	private channel: ClientChannel | undefined;
	/** Set on the current channel's record when the connection under it was lost. */
	private current: {abandoned: boolean; splitters: LineSplitter[]} | undefined;
	private finished = false;

	constructor(
		private readonly command: string,
		private readonly options: StreamOptions,
		private readonly onOpen: () => void,
		private readonly onDone: () => void,
	) {
		this.done = new Promise((resolve) => {
			this.resolveDone = resolve;
		});
		options.signal?.addEventListener('abort', () => this.stop(), {once: true});
		if (options.signal?.aborted) this.stop();
	}

	/** Start (or restart) the command on a live connection. */
	reopen(client: SshClient): void {
		if (this.finished) return;
		const record = {abandoned: false, splitters: [] as LineSplitter[]};
		this.current = record;
		openExec(client, this.command).then(
			(channel) => {
				if (this.finished || record.abandoned) {
					channel.close();
					return;
				}
				this.onOpen();
				this.channel = channel;
				let code: number | null = null;
				record.splitters = splitChannelLines(channel, (line, stream) => {
					if (!this.finished && !record.abandoned) this.options.onLine(line, stream);
				});
				channel.on('exit', (exitCode: number | null) => {
					code = typeof exitCode === 'number' ? exitCode : null;
				});
				channel.on('close', () => {
					if (record.abandoned || this.finished) return;
					for (const splitter of record.splitters) splitter.flush();
					this.finish({code});
				});
			},
			(error: Error) => {
				if (record.abandoned || this.finished) return;
				this.finish({code: null, reason: `could not start: ${error.message}`});
			},
		);
	}

	/** The connection died: forget this channel; reopen() follows after a reconnect. */
	connectionLost(): void {
		if (!this.current) return;
		this.current.abandoned = true;
		for (const splitter of this.current.splitters) splitter.discard();
		this.channel = undefined;
	}

	stop(): void {
		if (this.finished) return;
		const channel = this.channel;
		this.finish({code: null, reason: 'stopped'});
		try {
			channel?.signal('KILL');
		} catch {
			// Already closed.
		}
		channel?.close();
	}

	finish(end: StreamEnd): void {
		if (this.finished) return;
		this.finished = true;
		if (this.current) this.current.abandoned = true;
		this.channel = undefined;
		this.options.onEnd?.(end);
		this.resolveDone(end);
		this.onDone();
	}
}
