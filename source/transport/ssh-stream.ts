/**
 * A long-lived command (journalctl -f, docker logs -f) on the ssh transport. It outlives the
 * connection it started on: when the link drops, the partial line is dropped and the command
 * is started again on the next connection, so the caller sees a gap, not an end.
 *
 * ssh2 may close a channel a few milliseconds before its connection reports the loss, and a
 * host going down kills the command first (its channel then even carries an exit signal). So
 * a close is not taken as the end at once: the stream waits a moment for the connection's
 * loss (then the reconnect starts the command again). When the link is still up after that,
 * a command that exited has ended; one whose channel closed without an exit status was cut
 * off, and the stream starts it again itself, giving up after a few tries that died at once.
 */
import type {ClientChannel} from 'ssh2';
import type {LineSplitter} from './lines.js';
import {openExec, splitChannelLines} from './ssh-channels.js';
import type {SshClient} from './ssh-connect.js';
import type {StreamHandle, StreamOptions} from './types.js';

type StreamEnd = {code: number | null; reason?: string};

/** How long a closed channel waits for the connection's own `lost` before it counts as an end. */
export const LOSS_GRACE_MS = 500;
/** Restarts in a row, with no line in between, before a cut-off stream counts as ended. */
const MAX_QUIET_RESTARTS = 3;

interface ChannelRecord {
	/** Set when the connection under this channel was lost (or the stream moved on). */
	abandoned: boolean;
	splitters: LineSplitter[];
}

export class SshStream implements StreamHandle {
	readonly done: Promise<StreamEnd>;
	private resolveDone: (end: StreamEnd) => void = () => undefined;
	private channel: ClientChannel | undefined;
	private current: ChannelRecord | undefined;
	private finished = false;
	private retryTimer: ReturnType<typeof setTimeout> | undefined;
	/** Restarts since the last line arrived. */
	private quietRestarts = 0;

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
		this.clearRetry();
		if (this.current) this.current.abandoned = true;
		const record: ChannelRecord = {abandoned: false, splitters: []};
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
				let exited = false;
				record.splitters = splitChannelLines(channel, (line, stream) => {
					if (this.finished || record.abandoned) return;
					this.quietRestarts = 0;
					this.options.onLine(line, stream);
				});
				channel.on('exit', (exitCode: number | null) => {
					exited = true;
					code = typeof exitCode === 'number' ? exitCode : null;
				});
				channel.on('close', () => {
					if (record.abandoned || this.finished) return;
					this.closed(record, client, exited ? {code} : null);
				});
			},
			(error: Error) => {
				if (record.abandoned || this.finished) return;
				this.closed(record, client, null, `could not start: ${error.message}`);
			},
		);
	}

	/**
	 * The channel is gone. Unless the connection reports its loss within the grace period
	 * (connectionLost, then reopen after the reconnect): a command that exited has ended, and
	 * one that did not is started again on the same connection.
	 */
	private closed(
		record: ChannelRecord,
		client: SshClient,
		exit: StreamEnd | null,
		why = 'its channel closed without an exit status',
	): void {
		this.channel = undefined;
		this.clearRetry();
		this.retryTimer = setTimeout(() => {
			this.retryTimer = undefined;
			if (record.abandoned || this.finished) return;
			if (exit) {
				for (const splitter of record.splitters) splitter.flush();
				return this.finish(exit);
			}
			for (const splitter of record.splitters) splitter.discard();
			if (++this.quietRestarts > MAX_QUIET_RESTARTS) return this.finish({code: null, reason: why});
			this.reopen(client);
		}, LOSS_GRACE_MS);
	}

	private clearRetry(): void {
		if (this.retryTimer) clearTimeout(this.retryTimer);
		this.retryTimer = undefined;
	}

	/** The connection died: forget this channel; reopen() follows after a reconnect. */
	connectionLost(): void {
		this.clearRetry();
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
		this.clearRetry();
		if (this.current) this.current.abandoned = true;
		this.channel = undefined;
		this.options.onEnd?.(end);
		this.resolveDone(end);
		this.onDone();
	}
}
