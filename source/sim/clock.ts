/**
 * The sim's time. Tests drive it (`advance`), the demo lets it follow the wall clock. All
 * motion (metrics, boots, logs) reads `now()`, and streams listen for `onTick` to deliver
 * the lines that became due.
 */

export interface SimClockOptions {
	/** Follow the wall clock (the demo) instead of waiting for advance() (tests). */
	realTime?: boolean;
	/** Start time for a driven clock (ms). */
	start?: number;
}

export class SimClock {
	readonly realTime: boolean;
	private current: number;
	private readonly listeners = new Set<(now: number) => void>();

	constructor(options: SimClockOptions = {}) {
		this.realTime = options.realTime ?? false;
		this.current = options.start ?? Date.now();
	}

	now(): number {
		return this.realTime ? Date.now() : this.current;
	}

	/** Move a driven clock forward; listeners see the new time. A real-time clock ignores it. */
	advance(ms: number): void {
		if (ms < 0) throw new Error('the sim clock only moves forward');
		if (!this.realTime) this.current += ms;
		this.tick();
	}

	/** Tell listeners the time moved (the transport calls this on a timer in real-time mode). */
	tick(): void {
		const now = this.now();
		for (const listener of [...this.listeners]) listener(now);
	}

	onTick(listener: (now: number) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Resolve once `ms` of sim time has passed: a timer in real-time mode, the driving
	 * advance() calls otherwise.
	 */
	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const onAbort = (): void => {
				cleanup();
				reject(signal?.reason ?? new Error('aborted'));
			};
			let cleanup = (): void => signal?.removeEventListener('abort', onAbort);
			if (this.realTime) {
				const timer = setTimeout(() => {
					cleanup();
					resolve();
				}, ms);
				const base = cleanup;
				cleanup = () => {
					clearTimeout(timer);
					base();
				};
			} else {
				const until = this.current + ms;
				const off = this.onTick((now) => {
					if (now >= until) {
						cleanup();
						resolve();
					}
				});
				const base = cleanup;
				cleanup = () => {
					off();
					base();
				};
			}
			signal?.addEventListener('abort', onAbort, {once: true});
		});
	}
}
