/**
 * Small pieces the benchmarks share: statistics, a fake terminal for in-process renders,
 * /proc readers for CPU time and memory, and waiting helpers.
 */
import {EventEmitter} from 'node:events';
import {readFileSync} from 'node:fs';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values: readonly number[]): number {
	return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of the values. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function round(value: number, digits = 1): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/** A figure's samples: the median, with the noise (min–max) the README prints beside it. */
export interface Timing {
	medianMs: number;
	minMs: number;
	maxMs: number;
	runsMs: number[];
}

export function timing(samples: readonly number[], digits = 0): Timing {
	return {
		medianMs: round(median(samples), digits),
		minMs: round(Math.min(...samples), digits),
		maxMs: round(Math.max(...samples), digits),
		runsMs: samples.map((s) => round(s, digits)),
	};
}

/** A terminal stand-in: Ink sees a TTY of this size; every write is timestamped. */
export class FakeTty extends EventEmitter {
	isTTY = true;
	writes: {at: number; text: string}[] = [];
	onWrite: ((text: string, at: number) => void) | null = null;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
		const at = performance.now();
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		this.onWrite?.(text, at);
		const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
		callback?.();
		return true;
	};
}

/** Keyboard stand-in: what Ink's useInput reads. */
export class FakeKeyboard extends EventEmitter {
	isTTY = true;
	private pending: string[] = [];
	type(data: string): void {
		this.pending.push(data);
		this.emit('readable');
		this.emit('data', data);
	}
	read = (): string | null => this.pending.shift() ?? null;
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

const CLOCK_TICKS = 100; // _SC_CLK_TCK on Linux

/** utime + stime of a process, in seconds. */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** A field of /proc/<pid>/status in MB (VmHWM: peak RSS, VmRSS: current). */
export function statusMb(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
	return match ? Number(match[1]) / 1024 : Number.NaN;
}

export async function waitUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(10);
	}
}

/** Strip ANSI escapes so frames can be searched as text. */
export function plain(text: string): string {
	return text.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\u001B[()][0-9A-Za-z]/g, '');
}
