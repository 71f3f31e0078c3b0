/**
 * The SSH transport: one ssh2 connection (through ProxyJump hops if configured), every exec
 * and stream a channel on it. When the link dies (keepalive timeout, reset, sshd restarted)
 * it reconnects by itself with capped, jittered backoff, reports each state change, lets
 * exec() wait for the new link, and re-opens registered streams (their callers see a gap).
 */
import {homedir, userInfo} from 'node:os';
import type {ParsedKey} from 'ssh2';
import {NO_PROMPTS, createTtyPrompter, hasTerminal, type Prompter} from './prompt.js';
import {backoffDelay, DEFAULT_BACKOFF, StateCell, type BackoffOptions} from './reconnect.js';
import {resolveSshHost, type ResolvedSshHost} from './ssh-config.js';
import {connectChain, type ConnectSettings, type ConnectedChain, type SshClient} from './ssh-connect.js';
import {collectExec, openExec, runInteractive, type RunningExec} from './ssh-channels.js';
import {SshStream} from './ssh-stream.js';
import {formatTarget, parseTarget} from './ssh-target.js';
import {
	TransportError,
	type ConnectionState,
	type ExecOptions,
	type ExecResult,
	type InteractiveIo,
	type StreamHandle,
	type StreamOptions,
	type Transport,
	type TransportStats,
} from './types.js';

export interface SshOptions {
	/** Like ssh -F (then /etc/ssh/ssh_config is not read). Default ~/.ssh/config. */
	sshConfigPath?: string;
	/** Default: the config's UserKnownHostsFile, else ~/.ssh/known_hosts. */
	knownHostsPath?: string;
	/** Default /etc/ssh/ssh_known_hosts (read only). */
	globalKnownHostsPath?: string;
	/** Like ssh -i: tried before the config's IdentityFile entries. */
	identityFiles?: string[];
	/** StrictHostKeyChecking accept-new, over what ~/.ssh/config says. */
	acceptNewHostKey?: boolean;
	/** StrictHostKeyChecking no, knowingly: without it, a config's `no` is refused. */
	insecureAcceptAnyHostKey?: boolean;
	/** May prompt (host keys, passphrases, passwords). Default: when stdin and /dev/tty are terminals. */
	interactive?: boolean;
	prompt?: Prompter;
	/** Prefix root commands with `sudo -n` (read by the batch renderer through transport.sudo). */
	sudo?: boolean;
	keepaliveIntervalMs?: number;
	keepaliveCountMax?: number;
	reconnect?: Partial<BackoffOptions> & {maxAttempts?: number};
	readyTimeoutMs?: number;
	/** For SSH_AUTH_SOCK, HOME and USER (tests). Default process.env. */
	env?: NodeJS.ProcessEnv;
}

export interface SshTransport extends Transport {
	readonly kind: 'ssh';
	readonly sudo: boolean;
	/** What ~/.ssh/config resolved the target to. */
	readonly resolved: ResolvedSshHost;
	interactive(command: string, io: InteractiveIo): Promise<number | null>;
}

/** Connection problems that another attempt cannot fix: stop retrying and say why. */
const PERMANENT = new Set<TransportError['code']>([
	'auth',
	'host-key-changed',
	'host-key-revoked',
	'host-key-unknown',
	'config',
]);

function lostReason(error: (Error & {level?: string}) | undefined): string {
	if (!error) return 'connection lost';
	if (error.level === 'client-timeout' || /keepalive/i.test(error.message)) return 'no answer to keepalives';
	if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') return 'connection reset';
	return error.message;
}

class SshConnection implements SshTransport {
	readonly kind = 'ssh' as const;
	readonly label: string;
	private chain: ConnectedChain | null;
	private readonly cell: StateCell;
	private readonly running = new Set<RunningExec>();
	private readonly streams = new Set<SshStream>();
	private counts: TransportStats = {execs: 0, streams: 0};
	private closed = false;
	private generation = 0;
	private wakeReconnect: (() => void) | undefined;

	constructor(
		chain: ConnectedChain,
		readonly resolved: ResolvedSshHost,
		private readonly settings: ConnectSettings,
		private readonly backoff: BackoffOptions & {maxAttempts: number},
		readonly sudo: boolean,
		private readonly term: string,
	) {
		this.label = formatTarget(resolved.user, resolved.hostName, resolved.port);
		this.chain = chain;
		this.cell = new StateCell({kind: 'connected', since: Date.now()});
		this.watch(chain);
	}

	private watch(chain: ConnectedChain): void {
		let lastError: (Error & {level?: string}) | undefined;
		const generation = this.generation;
		const lost = (): void => {
			if (this.generation !== generation || this.closed) return;
			this.generation++;
			this.chain = null;
			for (const jump of chain.jumps) jump.end();
			chain.client.end();
			for (const exec of this.running) exec.interrupt('disconnected');
			this.running.clear();
			for (const stream of this.streams) stream.connectionLost();
			void this.reconnectLoop(lostReason(lastError));
		};
		chain.client.on('error', (error: Error & {level?: string}) => {
			lastError = error;
		});
		chain.client.on('close', lost);
		chain.client.on('end', lost);
		for (const jump of chain.jumps) {
			jump.on('error', (error: Error & {level?: string}) => {
				lastError = error;
			});
			jump.on('close', lost);
		}
	}

	private async reconnectLoop(reason: string): Promise<void> {
		for (let attempt = 1; !this.closed; attempt++) {
			if (attempt > this.backoff.maxAttempts) {
				return this.fail(`gave up after ${this.backoff.maxAttempts} attempts (${reason})`);
			}
			const delay = backoffDelay(attempt, this.backoff);
			this.cell.set({kind: 'reconnecting', attempt, retryAt: Date.now() + delay, reason});
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, delay);
				this.wakeReconnect = () => {
					clearTimeout(timer);
					resolve();
				};
			});
			this.wakeReconnect = undefined;
			if (this.closed) return;
			try {
				const chain = await connectChain(this.resolved, this.settings);
				if (this.closed) {
					chain.client.end();
					for (const jump of chain.jumps) jump.end();
					return;
				}
				this.chain = chain;
				this.watch(chain);
				this.cell.set({kind: 'connected', since: Date.now()});
				for (const stream of this.streams) stream.reopen(chain.client);
				return;
			} catch (error) {
				if (error instanceof TransportError && PERMANENT.has(error.code)) return this.fail(error.message);
				reason = error instanceof Error ? error.message.replace(/^cannot reach [^:]+:\d+: /, '') : String(error);
			}
		}
	}

	private fail(reason: string): void {
		this.cell.set({kind: 'failed', reason});
		for (const stream of this.streams) stream.finish({code: null, reason: `connection failed: ${reason}`});
	}

	private live(): ConnectedChain | null {
		return this.chain;
	}

	/** The live client, waiting for a reconnect (bounded) when the link is down. */
	private async client(waitMs: number, signal?: AbortSignal): Promise<SshClient | 'timeout' | 'aborted'> {
		if (this.closed) throw new TransportError('disconnected', `the connection to ${this.label} is closed`);
		if (this.chain) return this.chain.client;
		const state = await this.cell.waitFor((s) => s.kind === 'connected' || s.kind === 'failed', waitMs, signal);
		// Re-read through a call: the await above may have brought a new connection.
		const chain = this.live();
		if (chain) return chain.client;
		if (state.kind === 'failed')
			throw new TransportError('disconnected', `not connected to ${this.label}: ${state.reason}`);
		return signal?.aborted ? 'aborted' : 'timeout';
	}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		const startedAt = Date.now();
		const empty = (interrupted: NonNullable<ExecResult['interrupted']>): ExecResult => ({
			stdout: '',
			stderr: '',
			code: null,
			interrupted,
			durationMs: Date.now() - startedAt,
		});
		if (options.signal?.aborted) return empty('aborted');
		const client = await this.client(options.timeoutMs ?? 60_000, options.signal);
		if (client === 'timeout' || client === 'aborted') return empty(client);

		let channel;
		try {
			channel = await openExec(client, command);
		} catch (error) {
			if (!this.chain || this.chain.client !== client) return empty('disconnected');
			throw new TransportError('disconnected', `cannot open a channel on ${this.label}: ${(error as Error).message}`);
		}
		this.counts.execs++;
		const run = collectExec(channel, startedAt, options);
		this.running.add(run);
		const remaining =
			options.timeoutMs === undefined ? undefined : Math.max(1, options.timeoutMs - (Date.now() - startedAt));
		const timer = remaining === undefined ? undefined : setTimeout(() => run.interrupt('timeout'), remaining);
		const onAbort = (): void => run.interrupt('aborted');
		options.signal?.addEventListener('abort', onAbort, {once: true});
		try {
			return await run.result;
		} finally {
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			this.running.delete(run);
		}
	}

	stream(command: string, options: StreamOptions): StreamHandle {
		const stream = new SshStream(
			command,
			options,
			() => this.counts.streams++,
			() => this.streams.delete(stream),
		);
		this.streams.add(stream);
		const state = this.cell.get();
		if (state.kind === 'failed') stream.finish({code: null, reason: `connection failed: ${state.reason}`});
		else if (this.closed) stream.finish({code: null, reason: 'connection closed'});
		else if (this.chain) stream.reopen(this.chain.client);
		return stream;
	}

	async interactive(command: string, io: InteractiveIo): Promise<number | null> {
		const client = await this.client(30_000);
		if (typeof client === 'string')
			throw new TransportError('disconnected', `not connected to ${this.label} (still reconnecting)`);
		return runInteractive(client, command, io, this.term);
	}

	state(): ConnectionState {
		return this.cell.get();
	}

	onStateChange(listener: (state: ConnectionState) => void): () => void {
		return this.cell.subscribe(listener);
	}

	stats(): TransportStats {
		return {...this.counts};
	}

	usePrompter(prompter: Prompter): void {
		this.settings.hostKeys.prompter = prompter;
		this.settings.hostKeys.interactive = true;
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.wakeReconnect?.();
		for (const stream of this.streams) stream.stop();
		for (const exec of this.running) exec.interrupt('disconnected');
		const chain = this.chain;
		this.chain = null;
		if (chain) {
			// Wait for the server to close its side (our disconnect has then gone out), but no
			// more than a second for one that does not answer: then the socket is dropped.
			// Neither the timer nor the socket may outlive close(), or they would hold the
			// process open after its work is done.
			let timer: NodeJS.Timeout | undefined;
			const answered = await new Promise<boolean>((resolve) => {
				timer = setTimeout(() => resolve(false), 1000);
				chain.client.once('close', () => resolve(true));
				chain.client.end();
				for (const jump of [...chain.jumps].reverse()) jump.end();
			});
			clearTimeout(timer);
			if (!answered) chain.socket.destroy();
		}
		this.cell.set({kind: 'failed', reason: 'closed'});
	}
}

/** Connect to `target` (an ssh_config alias or user@host[:port]) the way ssh would. */
export async function connectSsh(target: string, options: SshOptions = {}): Promise<SshTransport> {
	const parsedTarget = parseTarget(target);
	if (!parsedTarget.ok) throw new TransportError('config', parsedTarget.error.message);
	const env = options.env ?? process.env;
	const home = env.HOME ?? homedir();
	const localUser = env.USER ?? userInfo().username;
	const config = {home, localUser, ...(options.sshConfigPath ? {configPath: options.sshConfigPath} : {})};
	const resolved = resolveSshHost(parsedTarget.value, config);
	if (!resolved.ok) throw new TransportError('config', resolved.error.message);
	if (resolved.value.ignored.includes('proxycommand')) {
		// Connecting directly would silently bypass the path the user configured.
		throw new TransportError(
			'config',
			`ssh_config sets ProxyCommand for '${parsedTarget.value.host}', which proxdeck does not run: use ProxyJump instead.`,
		);
	}

	const interactive = options.interactive ?? (process.stdin.isTTY === true && hasTerminal());
	const prompter = options.prompt ?? (interactive ? createTtyPrompter() : NO_PROMPTS);
	const host = resolved.value;
	const settings: ConnectSettings = {
		hostKeys: {
			...(options.knownHostsPath ? {userFile: options.knownHostsPath} : {}),
			globalFile: options.globalKnownHostsPath ?? '/etc/ssh/ssh_known_hosts',
			acceptNewHostKey: options.acceptNewHostKey ?? false,
			insecureAcceptAnyHostKey: options.insecureAcceptAnyHostKey ?? false,
			interactive,
			prompter,
			sessionKeys: new Map(),
		},
		...(env.SSH_AUTH_SOCK ? {agentSocket: env.SSH_AUTH_SOCK} : {}),
		...(options.identityFiles ? {identityFiles: options.identityFiles} : {}),
		keyCache: new Map<string, ParsedKey>(),
		keepaliveIntervalMs:
			options.keepaliveIntervalMs ?? (host.serverAliveIntervalSec ? host.serverAliveIntervalSec * 1000 : 15_000),
		keepaliveCountMax: options.keepaliveCountMax ?? host.serverAliveCountMax ?? 3,
		readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
		config,
		home,
	};
	const chain = await connectChain(host, settings);
	const backoff = {...DEFAULT_BACKOFF, maxAttempts: Number.POSITIVE_INFINITY, ...options.reconnect};
	return new SshConnection(chain, host, settings, backoff, options.sudo ?? false, env.TERM ?? 'xterm-256color');
}
