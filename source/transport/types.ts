/**
 * The one interface between proxdeck and a Proxmox host. Three implementations: `ssh` (ssh2,
 * one connection, multiplexed channels), `local` (execa, for running on the host itself) and
 * `sim` (the simulated homelab, in process). Commands are POSIX shell strings built only by
 * `source/host/quote.ts` from validated values; transports never build commands themselves.
 */
import type {Prompter} from './prompt.js';

/** Takes a command's output as it arrives, instead of the transport holding it. */
export interface OutputSink {
	stdout(chunk: Buffer): void;
	stderr(chunk: Buffer): void;
}

export interface ExecOptions {
	/** Kill the command (close the channel) after this long. */
	timeoutMs?: number;
	signal?: AbortSignal;
	/** Keep at most this many bytes of each of stdout and stderr (default OUTPUT_CAP_BYTES). */
	maxBytes?: number;
	/** Hand the output to this as it arrives; the result's stdout and stderr are then empty. */
	sink?: OutputSink;
}

export interface ExecResult {
	stdout: string;
	stderr: string;
	/** Exit status; null when the command was killed by a signal, a timeout or an abort. */
	code: number | null;
	/** Set when the command did not run to completion: why. */
	interrupted?: 'timeout' | 'aborted' | 'disconnected';
	/** Set when a stream printed more than the cap: the bytes it printed (only the cap was kept). */
	cut?: {stdout?: number; stderr?: number; limit: number};
	durationMs: number;
}

export interface StreamOptions {
	signal?: AbortSignal;
	/** Called with whole lines (without the newline), in order. */
	onLine: (line: string, stream: 'stdout' | 'stderr') => void;
	/** Called once when the command ends, for whatever reason. */
	onEnd?: (result: {code: number | null; reason?: string}) => void;
}

export interface StreamHandle {
	/** Stop the remote command (closes its channel) and stop delivering lines. */
	stop(): void;
	readonly done: Promise<{code: number | null; reason?: string}>;
}

export type ConnectionState =
	| {kind: 'connecting'; since: number}
	| {kind: 'connected'; since: number}
	| {kind: 'reconnecting'; attempt: number; retryAt: number; reason: string}
	| {kind: 'failed'; reason: string};

export interface InteractiveIo {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	stderr?: NodeJS.WriteStream;
}

export interface TransportStats {
	/** Exec channels opened (one per `exec`). */
	execs: number;
	/** Long-lived stream channels opened. */
	streams: number;
}

export interface Transport {
	readonly kind: 'ssh' | 'local' | 'sim';
	/** What the user would call this target: `root@pve:22`, `local`, `demo`. */
	readonly label: string;
	exec(command: string, options?: ExecOptions): Promise<ExecResult>;
	stream(command: string, options: StreamOptions): StreamHandle;
	/**
	 * Ask this prompter from now on (host keys met on a reconnect): the console asks in a
	 * modal instead of writing to the terminal it draws on. Transports that never ask lack it.
	 */
	usePrompter?(prompter: Prompter): void;
	/** Run a command on a PTY wired to the user's terminal (for `pct enter`); resolves with its exit code. */
	interactive?(command: string, io: InteractiveIo): Promise<number | null>;
	state(): ConnectionState;
	onStateChange(listener: (state: ConnectionState) => void): () => void;
	stats(): TransportStats;
	close(): Promise<void>;
}

/** A typed failure of the transport itself (not of the remote command). */
export class TransportError extends Error {
	constructor(
		readonly code:
			| 'unreachable'
			| 'refused'
			| 'auth'
			| 'host-key-unknown'
			| 'host-key-changed'
			| 'host-key-revoked'
			| 'not-proxmox'
			| 'command-not-found'
			| 'sudo'
			| 'timeout'
			| 'disconnected'
			| 'config',
		message: string,
	) {
		super(message);
		this.name = 'TransportError';
	}
}
