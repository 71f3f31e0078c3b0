/**
 * The local transport, for running proxdeck on the Proxmox host itself (`--local`): each
 * exec is `sh -c <script>` through execa, streams are child processes split into lines, and
 * the interactive session inherits the terminal. There is no connection to lose.
 */
import {execa} from 'execa';
import {LineSplitter} from './lines.js';
import {ExecOutput} from './output-cap.js';
import type {
	ConnectionState,
	ExecOptions,
	ExecResult,
	InteractiveIo,
	StreamHandle,
	StreamOptions,
	Transport,
	TransportStats,
} from './types.js';

export interface LocalTransport extends Transport {
	readonly kind: 'local';
	readonly sudo: boolean;
}

export function createLocalTransport(options: {sudo?: boolean} = {}): LocalTransport {
	const counts: TransportStats = {execs: 0, streams: 0};
	const state: ConnectionState = {kind: 'connected', since: Date.now()};
	const live = new Set<{stop(): void}>();

	/**
	 * Each command runs in its own process group, killed as a whole: killing only `sh` would
	 * leave its children holding the output pipes open (and the exec hanging).
	 */
	function killGroup(pid: number | undefined): void {
		if (pid === undefined) return;
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}

	async function exec(command: string, execOptions: ExecOptions = {}): Promise<ExecResult> {
		const startedAt = Date.now();
		counts.execs++;
		let interrupted: ExecResult['interrupted'];
		if (execOptions.signal?.aborted) return {stdout: '', stderr: '', code: null, interrupted: 'aborted', durationMs: 0};
		// Not buffered by execa: the output goes through the cap (or the caller's sink) as it comes.
		const child = execa('sh', ['-c', command], {reject: false, buffer: false, stdin: 'ignore', detached: true});
		const output = new ExecOutput(execOptions);
		child.stdout?.on('data', (chunk: Buffer) => output.stdout(chunk));
		child.stderr?.on('data', (chunk: Buffer) => output.stderr(chunk));
		const interrupt = (why: NonNullable<ExecResult['interrupted']>): void => {
			interrupted ??= why;
			killGroup(child.pid);
		};
		const timer =
			execOptions.timeoutMs === undefined ? undefined : setTimeout(() => interrupt('timeout'), execOptions.timeoutMs);
		const onAbort = (): void => interrupt('aborted');
		execOptions.signal?.addEventListener('abort', onAbort, {once: true});
		const result = await child;
		clearTimeout(timer);
		execOptions.signal?.removeEventListener('abort', onAbort);
		return {
			...output.result(),
			code: interrupted ? null : (result.exitCode ?? null),
			...(interrupted ? {interrupted} : {}),
			durationMs: Date.now() - startedAt,
		};
	}

	function stream(command: string, streamOptions: StreamOptions): StreamHandle {
		counts.streams++;
		const child = execa('sh', ['-c', command], {reject: false, buffer: false, stdin: 'ignore', detached: true});
		const out = new LineSplitter((line) => streamOptions.onLine(line, 'stdout'));
		const err = new LineSplitter((line) => streamOptions.onLine(line, 'stderr'));
		let stopped = false;
		child.stdout?.on('data', (chunk: Buffer) => !stopped && out.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => !stopped && err.push(chunk));
		const handle = {
			stop() {
				if (stopped) return;
				stopped = true;
				killGroup(child.pid);
			},
		};
		live.add(handle);
		const done = child.then((result) => {
			live.delete(handle);
			if (!stopped) {
				out.flush();
				err.flush();
			}
			const end = stopped ? {code: null, reason: 'stopped'} : {code: result.exitCode ?? null};
			streamOptions.onEnd?.(end);
			return end;
		});
		streamOptions.signal?.addEventListener('abort', () => handle.stop(), {once: true});
		return {stop: () => handle.stop(), done};
	}

	async function interactive(command: string, io: InteractiveIo): Promise<number | null> {
		const result = await execa(
			command === '' ? (process.env.SHELL ?? '/bin/sh') : 'sh',
			command === '' ? [] : ['-c', command],
			{
				reject: false,
				stdin: io.stdin,
				stdout: io.stdout,
				stderr: io.stderr ?? io.stdout,
			},
		);
		return result.exitCode ?? null;
	}

	return {
		kind: 'local',
		label: 'local',
		sudo: options.sudo ?? false,
		exec,
		stream,
		interactive,
		state: () => state,
		onStateChange: () => () => undefined,
		stats: () => ({...counts}),
		async close() {
			for (const handle of live) handle.stop();
		},
	};
}
