/**
 * SimTransport: the Transport interface over the simulated homelab, in process. exec() runs
 * scripts through the interpreter (with the latency and dropped-connection faults), stream()
 * follows journals and container logs as the sim clock moves (wall-clock timers in the demo,
 * clock.advance() in tests).
 */
import {SimClock} from './clock.js';
import {markChanged} from './changes.js';
import type {SimTiming} from './command-time.js';
import type {SimContext} from './cmd-util.js';
import {faultControl, type FaultControl, type SimResult} from './faults.js';
import {runScript} from './interpreter.js';
import {liveStatus, findGuest} from './mutate.js';
import {createHomelab} from './state.js';
import {StateFileError, type SharedStateFile} from './state-file.js';
import {firstLines, nextLines, planStream} from './stream-plan.js';
import type {SimState} from './types.js';
import {shellSplit} from '../host/quote.js';
import {ExecOutput} from '../transport/output-cap.js';
import {capLine} from '../transport/lines.js';
import {
	TransportError,
	type ConnectionState,
	type ExecOptions,
	type ExecResult,
	type StreamHandle,
	type StreamOptions,
	type Transport,
	type TransportStats,
} from '../transport/types.js';

export interface SimTransportOptions {
	state?: SimState;
	/** A homelab other processes share (the demo's): every exec runs on its newest state and saves what it changes. */
	shared?: SharedStateFile;
	clock?: SimClock;
	/** Follow the wall clock (the demo). Ignored when a clock is given. */
	realTime?: boolean;
	/** Log lines per second per stream (a benchmark sets thousands). */
	rate?: number;
	label?: string;
	/** The node the connection lands on (default: the homelab's own `localNode`). */
	node?: string;
	/**
	 * Which command times a real-time sim waits for (command-time.ts; none when unset): the
	 * Docker daemon's sampling alone, or every command's time on a typical node (`host`, the
	 * Docker stats benchmark). Scaled by `timeScale` (a benchmark that would otherwise wait minutes).
	 */
	timing?: SimTiming;
	timeScale?: number;
}

export interface SimHandle {
	readonly state: SimState;
	readonly clock: SimClock;
	readonly faults: FaultControl;
}

type StreamEnd = {code: number | null; reason?: string};

const TICK_MS = 100;

export class SimTransport implements Transport {
	readonly kind = 'sim' as const;
	readonly label: string;
	readonly sim: SimHandle;
	private connection: ConnectionState;
	private readonly listeners = new Set<(state: ConnectionState) => void>();
	private readonly counters: TransportStats = {execs: 0, streams: 0};
	private readonly streams = new Set<(end: StreamEnd) => void>();
	private ticker: ReturnType<typeof setInterval> | null = null;
	private recoverTimer: ReturnType<typeof setTimeout> | null = null;
	private closed = false;
	private ownState: SimState;
	/** The node this connection lands on. */
	readonly node: string;

	constructor(
		state: SimState,
		clock: SimClock,
		label = 'demo',
		private readonly shared?: SharedStateFile,
		node?: string,
		private readonly timing: {model?: SimTiming; scale: number} = {scale: 1},
	) {
		this.label = label;
		this.node = node ?? state.localNode;
		this.ownState = state;
		const current = (): SimState => this.shared?.current ?? this.ownState;
		const faults = faultControl(
			current,
			() => clock.now(),
			() => {
				markChanged(current());
				this.checkConnection();
			},
		);
		this.sim = {
			get state() {
				return current();
			},
			clock,
			faults,
		};
		this.connection = {kind: 'connected', since: clock.now()};
		clock.onTick(() => this.checkConnection());
	}

	state(): ConnectionState {
		return this.connection;
	}

	onStateChange(listener: (state: ConnectionState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	stats(): TransportStats {
		return {...this.counters};
	}

	private setConnection(next: ConnectionState): void {
		this.connection = next;
		for (const listener of [...this.listeners]) listener(next);
	}

	/** Apply the dropped-connection fault: reconnecting until its time, then connected again. */
	private checkConnection(): void {
		if (this.closed) return;
		const drop = this.sim.state.faults.dropConnection;
		const now = this.sim.clock.now();
		if (drop && now < drop.until) {
			if (this.connection.kind !== 'reconnecting') {
				this.setConnection({kind: 'reconnecting', attempt: 1, retryAt: drop.until, reason: 'connection reset by peer'});
				for (const end of [...this.streams]) end({code: null, reason: 'disconnected'});
				if (this.sim.clock.realTime) {
					this.recoverTimer = setTimeout(() => this.checkConnection(), drop.until - now + 5);
					this.recoverTimer.unref?.();
				}
			}
			return;
		}
		if (drop) {
			delete this.sim.state.faults.dropConnection;
			markChanged(this.sim.state);
		}
		if (this.connection.kind === 'reconnecting') this.setConnection({kind: 'connected', since: now});
	}

	async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
		if (this.closed) throw new TransportError('disconnected', 'the simulated connection is closed');
		this.checkConnection();
		if (this.connection.kind === 'reconnecting')
			throw new TransportError('disconnected', 'connection to the simulated host lost; reconnecting');
		this.counters.execs += 1;
		const started = performance.now();
		const interrupted = (why: 'timeout' | 'aborted'): ExecResult => ({
			stdout: '',
			stderr: '',
			code: null,
			interrupted: why,
			durationMs: performance.now() - started,
		});
		if (options.signal?.aborted) return interrupted('aborted');
		const latency = this.sim.state.faults.latencyMs ?? 0;
		if (latency > 0) {
			const limit = options.timeoutMs ?? Number.POSITIVE_INFINITY;
			const outcome = await wait(Math.min(latency, limit), options.signal);
			if (outcome === 'aborted') return interrupted('aborted');
			if (latency >= limit) return interrupted('timeout');
		}
		const result = this.run(command);
		// A real host takes this long to answer (the sim's own work counts towards it).
		const modelled = (result.elapsedMs ?? 0) * this.timing.scale - (performance.now() - started);
		if (modelled > 0) {
			const limit = options.timeoutMs ?? Number.POSITIVE_INFINITY;
			const outcome = await wait(Math.min(modelled, limit), options.signal);
			if (outcome === 'aborted') return interrupted('aborted');
			if (modelled >= limit) return interrupted('timeout');
		}
		// The same caps (or the caller's sink) as a real host's output goes through.
		const output = new ExecOutput(options);
		if (result.stdout !== '') output.stdout(Buffer.from(result.stdout));
		if (result.stderr !== '') output.stderr(Buffer.from(result.stderr));
		return {...output.result(), code: result.code, durationMs: performance.now() - started};
	}

	/**
	 * One script on the homelab. A shared one (the demo's) runs under its file's lock, on its
	 * newest state, and is saved when the script changed something.
	 */
	private run(command: string): SimResult {
		const timing = this.timing.model;
		if (!this.shared) return runScript(this.ownState, this.sim.clock, command, this.node, timing);
		try {
			return this.shared.update((state) => runScript(state, this.sim.clock, command, this.node, timing), {
				tracked: true,
			});
		} catch (error) {
			if (error instanceof StateFileError)
				throw new TransportError(
					'unreachable',
					`the demo's saved homelab ${error.file} ${error.why}; \`proxdeck demo reset\` starts a fresh one`,
				);
			throw error;
		}
	}

	stream(command: string, options: StreamOptions): StreamHandle {
		this.counters.streams += 1;
		let resolveDone!: (end: StreamEnd) => void;
		const done = new Promise<StreamEnd>((resolve) => (resolveDone = resolve));
		let finished = false;
		let unsubscribe = (): void => {};
		const finish = (end: StreamEnd): void => {
			if (finished) return;
			finished = true;
			unsubscribe();
			this.streams.delete(finish);
			this.updateTicker();
			options.onEnd?.(end);
			resolveDone(end);
		};
		const emit = (text: string, stream: 'stdout' | 'stderr'): void => {
			if (text === '') return;
			for (const line of text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined))
				if (!finished) options.onLine(capLine(line), stream);
		};
		this.streams.add(finish);
		options.signal?.addEventListener('abort', () => finish({code: null, reason: 'aborted'}), {once: true});
		queueMicrotask(() => {
			if (finished) return;
			if (this.closed || this.connection.kind === 'reconnecting') return finish({code: null, reason: 'disconnected'});
			const ctx: SimContext = {state: this.sim.state, now: this.sim.clock.now(), node: this.node};
			let argv: string[];
			try {
				argv = shellSplit(command);
			} catch {
				argv = [];
			}
			const plan = planStream(ctx, argv);
			if (plan.kind !== 'follow') {
				let result: SimResult;
				try {
					result = plan.kind === 'error' ? plan.result : this.run(command);
				} catch (error) {
					return finish({code: null, reason: (error as Error).message});
				}
				emit(result.stdout, 'stdout');
				emit(result.stderr, 'stderr');
				return finish({code: result.code});
			}
			const first = firstLines(ctx, plan);
			let cursor = first.cursor;
			for (const line of first.lines) options.onLine(capLine(plan.format(line)), line.stderr ? 'stderr' : 'stdout');
			unsubscribe = this.sim.clock.onTick((now) => {
				if (finished) return;
				if (plan.vmid !== undefined) {
					const guest = findGuest(this.sim.state, plan.vmid);
					if (!guest || liveStatus(guest, now) !== 'running')
						return finish({code: 255, reason: `CT ${plan.vmid} stopped`});
				}
				const next = nextLines({state: this.sim.state, now, node: plan.node ?? this.node}, plan, cursor);
				cursor = next.cursor;
				for (const line of next.lines) {
					if (finished) break;
					options.onLine(capLine(plan.format(line)), line.stderr ? 'stderr' : 'stdout');
				}
			});
			this.updateTicker();
		});
		return {stop: () => finish({code: null, reason: 'stopped'}), done};
	}

	/** In real-time mode, move the clock's listeners along while streams are open. */
	private updateTicker(): void {
		if (!this.sim.clock.realTime) return;
		if (this.streams.size > 0 && !this.ticker) {
			this.ticker = setInterval(() => this.sim.clock.tick(), TICK_MS);
			this.ticker.unref?.();
		} else if (this.streams.size === 0 && this.ticker) {
			clearInterval(this.ticker);
			this.ticker = null;
		}
	}

	async close(): Promise<void> {
		for (const end of [...this.streams]) end({code: null, reason: 'closed'});
		this.closed = true;
		if (this.ticker) clearInterval(this.ticker);
		if (this.recoverTimer) clearTimeout(this.recoverTimer);
		this.ticker = null;
		this.setConnection({kind: 'failed', reason: 'closed'});
	}
}

function wait(ms: number, signal?: AbortSignal): Promise<'done' | 'aborted'> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve('aborted');
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve('done');
		}, ms);
		const onAbort = (): void => {
			clearTimeout(timer);
			resolve('aborted');
		};
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

export function createSimTransport(options: SimTransportOptions = {}): SimTransport {
	const clock = options.clock ?? new SimClock({realTime: options.realTime ?? false, start: options.state?.createdAt});
	const state = options.shared?.read() ?? options.state ?? createHomelab({now: clock.now()});
	if (options.rate !== undefined) {
		state.logRate = options.rate;
		markChanged(state);
	}
	// Only a sim that follows the wall clock waits; a test's stepped clock never does.
	const model = clock.realTime ? options.timing : undefined;
	return new SimTransport(state, clock, options.label, options.shared, options.node, {
		...(model ? {model} : {}),
		scale: options.timeScale ?? 1,
	});
}
