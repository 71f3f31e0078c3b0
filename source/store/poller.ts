/**
 * The refresh loop: one collect at a time (a slow refresh is never overlapped by the next,
 * and whoever else needs a snapshot gets the refresh in flight), the interval between
 * refreshes, and exponential backoff while they fail. It knows nothing about the store: it
 * reports through callbacks, so it is testable with fake timers.
 */
import type {Collector} from '../host/collector-types.js';
import type {Snapshot} from '../model/snapshot.js';

export interface PollerCallbacks {
	collect(signal: AbortSignal): Promise<Snapshot>;
	onStart(at: number): void;
	onSuccess(snapshot: Snapshot, at: number, durationMs: number, nextAt: number): void;
	onFailure(error: Error, failures: number, at: number, nextAt: number): void;
}

export interface PollerOptions {
	intervalMs: number;
	/** Longest wait between attempts while failing. */
	maxBackoffMs?: number;
	/**
	 * A refresh that takes longer than its deadline is aborted and counted as a failure. The
	 * deadline is this, or three times the last good refresh when that is longer (a minute for
	 * the first), doubled for every refresh in a row the deadline cut (up to five minutes).
	 */
	timeoutMs?: number;
	/**
	 * After a good refresh, wait for the next multiple of the interval on the clock (at least
	 * half an interval away) instead of a whole interval: pollers of a fleet then refresh
	 * together, and their results can share one frame.
	 */
	alignToInterval?: boolean;
	now?: () => number;
}

export interface Poller extends Collector {
	start(): void;
	stop(): void;
	/** Refresh now unless one is already running (then that one's result is the answer). */
	refreshNow(): void;
	/**
	 * A snapshot read now, for whoever needs one (a health check): the refresh in flight, or
	 * one started now in place of the next tick. Its result reaches the store like any other
	 * refresh, so the panes and the caller see the same data, from one batch.
	 */
	collect(): Promise<Snapshot>;
	readonly running: boolean;
	readonly inFlight: boolean;
}

/** The longest any refresh is waited for, however slow the host has proven. */
export const MAX_REFRESH_DEADLINE_MS = 5 * 60_000;

/**
 * The first refresh reads every guest config and looks for the Docker hosts: it is the longest
 * one, and until it ends the console has nothing to show. It gets at least this long.
 */
export const FIRST_REFRESH_DEADLINE_MS = 60_000;

/**
 * How long the next refresh may take. A big host's refresh can outlast a deadline made for a
 * small one; cutting it there again and again would leave the console with no data for ever.
 * So the deadline follows the host: a minute for the first refresh, then three times the last
 * good one (never less than `baseMs`), and doubled after each refresh in a row that it cut.
 */
export function refreshDeadline(baseMs: number, lastGoodMs: number | null, timedOutInARow: number): number {
	const learned = lastGoodMs === null ? Math.max(baseMs, FIRST_REFRESH_DEADLINE_MS) : Math.max(baseMs, 3 * lastGoodMs);
	return Math.min(MAX_REFRESH_DEADLINE_MS, learned * 2 ** Math.min(timedOutInARow, 10));
}

/** From `at` to the next multiple of the interval on the clock that is at least half an interval away. */
export function alignedDelay(at: number, intervalMs: number): number {
	const delay = intervalMs - (at % intervalMs);
	return delay < intervalMs / 2 ? delay + intervalMs : delay;
}

/** Wait before the next attempt after `failures` consecutive failures. */
export function backoffDelay(intervalMs: number, failures: number, maxBackoffMs: number): number {
	if (failures <= 0) return intervalMs;
	return Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures, 10));
}

export function createPoller(callbacks: PollerCallbacks, options: PollerOptions): Poller {
	const now = options.now ?? Date.now;
	const maxBackoffMs = options.maxBackoffMs ?? 30_000;
	const baseTimeoutMs = options.timeoutMs ?? Math.max(15_000, options.intervalMs * 5);
	let lastGoodMs: number | null = null;
	let timedOutInARow = 0;
	let running = false;
	let current: Promise<Snapshot> | null = null;
	let failures = 0;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let abort: AbortController | null = null;

	const schedule = (delay: number): void => {
		if (timer) clearTimeout(timer);
		timer = running ? setTimeout(tick, delay) : null;
	};

	/** One refresh, reported through the callbacks; the next is scheduled from its outcome. */
	async function refresh(): Promise<Snapshot> {
		const started = now();
		// A poller that is not running (a console not started yet) reads, but reports nothing.
		if (running) callbacks.onStart(started);
		const controller = new AbortController();
		abort = controller;
		const timeoutMs = refreshDeadline(baseTimeoutMs, lastGoodMs, timedOutInARow);
		let timedOut = false;
		const deadline = setTimeout(() => {
			timedOut = true;
			controller.abort(new Error(`refresh took longer than ${timeoutMs} ms`));
		}, timeoutMs);
		try {
			const snapshot = await callbacks.collect(controller.signal);
			if (controller.signal.aborted)
				throw controller.signal.reason instanceof Error ? controller.signal.reason : new Error('refresh aborted');
			failures = 0;
			timedOutInARow = 0;
			const at = now();
			lastGoodMs = at - started;
			const delay = options.alignToInterval ? alignedDelay(at, options.intervalMs) : options.intervalMs;
			if (running) callbacks.onSuccess(snapshot, at, at - started, at + delay);
			schedule(delay);
			return snapshot;
		} catch (caught) {
			const error = caught instanceof Error ? caught : new Error(String(caught));
			failures++;
			timedOutInARow = timedOut ? timedOutInARow + 1 : 0;
			const at = now();
			const delay = backoffDelay(options.intervalMs, failures, maxBackoffMs);
			if (running) callbacks.onFailure(error, failures, at, at + delay);
			schedule(delay);
			throw error;
		} finally {
			clearTimeout(deadline);
			abort = null;
		}
	}

	/** The refresh in flight, or a new one now (never two at once). */
	function collect(): Promise<Snapshot> {
		if (current) return current;
		if (timer) clearTimeout(timer);
		timer = null;
		const mine = refresh().finally(() => {
			if (current === mine) current = null;
		});
		current = mine;
		return mine;
	}

	function tick(): void {
		timer = null;
		// A failed tick was reported through onFailure; nobody else waits for it.
		if (running && !current) collect().catch(() => {});
	}

	return {
		start() {
			if (running) return;
			running = true;
			schedule(0);
		},
		stop() {
			running = false;
			if (timer) clearTimeout(timer);
			timer = null;
			abort?.abort(new Error('poller stopped'));
		},
		refreshNow() {
			if (!running || current) return;
			schedule(0);
		},
		collect,
		get running() {
			return running;
		},
		get inFlight() {
			return current !== null;
		},
	};
}
