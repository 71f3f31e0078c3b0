/**
 * What runs on top of one live ssh2 Client: a one-shot exec with timeout and abort, a
 * long-lived line stream, and a PTY session wired to the user's terminal.
 */
import type {ClientChannel} from 'ssh2';
import {LineSplitter} from './lines.js';
import {ExecOutput} from './output-cap.js';
import type {SshClient} from './ssh-connect.js';
import type {ExecOptions, ExecResult, InteractiveIo} from './types.js';

export function openExec(
	client: SshClient,
	command: string,
	pty?: {term: string; rows: number; cols: number},
): Promise<ClientChannel> {
	return new Promise((resolve, reject) => {
		const callback = (error: Error | undefined, channel: ClientChannel): void =>
			error ? reject(error) : resolve(channel);
		if (pty) client.exec(command, {pty}, callback);
		else client.exec(command, callback);
	});
}

export interface RunningExec {
	result: Promise<ExecResult>;
	/** End it early (timeout, abort, connection lost): the result resolves at once. */
	interrupt(reason: NonNullable<ExecResult['interrupted']>): void;
}

/** Collect a channel's output (capped, or into the caller's sink) until it closes or is interrupted. */
export function collectExec(
	channel: ClientChannel,
	startedAt: number,
	options: Pick<ExecOptions, 'maxBytes' | 'sink'> = {},
): RunningExec {
	const output = new ExecOutput(options);
	let code: number | null = null;
	let finish: (interrupted?: NonNullable<ExecResult['interrupted']>) => void = () => undefined;
	const result = new Promise<ExecResult>((resolve) => {
		let done = false;
		finish = (interrupted) => {
			if (done) return;
			done = true;
			resolve({
				...output.result(),
				code: interrupted ? null : code,
				...(interrupted ? {interrupted} : {}),
				durationMs: Date.now() - startedAt,
			});
		};
	});
	channel.on('data', (chunk: Buffer) => output.stdout(chunk));
	channel.stderr.on('data', (chunk: Buffer) => output.stderr(chunk));
	channel.on('exit', (exitCode: number | null) => {
		code = typeof exitCode === 'number' ? exitCode : null;
	});
	channel.on('close', () => finish());
	return {
		result,
		interrupt(reason) {
			finish(reason);
			// OpenSSH ignores signals for forced-command sessions; closing the channel still
			// hangs up the remote side, and we do not wait for it.
			try {
				channel.signal('KILL');
			} catch {
				// The channel may already be gone.
			}
			channel.close();
		},
	};
}

/** Wire a line splitter (lines capped in length) to each of a channel's outputs. */
export function splitChannelLines(
	channel: ClientChannel,
	onLine: (line: string, stream: 'stdout' | 'stderr') => void,
): LineSplitter[] {
	const out = new LineSplitter((line) => onLine(line, 'stdout'));
	const err = new LineSplitter((line) => onLine(line, 'stderr'));
	channel.on('data', (chunk: Buffer) => out.push(chunk));
	channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
	return [out, err];
}

/**
 * Run a command (or a login shell, for an empty command) on a PTY wired to the terminal, with
 * window resizes passed through. The caller has released the terminal first.
 */
export function runInteractive(
	client: SshClient,
	command: string,
	io: InteractiveIo,
	term: string,
): Promise<number | null> {
	const {stdin, stdout} = io;
	const window = {term, rows: stdout.rows || 24, cols: stdout.columns || 80};
	return new Promise((resolve, reject) => {
		const start = (error: Error | undefined, channel: ClientChannel): void => {
			if (error) return reject(error);
			let code: number | null = null;
			const onResize = (): void => {
				channel.setWindow(stdout.rows || 24, stdout.columns || 80, 0, 0);
			};
			const wasRaw = stdin.isTTY ? stdin.isRaw : false;
			if (stdin.isTTY) stdin.setRawMode(true);
			stdin.resume();
			stdin.pipe(channel);
			channel.pipe(stdout, {end: false});
			channel.stderr.pipe(io.stderr ?? stdout, {end: false});
			stdout.on('resize', onResize);
			channel.on('exit', (exitCode: number | null) => {
				code = typeof exitCode === 'number' ? exitCode : null;
			});
			channel.on('close', () => {
				stdin.unpipe(channel);
				channel.unpipe(stdout);
				stdout.off('resize', onResize);
				if (stdin.isTTY) stdin.setRawMode(wasRaw);
				stdin.pause();
				resolve(code);
			});
		};
		if (command === '') client.shell(window, start);
		else client.exec(command, {pty: window}, start);
	});
}
