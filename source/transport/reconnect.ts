/**
 * Reconnect timing and connection-state bookkeeping, free of ssh2 so they can be tested alone.
 * Backoff is capped exponential with "equal jitter": attempt n waits between half and all of
 * min(max, base * 2^(n-1)), so many proxdeck panes that lost the same host do not all knock
 * at once, and the wait never collapses to zero.
 */
import type {ConnectionState} from './types.js';

export interface BackoffOptions {
	baseMs: number;
	maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {baseMs: 1000, maxMs: 30_000};

/** Delay before reconnect attempt `attempt` (1-based). `random` returns [0, 1). */
export function backoffDelay(
	attempt: number,
	options: BackoffOptions = DEFAULT_BACKOFF,
	random: () => number = Math.random,
): number {
	const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
	const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Holds the current ConnectionState and tells listeners about every change. */
export class StateCell {
	private current: ConnectionState;
	private readonly listeners = new Set<(state: ConnectionState) => void>();

	constructor(initial: ConnectionState) {
		this.current = initial;
	}

	get(): ConnectionState {
		return this.current;
	}

	set(next: ConnectionState): void {
		this.current = next;
		for (const listener of [...this.listeners]) {
			try {
				listener(next);
			} catch {
				// A broken listener (a UI bug) must not take the connection down with it.
			}
		}
	}

	subscribe(listener: (state: ConnectionState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Resolves when the state satisfies `test`, or with the last state after `timeoutMs`. */
	waitFor(
		test: (state: ConnectionState) => boolean,
		timeoutMs: number,
		signal?: AbortSignal,
	): Promise<ConnectionState> {
		if (test(this.current)) return Promise.resolve(this.current);
		return new Promise((resolve) => {
			const finish = (): void => {
				clearTimeout(timer);
				unsubscribe();
				signal?.removeEventListener('abort', finish);
				resolve(this.current);
			};
			const timer = setTimeout(finish, timeoutMs);
			const unsubscribe = this.subscribe((state) => {
				if (test(state)) finish();
			});
			signal?.addEventListener('abort', finish, {once: true});
		});
	}
}

/** "connected", "reconnecting in 4 s (attempt 3: connection refused)", "failed: ...". */
export function describeState(state: ConnectionState, now = Date.now()): string {
	switch (state.kind) {
		case 'connecting':
			return 'connecting';
		case 'connected':
			return 'connected';
		case 'reconnecting': {
			const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
			return `reconnecting in ${seconds} s (attempt ${state.attempt}: ${state.reason})`;
		}
		case 'failed':
			return `failed: ${state.reason}`;
	}
}
